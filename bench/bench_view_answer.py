"""Server cost of one filter change: the requests the page posts, and their CPU time.

Usage: ``python -m bench.bench_view_answer [--rows 100000] [--changes 40] [--base DIR]``.

Builds the demo registry with ``--rows`` organizations, creates the app in this process
and, for ``--changes`` different filter changes (countries and organization types),
posts what the page posts when a filter changes: the controls into the view store,
then every server callback that has the view store as an input, with the view it
returned. It counts those requests and measures their CPU time (``time.process_time``,
which other work on a shared machine hardly changes) and wall time. Then the CPU time of
the view's answer to 21 year changes (the year slider: a coverage view with a period,
each period new to the worker), and of the page's callback (the page with its first
answer) for 16 addresses: both languages, both levels, four indicators.

``--base DIR`` runs the same measurement a second time, in a new process, on the
dashboard code of another checkout (``git worktree add DIR COMMIT``): the baseline in
the same run. Writes ``bench/results/view_answer.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = (["CO"], ["PE"], ["EC"], ["CO", "PE"], ["PE", "EC"], None)
TYPES = (["cooperative"], ["producer_association"], ["cooperative", "pre_cooperative"], None)


def _pattern_ids(app: Any) -> list[dict[str, Any]]:
    """Return the ids of the page's components that have a pattern (dict) id."""
    found: list[dict[str, Any]] = []
    stack = list(app.validation_layout)
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        if isinstance(getattr(node, "id", None), dict):
            found.append(node.id)
        children = getattr(node, "children", None)
        if children is not None and not isinstance(children, str):
            stack.append(children)
    return found


def _matched(spec: str, prop: str, pattern_ids: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the components a pattern output (``ALL``) matches, as the page sends them."""
    wanted = json.loads(spec)
    fixed = {k: v for k, v in wanted.items() if not isinstance(v, list)}
    return [
        {"id": i, "property": prop}
        for i in pattern_ids
        if set(i) == set(wanted) and all(i[k] == v for k, v in fixed.items())
    ]


def _body(
    dep: dict, values: dict[str, Any], changed: list[str], pattern_ids: list[dict[str, Any]]
) -> dict:
    def entries(items: list[dict]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            key = f"{item['id']}.{item['property']}"
            out.append([] if item["id"].startswith("{") else {**item, "value": values.get(key)})
        return out

    spec = dep["output"]
    parts = [dict(zip(("id", "property"), p.split(".", 1), strict=True))
             for p in spec.strip(".").split("...")]  # fmt: skip
    # a pattern output (``ALL``) is the list of the page's components it matched
    outputs = [
        _matched(p["id"], p["property"], pattern_ids) if p["id"].startswith("{") else p
        for p in parts
    ]
    return {
        "output": spec,
        "outputs": outputs if spec.startswith("..") else outputs[0],
        "inputs": entries(dep["inputs"]),
        "state": entries(dep["state"]),
        "changedPropIds": changed,
    }


def measure(processed: Path, changes: int) -> dict[str, Any]:
    """Post ``changes`` filter changes to an app on ``processed``; return counts and times."""
    from dashboard.app import create_app

    app = create_app(processed)
    client = app.server.test_client()
    pattern_ids = _pattern_ids(app)
    deps = [d for d in client.get("/_dash-dependencies").get_json() if not d["clientside_function"]]
    collect = next(d for d in deps if "view-store.data" in d["output"])
    on_view = [d for d in deps if any(i["id"] == "view-store" for i in d["inputs"])]
    on_country = [d for d in deps if any(i["id"] == "f-country" for i in d["inputs"])]
    cpu, wall, requests = [], [], []
    combos = [(c, t) for c in COUNTRIES for t in TYPES][:changes]
    for countries, types in combos:
        values = {"f-country.value": countries, "f-type.value": types, "lang.value": "en"}
        cpu0, wall0, sent = time.process_time(), time.perf_counter(), 0
        # the view store, and any other callback on the countries (the unit filter's options)
        for dep in {id(d): d for d in [collect, *on_country]}.values():
            answer = client.post(
                "/_dash-update-component", json=_body(dep, values, ["f-country.value"], pattern_ids)
            )
            assert answer.status_code == 200, answer.data[:300]
            sent += 1
            if dep is collect:
                view = answer.get_json()["response"]["view-store"]["data"]
        for dep in on_view:
            body = _body(dep, {"view-store.data": view}, ["view-store.data"], pattern_ids)
            answer = client.post("/_dash-update-component", json=body)
            assert answer.status_code == 200, answer.data[:300]
            sent += 1
        cpu.append((time.process_time() - cpu0) * 1000)
        wall.append((time.perf_counter() - wall0) * 1000)
        requests.append(sent)
    years = _year_changes(client, on_view, pattern_ids)
    pages = _page_loads(client, deps, pattern_ids)
    return {
        "changes": len(combos),
        "requests_per_change": max(requests),
        "cpu_ms_median": round(statistics.median(cpu), 1),
        "cpu_ms_mean": round(statistics.mean(cpu), 1),
        "wall_ms_median": round(statistics.median(wall), 1),
        "year_changes": len(years),
        "year_cpu_ms_median": round(statistics.median(years), 1),
        "year_cpu_ms_mean": round(statistics.mean(years), 1),
        "page_loads": len(pages),
        "page_cpu_ms_median": round(statistics.median(pages), 1),
        "page_cpu_ms_mean": round(statistics.mean(pages), 1),
    }


#: Addresses a page is opened at: each language, both levels, other indicators (each new).
PAGE_QUERIES = [
    f"?lang={lang}&ind={ind}{level}"
    for lang in ("en", "es")
    for ind in ("orgs", "coop_share", "coverage_any", "priority_score")
    for level in ("", "&level=2")
]


def _page_loads(client: Any, deps: list[dict], pattern_ids: list[dict[str, Any]]) -> list[float]:
    """Return the CPU milliseconds of the page's callback (the page with its first answer).

    What a browser posts when it opens an address (``url.search``), for
    :data:`PAGE_QUERIES`; the first view of a visit, or a reload, costs this.
    """
    page = next(d for d in deps if d["output"] == "page.children")
    cpu = []
    for query in PAGE_QUERIES:
        body = _body(page, {"url.search": query}, ["url.search"], pattern_ids)
        cpu0 = time.process_time()
        answer = client.post("/_dash-update-component", json=body)
        assert answer.status_code == 200, answer.data[:300]
        cpu.append((time.process_time() - cpu0) * 1000)
    return cpu


def _year_changes(
    client: Any, on_view: list[dict], pattern_ids: list[dict[str, Any]]
) -> list[float]:
    """Return the CPU milliseconds of the view's answer for 21 periods, each new to the worker.

    What the page posts when the year slider moves: the view store's new query (the
    coverage map, a period) into every callback on the view store (the answer).
    """
    periods = [f"2015-{y}" for y in range(2016, 2026)] + [f"{y}-2025" for y in range(2016, 2026)]
    cpu = []
    for years in ["2015", *periods]:
        body_view = {"view-store.data": f"ind=coverage_any&years={years}"}
        cpu0 = time.process_time()
        for dep in on_view:
            body = _body(dep, body_view, ["view-store.data"], pattern_ids)
            answer = client.post("/_dash-update-component", json=body)
            assert answer.status_code == 200, answer.data[:300]
        cpu.append((time.process_time() - cpu0) * 1000)
    return cpu


def main() -> None:
    """Parse the options, build the data, measure this code (and the base's), write results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=24)
    parser.add_argument("--base", type=Path, help="another checkout's root: the baseline")
    parser.add_argument("--processed", type=Path, help=argparse.SUPPRESS)  # the child's data
    args = parser.parse_args()
    if args.processed:  # a child run: measure the code on sys.path, print JSON
        print(json.dumps(measure(args.processed, args.changes)))
        return
    from bench._common import write_results
    from bench.load_test import build_processed

    with tempfile.TemporaryDirectory(prefix="coopatlas-view-answer-") as tmp:
        processed = build_processed(Path(tmp), args.rows)
        runs = {"this": ROOT, **({"base": args.base.resolve()} if args.base else {})}
        results: dict[str, Any] = {"rows": args.rows}
        for name, code in runs.items():
            env = {**os.environ, "PYTHONPATH": str(code)}
            env.pop("COOPATLAS_CELERY_BROKER", None)
            out = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--processed", str(processed),
                 "--changes", str(args.changes)],
                env=env, cwd=code, capture_output=True, text=True, check=True,
            )  # fmt: skip
            results[name] = {"code": str(code), **json.loads(out.stdout.strip().splitlines()[-1])}
            print(name, results[name], flush=True)
    print(f"wrote {write_results('view_answer', results)}")


if __name__ == "__main__":
    main()
