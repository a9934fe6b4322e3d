"""Several gunicorn workers tell one truth: uploads, Clear, expiry and damaged data.

A real gunicorn with two workers on 127.0.0.1 and the shared session folder. Each
check sends 20 requests on fresh connections, which the kernel spreads over the
workers; every answer must agree.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from dashboard import uploads
from geo.builds.folder import build
from tests.servers import free_port, gunicorn, org_count, server_env

pytest.importorskip("gunicorn")

REQUESTS = 20
REGISTRY = (
    "name,country,department,type,latitude,longitude\n"
    "Coop Andina,CO,Huila,Cooperativa,2.9273,-75.2819\n"
    "Asociación Sur,PE,Cusco,Asociación,-13.5320,-71.9675\n"
    "Caja Norte,EC,Pichincha,Cooperativa,-0.1807,-78.4678\n"
)
UPLOAD = "Nombre;País;Departamento;Latitud;Longitud\nSubida Uno;CO;Meta;4.1420;-73.6266\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    tmp = tmp_path_factory.mktemp("workers")
    registry = tmp / "registro.csv"
    registry.write_text(REGISTRY, "utf-8")
    processed = tmp / "processed"
    build([registry], out=processed)
    sessions = tmp / "sessions"
    sessions.mkdir(mode=0o700)  # the app refuses a session folder others may open
    env = server_env(processed, sessions, free_port())
    with gunicorn(env, workers=2) as url:
        yield {"url": url, "processed": processed, "sessions": sessions, "tmp": tmp}


T = TypeVar("T")


def _answers(fn: Callable[[], T]) -> set[T]:
    return {fn() for _ in range(REQUESTS)}


def _upload(site: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(site["sessions"]))
    import base64

    payload = base64.b64encode(UPLOAD.encode("utf-8")).decode()
    token = uploads.process_upload(f"data:text/csv;base64,{payload}", "subida.csv").token
    handle = uploads.token_handle(token)
    return token, handle, f"{uploads.cookie_name(handle)}={token}"


def test_the_server_sends_no_version_banner(site: dict[str, object]) -> None:
    with urllib.request.urlopen(str(site["url"]) + "/", timeout=10) as response:
        assert response.headers["Server"] == "CoopAtlas"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_clear_is_honoured_by_every_worker(
    site: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(site["url"])
    token, handle, cookie = _upload(site, monkeypatch)
    assert _answers(lambda: org_count(url, handle, cookie=cookie)) == {1}  # the upload, on both
    assert _answers(lambda: org_count(url)) == {3}  # everyone else: the served data
    uploads.discard(token)  # Clear, as the worker that received it does
    assert _answers(lambda: org_count(url, handle, cookie=cookie)) == {3}


def test_expiry_is_honoured_by_every_worker(
    site: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(site["url"])
    token, handle, cookie = _upload(site, monkeypatch)
    assert _answers(lambda: org_count(url, handle, cookie=cookie)) == {1}
    old = time.time() - (uploads.SESSION_TTL_HOURS * 3600 + 60)
    os.utime(Path(str(site["sessions"])) / "coopatlas-sessions" / token, (old, old))
    assert _answers(lambda: org_count(url, handle, cookie=cookie)) == {3}


def test_damaged_data_give_the_same_page_on_every_worker(site: dict[str, object]) -> None:
    url = str(site["url"])
    processed = Path(str(site["processed"]))
    (processed.resolve() / "organizations.parquet").write_bytes(b"damaged in place")

    def layout() -> str:
        with urllib.request.urlopen(url + "/_dash-layout", timeout=30) as response:
            return response.read().decode("utf-8")

    # the workers look at the folder at most once a second: ask until every one has seen it
    deadline = time.monotonic() + 30
    pages = _answers(layout)
    while any("error-page" not in p for p in pages) and time.monotonic() < deadline:
        pages = _answers(layout)
    assert len(pages) == 1
    page = pages.pop()
    assert "error-page" in page and "could not be read" in page
    assert str(site["tmp"]) not in page

    def callback_status() -> int:
        request = urllib.request.Request(
            url + "/_dash-update-component", data=b"{}", method="POST",
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    assert _answers(callback_status) == {503}
