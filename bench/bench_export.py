"""Speed of the static map export and of the slide deck, on the committed demo data.

Usage: ``python -m bench.bench_export [--repeat 5]``. Writes ``bench/results/export.json``.

Times, as the median of ``--repeat`` runs after one warm-up run (the warm-up
loads the boundaries and fonts once, as a running server would):

1. ``png_all``: :func:`geo.export.static_map.render_map` and :func:`save_map` of the
   default three-country view as a 1920 x 1080 PNG (target < 3 s);
2. ``png_a4``: the same view as an A4 PNG at 300 dpi (no target; for reference);
3. ``deck_4``: :func:`geo.export.deck.write_deck` with four slides, Colombia,
   Peru, Ecuador and the three countries (target < 10 s).

The unit tables and classifications are computed before timing (the dashboard
has them already when a user asks for an export). The first PNG of the process,
which also loads the boundaries, is reported apart (``png_all_first_s``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench._common import peak_rss_mb, timeit, write_results
from geo.builds.folder import default_folder
from geo.export.deck import write_deck
from geo.export.static_map import render_map, save_map
from geo.indicators.mapspec import MapSpec, compute
from geo.indicators.prepared import prepare
from geo.store import open_processed
from geo.vocab import COUNTRY_CODES

TARGETS_S = {"png_all": 3.0, "deck_4": 10.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case")
    args = parser.parse_args()

    processed = open_processed(default_folder())
    prepared = prepare(processed.organizations, processed.programmes)
    source = "CoopAtlas demo registry (synthetic)"
    default = MapSpec(source=source)
    table, classes = compute(default, prepared)
    views = [
        (spec, *compute(spec, prepared))
        for spec in (MapSpec(extent=e, source=source) for e in (*COUNTRY_CODES, "all"))
    ]

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)

        def png(size: str) -> None:
            save_map(render_map(default, table, classes, size=size), out / f"{size}.png")  # type: ignore[arg-type]

        cases = {
            "png_all": lambda: png("slide"),
            "png_a4": lambda: png("a4"),
            "deck_4": lambda: write_deck(views, out / "deck.pptx"),
        }
        start = time.perf_counter()
        cases["png_all"]()  # first export in the process: boundaries, projection, fonts
        cold = time.perf_counter() - start
        results = {name: timeit(fn, repeat=args.repeat) for name, fn in cases.items()}
        files = {"png_all": "slide.png", "png_a4": "a4.png", "deck_4": "deck.pptx"}
        sizes = {name: (out / file).stat().st_size for name, file in files.items()}

    print(f"{'case':<10} {'median s':>9} {'min s':>7} {'max s':>7} {'target s':>9} {'file KB':>8}")
    for name, r in results.items():
        target = TARGETS_S.get(name)
        shown = f"{target:.0f}" if target else "-"
        print(
            f"{name:<10} {r['median_s']:9.2f} {r['min_s']:7.2f} {r['max_s']:7.2f} "
            f"{shown:>9} {sizes[name] / 1024:8.0f}"
        )
    print(f"first PNG in a fresh process (loads the boundaries): {cold:.2f} s")
    payload = {
        "organizations": len(processed.organizations),
        "repeat": args.repeat,
        "cases": {
            name: {
                **{k: round(v, 3) for k, v in r.items()},
                "target_s": TARGETS_S.get(name),
                "meets_target": r["median_s"] < TARGETS_S[name] if name in TARGETS_S else None,
                "file_bytes": sizes[name],
            }
            for name, r in results.items()
        },
        "png_all_first_s": round(cold, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(f"wrote {write_results('export', payload)}")


if __name__ == "__main__":
    main()
