"""The programme period in a real headless Chromium: the year slider, play, the change map.

The slider recolours the map through ``hideout`` (no geometry is asked for again),
the period goes into the address, and opening that address restores it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from geo.builds.folder import build
from geo.settings import get_settings
from tests.test_dashboard_browser import Server, open_dashboard, page, stable_fills

pytestmark = pytest.mark.browser

__all__ = ["page"]  # the page fixture, shared with the dashboard's browser tests


@pytest.fixture(scope="module")
def period_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("period") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    server = Server(out)
    yield server
    server.stop()


def _geometry_requests(page) -> int:
    return sum("units.geojson" in u or "/admin2/" in u for u in page.requests)


def _fills_differ_from(page, before: list[str]) -> list[str]:
    """Wait until the map's fills are no longer ``before`` (the answer has arrived), then settle.

    ``wait_for_load_state("networkidle")`` returns at once on a page that was idle
    once already, so it cannot say that the view's answer has been drawn.
    """
    page.wait_for_function(
        """(before) => Array.from(document.querySelectorAll('#map path.leaflet-interactive'))
            .map(p => p.getAttribute('fill')).join('|') !== before""",
        arg="|".join(before),
        polling=200,
        timeout=30000,
    )
    return stable_fills(page)


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_moving_the_slider_recolours_the_map_without_geometry(period_server, page) -> None:
    open_dashboard(page, period_server.url + "?ind=coverage_any&years=2015")
    one_year = stable_fills(page)
    geometry = _geometry_requests(page)
    # the second handle of the period slider, moved by keyboard five years on
    handle = page.locator("#period [role=slider]").nth(1)
    for _ in range(5):
        handle.press("ArrowRight")
    page.wait_for_function("location.search.includes('years=2015-2020')")
    six_years = _fills_differ_from(page, one_year)
    assert six_years != one_year
    assert _geometry_requests(page) == geometry
    assert _query(page)["years"] == ["2015-2020"]
    assert "founded_from" not in _query(page)  # the founding years are another filter


def test_play_steps_through_the_years(period_server, page) -> None:
    open_dashboard(page, period_server.url + "?ind=coverage_any&years=2015")
    geometry = _geometry_requests(page)
    first = stable_fills(page)
    page.click("#period-play")
    page.wait_for_function("location.search.includes('years=2016')", timeout=15000)
    page.click("#period-play")  # pause
    page.wait_for_function(
        "document.querySelector('#period-play').getAttribute('aria-pressed') === 'false'"
    )
    assert _fills_differ_from(page, first) != first
    assert _geometry_requests(page) == geometry


def test_the_url_round_trip_restores_the_period_and_the_change_map(period_server, page) -> None:
    query = "ind=coverage_any&years=2019-2021&before=2015-2018"
    open_dashboard(page, period_server.url + "?" + query)
    inputs = page.locator("#period input[type=number]")
    assert [inputs.nth(0).input_value(), inputs.nth(1).input_value()] == ["2019", "2021"]
    earlier = page.locator("#period-before input[type=number]")
    assert [earlier.nth(0).input_value(), earlier.nth(1).input_value()] == ["2015", "2018"]
    assert page.locator("#period-compare input").is_checked()
    legend = page.locator("#legend").inner_text()
    assert "Change in programme reach, 2015-2018 to 2019-2021" in legend
    assert page.locator("#change-units tbody tr").count() > 0
    restored = _query(page)
    assert restored["years"] == ["2019-2021"] and restored["before"] == ["2015-2018"]
    colours = stable_fills(page)
    open_dashboard(page, page.url)
    assert stable_fills(page) == colours
    assert "2015-2018 to 2019-2021" in page.locator("#legend").inner_text()
