"""Start-up of the command line, imports included, against a bare Python start.

Usage: ``python -m bench.bench_startup [--repeat 7]``. Writes
``bench/results/startup.json``. Each case runs in a new process (so imports are
paid every time, as a user pays them) and is timed from spawn to exit; the baseline
is ``python -c pass`` run the same way in the same run.

Target (issue "Scale and speed"): ``coopatlas --help`` under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from bench._common import write_results

TARGET_HELP_S = 0.5

CASES = {
    "python_baseline": [sys.executable, "-c", "pass"],
    "coopatlas_help": [sys.executable, "-m", "coopatlas", "--help"],
    "coopatlas_export_help": [sys.executable, "-m", "coopatlas", "export", "--help"],
    "coopatlas_build_help": [sys.executable, "-m", "coopatlas", "build", "--help"],
}


def wall(command: list[str], repeat: int) -> dict[str, float]:
    """Median, min and max wall seconds of ``command`` run ``repeat`` times."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cases = {name: wall(cmd, args.repeat) for name, cmd in CASES.items()}
    base = cases["python_baseline"]["median_s"]
    for name, figures in cases.items():
        if name != "python_baseline":
            figures["ratio_to_python"] = figures["median_s"] / base
        print(f"{name}: {figures['median_s']:.3f} s", flush=True)
    help_s = cases["coopatlas_help"]["median_s"]
    results = {
        "cases": cases,
        "target_help_s": TARGET_HELP_S,
        "meets_target": help_s < TARGET_HELP_S,
    }
    path = write_results("startup", results)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
