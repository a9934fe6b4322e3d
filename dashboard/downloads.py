"""Export files handed to the browser by URL, not inside a callback's answer.

An export can be large (the GeoJSON of every organization is tens of MB). Sent as
base64 inside Dash's JSON answer it cost the worker several times its size in memory
and the browser a long parse. The export callback writes the file here and answers
with a URL that the page then downloads: the file streams from disk.

Files live in ``coopatlas-exports`` beside the upload sessions (``COOPATLAS_SESSION_DIR``,
shared by every worker and host), one unguessable folder per export. A file is
deleted once it has been sent, or after :data:`EXPORT_TTL_S` if it never was.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import flask

#: Seconds an export waits to be downloaded before the next export deletes it.
EXPORT_TTL_S = 3600
#: URL of the download route; ``/<token>/<name>`` follows.
URL_PREFIX = "/coopatlas/download"

_TOKEN = re.compile(r"[0-9a-f]{32}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")


def exports_root() -> Path:
    """Return the folder of all pending exports (private, created on demand)."""
    root = Path(os.environ.get("COOPATLAS_SESSION_DIR") or tempfile.gettempdir())
    folder = root / "coopatlas-exports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def new_export_folder() -> tuple[str, Path]:
    """Create an empty folder for one export; return its token and path.

    Exports older than :data:`EXPORT_TTL_S` are deleted first.
    """
    expire_exports()
    token = secrets.token_hex(16)
    folder = exports_root() / token
    folder.mkdir(mode=0o700)
    return token, folder


def export_url(token: str, name: str) -> str:
    """Return the URL that downloads the file ``name`` of the export ``token``."""
    return f"{URL_PREFIX}/{token}/{quote(name)}"


def expire_exports(*, now: float | None = None) -> int:
    """Delete export folders older than the time limit; return how many were deleted."""
    now = time.time() if now is None else now
    removed = 0
    for folder in exports_root().iterdir():
        try:
            old = now - folder.stat().st_mtime > EXPORT_TTL_S
        except OSError:
            continue  # deleted by another worker meanwhile
        if folder.is_dir() and old:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def register_routes(server: flask.Flask) -> None:
    """Add the download route: the file as an attachment, deleted once sent."""

    @server.get(f"{URL_PREFIX}/<token>/<name>")
    def download_export(token: str, name: str) -> flask.Response:
        if not (_TOKEN.fullmatch(token) and _NAME.fullmatch(name)):
            return flask.Response("no such export", 404, mimetype="text/plain")
        folder = exports_root() / token
        path = folder / name
        if not path.is_file():
            return flask.Response(
                "This export was already downloaded or has expired: export it again.",
                404,
                mimetype="text/plain",
            )
        response = flask.send_file(path, as_attachment=True, download_name=name, max_age=0)
        response.headers["Cache-Control"] = "no-store"
        # Werkzeug runs on-close callbacks only for responses it iterates itself (not
        # passed through); it still streams the file in blocks.
        response.direct_passthrough = False
        response.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
        return response
