"""Exports shared by hosts: two app servers, one Redis, one Celery worker.

With ``COOPATLAS_CELERY_BROKER`` set, an export click becomes a Celery task
(:mod:`dashboard.jobs`): whichever app server receives the click queues it in Redis, the
Celery worker runs it, and the page polls any server for the result, which then serves
the file by its one-time URL from the shared session folder. Here a user clicks CSV
on server A, polls server B until the job is done, and downloads the file from B.

A real ``redis-server`` (Debian's package, installed by ``.ci/run``) listens on a free
loopback port for the duration of the module; the test is skipped, saying so, only
when that program is missing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from dashboard import ids
from geo.builds.folder import build
from tests.servers import callback_body, free_port, gunicorn_servers, server_env, wait_until

pytest.importorskip("gunicorn")
pytest.importorskip("celery", reason="the celery extra is not installed")

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS is None,
    reason="redis-server is not installed (Debian package redis-server; .ci/run installs it)",
)

REGISTRY = (
    "name,country,department,type,latitude,longitude\n"
    "Coop Andina,CO,Huila,Cooperativa,2.9273,-75.2819\n"
    "Asociación Sur,PE,Cusco,Asociación,-13.5320,-71.9675\n"
    "Caja Norte,EC,Pichincha,Cooperativa,-0.1807,-78.4678\n"
)
#: Seconds the whole job (queue, Celery worker, result) may take on a busy machine.
JOB_TIMEOUT_S = 120
#: The page's config, where Dash writes the page load's signed id (``end_id``).
_CONFIG = re.compile(r'<script id="_dash-config" type="application/json">(.*?)</script>', re.S)


def _wait_for_redis(port: int, process: subprocess.Popen[bytes]) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    wait_until(answers, seconds=30, what=f"redis-server on port {port}", process=process)


def _wait_for_worker(log: Path, process: subprocess.Popen[bytes]) -> None:
    wait_until(
        lambda: "ready." in log.read_text("utf-8", errors="replace"),
        seconds=120,
        what="the Celery worker did not start",
        process=process,
    )


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("export-hosts")
    (tmp / "registro.csv").write_text(REGISTRY, "utf-8")
    processed = tmp / "processed"
    build([tmp / "registro.csv"], out=processed)
    sessions = tmp / "sessions"
    sessions.mkdir(mode=0o700)
    port = free_port()
    redis_log = (tmp / "redis.log").open("wb")
    assert REDIS is not None
    redis_server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp)],
        stdout=redis_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    broker = f"redis://127.0.0.1:{port}/0"
    worker_log = tmp / "celery.log"
    worker = None
    try:
        _wait_for_redis(port, redis_server)
        envs = [server_env(processed, sessions, free_port()) for _ in range(2)]
        for env in envs:
            env["COOPATLAS_CELERY_BROKER"] = broker
        worker_env = {k: v for k, v in envs[0].items() if k != "COOPATLAS_PORT"}
        with worker_log.open("wb") as out:
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "dashboard.celery_worker", "worker",
                 "--concurrency", "1", "--loglevel", "INFO", "--without-gossip",
                 "--without-mingle", "--without-heartbeat"],
                env=worker_env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        logs = [tmp / "a.log", tmp / "b.log"]
        with gunicorn_servers(envs, workers=1, logs=logs) as (a, b):
            _wait_for_worker(worker_log, worker)
            yield {"a": a, "b": b, "logs": logs, "worker_log": worker_log, "sessions": sessions}
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        redis_server.terminate()
        redis_server.wait(30)
        redis_log.close()


def page_end_id(http: requests.Session, url: str) -> str:
    """Load the page from ``url``; return the signed id Dash gives this page load."""
    page = http.get(url + "/", timeout=30)
    page.raise_for_status()
    match = _CONFIG.search(page.text)
    assert match, "no Dash config in the page"
    return str(json.loads(match.group(1))["end_id"])


def export_click(dependencies: list[dict[str, Any]], fmt: str) -> dict[str, Any]:
    """Return the body the page posts when the ``fmt`` export button is clicked."""
    body = callback_body(dependencies, f"{ids.DOWNLOAD}.data", {f"{ids.VIEW}.data": "lang=en"}, [])
    button = {"type": ids.EXPORT, "fmt": fmt}
    body["inputs"][0] = [{"id": button, "property": "n_clicks", "value": 1}]
    body["changedPropIds"] = [
        json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"
    ]
    return body


def test_an_export_started_on_one_server_is_fetched_through_the_other(
    hosts: dict[str, Any],
) -> None:
    a, b = hosts["a"], hosts["b"]
    http = requests.Session()
    dependencies = http.get(a + "/_dash-dependencies", timeout=30).json()
    end_id = page_end_id(http, a)
    body = export_click(dependencies, "csv")
    started = http.post(
        f"{a}/_dash-update-component", params={"endId": end_id}, json=body, timeout=60
    )
    assert started.status_code == 200, started.text[:300]
    handles = started.json()
    assert set(handles) >= {"cacheKey", "job"}  # a job was queued, no file made in the request
    answer: dict[str, Any] = {}

    def done() -> bool:  # the page polls; here every poll goes to B
        params = {"endId": end_id, "cacheKey": handles["cacheKey"], "job": handles["job"]}
        polled = http.post(f"{b}/_dash-update-component", params=params, json=body, timeout=60)
        assert polled.status_code == 200, polled.text[:300]
        answer.update(polled.json())
        return "response" in answer

    wait_until(done, seconds=JOB_TIMEOUT_S, what="the export job's result through B")
    link = answer["response"][ids.DOWNLOAD]["data"]
    assert link["name"].endswith(".csv")
    fetched = http.get(b + link["url"], timeout=60)  # the one-time URL, through B
    assert fetched.status_code == 200
    text = fetched.content.decode("utf-8-sig")
    table = text[text.index("level,iso_3166_2,") :]  # below the title, source and date lines
    rows = list(csv.DictReader(io.StringIO(table)))
    # the registry's three organizations, one in each of Huila, Cusco and Pichincha
    counted = {r["iso_3166_2"]: r["organizations"] for r in rows if r["organizations"] != "0"}
    assert counted == {"CO-HUI": "1", "PE-CUS": "1", "EC-P": "1"}
    assert http.get(a + link["url"], timeout=30).status_code == 404  # once, on any server
    # the Celery worker did the work (the app servers only queued and answered polls)
    assert "succeeded" in hosts["worker_log"].read_text("utf-8", errors="replace")


def test_no_server_or_worker_logged_an_error(hosts: dict[str, Any]) -> None:
    for log in [*hosts["logs"], hosts["worker_log"]]:
        text = Path(log).read_text("utf-8", errors="replace")
        assert "Traceback" not in text and "[ERROR]" not in text, text[-2000:]
