"""End-to-end tests of the dashboard in a real headless Chromium (Debian's, no download)."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Dialog, Page
from werkzeug.serving import make_server

from dashboard import logic
from dashboard.app import create_app
from geo.builds.folder import build
from geo.settings import get_settings
from tests.browser_watch import WatchedBrowser

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install Debian's chromium")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

HOSTILE = "<img src=x onerror=alert(1)>"


class Server:
    """A dashboard served by werkzeug on 127.0.0.1 and a free port, in a thread."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir
        self.app = create_app(data_dir)
        self.httpd = make_server("127.0.0.1", 0, self.app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("demo") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    server = Server(out)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("hostile")
    registry = tmp / "hostile.csv"
    registry.write_text(
        "name,country,department,type,latitude,longitude\n"
        f'"{HOSTILE}",CO,Bogotá,Cooperativa,4.6110,-74.0821\n'
        "Asociación Segura,PE,Cusco,Asociación,-13.5320,-71.9675\n",
        "utf-8",
    )
    build([registry], out=tmp / "processed")
    server = Server(tmp / "processed")
    yield server
    server.stop()


@pytest.fixture
def page(browser: WatchedBrowser) -> Iterator[Any]:
    """A Playwright page that also keeps ``requests`` (every URL asked for) and ``errors``."""
    # Playwright's wait_for_function evaluates strings, which the app's CSP forbids:
    # these tests bypass it; test_the_page_runs_under_its_content_security_policy does not.
    context = browser.new_context(viewport={"width": 1500, "height": 1200}, bypass_csp=True)
    page: Any = context.new_page()  # a Page with two lists of our own set on it
    page.requests = []  # every URL the page asks for
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # console errors (a Content-Security-Policy violation among them) and non-2xx answers
    # fail the test through the shared watch (tests/browser_watch.py)
    page.on("dialog", lambda d: (page.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#map path.leaflet-interactive", state="attached")
    page.wait_for_function("document.querySelectorAll('.ca-legend-row').length > 1")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('#map path.leaflet-interactive'))"
        ".some(p => p.getAttribute('fill') !== '#d9d9d9')"
    )
    page.wait_for_load_state("networkidle")


def fills(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#map path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))"
    )


def stable_fills(page: Page) -> list[str]:
    """Fills once the map has stopped changing (two polls in a row read the same fills)."""
    page.wait_for_function(
        """() => {
            const now = Array.from(document.querySelectorAll('#map path.leaflet-interactive'))
                .map(p => p.getAttribute('fill')).join('|');
            const same = now.length > 0 && window.__caFills === now;
            window.__caFills = now;
            return same;
        }""",
        polling=300,
        timeout=9000,
    )
    return fills(page)


def choose(page: Page, dropdown: str, value: str) -> None:
    page.click(f"#{dropdown}")
    page.click(f".dash-dropdown-option:has(input[value='{value}'])")
    page.keyboard.press("Escape")


def test_83_polygons_render_and_only_local_requests(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url)
    assert page.locator("#map path.leaflet-interactive").count() == 83
    assert len(set(stable_fills(page))) >= 4  # a choropleth, not one flat colour
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}
    assert page.errors == []


def test_filter_change_recolours_map_and_updates_table(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url)
    before = stable_fills(page)
    geometry_requests = sum("units.geojson" in u for u in page.requests)
    choose(page, "f-country", "EC")
    # The grid keeps only Ecuador's units (rows are virtualised: check ids, not a count).
    page.wait_for_function(
        """() => {
            const ids = Array.from(document.querySelectorAll('#unit-table .ag-row[row-id]'))
                .map(r => r.getAttribute('row-id'));
            return ids.length > 0 && ids.every(id => id.startsWith('EC-'));
        }"""
    )
    page.wait_for_load_state("networkidle")
    after = stable_fills(page)
    assert after != before
    # Units outside Ecuador turn white, "outside the filter" (#21: not the no-data
    # grey); the geometry was not sent again.
    assert after.count("#ffffff") >= 83 - 24
    assert sum("units.geojson" in u for u in page.requests) == geometry_requests
    assert "countries=EC" in page.url


def test_a_map_answer_stamped_by_a_slower_clock_still_recolours(
    demo_server: Server, page, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Behind a proxy with several hosts, the next answer may come from a host whose clock
    # is behind: every map answer here carries an earlier stamp than the one before it.
    falling = itertools.count(10**18, -(10**9))  # one second earlier at every answer
    monkeypatch.setattr(logic, "time", SimpleNamespace(time_ns=lambda: next(falling)))
    open_dashboard(page, demo_server.url)
    before = stable_fills(page)
    choose(page, "f-country", "EC")
    page.wait_for_function("document.querySelectorAll('#map path[fill=\"#ffffff\"]').length >= 59")
    after = stable_fills(page)
    assert after != before
    assert after.count("#ffffff") >= 83 - 24  # only Ecuador's units keep a colour


def test_clicking_a_polygon_selects_it_and_again_clears(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url)
    largest = page.evaluate(
        """() => {
            const paths = Array.from(document.querySelectorAll('#map path.leaflet-interactive'));
            let best = 0, area = 0;
            paths.forEach((p, i) => {
                const b = p.getBBox();
                if (b.width * b.height > area) { area = b.width * b.height; best = i; }
            });
            return best;
        }"""
    )
    path = page.locator("#map path.leaflet-interactive").nth(largest)
    path.dispatch_event("click")
    page.wait_for_function("document.querySelector('#info-panel').innerText.includes('PE-')")
    info = page.locator("#info-panel").inner_text()
    found = re.search(r"\(((?:PE|CO|EC)-[A-Z]+)\)", info)
    assert found is not None, info
    code = found.group(1)
    assert code == "PE-LOR"  # Loreto is the largest unit
    page.wait_for_function("() => location.search.includes('sel=PE-LOR')")
    assert path.get_attribute("stroke-width") == "3"
    path.dispatch_event("click")
    page.wait_for_function("!document.querySelector('#info-panel').innerText.includes('PE-LOR')")


def test_table_row_click_selects_the_unit(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url)
    page.click("#unit-table .ag-row[row-id='CO-HUI'] .ag-cell[col-id='name']")
    page.wait_for_function("document.querySelector('#info-panel').innerText.includes('CO-HUI')")
    assert "Huila" in page.locator("#info-panel").inner_text()


def test_url_round_trip_restores_the_view(demo_server: Server, page) -> None:
    query = "lang=es&ind=coop_share&scheme=equal_interval&k=4&sel=PE-CUS&countries=PE"
    open_dashboard(page, demo_server.url + "?" + query)
    legend = page.locator("#legend").inner_text()
    assert "Proporción de cooperativas" in legend
    # 4 classes + "fuera del filtro" (Colombia and Ecuador; #21: not "sin datos", and
    # no "sin datos" row: every Peruvian unit has organizations)
    assert page.locator(".ca-legend-row").count() == 5
    assert "fuera del filtro" in legend and "sin datos" not in legend
    assert "Cusco (PE-CUS)" in page.locator("#info-panel").inner_text()
    assert page.locator("#f-country").inner_text().strip() == "Perú"
    restored = parse_qs(urlparse(page.url).query)
    for key, value in parse_qs(query).items():
        assert restored[key] == value
    # Opening the rewritten address again gives the same map.
    colours = stable_fills(page)
    open_dashboard(page, page.url)
    assert stable_fills(page) == colours


def test_invalid_url_falls_back_with_a_notice(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url + "?ind=bogus&k=99&countries=BR&lat=abc&sel=XX-YY")
    notice = page.locator("#notice").inner_text()
    assert "ind=" in notice and "k=" in notice and "BR" in notice
    assert page.locator("#map path.leaflet-interactive").count() == 83
    assert "Traceback" not in page.content()
    assert page.errors == []


def test_language_switch(demo_server: Server, page) -> None:
    open_dashboard(page, demo_server.url)
    assert "Producer organizations" in page.locator("#subtitle").inner_text()
    page.click("text=Español")
    page.wait_for_function(
        "document.querySelector('#subtitle').innerText.includes('Organizaciones de productores')"
    )
    page.wait_for_function("document.querySelector('#legend').innerText.includes('habitantes')")
    assert "lang=es" in page.url
    # Numbers follow the language: a thousands separator is a dot in Spanish.
    page.wait_for_function("document.querySelector('#summary').innerText.length > 0")
    summary = page.locator("#summary").inner_text()
    assert re.search(r"\d\.\d{3} organizaciones", summary), summary
    # Dash's own dropdown texts follow too: an empty filter reads "Todos", search "Buscar".
    assert page.locator("#f-sector").inner_text().strip() == "Todos"
    page.click("#f-unit")
    page.locator("input[placeholder='Buscar']").wait_for()
    page.get_by_text("Seleccionar todo").first.wait_for()


def test_hostile_name_stays_text_in_popup(hostile_server: Server, page) -> None:
    open_dashboard(page, hostile_server.url)
    page.check("#orgs-toggle input[value='on']")
    page.wait_for_selector("#map path.leaflet-interactive >> nth=84", state="attached")
    markers = page.locator("#map .leaflet-marker-pane *, #map path.leaflet-interactive")
    assert markers.count() >= 85
    # Open each point's popup (the two points are circle markers after the 83 units).
    for i in (83, 84):
        page.locator("#map path.leaflet-interactive").nth(i).dispatch_event("click")
        page.wait_for_selector(".leaflet-popup-content")
        text = page.locator(".leaflet-popup-content").inner_text()
        if HOSTILE in text:
            break
    assert HOSTILE in page.locator(".leaflet-popup-content").inner_text()
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert page.errors == []  # no alert() ran


def test_missing_data_folder_shows_a_clear_page(tmp_path: Path, browser: WatchedBrowser) -> None:
    server = Server(tmp_path / "nothing-here")
    try:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_selector("#error-page")
        text = page.locator("#error-page").inner_text()
        assert "does not exist" in text and "coopatlas build" in text
        # The server keeps running.
        assert page.request.get(server.url).status == 200
        context.close()
    finally:
        server.stop()


def test_export_buttons_download_the_current_view(
    demo_server: Server, page, tmp_path: Path
) -> None:
    open_dashboard(page, demo_server.url + "?countries=EC&ind=coop_share")
    with page.expect_download() as info:
        page.click(".ca-side button:has-text('CSV')")
    csv_path = tmp_path / info.value.suggested_filename
    info.value.save_as(csv_path)
    text = csv_path.read_text("utf-8-sig")
    assert info.value.suggested_filename == "coopatlas-coop_share-ec.csv"
    assert "iso_3166_2" in text and "EC-P" in text and "CO-ANT" not in text
    with page.expect_download() as info:
        page.click(".ca-side button:has-text('PNG')")
    png = tmp_path / "map.png"
    info.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the file came by URL from the download route, not inside the callback's answer,
    # and that URL serves it once
    assert "/coopatlas/download/" in info.value.url
    assert page.request.get(info.value.url).status == 404


def test_upload_report_map_and_isolation(
    demo_server: Server, browser: WatchedBrowser, tmp_path: Path
) -> None:
    registry = tmp_path / "mi registro.csv"
    registry.write_bytes(
        (
            "Razón social;Departamento;País;Tipo de organización\n"
            "Cooperativa Uno;Huila;CO;Cooperativa\n"
            "Asociación Dos;Cusco;PE;Asociación\n"
            f"{HOSTILE};Meta;CO;Asociación\n"
            "Sin lugar;Atlantida;CO;Asociación\n"
        ).encode("latin-1")
    )
    mine = browser.new_context(viewport={"width": 1500, "height": 1200}, bypass_csp=True)
    page = mine.new_page()
    errors: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        errors.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    open_dashboard(page, demo_server.url)
    page.wait_for_function("document.querySelector('#summary').innerText.length > 0")
    demo_summary = page.locator("#summary").inner_text()
    page.set_input_files("#upload input[type=file]", str(registry))
    page.wait_for_selector(".ca-report")
    report = page.locator(".ca-report").inner_text()
    # 4 rows: 3 accepted, "Atlantida" rejected with a suggestion.
    assert "mi registro.csv: 4 rows read, 3 accepted, 1 rejected." in report
    assert "Atlantida" in report and "Atlántico" in report
    with page.expect_download() as info:
        page.click("#upload-rejected")
    assert "Atlantida" in Path(info.value.path()).read_text("utf-8")
    page.click("#upload-apply")
    page.wait_for_function(
        "document.querySelector('#summary').innerText.startsWith('3 organizations')"
    )
    page.wait_for_selector("text=The map shows your uploaded registry.")
    # The organizations layer shows the upload's points; the token never goes in a URL
    # (it travels in an HttpOnly cookie; the URL has only a digest of it).
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with page.expect_response(lambda r: "organizations.geojson" in r.url) as answer:
        page.check("#orgs-toggle input[value='on']")
    # the upload has no coordinates: no point (the bundled data would give thousands)
    assert answer.value.ok and answer.value.json()["features"] == []
    token = page.evaluate("JSON.parse(sessionStorage.getItem('session')).token")
    assert len(token) == 32
    assert requests and not any(token in url for url in requests)
    cookies = {c["name"]: c for c in mine.cookies()}
    cookie = next(c for name, c in cookies.items() if name.startswith("coopatlas_upload_"))
    assert cookie["value"] == token and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert errors == []
    # Another user (a fresh browser context) still sees the bundled data.
    other = browser.new_context(bypass_csp=True)
    other_page = other.new_page()
    open_dashboard(other_page, demo_server.url)
    other_page.wait_for_function("document.querySelector('#summary').innerText.length > 0")
    assert other_page.locator("#summary").inner_text() == demo_summary
    other.close()
    # Back to the bundled data.
    page.click("#upload-clear")
    page.wait_for_function(f"document.querySelector('#summary').innerText === {demo_summary!r}")
    assert not [c for c in mine.cookies() if c["name"].startswith("coopatlas_upload_")]
    mine.close()


def test_the_page_runs_under_its_content_security_policy(
    browser: WatchedBrowser, demo_server: Server
) -> None:
    context = browser.new_context(viewport={"width": 1500, "height": 1200})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: violations.append(str(e)))
    page.goto(demo_server.url)
    page.wait_for_selector("#map path.leaflet-interactive", timeout=30_000)
    page.wait_for_selector(".ca-legend-row", timeout=30_000)
    page.wait_for_selector(".ag-row", timeout=30_000)  # the grid renders its rows
    page.wait_for_load_state("networkidle")
    context.close()
    assert violations == []
