"""The processed store: the folder ``coopatlas build`` writes and everything else reads.

One module owns that folder: its file names, writing it atomically, opening and
validating it. It imports nothing of the importer, so a dashboard worker that only
reads never loads it; :mod:`geo.builds.folder` runs the import into it (``coopatlas build``,
uploads, the bundled demo on first start).

Files (in ``out``, default :attr:`geo.settings.Settings.processed_dir`):

* ``organizations.parquet``: GeoParquet of accepted organizations (EPSG:4326);
* ``programmes.parquet``: accepted programme participation rows;
* ``rejected.csv`` and ``rejected_programmes.csv``: rejected rows with their
  original fields, source file and row, reason code and message (UTF-8,
  spreadsheet formulas neutralised);
* ``report.json``: counts by reason and flag, unmatched names with suggestions.

Writing is safe against crashes and against other processes:

* everything is written to a sibling temporary folder, renamed to a versioned
  sibling ``.NAME.v<time>``, and ``NAME`` is a symbolic link switched to it in one
  atomic rename, so a reader always finds a complete folder and an interrupted build
  leaves the previous output intact (the previous version is kept for readers still
  using it; older ones are removed);
* a lock file ``.NAME.lock`` makes two builds into one folder queue (up to
  :data:`LOCK_TIMEOUT_S`, then a clear error);
* temporary folders left by a killed build are removed by the next build;
* a full disk or a permission problem ends in one clear :class:`OutputError`.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from filelock import FileLock, Timeout

from geo._errors import CoopAtlasError, DataFileError, InputValidationError, OutputError
from geo.io.safety import write_safe_csv
from geo.settings import get_settings

ORGANIZATIONS_FILE = "organizations.parquet"
PROGRAMMES_FILE = "programmes.parquet"
REJECTED_FILE = "rejected.csv"
REJECTED_PROGRAMMES_FILE = "rejected_programmes.csv"
REPORT_FILE = "report.json"
OUTPUT_FILES = (
    ORGANIZATIONS_FILE,
    PROGRAMMES_FILE,
    REJECTED_FILE,
    REJECTED_PROGRAMMES_FILE,
    REPORT_FILE,
)

#: Names of the bundled synthetic registry and programme files (in ``data/organizations``).
DEMO_REGISTRY = "demo_registry.csv"
DEMO_PROGRAMMES = "demo_programmes.csv"

#: How long a build waits for another build into the same folder before giving up.
LOCK_TIMEOUT_S = 600.0

BUILD_HINT = (
    "coopatlas build REGISTRY.csv [--programmes PARTICIPATION.csv] --out {folder}   "
    "(or start `coopatlas serve` without --data to use the bundled demo data)"
)


@dataclass(frozen=True)
class BuildOutput:
    """Everything one build produces, before :func:`write` writes it.

    Attributes
    ----------
    organizations
        Accepted organizations (:data:`geo.importer.registry.ORG_COLUMNS` and ``geometry``).
    programmes
        Accepted programme participation (:data:`geo.importer.registry.PROGRAMME_COLUMNS`).
    rejected, rejected_programmes
        Rejected rows with their original fields, file, row, reason and message.
    report
        Counts by reason and flag, unmatched names with suggestions.
    """

    organizations: gpd.GeoDataFrame
    programmes: pd.DataFrame
    rejected: pd.DataFrame
    rejected_programmes: pd.DataFrame
    report: dict[str, Any]


@dataclass(frozen=True)
class BuildResult:
    """Where the build wrote and what it found."""

    out: Path
    report: dict[str, Any]


@dataclass(frozen=True)
class Processed:
    """The contents of a processed folder, read and checked."""

    folder: Path
    organizations: gpd.GeoDataFrame
    programmes: pd.DataFrame | None
    report: dict[str, Any]

    @property
    def is_demo(self) -> bool:
        """True when the folder was built from the bundled synthetic registry."""
        files = (self.report.get("organizations") or {}).get("files", [])
        return any(str(f.get("file", "")).startswith("demo_") for f in files)


# --- writing -----------------------------------------------------------------------------


def check_out(out: Path) -> None:
    """Refuse an output that is a file or a folder holding anything but a build's files.

    Raises
    ------
    InputValidationError
        With the fix (name a folder, or an empty/new one).
    """
    if out.exists() and not out.is_dir():
        raise InputValidationError(f"--out {out} is a file; expected a folder. Fix: name a folder.")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in OUTPUT_FILES)
        if foreign:
            raise InputValidationError(
                f"--out {out} holds other files ({', '.join(foreign[:5])}); the build replaces "
                "the whole folder. Fix: choose an empty or new folder, or the previous build's."
            )


def _sibling(out: Path, tag: str) -> Path:
    return out.with_name(f".{out.name}.{tag}")


def _versions(out: Path) -> list[Path]:
    """Return the versioned folders of ``out``, oldest first."""
    return sorted(out.parent.glob(f".{out.name}.v*"), key=lambda p: p.name)


def _remove_stale(out: Path) -> None:
    """Remove what a killed build left beside ``out`` (call with the lock held)."""
    for path in out.parent.glob(f".{out.name}-*"):  # temporary folders (see write)
        shutil.rmtree(path, ignore_errors=True)
    for path in out.parent.glob(f".{out.name}.link-*"):  # half-made links
        path.unlink(missing_ok=True)


def _publish(tmp: Path, out: Path) -> None:
    """Make ``tmp`` the content of ``out`` with one atomic rename of a symbolic link."""
    version = _sibling(out, f"v{time.time_ns()}")
    os.replace(tmp, version)
    if out.is_dir() and not out.is_symlink():
        # A folder written before versions existed: keep it as a version (one-off move).
        os.replace(out, _sibling(out, f"v{time.time_ns() - 1}-legacy"))
    link = _sibling(out, f"link-{version.name}")
    link.symlink_to(version.name, target_is_directory=True)
    os.replace(link, out)
    for old in _versions(out)[:-2]:  # keep the new and the previous version
        shutil.rmtree(old, ignore_errors=True)


def _output_error(out: Path, exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        problem, fix = "the disk is full", "free some space or choose another --out"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem, fix = "permission denied", "choose a folder you may write to with --out"
    else:
        problem, fix = exc.strerror or type(exc).__name__, "check the folder and try again"
    return OutputError(
        f"could not write the processed folder {out.name!r}: {problem}. Fix: {fix}; "
        "the previous data are unchanged."
    )


def write(output: BuildOutput, out: Path, *, lock_timeout: float = LOCK_TIMEOUT_S) -> BuildResult:
    """Write a build's frames to ``out``, replacing the folder atomically.

    Parameters
    ----------
    output
        What :func:`geo.builds.in_memory.import_files` or
        :func:`geo.builds.in_memory.import_tables` produced.
    out
        The processed folder (created if missing; see :func:`check_out`).
    lock_timeout
        Seconds to wait for another build into the same folder.

    Returns
    -------
    BuildResult

    Raises
    ------
    OutputError
        Disk full, no permission, or another build held the folder too long.
    """
    publish_locked(Path(out), lambda tmp: _write_frames(output, tmp), lock_timeout)
    return BuildResult(Path(out), output.report)


def publish_locked(out: Path, fill: Callable[[Path], None], lock_timeout: float) -> None:
    """Fill a new version of ``out`` with ``fill(folder)`` and publish it, holding the lock."""
    check_out(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(_sibling(out, "lock"), timeout=lock_timeout):
            check_out(out)  # another build may have changed it while we waited
            _remove_stale(out)
            _write_version(fill, out)
    except Timeout as exc:
        raise OutputError(
            f"another build is writing {out.name!r} and did not finish within "
            f"{lock_timeout:g} s. Fix: wait for it, or build into another --out."
        ) from exc
    except CoopAtlasError:  # an input missing (a FileNotFoundError too) is no output error
        raise
    except OSError as exc:
        raise _output_error(out, exc) from exc


def _write_version(fill: Callable[[Path], None], out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        fill(tmp)
        _publish(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_frames(output: BuildOutput, tmp: Path) -> None:
    output.organizations.to_parquet(tmp / ORGANIZATIONS_FILE, index=False, compression="zstd")
    output.programmes.to_parquet(tmp / PROGRAMMES_FILE, index=False)
    write_safe_csv(output.rejected, tmp / REJECTED_FILE)
    write_safe_csv(output.rejected_programmes, tmp / REJECTED_PROGRAMMES_FILE)
    write_report(output.report, tmp / REPORT_FILE)


def write_report(report: dict[str, Any], path: Path) -> None:
    """Write a build's report as UTF-8 JSON."""
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), "utf-8")


# --- reading -----------------------------------------------------------------------------


def unusable(folder: Path, problem: str) -> DataFileError:
    """Return the error for a processed folder that cannot be used, with how to build it.

    The message names the folder by its name only: it is shown on web pages, which
    must not reveal where the server keeps its files.
    """
    folder = Path(folder)
    for path in {str(folder.resolve()), str(folder.absolute()), str(folder)}:
        problem = problem.replace(path, folder.name)
    return DataFileError(
        f"The processed data folder '{folder.name}' {problem}. Build it with:\n"
        + BUILD_HINT.format(folder=folder.name or "FOLDER")
    )


def open_processed(folder: Path) -> Processed:
    """Read and check a processed folder.

    Parameters
    ----------
    folder
        Output of ``coopatlas build``.

    Returns
    -------
    Processed

    Raises
    ------
    DataFileError
        If the folder is missing, has no organizations file, or holds unreadable
        files; the message says how to build it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise unusable(folder, "does not exist")
    # Follow the link once: every file then comes from the same build, even if a new
    # build is published while we read.
    real = folder.resolve()
    org_path = real / ORGANIZATIONS_FILE
    if not org_path.is_file():
        raise unusable(folder, f"has no {ORGANIZATIONS_FILE}")
    try:
        organizations = gpd.read_parquet(org_path)
        prog_path = real / PROGRAMMES_FILE
        programmes = pd.read_parquet(prog_path) if prog_path.is_file() else None
        report_path = real / REPORT_FILE
        report = json.loads(report_path.read_text("utf-8")) if report_path.is_file() else {}
    except (OSError, ValueError, KeyError) as exc:
        raise unusable(folder, f"could not be read ({type(exc).__name__}: {exc})") from exc
    return Processed(folder, organizations, programmes, report)


def rejected_path(folder: Path, which: str = "organizations") -> Path:
    """Return the rejected-rows file of a processed folder (``organizations`` or ``programmes``)."""
    names = {"organizations": REJECTED_FILE, "programmes": REJECTED_PROGRAMMES_FILE}
    if which not in names:
        raise InputValidationError(
            f"rejected rows of {which!r}: expected one of {', '.join(names)}"
        )
    return Path(folder) / names[which]


# --- the bundled demo ----------------------------------------------------------------------


def demo_inputs() -> tuple[Path, Path]:
    """Return the bundled synthetic registry and programme files."""
    folder = get_settings().organizations_dir
    return folder / DEMO_REGISTRY, folder / DEMO_PROGRAMMES
