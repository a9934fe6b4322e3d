"""The planner's plain functions: selection in the URL, toggling, totals, contributions, context."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import layout_controls, planner
from dashboard.callbacks import view_from_controls
from geo.indicators.filters import Filters
from geo.indicators.view import View
from geo.units.context_layer import context_geojson


def test_selection_round_trips_through_the_url() -> None:
    view = View(selection=("CO-NAR", "CO-CAU", "CO-HUI", "PE-PUN"))
    assert view.selected is None
    query = view.to_query()
    assert "sel=CO-NAR%7CCO-CAU%7CCO-HUI%7CPE-PUN" in query
    assert View.from_query(query)[0] == view


def test_one_selected_unit_is_todays_single_selection() -> None:
    assert View(selected="CO-ANT").selection == ("CO-ANT",)
    assert View(selection=("CO-ANT",)).selected == "CO-ANT"
    assert View.from_query("sel=CO-ANT")[0].selected == "CO-ANT"


def test_unknown_selected_units_are_dropped_with_a_notice() -> None:
    view, notices = View.from_query("sel=CO-NAR|XX-YY", known_units={"CO-NAR"})
    assert view.selection == ("CO-NAR",)
    assert notices == ["sel='XX-YY' is not a known unit"]


def test_targeting_round_trips_and_bad_values_fall_back() -> None:
    view = View(programme="start_coop", per_population=True)
    assert View.from_query(view.to_query())[0] == view
    back, notices = View.from_query("target=nope&pp=yes")
    assert (back.programme, back.per_population) == (None, False)
    assert len(notices) == 2


def test_view_from_controls_reads_the_planner_controls() -> None:
    view = view_from_controls(
        {"lang": "es", "indicator": "orgs", "year_bounds": (1950, 2025),
         "selected": ["CO-NAR", "CO-CAU"], "sector_groups": ["fishing"], "programme": "any",
         "per_population": ["on"]}
    )  # fmt: skip
    assert view.selection == ("CO-NAR", "CO-CAU")
    assert view.filters == Filters(sector_groups=("fishing",))
    assert (view.programme, view.per_population) == (None, True)


@pytest.mark.parametrize(
    ("current", "clicked", "expected"),
    [
        ([], "CO-NAR", ["CO-NAR"]),
        (["CO-NAR"], "CO-CAU", ["CO-NAR", "CO-CAU"]),
        (["CO-NAR", "CO-CAU"], "CO-NAR", ["CO-CAU"]),
        ("CO-NAR", "CO-NAR", []),  # a store written by the single-selection version
        (None, None, []),
    ],
)
def test_a_click_toggles_a_unit(current, clicked, expected) -> None:
    assert planner.toggle_units(current, clicked) == expected


def test_programme_choice() -> None:
    assert layout_controls.programme_of("any") is None
    assert layout_controls.programme_of("think_coop") == "think_coop"
    assert layout_controls.target_options("en")[0]["value"] == "any"


def test_context_layer_has_neighbours_and_one_label_per_capital_town() -> None:
    layer = json.loads(context_geojson())
    kinds = pd.Series([f["properties"]["kind"] for f in layer["features"]]).value_counts()
    # 83 units; Bogotá is the capital of Bogotá D.C. and of Cundinamarca: labelled once
    assert kinds["capital"] == 82
    bogota = [f for f in layer["features"] if f["properties"].get("name") == "Bogotá"]
    assert [f["properties"]["national"] for f in bogota] == [True]
    names = {f["properties"]["name"] for f in layer["features"]}
    assert {"Brazil", "Venezuela", "Bolivia", "Chile", "Panama"} <= names
    national = {
        f["properties"]["name"] for f in layer["features"] if f["properties"].get("national")
    }
    assert national == {"Bogotá", "Lima", "Quito"}


def test_exports_follow_the_targeting() -> None:
    from geo.indicators.mapspec import MapSpec, compute
    from geo.indicators.prepared import prepare
    from tests.test_dashboard_logic import orgs_frame, programmes_frame

    prepared = prepare(orgs_frame(), programmes_frame())
    any_table, _ = compute(MapSpec(column="priority_score"), prepared)
    start, _ = compute(MapSpec(column="priority_score", coverage_programme="start_coop"), prepared)
    gap = "priority_coverage_gap"
    assert (start[gap].fillna(0) >= any_table[gap].fillna(0)).all()
    assert not start[gap].equals(any_table[gap])


def test_a_huge_number_of_classes_is_a_notice_not_an_error() -> None:
    view, notices = View.from_query("k=" + "9" * 5000)
    assert view.k == View().k
    assert len(notices) == 1 and notices[0].startswith("k=")
