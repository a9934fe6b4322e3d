"""Where a first view's main-thread time goes: Chromium's time by script, and each file as sent.

Usage: ``python -m bench.trace_first_view [--rows 100000] [--profile PATH]``. Writes
``bench/results/first_view_trace.json``; ``--profile`` also keeps the V8 CPU profile
(``.cpuprofile``, opened by Chromium's DevTools, Performance panel).

One first view of ``coopatlas serve`` (as :mod:`bench.bench_first_view` starts it), in
a new headless Chromium context, until the map is coloured, under V8's sampling
profiler (one sample every 200 µs). It reports:

* **by script**: the main thread's self time in each script's functions (``(program)``
  is Chromium's own work: parsing, compiling, style and layout; ``(idle)`` the thread
  waiting, for the network or the server);
* **requests**: each file's bytes as sent (compressed, with headers) and when it was
  asked for and done, from the page's start.

The profiler slows the page a little, and on a busy machine a sample taken while the
thread waited for a core counts for the function it was in: compare the shares on a
quiet machine, and time with :mod:`bench.bench_first_view`.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from bench._common import write_results
from bench.bench_first_view import COLOURED, FLAGS, _free_port, _start
from coopatlas.demo.generate import write_demo
from geo.builds.folder import build

#: Microseconds between the profiler's samples.
SAMPLING_US = 200


def _script(url: str, function: str) -> str:
    """Name a profile node's script: its file name, or the function for native nodes."""
    return url.rsplit("/", 1)[-1].split("?", 1)[0] or function or "(anonymous)"


def by_script(profile: dict[str, Any]) -> dict[str, float]:
    """Return the self milliseconds of each script in a V8 CPU profile, largest first."""
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent: collections.Counter[str] = collections.Counter()
    for node, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[node]
        spent[_script(frame["url"], frame["functionName"])] += delta
    return {name: round(us / 1000, 1) for name, us in spent.most_common()}


def trace(url: str) -> dict[str, Any]:
    """Profile one first view of ``url`` until the map is coloured."""
    requests: dict[str, dict[str, Any]] = {}

    def sent(event: dict[str, Any]) -> None:
        requests[event["requestId"]] = {"url": event["request"]["url"], "t0": event["timestamp"]}

    def done(event: dict[str, Any]) -> None:
        if event["requestId"] in requests:
            requests[event["requestId"]].update(
                bytes=event["encodedDataLength"], t1=event["timestamp"]
            )

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1000}, bypass_csp=True)
        page = context.new_page()
        page.goto("about:blank")
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", done)
        cdp.send("Network.enable")
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": SAMPLING_US})
        cdp.send("Profiler.start")
        start = time.perf_counter()
        page.goto(url, timeout=120_000)
        page.wait_for_function(COLOURED, timeout=120_000)
        coloured = time.perf_counter() - start
        profile = cdp.send("Profiler.stop")["profile"]
        browser.close()
    first = min(r["t0"] for r in requests.values())
    listed = [
        {
            "path": r["url"].split("/", 3)[-1].split("?", 1)[0],
            "kb_as_sent": round(r.get("bytes", 0) / 1024, 1),
            "asked_ms": round((r["t0"] - first) * 1000),
            "done_ms": round((r.get("t1", r["t0"]) - first) * 1000),
        }
        for r in sorted(requests.values(), key=lambda r: r["t0"])
        if r["url"].startswith("http")
    ]
    return {"coloured_s": round(coloured, 3), "profile": profile, "requests": listed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", type=Path, help="where to keep the V8 CPU profile")
    args = parser.parse_args()
    load = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        registry, programmes = write_demo(Path(tmp) / "input", n=args.rows, seed=7)
        data = Path(tmp) / "processed"
        build([registry], out=data, programmes=[programmes])
        port = _free_port()
        proc, _ = _start("serve", data, port)
        try:
            traced = trace(f"http://127.0.0.1:{port}/")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    profile = traced.pop("profile")
    if args.profile:
        args.profile.write_text(json.dumps(profile))
    scripts = by_script(profile)
    summary = {"rows": args.rows, "load_average_at_start": load, **traced, "by_script_ms": scripts}
    print(f"map coloured at {traced['coloured_s']} s (profiled); main thread by script, ms:")
    for name, ms in list(scripts.items())[:20]:
        print(f"  {ms:8.1f}  {name}")
    print(f"{sum(r['kb_as_sent'] for r in traced['requests']):.0f} KB as sent")
    print(f"wrote {write_results('first_view_trace', summary)}")


if __name__ == "__main__":
    main()
