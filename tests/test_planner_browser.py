"""The planner's map in Chromium: a multi-selection's totals, the sector-group filter, downloads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import Page

from geo.builds.folder import build
from geo.settings import get_settings
from tests.browser_watch import WatchedBrowser
from tests.test_dashboard_browser import Server, open_dashboard

pytestmark = pytest.mark.browser

SOUTH = {"CO-NAR": "Nariño", "CO-CAU": "Cauca", "CO-HUI": "Huila"}


@pytest.fixture(scope="module")
def planner_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("planner") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    server = Server(out)
    yield server, out
    server.stop()


@pytest.fixture
def tab(browser: WatchedBrowser) -> Iterator[Page]:
    # wait_for_function evaluates strings, which the app's CSP forbids: bypass it here
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def hand_totals(folder: Path) -> tuple[float, float]:
    """Members, and the women share pooled over organizations that report both, in percent."""
    orgs = pd.read_parquet(folder / "organizations.parquet", columns=None)
    rows = orgs.loc[orgs["iso_3166_2"].isin(list(SOUTH))]
    both = rows.loc[rows["members_women"].notna() & rows["members_total"].notna()]
    women = float(both["members_women"].sum()) / float(both["members_total"].sum())
    return float(rows["members_total"].sum()), round(100 * women, 1)


def number(text: str) -> float:
    """Read an English number as shown ("29,031", "39.6%")."""
    return float(re.sub(r"[^0-9.]", "", text))


def select_on_map(page: Page, names: list[str]) -> None:
    """Click each unit in turn, each once the map shows the previous click (aria-pressed)."""
    for name in names:
        unit = page.locator(f"#map path[aria-label^='{name},']")
        pressed = unit.get_attribute("aria-pressed")
        unit.dispatch_event("click")
        page.wait_for_function(
            "([name, before]) => document.querySelector(`#map path[aria-label^='${name},']`)"
            "?.getAttribute('aria-pressed') !== before",
            arg=[name, pressed],
        )


def test_multi_selection_totals_equal_hand_computed_values(planner_server, tab) -> None:
    server, folder = planner_server
    page = tab
    open_dashboard(page, server.url)
    select_on_map(page, list(SOUTH.values()))
    page.wait_for_function("document.querySelectorAll('#plan-compare thead th').length === 4")
    page.wait_for_function(
        "document.querySelector(\"#plan-totals tr[data-level='selection'] td\")"
        "?.textContent === '3'"
    )
    sel = parse_qs(urlparse(page.url).query)["sel"][0]
    assert sel.split("|") == list(SOUTH)
    row = page.locator("#plan-totals tr[data-level='selection'] td").all_inner_texts()
    heads = page.locator("#plan-totals thead th").all_inner_texts()
    cells = dict(zip(heads[1:], row, strict=True))
    members, women = hand_totals(folder)
    assert number(cells["Units"]) == 3
    assert number(cells["Members"]) == members
    assert number(cells["Women share of members"]) == women
    # three units side by side, and the comparison downloads
    assert page.locator("#plan-compare thead th").count() == 4
    with page.expect_download() as info:
        page.click("#plan-panel button:has-text('CSV')")
    text = Path(info.value.path()).read_text("utf-8-sig")
    assert "Nariño (CO-NAR)" in text and "Huila (CO-HUI)" in text
    with page.expect_download() as info:
        page.click("#plan-panel button:has-text('Excel')")
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"
    # a click on a selected unit removes it; the table shows the selected rows
    select_on_map(page, ["Cauca"])
    page.wait_for_function("location.search.includes('sel=CO-NAR%7CCO-HUI')")
    assert page.locator(".ag-row-selected").count() >= 1


def test_typing_in_the_sector_group_filter(planner_server, tab) -> None:
    server, _ = planner_server
    page = tab
    open_dashboard(page, server.url + "?lang=es")
    page.click("#f-sector-group")
    # Under load the list opens late: type only once its search box has the focus, and
    # press Enter only once the typed text has put the fishing group first.
    page.wait_for_function("document.activeElement.classList.contains('dash-dropdown-search')")
    page.keyboard.type("pesc", delay=30)
    page.wait_for_function(
        """() => {
            const first = document.querySelector('.dash-dropdown-option input');
            return first !== null && first.value === 'fishing';
        }"""
    )
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('sector_groups=fishing')")
    page.keyboard.press("Escape")
    assert page.locator("#l-sector-group").inner_text() == "Grupo de sectores"


def test_targeting_is_kept_in_the_url(planner_server, tab) -> None:
    server, _ = planner_server
    page = tab
    open_dashboard(page, server.url + "?target=start_coop&pp=1&ind=priority_score")
    assert page.locator("#per-population input").is_checked()
    page.wait_for_selector("#chart-contributions .ca-seg")
    items = page.locator("#chart-contributions li").all_inner_texts()
    assert any("Start.Coop" in item for item in items)


def test_comparison_download_without_a_selection_says_what_to_do(planner_server, tab) -> None:
    server, _ = planner_server
    page = tab
    open_dashboard(page, server.url + "?lang=es")
    page.get_by_role("button", name="Comparación (CSV)").click()
    hint = "Aún no hay nada que descargar"
    page.wait_for_function(f"document.querySelector('#plan-compare').innerText.includes('{hint}')")
