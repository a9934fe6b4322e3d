"""The dashboard by keyboard alone, in Chromium: the planner's whole task, and the tab order.

Filter to two departments and a type, select the two units in the table, download
their comparison: Tab, the arrow keys, typing, Enter, Space and Escape, no mouse.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from geo.builds.folder import build
from geo.settings import get_settings
from tests.browser_watch import WatchedBrowser
from tests.test_dashboard_browser import Server, open_dashboard

pytestmark = pytest.mark.browser

#: Most Tab presses any step may take (the issue's audit needed 1,297 to reach the filters).
MAX_TABS = 60


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("keyboard") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    started = Server(out)
    yield started
    started.stop()


@pytest.fixture
def page(browser: WatchedBrowser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, bypass_csp=True, accept_downloads=True
    )
    yield context.new_page()
    context.close()


def focused(page: Page) -> str:
    """Describe the focused element: its id, else its accessible name."""
    return page.evaluate(
        """() => { const e = document.activeElement;
            return e.id || e.getAttribute('aria-label') || e.textContent.trim(); }"""
    )


def tab_to(page: Page, test: str) -> int:
    """Press Tab until the focused element passes ``test`` (JS, ``e`` the element).

    Returns the presses it took: 0 when the focus is already there (a dropdown just
    used keeps the focus, as a keyboard user would expect).
    """
    for presses in range(MAX_TABS + 1):
        if presses:
            page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!({test}); }}"):
            return presses
    raise AssertionError(f"not reached in {MAX_TABS} Tab presses; focus on {focused(page)!r}")


def choose(page: Page, dropdown: str, typed: str, value: str) -> None:
    """Open a dropdown from the keyboard, type, pick ``value`` with Enter, close it."""
    tab_to(page, f"e.id === {dropdown!r}")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.activeElement.classList.contains('dash-dropdown-search')")
    page.keyboard.type(typed, delay=20)
    page.wait_for_selector(f".dash-dropdown-option:has(input[value='{value}'])")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => decodeURIComponent(location.search).includes({value!r})")


def test_filter_select_and_download_by_keyboard_alone(server: Server, page: Page) -> None:
    open_dashboard(page, server.url)
    # the filters come first: a few presses from the top, not a walk through the map
    assert tab_to(page, "e.id === 'f-unit'") < 20
    page.keyboard.press("Shift+Tab")
    choose(page, "f-unit", "Antioquia", "CO-ANT")
    choose(page, "f-unit", "Cundinamarca", "CO-CUN")
    choose(page, "f-type", "Cooperat", "cooperative")
    page.wait_for_function(
        "() => document.querySelectorAll('#unit-table .ag-pinned-left-cols-container .ag-row')"
        ".length === 2"
    )
    # the table is one tab stop: reach it, move with the arrows, Enter and Space select
    tab_to(page, "e.closest('#unit-table')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('sel')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press(" ")
    page.wait_for_function(
        "() => (new URLSearchParams(location.search).get('sel') || '').split('|').length === 2"
    )
    page.wait_for_selector("#plan-compare table")
    # one Tab leaves the table
    page.keyboard.press("Tab")
    assert not page.evaluate("() => !!document.activeElement.closest('#unit-table')")
    tab_to(page, "e.textContent.trim() === 'Comparison (CSV)'")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[rows.index([]) + 1]
    # the two units in the order they were selected (table order: by name), then their total
    assert header[2:] == [
        "Antioquia (CO-ANT)",
        "Cundinamarca (CO-CUN)",
        "Total of the compared units",
    ]


def test_the_map_is_one_tab_stop_and_the_arrows_move_between_units(
    server: Server, page: Page
) -> None:
    open_dashboard(page, server.url)
    assert page.evaluate("document.querySelectorAll('#map path[tabindex=\"0\"]').length") == 1
    assert page.get_attribute("#map", "tabindex") == "-1"
    tab_to(page, "e.matches('#map path[data-unit]')")
    first = focused(page)
    page.keyboard.press("ArrowRight")
    second = focused(page)
    assert second != first and page.evaluate("document.activeElement.tagName") == "path"
    page.keyboard.press("ArrowLeft")
    assert focused(page) == first
    # Tab leaves the map at once: the next stop is a Leaflet zoom button or after the map
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") != "path"
    # back with Shift+Tab: the unit last reached is the map's stop
    page.keyboard.press("Shift+Tab")
    assert focused(page) == first


@pytest.mark.parametrize(("link", "target"), [("Skip to the table", "table-panel"),
                                              ("Skip to the map", "map-region")])  # fmt: skip
def test_skip_links_move_the_focus(server: Server, page: Page, link: str, target: str) -> None:
    open_dashboard(page, server.url)
    tab_to(page, f"e.textContent.trim() === {link!r}")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.activeElement.id === {target!r}")
    page.keyboard.press("Tab")  # the next Tab goes on from there, not from the top
    inside = page.evaluate(f"() => !!document.activeElement.closest('#{target}')")
    after = page.evaluate(
        f"""() => !!(document.getElementById({target!r}).compareDocumentPosition(
            document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)"""
    )
    assert inside or after


def test_compare_the_units_in_the_filters(server: Server, page: Page) -> None:
    open_dashboard(page, server.url + "?units=CO-ANT|CO-CUN|PE-CUS")
    tab_to(page, "e.id === 'plan-compare-filter'")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => (new URLSearchParams(location.search).get('sel') || '').split('|').length === 3"
    )
    page.wait_for_selector("#plan-compare table")
    heads = page.locator("#plan-compare thead th").all_inner_texts()
    assert heads[1:] == ["Antioquia (CO-ANT)", "Cundinamarca (CO-CUN)", "Cusco (PE-CUS)"]
    # a whole country is too many to put side by side: say so, select nothing
    open_dashboard(page, server.url + "?countries=EC")
    tab_to(page, "e.id === 'plan-compare-filter'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#plan-compare .ca-error-text")
    assert "choose at most 5" in page.locator("#plan-compare").inner_text()
    assert "sel=" not in page.url
