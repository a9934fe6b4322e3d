"""Accessibility, feedback and layout of the dashboard in headless Chromium (Debian's).

An axe-core audit (``axe-playwright-python``) in English and Spanish, keyboard use
of the filters and of the map's units, ``<html lang>``, the busy cue, the empty
state, the map following the filters, and the layout at 1366x768 and 390x844.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page

from geo.builds.folder import build
from geo.settings import get_settings
from tests.browser_watch import WatchedBrowser
from tests.test_dashboard_browser import Server, open_dashboard

pytestmark = pytest.mark.browser

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

#: Filters no organization of the demo registry passes (Galápagos, funds, 2024 on).
NOTHING = "units=EC-W&org_types=mutual_employee_fund&founded_from=2024"


@pytest.fixture
def context_at(browser: WatchedBrowser) -> Iterator[Callable[..., Page]]:
    """Open browser contexts of a given viewport (CSP bypassed for wait_for_function)."""
    opened = []

    def make(width: int = 1366, height: int = 768) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        opened.append(context)
        return context.new_page()

    yield make
    for context in opened:
        context.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("a11y") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    started = Server(out)
    yield started
    started.stop()


def next_frames(page: Page) -> None:
    """Return once the page has drawn two more animation frames."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def unit_boxes(page: Page) -> dict[str, dict[str, float] | None]:
    """Screen boxes of the unit polygons by ISO code (the map's own box under "map").

    Leaflet does not draw a polygon wholly outside the view (its path is "M0 0"):
    its box is None.
    """
    return page.evaluate(
        """() => {
            const out = {map: document.querySelector('#map').getBoundingClientRect().toJSON()};
            document.querySelectorAll('#map path[data-unit]').forEach(p => {
                const drawn = p.getAttribute('d') !== 'M0 0';
                const box = drawn ? p.getBoundingClientRect().toJSON() : null;
                out[p.getAttribute('data-unit')] = box;
            });
            return out;
        }"""
    )


def inside(box: dict[str, float] | None, frame: dict[str, float], slack: float = 2) -> bool:
    return (
        box is not None
        and box["left"] >= frame["left"] - slack
        and box["right"] <= frame["right"] + slack
        and box["top"] >= frame["top"] - slack
        and box["bottom"] <= frame["bottom"] + slack
    )


#: The views audited: level 1, and Antioquia's municipios at level 2.
LEVELS = {1: "", 2: "&level=2&parent=CO-ANT"}
#: Desktop and phone viewports.
SCREENS = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.mark.parametrize(
    ("lang", "level", "screen", "points"),
    [
        *[(lang, level, screen, False) for lang in ("en", "es") for level in LEVELS
          for screen in SCREENS],
        ("es", 1, "desktop", True),
    ],
)  # fmt: skip
def test_axe_finds_no_serious_or_critical_violation(
    server: Server, context_at, lang, level, screen, points
) -> None:
    page = context_at(*SCREENS[screen])
    open_dashboard(page, server.url + f"?lang={lang}{LEVELS[level]}")
    page.wait_for_selector(".ag-row")
    if points:  # the organizations layer: cluster markers are named buttons
        page.check("#orgs-toggle input[value='on']")
        page.wait_for_selector("#map .ca-cluster[aria-label]")
    next_frames(page)  # the repair script runs on the next animation frame
    results = axe_sync.Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_html_lang_is_the_page_language(server: Server, context_at, lang) -> None:
    page = context_at()
    open_dashboard(page, server.url + f"?lang={lang}")
    assert page.evaluate("document.documentElement.lang") == lang
    other = "es" if lang == "en" else "en"
    page.click("text=Español" if other == "es" else "text=English")
    page.wait_for_function(f"document.documentElement.lang === '{other}'")


@pytest.mark.parametrize(("lang", "typed"), [("en", "Peru"), ("en", "Perú"), ("es", "Peru")])
def test_typing_a_country_and_enter_selects_it(server: Server, context_at, lang, typed) -> None:
    page = context_at()
    open_dashboard(page, server.url + f"?lang={lang}")
    page.focus("#f-country")
    page.keyboard.press("ArrowDown")  # opens the list; the search box takes the focus
    page.wait_for_function("document.activeElement.classList.contains('dash-dropdown-search')")
    page.keyboard.type(typed, delay=30)
    page.wait_for_selector(".dash-dropdown-option:has(input[value='PE'])")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('countries=PE')")
    page.keyboard.press("Escape")
    assert "countries=PE&" in page.url + "&" and "CO" not in page.url.split("countries=")[1][:6]


def test_controls_are_named_by_their_labels(server: Server, context_at) -> None:
    page = context_at()
    open_dashboard(page, server.url + "?lang=es")
    # the controls may be drawn just after the map (their code loads on first use); the
    # repair script names each on the next animation frame
    page.wait_for_function(
        "document.getElementById('f-country')?.hasAttribute('aria-labelledby') === true"
    )
    next_frames(page)
    name = page.evaluate(
        """id => document.getElementById(id).getAttribute('aria-labelledby').split(' ')
            .map(r => document.getElementById(r)).filter(Boolean)
            .map(e => e.textContent.trim()).join(' ')"""
    , "f-country")  # fmt: skip
    assert name == "País Todos"
    assert page.get_attribute("#f-country", "tabindex") == "0"


def test_a_unit_is_reached_with_tab_and_selected_with_enter(server: Server, context_at) -> None:
    page = context_at(1500, 1000)
    open_dashboard(page, server.url)
    unit = page.locator("#map path[data-unit='PE-CUS']")
    assert unit.get_attribute("tabindex") == "-1"  # the map's one stop is another unit
    assert unit.get_attribute("role") == "button"
    assert (unit.get_attribute("aria-label") or "").startswith("Cusco, ")
    unit.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#info-panel').innerText.includes('PE-CUS')")
    page.wait_for_function(
        "document.querySelector(\"#map path[data-unit='PE-CUS']\")"
        ".getAttribute('aria-pressed') === 'true'"
    )
    page.keyboard.press(" ")
    page.wait_for_function("!document.querySelector('#info-panel').innerText.includes('PE-CUS')")


def test_filtering_to_peru_frames_peru(server: Server, context_at) -> None:
    page = context_at()
    open_dashboard(page, server.url + "?countries=PE")
    page.wait_for_function(  # the map has moved to Peru: Tacna, its southern end, is in view
        """() => {
            const m = document.querySelector('#map').getBoundingClientRect();
            const p = document.querySelector("#map path[data-unit='PE-TAC']");
            if (!p) return false;
            const b = p.getBoundingClientRect();
            return b.top >= m.top - 2 && b.bottom <= m.bottom + 2
                && b.left >= m.left - 2 && b.right <= m.right + 2;
        }"""
    )
    boxes = unit_boxes(page)
    frame = boxes.pop("map")
    assert frame is not None
    peru = [code for code in boxes if code.startswith("PE-")]
    others = [code for code in boxes if not code.startswith("PE-")]
    assert len(peru) >= 25 and all(inside(boxes[c], frame) for c in peru)  # Tacna too
    left = sum(not inside(boxes[c], frame) for c in others)
    assert left > len(others) / 2, f"only {left} of {len(others)} units left the frame"


def test_the_map_follows_a_filter_change(server: Server, context_at) -> None:
    page = context_at()
    open_dashboard(page, server.url)
    choose = "#f-country"
    page.click(choose)
    page.click(".dash-dropdown-option:has(input[value='EC'])")
    page.keyboard.press("Escape")
    # Wait for the end state, not a moment of the map's move: Tacna out of the view and
    # every Ecuadorian unit drawn inside it (the move takes longer on a busy machine).
    page.wait_for_function(
        """() => {
            const m = document.querySelector('#map').getBoundingClientRect();
            const p = document.querySelector("#map path[data-unit='PE-TAC']");
            const gone = p && p.getAttribute('d') === 'M0 0';
            if (!(p && (gone || p.getBoundingClientRect().top > m.bottom))) return false;
            const ec = Array.from(document.querySelectorAll("#map path[data-unit^='EC-']"));
            return ec.length > 0 && ec.every(e => {
                if (e.getAttribute('d') === 'M0 0') return false;
                const b = e.getBoundingClientRect();
                return b.left >= m.left - 2 && b.right <= m.right + 2
                    && b.top >= m.top - 2 && b.bottom <= m.bottom + 2;
            });
        }"""
    )
    boxes = unit_boxes(page)
    frame = boxes.pop("map")
    assert frame is not None
    assert all(inside(boxes[c], frame) for c in boxes if c.startswith("EC-"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_nothing_matches_says_so_on_map_table_and_top_10(server: Server, context_at, lang) -> None:
    expected = {
        "en": "No organization matches the filters",
        "es": "Ninguna organización cumple los filtros",
    }[lang]
    page = context_at()
    page.goto(server.url + f"?lang={lang}&{NOTHING}")
    page.wait_for_selector("#map path.leaflet-interactive", state="attached")
    page.wait_for_function(
        f"document.querySelector('#map-status').innerText.includes({expected!r})"
    )
    assert page.locator("#legend").inner_text().strip() == ""  # no "0.0" class
    assert expected in page.locator("#chart-priority").inner_text()
    page.wait_for_selector(f"#unit-table :text({expected!r})")


BUSY = """() => ['#map-region', '#table-panel [data-busy]', '#chart-types']
    .map(s => document.querySelector(s).closest('[data-busy]'))
    .map(e => getComputedStyle(e, '::after').content)"""


def test_a_slow_answer_shows_the_busy_cue(server: Server, context_at) -> None:
    page = context_at()
    open_dashboard(page, server.url + "?lang=es")
    assert page.evaluate(BUSY) == ["none"] * 3
    held = []  # answers held back, as on a slow connection
    page.route("**/_dash-update-component*", lambda route: held.append(route))
    page.click("#f-country")
    page.click(".dash-dropdown-option:has(input[value='CO'])")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.querySelector('._dash-loading-callback')")
    # map, table and charts each say they are being updated
    assert page.evaluate(BUSY) == ['"Actualizando…"'] * 3
    page.unroute("**/_dash-update-component*")  # lets the held answers through
    page.wait_for_function("() => !document.querySelector('._dash-loading-callback')")
    assert page.evaluate(BUSY) == ["none"] * 3


def test_layout_map_first(server: Server, context_at) -> None:
    page = context_at(1366, 768)
    open_dashboard(page, server.url)
    box = page.locator("#map").bounding_box()
    assert box["width"] * box["height"] >= 0.5 * 1366 * 768
    table = page.locator("#unit-table").bounding_box()
    assert table["y"] - (box["y"] + box["height"]) < 150  # right below the map
    phone = context_at(390, 844)
    open_dashboard(phone, server.url + "?lang=es")
    assert phone.locator("#map").bounding_box()["y"] < 400


@pytest.mark.parametrize("lang", ["en", "es"])
def test_table_headers_wrap_between_words(server: Server, context_at, lang) -> None:
    page = context_at()
    open_dashboard(page, server.url + f"?lang={lang}")
    page.wait_for_selector(".ag-header-cell-text")
    page.locator("#unit-table").scroll_into_view_if_needed()
    split = page.evaluate(
        """() => Array.from(document.querySelectorAll('#unit-table .ag-header-cell-text'))
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert split == []
