"""Export downloads by URL (dashboard.downloads): one file, once, then gone."""

from __future__ import annotations

import os
import time
from pathlib import Path

import flask
import pytest

from dashboard import downloads


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path))
    app = flask.Flask(__name__)
    downloads.register_routes(app)
    return app.test_client()


def test_an_export_is_served_once_as_an_attachment_then_deleted(client) -> None:
    token, folder = downloads.new_export_folder()
    (folder / "coopatlas-orgs-region.csv").write_text("a,b\n1,2\n", "utf-8")
    url = downloads.export_url(token, "coopatlas-orgs-region.csv")
    assert url == f"/coopatlas/download/{token}/coopatlas-orgs-region.csv"
    response = client.get(url)
    assert response.status_code == 200
    assert response.get_data() == b"a,b\n1,2\n"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "coopatlas-orgs-region.csv" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    response.close()  # the server closes it after sending: the folder goes then
    assert not folder.exists()
    again = client.get(url)
    assert again.status_code == 404
    assert "already downloaded or has expired" in again.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/coopatlas/download/not-a-token/x.csv",
        "/coopatlas/download/" + "0" * 32 + "/..%2Fsecret",
        "/coopatlas/download/" + "0" * 32 + "/.hidden",
    ],
)
def test_bad_tokens_and_names_are_not_found(client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_old_exports_are_deleted_by_the_next_export(client) -> None:
    _, old = downloads.new_export_folder()
    (old / "f.csv").write_text("x", "utf-8")
    hours_ago = time.time() - downloads.EXPORT_TTL_S - 60
    os.utime(old, (hours_ago, hours_ago))
    _, fresh = downloads.new_export_folder()
    assert not old.exists() and fresh.exists()
