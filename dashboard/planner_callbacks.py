"""Callbacks of the planner's map: each unpacks its inputs and calls :mod:`dashboard.planner`.

Declared at module level on :data:`CALLBACKS` (registered by ``create_app``); the
totals, the comparison and the top units are parts of the one answer to a view change
(:mod:`dashboard.view_answer`) and read the view's one unit table.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, NoUpdate, Output, State, ctx, dcc, html, no_update

from dashboard import ids, planner, view_answer
from dashboard.context import CallbackSet, data_for, view_of, weights_of
from dashboard.view_answer import ViewRequest
from geo._errors import CoopAtlasError
from geo.i18n import t

#: The planner's callbacks, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()


@CALLBACKS.callback(
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
    """Toggle the clicked unit (map or table) in the selection, or clear it."""
    # n_clicks, not clickData, triggers: clicking the same unit twice must toggle.
    if ctx.triggered_id == ids.PLAN_CLEAR:
        return []
    if ctx.triggered_id == ids.UNITS:
        clicked = ((feature or {}).get("properties") or {}).get("unit_id")
    else:
        clicked = (cell or {}).get("rowId")
    return planner.toggle_units(current, clicked)


@view_answer.part("selected_rows", Output(ids.TABLE, "selectedRows"), always=True)
def selected_rows_part(request: ViewRequest) -> tuple[dict[str, list[str]]]:
    """Tick the selected units' rows in the table."""
    return (planner.grid_selection(request.view.selection),)


@view_answer.part(
    "planner",
    Output(ids.PLAN_TOTALS, "children"),
    Output(ids.PLAN_COMPARE, "children"),
    Output(ids.CHART_CONTRIB, "children"),
)
def planner_part(request: ViewRequest) -> tuple[Any, Any, Any]:
    """Show the selection's totals, the units side by side and what separates the top units."""
    view, table, current = request.view, request.table, request.data
    weights = weights_of(view, current)
    return (
        planner.totals_table(current.prepared, table, view),
        planner.comparison_table(current.prepared, view, weights),
        planner.contributions_chart(table, view, weights),
    )


@CALLBACKS.callback(
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
    """Download the compared units (CSV or XLSX)."""
    if not ctx.triggered_id or not any(clicks):
        return no_update, no_update
    view = view_of(view_query)
    current = data_for(session)
    if not view.selection:  # say so: a button that does nothing looks broken
        return no_update, html.P(t("plan.download_need", view.lang), className="ca-error-text")
    try:
        name, content = planner.comparison_file(
            current, view, weights_of(view, current), ctx.triggered_id["fmt"]
        )
    except CoopAtlasError as exc:
        return no_update, t("app.export_failed", view.lang, error=str(exc))
    return dcc.send_bytes(content, name), no_update
