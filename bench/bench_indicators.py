"""Benchmark of geo.indicators.compute.compute_indicators at 10k, 100k and 1M organizations.

Run from the project root::

    python bench/bench_indicators.py            # 10k, 100k, 1M
    python bench/bench_indicators.py --sizes 10000 100000 --runs 20

For each size it generates a synthetic processed registry (numpy, seeded; it
does not use coopatlas.demo.generate), prepares it once, and times

* ``ours``: ``compute_indicators`` (mask + bincount, priority included) under a
  representative filter (one country, two types, a founding-year range) and
  with no filter (the worst case: every organization counts);
* ``baseline``: a straightforward pandas implementation of the same unit
  indicators (boolean indexing, groupby, crosstab, str.split/explode, merge)
  under the same filter, without the priority index.

It reports medians (and 90th percentiles) in milliseconds, checks that both
implementations agree on a few columns, prints a table and writes
``bench/results/indicators.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.indicators.compute import compute_indicators  # noqa: E402
from geo.indicators.filters import Filters  # noqa: E402
from geo.indicators.prepared import prepare  # noqa: E402
from geo.indicators.priority import load_weights  # noqa: E402
from geo.units.boundaries import load_population, load_units  # noqa: E402
from geo.vocab import (  # noqa: E402
    ORG_TYPES,
    PROGRAMME_KEYS,
    SECTORS,
    SERVICES,
)

RESULTS = ROOT / "bench" / "results" / "indicators.json"
FILTER = Filters(
    countries=("CO",),
    org_types=("cooperative", "producer_association"),
    founded_from=1990,
    founded_to=2020,
)
FEDERATIONS = [f"Federación {i:02d}" for i in range(40)]


def synthetic(n: int, *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (organizations, programmes) shaped like the processed tables."""
    rng = np.random.default_rng(seed)
    units = load_units()
    pop = load_population().set_index("iso_3166_2")["population"]
    weight = np.sqrt(pop.reindex(units["iso_3166_2"]).to_numpy(dtype=float))
    unit = rng.choice(len(units), size=n, p=weight / weight.sum())
    iso = units["iso_3166_2"].to_numpy()[unit]
    country = units["country"].to_numpy()[unit]
    org_type = np.asarray(ORG_TYPES)[
        rng.choice(len(ORG_TYPES), size=n, p=[0.25, 0.05, 0.4, 0.15, 0.05, 0.1])
    ]
    sector = pd.array(np.asarray(SECTORS, dtype=object)[rng.integers(0, len(SECTORS), n)], "str")
    sector[rng.random(n) < 0.08] = pd.NA

    def with_na(values: np.ndarray, rate: float) -> pd.api.extensions.ExtensionArray:
        out = pd.array(values.astype(np.int64), dtype="Int64")
        out[rng.random(n) < rate] = pd.NA
        return out

    total = np.rint(rng.lognormal(3.5, 1.0, n)) + 1
    women = rng.binomial(total.astype(np.int64), 0.4)
    youth = rng.binomial(total.astype(np.int64), 0.2)
    year = rng.integers(1950, 2025, n)
    service_bits = np.zeros(n, dtype=np.int64)
    for j in range(len(SERVICES)):
        service_bits |= (rng.random(n) < 0.08).astype(np.int64) << j
    service_text = np.array(
        ["|".join(s for j, s in enumerate(SERVICES) if b >> j & 1) for b in range(512)],
        dtype=object,
    )[service_bits]
    fed_choice = rng.integers(0, len(FEDERATIONS), n)
    fed_second = rng.integers(0, len(FEDERATIONS), n)
    fed_kind = rng.random(n)
    names = np.asarray(FEDERATIONS, dtype=object)
    federations = np.where(
        fed_kind < 0.2,
        names[fed_choice],
        np.where(fed_kind < 0.25, names[fed_choice] + "|" + names[fed_second], ""),
    )
    org_id = np.char.add("ORG-", np.arange(n).astype(str)).astype(object)
    orgs = pd.DataFrame(
        {
            "org_id": pd.array(org_id, dtype="str"),
            "name": pd.array(org_id, dtype="str"),
            "country": pd.array(country, dtype="str"),
            "iso_3166_2": pd.array(iso, dtype="str"),
            "org_type": pd.array(org_type, dtype="str"),
            "sector": sector,
            "members_total": with_na(total, 0.15),
            "members_women": with_na(women, 0.25),
            "members_youth": with_na(youth, 0.35),
            "year_founded": with_na(year, 0.10),
            "federations": pd.array(federations, dtype="str"),
            "social_services": pd.array(service_text, dtype="str"),
        }
    )
    # programmes: 15 % of organizations once, 5 % twice
    first = rng.choice(n, size=int(0.20 * n), replace=False)
    second = first[: int(0.05 * n)]
    who = np.concatenate([first, second])
    m = who.size
    participants = rng.integers(1, 40, m)
    progs = pd.DataFrame(
        {
            "org_id": pd.array(org_id[who], dtype="str"),
            "programme": pd.array(
                np.asarray(list(PROGRAMME_KEYS), dtype=object)[
                    rng.choice(4, size=m, p=[0.5, 0.2, 0.2, 0.1])
                ],
                dtype="str",
            ),
            "year": pd.array(rng.integers(2015, 2025, m), dtype="Int64"),
            "participants": pd.array(participants, dtype="Int64"),
            "participants_women": pd.array(rng.binomial(participants, 0.45), dtype="Int64"),
        }
    )
    return orgs, progs


def baseline(
    orgs: pd.DataFrame, progs: pd.DataFrame, units: pd.DataFrame, population: pd.DataFrame
) -> pd.DataFrame:
    """Straightforward pandas version of the unit indicators under FILTER (no priority)."""
    year = orgs["year_founded"]
    mask = (
        orgs["country"].isin(FILTER.countries)
        & orgs["org_type"].isin(FILTER.org_types)
        & (year >= FILTER.founded_from).fillna(False)
        & (year <= FILTER.founded_to).fillna(False)
    )
    sub = orgs[mask]
    iso = sub["iso_3166_2"]
    index = pd.Index(units["iso_3166_2"], name="iso_3166_2")
    out = pd.DataFrame(index=index)
    out["orgs"] = sub.groupby(iso).size()
    types = pd.crosstab(iso, sub["org_type"]).reindex(columns=list(ORG_TYPES), fill_value=0)
    out = out.join(types.add_prefix("orgs_"))
    sectors = pd.crosstab(iso, sub["sector"].fillna("unknown"))
    out = out.join(sectors.add_prefix("orgs_sector_"))
    members = sub.groupby(iso)["members_total"]
    out["members_total"] = members.sum()
    out["members_known_orgs"] = members.count()
    out["median_members"] = members.median()
    for what in ("women", "youth"):
        both = sub[sub["members_total"].notna() & sub[f"members_{what}"].notna()]
        grouped = both.groupby("iso_3166_2")
        out[f"members_{what}"] = grouped[f"members_{what}"].sum()
        out[f"members_{what}_base"] = grouped["members_total"].sum()
    services = sub["social_services"].str.split("|").explode()
    services = services[services != ""]
    out = out.join(pd.crosstab(services.index.map(iso), services).add_prefix("services_"))
    out["orgs_social_services"] = (sub["social_services"] != "").groupby(iso).sum()
    out["orgs_federated"] = (sub["federations"] != "").groupby(iso).sum()
    reached = progs.merge(sub[["org_id", "iso_3166_2"]], on="org_id")
    out["reached_any"] = reached.groupby("iso_3166_2")["org_id"].nunique()
    by_prog = reached.groupby(["iso_3166_2", "programme"])
    out = out.join(by_prog["org_id"].nunique().unstack().add_prefix("reached_"))
    out = out.join(by_prog["participants"].sum().unstack().add_prefix("participants_"))
    out["participants"] = reached.groupby("iso_3166_2")["participants"].sum()
    out["participants_women"] = reached.groupby("iso_3166_2")["participants_women"].sum()
    median = out["median_members"]
    out = out.fillna(0)
    out["median_members"] = median
    out["not_reached"] = out["orgs"] - out["reached_any"]
    orgs_n = out["orgs"].where(out["orgs"] > 0)
    out["coop_share"] = out["orgs_cooperative"] / orgs_n
    out["coverage_any"] = out["reached_any"] / orgs_n
    for prog in PROGRAMME_KEYS:
        if f"reached_{prog}" in out:
            out[f"coverage_{prog}"] = out[f"reached_{prog}"] / orgs_n
    out["women_share"] = out["members_women"] / out["members_women_base"].where(
        out["members_women_base"] > 0
    )
    out["youth_share"] = out["members_youth"] / out["members_youth_base"].where(
        out["members_youth_base"] > 0
    )
    pop = population.set_index("iso_3166_2")["population"].reindex(index)
    area = units.set_index("iso_3166_2")["official_area_km2"].astype(float)
    in_scope = units.set_index("iso_3166_2")["country"].isin(FILTER.countries)
    out["orgs_per_100k"] = (out["orgs"] / pop * 1e5).where(in_scope)
    out["orgs_per_10k_km2"] = (out["orgs"] / area * 1e4).where(in_scope)
    return out.reset_index()


def timed(func: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock milliseconds of ``runs`` calls (after one warm-up call)."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (Linux), else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text("utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def p90(values: list[float]) -> float:
    return float(np.percentile(values, 90))


def run(sizes: list[int], runs: int) -> dict[str, object]:
    units = load_units()
    population = load_population()
    weights = load_weights()
    rows = []
    for n in sizes:
        orgs, progs = synthetic(n)
        start = time.perf_counter()
        prepared = prepare(orgs, progs)
        prepare_s = time.perf_counter() - start
        ours = compute_indicators(prepared, FILTER, weights=weights)
        base = baseline(orgs, progs, units, population)
        for col in ("orgs", "members_total", "reached_any", "median_members", "services_health"):
            a = ours[col].to_numpy(dtype=float)
            b = base[col].to_numpy(dtype=float)
            if not np.allclose(a, b, equal_nan=True):
                raise SystemExit(f"baseline and compute_indicators disagree on {col} at n={n}")
        t_filter = timed(lambda p=prepared: compute_indicators(p, FILTER, weights=weights), runs)
        t_all = timed(lambda p=prepared: compute_indicators(p, None, weights=weights), runs)
        base_runs = max(3, runs // (1 if n <= 10_000 else 5 if n <= 100_000 else 10))
        t_base = timed(
            lambda o=orgs, g=progs: baseline(o, g, units, population),
            base_runs,
        )
        matched = int(ours["orgs"].sum())
        rows.append(
            {
                "organizations": n,
                "matching_filter": matched,
                "prepare_s": round(prepare_s, 3),
                "ours_filter_ms_median": round(statistics.median(t_filter), 2),
                "ours_filter_ms_p90": round(p90(t_filter), 2),
                "ours_nofilter_ms_median": round(statistics.median(t_all), 2),
                "baseline_filter_ms_median": round(statistics.median(t_base), 2),
                "baseline_runs": base_runs,
                "speedup_baseline_over_ours": round(
                    statistics.median(t_base) / statistics.median(t_filter), 1
                ),
            }
        )
        print(f"n={n:>9,}: done", file=sys.stderr)
    return {
        "benchmark": "compute_indicators",
        "filter": FILTER.to_query(),
        "runs": runs,
        "date": time.strftime("%Y-%m-%d"),
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "platform": platform.platform(),
            "cpu": cpu_model(),
            "cpu_count": os.cpu_count(),
        },
        "results": rows,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    report = run(args.sizes, args.runs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    header = (
        f"{'orgs':>10} {'match':>8} {'prepare s':>10} {'ours ms':>8} {'p90':>7} "
        f"{'no filter':>10} {'pandas ms':>10} {'ratio':>7}"
    )
    print(header)
    for r in report["results"]:  # type: ignore[union-attr]
        print(
            f"{r['organizations']:>10,} {r['matching_filter']:>8,} {r['prepare_s']:>10.2f} "
            f"{r['ours_filter_ms_median']:>8.2f} {r['ours_filter_ms_p90']:>7.2f} "
            f"{r['ours_nofilter_ms_median']:>10.2f} {r['baseline_filter_ms_median']:>10.1f} "
            f"{r['speedup_baseline_over_ours']:>6.1f}x"
        )
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
