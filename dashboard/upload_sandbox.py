"""An uploaded file parsed in a child process with resource limits, not in a web worker.

The readers of :mod:`geo.io` check what a file may cost before the work
(:mod:`geo.io.read_limits`), but an upload is untrusted: a kind of bomb nobody has
thought of yet must end a throw-away process, never the worker that serves other
people. So a browser upload is read by a child process that

* gets at most :data:`READ_MEMORY_MB` of address space (``RLIMIT_AS``; an
  allocation past it fails in the child) and :data:`READ_CPU_S` seconds of CPU
  (``RLIMIT_CPU``: the kernel stops it), and is killed after :data:`READ_WALL_S`
  seconds of wall time (waiting in a queue counts too);
* is a new Python (``python -m dashboard.upload_sandbox``) that sets its limits
  before it imports the readers (about 2 CPU-s of imports, counted in its CPU
  limit; the worker itself never imports them), and dies with the worker
  (``PR_SET_PDEATHSIG``), so a worker that is killed leaves no reader running;
* writes every temporary file into the session's private folder (its ``TMPDIR``),
  never into the shared temporary folder, so whatever a killed child leaves goes
  with that folder;
* hands back the table, or the refusal, as files in that folder: the table as
  Parquet (``<kind>.table.parquet``) with its row numbers and notes beside it in
  JSON, a refusal as JSON. Nothing is unpickled from the child.

A child that was stopped by a limit, or died for any other reason, is reported as
:class:`~geo.io.read_limits.LimitError` (``limit.sandbox_*``): "this file could not be
read within the limits of this server: …", in the page's language.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo._errors import InputValidationError
from geo.io.read_limits import LimitError, Words

if TYPE_CHECKING:  # the child imports pandas only once its limits are set
    from geo.io.raw_table import RawTable

#: Address space a reader may use, in MB (``COOPATLAS_UPLOAD_READ_MB``): the readers'
#: own libraries take about 520 MB of it before the first byte is read.
READ_MEMORY_MB = float(os.environ.get("COOPATLAS_UPLOAD_READ_MB", "2048"))
#: CPU seconds a reader may use (``COOPATLAS_UPLOAD_READ_CPU_S``).
READ_CPU_S = int(os.environ.get("COOPATLAS_UPLOAD_READ_CPU_S", "30"))
#: Wall-clock seconds a read may take, from the request (``COOPATLAS_UPLOAD_READ_WALL_S``).
READ_WALL_S = float(os.environ.get("COOPATLAS_UPLOAD_READ_WALL_S", "60"))
#: Exit status of a child whose allocation failed (``MemoryError``).
_EXIT_MEMORY = 3
#: Exit status of a child that failed in a way no reader expects (logged).
_EXIT_CRASH = 4
#: Bytes of a child's error output copied into the server's log.
_LOG_TAIL = 4000

_LOG = logging.getLogger(__name__)


def read_contained(path: Path, *, name: str, max_bytes: int, max_rows: int) -> RawTable:
    """Read the upload at ``path`` in a contained child; return its table.

    Parameters
    ----------
    path
        The upload's bytes, in the session's private folder; the child's files go
        beside it and are removed here whatever happens.
    name
        The user's file name, for messages.
    max_bytes, max_rows
        The reader's limits (:func:`geo.io.readers.read_table`).

    Raises
    ------
    geo.io.read_limits.LimitError
        A reading limit refused the file, or the child was stopped by a resource
        limit (``limit.sandbox_*``, naming which).
    InputValidationError
        The readers' other refusals (an unreadable or empty file), naming ``name``.
    """
    from dashboard.jobs import JOB_NICE  # the parent's only: the child imports little

    stem = path.name.removesuffix(".upload")
    files = _Files(path.parent, stem)
    files.clear()
    order = {
        "path": str(path),
        "stem": stem,
        "max_bytes": max_bytes,
        "max_rows": max_rows,
        "memory_mb": READ_MEMORY_MB,
        "cpu_s": READ_CPU_S,
        "nice": JOB_NICE,
        "parent": os.getpid(),
    }
    try:
        files.tmp.mkdir(mode=0o700)
        with files.log.open("wb") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", __name__, json.dumps(order)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=os.environ | {"TMPDIR": str(files.tmp), "MALLOC_ARENA_MAX": "2"},
            )
        try:
            exitcode = child.wait(READ_WALL_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise _stopped(name, "limit.sandbox_time", seconds=int(READ_WALL_S)) from None
        return _outcome(exitcode, files, name, path)
    finally:
        files.clear()


class _Files:
    """The files one read leaves in the session folder: the answer and the child's log."""

    def __init__(self, folder: Path, stem: str) -> None:
        self.table = folder / f"{stem}.table.parquet"
        self.meta = folder / f"{stem}.table.json"
        self.error = folder / f"{stem}.error.json"
        self.log = folder / f"{stem}.log"
        self.tmp = folder / f"{stem}.tmp"

    def clear(self) -> None:
        import shutil

        for file in (self.table, self.meta, self.error, self.log):
            file.unlink(missing_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def _outcome(exitcode: int | None, files: _Files, name: str, path: Path) -> RawTable:
    """Turn what the child left into a table or the right refusal."""
    if exitcode == 0 and files.meta.is_file():
        return _load_table(files)
    if exitcode == 0 and files.error.is_file():
        raise _refusal(json.loads(files.error.read_text("utf-8")), name, path)
    _log_child(files, exitcode, name)
    if exitcode == _EXIT_MEMORY or exitcode in (-signal.SIGSEGV, -signal.SIGABRT):
        raise _stopped(name, "limit.sandbox_memory", megabytes=int(READ_MEMORY_MB))
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _stopped(name, "limit.sandbox_cpu", seconds=READ_CPU_S)
    raise _stopped(name, "limit.sandbox_crash")


def _stopped(name: str, message_id: str, **shown: object) -> LimitError:
    """Return the refusal of a file whose reader a resource limit stopped."""
    return LimitError(message_id, name=name, **shown)


def _log_child(files: _Files, exitcode: int | None, name: str) -> None:
    try:
        with files.log.open("rb") as log:
            log.seek(max(0, files.log.stat().st_size - _LOG_TAIL))
            tail = log.read().decode("utf-8", "replace")
    except OSError:
        tail = ""
    _LOG.warning("upload reader for %r ended with status %s: %s", name, exitcode, tail)


def _load_table(files: _Files) -> RawTable:
    import pandas as pd

    from geo.io.raw_table import RawTable

    meta = json.loads(files.meta.read_text("utf-8"))
    frame = pd.read_parquet(files.table)
    frame.columns = meta.pop("columns")  # the file's own names, whatever Parquet makes of them
    meta["row_problems"] = {int(k): v for k, v in meta["row_problems"].items()}
    return RawTable(frame=frame, **meta)


def _refusal(answer: dict[str, Any], name: str, path: Path) -> InputValidationError:
    """Rebuild the reader's refusal from the child's answer, naming the user's file."""
    if "limit" in answer:
        shown = {
            key: Words(value["words"]) if isinstance(value, dict) else value
            for key, value in answer["fields"].items()
        }
        return LimitError(answer["limit"], **shown).renamed(name)
    message = str(answer["message"]).replace(str(path), name).replace(repr(path.name), repr(name))
    return InputValidationError(message)


# --------------------------------------------------------------------------- the child


def _child(order: dict[str, Any]) -> None:
    """Read the upload under the limits and write the answer beside it (runs in the child)."""
    path = Path(order["path"])
    files = _Files(path.parent, order["stem"])
    _confine(
        memory_mb=order["memory_mb"],
        cpu_s=order["cpu_s"],
        nice=order["nice"],
        parent=order["parent"],
    )
    try:
        from geo.io.readers import read_table

        table = read_table(path, max_bytes=order["max_bytes"], max_rows=order["max_rows"])
        _write_table(table, files)
    except MemoryError:
        os._exit(_EXIT_MEMORY)  # nothing more can be allocated to say more
    except ImportError as exc:  # a library that no longer fits the address space
        if "failed to map" not in str(exc) and "allocate memory" not in str(exc):
            raise
        os._exit(_EXIT_MEMORY)
    except LimitError as exc:
        shown = {
            key: {"words": value.message_id} if isinstance(value, Words) else value
            for key, value in exc.fields.items()
        }
        _write_json(files.error, {"limit": exc.message_id, "fields": shown}, files)
    except InputValidationError as exc:
        _write_json(files.error, {"message": str(exc)}, files)
    except BaseException:
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(_EXIT_CRASH)


def _confine(*, memory_mb: float, cpu_s: int, nice: int, parent: int) -> None:
    """Apply the limits to this process, before it imports anything large.

    The process is tied to the worker's life first; a worker that died before
    that (while this process started) has already been replaced as its parent.
    """
    import resource

    with contextlib.suppress(OSError, AttributeError):  # Linux: die with the worker
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(_EXIT_CRASH)
    # other people's requests first: a read may wait, a filter change not. The reader
    # runs at the jobs' niceness (dashboard.jobs.JOB_NICE) whatever its parent's: one
    # started by a process already that nice would otherwise go to 19 and starve on a
    # busy machine until its wall-clock limit.
    current = os.nice(0)
    if current < nice:
        os.nice(nice - current)
    memory = int(memory_mb * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))


def _write_table(table: RawTable, files: _Files) -> None:
    frame = table.frame.copy(deep=False)
    columns = [str(column) for column in frame.columns]
    frame.columns = [f"c{i}" for i in range(len(columns))]
    frame.to_parquet(files.table, index=False)
    meta = {f.name: getattr(table, f.name) for f in fields(table) if f.name != "frame"}
    _write_json(files.meta, meta | {"columns": columns}, files)


def _write_json(path: Path, value: object, files: _Files) -> None:
    partial = files.tmp / path.name
    partial.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
    os.replace(partial, path)  # the parent sees the whole answer or none


if __name__ == "__main__":
    _child(json.loads(sys.argv[1]))
