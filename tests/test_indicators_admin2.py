"""Indicators per level-2 unit and the gap view, on a tiny hand-made fixture.

Two level-1 units (CO-ANT, CO-CAU) with their level-2 units:

    admin2     parent  area km2   organizations (members)
    CO-05001   CO-ANT     400     A1 coop (10), A2 association (30)
    CO-05002   CO-ANT     500     none
    CO-05004   CO-ANT     300     none
    CO-19100   CO-CAU     200     C1 coop (members unknown)
    CO-19110   CO-CAU     100     none

plus A3 (association, 50 members) in CO-ANT with no level-2 unit (department only).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo._errors import InputValidationError
from geo.indicators.compute import compute_indicators
from geo.indicators.compute_admin2 import units_without_organizations
from geo.indicators.filters import Filters
from geo.indicators.prepared import prepare


def fixture_units() -> dict[str, pd.DataFrame]:
    """Return two departments and five municipios with hand-set areas and populations."""
    units = pd.DataFrame(
        {
            "iso_3166_2": ["CO-ANT", "CO-CAU"],
            "country": ["CO", "CO"],
            "name": ["Antioquia", "Cauca"],
            "area_km2": [1200.0, 300.0],
        }
    )
    population = pd.DataFrame({"iso_3166_2": ["CO-ANT", "CO-CAU"], "population": [1000, 500]})
    units2 = pd.DataFrame(
        {
            "admin2_id": ["CO-05001", "CO-05002", "CO-05004", "CO-19100", "CO-19110"],
            "code": ["05001", "05002", "05004", "19100", "19110"],
            "country": ["CO"] * 5,
            "name": ["Medellín", "Abejorral", "Abriaquí", "Bolívar", "Buenos Aires"],
            "parent_iso_3166_2": ["CO-ANT"] * 3 + ["CO-CAU"] * 2,
            "drawn_in_iso_3166_2": ["CO-ANT"] * 3 + ["CO-CAU"] * 2,
            "area_km2": [400.0, 500.0, 300.0, 200.0, 100.0],
        }
    )
    return {"units": units, "population": population, "units2": units2}


def _prepared():
    orgs = pd.DataFrame(
        {
            "org_id": ["A1", "A2", "C1", "A3"],
            "country": ["CO"] * 4,
            "iso_3166_2": ["CO-ANT", "CO-ANT", "CO-CAU", "CO-ANT"],
            "admin2_code": ["05001", "05001", "19100", None],
            "org_type": ["cooperative", "producer_association", "cooperative",
                         "producer_association"],
            "sector": ["coffee"] * 4,
            "members_total": [10, 30, None, 50],
            "members_women": [None] * 4,
            "members_youth": [None] * 4,
            "year_founded": [2000] * 4,
            "federations": [""] * 4,
            "social_services": [""] * 4,
        }
    )  # fmt: skip
    return prepare(orgs, None, **fixture_units())


@pytest.fixture(scope="module")
def prepared():
    return _prepared()


def test_one_row_per_level_two_unit_with_hand_computed_values(prepared) -> None:
    table = compute_indicators(prepared, level=2).set_index("admin2_id")
    assert list(table.index) == ["CO-05001", "CO-05002", "CO-05004", "CO-19100", "CO-19110"]
    assert table["orgs"].tolist() == [2, 0, 0, 1, 0]
    assert table["cooperatives"].tolist() == [1, 0, 0, 1, 0]
    assert table.loc["CO-05001", "coop_share"] == 0.5
    assert np.isnan(table.loc["CO-05002", "coop_share"])  # no organizations: no data
    assert table.loc["CO-05001", "orgs_per_10k_km2"] == pytest.approx(2 / 400 * 1e4)  # 50
    assert table.loc["CO-19100", "orgs_per_10k_km2"] == pytest.approx(1 / 200 * 1e4)  # 50
    assert table["orgs_per_100k"].isna().all()  # no level-2 population
    assert table["population"].isna().all()
    assert table.loc["CO-05001", "median_members"] == 20.0  # (10 + 30) / 2
    assert np.isnan(table.loc["CO-19100", "median_members"])
    assert table.loc["CO-05001", "members_total"] == 40
    assert table["iso_3166_2"].tolist() == ["CO-ANT"] * 3 + ["CO-CAU"] * 2
    assert table["priority_rank"].notna().sum() >= 2


def test_filters_apply_at_level_two(prepared) -> None:
    coops = compute_indicators(prepared, Filters(org_types=("cooperative",)), level=2)
    assert coops["orgs"].tolist() == [1, 0, 0, 1, 0]
    cauca = compute_indicators(prepared, Filters(units=("CO-CAU",)), level=2)
    assert cauca["in_scope"].tolist() == [False, False, False, True, True]
    assert cauca["orgs"].tolist() == [0, 0, 0, 1, 0]
    assert np.isnan(cauca["orgs_per_10k_km2"].iloc[0])  # outside the scope: no data


def test_level_one_is_unchanged_by_level_two(prepared) -> None:
    table = compute_indicators(prepared)
    assert table["orgs"].tolist() == [3, 1]  # A3 counts at level 1
    assert prepared.admin2.without_unit == 1


def test_units_without_organizations_per_parent(prepared) -> None:
    gaps = units_without_organizations(prepared)
    assert gaps[["iso_3166_2", "units", "units_without", "orgs_without_admin2"]].to_dict(
        "records"
    ) == [
        {"iso_3166_2": "CO-ANT", "units": 3, "units_without": 2, "orgs_without_admin2": 1},
        {"iso_3166_2": "CO-CAU", "units": 2, "units_without": 1, "orgs_without_admin2": 0},
    ]
    assert gaps.loc[0, "without_names"] == ("Abejorral", "Abriaquí")
    assert gaps.loc[0, "share_without"] == pytest.approx(2 / 3)
    only = units_without_organizations(prepared, Filters(sectors=("cocoa",)), parent="CO-CAU")
    assert only["without_ids"].tolist() == [("CO-19100", "CO-19110")]
    with pytest.raises(InputValidationError, match="not a level-1 unit"):
        units_without_organizations(prepared, parent="CO-XXX")


def test_level_must_be_one_or_two(prepared) -> None:
    with pytest.raises(InputValidationError, match=r"level must be one of \[1, 2\]"):
        compute_indicators(prepared, level=3)


def test_a_map_with_no_value_anywhere_says_why_and_offers_indicators(prepared) -> None:
    from dashboard import logic
    from geo.indicators.unit_tables import unit_table
    from geo.indicators.view import View

    # this fixture has no level-2 population: organizations per 100,000 has no value
    view = View(level=2, parent="CO-ANT", indicator="orgs_per_100k", lang="es")
    result = logic.map_view(unit_table(prepared, view), view)
    text = str(result.status)
    assert "necesita la población" in text
    offers = [c for c in result.status[0].children if getattr(c, "href", None)]
    assert offers and all("level=2" in o.href and "parent=CO-ANT" in o.href for o in offers)
    assert "ind=orgs" in offers[0].href  # the count has a value in Medellín
    # a map with values says nothing more
    counts = View(level=2, parent="CO-ANT", indicator="orgs")
    assert logic.map_view(unit_table(prepared, counts), counts).status == []
