"""Point-to-unit join: ``geo.join.locate`` against a bare ``geopandas.sjoin``, same data, same run.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    units = load_boundaries("full")
    lon, lat = make_points(units, args.rows)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    right = units[["iso_3166_2", "geometry"]]

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
    expected = joined["iso_3166_2"].reindex(range(len(lon))).to_numpy(dtype=object)
    codes = units["iso_3166_2"].to_numpy(dtype=object)
    got = np.where(pos >= 0, codes[np.clip(pos, 0, None)], None)
    same = [(a == b) or (a is None and b != b) for a, b in zip(got, expected, strict=True)]
    agree = float(np.mean(same))

    t_ours = timeit(ours, repeat=args.repeat)
    t_sjoin = timeit(bare_sjoin, repeat=args.repeat)
    t_sjoin_pts = timeit(sjoin_with_points, repeat=args.repeat)
    results = {
        "rows": args.rows,
        "points_inside_a_unit": int((pos >= 0).sum()),
        "agreement_with_sjoin": agree,
        "locate": t_ours,
        "sjoin_prebuilt_points": t_sjoin,
        "sjoin_including_point_creation": t_sjoin_pts,
        "ratio_sjoin_over_locate": t_sjoin["median_s"] / t_ours["median_s"],
        "ratio_sjoin_with_points_over_locate": t_sjoin_pts["median_s"] / t_ours["median_s"],
        "target": "ratio >= 1.0 (locate at least as fast as bare sjoin)",
    }
    path = write_results("join", results)
    print(
        f"{args.rows:,} points: locate {t_ours['median_s']:.2f} s, "
        f"sjoin {t_sjoin['median_s']:.2f} s "
        f"(ratio {results['ratio_sjoin_over_locate']:.2f}), sjoin incl. points "
        f"{t_sjoin_pts['median_s']:.2f} s; agreement {agree:.4%}; wrote {path}"
    )


if __name__ == "__main__":
    main()
