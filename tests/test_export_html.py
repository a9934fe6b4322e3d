"""Offline HTML map: no external reference, Leaflet inline, 83 units drawn in Chromium offline."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo._errors import InputValidationError
from geo.export.html import write_html_map
from geo.export.html_offline import external_references
from geo.i18n import Lang
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import Classification
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MapSpec
from geo.units.boundaries import load_units
from tests.browser_watch import WatchedBrowser

DAY = dt.date(2025, 3, 1)
HOSTILE = '<img src=x onerror="window.__pwned=1">'
TEMPLATE = "{{ 7*7 }}"

# ColorBrewer YlGnBu, 3-class list: two classes take its ends; no data is grey.
LIGHT, DARK, NO_DATA = "#edf8b1", "#2c7fb8", "#d9d9d9"

# ---------------------------------------------------------------------------- fixture
#
# The 83 committed units. orgs_per_100k is 1.0 everywhere except CO-ANT (10.0);
# PE-CUS is out of the filters' scope. Equal intervals, k=2, over the
# 82 values in scope: min 1, max 10, width (10 - 1) / 2 = 4.5, bins [5.5, 10]:
#   1.0 -> class 0 (LIGHT), 10.0 -> class 1 (DARK), PE-CUS -> outside the filter
#   (white); no unit in scope lacks a value, so no unit is drawn NO_DATA.
# Organizations: 2 per unit, 20 in CO-ANT; coverage 25 % in CO-ANT, else no data.


def unit_table(*, orgs: int = 2) -> pd.DataFrame:
    units = load_units()
    iso = units["iso_3166_2"].astype(str)
    return pd.DataFrame(
        {
            "unit_id": iso,
            "iso_3166_2": iso,
            "country": units["country"].astype(str),
            "name": units["name"].astype(str),
            "in_scope": iso != "PE-CUS",
            "orgs": [20 * orgs // 2 if code == "CO-ANT" else orgs for code in iso],
            "coverage_any": [0.25 if code == "CO-ANT" else float("nan") for code in iso],
            "orgs_per_100k": [10.0 if code == "CO-ANT" else 1.0 for code in iso],
        }
    )


def classes_of(table: pd.DataFrame, lang: Lang = "en") -> Classification:
    return classify_indicator(table, "orgs_per_100k", scheme="equal_interval", k=2, lang=lang)


def spec_for(**kw) -> MapSpec:
    options = {"scheme": "equal_interval", "k": 2, "source": "Demo registry", "date": DAY}
    return MapSpec(**{**options, **kw})


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    table = unit_table()
    spec = spec_for(selected="CO-ANT")
    return write_html_map(spec, table, classes_of(table), tmp_path_factory.mktemp("m") / "map.html")


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory) -> Path:
    table = unit_table(orgs=0)
    spec = spec_for(filters=Filters(federations=(HOSTILE, TEMPLATE)))
    return write_html_map(spec, table, classes_of(table), tmp_path_factory.mktemp("e") / "e.html")


# ---------------------------------------------------------------------------- static checks

SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.IGNORECASE | re.DOTALL)
REFERENCE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?([^"'\s>]*))|(?:url\(\s*["']?([^"')\s]*))""", re.IGNORECASE
)
CDN_HOSTS = ("jsdelivr", "code.jquery", "cdnjs", "bootstrapcdn", "unpkg", "fontawesome")


def test_no_external_reference(page_file) -> None:
    page = page_file.read_text(encoding="utf-8")
    # Markup and styles only: JavaScript source is not markup (Leaflet's own
    # attribution string holds a link, which this map does not display).
    markup = SCRIPT_BODY.sub(r"\1\2", page)
    references = [a or b for a, b in REFERENCE.findall(markup)]
    assert references, "the page has data: images, the check must see them"
    assert [r for r in references if not r.startswith(("data:", "#"))] == []
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert [h for h in CDN_HOSTS if h in page.lower()] == []
    assert "sourceMappingURL" not in page
    assert external_references(page) == []


def test_external_references_finds_what_folium_adds() -> None:
    page = (
        '<html><head><script src="https://cdn.example/leaflet.js"></script>'
        '<link rel="stylesheet" href="https://cdn.example/x.css"/>'
        "<style>.a { background: url(images/layers.png) } @import 'b.css';</style>"
        "<script>var s = \"<a href='https://leafletjs.com'>\";</script></head>"
        '<body><img src="data:image/png;base64,AAAA"><a href="#top">top</a>'
        '<div style="background:url(&quot;http://x/y.png&quot;)"></div></body></html>'
    )
    assert external_references(page) == [
        "https://cdn.example/leaflet.js",
        "https://cdn.example/x.css",
        "images/layers.png",
        "b.css",
        "http://x/y.png",
    ]


def test_leaflet_is_inline(page_file) -> None:
    from xstatic.pkg import leaflet

    page = page_file.read_text(encoding="utf-8")
    js = (Path(leaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    assert js[:300] in page  # the licence header and the start of the library
    assert ".leaflet-pane" in page
    assert "data:image/png;base64," in page  # the images of Leaflet's CSS
    assert f"Leaflet {leaflet.VERSION}" in page


def test_title_legend_and_footer(page_file) -> None:
    page = page_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    title = "Organizations per 100,000 inhabitants — Colombia, Peru and Ecuador"
    assert f"<title>{title}</title>" in page
    assert "All organizations" in page
    # legend: classes of equal intervals [1, 5.5] and (5.5, 10], then "outside the
    # filter" (PE-CUS); no unit is drawn without a value, so no "no data" row
    for label, color in (
        ("1.0 – 5.5 per 100,000 inhabitants", LIGHT),
        ("5.5 – 10.0 per 100,000 inhabitants", DARK),
        ("outside the filter", "#ffffff"),
    ):
        assert f'style="background:{color}"></span><span>{label}</span>' in page
    assert f'style="background:{NO_DATA}"></span><span>no data</span>' not in page
    assert "Source: Demo registry; boundaries: DANE MGN 2020" in page
    assert "Map made with CoopAtlas, 2025-03-01" in page
    assert 'id="ca-empty"' not in page


def test_text_is_escaped_and_never_a_template(empty_file) -> None:
    page = empty_file.read_text(encoding="utf-8")
    assert HOSTILE not in page
    assert html.escape(HOSTILE) in page
    assert f"Federations: {html.escape(HOSTILE)}, {TEMPLATE}" in page  # not rendered by Jinja
    assert 'id="ca-empty"' in page
    assert "No organization matches the filters" in page


def test_rejects_unusable_input(tmp_path) -> None:
    table = unit_table()
    classes = classes_of(table)
    with pytest.raises(InputValidationError, match=r"lacks columns \['coverage_any'\]") as info:
        write_html_map(
            spec_for(),
            table.drop(columns="coverage_any").iloc[:5],
            classes,
            tmp_path / "m.html",
            tiles="ftp://tiles/{z}/{x}/{y}.png",
        )
    problems = info.value.problems
    assert len(problems) == 3
    assert "the classification has 83 values but the table has 5 rows" in problems[1]
    assert "tiles must be an http(s) URL template" in problems[2]
    bad = gpd.GeoDataFrame({"unit_id": [], "name": []}, geometry=[], crs="EPSG:3857")
    with pytest.raises(InputValidationError, match="boundaries hold no unit") as info:
        write_html_map(spec_for(), table, classes, tmp_path / "m.html", boundaries=bad)
    assert "EPSG:4326" in info.value.problems[1]
    assert not list(tmp_path.iterdir())


def test_optional_tiles_are_the_only_remote_url(tmp_path) -> None:
    table = unit_table()
    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    path = write_html_map(
        spec_for(), table, classes_of(table), tmp_path / "t.html", tiles=url, tile_attribution="©"
    )
    page = path.read_text(encoding="utf-8")
    assert url in page
    assert [h for h in CDN_HOSTS if h in page.lower()] == []


# ---------------------------------------------------------------------------- in Chromium

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

FILLS_JS = """() => {
  const out = {};
  for (const key of Object.keys(window)) {
    if (key.startsWith("geo_json_") && window[key] instanceof L.GeoJSON) {
      window[key].eachLayer((layer) => {
        out[layer.feature.id] = layer._path.getAttribute("fill");
      });
    }
  }
  return out;
}"""


class OfflinePage:
    """A Chromium page whose context aborts every request that is not a file:// URL."""

    def __init__(self, context) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("path.leaflet-interactive")


@pytest.fixture
def offline(browser: WatchedBrowser) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    yield OfflinePage(context)
    context.close()


@pytest.mark.browser
def test_renders_83_units_offline_with_class_colours(offline, page_file) -> None:
    offline.open(page_file)
    assert offline.page.locator("path.leaflet-interactive").count() == 83
    fills = offline.page.evaluate(FILLS_JS)
    assert len(fills) == 83
    assert fills["CO-ANT"] == DARK
    assert fills["CO-BOY"] == LIGHT
    assert fills["PE-CUS"] == "#ffffff"  # outside the filter: white with an outline, not grey
    assert set(fills.values()) <= {DARK, LIGHT, NO_DATA, "#ffffff"}
    assert offline.requests == [page_file.resolve().as_uri()]  # nothing else was asked for
    assert offline.errors == []
    assert offline.page.locator("#ca-legend").is_visible()


@pytest.mark.browser
def test_empty_selection_shows_a_message(offline, empty_file) -> None:
    offline.open(empty_file)
    assert offline.page.locator("path.leaflet-interactive").count() == 83
    message = offline.page.locator("#ca-empty")
    assert message.is_visible()
    assert message.inner_text().startswith("No organization matches the filters")
    title = offline.page.locator("#ca-title p").inner_text()
    assert title == f"Federations: {HOSTILE}, {TEMPLATE}"  # shown as text
    assert offline.page.evaluate("() => window.__pwned === undefined")
    assert offline.errors == []


@pytest.mark.browser
def test_tooltip_shows_hostile_name_as_text(offline, tmp_path) -> None:
    # Two hand-drawn squares; the first unit's name is hostile markup.
    boundaries = gpd.GeoDataFrame(
        {"unit_id": ["CO-ANT", "CO-BOY"], "name": [HOSTILE, "Boyacá"]},
        geometry=[box(-80, -5, -74, 5), box(-74, -5, -68, 5)],
        crs="EPSG:4326",
    )
    table = pd.DataFrame(
        {
            "unit_id": ["CO-ANT", "CO-BOY"],
            "name": [HOSTILE, "Boyacá"],
            "in_scope": [True, True],
            "orgs": [1234, 0],
            "coverage_any": [0.125, float("nan")],
            "orgs_per_100k": [10.0, 1.0],
        }
    )
    spec = spec_for(lang="es")
    path = write_html_map(spec, table, classes_of(table, "es"), tmp_path / "h.html",
                          boundaries=boundaries)  # fmt: skip
    offline.open(path)
    square = offline.page.locator("path.leaflet-interactive").first
    square.hover()
    tooltip = offline.page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    cells = tooltip.locator("td").all_inner_texts()
    # es: 10.0 -> "10,0", 1234 -> "1.234", 0.125 -> "12,5 %" (non-breaking space before %)
    assert cells == [HOSTILE, "10,0 por 100.000 habitantes", "1.234", "12,5\u00a0%"]
    assert tooltip.locator("th").all_inner_texts() == [
        "Unidad",
        "Organizaciones por 100.000 habitantes",
        "Organizaciones",
        "Cobertura de algún programa",
    ]
    assert tooltip.locator("img").count() == 0
    assert offline.page.evaluate("() => window.__pwned === undefined")
