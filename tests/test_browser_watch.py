"""The shared watch of the browser tests: what it records, and how a test opts out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser_watch import Problem, callback_output, unexpected
from tests.conftest import WATCH
from tests.test_dashboard_browser import Server, demo_server, open_dashboard, page

__all__ = ["demo_server", "page"]  # fixtures used by name

FAILED_500 = "HTTP 500 POST http://127.0.0.1:1/_dash-update-component (callback ..plan-totals..)"


def test_every_problem_is_unexpected_unless_a_pattern_names_it() -> None:
    seen = [Problem(FAILED_500), Problem("console error: boom [http://127.0.0.1:1/]")]
    assert unexpected(seen, []) == [p.text for p in seen]
    assert unexpected(seen, [r"^console error: boom"]) == [FAILED_500]
    # a pattern that matched nothing is reported: an opt-out cannot outlive its error
    assert unexpected(seen[1:], [r"^console error: boom", r"^HTTP 404"]) == [
        "expected but not seen: '^HTTP 404'"
    ]


def test_a_failing_callback_is_named_by_its_outputs() -> None:
    assert callback_output({"output": "..a.children...b.data.."}) == "..a.children...b.data.."
    assert callback_output(None) == "?"


@pytest.mark.browser
@pytest.mark.expect_browser_errors(
    r"^HTTP 404 GET http://127\.0\.0\.1:\d+/coopatlas/admin2/CO-XXX\.geojson$",
    r"^console error: Failed to load resource: .* 404 .*/coopatlas/admin2/CO-XXX\.geojson\]$",
    r"^console error: provoked on purpose \[",
    r"^page error: thrown on purpose$",
)
def test_the_watch_records_every_kind_of_problem(demo_server: Server, page: Page) -> None:
    open_dashboard(page, demo_server.url)
    start = WATCH.mark()
    page.evaluate("fetch('/coopatlas/admin2/CO-XXX.geojson')")  # an unknown parent: 404
    page.evaluate("console.error('provoked on purpose')")
    page.evaluate("setTimeout(() => { throw new Error('thrown on purpose'); })")
    page.wait_for_function("() => performance.getEntriesByName(location.origin + "
                           "'/coopatlas/admin2/CO-XXX.geojson').length > 0")  # fmt: skip
    page.wait_for_load_state("networkidle")
    kinds = {p.text.split(":")[0].split(" ")[0] for p in WATCH.since(start)}
    assert kinds == {"HTTP", "console", "page"}
