"""The planner's map: sector groups, selection totals, comparison, targeting (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo._errors import InputValidationError
from geo.filters import Filters
from geo.indicators import compute_indicators, filter_mask, summarise
from geo.prepared import prepare
from geo.tables import unit_table_for_export
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
