"""Priority weights chosen in the dashboard: URL round trip and effect on the score."""

from __future__ import annotations

import pytest

from geo.indicators.view import View


def test_weights_round_trip_through_the_url() -> None:
    view = View(weights=(0.0, 0.0, 0.0, 0.0, 1.0, 0.5, 0.0))
    back, notices = View.from_query(view.to_query())
    assert notices == []
    assert back == view
    assert back.weight_map == {
        "organizations": 0.0,
        "members": 0.0,
        "association_share": 0.0,
        "youth_share": 0.0,
        "coverage_gap": 1.0,
        "need": 0.5,
        "rurality": 0.0,
    }


def test_a_link_from_before_need_keeps_its_index() -> None:
    # five weights: the need components were not there yet, so they weigh 0
    view, notices = View.from_query({"w": "0,0,0,0,1"})
    assert notices == []
    assert view.weights == (0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@pytest.mark.parametrize("bad", ["1,1", "1,1,1,1,-1", "0,0,0,0,0", "a,b,c,d,e", "1,1,1,1,nan"])
def test_invalid_weights_fall_back_with_a_notice(bad: str) -> None:
    view, notices = View.from_query({"w": bad})
    assert view.weights is None
    assert len(notices) == 1 and "priority weights" in notices[0]


def test_coverage_gap_only_scores_each_unit_by_its_uncovered_share() -> None:
    # With all weight on the coverage gap the score is 100 * (1 - reached / orgs).
    import geopandas as gpd
    import pandas as pd

    from geo.indicators.prepared import prepare
    from geo.indicators.unit_tables import unit_table

    orgs = pd.DataFrame(
        {
            "org_id": ["a", "b", "c", "d"],
            "country": ["CO", "CO", "CO", "PE"],
            "iso_3166_2": ["CO-ANT", "CO-ANT", "CO-ANT", "PE-CUS"],
            "org_type": ["cooperative"] * 4,
            "sector": ["coffee"] * 4,
            "members_total": pd.array([10, 20, 30, 40], dtype="Int64"),
            "members_women": pd.array([5, 5, 5, 5], dtype="Int64"),
            "members_youth": pd.array([1, 1, 1, 1], dtype="Int64"),
            "year_founded": pd.array([2000] * 4, dtype="Int64"),
            "federations": [""] * 4,
            "social_services": [""] * 4,
        }
    )
    programmes = pd.DataFrame({"org_id": ["a"], "programme": ["My.Coop"]})
    prepared = prepare(gpd.GeoDataFrame(orgs), programmes)
    view = View(weights=(0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    table = unit_table(prepared, view, view.weight_map).set_index("unit_id")
    # Antioquia: 1 of 3 reached -> gap 2/3 -> 66.67; Cusco: none reached -> 100.
    assert table.loc["CO-ANT", "priority_score"] == pytest.approx(200 / 3)
    assert table.loc["PE-CUS", "priority_score"] == pytest.approx(100.0)
    assert table.loc["PE-CUS", "priority_rank"] == 1
