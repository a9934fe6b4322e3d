"""The legal-status filter in Chromium: inactive organizations are counted only when chosen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from geo.builds.folder import build
from tests.test_dashboard_browser import Server, choose, open_dashboard, page

pytestmark = pytest.mark.browser
__all__ = ["page"]  # fixture used by name

SUMMARY = "document.querySelector('#summary').innerText"


@pytest.fixture(scope="module")
def status_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Four organizations in Bogotá: active, in liquidation, cancelled, and one without status."""
    tmp = tmp_path_factory.mktemp("status")
    registry = tmp / "estados.csv"
    registry.write_text(
        "Razón social;País;Departamento;Tipo;Estado\n"
        "Cooperativa Activa;CO;Bogotá;Cooperativa;ACTIVA\n"
        "Cooperativa Liquidada;CO;Bogotá;Cooperativa;EN LIQUIDACIÓN\n"
        "Cooperativa Cancelada;CO;Bogotá;Cooperativa;CANCELADA\n"
        "Cooperativa Sin Dato;CO;Bogotá;Cooperativa;\n",
        "utf-8",
    )
    build([registry], out=tmp / "processed")
    server = Server(tmp / "processed")
    yield server
    server.stop()


def summary(page: Page) -> str:
    return page.locator("#summary").inner_text()


def test_status_filter_counts_inactive_organizations_only_when_chosen(status_server, page) -> None:
    open_dashboard(page, status_server.url)
    page.wait_for_function("document.querySelector('#summary').innerText.length > 0")
    # by default: active and unknown, 2 of the 4
    assert summary(page).startswith("2 organizations")
    assert "Active or unknown (default)" in page.locator("#f-status").inner_text()
    choose(page, "f-status", "in_liquidation")
    page.wait_for_function(f"{SUMMARY}.startsWith('1 organization ')")
    assert "status=in_liquidation" in page.url
    choose(page, "f-status", "cancelled")
    page.wait_for_function(f"{SUMMARY}.startsWith('2 organizations')")
    assert "status=cancelled%7Cin_liquidation" in page.url  # "|" between values
    assert page.errors == []
