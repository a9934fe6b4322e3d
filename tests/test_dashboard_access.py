"""Plain functions behind the dashboard's accessibility and feedback (no browser)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from dash.development.base_component import Component

from dashboard import logic, side_charts
from dashboard.fields import options, search_words
from dashboard.layout import header_min_width
from geo.i18n import Lang
from geo.indicators.filters import Filters
from geo.indicators.view import View


def texts(node: Any) -> list[str]:
    """Every string in a Dash component tree, in order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, Component):
        return texts(getattr(node, "children", None))
    if isinstance(node, list | tuple):
        return [s for child in node for s in texts(child)]
    return []


# ------------------------------------------------------------------------ searchable options
def test_search_words_keep_the_name_and_add_it_unaccented() -> None:
    assert search_words("Perú") == "perú peru"
    assert search_words("Peru", "Perú") == "peru perú"
    assert search_words("San Martín", "PE-SAM") == "san martín martin pe-sam pe sam"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_country_options_are_found_with_and_without_accents(lang: str) -> None:
    peru = next(o for o in options("country", ["CO", "PE", "EC"], lang) if o["value"] == "PE")
    assert peru["label"] == {"en": "Peru", "es": "Perú"}[lang]
    assert "peru" in peru["search"].split() and "perú" in peru["search"].split()


# ------------------------------------------------------------------------ the map's frame
BOUNDS = pd.DataFrame(
    {"south": [0.0, -10.0, -2.0], "west": [-75.0, -80.0, -90.0],
     "north": [10.0, -1.0, 1.0], "east": [-67.0, -70.0, -89.0]},
    index=["CO-A", "PE-B", "EC-W"],
)  # fmt: skip
UNITS = pd.DataFrame({"iso_3166_2": ["CO-A", "PE-B", "EC-W"], "country": ["CO", "PE", "EC"]})


def test_frame_is_the_box_around_the_units_in_the_filters() -> None:
    everything = logic.view_frame(UNITS, View(), BOUNDS)
    assert everything == [[-10.0, -90.0], [10.0, -67.0]]
    peru = View(filters=Filters(countries=("PE",)))
    assert logic.view_frame(UNITS, peru, BOUNDS) == [[-10.0, -80.0], [-1.0, -70.0]]


def test_frame_takes_in_a_selected_unit_outside_the_filters() -> None:
    view = View(filters=Filters(countries=("PE",)), selected="EC-W")
    assert logic.view_frame(UNITS, view, BOUNDS) == [[-10.0, -90.0], [1.0, -70.0]]


def test_frame_of_no_known_unit_is_none() -> None:
    assert logic.frame_bounds(BOUNDS, ["XX-YY"]) is None


def test_unit_bounds_are_read_once_and_cover_the_83_units() -> None:
    first = logic.unit_bounds()
    assert logic.unit_bounds() is first
    assert len(first) == 83
    assert (first["south"] < first["north"]).all() and (first["west"] < first["east"]).all()
    tacna = first.loc["PE-TAC"]
    assert -19 < tacna["south"] < -17 and -72 < tacna["west"] < -69


# ------------------------------------------------------------------------ empty state
def nothing_table() -> pd.DataFrame:
    table = pd.DataFrame(
        {"iso_3166_2": ["CO-A", "PE-B"], "name": ["A", "B"], "in_scope": [True, False],
         "orgs": [0.0, 5.0], "priority_rank": [float("nan")] * 2},
    )  # fmt: skip
    return table


def test_no_match_counts_only_units_in_scope() -> None:
    assert logic.no_match(nothing_table())
    table = nothing_table()
    table.loc[0, "orgs"] = 1.0
    assert not logic.no_match(table)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "No organization matches the filters"),
        ("es", "Ninguna organización cumple los filtros"),
    ],
)
def test_charts_say_nothing_matches(lang: Lang, message: str) -> None:
    view = View(lang=lang)
    for chart in (side_charts.type_chart, side_charts.coverage_chart, side_charts.priority_chart):
        assert texts(chart(nothing_table(), view))[0] == message


# ------------------------------------------------------------------------ table headers
def test_columns_fit_their_longest_header_word() -> None:
    assert header_min_width("Organizaciones por 100.000 habitantes") == 14 * 8 + 44
    assert header_min_width("Rank") == 90
