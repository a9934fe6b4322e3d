"""Point-in-polygon join of coordinates to the units of either level.

The join works on coordinate arrays, never building Point objects. For each unit a
bounding-box test selects candidate points (for many units, such as the 1,541 of
level 2, the points are sorted by longitude once and each unit binary-searches its
slice), and :func:`shapely.contains_xy` (a prepared-geometry test in GEOS) checks only
those.
Units are tried in order and the first that contains a point keeps it. For the 83
level-1 units and the 1,541 level-2 units this beats a general spatial join (see
``bench/bench_join.py``).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geo._errors import CRSMismatchError
from geo.settings import STORAGE_CRS

#: Points within this distance of a unit (and outside every unit) are snapped to it.
SNAP_DISTANCE_M = 5_000.0

#: From this many units on, :func:`locate` sorts the points by longitude first (below it,
#: a scan of every point per unit is cheaper than the sort: 83 units, 1M points).
SORTED_FROM_UNITS = 200

# Metres per degree of latitude; used to turn the snap distance into degrees.
_M_PER_DEG = 111_320.0


def _check_layer(units: gpd.GeoDataFrame, points_crs: Any) -> None:
    """Refuse points and units in different CRSs, then units not in the storage CRS."""
    if units.crs is None or CRS.from_user_input(points_crs) != units.crs:
        raise CRSMismatchError(
            f"the points are in {CRS.from_user_input(points_crs).to_string()} but the units "
            f"are in {units.crs.to_string() if units.crs is not None else 'no declared CRS'}; "
            f"reproject both to {STORAGE_CRS} (e.g. .to_crs('{STORAGE_CRS}')) before joining"
        )
    if units.crs is None or units.crs.to_string() != STORAGE_CRS:
        raise ValueError(
            f"units must be in {STORAGE_CRS} (got {units.crs}); load them with "
            "geo.units.boundaries.load_boundaries() or reproject with .to_crs('EPSG:4326')"
        )


def locate(
    lon: np.ndarray, lat: np.ndarray, units: gpd.GeoDataFrame, *, crs: Any = STORAGE_CRS
) -> np.ndarray:
    """Return, for each point, the position (row number) of the unit containing it.

    Parameters
    ----------
    lon, lat
        Coordinates in degrees (EPSG:4326); NaN for missing points.
    units
        Boundary layer in EPSG:4326 whose polygons do not overlap.
    crs
        The CRS of ``lon``/``lat`` (anything :class:`pyproj.CRS` accepts); it must
        be the units' CRS.

    Returns
    -------
    numpy.ndarray
        ``int32`` positions into ``units``; ``-1`` where no unit contains the point
        (outside, missing, or exactly on a border; see :func:`snap`).

    Raises
    ------
    CRSMismatchError
        ``crs`` is not the units' CRS (the message names both).
    ValueError
        The units are not in EPSG:4326.
    """
    _check_layer(units, crs)
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    out = np.full(lon.shape, -1, dtype="int32")
    geoms = units.geometry.values
    shapely.prepare(geoms)
    bounds = shapely.bounds(geoms)
    if len(bounds) < SORTED_FROM_UNITS:
        _locate_scan(lon, lat, geoms, bounds, out)
    else:
        _locate_sorted(lon, lat, geoms, bounds, out)
    return out


def _locate_scan(
    lon: np.ndarray, lat: np.ndarray, geoms: np.ndarray, bounds: np.ndarray, out: np.ndarray
) -> None:
    """Few units: test every point against each unit's box with numpy, then the polygon."""
    valid = np.isfinite(lon) & np.isfinite(lat)
    for i, (minx, miny, maxx, maxy) in enumerate(bounds):
        cand = np.flatnonzero(
            valid & (out < 0) & (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
        )
        if cand.size:
            inside = shapely.contains_xy(geoms[i], lon[cand], lat[cand])
            out[cand[inside]] = i


def _locate_sorted(
    lon: np.ndarray, lat: np.ndarray, geoms: np.ndarray, bounds: np.ndarray, out: np.ndarray
) -> None:
    """Many units: sort the points by longitude once; each unit reads its slice of them."""
    valid = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    order = valid[np.argsort(lon[valid], kind="stable")]
    s_lon, s_lat = lon[order], lat[order]
    starts = np.searchsorted(s_lon, bounds[:, 0], side="left")
    stops = np.searchsorted(s_lon, bounds[:, 2], side="right")
    for i, (_, miny, _, maxy) in enumerate(bounds):
        a, b = starts[i], stops[i]
        if a == b:
            continue
        in_box = np.flatnonzero((s_lat[a:b] >= miny) & (s_lat[a:b] <= maxy))
        cand = order[a + in_box]
        cand = cand[out[cand] < 0]
        if cand.size:
            inside = shapely.contains_xy(geoms[i], lon[cand], lat[cand])
            out[cand[inside]] = i


def snap(
    lon: np.ndarray,
    lat: np.ndarray,
    units: gpd.GeoDataFrame,
    *,
    max_distance_m: float = SNAP_DISTANCE_M,
    crs: Any = STORAGE_CRS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Snap points outside every unit to the nearest unit within ``max_distance_m``.

    Meant for the few points :func:`locate` left unassigned (just off the coast,
    exactly on a border). Distances are measured in degrees scaled to metres at
    the point's latitude, which is accurate to well under 1 % at these latitudes.
    A point equally near several units (exactly on a shared border) goes to the
    one that comes first in ``units``, so the result does not depend on the
    spatial index.

    Parameters
    ----------
    lon, lat
        Coordinates in degrees (EPSG:4326); NaN for missing points.
    units
        Boundary layer in EPSG:4326.
    max_distance_m
        Points farther than this from every unit are left unassigned.
    crs
        The CRS of ``lon``/``lat``; it must be the units' CRS.

    Returns
    -------
    tuple of numpy.ndarray
        ``(positions, snapped_lon, snapped_lat)``: unit positions (``-1`` when
        nothing is near enough) and the nearest point on that unit's boundary.

    Raises
    ------
    CRSMismatchError
        ``crs`` is not the units' CRS (the message names both).
    """
    _check_layer(units, crs)
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    pos = np.full(lon.shape, -1, dtype="int32")
    new_lon, new_lat = lon.copy(), lat.copy()
    valid = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    if valid.size == 0:
        return pos, new_lon, new_lat
    points = shapely.points(lon[valid], lat[valid])
    max_deg = max_distance_m / _M_PER_DEG / np.cos(np.radians(np.clip(lat[valid], -80, 80)))
    tree = shapely.STRtree(units.geometry.values)
    idx_pts, idx_units = tree.query_nearest(
        points, max_distance=float(max_deg.max()), all_matches=True, return_distance=False
    )
    nearest: dict[int, int] = {}  # ties (a point on a shared border): the first unit wins
    for p, u in zip(idx_pts.tolist(), idx_units.tolist(), strict=True):
        nearest[p] = min(u, nearest.get(p, u))
    for p, u in nearest.items():
        geom = units.geometry.values[u]
        line = shapely.shortest_line(points[p], geom)
        dx, dy = np.diff(np.asarray(line.coords), axis=0)[0]
        metres = np.hypot(dx * _M_PER_DEG * np.cos(np.radians(lat[valid[p]])), dy * _M_PER_DEG)
        if metres <= max_distance_m:
            k = valid[p]
            pos[k] = u
            new_lon[k], new_lat[k] = line.coords[1]
    return pos, new_lon, new_lat
