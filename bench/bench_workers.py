"""Memory of gunicorn workers, heavy libraries imported lazily (today) and eagerly (before).

Usage: ``python -m bench.bench_workers [--rows 100000] [--workers 2] [--users 4]``.
Writes ``bench/results/workers.json``.

Steps:

1. build a processed folder of ``--rows`` demo organizations (``bench.load_test``);
2. in a new Python process each, create the app on it and report the seconds spent
   importing and creating it, ``VmRSS``/``VmHWM`` afterwards and which heavy libraries
   are in ``sys.modules``: as today, and with mapclassify imported first (what
   ``geo/indicators/classify.py`` did at start before issue #15);
3. for each case, start ``gunicorn [--preload] --workers W`` on a free loopback port,
   record a page load as Chromium sends it (``bench.load_test.capture``), then let
   ``--users`` simulated users (``bench.load_test.User``, in parallel so that every
   worker serves some) load the page and change filters and indicators, and export a
   CSV; then read each worker's ``VmHWM`` (the kernel's peak), ``VmRSS``, PSS and
   private memory (USS) from ``/proc``;
4. then every user switches the map to Fisher-Jenks breaks and downloads the view as
   PNG, PowerPoint and offline HTML (the libraries a worker now imports only then:
   mapclassify with SciPy and scikit-learn, matplotlib, python-pptx, folium), and the
   workers' memory is read again. Before step 3, a first visit with an empty cache
   is loaded in Chromium and the bytes it received are summed (compressed, as sent,
   headers included; ``bench.bench_dashboard.capture_first_load``).

Cases: ``preload`` (today's app, ``--preload``; the target), ``preload_eager`` (the
baseline: the same app and command with the old eager import put back by the
settings file ``bench/_eager_gunicorn.py``), ``no_preload`` and ``no_preload_eager``.

Targets (issue #15): a worker's peak (``VmHWM``) under 350 MB with ``--preload``; a
first load under 1 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench._common import write_results
from bench.bench_dashboard import capture_first_load
from bench.load_actions import background_result, download_url, export_body
from bench.load_test import (
    PROJECT_ROOT,
    Recorder,
    User,
    app_version,
    build_processed,
    capture,
    cpu_ticks,
    free_port,
    memory_mb,
    proc_status_kb,
    start_gunicorn,
    stop_gunicorn,
    wait_ready,
    worker_pids,
)

TARGET_WORKER_HWM_MB = 350.0
TARGET_FIRST_LOAD_BYTES = 1_000_000

#: Libraries a worker's start must not import (``tests/test_lazy_imports.py``).
HEAVY = ("matplotlib", "scipy", "sklearn", "mapclassify", "pptx", "folium", "openpyxl")

#: gunicorn options of each case.
CASES: dict[str, list[str]] = {
    "preload": ["--preload"],
    "preload_eager": ["--preload", "-c", "python:bench._eager_gunicorn"],
    "no_preload": [],
    "no_preload_eager": ["-c", "python:bench._eager_gunicorn"],
}

#: Each user's actions after the first page load (``bench.load_test.User`` methods).
ACTIONS = ("filter_change",) * 4 + ("indicator_change",) * 2 + ("export_csv",)

#: Downloads of the second phase, after a switch to Fisher-Jenks breaks.
HEAVY_EXPORTS = ("png", "pptx", "html")

START_CODE = """
import json, resource, sys, time
start = time.perf_counter()
for name in sys.argv[2:]:
    __import__(name)
from dashboard.app import create_app
imported = time.perf_counter()
create_app(sys.argv[1])
created = time.perf_counter()
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
print(json.dumps({
    "import_s": round(imported - start, 3),
    "create_app_s": round(created - imported, 3),
    "rss_mb": round(int(status["VmRSS"].split()[0]) / 1024, 1),
    "hwm_mb": round(int(status["VmHWM"].split()[0]) / 1024, 1),
    "heavy_loaded": sorted(m for m in %r if m in sys.modules),
}))
"""


def start_in_new_process(processed: Path, eager: tuple[str, ...]) -> dict[str, Any]:
    """Import and create the app in a new Python process; return its times and memory."""
    code = START_CODE % (HEAVY,)
    result = subprocess.run(
        [sys.executable, "-c", code, str(processed), *eager],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def exercise(base: str, *, users: int) -> tuple[list[User], Recorder]:
    """Let ``users`` users load the page and act (:data:`ACTIONS`) at the same time."""
    script = capture(base)
    recorder = Recorder()
    hard_end = time.monotonic() + 600
    crowd = [User(i, base, script, recorder, hard_end=hard_end) for i in range(users)]
    in_parallel(crowd, recorder, lambda user: ("page_load", *ACTIONS))
    return crowd, recorder


def heavy_exports(crowd: list[User], recorder: Recorder) -> None:
    """Let every user switch to Fisher-Jenks breaks and download :data:`HEAVY_EXPORTS`."""
    in_parallel(crowd, recorder, lambda user: ("fisher_jenks", *HEAVY_EXPORTS))


def in_parallel(crowd: list[User], recorder: Recorder, actions) -> None:  # type: ignore[no-untyped-def]
    """Run each user's ``actions(user)`` in its own thread, all at once."""

    def run(user: User) -> None:
        for action in actions(user):
            try:
                if action == "fisher_jenks":
                    user.change({"scheme": "fisher_jenks"})
                    if "fisher_jenks" not in user.view:
                        raise RuntimeError(f"the view did not change: {user.view!r}")
                elif action in HEAVY_EXPORTS:
                    download(user, action)
                else:
                    getattr(user, action)()
            except Exception as exc:  # recorded, the other users go on
                recorder.fail(f"action:{action}", f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=run, args=(user,)) for user in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def download(user: User, fmt: str) -> None:
    """Click the ``fmt`` download button for ``user``'s current view.

    Exports run as background jobs (``dashboard/jobs.py``): the click starts one and the
    page polls it until the answer names the file (``bench.load_actions.background_result``,
    as ``bench.load_test.User.export`` does); then the file is fetched by its URL.
    """
    user.clicks += 1
    body = export_body(user.script.download, fmt, user.clicks, user.view)
    content = background_result(user, f"cb:download.{fmt}", body)
    url = download_url(content)
    if url is None:
        raise RuntimeError(f"no {fmt} download in the response: {content[:200]!r}")
    user.request(f"get:export.{fmt}", "GET", url)  # the page downloads it by URL


def worker_memory(master: int) -> list[dict[str, Any]]:
    """``VmHWM``, RSS, PSS and USS of each worker of ``master`` now, in MB."""
    workers = []
    for pid in worker_pids(master):
        memory = memory_mb(pid) or {}
        workers.append(
            {
                "pid": pid,
                "hwm_mb": round((proc_status_kb(pid, "VmHWM") or 0) / 1024, 1),
                **{f"{k}_mb": v for k, v in memory.items()},
            }
        )
    return workers


def measure_case(processed: Path, folder: Path, name: str, *, workers: int, users: int) -> dict:
    """Run gunicorn with the options of case ``name``; return its memory figures."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = folder / f"gunicorn-{name}.log"
    proc = start_gunicorn(processed, workers=workers, port=port, log=log, extra=CASES[name])
    try:
        ready_s = wait_ready(proc, base, workers=workers, log=log)
        pids = worker_pids(proc.pid)
        after_boot = {pid: memory_mb(pid) for pid in pids}
        first_load_bytes, first_load_requests, _ = capture_first_load(base + "/")
        ticks = {pid: cpu_ticks(pid) or 0 for pid in worker_pids(proc.pid)}
        crowd, recorder = exercise(base, users=users)
        per_worker = worker_memory(proc.pid)
        for worker in per_worker:
            worker["rss_after_boot_mb"] = (after_boot.get(worker["pid"]) or {}).get("rss")
            worker["cpu_ticks_serving"] = (cpu_ticks(worker["pid"]) or 0) - ticks.get(
                worker["pid"], 0
            )
        master = memory_mb(proc.pid) or {}
        master["hwm"] = round((proc_status_kb(proc.pid, "VmHWM") or 0) / 1024, 1)
        heavy_recorder = Recorder()
        for user in crowd:
            user.recorder = heavy_recorder
        heavy_exports(crowd, heavy_recorder)
        after_exports = worker_memory(proc.pid)
        for user in crowd:
            user.pool.shutdown()
    finally:
        stop_gunicorn(proc)
    errors = sum(recorder.errors.values())
    requests = sum(len(v) for k, v in recorder.latencies.items() if not k.startswith("action:"))
    result = {
        "gunicorn_options": CASES[name],
        "ready_s": round(ready_s, 1),
        "first_load_bytes": first_load_bytes,
        "first_load_requests": first_load_requests,
        "requests": requests,
        "errors": errors,
        "error_samples": recorder.error_samples[:5],
        "master_mb": master,
        "workers": per_worker,
        "worker_hwm_max_mb": max((w["hwm_mb"] for w in per_worker), default=0.0),
        "worker_rss_max_mb": max((w.get("rss_mb", 0.0) for w in per_worker), default=0.0),
        "total_pss_mb": round(master.get("pss", 0.0) + sum(w["pss_mb"] for w in per_worker), 1),
        "after_heavy_exports": {
            "actions": ["fisher_jenks", *HEAVY_EXPORTS],
            "requests": sum(
                len(v) for k, v in heavy_recorder.latencies.items() if not k.startswith("action:")
            ),
            "errors": sum(heavy_recorder.errors.values()),
            "error_samples": heavy_recorder.error_samples[:5],
            "workers": after_exports,
            "worker_hwm_max_mb": max((w["hwm_mb"] for w in after_exports), default=0.0),
        },
    }
    print(
        f"{name}: ready {result['ready_s']} s, first load {first_load_bytes} bytes, "
        f"{requests} requests, {errors} errors; worker "
        f"VmHWM max {result['worker_hwm_max_mb']} MB, VmRSS max {result['worker_rss_max_mb']} "
        f"MB; total PSS {result['total_pss_mb']} MB; after Fisher-Jenks and exports VmHWM max "
        f"{result['after_heavy_exports']['worker_hwm_max_mb']} MB "
        f"({result['after_heavy_exports']['errors']} errors)",
        flush=True,
    )
    return result


def main() -> None:
    """Parse the options, run the cases, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=4, help="users acting at the same time")
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopatlas-workers-") as tmp:
        folder = Path(tmp)
        print(f"building {args.rows} demo rows...", flush=True)
        processed = build_processed(folder, args.rows)
        start = {
            "lazy": start_in_new_process(processed, ()),
            "eager": start_in_new_process(processed, ("mapclassify",)),
        }
        for label, figures in start.items():
            print(f"start-up ({label}): {figures}", flush=True)
        cases = {
            name: measure_case(processed, folder, name, workers=args.workers, users=args.users)
            for name in args.cases
        }
    preload = cases.get("preload", {}).get("worker_hwm_max_mb")
    results = {
        "settings": {
            "rows": args.rows,
            "workers": args.workers,
            "users": args.users,
            "actions_per_user": ["page_load", *ACTIONS],
            "app_version": app_version(),
        },
        "start_in_new_process": start,
        "cases": cases,
        "target_worker_hwm_mb": TARGET_WORKER_HWM_MB,
        "target_first_load_bytes": TARGET_FIRST_LOAD_BYTES,
        "meets_target": preload is not None and preload < TARGET_WORKER_HWM_MB,
        "first_load_meets_target": all(
            c["first_load_bytes"] < TARGET_FIRST_LOAD_BYTES for c in cases.values()
        ),
    }
    print(f"wrote {write_results('workers', results)}")


if __name__ == "__main__":
    main()
