"""In Chromium: a filter change costs two requests, and a long export shows progress and cancels.

Counted from the page's own requests to ``/_dash-update-component``: the controls
into the view store, then the view into the map, table, charts, planner and trail in
one answer (:mod:`dashboard.view_answer`). Before, a filter change fired seven
callbacks on the view store, and a country change one more for the unit options.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, Request

from tests.test_dashboard_browser import Server, choose, demo_server, open_dashboard, page

pytestmark = pytest.mark.browser

__all__ = ["demo_server", "page"]  # fixtures used by name

CALLBACK = "/_dash-update-component"


class Callbacks:
    """The outputs of every callback request the page sends from now on."""

    def __init__(self, page: Page) -> None:
        self.sent: list[str] = []
        page.on("request", self._seen)

    def _seen(self, request: Request) -> None:
        if CALLBACK in request.url and request.method == "POST":
            self.sent.append(json.loads(request.post_data or "{}").get("output", ""))

    def clear(self) -> None:
        self.sent.clear()


def grid_only(page: Page, prefix: str) -> None:
    """Wait until the unit table shows only units whose id starts with ``prefix``."""
    page.wait_for_function(
        """(prefix) => {
            const ids = Array.from(document.querySelectorAll('#unit-table .ag-row[row-id]'))
                .map(r => r.getAttribute('row-id'));
            return ids.length > 0 && ids.every(id => id.startsWith(prefix));
        }""",
        arg=prefix,
    )


def test_a_filter_change_is_two_requests(demo_server: Server, page: Any) -> None:
    open_dashboard(page, demo_server.url)
    callbacks = Callbacks(page)
    # A country: the map also flies to Ecuador and the unit filter offers its provinces.
    choose(page, "f-country", "EC")
    grid_only(page, "EC-")
    page.wait_for_load_state("networkidle")
    assert len(callbacks.sent) == 2, callbacks.sent
    collect, answer = callbacks.sent
    assert "view-store.data" in collect and "f-unit.options" in collect
    for panel in ("units-layer.hideout", "unit-table.rowData", "chart-types.children",
                  "plan-totals.children", "breadcrumb.children", "summary.children"):  # fmt: skip
        assert panel in answer
    page.click("#f-unit")  # the unit filter now offers Ecuador's provinces only
    offered = page.locator(".dash-dropdown-option input").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    page.keyboard.press("Escape")
    assert offered and all(code.startswith("EC-") for code in offered), offered
    # An organization type, then the indicator: two requests each as well.
    for dropdown, value in (("f-type", "cooperative"), ("indicator", "coop_share")):
        callbacks.clear()
        with page.expect_response(
            lambda r: CALLBACK in r.url and "unit-table" in (r.request.post_data or "")
        ):
            choose(page, dropdown, value)
        page.wait_for_load_state("networkidle")
        assert len(callbacks.sent) == 2, (dropdown, callbacks.sent)
    assert page.errors == []


def test_a_long_export_shows_its_progress_and_can_be_cancelled(
    demo_server: Server, page: Any
) -> None:
    open_dashboard(page, demo_server.url)
    working = page.locator("#export-working")
    assert not working.is_visible()
    # A slide deck takes seconds (four maps): after one second the progress shows.
    page.click(".ca-side button:has-text('PowerPoint')")
    working.wait_for(state="visible")
    assert page.get_attribute("#export-progress", "max") == "2"
    page.wait_for_function("Number(document.querySelector('#export-progress').value) >= 1")
    assert "PowerPoint" in page.inner_text("#export-progress-text")
    downloads: list[Any] = []
    page.on("download", lambda download: downloads.append(download))
    page.click("#export-cancel")
    working.wait_for(state="hidden")
    page.wait_for_load_state("networkidle")
    assert downloads == []  # cancelled: no file comes
    # The next export still works, and a quick one downloads at once.
    with page.expect_download() as info:
        page.click(".ca-side button:has-text('CSV')")
    assert info.value.suggested_filename.endswith(".csv")
    working.wait_for(state="hidden")
    assert page.errors == []
