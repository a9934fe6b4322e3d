"""Read an XLSX workbook into a raw table, refusing macros, links and ZIP bombs.

Cells are read as cached values, never formulas, and written as text by
:func:`geo.io.raw_table.cell_text`. Workbooks with macros (``vbaProject.bin`` in
any letter case, a macro-enabled content type) or ActiveX controls, external
links, and possible ZIP bombs, are refused.

**One pass over the sheet.** openpyxl reads the workbook's small parts (the sheet
list, shared strings, cell styles and date epoch); the sheet itself is never
handed to it, because openpyxl walks a sheet without a ``<dimension>`` once just
to size it and then yields an empty row for every missing row number. The sheet's
XML is streamed once by :mod:`geo.io.xlsx_sheet`, which applies every limit as
the cells arrive (columns, Excel's last row, ``max_rows``, cells in all, cell
length), so the cost follows the XML, not the row numbers or the ``<dimension>``
it claims. A stray cell in column XFD is refused, never expanded to rows of
16,384 cells.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet

from geo._errors import InputValidationError
from geo.io.raw_table import RawTable, assemble_rows, unreadable_error, unsupported_error
from geo.io.xlsx_sheet import CellStyles, read_sheet

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
#: Largest ``[Content_Types].xml`` read to look for macro content types.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_MACRO_CONTENT = re.compile(rb"macroenabled|vbaproject|activex", re.IGNORECASE)


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


@dataclass(frozen=True)
class _Book:
    """The parts of a workbook a sheet's cells need: its worksheets, strings and styles."""

    sheets: dict[str, str]  # worksheet name -> its part in the archive, in the book's order
    strings: list[str]
    styles: CellStyles


def _open_book(path: Path) -> _Book:
    """Read the workbook's small parts with openpyxl, leaving every sheet unread."""
    with path.open("rb") as handle:  # a handle: openpyxl checks no file extension
        reader = ExcelReader(handle, read_only=True, data_only=True, keep_links=False)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = {
                sheet.name: rel.target
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            }
        finally:
            reader.archive.close()
    book = reader.wb
    styles = CellStyles(
        dates=frozenset(map(str, book._date_formats)),
        durations=frozenset(map(str, book._timedelta_formats)),
        epoch=book.epoch,
    )
    return _Book(sheets=sheets, strings=reader.shared_strings, styles=styles)


def read_xlsx(path: Path, sheet: str | None, *, max_rows: int | None = None) -> RawTable:
    """Read one worksheet of an XLSX workbook into a raw table.

    Parameters
    ----------
    path
        The workbook (the content was already recognised as a ZIP).
    sheet
        Worksheet name; ``None`` reads the first one.
    max_rows
        Refuse a sheet of more data rows than this, at the first row past it.

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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions it skips
        try:
            book = _open_book(path)
        except Exception as exc:  # openpyxl raises many types on damaged files
            raise unreadable_error(name, "an XLSX workbook", exc) from exc
    if not book.sheets:
        raise unreadable_error(name, "an XLSX workbook", ValueError("it has no worksheet"))
    if sheet is not None and sheet not in book.sheets:
        raise InputValidationError(
            f"file {name!r} has no sheet {sheet!r}; its sheets are "
            f"{', '.join(map(repr, book.sheets))}; pick one of them"
        )
    member = book.sheets[sheet] if sheet is not None else next(iter(book.sheets.values()))
    found = read_sheet(
        path, member, name=name, strings=book.strings, styles=book.styles, max_rows=max_rows
    )
    return assemble_rows(found.as_table(), name=name, kind="xlsx", noun="filled columns")
