"""First page view after ``coopatlas serve`` prints its address, against the unwarmed server.

Usage: ``python -m bench.bench_first_view [--rows 100000] [--repeat 3]``. Writes
``bench/results/first_view.json``.

Each run starts a new server process on a processed folder of ``--rows`` demo
organizations and measures:

* **start-up**: from spawn to the line with the address (``CoopAtlas dashboard on
  http://...``), when a user would open the page;
* **first view**: from that moment, in a new headless Chromium context (empty cache),
  the page loaded until the map's 83 units are drawn and coloured, the legend shown
  and the network idle (the condition the browser tests wait for);
* **server CPU** during the first view (user + system seconds of the server process,
  from ``/proc/PID/stat``): on a machine shared with other work the wall times stretch
  with the load, the CPU seconds much less.

Two servers in the same run: ``coopatlas serve`` as shipped (it compresses the files
of a first visit before printing its address, :func:`dashboard.first_load.warm`), and
the baseline: the same app started the way ``serve`` did before, compressing each
fixed file on its first request.

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

from playwright.sync_api import Browser, sync_playwright

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


def _start(mode: str, data: Path, port: int) -> tuple[subprocess.Popen[str], float]:
    """Start a server; return it and the seconds until it printed its address."""
    if mode == "serve":
        command = [
            sys.executable, "-u", "-m", "coopatlas", "serve", "--data", str(data),
            "--port", str(port),
        ]  # fmt: skip
    else:
        command = [sys.executable, "-u", "-c", _COLD, str(data), str(port)]
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
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


def _first_view(browser: Browser, url: str) -> float:
    """Seconds from asking for the page to the map drawn and the network idle."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_selector("#map path.leaflet-interactive", state="attached", timeout=120_000)
    page.wait_for_function(
        "document.querySelectorAll('.ca-legend-row').length > 1", timeout=120_000
    )
    page.wait_for_function(
        "Array.from(document.querySelectorAll('#map path.leaflet-interactive'))"
        ".some(p => p.getAttribute('fill') !== '#d9d9d9')",
        timeout=120_000,
    )
    page.wait_for_load_state("networkidle", timeout=120_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def _runs(browser: Browser, mode: str, data: Path, repeat: int) -> dict[str, Any]:
    startup, first, cpu = [], [], []
    for _ in range(repeat):
        port = _free_port()
        proc, started = _start(mode, data, port)
        try:
            before = _cpu_s(proc.pid)
            first.append(_first_view(browser, f"http://127.0.0.1:{port}/"))
            cpu.append(_cpu_s(proc.pid) - before)
            startup.append(started)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return {
        "startup_s": [round(s, 2) for s in startup],
        "first_view_s": [round(s, 2) for s in first],
        "startup_median_s": round(statistics.median(startup), 2),
        "first_view_median_s": round(statistics.median(first), 2),
        "server_cpu_s": [round(s, 2) for s in cpu],
        "server_cpu_median_s": round(statistics.median(cpu), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        registry, programmes = write_demo(Path(tmp) / "input", n=args.rows, seed=7)
        data = Path(tmp) / "processed"
        build([registry], out=data, programmes=[programmes])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=FLAGS)
            results = {m: _runs(browser, m, data, args.repeat) for m in ("serve", "unwarmed")}
            browser.close()
    view = results["serve"]["first_view_median_s"]
    summary = {
        "rows": args.rows,
        "repeat": args.repeat,
        "target_first_view_s": TARGET_S,
        "meets_target": view < TARGET_S,
        "load_average_at_start": load_at_start,
        **results,
    }
    for mode, figures in results.items():
        print(
            f"{mode}: start-up {figures['startup_median_s']} s, first view "
            f"{figures['first_view_median_s']} s (runs {figures['first_view_s']}), server CPU "
            f"{figures['server_cpu_median_s']} s",
            flush=True,
        )
    path = write_results("first_view", summary)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
