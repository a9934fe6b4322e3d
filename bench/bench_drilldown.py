"""Drill-down speed: level-2 geometry per parent and the level-2 recolour callback.

Usage: ``python -m bench.bench_drilldown [--rows 100000]``. Writes
``bench/results/drilldown.json``. Measures:

1. the level-2 geometry route (``/coopatlas/admin2/<parent>.geojson``) for Antioquia,
   the largest level-1 parents and each whole country: bytes raw and as sent (gzip),
   and server time (the first request of the process builds every parent's GeoJSON);
2. the map callback (colours through ``hideout``) at level 2 for Antioquia and at
   level 1, replayed through Flask's test client: server time and response size, for
   60 different filter queries (cache misses);
3. in Chromium, time from a filter change to the recoloured level-2 map of Antioquia.

Targets: as level 1 (callback < 50 ms median, response < 20 KB, recolour < 300 ms);
the geometry of one department < 100 KB as sent.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import time
from pathlib import Path

from bench._common import write_results
from bench.bench_dashboard import recolour_ms, serve, varied_queries
from coopatlas.demo.generate import write_demo
from dashboard import drilldown
from dashboard.app import create_app
from geo.builds.folder import build
from geo.vocab import COUNTRY_CODES


def map_request(dependencies: list[dict], query: str) -> dict:
    """Return the body Dash sends when the view store changes: the view's one answer.

    Since #25 the map is part of one answer with the table, charts, planner and trail
    (``dashboard.view_answer``): its time and size are the whole answer's.
    """
    dep = next(d for d in dependencies if "units-layer.hideout" in d["output"])

    def entries(items: list[dict]) -> list[dict]:
        value = {"view-store.data": query}
        return [{**i, "value": value.get(f"{i['id']}.{i['property']}")} for i in items]

    spec = dep["output"]
    outputs = [dict(zip(("id", "property"), p.split(".", 1), strict=True))
               for p in spec.strip(".").split("...")]  # fmt: skip
    return {
        "output": spec,
        "outputs": outputs,
        "inputs": entries(dep["inputs"]),
        "state": entries(dep["state"]),
        "changedPropIds": ["view-store.data"],
    }


def callback_times(client, queries: list[str]) -> dict:  # type: ignore[no-untyped-def]
    """Median server time (ms) and largest response (bytes raw and gzip) of the map callback."""
    times, raw, sent = [], 0, 0
    dependencies = client.get("/_dash-dependencies").get_json()
    for query in queries:
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=map_request(dependencies, query))
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.data[:300]
        raw = max(raw, len(response.data))
        sent = max(sent, len(gzip.compress(response.data, 6)))
    return {"median_ms": statistics.median(times), "max_bytes": raw, "max_gzip_bytes": sent}


def geometry_sizes(client, parents: list[str]) -> dict:  # type: ignore[no-untyped-def]
    """Bytes (raw, as sent) and server time of each parent's level-2 geometry."""
    out = {}
    for parent in parents:
        start = time.perf_counter()
        response = client.get(drilldown.admin2_url(parent), headers={"Accept-Encoding": "gzip"})
        ms = (time.perf_counter() - start) * 1000
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == "gzip"
        raw = len(drilldown.geometry(parent) or b"")
        out[parent] = {"bytes": raw, "sent_bytes": len(response.data), "server_ms": ms}
        print(
            f"{parent}: {raw / 1024:.0f} KB, {len(response.data) / 1024:.0f} KB sent, {ms:.1f} ms"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        registry, programmes = write_demo(Path(tmp) / "in", n=args.rows, seed=11)
        folder = Path(tmp) / "processed"
        build([registry], programmes=[programmes], out=folder)
        start = time.perf_counter()
        built = drilldown.geometry("CO-ANT") is not None  # what the first request pays
        cold_s = time.perf_counter() - start
        print(f"every parent's level-2 GeoJSON built in {cold_s:.2f} s ({built})")
        app = create_app(folder)
        client = app.server.test_client()
        largest = sorted(
            (p for p in drilldown._GEOMETRY if "-" in p),
            key=lambda p: len(drilldown._GEOMETRY[p]),
            reverse=True,
        )[:3]
        parents = ["CO-ANT", *[p for p in largest if p != "CO-ANT"], *COUNTRY_CODES]
        geometry = geometry_sizes(client, parents)
        queries = varied_queries(60)
        level2 = callback_times(client, [f"ind=orgs&level=2&parent=CO-ANT&{q}" for q in queries])
        level1 = callback_times(client, [f"ind=orgs&{q}" for q in queries])
        print(f"map callback level 2 (Antioquia): {level2}")
        print(f"map callback level 1: {level1}")
        url, httpd = serve(app)
        browser_ms = recolour_ms(
            url + "?ind=orgs&level=2&parent=CO-ANT",
            repeats=6,
            dropdown="f-type",
            values=("cooperative", "producer_association"),
        )
        measured = [ms for ms in browser_ms if ms == ms] or [float("nan")]
        httpd.shutdown()  # type: ignore[attr-defined]
        print(f"filter change to recoloured level-2 map: {statistics.median(measured):.0f} ms")
    results = {
        "rows": args.rows,
        "geometry_build_s": cold_s,
        "geometry": geometry,
        "map_callback_level2_antioquia": level2,
        "map_callback_level1": level1,
        "browser_recolour_level2_ms": {"median": statistics.median(measured), "all": browser_ms},
        "targets": {
            "callback_median_ms": 50,
            "callback_bytes": 20_000,
            "recolour_ms": 300,
            "department_geometry_sent_bytes": 100_000,
        },
    }
    path = write_results("drilldown", results)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
