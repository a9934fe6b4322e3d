"""Grid clustering of organization points (geo.indicators.point_clusters), checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.indicators.point_clusters import (
    CELL_PX,
    TILE_PX,
    Window,
    cluster_window,
    point_set,
    view_window,
)


def frame(rows: list[tuple[float, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["longitude", "latitude", "org_type"])


def test_point_set_projects_to_world_pixels_and_drops_points_without_coordinates() -> None:
    orgs = frame([(0.0, 0.0, "cooperative"), (-90.0, 0.0, "other_sse"),
                  (np.nan, 1.0, "cooperative"), (10.0, np.nan, "cooperative")])  # fmt: skip
    points = point_set(orgs, np.array([0, 1, 2, 3]))
    # zoom 0: the world is one 256 px tile; (0, 0) is its centre, 90 W a quarter across
    np.testing.assert_allclose(points.x, [128.0, 64.0])
    np.testing.assert_allclose(points.y, [128.0, 128.0], atol=1e-9)
    assert points.rows.tolist() == [0, 1]
    assert [points.kinds[k] for k in points.kind] == ["cooperative", "other_sse"]


def test_view_window_snaps_to_tiles_worked_by_hand() -> None:
    # zoom 2: the world is 1024 px. x(120 W) = 60/360*1024 = 170.7 -> tile edge 0;
    # x(60 W) = 341.3 -> 512. y(10 N) = 483.2 -> 256; y(10 S) = 540.8 -> 768.
    assert view_window((-120, -10, -60, 10), 2, margin_px=0) == Window(2, 0, 256, 512, 768)
    # a margin of 200 px: left 170.7 - 200 < 0 (clipped to 0), right 541.3 -> 768,
    # top 283.2 -> 256 (unchanged), bottom 740.8 -> 768 (unchanged)
    assert view_window((-120, -10, -60, 10), 2, margin_px=200) == Window(2, 0, 256, 768, 768)
    # a fractional zoom is rounded down
    assert view_window((-120, -10, -60, 10), 2.5, margin_px=0).zoom == 2


def test_window_bounds_are_the_tile_edges_in_degrees() -> None:
    west, south, east, north = Window(2, 0, 256, 512, 768).bounds()
    assert (west, east) == pytest.approx((-180.0, 0.0))
    # y = 256 and 768 of 1024 px: latitudes +-66.5133 (the Mercator inverse at +-pi/2)
    assert (south, north) == pytest.approx((-66.51326, 66.51326), abs=1e-5)


def test_clusters_worked_by_hand_at_zoom_2() -> None:
    # zoom 2 and 128 px cells: a cell is 45 degrees of longitude wide.
    # A (100 W, 1 S) and B (95 W, 5 S) share cell (1, 4); C (80 W, 1 S) is alone in (2, 4).
    orgs = frame([(-100.0, -1.0, "cooperative"), (-95.0, -5.0, "producer_association"),
                  (-80.0, -1.0, "cooperative"), (20.0, 50.0, "cooperative")])  # fmt: skip
    points = point_set(orgs, np.arange(4))
    cells = cluster_window(points, Window(2, 0, 256, 512, 768), cell_px=128)
    # D (20 E, 50 N) is outside the window
    assert cells["count"].tolist() == [2, 1]
    pair, single = cells.iloc[0], cells.iloc[1]
    # two points are each other's medoid (equal summed distance): the first, A, stands for both
    assert (pair["lon"], pair["lat"]) == (-100.0, -1.0)
    assert (pair["west"], pair["south"], pair["east"], pair["north"]) == (-100, -5, -95, -1)
    assert pair["row"] == -1
    assert (pair["cooperative"], pair["producer_association"]) == (1, 1)
    assert single["row"] == 2
    assert (single["lon"], single["lat"]) == (-80.0, -1.0)
    assert (single["cooperative"], single["producer_association"]) == (1, 0)


def test_every_point_in_the_window_is_in_one_cell_and_cells_do_not_depend_on_the_window() -> None:
    rng = np.random.default_rng(4)
    n = 5000
    orgs = frame(
        list(zip(rng.uniform(-81, -67, n), rng.uniform(-18, 12, n),
                 rng.choice(["a", "b", "c"], n), strict=True))
    )  # fmt: skip
    points = point_set(orgs, np.arange(n))
    world = view_window((-100, -40, -50, 30), 6, margin_px=0)
    cells = cluster_window(points, world)
    assert cells["count"].sum() == n
    assert (cells[["a", "b", "c"]].sum(axis=1) == cells["count"]).all()
    # two overlapping windows agree on the cells they share (tiles hold whole cells)
    left = cluster_window(points, Window(6, world.left, world.top, world.left + 4 * TILE_PX,
                                         world.bottom))  # fmt: skip
    inner = cluster_window(points, Window(6, world.left + 2 * TILE_PX, world.top,
                                          world.left + 6 * TILE_PX, world.bottom))  # fmt: skip
    shared = left.merge(inner, on=["lon", "lat"], suffixes=("", "_other"))
    assert len(shared) > 0
    assert (shared["count"] == shared["count_other"]).all()
    assert len(left) + len(inner) - len(shared) <= len(cells)


def test_empty_and_invalid_inputs() -> None:
    points = point_set(frame([]), np.array([], dtype=np.int64))
    cells = cluster_window(points, Window(3, 0, 0, 256, 256))
    assert len(cells) == 0 and list(cells.columns[:8]) == [
        "count", "lon", "lat", "west", "south", "east", "north", "row"
    ]  # fmt: skip
    with pytest.raises(ValueError, match="must divide the tile size 256"):
        cluster_window(points, Window(3, 0, 0, 256, 256), cell_px=100)
    assert TILE_PX % CELL_PX == 0


def test_a_cluster_stands_on_a_member_never_on_the_mean() -> None:
    # Antioquia (Medellín, 75.57 W 6.25 N), Imbabura (Ibarra, 78.12 W 0.35 N) and a
    # second Medellín organization: at zoom 2 all three share one 128 px cell (a cell is
    # 45 degrees wide). The mean (76.42 W, 4.28 N) is no organization's place; the medoid
    # is: summed distances are smallest from a Medellín point (0 to its twin and ~6.4
    # degrees to Ibarra, against ~12.8 from Ibarra), so the marker is at Medellín.
    orgs = frame([(-78.12, 0.35, "cooperative"), (-75.57, 6.25, "cooperative"),
                  (-75.57, 6.25, "producer_association")])  # fmt: skip
    cells = cluster_window(point_set(orgs, np.arange(3)), Window(2, 0, 256, 512, 768), cell_px=128)
    assert cells["count"].tolist() == [3]
    assert (cells["lon"].iloc[0], cells["lat"].iloc[0]) == (-75.57, 6.25)


def test_a_large_cell_stands_on_the_member_nearest_its_median() -> None:
    # 300 points (more than MEDOID_EXACT) on a line of longitudes -80.0 ... -77.01 at the
    # equator, plus nothing else: the median longitude is -78.505, halfway between the
    # 150th (-78.51) and 151st (-78.50) points; the nearer in Mercator x is a tie broken
    # by order: -78.51, a member's position.
    from geo.indicators.point_clusters import MEDOID_EXACT

    lons = [-80.0 + 0.01 * i for i in range(300)]
    assert len(lons) > MEDOID_EXACT
    orgs = frame([(lon, 0.0, "cooperative") for lon in lons])
    cells = cluster_window(
        point_set(orgs, np.arange(300)), Window(2, 0, 256, 512, 768), cell_px=128
    )
    assert cells["count"].tolist() == [300]
    assert cells["lon"].iloc[0] in lons
    assert cells["lon"].iloc[0] == pytest.approx(-78.51, abs=0.011)
