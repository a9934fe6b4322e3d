"""Optional basic authentication."""

from __future__ import annotations

import base64

import flask
import pytest

from dashboard.auth import install_basic_auth, parse_credentials


def _app(credentials: dict[str, str] | None) -> flask.Flask:
    app = flask.Flask("t")
    app.get("/")(lambda: "ok")
    install_basic_auth(app, credentials)
    return app


def _header(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COOPATLAS_BASIC_AUTH", raising=False)
    assert _app(None).test_client().get("/").status_code == 200


def test_on_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPATLAS_BASIC_AUTH", "ana:s3cret, luis:otra")
    client = _app(None).test_client()
    denied = client.get("/")
    assert denied.status_code == 401
    assert denied.headers["WWW-Authenticate"].startswith('Basic realm="CoopAtlas"')
    assert client.get("/", headers=_header("ana", "wrong")).status_code == 401
    assert client.get("/", headers=_header("nobody", "s3cret")).status_code == 401
    assert client.get("/", headers=_header("ana", "s3cret")).status_code == 200
    assert client.get("/", headers=_header("luis", "otra")).status_code == 200


@pytest.mark.parametrize("bad", ["ana", "ana:", ":pw", "ana:pw,luis", " ", ",,,", "", "ana: "])
def test_malformed_configuration_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="user:password"):
        parse_credentials(bad)


@pytest.mark.parametrize("bad", [" ", ",,,", "ana:"])
def test_a_malformed_setting_stops_the_dashboard_from_starting(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    from geo._errors import ConfigurationError

    monkeypatch.setenv("COOPATLAS_BASIC_AUTH", bad)
    with pytest.raises(ConfigurationError, match="COOPATLAS_BASIC_AUTH must look like"):
        _app(None)


def test_unset_means_no_login() -> None:
    assert parse_credentials(None) == {}
