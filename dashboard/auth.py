"""Optional HTTP basic authentication for team deployments.

Off unless ``COOPATLAS_BASIC_AUTH`` is set to ``user:password`` (several pairs may be
separated by commas). Use it behind HTTPS (a reverse proxy): basic authentication
sends the password with every request.
"""

from __future__ import annotations

import hmac
import os

import flask

from geo._errors import ConfigurationError

ENV = "COOPATLAS_BASIC_AUTH"
REALM = "CoopAtlas"


def parse_credentials(value: str | None) -> dict[str, str]:
    """Parse ``user:password[,user2:password2]``; unset (``None``) means no authentication.

    A value that is set but names no usable pair (blank, only commas, a pair with
    no password) is an error, never a silent "no login".

    Raises
    ------
    ConfigurationError
        If the value is set but malformed; the message says what is expected.
    """
    if value is None:
        return {}
    expected = f"{ENV} must look like user:password[,user2:password2]"
    pairs: dict[str, str] = {}
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        user, sep, password = item.partition(":")
        if not sep or not user.strip() or not password.strip():
            raise ConfigurationError(
                f"{expected}; one entry has no user or no password. Fix the variable, or "
                f"unset it to run without login."
            )
        pairs[user.strip()] = password
    if not pairs:
        raise ConfigurationError(
            f"{expected}; it is set to {len(value)} character(s) without any pair. Fix the "
            "variable, or unset it to run without login."
        )
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
