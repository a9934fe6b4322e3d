"""Bounded load test of the dashboard under gunicorn: N simulated users for a fixed time.

Usage: ``python -m bench.load_test [--users 25] [--duration 60] [--workers 4] [--rows 100000]``.
Writes ``bench/results/load.json`` and prints a summary. Everything runs on 127.0.0.1
and stops by itself: no user starts an action after ``--duration`` seconds, no request
outlives ``--duration + --grace`` seconds, and gunicorn is terminated at the end.

Steps:

1. build a processed folder from the synthetic demo registry (``--rows`` organizations)
   in a temporary folder;
2. start ``gunicorn --workers W --bind 127.0.0.1:PORT dashboard.wsgi:server`` (sync
   workers; ``--conf`` adds ``-c python:dashboard.gunicorn_conf``, the documented
   deployment's gthread workers and threads) with
   ``COOPATLAS_PROCESSED_DIR`` pointing at it, and wait until every worker is up and idle;
3. load the page once in headless Chromium and record the requests the browser really
   sends (GETs and callback POST bodies), then click the CSV export button, turn the
   organizations layer on and upload a registry, to record those callbacks too;
4. warm up every worker; wait (up to ``--quiet-wait`` s) until other processes leave the
   CPUs idle; run one user alone, without pauses, for ``--calibrate`` s (latency without
   contention);
5. start the users over ``--ramp`` s. Each user (a thread with its own HTTP session) loads
   the page, then loops: pause for a random 0.5-1.5 x ``--think`` s, then one action.

Actions (mix in ``MIX``):

``page_load``
    ``GET /``, ``/_dash-layout``, ``/_dash-dependencies``, the unit geometry and, on a
    user's first visit only (a browser caches them), the scripts and styles; then the
    callbacks the browser posts when the page starts.
``filter_change``
    A random country/type filter, posted as the browser does: the ``view-store``
    callback, then, in parallel as a browser would, every callback that reads the view
    (map, table, charts; the organizations layer and its GET when the user turned it
    on) with the view it returned. Timed from the first request to the last response.
``indicator_change``
    The same chain for a random map indicator.
``points``, ``export``, ``upload``
    The organizations layer for a new map position, a download of a random export
    format, an upload applied, viewed and cleared: see :mod:`bench.load_actions`.

The memory of every gunicorn worker is sampled each second (``VmRSS`` from
``/proc/<pid>/status``, PSS and private memory from ``smaps_rollup``; ``VmHWM``, the
kernel's peak, is read at the end), and so is the machine's CPU use. The CPU seconds
used by gunicorn, by this process and by everything else are recorded, because on a
shared machine other work slows the server down.

An error is a response other than 200, a connection error or timeout, a response without
the expected content, a worker restart, or a gunicorn log line with ERROR or TIMEOUT.

Targets (issues #15 and #25): 4 workers on 2 cores, 25 users for 60 s, 0 errors, filter
change p95 < 150 ms, organizations layer p95 < 500 ms, worker peak memory < 350 MB with
exports in the mix. Exports are background jobs (``dashboard.jobs``): a user clicks,
polls every 250 ms as the page does, and downloads the file; the jobs' own processes
are sampled too (``export_jobs``), but they are not web workers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import requests

from bench._common import change_country, write_results
from bench.load_actions import (
    LAYER_ID,
    Extras,
    answer_layer_url,
    background_result,
    clear_body,
    download_url,
    export_body,
    export_formats,
    fetch_layer,
    fetch_layer_url,
    layer_body,
    layer_position,
    record_extras,
    set_value,
    upload_bodies,
)
from geo.indicators.view import MAP_INDICATORS
from geo.vocab import COUNTRY_CODES

PROJECT_ROOT = Path(__file__).resolve().parents[1]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Share of each action in a user's loop (the first page load comes on top).
MIX = {
    "filter_change": 0.4,
    "indicator_change": 0.25,
    "points": 0.2,
    "export": 0.03,
    "upload": 0.02,
    "page_load": 0.1,
}

TARGETS = {
    "errors": 0,
    "filter_change_p95_ms": 150.0,
    "points_p95_ms": 500.0,
    "worker_rss_mb": 350.0,  # issue #25: after exports, which now run outside the workers
}

CALLBACK_URL = "/_dash-update-component"
#: GETs a page (re)load always sends; everything else it fetched is a cacheable asset.
PAGE_PATHS = ("/", "/_dash-layout", "/_dash-dependencies", "/coopatlas/units.geojson")
#: Upper bound of actions per user, whatever the duration (a runaway guard).
MAX_ACTIONS_PER_USER = 5_000
COUNTRIES = COUNTRY_CODES
ORG_TYPES = ("cooperative", "pre_cooperative", "producer_association", "community_organization")


# --- data and server -----------------------------------------------------------------------


def build_processed(folder: Path, rows: int) -> Path:
    """Write the demo registry with ``rows`` organizations and build it into ``folder``."""
    from coopatlas.demo.generate import write_demo
    from geo.builds.folder import build

    registry, programmes = write_demo(folder / "in", n=rows, seed=11)
    out = folder / "processed"
    build([registry], programmes=[programmes], out=out)
    return out


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(
    processed: Path, *, workers: int, port: int, log: Path, extra: list[str]
) -> subprocess.Popen:
    """Start gunicorn in its own process group, logging to ``log``."""
    env = {**os.environ, "COOPATLAS_PROCESSED_DIR": str(processed)}
    env.pop("COOPATLAS_BASIC_AUTH", None)  # the test drives the app without credentials
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        *extra,
        "dashboard.wsgi:server",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_gunicorn(proc: subprocess.Popen) -> None:
    """Stop gunicorn gracefully (SIGTERM), then for good after 15 s (SIGKILL to its group)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group gunicorn leads (start_new_session)
            proc.wait(timeout=5)


def worker_pids(master: int) -> list[int]:
    """Return the pids of the master's children (the gunicorn workers)."""
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


def proc_status_kb(pid: int, key: str) -> int | None:
    """Return a ``kB`` field of ``/proc/<pid>/status`` (``VmRSS``, ``VmHWM``), None if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def smaps_mb(pid: int) -> dict[str, float] | None:
    """Return ``Pss`` and private (USS) memory of ``pid`` in MB, None if it is gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return None
    kb = {}
    for line in lines[1:]:
        key, _, rest = line.partition(":")
        kb[key] = int(rest.split()[0])
    private = kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)
    return {"pss": kb.get("Pss", 0) / 1024, "uss": private / 1024}


def memory_mb(pid: int) -> dict[str, float] | None:
    """Return RSS, PSS and USS of ``pid`` now, in MB (None if it is gone)."""
    rss, shares = proc_status_kb(pid, "VmRSS"), smaps_mb(pid)
    if rss is None or shares is None:
        return None
    return {"rss": round(rss / 1024, 1), **{k: round(v, 1) for k, v in shares.items()}}


def worker_memory_mb(master: int) -> list[dict[str, float]]:
    """Return RSS, PSS and USS of each worker now, in MB."""
    return [m for m in map(memory_mb, worker_pids(master)) if m is not None]


def cpu_ticks(pid: int) -> int | None:
    """Return user + system CPU ticks of ``pid`` (None if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def wait_ready(proc: subprocess.Popen, base: str, *, workers: int, log: Path) -> float:
    """Wait until the app answers and every worker is up and idle; return the seconds taken."""
    start = time.perf_counter()
    deadline = start + 180
    answered = False
    idle_since: float | None = None
    last: dict[int, int | None] = {}
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        if not answered:
            with contextlib.suppress(requests.RequestException):
                answered = requests.get(base + "/_dash-layout", timeout=5).status_code == 200
        pids = worker_pids(proc.pid)
        ticks = {pid: cpu_ticks(pid) for pid in pids}
        # A worker loads the app (and the data) after it is forked: busy until it is done.
        quiet = answered and len(pids) == workers and ticks == last
        last = ticks
        if quiet:
            idle_since = idle_since or time.perf_counter()
            if time.perf_counter() - idle_since >= 1.0:
                return time.perf_counter() - start
        else:
            idle_since = None
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn not ready after 180 s:\n{log.read_text()[-3000:]}")


def machine_busy_ticks() -> tuple[int, int]:
    """Return (busy, total) CPU ticks of the whole machine from ``/proc/stat``."""
    # user nice system idle iowait irq softirq steal (guest time is inside user)
    line = Path("/proc/stat").read_text().split("\n", 1)[0]
    values = [int(v) for v in line.split()[1:9]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def server_ticks(master: int) -> int:
    """CPU ticks used so far by the gunicorn master and its workers."""
    return sum(cpu_ticks(pid) or 0 for pid in [master, *worker_pids(master)])


def wait_quiet(*, limit_s: float, threshold: float = 0.15) -> float:
    """Wait until other processes use less than ``threshold`` of the CPUs over 2 s.

    Returns the last measured share (the test goes on after ``limit_s`` anyway; the
    results record it).
    """
    deadline = time.monotonic() + limit_s
    while True:
        busy0, total0 = machine_busy_ticks()
        time.sleep(2.0)
        busy1, total1 = machine_busy_ticks()
        share = (busy1 - busy0) / max(1, total1 - total0)
        if share < threshold or time.monotonic() >= deadline:
            return share
        print(f"  machine busy ({share:.0%} of the CPUs) with other work; waiting...", flush=True)


# --- what the browser sends ----------------------------------------------------------------


@dataclass
class Script:
    """Requests recorded from a real page load, to be replayed with other values."""

    asset_paths: list[str]
    start_posts: list[dict]
    collect: dict
    fanout: list[dict]
    download: dict
    external: list[str]
    extras: Extras


def capture(base: str) -> Script:
    """Load the page and click the CSV button in Chromium; return what it sent."""
    from playwright.sync_api import sync_playwright

    seen: list[Any] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        # Only collect in the handler: calling the sync API inside it would deadlock.
        page.on("requestfinished", lambda request: seen.append(request))
        page.on("requestfailed", lambda request: seen.append(request))
        page.goto(base + "/")
        page.wait_for_selector("path.leaflet-interactive")
        page.wait_for_load_state("networkidle")
        n_start = len(seen)
        change_country(page)  # a first visit sends no view callback: record a change's
        n_change = len(seen)
        with page.expect_download(timeout=30_000):
            page.get_by_role("button", name="CSV", exact=True).click()
        page.wait_for_load_state("networkidle")
        n_download = len(seen)
        extras = record_extras(page, seen, n_download)
        records = [(r.method, r.url, r.post_data) for r in seen[:n_download]]
        browser.close()

    gets, posts, external, change_posts = [], [], [], []
    for i, (method, url, body) in enumerate(records):
        parts = urlsplit(url)
        if parts.netloc != urlsplit(base).netloc:
            external.append(url)  # the dashboard must work offline: expected empty
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if method == "GET" and i < n_start and path not in gets:
            gets.append(path)
        elif method == "POST" and parts.path == CALLBACK_URL:
            posts.append((i < n_start, json.loads(body)))
            if n_start <= i < n_change:
                change_posts.append(json.loads(body))
    start_posts = [body for first, body in posts if first]
    collect = next(b for b in change_posts if "view-store.data" in b["output"])
    fanout = [
        b
        for b in change_posts
        if any(i.get("id") == "view-store" for i in b["inputs"] if isinstance(i, dict))
        and b["output"] != f"{LAYER_ID}.children"  # posted by change() when the layer is on
    ]
    download = next(b for first, b in posts if not first and "download.data" in b["output"])
    missing = [p for p in PAGE_PATHS if p not in gets]
    if missing:
        raise RuntimeError(f"the page load did not request {missing}; seen: {gets}")
    return Script(
        asset_paths=[p for p in gets if p not in PAGE_PATHS],
        start_posts=start_posts,
        collect=collect,
        fanout=fanout,
        download=download,
        external=external,
        extras=extras,
    )


def callback_kind(body: dict) -> str:
    """Name a callback by its first output (``cb:units-layer.hideout``)."""
    first = body["output"].strip(".").split("...")[0]
    return f"cb:{first}"


def with_input(body: dict, values: dict[str, Any], changed: list[str]) -> dict:
    """Return a copy of ``body`` with the inputs of the given component ids set."""
    body = json.loads(json.dumps(body))
    for item in body["inputs"]:
        if isinstance(item, dict) and item.get("id") in values:
            item["value"] = values[item["id"]]
    body["changedPropIds"] = changed
    return body


# --- the users -----------------------------------------------------------------------------


@dataclass
class Recorder:
    """Latencies and errors per kind, shared by the user threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    #: (seconds since t0 when the action ended, ms) of every successful filter change.
    filter_times: list[tuple[float, float]] = field(default_factory=list)
    t0: float = field(default_factory=time.monotonic)
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, kind: str, ms: float, status: int | None = None) -> None:
        """Record a success of ``kind`` taking ``ms`` milliseconds."""
        with self.lock:
            self.latencies[kind].append(ms)
            if kind == "action:filter_change":
                self.filter_times.append((time.monotonic() - self.t0, ms))
            if status is not None:
                self.statuses[str(status)] += 1

    def fail(self, kind: str, message: str, status: int | None = None) -> None:
        """Record an error of ``kind``."""
        with self.lock:
            self.errors[kind] += 1
            self.statuses[str(status) if status is not None else "exception"] += 1
            if len(self.error_samples) < 20:
                self.error_samples.append(f"{kind}: {message[:300]}")


class ActionError(Exception):
    """One request of an action failed (already recorded)."""


class User:
    """One simulated user: an HTTP session, the current view, a random stream."""

    def __init__(
        self, index: int, base: str, script: Script, recorder: Recorder, *, hard_end: float
    ) -> None:
        self.index = index
        self.base = base
        self.script = script
        self.recorder = recorder
        self.hard_end = hard_end
        self.rng = random.Random(1000 + index)
        self.session = requests.Session()
        self.pool = ThreadPoolExecutor(max_workers=6, thread_name_prefix=f"user{index}")
        self.visited = False
        self.controls: dict[str, Any] = {"f-country": None, "f-type": None, "indicator": None}
        self.view = ""
        self.clicks = 0
        self.layer_on = False
        self.layer_position: dict | None = None
        self.session_data: dict | None = None

    def _timeout(self) -> float:
        return max(0.1, self.hard_end - time.monotonic())

    def request(self, kind: str, method: str, path: str, body: dict | None = None) -> bytes:
        """Send one request; record it under ``kind``; raise ActionError on any error."""
        start = time.perf_counter()
        try:
            if method == "GET":
                response = self.session.get(self.base + path, timeout=self._timeout())
            else:
                response = self.session.post(
                    self.base + path,
                    data=json.dumps(body).encode(),
                    headers={"Content-Type": "application/json"},
                    timeout=self._timeout(),
                )
            content = response.content
        except requests.RequestException as exc:
            self.recorder.fail(kind, f"{type(exc).__name__}: {exc}")
            raise ActionError from exc
        ms = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            self.recorder.fail(
                kind, f"HTTP {response.status_code} {content[:200]!r}", response.status_code
            )
            raise ActionError
        self.recorder.ok(kind, ms, response.status_code)
        return content

    def parallel(self, jobs: list[tuple[str, str, str, dict | None]]) -> list[bytes]:
        """Send requests at once, as a browser does (up to 6 connections)."""
        futures = [self.pool.submit(self.request, *job) for job in jobs]
        results, failed = [], False
        for future in futures:
            try:
                results.append(future.result())
            except ActionError:
                failed = True
        if failed:
            raise ActionError
        return results

    def page_load(self) -> None:
        """Reload the page: the app's GETs (plus assets on the first visit), start callbacks."""
        paths = [*PAGE_PATHS, *([] if self.visited else self.script.asset_paths)]
        self.parallel([(_get_kind(p), "GET", p, None) for p in paths])
        self.visited = True
        for body in self.script.start_posts:
            self.request(callback_kind(body), "POST", CALLBACK_URL, body)
        self.controls = {"f-country": None, "f-type": None, "indicator": None}
        self.view = ""

    def change(self, values: dict[str, Any]) -> None:
        """Change controls: post the view callback, then the map/panels/layer callbacks."""
        self.controls.update(values)
        current = {k: v for k, v in self.controls.items() if v is not None}
        changed = [f"{key}.value" for key in values]
        body = with_input(self.script.collect, current, changed)
        content = self.request(callback_kind(body), "POST", CALLBACK_URL, body)
        self.view = json.loads(content)["response"]["view-store"]["data"]
        jobs = [
            (
                callback_kind(b),
                "POST",
                CALLBACK_URL,
                with_input(b, {"view-store": self.view}, ["view-store.data"]),
            )
            for b in self.script.fanout
        ]
        for body in jobs:
            set_value(body[3], "session", "data", self.session_data)
            # the view's answer carries the layer too when it is on (dashboard.view_answer)
            set_value(body[3], "orgs-window", "data", self.layer_position)
        answers = self.parallel(jobs)
        if self.layer_position is not None:  # dash-leaflet then fetches the layer's URL
            url = next((u for u in map(answer_layer_url, answers) if u), None)
            if url is not None:
                fetch_layer_url(self, url)

    def filter_change(self) -> None:
        """Choose a random set of countries and organization types."""
        countries = sorted(self.rng.sample(COUNTRIES, self.rng.randint(0, 2))) or None
        types = sorted(self.rng.sample(ORG_TYPES, self.rng.randint(0, 2))) or None
        self.change({"f-country": countries, "f-type": types})

    def indicator_change(self) -> None:
        """Choose a random map indicator."""
        self.change({"indicator": self.rng.choice(MAP_INDICATORS)})

    def points(self) -> None:
        """Turn the organizations layer on and move the map (see bench.load_actions)."""
        self.layer_on = True
        body = layer_body(self.script.extras, self.view, self.rng, self.session_data)
        self.layer_position = layer_position(body)
        fetch_layer(self, body)

    def export(self) -> None:
        """Click a random export button: the download callback for the current view."""
        self.clicks += 1
        # formats in turn, each user starting elsewhere: every kind is exported in a run
        formats = export_formats(self.script.download)
        fmt = formats[(self.index + self.clicks) % len(formats)]
        body = export_body(self.script.download, fmt, self.clicks, self.view)
        set_value(body, "session", "data", self.session_data)
        content = background_result(self, f"cb:download.data:{fmt}", body)
        url = download_url(content)
        if url is None:
            self.recorder.fail("export", f"no {fmt} download: {content[:200]!r}")
            raise ActionError
        self.request(f"get:export:{fmt}", "GET", url)  # the page downloads it by URL

    def export_csv(self) -> None:
        """Click the CSV button (the warm-up uses it)."""
        self.clicks += 1
        body = export_body(self.script.download, "csv", self.clicks, self.view)
        url = download_url(background_result(self, "cb:download.data:csv", body))
        if url is not None:
            self.request("get:export:csv", "GET", url)

    def upload(self) -> None:
        """Upload a small registry, apply it, see its map and table, then clear it."""
        self.clicks += 1
        extras = self.script.extras
        upload, apply = upload_bodies(extras, self.rng, self.clicks)
        content = self.request("cb:upload-pending.data", "POST", CALLBACK_URL, upload)
        pending = json.loads(content)["response"]["upload-pending"]["data"]
        if not pending or "token" not in pending:
            self.recorder.fail("upload", f"not imported: {content[:200]!r}")
            raise ActionError
        set_value(apply, "upload-pending", "data", pending)
        self.request("cb:session.data", "POST", CALLBACK_URL, apply)
        self.session_data = pending
        self.change({})  # the map, table and charts of the upload
        self.request(
            "cb:session.data", "POST", CALLBACK_URL,
            clear_body(extras, pending, self.clicks),
        )  # fmt: skip
        self.session_data = None

    def run(self, *, start_at: float, end: float, think: float) -> None:
        """Load the page at ``start_at``, then act until ``end`` (monotonic clock)."""
        time.sleep(max(0.0, start_at - time.monotonic()))
        actions = list(MIX)
        weights = [MIX[a] for a in actions]
        action = "page_load"
        for _ in range(MAX_ACTIONS_PER_USER):
            if time.monotonic() >= end:
                break
            started = time.perf_counter()
            try:
                getattr(self, action)()
            except ActionError:
                self.recorder.fail(f"action:{action}", "a request failed")
            except Exception as exc:  # a bad response body must not kill the user silently
                self.recorder.fail(f"action:{action}", f"{type(exc).__name__}: {exc}")
            else:
                self.recorder.ok(f"action:{action}", (time.perf_counter() - started) * 1000)
            pause = self.rng.uniform(0.5 * think, 1.5 * think)
            time.sleep(max(0.0, min(pause, end - time.monotonic())))
            action = self.rng.choices(actions, weights)[0]
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.session.close()


def _get_kind(path: str) -> str:
    if path in PAGE_PATHS:
        return "get:" + path
    return "get:assets"


# --- memory and CPU sampling ---------------------------------------------------------------


class Sampler(threading.Thread):
    """Sample each worker's RSS and the machine's CPU use every second."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.stop = threading.Event()
        self.rss_kb: dict[int, list[int]] = defaultdict(list)
        self.hwm_kb: dict[int, int] = {}
        self.pss_mb: dict[int, float] = defaultdict(float)
        self.uss_mb: dict[int, float] = defaultdict(float)
        self.cpu_busy: list[tuple[float, float]] = []
        #: Peak RSS (kB) of each export job process (a worker's child, dashboard.jobs).
        self.job_rss_kb: dict[int, int] = {}
        self.t0 = time.monotonic()

    def run(self) -> None:
        """Sample until stopped."""
        busy0, total0 = machine_busy_ticks()
        while not self.stop.wait(1.0):
            for pid in worker_pids(self.master):
                for job in worker_pids(pid):  # export jobs forked by the worker
                    peak = proc_status_kb(job, "VmHWM")
                    if peak is not None:
                        self.job_rss_kb[job] = max(self.job_rss_kb.get(job, 0), peak)
                rss = proc_status_kb(pid, "VmRSS")
                if rss is not None:
                    self.rss_kb[pid].append(rss)
                hwm = proc_status_kb(pid, "VmHWM")
                if hwm is not None:
                    self.hwm_kb[pid] = hwm
                shares = smaps_mb(pid)
                if shares is not None:
                    self.pss_mb[pid] = max(self.pss_mb[pid], shares["pss"])
                    self.uss_mb[pid] = max(self.uss_mb[pid], shares["uss"])
            busy1, total1 = machine_busy_ticks()
            if total1 > total0:
                t = time.monotonic() - self.t0
                self.cpu_busy.append((t, (busy1 - busy0) / (total1 - total0)))
            busy0, total0 = busy1, total1


# --- the run -------------------------------------------------------------------------------


def warm_up(base: str, script: Script, *, workers: int) -> None:
    """Send each kind of action a few times from several threads (untimed)."""
    recorder = Recorder()
    users = [
        User(900 + i, base, script, recorder, hard_end=time.monotonic() + 180)
        for i in range(2 * workers)
    ]

    def go(user: User) -> None:
        browse = ("page_load", "filter_change", "indicator_change", "points")
        for action in (*browse, "export", *browse):
            with contextlib.suppress(Exception):  # untimed; a busy machine may time out
                getattr(user, action)()

    with ThreadPoolExecutor(len(users)) as pool:
        list(pool.map(go, users))
    for user in users:
        user.pool.shutdown()


def summarise(values: list[float]) -> dict[str, float | int]:
    """Count, median, p95, p99, max of latencies in ms."""
    if not values:
        return {"count": 0}
    a = np.asarray(values)
    return {
        "count": len(values),
        "p50_ms": round(float(np.percentile(a, 50)), 1),
        "p95_ms": round(float(np.percentile(a, 95)), 1),
        "p99_ms": round(float(np.percentile(a, 99)), 1),
        "max_ms": round(float(a.max()), 1),
        "mean_ms": round(float(a.mean()), 1),
    }


def drive(
    base: str,
    script: Script,
    *,
    users: int,
    duration: float,
    grace: float,
    think: float,
    ramp: float,
    recorder: Recorder,
) -> tuple[float, list[str]]:
    """Run the users; return the wall time and the names of users still running at the end."""
    t0 = recorder.t0
    end, hard_end = t0 + duration, t0 + duration + grace
    crowd = [User(i, base, script, recorder, hard_end=hard_end) for i in range(users)]
    threads = []
    for i, user in enumerate(crowd):
        start_at = t0 + ramp * i / max(1, users)
        thread = threading.Thread(
            target=user.run,
            kwargs={"start_at": start_at, "end": end, "think": think},
            name=f"user{i}",
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=max(0.0, hard_end + 2 - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive()]
    return time.monotonic() - t0, stuck


def timeline(recorder: Recorder, sampler: Sampler, *, window: float = 10.0) -> list[dict]:
    """Filter-change latency and CPU use per ``window`` seconds of the run."""
    rows = []
    ends = [t for t, _ in recorder.filter_times] + [t for t, _ in sampler.cpu_busy]
    for start in np.arange(0.0, max(ends, default=0.0), window):
        ms = [m for t, m in recorder.filter_times if start <= t < start + window]
        cpu = [c for t, c in sampler.cpu_busy if start <= t < start + window]
        rows.append(
            {
                "from_s": int(start),
                **{k: v for k, v in summarise(ms).items() if k in ("count", "p50_ms", "p95_ms")},
                "cpu_busy": round(float(np.mean(cpu)), 2) if cpu else None,
            }
        )
    return rows


def report(
    recorder: Recorder, sampler: Sampler, *, wall_s: float, stuck: list[str], workers: int
) -> dict[str, Any]:
    """Turn the recordings into the results dictionary."""
    kinds = sorted(set(recorder.latencies) | set(recorder.errors))
    per_kind = {
        k: {**summarise(recorder.latencies.get(k, [])), "errors": recorder.errors.get(k, 0)}
        for k in kinds
    }
    n_ok = sum(len(v) for k, v in recorder.latencies.items() if not k.startswith("action:"))
    request_errors = sum(v for k, v in recorder.errors.items() if not k.startswith("action:"))
    action_errors = sum(v for k, v in recorder.errors.items() if k.startswith("action:"))
    rss_max = [max(v) / 1024 for v in sampler.rss_kb.values()]
    hwm = [v / 1024 for v in sampler.hwm_kb.values()]
    worker_mb = max([*rss_max, *hwm, 0.0])
    filter_p95 = per_kind.get("action:filter_change", {}).get("p95_ms", float("inf"))
    points_p95 = per_kind.get("action:points", {}).get("p95_ms", float("inf"))
    errors = request_errors + action_errors + len(stuck)
    cpu = [c for _, c in sampler.cpu_busy]
    return {
        "wall_s": round(wall_s, 1),
        "requests": n_ok + request_errors,
        "requests_per_s": round((n_ok + request_errors) / wall_s, 1),
        "errors": {
            "requests": request_errors,
            "actions": action_errors,
            "stuck_users": stuck,
            "samples": recorder.error_samples,
        },
        "statuses": dict(recorder.statuses),
        "kinds": per_kind,
        "workers_seen": len(sampler.rss_kb),
        "worker_memory_mb": {
            "rss_max_sampled": round(max(rss_max, default=0.0), 1),
            "rss_peak_vmhwm": round(max(hwm, default=0.0), 1),
            "pss_max": round(max(sampler.pss_mb.values(), default=0.0), 1),
            "uss_max": round(max(sampler.uss_mb.values(), default=0.0), 1),
            "rss_max_per_worker": [round(v, 1) for v in rss_max],
        },
        "export_jobs": {
            "processes_seen": len(sampler.job_rss_kb),
            "peak_rss_mb_max": round(max(sampler.job_rss_kb.values(), default=0) / 1024, 1),
        },
        "cpu_busy_2_cores": {
            "mean": round(float(np.mean(cpu)), 3) if cpu else None,
            "max": round(float(np.max(cpu)), 3) if cpu else None,
        },
        "filter_change_timeline": timeline(recorder, sampler),
        "targets": {
            **TARGETS,
            "met": {
                "errors": errors == 0 and len(sampler.rss_kb) == workers,
                "filter_change_p95_ms": filter_p95 < TARGETS["filter_change_p95_ms"],
                "points_p95_ms": points_p95 < TARGETS["points_p95_ms"],
                "worker_rss_mb": worker_mb < TARGETS["worker_rss_mb"],
            },
        },
    }


def print_summary(results: dict[str, Any]) -> None:
    """Print the table of latencies and the verdict on each target."""
    print(f"\n{'kind':<32} {'count':>6} {'err':>4} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for kind, r in results["kinds"].items():
        if r["count"]:
            print(
                f"{kind:<32} {r['count']:6d} {r['errors']:4d} {r['p50_ms']:7.0f} "
                f"{r['p95_ms']:7.0f} {r['p99_ms']:7.0f} {r['max_ms']:7.0f}"
            )
        else:
            print(f"{kind:<32} {0:6d} {r['errors']:4d}")
    print(
        "\nfilter change per 10 s: "
        + "; ".join(
            f"{w['from_s']}s p95 {w.get('p95_ms', '-')} cpu {w['cpu_busy']}"
            for w in results["filter_change_timeline"]
        )
    )
    print(
        "one user alone (p50/p95 ms): "
        + "; ".join(
            f"{k.removeprefix('action:')} {r['p50_ms']:.0f}/{r['p95_ms']:.0f}"
            for k, r in results["single_user"].items()
            if k.startswith("action:")
        )
    )
    mem = results["worker_memory_mb"]
    cpu = results["cpu_busy_2_cores"]["mean"]
    print(
        f"requests {results['requests']} ({results['requests_per_s']}/s), "
        f"statuses {results['statuses']}, CPU busy mean {cpu}, "
        f"CPU s {results['cpu_seconds']}"
    )
    print(
        f"worker memory (MB): RSS max {mem['rss_max_sampled']}, peak {mem['rss_peak_vmhwm']}, "
        f"PSS max {mem['pss_max']}, USS max {mem['uss_max']}; "
        f"after boot {results['worker_memory_after_boot_mb']}; "
        f"{results['workers_seen']} worker pids"
    )
    for name, met in results["targets"]["met"].items():
        print(f"target {name:<22} {'met' if met else 'MISSED'}")
    for sample in results["errors"]["samples"][:5]:
        print("  error:", sample)


def app_version() -> str:
    """Return the commit of the app under test, with ``+changes`` when the tree is dirty."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "dashboard", "geo"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def cpu_seconds() -> float:
    """User + system CPU seconds of this process (the load generator) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _conf_threads() -> int:
    """Return the threads a worker gets from the project's gunicorn settings."""
    from dashboard import gunicorn_conf

    return int(gunicorn_conf.threads)


def main() -> None:
    """Parse the options, run the test, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between actions, s (0.5x-1.5x)"
    )
    parser.add_argument("--ramp", type=float, default=5.0, help="users start over this many s")
    parser.add_argument("--grace", type=float, default=10.0, help="max s a request may outlive")
    parser.add_argument(
        "--preload", action="store_true", help="gunicorn --preload (workers share the app)"
    )
    parser.add_argument(
        "--conf",
        action="store_true",
        help="the documented deployment's settings (-c python:dashboard.gunicorn_conf: gthread "
        "workers with its threads) instead of plain sync workers",
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=300.0, help="max s to wait for an idle machine"
    )
    parser.add_argument(
        "--calibrate", type=float, default=10.0, help="s of one user alone, before the load"
    )
    parser.add_argument("--out", default="load", help="results name (bench/results/NAME.json)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coopatlas-load-") as tmp:
        folder = Path(tmp)
        print(f"building {args.rows} demo rows...", flush=True)
        processed = build_processed(folder, args.rows)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = folder / "gunicorn.log"
        extra = [
            *(["-c", "python:dashboard.gunicorn_conf"] if args.conf else []),
            *(["--preload"] if args.preload else []),
        ]
        proc = start_gunicorn(processed, workers=args.workers, port=port, log=log, extra=extra)
        try:
            ready_s = wait_ready(proc, base, workers=args.workers, log=log)
            after_boot = worker_memory_mb(proc.pid)
            print(f"gunicorn ready in {ready_s:.1f} s on {base}; capturing the page...", flush=True)
            script = capture(base)
            warm_up(base, script, workers=args.workers)
            after_warm_up = worker_memory_mb(proc.pid)
            background = wait_quiet(limit_s=args.quiet_wait)
            print(f"one user without pauses for {args.calibrate:.0f} s...", flush=True)
            alone = Recorder()
            drive(base, script, users=1, duration=args.calibrate, grace=args.grace, think=0.0,
                  ramp=0.0, recorder=alone)  # fmt: skip
            print(f"{args.users} users for {args.duration:.0f} s...", flush=True)
            sampler = Sampler(proc.pid)
            sampler.start()
            cpu_before = cpu_seconds()
            machine_before, server_before = machine_busy_ticks()[0], server_ticks(proc.pid)
            recorder = Recorder()
            wall_s, stuck = drive(
                base,
                script,
                users=args.users,
                duration=args.duration,
                grace=args.grace,
                think=args.think,
                ramp=args.ramp,
                recorder=recorder,
            )
            generator_cpu_s = cpu_seconds() - cpu_before
            tick = os.sysconf("SC_CLK_TCK")
            machine_cpu_s = (machine_busy_ticks()[0] - machine_before) / tick
            server_cpu_s = (server_ticks(proc.pid) - server_before) / tick
            sampler.stop.set()
            sampler.join()
            for pid in worker_pids(proc.pid):  # the kernel's peak, between the samples too
                hwm = proc_status_kb(pid, "VmHWM")
                if hwm is not None:
                    sampler.hwm_kb[pid] = hwm
            at_end = {"master": memory_mb(proc.pid), "workers": worker_memory_mb(proc.pid)}
            gunicorn_log = log.read_text(errors="replace")
        finally:
            stop_gunicorn(proc)
    results = report(recorder, sampler, wall_s=wall_s, stuck=stuck, workers=args.workers)
    problems = [line for line in gunicorn_log.splitlines() if "TIMEOUT" in line or "ERROR" in line]
    payload = {
        "settings": {
            "users": args.users,
            "duration_s": args.duration,
            "workers": args.workers,
            "rows": args.rows,
            "think_s_mean": args.think,
            "ramp_s": args.ramp,
            "grace_s": args.grace,
            "mix": MIX,
            "gunicorn": " ".join(["--workers", str(args.workers), *extra])
            + (f" (gthread, {_conf_threads()} threads)" if args.conf else " (sync workers)"),
            "gunicorn_ready_s": round(ready_s, 1),
            "app_version": app_version(),
        },
        **results,
        "single_user": {
            k: {**summarise(v), "errors": alone.errors.get(k, 0)}
            for k, v in sorted(alone.latencies.items())
        },
        "first_load": {
            "asset_requests": len(script.asset_paths),
            "external_requests": script.external,
        },
        "worker_memory_after_boot_mb": after_boot,
        "worker_memory_after_warm_up_mb": after_warm_up,
        "memory_at_end_mb": {
            **at_end,
            # PSS splits shared pages between the processes: the sum is what they cost.
            "total_pss": round(
                (at_end["master"] or {}).get("pss", 0.0) + sum(w["pss"] for w in at_end["workers"]),
                1,
            ),
        },
        "cpu_seconds": {
            "machine": round(machine_cpu_s, 1),
            "gunicorn": round(server_cpu_s, 1),
            "load_generator": round(generator_cpu_s, 1),
            "other_processes": round(machine_cpu_s - server_cpu_s - generator_cpu_s, 1),
            "other_share_before_start": round(background, 3),
        },
        "gunicorn_log_problems": problems[:20],
    }
    if problems:
        payload["targets"]["met"]["errors"] = False
    print_summary(payload)
    print(f"wrote {write_results(args.out, payload)}")


if __name__ == "__main__":
    main()
