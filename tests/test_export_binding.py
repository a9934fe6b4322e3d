"""An export's URL works only in the browser session that made it (and for its user).

Two test clients are two browsers (two cookie jars). The export is made by
the real export job with the click's headers, then fetched by URL: by the browser that
asked (200, the file), by another browser (403, a page in its language that says
to export again, and the file is still there for its owner), and, with login on,
by another user in the same browser (403).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import flask
import pytest

from dashboard import downloads, export_job, jobs
from dashboard.app import create_app
from dashboard.auth import install_basic_auth
from geo.builds.folder import build
from geo.settings import get_settings


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


def export_csv(client: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the export job as the page's click does; return the URL the page would download.

    An export is a background job (:mod:`dashboard.export_job`): it has no request of
    its own, only the click's headers, which carry the browser's cookie.
    """
    monkeypatch.setattr(jobs, "lower_priority", lambda: 0)  # not this test process
    cookie = client.get_cookie(downloads.BROWSER_COOKIE)
    headers = {"Cookie": f"{downloads.BROWSER_COOKIE}={cookie.value}"} if cookie else {}
    with client.application.app_context():
        link, message = export_job.run_export(
            "csv", "lang=en", None, headers=headers, progress=lambda step: None
        )
    assert link is not None, message
    return link["url"]


def test_another_browser_session_is_refused_and_the_owner_still_gets_the_file(
    processed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = create_app(processed).server
    mine, theirs = server.test_client(), server.test_client()
    assert mine.get("/").status_code == 200  # the page load hands the browser its cookie
    assert mine.get_cookie(downloads.BROWSER_COOKIE) is not None
    url = export_csv(mine, monkeypatch)

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


def test_a_job_binds_its_export_to_the_clicks_browser_and_user() -> None:
    """The job's binding, read from the click's headers, is the request's own binding."""
    app = flask.Flask(__name__)
    browser = "0123456789abcdef0123456789abcdef"
    pair = base64.b64encode(b"ana:secreto-1").decode()
    headers = {
        "Cookie": f"x=1; {downloads.BROWSER_COOKIE}={browser}",
        "Authorization": f"Basic {pair}",
    }
    with app.test_request_context("/", headers=headers):
        in_request = downloads.binding_of_request()
    assert downloads.binding_of_headers(headers) == in_request
    with app.test_request_context("/", headers={"Cookie": headers["Cookie"]}):
        anonymous = downloads.binding_of_request()
    assert downloads.binding_of_headers({"cookie": headers["Cookie"]}) == anonymous
    assert anonymous != in_request  # the user is part of the binding
    # a forged cookie, or none (the page load always sets one): bound to nobody
    assert downloads.binding_of_headers({"Cookie": f"{downloads.BROWSER_COOKIE}=zz"}) is None
    assert downloads.binding_of_headers({}) is None


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
