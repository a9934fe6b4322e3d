"""First page view after ``coopatlas serve`` prints its address, against the unwarmed server.

Usage: ``python -m bench.bench_first_view [--rows 100000] [--repeat 3] [--against DIR]
[--no-unwarmed]``. Writes ``bench/results/first_view.json``.

Each run starts a new server process on a processed folder of ``--rows`` demo
organizations and measures:

* **start-up**: from spawn to the line with the address (``CoopAtlas dashboard on
  http://...``), when a user would open the page;
* **first view**: from that moment, in a new headless Chromium context (empty cache),
  the page loaded until the map's 83 units are drawn and coloured, the legend shown
  and the network idle (the condition the browser tests wait for);
* **coloured**: the same, until the map is coloured (the network may still be busy);
* **server CPU** during the first view (user + system seconds of the server process,
  from ``/proc/PID/stat``): on a machine shared with other work the wall times stretch
  with the load, the CPU seconds much less;
* **Chromium's main thread** until the map is coloured and until the network is idle:
  the time its tasks took (``TaskDuration`` of the DevTools ``Performance`` domain,
  counted in the thread's CPU time: ``timeDomain`` ``threadTicks``), of which scripts
  (``ScriptDuration``) and style and layout (``RecalcStyleDuration`` +
  ``LayoutDuration``). The page's wall time is mostly this thread; on a busy machine it
  stretches less than the wall time, and a ratio of two versions run alternately in the
  same session is the figure to compare.

Servers in the same run, one run of each in turn (``--repeat`` rounds): ``coopatlas
serve`` as shipped (it compresses the files of a first visit before printing its
address, :func:`dashboard.first_load.warm`); the unwarmed baseline, the same app
started the way ``serve`` did before, compressing each fixed file on its first request
(left out with ``--no-unwarmed``); and with ``--against DIR``, ``coopatlas serve`` of
another version of the source (for example ``git archive main | tar -x -C DIR``), run
from ``DIR`` with the same Python, so that a change is measured against its base under
the same load. The medians' ratios to ``serve`` are reported.

Target (issue #25): first page view under 2 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, CDPSession, sync_playwright

from bench._common import write_results
from coopatlas.demo.generate import write_demo
from geo.builds.folder import build

TARGET_S = 2.0
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]

#: The unwarmed baseline: ``dashboard.app.serve`` without the warm-up.
_COLD = """
import sys
from pathlib import Path
from dashboard.app import _QuietHandler, create_app
app = create_app(Path(sys.argv[1]))
print(f"CoopAtlas dashboard on http://127.0.0.1:{sys.argv[2]}/", flush=True)
app.run(host="127.0.0.1", port=int(sys.argv[2]), debug=False, request_handler=_QuietHandler)
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: Chromium's main-thread metrics kept (``Performance.getMetrics``), in seconds.
MAIN_THREAD = ("TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration")

#: The map drawn and coloured, and its legend shown.
COLOURED = (
    "document.querySelectorAll('.ca-legend-row').length > 1"
    " && Array.from(document.querySelectorAll('#map path.leaflet-interactive'))"
    ".some(p => p.getAttribute('fill') !== '#d9d9d9')"
)


def _start(
    mode: str, data: Path, port: int, source: Path | None = None
) -> tuple[subprocess.Popen[str], float]:
    """Start a server; return it and the seconds until it printed its address.

    ``source``: another version's source tree, served instead of this one (``against``).
    """
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if mode == "unwarmed":
        command = [sys.executable, "-u", "-c", _COLD, str(data), str(port)]
    else:
        command = [
            sys.executable, "-u", "-m", "coopatlas", "serve", "--data", str(data),
            "--port", str(port),
        ]  # fmt: skip
    if source is not None:  # its packages before the installed (editable) ones
        env["PYTHONPATH"] = os.pathsep.join([str(source), env.get("PYTHONPATH", "")])
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        cwd=source,
    )  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        if "CoopAtlas dashboard on http" in line:
            return proc, time.perf_counter() - start
    raise RuntimeError(f"{mode}: the server exited without printing its address")


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _main_thread(cdp: CDPSession) -> dict[str, float]:
    """Return Chromium's main-thread seconds so far (:data:`MAIN_THREAD`) for the page."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: float(metrics[name]) for name in MAIN_THREAD}


def _first_view(browser: Browser, url: str) -> dict[str, Any]:
    """Time a first view in a new context (empty cache).

    Returns the seconds from asking for the page to the map coloured and to the
    network idle, and Chromium's main-thread seconds at each.
    """
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_function(COLOURED, timeout=120_000)
    coloured = time.perf_counter() - start
    at_coloured = _main_thread(cdp)
    page.wait_for_load_state("networkidle", timeout=120_000)
    seconds = time.perf_counter() - start
    at_idle = _main_thread(cdp)
    context.close()
    return {"view": seconds, "coloured": coloured, "main": at_coloured, "main_idle": at_idle}


def _round(values: list[float]) -> list[float]:
    return [round(v, 3) for v in values]


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians and runs of one server's first views."""
    figures: dict[str, Any] = {}
    for key in ("startup", "view", "coloured", "server_cpu"):
        values = [r[key] for r in runs]
        figures[f"{key}_s"] = _round(values)
        figures[f"{key}_median_s"] = round(statistics.median(values), 3)
    for at in ("main", "main_idle"):
        for name in MAIN_THREAD:
            values = [r[at][name] for r in runs]
            figures[f"{at}_{name}_s"] = _round(values)
            figures[f"{at}_{name}_median_s"] = round(statistics.median(values), 3)
    return figures


def _run(browser: Browser, mode: str, data: Path, source: Path | None) -> dict[str, Any]:
    """One first view against a new server."""
    port = _free_port()
    proc, started = _start(mode, data, port, source)
    try:
        before = _cpu_s(proc.pid)
        run = _first_view(browser, f"http://127.0.0.1:{port}/")
        run["server_cpu"] = _cpu_s(proc.pid) - before
        run["startup"] = started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return run


def _alternate(
    browser: Browser, modes: dict[str, Path | None], data: Path, repeat: int
) -> dict[str, dict[str, Any]]:
    """Run every server once per round, in turn, so that each meets the same load."""
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    for _ in range(repeat):
        for mode, source in modes.items():
            runs[mode].append(_run(browser, mode, data, source))
    return {mode: _summary(r) for mode, r in runs.items()}


def _ratios(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Each other server's medians divided by ``serve``'s (above 1: ``serve`` is faster)."""
    keys = ("view_median_s", "coloured_median_s", "main_TaskDuration_median_s",
            "main_idle_TaskDuration_median_s", "server_cpu_median_s")  # fmt: skip
    ours = results["serve"]
    return {
        mode: {key: round(figures[key] / ours[key], 3) for key in keys if ours[key]}
        for mode, figures in results.items()
        if mode != "serve"
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--against", type=Path, help="another version's source tree, served alternately"
    )
    parser.add_argument("--no-unwarmed", action="store_true", help="leave out the baseline")
    args = parser.parse_args()
    modes: dict[str, Path | None] = {"serve": None}
    if args.against is not None:
        modes["against"] = args.against.resolve()
    if not args.no_unwarmed:
        modes["unwarmed"] = None
    chromium = shutil.which("chromium")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        registry, programmes = write_demo(Path(tmp) / "input", n=args.rows, seed=7)
        data = Path(tmp) / "processed"
        build([registry], out=data, programmes=[programmes])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=FLAGS)
            results = _alternate(browser, modes, data, args.repeat)
            browser.close()
    view = results["serve"]["view_median_s"]
    summary = {
        "rows": args.rows,
        "repeat": args.repeat,
        "target_first_view_s": TARGET_S,
        "meets_target": view < TARGET_S,
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "against": str(args.against) if args.against else None,
        **results,
        "ratio_to_serve": _ratios(results),
    }
    for mode, figures in results.items():
        print(
            f"{mode}: start-up {figures['startup_median_s']} s, first view "
            f"{figures['view_median_s']} s (runs {figures['view_s']}), coloured "
            f"{figures['coloured_median_s']} s, Chromium main thread until coloured "
            f"{figures['main_TaskDuration_median_s']} s (runs {figures['main_TaskDuration_s']}), "
            f"until idle {figures['main_idle_TaskDuration_median_s']} s, server CPU "
            f"{figures['server_cpu_median_s']} s",
            flush=True,
        )
    print(f"ratios to serve: {summary['ratio_to_serve']}; load {summary['load_average_at_end']}")
    path = write_results("first_view", summary)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
