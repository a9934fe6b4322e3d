"""Point-to-unit join: ``geo.join.locate`` against a bare ``geopandas.sjoin``, same data, same run.

Both levels in one run: the 83 level-1 units and the 1,541 level-2 units.

Usage: ``python -m bench.bench_join [--rows 1000000]``. Points are drawn uniformly in
the bounding box of the three countries (so many fall outside every unit, as bad
registry coordinates do) and, for 70 %, inside the units. Writes
``bench/results/join.json``.
"""

from __future__ import annotations

import argparse

import geopandas as gpd
import numpy as np

from bench._common import timeit, write_results
from geo.boundaries import load_boundaries
from geo.join import locate


def make_points(units: gpd.GeoDataFrame, n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    inside = units.geometry.sample_points(size=max(1, int(0.7 * n) // len(units)), rng=rng)
    pts = inside.explode(index_parts=False)
    lon, lat = pts.x.to_numpy(), pts.y.to_numpy()
    minx, miny, maxx, maxy = units.total_bounds
    rest = n - len(lon)
    lon = np.concatenate([lon, rng.uniform(minx, maxx, rest)])
    lat = np.concatenate([lat, rng.uniform(miny, maxy, rest)])
    order = rng.permutation(n)
    return lon[order], lat[order]


def bench_level(level: int, rows: int, repeat: int) -> dict[str, object]:
    """Time ``locate`` and ``sjoin`` on the same points for one level; check they agree."""
    units = load_boundaries("full", level=level)
    key = "iso_3166_2" if level == 1 else "admin2_id"
    lon, lat = make_points(units, rows)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    right = units[[key, "geometry"]]

    def ours() -> np.ndarray:
        return locate(lon, lat, units)

    def bare_sjoin() -> gpd.GeoDataFrame:
        return gpd.sjoin(points, right, how="left", predicate="within")

    def sjoin_with_points() -> gpd.GeoDataFrame:
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        return gpd.sjoin(pts, right, how="left", predicate="within")

    # Same answer: each point's unit (or none) agrees with sjoin.
    pos = ours()
    joined = bare_sjoin()
    joined = joined[~joined.index.duplicated()]
    expected = joined[key].reindex(range(len(lon))).to_numpy(dtype=object)
    codes = units[key].to_numpy(dtype=object)
    got = np.where(pos >= 0, codes[np.clip(pos, 0, None)], None)
    same = [(a == b) or (a is None and b != b) for a, b in zip(got, expected, strict=True)]
    t_ours = timeit(ours, repeat=repeat)
    t_sjoin = timeit(bare_sjoin, repeat=repeat)
    t_sjoin_pts = timeit(sjoin_with_points, repeat=repeat)
    return {
        "units": len(units),
        "rows": rows,
        "points_inside_a_unit": int((pos >= 0).sum()),
        "agreement_with_sjoin": float(np.mean(same)),
        "locate": t_ours,
        "sjoin_prebuilt_points": t_sjoin,
        "sjoin_including_point_creation": t_sjoin_pts,
        "ratio_sjoin_over_locate": t_sjoin["median_s"] / t_ours["median_s"],
        "ratio_sjoin_with_points_over_locate": t_sjoin_pts["median_s"] / t_ours["median_s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    level1 = bench_level(1, args.rows, args.repeat)
    level2 = bench_level(2, args.rows, args.repeat)
    results = {
        **level1,  # level 1 at the top level, as before
        "target": "ratio >= 1.0 (locate at least as fast as bare sjoin)",
        "level2": {**level2, "target": "ratio >= 2.0 (locate at least twice as fast as sjoin)"},
    }
    path = write_results("join", results)
    for level, r in ((1, level1), (2, level2)):
        print(
            f"level {level} ({r['units']} units), {args.rows:,} points: locate "
            f"{r['locate']['median_s']:.2f} s, "
            f"sjoin {r['sjoin_prebuilt_points']['median_s']:.2f} s "
            f"(ratio {r['ratio_sjoin_over_locate']:.2f}), sjoin incl. points "
            f"{r['sjoin_including_point_creation']['median_s']:.2f} s; "
            f"agreement {r['agreement_with_sjoin']:.4%}"
        )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
