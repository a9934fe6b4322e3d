"""An upload's rejected and flagged rows for people: row numbers as in the file, words in Spanish.

The registry below has a title on row 1 and its header on row 2 (``header_row=2``), so
a spreadsheet shows the build's data row n (``source_row``) on row n + 2:

=====  ==================  ============  ===========  =========================================
row    nombre              departamento  tipo         expected, worked out by hand
=====  ==================  ============  ===========  =========================================
3      Cooperativa Uno     Antioquia     cooperativa  accepted; no id column: ``generated_id``
4      (empty)             Antioquia     cooperativa  rejected ``missing_name``
5      Asociación Dos      Narnia        asociación   rejected ``unmatched_department``
6      Grupo Tres          Boyacá        xyz          accepted; "xyz" is no type and "Grupo"
                                                      says none: ``type_unrecognised``, plus
                                                      ``generated_id``
7      Cooperativa Cuatro  Antioquia     cooperativa  accepted, ``generated_id``
=====  ==================  ============  ===========  =========================================
"""

from __future__ import annotations

import base64
import csv
import io
from pathlib import Path

import pytest

from dashboard import rejected_file, upload_panels, upload_rows, uploads
from geo.importer.flag_fields import FLAG_FIELDS
from geo.importer.rows import FLAGS
from geo.importer.schema import ORG_HEADERS

REGISTRY = """Registro de prueba,,,,
nombre,departamento,tipo,latitud,longitud
Cooperativa Uno,Antioquia,cooperativa,,
,Antioquia,cooperativa,,
Asociación Dos,Narnia,asociación,,
Grupo Tres,Boyacá,xyz,,
Cooperativa Cuatro,Antioquia,cooperativa,6.25,-75.56
""".encode()


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict]:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path))
    url = "data:text/csv;base64," + base64.b64encode(REGISTRY).decode()
    outcome = uploads.process_upload(url, "registro.csv", header_row=2)
    folder = uploads.live_folder(outcome.token)
    assert folder is not None
    return folder, outcome.result.report


def table(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_every_flag_names_the_fields_it_is_about() -> None:
    assert sorted(FLAG_FIELDS) == sorted(FLAGS)
    fields = {f for names in FLAG_FIELDS.values() for f in names}
    assert fields <= set(ORG_HEADERS)  # canonical fields of the schema


def test_the_rejected_download_numbers_rows_as_the_file_and_says_details_in_spanish(
    session: tuple[Path, dict],
) -> None:
    folder, _ = session
    built = (folder / "processed" / "rejected.csv").read_bytes()
    # the build's machine file keeps its English and its numbering under the header
    assert b"registro.csv, row 2, column 'name': the organization name is empty" in built
    rows = table(rejected_file.session_file(folder, built, "es"))
    assert rows[0][:4] == ["Archivo", "Fila", "Motivo", "Detalle"]
    assert rows[1][:4] == [
        "registro.csv",
        "4",
        "Sin nombre",
        "registro.csv, fila 4, columna 'name': el nombre de la organización está vacío; se "
        "esperaba el nombre registrado. Solución: escriba el nombre (razón social).",
    ]
    assert rows[2][:3] == ["registro.csv", "5", "Departamento no reconocido y sin coordenadas"]
    assert rows[2][3].startswith(
        "registro.csv, fila 5, columna 'department': 'Narnia' no es un departamento ni una "
        "provincia de CO; más parecidos: "
    )
    assert rows[2][3].endswith("Solución: corrija la ortografía, o añada coordenadas.")
    assert len(rows) == 3


def test_the_report_lists_rejected_and_flagged_rows_with_their_rows(
    session: tuple[Path, dict],
) -> None:
    folder, report = session
    rejected, flagged = upload_rows.listed_rows(folder, report, "es")
    assert [(r.row, r.what) for r in rejected] == [
        (4, "Sin nombre"),
        (5, "Departamento no reconocido y sin coordenadas"),
    ]
    # one line per flag, in file order: rows 3, 6 (two flags) and 7
    assert [(f.row, f.column, f.value) for f in flagged] == [
        (3, "org_id", "registro:1"),
        (6, "tipo", "xyz"),
        (6, "org_id", "registro:4"),
        (7, "org_id", "registro:5"),
    ]
    assert flagged[1].what == "Tipo vacío o no reconocido (contado como otra ESS)"
    text = str(upload_panels.upload_report(report, "es", rows=(rejected, flagged)))
    assert (
        "registro.csv, fila 6: Tipo vacío o no reconocido (contado como otra ESS) — tipo: xyz"
        in (text)
    )
    assert "registro.csv, fila 4: Sin nombre" in text
    assert "columna 'name': el nombre de la organización está vacío" in text


def test_the_flagged_download_has_every_flag_in_words(session: tuple[Path, dict]) -> None:
    folder, _ = session
    rows = table(upload_rows.flagged_file(folder, "es"))
    assert rows == [
        ["Archivo", "Fila", "Señal", "Columnas", "Valores"],
        ["registro.csv", "3", "Sin identificador (se generó uno)", "org_id", "registro:1"],
        ["registro.csv", "6", "Tipo vacío o no reconocido (contado como otra ESS)", "tipo", "xyz"],
        ["registro.csv", "6", "Sin identificador (se generó uno)", "org_id", "registro:4"],
        ["registro.csv", "7", "Sin identificador (se generó uno)", "org_id", "registro:5"],
    ]


def test_details_that_do_not_name_the_row_keep_the_english(session: tuple[Path, dict]) -> None:
    folder, _ = session
    built = (folder / "processed" / "rejected.csv").read_bytes()
    # a details file out of step with rejected.csv (another build): nothing is mixed up
    (folder / "processed" / upload_rows.DETAILS_FILE).write_text("null\n{}\n", "utf-8")
    rows = table(rejected_file.session_file(folder, built, "es"))
    assert rows[1][3].startswith("registro.csv, row 2, column 'name'")
    assert rows[1][1] == "4"  # still numbered as in the file


def test_flagged_values_are_text_and_formulas_are_neutralised() -> None:
    import pandas as pd

    organizations = pd.DataFrame(
        {
            "flags": ["type_unrecognised", ""],
            "source_file": ["r.csv", "r.csv"],
            "source_row": [1, 2],
            "org_type_raw": ['=HYPERLINK("x")', "cooperativa"],
        }
    )
    report = {"organizations": {"files": [{"file": "r.csv", "header_row": 1, "columns": {}}]}}
    content = upload_rows.flagged_csv(organizations, report, "en")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    # header on row 1: data row 1 is the file's row 2; the cell cannot run as a formula
    flag = "Type empty or not recognised (counted as other SSE)"
    assert rows[1:] == [["r.csv", "2", flag, "org_type", '\'=HYPERLINK("x")']]


def test_a_page_is_told_the_upload_options_not_the_command_line_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Bolívar" is a department of Colombia (CO-BOL) and a province of Ecuador (EC-B); a
    # file with no country column and no other row names no country: rejected, ambiguous
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path))
    content = "nombre,departamento\nCooperativa Andina,Bolívar\n".encode()
    url = "data:text/csv;base64," + base64.b64encode(content).decode()
    folder = uploads.live_folder(uploads.process_upload(url, "b.csv").token)
    assert folder is not None
    built = (folder / "processed" / "rejected.csv").read_bytes().decode("utf-8")
    assert "pass --country CO or --country EC when the whole file is of one country" in built
    for lang, words in (
        ("en", "or choose the country in the upload's options when the whole file is of one"),
        ("es", "o elija el país en las opciones de la carga cuando todo el archivo es de un"),
    ):
        said = rejected_file.session_file(folder, built.encode(), lang).decode("utf-8-sig")
        assert words in said and "--country" not in said
    spanish = rejected_file.session_file(folder, built.encode(), "es").decode("utf-8-sig")
    # the header is on row 1: the only data row is the file's row 2
    assert "b.csv, fila 2, columna 'department': 'Bolívar' coincide con varias unidades: " in (
        spanish
    )
    assert "Bolívar (CO-BOL) en Colombia" in spanish and "Bolívar (EC-B) en Ecuador" in spanish
