"""Demo coordinates: points strictly inside a unit, written as registries write them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from coopatlas.demo.sampling import choose_disjoint, pick
from geo.units.boundaries import load_boundaries


def points_in_polygon(
    rng: np.random.Generator, polygon: shapely.Polygon, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rejection-sample ``count`` points strictly inside ``polygon``, on a 1e-5 degree grid.

    Parameters
    ----------
    rng
        Random generator.
    polygon
        Polygon in longitude/latitude degrees.
    count
        Number of points.

    Returns
    -------
    (x, y) : tuple of numpy.ndarray
        Longitudes and latitudes, each rounded to 5 decimals.
    """
    minx, miny, maxx, maxy = polygon.bounds
    shapely.prepare(polygon)
    efficiency = max(polygon.area / ((maxx - minx) * (maxy - miny)), 0.01)
    xs, ys, got = [], [], 0
    while got < count:
        draw = int((count - got) / efficiency * 1.2) + 16
        # Integers of 1e-5 degrees divided by 1e5 equal what float() reads back from the text.
        x = np.rint((minx + (maxx - minx) * rng.random(draw)) * 1e5) / 1e5
        y = np.rint((miny + (maxy - miny) * rng.random(draw)) * 1e5) / 1e5
        inside = shapely.contains_xy(polygon, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        got += int(inside.sum())
    return np.concatenate(xs)[:count], np.concatenate(ys)[:count]


def coordinate_cells(
    rng: np.random.Generator,
    units: pd.DataFrame,
    unit: np.ndarray,
    *,
    point_share: float,
    faults: tuple[int, int, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitude and longitude text for a share of the rows, with injected faults.

    Parameters
    ----------
    rng
        Random generator.
    units
        Unit table of the generator (``iso_3166_2`` in unit-index order).
    unit
        Unit index per row.
    point_share
        Probability that a row has a point; the others are blank.
    faults
        Numbers of rows (among those with a point, disjoint) whose coordinates are
        swapped, written ``"0"``/``"0"``, and written with decimal commas.

    Returns
    -------
    lat_text, lon_text : numpy.ndarray
        Cells as text, ``""`` where blank.
    faulty : numpy.ndarray
        True on rows given a coordinate fault.
    """
    n = len(unit)
    has_point = rng.random(n) < point_share
    rows = np.flatnonzero(has_point)
    rows = rows[np.argsort(unit[rows], kind="stable")]
    lon, lat = _points_by_unit(rng, units, unit[rows])
    lat_text = np.full(n, "", dtype=object)
    lon_text = np.full(n, "", dtype=object)
    lat_text[rows] = [f"{v:.5f}" for v in lat]
    lon_text[rows] = [f"{v:.5f}" for v in lon]

    swapped, zero, comma = choose_disjoint(rng, np.flatnonzero(has_point), list(faults))
    lat_text[swapped], lon_text[swapped] = lon_text[swapped], lat_text[swapped]
    lat_text[zero] = lon_text[zero] = "0"
    lat_text[comma] = [s.replace(".", ",") for s in lat_text[comma]]
    lon_text[comma] = [s.replace(".", ",") for s in lon_text[comma]]
    faulty = np.zeros(n, dtype=bool)
    faulty[np.concatenate([swapped, zero, comma])] = True
    return lat_text, lon_text, faulty


def _points_by_unit(
    rng: np.random.Generator, units: pd.DataFrame, sorted_unit: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One point per row of ``sorted_unit`` (unit indices in order), inside the full polygon.

    A row's polygon part is drawn in proportion to the parts' areas.
    """
    per_unit = np.bincount(sorted_unit, minlength=len(units))
    boundaries = load_boundaries("full").set_index("iso_3166_2")
    lon = np.empty(len(sorted_unit))
    lat = np.empty(len(sorted_unit))
    start = 0
    for k, iso in enumerate(units["iso_3166_2"]):
        m = int(per_unit[k])
        if m == 0:
            continue
        geometry = boundaries.at[iso, "geometry"]
        parts = list(getattr(geometry, "geoms", [geometry]))
        areas = np.array([p.area for p in parts])
        part = pick(rng, (areas / areas.sum())[None, :], np.zeros(m, dtype=np.int64))
        x = np.empty(m)
        y = np.empty(m)
        for p, polygon in enumerate(parts):
            where = np.flatnonzero(part == p)
            if len(where):
                x[where], y[where] = points_in_polygon(rng, polygon, len(where))
        lon[start : start + m] = x
        lat[start : start + m] = y
        start += m
    return lon, lat
