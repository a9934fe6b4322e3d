"""Find a registry's header row below title lines, or take the one the user names.

Registries copied from reports carry a title, a date and a blank row above the
header ("SUPERINTENDENCIA DE ECONOMÍA POPULAR Y SOLIDARIA", "Corte: 31/12/2014").
The readers take the first non-blank row as the header
(:mod:`geo.io.raw_table`); :func:`locate_header` checks that it maps the required
fields and, when it does not, looks for the first row among the first
:data:`MAX_HEADER_SEARCH` rows that does, and rebuilds the table under it
(``header_row`` says which row was used). ``header_row=N`` forces row ``N`` of the
file (1-based, as a spreadsheet numbers rows). Only CSV and XLSX tables are
searched; a GIS layer's field names are its header.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from geo._errors import InputValidationError
from geo.io.raw_table import RawTable, assemble_rows

#: How many rows under the first non-blank one are tried as the header.
MAX_HEADER_SEARCH = 30


def _rows(raw: RawTable, limit: int | None) -> list[tuple[int, list[str | None]]]:
    """Return the data rows as ``(row in the file, cells)``, at most ``limit`` of them."""
    frame = raw.frame if limit is None else raw.frame.iloc[:limit]
    numbers = raw.row_numbers if limit is None else raw.row_numbers[:limit]
    cells = frame.astype(object).itertuples(index=False)
    return [
        (raw.header_row + number, [None if pd.isna(v) else str(v) for v in values])
        for number, values in zip(numbers, cells, strict=True)
    ]


def _rebuild(raw: RawTable, position: int) -> RawTable:
    """Rebuild ``raw`` with its data row at ``position`` as the header."""
    rows = _rows(raw, None)[position:]
    noun = "filled columns" if raw.kind == "xlsx" else "fields"
    table = assemble_rows(
        rows,
        name=raw.source_file,
        kind=raw.kind,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        noun=noun,
    )
    return table


def locate_header(
    raw: RawTable,
    maps_required: Callable[[list[str]], bool],
    *,
    header_row: int | None = None,
) -> RawTable:
    """Return ``raw`` with the right header row.

    Parameters
    ----------
    raw
        A table as read (header = first non-blank row).
    maps_required
        Tells whether a list of header cells maps every required field.
    header_row
        Force this 1-based row of the file as the header.

    Returns
    -------
    RawTable
        ``raw`` itself when its header maps the required fields (or it is not CSV or
        XLSX), else the table rebuilt under the first row that does (``header_row``
        set). When no row does, ``raw`` unchanged: the caller reports the missing
        columns.

    Raises
    ------
    InputValidationError
        ``header_row`` is not a non-blank row of the file.
    """
    if header_row is not None:
        if header_row == raw.header_row:
            return raw
        rows = _rows(raw, None)
        for position, (number, _) in enumerate(rows):
            if number == header_row:
                return _rebuild(raw, position)
        raise InputValidationError(
            f"{raw.source_file}: header row {header_row} is not a non-blank row of the file "
            f"(its first non-blank row is {raw.header_row}, its last "
            f"{rows[-1][0] if rows else raw.header_row}); give the row number a spreadsheet "
            "shows beside the header"
        )
    if raw.kind not in ("csv", "xlsx") or maps_required(list(raw.frame.columns)):
        return raw
    for position, (_, cells) in enumerate(_rows(raw, MAX_HEADER_SEARCH)):
        if maps_required([c.strip() for c in cells if c is not None and c.strip()]):
            return _rebuild(raw, position)
    return raw
