"""Callbacks of the map page: the view, the map, the table, the charts, exports, zoom.

Each is declared at module level on :data:`CALLBACKS` (registered by
:func:`dashboard.app.create_app`), unpacks its inputs and calls a plain function of
:mod:`dashboard.logic` or :mod:`dashboard.drilldown`. The view is read from the page's
view store the one way (:func:`dashboard.context.view_of`). What follows the view (map,
frame, table, charts, the organizations layer) is declared as parts of the one answer
to a view change (:mod:`dashboard.view_answer`), which reads the view's unit table once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash_leaflet as dl
from dash import ALL, Input, NoUpdate, Output, State, ctx, html, no_update

from dashboard import (
    drilldown,
    export_job,
    first_answer,
    ids,
    layout,
    layout_controls,
    logic,
    period,
    points,
    side_charts,
    uploads,
    view_answer,
)
from dashboard.context import CallbackSet, data_for, view_of
from dashboard.data import NO_YEARS_BOUNDS, DashboardData
from dashboard.layout import EXPORT_BUTTONS, WORKING_CLASS, column_defs
from dashboard.view_answer import ViewRequest
from geo.i18n import t
from geo.indicators.filters import Filters
from geo.indicators.point_clusters import Window
from geo.indicators.priority import COMPONENTS
from geo.indicators.view import View
from geo.vocab import MAP_SCHEMES

#: The map page's callbacks, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()

#: Query keys that only force a re-render (reset, language) and carry no state.
_NONCE = "r"

#: The controls that make the view: name -> component id (values come as a dict).
CONTROLS: dict[str, str] = {
    "indicator": ids.INDICATOR,
    "type_share": ids.TYPE_SHARE,
    "scheme": ids.SCHEME,
    "k": ids.CLASSES,
    "countries": ids.F_COUNTRY,
    "units": ids.F_UNIT,
    "org_types": ids.F_TYPE,
    "sectors": ids.F_SECTOR,
    "programmes": ids.F_PROGRAMME,
    "years": ids.F_YEARS,
    "federations": ids.F_FEDERATION,
    "selected": ids.SELECTION,
    "sector_groups": ids.F_SECTOR_GROUP,
    "programme": ids.TARGET,
    "per_population": ids.PER_POP,
    "statuses": ids.F_STATUS,
    **period.CONTROLS,
}
_PROPERTY = {ids.SELECTION: "data"}


def _filters(controls: Mapping[str, Any], year_bounds: tuple[int, int]) -> Filters:
    """Return the filters of the control values (a year range at its bounds is no filter)."""
    low, high = year_bounds
    years = controls.get("years")
    return Filters(
        countries=tuple(controls.get("countries") or ()),
        units=tuple(controls.get("units") or ()),
        org_types=tuple(controls.get("org_types") or ()),
        sectors=tuple(controls.get("sectors") or ()),
        programmes=tuple(controls.get("programmes") or ()),
        founded_from=years[0] if years and years[0] > low else None,
        founded_to=years[1] if years and years[1] < high else None,
        federations=tuple(controls.get("federations") or ()),
        sector_groups=tuple(controls.get("sector_groups") or ()),
        status=tuple(sorted(controls.get("statuses") or ())),
    )


def view_from_controls(controls: Mapping[str, Any]) -> View:
    """Build the view from control values.

    ``controls`` maps the names of :data:`CONTROLS`, ``lang``, ``year_bounds`` and
    ``weights`` to values; a missing control keeps its default. A scheme that is not
    one of :data:`~geo.vocab.MAP_SCHEMES` gives the default one, as
    :meth:`View.from_query` does when the view is read back.
    """
    default = View()
    name = str(controls.get("scheme") or "").removeprefix("scheme_")
    selected = controls.get("selected")
    chosen = [selected] if isinstance(selected, str) else list(selected or ())
    per_population = controls.get("per_population") or False
    return View(
        lang=controls.get("lang") or default.lang,
        indicator=controls.get("indicator") or default.indicator,
        type_share=controls.get("type_share") or default.type_share,
        scheme=next((s for s in MAP_SCHEMES if s == name), default.scheme),
        k=int(controls.get("k") or default.k),
        filters=_filters(controls, controls.get("year_bounds") or NO_YEARS_BOUNDS),
        selection=tuple(chosen),
        weights=controls.get("weights"),
        programme=layout_controls.programme_of(controls.get("programme")),
        per_population=per_population is True or "on" in (per_population or []),
        **period.view_fields(controls, controls.get("period_bounds")),
    )


def toggle_selection(current: str | None, clicked: str | None) -> str | None:
    """Clicking the selected unit again clears the selection."""
    if not clicked:
        return current
    return None if clicked == current else clicked


def page_query(view_query: str | None, *, lang: str | None = None, reset: int | None = None) -> str:
    """Return the query that re-renders the page in another language or reset."""
    params = dict(parse_qsl(view_query or ""))
    if reset is not None:
        params = {"lang": params.get("lang", "en"), _NONCE: str(reset)}
    if lang is not None:
        params["lang"] = lang
    return "?" + urlencode(params)


def chosen_weights(values: list[Any], data: DashboardData) -> tuple[float, ...] | None:
    """Return the weights of the sliders, None when they are the defaults or all 0."""
    chosen = tuple(float(w or 0) for w in values)
    defaults = tuple(data.weights[c] for c in COMPONENTS)
    return None if chosen == defaults or not any(chosen) else chosen


# --------------------------------------------------------------------------- the page


@CALLBACKS.callback(
    Output(ids.PAGE, "children"),
    Input(ids.URL, "search"),
    State(ids.SESSION, "data"),
    State(ids.HIDEOUT_SINK, "data"),
)
def render_page(search: str | None, session: dict | None, shown: Any = None) -> list[Any]:
    """Render the page for the address's view and the session's data, already answered.

    The view store, the map's colours, the table and the charts come filled in
    (:mod:`dashboard.first_answer`): a first visit is one callback, not three in a row.
    """
    params = dict(parse_qsl((search or "").lstrip("?")))
    params.pop(_NONCE, None)
    token = (session or {}).get("token")
    upload = uploads.session_data(token)
    current = upload or data_for(None)
    view, notices = View.from_query(
        params,
        known_units=current.unit_codes,
        known_children=drilldown.admin2_ids(current.prepared),
    )
    notices = logic.cap_notices(notices, lang=view.lang)
    gone = bool(token) and upload is None
    children = layout.page(
        current, view, notices, showing_upload=upload is not None, upload_gone=gone
    )
    return first_answer.answer_page(
        children,
        view_query=lambda tree: _page_view_query(tree, session),
        session=session,
        shell={(ids.HIDEOUT_SINK, "data"): shown},
    )


def _page_view_query(tree: first_answer.PageTree, session: dict | None) -> str:
    """Return the view store's value for a page being built, from its controls' values."""
    controls = {c: tree.value(i, _PROPERTY.get(i, "value")) for c, i in CONTROLS.items()}
    weights = [
        getattr(w, "value", None) for w in tree.matching({"type": ids.WEIGHT, "component": ALL})
    ]
    lang = tree.value(ids.LANG, "value")
    return controls_view_query(controls, weights, lang, session, tree.value(ids.DRILL, "data"))


@CALLBACKS.callback(
    Output(ids.URL, "search"),
    Input(ids.LANG, "value"),
    Input(ids.RESET, "n_clicks"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def rerender(lang: str, reset: int, view_query: str | None) -> str | NoUpdate:
    """Re-render the page in another language, or reset it."""
    if ctx.triggered_id == ids.RESET:
        return page_query(view_query, reset=reset)
    current = dict(parse_qsl(view_query or "")).get("lang", "en")
    return no_update if lang == current else page_query(view_query, lang=lang)


@CALLBACKS.callback(
    Output(ids.VIEW, "data"),
    Output(ids.F_UNIT, "options"),
    inputs={
        "controls": {c: Input(i, _PROPERTY.get(i, "value")) for c, i in CONTROLS.items()},
        "weights": Input({"type": ids.WEIGHT, "component": ALL}, "value"),
    },
    state={
        "lang": State(ids.LANG, "value"),
        "session": State(ids.SESSION, "data"),
        "drill": State(ids.DRILL, "data"),
    },
    prevent_initial_call=True,  # a new page arrives with its view store filled in
)
def collect_view(
    controls: dict[str, Any], weights: list[Any], lang: str, session: dict | None, drill: Any
) -> tuple[str, Any]:
    """Write the controls' view into the view store (the page's level and parent kept).

    A change of countries also offers only their units in the department / province
    filter, in the same answer (a filter change costs two requests: this and the view's).
    """
    countries_changed = ctx.triggered_id == ids.F_COUNTRY
    options = (
        layout_controls.unit_options(data_for(session), controls.get("countries"))
        if countries_changed
        else no_update
    )
    return controls_view_query(controls, weights, lang, session, drill), options


def controls_view_query(
    controls: Mapping[str, Any], weights: list[Any], lang: str, session: dict | None, drill: Any
) -> str:
    """Return the view store's value for the controls' values (the page's level and parent kept)."""
    current = data_for(session)
    view = view_from_controls(
        {
            **controls,
            "lang": lang,
            "year_bounds": current.year_bounds,
            "period_bounds": period.bounds(current),
            "weights": chosen_weights(weights, current),
        }
    )
    return drilldown.with_level(view.to_query(), drill)


# --------------------------------------------------------------------------- the map
# The map, its frame, the table, the charts and the organizations layer follow the view
# in one answer with the planner and the trail (dashboard.view_answer).


@view_answer.part(
    "map",
    Output(ids.UNITS, "hideout"),
    Output(ids.LEGEND, "children"),
    Output(ids.MAP_STATUS, "children"),
    Output(ids.MAP_REGION, "aria-label"),
    state={"shown": State(ids.HIDEOUT_SINK, "data")},  # the version of the colours shown
    always=True,  # each answer's colours carry a new version (logic.map_stamp)
)
def map_part(request: ViewRequest) -> tuple[Any, ...]:
    """Recolour the map (hideout), with its legend, status and name."""
    view, session = request.view, request.session
    result = period.map_answer(request.table, view, session, after=request.state["shown"])
    status = result.status
    if uploads.is_gone((session or {}).get("token")):  # cleared or expired, on any host
        status = [html.P(t("upload.gone", view.lang), className="ca-error-text"), *status]
    return result.hideout, result.legend, status, result.label


@view_answer.part(
    "frame",
    Output(ids.MAP, "viewport", allow_duplicate=True),
    Output(ids.MAP_FRAME, "data"),
    state={"framed": State(ids.MAP_FRAME, "data")},
)
def frame_part(request: ViewRequest) -> tuple[Any, Any]:
    """Move the map only when the units in the filters (or the selection) change."""
    view, units = request.view, request.data.units
    bounds = logic.unit_bounds()
    frame = drilldown.frame(view, bounds, units) or logic.view_frame(units, view, bounds)
    if frame is None or frame == request.state["framed"]:
        return no_update, no_update
    return {"bounds": frame, "transition": "fitBounds"}, frame


@CALLBACKS.callback(
    Output(ids.MAP, "viewport"),
    Input(ids.ZOOM_ALL, "n_clicks"),
    Input(ids.ZOOM_CO, "n_clicks"),
    Input(ids.ZOOM_PE, "n_clicks"),
    Input(ids.ZOOM_EC, "n_clicks"),
    Input(ids.ZOOM_FIT, "n_clicks"),
    State(ids.MAP_FRAME, "data"),
    prevent_initial_call=True,
)
def zoom_to(*args: Any) -> dict[str, Any]:
    """Fly to a country, the whole region, or the view's frame."""
    framed = args[-1]
    if ctx.triggered_id == ids.ZOOM_FIT and framed:
        return {"bounds": framed, "transition": "flyToBounds"}
    key = {ids.ZOOM_CO: "CO", ids.ZOOM_PE: "PE", ids.ZOOM_EC: "EC"}.get(ctx.triggered_id, "all")
    return {"bounds": layout.COUNTRY_BOUNDS[key], "transition": "flyToBounds"}


# The layer's window: the browser passes the map's position on only while the layer is
# on (assets/coopatlas.js, layerWindow), so panning with the layer off costs no request.
CALLBACKS.clientside(
    "layerWindow",
    Output(ids.ORGS_WINDOW, "data"),
    Input(ids.ORGS_TOGGLE, "value"),
    Input(ids.MAP, "bounds"),
    Input(ids.MAP, "zoom"),
    State(ids.MAP, "center"),
)


@CALLBACKS.callback(
    Output(ids.ORGS, "children"),
    Input(ids.ORGS_WINDOW, "data"),
    State(ids.VIEW, "data"),
    State(ids.SESSION, "data"),
    prevent_initial_call=True,
)
def organizations_layer(position: Any, view_query: str, session: dict | None) -> list[Any]:
    """Show the organizations layer for the map's window (none when it is switched off)."""
    if not position:
        return []
    view = view_of(view_query)
    window = points.window_for_map(
        position.get("bounds"), position.get("zoom"), position.get("center")
    )
    return [organizations_geojson(view, window, (session or {}).get("token"))]


@view_answer.part(
    "orgs",
    Output(ids.ORGS, "children", allow_duplicate=True),
    state={"position": State(ids.ORGS_WINDOW, "data")},
)
def organizations_part(request: ViewRequest) -> tuple[Any]:
    """Redraw the organizations layer for the new view, when it is on."""
    position = request.state["position"]
    if not position:
        return (no_update,)
    window = points.window_for_map(
        position.get("bounds"), position.get("zoom"), position.get("center")
    )
    return ([organizations_geojson(request.view, window, (request.session or {}).get("token"))],)


# --------------------------------------------------------------------------- table, charts


@view_answer.part("table", Output(ids.TABLE, "rowData"))
def table_part(request: ViewRequest) -> tuple[list[dict[str, Any]]]:
    """Fill the unit table (empty when nothing matches: the grid then says so)."""
    table = request.table
    if logic.no_match(table):
        return ([],)
    return (logic.compact_rows(logic.table_rows(table)),)


@view_answer.part("table_columns", Output(ids.TABLE, "columnDefs"))
def table_columns_part(request: ViewRequest) -> tuple[list[dict[str, Any]]]:
    """Name the table's columns for the view (sent only when they change: a new target)."""
    return (column_defs(request.view),)


@view_answer.part(
    "panels",
    Output(ids.CHART_TYPES, "children"),
    Output(ids.CHART_COVERAGE, "children"),
    Output(ids.CHART_PRIORITY, "children"),
    Output(ids.INFO, "children"),
    Output(ids.SUMMARY, "children"),
)
def panels_part(request: ViewRequest) -> tuple[Any, ...]:
    """Draw the charts, the selected unit's figures and the summary sentence."""
    view, table = request.view, request.table
    return (
        side_charts.type_chart(table, view),
        side_charts.coverage_chart(table, view),
        side_charts.priority_chart(table, view),
        logic.info_panel(table, view),
        logic.summary_text(table, view),
    )


# --------------------------------------------------------------------------- exports


@CALLBACKS.callback(
    Output(ids.DOWNLOAD, "data"),
    Output(ids.EXPORT_STATUS, "children"),
    Input({"type": ids.EXPORT, "fmt": ALL}, "n_clicks"),
    State(ids.VIEW, "data"),
    State(ids.SESSION, "data"),
    # outside the web worker (dashboard.jobs): a forked process or a Celery worker
    background=True,
    running=[
        (Output(ids.EXPORT_WORKING, "className"), WORKING_CLASS + " ca-running", WORKING_CLASS),
        # one export at a time: the buttons are off while it runs
        *(
            (Output({"type": ids.EXPORT, "fmt": f}, "disabled"), True, False)
            for f, _ in EXPORT_BUTTONS
        ),
    ],
    progress=[Output(ids.EXPORT_PROGRESS, "value"), Output(ids.EXPORT_PROGRESS_TEXT, "children")],
    cancel=[Input(ids.EXPORT_CANCEL, "n_clicks")],
    interval=250,  # ms between the page's polls for the job's progress and result
    prevent_initial_call=True,
)
def download(
    set_progress: Any, clicks: list[int | None], view_query: str, session: dict | None
) -> tuple[Any, str | NoUpdate]:
    """Export the view in the clicked format; the page downloads it by URL."""
    if not ctx.triggered_id or not any(clicks):
        return no_update, no_update
    link, status = export_job.run_export(
        ctx.triggered_id["fmt"],
        view_query,
        session,
        headers=ctx.headers or {},
        progress=export_job.progress_outputs(set_progress),
    )
    # the page downloads the file by URL (assets/coopatlas.js, startDownload)
    return (link if link is not None else no_update), status


# A new export clears the last one's "ready" message (the job's own replaces it).
CALLBACKS.clientside(
    "clearStatus",
    Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
    Input({"type": ids.EXPORT, "fmt": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
# An export arrives as a URL: the page downloads it (the file streams from disk).
CALLBACKS.clientside(
    "startDownload",
    Output(ids.DOWNLOAD_SINK, "data"),
    Input(ids.DOWNLOAD, "data"),
    prevent_initial_call=True,
)
CALLBACKS.clientside(
    "rememberHideout", Output(ids.HIDEOUT_SINK, "data"), Input(ids.UNITS, "hideout")
)
# <html lang> follows the page's language (screen readers pick their voice from it).
CALLBACKS.clientside("setLang", Output(ids.HTML_LANG, "data"), Input(ids.LANG, "value"))
# Keep the address bar in step with the view (no server round trip, no reload).
CALLBACKS.clientside(
    "syncUrl",
    Output(ids.URL_SYNC, "data"),
    Input(ids.VIEW, "data"),
    Input(ids.MAP, "center"),
    Input(ids.MAP, "zoom"),
)


def organizations_geojson(view: View, window: Window, token: str | None) -> Any:
    """Build the organizations layer for the map's view: clusters and points from the server.

    The layer's URL names the filters, the language and the window (the view snapped
    to tiles, :func:`dashboard.points.window_for_map`): a pan within the window keeps
    the same URL, so nothing is fetched again. The component keeps its id, so a new
    window replaces the features in place.
    """
    params = {**view.filters.to_query(), "lang": view.lang, **points.window_query(window)}
    if token:
        params["u"] = uploads.token_handle(token)  # the token itself is in a cookie
    return dl.GeoJSON(
        id=ids.ORGS_POINTS,
        url=f"{layout.ORGS_URL}?{urlencode(params)}",
        pointToLayer=layout.js("orgPoint"),
        onEachFeature=layout.js("orgPopup"),
        hideout={
            "typeColors": logic.TYPE_COLORS,
            "typeLabels": {k: t(f"org_type.{k}", view.lang) for k in logic.TYPE_COLORS},
            "membersWord": t("map.members_word", view.lang),
            "orgsWord": t("map.orgs_word", view.lang),
            "clusterHint": t("map.cluster_hint", view.lang),
            "listHint": t("map.cluster_list_hint", view.lang),
            "andMore": t("map.and_more", view.lang),  # {n} filled in the browser
            "lang": view.lang,
        },
    )
