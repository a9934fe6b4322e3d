"""A year change with 100,000 organizations: from the slider to the recoloured map.

Usage: ``python -m bench.bench_period [--rows 100000]``. Writes
``bench/results/period.json``. Measures, in one run on the synthetic registry:

1. in Python, the cost of a period: :func:`geo.indicators.periods.in_period` alone (cold,
   caches cleared) and the whole unit table of a view with a period against the same
   view without one (cold: every table a cache miss), at level 1;
2. in headless Chromium, the time from a key press on the year slider (the period's
   end moved one year) to the first change of a polygon's fill: the callback, its
   answer and the recolouring through ``hideout``. Ten years forward (each one new to
   the server: caches missed) then ten back (cache hits), reported apart and together.

Target (issue #24): a year change, callback to recoloured map, under 300 ms median.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

from bench._common import write_results
from coopatlas.demo.generate import write_demo
from dashboard.app import create_app
from dashboard.data import load_data
from geo.builds.folder import build
from geo.indicators import periods, unit_tables
from geo.indicators.compute import compute_indicators
from geo.indicators.periods import Period

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

#: Waits for the first change of any unit's fill after the key press (rAF polling).
_WATCH = """() => {
    const sig = () => Array.from(document.querySelectorAll('#map path.leaflet-interactive'))
        .map(p => p.getAttribute('fill')).join();
    const before = sig();
    window.__changed = new Promise(resolve => {
        const t0 = performance.now();
        const poll = () => {
            if (sig() !== before) { resolve(performance.now()); }
            else if (performance.now() - t0 > 8000) { resolve(NaN); }
            else { requestAnimationFrame(poll); }
        };
        requestAnimationFrame(poll);
    });
}"""


def python_costs(folder: Path, repeats: int) -> dict[str, float]:
    """Median milliseconds of a cold period, and of a level-1 table with and without one."""
    prepared = load_data(folder).prepared
    years = [Period(y, y + 2) for y in range(2015, 2015 + repeats)]

    def cold(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for period in years:
            periods._PERIODS.clear()
            start = time.perf_counter()
            fn(period)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    return {
        "orgs": prepared.n_orgs,
        "participation_rows": int(prepared.programme_years.year.size),  # type: ignore[union-attr]
        "in_period_ms": cold(lambda p: periods.in_period(prepared, p)),
        "table_with_period_ms": cold(
            lambda p: compute_indicators(periods.in_period(prepared, p), None)
        ),
        "table_without_period_ms": cold(lambda p: compute_indicators(prepared, None)),
    }


def recolour_ms(url: str) -> tuple[list[float], list[float]]:
    """Time ten year changes forward (new to the server) and ten back (cached), in ms."""
    from playwright.sync_api import sync_playwright

    forward, back = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.goto(url + "?ind=coverage_any&years=2015")
        page.wait_for_selector("#map path.leaflet-interactive")
        page.wait_for_load_state("networkidle")
        handle = page.locator("#period [role=slider]").nth(1)
        for key, timings in (("ArrowRight", forward), ("ArrowLeft", back)):
            for _ in range(10):
                page.evaluate(_WATCH)
                start = page.evaluate("() => performance.now()")
                handle.press(key)
                end = page.evaluate("() => window.__changed")
                timings.append(end - start)
                print(f"  {key}: {end - start:.0f} ms", flush=True)
                page.wait_for_load_state("networkidle")
        browser.close()
    return forward, back


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        registry, programmes = write_demo(Path(tmp) / "in", n=args.rows, seed=11)
        out = Path(tmp) / "processed"
        build([registry], programmes=[programmes], out=out)
        costs = python_costs(out, repeats=9)
        print(costs, flush=True)
        unit_tables._TABLES.clear()
        periods._PERIODS.clear()
        app = create_app(out)
        httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        forward, back = recolour_ms(f"http://127.0.0.1:{httpd.server_port}/")
        httpd.shutdown()
    every = [x for x in forward + back if x == x]
    results = {
        "rows": args.rows,
        "python": costs,
        "browser_year_change_ms": {
            "median": statistics.median(every),
            "median_new_years": statistics.median(forward),
            "median_cached_years": statistics.median(back),
            "forward": forward,
            "back": back,
        },
        "targets": {"browser_year_change_ms": 300},
    }
    print(write_results("period", results))


if __name__ == "__main__":
    main()
