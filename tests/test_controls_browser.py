"""Controls that help, and the layout, in headless Chromium (Debian's), both languages.

The grouped indicator menu (one arrow press per indicator, Enter chooses, axe clean
with the menu open), the weights' shares of 100 % following a slider moved by
keyboard, the page at 1366x768 and 390x844 without gaps, clipping or an empty
column, and Dash's "Loading..." drawn as the page's busy ring away from the zoom
buttons. Every wait is on a condition.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from geo.indicators.view import MAP_INDICATORS
from tests.test_dashboard_a11y import context_at, server  # noqa: F401  (fixtures)
from tests.test_dashboard_browser import Server, choose, open_dashboard

pytestmark = pytest.mark.browser

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

#: The menu in its order (tests/test_controls.py checks it against the catalogue).
MENU = [
    "orgs", "orgs_per_100k", "orgs_per_10k_km2", "members_total",
    "type_share", "coop_share", "women_share", "youth_share",
    "coverage_any", "coverage_my_coop", "coverage_think_coop", "coverage_start_coop",
    "not_reached", "poverty_rate", "rural_share", "priority_score",
]  # fmt: skip
HEADINGS = {
    "en": ["Counts", "Shares", "Programme coverage", "Need", "Priority"],
    "es": ["Cantidades", "Proporciones", "Cobertura de los programas", "Necesidad", "Prioridad"],
}


@pytest.fixture
def at(context_at: Callable[..., Page]) -> Callable[..., Page]:  # noqa: F811
    """Open pages of a given viewport: the accessibility tests' fixture, by a short name."""
    return context_at


def focused_value(page: Page) -> str:
    return page.evaluate("document.activeElement.value || ''")


def press_until_moved(page: Page, key: str, before: str) -> str:
    """Press ``key`` and wait until the focus has left the option ``before``; return the new."""
    page.keyboard.press(key)
    page.wait_for_function("v => (document.activeElement.value || '') !== v", arg=before)
    return focused_value(page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_indicator_menu_is_grouped_and_each_arrow_moves_one_indicator(
    server: Server,  # noqa: F811
    at,
    lang,
) -> None:
    assert sorted(MENU) == sorted(MAP_INDICATORS)
    page = at()
    open_dashboard(page, server.url + f"?lang={lang}")
    page.focus("#indicator")
    page.keyboard.press("ArrowDown")  # opens the menu on the chosen indicator
    page.wait_for_function("document.activeElement.value === 'orgs_per_100k'")
    headings = page.eval_on_selector_all(
        ".dash-dropdown-option .ca-option-group", "els => els.map(e => e.textContent)"
    )
    assert headings == HEADINGS[lang]
    # every option visible at once at 1366x768: the last one is inside the window
    last = page.locator(".dash-dropdown-option").last.bounding_box()
    assert last is not None and last["y"] + last["height"] <= 768
    # axe with the menu open: the headings inside options break no rule, and the menu
    # (a dialog) is named by the field's label (assets/coopatlas_a11y.js, next frame)
    page.wait_for_function(
        "document.querySelector('.dash-dropdown-content').hasAttribute('aria-labelledby')"
    )
    results = axe_sync.Axe().run(page)
    violations = results.response["violations"]
    bad = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == []
    # one arrow press, one indicator: across every group's heading, to the end
    visited = [focused_value(page)]
    while visited[-1] != "priority_score":
        visited.append(press_until_moved(page, "ArrowDown", visited[-1]))
    assert visited == MENU[1:]
    for _ in range(2):  # back up across "Need": priority_score -> rural -> poverty
        visited.append(press_until_moved(page, "ArrowUp", visited[-1]))
    assert visited[-2:] == ["rural_share", "poverty_rate"]
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('ind=poverty_rate')")
    # the closed control names the indicator, without its group's heading
    page.wait_for_function(
        "!document.querySelector('.dash-dropdown-content') && "
        "document.activeElement.id === 'indicator'"
    )
    shown = page.inner_text("#indicator")
    assert HEADINGS[lang][3].upper() not in shown.upper()
    assert ("Poverty" if lang == "en" else "Pobreza") in shown


def test_weight_shares_follow_a_slider_moved_by_keyboard(server: Server, at) -> None:  # noqa: F811
    page = at()
    open_dashboard(page, server.url + "?lang=es")
    page.click("details:has(#l-weight-need) > summary")

    def shares() -> list[str]:
        return page.eval_on_selector_all(".ca-weight-share", "els => els.map(e => e.textContent)")

    # defaults 2, 1, 2, 1, 4, 0, 0 of 10 (priority_weights.toml)
    assert shares() == ["20\u00a0%", "10\u00a0%", "20\u00a0%", "10\u00a0%", "40\u00a0%",
                        "0\u00a0%", "0\u00a0%"]  # fmt: skip
    handle = page.locator(".ca-field:has(#l-weight-need) [role=slider]")
    handle.focus()
    page.keyboard.press("ArrowRight")  # need 0 -> 0.5: total 10.5
    page.wait_for_function("() => location.search.includes('w=')")
    # 100 * (2, 1, 2, 1, 4, 0.5, 0) / 10.5 = 19.05, 9.52, 19.05, 9.52, 38.10, 4.76, 0;
    # floors 19 + 9 + 19 + 9 + 38 + 4 = 98; the two points to the largest remainders,
    # need (.76) and members (.52, before youth's equal .52 in component order)
    page.wait_for_function(
        "document.querySelectorAll('.ca-weight-share')[5].textContent.startsWith('5')"
    )
    assert shares() == ["19\u00a0%", "10\u00a0%", "19\u00a0%", "9\u00a0%", "38\u00a0%",
                        "5\u00a0%", "0\u00a0%"]  # fmt: skip
    # the coverage gap's slider is renamed for a target programme, as the map's key is
    choose(page, "target-programme", "my_coop")
    page.wait_for_function(
        "document.querySelector('#l-weight-coverage_gap').textContent"
        " === 'Organizaciones no alcanzadas por My.Coop (proporción)'"
    )


def boxes(page: Page, *selectors: str) -> dict[str, dict[str, float]]:
    return page.evaluate(
        "sels => Object.fromEntries(sels.map(s => "
        "[s, document.querySelector(s).getBoundingClientRect().toJSON()]))",
        list(selectors),
    )


def overflow(page: Page, selector: str) -> float:
    """How far the content of ``selector`` reaches past its box (0: nothing clipped)."""
    return page.evaluate(
        "s => { const e = document.querySelector(s); return e.scrollWidth - e.clientWidth; }",
        selector,
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_desktop_layout_has_no_gap_no_clipping_no_empty_column(
    server: Server,  # noqa: F811
    at,
    lang,
) -> None:
    page = at(1366, 768)
    open_dashboard(page, server.url + f"?lang={lang}&ind=priority_score")
    page.wait_for_selector(".ag-row")
    page.wait_for_selector(".ca-plan-table")
    page.wait_for_selector(".ca-timeline-bars")
    b = boxes(page, ".ca-controls", ".ca-map-panel", ".ca-table-panel", ".ca-side",
              ".ca-plan-panel", ".ca-period-panel")  # fmt: skip
    # the programme years span the page from the filters' left edge to the map's right
    assert abs(b[".ca-period-panel"]["left"] - b[".ca-controls"]["left"]) <= 1
    assert abs(b[".ca-period-panel"]["right"] - b[".ca-map-panel"]["right"]) <= 1
    # the table ends with the unit panel beside it: no gap under either
    assert abs(b[".ca-table-panel"]["bottom"] - b[".ca-side"]["bottom"]) <= 1
    # the selection follows 10 px below both, across the two columns
    assert abs(b[".ca-plan-panel"]["top"] - b[".ca-side"]["bottom"] - 10) <= 1
    assert abs(b[".ca-plan-panel"]["right"] - b[".ca-side"]["right"]) <= 1
    # nothing clipped: the totals table, the page
    assert overflow(page, ".ca-plan-totals") <= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # scrolled to the selection, the filters' column is not empty: the panel is in view
    page.locator("#plan-panel").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const r = document.querySelector('.ca-controls').getBoundingClientRect();"
        " return r.bottom > 0 && r.bottom <= innerHeight + 1 && r.top < 0; }"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_phone_layout_has_no_clipping(server: Server, at, lang) -> None:  # noqa: F811
    page = at(390, 844)
    open_dashboard(page, server.url + f"?lang={lang}")
    page.wait_for_selector(".ca-plan-table")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert overflow(page, ".ca-plan-totals") <= 0  # the totals as a card, every value shown
    assert overflow(page, ".ca-timeline-bars") <= 0
    b = boxes(page, ".ca-map-panel", ".ca-table-panel", ".ca-plan-panel", ".ca-side",
              ".ca-period-panel")  # fmt: skip
    lefts = {round(box["left"]) for box in b.values()}
    widths = {round(box["width"]) for box in b.values()}
    assert len(lefts) == 1 and len(widths) == 1  # one column, every panel as wide
    order = sorted(b, key=lambda s: b[s]["top"])
    assert order == [".ca-map-panel", ".ca-table-panel", ".ca-plan-panel", ".ca-side",
                     ".ca-period-panel"]  # fmt: skip
    for upper, lower in itertools.pairwise(order):  # 8 px apart: no gap
        assert abs(b[lower]["top"] - b[upper]["bottom"] - 8) <= 1
    # the label beside each value of the totals card is the column's name, in the language
    label = page.eval_on_selector(
        ".ca-plan-table td:nth-of-type(2)", "e => getComputedStyle(e, '::before').content"
    )
    assert label.strip('"') == ("Organizations" if lang == "en" else "Organizaciones")


def test_dash_loading_text_is_drawn_as_the_busy_ring_away_from_the_zoom_buttons(
    server: Server,  # noqa: F811
    at,
) -> None:
    page = at(1366, 768)
    open_dashboard(page, server.url)
    # what Dash writes while a map layer is fetched (seen on showing the organizations)
    page.evaluate(
        "() => { const d = document.createElement('div'); d.id = 'probe';"
        " d.textContent = 'Loading...';"
        " document.querySelector('#map.leaflet-container').appendChild(d); }"
    )
    b = boxes(page, "#probe", ".leaflet-control-zoom", "#map")
    ring, zoom, frame = b["#probe"], b[".leaflet-control-zoom"], b["#map"]
    apart = ring["left"] >= zoom["right"] or ring["top"] >= zoom["bottom"]
    assert apart  # never over the zoom buttons
    centre = (ring["left"] + ring["right"]) / 2
    assert abs(centre - (frame["left"] + frame["right"]) / 2) <= 1  # top centre of the map
    style = page.eval_on_selector("#probe", "e => getComputedStyle(e).fontSize")
    assert style == "0px"  # the English word is not drawn on a page in any language
    assert (
        page.eval_on_selector("#probe", "e => getComputedStyle(e, '::after').animationName")
        == "ca-turn"
    )
