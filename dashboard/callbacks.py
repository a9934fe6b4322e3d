"""Dash callbacks: each unpacks its inputs and calls a plain function."""

from __future__ import annotations

import shutil
from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash_leaflet as dl
import flask
from dash import (
    ALL,
    ClientsideFunction,
    Dash,
    Input,
    NoUpdate,
    Output,
    State,
    ctx,
    dcc,
    html,
    no_update,
)

from dashboard import (
    downloads,
    drilldown,
    ids,
    layout,
    logic,
    planner,
    planner_callbacks,
    points,
    upload_panels,
    uploads,
)
from dashboard.data import DashboardData, DataSource
from geo._errors import CoopAtlasError
from geo.filters import Filters
from geo.i18n import Lang, t
from geo.point_clusters import Window
from geo.priority import COMPONENTS
from geo.unit_tables import unit_table
from geo.view import View
from geo.vocab import MAP_SCHEMES

#: Query keys that only force a re-render (reset, language) and carry no state.
_NONCE = "r"


def view_from_controls(
    lang: Lang,
    indicator: str,
    type_share: str,
    scheme: str,
    k: int,
    countries: list[str] | None,
    units: list[str] | None,
    org_types: list[str] | None,
    sectors: list[str] | None,
    programmes: list[str] | None,
    years: list[int] | None,
    year_bounds: tuple[int, int],
    federations: list[str] | None,
    selected: str | list[str] | None,
    weights: tuple[float, ...] | None = None,
    *,
    sector_groups: list[str] | None = None,
    programme: str | None = None,
    per_population: bool = False,
    statuses: list[str] | None = None,
) -> View:
    """Build the view from control values (a year range at its bounds is no filter).

    A scheme that is not one of :data:`~geo.vocab.MAP_SCHEMES` gives the default one,
    as :meth:`View.from_query` does when the view is read back.
    """
    name = scheme.removeprefix("scheme_")
    low, high = year_bounds
    founded_from = years[0] if years and years[0] > low else None
    founded_to = years[1] if years and years[1] < high else None
    filters = Filters(
        countries=tuple(countries or ()),
        units=tuple(units or ()),
        org_types=tuple(org_types or ()),
        sectors=tuple(sectors or ()),
        programmes=tuple(programmes or ()),
        founded_from=founded_from,
        founded_to=founded_to,
        federations=tuple(federations or ()),
        sector_groups=tuple(sector_groups or ()),
        status=tuple(sorted(statuses or ())),
    )
    chosen = [selected] if isinstance(selected, str) else list(selected or ())
    return View(
        lang=lang,
        indicator=indicator,
        type_share=type_share,
        scheme=next((s for s in MAP_SCHEMES if s == name), View.scheme),
        k=int(k),
        filters=filters,
        selection=tuple(chosen),
        weights=weights,
        programme=planner.programme_of(programme),
        per_population=per_population,
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


def year_bounds(data: DashboardData) -> tuple[int, int]:
    """Return the founding years covered by the data (the year slider's ends)."""
    years = data.organizations["year_founded"].dropna()
    return (int(years.min()), int(years.max())) if len(years) else (1950, 2025)


def register(app: Dash, source: DataSource) -> None:
    """Register every callback of the dashboard on ``app``."""
    bounds = logic.unit_bounds()  # once per app: callbacks only take minima and maxima

    def data_for(session: dict | None) -> DashboardData:
        """Return the browser session's uploaded data, else the served data."""
        return uploads.session_data((session or {}).get("token")) or source.current()

    def view_table(view_query: str, session: dict | None) -> tuple[View, Any]:
        """Return the view and its unit table, for the session's data."""
        view, _ = View.from_query(view_query)
        current = data_for(session)
        return view, unit_table(current.prepared, view, view.weight_map or current.weights)

    @app.callback(
        Output(ids.PAGE, "children"), Input(ids.URL, "search"), State(ids.SESSION, "data")
    )
    def render_page(search: str | None, session: dict | None) -> list[Any]:
        params = dict(parse_qsl((search or "").lstrip("?")))
        params.pop(_NONCE, None)
        token = (session or {}).get("token")
        upload = uploads.session_data(token)
        current = upload or source.current()
        view, notices = View.from_query(
            params,
            known_units=current.unit_codes,
            known_children=drilldown.admin2_ids(current.prepared),
        )
        notices = logic.cap_notices(notices, lang=view.lang)
        return layout.page(
            current,
            view,
            notices,
            showing_upload=upload is not None,
            upload_gone=bool(token) and upload is None,
        )

    @app.callback(
        Output(ids.URL, "search"),
        Input(ids.LANG, "value"),
        Input(ids.RESET, "n_clicks"),
        State(ids.VIEW, "data"),
        prevent_initial_call=True,
    )
    def rerender(lang: str, reset: int, view_query: str | None) -> str | NoUpdate:
        if ctx.triggered_id == ids.RESET:
            return page_query(view_query, reset=reset)
        current = dict(parse_qsl(view_query or "")).get("lang", "en")
        return no_update if lang == current else page_query(view_query, lang=lang)

    @app.callback(
        Output(ids.VIEW, "data"),
        Input(ids.INDICATOR, "value"),
        Input(ids.TYPE_SHARE, "value"),
        Input(ids.SCHEME, "value"),
        Input(ids.CLASSES, "value"),
        Input(ids.F_COUNTRY, "value"),
        Input(ids.F_UNIT, "value"),
        Input(ids.F_TYPE, "value"),
        Input(ids.F_SECTOR, "value"),
        Input(ids.F_PROGRAMME, "value"),
        Input(ids.F_YEARS, "value"),
        Input(ids.F_FEDERATION, "value"),
        Input(ids.SELECTION, "data"),
        Input({"type": ids.WEIGHT, "component": ALL}, "value"),
        Input(ids.F_SECTOR_GROUP, "value"),
        Input(ids.TARGET, "value"),
        Input(ids.PER_POP, "value"),
        Input(ids.F_STATUS, "value"),
        State(ids.LANG, "value"),
        State(ids.SESSION, "data"),
        State(ids.DRILL, "data"),
    )
    def collect_view(indicator, type_share, scheme, k, countries, units, org_types, sectors,
                     programmes, years, federations, selected, weights, sector_groups,
                     programme, per_population, statuses, lang, session,
                     drill) -> str:  # fmt: skip
        current = data_for(session)
        chosen = tuple(float(w or 0) for w in weights)
        defaults = tuple(current.weights[c] for c in COMPONENTS)
        view = view_from_controls(
            lang, indicator, type_share, scheme, k, countries, units, org_types, sectors,
            programmes, years, year_bounds(current), federations, selected,
            None if chosen == defaults or not any(chosen) else chosen,
            sector_groups=sector_groups, programme=programme,
            per_population="on" in (per_population or []), statuses=statuses,
        )  # fmt: skip
        return drilldown.with_level(view.to_query(), drill)

    @app.callback(
        Output(ids.UNITS, "hideout"),
        Output(ids.LEGEND, "children"),
        Output(ids.MAP_STATUS, "children"),
        Output(ids.MAP_REGION, "aria-label"),
        Input(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
        State(ids.HIDEOUT_SINK, "data"),  # the version of the colours shown
    )
    def update_map(view_query: str, session: dict | None, shown: Any) -> tuple[Any, ...]:
        view, table = view_table(view_query, session)
        result = logic.map_view(table, view, after=shown)
        status = result.status
        if uploads.is_gone((session or {}).get("token")):  # cleared or expired, on any host
            status = [html.P(t("upload.gone", view.lang), className="ca-error-text"), *status]
        return result.hideout, result.legend, status, result.label

    @app.callback(
        Output(ids.MAP, "viewport", allow_duplicate=True),
        Output(ids.MAP_FRAME, "data"),
        Input(ids.VIEW, "data"),
        State(ids.MAP_FRAME, "data"),
        State(ids.SESSION, "data"),
        prevent_initial_call=True,
    )
    def follow_filters(view_query: str, framed: Any, session: dict | None) -> tuple[Any, Any]:
        # the map moves only when the units in the filters (or the selection) change
        view, _ = View.from_query(view_query)
        units = data_for(session).units
        frame = drilldown.frame(view, bounds, units) or logic.view_frame(units, view, bounds)
        if frame is None or frame == framed:
            return no_update, no_update
        return {"bounds": frame, "transition": "fitBounds"}, frame

    @app.callback(
        Output(ids.TABLE, "rowData"),
        Input(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
    )
    def update_table(view_query: str, session: dict | None) -> list[dict[str, Any]]:
        _, table = view_table(view_query, session)
        if logic.no_match(table):
            return []  # the grid then says "No organization matches the filters"
        return logic.compact_rows(logic.table_rows(table))

    @app.callback(
        Output(ids.CHART_TYPES, "children"),
        Output(ids.CHART_COVERAGE, "children"),
        Output(ids.CHART_PRIORITY, "children"),
        Output(ids.INFO, "children"),
        Output(ids.SUMMARY, "children"),
        Input(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
    )
    def update_panels(view_query: str, session: dict | None) -> tuple[Any, ...]:
        view, table = view_table(view_query, session)
        return (
            logic.type_chart(table, view),
            logic.coverage_chart(table, view),
            logic.priority_chart(table, view),
            logic.info_panel(table, view),
            logic.summary_text(table, view),
        )

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input({"type": ids.EXPORT, "fmt": ALL}, "n_clicks"),
        State(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
        prevent_initial_call=True,
    )
    def download(
        clicks: list[int | None], view_query: str, session: dict | None
    ) -> tuple[Any, str | NoUpdate]:
        if not ctx.triggered_id or not any(clicks):
            return no_update, no_update
        view, _ = View.from_query(view_query)
        token, folder = downloads.new_export_folder()
        try:
            path = logic.export_file(data_for(session), view, ctx.triggered_id["fmt"], folder)
        except CoopAtlasError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            return no_update, t("app.export_failed", view.lang, error=str(exc))
        # the page downloads the file by URL (assets/coopatlas.js, startDownload)
        return {"url": downloads.export_url(token, path.name), "name": path.name}, ""

    @app.callback(
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
        framed = args[-1]
        if ctx.triggered_id == ids.ZOOM_FIT and framed:
            return {"bounds": framed, "transition": "flyToBounds"}
        key = {ids.ZOOM_CO: "CO", ids.ZOOM_PE: "PE", ids.ZOOM_EC: "EC"}.get(ctx.triggered_id, "all")
        return {"bounds": layout.COUNTRY_BOUNDS[key], "transition": "flyToBounds"}

    @app.callback(
        Output(ids.ORGS, "children"),
        Input(ids.ORGS_TOGGLE, "value"),
        Input(ids.VIEW, "data"),
        Input(ids.MAP, "bounds"),
        Input(ids.MAP, "zoom"),
        State(ids.MAP, "center"),
        State(ids.SESSION, "data"),
    )
    def organizations_layer(
        toggle: list[str],
        view_query: str,
        bounds: Any,
        zoom: Any,
        center: Any,
        session: dict | None,
    ) -> list[Any]:
        if "on" not in (toggle or []):
            return []
        view, _ = View.from_query(view_query)
        window = points.window_for_map(bounds, zoom, center)
        return [organizations_geojson(view, window, (session or {}).get("token"))]

    drilldown.register(app, data_for)
    planner_callbacks.register(app, data_for)

    # An export arrives as a URL: the page downloads it (the file streams from disk).
    app.clientside_callback(
        ClientsideFunction(namespace="coopatlas", function_name="startDownload"),
        Output(ids.DOWNLOAD_SINK, "data"),
        Input(ids.DOWNLOAD, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction(namespace="coopatlas", function_name="rememberHideout"),
        Output(ids.HIDEOUT_SINK, "data"),
        Input(ids.UNITS, "hideout"),
    )

    # <html lang> follows the page's language (screen readers pick their voice from it).
    app.clientside_callback(
        ClientsideFunction(namespace="coopatlas", function_name="setLang"),
        Output(ids.HTML_LANG, "data"),
        Input(ids.LANG, "value"),
    )

    # Keep the address bar in step with the view (no server round trip, no reload).
    app.clientside_callback(
        ClientsideFunction(namespace="coopatlas", function_name="syncUrl"),
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


def register_uploads(app: Dash) -> None:
    """Register the upload flow: import, report, column mapping, apply, clear."""

    @app.callback(
        Output(ids.UPLOAD_PENDING, "data"),
        Output(ids.UPLOAD_REPORT, "children"),
        Output(ids.UPLOAD_APPLY, "disabled"),
        Output(ids.UPLOAD_REJECTED, "disabled"),
        Input(ids.UPLOAD, "contents"),
        Input({"type": ids.MAPPING_APPLY, "form": ALL}, "n_clicks"),
        State(ids.UPLOAD, "filename"),
        State(ids.UPLOAD_PROGRAMMES, "contents"),
        State(ids.UPLOAD_PROGRAMMES, "filename"),
        State({"type": ids.MAP_FIELD, "field": ALL}, "value"),
        State({"type": ids.MAP_FIELD, "field": ALL}, "id"),
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def import_upload(
        contents, mapping_clicks, filename, prog_contents, prog_filename, values, field_ids, lang
    ):
        if not contents or (ctx.triggered_id != ids.UPLOAD and not any(mapping_clicks or [])):
            return no_update, no_update, True, True
        mapping = {i["field"]: v for i, v in zip(field_ids, values, strict=True) if v}
        programmes = (prog_contents, prog_filename) if prog_contents else None
        try:
            outcome = uploads.process_upload(
                contents, filename, programmes=programmes, mapping=mapping or None
            )
        except CoopAtlasError as exc:
            message = str(exc)
            if "not found. Headers found" in message:
                try:
                    headers = uploads.headers_of(contents, filename)
                except CoopAtlasError:
                    headers = []
                return None, upload_panels.mapping_form(headers, message, lang), True, True
            return None, html.P(message, className="ca-error-text"), True, True
        report = upload_panels.upload_report(outcome.result.report, lang)
        return {"token": outcome.token}, report, False, False

    @app.callback(
        Output(ids.SESSION, "data"),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.UPLOAD_APPLY, "n_clicks"),
        Input(ids.UPLOAD_CLEAR, "n_clicks"),
        State(ids.UPLOAD_PENDING, "data"),
        State(ids.SESSION, "data"),
        State(ids.VIEW, "data"),
        prevent_initial_call=True,
    )
    def apply_upload(apply, clear, pending, session, view_query):
        if ctx.triggered_id == ids.UPLOAD_CLEAR:
            if clear:
                token = (session or {}).get("token")
                uploads.discard(token)
                if token:
                    name = uploads.cookie_name(uploads.token_handle(token))
                    ctx.response.set_cookie(name, "", max_age=0, httponly=True, samesite="Strict")
                return None, page_query(view_query, reset=clear)
            return no_update, no_update
        if not apply or not pending:
            return no_update, no_update
        token = pending["token"]
        ctx.response.set_cookie(
            uploads.cookie_name(uploads.token_handle(token)),
            token,
            max_age=int(uploads.SESSION_TTL_HOURS * 3600),
            httponly=True,
            samesite="Strict",
            secure=flask.request.is_secure,
        )
        return pending, page_query(view_query, reset=apply)

    @app.callback(
        Output(ids.UPLOAD_DOWNLOAD, "data"),
        Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
        Input(ids.UPLOAD_REJECTED, "n_clicks"),
        State(ids.UPLOAD_PENDING, "data"),
        State(ids.LANG, "value"),
        prevent_initial_call=True,
    )
    def download_rejected(clicks, pending, lang):
        if not clicks or not pending:
            return no_update, no_update
        content = uploads.rejected_csv(pending["token"])
        if content is None:  # cleared (by any worker) or expired
            return no_update, html.P(t("upload.gone", lang), className="ca-error-text")
        return dcc.send_bytes(content, "rejected.csv"), no_update
