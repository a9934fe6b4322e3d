"""``coopatlas build``: import registries and write the processed data the dashboard reads.

Outputs (in ``out``, default ``data/processed/``):

* ``organizations.parquet``: GeoParquet of accepted organizations (EPSG:4326);
* ``programmes.parquet``: accepted programme participation rows;
* ``rejected.csv`` and ``rejected_programmes.csv``: rejected rows with their
  original fields, source file and row, reason code and message (UTF-8,
  spreadsheet formulas neutralised);
* ``report.json``: counts by reason and flag, unmatched names with suggestions.

The folder is replaced atomically: everything is written to a sibling temporary
folder, which is then swapped in, so an interrupted build leaves the previous
output intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from geo._errors import InputValidationError
from geo.programmes import PROGRAMME_COLUMNS, import_programmes
from geo.raw_table import RawTable
from geo.readers import read_table
from geo.registry import ORG_COLUMNS, Policy, import_organizations
from geo.safety import neutralise_formula
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


@dataclass(frozen=True)
class BuildResult:
    """Where the build wrote and what it found."""

    out: Path
    report: dict[str, Any]


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    safe = frame.astype(object).map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
    # "\r\n" (RFC 4180) also makes the writer quote a lone "\r" inside a cell, which
    # spreadsheets would otherwise read as a row break (and a formula after it).
    safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputValidationError(f"--out {out} is a file; expected a folder. Fix: name a folder.")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in OUTPUT_FILES)
        if foreign:
            raise InputValidationError(
                f"--out {out} holds other files ({', '.join(foreign[:5])}); the build replaces "
                "the whole folder. Fix: choose an empty or new folder, or the previous build's."
            )


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames (the old folder survives a crash between)."""
    old = out.with_name(out.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    if old.exists():
        shutil.rmtree(old)


def summary_lines(report: dict[str, Any]) -> list[str]:
    """Return a short human summary of a build report."""
    orgs = report["organizations"]
    lines = [
        f"organizations: {orgs['input_rows']} rows read, {orgs['accepted']} accepted, "
        f"{orgs['rejected']} rejected"
    ]
    lines += [
        f"  rejected, {reason}: {count}" for reason, count in orgs["rejected_by_reason"].items()
    ]
    lines += [f"  flagged, {flag}: {count}" for flag, count in orgs["flags_by_kind"].items()]
    for entry in orgs["unmatched_departments"][:10]:
        hint = ", ".join(s["name"] for s in entry["suggestions"][:3]) or "no suggestion"
        lines.append(
            f"  {entry['status']} department {entry['value']!r} ({entry['rows']} rows): {hint}"
        )
    prog = report.get("programmes")
    if prog:
        lines.append(
            f"programmes: {prog['input_rows']} rows read, {prog['accepted']} accepted, "
            f"{prog['rejected']} rejected"
        )
    return lines


def build(
    org_files: Sequence[Path],
    *,
    programmes: Sequence[Path] = (),
    country: str | None = None,
    out: Path | None = None,
    policy: Policy = "name",
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    progress: bool = False,
) -> BuildResult:
    """Import registry files and write the processed outputs.

    Parameters
    ----------
    org_files
        Organization registries (CSV, XLSX, GeoJSON, GeoPackage, GeoParquet).
    programmes
        Programme participation files.
    country
        ``CO``, ``PE`` or ``EC`` for files without a country column.
    out
        Output folder; defaults to the configured processed folder.
    policy
        ``"name"`` or ``"point"``: which wins when department and coordinates disagree.
    mapping
        Explicit canonical field -> header mapping.
    sheet
        Sheet name for XLSX files (default: the first sheet).
    progress
        Show a progress bar on the console.

    Returns
    -------
    BuildResult
        The output folder and the report written to ``report.json``.
    """
    out = Path(out) if out is not None else get_settings().processed_dir
    _check_out(out)
    steps = tqdm(total=5, desc="build", disable=not progress, unit="step")
    try:
        tables: list[RawTable] = [read_table(Path(p), sheet=sheet) for p in org_files]
        steps.update()
        prog_tables = [read_table(Path(p), sheet=sheet) for p in programmes]
        steps.update()
        return build_from_tables(
            tables, prog_tables, out=out, country=country, policy=policy, mapping=mapping,
            steps=steps,
        )  # fmt: skip
    finally:
        steps.close()


def build_from_tables(
    tables: Sequence[RawTable],
    programme_tables: Sequence[RawTable] = (),
    *,
    out: Path,
    country: str | None = None,
    policy: Policy = "name",
    mapping: dict[str, str] | None = None,
    steps: tqdm | None = None,
) -> BuildResult:
    """Import already-read tables and write the processed outputs to ``out`` atomically.

    :func:`build` reads files and calls this; the dashboard's upload calls it with
    tables read from an uploaded file (whose name on disk is never the user's).
    """
    orgs = import_organizations(list(tables), country=country, policy=policy, mapping=mapping)
    if programme_tables:
        progs = import_programmes(
            list(programme_tables), org_ids=orgs.accepted["org_id"], mapping=mapping
        )
        prog_accepted, prog_rejected, prog_report = progs.accepted, progs.rejected, progs.report
    else:
        prog_accepted = pd.DataFrame({c: pd.Series(dtype=object) for c in PROGRAMME_COLUMNS})
        prog_rejected = pd.DataFrame(columns=["source_file", "source_row", "reason", "message"])
        prog_report = None
    if steps is not None:
        steps.update()
    report = {"organizations": orgs.report, "programmes": prog_report}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        orgs.accepted[[*ORG_COLUMNS, "geometry"]].to_parquet(
            tmp / ORGANIZATIONS_FILE, index=False, compression="zstd"
        )
        prog_accepted[PROGRAMME_COLUMNS].to_parquet(tmp / PROGRAMMES_FILE, index=False)
        _write_csv(orgs.rejected, tmp / REJECTED_FILE)
        _write_csv(prog_rejected, tmp / REJECTED_PROGRAMMES_FILE)
        (tmp / REPORT_FILE).write_text(
            json.dumps(report, ensure_ascii=False, indent=2, default=str), "utf-8"
        )
        if steps is not None:
            steps.update()
        _swap_in(tmp, out)
        if steps is not None:
            steps.update()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(out, report)
