"""Callback bodies capped far below uploads: a large JSON body is refused before parsing.

Flask's ``MAX_CONTENT_LENGTH`` (:mod:`dashboard.security`) must let an upload
through: the browser's ``dcc.Upload`` sends the file base64-encoded inside the
JSON body of the upload callback, up to about 69 MB for a registry and a
programme file. Every other callback needs a few kilobytes, and parsing a JSON
body of 69 MB made of small values (millions of numbers or objects) costs a
worker gigabytes. So a body to ``/_dash-update-component`` larger than
:data:`CALLBACK_MAX_KB` is answered HTTP 413 before Dash parses it, unless

* it is addressed to a callback that takes an upload's ``contents`` (found in
  the app's callback map, not listed here: the body's first field is its output,
  as Dash's renderer writes it), **and**
* it is made of few JSON values: at most :data:`UPLOAD_BODY_MAX_TOKENS` of the
  characters that open a value or separate values (``{ [ , "``), which a real
  upload (a handful of strings, one of them the file) never comes near; parsing
  such a body costs memory in proportion to its bytes.

The choice: uploads stay a Dash callback (keyboard and screen-reader use of
``dcc.Upload`` unchanged) and are the only large body accepted; a streaming
upload route would let this cap apply to every callback.
"""

from __future__ import annotations

import json
import os
import re

import flask
from dash import Dash

#: Largest callback body, in KB, except an upload's (``COOPATLAS_CALLBACK_MAX_KB``).
CALLBACK_MAX_KB = float(os.environ.get("COOPATLAS_CALLBACK_MAX_KB", "512"))
#: Most value openers and separators (``{ [ , "``) a large upload body may hold.
UPLOAD_BODY_MAX_TOKENS = 10_000
#: Component properties that carry a file's bytes.
_UPLOAD_PROPERTY = "contents"


def upload_outputs(app: Dash) -> frozenset[str]:
    """Return the output keys of the callbacks whose inputs or state include a file's bytes."""
    found = set()
    for output, spec in app.callback_map.items():
        for dependency in (*spec.get("inputs", ()), *spec.get("state", ())):
            if dependency.get("property") == _UPLOAD_PROPERTY:
                found.add(output)
    return frozenset(found)


def is_upload_body(body: bytes, outputs: frozenset[str]) -> bool:
    """Return True when ``body`` is addressed to an upload callback and has few values."""
    head = re.match(rb'\s*\{\s*"output"\s*:\s*("(?:[^"\\]|\\.){0,2000}")', body[:4096])
    if head is None:
        return False
    try:
        output = json.loads(head.group(1))
    except ValueError:
        return False
    if output not in outputs:
        return False
    tokens = sum(body.count(char) for char in (b"{", b"[", b",", b'"'))
    return tokens <= UPLOAD_BODY_MAX_TOKENS


def install_callback_cap(app: Dash) -> None:
    """Refuse callback bodies over :data:`CALLBACK_MAX_KB` except real uploads (HTTP 413).

    Call it after the callbacks are registered (the upload callbacks are found in
    the app's callback map on the first request).
    """
    path = f"{app.config.routes_pathname_prefix}_dash-update-component"
    limit = int(CALLBACK_MAX_KB * 1024)
    outputs: list[frozenset[str]] = []

    @app.server.before_request
    def _cap_callback_body() -> flask.Response | None:
        request = flask.request
        if request.path != path or request.method != "POST":
            return None
        length = request.content_length
        if length is not None and length <= limit:
            return None
        body = request.get_data(cache=True)  # Dash reads it from the cache; MAX_CONTENT_LENGTH
        if len(body) <= limit:
            return None
        if not outputs:
            outputs.append(upload_outputs(app))
        if is_upload_body(body, outputs[0]):
            return None
        message = {"error": f"request body over the callback limit of {CALLBACK_MAX_KB:g} KB"}
        return flask.Response(json.dumps(message), 413, mimetype="application/json")
