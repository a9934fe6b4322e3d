"""The offline HTML map's year slider: the values per year, worked out by hand, and Chromium.

The organizations and programme rows of ``tests/test_periods.py`` on the committed units,
Colombia only (Peru and Ecuador are outside the filters). Coverage of any programme
(organizations reached / organizations) by step of the slider:

    step        CO-ANT (3 orgs)                      CO-CAU (2 orgs)
    all years   A1, A2, A4: 3/3 = 100.0%             C1 (2015 and no year): 1/2 = 50.0%
    2015        0/3 = 0.0%                           C1: 1/2 = 50.0%
    2016        A1: 1/3 = 33.3%                      0.0%
    2017        A2: 1/3 = 33.3%                      0.0%
    2018-2021   0.0%                                 0.0%
    2022        A4: 1/3 = 33.3%                      0.0%
    2023        A1: 1/3 = 33.3%                      0.0%
    2024        A4: 1/3 = 33.3%                      0.0%

The other Colombian units have no organization (no data). One classification of every
step, equal intervals, k = 3: the zeros are a class of their own (class 0), the positive
values of all steps (1/3 .. 1) get the other two: width (1 - 1/3) / 2 = 1/3, upper bounds
2/3 and 1. So 1/3 and 1/2 are class 1, 1 is class 2. ColorBrewer YlGnBu, 3 classes:
#edf8b1, #7fcdbb, #2c7fb8; no data #d9d9d9; outside the filters #ffffff.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.export.formats import export
from geo.export.html_offline import external_references
from geo.export.html_years import year_periods, year_steps
from geo.indicators.catalogue import PERIOD_COLUMNS
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MAPPABLE, MapSpec
from geo.indicators.periods import Period
from geo.indicators.prepared import prepare
from geo.indicators.unit_tables import unit_table
from tests.browser_watch import WatchedBrowser
from tests.test_export_html import FILLS_JS, OfflinePage
from tests.test_periods import tables

NONE, LOW, HIGH, NO_DATA, OUTSIDE = "#edf8b1", "#7fcdbb", "#2c7fb8", "#d9d9d9", "#ffffff"
STEPS = ["all years", *(str(y) for y in range(2015, 2025))]
# class of each step, in STEPS order (see the module's docstring)
ANT = [2, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1]
CAU = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
ANT_TEXT = ["100.0%", "0.0%", "33.3%", "33.3%", *["0.0%"] * 4, "33.3%", "33.3%", "33.3%"]
CAU_TEXT = ["50.0%", "50.0%", *["0.0%"] * 9]
DATA_RE = re.compile(r'<script type="application/json" id="ca-years-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def prepared():
    return prepare(*tables())  # the fixture's organizations on the committed 83 units


def _spec(**options) -> MapSpec:
    base = {
        "column": "coverage_any",
        "scheme": "equal_interval",
        "k": 3,
        "filters": Filters(countries=("CO",)),
        "synthetic": True,
        "source": "Fixture registry",
    }
    return MapSpec(**{**base, **options})


@pytest.fixture(scope="module")
def page_file(prepared, tmp_path_factory) -> Path:
    return export(_spec(), "html", tmp_path_factory.mktemp("y") / "years.html", prepared=prepared)


def _payload(path: Path) -> dict:
    found = DATA_RE.search(path.read_text(encoding="utf-8"))
    assert found, "the page has no year data"
    return json.loads(found.group(1))


def test_the_values_of_every_year_are_in_the_page(page_file) -> None:
    data = _payload(page_file)
    assert [s["label"] for s in data["steps"]] == STEPS
    assert data["palette"] == [NONE, LOW, HIGH, NO_DATA, OUTSIDE]
    units = data["units"]
    ant, cau, boy, cus = (units.index(u) for u in ("CO-ANT", "CO-CAU", "CO-BOY", "PE-CUS"))
    assert [s["fill"][ant] for s in data["steps"]] == ANT
    assert [s["fill"][cau] for s in data["steps"]] == CAU
    assert {s["fill"][boy] for s in data["steps"]} == {3}  # no organization: no data
    assert {s["fill"][cus] for s in data["steps"]} == {4}  # Peru: outside the filters
    assert [s["value"][ant] for s in data["steps"]] == ANT_TEXT
    assert [s["value"][cau] for s in data["steps"]] == CAU_TEXT
    assert "coverage" not in data["steps"][0]  # the indicator is the coverage: sent once


def test_one_legend_for_every_year_and_the_geometry_once(page_file) -> None:
    page = page_file.read_text(encoding="utf-8")
    for label, colour in (("0.0% (none)", NONE), ("> 0.0% – 66.7%", LOW),
                          ("66.7% – 100.0%", HIGH)):  # fmt: skip
        assert f'style="background:{colour}"></span><span>{html.escape(label)}</span>' in page
    assert page.count('"type": "Feature"') == 83  # one feature per unit, not per year
    assert 'id="ca-year" min="0" max="10"' in page
    assert external_references(page) == []


def test_no_slider_where_the_years_change_nothing(prepared, tmp_path) -> None:
    # organizations per 100,000 inhabitants do not depend on the programme years
    assert year_periods(_spec(column="orgs_per_100k"), prepared) == []
    assert year_periods(_spec(years=Period(2019, 2019)), prepared) == []  # one year
    path = export(_spec(column="orgs_per_100k"), "html", tmp_path / "o.html", prepared=prepared)
    assert 'id="ca-year"' not in path.read_text(encoding="utf-8")


def test_a_period_runs_through_its_own_years(prepared) -> None:
    steps = year_steps(_spec(years=Period(2015, 2017), lang="es"), prepared)
    assert steps is not None
    assert steps.labels == ("2015-2017", "2015", "2016", "2017")
    ant = steps.units.index("CO-ANT")
    # 2015-2017: A1 (2016), A2 (2017) of 3 = 66,7 %; then 0, 1/3, 1/3. Pooled, positive
    # values 1/3 .. 2/3: upper bounds 1/2 and 2/3, so 1/3 is class 1 and 2/3 class 2.
    assert [f[ant] for f in steps.fills] == [2, 0, 1, 1]
    assert [v[ant] for v in steps.values] == ["66,7\u00a0%", "0,0\u00a0%", "33,3\u00a0%",
                                              "33,3\u00a0%"]  # fmt: skip


def test_period_columns_are_those_the_period_changes(prepared) -> None:
    """Every mappable column that differs between two periods is declared as one."""
    early = unit_table(prepared, _spec(years=Period(2015, 2015)).view)
    late = unit_table(prepared, _spec(years=Period(2016, 2016)).view)
    changed = {
        c
        for c in MAPPABLE
        if c in early.columns and not early[c].fillna(-1).equals(late[c].fillna(-1))
    }
    assert changed, "the two periods must differ somewhere"
    assert changed <= PERIOD_COLUMNS
    assert {"coverage_any", "participants", "priority_score"} <= changed


# ---------------------------------------------------------------------------- in Chromium


@pytest.fixture
def offline(browser: WatchedBrowser) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    yield OfflinePage(context)
    context.close()


def _wait_for_fill(page, unit: str, colour: str) -> None:
    page.wait_for_function(
        f"() => ({FILLS_JS})()[{json.dumps(unit)}] === {json.dumps(colour)}", timeout=10_000
    )


@pytest.mark.browser
def test_the_slider_recolours_the_map_offline(offline, page_file) -> None:
    offline.open(page_file)
    page = offline.page
    page.wait_for_function("() => document.documentElement.dataset.yearStep === '0'")
    fills = page.evaluate(FILLS_JS)
    assert (fills["CO-ANT"], fills["CO-CAU"], fills["CO-BOY"]) == (HIGH, LOW, NO_DATA)
    slider = page.get_by_role("slider", name="Programme years")
    slider.focus()
    page.keyboard.press("ArrowRight")  # 2015
    _wait_for_fill(page, "CO-ANT", NONE)
    assert page.evaluate(FILLS_JS)["CO-CAU"] == LOW
    assert page.locator("#ca-year-label").inner_text() == "2015"
    page.keyboard.press("ArrowRight")  # 2016
    _wait_for_fill(page, "CO-ANT", LOW)
    assert page.evaluate(FILLS_JS)["CO-CAU"] == NONE
    assert slider.get_attribute("aria-valuetext") == "2016"
    # the tooltip says the year's value
    page.locator("path.leaflet-interactive[fill='#7fcdbb']").first.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "33.3%" in tooltip.inner_text()
    page.mouse.move(5, 5)  # hover off: Leaflet resets the style, the year's colour stays
    page.wait_for_selector(".leaflet-tooltip", state="detached")
    assert page.evaluate(FILLS_JS)["CO-ANT"] == LOW
    page.keyboard.press("End")  # 2024, with the focus still on the slider
    _wait_for_fill(page, "CO-CAU", NONE)
    assert page.locator("#ca-year-label").inner_text() == "2024"
    assert offline.requests == [page_file.resolve().as_uri()]  # nothing else was asked for
    assert offline.errors == []


@pytest.mark.browser
def test_the_slider_is_named_in_spanish_and_axe_finds_nothing_serious(
    offline, prepared, tmp_path
) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    path = export(_spec(lang="es"), "html", tmp_path / "es.html", prepared=prepared)
    offline.open(path)
    page = offline.page
    slider = page.get_by_role("slider", name="Años de los programas")
    assert slider.get_attribute("aria-valuetext") == "todos los años"
    page.wait_for_function("() => document.documentElement.dataset.yearStep === '0'")
    results = axe.Axe().run(page)
    bad = [(v["id"], v["impact"]) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]  # fmt: skip
    assert bad == []
    assert offline.errors == []
