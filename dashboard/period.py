"""The programme period on the dashboard: the year slider with play, and the change map.

The period is a field of the view (``View.years``, ``View.before``), collected with the
other controls by :func:`dashboard.callbacks.collect_view` through :func:`view_fields`;
the map recolours through the units layer's ``hideout`` as for any filter, so moving the
slider (or playing it) sends colours, never geometry. With an earlier period the map
shows the change in reach (:mod:`geo.indicators.reach_change`): four classes, their own
legend, and a table of the units by class. Plain functions here; the callbacks are
declared on :data:`CALLBACKS` (registered by :func:`dashboard.app.create_app`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard import ids, timeline, view_answer
from dashboard.context import CallbackSet, data_for, weights_of
from dashboard.data import DashboardData
from dashboard.fields import attrs, field
from dashboard.logic import MapView, map_stamp, map_view
from dashboard.view_answer import ViewRequest
from geo.i18n import Lang, format_number, no_data, t
from geo.indicators.classify import NO_DATA_COLOR
from geo.indicators.periods import Period
from geo.indicators.reach_change import CHANGE_CLASSES, change_counts, reach_change
from geo.indicators.view import View

#: The period's callbacks, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()

#: Controls of the period, collected into the view with the others (name -> id).
CONTROLS: dict[str, str] = {
    "period": ids.PERIOD,
    "period_compare": ids.PERIOD_COMPARE,
    "period_before": ids.PERIOD_BEFORE,
}

#: Milliseconds between two years while the slider plays.
PLAY_INTERVAL_MS = 1500


def bounds(data: DashboardData) -> tuple[int, int] | None:
    """Return the first and last year of programme participation in ``data``, or None."""
    rows = data.prepared.programme_years
    return None if rows is None else rows.year_range


def view_fields(controls: Mapping[str, Any], span: tuple[int, int] | None) -> dict[str, Any]:
    """Return the view's ``years`` and ``before`` from the period's control values.

    The slider at the data's first and last year is no period (every year counts, those
    without a year too). ``before`` needs the comparison ticked and must end before
    ``years`` starts; otherwise there is none.
    """
    chosen = controls.get("period")
    if not span or not chosen or len(chosen) != 2:
        return {"years": None, "before": None}
    years = None if tuple(chosen) == tuple(span) else Period(int(chosen[0]), int(chosen[1]))
    before = None
    earlier = controls.get("period_before")
    if "on" in (controls.get("period_compare") or []) and earlier and len(earlier) == 2:
        candidate = Period(int(earlier[0]), int(earlier[1]))
        start = years.first if years else span[0]
        if candidate.last < start:
            before = candidate
            years = years or Period(*span)
    return {"years": years, "before": before}


def next_year(value: list[int] | None, span: tuple[int, int]) -> tuple[list[int], bool]:
    """Return the slider's next single year while playing, and whether to stop after it.

    From a range (or nothing) play starts at the first year; each tick moves one year;
    the last year stops the play.
    """
    first, last = span
    current = value[0] if value and value[0] == value[1] else first - 1
    year = min(max(current + 1, first), last)
    return [year, year], year >= last


# --------------------------------------------------------------------------- layout


def _slider(component_id: str, span: tuple[int, int], value: list[int]) -> dcc.RangeSlider:
    low, high = span
    return dcc.RangeSlider(
        id=component_id,
        min=low,
        max=high,
        step=1,
        value=value,
        marks={y: str(y) for y in range(low, high + 1) if y in (low, high) or y % 5 == 0},
        tooltip={"placement": "top"},
        allowCross=False,
    )


def panel(data: DashboardData, view: View) -> html.Section:
    """Build the period panel: the year slider with play, the comparison, the change table."""
    lang = view.lang
    span = bounds(data)
    thumbs = f"{t('access.from', lang)}|{t('access.to', lang)}"
    if span is None:  # the controls stay in the page (the view collects them), inert
        span, disabled = (0, 0), True
    else:
        disabled = False
    years = view.years or Period(*span)
    before = view.before or Period(span[0], max(span[0], years.first - 1))
    children: list[Any] = [
        html.H2(t("period.title", lang), id="period-title"),
        html.P(t("period.none", lang), className="ca-empty") if disabled else None,
        field(
            "l-period",
            t("period.years", lang),
            _slider(ids.PERIOD, span, [years.first, years.last]),
            thumbs=thumbs,
        ),
        html.Button(
            t("period.play", lang),
            id=ids.PERIOD_PLAY,
            className="ca-button",
            disabled=disabled,
            **attrs(aria_pressed="false"),
        ),
        dcc.Interval(id=ids.PERIOD_TICK, interval=PLAY_INTERVAL_MS, disabled=True),
        dcc.Checklist(
            id=ids.PERIOD_COMPARE,
            options=[{"label": t("period.compare", lang), "value": "on"}],
            value=["on"] if view.before else [],
            inline=True,
        ),
        field(
            "l-period-before",
            t("period.before", lang),
            _slider(ids.PERIOD_BEFORE, span, [before.first, before.last]),
            thumbs=thumbs,
        ),
        html.Div(id=ids.CHANGE_TABLE),
        timeline.section(view),
    ]
    return html.Section(
        [c for c in children if c is not None],
        id="period-panel",
        className="ca-panel ca-period-panel",
        **attrs(aria_labelledby="period-title"),
    )


# --------------------------------------------------------------------------- the map


def _legend_title(view: View) -> str:
    assert view.before is not None and view.years is not None
    return t("change.title", view.lang, before=view.before.to_text(), since=view.years.to_text())


def change_map_view(data: DashboardData, view: View, *, after: object = None) -> MapView:
    """Colour the units by their change in reach between the view's two periods."""
    change = reach_change(data.prepared, view, weights_of(view, data))
    counts = change_counts(change)
    keys = [cls.key for cls in CHANGE_CLASSES]
    lang = view.lang
    labels = {cls.key: t(f"change.{cls.key}", lang) for cls in CHANGE_CLASSES}
    classes = {
        unit: (keys.index(key) if key else -1)
        for unit, key in zip(change["unit_id"], change["change"], strict=True)
    }
    tooltips = {
        row.unit_id: [
            labels[row.change] if row.change else no_data(lang),
            _reached_text(view.before, row.reached_before, lang),
            _reached_text(view.years, row.reached_since, lang),
        ]
        for row in change.itertuples(index=False)
    }
    hideout = {
        "v": map_stamp(after),
        "classes": classes,
        "colors": [cls.color for cls in CHANGE_CLASSES],
        "noData": NO_DATA_COLOR,
        "selected": list(view.selection),
        "tooltips": tooltips,
    }
    rows = [
        _legend_row(f"{labels[cls.key]} ({format_number(counts[cls.key], lang)})", cls.color)
        for cls in CHANGE_CLASSES
    ]
    if any(c < 0 for c in classes.values()):  # the key names only what the map draws
        rows.append(_legend_row(no_data(lang), NO_DATA_COLOR))
    title = _legend_title(view)
    legend = [html.Div(title, className="ca-legend-title"), *rows]
    return MapView(hideout, legend, [], title)


def _reached_text(period: Period | None, reached: int, lang: Lang) -> str:
    label = t("change.reached", lang, period=period.to_text() if period else "")
    return f"{label}: {format_number(reached, lang)}"


def _legend_row(text: str, color: str) -> html.Div:
    return html.Div(
        [html.Span(className="ca-swatch", style={"background": color}), html.Span(text)],
        className="ca-legend-row",
    )


def map_answer(
    table: pd.DataFrame, view: View, session: dict | None, *, after: object = None
) -> MapView:
    """Return the map of the view: the change classes with an earlier period, else its indicator."""
    if view.before is not None and view.years is not None:
        return change_map_view(data_for(session), view, after=after)
    return map_view(table, view, after=after)


# --------------------------------------------------------------------------- the table


def change_table(data: DashboardData, view: View, *, comparing: bool = False) -> Any:
    """Return the table of units by change class (the units in scope), or a hint.

    ``comparing``: the comparison is ticked; without an earlier period in the view its
    years did not end before the period's start, and the hint says so.
    """
    lang = view.lang
    if view.before is None or view.years is None:
        span = bounds(data)
        if comparing and span is not None:
            start = view.years.first if view.years else span[0]
            return html.P(t("period.before_overlaps", lang, year=start), className="ca-empty")
        return html.P(t("change.hint", lang), className="ca-empty")
    change = reach_change(data.prepared, view, weights_of(view, data))
    change = change.loc[change["change"] != ""]
    order = {cls.key: i for i, cls in enumerate(CHANGE_CLASSES)}
    change = change.assign(_o=change["change"].map(order)).sort_values(["_o", "name"])
    head = [
        t("change.unit", lang),
        t("change.class", lang),
        t("change.reached", lang, period=view.before.to_text()),
        t("change.reached", lang, period=view.years.to_text()),
    ]
    body = [
        html.Tr(
            [
                html.Td(f"{row.name} ({row.unit_id})"),
                html.Td(t(f"change.{row.change}", lang)),
                html.Td(format_number(row.reached_before, lang), className="ca-num"),
                html.Td(format_number(row.reached_since, lang), className="ca-num"),
            ]
        )
        for row in change.itertuples(index=False)
    ]
    numeric = (False, False, True, True)
    table = html.Table(
        [
            html.Caption(_legend_title(view)),
            html.Thead(
                html.Tr(
                    [
                        html.Th(h, scope="col", className="ca-num" if n else None)
                        for h, n in zip(head, numeric, strict=True)
                    ]
                )
            ),
            html.Tbody(body),
        ],
        id="change-units",
        className="ca-change-table",
    )
    # a long table scrolls in its own box, reachable by keyboard
    return html.Div(
        table,
        className="ca-change-scroll",
        tabIndex=0,
        role="region",
        **attrs(aria_label=_legend_title(view)),
    )


# --------------------------------------------------------------------------- callbacks


@view_answer.part(
    "change_table",
    Output(ids.CHANGE_TABLE, "children"),
    state={"compare": State(ids.PERIOD_COMPARE, "value")},
)
def change_table_part(request: ViewRequest) -> tuple[Any]:
    """Fill the table of units by change class."""
    comparing = "on" in (request.state["compare"] or [])
    return (change_table(request.data, request.view, comparing=comparing),)


@CALLBACKS.callback(
    Output(ids.PERIOD_TICK, "disabled"),
    Output(ids.PERIOD_PLAY, "children"),
    Output(ids.PERIOD_PLAY, "aria-pressed"),
    Input(ids.PERIOD_PLAY, "n_clicks"),
    State(ids.PERIOD_TICK, "disabled"),
    State(ids.LANG, "value"),
    prevent_initial_call=True,
)
def toggle_play(clicks: int | None, stopped: bool, lang: str) -> tuple[bool, str, str]:
    """Start or pause playing the years."""
    playing = bool(stopped)  # stopped now: start
    word = t("period.pause" if playing else "period.play", lang)
    return not playing, word, "true" if playing else "false"


@CALLBACKS.callback(
    Output(ids.PERIOD, "value"),
    Output(ids.PERIOD_TICK, "disabled", allow_duplicate=True),
    Output(ids.PERIOD_PLAY, "children", allow_duplicate=True),
    Output(ids.PERIOD_PLAY, "aria-pressed", allow_duplicate=True),
    Input(ids.PERIOD_TICK, "n_intervals"),
    State(ids.PERIOD, "value"),
    State(ids.LANG, "value"),
    State(ids.SESSION, "data"),
    prevent_initial_call=True,
)
def play_step(_: int, value: list[int] | None, lang: str, session: dict | None) -> tuple[Any, ...]:
    """Move the slider to the next year; stop at the last one."""
    span = bounds(data_for(session))
    if span is None:
        return no_update, True, t("period.play", lang), "false"
    year, last = next_year(value, span)
    if last:
        return year, True, t("period.play", lang), "false"
    return year, no_update, no_update, no_update


__all__ = [
    "CALLBACKS",
    "CONTROLS",
    "bounds",
    "change_map_view",
    "change_table",
    "map_answer",
    "next_year",
    "panel",
    "view_fields",
]
