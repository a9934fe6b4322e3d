"""The "where to intervene" preset: its weights, its link, its name on the exports."""

from __future__ import annotations

from geo.indicators.mapspec import MapSpec
from geo.indicators.presets import PRESETS, preset_of
from geo.indicators.priority import COMPONENTS
from geo.indicators.view import View

INTERVENE = PRESETS["intervene"]


def test_intervene_weighs_opportunity_need_and_the_gap_a_quarter_each() -> None:
    assert INTERVENE.weight_map == {
        "organizations": 1.0,
        "members": 0.0,
        "association_share": 1.0,  # few cooperatives: associations, pre-cooperatives
        "youth_share": 0.0,
        "coverage_gap": 1.0,  # not yet reached
        "need": 1.0,  # high poverty within the country
        "rurality": 0.0,
    }
    assert INTERVENE.indicator == "priority_score"


def test_a_link_restores_the_preset() -> None:
    view, notices = View.from_query(INTERVENE.query())
    assert notices == []
    assert (view.indicator, view.weights) == ("priority_score", INTERVENE.weights)
    assert preset_of(view.weight_map) is INTERVENE


def test_the_same_ratios_are_the_preset_and_others_are_not() -> None:
    assert preset_of({c: 3 * w for c, w in INTERVENE.weight_map.items()}) is INTERVENE
    assert preset_of(INTERVENE.weight_map | {"members": 0.5}) is None
    assert preset_of(dict.fromkeys(COMPONENTS, 1.0)) is None
    assert preset_of(None) is None


def test_exports_name_the_preset_in_both_languages() -> None:
    weights = tuple(INTERVENE.weight_map.items())
    english = MapSpec(column="priority_score", weights=weights).weights_line
    assert english.startswith(
        "Where to intervene (many organizations, few cooperatives, high poverty, "
        "not yet reached). Priority index weights: "
    )
    assert "Poverty, percentile within the country 25%" in english
    assert "Members" not in english  # weighted 0: not listed
    spanish = MapSpec(column="priority_score", weights=weights, lang="es").weights_line
    assert spanish.startswith("Dónde intervenir (muchas organizaciones, pocas cooperativas")
    other = MapSpec(column="priority_score", weights=tuple(dict.fromkeys(COMPONENTS, 1.0).items()))
    assert not other.weights_line.startswith("Where to intervene")
