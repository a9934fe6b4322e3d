"""The "where to intervene" preset in a browser: one click sets the weights, map and link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from geo.indicators.presets import PRESETS
from tests.test_dashboard_browser import (  # noqa: F401  (fixtures)
    Server,
    demo_server,
    open_dashboard,
    page,
    stable_fills,
)

pytest.importorskip("playwright.sync_api")

BUTTON = ".ca-preset"


def test_the_preset_sets_weights_map_and_link_and_a_link_restores_it(
    demo_server: Server,  # noqa: F811
    page,  # noqa: F811
) -> None:
    open_dashboard(page, demo_server.url + "?lang=es")
    assert page.locator(BUTTON).get_attribute("aria-pressed") == "false"
    page.click(BUTTON)
    page.wait_for_function("() => location.search.includes('w=')")
    query = parse_qs(urlparse(page.url).query)
    assert query["ind"] == ["priority_score"]
    assert query["w"] == [",".join(f"{w:g}" for w in PRESETS["intervene"].weights)]
    page.wait_for_function(
        "document.querySelector('#legend').innerText.includes('Dónde intervenir')"
    )
    page.wait_for_function(
        "document.querySelector('.ca-preset').getAttribute('aria-pressed') === 'true'"
    )
    colours = stable_fills(page)
    # the link restores the preset: same map, button pressed, caption under the key
    open_dashboard(page, page.url)
    assert stable_fills(page) == colours
    assert page.locator(BUTTON).get_attribute("aria-pressed") == "true"
    assert "alta pobreza" in page.locator("#legend").inner_text()
    assert page.errors == []
