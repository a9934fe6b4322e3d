"""Indicators per unit, country and overall: hand-computed expectations on a tiny registry."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo._errors import InputValidationError
from geo.export.tables import (
    EXPORT_TABLES,
    export_header_lines,
    unit_table_for_export,
    write_csv,
    write_xlsx,
)
from geo.indicators.catalogue import INDICATORS, indicator_info
from geo.indicators.compute import (
    ALL_CODE,
    compute_indicators,
    filter_mask,
    matching_rows,
    summarise,
)
from geo.indicators.filters import Filters
from geo.indicators.prepared import prepare
from geo.vocab import ORG_TYPES, PROGRAMME_KEYS, SERVICES

NA = pd.NA
NAN = float("nan")

# ---------------------------------------------------------------------------- fixture
#
# Three units; CO-BOY has no organization.
#   unit     population  area km2
#   CO-ANT   200,000     40,000
#   CO-BOY    50,000     10,000
#   PE-CUS   100,000     25,000
#
# Ten organizations ("-" = unknown / none):
#   id   unit type                    sector       members women youth founded feds      services
#   o1   ANT  cooperative             coffee        100     40   10   1995   FedA      health, edu.
#   o2   ANT  cooperative             coffee         50     20   -    2005   -         health
#   o3   ANT  producer_association    cocoa          30     15   6    2012   FedA,FedB -
#   o4   ANT  pre_cooperative         coffee         -      -    -    -      -         training
#   o5   ANT  community_organization  -              20     -    4    1980   -         -
#   o6   ANT  other_sse               services       10     5    5    2020   FedB      funeral, ins.
#   o7   CUS  cooperative             alpaca_fibre  200    120   40   1990   FedC      savings_cr.
#   o8   CUS  producer_association    alpaca_fibre   40     10   8    2015   -         -
#   o9   CUS  producer_association    vegetables     60     -    12   2018   -         childcare
#   o10  CUS  mutual_employee_fund    services       90     40   -    2001   FedC      health, sav.
#
# Programme rows (participants / women):
#   o1 My.Coop 10/4; o1 Think.Coop 5/2; o3 My.Coop 8/5; o7 Start.Coop 12/6;
#   o7 My.Coop unknown/unknown; o9 other 3/1; o99 (not in the registry) My.Coop 4/2.

ISO = ["CO-ANT", "CO-BOY", "PE-CUS"]


def units_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso_3166_2": ISO,
            "country": ["CO", "CO", "PE"],
            "name": ["Antioquia", "Boyacá", "Cusco"],
            "area_km2": [40_000.0, 10_000.0, 25_000.0],
        }
    )


def population_frame() -> pd.DataFrame:
    return pd.DataFrame({"iso_3166_2": ISO, "population": [200_000, 50_000, 100_000]})


ORG_ROWS = [
    ("o1", "CO-ANT", "cooperative", "coffee", 100, 40, 10, 1995, "FedA", "health|education"),
    ("o2", "CO-ANT", "cooperative", "coffee", 50, 20, NA, 2005, "", "health"),
    ("o3", "CO-ANT", "producer_association", "cocoa", 30, 15, 6, 2012, "FedA|FedB", ""),
    ("o4", "CO-ANT", "pre_cooperative", "coffee", NA, NA, NA, NA, "", "training"),
    ("o5", "CO-ANT", "community_organization", NA, 20, NA, 4, 1980, "", ""),
    ("o6", "CO-ANT", "other_sse", "services", 10, 5, 5, 2020, "FedB", "funeral|insurance"),
    ("o7", "PE-CUS", "cooperative", "alpaca_fibre", 200, 120, 40, 1990, "FedC", "savings_credit"),
    ("o8", "PE-CUS", "producer_association", "alpaca_fibre", 40, 10, 8, 2015, "", ""),
    ("o9", "PE-CUS", "producer_association", "vegetables", 60, NA, 12, 2018, "", "childcare"),
    ("o10", "PE-CUS", "mutual_employee_fund", "services", 90, 40, NA, 2001, "FedC",
     "health|savings_credit"),
]  # fmt: skip

ORG_COLUMNS = [
    "org_id",
    "iso_3166_2",
    "org_type",
    "sector",
    "members_total",
    "members_women",
    "members_youth",
    "year_founded",
    "federations",
    "social_services",
]


def orgs_frame(rows: list[tuple] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(ORG_ROWS if rows is None else rows, columns=ORG_COLUMNS)
    frame.insert(1, "country", frame["iso_3166_2"].str[:2])
    frame.insert(2, "name", "Org " + frame["org_id"])
    for c in ("members_total", "members_women", "members_youth", "year_founded"):
        frame[c] = frame[c].astype("Int64")
    frame["sector"] = frame["sector"].astype("str")
    return frame


def programmes_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["o1", "o1", "o3", "o7", "o7", "o9", "o99"],
            "programme": ["My.Coop", "Think.Coop", "My.Coop", "Start.Coop", "My.Coop", "other",
                          "My.Coop"],
            "year": pd.array([2019, 2020, 2021, 2022, 2018, 2023, 2020], dtype="Int64"),
            "participants": pd.array([10, 5, 8, 12, NA, 3, 4], dtype="Int64"),
            "participants_women": pd.array([4, 2, 5, 6, NA, 1, 2], dtype="Int64"),
        }
    )  # fmt: skip


@pytest.fixture(scope="module")
def prepared():
    return prepare(
        orgs_frame(), programmes_frame(), units=units_frame(), population=population_frame()
    )


@pytest.fixture(scope="module")
def table(prepared):
    return compute_indicators(prepared)


def expect(table: pd.DataFrame, expected: dict[str, list]) -> None:
    """Compare the named columns of ``table`` with hand-computed values (whole frame)."""
    got = table[list(expected)].reset_index(drop=True)
    want = pd.DataFrame(expected)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-9)


# ---------------------------------------------------------------------------- unit table


# Every column of the unit table, in order, written out from the column table of
# docs/indicators.md: the fixture's sectors are all canonical, so the sector columns are
# the 13 canonical keys and "unknown", then the 7 sector groups.
UNIT_TABLE_COLUMNS = [
    *(
        "unit_id",
        "parent_id",
        "iso_3166_2",
        "country",
        "name",
        "in_scope",
        "population",
        "area_km2",
    ),
    "orgs",
    *("orgs_cooperative", "orgs_pre_cooperative", "orgs_producer_association"),
    *("orgs_community_organization", "orgs_mutual_employee_fund", "orgs_other_sse"),
    *("cooperatives", "coop_share", "association_share"),
    *("type_share_cooperative", "type_share_pre_cooperative", "type_share_producer_association"),
    *("type_share_community_organization", "type_share_mutual_employee_fund"),
    "type_share_other_sse",
    *("orgs_sector_coffee", "orgs_sector_cocoa", "orgs_sector_dairy", "orgs_sector_bananas"),
    *("orgs_sector_fishing", "orgs_sector_alpaca_fibre", "orgs_sector_vegetables"),
    *("orgs_sector_fruit", "orgs_sector_livestock", "orgs_sector_crafts"),
    *("orgs_sector_savings_credit", "orgs_sector_services", "orgs_sector_other"),
    "orgs_sector_unknown",
    *("orgs_group_agriculture", "orgs_group_livestock", "orgs_group_fishing"),
    *("orgs_group_crafts", "orgs_group_finance", "orgs_group_services", "orgs_group_other"),
    *("orgs_per_100k", "orgs_per_10k_km2"),
    *("members_total", "members_known_orgs", "median_members"),
    *("members_women", "members_women_base", "women_share"),
    *("members_youth", "members_youth_base", "youth_share"),
    "orgs_social_services",
    *("services_health", "services_education", "services_childcare", "services_savings_credit"),
    *("services_insurance", "services_housing", "services_funeral", "services_training"),
    "services_other",
    "orgs_federated",
    *("reached_any", "coverage_any", "not_reached", "participants", "participants_women"),
    *("reached_my_coop", "coverage_my_coop", "participants_my_coop", "participants_women_my_coop"),
    *("reached_think_coop", "coverage_think_coop"),
    *("participants_think_coop", "participants_women_think_coop"),
    *("reached_start_coop", "coverage_start_coop"),
    *("participants_start_coop", "participants_women_start_coop"),
    *("reached_other", "coverage_other", "participants_other", "participants_women_other"),
    *("people_rural", "population_rural_known", "people_poor", "population_poverty"),
    *("rural_share", "poverty_rate"),
    *("priority_organizations", "priority_members", "priority_association_share"),
    *("priority_youth_share", "priority_coverage_gap", "priority_need", "priority_rurality"),
    *("priority_organizations_points", "priority_members_points"),
    *("priority_association_share_points", "priority_youth_share_points"),
    *("priority_coverage_gap_points", "priority_need_points", "priority_rurality_points"),
    *("priority_score", "priority_rank", "priority_missing"),
]


def test_one_row_per_unit_in_unit_table_order_with_stable_columns(prepared, table) -> None:
    assert table["iso_3166_2"].tolist() == ISO
    assert list(table.columns) == UNIT_TABLE_COLUMNS
    assert prepared.columns == UNIT_TABLE_COLUMNS


def test_counts_by_type_and_sector(table) -> None:
    expect(
        table,
        {
            "iso_3166_2": ISO,
            "orgs": [6, 0, 4],  # o1-o6 | - | o7-o10
            "orgs_cooperative": [2, 0, 1],  # o1, o2 | o7
            "orgs_pre_cooperative": [1, 0, 0],  # o4
            "orgs_producer_association": [1, 0, 2],  # o3 | o8, o9
            "orgs_community_organization": [1, 0, 0],  # o5
            "orgs_mutual_employee_fund": [0, 0, 1],  # o10
            "orgs_other_sse": [1, 0, 0],  # o6
            "cooperatives": [2, 0, 1],  # pre-cooperatives are not cooperatives
            "orgs_sector_coffee": [3, 0, 0],  # o1, o2, o4
            "orgs_sector_cocoa": [1, 0, 0],
            "orgs_sector_alpaca_fibre": [0, 0, 2],
            "orgs_sector_vegetables": [0, 0, 1],
            "orgs_sector_services": [1, 0, 1],  # o6 | o10
            "orgs_sector_dairy": [0, 0, 0],
            "orgs_sector_unknown": [1, 0, 0],  # o5
        },
    )


def test_shares_and_densities(table) -> None:
    expect(
        table,
        {
            "coop_share": [2 / 6, NAN, 1 / 4],  # Boyacá: no organization -> no share
            "association_share": [(1 + 1) / 6, NAN, (2 + 0) / 4],  # (assoc + pre-coop) / orgs
            "type_share_cooperative": [2 / 6, NAN, 1 / 4],
            "type_share_mutual_employee_fund": [0 / 6, NAN, 1 / 4],
            "orgs_per_100k": [6 / 200_000 * 1e5, 0.0, 4 / 100_000 * 1e5],  # 3.0, 0.0, 4.0
            "orgs_per_10k_km2": [6 / 40_000 * 1e4, 0.0, 4 / 25_000 * 1e4],  # 1.5, 0.0, 1.6
        },
    )


def test_members_by_sex_and_youth(table) -> None:
    expect(
        table,
        {
            # ANT: known o1 100 + o2 50 + o3 30 + o5 20 + o6 10 = 210 (5 orgs);
            # CUS: 200 + 40 + 60 + 90 = 390 (4 orgs)
            "members_total": [210, 0, 390],
            "members_known_orgs": [5, 0, 4],
            # ANT sorted 10, 20, 30, 50, 100 -> 30; CUS 40, 60, 90, 200 -> (60 + 90) / 2 = 75
            "median_members": [30.0, NAN, 75.0],
            # women over orgs with women and total: ANT o1 40/100, o2 20/50, o3 15/30, o6 5/10
            # -> 80 / 190; CUS o7 120/200, o8 10/40, o10 40/90 -> 170 / 330
            "members_women": [80, 0, 170],
            "members_women_base": [190, 0, 330],
            "women_share": [80 / 190, NAN, 170 / 330],
            # youth: ANT o1 10/100, o3 6/30, o5 4/20, o6 5/10 -> 25 / 160;
            # CUS o7 40/200, o8 8/40, o9 12/60 -> 60 / 300
            "members_youth": [25, 0, 60],
            "members_youth_base": [160, 0, 300],
            "youth_share": [25 / 160, NAN, 60 / 300],
        },
    )


def test_social_services_and_federations(table) -> None:
    expect(
        table,
        {
            "orgs_social_services": [4, 0, 3],  # o1, o2, o4, o6 | o7, o9, o10
            "services_health": [2, 0, 1],  # o1, o2 | o10
            "services_education": [1, 0, 0],
            "services_childcare": [0, 0, 1],
            "services_savings_credit": [0, 0, 2],  # o7, o10
            "services_insurance": [1, 0, 0],
            "services_housing": [0, 0, 0],
            "services_funeral": [1, 0, 0],
            "services_training": [1, 0, 0],
            "services_other": [0, 0, 0],
            "orgs_federated": [3, 0, 2],  # o1, o3, o6 | o7, o10
        },
    )


def test_programme_coverage(table) -> None:
    expect(
        table,
        {
            "reached_any": [2, 0, 2],  # o1, o3 | o7, o9 (o99 is not in the registry)
            "coverage_any": [2 / 6, NAN, 2 / 4],
            "not_reached": [4, 0, 2],
            "participants": [10 + 5 + 8, 0, 12 + 3],  # o7's My.Coop row is unknown
            "participants_women": [4 + 2 + 5, 0, 6 + 1],
            "reached_my_coop": [2, 0, 1],  # o1, o3 | o7
            "coverage_my_coop": [2 / 6, NAN, 1 / 4],
            "participants_my_coop": [18, 0, 0],
            "participants_women_my_coop": [9, 0, 0],
            "reached_think_coop": [1, 0, 0],
            "coverage_think_coop": [1 / 6, NAN, 0 / 4],
            "participants_think_coop": [5, 0, 0],
            "reached_start_coop": [0, 0, 1],
            "participants_start_coop": [0, 0, 12],
            "participants_women_start_coop": [0, 0, 6],
            "reached_other": [0, 0, 1],
            "coverage_other": [0 / 6, NAN, 1 / 4],
            "participants_other": [0, 0, 3],
        },
    )


def test_priority_score_with_default_weights(table) -> None:
    # Default weights: organizations 2, members 1, association_share 2, youth_share 1,
    # coverage_gap 4 (sum 10). Components (units with orgs: ANT and CUS):
    #   organizations: ANT ln(7)/ln(7) = 1;       CUS ln(5)/ln(7) = 1.609438/1.945910 = 0.827087
    #   members:       ANT ln(211)/ln(391) = 5.351858/5.968708 = 0.896653;  CUS 1
    #   association:   ANT 2/6 = 0.333333;       CUS 2/4 = 0.5
    #   youth:         ANT 25/160 = 0.15625;     CUS 0.2
    #   coverage gap:  ANT 1 - 2/6 = 0.666667;   CUS 1 - 2/4 = 0.5
    # ANT = 100 * (2*1 + 1*0.896653 + 2*0.333333 + 1*0.15625 + 4*0.666667) / 10 = 63.8624
    # CUS = 100 * (2*0.827087 + 1*1 + 2*0.5 + 1*0.2 + 4*0.5) / 10 = 58.5417
    members_ant = math.log(211) / math.log(391)
    orgs_cus = math.log(5) / math.log(7)
    expect(
        table,
        {
            "priority_organizations": [1.0, NAN, orgs_cus],
            "priority_members": [members_ant, NAN, 1.0],
            "priority_coverage_gap": [4 / 6, NAN, 0.5],
            "priority_members_points": [100 * 1 * members_ant / 10, NAN, 100 * 1 * 1.0 / 10],
            "priority_coverage_gap_points": [100 * 4 * (4 / 6) / 10, NAN, 100 * 4 * 0.5 / 10],
        },
    )
    score = table["priority_score"].tolist()
    assert score[0] == pytest.approx(63.8624, abs=1e-4)
    assert math.isnan(score[1])
    assert score[2] == pytest.approx(58.5417, abs=1e-4)
    assert table["priority_rank"].tolist() == [1, NA, 2]


def test_empty_unit_has_zero_counts_and_no_data_shares(table) -> None:
    boy = table.set_index("iso_3166_2").loc["CO-BOY"]
    assert boy["orgs"] == 0
    assert boy["members_total"] == 0
    assert boy["in_scope"]
    assert boy["orgs_per_100k"] == 0.0  # a real zero: people live there, no organization
    for share in ("coop_share", "women_share", "youth_share", "coverage_any", "median_members"):
        assert math.isnan(boy[share]), share
    assert math.isnan(boy["priority_score"])
    assert boy["priority_rank"] is NA


# ---------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("filters", "orgs"),
    [
        (Filters(), [6, 0, 4]),
        (Filters(countries=("PE",)), [0, 0, 4]),
        (Filters(units=("CO-ANT",)), [6, 0, 0]),
        (Filters(org_types=("producer_association",)), [1, 0, 2]),  # o3 | o8, o9
        (Filters(org_types=("cooperative", "pre_cooperative")), [3, 0, 1]),  # o1 o2 o4 | o7
        (Filters(sectors=("coffee",)), [3, 0, 0]),
        (Filters(sectors=("unknown",)), [0, 0, 0]),  # unknown sector never matches
        (Filters(programmes=("My.Coop",)), [2, 0, 1]),  # o1, o3 | o7
        (Filters(programmes=("Think.Coop", "other")), [1, 0, 1]),  # o1 | o9
        (Filters(founded_from=2000, founded_to=2015), [2, 0, 2]),  # o2 o3 | o8 o10; o4 unknown
        (Filters(founded_from=2015), [1, 0, 2]),  # o6 (2020) | o8 (2015), o9 (2018)
        (Filters(founded_to=1990), [1, 0, 1]),  # o5 (1980) | o7 (1990)
        (Filters(federated=True), [3, 0, 2]),  # o1 o3 o6 | o7 o10
        (Filters(federated=False), [3, 0, 2]),  # o2 o4 o5 | o8 o9
        (Filters(federations=("FedB",)), [2, 0, 0]),  # o3, o6
        (Filters(federations=("FedA", "FedC")), [2, 0, 2]),  # o1 o3 | o7 o10
        (Filters(federations=("Nobody",)), [0, 0, 0]),
        (Filters(provides_services=True), [4, 0, 3]),
        (Filters(provides_services=False), [2, 0, 1]),  # o3 o5 | o8
        (Filters(social_services=("savings_credit", "childcare")), [0, 0, 3]),  # o7 o9 o10
        (Filters(social_services=("health",)), [2, 0, 1]),
        # AND across fields: Colombian cooperatives founded from 2000 -> o2 only
        (Filters(countries=("CO",), org_types=("cooperative",), founded_from=2000), [1, 0, 0]),
    ],
)
def test_every_filter(prepared, filters, orgs) -> None:
    table = compute_indicators(prepared, filters)
    assert table["orgs"].tolist() == orgs
    assert int(filter_mask(prepared, filters).sum()) == sum(orgs)


def test_geographic_filter_marks_scope_and_blanks_densities_outside(prepared) -> None:
    table = compute_indicators(prepared, Filters(countries=("PE",)))
    expect(
        table,
        {
            "in_scope": [False, False, True],
            "orgs": [0, 0, 4],
            "orgs_per_100k": [NAN, NAN, 4.0],  # outside the selection: no data, not 0
            "orgs_per_10k_km2": [NAN, NAN, 1.6],
        },
    )
    assert table["priority_rank"].tolist() == [NA, NA, 1]


def test_programme_filter_keeps_organizations_that_took_part(prepared) -> None:
    table = compute_indicators(prepared, Filters(programmes=("My.Coop",)))
    expect(
        table,
        {
            "orgs": [2, 0, 1],  # o1, o3 | o7
            "reached_any": [2, 0, 1],
            "coverage_any": [1.0, NAN, 1.0],
            # participants of the filtered organizations in every programme
            "participants": [10 + 5 + 8, 0, 12],
            "participants_my_coop": [18, 0, 0],
            "reached_think_coop": [1, 0, 0],
            "coverage_think_coop": [1 / 2, NAN, 0.0],
            "median_members": [(30 + 100) / 2, NAN, 200.0],
        },
    )


def test_filtered_median_comes_from_filtered_organizations(prepared) -> None:
    table = compute_indicators(prepared, Filters(org_types=("producer_association",)))
    # ANT: o3 (30); CUS: o8 40, o9 60 -> 50
    expect(table, {"median_members": [30.0, NAN, 50.0], "members_total": [30, 0, 100]})


def test_unknown_unit_in_filter_is_an_error(prepared) -> None:
    with pytest.raises(InputValidationError, match=r"CO-XYZ.*not in the unit table"):
        compute_indicators(prepared, Filters(units=("CO-XYZ",)))


def test_matching_rows_are_positions_in_the_original_frame(prepared) -> None:
    rows = matching_rows(prepared, Filters(federations=("FedB",)))
    assert rows.tolist() == [2, 5]  # o3 and o6
    assert orgs_frame().iloc[rows]["org_id"].tolist() == ["o3", "o6"]


# ---------------------------------------------------------------------------- summaries


def test_country_rows_add_sums_and_recompute_ratios(prepared, table) -> None:
    countries = summarise(table, prepared, by="country")
    expect(
        countries,
        {
            "level": ["country", "country"],
            "country": ["CO", "PE"],
            "name": ["Colombia", "Perú"],
            "units_in_scope": [2, 1],
            "population": [250_000, 100_000],  # 200,000 + 50,000
            "area_km2": [50_000.0, 25_000.0],
            "orgs": [6, 4],
            "orgs_per_100k": [6 / 250_000 * 1e5, 4 / 100_000 * 1e5],  # 2.4, 4.0
            "orgs_per_10k_km2": [6 / 50_000 * 1e4, 4 / 25_000 * 1e4],  # 1.2, 1.6
            "coop_share": [2 / 6, 1 / 4],
            "members_total": [210, 390],
            "median_members": [30.0, 75.0],
            "women_share": [80 / 190, 170 / 330],
            "coverage_any": [2 / 6, 2 / 4],
        },
    )


def test_overall_row_uses_sums_not_averages_and_recomputes_the_median(prepared, table) -> None:
    overall = summarise(table, prepared, by="all")
    expect(
        overall,
        {
            "level": ["all"],
            "country": [ALL_CODE],
            "units_in_scope": [3],
            "population": [350_000],
            "orgs": [10],
            # 3 cooperatives / 10 orgs = 0.3; the mean of unit shares (1/3 + 1/4) / 2 = 0.2917
            "coop_share": [0.3],
            "orgs_per_100k": [10 / 350_000 * 1e5],  # 2.857
            "orgs_per_10k_km2": [10 / 75_000 * 1e4],  # 1.333
            "members_total": [600],
            "members_known_orgs": [9],
            # all nine known sizes sorted: 10 20 30 40 50 60 90 100 200 -> 50;
            # the mean of unit medians would be (30 + 75) / 2 = 52.5
            "median_members": [50.0],
            "women_share": [(80 + 170) / (190 + 330)],
            "youth_share": [(25 + 60) / (160 + 300)],
            "reached_any": [4],
            "coverage_any": [0.4],
            "participants": [38],
            "services_health": [3],
        },
    )


def test_summary_covers_only_units_in_scope(prepared) -> None:
    filters = Filters(countries=("PE",))
    table = compute_indicators(prepared, filters)
    countries = summarise(table, prepared, filters, by="country")
    co, pe = countries.iloc[0], countries.iloc[1]
    assert co["units_in_scope"] == 0
    assert co["population"] is NA
    assert math.isnan(co["orgs_per_100k"])
    assert math.isnan(co["median_members"])
    assert pe["orgs_per_100k"] == pytest.approx(4.0)
    overall = summarise(table, prepared, filters, by="all").iloc[0]
    assert overall["population"] == 100_000
    assert overall["median_members"] == 75.0


def test_summary_rejects_a_table_computed_with_other_filters(prepared, table) -> None:
    with pytest.raises(InputValidationError, match="same filters"):
        summarise(table, prepared, Filters(countries=("PE",)), by="all")
    with pytest.raises(InputValidationError, match="by must be"):
        summarise(table, prepared, by="unit")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- edge cases


def test_no_organizations_at_all_gives_zeros_and_no_data() -> None:
    prepared = prepare(orgs_frame([]), None, units=units_frame(), population=population_frame())
    table = compute_indicators(prepared)
    assert table["orgs"].tolist() == [0, 0, 0]
    assert table["orgs_per_100k"].tolist() == [0.0, 0.0, 0.0]
    assert table["coop_share"].isna().all()
    assert table["median_members"].isna().all()
    assert table["priority_score"].isna().all()
    assert table["priority_rank"].isna().all()
    overall = summarise(table, prepared, by="all").iloc[0]
    assert overall["orgs"] == 0
    assert math.isnan(overall["coop_share"])
    assert math.isnan(overall["median_members"])
    assert prepared.year_range is None
    assert prepared.federations == ()


def test_unknown_members_everywhere_leave_shares_undefined() -> None:
    rows = [(*r[:4], NA, NA, NA, *r[7:]) for r in ORG_ROWS]
    prepared = prepare(orgs_frame(rows), None, units=units_frame(), population=population_frame())
    table = compute_indicators(prepared)
    expect(
        table,
        {
            "members_total": [0, 0, 0],
            "members_known_orgs": [0, 0, 0],
            "median_members": [NAN, NAN, NAN],
            "women_share": [NAN, NAN, NAN],
            "youth_share": [NAN, NAN, NAN],
            "coverage_any": [0.0, NAN, 0.0],  # no programme data: nobody reached
            "priority_missing": ["members|youth_share", "", "members|youth_share"],
        },
    )


def test_missing_population_gives_no_density() -> None:
    population = population_frame().iloc[[0, 2]]  # Boyacá missing
    prepared = prepare(orgs_frame(), None, units=units_frame(), population=population)
    table = compute_indicators(prepared)
    assert table["population"].tolist() == [200_000, NA, 100_000]
    assert math.isnan(table["orgs_per_100k"].iloc[1])
    co = summarise(table, prepared, by="country").iloc[0]
    assert co["population"] is NA  # a total over an incomplete column is no data
    assert math.isnan(co["orgs_per_100k"])


def test_units_default_area_column_falls_back_to_official_area() -> None:
    units = units_frame().rename(columns={"area_km2": "official_area_km2"})
    prepared = prepare(orgs_frame(), None, units=units, population=population_frame())
    assert compute_indicators(prepared)["orgs_per_10k_km2"].iloc[0] == pytest.approx(1.5)


def test_tolerated_data_problems_become_notices(prepared) -> None:
    assert any("o99" in n for n in prepared.notices)
    rows = [*ORG_ROWS[:2], ("o3", "CO-ANT", "cooperative", "Café ", -5, NA, NA, 2000, "", "spa")]
    progs = pd.DataFrame({"org_id": ["o1"], "programme": ["Grow.Coop"]})
    notes = prepare(
        orgs_frame(rows), progs, units=units_frame(), population=population_frame()
    ).notices
    text = "\n".join(notes)
    assert "negative" in text  # -5 members treated as unknown
    assert "spa" in text  # unknown service counted as other
    assert "Grow.Coop" in text
    assert "café" in text  # not a sector key, counted as other


def test_prepare_lists_every_unusable_problem_at_once() -> None:
    rows = [
        ("o1", "CO-ANT", "cooperative", "coffee", 1, 1, 1, 2000, "", ""),
        ("o1", "CO-XXX", "cooperativa", "coffee", 1, 1, 1, 2000, "", ""),
    ]
    with pytest.raises(InputValidationError) as info:
        prepare(orgs_frame(rows), None, units=units_frame(), population=population_frame())
    problems = info.value.problems
    assert len(problems) == 3
    assert "duplicate org_id ['o1']" in problems[0]
    assert "CO-XXX" in problems[1]
    assert "cooperativa" in problems[2]


def test_prepare_checks_country_against_unit_and_missing_columns() -> None:
    frame = orgs_frame()
    frame.loc[0, "country"] = "PE"
    with pytest.raises(InputValidationError, match=r"1 rows whose country disagrees.*o1"):
        prepare(frame, None, units=units_frame(), population=population_frame())
    with pytest.raises(InputValidationError, match=r"missing columns \['social_services'\]"):
        prepare(
            orgs_frame().drop(columns="social_services"),
            None,
            units=units_frame(),
            population=population_frame(),
        )


# ---------------------------------------------------------------------------- Filters


def test_filters_normalise_and_compare_equal() -> None:
    # loose input on purpose: a list, a single string, case and repeats are normalised
    a = Filters(countries=["pe", "CO", "CO"], programmes="my_coop", sectors=("Coffee",))  # type: ignore[arg-type]
    assert a.countries == ("CO", "PE")
    assert a.programmes == ("My.Coop",)
    assert a.sectors == ("coffee",)
    assert a == Filters(countries=("PE", "CO"), programmes=("My.Coop",), sectors=("coffee",))
    same = Filters(countries=("CO", "PE"), programmes="My.Coop", sectors="coffee")  # type: ignore[arg-type]
    assert hash(a) == hash(same)
    assert Filters().is_empty
    assert not a.is_empty


def test_filters_constructor_lists_every_invalid_value() -> None:
    with pytest.raises(InputValidationError) as info:
        Filters(
            countries=("BR",),
            org_types=("cooperativa",),
            programmes=("Grow.Coop",),
            social_services=("spa",),
            founded_from=2010,
            founded_to=2000,
            federated="yes",  # type: ignore[arg-type]
        )
    text = str(info.value)
    for part in ("'BR'", "'cooperativa'", "'Grow.Coop'", "'spa'", "after founded_to", "'yes'"):
        assert part in text
    assert len(info.value.problems) == 6


def test_query_round_trip() -> None:
    f = Filters(
        countries=("CO", "PE"),
        units=("CO-ANT",),
        org_types=("cooperative", "producer_association"),
        sectors=("coffee",),
        programmes=("My.Coop", "other"),
        founded_from=1990,
        founded_to=2010,
        federated=True,
        federations=("Fed, Norte", "FedA"),
        provides_services=False,
        social_services=("health",),
    )
    query = f.to_query()
    assert query["countries"] == "CO|PE"
    assert query["federations"] == "Fed, Norte|FedA"  # commas survive
    assert query["founded_from"] == "1990"
    assert query["federated"] == "true"
    assert all(isinstance(v, str) for v in query.values())
    assert Filters.from_query(query) == (f, [])
    assert Filters().to_query() == {}
    assert Filters.from_query({}) == (Filters(), [])


def test_from_query_drops_invalid_values_and_reports_them() -> None:
    filters, notices = Filters.from_query(
        {
            "countries": "co|BR",
            "units": "CO-ANT|CO-ZZZ|bogus",
            "org_types": "cooperative|coop",
            "founded_from": "19x0",
            "founded_to": "2010",
            "federated": "maybe",
            "provides_services": "Sí",
            "programmes": "my_coop",
            "colour": "red",
            "sectors": 5,
            "federations": "",
        },
        known_units=ISO,
    )
    assert filters == Filters(
        countries=("CO",),
        units=("CO-ANT",),
        org_types=("cooperative",),
        founded_to=2010,
        provides_services=True,
        programmes=("My.Coop",),
    )
    text = "\n".join(notices)
    for part in ("'BR'", "'CO-ZZZ'", "'bogus'", "'coop'", "'19x0'", "'maybe'", "'colour'", "5"):
        assert part in text
    assert len(notices) == 8


def test_from_query_drops_a_reversed_year_range() -> None:
    filters, notices = Filters.from_query({"founded_from": "2010", "founded_to": "2000"})
    assert filters == Filters()
    assert notices == ["founded range 2010-2000 dropped (start after end)"]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "countries",
                "units",
                "org_types",
                "sectors",
                "programmes",
                "founded_from",
                "founded_to",
                "federated",
                "federations",
                "provides_services",
                "social_services",
                "other",
            ]
        ),
        st.text(max_size=30),
    )
)
def test_from_query_never_raises_and_round_trips(query) -> None:
    filters, notices = Filters.from_query(query)
    assert isinstance(notices, list)
    assert Filters.from_query(filters.to_query()) == (filters, [])


def test_describe_filters_in_both_languages() -> None:
    f = Filters(countries=("PE",), founded_from=1990, federated=False)
    assert f.describe() == "countries: PE; federated: no; founded: 1990–"
    assert f.describe(lang="es") == "países: PE; federada: no; año de constitución: 1990–"
    assert Filters().describe() == "none (all organizations)"
    assert Filters().describe(lang="es") == "ninguno (todas las organizaciones)"
    f = Filters(org_types=("cooperative",), sectors=("coffee", "alpaca_fibre"), federated=True)
    assert (
        f.describe() == "types: Cooperatives; sectors: Alpaca fibre, Coffee; federated: yes"
    )  # codes sorted
    assert f.describe(lang="es") == (
        "tipos: Cooperativas; sectores: Fibra de alpaca, Café; federada: sí"
    )


def test_a_headline_names_every_kind_of_filter_in_both_languages() -> None:
    """Subtitles and page titles (``headline=True``) have words for every filter field."""
    f = Filters(sector_groups=("fishing",), status=("active",))
    assert f.describe(headline=True).startswith("Sector groups: ")
    assert f.describe(lang="es", headline=True).startswith("Grupos de sectores: ")


# ---------------------------------------------------------------------------- metadata


def test_every_output_column_has_metadata(table, prepared) -> None:
    countries = summarise(table, prepared, by="country")
    for column in [*table.columns, *countries.columns]:
        info = indicator_info(column)
        assert info.label("en") and info.label("es"), column
        assert info.fmt in ("integer", "decimal", "percent", "text"), column
        assert info.palette in ("sequential", "diverging"), column
    assert INDICATORS["coverage_any"].higher_is_better is True
    assert INDICATORS["not_reached"].higher_is_better is False
    assert INDICATORS["orgs_per_100k"].unit("es") == "por 100.000 habitantes"
    assert indicator_info("orgs_sector_quinoa").label("en").endswith("quinoa")
    with pytest.raises(KeyError, match="bogus"):
        indicator_info("bogus")
    assert {f"orgs_{t}" for t in ORG_TYPES} <= set(INDICATORS)
    assert {f"services_{s}" for s in SERVICES} <= set(INDICATORS)
    assert {f"reached_{k}" for k in PROGRAMME_KEYS.values()} <= set(INDICATORS)


# ---------------------------------------------------------------------------- exports


def test_export_table_selects_columns_labels_and_percent(table, prepared) -> None:
    raw = unit_table_for_export(table, table="types", labels=False)
    assert list(raw.columns[:4]) == ["level", "iso_3166_2", "country", "name"]
    assert "orgs_cooperative" in raw.columns
    assert "members_total" not in raw.columns
    labelled = unit_table_for_export(table, table="types", lang="es")
    assert "Proporción de cooperativas (%)" in labelled.columns
    assert labelled["Proporción de cooperativas (%)"].iloc[0] == pytest.approx(100 * 2 / 6)
    # the unit is in the label already: not repeated in brackets
    assert "Organizaciones por 100.000 habitantes" in labelled.columns
    with_totals = unit_table_for_export(
        table, table="coverage", labels=False, summary=summarise(table, prepared, by="all")
    )
    assert with_totals["level"].tolist() == ["unit", "unit", "unit", "all"]
    assert with_totals["reached_any"].tolist() == [2, 0, 2, 4]
    for name in EXPORT_TABLES:
        assert len(unit_table_for_export(table, table=name)) == 3
    with pytest.raises(InputValidationError, match="table must be one of"):
        unit_table_for_export(table, table="nope")


def _header(filters: Filters) -> list[str]:
    return export_header_lines(
        filters, source="registry.csv", date=dt.date(2025, 3, 1), notes=["=cmd|' /C calc'!A0"]
    )


def test_header_lines_name_source_filters_and_date() -> None:
    lines = _header(Filters(countries=("CO",)))
    assert lines[:4] == [
        "CoopAtlas - indicators per unit",
        "Source: registry.csv",
        "Filters: countries: CO",
        "Date: 2025-03-01",
    ]
    es = export_header_lines(None, source="x", lang="es", date=dt.date(2025, 3, 1))
    assert es[2] == "Filtros: ninguno (todas las organizaciones)"


def test_write_csv_neutralises_formulas_and_keeps_numbers(tmp_path, table) -> None:
    export = unit_table_for_export(table, table="types", labels=False)
    export.loc[0, "name"] = '=HYPERLINK("http://x")'
    path = write_csv(export, tmp_path / "t.csv", header_lines=_header(Filters()))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["CoopAtlas - indicators per unit"]
    assert rows[4] == ["'=cmd|' /C calc'!A0"]  # a header line starting with = is neutralised
    assert rows[5] == []
    assert rows[6] == list(export.columns)
    first = dict(zip(rows[6], rows[7], strict=True))
    assert first["name"] == '\'=HYPERLINK("http://x")'
    assert first["orgs"] == "6"
    assert float(first["coop_share"]) == pytest.approx(2 / 6, rel=1e-15)
    boyaca = dict(zip(rows[6], rows[8], strict=True))
    assert boyaca["coop_share"] == ""  # no data is an empty cell
    assert len(rows) == 7 + 3


def test_write_xlsx_neutralises_formulas_and_keeps_numbers(tmp_path, table) -> None:
    export = unit_table_for_export(table, table="members", lang="en")
    export.loc[2, "Name"] = "+SUM(A1:A2)"
    path = write_xlsx(export, tmp_path / "t.xlsx", header_lines=_header(Filters()))
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "CoopAtlas - indicators per unit"
    assert sheet["A5"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A5"].data_type == "s"
    header_row = 7  # 5 header lines, one empty row
    names = [c.value for c in sheet[header_row]]
    assert names == list(export.columns)
    cusco = {n: c for n, c in zip(names, sheet[header_row + 3], strict=True)}
    assert cusco["Name"].value == "'+SUM(A1:A2)"
    assert cusco["Name"].data_type == "s"
    assert cusco["Members (members)"].value == 390
    assert cusco["Women share of members (%)"].value == pytest.approx(100 * 170 / 330)
    boyaca = {n: c.value for n, c in zip(names, sheet[header_row + 2], strict=True)}
    assert boyaca["Members per organization (median) (members)"] is None
    assert not np.isnan(cusco["Members (members)"].value)


def test_every_panel_names_declared_indicators_and_ratios_pool_their_sums() -> None:
    from geo.indicators.catalogue import PANELS, RATIOS
    from geo.indicators.sums import derive_ratios

    for panel, columns in PANELS.items():
        for column in columns:
            name = "type_share_cooperative" if column == "type_share" else column
            assert name in INDICATORS, (panel, column)
    # two units pooled by hand: 1 of 4 and 3 of 4 cooperatives -> 4 of 8, not a mean of 0.25, 0.75
    sums = {c: np.array([0.0, 0.0]) for r in RATIOS.values() for c in (*r.numerator, r.denominator)}
    sums.update(cooperatives=np.array([1.0, 3.0]), orgs=np.array([4.0, 4.0]))
    per_unit = derive_ratios(sums, np.array([True, True]))
    assert per_unit["coop_share"].tolist() == [0.25, 0.75]
    pooled = derive_ratios({c: v.sum(keepdims=True) for c, v in sums.items()}, np.array([True]))
    assert pooled["coop_share"].tolist() == [0.5]
    assert np.isnan(pooled["orgs_per_100k"][0])  # population 0: no data


def test_the_documented_formulas_are_the_registry() -> None:
    from geo.indicators.catalogue import ratios_markdown

    docs = (Path(__file__).resolve().parents[1] / "docs" / "indicators.md").read_text("utf-8")
    start, end = docs.index("<!-- ratios:start -->\n"), docs.index("<!-- ratios:end -->")
    assert docs[start + len("<!-- ratios:start -->\n") : end].strip() == ratios_markdown()
    assert "| `association_share` |" in docs  # the table is there, not an empty block
