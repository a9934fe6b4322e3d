"""An export's URL works only in the browser session that made it (and for its user).

Two test clients are two browsers (two cookie jars). The export is made through
the real export callback of the app, then fetched by URL: by the browser that
asked (200, the file), by another browser (403, a page in its language that says
to export again, and the file is still there for its owner), and, with login on,
by another user in the same browser (403).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import flask
import pytest

from dashboard import downloads, ids
from dashboard.app import create_app
from dashboard.auth import install_basic_auth
from geo.builds.folder import build
from geo.settings import get_settings
from tests.servers import callback_body


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("binding") / "processed"
    build([folder / "demo_registry.csv"], out=out)
    return out


@pytest.fixture(autouse=True)
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path / "private"))
    return tmp_path / "private"


def export_csv(client: Any) -> str:
    """Click the CSV export as the page does; return the URL the page would download."""
    dependencies = client.get("/_dash-dependencies").get_json()
    button = json.dumps({"fmt": "csv", "type": ids.EXPORT}, separators=(",", ":"))
    pattern = next(
        f"{i['id']}.{i['property']}"
        for d in dependencies
        if d["output"].startswith(f"..{ids.DOWNLOAD}.data")
        for i in d["inputs"]
    )
    values = {
        pattern: [{"id": {"type": ids.EXPORT, "fmt": "csv"}, "property": "n_clicks", "value": 1}],
        f"{ids.VIEW}.data": "lang=en",
    }
    body = callback_body(dependencies, f"{ids.DOWNLOAD}.data", values, [f"{button}.n_clicks"])
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return str(response.get_json()["response"][ids.DOWNLOAD]["data"]["url"])


def test_another_browser_session_is_refused_and_the_owner_still_gets_the_file(
    processed: Path,
) -> None:
    server = create_app(processed).server
    mine, theirs = server.test_client(), server.test_client()
    assert mine.get("/").status_code == 200  # the page load hands the browser its cookie
    assert mine.get_cookie(downloads.BROWSER_COOKIE) is not None
    url = export_csv(mine)

    for method in (theirs.head, theirs.get):  # no cookie at all, then a cookie of its own
        refused = method(url, headers={"Accept-Language": "es-CO,es;q=0.9"})
        assert refused.status_code == 403
        assert refused.mimetype == "text/html"
    page = refused.get_data(as_text=True)
    assert '<html lang="es">' in page and "exporte la vista de nuevo" in page
    assert "Exportación no disponible" in page
    english = theirs.get(url, headers={"Accept-Language": "en-GB"})
    assert english.status_code == 403 and "export the view again" in english.get_data(as_text=True)

    served = mine.get(url)  # untouched by the refused requests
    assert served.status_code == 200
    body = served.get_data()
    served.close()
    assert body.startswith(b"\xef\xbb\xbf") or body[:1].isalpha()  # a CSV, UTF-8
    assert b"," in body.splitlines()[0]
    assert mine.get(url).status_code == 404  # once


def test_an_export_made_in_a_browsers_first_request_is_still_its_own(processed: Path) -> None:
    client = create_app(processed).server.test_client()
    url = export_csv(client)  # no page load first: the callback's answer sets the cookie
    assert client.get_cookie(downloads.BROWSER_COOKIE) is not None
    answer = client.get(url)
    answer.close()
    assert answer.status_code == 200


def test_with_login_another_user_in_the_same_browser_is_refused(root: Path) -> None:
    app = flask.Flask(__name__)
    install_basic_auth(app, {"ana": "secreto-1", "luis": "secreto-2"})
    downloads.register_routes(app)

    def basic(user: str, password: str) -> dict[str, str]:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}

    @app.post("/make")
    def make() -> str:
        token, folder = downloads.new_export_folder(owner="user:ana")
        (folder / "f.csv").write_bytes(b"a,b\n1,2\n")
        return downloads.export_url(token, "f.csv")

    client = app.test_client()
    url = client.post("/make", headers=basic("ana", "secreto-1")).get_data(as_text=True)
    assert client.get(url, headers=basic("luis", "secreto-2")).status_code == 403
    answer = client.get(url, headers=basic("ana", "secreto-1"))
    body = answer.get_data()
    answer.close()
    assert answer.status_code == 200 and body == b"a,b\n1,2\n"
