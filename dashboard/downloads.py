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

**Bound.** An export is served only to the browser session that asked for it (a
random HttpOnly cookie, :data:`BROWSER_COOKIE`, set by this module on the first
answer), and only to the same user when login is on: a digest of both is kept
beside the file (:func:`binding_of_request`). Any other request gets HTTP 403 and a
short page in the browser's language saying to export again.

**Once.** A GET claims the file by renaming it (atomic: of two GETs at once one
gets the file, the other a 404), then streams it and deletes its folder. A HEAD
answers with the headers and leaves the file for the GET.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

import flask
from werkzeug.datastructures import Authorization
from werkzeug.http import parse_cookie

from dashboard.private_dirs import private_folder, private_root
from geo.i18n import LANGS, t

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
#: File in an export's folder naming the browser session and user it is served to.
_BINDING_FILE = ".binding"
#: Cookie naming a browser session (random; HttpOnly; gone when the browser closes).
BROWSER_COOKIE = "coopatlas_browser"
_BROWSER_ID = re.compile(r"[0-9a-f]{32}")
_LOG = logging.getLogger(__name__)


def exports_root() -> Path:
    """Return the folder of all pending exports (private: :mod:`dashboard.private_dirs`)."""
    return private_folder(private_root() / "coopatlas-exports")


def new_export_folder(*, owner: str | None = None, binding: str | None = None) -> tuple[str, Path]:
    """Create an empty folder for one export; return its token and path.

    Expired exports are deleted first, then the oldest pending ones beyond the
    quotas (see the module), so that this one fits.

    Parameters
    ----------
    owner
        Who asks (a session token or a user name); only a digest of it is kept.
    binding
        Whom the file is served to (:func:`binding_of_request`); default: the
        request being answered. Outside a request (a background job) pass the
        binding of the request that started it; without one the file is served to
        anyone holding its URL (logged).
    """
    digest = _digest(owner) if owner else None
    if binding is None and flask.has_request_context():
        binding = binding_of_request()
    expire_exports()
    enforce_quotas(owner_digest=digest)
    token = secrets.token_hex(16)
    folder = exports_root() / token
    folder.mkdir(mode=0o700)
    if digest:
        (folder / _OWNER_FILE).write_text(digest, "ascii")
    if binding:
        (folder / _BINDING_FILE).write_text(binding, "ascii")
    else:
        _LOG.warning("export %s… is bound to no browser session", token[:6])
    return token, folder


def binding_of_request() -> str:
    """Return the digest of this request's browser session and user (login on).

    A request without the browser cookie is given one now (sent with this answer),
    so an export asked for in a browser's first request is still its own.
    """
    browser = flask.request.cookies.get(BROWSER_COOKIE, "")
    if not _BROWSER_ID.fullmatch(browser):
        browser = flask.g.setdefault("coopatlas_browser", secrets.token_hex(16))
    auth = flask.request.authorization
    return _binding(browser, auth.username if auth is not None else None)


def binding_of_headers(headers: Mapping[str, str]) -> str | None:
    """Return the binding of a request known only by its headers (an export job's click).

    A background job runs outside the request, so it reads the browser cookie and the
    user from the headers Dash hands it. None when the browser sent no valid cookie
    (the page load that sets it came first, so only a forged request lacks it).
    """
    by_name = {k.lower(): v for k, v in headers.items()}
    cookies = parse_cookie(by_name.get("cookie", ""))
    browser = cookies.get(BROWSER_COOKIE, "")
    if not _BROWSER_ID.fullmatch(browser):
        return None
    auth = Authorization.from_header(by_name.get("authorization"))
    return _binding(browser, auth.username if auth is not None else None)


def _binding(browser: str, user: str | None) -> str:
    """Return the digest binding an export to a browser session and a user."""
    return _digest(f"browser:{browser}\nuser:{user or ''}")


def _is_bound_elsewhere(folder: Path) -> bool:
    """Return True when the export in ``folder`` is bound to another session or user."""
    try:
        expected = (folder / _BINDING_FILE).read_text("ascii")
    except FileNotFoundError:
        return False  # made outside a request without a binding (logged then)
    except OSError:
        return True
    return not secrets.compare_digest(expected, binding_of_request())


def _not_yours() -> flask.Response:
    """Return the 403 page for an export of another session, in the browser's language."""
    lang = flask.request.accept_languages.best_match(LANGS) or LANGS[0]
    words = {key: html.escape(t(f"download.{key}", lang)) for key in ("not_yours_title",
             "not_yours", "back")}  # fmt: skip
    page = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{words['not_yours_title']} - CoopAtlas</title></head><body><main>"
        f"<h1>{words['not_yours_title']}</h1><p>{words['not_yours']}</p>"
        f'<p><a href="/">{words["back"]}</a></p></main></body></html>'
    )
    return flask.Response(page, 403, mimetype="text/html")


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
        if _is_bound_elsewhere(folder):
            return _not_yours()
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

    @server.after_request
    def _browser_cookie(response: flask.Response) -> flask.Response:
        new = flask.g.get("coopatlas_browser")  # made for an export of this request
        known = _BROWSER_ID.fullmatch(flask.request.cookies.get(BROWSER_COOKIE, ""))
        if new is None and not known and response.mimetype == "text/html":  # a page load
            new = secrets.token_hex(16)
        if new is not None:  # no max-age: the browser forgets it when it closes
            response.set_cookie(
                BROWSER_COOKIE, new, httponly=True, samesite="Strict",
                secure=flask.request.is_secure,
            )  # fmt: skip
        return response
