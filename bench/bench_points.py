"""The organizations layer at 100,000 organizations: bytes, time to clusters, pans.

Usage: ``python -m bench.bench_points [--rows 100000] [--pans 30]``. Writes
``bench/results/points.json``. In one run:

1. builds a processed folder from the synthetic demo registry (``--rows``
   organizations, all with coordinates or most of them);
2. serves the dashboard on 127.0.0.1 (werkzeug, threaded) and opens it in headless
   Chromium (Debian's);
3. toggles the organizations layer on and measures the bytes transferred for it
   (compressed, as sent: callback answers and the layer's GET) and the time from
   the click to the cluster markers on screen;
4. pans the map ``--pans`` times by mouse drags of varying length and direction
   (zoomed in to level 8, where a view holds part of the points) and measures each
   update: from the mouse release to the layer answered and drawn, or to the
   callback's answer when the window did not change (nothing to fetch);
5. measures the server time of the layer route for 60 different windows and filters
   (every one a cache miss) and for repeats (cache hits);
6. baseline in the same run: the whole layer as the previous version sent it (every
   matching organization as a GeoJSON feature with its details, clustered in the
   browser): its size raw and gzip-compressed and the server time to build it.

Targets (issue #15): toggling transfers under 1 MB and shows clusters in under 1 s;
a pan updates in under 300 ms (judged on the 95th percentile of the pans; the
slowest is reported too).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from werkzeug.serving import make_server

from bench._common import write_results
from bench.load_test import build_processed
from dashboard import ids, points
from dashboard.app import create_app
from dashboard.data import load_data
from geo.indicators.compute import matching_rows
from geo.indicators.filters import Filters
from geo.indicators.point_clusters import view_window
from geo.vocab import COUNTRY_CODES

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def whole_layer(organizations: pd.DataFrame, rows: np.ndarray) -> bytes:
    """Build the previous version's answer: every matching organization with its details."""
    subset = organizations.iloc[rows]
    subset = subset.loc[subset["latitude"].notna() & subset["longitude"].notna()]
    features = []
    for r in subset.itertuples(index=False):
        point = {"type": "Point", "coordinates": [round(r.longitude, 5), round(r.latitude, 5)]}
        features.append(
            {"type": "Feature", "geometry": point, "properties": points.org_details(r, "en")}
        )
    body = {"type": "FeatureCollection", "features": features}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def server_times(folder: Path, n: int) -> dict[str, Any]:
    """Time the layer for ``n`` different windows and filters, then for repeats."""
    data = load_data(folder)
    rng = random.Random(5)
    cases = []
    for _ in range(n):
        country = rng.choice([None, *COUNTRY_CODES])
        filters = Filters(countries=(country,)) if country else Filters()
        zoom = rng.choice([5, 6, 7, 8, 9, 10])
        lon, lat = rng.uniform(-79, -70), rng.uniform(-15, 8)
        half = 360 / 2**zoom * 3  # about three tiles each side
        window = view_window((lon - half, lat - half / 2, lon + half, lat + half / 2), zoom)
        cases.append((filters, window))
    misses, sizes, features = [], [], []
    for filters, window in cases:
        start = time.perf_counter()
        body = points.layer_geojson(data.organizations, data.prepared, filters, window, "en")
        misses.append((time.perf_counter() - start) * 1000)
        sizes.append(len(gzip.compress(body, 6)))
        features.append(len(json.loads(body)["features"]))
    hits = []
    for filters, window in cases[:20]:
        start = time.perf_counter()
        points.layer_geojson(data.organizations, data.prepared, filters, window, "en")
        hits.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    whole = whole_layer(data.organizations, matching_rows(data.prepared, Filters()))
    whole_ms = (time.perf_counter() - start) * 1000
    return {
        "miss_ms_median": statistics.median(misses),
        "miss_ms_p95": float(np.percentile(misses, 95)),
        "hit_ms_median": statistics.median(hits),
        "window_gzip_bytes_max": max(sizes),
        "window_features_max": max(features),
        "baseline_whole_layer_ms": whole_ms,
        "baseline_whole_layer_bytes": len(whole),
        "baseline_whole_layer_gzip_bytes": len(gzip.compress(whole, 6)),
    }


def browser_run(url: str, pans: int) -> dict[str, Any]:
    """Toggle the layer and pan in Chromium; return bytes and times."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(url)
        page.wait_for_selector("#map path.leaflet-interactive", state="attached")
        page.wait_for_load_state("networkidle")
        finished: list[Any] = []
        page.on("requestfinished", lambda request: finished.append(request))
        start = time.perf_counter()
        page.check("#orgs-toggle input[value='on']")
        page.wait_for_selector("#map .ca-cluster")
        toggle_s = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        toggle_bytes = sum(
            r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished
        )
        toggle_requests = len(finished)
        clusters = page.locator("#map .ca-cluster").count()
        # zoom in to level 8 around Bogotá by the URL, as a planner's link would
        page.goto(url + "?lat=4.6&lon=-74.1&z=8")
        page.wait_for_selector("#map path.leaflet-interactive", state="attached")
        page.check("#orgs-toggle input[value='on']")
        page.wait_for_selector("#map .ca-cluster, #map path.leaflet-interactive")
        page.wait_for_load_state("networkidle")
        box = page.locator("#map").bounding_box()
        assert box is not None
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        rng = random.Random(3)
        pan_ms: list[float] = []
        fetched = 0
        seen: list[tuple[float, Any]] = []
        page.on("response", lambda r: seen.append((time.perf_counter(), r)))
        posted: list[float] = []  # when the map, at rest, asked for its new view
        page.on(
            "request",
            lambda r: posted.append(time.perf_counter()) if "_dash-update" in r.url else None,
        )
        release_ms: list[float] = []
        layer_url = None
        for _ in range(pans):
            dx = rng.choice([-1, 1]) * rng.randint(60, 420)
            dy = rng.choice([-1, 1]) * rng.randint(40, 260)
            x, y = _free_spot(page, cx, cy)  # a drag that starts on a marker does not pan
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
            page.mouse.move(x + dx, y + dy, steps=4)
            seen.clear()
            posted.clear()
            start = time.perf_counter()
            page.mouse.up()
            # the map reports its new view; the layer's callback answers with its URL
            _wait(page, lambda: _layer_answer(seen) is not None)
            _, url = _layer_answer(seen)  # type: ignore[misc]
            if url != layer_url:  # a new window: the layer fetches it
                fetched += 1
                _wait(page, lambda u=url: any(u in r.url for _, r in seen))
                layer_url = url
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            drawn = time.perf_counter()
            pan_ms.append((drawn - posted[0]) * 1000)  # from the map at rest to drawn
            release_ms.append((drawn - start) * 1000)  # includes the glide after the drag
            page.wait_for_load_state("networkidle")
        page.screenshot(path=str(Path(tempfile.gettempdir()) / "coopatlas_points.png"))
        browser.close()
    return {
        "toggle_s": toggle_s,
        "toggle_bytes": toggle_bytes,
        "toggle_requests": toggle_requests,
        "clusters_drawn": clusters,
        "pan_ms": pan_ms,
        "pan_ms_median": statistics.median(pan_ms),
        "pan_ms_p95": float(np.percentile(pan_ms, 95)),
        "pan_ms_max": max(pan_ms),
        "release_to_drawn_ms": release_ms,
        "release_to_drawn_ms_median": statistics.median(release_ms),
        "pans_that_fetched": fetched,
    }


def _layer_answer(seen: list[tuple[float, Any]]) -> tuple[float, str] | None:
    """Time and layer URL of the organizations callback's answer among ``seen`` responses."""
    for at, response in seen:
        if "_dash-update-component" not in response.url:
            continue
        answer = response.json().get("response", {}).get(ids.ORGS, {}).get("children")
        if answer is not None:
            return at, answer[0]["props"]["url"] if answer else ""
    return None


def _free_spot(page: Any, cx: float, cy: float) -> tuple[float, float]:
    """Return a point near (cx, cy) on the map that is not on an organization marker."""
    for step in range(40):
        x, y = cx + (step % 7 - 3) * 23, cy + (step // 7 - 3) * 19
        on_marker = page.evaluate(
            "([x, y]) => { const e = document.elementFromPoint(x, y);"
            " return !e || !!e.closest('.ca-cluster, .leaflet-marker-icon') ||"
            " e.classList.contains('ca-org'); }",
            [x, y],
        )
        if not on_marker:
            return x, y
    return cx, cy


def _wait(page: Any, condition: Any, timeout_s: float = 10.0) -> None:
    """Poll ``condition`` while the page runs, until it holds."""
    end = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the map did not update")  # pragma: no cover
        page.wait_for_timeout(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pans", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_processed(Path(tmp), args.rows)
        server = server_times(folder, 60)
        app = create_app(folder)
        httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            browser = browser_run(f"http://127.0.0.1:{httpd.server_port}/", args.pans)
        finally:
            httpd.shutdown()
    targets = {"toggle_bytes": 1_000_000, "toggle_s": 1.0, "pan_ms": 300}
    results = {
        "rows": args.rows,
        "server": server,
        "browser": browser,
        "ratios": {
            "baseline_gzip_bytes_over_toggle_bytes": server["baseline_whole_layer_gzip_bytes"]
            / browser["toggle_bytes"],
        },
        "targets": targets,
        "meets_targets": browser["toggle_bytes"] < targets["toggle_bytes"]
        and browser["toggle_s"] < targets["toggle_s"]
        and browser["pan_ms_p95"] < targets["pan_ms"],
    }
    path = write_results("points", results)
    print(json.dumps(results, indent=1))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
