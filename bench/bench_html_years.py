"""The offline HTML map's year slider: file size, export time, and a slider step in Chromium.

Usage: ``python -m bench.bench_html_years [--rows N]``. Writes
``bench/results/html_years.json``. On the bundled demo (or a synthetic registry of
``--rows`` organizations), for coverage by any programme at level 1 (83 units) and at
level 2 of Colombia (its municipios):

1. the file with the slider against the same map without it
   (:func:`geo.export.html.write_html_map` with ``years=None``): bytes, the bytes of the
   years' JSON, and the number of steps;
2. the export's time (:func:`geo.export.formats.export`) against the same map without
   the slider, both cold (unit tables and period arrays uncached, after another map has
   loaded the imports and boundaries) and warm (median of 3, tables cached);
3. in headless Chromium, the file opened from disk with the network blocked: the time
   from a key press on the slider to the last unit recoloured (median of 10 steps).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench._common import timeit, write_results
from geo.builds.folder import build, default_folder
from geo.export.formats import export
from geo.export.html import write_html_map
from geo.export.html_years import year_steps
from geo.indicators import periods, unit_tables
from geo.indicators.mapspec import MapSpec, compute
from geo.indicators.prepared import PreparedData, prepare
from geo.store import open_processed

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
_DATA_RE = re.compile(r'<script type="application/json" id="ca-years-data">(.*?)</script>', re.S)

# The key press, then the frames until the last unit has its new fill; in milliseconds.
_STEP_JS = """async (expected) => {
  const input = document.getElementById("ca-year");
  const t0 = performance.now();
  input.value = String(Number(input.value) + 1);
  input.dispatchEvent(new Event("input"));
  await new Promise((done) => requestAnimationFrame(() => done()));
  const t1 = performance.now();
  if (document.documentElement.dataset.yearStep !== input.value) throw new Error("no step");
  return t1 - t0;
}"""


def _plain(spec: MapSpec, prepared: PreparedData, out: Path) -> Path:
    """Write the same map without the slider: one unit table, one classification."""
    table, classes = compute(spec, prepared)
    return write_html_map(spec, table, classes, out)


def _cold(fn: Callable[[], Path]) -> tuple[Path, float]:
    """Run ``fn`` with the unit tables and period arrays uncached; return its file and time."""
    unit_tables._TABLES.clear()
    periods._PERIODS.clear()
    start = time.perf_counter()
    path = fn()
    return path, time.perf_counter() - start


def _sizes(spec: MapSpec, prepared: PreparedData, folder: Path) -> dict[str, Any]:
    # imports, boundaries and Leaflet read once, by another map, before anything is timed
    export(replace(spec, column="orgs_per_100k"), "html", folder / "warm.html", prepared=prepared)
    slider = folder / f"{spec.place}-years.html"
    with_years, slider_s = _cold(lambda: export(spec, "html", slider, prepared=prepared))
    plain = folder / f"{spec.place}-plain.html"
    without, plain_s = _cold(lambda: _plain(spec, prepared, plain))
    page = with_years.read_text(encoding="utf-8")
    found = _DATA_RE.search(page)
    steps = year_steps(spec, prepared)
    warm = timeit(lambda: export(spec, "html", slider, prepared=prepared), repeat=3)
    warm_plain = timeit(lambda: _plain(spec, prepared, plain), repeat=3)
    return {
        "units": len(steps.units) if steps else 0,
        "steps": len(steps.labels) if steps else 0,
        "bytes_with_slider": with_years.stat().st_size,
        "bytes_without_slider": without.stat().st_size,
        "bytes_years_json": len(found.group(1).encode()) if found else 0,
        "export_cold_s": round(slider_s, 3),
        "export_cold_without_slider_s": round(plain_s, 3),
        "export_warm_median_s": round(warm["median_s"], 3),
        "export_warm_without_slider_median_s": round(warm_plain["median_s"], 3),
        "path": str(with_years),
    }


def _browser_steps(path: Path, steps: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        context = browser.new_context(viewport={"width": 1200, "height": 850})
        context.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort(),
        )
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => document.documentElement.dataset.yearStep === '0'")
        times = [page.evaluate(_STEP_JS) for _ in range(min(10, steps - 1))]
        browser.close()
    return {
        "step_median_ms": round(statistics.median(times), 1),
        "step_max_ms": round(max(times), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="a synthetic registry of N organizations")
    parser.add_argument("--data", type=Path, help="a processed folder built before (--rows: kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = default_folder()
        if args.data is not None and (args.data / "report.json").exists():
            data = args.data
        elif args.rows:
            from coopatlas.demo.generate import write_demo

            registry, programmes = write_demo(folder / "in", n=args.rows, seed=11)
            out = args.data or folder / "processed"
            data = build([registry], programmes=[programmes], out=out).out
        processed = open_processed(data)
        start = time.perf_counter()
        prepared = prepare(processed.organizations, processed.programmes)
        prepare_s = time.perf_counter() - start
        results: dict[str, Any] = {
            "organizations": prepared.n_orgs,
            "prepare_s": round(prepare_s, 2),
        }
        for name, spec in (
            ("level1", MapSpec(column="coverage_any", synthetic=True)),
            ("level2_CO", MapSpec(column="coverage_any", level=2, parent="CO", synthetic=True)),
        ):
            sizes = _sizes(spec, prepared, folder)
            sizes.update(_browser_steps(Path(sizes.pop("path")), sizes["steps"]))
            results[name] = sizes
            print(name, sizes, flush=True)
        print(write_results("html_years", results))


if __name__ == "__main__":
    main()
