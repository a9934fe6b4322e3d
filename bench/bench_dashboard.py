"""Dashboard speed with 100,000 organizations, against a naive re-send-the-GeoJSON version.

Usage: ``python -m bench.bench_dashboard [--rows 100000]``. Writes
``bench/results/dashboard.json``. Measures, in one run:

1. first page load in headless Chromium: bytes transferred (compressed, as sent);
2. server time and response size of the map callback for a filter change and for an
   indicator change, replayed through Flask's test client (the real Dash endpoint):
   the same query repeated (cache hits after the first) and 60 different queries
   (every one a cache miss), reported apart;
3. the same for a naive callback that re-sends the whole GeoJSON with colours in it;
4. in Chromium, time from a filter change (choosing a country) to the recoloured map,
   for CoopAtlas and for a minimal naive Dash app that re-sends the GeoJSON.

Start-up is measured twice: creating the app in this process (data load only) and in
a new Python process (imports included).

Targets (issue #5): callback < 50 ms median, response < 20 KB, first load < 1.5 MB,
filter change to recoloured map < 300 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import dash_leaflet as dl
import plotly
from dash import Dash, Input, Output, dcc, html
from werkzeug.serving import make_server

from bench._common import change_country, write_results
from coopatlas.demo.generate import write_demo
from dashboard.app import create_app
from dashboard.data import load_data
from geo.builds.folder import build
from geo.indicators.choropleth import classify_indicator
from geo.indicators.compute import compute_indicators
from geo.indicators.filters import Filters
from geo.units.boundaries import load_boundaries
from geo.vocab import COUNTRY_CODES

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def serve(app: Dash) -> tuple[str, object]:
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_port}/", httpd


def naive_app(data) -> Dash:  # type: ignore[no-untyped-def]
    """Build the idiom CoopAtlas avoids: every change re-sends all 83 polygons."""
    app = Dash(__name__, serve_locally=True, compress=True)
    units = load_boundaries("simplified")
    base = json.loads(units[["iso_3166_2", "name", "geometry"]].to_json(drop_id=True))
    app.layout = html.Div(
        [
            dcc.Dropdown(id="country", options=list(COUNTRY_CODES), multi=True, value=[]),
            dl.Map(
                [dl.GeoJSON(id="geo", style={"variable": "coopatlasNaive.style"})],
                id="map", center=[-4, -74.5], zoom=5, style={"height": "600px"},
            ),
        ]
    )  # fmt: skip
    app.index_string = app.index_string.replace(
        "{%scripts%}",
        "<script>window.coopatlasNaive={style:function(f){return {fillColor:f.properties.fill,"
        "fillOpacity:0.88,color:'#fff',weight:0.7};}};</script>{%scripts%}",
    )

    @app.callback(Output("geo", "data"), Input("country", "value"))
    def recolour(countries: list[str]) -> dict:
        return naive_geojson(data, base, Filters(countries=tuple(countries or ())))

    return app


def naive_geojson(data, base: dict, filters: Filters) -> dict:  # type: ignore[no-untyped-def]
    table = compute_indicators(data.prepared, filters, weights=data.weights)
    classes = classify_indicator(table, "orgs_per_100k")
    colours = dict(zip(table["iso_3166_2"], classes.value_colors(), strict=True))
    features = []
    for feature in base["features"]:
        props = dict(feature["properties"], fill=colours[feature["properties"]["iso_3166_2"]])
        features.append({**feature, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def capture_first_load(url: str) -> tuple[int, int, list[dict]]:
    """Load the page in Chromium; return bytes transferred, request count, callback posts.

    The bytes and requests are the first load's; the callback posts are the load's and
    then a country change's (:func:`bench._common.change_country`).
    """
    from playwright.sync_api import sync_playwright

    requests = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        # Only collect in the handler: calling the sync API inside it would deadlock.
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(url)
        page.wait_for_selector("path.leaflet-interactive")
        page.wait_for_load_state("networkidle")
        loaded = len(requests)
        change_country(page)  # the view's callbacks run on a change, not on a first visit
        sizes = []
        posts = []
        for n, request in enumerate(requests):
            if n < loaded:
                s = request.sizes()
                sizes.append(s["responseBodySize"] + s["responseHeadersSize"])
            if request.method == "POST" and "_dash-update-component" in request.url:
                posts.append(json.loads(request.post_data))
        browser.close()
    return sum(sizes), len(sizes), posts


def recolour_ms(
    url: str, *, repeats: int, dropdown: str, values: tuple[str, str] = ("EC", "PE")
) -> list[float]:
    """Time from choosing/removing a country to the first change of a polygon's fill."""
    from playwright.sync_api import sync_playwright

    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.goto(url)
        page.wait_for_selector("path.leaflet-interactive")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        for i in range(repeats):
            value = values[i % 2]
            page.evaluate(
                """() => {
                    const sig = () => Array.from(
                        document.querySelectorAll('#map path.leaflet-interactive')
                    ).map(p => p.getAttribute('fill')).join();
                    const before = sig();
                    window.__changed = new Promise(resolve => {
                        const t0 = performance.now();
                        const poll = () => {
                            if (sig() !== before) { resolve(performance.now()); }
                            else if (performance.now() - t0 > 5000) { resolve(NaN); }
                            else { requestAnimationFrame(poll); }
                        };
                        requestAnimationFrame(poll);
                    });
                }"""
            )  # fmt: skip
            page.click(f"#{dropdown}")
            option = page.locator(f".dash-dropdown-option:has(input[value='{value}'])")
            start = page.evaluate("() => performance.now()")
            option.click()
            end = page.evaluate("() => window.__changed")
            timings.append(end - start)
            print(f"  recolour {dropdown} {value}: {end - start:.0f} ms", flush=True)
            page.keyboard.press("Escape")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
        browser.close()
    return timings


def replay(client, body: dict, repeats: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Send the same request ``repeats`` times: after the first, the unit table is cached."""
    return replay_many(client, [body] * repeats)


def replay_many(client, bodies: list[dict]) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Send each request once; return the median server time (ms) and the largest response."""
    times, size = [], 0
    for body in bodies:
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.data[:200]
        size = max(size, len(response.data))
    return statistics.median(times), size


def varied_queries(n: int) -> list[str]:
    """Return ``n`` different filter queries (more than the per-worker cache holds)."""
    countries = ["", *COUNTRY_CODES, "CO|PE", "PE|EC"]
    types = ["", "cooperative", "producer_association", "cooperative|pre_cooperative"]
    sectors = ["", "coffee", "cocoa", "dairy|fruit"]
    queries = []
    for i in range(n):
        parts = {
            "countries": countries[i % len(countries)],
            "org_types": types[(i // len(countries)) % len(types)],
            "sectors": sectors[(i // 3) % len(sectors)],
            "founded_from": str(1950 + i),  # makes every query distinct
        }
        queries.append("&".join(f"{k}={v}" for k, v in parts.items() if v))
    return queries


def startup_with_imports(folder: Path) -> float:
    """Seconds from a new Python process to a created app: imports and data load included."""
    code = (
        "import time; t = time.perf_counter(); from dashboard.app import create_app; "
        f"create_app({str(folder)!r}); print(time.perf_counter() - t)"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    print(f"start-up in a new process: {wall:.2f} s (inside Python: {result.stdout.strip()} s)")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        registry, programmes = write_demo(Path(tmp) / "in", n=args.rows, seed=11)
        out = Path(tmp) / "processed"
        build([registry], programmes=[programmes], out=out)
        start = time.perf_counter()
        app = create_app(out)
        startup_s = time.perf_counter() - start
        url, httpd = serve(app)
        print("first load...", flush=True)
        first_load_bytes, first_load_requests, posts = capture_first_load(url)
        print(f"first load {first_load_bytes} bytes", flush=True)

        # The map callback's request, as the browser sent it, replayed with other views.
        map_post = next(p for p in posts if "units-layer.hideout" in p["output"])
        view_input = map_post["inputs"][0]
        client = app.server.test_client()

        def with_query(query: str) -> dict:
            body = json.loads(json.dumps(map_post))
            body["inputs"][0] = {**view_input, "value": query}
            return body

        filter_ms, filter_bytes = replay(client, with_query("countries=EC"), args.repeats)
        indicator_ms, indicator_bytes = replay(client, with_query("ind=coop_share"), args.repeats)
        # Cache misses: every request a different filter (60 > the 32 tables kept).
        miss_ms, miss_bytes = replay_many(client, [with_query(q) for q in varied_queries(60)])
        startup_imports_s = startup_with_imports(out)

        naive = naive_app(load_data(out))
        naive_client = naive.server.test_client()
        naive_body = {
            "output": "geo.data",
            "outputs": {"id": "geo", "property": "data"},
            "inputs": [{"id": "country", "property": "value", "value": ["EC"]}],
            "changedPropIds": ["country.value"],
        }
        naive_client.get("/")
        naive_ms, naive_bytes = replay(naive_client, naive_body, args.repeats)
        browser_ms = recolour_ms(url, repeats=6, dropdown="f-country")
        naive_url, naive_httpd = serve(naive)
        naive_browser_ms = recolour_ms(naive_url, repeats=6, dropdown="country")
        httpd.shutdown()
        naive_httpd.shutdown()
    results = {
        "rows": args.rows,
        "startup_s": startup_s,
        "first_load_bytes": first_load_bytes,
        "first_load_requests": first_load_requests,
        "startup_with_imports_s": startup_imports_s,
        "filter_change": {"server_ms_median": filter_ms, "response_bytes": filter_bytes},
        "filter_change_cache_miss": {"server_ms_median": miss_ms, "response_bytes": miss_bytes},
        "indicator_change": {"server_ms_median": indicator_ms, "response_bytes": indicator_bytes},
        "naive_filter_change": {"server_ms_median": naive_ms, "response_bytes": naive_bytes},
        "browser_recolour_ms": {"median": statistics.median(browser_ms), "all": browser_ms},
        "naive_browser_recolour_ms": {
            "median": statistics.median(naive_browser_ms),
            "all": naive_browser_ms,
        },
        "ratios_naive_over_coopatlas": {
            "server_time": naive_ms / filter_ms,
            "response_bytes": naive_bytes / filter_bytes,
            "browser_recolour": statistics.median(naive_browser_ms) / statistics.median(browser_ms),
        },
        "targets": {
            "server_ms_median": 50,
            "response_bytes": 20_000,
            "first_load_bytes": 1_500_000,
            "browser_recolour_ms": 300,
            "startup_s": 5,
        },
        "plotly_version": plotly.__version__,
    }
    path = write_results("dashboard", results)
    print(json.dumps(results, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
