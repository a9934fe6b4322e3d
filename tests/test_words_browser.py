"""Every word in Spanish, in Chromium: a link's notice, an export's "ready", an upload's rows.

The Spanish page is opened with a link that asks for a filter that does not exist
(``types=x``): the notice says so in Spanish. An export then disables the buttons
while it runs and says, in a polite status region, which file is ready. An upload with
a rejected and a flagged row lists them with the rows a spreadsheet shows. Every
wait is on a condition. ``COOPATLAS_SCREENSHOTS`` names a folder to keep screenshots in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.test_dashboard_browser import Server, demo_server, open_dashboard, page

pytestmark = pytest.mark.browser
__all__ = ["demo_server", "page"]  # fixtures used by name

BUTTONS = "#h-export + .ca-zoom button"


def shot(page: Page, name: str, selector: str | None = None) -> None:
    """Keep a screenshot when ``COOPATLAS_SCREENSHOTS`` names a folder."""
    folder = os.environ.get("COOPATLAS_SCREENSHOTS")
    if not folder:
        return
    path = Path(folder) / name
    if selector is None:
        page.screenshot(path=str(path))
    else:
        page.locator(selector).screenshot(path=str(path))


def export_and_wait(page: Any, button: str) -> str:
    """Click an export button; wait for its download and the Spanish "ready"; return its name."""
    with page.expect_download() as info:
        page.click(f".ca-side button:has-text('{button}')")
    name = info.value.suggested_filename
    page.wait_for_function(
        "text => document.querySelector('#export-status').innerText === text",
        arg=f"Listo: se está descargando {name}.",
    )
    return name


def test_the_link_notice_and_the_export_ready_message_are_spanish(
    demo_server: Server, page: Any, tmp_path: Path
) -> None:
    open_dashboard(page, demo_server.url + "?lang=es&types=x&federated=quizas")
    notice = page.locator("#notice").inner_text()
    assert notice == (
        "Algunos ajustes del enlace no eran válidos y se restablecieron: "
        "filtro desconocido 'types' ignorado; "
        "federated: 'quizas' descartado (se esperaba true o false)"
    )
    status = page.locator("#export-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    # note every export button that is ever disabled while the job runs
    page.evaluate(
        """() => {
            window.__caDisabled = new Set();
            const buttons = document.querySelectorAll('#h-export + .ca-zoom button');
            const seen = new MutationObserver(() => buttons.forEach(
                b => { if (b.disabled) window.__caDisabled.add(b.textContent); }));
            buttons.forEach(b => seen.observe(b, {attributes: true}));
        }"""
    )
    export_and_wait(page, "CSV")
    # all nine buttons were off during the job, and are on again once it is done
    disabled = page.evaluate("() => Array.from(window.__caDisabled).sort()")
    assert len(disabled) == page.locator(BUTTONS).count() == 9
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('#h-export + .ca-zoom button'))"
        ".every(b => !b.disabled)"
    )
    shot(page, "words-export-ready-es.png", ".ca-side")
    # the next export clears that message while it runs, then says its own
    page.evaluate(
        """() => {
            const status = document.querySelector('#export-status');
            window.__caTexts = [];
            new MutationObserver(() => window.__caTexts.push(status.innerText))
                .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    second = export_and_wait(page, "Excel")
    texts = page.evaluate("() => window.__caTexts")
    assert texts[0] == "" and texts[-1] == f"Listo: se está descargando {second}.", texts
    assert page.errors == []


def test_the_spanish_upload_report_lists_rows_as_the_file_numbers_them(
    demo_server: Server, page: Any, tmp_path: Path
) -> None:
    # header on row 1: "Sin nombre" is the file's row 3, "Grupo Tres" row 4
    registry = tmp_path / "registro.csv"
    registry.write_text(
        "nombre;departamento;país;tipo\n"
        "Cooperativa Uno;Huila;CO;Cooperativa\n"
        ";Meta;CO;Asociación\n"
        "Grupo Tres;Boyacá;CO;xyz\n",
        "utf-8",
    )
    open_dashboard(page, demo_server.url + "?lang=es")
    page.set_input_files("#upload input[type=file]", str(registry))
    page.wait_for_selector("#upload-report .ca-report")
    report = page.locator("#upload-report .ca-report").inner_text()
    assert "registro.csv, fila 3: Sin nombre" in report
    assert "columna 'name': el nombre de la organización está vacío" in report
    assert (
        "registro.csv, fila 4: Tipo vacío o no reconocido (contado como otra ESS) — tipo: xyz"
        in (report)
    )
    for english in ("row 3", "column 'name'", "missing_name", "type_unrecognised"):
        assert english not in report
    shot(page, "words-upload-report-es.png", "#upload-report")
    page.wait_for_function("() => !document.querySelector('#upload-flagged').disabled")
    with page.expect_download() as info:
        page.click("#upload-flagged")
    flagged = Path(info.value.path()).read_text("utf-8-sig").splitlines()
    assert flagged[0] == "Archivo;Fila;Señal;Columnas;Valores"
    assert "registro.csv;4;Tipo vacío o no reconocido (contado como otra ESS);tipo;xyz" in flagged
    assert page.errors == []
