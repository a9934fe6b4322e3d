"""A crawl of the dashboard's views in Chromium: every view opens with no error at all.

The views are share links over level (1, 2) x place (a country at level 1; a level-1
unit or a whole country at level 2) x map indicator x target programme x selection
(none, one unit, two units) x language. Every combination would be thousands of page
loads; the crawl opens a covering sample (:mod:`tests.covering`) in which

* every pair of place, target programme, selection and language occurs;
* every indicator occurs in both languages, at both levels, and the indicators the
  target programme changes (``priority_score``, ``not_reached``) with every target.

Each view is opened in one page of one browser, reused, from the one demo server, and
must give no non-2xx answer and no console or page error (the shared watch of
``conftest.py``), keep its whole view in the address (nothing fell back with a notice),
and draw its map, legend and table. It waits on conditions only: the map's polygons
drawn, no callback pending and no request in flight.

Colombia as a level-2 parent (1,121 municipios in one map) is left out for time; Ecuador
stands for the country-wide level-2 view.
"""

from __future__ import annotations

import csv
import logging
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from playwright.sync_api import Page

from geo.indicators.priority import TARGET_PROGRAMMES
from geo.indicators.view import MAP_INDICATORS, View
from geo.settings import get_settings
from tests.browser_watch import WatchedBrowser, unexpected
from tests.covering import covering_rows, ordered, required_pairs
from tests.test_dashboard_browser import Server, demo_server

pytestmark = pytest.mark.browser
__all__ = ["demo_server"]  # fixture used by name

#: The places crawled: (level, country at level 1 or parent at level 2).
PLACES: tuple[tuple[int, str], ...] = (
    (1, "CO"), (1, "PE"), (1, "EC"),
    (2, "CO-ANT"), (2, "CO-CAU"), (2, "PE-CUS"), (2, "EC-A"), (2, "EC"),
)  # fmt: skip
#: "" is no target programme (coverage by any programme).
TARGETS: tuple[str, ...] = ("", *TARGET_PROGRAMMES)
LANGS = ("en", "es")
#: Query values the address leaves out because they are the defaults.
DEFAULTS = {"lang": View().lang, "ind": View().indicator}
#: Indicators a target programme changes: each is paired with every target.
TARGETED = ("priority_score", "not_reached")

#: Injected in every document: how many fetches (Dash callbacks, GeoJSON) are in flight.
COUNT_FETCHES = """
window.__inflight = 0;
const realFetch = window.fetch;
window.fetch = function (...args) {
  window.__inflight += 1;
  return realFetch.apply(this, args).finally(() => { window.__inflight -= 1; });
};
"""
#: True once the map has ``n`` polygons and nothing is pending, for three frames running.
SETTLED = """([n]) => {
  const drawn = document.querySelectorAll('#map path.leaflet-interactive').length === n;
  const idle = !document.querySelector('._dash-loading-callback') && window.__inflight === 0;
  window.__quiet = drawn && idle ? (window.__quiet || 0) + 1 : 0;
  return window.__quiet >= 3;
}"""

#: True once the legend (or the map's reason for having none) and the table's rows show.
DRAWN = """() => (document.querySelector('.ca-legend-row')
                  || document.querySelector('#map-status').innerText.trim())
                 && document.querySelector('#unit-table .ag-row')"""


@dataclass(frozen=True)
class Case:
    """One view of the crawl and what it must draw."""

    level: int
    place: str
    indicator: str
    target: str
    selection: tuple[str, ...]
    lang: str
    polygons: int

    @property
    def query(self) -> dict[str, str]:
        """The share link's query, written as a person would share it."""
        params = {"lang": self.lang, "ind": self.indicator}
        if self.level == 2:
            params.update(level="2", parent=self.place)
        else:
            params["countries"] = self.place
        if self.target:
            params["target"] = self.target
        if self.selection:
            params["sel"] = "|".join(self.selection)
        return params

    @property
    def id(self) -> str:
        target = self.target or "any"
        picked = f"sel{len(self.selection)}"
        return f"L{self.level}-{self.place}-{self.indicator}-{target}-{picked}-{self.lang}"


def _units() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Level-1 codes by country and level-2 ids by parent (and by country), in file order."""
    folder = get_settings().boundaries_dir
    level1: dict[str, list[str]] = {}
    with (folder / "units.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            level1.setdefault(row["country"], []).append(row["iso_3166_2"])
    level2: dict[str, list[str]] = {}
    with (folder / "admin2_units.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for parent in {row["parent_iso_3166_2"], row["country"]} - {""}:
                level2.setdefault(parent, []).append(row["admin2_id"])
    return level1, level2


def crawl_cases() -> list[Case]:
    """Return the covering sample of views, always the same ones in the same order."""
    factors: dict[str, tuple[object, ...]] = {
        "place": PLACES, "indicator": MAP_INDICATORS, "target": TARGETS,
        "selected": (0, 1, 2), "lang": LANGS,
    }  # fmt: skip
    pairs = required_pairs(
        factors,
        [("place", "target"), ("place", "selected"), ("place", "lang"), ("target", "selected"),
         ("target", "lang"), ("selected", "lang"), ("indicator", "lang")],
    )  # fmt: skip
    per_level = {level: [p for p in PLACES if p[0] == level] for level in (1, 2)}
    for i, indicator in enumerate(MAP_INDICATORS):
        for places in per_level.values():  # at both levels, spread over the places
            place = places[i % len(places)]
            pairs.add(ordered(factors, ("place", place), ("indicator", indicator)))
    pairs |= {
        ordered(factors, ("indicator", indicator), ("target", target))
        for indicator in TARGETED
        for target in TARGETS
    }
    level1, level2 = _units()
    cases = []
    for row in covering_rows(factors, pairs):
        level, place = row["place"]
        units = level1[place] if level == 1 else level2[place]
        cases.append(
            Case(
                level=level,
                place=place,
                indicator=row["indicator"],
                target=row["target"],
                selection=tuple(units[: row["selected"]]),
                lang=row["lang"],
                polygons=sum(map(len, level1.values())) if level == 1 else len(units),
            )
        )
    return cases


CASES = crawl_cases()


def test_the_sample_covers_every_required_pair_in_few_views() -> None:
    # every place with every target, selection size and language; each indicator at
    # both levels and in both languages: checked here against the cases themselves
    seen = {(c.level, c.place, c.target, len(c.selection), c.lang) for c in CASES}
    for place in PLACES:
        assert {t for (*p, t, _, _) in seen if tuple(p) == place} == set(TARGETS)
        assert {n for (*p, _, n, _) in seen if tuple(p) == place} == {0, 1, 2}
        assert {lang for (*p, _, _, lang) in seen if tuple(p) == place} == set(LANGS)
    for indicator in MAP_INDICATORS:
        mine = [c for c in CASES if c.indicator == indicator]
        assert {c.level for c in mine} == {1, 2} and {c.lang for c in mine} == set(LANGS)
    for indicator in TARGETED:
        assert {c.target for c in CASES if c.indicator == indicator} == set(TARGETS)
    # the known failing view of issue 19 is in the sample
    assert any(c.level == 2 and "CO-05001" in c.selection for c in CASES)
    assert len(CASES) <= 40  # a covering sample, not every combination (8 x 14 x 4 x 3 x 2)


@pytest.fixture(scope="module")
def crawler(browser: WatchedBrowser) -> Iterator[Page]:
    """One page, reused by every view (the browser's cache keeps the scripts), small laptop size."""
    context = browser.new_context(viewport={"width": 1024, "height": 700}, bypass_csp=True)
    context.add_init_script(COUNT_FETCHES)
    yield context.new_page()
    context.close()


def server_errors(records: list[logging.LogRecord]) -> list[str]:
    """Describe each logged exception: the project's frames (file:line) and the error."""
    root = Path(__file__).resolve().parents[1]
    out = []
    for record in records:
        if not record.exc_info or record.exc_info[1] is None:
            continue
        error = record.exc_info[1]
        frames = [
            f"{Path(f.filename).resolve().relative_to(root)}:{f.lineno} {f.name}"
            for f in traceback.extract_tb(error.__traceback__)
            if Path(f.filename).resolve().is_relative_to(root) and ".venv" not in f.filename
        ]
        out.append(" -> ".join(frames) + f": {type(error).__name__}: {error}")
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_view_opens_without_an_error(
    demo_server: Server,
    crawler: Page,
    browser: WatchedBrowser,
    case: Case,
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = browser.watch.mark()
    url = demo_server.url + "?" + urlencode(case.query)
    crawler.goto(url)
    crawler.wait_for_function(SETTLED, arg=[case.polygons])
    problems = unexpected(browser.watch.since(start), [])
    if problems:
        raise AssertionError(
            "\n".join([url, *problems, *("server: " + e for e in server_errors(caplog.records))])
        )
    # the whole view was kept: nothing fell back to a default with a notice
    assert crawler.locator("#notice").inner_text().strip() == ""
    kept = {k: v[0] for k, v in parse_qs(urlparse(crawler.url).query).items()}
    assert {k: v for k, v in case.query.items() if DEFAULTS.get(k) != v}.items() <= kept.items()
    # the legend (or the reason the map has none) and the table's rows are drawn
    crawler.wait_for_function(DRAWN)
