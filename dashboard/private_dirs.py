"""The private folders that hold uploads and exports, created safely.

Session folders are named by their tokens, so whoever can list or enter the folder
that holds them can read a user's upload and take their export. In a shared
temporary folder another local user can create ``coopatlas-sessions`` first and
wait. So:

* the default root is per user: ``<system temp>/coopatlas-<uid>``, not the shared
  temp folder itself (``COOPATLAS_SESSION_DIR`` replaces it, e.g. with a folder
  shared by every worker and host);
* a folder is created with mode 0700; one that already exists is used only when it
  is a real folder (not a symbolic link), owned by this user and closed to
  group and others (:func:`private_folder`); otherwise nothing is written and the
  administrator is told what to fix;
* inside such a folder nobody else can create anything, so no link can be planted
  there; names under it are never taken from a user.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from geo._errors import ConfigurationError


def private_root() -> Path:
    """Return the checked folder all sessions and exports live under.

    ``COOPATLAS_SESSION_DIR`` when set (it must exist or be creatable, and be this
    user's and private once created), else ``coopatlas-<uid>`` in the system's
    temporary folder.
    """
    configured = os.environ.get("COOPATLAS_SESSION_DIR")
    if configured:
        return private_folder(Path(configured), parents=True)
    return private_folder(Path(tempfile.gettempdir()) / f"coopatlas-{os.getuid()}")


def private_folder(folder: Path, *, parents: bool = False) -> Path:
    """Create ``folder`` (mode 0700), or check an existing one; return it.

    Parameters
    ----------
    folder
        The folder.
    parents
        Create missing parent folders too (for a configured root).

    Raises
    ------
    geo._errors.ConfigurationError
        The folder is a symbolic link or not a folder, belongs to another user, or
        group or others may enter it; the message names it and the fix.
    """
    with contextlib.suppress(FileExistsError):  # an existing one is checked below
        folder.mkdir(mode=0o700, parents=parents)
    info = folder.lstat()  # the link itself, never what it points to
    problem = None
    if stat.S_ISLNK(info.st_mode):
        problem = "is a symbolic link"
    elif not stat.S_ISDIR(info.st_mode):
        problem = "is not a folder"
    elif info.st_uid != os.getuid():
        problem = f"belongs to another user (uid {info.st_uid}, this server runs as {os.getuid()})"
    elif info.st_mode & 0o077:
        problem = f"can be opened by other users (mode {stat.S_IMODE(info.st_mode):o})"
    if problem:
        raise ConfigurationError(
            f"the session folder {folder} {problem}; uploads and exports are kept there "
            "under secret names, so it must be a folder of the user running CoopAtlas with "
            "mode 700: remove it (or fix it with chown and chmod 700), or set "
            "COOPATLAS_SESSION_DIR to a private folder"
        )
    return folder
