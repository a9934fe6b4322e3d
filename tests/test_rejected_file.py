"""The rejected-rows download for people: headings and reasons in the page's language."""

from __future__ import annotations

import csv
import io

from dashboard.rejected_file import for_people

# As the build writes it: machine headings, reason codes, cells already neutralised.
BUILT = (
    b"source_file,source_row,reason,message,nombre,departamento\r\n"
    b"registro.csv,4,missing_name,the organization has no name,,Antioquia\r\n"
    b"registro.csv,9,unknown_country,country 'XX' is not CO PE EC,'=SUM(A1),Cusco\r\n"
)


def rows(content: bytes, delimiter: str) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # a BOM: Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_spanish_headings_reasons_and_separator() -> None:
    table = rows(for_people(BUILT, "es"), ";")
    assert table[0] == [
        "Archivo",
        "Fila",
        "Motivo",
        "Detalle",
        "nombre",
        "departamento",
    ]
    assert table[1][:3] == ["registro.csv", "4", "Sin nombre"]
    assert table[2][2] == "País distinto de Colombia, Perú o Ecuador"
    assert table[2][4] == "'=SUM(A1)"  # the registry's cells are copied as neutralised


def test_english_keeps_commas_and_says_the_reason_in_words() -> None:
    table = rows(for_people(BUILT, "en"), ",")
    assert table[0][:4] == ["File", "Row", "Reason", "Details"]
    assert table[1][2] == "No name"
    assert len(table) == 3
