"""The organizations layer in Chromium: server clusters, zoom on click, lists at the top zoom."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from geo.builds.folder import build
from tests.test_dashboard_browser import (  # the same server, page and helpers
    Server,
    demo_server,
    open_dashboard,
    page,
)

pytestmark = pytest.mark.browser
__all__ = ["demo_server", "page"]  # fixtures used by name

TOGGLE = "#orgs-toggle input[value='on']"
DRAWN = "document.querySelectorAll('#map .ca-cluster, #map path.ca-org')"
FETCHED = (
    "performance.getEntriesByType('resource').filter(e => e.name.includes('organizations.geojson'))"
)


def layer_zooms(page: Any) -> list[int]:
    """Zoom of every organizations-layer request so far."""
    return [
        int(parse_qs(urlparse(u).query)["zoom"][0])
        for u in page.requests
        if "/coopatlas/organizations.geojson" in u
    ]


def test_the_region_shows_every_drawable_organization_in_clusters(demo_server, page) -> None:
    open_dashboard(page, demo_server.url)
    with page.expect_response(lambda r: "organizations.geojson" in r.url) as answer:
        page.check(TOGGLE)
    features = answer.value.json()["features"]
    page.wait_for_selector("#map .ca-cluster")
    page.wait_for_function(f"{DRAWN}.length === {len(features)}")
    # Independently: the registry's rows with coordinates, read with pandas, less the
    # rows the build rejected and the inactive ones (not counted by default).
    processed = pd.read_parquet(Path(demo_server.folder) / "organizations.parquet")
    active = processed["status"].isin(["active", "unknown"]) | processed["status"].isna()
    expected = int((processed["latitude"].notna() & active).sum())
    assert sum(f["properties"].get("c", 1) for f in features) == expected
    # the layer is a few features, not thousands, and small as sent
    assert len(features) < 60
    assert int(answer.value.headers.get("content-length", "0") or 0) < 20_000
    # clusters are named buttons: count, types, what a click does
    cluster = page.locator("#map .ca-cluster").first
    assert cluster.get_attribute("role") == "button"
    label = cluster.get_attribute("aria-label")
    assert " organizations: " in label and label.endswith("click to zoom in")
    assert page.errors == []


def test_a_click_or_enter_on_a_cluster_zooms_in_and_fetches_that_view(demo_server, page) -> None:
    open_dashboard(page, demo_server.url)
    page.check(TOGGLE)
    page.wait_for_selector("#map .ca-cluster")
    page.wait_for_load_state("networkidle")
    before = max(layer_zooms(page))
    page.locator("#map .ca-cluster").first.click()
    page.wait_for_function(f"{FETCHED}.length >= 2")
    page.wait_for_load_state("networkidle")
    after_click = max(layer_zooms(page))
    assert after_click > before
    # the keyboard: a cluster takes the focus and Enter zooms in again
    page.locator("#map .ca-cluster").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"{FETCHED}.length >= 3")
    page.wait_for_load_state("networkidle")
    assert max(layer_zooms(page)) > after_click
    assert page.errors == []


@pytest.fixture(scope="module")
def same_spot_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Twelve organizations registered at one point in Bogotá, one with a hostile name."""
    tmp = tmp_path_factory.mktemp("same_spot")
    names = [f"Cooperativa {i:02d}" for i in range(1, 12)] + ["<img src=x onerror=alert(1)>"]
    lines = ["name,country,department,type,latitude,longitude"]
    lines += [f'"{n}",CO,Bogotá,Cooperativa,4.6110,-74.0821' for n in names]
    registry = tmp / "same_spot.csv"
    registry.write_text("\n".join(lines) + "\n", "utf-8")
    build([registry], out=tmp / "processed")
    server = Server(tmp / "processed")
    yield server
    server.stop()


def test_at_the_highest_zoom_a_cluster_lists_its_organizations(same_spot_server, page) -> None:
    open_dashboard(page, same_spot_server.url + "?lat=4.611&lon=-74.082&z=12")
    page.check(TOGGLE)
    cluster = page.locator("#map .ca-cluster")
    cluster.wait_for()
    page.wait_for_load_state("networkidle")
    assert layer_zooms(page)[-1] == 12, page.requests
    assert cluster.inner_text() == "12"
    assert cluster.get_attribute("aria-label") == (
        "12 organizations: 12 Cooperative; click to list them"
    )
    cluster.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    lines = popup.inner_text().splitlines()
    # the first ten in registry order, then how many more; the markup stays text
    assert lines[0] == "12 organizations"
    assert lines[1:11] == [f"Cooperativa {i:02d} (Cooperative)" for i in range(1, 11)]
    assert lines[11] == "and 2 more"
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert page.errors == []


def test_a_popup_near_the_top_edge_stays_open(demo_server, page) -> None:
    # A popup that panned the map into view could move it to another window, whose new
    # features replaced the marker and closed its popup; popups no longer pan the map.
    open_dashboard(page, demo_server.url + "?lat=4.65&lon=-74.1&z=11")
    page.check(TOGGLE)
    page.wait_for_selector("#map .ca-cluster, #map path.ca-org", state="attached")
    page.wait_for_load_state("networkidle")
    top = page.evaluate(
        """() => {
            const map = document.querySelector('#map').getBoundingClientRect();
            const all = document.querySelectorAll('#map .ca-cluster, #map path.ca-org');
            const marks = Array.from(all)
                .map((el, i) => [i, el.getBoundingClientRect()])
                .filter(([, b]) => b.top > map.top + 10 && b.bottom < map.bottom - 10
                                   && b.left > map.left + 60 && b.right < map.right - 60);
            marks.sort((a, b) => a[1].top - b[1].top);
            return marks.length ? marks[0][0] : -1;
        }"""
    )
    assert top >= 0
    page.locator("#map .ca-cluster, #map path.ca-org").nth(top).dispatch_event("click")
    page.wait_for_selector(".leaflet-popup")
    requests_before = len(layer_zooms(page))
    page.wait_for_load_state("networkidle")  # no request for 500 ms: the map did not move
    assert page.locator(".leaflet-popup").count() == 1
    assert len(layer_zooms(page)) == requests_before  # nothing fetched, the map did not move
    assert page.errors == []
