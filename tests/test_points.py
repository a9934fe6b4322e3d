"""The organizations layer of the dashboard (dashboard.points): windows, clusters, text."""

from __future__ import annotations

import json

import pytest

from dashboard import points
from geo.i18n import Lang
from geo.indicators.filters import Filters
from geo.indicators.point_clusters import Window
from tests.test_dashboard_logic import HOSTILE, orgs_frame, prepared  # noqa: F401 (fixture)

#: The three countries at zoom 5, worked by hand in Web Mercator (world 8192 px):
#: x(82 W) = 2230 -> tile edge 2048, x(66 W) = 2594 -> 2816,
#: y(13.5 N) = 3785 -> 3584, y(19 S) = 4537 -> 4608.
REGION = Window(5, 2048, 3584, 2816, 4608)


def layer(prepared, filters: Filters | None = None, window: Window = REGION, lang: Lang = "en"):  # noqa: F811
    body = points.layer_geojson(orgs_frame(), prepared, filters or Filters(), window, lang)
    return json.loads(body)


def test_default_window_is_the_region_at_zoom_5() -> None:
    assert points.default_window() == REGION
    assert points.window_from_query({}) == REGION


def test_window_round_trips_and_bad_windows_fall_back_to_the_default() -> None:
    window = Window(8, 18944, 31488, 20480, 32512)
    assert points.window_from_query(points.window_query(window)) == window
    good = points.window_query(window)
    for bad in (
        {**good, "zoom": "x"},  # not a number
        {**good, "left": "100"},  # not a tile edge
        {**good, "right": str(18944 - 256)},  # empty
        {**good, "zoom": "23"},  # beyond the zoom range
        {**good, "right": str(18944 + 25 * 256)},  # more than MAX_TILES wide
        {**good, "bottom": str(256 * 2**8 + 256)},  # outside the world
    ):
        assert points.window_from_query(bad) == REGION
    # dash-leaflet's bounds before the map is ready
    assert points.window_for_map(None, None) == REGION


def test_clusters_and_points_worked_by_hand(prepared) -> None:  # noqa: F811
    # At zoom 5 a cell is 128 px (5.6 degrees). Medellín (6.25 N) and Cacao Unido (6.1 N)
    # share cell row 30 (y 3953.7 and 3957.1 px); Bogotá (4.6 N, y 3991.2) is in row 31;
    # the two Cusco points (13.5 S and 13.6 S, y 4406 and 4409) share row 34.
    # Four organizations have no coordinates and are not drawn.
    features = layer(prepared)["features"]
    assert len(features) == 3
    by_count = sorted(features, key=lambda f: f["geometry"]["coordinates"][1])
    cusco, bogota, antioquia = by_count
    assert cusco["properties"] == {
        "c": 2,
        "k": {"cooperative": 1, "producer_association": 1},
        "b": [-72.0, -13.6, -71.97, -13.5],
    }
    # a pair is each other's medoid: the marker stands on the first of the two (c1, a1),
    # not at their mean (-71.985, -13.55) / (-75.48, 6.175)
    assert cusco["geometry"]["coordinates"] == [-71.97, -13.5]
    assert antioquia["properties"]["c"] == 2
    assert antioquia["geometry"]["coordinates"] == [-75.56, 6.25]
    # a single point carries its details, as plain text
    assert bogota["properties"] == {
        "n": HOSTILE,
        "t": "mutual_employee_fund",
        "s": "Savings and credit",
        "m": 2500,
        "u": "Bogotá",
    }
    assert bogota["geometry"]["coordinates"] == [-74.08, 4.6]


def test_zoomed_in_the_points_separate_and_follow_filters_and_language(prepared) -> None:  # noqa: F811
    # zoom 10 around Medellín: the world is 262,144 px, a cell 0.176 degrees wide.
    # Medellín (75.56 W) is at x = 104.44 / 360 * 262,144 = 76,051 px, cell 594;
    # Cacao Unido (75.4 W) at 76,167 px, cell 595: two single points.
    window = points.window_for_map([[5.9, -75.8], [6.4, -75.2]], 10)
    features = layer(prepared, Filters(), window, "es")["features"]
    assert sorted(f["properties"]["n"] for f in features) == ["Cacao Unido", "Cafeteros del Norte"]
    assert {f["properties"]["s"] for f in features} == {"Café", "Cacao"}
    peru = layer(prepared, Filters(countries=("PE",)))["features"]
    assert [f["properties"]["c"] for f in peru] == [2]
    assert layer(prepared, Filters(countries=("EC",)))["features"] == []


def test_the_answer_is_cached_and_the_hostile_name_is_not_escaped(prepared) -> None:  # noqa: F811
    orgs = orgs_frame()
    first = points.layer_geojson(orgs, prepared, Filters(), REGION, "en")
    assert points.layer_geojson(orgs, prepared, Filters(), REGION, "en") is first
    text = first.decode("utf-8")
    assert json.dumps(HOSTILE)[1:-1] in text and "&lt;" not in text


@pytest.mark.parametrize("zoom", [3, 12])
def test_window_for_map_widens_the_view_to_tiles(zoom: int) -> None:
    window = points.window_for_map([[4.0, -75.0], [5.0, -74.0]], zoom)
    assert window.zoom == zoom
    assert all(v % 256 == 0 for v in (window.left, window.top, window.right, window.bottom))
    west, south, east, north = window.bounds()
    assert west <= -75.0 and east >= -74.0 and south <= 4.0 and north >= 5.0


def test_before_the_map_moves_the_window_is_around_its_centre() -> None:
    # zoom 12 at Bogotá (4.611 N, 74.082 W): the world is 1,048,576 px; the centre is at
    # x = 105.918 / 360 * 1,048,576 = 308,509 px; 800 px either side and a 128 px margin
    # give 307,581 .. 309,437, snapped to tiles: 307,456 .. 309,504.
    window = points.window_for_map(None, 12, [4.611, -74.082])
    assert (window.zoom, window.left, window.right) == (12, 307456, 309504)
    assert points.window_for_map(None, 12, ["x", 0]) == REGION
    assert points.window_for_map(None, None, [4.6, -74.0]) == REGION


@pytest.mark.parametrize(
    ("bounds", "zoom"),
    [
        ([[-1e308, -1e308], [1e308, 1e308]], 5),  # a forged view: the whole world at zoom 5
        ([[-85, -540], [85, 540]], 5),  # longitudes wrapped past ±180
    ],
)
def test_forged_bounds_give_the_world_not_an_error(bounds: list, zoom: float) -> None:
    window = points.window_for_map(bounds, zoom)
    assert window == Window(zoom=5, left=0, top=0, right=8192, bottom=8192)  # 32 tiles of 256 px


def test_infinite_bounds_count_as_missing() -> None:
    assert points.window_for_map([[-90, -1e999], [90, 1e999]], 5) == REGION


def test_bounds_with_no_number_fall_back_to_the_centre() -> None:
    centred = points.window_for_map(None, 12, [4.611, -74.082])
    assert points.window_for_map([[float("nan"), 0], [1, 1]], 12, [4.611, -74.082]) == centred
    assert points.window_for_map([[0, 0], [1, 1]], 1e308, [4.611, -74.082]) == REGION
