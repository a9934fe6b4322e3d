"""Shared helpers for the benchmarks: timing, peak memory, writing results."""

from __future__ import annotations

import json
import platform
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def timeit(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> dict[str, float]:
    """Run ``fn`` ``warmup`` + ``repeat`` times; return median/min/max seconds of the timed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_memory_mb(pid: int | None = None) -> dict[str, float]:
    """Return a process's resident memory now and its peak, in MB, from ``/proc/PID/status``.

    Parameters
    ----------
    pid
        The process; this one by default.

    Returns
    -------
    dict
        ``{"rss_mb": VmRSS, "hwm_mb": VmHWM}``. VmHWM is the kernel's high-water mark of
        the resident size: it catches peaks between samples, and :func:`reset_peak_rss`
        can set it back to the current size. Empty when the process is gone or the
        system has no ``/proc`` (not Linux).
    """
    fields = {"VmRSS": "rss_mb", "VmHWM": "hwm_mb"}
    try:
        lines = Path(f"/proc/{pid or 'self'}/status").read_text().splitlines()
    except OSError:
        return {}
    out: dict[str, float] = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in fields:
            out[fields[key]] = int(value.split()[0]) / 1024  # the kernel writes kB (KiB)
    return out


def reset_peak_rss() -> bool:
    """Set this process's VmHWM back to its current resident size (Linux 4.0 and later).

    Returns
    -------
    bool
        False where the kernel does not allow it (the peak then includes earlier work).
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def machine() -> dict[str, Any]:
    """Describe the machine the benchmark ran on."""
    import os

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "numpy": np.__version__,
    }


def write_results(name: str, results: dict[str, Any]) -> Path:
    """Write ``results`` (plus the machine description and date) to ``bench/results/NAME.json``."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {"benchmark": name, "date": time.strftime("%Y-%m-%d"), "machine": machine()}
    payload.update(results)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path
