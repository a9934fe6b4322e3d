"""The side panel's bar charts: organizations by type, programme coverage, top 10 by priority.

Each is drawn as plain HTML bars (no plotting library in the page) for the units in
the view's scope, or the selected ones; the top-10 bars start near the lowest score
(:mod:`dashboard.bar_axis`). Texts from the data stay text, never HTML.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from dash import html

from dashboard import bar_axis
from dashboard.logic import PROGRAMME_COLUMNS, empty_message, fmt, no_match
from geo.i18n import check_lang, t
from geo.indicators.view import View
from geo.vocab import ORG_TYPES


def _bars(
    items: list[tuple[str, float, str]], *, percent: bool, lang: str, start: float = 0.0
) -> html.Div:
    """Draw a horizontal bar chart, (label, value, text) per bar, from ``start`` (noted if > 0)."""
    top = max([v for _, v, _ in items if v == v] + [1e-9])
    children: list[Any] = []
    for label, value, text in items:
        width = 0.0 if value != value else (value if percent else value / top) * 100
        if start > 0 and value == value:
            width = (value - start) / (top - start) * 100
        children += [
            html.Span(label, className="ca-bar-label", title=label),
            html.Div(
                html.Div(className="ca-bar", style={"width": f"{max(0.0, min(width, 100)):.1f}%"}),
                className="ca-bar-track",
            ),
            html.Span(text, className="ca-bar-value"),
        ]
    children += bar_axis.axis_note(start, top, check_lang(lang))
    return html.Div(children, className="ca-bars")


def _scope(table: pd.DataFrame, view: View) -> pd.DataFrame:
    rows = table.loc[table["in_scope"].astype(bool)]
    if view.selection:
        rows = rows.loc[rows["unit_id"].isin(view.selection)]
    return rows


def type_chart(table: pd.DataFrame, view: View) -> html.Div | html.P:
    """Chart organizations by type, for the selected unit or everything in scope."""
    if no_match(table):
        return html.P(empty_message(view.lang), className="ca-empty")
    rows = _scope(table, view)
    items = []
    for org_type in ORG_TYPES:
        n = float(rows[f"orgs_{org_type}"].sum())
        items.append(
            (t(f"org_type.{org_type}", view.lang), n, fmt("orgs", n, view.lang, unit=False))
        )
    return _bars(items, percent=False, lang=view.lang)


def coverage_chart(table: pd.DataFrame, view: View) -> html.Div | html.P:
    """Chart the share of organizations reached, per programme and by any."""
    if no_match(table):
        return html.P(empty_message(view.lang), className="ca-empty")
    rows = _scope(table, view)
    orgs = float(rows["orgs"].sum())
    items = []
    for key, column in PROGRAMME_COLUMNS:
        reached_col = column.replace("coverage_", "reached_")
        share = float(rows[reached_col].sum()) / orgs if orgs else float("nan")
        items.append(
            (t(f"programme.{key}", view.lang), share, fmt("coverage_any", share, view.lang))
        )
    return _bars(items, percent=True, lang=view.lang)


def priority_chart(table: pd.DataFrame, view: View) -> html.Div | html.P:
    """Chart the ten units with the highest priority score in scope."""
    if no_match(table):
        return html.P(empty_message(view.lang), className="ca-empty")
    ranks = table["priority_rank"].to_numpy(dtype="float64", na_value=np.nan)
    ranked = np.flatnonzero(~np.isnan(ranks))
    top = ranked[np.argsort(ranks[ranked], kind="stable")[:10]]  # ranks are 1..n, distinct
    if top.size == 0:
        return html.P(t("priority.none", view.lang), className="ca-empty")
    scores = table["priority_score"].to_numpy(dtype="float64", na_value=np.nan)[top].tolist()
    names = table["name"].to_numpy()[top].tolist()
    items = [
        (
            f"{int(rank)}. {name}",
            score,
            fmt("priority_score", score, view.lang, unit=False),
        )
        for rank, name, score in zip(ranks[top].tolist(), names, scores, strict=True)
    ]
    start = bar_axis.axis_start([value for _, value, _ in items])  # 80.5 and 77.8 differ
    return _bars(items, percent=False, lang=view.lang, start=start)
