"""Write a file atomically: to a temporary file beside it, then rename over it.

Every export and the boundary/processed writers use this, so a failure never
leaves a half-written file behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geo._errors import InputValidationError


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` when the block succeeds.

    The temporary file is in the same folder (so the rename is atomic on one
    file system) and is removed if the block raises. Missing parent folders
    are created.

    Parameters
    ----------
    path
        The file to write.

    Yields
    ------
    pathlib.Path
        Where the block must write.

    Raises
    ------
    InputValidationError
        If ``path`` is an existing folder.
    """
    target = Path(path)
    if target.is_dir():
        raise InputValidationError(f"{target} is a folder; expected a file name for the export")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
