"""Callbacks of the planner's map: each unpacks its inputs and calls :mod:`dashboard.planner`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import ALL, Dash, Input, NoUpdate, Output, State, ctx, dcc, no_update

from dashboard import ids, planner
from dashboard.data import DashboardData
from geo._errors import CoopAtlasError
from geo.i18n import t
from geo.unit_tables import unit_table
from geo.view import View


def register(app: Dash, data_for: Callable[[dict | None], DashboardData]) -> None:
    """Register the selection, totals, comparison, download and contribution callbacks."""

    def context(view_query: str, session: dict | None) -> tuple[View, DashboardData, Any]:
        view, _ = View.from_query(view_query)
        current = data_for(session)
        return view, current, view.weight_map or current.weights

    @app.callback(
        Output(ids.SELECTION, "data"),
        Input(ids.UNITS, "n_clicks"),
        Input(ids.TABLE, "cellClicked"),
        Input(ids.PLAN_CLEAR, "n_clicks"),
        State(ids.UNITS, "clickData"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def select_units(
        _: int | None, cell: dict | None, clear: int | None, feature: dict | None, current: Any
    ) -> list[str]:
        # n_clicks, not clickData, triggers: clicking the same unit twice must toggle.
        if ctx.triggered_id == ids.PLAN_CLEAR:
            return []
        if ctx.triggered_id == ids.UNITS:
            clicked = ((feature or {}).get("properties") or {}).get("unit_id")
        else:
            clicked = (cell or {}).get("rowId")
        return planner.toggle_units(current, clicked)

    @app.callback(Output(ids.TABLE, "selectedRows"), Input(ids.VIEW, "data"))
    def show_selected_rows(view_query: str) -> dict[str, list[str]]:
        view, _ = View.from_query(view_query)
        return planner.grid_selection(view.selection)

    @app.callback(
        Output(ids.PLAN_TOTALS, "children"),
        Output(ids.PLAN_COMPARE, "children"),
        Output(ids.CHART_CONTRIB, "children"),
        Input(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
    )
    def update_planner(view_query: str, session: dict | None) -> tuple[Any, Any, Any]:
        view, current, weights = context(view_query, session)
        table = unit_table(current.prepared, view, weights)
        return (
            planner.totals_table(current.prepared, table, view),
            planner.comparison_table(current.prepared, view, weights),
            planner.contributions_chart(table, view, weights),
        )

    @app.callback(
        Output(ids.PLAN_DOWNLOAD, "data"),
        Output(ids.PLAN_COMPARE, "children", allow_duplicate=True),
        Input({"type": ids.PLAN_EXPORT, "fmt": ALL}, "n_clicks"),
        State(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
        prevent_initial_call=True,
    )
    def download_comparison(
        clicks: list[int | None], view_query: str, session: dict | None
    ) -> tuple[Any, Any | NoUpdate]:
        if not ctx.triggered_id or not any(clicks):
            return no_update, no_update
        view, current, weights = context(view_query, session)
        if not view.selection:
            return no_update, no_update
        try:
            name, content = planner.comparison_file(current, view, weights, ctx.triggered_id["fmt"])
        except CoopAtlasError as exc:
            return no_update, t("app.export_failed", view.lang, error=str(exc))
        return dcc.send_bytes(content, name), no_update
