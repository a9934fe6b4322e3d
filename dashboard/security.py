"""HTTP hardening of the dashboard: security headers and a request-size cap.

* ``Content-Security-Policy``: scripts only from this server plus the hashes of
  Dash's own inline start-up script (``Dash.csp_hashes``); styles from this server
  (React sets ``style`` attributes, hence ``'unsafe-inline'`` for styles only);
  images from this server, ``data:`` URLs and the configured tile server; no
  framing (``frame-ancestors 'none'``), no plugins, forms only to this server.
* ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: no-referrer``.
* ``MAX_CONTENT_LENGTH``: Flask refuses a larger body (HTTP 413) before parsing it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import flask
from dash import Dash

#: Uploads travel base64-encoded inside a JSON callback body: 4/3 of the file, plus
#: a registry and a programme file in the same request, plus the rest of the request.
BASE64_GROWTH = 4 / 3
REQUEST_OVERHEAD_MB = 2.0


def max_request_bytes(upload_limit_mb: float) -> int:
    """Return the largest request body the app accepts for a given upload limit."""
    return int((2 * upload_limit_mb * BASE64_GROWTH + REQUEST_OVERHEAD_MB) * 1024 * 1024)


def _origin(url: str) -> str:
    """Return ``scheme://host[:port]`` of a tile URL template ('' when there is none)."""
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc
    if "{" in host:  # other templated subdomains: allow the parent domain's subdomains
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


def content_security_policy(app: Dash, *, tile_url: str = "") -> str:
    """Return the Content-Security-Policy of the app (what Dash needs and no more)."""
    scripts = " ".join(["'self'", *app.csp_hashes()])
    tiles = _origin(tile_url)
    images = " ".join(part for part in ("'self'", "data:", "blob:", tiles) if part)
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": "'self' 'unsafe-inline'",
        "img-src": images,
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def install_security(app: Dash, *, upload_limit_mb: float, tile_url: str = "") -> None:
    """Add the security headers to every response and cap the request size.

    Parameters
    ----------
    app
        The Dash app (its Flask server is changed in place).
    upload_limit_mb
        The upload limit in MB; the request cap is derived from it.
    tile_url
        Background tile URL template, allowed as an image source when set.
    """
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes(upload_limit_mb)
    headers = {
        "Content-Security-Policy": content_security_policy(app, tile_url=tile_url),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
    }

    @server.after_request
    def _add_headers(response: flask.Response) -> flask.Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
