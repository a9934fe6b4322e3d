"""In Chromium: a first visit is one callback for the page and one for the table.

Before, the page cost three callbacks one after the other (the address into the page,
the controls into the view store, the view into the map, table and charts), and the
map's geometry was asked for only after the last one. Now the page arrives answered
(``dashboard.first_answer``), the table's rows come by one callback fired when the page
is shown, and the geometry is preloaded with the scripts (``dashboard.first_load``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_dashboard_browser import Server, demo_server, fills, open_dashboard, page
from tests.test_view_answer_browser import Callbacks

pytestmark = pytest.mark.browser

__all__ = ["demo_server", "page"]  # fixtures used by name


def _requests_to(page: Any, path: str) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if path in r.url else None)
    return seen


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_first_visit_is_the_page_and_the_table(demo_server: Server, page: Any, lang: str) -> None:
    callbacks = Callbacks(page)
    geometry = _requests_to(page, "/coopatlas/units.geojson")
    open_dashboard(page, f"{demo_server.url}?lang={lang}")
    page.wait_for_function("document.querySelectorAll('#unit-table .ag-row[row-id]').length > 0")
    page.wait_for_load_state("networkidle")
    sent = callbacks.sent
    assert sent.count("page.children") == 1, sent
    assert sum("unit-table.rowData" in s for s in sent) == 1, sent
    # neither the controls' callback nor the view's answer ran: the page came answered
    assert not any("view-store.data" in s or "legend.children" in s for s in sent), sent
    assert len(geometry) == 1, geometry  # the preload, taken by the map's layer
    assert len(set(fills(page))) > 2  # coloured by class, not all "no data"
    expected = "Units" if lang == "en" else "Unidades"
    assert page.inner_text("#h-table") == expected
