"""Shared helpers for the benchmarks: timing, peak memory, writing results."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
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
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "numpy": np.__version__,
    }


def commit() -> str:
    """Return the short commit the benchmark runs on (``+`` when the code has changes).

    Only changes to code count (``geo``, ``dashboard``, ``coopatlas``, ``bench``), not
    earlier results in ``bench/results``.
    """

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, check=True, cwd=RESULTS_DIR.parent
        ).stdout

    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        dirty = git(
            "status", "--porcelain", "--", "geo", "dashboard", "coopatlas", "bench",
            ":!bench/results",
        ).strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+" if dirty else "")


def write_results(name: str, results: dict[str, Any]) -> Path:
    """Write ``results`` to ``bench/results/NAME.json`` with the context of the run.

    The context: date, machine, the commit measured (:func:`commit`) and the load
    average when the results were written (other work on a shared machine slows a
    benchmark down).
    """
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {
        "benchmark": name,
        "date": time.strftime("%Y-%m-%d"),
        "commit": commit(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
    }
    payload.update(results)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def change_country(page: Any, code: str = "EC") -> None:
    """Choose country ``code`` in the page's filter and wait until its answer has come.

    A first visit sends no view callback (the page arrives with its answer,
    ``dashboard.first_answer``), so benchmarks that replay the browser's own callback
    requests record them from a change like this one.
    """
    page.click("#f-country")

    def recoloured(response: Any) -> bool:
        return "units-layer.hideout" in (response.request.post_data or "")

    with page.expect_response(recoloured):
        page.locator(f".dash-dropdown-option:has(input[value='{code}'])").click()
    page.keyboard.press("Escape")
    page.wait_for_load_state("networkidle")
