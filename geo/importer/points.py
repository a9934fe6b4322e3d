"""Locate organization rows by their coordinates: parse, join to units, repair.

Coordinates are parsed per file (GIS files always use a decimal point); invalid,
incomplete and (0, 0) ones are flagged and dropped. Usable points are joined to
the units (:func:`geo.units.join.locate`); a point outside the row's country is tried
with latitude and longitude swapped, then snapped onto a unit within
:data:`geo.units.join.SNAP_DISTANCE_M`; what still falls outside is flagged and dropped.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geo.importer.rows import Rows
from geo.io.raw_table import RawTable
from geo.units.join import locate, snap


def parse_coordinates(
    rows: Rows, tables: list[RawTable]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse latitude and longitude; flag and drop invalid, incomplete and (0, 0) ones.

    Parameters
    ----------
    rows
        The import's row state (flags are added to it).
    tables
        The input files (GIS files use a decimal point).

    Returns
    -------
    lat, lon : numpy.ndarray
        Degrees, NaN where missing or dropped.
    usable : numpy.ndarray
        bool, True where the row has a point worth locating.
    """
    # Coordinates written by a GIS (GeoJSON, GeoPackage) always use a decimal point.
    point_decimals: dict[int, str | None] = {
        id(raw): "." for raw in tables if raw.geometry_columns_added
    }
    lat, lat_bad = rows.numbers("latitude", point_decimals)
    lon, lon_bad = rows.numbers("longitude", point_decimals)
    has_lat, has_lon = np.isfinite(lat), np.isfinite(lon)
    invalid = lat_bad | lon_bad
    invalid |= (
        has_lat
        & has_lon
        & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
        & ~((np.abs(lon) <= 90) & (np.abs(lat) <= 180))
    )
    rows.flag(invalid, "invalid_coordinates")
    incomplete = (has_lat ^ has_lon) & ~invalid
    rows.flag(incomplete, "incomplete_coordinates")
    zero = has_lat & has_lon & (lat == 0) & (lon == 0)
    rows.flag(zero, "zero_coordinates")
    usable = has_lat & has_lon & ~invalid & ~zero
    lat[~usable] = np.nan
    lon[~usable] = np.nan
    return lat, lon, usable


def _in_scope(countries: np.ndarray, unit_country: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Mask of unit positions (``-1`` for none) inside the row's country, when it has one."""
    ok = pos >= 0
    same = np.where(ok, unit_country[np.clip(pos, 0, None)], None)
    return ok & ((countries == None) | (same == countries))  # noqa: E711


def locate_points(
    rows: Rows,
    lat: np.ndarray,
    lon: np.ndarray,
    usable: np.ndarray,
    countries: np.ndarray,
    boundaries: gpd.GeoDataFrame,
) -> np.ndarray:
    """Join usable points to units; swap back or snap the ones outside; drop the rest.

    Parameters
    ----------
    rows
        The import's row state (flags are added to it).
    lat, lon, usable
        From :func:`parse_coordinates`; ``lat`` and ``lon`` are updated in place
        (swapped back, snapped, or NaN when dropped).
    countries
        Each row's country (``"CO"``, ``"PE"``, ``"EC"``) or None for any of them.
    boundaries
        Full-resolution units of either level (EPSG:4326) with a ``country`` column.

    Returns
    -------
    numpy.ndarray
        The position in ``boundaries`` of each row's point's unit, ``-1`` for none.
    """
    unit_country = boundaries["country"].to_numpy(dtype=object)
    pos = locate(lon, lat, boundaries)
    pos = np.asarray(np.where(_in_scope(countries, unit_country, pos), pos, -1))
    scope = (countries, unit_country, boundaries)
    _swap_back(rows, lat, lon, usable, pos, scope)
    _snap_to_coast(rows, lat, lon, usable, pos, scope)
    outside = usable & (pos < 0)
    rows.flag(outside, "point_outside_country")
    lat[outside] = np.nan
    lon[outside] = np.nan
    return pos


_Scope = tuple[np.ndarray, np.ndarray, gpd.GeoDataFrame]  # countries, unit countries, units


def _swap_back(
    rows: Rows,
    lat: np.ndarray,
    lon: np.ndarray,
    usable: np.ndarray,
    pos: np.ndarray,
    scope: _Scope,
) -> None:
    """Swap latitude/longitude back when the swapped point lands inside the row's country."""
    countries, unit_country, boundaries = scope
    todo = usable & (pos < 0)
    if not todo.any():
        return
    swapped = locate(np.where(todo, lat, np.nan), np.where(todo, lon, np.nan), boundaries)
    ok = todo & _in_scope(countries, unit_country, swapped)
    if ok.any():
        lat[ok], lon[ok] = lon[ok].copy(), lat[ok].copy()
        pos[ok] = swapped[ok]
        rows.flag(ok, "swapped_coordinates")


def _snap_to_coast(
    rows: Rows,
    lat: np.ndarray,
    lon: np.ndarray,
    usable: np.ndarray,
    pos: np.ndarray,
    scope: _Scope,
) -> None:
    """Move points just off the coast (or on a border) onto the nearest unit of their country."""
    countries, unit_country, boundaries = scope
    todo = usable & (pos < 0)
    if not todo.any():
        return
    idx = np.flatnonzero(todo)
    near, s_lon, s_lat = snap(lon[idx], lat[idx], boundaries)
    cand = np.full(len(pos), -1, dtype="int32")
    cand[idx] = near
    ok = todo & _in_scope(countries, unit_country, cand)
    ok_local = ok[idx]
    pos[ok] = cand[ok]
    lon[idx[ok_local]] = s_lon[ok_local]
    lat[idx[ok_local]] = s_lat[ok_local]
    rows.flag(ok, "snapped_to_unit")
