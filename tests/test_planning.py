"""The planner's map: sector groups, selection totals, comparison, targeting (hand-computed)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from geo._errors import InputValidationError
from geo.export.tables import unit_table_for_export
from geo.indicators.compute import compute_indicators, summarise
from geo.indicators.filters import Filters
from geo.indicators.prepared import prepare
from geo.indicators.sums import filter_mask
from geo.vocab import SECTOR_GROUP, SECTOR_GROUPS, SECTORS, sectors_in_groups

NA = pd.NA
NAN = float("nan")

# ---------------------------------------------------------------------------- fixture
#
# Three units:
#   unit     population  area km2
#   CO-NAR   100,000     30,000   (Nariño)
#   CO-CAU   200,000     30,000   (Cauca)
#   PE-PUN    50,000     70,000   (Puno)
#
# Six organizations ("-" = unknown):
#   id  unit  type                  sector          members women youth  programmes
#   a1  NAR   cooperative           coffee            100     60    10   My.Coop
#   a2  NAR   producer_association  dairy              50     10     -   -
#   a3  CAU   cooperative           cocoa             300     60    30   Start.Coop
#   a4  CAU   cooperative           savings_credit     20      -     5   -
#   a5  PUN   cooperative           alpaca_fibre       80     40     8   Start.Coop, Think.Coop
#   a6  PUN   producer_association  quinoa             40     20     -   -
#
# "quinoa" is a sector key found only in the data: its group is "other".

ISO = ["CO-NAR", "CO-CAU", "PE-PUN"]

ROWS = [
    ("a1", "CO-NAR", "cooperative", "coffee", 100, 60, 10),
    ("a2", "CO-NAR", "producer_association", "dairy", 50, 10, NA),
    ("a3", "CO-CAU", "cooperative", "cocoa", 300, 60, 30),
    ("a4", "CO-CAU", "cooperative", "savings_credit", 20, NA, 5),
    ("a5", "PE-PUN", "cooperative", "alpaca_fibre", 80, 40, 8),
    ("a6", "PE-PUN", "producer_association", "quinoa", 40, 20, NA),
]


def organizations() -> pd.DataFrame:
    frame = pd.DataFrame(
        ROWS,
        columns=[
            "org_id",
            "iso_3166_2",
            "org_type",
            "sector",
            "members_total",
            "members_women",
            "members_youth",
        ],
    )
    frame["country"] = frame["iso_3166_2"].str[:2]
    for c in ("members_total", "members_women", "members_youth"):
        frame[c] = frame[c].astype("Int64")
    frame["year_founded"] = pd.array([2000] * len(frame), dtype="Int64")
    frame["federations"] = ""
    frame["social_services"] = ""
    return frame


def programmes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["a1", "a3", "a5", "a5"],
            "programme": ["My.Coop", "Start.Coop", "Start.Coop", "Think.Coop"],
        }
    )


@pytest.fixture(scope="module")
def prepared():
    units = pd.DataFrame(
        {
            "iso_3166_2": ISO,
            "country": ["CO", "CO", "PE"],
            "name": ["Nariño", "Cauca", "Puno"],
            "area_km2": [30_000.0, 30_000.0, 70_000.0],
        }
    )
    population = pd.DataFrame({"iso_3166_2": ISO, "population": [100_000, 200_000, 50_000]})
    return prepare(organizations(), programmes(), units=units, population=population)


def matched(prepared, filters: Filters) -> list[str]:
    return sorted(prepared.org_id[filter_mask(prepared, filters)])


# ---------------------------------------------------------------------------- sector groups


def test_every_sector_is_in_exactly_one_group() -> None:
    assert set(SECTOR_GROUP) == set(SECTORS)
    assert set(SECTOR_GROUP.values()) == set(SECTOR_GROUPS)
    assert sectors_in_groups(("agriculture",)) == (
        "coffee",
        "cocoa",
        "bananas",
        "vegetables",
        "fruit",
    )
    assert sectors_in_groups(("livestock",)) == ("dairy", "alpaca_fibre", "livestock")
    assert sectors_in_groups(("finance", "fishing")) == ("fishing", "savings_credit")


def test_a_group_filter_selects_exactly_its_sectors(prepared) -> None:
    assert matched(prepared, Filters(sector_groups=("agriculture",))) == ["a1", "a3"]
    assert matched(prepared, Filters(sector_groups=("livestock",))) == ["a2", "a5"]
    assert matched(prepared, Filters(sector_groups=("other",))) == ["a6"]  # quinoa: data only
    assert matched(prepared, Filters(sector_groups=("fishing",))) == []
    hand_listed = ("coffee", "cocoa", "bananas", "vegetables", "fruit")
    np.testing.assert_array_equal(
        filter_mask(prepared, Filters(sector_groups=("agriculture",))),
        filter_mask(prepared, Filters(sectors=hand_listed)),
    )


def test_groups_and_sectors_combine_as_a_union(prepared) -> None:
    both = Filters(sectors=("savings_credit",), sector_groups=("livestock",))
    assert matched(prepared, both) == ["a2", "a4", "a5"]
    # still AND with the other fields
    assert matched(prepared, Filters(sectors=("savings_credit",), sector_groups=("livestock",),
                                     org_types=("cooperative",))) == ["a4", "a5"]  # fmt: skip


def test_sector_group_filter_validates_and_round_trips() -> None:
    f = Filters(sector_groups=("Livestock", "agriculture", "livestock"))
    assert f.sector_groups == ("agriculture", "livestock")
    assert f.to_query() == {"sector_groups": "agriculture|livestock"}
    assert Filters.from_query(f.to_query()) == (f, [])
    with pytest.raises(InputValidationError, match="'farming' is not one of"):
        Filters(sector_groups=("farming",))
    back, notices = Filters.from_query({"sector_groups": "farming|crafts"})
    assert back == Filters(sector_groups=("crafts",))
    assert notices == [
        "sector_groups: 'farming' dropped (expected one of "
        "['agriculture', 'livestock', 'fishing', 'crafts', 'finance', 'services', 'other'])"
    ]
    assert f.describe() == "sector groups: Agriculture, Livestock"
    assert f.describe(lang="es") == "grupos de sectores: Agricultura, Ganadería"


def test_group_columns_in_the_unit_table_summary_and_export(prepared) -> None:
    table = compute_indicators(prepared)
    expected = {
        "orgs_group_agriculture": [1, 1, 0],  # a1 | a3
        "orgs_group_livestock": [1, 0, 1],  # a2 | a5
        "orgs_group_finance": [0, 1, 0],  # a4
        "orgs_group_other": [0, 0, 1],  # a6 (quinoa)
        "orgs_group_fishing": [0, 0, 0],
        "orgs_group_crafts": [0, 0, 0],
        "orgs_group_services": [0, 0, 0],
    }
    for column, values in expected.items():
        assert table[column].tolist() == values, column
    total = summarise(table, prepared, by="all")
    assert total["orgs_group_livestock"].tolist() == [2]
    export = unit_table_for_export(table, table="sectors", labels=False)
    assert [c for c in export.columns if c.startswith("orgs_group_")] == [
        f"orgs_group_{g}" for g in SECTOR_GROUPS
    ]
    labelled = unit_table_for_export(table, table="sectors", lang="es")
    assert "Organizaciones del grupo de sectores: Ganadería (organizaciones)" in labelled.columns


# ---------------------------------------------------------------------------- targeting
#
# Per unit (no filter):       NAR          CAU              PUN
#   orgs / population         2 / 100k     2 / 200k         2 / 50k
#   orgs per 100k             2            1                4
#   members (all known)       150          320              120
#   members per 100k          150          160              240
#   associations / orgs       1/2          0/2              1/2
#   youth / base              10/100       (30+5)/(300+20)  8/80
#   reached by any programme  1 (a1)       1 (a3)           1 (a5)
#   reached by Start.Coop     0            1 (a3)           1 (a5)
#   reached by My.Coop        1 (a1)       0                0

LN = np.log


def test_coverage_gap_for_one_programme(prepared) -> None:
    any_programme = compute_indicators(prepared)
    start = compute_indicators(prepared, coverage_programme="start_coop")
    my_coop = compute_indicators(prepared, coverage_programme="My.Coop")  # a name works too
    assert any_programme["priority_coverage_gap"].tolist() == [0.5, 0.5, 0.5]
    assert start["priority_coverage_gap"].tolist() == [1.0, 0.5, 0.5]  # 1 - 0/2, 1 - 1/2 ...
    assert my_coop["priority_coverage_gap"].tolist() == [0.5, 1.0, 1.0]
    only_gap = {"organizations": 0, "members": 0, "association_share": 0, "youth_share": 0,
                "coverage_gap": 1}  # fmt: skip
    scored = compute_indicators(prepared, weights=only_gap, coverage_programme="start_coop")
    assert scored["priority_score"].tolist() == [100.0, 50.0, 50.0]
    assert scored["priority_rank"].tolist() == [1, 2, 3]  # tie CAU / PUN by ISO code
    for bad in ("other", "Grow.Coop", 3):
        with pytest.raises(InputValidationError, match="my_coop', 'think_coop', 'start_coop"):
            compute_indicators(prepared, coverage_programme=bad)  # type: ignore[arg-type]


def test_count_components_per_population(prepared) -> None:
    counts = compute_indicators(prepared)
    rates = compute_indicators(prepared, per_population=True)
    np.testing.assert_allclose(counts["priority_organizations"], [1.0, 1.0, 1.0])
    np.testing.assert_allclose(
        counts["priority_members"], [LN(151) / LN(321), 1.0, LN(121) / LN(321)]
    )
    np.testing.assert_allclose(rates["priority_organizations"], [LN(3) / LN(5), LN(2) / LN(5), 1])
    np.testing.assert_allclose(
        rates["priority_members"], [LN(151) / LN(241), LN(161) / LN(241), 1.0]
    )
    # the shares do not change
    for c in ("association_share", "youth_share", "coverage_gap"):
        assert rates[f"priority_{c}"].tolist() == counts[f"priority_{c}"].tolist()
    assert rates["priority_rank"].tolist() != counts["priority_rank"].tolist()  # Puno gains


def test_per_population_without_population_leaves_the_count_components_missing() -> None:
    from geo.indicators.priority import score_priority

    row = {"orgs": 2, "orgs_producer_association": 1, "orgs_pre_cooperative": 0,
           "members_total": 50, "members_known_orgs": 2, "youth_share": 0.2,
           "reached_any": 1}  # fmt: skip
    table = pd.DataFrame(
        [
            {"unit_id": "CO-NAR", **row, "population": 100_000},
            {"unit_id": "CO-CAU", **row, "population": NA},
        ]
    )
    out = score_priority(table, per_population=True)
    assert out["priority_missing"].tolist() == ["", "organizations|members"]
    assert np.isnan(out["priority_organizations"].iloc[1])
    assert out["priority_score"].notna().all()
    with pytest.raises(InputValidationError, match=r"lacks columns \['population'\]"):
        score_priority(table.drop(columns="population"), per_population=True)


def test_default_options_give_todays_index(prepared) -> None:
    explicit = compute_indicators(prepared, coverage_programme=None, per_population=False)
    pd.testing.assert_frame_equal(compute_indicators(prepared), explicit)


def test_contributions_are_the_points_and_sum_to_the_score(prepared) -> None:
    from geo.indicators.contributions import component_spread, contributions

    table = compute_indicators(prepared, coverage_programme="start_coop")
    parts = contributions(table, None, top=10)  # default weights 2, 1, 2, 1, 4 (sum 10)
    assert parts["unit_id"].unique().tolist() == ["CO-NAR", "PE-PUN", "CO-CAU"]
    nar = parts[parts["unit_id"] == "CO-NAR"].set_index("component")["points"]
    members = LN(151) / LN(321)  # 0.869329
    expected = {"organizations": 20.0, "members": 10 * members, "association_share": 10.0,
                "youth_share": 1.0, "coverage_gap": 40.0}  # fmt: skip
    np.testing.assert_allclose(nar[list(expected)], list(expected.values()))
    sums = parts.groupby("unit_id")["points"].sum()
    scores = table.set_index("unit_id")["priority_score"]
    np.testing.assert_allclose(sums.sort_index(), scores[sums.index].sort_index())
    assert parts["rank"].unique().tolist() == [1, 2, 3]
    assert len(contributions(table, top=2)) == 2 * 5
    spread = component_spread(parts)
    assert spread["component"].tolist() == [
        "coverage_gap",  # 40, 20, 20
        "association_share",  # 10, 10, 0
        "members",  # 8.69, 8.31, 10
        "youth_share",  # 1, 1, 1.09
        "organizations",  # 20 for all: it separates nobody
    ]
    assert spread["spread"].tolist()[:2] == pytest.approx([20.0, 10.0])


def test_contributions_follow_new_weights_and_spread_missing_ones() -> None:
    from geo.indicators.contributions import contributions
    from geo.indicators.priority import score_priority

    rows = [
        {"unit_id": "CO-NAR", "orgs": 4, "orgs_producer_association": 2,
         "orgs_pre_cooperative": 0, "members_total": 100, "members_known_orgs": 4,
         "youth_share": NAN, "reached_any": 1},
        {"unit_id": "CO-CAU", "orgs": 1, "orgs_producer_association": 0,
         "orgs_pre_cooperative": 0, "members_total": 0, "members_known_orgs": 0,
         "youth_share": 0.5, "reached_any": 0},
    ]  # fmt: skip
    weights = {"organizations": 1, "members": 1, "association_share": 1, "youth_share": 1,
               "coverage_gap": 1}  # fmt: skip
    table = pd.concat([pd.DataFrame(rows), score_priority(pd.DataFrame(rows))], axis=1)
    parts = contributions(table, weights)
    # CO-NAR: youth missing, so 4 weights of 1: organizations 1, members 1, assoc 0.5, gap 0.75
    nar = parts[parts["unit_id"] == "CO-NAR"]
    np.testing.assert_allclose(nar["points"].fillna(-1), [25.0, 25.0, 12.5, -1, 18.75])
    assert nar["score"].iloc[0] == pytest.approx(81.25)
    rescored = score_priority(pd.DataFrame(rows), weights)
    assert nar["score"].iloc[0] == pytest.approx(rescored["priority_score"].iloc[0])
    with pytest.raises(InputValidationError, match="top must be a whole number"):
        contributions(table, weights, top=0)
    with pytest.raises(InputValidationError, match="compute the priority index first"):
        contributions(pd.DataFrame(rows), weights)


# ---------------------------------------------------------------------------- selection totals
#
# Nariño + Cauca, no filter (a1-a4):
#   organizations 4; cooperatives a1, a3, a4 = 3; associations a2 = 1
#   members 100 + 50 + 300 + 20 = 470, median of 20, 50, 100, 300 = 75
#   women: Nariño 60 + 10 = 70 of 150; Cauca 60 of 300 (a4 has no women count)
#     pooled 130 / 450 = 0.2889;  mean of the unit shares (0.4667 + 0.2) / 2 = 0.3333
#   youth: Nariño 10 of 100 (a2 unknown); Cauca 30 + 5 of 320 -> 45 / 420
#   reached: a1 (My.Coop), a3 (Start.Coop) -> 2 of 4; population 300,000


def test_selection_totals_pool_the_shares(prepared) -> None:
    from geo.indicators.selection import selection_totals

    totals = selection_totals(prepared, None, ["co-nar", "CO-CAU"])
    assert totals["level"].tolist() == ["selection", "filtered"]
    sel = totals.iloc[0]
    assert sel["units"] == "CO-NAR|CO-CAU"
    assert (sel["units_selected"], sel["units_in_scope"]) == (2, 2)
    assert (sel["orgs"], sel["cooperatives"], sel["orgs_producer_association"]) == (4, 3, 1)
    assert (sel["coop_share"], sel["association_share"]) == (0.75, 0.25)
    assert (sel["members_total"], sel["median_members"]) == (470, 75.0)
    assert (sel["members_women"], sel["members_women_base"]) == (130, 450)
    assert sel["women_share"] == pytest.approx(130 / 450)  # 0.2889
    mean_of_unit_shares = (70 / 150 + 60 / 300) / 2  # 0.3333: not what a selection shows
    assert abs(sel["women_share"] - mean_of_unit_shares) > 0.04
    assert sel["youth_share"] == pytest.approx(45 / 420)
    assert (sel["reached_any"], sel["coverage_any"]) == (2, 0.5)
    assert (sel["coverage_my_coop"], sel["coverage_start_coop"], sel["coverage_think_coop"]) == (
        0.25,
        0.25,
        0.0,
    )
    assert sel["population"] == 300_000
    assert sel["orgs_per_100k"] == pytest.approx(4 / 3)
    assert sel["members_per_100k"] == pytest.approx(470 / 3)
    assert (sel["orgs_group_agriculture"], sel["orgs_group_livestock"]) == (2, 1)
    assert sel["orgs_group_finance"] == 1
    every = totals.iloc[1]  # all three units: women 190 of 570, median of six = (50 + 80) / 2
    assert (every["orgs"], every["units_in_scope"], every["members_total"]) == (6, 3, 590)
    assert every["women_share"] == pytest.approx(190 / 570)
    assert every["median_members"] == 65.0
    assert pd.isna(every["units"])


def test_selection_totals_follow_the_filters(prepared) -> None:
    from geo.indicators.selection import selection_totals

    agriculture = Filters(sector_groups=("agriculture",))
    totals = selection_totals(prepared, agriculture, ["CO-NAR", "CO-CAU"])
    assert totals["orgs"].tolist() == [2, 2]  # a1, a3; Puno grows no crop of the vocabulary
    assert totals["women_share"].iloc[0] == pytest.approx((60 + 60) / (100 + 300))
    assert totals["median_members"].iloc[0] == 200.0
    outside = selection_totals(prepared, Filters(countries=("PE",)), ["CO-NAR"])
    assert outside["units_in_scope"].tolist() == [0, 1]
    assert outside["orgs"].tolist() == [0, 2]
    assert np.isnan(outside["women_share"].iloc[0])
    assert pd.isna(outside["population"].iloc[0])
    with pytest.raises(InputValidationError, match="not computed"):
        selection_totals(prepared, agriculture, ["CO-NAR"], unit_table=compute_indicators(prepared))


def test_totals_rows_without_a_selection_give_the_filtered_row_alone(prepared) -> None:
    from geo.indicators.selection import totals_rows

    # what the dashboard shows with nothing selected: every unit in the filters, as in
    # test_selection_totals_pool_the_shares (six organizations in three units, women
    # 190 of 570, median of the six members counts (50 + 80) / 2 = 65); the units are
    # not read, not even checked (none is given)
    (every,) = totals_rows(prepared, None, [], selection=False)
    assert (every["level"], every["units_selected"], every["units_in_scope"]) == ("filtered", 3, 3)
    assert (every["orgs"], every["members_total"], every["median_members"]) == (6, 590, 65.0)
    assert every["women_share"] == pytest.approx(190 / 570)
    # Puno alone under the Peru filter: a5 and a6, 50,000 inhabitants (a float here),
    # women 40 + 20 = 60 of 80 + 40 = 120
    (peru,) = totals_rows(prepared, Filters(countries=("PE",)), [], selection=False)
    assert (peru["units_in_scope"], peru["orgs"], peru["population"]) == (1, 2, 50_000.0)
    assert peru["women_share"] == pytest.approx(60 / 120)


def test_selection_lists_every_unit_problem(prepared) -> None:
    from geo.indicators.selection import selection_totals

    with pytest.raises(InputValidationError) as info:
        selection_totals(prepared, None, ["CO-NAR", "CO-XXX", "co-nar"])
    assert len(info.value.problems) == 2
    assert "['CO-XXX'] are not in the unit table" in str(info.value)
    assert "['CO-NAR'] are listed more than once" in str(info.value)
    with pytest.raises(InputValidationError, match="select at least one unit"):
        selection_totals(prepared, None, [])
    with pytest.raises(InputValidationError, match="list of unit ids"):
        selection_totals(prepared, None, "CO-NAR")


# ---------------------------------------------------------------------------- comparison


def test_compare_units_side_by_side(prepared) -> None:
    from geo.indicators.selection import compare_units

    table = compare_units(prepared, None, ["PE-PUN", "CO-NAR"], coverage_programme="start_coop")
    assert list(table.columns) == ["section", "measure", "PE-PUN", "CO-NAR"]
    rows = table.set_index("measure")
    assert rows.loc["name"].tolist()[1:] == ["Puno", "Nariño"]
    assert rows.loc["orgs", ["PE-PUN", "CO-NAR"]].tolist() == [2, 2]
    assert rows.loc["women_share", "PE-PUN"] == pytest.approx(60 / 120)
    assert rows.loc["women_share", "CO-NAR"] == pytest.approx(70 / 150)
    assert rows.loc["type_share_cooperative"].tolist()[1:] == [0.5, 0.5]
    assert rows.loc["coverage_start_coop"].tolist()[1:] == [0.5, 0.0]
    assert rows.loc["coverage_think_coop"].tolist()[1:] == [0.5, 0.0]
    assert rows.loc["priority_coverage_gap"].tolist()[1:] == [0.5, 1.0]
    assert rows.loc["priority_rank"].tolist()[1:] == [2, 1]  # ranked among all three units
    points = rows.loc[[f"priority_{c}_points" for c in
                       ("organizations", "members", "association_share", "youth_share",
                        "coverage_gap")], "CO-NAR"]  # fmt: skip
    assert sum(points) == pytest.approx(rows.loc["priority_score", "CO-NAR"])
    assert set(table["section"]) == {"unit", "indicators", "sectors", "types", "coverage",
                                     "priority"}  # fmt: skip


def test_compare_refuses_more_than_five_units(prepared) -> None:
    from geo.indicators.selection import compare_units

    six = ["CO-NAR", "CO-CAU", "PE-PUN", "CO-HUI", "CO-ANT", "PE-CUS"]
    with pytest.raises(InputValidationError, match="at most 5 units can be compared side by side"):
        compare_units(prepared, None, six)
    with pytest.raises(InputValidationError, match="remove 1"):
        compare_units(prepared, None, six)


# ---------------------------------------------------------------------------- downloads


def test_selection_and_comparison_downloads(prepared, tmp_path) -> None:
    import csv
    import datetime as dt

    import openpyxl

    from geo.export.selection_files import write_comparison, write_selection_totals
    from geo.indicators.selection import compare_units, selection_totals

    totals = selection_totals(prepared, None, ["CO-NAR", "CO-CAU"])
    meta: dict[str, Any] = {
        "source": "registry.csv",
        "date": dt.date(2025, 3, 1),
        "notes": ["=HYPERLINK(1)"],
    }
    path = write_selection_totals(totals, tmp_path / "t.csv", lang="es", **meta)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))  # Spanish: ";" and decimal commas
    assert lines[0] == ["CoopAtlas - totales de una selección de unidades"]
    assert ["'=HYPERLINK(1)"] in lines  # neutralised
    header = lines[lines.index([]) + 1]
    body = dict(zip(header, lines[lines.index([]) + 2], strict=True))
    assert body["Filas"] == "Unidades seleccionadas"
    # women 60 + 10 + 60 of 150 + 300 members (a4's women unknown): 130/450 = 28.888... %
    assert body["Proporción de mujeres entre los socios (%)"] == "28,9"
    raw = write_selection_totals(totals, tmp_path / "t.xlsx", fmt="xlsx", labels=False, **meta)
    sheet = openpyxl.load_workbook(raw).active
    cells = list(sheet.iter_rows(values_only=True))
    names = list(cells[len(meta["notes"]) + 5])
    row = dict(zip(names, cells[len(meta["notes"]) + 6], strict=True))
    assert row["women_share"] == pytest.approx(130 / 450)
    assert row["orgs"] == 4 and isinstance(row["orgs"], int)

    comparison = compare_units(prepared, None, ["CO-NAR", "PE-PUN"])
    out = write_comparison(comparison, tmp_path / "c.csv", **meta)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["CoopAtlas - units side by side"]
    header = lines[lines.index([]) + 1]
    assert header == ["Section", "Indicator", "Nariño (CO-NAR)", "Puno (PE-PUN)"]
    with pytest.raises(InputValidationError, match="format must be one of"):
        write_comparison(comparison, tmp_path / "c.pdf", fmt="pdf", source="x")


def test_the_contributions_chart_draws_the_points_of_each_unit() -> None:
    from dashboard.planner import COMPONENT_COLORS, contributions_chart
    from geo.indicators.priority import score_priority
    from geo.indicators.view import View

    # the two units of test_contributions_follow_new_weights_and_spread_missing_ones:
    # CO-NAR ranks first with 25 + 25 + 12.5 + 18.75 = 81.25 points (youth missing: no
    # segment), shown with one decimal rounded half to even: 81.2
    rows = [
        {"unit_id": "CO-NAR", "orgs": 4, "orgs_producer_association": 2,
         "orgs_pre_cooperative": 0, "members_total": 100, "members_known_orgs": 4,
         "youth_share": NAN, "reached_any": 1},
        {"unit_id": "CO-CAU", "orgs": 1, "orgs_producer_association": 0,
         "orgs_pre_cooperative": 0, "members_total": 0, "members_known_orgs": 0,
         "youth_share": 0.5, "reached_any": 0},
    ]  # fmt: skip
    weights = {"organizations": 1, "members": 1, "association_share": 1, "youth_share": 1,
               "coverage_gap": 1}  # fmt: skip
    table = pd.concat([pd.DataFrame(rows), score_priority(pd.DataFrame(rows))], axis=1)
    table["in_scope"] = True
    bars, _, sentences = contributions_chart(table, View(), weights)
    label, track, score = bars.children[:3]
    assert (label.children, score.children) == ("1. CO-NAR", "81.2")
    segments = [(s.style["width"], s.style["background"]) for s in track.children]
    assert segments == [
        ("25.00%", COMPONENT_COLORS["organizations"]),
        ("25.00%", COMPONENT_COLORS["members"]),
        ("12.50%", COMPONENT_COLORS["association_share"]),
        ("18.75%", COMPONENT_COLORS["coverage_gap"]),
    ]
    assert [s.title.split(": ")[1] for s in track.children] == ["25.0", "25.0", "12.5", "18.8"]
    assert len(bars.children) == 2 * 3 and len(sentences.children) == 2  # two units, in order
    assert "81.2" in sentences.children[0].children and "12.5" in sentences.children[0].children
