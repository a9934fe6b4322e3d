"""Drill-down to level 2: a parent's municipios, provincias or cantones on the same map.

The view's ``level`` and ``parent`` (:class:`geo.indicators.view.View`) choose what the
map shows: level 1 (the 83 units) or the level-2 units of one level-1 unit
(``parent="CO-ANT"``) or of a whole country (``parent="CO"``). Level-2 geometry is sent
once per parent from :data:`ADMIN2_URL` (built once per process from the simplified
layer, cached by the browser); colours follow filters through ``hideout`` exactly as at
level 1. In the served GeoJSON and in :func:`view_table` the level-2 id is the layer's
key ``iso_3166_2`` (as the level-1 code is), so the style function, tooltips,
selection, table and charts of level 1 serve level 2 unchanged; the parent is in
``parent``.
"""

from __future__ import annotations

import json
import threading
from typing import Any
from urllib.parse import parse_qsl, urlencode

import flask
import pandas as pd
from dash import Output, dcc, html

from dashboard import ids, view_answer
from dashboard.context import CallbackSet
from dashboard.fields import attrs
from dashboard.view_answer import ViewRequest
from geo.i18n import Lang, t, tn
from geo.indicators.compute_admin2 import units_without_organizations
from geo.indicators.prepared import PreparedData
from geo.indicators.view import View
from geo.units.boundaries import DETACHED_UNITS, load_boundaries
from geo.units.levels import LEVELS, children_words_id, country_of, is_country
from geo.vocab import COUNTRY_CODES

#: Level-2 geometry of one parent (a level-1 unit or a country).
ADMIN2_URL = "/coopatlas/admin2/<parent>.geojson"

#: Coordinates are rounded to this many decimals (about 1 m) in the served GeoJSON.
DECIMALS = 5

_LOCK = threading.Lock()
_GEOMETRY: dict[str, bytes] = {}  # parent -> GeoJSON bytes; boundaries are fixed per process


def admin2_url(parent: str) -> str:
    """Return the URL of ``parent``'s level-2 geometry."""
    return ADMIN2_URL.replace("<parent>", parent)


def _build_geometry() -> dict[str, bytes]:
    """Return every parent's level-2 GeoJSON (each level-1 unit and each country)."""
    layer = load_boundaries("simplified", level=2)
    layer = layer.set_geometry(layer.geometry.set_precision(10**-DECIMALS))
    out: dict[str, bytes] = {}
    groups = {
        **{p: layer.loc[layer["parent_iso_3166_2"] == p] for p in layer["parent_iso_3166_2"]},
        **{c: layer.loc[layer["country"] == c] for c in COUNTRY_CODES},
    }
    for parent, rows in groups.items():
        if not parent:
            continue
        features = [
            {
                "type": "Feature",
                "properties": {"unit_id": key, "name": name, "parent": up},
                "geometry": geom.__geo_interface__,
            }
            for key, name, up, geom in zip(
                rows["admin2_id"],
                rows["name"],
                rows["parent_iso_3166_2"],
                rows.geometry,
                strict=True,
            )
        ]
        body = {"type": "FeatureCollection", "features": features}
        out[parent] = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return out


def geometry(parent: str) -> bytes | None:
    """Return ``parent``'s level-2 GeoJSON (built once per process), None for an unknown parent."""
    with _LOCK:
        if not _GEOMETRY:
            _GEOMETRY.update(_build_geometry())
        return _GEOMETRY.get(parent)


def register_routes(server: flask.Flask) -> None:
    """Add the level-2 geometry route (compressed by the app, cached by the browser).

    The GeoJSON of every parent is built in a background thread now (about 3 s), so
    the first drill-down does not wait for it.
    """
    threading.Thread(target=geometry, args=("",), daemon=True, name="admin2-geojson").start()

    @server.get(ADMIN2_URL)
    def admin2_geojson(parent: str) -> flask.Response:
        body = geometry(parent)
        if body is None:
            flask.abort(404)
        response = flask.Response(body, mimetype="application/geo+json")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response


# --------------------------------------------------------------------------- ids


def admin2_ids(prepared: PreparedData) -> set[str]:
    """Return the level-2 unit ids of the prepared data (``sel`` at level 2)."""
    if prepared.admin2 is None:
        return set()
    return set(prepared.admin2.units["admin2_id"])


# --------------------------------------------------------------------------- words and links


def parent_name(parent: str, units: pd.DataFrame, lang: Lang) -> str:
    """Return the parent's name: the country's in ``lang``, else the level-1 unit's."""
    if is_country(parent):
        return t(f"country.{parent}", lang)
    names = dict(zip(units["iso_3166_2"], units["name"], strict=True))
    return str(names.get(parent, parent))


def children_words(parent: str, units: pd.DataFrame, lang: Lang) -> str:
    """Say what the parent's level-2 units are ("Municipalities of Antioquia")."""
    name = parent_name(parent, units, lang)
    return t(children_words_id(LEVELS[2], parent), lang, name=name)


def link_query(view_query: str | None, *, level: int, parent: str | None = None) -> str:
    """Return ``?query`` of the view at another level (selection and map position reset)."""
    params = dict(parse_qsl(view_query or ""))
    for key in ("level", "parent", "sel", "lat", "lon", "z"):
        params.pop(key, None)
    if parent:
        params.update(level=str(level), parent=parent)
    return "?" + urlencode(params)


def breadcrumb(view: View, view_query: str | None, units: pd.DataFrame) -> list[Any]:
    """Build the trail ("Colombia › Antioquia"), the level switch and the drill link."""
    lang = view.lang
    sep = html.Span(" › ", className="ca-crumb-sep", **attrs(aria_hidden="true"))
    here: dict[str, Any] = {**attrs(aria_current="page"), "className": "ca-crumb-here"}
    trail: list[Any]
    if view.parent:
        country = country_of(view.parent)
        trail = [dcc.Link(t(f"country.{country}", lang), href=link_query(view_query, level=1))]
        if not is_country(view.parent):
            trail += [sep, html.Span(parent_name(view.parent, units, lang), **here)]
        else:
            trail += [sep, html.Span(children_words(view.parent, units, lang), **here)]
    else:
        trail = [html.Span(t("drill.level1", lang), **here)]
        if view.selected and view.selected in set(units["iso_3166_2"]):
            words = children_words(view.selected, units, lang)
            drill = dcc.Link(
                t("drill.open", lang, children=words),
                href=link_query(view_query, level=2, parent=view.selected),
                id=ids.DRILL_OPEN,
                className="ca-button",
            )
            trail += [" ", drill]
    countries = [
        dcc.Link(
            t(f"country.{c}", lang),
            href=link_query(view_query, level=2, parent=c),
            className="ca-crumb-country",
        )
        for c in COUNTRY_CODES
    ]
    switch: list[Any] = [t("drill.level2", lang), " "]
    for i, link in enumerate(countries):
        switch += [" · " if i else "", link]
    return [
        html.Span(trail, className="ca-crumb-trail"),
        html.Span(switch, className="ca-crumb-l2"),
    ]


def nav(view: View) -> html.Nav:
    """Build the breadcrumb's place on the page and the store of the level and parent."""
    return html.Nav(
        [
            dcc.Store(id=ids.DRILL, data={"level": view.level, "parent": view.parent}),
            html.Div(id=ids.BREADCRUMB, className="ca-breadcrumb"),
        ],
        **attrs(aria_label=t("drill.nav", view.lang)),
    )


def gap_list(prepared: PreparedData, view: View, units: pd.DataFrame) -> list[Any]:
    """List the parent's level-2 units with no matching organization (the gap view)."""
    if not view.parent or is_country(view.parent):
        return []
    lang = view.lang
    gaps = units_without_organizations(prepared, view.filters, parent=view.parent)
    if gaps.empty:
        return []
    row = gaps.iloc[0]
    name = parent_name(view.parent, units, lang)
    names = sorted(row["without_names"])
    return [
        html.H3(t("drill.gaps_title", lang), id="h-gaps"),
        html.P(tn("drill.gaps", int(row["units_without"]), lang, total=row["units"], name=name)),
        # scrolls: a focusable list named by its heading, so a keyboard can scroll it
        html.Ul(
            [html.Li(n) for n in names],
            className="ca-gaps",
            tabIndex="0",
            **attrs(aria_labelledby="h-gaps"),
        ),
    ]


def frame(view: View, bounds: pd.DataFrame, units: pd.DataFrame) -> list[list[float]] | None:
    """Return the box around the view's parent (below level 1), None at level 1."""
    if not view.parent:
        return None
    if is_country(view.parent):  # the mainland: far islands would shrink it to a dot
        inland = (units["country"] == view.parent) & ~units["iso_3166_2"].isin(DETACHED_UNITS)
        codes = units.loc[inland, "iso_3166_2"]
    else:
        codes = pd.Series([view.parent])
    rows = bounds.loc[bounds.index.intersection(list(codes))]
    if rows.empty:
        return None
    return [
        [round(float(rows["south"].min()), 3), round(float(rows["west"].min()), 3)],
        [round(float(rows["north"].max()), 3), round(float(rows["east"].max()), 3)],
    ]


def with_level(view_query: str, drill: dict[str, Any] | None) -> str:
    """Return the view query with the page's level and parent (from the drill store)."""
    params = dict(parse_qsl(view_query or ""))
    level = (drill or {}).get("level") or 1
    parent = (drill or {}).get("parent")
    if parent:
        params.update(level=str(level), parent=str(parent))
    return urlencode(params)


#: The drill-down's callbacks, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()


@view_answer.part("drill", Output(ids.BREADCRUMB, "children"), Output(ids.GAPS, "children"))
def drill_part(request: ViewRequest) -> tuple[Any, Any]:
    """Show the trail and level switch, and the parent's units without organizations."""
    view, current = request.view, request.data
    return (
        breadcrumb(view, request.view_query, current.units),
        gap_list(current.prepared, view, current.units),
    )


__all__ = [
    "ADMIN2_URL",
    "CALLBACKS",
    "admin2_ids",
    "admin2_url",
    "breadcrumb",
    "drill_part",
    "frame",
    "gap_list",
    "geometry",
    "nav",
    "register_routes",
    "with_level",
]  # fmt: skip
