"""Registries uploaded in the browser: validated, imported, kept per browser session.

Each upload gets a random token; its files live in a private temporary folder
(``COOPATLAS_SESSION_DIR``, default a per-user folder in the system temp folder;
see :mod:`dashboard.private_dirs`) named after the token,
never under the project's data folders, and never under a name taken from the
uploaded file. Only the browser that uploaded holds the token (in session
storage), so another user, another tab or the default view never sees the data.
Folders older than :data:`SESSION_TTL_HOURS` (:data:`UNAPPLIED_TTL_MIN` for an
upload never shown on the map), and the oldest beyond :data:`MAX_SESSIONS` and
:data:`MAX_SESSIONS_MB`, are deleted at the next upload.

A file is read once: the table read for an import is kept (by the SHA-256 of the
upload's bytes, a few at a time) for the import with the column mapping that
follows a failed import (whose :class:`~geo._errors.MissingColumnsError` names the
headers the page offers).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import errno
import hashlib
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from cachetools import LRUCache

from dashboard.data import DashboardData, load_data
from dashboard.leftovers import MARKER, mark_importing
from dashboard.private_dirs import private_folder, private_root
from dashboard.upload_rows import DETAILS_FILE, save_details
from dashboard.upload_sandbox import read_contained
from geo._errors import CoopAtlasError, InputValidationError, OutputError
from geo.i18n import Lang
from geo.io.raw_table import RawTable
from geo.io.read_limits import LimitError, too_many_rows
from geo.store import REJECTED_FILE, BuildResult

#: Limits (overridable by environment variables of the same name with COOPATLAS_ prefix).
MAX_UPLOAD_MB = float(os.environ.get("COOPATLAS_UPLOAD_MAX_MB", "25"))
MAX_UPLOAD_ROWS = int(os.environ.get("COOPATLAS_UPLOAD_MAX_ROWS", "200000"))
SESSION_TTL_HOURS = float(os.environ.get("COOPATLAS_SESSION_HOURS", "4"))
#: Minutes an upload never shown on the map is kept.
UNAPPLIED_TTL_MIN = float(os.environ.get("COOPATLAS_UPLOAD_PENDING_MINUTES", "30"))
#: Most upload sessions kept at once, all users together; the oldest go first.
MAX_SESSIONS = int(os.environ.get("COOPATLAS_SESSIONS_MAX", "100"))
#: Most megabytes of upload sessions kept at once, all users together.
MAX_SESSIONS_MB = float(os.environ.get("COOPATLAS_SESSIONS_MAX_MB", "2048"))
#: File in a session folder once its data has been shown on the map.
_APPLIED = "applied"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
#: Cookies that carry upload tokens are named this plus the session's handle.
COOKIE_PREFIX = "coopatlas_upload_"
#: Organizations (rows) of the sessions a worker keeps open, all together; a session
#: counts its rows plus :data:`_SESSION_ROWS_OVERHEAD` (its units, geometry, arrays).
CACHED_SESSION_ROWS = 400_000
_SESSION_ROWS_OVERHEAD = 10_000
#: Bytes of upload tables a worker keeps for the mapping step, all together.
CACHED_TABLE_BYTES = 256 * 1024 * 1024


def _session_rows(data: DashboardData) -> int:
    return len(data.organizations) + _SESSION_ROWS_OVERHEAD


def _table_bytes(table: RawTable) -> int:
    return int(table.frame.memory_usage(deep=True).sum()) + 1


#: Recently opened sessions per worker (callbacks run in threads: access holds the lock),
#: :data:`CACHED_SESSION_ROWS` rows together, the least recently used dropped first.
#: A hit is used only while the session folder still exists and has not expired.
_CACHE: LRUCache[str, DashboardData] = LRUCache(
    maxsize=CACHED_SESSION_ROWS, getsizeof=_session_rows
)
_CACHE_LOCK = threading.Lock()
#: Tables of recent uploads by content hash, so the mapping step does not read a file
#: again: :data:`CACHED_TABLE_BYTES` together.
_TABLES: LRUCache[str, RawTable] = LRUCache(maxsize=CACHED_TABLE_BYTES, getsizeof=_table_bytes)
_TABLES_LOCK = threading.Lock()


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload produced: its token and the build result (report)."""

    token: str
    result: BuildResult


def sessions_root() -> Path:
    """Return the folder of all upload sessions (private: :mod:`dashboard.private_dirs`)."""
    return private_folder(private_root() / "coopatlas-sessions")


def session_dir(token: str) -> Path:
    """Return the folder of one session; refuse anything but a token we issued."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise InputValidationError("invalid upload session")
    return sessions_root() / token


def expire_sessions(*, now: float | None = None) -> int:
    """Delete expired sessions, then the oldest beyond the quotas; return how many went.

    A session shown on the map (:data:`_APPLIED`) lives :data:`SESSION_TTL_HOURS`;
    one never shown, :data:`UNAPPLIED_TTL_MIN`. Then the oldest are deleted until
    fewer than :data:`MAX_SESSIONS` remain, holding less than :data:`MAX_SESSIONS_MB`
    (room for the upload about to be made).
    """
    now = time.time() if now is None else now
    removed = 0
    kept: list[tuple[float, Path, int]] = []
    for folder in sessions_root().iterdir():
        try:
            if folder.is_symlink() or not folder.is_dir():
                continue
            modified = folder.stat().st_mtime
            applied = (folder / _APPLIED).is_file()
            limit = SESSION_TTL_HOURS * 3600 if applied else UNAPPLIED_TTL_MIN * 60
            if now - modified <= limit:
                kept.append((modified, folder, _folder_bytes(folder)))
                continue
        except OSError:
            continue  # deleted by another worker meanwhile
        _remove(folder)
        removed += 1
    kept.sort(key=lambda item: (item[0], item[1].name))
    total = sum(size for *_, size in kept)
    for count, (_, folder, size) in enumerate(kept):
        if len(kept) - count < MAX_SESSIONS and total < MAX_SESSIONS_MB * 1024 * 1024:
            break
        _remove(folder)
        removed += 1
        total -= size
    return removed


def _folder_bytes(folder: Path) -> int:
    """Return the bytes of the files under ``folder`` (links not followed)."""
    total = 0
    for parent, _, files in os.walk(folder):
        for file in files:
            total += os.lstat(os.path.join(parent, file)).st_size
    return total


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with _CACHE_LOCK:
        _CACHE.pop(folder.name, None)


def _is_live(folder: Path, *, now: float | None = None) -> bool:
    """Return True when a session folder exists and has not expired."""
    now = time.time() if now is None else now
    try:
        age = now - folder.stat().st_mtime
    except OSError:
        return False
    return (folder / "processed").is_dir() and age <= SESSION_TTL_HOURS * 3600


def token_handle(token: str) -> str:
    """Return the public handle of a session: a digest that cannot be turned into the token.

    The organizations layer's URL carries this handle (so that each tab asks for its
    own upload), never the token; the token travels in a cookie named after it.
    """
    return hashlib.sha256(token.encode("ascii")).hexdigest()[:20]


def cookie_name(handle: str) -> str:
    """Return the name of the cookie that holds the token of the session ``handle``."""
    return COOKIE_PREFIX + handle


def token_from_cookies(handle: str | None, cookies: Mapping[str, str]) -> str | None:
    """Return the token whose handle is ``handle``, from the request's cookies, else None."""
    if not handle or not re.fullmatch(r"[0-9a-f]{20}", handle):
        return None
    token = cookies.get(cookie_name(handle))
    if not token or not _TOKEN.fullmatch(token) or token_handle(token) != handle:
        return None
    return token


#: Upload cookies a browser keeps at most (one per tab showing an upload).
MAX_UPLOAD_COOKIES = 8


def stale_cookies(cookies: Mapping[str, str], *, keep: str) -> list[str]:
    """Return the upload cookies to delete when the session ``keep`` is applied.

    A cookie whose value is no token, or whose session was cleared or has expired, goes;
    of the live ones beyond :data:`MAX_UPLOAD_COOKIES` the oldest sessions go, so a
    browser never piles up cookies until its requests are too large to be answered.
    """
    stale: list[str] = []
    live: list[tuple[float, str]] = []
    for name, value in cookies.items():
        if not name.startswith(COOKIE_PREFIX) or value == keep:
            continue
        folder = sessions_root() / value if _TOKEN.fullmatch(value or "") else None
        if folder is None or not folder.is_dir():
            stale.append(name)
        else:
            live.append((folder.stat().st_mtime, name))
    live.sort(reverse=True)  # newest first
    stale += [name for _, name in live[MAX_UPLOAD_COOKIES - 1 :]]
    return stale


def display_name(filename: str | None, default: str) -> str:
    """Return the uploaded file's name for messages only: last path part, short."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()[:80]
    return name or default


def decode(contents: str, filename: str | None) -> bytes:
    """Decode a ``dcc.Upload`` data URL, enforcing the size limit before decoding."""
    name = display_name(filename, "the file")
    _, sep, payload = (contents or "").partition(",")
    if not sep:
        raise InputValidationError(f"{name}: the upload arrived incomplete; upload it again")
    limit = int(MAX_UPLOAD_MB * 1024 * 1024)
    if len(payload) * 3 // 4 > limit:
        raise InputValidationError(
            f"{name} is larger than the upload limit of {MAX_UPLOAD_MB:g} MB; split it, or "
            "import it with `coopatlas build` on the server"
        )
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InputValidationError(f"{name}: the upload is damaged; upload it again") from exc


def _read_upload(raw_bytes: bytes, path: Path, name: str) -> RawTable:
    """Read an upload's bytes (via ``path``) once; later calls with the same bytes reuse it.

    The reader stops at the first row past :data:`MAX_UPLOAD_ROWS` (and at every
    limit of :mod:`geo.io.read_limits`), so a file over the limit costs no more than
    the rows up to it; it runs in a child process with resource limits
    (:mod:`dashboard.upload_sandbox`).

    Raises
    ------
    InputValidationError
        Unreadable, too large or with more rows than :data:`MAX_UPLOAD_ROWS`.
    """
    key = hashlib.sha256(raw_bytes).hexdigest()
    with _TABLES_LOCK:
        table = _TABLES.get(key)
    if table is None:
        path.write_bytes(raw_bytes)
        try:  # in a child process with resource limits: a bomb ends it, not this worker
            table = read_contained(
                path,
                name=name,
                max_bytes=int(MAX_UPLOAD_MB * 1024 * 1024),
                max_rows=MAX_UPLOAD_ROWS,
            )
        except LimitError as exc:  # name the user's file, not the server's copy
            raise exc.renamed(name) from exc
        except CoopAtlasError as exc:
            message = str(exc).replace(str(path), name).replace(repr(path.name), repr(name))
            raise type(exc)(message) from exc
        finally:
            path.unlink(missing_ok=True)
        with _TABLES_LOCK, contextlib.suppress(ValueError):  # larger than the whole cache
            _TABLES[key] = table
    if len(table.frame) > MAX_UPLOAD_ROWS:  # kept when the limit was higher
        raise too_many_rows(name, MAX_UPLOAD_ROWS)
    return replace(table, source_file=name)


def error_text(exc: CoopAtlasError, lang: Lang) -> str:
    """Return an upload's error in ``lang``: catalogue refusals translated, others as raised."""
    return exc.text(lang) if isinstance(exc, LimitError) else str(exc)


def process_upload(
    contents: str,
    filename: str | None,
    *,
    programmes: tuple[str, str | None] | None = None,
    mapping: dict[str, str] | None = None,
    country: str | None = None,
    org_type: str | None = None,
    header_row: int | None = None,
) -> UploadOutcome:
    """Validate and import an uploaded registry into a fresh (or the given) session.

    ``country``, ``org_type`` and ``header_row`` are the command line's ``--country``,
    ``--type`` and ``--header-row`` (:mod:`dashboard.upload_options`).

    Nothing is half-applied: the import writes to the session's ``processed``
    folder atomically, and a failure removes a session folder it created.

    Raises
    ------
    InputValidationError
        Too large, too many rows, wrong content type, unreadable, or required
        columns missing (the message lists the headers found).
    """
    from geo.builds.folder import build_from_tables  # the importer loads with a first upload only

    expire_sessions()
    token = secrets.token_urlsafe(24)
    folder = session_dir(token)
    try:
        folder.mkdir(mode=0o700)
        mark_importing(folder)  # a worker killed meanwhile: cleaned on the next start
        tables = []
        rejected: list[pd.DataFrame] = []
        for kind, (data, name) in (
            ("registry", (contents, filename)),
            *((("programmes", programmes),) if programmes else ()),
        ):
            path = folder / f"{kind}.upload"  # never the user's file name
            shown = display_name(name, f"{kind} file")
            tables.append(_read_upload(decode(data, name), path, shown))
        result = build_from_tables(
            tables[:1],
            tables[1:],
            out=folder / "processed",
            country=country,
            mapping=mapping,
            org_type=org_type,
            header_row=header_row,
            rejected_to=rejected.append,
        )
        # each rejected row's details as notices (said in the page's language later),
        # kept with the build that rejected them
        save_details(rejected[0], path=folder / "processed" / DETAILS_FILE)
        (folder / MARKER).unlink()
    except CoopAtlasError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise _without_paths(exc, folder) from exc
    except OSError as exc:  # disk full, no permission: one clear line, nothing kept
        shutil.rmtree(folder, ignore_errors=True)
        raise OutputError(
            "the server could not store the upload "
            f"({'the disk is full' if exc.errno == errno.ENOSPC else exc.strerror}). "
            "Nothing was changed; try again later or tell the administrator."
        ) from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return UploadOutcome(token, result)


def _without_paths(exc: CoopAtlasError, folder: Path) -> CoopAtlasError:
    """Return the error with the server's folders taken out of its message."""
    if isinstance(exc, LimitError):
        return exc  # names the user's file already
    message = str(exc)
    for private in (str(folder.resolve()), str(folder), str(sessions_root())):
        message = message.replace(private, "the upload")
    if message == str(exc):
        return exc
    clean = copy.copy(exc)  # the same class and data (a MissingColumnsError's columns)
    clean.args = (message,)
    if isinstance(clean, InputValidationError):
        clean.problems = message.split("\n")
    return clean


def session_data(token: str | None) -> DashboardData | None:
    """Return the session's data, or None when there is no (or no longer any) upload."""
    if not token:
        return None
    try:
        folder = session_dir(token) / "processed"
    except InputValidationError:
        return None
    if not _is_live(folder.parent):
        with _CACHE_LOCK:
            _CACHE.pop(token, None)
        return None
    with _CACHE_LOCK:
        hit = _CACHE.get(token)
    if hit is not None:
        return hit
    applied = folder.parent / _APPLIED
    if not applied.is_file():  # shown on the map: kept SESSION_TTL_HOURS, not less
        applied.touch()
    data = load_data(folder)
    with _CACHE_LOCK, contextlib.suppress(ValueError):  # larger than the whole cache
        _CACHE[token] = data
    return data


def is_gone(token: str | None) -> bool:
    """Return True when ``token`` names an upload that was cleared or has expired.

    A tab still holding the token of a session that any worker, on any host, has
    cleared (or that has expired) is then told so, instead of being switched
    silently to the served data. False without a token.
    """
    return bool(token) and session_data(token) is None


def live_folder(token: str) -> Path | None:
    """Return the folder of a session still kept, or None (cleared, expired, not a token)."""
    try:
        folder = session_dir(token)
    except InputValidationError:
        return None
    return folder if _is_live(folder) else None


def rejected_csv(token: str) -> bytes | None:
    """Return the session's rejected rows (already neutralised by the build).

    None when the session was cleared (by any worker) or has expired.
    """
    try:
        folder = session_dir(token)
    except InputValidationError:
        return None
    if not _is_live(folder):
        return None
    try:
        return (folder / "processed" / REJECTED_FILE).read_bytes()
    except OSError:
        return None


def discard(token: str | None) -> None:
    """Delete a session's files now."""
    if token:
        try:
            shutil.rmtree(session_dir(token), ignore_errors=True)
        except InputValidationError:
            return
        with _CACHE_LOCK:
            _CACHE.pop(token, None)
