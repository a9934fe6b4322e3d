"""Point-to-unit join: ``geo.units.join.locate`` against ``sindex.query`` and ``geopandas.sjoin``.

Three ways to the same answer, each from the coordinates a registry gives:

* ``locate`` (ours): coordinate arrays in, an array of unit positions out;
* ``sindex.query``: the units' spatial index queried with Point geometries,
  ``predicate="within"``, turned into the same array (the first unit in order where a
  point is within several, ``-1`` for none): the baseline that returns what ours returns;
* ``gpd.sjoin`` (``predicate="within"``, ``how="left"``): the joined frame, as a
  GeoPandas user would write it.

A point exactly on a border (or on the outer edge) is in no unit for all three (a
point on a boundary is not *within* a polygon; :func:`geo.units.join.locate` uses
:func:`shapely.contains_xy`, which agrees). ``predicate="intersects"`` is timed too:
it gives such points a unit, so its answers differ on them, and the difference is
reported.

Every repeat draws new points (another seed) and rebuilds the units' geometries from
WKB, so no spatial index or prepared geometry survives from one run to the next.
The benchmark checks that the three answers agree on every point of every repeat
before reporting times, and stops when they do not. Peak memory (VmHWM over the
resident size just before the call) is measured for each method once, in a fresh
process.

Usage: ``python -m bench.bench_join [--rows 1000000] [--repeat 3]``. Points are
drawn for 70 % inside the units and the rest uniformly in the bounding box of the
three countries (many outside every unit, as bad registry coordinates are), plus
1,000 vertices of the unit boundaries (points on borders). Writes
``bench/results/join.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from bench._common import proc_memory_mb, reset_peak_rss, write_results
from geo.units.boundaries import load_boundaries
from geo.units.join import locate

#: Points placed exactly on unit boundaries (vertices of the polygons).
BORDER_POINTS = 1_000
KEYS = {1: "iso_3166_2", 2: "admin2_id"}
#: Name -> function(lon, lat, units) -> answer. The baselines build their Points.
Method = Callable[[np.ndarray, np.ndarray, gpd.GeoDataFrame], Any]


def make_points(units: gpd.GeoDataFrame, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``n`` points: inside units, anywhere in the box, and on boundaries."""
    rng = np.random.default_rng(seed)
    inside = units.geometry.sample_points(size=max(1, int(0.7 * n) // len(units)), rng=rng)
    pts = inside.explode(index_parts=False)
    vertices = shapely.get_coordinates(units.geometry.boundary.values)
    border = vertices[rng.choice(len(vertices), BORDER_POINTS, replace=False)]
    lon = np.concatenate([pts.x.to_numpy(), border[:, 0]])
    lat = np.concatenate([pts.y.to_numpy(), border[:, 1]])
    minx, miny, maxx, maxy = units.total_bounds
    rest = n - len(lon)
    lon = np.concatenate([lon, rng.uniform(minx, maxx, rest)])
    lat = np.concatenate([lat, rng.uniform(miny, maxy, rest)])
    order = rng.permutation(n)
    return lon[order], lat[order]


def fresh(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the units with new geometry objects: not prepared, no spatial index yet."""
    geometry = shapely.from_wkb(shapely.to_wkb(units.geometry.values))
    return gpd.GeoDataFrame(units.drop(columns="geometry"), geometry=geometry, crs=units.crs)


def first_unit(n: int, point_idx: np.ndarray, unit_idx: np.ndarray) -> np.ndarray:
    """Return, for each of ``n`` points, the lowest unit position among its matches, else -1."""
    out = np.full(n, np.iinfo(np.int32).max, dtype=np.int32)
    np.minimum.at(out, point_idx, unit_idx.astype(np.int32))
    out[out == np.iinfo(np.int32).max] = -1
    return out


def sindex_positions(predicate: str) -> Method:
    """Return the ``sindex.query`` baseline for ``predicate``: positions, as ours returns."""

    def run(lon: np.ndarray, lat: np.ndarray, units: gpd.GeoDataFrame) -> np.ndarray:
        points = gpd.points_from_xy(lon, lat, crs=units.crs)
        point_idx, unit_idx = units.sindex.query(points, predicate=predicate)
        return first_unit(len(lon), point_idx, unit_idx)

    return run


def sindex_of_points(lon: np.ndarray, lat: np.ndarray, units: gpd.GeoDataFrame) -> np.ndarray:
    """Return positions from an index of the points queried with the units (``contains``).

    This is what ``sjoin`` does inside for ``within``: the tree holds the points and
    each (prepared) unit polygon is queried against it.
    """
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=units.crs)
    unit_idx, point_idx = points.sindex.query(units.geometry, predicate="contains")
    return first_unit(len(lon), point_idx, unit_idx)


def sjoin_frame(lon: np.ndarray, lat: np.ndarray, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the ``gpd.sjoin`` baseline's answer: the joined frame (one row per match)."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=units.crs)
    return gpd.sjoin(points, units, how="left", predicate="within")


METHODS: dict[str, Method] = {
    "locate": lambda lon, lat, units: locate(lon, lat, units),
    "sindex_within": sindex_positions("within"),
    "sindex_points_contains": sindex_of_points,
    "sjoin_within": sjoin_frame,
    "sindex_intersects": sindex_positions("intersects"),
}
#: The baselines that must give exactly the answer of ``locate``.
SAME_ANSWER = ("sindex_within", "sindex_points_contains", "sjoin_within")


def positions(answer: Any, units: gpd.GeoDataFrame) -> np.ndarray:
    """Return an answer as unit positions (an sjoin frame: its first unit per point)."""
    if isinstance(answer, np.ndarray):
        return answer
    matched = answer["index_right"].notna().to_numpy()
    point_idx = answer.index.to_numpy()[matched]
    unit_idx = answer["index_right"].to_numpy()[matched].astype(np.int64)
    return first_unit(len(answer.index.unique()), point_idx, units.index.get_indexer(unit_idx))


def load_units(level: int) -> gpd.GeoDataFrame:
    """Return the full-resolution units of ``level`` with their code, indexed 0..n-1."""
    units = load_boundaries("full", level=level)
    return units[[KEYS[level], "geometry"]].reset_index(drop=True)


def time_level(level: int, rows: int, repeat: int) -> dict[str, Any]:
    """Time every method on new points each repeat; check the answers agree."""
    units = load_units(level)
    times: dict[str, list[float]] = {name: [] for name in METHODS}
    border_mismatch: list[int] = []
    for run in range(repeat + 1):  # run 0 warms up (imports, first calls), untimed
        lon, lat = make_points(units, rows, seed=1000 + run)
        answers: dict[str, np.ndarray] = {}
        for name, method in METHODS.items():
            layer = fresh(units)
            start = time.perf_counter()
            answer = method(lon, lat, layer)
            elapsed = time.perf_counter() - start
            answers[name] = positions(answer, layer)
            if run:
                times[name].append(elapsed)
        ours = answers["locate"]
        for name in SAME_ANSWER:
            wrong = np.flatnonzero(answers[name] != ours)
            if wrong.size:
                examples = np.column_stack([lon[wrong[:5]], lat[wrong[:5]]]).tolist()
                sys.exit(
                    f"level {level}, seed {1000 + run}: {name} differs from locate on "
                    f"{wrong.size:,} points, e.g. (lon, lat) {examples}"
                )
        border_mismatch.append(int((answers["sindex_intersects"] != ours).sum()))
    medians = {name: float(np.median(t)) for name, t in times.items()}
    return {
        "units": len(units),
        "rows": rows,
        "repeats": repeat,
        "points_on_boundaries": BORDER_POINTS,
        "agreement": f"locate, {', '.join(SAME_ANSWER)}: same unit for every point of every repeat",
        "intersects_differs_on_points": border_mismatch,
        "seconds": {
            name: {"median": medians[name], "min": min(t), "max": max(t)}
            for name, t in times.items()
        },
        "ratio_over_locate": {name: medians[name] / medians["locate"] for name in METHODS},
    }


def release_free_memory() -> None:
    """Give memory the C allocator holds but no longer uses back to the system (glibc)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to release
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def peak_memory(level: int, name: str, rows: int) -> dict[str, float | bool]:
    """Run one method once in this (fresh) process; return its peak over the inputs' size."""
    units = load_units(level)
    lon, lat = make_points(units, rows, seed=999)
    layer = fresh(units)
    release_free_memory()  # what the set-up freed is not counted as the method's
    was_reset = reset_peak_rss()
    before = proc_memory_mb()
    METHODS[name](lon, lat, layer)
    after = proc_memory_mb()
    return {
        "rss_before_mb": before["rss_mb"],
        "vmhwm_mb": after["hwm_mb"],
        "peak_over_inputs_mb": after["hwm_mb"] - before["rss_mb"],
        "peak_reset_before_call": was_reset,
    }


def memory_level(level: int, rows: int) -> dict[str, dict[str, float | bool]]:
    """Measure each method's peak memory in its own new process."""
    out = {}
    for name in METHODS:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            out[name] = pool.submit(peak_memory, level, name, rows).result()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for level in (1, 2):
        r = time_level(level, args.rows, args.repeat)
        r["peak_memory"] = memory_level(level, args.rows)
        results[f"level{level}"] = r
        s, ratio, mem = r["seconds"], r["ratio_over_locate"], r["peak_memory"]
        print(f"level {level} ({r['units']} units), {args.rows:,} points, median of {args.repeat}:")
        for name in METHODS:
            peak, hwm = mem[name]["peak_over_inputs_mb"], mem[name]["vmhwm_mb"]
            print(
                f"  {name:22} {s[name]['median']:6.2f} s  x{ratio[name]:5.2f}  "
                f"peak +{peak:6.0f} MB (VmHWM {hwm:.0f} MB)"
            )
        print(f"  intersects differs from within on {r['intersects_differs_on_points']} points")
    results["targets"] = {
        "level1": "locate at least as fast as sjoin (ratio >= 1.0)",
        "level2": "locate at least twice as fast as sjoin (ratio >= 2.0)",
    }
    print(f"wrote {write_results('join', results)}")


if __name__ == "__main__":
    main()
