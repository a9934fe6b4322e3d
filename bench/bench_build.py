"""Whole ``coopatlas build`` on a large synthetic registry: wall time and peak memory.

Usage: ``python -m bench.bench_build [--rows 1000000]``. The registry is made by the
demo generator (``geo.demo``); the build runs in a child process so its peak memory
is measured on its own. Targets (issue #3): under 60 s and under 2 GB on a 2-core
machine. Writes ``bench/results/build.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import write_results
from geo.demo import write_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        start = time.perf_counter()
        registry, programmes = write_demo(tmp_path / "input", n=args.rows, seed=7)
        generate_s = time.perf_counter() - start
        out = tmp_path / "processed"
        command = [
            sys.executable, "-m", "coopatlas", "build", str(registry),
            "--programmes", str(programmes), "--out", str(out), "--quiet",
        ]  # fmt: skip
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        build_s = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        report = json.loads((out / "report.json").read_text("utf-8"))["organizations"]
        registry_mb = registry.stat().st_size / 1e6
    results = {
        "rows": args.rows,
        "registry_mb": registry_mb,
        "generate_s": generate_s,
        "build_s": build_s,
        "build_peak_rss_mb": peak_mb,
        "accepted": report["accepted"],
        "rejected": report["rejected"],
        "targets": {"build_s": 60, "build_peak_rss_mb": 2048},
        "meets_targets": build_s < 60 and peak_mb < 2048,
    }
    path = write_results("build", results)
    print(
        f"{args.rows:,} rows: build {build_s:.1f} s (target < 60 s), peak {peak_mb:,.0f} MB "
        f"(target < 2,048 MB); {report['accepted']:,} accepted, {report['rejected']:,} "
        f"rejected; wrote {path}"
    )


if __name__ == "__main__":
    main()
