"""Import registries into the frames of a build (nothing is written here).

:func:`import_files` reads organization and programme files and runs the
importers; :func:`import_tables` does the same for tables already read (the
dashboard's upload). Both return a :class:`BuildOutput`: accepted and rejected
rows plus the report. :mod:`geo.store` writes it to a processed folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from tqdm import tqdm

from geo.importer.programmes import PROGRAMME_COLUMNS, import_programmes
from geo.importer.registry import ORG_COLUMNS, Policy, import_organizations
from geo.importer.rows import ImportResult
from geo.io.raw_table import RawTable
from geo.io.readers import read_table
from geo.store import BuildOutput

#: Columns of a rejected-rows table that the importer adds to the original fields.
REJECTED_BASE_COLUMNS = ("source_file", "source_row", "reason", "message")


def import_tables(
    tables: Sequence[RawTable],
    programme_tables: Sequence[RawTable] = (),
    *,
    country: str | None = None,
    policy: Policy = "name",
    mapping: dict[str, str] | None = None,
    org_type: str | None = None,
    header_row: int | None = None,
) -> BuildOutput:
    """Import already-read organization and programme tables.

    Parameters
    ----------
    tables
        Organization tables.
    programme_tables
        Programme participation tables (may be empty).
    country
        ``CO``, ``PE`` or ``EC`` for tables without a country column.
    policy
        ``"name"`` or ``"point"``: which wins when department and coordinates disagree.
    mapping
        Explicit canonical field -> header mapping.
    org_type
        Type of the rows without one (``--type``); default: read from the name.
    header_row
        Force this 1-based row as every file's header (``--header-row``).

    Returns
    -------
    BuildOutput
    """
    orgs = import_organizations(
        list(tables),
        country=country,
        policy=policy,
        mapping=mapping,
        org_type=org_type,
        header_row=header_row,
    )
    progs = programme_output(programme_tables, org_ids=orgs.accepted["org_id"], mapping=mapping)
    return BuildOutput(
        organizations=orgs.accepted[[*ORG_COLUMNS, "geometry"]],
        programmes=progs.accepted,
        rejected=orgs.rejected,
        rejected_programmes=progs.rejected,
        report={"organizations": orgs.report, "programmes": progs.report or None},
    )


def programme_output(
    programme_tables: Sequence[RawTable],
    *,
    org_ids: pd.Series | pa.Array,
    mapping: dict[str, str] | None = None,
) -> ImportResult:
    """Import programme tables against the accepted organization ids (none: empty frames).

    Returns
    -------
    geo.importer.rows.ImportResult
        ``accepted`` with :data:`geo.importer.programmes.PROGRAMME_COLUMNS`; an empty report
        when there are no programme tables.
    """
    if not programme_tables:
        return ImportResult(
            pd.DataFrame({c: pd.Series(dtype=object) for c in PROGRAMME_COLUMNS}),
            pd.DataFrame(columns=list(REJECTED_BASE_COLUMNS)),
            {},
        )
    progs = import_programmes(list(programme_tables), org_ids=org_ids, mapping=mapping)
    return ImportResult(progs.accepted[PROGRAMME_COLUMNS], progs.rejected, progs.report)


def import_files(
    org_files: Sequence[Path],
    *,
    programmes: Sequence[Path] = (),
    country: str | None = None,
    policy: Policy = "name",
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    steps: tqdm | None = None,
    org_type: str | None = None,
    header_row: int | None = None,
) -> BuildOutput:
    """Read registry and programme files and import them.

    Parameters
    ----------
    org_files
        Organization registries (CSV, XLSX, GeoJSON, GeoPackage, GeoParquet).
    programmes
        Programme participation files.
    country, policy, mapping, org_type, header_row
        As in :func:`import_tables`.
    sheet
        Sheet name for XLSX files (default: the first sheet).
    steps
        A progress bar advanced once per stage (read, read programmes, import).

    Returns
    -------
    BuildOutput
    """
    tables: list[RawTable] = [read_table(Path(p), sheet=sheet) for p in org_files]
    if steps is not None:
        steps.update()
    prog_tables = [read_table(Path(p), sheet=sheet) for p in programmes]
    if steps is not None:
        steps.update()
    output = import_tables(
        tables,
        prog_tables,
        country=country,
        policy=policy,
        mapping=mapping,
        org_type=org_type,
        header_row=header_row,
    )
    if steps is not None:
        steps.update()
    return output


def _file_lines(orgs: dict[str, Any]) -> list[str]:
    """Say what was read from each file: its header row, counters, inferred country, statuses."""
    lines = []
    for entry in orgs.get("files", []):
        if entry.get("header_row", 1) > 1:
            lines.append(
                f"  {entry['file']}: header read from row {entry['header_row']} "
                "(rows above it are titles; --header-row N to choose another)"
            )
    for entry in orgs.get("id_counters", []):
        lines.append(
            f"  warning: {entry['file']}: column {entry['column']!r} counts rows (it restarts "
            "or equals the row number); not used as an id, ids built from file and row"
        )
    for entry in orgs.get("country_from_file", []):
        if entry.get("country") and entry.get("rows"):
            lines.append(
                f"  {entry['file']}: country {entry['country']} inferred from the file for "
                f"{entry['rows']} rows (rows that say: {entry['countries']}); "
                "--country to set it"
            )
        elif entry.get("country") is None and len(entry.get("countries", {})) > 1:
            lines.append(
                f"  {entry['file']}: rows of several countries {entry['countries']} and no "
                "country column: ambiguous names are not guessed; add a country column or "
                "pass --country"
            )
    inactive = orgs.get("inactive", 0)
    if inactive:
        lines.append(
            f"  {inactive} organizations in liquidation or cancelled: kept, not counted by "
            "default (filter status)"
        )
    return lines


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
    lines += _file_lines(orgs)
    for entry in orgs["unmatched_departments"][:10]:
        units = [(s["name"], s["iso_3166_2"]) for s in entry["suggestions"][:4]]
        hint = ", ".join(f"{nm} ({iso})" for nm, iso in units) or "no suggestion"
        countries = sorted({iso[:2] for _, iso in units})
        if entry["status"] == "ambiguous" and len(countries) > 1:
            hint += f"; if the file is of one country, pass --country ({', '.join(countries)})"
        lines.append(
            f"  {entry['status']} department {entry['value']!r} ({entry['rows']} rows): {hint}"
        )
    lines += [
        f"  type not recognised {entry['value']!r} ({entry['rows']} rows): map it with a type "
        "column of known labels, or --type when the file is of one type"
        for entry in orgs.get("unrecognised_types", [])[:10]
    ]
    prog = report.get("programmes")
    if prog:
        lines.append(
            f"programmes: {prog['input_rows']} rows read, {prog['accepted']} accepted, "
            f"{prog['rejected']} rejected"
        )
    return lines
