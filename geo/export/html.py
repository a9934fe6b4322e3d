"""Offline interactive map of a view: one self-contained HTML file (folium and Leaflet).

:func:`write_html_map` draws the 83 units coloured by the view's classes (the
same hex colours and legend as the dashboard, from
:func:`geo.indicators.choropleth.classify_indicator`) with a tooltip per unit (name,
indicator value, organizations, coverage by any programme), a title block, the
legend and the source/date line.

The file opens from disk with no network:

* folium builds the map, but the links it adds to content delivery networks
  (Leaflet, jQuery, Bootstrap, Font Awesome, awesome-markers) are removed
  before rendering;
* Leaflet's JavaScript and CSS are inlined from the installed
  ``xstatic-leaflet`` package, with the images its CSS names inlined as
  ``data:`` URIs and the source-map comment dropped
  (:func:`geo.export.html_offline.leaflet_assets`);
* no tile layer is added unless asked for, so the units are drawn on a plain
  background;
* the rendered page is checked: any ``src``/``href`` attribute or CSS
  ``url(...)`` that is not ``data:`` or ``#...`` is an error, never a
  silently broken file (:func:`geo.export.html_offline.external_references`).

Text from the data (unit names, filter values such as federation names, the
source line) is HTML-escaped. It never passes through folium's Jinja
templates: the title, legend and messages are put into the rendered page
afterwards, so ``{{ ... }}`` in a federation name stays plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from shapely.geometry import mapping

from geo._errors import InputValidationError
from geo.export.html_offline import external_references, leaflet_assets
from geo.export.html_tips import unit_properties
from geo.export.map_style import OUTSIDE_EDGE, OUTSIDE_FILL
from geo.i18n import no_data, t
from geo.indicators.catalogue import indicator_info
from geo.indicators.classify import Classification
from geo.indicators.map_key import drawn_fills, drawn_rows
from geo.indicators.mapspec import EXTENTS, MapSpec
from geo.io.atomic import atomic_output
from geo.units.boundaries import load_boundaries, load_children
from geo.units.levels import country_of

if TYPE_CHECKING:
    import geopandas as gpd

    from geo.export.html_years import YearSteps

#: Style of the unit polygons, as in the dashboard (``dashboard/assets/coopatlas.js``).
UNIT_STYLE: dict[str, Any] = {"fillOpacity": 0.88, "color": "#ffffff", "weight": 0.7, "opacity": 1}
SELECTED_STYLE: dict[str, Any] = {"color": "#1b1b1b", "weight": 3}
HOVER_STYLE: dict[str, Any] = {"weight": 3, "color": "#444444", "fillOpacity": 0.95}
#: Units outside the filter: white with a grey outline, as on the static maps.
OUTSIDE_STYLE: dict[str, Any] = {"color": OUTSIDE_EDGE, "weight": 1, "fillOpacity": 1}

#: Background of the map where no unit is drawn (no tiles by default).
BACKGROUND = "#f4f6f8"

_REQUIRED_COLUMNS = ("unit_id", "name", "in_scope", "orgs", "coverage_any")
_PLACEHOLDER = "<!--coopatlas:{}-->"
_PLACEHOLDER_RE = re.compile(r"<!--coopatlas:(head|body)-->")
_TILE_URL_RE = re.compile(r"^https?://[^\s\"'<>]+$")

_CSS = f"""
html, body {{ height: 100%; margin: 0; padding: 0; }}
.leaflet-container {{ background: {BACKGROUND}; }}
.ca-panel {{
  position: absolute; z-index: 1000; box-sizing: border-box; max-width: 40%;
  background: rgba(255, 255, 255, 0.94); color: #1b1b1b; padding: 8px 10px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3);
  font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
}}
.ca-title {{ top: 10px; right: 10px; }}
.ca-title h1 {{ font-size: 16px; margin: 0 0 4px; }}
.ca-title p {{ margin: 0; }}
.ca-legend {{ bottom: 24px; right: 10px; }}
.ca-legend-title {{ font-weight: 600; margin-bottom: 4px; }}
.ca-legend-row {{ display: flex; align-items: center; margin: 2px 0; }}
.ca-swatch {{
  display: inline-block; width: 14px; height: 14px; margin-right: 6px;
  border: 1px solid #9e9e9e; flex: none;
}}
.ca-footer {{ margin-top: 6px; font-size: 11px; color: #444444; }}
.ca-empty {{
  top: 50%; left: 50%; transform: translate(-50%, -50%); max-width: 60%;
  font-size: 15px; font-weight: 600; border-left: 4px solid #d7191c;
}}
.ca-tooltip th {{ font-weight: 600; }}
.ca-synthetic {{
  display: inline-block; margin: 0 0 6px !important; padding: 2px 8px; font-weight: 700;
  color: #8a3b00; background: #fff1e0; border: 1.5px solid #8a3b00;
}}
.ca-weights {{ margin-top: 4px !important; font-size: 11px; color: #444444; }}
"""


def _check(
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    boundaries: gpd.GeoDataFrame,
    tiles: str | None,
) -> list[str]:
    problems: list[str] = []
    missing = [c for c in (*_REQUIRED_COLUMNS, spec.column) if c not in table.columns]
    if missing:
        problems.append(
            f"the unit table lacks columns {missing}; "
            "pass the table of geo.indicators.mapspec.compute"
        )
    if len(classes.classes) != len(table):
        problems.append(
            f"the classification has {len(classes.classes)} values but the table has "
            f"{len(table)} rows; classify this table (geo.indicators.mapspec.compute)"
        )
    if "unit_id" in table.columns and table["unit_id"].duplicated().any():
        problems.append("the unit table repeats ISO 3166-2 codes")
    for column in ("unit_id", "name", "geometry"):
        if column not in boundaries.columns:
            problems.append(f"boundaries lack the column {column!r}")
    if len(boundaries) == 0:
        problems.append("boundaries hold no unit; pass load_boundaries('simplified')")
    elif "unit_id" in boundaries.columns and boundaries["unit_id"].duplicated().any():
        problems.append("boundaries repeat ISO 3166-2 codes")
    crs = getattr(boundaries, "crs", None)
    if crs is not None and crs.to_epsg() != 4326:
        problems.append(f"boundaries must be in EPSG:4326 (longitude/latitude); got {crs}")
    if tiles is not None and not (_TILE_URL_RE.match(tiles) and "{z}" in tiles):
        problems.append(
            f"tiles must be an http(s) URL template with {{z}}, {{x}} and {{y}}; got {tiles!r}"
        )
    return problems


# --------------------------------------------------------------------------- content


def _features(
    boundaries: gpd.GeoDataFrame,
    tips: dict[str, dict[str, str]],
    lang: str,
) -> list[dict[str, Any]]:
    missing = html.escape(no_data(lang))
    features = []
    for code, name, geometry in zip(
        boundaries["unit_id"].astype(str),
        boundaries["name"].astype(str),
        boundaries["geometry"],
        strict=True,
    ):
        default = {"name": html.escape(name), "value": missing, "orgs": missing}
        properties = {"unit_id": code, **tips.get(code, {**default, "coverage": missing})}
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": properties,
                "geometry": None if geometry is None else mapping(geometry),
            }
        )
    return features


def _overlay_html(
    spec: MapSpec, classes: Classification, empty: bool, version: str, *, drawn: set[str]
) -> str:
    e = html.escape
    legend_name = e(t("html.legend", spec.lang))
    label = indicator_info(spec.column).label(spec.lang)
    entries = drawn_rows(classes, spec.lang, drawn=drawn, empty=empty)
    rows = "".join(
        f'<div class="ca-legend-row"><span class="ca-swatch" style="background:{e(color)}">'
        f"</span><span>{e(text)}</span></div>"
        for text, color in entries
    )
    notice = (
        f'<p class="ca-synthetic" id="ca-synthetic">{e(spec.notice)}</p>' if spec.notice else ""
    )
    weights = (
        f'<p class="ca-weights" id="ca-weights">{e(spec.weights_line)}</p>'
        if spec.shows_priority and spec.weights_line
        else ""
    )
    parts = [
        '<div class="ca-panel ca-title" id="ca-title">'
        f"{notice}<h1>{e(spec.title)}</h1><p>{e(spec.subtitle)}</p>{weights}</div>",
        f'<div class="ca-panel ca-legend" id="ca-legend" aria-label="{legend_name}">'
        f'<div class="ca-legend-title">{e(label)}</div>{rows}'
        f'<div class="ca-footer" id="ca-footer">{e(spec.footer)} · Leaflet {e(version)}</div>'
        "</div>",
    ]
    if empty:
        parts.append(
            f'<div class="ca-panel ca-empty" id="ca-empty" role="status">'
            f"{e(t('html.empty', spec.lang))}</div>"
        )
    return "\n".join(parts)


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def _drop_cdn_links(root: Any) -> None:
    """Empty the CDN link lists of every folium element (instance attributes, classes untouched)."""
    for element in _walk(root):
        if hasattr(element, "default_js"):
            element.default_js = []
        if hasattr(element, "default_css"):
            element.default_css = []


def _build_map(
    spec: MapSpec,
    features: list[dict[str, Any]],
    fills: dict[str, str],
    no_data_color: str,
    tiles: str | None,
    tile_attribution: str | None,
    bounds: tuple[float, float, float, float],
) -> Any:
    try:
        import folium
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ModuleNotFoundError(
            "folium is needed for HTML maps: pip install folium xstatic-leaflet"
        ) from exc

    south, west, north, east = bounds
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,  # SVG paths: one element per unit
        attribution_control=tiles is not None,
        zoom_snap=0.25,
    )
    if tiles is not None:
        folium.TileLayer(tiles=tiles, attr=tile_attribution or tiles, name="tiles").add_to(fmap)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        code = feature["id"]
        chosen = SELECTED_STYLE if code == spec.selected else {}
        fill = fills.get(code, no_data_color)
        outline = OUTSIDE_STYLE if fill == OUTSIDE_FILL else {}
        return {**UNIT_STYLE, "fillColor": fill, **outline, **chosen}

    info = indicator_info(spec.column)
    aliases = [
        t("html.unit", spec.lang),
        info.label(spec.lang),
        t("html.organizations", spec.lang),
        indicator_info("coverage_any").label(spec.lang),
    ]
    tooltip = folium.GeoJsonTooltip(
        fields=["name", "value", "orgs", "coverage"],
        # folium inserts aliases and values as HTML: both are escaped here
        aliases=[html.escape(a) for a in aliases],
        sticky=True,
        class_name="ca-tooltip",
    )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="units",
        style_function=style,
        highlight_function=lambda _feature: HOVER_STYLE,
        tooltip=tooltip,
        zoom_on_click=False,
    ).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    root = fmap.get_root()
    if not isinstance(root, folium.Figure):  # a Map is always added to a Figure
        raise TypeError(f"folium map root is a {type(root).__name__}, not a Figure")
    root.header.add_child(folium.Element(_PLACEHOLDER.format("head")), name="coopatlas_head")
    root.html.add_child(folium.Element(_PLACEHOLDER.format("body")), name="coopatlas_body")
    _drop_cdn_links(root)
    return root


def _scope_bounds(spec: MapSpec, boundaries: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the view's units, without far islands; else its extent."""
    codes = boundaries["unit_id"].astype(str)
    keep = codes.map(spec.shows) & ~codes.isin(["CO-SAP", "EC-W"])
    if not keep.any():
        return EXTENTS[spec.frame]
    west, south, east, north = (float(v) for v in boundaries[keep.to_numpy()].total_bounds)
    return south, west, north, east


def _head_html(title: str, css: str, js: str) -> str:
    """Return the ``<head>`` block: page title, Leaflet's CSS, this page's CSS, Leaflet's script."""
    return "\n".join(
        [
            f"<title>{html.escape(title)}</title>",
            f"<style>\n{css}\n</style>",
            f"<style>{_CSS}</style>",
            f"<script>\n{js}\n</script>",
        ]
    )


def _fill_page(page: str, blocks: dict[str, str], lang: str) -> str:
    """Put the ``head`` and ``body`` blocks at folium's placeholders and set the page language."""
    found = _PLACEHOLDER_RE.findall(page)
    if sorted(found) != ["body", "head"]:
        raise RuntimeError(f"folium's page layout changed: placeholders found {found}")
    # one pass, so inserted text is never searched for placeholders again
    page = _PLACEHOLDER_RE.sub(lambda m: blocks[m.group(1)], page)
    return page.replace("<html>", f'<html lang="{lang}">', 1)


def _check_offline(page: str) -> None:
    """Raise RuntimeError if the page would still load a resource from outside the file."""
    leftovers = external_references(page)
    if leftovers:
        raise RuntimeError(
            f"the offline map would still load {leftovers[:5]}; this folium version adds "
            "resources that write_html_map does not inline"
        )


def write_html_map(
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    path: str | Path,
    *,
    boundaries: gpd.GeoDataFrame | None = None,
    tiles: str | None = None,
    tile_attribution: str | None = None,
    years: YearSteps | None = None,
) -> Path:
    """Write the view as a standalone interactive HTML map that works offline.

    Parameters
    ----------
    spec
        The view: indicator, language, selected unit, extent, title, filters,
        source and date.
    table, classes
        The unit table and its classification, from :func:`geo.indicators.mapspec.compute`
        (``classes`` aligned with the rows of ``table``).
    path
        Output ``.html`` file (written atomically).
    boundaries
        Unit polygons in EPSG:4326 with ``iso_3166_2`` and ``name``; default
        :func:`geo.units.boundaries.load_boundaries` ``("simplified")``. Units of the
        boundaries missing from ``table`` are drawn as "no data".
    tiles
        Optional tile URL template (``https://.../{z}/{x}/{y}.png``). The
        default, None, draws no background tiles: the file needs no network.
        With tiles, the map fetches them when opened (and shows Leaflet's
        attribution control with ``tile_attribution``).
    tile_attribution
        Attribution text of the tiles (required by most tile providers).
    years
        The year slider's steps (:func:`geo.export.html_years.year_steps`), whose first
        step is ``table`` and ``classes``; None for a map without a slider.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputValidationError
        If the table, classification, boundaries or tile URL cannot be used;
        every problem is listed.
    ModuleNotFoundError
        If folium or xstatic-leaflet is not installed.
    RuntimeError
        If the rendered page would still load a resource from outside the file
        (a folium version adding resources this exporter does not inline).

    Notes
    -----
    When no organization matches the filters (the table's ``orgs`` sum to 0)
    the map is still complete, with a visible message saying so.
    """
    if boundaries is None and spec.parent:
        boundaries = load_children(spec.parent)
    units = load_boundaries("simplified") if boundaries is None else boundaries
    problems = _check(spec, table, classes, units, tiles)
    if problems:
        raise InputValidationError(problems)

    tips, fills = unit_properties(spec, table, classes)
    features = _features(units, tips, spec.lang)
    empty = int(pd.to_numeric(table["orgs"]).sum()) == 0
    js, css, version = leaflet_assets()
    bounds = _scope_bounds(spec, units)
    root = _build_map(spec, features, fills, classes.no_data_color, tiles, tile_attribution, bounds)
    page = root.render()
    shown = [c for c in units["unit_id"].astype(str) if country_of(c) in spec.countries]
    drawn = drawn_fills(fills, shown)
    blocks = {
        "head": _head_html(spec.title, css, js),
        "body": _overlay_html(spec, classes, empty, version, drawn=drawn),
    }
    if years is not None:
        blocks["body"] += "\n" + years.body_html()
    page = _fill_page(page, blocks, spec.lang)
    _check_offline(page)
    with atomic_output(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return Path(path)
