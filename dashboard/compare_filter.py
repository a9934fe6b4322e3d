"""The "compare these units" button: select every unit in the filters, when they are few.

A planner who filters to two departments wants them side by side without clicking
each again: the button selects the units in scope of the view's table (any level)
when they are at most :data:`geo.indicators.selection.MAX_COMPARED`, and otherwise says
how many there are and how to narrow them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import Input, NoUpdate, Output, State, html, no_update

from dashboard import ids
from dashboard.context import CallbackSet, view_table
from geo.i18n import Lang, t
from geo.indicators.selection import MAX_COMPARED

#: Id of the button (in the planner's panel).
COMPARE_FILTER = "plan-compare-filter"

#: The button's callback, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()


def button(lang: str) -> html.Button:
    """Build the "Compare the units in the filters" button."""
    return html.Button(
        t("plan.compare_filter", lang), id=COMPARE_FILTER, className="ca-button", type="button"
    )


def units_to_compare(table: pd.DataFrame, lang: Lang) -> tuple[list[str] | None, str | None]:
    """Return the units in scope to select, or None and why not (too many, none)."""
    units = table.loc[table["in_scope"].astype(bool), "unit_id"].astype(str).tolist()
    if not units:
        return None, t("static_map.empty", lang)
    if len(units) > MAX_COMPARED:
        return None, t("plan.compare_filter_many", lang, n=len(units), max=MAX_COMPARED)
    return units, None


@CALLBACKS.callback(
    Output(ids.SELECTION, "data", allow_duplicate=True),
    Output(ids.PLAN_COMPARE, "children", allow_duplicate=True),
    Input(COMPARE_FILTER, "n_clicks"),
    State(ids.VIEW, "data"),
    State(ids.SESSION, "data"),
    prevent_initial_call=True,
)
def compare_filtered(
    clicks: int | None, view_query: str, session: dict | None
) -> tuple[Any | NoUpdate, Any | NoUpdate]:
    """Select the units in the filters, or say why they cannot be compared."""
    if not clicks:
        return no_update, no_update
    view, table = view_table(view_query, session)
    units, why = units_to_compare(table, view.lang)
    if units is None:
        return no_update, html.P(why, className="ca-error-text")
    return units, no_update
