"""Two app servers, one session folder: a user's requests may reach either.

Two gunicorn instances (one worker each) on two loopback ports stand for two hosts
behind a reverse proxy: the same processed folder, the same session folder. One user
(one cookie jar) posts callbacks as the browser does and alternates between them:
upload on A, map and table on B, Clear on B, then A again. Nothing may differ between
the servers, nothing may answer other than 200, and neither server may log an error.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from dashboard import ids, uploads
from geo.builds.folder import build
from tests.servers import callback_body, free_port, gunicorn_servers, org_count, server_env

pytest.importorskip("gunicorn")

REGISTRY = (
    "name,country,department,type,latitude,longitude\n"
    "Coop Andina,CO,Huila,Cooperativa,2.9273,-75.2819\n"
    "Asociación Sur,PE,Cusco,Asociación,-13.5320,-71.9675\n"
    "Caja Norte,EC,Pichincha,Cooperativa,-0.1807,-78.4678\n"
)
UPLOAD = "Nombre;País;Departamento;Latitud;Longitud\nSubida Uno;CO;Meta;4.1420;-73.6266\n"
#: Units with organizations (and how many), as each registry above places them.
SERVED = {"CO-HUI": "1 organization", "PE-CUS": "1 organization", "EC-P": "1 organization"}
UPLOADED = {"CO-MET": "1 organization"}
VIEW = "lang=en"  # the default view, as the view store holds it
GONE = "This upload was cleared or has expired; upload the file again."
SHOWING = "The map shows your uploaded registry."


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("two-servers")
    (tmp / "registro.csv").write_text(REGISTRY, "utf-8")
    processed = tmp / "processed"
    build([tmp / "registro.csv"], out=processed)
    sessions = tmp / "sessions"
    sessions.mkdir(mode=0o700)  # the app refuses a session folder others may open
    envs = [server_env(processed, sessions, free_port()) for _ in range(2)]
    logs = [tmp / "a.log", tmp / "b.log"]
    with gunicorn_servers(envs, workers=1, logs=logs) as (a, b):
        yield {"a": a, "b": b, "sessions": sessions / "coopatlas-sessions", "logs": logs}


class User:
    """One browser tab: one cookie jar, callbacks posted as Dash's renderer posts them."""

    def __init__(self, pair: dict[str, Any]) -> None:
        self.http = requests.Session()
        self.dependencies = self.http.get(pair["a"] + "/_dash-dependencies", timeout=30).json()
        other = self.http.get(pair["b"] + "/_dash-dependencies", timeout=30).json()
        assert other == self.dependencies  # the same app on both hosts

    def call(self, url: str, output: str, values: dict[str, Any], changed: str) -> dict[str, Any]:
        body = callback_body(self.dependencies, output, values, [changed])
        response = self.http.post(url + "/_dash-update-component", json=body, timeout=60)
        assert response.status_code == 200, response.text[:300]
        return dict(response.json()["response"])

    def import_file(self, url: str) -> dict[str, str]:
        contents = "data:text/csv;base64," + base64.b64encode(UPLOAD.encode()).decode()
        values = {f"{ids.UPLOAD}.contents": contents, f"{ids.UPLOAD}.filename": "subida.csv",
                  f"{ids.LANG}.value": "en"}  # fmt: skip
        out = self.call(url, f"{ids.UPLOAD_PENDING}.data", values, f"{ids.UPLOAD}.contents")
        return dict(out[ids.UPLOAD_PENDING]["data"])  # {"token": ...}

    def apply_or_clear(self, url: str, button: str, pending: Any, session: Any) -> Any:
        values = {f"{button}.n_clicks": 1, f"{ids.UPLOAD_PENDING}.data": pending,
                  f"{ids.SESSION}.data": session, f"{ids.VIEW}.data": VIEW}  # fmt: skip
        out = self.call(url, f"{ids.SESSION}.data", values, f"{button}.n_clicks")
        return out[ids.SESSION]["data"]

    def map(self, url: str, session: Any) -> dict[str, Any]:
        values = {f"{ids.VIEW}.data": VIEW, f"{ids.SESSION}.data": session}
        out = self.call(url, f"{ids.UNITS}.hideout", values, f"{ids.VIEW}.data")
        del out[ids.UNITS]["hideout"]["v"]  # the response's time stamp, not its content
        return out

    def table(self, url: str, session: Any) -> list[dict[str, Any]]:
        values = {f"{ids.VIEW}.data": VIEW, f"{ids.SESSION}.data": session}
        out = self.call(url, f"{ids.TABLE}.rowData", values, f"{ids.VIEW}.data")
        return list(out[ids.TABLE]["rowData"])

    def page(self, url: str, session: Any) -> dict[str, Any]:
        values = {f"{ids.URL}.search": "?" + VIEW, f"{ids.SESSION}.data": session}
        return self.call(url, f"{ids.PAGE}.children", values, f"{ids.URL}.search")


def said(answer: Any) -> str:
    """Return everything an answer says, as text (to look for a message in it)."""
    return json.dumps(answer, ensure_ascii=False)


def counted(map_out: dict[str, Any]) -> dict[str, str]:
    """Return the units the map says have organizations, with the map's words."""
    tips = map_out[ids.UNITS]["hideout"]["tooltips"]
    return {unit: lines[1] for unit, lines in tips.items() if lines[1] != "0 organizations"}


def unstamped(answer: Any) -> Any:
    """Return ``answer`` with the map colours' version set to 0.

    A page arrives with its map coloured (``dashboard.first_answer``), and the colours'
    version is the answering host's clock (``dashboard.logic.map_stamp``): the one
    thing two hosts rightly say differently.
    """
    if isinstance(answer, list):
        return [unstamped(item) for item in answer]
    if not isinstance(answer, dict):
        return answer
    out = {key: unstamped(value) for key, value in answer.items()}
    hideout = out.get("hideout")
    if isinstance(hideout, dict) and "v" in hideout:
        out["hideout"] = {**hideout, "v": 0}
    return out


def status(map_out: dict[str, Any]) -> str:
    return said(map_out[ids.MAP_STATUS]["children"])


def test_an_upload_on_one_server_is_served_by_the_other(pair: dict[str, Any]) -> None:
    a, b = pair["a"], pair["b"]
    user = User(pair)
    session = user.apply_or_clear(a, ids.UPLOAD_APPLY, user.import_file(a), None)
    token = session["token"]
    handle = uploads.token_handle(token)
    # the cookie set by A is in the jar and goes to B too (cookies ignore the port)
    assert user.http.cookies.get(uploads.cookie_name(handle)) == token
    assert org_count(b, handle, http=user.http) == 1  # only the cookie opens the upload
    assert org_count(b, handle) == 3  # without it: the served data
    assert org_count(a, handle, http=user.http) == 1
    on_b, on_a = user.map(b, session), user.map(a, session)
    assert counted(on_b) == UPLOADED
    assert on_b == on_a
    assert user.table(b, session) == user.table(a, session) != user.table(b, None)
    assert SHOWING in said(user.page(b, session))
    assert counted(user.map(b, None)) == SERVED  # another user, on either server
    assert counted(user.map(a, None)) == SERVED


def test_clear_on_one_server_is_honoured_by_the_other(pair: dict[str, Any]) -> None:
    a, b = pair["a"], pair["b"]
    user = User(pair)
    pending = user.import_file(a)
    session = user.apply_or_clear(b, ids.UPLOAD_APPLY, pending, None)  # import on A, show on B
    token = session["token"]
    cookie = f"{uploads.cookie_name(uploads.token_handle(token))}={token}"
    assert counted(user.map(a, session)) == UPLOADED  # A now holds the upload in memory
    assert user.apply_or_clear(b, ids.UPLOAD_CLEAR, pending, session) is None  # Clear on B
    assert not (pair["sessions"] / token).exists()
    assert uploads.cookie_name(uploads.token_handle(token)) not in user.http.cookies
    # A tab that still holds the token (a copy of the tab) asks A: the served data, and why
    stale = user.map(a, session)
    assert counted(stale) == SERVED
    assert GONE in status(stale)
    assert GONE in said(user.page(a, session))
    assert SHOWING not in said(user.page(a, session))
    assert org_count(a, uploads.token_handle(token), cookie=cookie) == 3
    clicked = f"{ids.UPLOAD_REJECTED}.n_clicks"
    values = {clicked: 1, f"{ids.UPLOAD_PENDING}.data": pending, f"{ids.LANG}.value": "en"}
    rejected = user.call(a, f"{ids.UPLOAD_DOWNLOAD}.data", values, clicked)
    assert GONE in said(rejected)
    assert GONE not in status(user.map(a, None))  # a tab without an upload is told nothing


def test_an_expired_upload_gets_the_same_message_on_both(pair: dict[str, Any]) -> None:
    a, b = pair["a"], pair["b"]
    user = User(pair)
    session = user.apply_or_clear(a, ids.UPLOAD_APPLY, user.import_file(b), None)
    assert counted(user.map(a, session)) == counted(user.map(b, session)) == UPLOADED
    old = time.time() - (uploads.SESSION_TTL_HOURS * 3600 + 60)
    os.utime(pair["sessions"] / session["token"], (old, old))
    page_a, page_b = user.page(a, session), user.page(b, session)
    assert GONE in said(page_a)
    # the same components (dicts: attribute order aside) but for each host's map stamp
    assert unstamped(page_a) == unstamped(page_b)
    map_a, map_b = user.map(a, session), user.map(b, session)
    assert counted(map_a) == SERVED
    assert map_a == map_b


def test_neither_server_logged_an_error(pair: dict[str, Any]) -> None:
    for log in pair["logs"]:
        text = Path(log).read_text("utf-8", errors="replace")
        assert "Traceback" not in text and "[ERROR]" not in text, text[-2000:]
        statuses = re.findall(r'" (\d{3}) ', text)  # the access log: '"GET /path HTTP/1.1" 200 '
        assert statuses and set(statuses) == {"200"}
