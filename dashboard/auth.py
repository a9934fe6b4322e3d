"""Optional HTTP basic authentication for team deployments.

Off unless ``COOPATLAS_BASIC_AUTH`` is set to ``user:password`` (several pairs may be
separated by commas). Use it behind HTTPS (a reverse proxy): basic authentication
sends the password with every request.
"""

from __future__ import annotations

import hmac
import os

import flask

ENV = "COOPATLAS_BASIC_AUTH"
REALM = "CoopAtlas"


def parse_credentials(value: str | None) -> dict[str, str]:
    """Parse ``user:password[,user2:password2]``; empty or missing means no authentication.

    Raises
    ------
    ValueError
        If a pair has no ``:`` or an empty user or password.
    """
    pairs: dict[str, str] = {}
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        user, sep, password = item.partition(":")
        if not sep or not user or not password:
            raise ValueError(f"{ENV} must look like user:password[,user2:password2]")
        pairs[user] = password
    return pairs


def install_basic_auth(server: flask.Flask, credentials: dict[str, str] | None = None) -> bool:
    """Require basic authentication on every request of ``server`` when credentials are set.

    Parameters
    ----------
    server
        The Flask app behind Dash.
    credentials
        ``{user: password}``; default: read from ``COOPATLAS_BASIC_AUTH``.

    Returns
    -------
    bool
        True when authentication was switched on.
    """
    credentials = parse_credentials(os.environ.get(ENV)) if credentials is None else credentials
    if not credentials:
        return False

    @server.before_request
    def _require_login() -> flask.Response | None:
        auth = flask.request.authorization
        if auth is not None and auth.username in credentials:
            expected = credentials[auth.username].encode()
            if hmac.compare_digest((auth.password or "").encode(), expected):
                return None
        return flask.Response(
            "Authentication required.",
            401,
            {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'},
        )

    return True
