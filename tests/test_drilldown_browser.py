"""Drill-down to level 2 in a real headless Chromium: in, recolour, out, URL round trip."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from tests.browser_watch import WatchedBrowser
from tests.test_dashboard_browser import (  # the same server, page and helpers
    Server,
    choose,
    demo_server,
    open_dashboard,
    page,
    stable_fills,
)

pytestmark = pytest.mark.browser
__all__ = ["demo_server", "page"]  # fixtures used by name


def geometry_requests(page: Any, parent: str) -> int:
    return sum(f"/coopatlas/admin2/{parent}.geojson" in u for u in page.requests)


def unexpected(errors: list[str]) -> list[str]:
    """Every page error: none is expected."""
    return list(errors)


def wait_for_units(page: Page, n: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('#map path.leaflet-interactive').length === {n}"
    )
    page.wait_for_function(
        "Array.from(document.querySelectorAll('#map path.leaflet-interactive'))"
        ".some(p => p.getAttribute('fill') !== '#d9d9d9')"
    )


def test_drill_into_antioquia_and_back(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url + "?ind=orgs")
    page.click("#unit-table .ag-row[row-id='CO-ANT'] .ag-cell[col-id='name']")
    page.wait_for_selector("#drill-open")
    page.wait_for_load_state("networkidle")
    assert page.locator("#drill-open").inner_text() == "Municipalities of Antioquia ›"
    page.locator("#drill-open").focus()
    page.keyboard.press("Enter")  # keyboard usable: a link
    wait_for_units(page, 125)
    assert "level=2" in page.url and "parent=CO-ANT" in page.url
    crumbs = page.locator("#breadcrumb").inner_text()
    assert crumbs.startswith("Colombia › Antioquia")
    assert page.locator("#breadcrumb [aria-current='page']").inner_text() == "Antioquia"
    # the table follows the map in its own answer: wait for its level-2 rows
    page.wait_for_function(
        "(() => { const rs = Array.from(document.querySelectorAll('#unit-table .ag-row[row-id]'));"
        " return rs.length > 0 && rs.every(r => r.getAttribute('row-id').startsWith('CO-05')); })()"
    )
    page.wait_for_function("document.querySelector('#gaps').innerText.includes('125')")
    assert geometry_requests(page, "CO-ANT") == 1
    page.get_by_role("link", name="Colombia", exact=True).first.click()
    wait_for_units(page, 83)
    assert "level=" not in page.url and "parent=" not in page.url
    assert "ind=orgs" in page.url
    assert unexpected(page.errors) == []


def test_filter_change_recolours_level2_without_refetching(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url + "?level=2&parent=CO-ANT&ind=orgs")
    wait_for_units(page, 125)
    page.wait_for_load_state("networkidle")
    before = stable_fills(page)
    assert geometry_requests(page, "CO-ANT") == 1
    choose(page, "f-type", "producer_association")
    page.wait_for_function("location.search.includes('org_types=producer_association')")
    page.wait_for_load_state("networkidle")
    # the new colours arrive after the answer: wait for them, not for a pause
    page.wait_for_function(
        """before => Array.from(document.querySelectorAll('#map path.leaflet-interactive'))
            .some((p, i) => p.getAttribute('fill') !== before[i])""",
        arg=before,
    )
    after = stable_fills(page)
    assert after != before
    assert len(after) == 125
    assert geometry_requests(page, "CO-ANT") == 1  # colours through hideout only
    assert unexpected(page.errors) == []


def test_url_round_trip_restores_level_and_parent(demo_server: Server, page) -> None:
    query = "lang=es&ind=orgs&level=2&parent=CO-ANT&sel=CO-05001"
    open_dashboard(page, demo_server.url + "?" + query)
    wait_for_units(page, 125)
    assert page.locator("#breadcrumb").inner_text().startswith("Colombia › Antioquia")
    assert "Medellín (CO-05001)" in page.locator("#info-panel").inner_text()
    restored = parse_qs(urlparse(page.url).query)
    for key, value in parse_qs(query).items():
        assert restored[key] == value
    # an invalid parent falls back to level 1 with a notice
    open_dashboard(page, demo_server.url + "?level=2&parent=CO-XXX")
    assert "parent 'CO-XXX'" in page.locator("#notice").inner_text()
    assert page.locator("#map path.leaflet-interactive").count() == 83


@pytest.mark.parametrize("lang", ["en", "es"])
def test_screenshot_of_the_drilled_in_map(
    demo_server: Server, browser: WatchedBrowser, lang: str, tmp_path: Path
) -> None:
    # COOPATLAS_SHOTS=folder keeps the screenshots to look at
    shots = Path(os.environ.get("COOPATLAS_SHOTS") or tmp_path)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    shot = context.new_page()
    open_dashboard(shot, demo_server.url + f"?lang={lang}&ind=orgs&level=2&parent=CO-ANT")
    wait_for_units(shot, 125)
    shot.wait_for_load_state("networkidle")
    stable_fills(shot)
    shots.mkdir(parents=True, exist_ok=True)
    shot.screenshot(path=str(shots / f"drilldown-antioquia-{lang}.png"))
    assert shot.locator("#map path.leaflet-interactive").count() == 125
    context.close()
