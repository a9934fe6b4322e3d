"""HTTP hardening: security headers everywhere, a request-size cap, no version banner."""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app
from dashboard.security import content_security_policy, max_request_bytes
from geo.builds.folder import build
from geo.settings import get_settings

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("sec") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    return create_app(out).server.test_client()


def _assert_hardened(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["connect-src"] == "'self'"
    script = directives["script-src"].split()
    assert script[0] == "'self'"
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert all(s.startswith("'sha256-") for s in script[1:])


def test_the_page_carries_the_security_headers(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    _assert_hardened(response)


def test_assets_and_data_routes_carry_them(client) -> None:
    for url in ("/assets/coopatlas.css", "/_dash-layout", "/_dash-dependencies"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_hardened(response)


def test_callbacks_carry_them(client) -> None:
    dependencies = client.get("/_dash-dependencies").get_json()
    first = dependencies[0]
    body = {
        "output": first["output"],
        "inputs": [dict(i, value=None) for i in first["inputs"]],
        "state": [dict(s, value=None) for s in first["state"]],
        "changedPropIds": [],
    }
    response = client.post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    _assert_hardened(response)


def test_a_body_over_the_cap_is_refused_before_it_is_parsed(client) -> None:
    cap = max_request_bytes(25)
    assert 25 * 2 * 1024 * 1024 < cap < 80 * 1024 * 1024  # two 25 MB files, base64
    response = client.post(
        "/_dash-update-component",
        data=b"x" * (cap + 1),
        content_type="application/json",
    )
    assert response.status_code == 413


def test_the_tile_server_is_allowed_for_images_only() -> None:
    from dash import Dash

    app = Dash(__name__)
    csp = content_security_policy(app, tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert "https://a.tile.example.org" in directives["img-src"]
    assert "example.org" not in directives["script-src"] + directives["connect-src"]


def test_the_development_server_shows_no_version_banner(client) -> None:
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    from dashboard.app import _QuietHandler

    app = client.application
    httpd = make_server("127.0.0.1", 0, app, request_handler=_QuietHandler)
    thread = threading.Thread(target=httpd.handle_request, daemon=True)
    thread.start()
    with urllib.request.urlopen(f"http://127.0.0.1:{httpd.server_port}/", timeout=10) as r:
        server = r.headers["Server"]
    thread.join(10)
    httpd.server_close()
    assert server == "CoopAtlas"
