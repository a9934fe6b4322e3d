"""Read an XLSX workbook into a raw table, refusing macros, links and ZIP bombs.

Cells are read as cached values, never formulas, and written as text by
:func:`geo.raw_table.cell_text`. Workbooks with macros or external links, and
possible ZIP bombs, are refused.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import openpyxl

from geo._errors import InputValidationError
from geo.raw_table import RawTable, assemble_rows, cell_text, unreadable_error, unsupported_error

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024


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
    if "xl/vbaProject.bin" in names:
        problems.append(f"file {name!r} is a workbook with macros (xl/vbaProject.bin)")
    if any(n.startswith("xl/externalLinks/") for n in names):
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
        The ZIP is not a plain workbook, is damaged, or has no sheet ``sheet``.
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
            worksheet.reset_dimensions()  # do not trust the stored dimension
            rows = [
                (number, [cell_text(value) for value in values])
                for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1)
            ]
        except InputValidationError:
            raise
        except Exception as exc:
            raise unreadable_error(name, "an XLSX workbook", exc) from exc
        finally:
            book.close()
    return assemble_rows(rows, name=name, kind="xlsx", noun="filled columns")
