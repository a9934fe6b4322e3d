"""A year change with 100,000 organizations: from the slider to the recoloured map.

Usage: ``python -m bench.bench_period [--rows 100000]``. Writes
``bench/results/period.json``. Measures, in one run on the synthetic registry:

1. in Python, the cost of a period: :func:`geo.indicators.periods.in_period` alone (cold,
   caches cleared) and the whole unit table of a view with a period against the same
   view without one (cold: every table a cache miss), at level 1;
2. in headless Chromium, the time from a key press on the year slider (the period's
   end moved one year) to the first change of a polygon's fill: the callback, its
   answer and the recolouring through ``hideout``. Ten years forward (each one new to
   the server: caches missed) then ten back (cache hits), reported apart and together;
   and, as the baseline in the same page under the same load, six changes of the
   country filter (``bench.bench_dashboard``'s filter change);
3. the server time and answer size of the map callback for 65 different periods
   (cache misses), replayed through Flask's test client as ``bench.bench_dashboard`` does.

Target (issue #24): a year change, callback to recoloured map, under 300 ms median.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

from bench._common import write_results
from bench.bench_dashboard import capture_first_load, replay_many
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


def _timed(page, action) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds from ``action()`` to the first change of a unit's fill.

    Starts once the fills have not changed for 1 s (a late answer to the previous change
    must not count as this one's).
    """
    page.wait_for_function(
        """() => {
            const now = Array.from(document.querySelectorAll('#map path.leaflet-interactive'))
                .map(p => p.getAttribute('fill')).join();
            const t = performance.now();
            if (window.__caSig !== now) { window.__caSig = now; window.__caSince = t; }
            return t - window.__caSince > 1000;
        }""",
        polling=100,
        timeout=60000,
    )
    page.evaluate(_WATCH)
    start = page.evaluate("() => performance.now()")
    action()
    end = page.evaluate("() => window.__changed")
    page.wait_for_load_state("networkidle")
    return float(end - start)


def recolour_ms(url: str) -> tuple[list[float], list[float], list[float]]:
    """Time ten year changes forward (new to the server) and ten back (cached), in ms.

    Then, as the baseline under the same load, six changes of the country filter (the
    filter change of ``bench.bench_dashboard``).
    """
    from playwright.sync_api import sync_playwright

    forward, back, country = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.goto(url + "?ind=coverage_any&years=2015")
        page.wait_for_selector("#map path.leaflet-interactive")
        page.wait_for_load_state("networkidle")
        handle = page.locator("#period [role=slider]").nth(1)
        for key, timings in (("ArrowRight", forward), ("ArrowLeft", back)):
            for _ in range(10):
                timings.append(_timed(page, lambda k=key: handle.press(k)))
                print(f"  {key}: {timings[-1]:.0f} ms", flush=True)
        for i in range(6):
            page.click("#f-country")
            option = page.locator(
                f".dash-dropdown-option:has(input[value='{('EC', 'PE')[i % 2]}'])"
            )
            country.append(_timed(page, option.click))
            print(f"  country: {country[-1]:.0f} ms", flush=True)
            page.keyboard.press("Escape")
        browser.close()
    return forward, back, country


def map_callback_ms(app, url: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Server time of the map callback for 66 different periods (every one a cache miss).

    The callback's request as the browser sent it, replayed through Flask's test client
    with the view's ``years`` changed: every single year and every range of 2015-2025.
    """
    _, _, posts = capture_first_load(url)
    map_post = next(p for p in posts if "units-layer.hideout" in p["output"])
    view_input = map_post["inputs"][0]
    queries = [
        f"ind=coverage_any&years={Period(a, b).to_text()}"
        for a in range(2015, 2026)
        for b in range(a, 2026)
        if (a, b) != (2015, 2025)
    ][:66]
    bodies = []
    for query in queries:
        body = json.loads(json.dumps(map_post))
        body["inputs"][0] = {**view_input, "value": query}
        bodies.append(body)
    unit_tables._TABLES.clear()
    periods._PERIODS.clear()
    return replay_many(app.server.test_client(), bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data", type=Path, help="a folder built before from the same demo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.data or Path(tmp) / "processed"
        if args.data is None:
            registry, programmes = write_demo(Path(tmp) / "in", n=args.rows, seed=11)
            build([registry], programmes=[programmes], out=out)
        costs = python_costs(out, repeats=9)
        print(costs, flush=True)
        unit_tables._TABLES.clear()
        periods._PERIODS.clear()
        app = create_app(out)
        httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_port}/"
        server_ms, server_bytes = map_callback_ms(app, url)
        print(f"map callback {server_ms:.1f} ms, {server_bytes} bytes", flush=True)
        forward, back, country = recolour_ms(url)
        httpd.shutdown()
    every = [x for x in forward + back if x == x]  # NaN: no change within 8 s
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
        "map_callback_year_change": {"median_ms": server_ms, "largest_bytes": server_bytes},
        "browser_country_change_ms": {"median": statistics.median(country), "all": country},
        "targets": {"browser_year_change_ms": 300},
    }
    print(write_results("period", results))


if __name__ == "__main__":
    main()
