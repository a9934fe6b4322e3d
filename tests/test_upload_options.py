"""The browser upload offers what the command line offers: country, type, header row.

A list with two title lines, no country and no type column: the expectations are worked
out by hand from the rows (Amazonas is a department of both Colombia and Peru; with the
country chosen it is Peru's, PE-AMA; "Ficticia Uno" names no legal form, so without a
type chosen it is other SSE, flagged).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dash import html

from dashboard import ids, uploads
from dashboard.upload_options import chosen_options, upload_options
from tests.test_uploads import data_url

CSV = (
    b"Lista de organizaciones (filas ficticias)\n"
    b"NOMBRE,DEPARTAMENTO\n"  # a second title line that happens to look like a header
    b"NOMBRE,DEPARTAMENTO\n"
    b"Ficticia Uno,Amazonas\n"
    b"Ficticia Dos,Amazonas\n"
)


@pytest.fixture(autouse=True)
def private_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path))
    return tmp_path / "coopatlas-sessions"


def test_without_options_the_file_decides() -> None:
    report = uploads.process_upload(data_url(CSV), "lista.csv").result.report["organizations"]
    # The header is found on row 2; its copy on row 3 is then a data row named "NOMBRE".
    assert report["files"][0]["header_row"] == 2
    assert report["input_rows"] == 3
    # Amazonas is Colombia's or Peru's; "DEPARTAMENTO" (the copied header) is no department.
    assert report["rejected_by_reason"] == {"ambiguous_department": 2, "unmatched_department": 1}


def test_country_type_and_header_row_are_passed_to_the_import() -> None:
    options = chosen_options({"country": "PE", "org_type": "producer_association", "header_row": 3})
    outcome = uploads.process_upload(data_url(CSV), "lista.csv", **options)
    report = outcome.result.report["organizations"]
    assert report["files"][0]["header_row"] == 3
    assert report["input_rows"] == 2
    data = uploads.session_data(outcome.token)
    assert data is not None
    acc = data.organizations
    assert acc["iso_3166_2"].tolist() == ["PE-AMA", "PE-AMA"]
    assert acc["org_type"].tolist() == ["producer_association"] * 2
    assert not acc["flags"].str.contains("type_").any()


def test_a_header_row_outside_the_file_is_refused_without_a_command_line_flag() -> None:
    with pytest.raises(ValueError, match="header row 40 is not a non-blank row") as info:
        uploads.process_upload(data_url(CSV), "lista.csv", header_row=40)
    assert "--" not in str(info.value)


def test_chosen_options_keep_only_what_the_import_accepts() -> None:
    assert chosen_options({}) == {"country": None, "org_type": None, "header_row": None}
    assert chosen_options({"country": "EC", "org_type": "cooperative", "header_row": 2.0}) == {
        "country": "EC",
        "org_type": "cooperative",
        "header_row": 2,
    }
    bad = {"country": "VE", "org_type": "firm", "header_row": 2.5}
    assert chosen_options(bad) == {"country": None, "org_type": None, "header_row": None}


@pytest.mark.parametrize(
    ("lang", "summary", "country_label"),
    [
        ("en", "Import options", "Country of rows without a country column"),
        ("es", "Opciones de importación", "País de las filas sin columna de país"),
    ],
)
def test_the_controls_are_labelled_in_the_page_language(lang, summary, country_label) -> None:
    panel = upload_options(lang)
    assert isinstance(panel.children[0], html.Summary)
    assert panel.children[0].children == summary
    country = panel.children[1]
    assert country.children[0].children == country_label
    assert country.children[0].htmlFor == ids.UPLOAD_COUNTRY
    labels = [f.children[1].id for f in panel.children[1:]]
    assert labels == [ids.UPLOAD_COUNTRY, ids.UPLOAD_TYPE, ids.UPLOAD_HEADER_ROW]
