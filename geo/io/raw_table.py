"""The raw table every reader returns: text cells in file order, and how it is built.

Nothing is interpreted here: every cell is ``str`` or ``None`` and every data row
is kept, in file order. The format readers (:mod:`geo.io.read_csv`,
:mod:`geo.io.read_xlsx`, :mod:`geo.io.read_geo`) share these rules:

* **Rows.** The header is the first non-blank row. Blank rows (every cell empty
  or white space) are skipped, but ``row_numbers`` keeps counting them, so row
  ``n`` is the ``n``-th row under the header as a spreadsheet shows it. Trailing
  empty cells are ignored; a row with values beyond the header is kept, its
  extra values go to new ``column_<k>`` columns and ``row_problems`` says so.
  Headers are stripped; blank ones become ``column_<position>``, repeats
  ``name_2``, ``name_3``. Empty cells are ``None``; other text is kept as written.
* **Width.** A table has at most :data:`MAX_COLUMNS` columns; wider files are
  refused (:func:`too_wide_error`) before their rows are built, so a hostile
  header costs time and memory in proportion to the file, not to its content.
* **Typed cells** (XLSX, GeoPackage, GeoParquet) are written as text without
  losing information: integers ``"12"``, floats by ``repr`` without a trailing
  ``.0`` (``"3.5"``, ``"12"``), dates ``"YYYY-MM-DD"`` (with ``" HH:MM:SS"`` when
  there is a time), booleans ``"TRUE"``/``"FALSE"``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

import pandas as pd

from geo._errors import InputValidationError
from geo.notice import Notice

Kind = Literal["csv", "xlsx", "geojson", "gpkg", "geoparquet"]

ACCEPTED = "accepted formats: CSV, XLSX, GeoJSON, GeoPackage, GeoParquet"
FIX = "export the registry table and save it as CSV UTF-8 or XLSX"

#: The most columns a registry may have (a real one has a few dozen).
MAX_COLUMNS = 500

#: Text columns are Arrow-backed strings: a million-row registry fits in memory.
TEXT_DTYPE = pd.StringDtype("pyarrow")


@dataclass(frozen=True, eq=False)  # frames do not compare or hash
class RawTable:
    """A registry file as a table of text.

    Attributes
    ----------
    frame
        One text column (:data:`TEXT_DTYPE`) per source column (headers stripped and
        made unique), missing cells ``<NA>``, one row per data row in file order,
        index 0..n-1.
    source_file
        The file name, without its folder.
    kind
        Detected format: ``"csv"``, ``"xlsx"``, ``"geojson"``, ``"gpkg"`` or ``"geoparquet"``.
    encoding, delimiter
        Detected for CSV; ``None`` for other kinds.
    row_numbers
        For each row of ``frame``, its 1-based number under the header (first data row = 1).
    geometry_columns_added
        True when ``longitude``/``latitude`` text columns were made from point geometries.
    row_problems
        Row position in ``frame`` -> message, for rows kept but worth a look.
    header_row
        The header's 1-based row in the file (spreadsheet row, CSV record); rows above
        it (titles, dates, blanks) are not data.
    """

    frame: pd.DataFrame
    source_file: str
    kind: Kind
    encoding: str | None
    delimiter: str | None
    row_numbers: list[int]
    geometry_columns_added: bool = False
    row_problems: dict[int, str] = field(default_factory=dict)
    header_row: int = 1


def unsupported_error(name: str, what: str) -> InputValidationError:
    """Return the error for a file of a kind no reader accepts.

    Parameters
    ----------
    name
        The file name.
    what
        What the file is, as a noun phrase ("a PDF document").

    Returns
    -------
    InputValidationError
        Naming the file, what it is, the accepted formats and the fix.
    """
    return InputValidationError(f"file {name!r} is {what}; {ACCEPTED}; {FIX}")


def unreadable_error(name: str, kind: str, exc: Exception) -> InputValidationError:
    """Return the error for a file of an accepted kind that its reader could not read.

    Parameters
    ----------
    name
        The file name.
    kind
        The kind it looks like, as a noun phrase ("an XLSX workbook").
    exc
        The reader's exception, quoted in the message.

    Returns
    -------
    InputValidationError
        Naming the file, the kind, the cause and the fix.
    """
    return InputValidationError(
        f"file {name!r} looks like {kind} but could not be read ({type(exc).__name__}: {exc}); "
        f"it may be damaged: open it and save it again, or {FIX}"
    )


def too_wide_error(name: str, found: str) -> InputValidationError:
    """Return the error for a file wider than :data:`MAX_COLUMNS`.

    Parameters
    ----------
    name
        The file name.
    found
        What was found, as a phrase ("3,000 columns", "a cell in column 16,384 (XFD2)").

    Returns
    -------
    InputValidationError
        Naming the file, what was found, the limit and the fix.
    """
    return InputValidationError(
        f"file {name!r} has {found}, more than the limit of {MAX_COLUMNS:,} columns; "
        "a registry needs a few dozen: delete the columns (and stray cells far to the right) "
        "that are not needed, or split the file, and save it again"
    )


def assemble_rows(
    rows: Iterable[tuple[int, list[str | None]]],
    *,
    name: str,
    kind: Kind,
    encoding: str | None = None,
    delimiter: str | None = None,
    noun: str = "fields",
) -> RawTable:
    """Turn numbered rows (header first) into a RawTable; see the module rules.

    Parameters
    ----------
    rows
        ``(1-based row number in the file, cells)`` pairs, header first.
    name, kind, encoding, delimiter
        Copied to the table.
    noun
        What a row counts in the message about a row longer than the header.

    Returns
    -------
    RawTable

    Raises
    ------
    InputValidationError
        No row has a value.
    """
    kept = []
    for number, cells in rows:
        end = len(cells)
        while end and cells[end - 1] is None:  # XLSX rows may carry thousands of empty cells
            end -= 1
        if any(cell is not None and cell.strip() for cell in cells[:end]):
            kept.append((number, cells[:end]))
    if not kept:
        raise InputValidationError(
            f"file {name!r} is empty; expected a header row and at least one data row"
        )
    (header_number, header), data = kept[0], kept[1:]
    width = max([len(header)] + [len(cells) for _, cells in data])
    if width > MAX_COLUMNS:
        raise too_wide_error(name, f"{width:,} columns")
    names = unique_names(header + [None] * (width - len(header)))
    problems: dict[int, str] = {}
    for position, (number, cells) in enumerate(data):
        if len(cells) > len(header):
            extra = ", ".join(names[len(header) : len(cells)])
            problems[position] = Notice(
                "row.extra_values",
                row=number - header_number,
                n=len(cells),
                noun=Notice(f"row.noun.{noun.replace(' ', '_')}"),
                header=len(header),
                extra=extra,
            )
    columns = [[cells[i] if i < len(cells) else None for _, cells in data] for i in range(width)]
    return RawTable(
        frame=text_frame(names, columns),
        source_file=name,
        kind=kind,
        encoding=encoding,
        delimiter=delimiter,
        row_numbers=[number - header_number for number, _ in data],
        row_problems=problems,
        header_row=header_number,
    )


def unique_names(raw: list[str | None]) -> list[str]:
    """Strip header names; blank -> ``column_<position>``, repeats -> ``name_2``, ``name_3``.

    Parameters
    ----------
    raw
        Header cells as read.

    Returns
    -------
    list of str
        Unique names, one per cell.

    Notes
    -----
    Linear in the number of cells: taken names are a set, and each name remembers
    the next suffix to try, so a header repeating one name thousands of times does
    not search the list again for every repeat.
    """
    names: list[str] = []
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    for position, value in enumerate(raw, 1):
        base = (value or "").strip().strip("\ufeff").strip() or f"column_{position}"
        candidate = base
        if candidate in taken:
            k = next_suffix.get(base, 2)
            while f"{base}_{k}" in taken:
                k += 1
            candidate, next_suffix[base] = f"{base}_{k}", k + 1
        names.append(candidate)
        taken.add(candidate)
    return names


def text_frame(names: list[str], columns: list[list[str | None]]) -> pd.DataFrame:
    """Build a frame of :data:`TEXT_DTYPE` columns from column lists.

    Parameters
    ----------
    names
        Unique column names.
    columns
        One list of cells per name, all of the same length.

    Returns
    -------
    pandas.DataFrame
    """
    return pd.DataFrame(
        {n: pd.Series(c, dtype=TEXT_DTYPE) for n, c in zip(names, columns, strict=True)}
    )


def cell_text(value: object) -> str | None:
    """Write a typed cell value as text without losing information (see the module rules).

    Parameters
    ----------
    value
        A cell value from openpyxl, pyogrio or pyarrow.

    Returns
    -------
    str or None
        ``None`` for empty cells.
    """
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
