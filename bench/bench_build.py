"""``coopatlas build`` on large synthetic registries: wall time and peak memory, chunked and whole.

Usage::

    python -m bench.bench_build                      # 1,000,000 rows, chunked and whole
    python -m bench.bench_build --rows 1000000 5000000
    python -m bench.bench_build --rows 200000 --chunk-rows 20000 --no-whole

Each build runs in a child process (``coopatlas build ... --quiet``) that reports its
own peak resident memory, ``VmHWM`` from ``/proc/self/status``, and its CPU time
(user + system) as it exits; the parent measures wall time. On a machine shared with
other work the CPU time compares runs better than the wall time. The whole
(non-chunked) build, ``--chunk-rows 0``, runs at the first size as the baseline.
Registries up to 1,000,000 rows come from the demo generator
(:func:`coopatlas.demo.generate.write_demo`); a larger one repeats the 1,000,000-row file with each
copy's ids and names made distinct (``-r2``, ``-r3``...), which is faster and lighter
than generating it.

Targets (issue #15): 1,000,000 rows under 1.0 GB and 30 s; 5,000,000 rows under
1.2 GB. Writes ``bench/results/build.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import write_results
from coopatlas.demo.generate import write_demo
from geo.builds.chunked import CHUNK_ROWS

BASE_ROWS = 1_000_000
TARGETS = {1_000_000: {"build_s": 30, "peak_mb": 1024}, 5_000_000: {"peak_mb": 1229}}

_CHILD = """
import resource, sys
from coopatlas.cli import main
code = main(sys.argv[1:])
status = open("/proc/self/status").read()
hwm = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
usage = resource.getrusage(resource.RUSAGE_SELF)
print("VMHWM_KB", hwm.split()[1], file=sys.stderr)
print("CPU_S", usage.ru_utime + usage.ru_stime, file=sys.stderr)
sys.exit(code)
"""


def _repeat(source: Path, target: Path, copies: int) -> None:
    """Write ``copies`` copies of a demo registry, ids and names made distinct per copy."""
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for copy in range(1, copies + 1):
            with source.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                if copy == 1:
                    writer.writerow(header)
                suffix = "" if copy == 1 else f"-r{copy}"
                for row in reader:
                    row[0] = row[0] + suffix if row[0] else row[0]
                    row[1] = row[1] + suffix if row[1] else row[1]
                    writer.writerow(row)


def _registry(folder: Path, rows: int) -> tuple[Path, Path, float]:
    """Return the registry and programme files of ``rows`` rows, and the seconds taken."""
    start = time.perf_counter()
    base = folder / f"demo_{min(rows, BASE_ROWS)}"
    registry, programmes = base / "demo_registry.csv", base / "demo_programmes.csv"
    if not registry.is_file():
        registry, programmes = write_demo(base, n=min(rows, BASE_ROWS), seed=7)
    if rows > BASE_ROWS:
        if rows % BASE_ROWS:
            raise SystemExit(f"--rows above {BASE_ROWS:,} must be a multiple of it; got {rows:,}")
        big = folder / f"registry_{rows}.csv"
        _repeat(registry, big, rows // BASE_ROWS)
        registry = big
    return registry, programmes, time.perf_counter() - start


def _run(registry: Path, programmes: Path, out: Path, chunk_rows: int) -> dict[str, Any]:
    """Build in a child process; return wall time, peak memory and the counts."""
    command = [
        sys.executable, "-c", _CHILD, "build", str(registry), "--programmes", str(programmes),
        "--out", str(out), "--quiet", "--chunk-rows", str(chunk_rows),
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    build_s = time.perf_counter() - start
    lines = {line.split()[0]: line.split()[1] for line in done.stderr.splitlines() if line}
    hwm_kb, cpu_s = int(lines["VMHWM_KB"]), float(lines["CPU_S"])
    report = json.loads((out / "report.json").read_text("utf-8"))["organizations"]
    return {
        "chunk_rows": chunk_rows,
        "build_s": round(build_s, 1),
        "cpu_s": round(cpu_s, 1),
        "peak_mb": round(hwm_kb / 1024),
        "input_rows": report["input_rows"],
        "accepted": report["accepted"],
        "rejected": report["rejected"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[BASE_ROWS])
    parser.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS)
    parser.add_argument("--no-whole", action="store_true", help="skip the whole-build baseline")
    args = parser.parse_args()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k, rows in enumerate(args.rows):
            registry, programmes, generate_s = _registry(folder, rows)
            modes = [args.chunk_rows] + ([0] if k == 0 and not args.no_whole else [])
            for chunk_rows in modes:
                run = _run(registry, programmes, folder / f"out_{rows}_{chunk_rows}", chunk_rows)
                run.update(
                    rows=rows,
                    registry_mb=round(registry.stat().st_size / 1e6, 1),
                    generate_s=round(generate_s, 1),
                    mode="chunked" if chunk_rows else "whole",
                )
                target = TARGETS.get(rows, {}) if chunk_rows else {}
                run["targets"] = target
                met = all(run[key] < value for key, value in target.items())
                run["meets_targets"] = met if target else None  # the baseline has none
                runs.append(run)
                print(
                    f"{rows:,} rows, {run['mode']} (chunk {chunk_rows:,}): {run['build_s']} s "
                    f"(CPU {run['cpu_s']} s), "
                    f"VmHWM {run['peak_mb']:,} MB; {run['accepted']:,} accepted, "
                    f"{run['rejected']:,} rejected",
                    flush=True,
                )
    results: dict[str, Any] = {"runs": runs}  # write_results adds the commit measured
    whole = next((r for r in runs if r["mode"] == "whole"), None)
    if whole is not None:
        same = next(r for r in runs if r["rows"] == whole["rows"] and r["mode"] == "chunked")
        results["chunked_vs_whole"] = {
            "rows": whole["rows"],
            "time_ratio": round(same["build_s"] / whole["build_s"], 2),
            "cpu_ratio": round(same["cpu_s"] / whole["cpu_s"], 2),
            "peak_ratio": round(same["peak_mb"] / whole["peak_mb"], 2),
        }
        print(f"chunked / whole at {whole['rows']:,} rows: {results['chunked_vs_whole']}")
    path = write_results("build", results)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
