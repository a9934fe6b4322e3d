"""``coopatlas build`` of an older commit against this checkout, and the naive pipeline, in one run.

Usage::

    git archive <commit> | tar -x -C /tmp/base       # the code before, beside this one
    python -m bench.bench_build_compare --base /tmp/base --rows 200000 --pairs 2

Each build runs in a child process (``coopatlas build ... --quiet`` of the demo registry
and its programmes, chunked as by default), the older code first by ``PYTHONPATH``,
then this checkout, ``--pairs`` times alternately, so both see the same load. Each child
reports its CPU time (user + system) and its peak resident memory (``VmHWM``); the
parent measures wall time. The outputs of every pair are compared: the organizations
and programmes frames (:func:`pandas.testing.assert_frame_equal`), the rejected CSVs and
the report as bytes; a difference stops the run.

Between the pairs, the naive pipeline of :mod:`bench.bench_build` (``read_csv`` +
``points_from_xy`` + ``sjoin``) runs on the same file; the build's CPU over the naive
pipeline's CPU is the ratio issue #25 bounds at 3. Writes
``bench/results/build_compare.json`` (or ``--out``) with the load average before and after
the run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from bench._common import write_results
from bench.bench_build import _CHILD, _NAIVE, NAIVE_RATIO
from coopatlas.demo.generate import write_demo

#: Files of a processed folder compared as bytes (the frames are compared as frames).
_SAME_BYTES = ("rejected.csv", "rejected_programmes.csv", "report.json")


def _child(
    script: str, args: list[str], *, pythonpath: str | None = None
) -> tuple[float, dict[str, str]]:
    """Run ``python -c script args``; return its wall seconds and the ``KEY value`` lines."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),  # not this checkout: ``-c`` puts the working folder first
    )
    wall = time.perf_counter() - start
    lines = [line.split() for line in done.stderr.splitlines()]
    return wall, {parts[0]: parts[1] for parts in lines if len(parts) == 2}


def _build(
    registry: Path, programmes: Path, out: Path, *, pythonpath: str | None
) -> dict[str, Any]:
    """Build into ``out`` with the code on ``pythonpath`` (None: this checkout)."""
    args = ["build", str(registry), "--programmes", str(programmes), "--out", str(out), "--quiet"]
    wall, lines = _child(_CHILD, args, pythonpath=pythonpath)
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(float(lines["CPU_S"]), 2),
        "peak_mb": round(int(lines["VMHWM_KB"]) / 1024),
    }


def _same_outputs(old: Path, new: Path) -> None:
    """Raise AssertionError unless two processed folders hold the same results."""
    pd.testing.assert_frame_equal(
        gpd.read_parquet(old / "organizations.parquet"),
        gpd.read_parquet(new / "organizations.parquet"),
    )
    pd.testing.assert_frame_equal(
        pd.read_parquet(old / "programmes.parquet"), pd.read_parquet(new / "programmes.parquet")
    )
    for name in _SAME_BYTES:
        if (old / name).read_bytes() != (new / name).read_bytes():
            raise AssertionError(f"{name} differs between {old} and {new}")


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="source tree of the old code")
    parser.add_argument("--base-label", default="", help="its commit, for the results")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--data", type=Path, help="folder keeping the demo registry between runs")
    parser.add_argument("--out", default="build_compare", help="results file name (no .json)")
    args = parser.parse_args()
    load_before = [round(x, 2) for x in os.getloadavg()]
    old_runs: list[dict[str, Any]] = []
    new_runs: list[dict[str, Any]] = []
    naive_runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        base = folder / f"demo_{args.rows}"
        registry, programmes = base / "demo_registry.csv", base / "demo_programmes.csv"
        if not registry.is_file():
            registry, programmes = write_demo(base, n=args.rows, seed=7)
        for k in range(args.pairs):
            old = _build(registry, programmes, Path(tmp) / f"old{k}", pythonpath=str(args.base))
            new = _build(registry, programmes, Path(tmp) / f"new{k}", pythonpath=None)
            _same_outputs(Path(tmp) / f"old{k}", Path(tmp) / f"new{k}")
            wall, lines = _child(_NAIVE, [str(registry)])
            naive = {"wall_s": round(wall, 1), "cpu_s": round(float(lines["CPU_S"]), 2)}
            old_runs.append(old)
            new_runs.append(new)
            naive_runs.append(naive)
            print(f"pair {k + 1}: old {old}, new {new}, naive {naive}", flush=True)
    old_cpu, new_cpu = _median(old_runs, "cpu_s"), _median(new_runs, "cpu_s")
    naive_cpu = _median(naive_runs, "cpu_s")
    results = {
        "rows": args.rows,
        "base": args.base_label or str(args.base),
        "load_average_before": load_before,
        "old": old_runs,
        "new": new_runs,
        "naive": naive_runs,
        "outputs_identical": True,
        "median_cpu_s": {"old": old_cpu, "new": new_cpu, "naive": naive_cpu},
        "new_over_old_cpu": round(new_cpu / old_cpu, 3),
        "build_vs_naive_cpu": {
            "old": round(old_cpu / naive_cpu, 2),
            "new": round(new_cpu / naive_cpu, 2),
            "target": NAIVE_RATIO,
            "meets_target": new_cpu / naive_cpu <= NAIVE_RATIO,
        },
    }
    print({k: results[k] for k in ("median_cpu_s", "new_over_old_cpu", "build_vs_naive_cpu")})
    print(f"wrote {write_results(args.out, results)}")


if __name__ == "__main__":
    main()
