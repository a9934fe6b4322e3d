"""What killed processes leave behind, removed when the dashboard starts.

A worker killed with SIGKILL (gunicorn's timeout, the kernel's OOM killer, an
operator) cannot clean up. Its upload reader dies with it
(:mod:`dashboard.upload_sandbox`), but the upload's folder stays in the shared
session folder with the raw file and the reader's temporary folder in it; a
command-line read killed the same way leaves a ``coopatlas-read-*`` folder in the
system's temporary folder. :func:`clean_on_start` (called by ``create_app``)
removes:

* an upload folder whose import never finished (no ``processed`` folder inside)
  when the process that made it is gone: its marker (:data:`MARKER`: host and
  process id) names this host and a process that no longer runs; a folder of
  another host (several hosts may share the session folder) or without a marker
  once it is older than :data:`STALE_AFTER_S`;
* ``coopatlas-read-*`` folders of this user in the system's temporary folder
  older than :data:`STALE_AFTER_S` (a read in progress is younger).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

#: File in an upload's folder naming the host and process importing it.
MARKER = ".importing"
#: Seconds after which an unfinished upload of another host, or a reader's
#: temporary folder, is taken as abandoned (longer than any read and import).
STALE_AFTER_S = 3600.0
_READ_PREFIX = "coopatlas-read-"


def mark_importing(folder: Path) -> None:
    """Write the marker naming this host and process into a new upload's folder."""
    (folder / MARKER).write_text(f"{socket.gethostname()}\n{os.getpid()}\n", "utf-8")


def clean_on_start(sessions: Path, *, now: float | None = None) -> list[Path]:
    """Remove abandoned uploads in ``sessions`` and stale reader folders; return them."""
    now = time.time() if now is None else now
    removed = _abandoned_uploads(sessions, now)
    removed += _stale_read_folders(Path(tempfile.gettempdir()), now)
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def _abandoned_uploads(sessions: Path, now: float) -> list[Path]:
    found = []
    for folder in sessions.iterdir():
        try:
            if folder.is_symlink() or not folder.is_dir() or (folder / "processed").exists():
                continue
            if _owner_gone(folder / MARKER) or now - folder.stat().st_mtime > STALE_AFTER_S:
                found.append(folder)
        except OSError:
            continue  # removed by another process meanwhile
    return found


def _owner_gone(marker: Path) -> bool:
    """Return True when ``marker`` names this host and a process that no longer runs."""
    try:
        host, pid = marker.read_text("utf-8").split()
    except (OSError, ValueError):
        return False
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # a process of another user took the number: not ours, not gone
    return False


def _stale_read_folders(temp: Path, now: float) -> list[Path]:
    found = []
    for folder in temp.glob(f"{_READ_PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        mine = info.st_uid == os.getuid() and folder.is_dir() and not folder.is_symlink()
        if mine and now - info.st_mtime > STALE_AFTER_S:
            found.append(folder)
    return found
