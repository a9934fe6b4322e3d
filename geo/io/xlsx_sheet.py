"""Read one worksheet's XML in a single streaming pass: limits checked as cells arrive.

An lxml parser *target* sees each element's start, text and end and no tree is
built, so memory follows the rows kept, never the XML's other elements, and time
follows the XML, never the row numbers it claims. As the XML streams by:

* a row numbered past Excel's last row (1,048,576), a cell beyond
  :data:`geo.io.raw_table.MAX_COLUMNS` or a row of more cells than that refuse the
  sheet at once;
* rows holding a value are counted, and the sheet is refused at the first one past
  ``max_rows`` (the header counts);
* filled rows x the widest column so far above :data:`MAX_CELLS` refuses it;
* a cell longer than :data:`geo.io.read_limits.MAX_CELL_CHARS` is refused with its
  column and row.

Missing row numbers make nothing (rows are kept with their numbers), so a gap
costs nothing. Values are converted as openpyxl converts them with
``data_only=True`` (numbers, dates by cell style, booleans, shared and inline
strings, ISO dates, errors) and written as text by
:func:`geo.io.raw_table.cell_text`; formulas are never read, only cached values.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

from geo._errors import InputValidationError
from geo.io.raw_table import MAX_COLUMNS, cell_text, too_wide_error, unreadable_error
from geo.io.read_limits import (
    EXCEL_MAX_ROWS,
    MAX_CELL_CHARS,
    LimitError,
    cell_too_long,
    too_many_rows,
)

#: Most cells (filled rows x columns of the used range) a sheet may make.
MAX_CELLS = 10_000_000
SHEET_FIX = (
    "copy the table (and only the table) into a new sheet, save it as .xlsx, "
    "or save it as CSV UTF-8"
)
_BLOCK = 1 << 16


@dataclass(frozen=True)
class CellStyles:
    """What a cell's style index says about its number: a date, or a duration."""

    dates: frozenset[str] = frozenset()  # style indices as written in ``<c s>``
    durations: frozenset[str] = frozenset()
    epoch: datetime = datetime(1899, 12, 30)


@dataclass
class SheetRows:
    """The rows of a sheet that hold a value, with what the pass learnt on the way."""

    rows: list[tuple[int, list[str | None]]] = field(default_factory=list)  # up to the last value
    widest: int = 0  # the largest column with a cell, valued or not
    filled_rows: int = 0  # rows with at least one cell, empty or not

    def as_table(self) -> Iterator[tuple[int, list[str | None]]]:
        """Yield each row's cells in columns 1 .. widest, ``None`` where empty."""
        width = max(self.widest, 1)
        for number, row in self.rows:
            row.extend([None] * (width - len(row)))
            yield number, row


_CELL, _VALUE, _INLINE, _TEXT, _PHONETIC, _ROW, _OTHER = range(7)
#: The elements the reader acts on, by local name; any other element is passed over.
_CODES = {"c": _CELL, "v": _VALUE, "is": _INLINE, "t": _TEXT, "rPh": _PHONETIC, "row": _ROW}
_LETTERS = re.compile(r"[A-Za-z]{1,3}")
_DIGITS = "0123456789"


class _Columns(dict[str, int]):
    """Column letters to numbers (``A`` 1, ``AB`` 28; 0 when not 1-3 letters A-Z), once each."""

    def __missing__(self, letters: str) -> int:
        number = 0
        if _LETTERS.fullmatch(letters):
            for letter in letters.upper():
                number = number * 26 + ord(letter) - 64
        self[letters] = number
        return number


def _number(text: str) -> int | float:
    """Return a ``<v>`` number as openpyxl does: a float when it has a point or exponent."""
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


class _SheetTarget:
    """lxml parser target: keeps the valued rows and applies the limits as they come.

    It is called for every element's start, text and end, so the common path (a
    cell with one value) is kept short: tags and column letters are looked up in
    dictionaries filled once per distinct tag or column.
    """

    def __init__(
        self,
        name: str,
        max_rows: int | None,
        strings: Sequence[str],
        styles: CellStyles,
    ) -> None:
        self.name, self.max_rows, self.strings, self.styles = name, max_rows, strings, styles
        self.found = SheetRows()
        self.tags: dict[str, int] = {}  # each tag's code, whatever its namespace
        self.columns = _Columns()
        self.number = self.column = self.cells = 0
        self.row: list[str | None] = []
        self.kind, self.style = "n", ""
        self.parts: list[str] = []
        self.collect: int | None = None  # the code of the element whose text is gathered
        self.inline = self.phonetic = False

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        code = self.tags.get(tag)
        if code is None:
            code = self.tags[tag] = _CODES.get(tag.rpartition("}")[2], _OTHER)
        if code == _CELL:
            self._start_cell(attrib)
        elif code == _VALUE:
            if self.kind != "inlineStr":
                self.collect = _VALUE
        elif code == _ROW:
            self._start_row(attrib.get("r"))
        elif code == _INLINE:
            self.inline = self.kind == "inlineStr"
        elif code == _TEXT:
            if self.inline and not self.phonetic:
                self.collect = _TEXT
        elif code == _PHONETIC:
            self.phonetic = True  # phonetic guides are not the cell's text

    def data(self, text: str) -> None:
        if self.collect is not None:
            self.parts.append(text)

    def end(self, tag: str) -> None:
        code = self.tags[tag]  # every tag ends after it starts
        if code == self.collect:
            self.collect = None
        elif code == _CELL:
            if self.parts:
                self._end_cell()
        elif code == _ROW:
            self._end_row()
        elif code == _PHONETIC:
            self.phonetic = False

    def close(self) -> SheetRows:
        return self.found

    def _start_row(self, text: str | None) -> None:
        try:
            number = int(text) if text is not None else self.number + 1
        except ValueError as exc:
            raise unreadable_error(self.name, "an XLSX workbook", exc) from exc
        if number > EXCEL_MAX_ROWS or number < 1:
            raise LimitError("limit.excel_row", name=self.name, row=number, limit=EXCEL_MAX_ROWS)
        self.number, self.column, self.cells, self.row = number, 0, 0, []

    def _start_cell(self, attrib: Mapping[str, str]) -> None:
        ref = attrib.get("r") or ""
        letters = ref.rstrip(_DIGITS)
        column = self.columns[letters] if letters else 0
        if column:
            digits = ref[len(letters) :]
            if len(digits) >= 7 and int(digits) > EXCEL_MAX_ROWS:
                raise LimitError(
                    "limit.excel_row", name=self.name, row=int(digits), limit=EXCEL_MAX_ROWS
                )
        else:  # no reference, or not one: the cell after the last
            column = self.column + 1
        self.column = column
        self.cells += 1
        if column > MAX_COLUMNS:
            raise too_wide_error(
                self.name, f"a cell in column {column:,} ({ref or f'row cell {self.cells:,}'})"
            )
        if self.cells > MAX_COLUMNS:
            raise too_wide_error(self.name, f"a row of more than {MAX_COLUMNS:,} cells")
        if column > self.found.widest:
            self.found.widest = column
        self.kind = attrib.get("t", "n")
        self.style = attrib.get("s", "")
        self.inline = False

    def _end_cell(self) -> None:
        parts, self.parts = self.parts, []
        raw = parts[0] if len(parts) == 1 else "".join(parts)
        if self.kind == "n" and raw.isdecimal() and self.style not in self.styles.dates:
            text: str | None = str(int(raw))  # the common case, as cell_text writes an int
        else:
            text = cell_text(self._value(raw))
        if text is None:
            return
        if len(text) > MAX_CELL_CHARS:
            column = get_column_letter(self.column)
            raise cell_too_long(self.name, column=column, row=self.number, found=len(text))
        row, column = self.row, self.column
        if len(row) == column - 1:
            row.append(text)
        elif len(row) < column:
            row.extend([None] * (column - 1 - len(row)))
            row.append(text)
        else:  # a column met again, or out of order: the later cell wins, as in openpyxl
            row[column - 1] = text

    def _value(self, text: str) -> object:
        """Return the cell's value as openpyxl's ``data_only`` reading gives it."""
        kind = self.kind
        if not text:
            return None
        if kind == "n":
            number = _number(text)
            if self.style not in self.styles.dates:
                return number
            try:
                return from_excel(
                    number, self.styles.epoch, timedelta=self.style in self.styles.durations
                )
            except (OverflowError, ValueError):
                return "#VALUE!"  # a date style on a serial outside the calendar
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A), others as written

    def _end_row(self) -> None:
        found = self.found
        found.filled_rows += self.cells > 0
        if found.filled_rows * found.widest > MAX_CELLS:
            raise InputValidationError(
                f"file {self.name!r}: its sheet uses at least {found.filled_rows:,} rows x "
                f"{found.widest:,} columns, more than the limit of {MAX_CELLS:,} cells; "
                f"{SHEET_FIX}, or split it into smaller files"
            )
        if self.row:
            found.rows.append((self.number, self.row))
            if self.max_rows is not None and len(found.rows) > self.max_rows + 1:
                raise too_many_rows(self.name, self.max_rows)
            self.row = []


def read_sheet(
    archive_path: Path,
    member: str,
    *,
    name: str,
    strings: Sequence[str],
    styles: CellStyles,
    max_rows: int | None,
) -> SheetRows:
    """Stream one worksheet part of an XLSX archive; return its valued rows.

    Parameters
    ----------
    archive_path
        The workbook.
    member
        The worksheet's part in the archive, e.g. ``xl/worksheets/sheet1.xml``.
    name
        The file name for messages.
    strings
        The workbook's shared strings.
    styles
        Which cell styles hold dates or durations, and the workbook's epoch.
    max_rows
        Refuse a sheet of more data rows than this (the header is not counted).

    Raises
    ------
    InputValidationError
        A limit of the module notes is broken, or the XML is damaged.
    """
    target = _SheetTarget(name, max_rows, strings, styles)
    parser = etree.XMLParser(
        target=target, resolve_entities=False, no_network=True, huge_tree=False
    )
    try:
        with zipfile.ZipFile(archive_path) as archive, archive.open(member) as source:
            while block := source.read(_BLOCK):
                parser.feed(block)
        found: SheetRows = parser.close()
    except InputValidationError:
        raise
    except Exception as exc:  # lxml, zlib and value errors on damaged sheets
        raise unreadable_error(name, "an XLSX workbook", exc) from exc
    return found
