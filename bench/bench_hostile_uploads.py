"""A bystander's filter change while three hostile uploads are read, under gunicorn.

Usage: ``python -m bench.bench_hostile_uploads [--rows 20000] [--workers 3]``.
Writes ``bench/results/hostile_uploads.json``.

Steps:

1. build a processed folder of ``--rows`` demo organizations (``bench.load_test``);
2. start gunicorn as ``docs/deployment.md`` sets it up (``-c python:dashboard.gunicorn_conf
   --preload --workers 3``; the settings file adds 4 threads a worker) on a free
   loopback port, and wait until every worker is up and idle;
3. a bystander (one ``requests`` session: one browser) changes the country filter the
   way the page does: the view callback, then every callback fed by the view store at
   once; 10 changes alone give the baseline;
4. three uploads start at the same moment, each from its own client: a 1.6 KB workbook
   with one cell at row 1,048,576 and column 500, a 12 KB GeoParquet of 1,000,000
   run-length-encoded rows, and a 0.9 MB workbook of 300,000 rows (the files of
   ``tests/test_hostile_contents.py``); while any of them is running the bystander
   changes the filter again and again. Each change's wall time is recorded, and each
   upload's time and answer (the refusal shown, or the rows imported).

Target (issue #20): every filter change during the uploads under 1 s.
"""

from __future__ import annotations

import argparse
import base64
import json
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from bench._common import write_results
from bench.load_test import (
    CALLBACK_URL,
    build_processed,
    free_port,
    start_gunicorn,
    stop_gunicorn,
    wait_ready,
)
from dashboard import ids
from geo.vocab import COUNTRY_CODES
from tests.servers import callback_body
from tests.test_hostile_contents import (
    parquet_million_rle,
    xlsx_last_row_far_column,
    xlsx_many_rows,
)

COUNTRIES = COUNTRY_CODES


class Bystander:
    """One browser changing the country filter, as the page does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.get(base + "/", timeout=60).raise_for_status()
        self.dependencies = self.http.get(base + "/_dash-dependencies", timeout=60).json()
        self.fanout = [
            d["output"].lstrip(".").split("...")[0]
            for d in self.dependencies
            if any(i["id"] == ids.VIEW for i in d["inputs"]) and not d.get("clientside_function")
        ]
        self.view_output = next(
            d["output"].lstrip(".").split("...")[0]
            for d in self.dependencies
            if any(i["id"] == ids.F_COUNTRY for i in d["inputs"])
        )
        self.pool = ThreadPoolExecutor(max_workers=len(self.fanout))
        self.turn = 0

    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Post one callback (its output first, as the renderer writes it)."""
        headers = {"Content-Type": "application/json"}
        data = json.dumps(body)
        response = self.http.post(self.base + CALLBACK_URL, data=data, headers=headers, timeout=120)
        if response.status_code != 200:
            raise RuntimeError(f"{body['output']}: {response.status_code} {response.text[:200]}")
        return dict(response.json()) if response.content else {}

    def filter_change(self) -> float:
        """Change the country filter; return the seconds until every panel has its answer."""
        self.turn += 1
        country = [COUNTRIES[self.turn % len(COUNTRIES)]]
        start = time.perf_counter()
        values = {f"{ids.F_COUNTRY}.value": country}
        answer = self.post(callback_body(self.dependencies, self.view_output, values,
                                    [f"{ids.F_COUNTRY}.value"]))  # fmt: skip
        view = answer["response"][ids.VIEW]["data"]
        bodies = [callback_body(self.dependencies, out, {f"{ids.VIEW}.data": view},
                           [f"{ids.VIEW}.data"]) for out in self.fanout]  # fmt: skip
        list(self.pool.map(self.post, bodies))
        return time.perf_counter() - start


def upload(base: str, path: Path) -> dict[str, Any]:
    """Upload ``path`` as the page does; return the seconds taken and what the page shows."""
    http = requests.Session()
    dependencies = http.get(base + "/_dash-dependencies", timeout=60).json()
    contents = "data:;base64," + base64.b64encode(path.read_bytes()).decode()
    values = {f"{ids.UPLOAD}.contents": contents, f"{ids.UPLOAD}.filename": path.name,
              f"{ids.LANG}.value": "en"}  # fmt: skip
    body = callback_body(
        dependencies, f"{ids.UPLOAD_PENDING}.data", values, [f"{ids.UPLOAD}.contents"]
    )
    start = time.perf_counter()
    response = http.post(base + CALLBACK_URL, data=json.dumps(body),
                         headers={"Content-Type": "application/json"}, timeout=300)  # fmt: skip
    seconds = time.perf_counter() - start
    shown = json.dumps(response.json()["response"][ids.UPLOAD_REPORT]["children"])
    return {"file": path.name, "bytes": path.stat().st_size, "status": response.status_code,
            "seconds": round(seconds, 2), "shown": shown[:300]}  # fmt: skip


def run(rows: int, workers: int) -> dict[str, Any]:
    """Run the benchmark (see the module); return its results."""
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp_name:
        tmp = Path(tmp_name)
        processed = build_processed(tmp, rows)
        files = [make(tmp) for make in (xlsx_last_row_far_column, parquet_million_rle,
                                         xlsx_many_rows)]  # fmt: skip
        port, log = free_port(), tmp / "gunicorn.log"
        extra = ["-c", "python:dashboard.gunicorn_conf", "--preload", "--timeout", "120"]
        server = start_gunicorn(processed, workers=workers, port=port, log=log, extra=extra)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(server, base, workers=workers, log=log)
            bystander = Bystander(base)
            bystander.filter_change()  # warm: the first change fills the caches
            alone = [bystander.filter_change() for _ in range(10)]
            outcomes: list[dict[str, Any]] = []
            threads = [threading.Thread(target=lambda p=p: outcomes.append(upload(base, p)))
                       for p in files]  # fmt: skip
            for thread in threads:
                thread.start()
            during = []
            while any(thread.is_alive() for thread in threads):
                during.append(bystander.filter_change())
            for thread in threads:
                thread.join()
            errors = [line for line in log.read_text().splitlines()
                      if "Traceback" in line or "WORKER TIMEOUT" in line]  # fmt: skip
        finally:
            stop_gunicorn(server)
    return {
        "rows": rows,
        "workers": workers,
        "alone_s": {"median": _median(alone), "max": round(max(alone), 3)},
        "during_uploads_s": {
            "count": len(during),
            "median": _median(during),
            "max": round(max(during), 3),
        },
        "target_max_s": 1.0,
        "uploads": sorted(outcomes, key=lambda o: o["file"]),
        "server_errors": errors,
    }


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[len(ordered) // 2], 3)


def main() -> None:
    """Run with the command line's options and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()
    results = run(options.rows, options.workers)
    path = write_results("hostile_uploads", results)
    print(json.dumps(results, indent=2))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
