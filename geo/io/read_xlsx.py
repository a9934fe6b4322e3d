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
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
from lxml import etree

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


def _check_used_range(path: Path, member: str, name: str) -> int:
    """Stream a sheet's XML; refuse it when too wide or too big; return its largest column.

    Only ``<row>`` and ``<c>`` elements are looked at, each cleared once seen, so
    memory stays bounded whatever the sheet holds.
    """
    widest = filled_rows = 0
    with zipfile.ZipFile(path) as archive, archive.open(member) as source:
        parser = etree.iterparse(
            source,
            events=("start", "end"),
            tag=("{*}row", "{*}c"),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        )
        column = cells = 0
        for event, element in parser:
            is_row = element.tag.endswith("row")
            if is_row and event == "start":
                column = cells = 0
            elif is_row:
                filled_rows += cells > 0
                element.clear()
                while element.getprevious() is not None:  # drop rows already seen
                    del element.getparent()[0]
            elif event == "end":
                ref = element.get("r") or ""
                match = _CELL_REF.fullmatch(ref)
                column = _column_number(match.group(1)) if match else column + 1
                cells += 1
                element.clear()
                if column > MAX_COLUMNS:
                    ref = ref or f"row cell {cells:,}"
                    raise too_wide_error(name, f"a cell in column {column:,} ({ref})")
                if cells > MAX_COLUMNS:
                    raise too_wide_error(name, f"a row of more than {MAX_COLUMNS:,} cells")
                widest = max(widest, column)
    if filled_rows * widest > MAX_CELLS:
        raise InputValidationError(
            f"file {name!r}: its sheet uses {filled_rows:,} rows x {widest:,} columns = "
            f"{filled_rows * widest:,} cells, more than the limit of {MAX_CELLS:,} cells; "
            f"{_SHEET_FIX}, or split it into smaller files"
        )
    return widest


def read_xlsx(path: Path, sheet: str | None) -> RawTable:
    """Read one worksheet of an XLSX workbook into a raw table.

    Parameters
    ----------
    path
        The workbook (the content was already recognised as a ZIP).
    sheet
        Worksheet name; ``None`` reads the first one.

    Returns
    -------
    RawTable

    Raises
    ------
    InputValidationError
        The ZIP is not a plain workbook, is damaged, has no sheet ``sheet``, or
        its used range is too wide or too big (see the module notes).
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
            widest = _check_used_range(path, worksheet._worksheet_path, name)
            worksheet.reset_dimensions()  # do not trust the stored dimension
            rows = [
                (number, [cell_text(value) for value in values])
                for number, values in enumerate(
                    worksheet.iter_rows(min_row=1, max_col=max(widest, 1), values_only=True), 1
                )
                if any(value is not None for value in values)  # gaps: counted, never built
            ]
        except InputValidationError:
            raise
        except Exception as exc:
            raise unreadable_error(name, "an XLSX workbook", exc) from exc
        finally:
            book.close()
    return assemble_rows(rows, name=name, kind="xlsx", noun="filled columns")
