"""Read an XLSX workbook into a raw table, refusing macros, links and ZIP bombs.

Cells are read as cached values, never formulas, and written as text by
:func:`geo.io.raw_table.cell_text`. Workbooks with macros (``vbaProject.bin`` in
any letter case, a macro-enabled content type) or ActiveX controls, external
links, and possible ZIP bombs, are refused.

**Used range.** A sheet's ``<dimension>`` is not trusted (it may claim
``A1:XFD1048576`` or hide cells). Before openpyxl builds any row, the sheet XML
is streamed once: a cell beyond :data:`geo.io.raw_table.MAX_COLUMNS`, a row with
more cells than that, or rows x columns above :data:`MAX_CELLS` refuse the
workbook. openpyxl then reads only up to the largest column seen, so a stray
cell in column XFD never makes rows of 16,384 cells.

**Rows** (:mod:`geo.io.read_limits`). The same pass refuses a row numbered past
Excel's last row (1,048,576), counts the rows that hold a value (refusing the
sheet at the first one past ``max_rows``) and notes the last of them; openpyxl
reads up to that row and no further, and the empty rows it yields for missing row
numbers are skipped without scanning their width. The cost follows the XML, not
the row numbers. A cell over :data:`geo.io.read_limits.MAX_CELL_CHARS` is refused.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from lxml import etree
from openpyxl.utils import get_column_letter

from geo._errors import InputValidationError
from geo.io.raw_table import (
    MAX_COLUMNS,
    RawTable,
    assemble_rows,
    cell_text,
    too_wide_error,
    unreadable_error,
    unsupported_error,
)
from geo.io.read_limits import (
    EXCEL_MAX_ROWS,
    MAX_CELL_CHARS,
    LimitError,
    cell_too_long,
    too_many_rows,
)

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
#: Most cells (filled rows x columns of the used range) a sheet may make.
MAX_CELLS = 10_000_000
#: Largest ``[Content_Types].xml`` read to look for macro content types.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_MACRO_CONTENT = re.compile(rb"macroenabled|vbaproject|activex", re.IGNORECASE)
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")
_SHEET_FIX = (
    "copy the table (and only the table) into a new sheet, save it as .xlsx, "
    "or save it as CSV UTF-8"
)


def _check_zip(path: Path, name: str) -> None:
    """Refuse ZIPs that are not plain XLSX workbooks, and ZIP bombs (collect every reason)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (
        zipfile.BadZipFile,
        OSError,
        NotImplementedError,
        UnicodeDecodeError,
        ValueError,
    ) as exc:
        raise unreadable_error(name, "a ZIP archive", exc) from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise unsupported_error(
            name, "a ZIP archive that is not an XLSX workbook (no xl/workbook.xml)"
        )
    problems = []
    folded = {n.casefold(): n for n in names}
    macros = sorted(n for f, n in folded.items() if f.rsplit("/", 1)[-1] == "vbaproject.bin")
    if macros:
        problems.append(f"file {name!r} is a workbook with macros ({', '.join(macros)})")
    elif _macro_content_types(path, members, name):
        problems.append(f"file {name!r} is a macro-enabled workbook ([Content_Types].xml)")
    if any(f.startswith("xl/activex/") for f in folded):
        problems.append(f"file {name!r} holds ActiveX controls (xl/activeX/)")
    if any(f.startswith("xl/externallinks/") for f in folded):
        problems.append(f"file {name!r} links to other workbooks (xl/externalLinks/)")
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_BYTES:
        problems.append(f"file {name!r} unpacks to {total:,} bytes (limit {MAX_UNZIPPED_BYTES:,})")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            problems.append(
                f"file {name!r}: member {member.filename} is compressed {ratio:,.0f} to 1 "
                f"(limit {MAX_COMPRESSION_RATIO} to 1)"
            )
    if problems:
        fix = (
            "expected a plain workbook without macros or links to other files; paste the table "
            "as values into a new workbook and save it as .xlsx, or save it as CSV UTF-8"
        )
        raise InputValidationError([f"{problem}; {fix}" for problem in problems])


def _macro_content_types(path: Path, members: list[zipfile.ZipInfo], name: str) -> bool:
    """Return True when ``[Content_Types].xml`` declares macro or ActiveX parts."""
    for member in members:
        if member.filename.casefold() == "[content_types].xml":
            if member.file_size > _MAX_CONTENT_TYPES_BYTES:
                return True  # no plain workbook needs a megabyte of content types
            try:
                with zipfile.ZipFile(path) as archive:
                    return bool(_MACRO_CONTENT.search(archive.read(member)))
            except Exception as exc:  # zlib, zipfile and OS errors on damaged archives
                raise unreadable_error(name, "an XLSX workbook", exc) from exc
    return False


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class UsedRange:
    """What the sheet XML holds, found before openpyxl builds a row."""

    widest: int = 0  # the largest column with a cell
    last_row: int = 0  # the largest row number with a value
    rows_with_values: int = 0
    filled_rows: int = 0  # rows with at least one cell, empty or not


def _row_number(text: str | None, previous: int, name: str) -> int:
    """Return a ``<row r>`` number (the next one when absent); refuse one past Excel's last."""
    try:
        number = int(text) if text is not None else previous + 1
    except ValueError as exc:
        raise unreadable_error(name, "an XLSX workbook", exc) from exc
    if number > EXCEL_MAX_ROWS or number < 1:
        raise LimitError("limit.excel_row", name=name, row=number, limit=EXCEL_MAX_ROWS)
    return number


class _SheetScan:
    """lxml parser target: sees each element's start and end, builds no tree."""

    def __init__(self, name: str, max_rows: int | None) -> None:
        self.name, self.max_rows = name, max_rows
        self.used = UsedRange()
        self.number = self.column = self.cells = self.values = 0

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        local = tag.rpartition("}")[2]
        if local == "c":
            ref = attrib.get("r") or ""
            match = _CELL_REF.fullmatch(ref)
            self.column = _column_number(match.group(1)) if match else self.column + 1
            if match and int(match.group(2)) > EXCEL_MAX_ROWS:
                raise LimitError(
                    "limit.excel_row", name=self.name, row=int(match.group(2)), limit=EXCEL_MAX_ROWS
                )
            self.cells += 1
            if self.column > MAX_COLUMNS:
                ref = ref or f"row cell {self.cells:,}"
                raise too_wide_error(self.name, f"a cell in column {self.column:,} ({ref})")
            if self.cells > MAX_COLUMNS:
                raise too_wide_error(self.name, f"a row of more than {MAX_COLUMNS:,} cells")
            self.used.widest = max(self.used.widest, self.column)
        elif local in ("v", "is"):
            self.values += 1
        elif local == "row":
            self.number = _row_number(attrib.get("r"), self.number, self.name)
            self.column = self.cells = self.values = 0

    def end(self, tag: str) -> None:
        if tag.rpartition("}")[2] != "row":
            return
        used = self.used
        used.filled_rows += self.cells > 0
        if self.values:
            used.rows_with_values += 1
            used.last_row = self.number
            if self.max_rows is not None and used.rows_with_values > self.max_rows + 1:
                raise too_many_rows(self.name, self.max_rows)

    def close(self) -> UsedRange:
        return self.used


def _check_used_range(path: Path, member: str, name: str, *, max_rows: int | None) -> UsedRange:
    """Stream a sheet's XML; refuse it when too wide, too big or too long; return its range.

    A parser target sees each element's start and end and no tree is built, so
    memory stays bounded whatever the sheet holds and time follows the XML. A row
    counts against ``max_rows`` when one of its cells holds a value (the header too).
    """
    scan = _SheetScan(name, max_rows)
    parser = etree.XMLParser(target=scan, resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(path) as archive, archive.open(member) as source:
        while block := source.read(1 << 16):
            parser.feed(block)
    used: UsedRange = parser.close()
    if used.filled_rows * used.widest > MAX_CELLS:
        raise InputValidationError(
            f"file {name!r}: its sheet uses {used.filled_rows:,} rows x {used.widest:,} columns "
            f"= {used.filled_rows * used.widest:,} cells, more than the limit of {MAX_CELLS:,} "
            f"cells; {_SHEET_FIX}, or split it into smaller files"
        )
    return used


def _rows(worksheet: Any, used: UsedRange, name: str) -> list[tuple[int, list[str | None]]]:
    """Return the numbered rows holding a value, up to the last one, cells as text.

    openpyxl yields one empty row for every row number missing from the XML; it is
    the same tuple object each time, so once one has been seen the rest are
    skipped without looking at their cells: a gap costs a step, not its width.
    """
    rows: list[tuple[int, list[str | None]]] = []
    empty: tuple[object, ...] | None = None
    for number, values in enumerate(
        worksheet.iter_rows(
            min_row=1, max_row=used.last_row, max_col=max(used.widest, 1), values_only=True
        ),
        1,
    ):
        if values is empty:
            continue
        if all(value is None for value in values):
            empty = values  # gaps: counted, never built
            continue
        cells = [cell_text(value) for value in values]
        for position, cell in enumerate(cells):
            if cell is not None and len(cell) > MAX_CELL_CHARS:
                column = get_column_letter(position + 1)
                raise cell_too_long(name, column=column, row=number, found=len(cell))
        rows.append((number, cells))
    return rows


def read_xlsx(path: Path, sheet: str | None, *, max_rows: int | None = None) -> RawTable:
    """Read one worksheet of an XLSX workbook into a raw table.

    Parameters
    ----------
    path
        The workbook (the content was already recognised as a ZIP).
    sheet
        Worksheet name; ``None`` reads the first one.
    max_rows
        Refuse a sheet of more data rows than this, before openpyxl reads a row.

    Returns
    -------
    RawTable

    Raises
    ------
    InputValidationError
        The ZIP is not a plain workbook, is damaged, has no sheet ``sheet``, or
        its used range is too wide or too big (see the module notes), or it breaks
        a limit of :mod:`geo.io.read_limits`.
    """
    name = path.name
    _check_zip(path, name)
    with warnings.catch_warnings(), path.open("rb") as handle:  # a handle: no extension check
        warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions it skips
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types on damaged files
            raise unreadable_error(name, "an XLSX workbook", exc) from exc
        try:
            if sheet is not None and sheet not in book.sheetnames:
                raise InputValidationError(
                    f"file {name!r} has no sheet {sheet!r}; its sheets are "
                    f"{', '.join(map(repr, book.sheetnames))}; pick one of them"
                )
            worksheet = book[sheet] if sheet is not None else book.worksheets[0]
            # openpyxl's own record of the sheet's part, so the check reads what it reads.
            used = _check_used_range(path, worksheet._worksheet_path, name, max_rows=max_rows)
            worksheet.reset_dimensions()  # do not trust the stored dimension
            rows = _rows(worksheet, used, name)
        except InputValidationError:
            raise
        except Exception as exc:
            raise unreadable_error(name, "an XLSX workbook", exc) from exc
        finally:
            book.close()
    return assemble_rows(rows, name=name, kind="xlsx", noun="filled columns")
