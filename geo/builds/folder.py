"""``coopatlas build``: import registry files into the processed store.

:func:`build` reads registries and programme files (in chunks by default,
:mod:`geo.builds.chunked`) and publishes the processed folder through :mod:`geo.store`;
:func:`build_from_tables` does the same for tables already read (the dashboard's
upload); :func:`default_folder` builds the bundled synthetic demo on first start.
Everything that imports the importer (rapidfuzz, openpyxl ...) goes through here, so
reading the store never does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from geo import store
from geo._errors import MissingDataError
from geo.builds.chunked import CHUNK_ROWS, StreamOptions, Targets, stream_build
from geo.builds.in_memory import import_files, import_tables
from geo.importer.registry import Policy
from geo.io.raw_table import RawTable
from geo.settings import get_settings
from geo.store import (
    BUILD_HINT,
    LOCK_TIMEOUT_S,
    ORGANIZATIONS_FILE,
    PROGRAMMES_FILE,
    REJECTED_FILE,
    REJECTED_PROGRAMMES_FILE,
    REPORT_FILE,
    BuildResult,
    check_out,
    demo_inputs,
    write,
)


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
    org_type: str | None = None,
    header_row: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> BuildResult:
    """Import registry files and write the processed folder (``coopatlas build``).

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
        Show a progress bar on the console (advanced once per chunk).
    org_type, header_row
        ``--type`` and ``--header-row`` (see :func:`geo.builds.in_memory.import_tables`).
    chunk_rows
        Import the organization files this many rows at a time
        (:mod:`geo.builds.chunked`: memory bounded, same output); ``0`` imports each
        file whole, in memory (:func:`geo.builds.in_memory.import_files`).

    Returns
    -------
    BuildResult
        The output folder and the report written to ``report.json``.
    """
    out = Path(out) if out is not None else get_settings().processed_dir
    check_out(out)
    if chunk_rows:
        options = StreamOptions(country, policy, mapping, sheet, org_type, header_row)
        rows = tqdm(total=0, desc="build", disable=not progress, unit="row")
        reports: list[dict[str, Any]] = []

        def fill(tmp: Path) -> None:
            targets = Targets(
                organizations=tmp / ORGANIZATIONS_FILE,
                programmes=tmp / PROGRAMMES_FILE,
                rejected=tmp / REJECTED_FILE,
                rejected_programmes=tmp / REJECTED_PROGRAMMES_FILE,
                report=tmp / REPORT_FILE,
                work=tmp / ".chunks",
            )
            report = stream_build(org_files, programmes, targets, options, chunk_rows, rows)
            store.write_report(report, targets.report)
            reports.append(report)

        try:
            store.publish_locked(out, fill, LOCK_TIMEOUT_S)
        finally:
            rows.close()
        return BuildResult(out, reports[0])
    steps = tqdm(total=4, desc="build", disable=not progress, unit="step")
    try:
        output = import_files(
            org_files, programmes=programmes, country=country, policy=policy,
            mapping=mapping, sheet=sheet, steps=steps, org_type=org_type, header_row=header_row,
        )  # fmt: skip
        result = write(output, out)
        steps.update()
        return result
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
    org_type: str | None = None,
    header_row: int | None = None,
    rejected_to: Callable[[pd.DataFrame], None] | None = None,
) -> BuildResult:
    """Import already-read tables and write them to ``out`` (the dashboard's upload).

    ``rejected_to`` is given the rejected organizations before they are written, their
    ``message`` cells still :class:`geo.notice.Notice` values (the upload keeps them to
    say them in the page's language).
    """
    output = import_tables(
        tables,
        programme_tables,
        country=country,
        policy=policy,
        mapping=mapping,
        org_type=org_type,
        header_row=header_row,
    )
    if rejected_to is not None:
        rejected_to(output.rejected)
    return write(output, out)


def default_folder() -> Path:
    """Return the default processed folder, building it from the demo data when missing.

    A folder named by ``COOPATLAS_PROCESSED_DIR`` must hold real data: it is never
    filled with the demo.

    Raises
    ------
    MissingDataError
        If the named folder is empty, or the bundled demo registry is missing.
    """
    folder = get_settings().processed_dir
    if not (folder / ORGANIZATIONS_FILE).is_file():
        if os.environ.get("COOPATLAS_PROCESSED_DIR"):
            raise MissingDataError(
                f"COOPATLAS_PROCESSED_DIR={folder} has no {ORGANIZATIONS_FILE}; "
                + BUILD_HINT.format(folder=folder)
            )
        registry, programmes = demo_inputs()
        if not registry.is_file():
            raise MissingDataError(
                f"no processed data in {folder} and no demo registry at {registry}; "
                + BUILD_HINT.format(folder=folder)
            )
        print(f"building {folder} from the bundled demo registry (first start only)...")
        build([registry], programmes=[programmes], out=folder)
    return folder
