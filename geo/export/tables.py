"""Statistical tables for export: cut from the unit table, labelled, written as CSV or XLSX.

:func:`unit_table_for_export` cuts one of :data:`EXPORT_TABLES` out of the
indicator table (:func:`geo.indicators.compute.compute_indicators`), optionally with
summary rows and column labels from the catalogue (:mod:`geo.indicators.catalogue`).
:func:`export_header_lines` gives the header block naming source, filters and
date; :func:`write_csv` and :func:`write_xlsx` write the table below it. Text
cells are neutralised against spreadsheet formulas
(:func:`geo.io.safety.neutralise_formula`).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.export.number_style import NumberStyle, excel_number_format, is_number
from geo.i18n import Lang, check_lang, format_date, t
from geo.indicators.catalogue import indicator_info
from geo.indicators.filters import Filters
from geo.indicators.priority import priority_columns
from geo.io.safety import neutralise_formula
from geo.units.levels import LEVELS, PARENT_ID, UNIT_ID, Level, get_level
from geo.vocab import ORG_TYPES, PROGRAMME_KEYS, SERVICES

_EXPORT_ID = ("level", "iso_3166_2", "country", "name")
#: Key columns every unit table has, never exported as measures.
_KEYS = (UNIT_ID, PARENT_ID, *(level.id_column for level in LEVELS.values()))


def export_ids(level: int = 1) -> tuple[str, ...]:
    """Return the id columns of an export at ``level``: the level's id, then its parents'.

    Level 1: ``level``, ``iso_3166_2``, ``country``, ``name``; level 2: ``level``,
    ``admin2_id``, ``iso_3166_2`` (its level-1 unit), ``country``, ``name``.
    """
    ids: list[str] = []
    described: Level | None = get_level(level)
    while described is not None:
        ids.append(described.id_column)
        described = described.parent_level
    return ("level", *ids, "country", "name")


def _export_columns(table: str, columns: Sequence[str]) -> list[str]:
    sectors = [c for c in columns if c.startswith("orgs_sector_")]
    sector_groups = [c for c in columns if c.startswith("orgs_group_")]
    programme_cols = [
        f"{prefix}_{key}"
        for key in PROGRAMME_KEYS.values()
        for prefix in ("reached", "coverage", "participants", "participants_women")
    ]
    groups = {
        "types": [
            "orgs",
            *(f"orgs_{t}" for t in ORG_TYPES),
            "cooperatives",
            "coop_share",
            "association_share",
            "orgs_per_100k",
            "orgs_per_10k_km2",
        ],
        "sectors": ["orgs", *sector_groups, *sectors],
        "members": [
            "orgs",
            "members_known_orgs",
            "members_total",
            "median_members",
            "members_women",
            "members_women_base",
            "women_share",
            "members_youth",
            "members_youth_base",
            "youth_share",
        ],
        "services": ["orgs", "orgs_social_services", *(f"services_{s}" for s in SERVICES)],
        "coverage": [
            "orgs",
            "reached_any",
            "coverage_any",
            "not_reached",
            "participants",
            "participants_women",
            *programme_cols,
        ],
        "priority": ["orgs", *priority_columns()],
    }
    if table == "all":
        return [c for c in columns if c not in (*_EXPORT_ID, *_KEYS) and c != "in_scope"]
    return [c for c in groups[table] if c in columns]


#: Names of the per-unit statistical tables :func:`unit_table_for_export` can cut.
EXPORT_TABLES: tuple[str, ...] = (
    "types",
    "sectors",
    "members",
    "services",
    "coverage",
    "priority",
    "all",
)


def unit_table_for_export(
    unit_table: pd.DataFrame,
    *,
    table: str = "all",
    lang: Lang = "en",
    labels: bool = True,
    summary: pd.DataFrame | None = None,
    level: int = 1,
) -> pd.DataFrame:
    """Cut one statistical table out of the indicator table, ready for CSV/XLSX.

    Parameters
    ----------
    unit_table
        Output of :func:`geo.indicators.compute.compute_indicators`.
    table
        One of :data:`EXPORT_TABLES`: ``"types"`` (counts by type, shares,
        densities), ``"sectors"``, ``"members"`` (by sex and youth),
        ``"services"``, ``"coverage"`` (by programme), ``"priority"``, ``"all"``.
    lang
        Language of the column labels.
    labels
        True: columns are renamed to ``"label (unit)"`` in ``lang`` and shares
        are shown in percent (0-100); False: snake_case names and fractions.
    summary
        Optional rows from :func:`geo.indicators.compute.summarise` (country and/or
        overall) appended
        below the units.
    level
        The table's level (:data:`geo.units.levels.LEVELS`): its ids come first
        (:func:`export_ids`).

    Returns
    -------
    pandas.DataFrame
        ``level`` (``unit``, ``country`` or ``all``), the unit ids (``iso_3166_2``
        at level 1), ``country``, ``name`` and the table's columns.
    """
    if table not in EXPORT_TABLES:
        raise InputValidationError(f"table must be one of {list(EXPORT_TABLES)}, got {table!r}")
    lang = check_lang(lang)
    columns = _export_columns(table, list(unit_table.columns))
    ids = export_ids(level)
    out = unit_table.assign(level="unit")[[*ids, *columns]]
    if summary is not None:
        extra = summary.assign(iso_3166_2=pd.NA)
        extra = extra[
            [c for c in ids if c in extra.columns] + [c for c in columns if c in extra.columns]
        ]
        out = pd.concat([out, extra], ignore_index=True)
    if not labels:
        return out.reset_index(drop=True)
    renamed = {}
    for c in out.columns:
        renamed[c] = column_heading(c, lang)
        if indicator_info(c).fmt == "percent":
            out[c] = out[c] * 100.0
    return out.rename(columns=renamed).reset_index(drop=True)


def column_heading(column: str, lang: Lang) -> str:
    """Return a column's heading in a file: ``"label (unit)"``, shares as ``"label (%)"``.

    A unit that is already in brackets (``"(0-100)"``) is not bracketed twice, and one
    the label already says (``"Organizations per 100,000 inhabitants"``) is not repeated.
    """
    meta = indicator_info(column)
    unit = "%" if meta.fmt == "percent" else meta.unit(lang)
    if not unit or unit in meta.label(lang):
        return meta.label(lang)
    return f"{meta.label(lang)} {unit}" if unit.startswith("(") else f"{meta.label(lang)} ({unit})"


def column_decimals(column: str) -> int | None:
    """Return the digits a file shows of ``column`` (percent after x100); None for text.

    Columns the catalogue does not know (counts of units) are whole numbers.
    """
    try:
        meta = indicator_info(column)
    except KeyError:
        return 0
    if meta.fmt == "text":
        return None
    return 0 if meta.fmt == "integer" else meta.decimals


def export_header_lines(
    filters: Filters | None,
    *,
    source: str,
    lang: Lang = "en",
    date: dt.date | dt.datetime | None = None,
    notes: Sequence[str] = (),
) -> list[str]:
    """Return the header block of an export: title, source, filters, date, notes.

    Parameters
    ----------
    filters
        The filters the table was computed with.
    source
        Where the data came from, e.g. ``"data/processed/organizations.parquet
        (coopatlas build 2025-03-01)"``.
    lang
        Language of the lines.
    date
        Date of the export; defaults to today.
    notes
        Further lines (e.g. population source).

    Returns
    -------
    list of str
    """
    when = format_date(date or dt.date.today(), lang)
    lines = [
        t("header.title", lang),
        t("export.source", lang, source=source),
        t("header.filters", lang, filters=(filters or Filters()).describe(lang=lang)),
        t("export.date", lang, date=when),
    ]
    return [*lines, *notes]


def _cell(value: object) -> object:
    """Python value for a spreadsheet cell: None for missing, neutralised text."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, str):
        return neutralise_formula(value)
    return value


def _csv_text(value: object) -> str:
    cell = _cell(value)
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)


def write_csv(
    table: pd.DataFrame,
    path: str | Path,
    *,
    header_lines: Sequence[str],
    numbers: NumberStyle | None = None,
) -> Path:
    """Write ``table`` as UTF-8 CSV (with BOM, for Excel) below a header block.

    The file holds one line per header line, an empty line, the column names
    and the rows. Text cells (header lines and column names included) that a
    spreadsheet would run as formulas get a leading apostrophe; missing values
    are empty; without ``numbers`` floats keep full precision and the separator
    is ``,``.

    Parameters
    ----------
    table
        Table to write, e.g. from :func:`unit_table_for_export`.
    path
        Output file.
    header_lines
        From :func:`export_header_lines`.
    numbers
        Numbers for people (:class:`NumberStyle`): rounded, with the language's
        separator (``;`` where the decimal sign is a comma), decimal sign and
        words for yes and no.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    out = Path(path)
    delimiter = "," if numbers is None else numbers.delimiter
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for line in header_lines:
            writer.writerow([_csv_text(line)])
        writer.writerow([])
        writer.writerow([_csv_text(str(c)) for c in table.columns])
        for i, row in enumerate(table.itertuples(index=False, name=None)):
            if numbers is None:
                writer.writerow([_csv_text(v) for v in row])
            else:
                cells = enumerate(row)
                writer.writerow([numbers.csv_cell(v, numbers.digits(i, j)) for j, v in cells])
    return out


def write_xlsx(
    table: pd.DataFrame,
    path: str | Path,
    *,
    header_lines: Sequence[str],
    sheet_name: str = "indicators",
    numbers: NumberStyle | None = None,
) -> Path:
    """Write ``table`` to an XLSX sheet below a header block (openpyxl).

    Header lines fill column A from row 1, one empty row follows, then the
    column names (bold, frozen) and the rows. Numbers stay numbers; missing
    values are empty cells; text that a spreadsheet would run as a formula is
    written as a string cell starting with an apostrophe.

    Parameters
    ----------
    table
        Table to write.
    path
        Output ``.xlsx`` file.
    header_lines
        From :func:`export_header_lines`.
    sheet_name
        Name of the worksheet.
    numbers
        When given, numbers are rounded to their digits and each number cell
        gets a number format (``#,##0``, ``#,##0.0``...); the spreadsheet shows
        them with the reader's own separators.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    out = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]

    def put(row: int, col: int, value: object) -> None:
        cell = sheet.cell(row=row, column=col)
        value = _cell(value)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, even if openpyxl guessed one

    for i, line in enumerate(header_lines, start=1):
        put(i, 1, line)
    header_row = len(header_lines) + 2
    bold = Font(bold=True)
    for j, name in enumerate(table.columns, start=1):
        put(header_row, j, str(name))
        sheet.cell(row=header_row, column=j).font = bold
    for i, row in enumerate(table.itertuples(index=False, name=None)):
        for j, value in enumerate(row):
            put(header_row + 1 + i, j + 1, value)
            if numbers is not None and is_number(value):
                digits = numbers.digits(i, j)
                cell = sheet.cell(row=header_row + 1 + i, column=j + 1)
                if digits is not None:
                    cell.value = numbers.rounded(value, digits)
                    cell.number_format = excel_number_format(digits)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    workbook.save(out)
    return out
