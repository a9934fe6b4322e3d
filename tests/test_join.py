"""Point-in-unit join on two hand-drawn unit squares; expectations worked out by hand.

Unit A is the square [0, 1] x [0, 1] (position 0), unit B the square [1, 2] x [0, 1]
(position 1); they share the border x = 1.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo._errors import CRSMismatchError
from geo.units.join import locate, snap


@pytest.fixture
def units() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso_3166_2": ["XX-A", "XX-B"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)],
        crs="EPSG:4326",
    )


def test_points_inside_each_unit(units: gpd.GeoDataFrame) -> None:
    got = locate(np.array([0.5, 1.5, 0.25]), np.array([0.5, 0.5, 0.75]), units)
    np.testing.assert_array_equal(got, np.array([0, 1, 0], dtype="int32"))
    assert got.dtype == np.int32


def test_point_on_the_shared_border_is_left_to_snap_and_goes_to_the_first_unit(
    units: gpd.GeoDataFrame,
) -> None:
    # (1, 0.5) lies on x = 1: neither square contains it (containment excludes the border).
    assert locate(np.array([1.0]), np.array([0.5]), units).tolist() == [-1]
    # It is 0 m from both; the unit listed first wins, however the layer is ordered.
    pos, lon, lat = snap(np.array([1.0]), np.array([0.5]), units)
    assert (pos.tolist(), lon.tolist(), lat.tolist()) == ([0], [1.0], [0.5])
    reversed_units = units.iloc[::-1].reset_index(drop=True)
    pos, _, _ = snap(np.array([1.0]), np.array([0.5]), reversed_units)
    assert reversed_units["iso_3166_2"].iat[int(pos[0])] == "XX-B"  # now listed first


def test_points_outside_every_unit_and_missing_points(units: gpd.GeoDataFrame) -> None:
    lon = np.array([5.0, -0.5, np.nan, 0.5])
    lat = np.array([5.0, 0.5, 0.5, np.nan])
    assert locate(lon, lat, units).tolist() == [-1, -1, -1, -1]


def test_snap_moves_a_near_point_onto_the_unit_and_leaves_a_far_one(
    units: gpd.GeoDataFrame,
) -> None:
    # (2.01, 0.5) is 0.01 degrees east of B: about 1.1 km at latitude 0.5, under 5 km.
    # (3, 0.5) is 1 degree (about 111 km) away: left unassigned and unmoved.
    pos, lon, lat = snap(np.array([2.01, 3.0]), np.array([0.5, 0.5]), units)
    assert pos.tolist() == [1, -1]
    assert lon.tolist() == [2.0, 3.0]
    assert lat.tolist() == [0.5, 0.5]


def test_empty_input_gives_empty_output(units: gpd.GeoDataFrame) -> None:
    got = locate(np.array([]), np.array([]), units)
    assert got.shape == (0,)
    assert got.dtype == np.int32
    pos, lon, lat = snap(np.array([]), np.array([]), units)
    assert (pos.shape, lon.shape, lat.shape) == ((0,), (0,), (0,))


def test_points_in_another_crs_than_the_units_are_refused(units: gpd.GeoDataFrame) -> None:
    # (0.5, 0.5) in Web Mercator metres is a point near (0, 0) degrees: joining it as
    # degrees would put it silently inside unit A.
    with pytest.raises(
        CRSMismatchError, match=r"points are in EPSG:3857 .* units are in EPSG:4326"
    ):
        locate(np.array([0.5]), np.array([0.5]), units, crs="EPSG:3857")
    with pytest.raises(ValueError, match=r"EPSG:3857.*EPSG:4326"):
        snap(np.array([0.5]), np.array([0.5]), units, crs="EPSG:3857")


def test_units_without_a_crs_are_refused(units: gpd.GeoDataFrame) -> None:
    bare = units.set_crs(None, allow_override=True)
    with pytest.raises(CRSMismatchError, match="units are in no declared CRS"):
        locate(np.array([0.5]), np.array([0.5]), bare)


def test_units_in_another_crs_are_refused_even_when_the_points_match(
    units: gpd.GeoDataFrame,
) -> None:
    mercator = units.to_crs("EPSG:3857")
    with pytest.raises(ValueError, match=r"units must be in EPSG:4326 \(got EPSG:3857\)"):
        locate(np.array([0.5]), np.array([0.5]), mercator, crs="EPSG:3857")
