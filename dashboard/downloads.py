"""Export files handed to the browser by URL, not inside a callback's answer.

An export can be large (the GeoJSON of every organization is tens of MB). Sent as
base64 inside Dash's JSON answer it cost the worker several times its size in memory
and the browser a long parse. The export callback writes the file here and answers
with a URL that the page then downloads: the file streams from disk.

Files live in ``coopatlas-exports`` beside the upload sessions (``COOPATLAS_SESSION_DIR``,
shared by every worker and host), one unguessable folder per export. A file is
deleted once it has been sent, or after :data:`EXPORT_TTL_S` if it never was.

**Bounded.** Exports nobody downloads must not fill the disk. Before an export is
made, expired ones are deleted, then the oldest pending ones until at most
:data:`MAX_PENDING` remain (``COOPATLAS_EXPORTS_MAX``), holding less than
:data:`MAX_PENDING_MB` (``COOPATLAS_EXPORTS_MAX_MB``) together, and at most
:data:`MAX_PER_OWNER` of the same owner (a session or a user, when the caller
names one). Expiry is also checked when a file is fetched.

**Once.** A GET claims the file by renaming it (atomic: of two GETs at once one
gets the file, the other a 404), then streams it and deletes its folder. A HEAD
answers with the headers and leaves the file for the GET.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import flask

from dashboard.private_dirs import private_folder, private_root

#: Seconds an export waits to be downloaded before the next export deletes it.
EXPORT_TTL_S = 3600
#: Most exports waiting to be downloaded, all sessions together; the oldest go first.
MAX_PENDING = int(os.environ.get("COOPATLAS_EXPORTS_MAX", "100"))
#: Most megabytes of exports waiting to be downloaded, all sessions together.
MAX_PENDING_MB = float(os.environ.get("COOPATLAS_EXPORTS_MAX_MB", "1024"))
#: Most exports one owner (session or user) may have waiting.
MAX_PER_OWNER = 3
#: URL of the download route; ``/<token>/<name>`` follows.
URL_PREFIX = "/coopatlas/download"

_TOKEN = re.compile(r"[0-9a-f]{32}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")
#: File in an export's folder naming its owner (a digest); never served (names start alike).
_OWNER_FILE = ".owner"
#: Prefix of a file claimed by a GET (never matches :data:`_NAME`).
_CLAIMED = ".sending-"


def exports_root() -> Path:
    """Return the folder of all pending exports (private: :mod:`dashboard.private_dirs`)."""
    return private_folder(private_root() / "coopatlas-exports")


def new_export_folder(*, owner: str | None = None) -> tuple[str, Path]:
    """Create an empty folder for one export; return its token and path.

    Expired exports are deleted first, then the oldest pending ones beyond the
    quotas (see the module), so that this one fits.

    Parameters
    ----------
    owner
        Who asks (a session token or a user name); only a digest of it is kept.
    """
    digest = _digest(owner) if owner else None
    expire_exports()
    enforce_quotas(owner_digest=digest)
    token = secrets.token_hex(16)
    folder = exports_root() / token
    folder.mkdir(mode=0o700)
    if digest:
        (folder / _OWNER_FILE).write_text(digest, "ascii")
    return token, folder


def _digest(owner: str) -> str:
    return hashlib.sha256(owner.encode("utf-8")).hexdigest()[:32]


def export_url(token: str, name: str) -> str:
    """Return the URL that downloads the file ``name`` of the export ``token``."""
    return f"{URL_PREFIX}/{token}/{quote(name)}"


def _is_expired(folder: Path, now: float) -> bool:
    try:
        return now - folder.stat().st_mtime > EXPORT_TTL_S
    except OSError:
        return True  # deleted by another worker meanwhile


def expire_exports(*, now: float | None = None) -> int:
    """Delete export folders older than the time limit; return how many were deleted."""
    now = time.time() if now is None else now
    removed = 0
    for folder in exports_root().iterdir():
        if folder.is_dir() and not folder.is_symlink() and _is_expired(folder, now):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _pending() -> list[tuple[float, Path, int, str | None]]:
    """Return ``(mtime, folder, bytes, owner digest)`` of every pending export, oldest first."""
    found = []
    for folder in exports_root().iterdir():
        try:
            if folder.is_symlink() or not folder.is_dir():
                continue
            size = sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())
            owner_file = folder / _OWNER_FILE
            owner = owner_file.read_text("ascii") if owner_file.is_file() else None
            found.append((folder.stat().st_mtime, folder, size, owner))
        except OSError:
            continue  # deleted by another worker meanwhile
    return sorted(found, key=lambda item: (item[0], item[1].name))


def enforce_quotas(*, owner_digest: str | None = None) -> int:
    """Delete the oldest pending exports until one more fits every quota; return how many.

    Room is made for one more export: fewer than :data:`MAX_PENDING` (and than
    :data:`MAX_PER_OWNER` of ``owner_digest``) remain, holding less than
    :data:`MAX_PENDING_MB`.
    """
    pending = _pending()
    limit_bytes = MAX_PENDING_MB * 1024 * 1024
    total = sum(size for _, _, size, _ in pending)
    mine = sum(1 for *_, owner in pending if owner_digest and owner == owner_digest)
    removed = 0
    for _, folder, size, owner in pending:
        is_mine = bool(owner_digest) and owner == owner_digest
        over = len(pending) - removed >= MAX_PENDING or total >= limit_bytes
        if not (over or (is_mine and mine >= MAX_PER_OWNER)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
        total -= size
        mine -= is_mine
    return removed


def claim(token: str, name: str, *, now: float | None = None) -> Path | None:
    """Claim the export file for one download; None when it is gone, expired or claimed.

    The file is renamed (atomically) to a name no URL can reach, so a second
    request at the same moment finds nothing.
    """
    folder = exports_root() / token
    now = time.time() if now is None else now
    if folder.is_symlink() or not folder.is_dir():
        return None
    if _is_expired(folder, now):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    claimed = folder / f"{_CLAIMED}{name}"
    try:
        os.rename(folder / name, claimed)
    except OSError:
        return None
    return claimed


_GONE = "This export was already downloaded or has expired: export it again."


def register_routes(server: flask.Flask) -> None:
    """Add the download route: the file as an attachment, deleted once sent."""

    @server.route(f"{URL_PREFIX}/<token>/<name>", methods=["GET", "HEAD"])
    def download_export(token: str, name: str) -> flask.Response:
        if not (_TOKEN.fullmatch(token) and _NAME.fullmatch(name)):
            return flask.Response("no such export", 404, mimetype="text/plain")
        folder = exports_root() / token
        if flask.request.method == "HEAD":  # headers only: the file stays for the GET
            path = folder / name
            fresh = folder.is_dir() and not _is_expired(folder, time.time())
            if not (fresh and path.is_file() and not path.is_symlink()):
                return flask.Response(_GONE, 404, mimetype="text/plain")
            return flask.send_file(path, as_attachment=True, download_name=name, max_age=0)
        claimed = claim(token, name)
        if claimed is None:
            return flask.Response(_GONE, 404, mimetype="text/plain")
        response = flask.send_file(claimed, as_attachment=True, download_name=name, max_age=0)
        response.headers["Cache-Control"] = "no-store"
        # Werkzeug runs on-close callbacks only for responses it iterates itself (not
        # passed through); it still streams the file in blocks.
        response.direct_passthrough = False
        response.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
        return response
