"""The one-pass sheet reader reads cells as openpyxl's ``data_only`` reading does.

Each workbook is checked two ways: against values written out by hand, and
against openpyxl's own read-only reading (the oracle the reader replaced), so a
difference in any cell type shows up. The hand-written sheets cover what
openpyxl cannot write: cached formula values, inline and rich strings with
phonetic guides, error cells, ISO dates and cells without references.
"""

from __future__ import annotations

import warnings
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from geo._errors import InputValidationError
from geo.io.raw_table import cell_text
from geo.io.read_xlsx import read_xlsx
from tests.test_hostile_files import write_xlsx_parts


def oracle(path: Path, sheet: str | None = None) -> list[list[str | None]]:
    """Return the rows holding a value as openpyxl reads them, cells as text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    texts = (
        [cell_text(value) for value in values] for values in worksheet.iter_rows(values_only=True)
    )
    rows = [row for row in texts if any(text is not None for text in row)]
    book.close()
    width = max(len(row) for row in rows)
    return [row + [None] * (width - len(row)) for row in rows]


def ours(path: Path, sheet: str | None = None) -> list[list[str | None]]:
    """Return the header and the rows of our reader, cells as text (``None`` empty)."""
    table = read_xlsx(path, sheet)
    header = [None if str(name).startswith("column_") else name for name in table.frame.columns]
    body = table.frame.astype(object).where(table.frame.notna(), None).values.tolist()
    return [header, *body]


def test_typed_cells_written_by_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nombre", "fundada", "hora", "duración", "activa", "socios", "cuota"])
    sheet.append(["Coopcafé", datetime(2019, 3, 4), time(7, 30), 1.5, True, 120, 2.25])
    sheet.append(["Asoc. Ñame", datetime(2020, 1, 2, 8, 15), None, None, False, 7, 1e20])
    sheet["D2"].number_format = "[h]:mm"
    sheet["C2"].number_format = "hh:mm"
    path = tmp_path / "tipos.xlsx"
    book.save(path)
    rows = ours(path)
    # Worked out by hand: dates without a time as ISO dates, 1.5 days as 36:00 hours,
    # booleans as TRUE/FALSE, whole numbers without ".0", large floats as repr.
    assert rows[1] == [
        "Coopcafé",
        "2019-03-04",
        "07:30:00",
        "1 day, 12:00:00",
        "TRUE",
        "120",
        "2.25",
    ]
    assert rows[2] == ["Asoc. Ñame", "2020-01-02 08:15:00", None, None, "FALSE", "7", "1e+20"]
    assert rows == oracle(path)


def test_the_1904_calendar(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active.append(["fecha"])
    book.active.append([datetime(2021, 6, 30)])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    assert ours(path) == [["fecha"], ["2021-06-30"]] == oracle(path)


def test_a_named_sheet_and_shared_strings(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Portada"
    book.active.append(["Registro de organizaciones"])
    other = book.create_sheet("Datos")
    other.append(["nombre", "departamento"])
    other.append(["Cooperativa A", "Cusco"])
    other.append(["Cooperativa B", "Cusco"])
    path = tmp_path / "hojas.xlsx"
    book.save(path)
    expected = [["nombre", "departamento"], ["Cooperativa A", "Cusco"], ["Cooperativa B", "Cusco"]]
    assert ours(path, "Datos") == expected == oracle(path, "Datos")
    with pytest.raises(InputValidationError, match=r"no sheet 'Hoja1'; its sheets are 'Portada'"):
        read_xlsx(path, "Hoja1")


HAND_WRITTEN = [
    '<row r="1"><c r="A1" t="inlineStr"><is><t>nombre</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>total</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>nota</t></is></c></row>',
    # A cached formula value (the formula is never read), a rich inline string
    # whose phonetic guide is not text, and an error cell.
    '<row r="3"><c r="A3" t="inlineStr"><is><r><t>Coop</t></r><r><t xml:space="preserve">'
    ' Andina</t></r><rPh sb="0" eb="1"><t>コ</t></rPh></is></c>'
    '<c r="B3"><f>SUM(1,2)</f><v>3</v></c><c r="C3" t="e"><v>#N/A</v></c></row>',
    # A formula's text result, an ISO date, and cells without a reference.
    '<row><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c t="d"><v>2024-05-06T00:00:00</v></c>'
    '<c t="b"><v>1</v></c></row>',
    # Cells out of column order: both kept (openpyxl drops C5, written before A5).
    '<row r="5"><c r="C5"><v>3</v></c><c r="A5"><v>1</v></c></row>',
    # A row of empty cells makes no row.
    '<row r="9"><c r="A9"/><c r="B9" t="inlineStr"><is/></c></row>',
    '<row r="1000"><c r="C1000"><v>0.1</v></c></row>',
]


def test_hand_written_cells(tmp_path: Path) -> None:
    path = write_xlsx_parts(tmp_path / "mano.xlsx", None, HAND_WRITTEN)
    rows = ours(path)
    assert rows == [
        ["nombre", "total", "nota"],
        ["Coop Andina", "3", "#N/A"],
        ["ab", "2024-05-06", "TRUE"],
        ["1", None, "3"],
        [None, None, "0.1"],
    ]
    openpyxl_rows = oracle(path)
    assert openpyxl_rows[3] == ["1", None, None]
    assert rows[:3] + rows[4:] == openpyxl_rows[:3] + openpyxl_rows[4:]
    # Data rows are numbered from the header (file row 1): file rows 3, 4, 5 and 1000.
    assert read_xlsx(path, None).row_numbers == [2, 3, 4, 999]


def test_a_row_number_past_excel_is_refused_in_a_cell_reference(tmp_path: Path) -> None:
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>']
    rows.append('<row><c r="A2000000"><v>1</v></c></row>')
    path = write_xlsx_parts(tmp_path / "lejos.xlsx", None, rows)
    with pytest.raises(InputValidationError, match="2,000,000"):
        read_xlsx(path, None)
