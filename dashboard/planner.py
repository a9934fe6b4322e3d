"""The planner's map: a selection of units, its totals, units side by side, targeting.

Builders of the planner's controls and panels, and the plain functions their
callbacks (:mod:`dashboard.planner_callbacks`) call. Totals and comparisons come
from :mod:`geo.indicators.selection` (shares pooled from the data, never averaged); what
separates the top units from :mod:`geo.indicators.contributions`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard import compare_filter, ids
from dashboard.fields import attrs
from dashboard.logic import fmt, no_match
from geo.i18n import Lang, format_number, t
from geo.indicators.catalogue import PANELS, indicator_info
from geo.indicators.contributions import contributions
from geo.indicators.prepared import PreparedData
from geo.indicators.priority import COMPONENTS, component_label
from geo.indicators.selection import compare_units, totals_rows
from geo.indicators.view import View

#: At most this many units are compared side by side (``geo.indicators.selection.compare_units``).
MAX_COMPARED = 5

#: Columns of the totals table, in order (:data:`geo.indicators.catalogue.PANELS`).
TOTALS_COLUMNS: tuple[str, ...] = PANELS["totals"]

#: Measures of ``compare_units`` shown on the page (:data:`geo.indicators.catalogue.PANELS`).
COMPARED_MEASURES: tuple[str, ...] = PANELS["compare"]

#: Colour of each priority component in the stacked bars (Okabe-Ito, colour-blind safe).
COMPONENT_COLORS: dict[str, str] = dict(
    zip(
        COMPONENTS,
        ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"),
        strict=False,
    )
)


# --------------------------------------------------------------------------- context layer


def context_layer(url: str) -> Any:
    """Build the context layer: neighbouring countries in light grey, capitals labelled.

    Not interactive (no tab stop, no click): it only situates the units.
    """
    import dash_leaflet as dl

    return dl.GeoJSON(
        id=ids.CONTEXT,
        url=url,
        interactive=False,
        style={"variable": "coopatlas.contextStyle"},
        pointToLayer={"variable": "coopatlas.capitalPoint"},
    )


# --------------------------------------------------------------------------- selection


def toggle_units(current: Sequence[str] | str | None, clicked: str | None) -> list[str]:
    """Add ``clicked`` to the selection, or remove it when it is already selected."""
    units = [current] if isinstance(current, str) else list(current or [])
    if not clicked:
        return units
    return [u for u in units if u != clicked] if clicked in units else [*units, clicked]


def grid_selection(selection: Sequence[str]) -> dict[str, list[str]]:
    """Return the AG Grid ``selectedRows`` of the selected units (rows are keyed by code)."""
    return {"ids": list(selection)}


# --------------------------------------------------------------------------- controls


# --------------------------------------------------------------------------- panel


def selection_panel(view: View) -> html.Section:
    """Build the selection panel: hint, totals, units side by side and their downloads."""
    lang = view.lang
    buttons = [
        html.Button(
            t(f"plan.download_{fmt_}", lang),
            id={"type": ids.PLAN_EXPORT, "fmt": fmt_},
            className="ca-button",
        )
        for fmt_ in ("csv", "xlsx")
    ]
    return html.Section(
        [
            html.H2(t("plan.heading", lang), id="h-plan"),
            html.P(t("plan.hint", lang), className="ca-orgs-note"),
            html.Div(
                [
                    compare_filter.button(lang),
                    html.Button(t("plan.clear", lang), id=ids.PLAN_CLEAR, className="ca-button"),
                ],
                className="ca-zoom",
            ),
            # both tables scroll sideways: focusable named regions, so keyboards reach them
            html.Div(
                id=ids.PLAN_TOTALS,
                className="ca-plan-totals",
                tabIndex="0",
                role="region",
                **attrs(aria_label=t("plan.totals_region", lang)),
            ),
            html.Div(
                id=ids.PLAN_COMPARE,
                className="ca-plan-compare",
                tabIndex="0",
                role="region",
                **attrs(aria_label=t("plan.compare", lang)),
            ),
            html.Div(buttons, className="ca-zoom"),
            dcc.Download(id=ids.PLAN_DOWNLOAD),
        ],
        id=ids.PLAN,
        className="ca-panel ca-plan-panel",
        **attrs(aria_labelledby="h-plan"),
    )


def _cell(column: str, value: Any, lang: Lang) -> html.Td:
    text = fmt(column, None if pd.isna(value) else float(value), lang, unit=False)
    # data-label: the column's name beside the value when a phone shows rows as cards
    return html.Td(text, **attrs(data_label=indicator_info(column).label(lang)))


def totals_table(prepared: PreparedData, table: pd.DataFrame, view: View) -> Any:
    """Tabulate the totals of the selection and of the filtered units (pooled shares).

    Without a selection only the filtered units' row is shown.
    """
    lang = view.lang
    if no_match(table):
        return html.P(t("static_map.empty", lang), className="ca-empty")
    totals = totals_rows(
        prepared,
        view.filters,
        view.selection,
        unit_table=table,
        place=(view.level, view.parent),
        selection=bool(view.selection),
    )
    head = [html.Th(t("selection.level", lang), scope="col")]
    head += [html.Th(t("selection.units", lang), scope="col")]
    head += [html.Th(indicator_info(c).label(lang), scope="col") for c in TOTALS_COLUMNS]
    rows = []
    for row in totals:
        level = row["level"]
        name = t(f"selection.level_{level}", lang)
        count = format_number(int(row["units_in_scope"]), lang)
        rows.append(
            html.Tr(
                [html.Th(name, scope="row")]
                + [html.Td(count, **attrs(data_label=t("selection.units", lang)))]
                + [_cell(c, row[c], lang) for c in TOTALS_COLUMNS],
                className=f"ca-total-{level}",
                **attrs(data_level=str(level)),
            )
        )
    return html.Table(
        [
            html.Caption(t("plan.totals", lang)),
            html.Thead(html.Tr(head)),
            html.Tbody(rows),
        ],
        className="ca-plan-table",
    )


def compared_units(view: View) -> list[str]:
    """Return the units shown side by side: the first :data:`MAX_COMPARED` selected."""
    return list(view.selection[:MAX_COMPARED])


def comparison(
    prepared: PreparedData, view: View, weights: Any, *, totals: bool = False
) -> pd.DataFrame:
    """Return :func:`geo.indicators.selection.compare_units` of the compared units."""
    return compare_units(
        prepared,
        view.filters,
        compared_units(view),
        weights,
        coverage_programme=view.programme,
        per_population=view.per_population,
        place=(view.level, view.parent),
        totals=totals,
    )


def comparison_table(prepared: PreparedData, view: View, weights: Any) -> list[Any]:
    """Put the first five selected units side by side (a note when fewer than two)."""
    lang = view.lang
    if len(view.selection) < 2:
        return [html.P(t("plan.compare_need", lang), className="ca-empty")]
    frame = comparison(prepared, view, weights).set_index("measure")
    codes = compared_units(view)
    head = [html.Th(t("compare.measure", lang), scope="col")] + [
        html.Th(f"{frame.at['name', c]} ({c})", scope="col") for c in codes
    ]
    rows = [
        html.Tr(
            [html.Th(indicator_info(m).label(lang), scope="row")]
            + [_cell(m, frame.at[m, c], lang) for c in codes]
        )
        for m in COMPARED_MEASURES
        if m in frame.index
    ]
    out: list[Any] = []
    if len(view.selection) > MAX_COMPARED:
        out.append(html.P(t("plan.compare_first", lang, n=MAX_COMPARED), className="ca-orgs-note"))
    out.append(
        html.Table(
            [
                html.Caption(t("plan.compare", lang)),
                html.Thead(html.Tr(head)),
                html.Tbody(rows),
            ],
            className="ca-plan-table",
        )
    )
    return out


def comparison_file(data: Any, view: View, weights: Any, file_fmt: str) -> tuple[str, bytes]:
    """Write the comparison as CSV or XLSX; return the file name and its bytes."""
    from geo.export.formats import source_from_report
    from geo.export.selection_files import write_comparison

    name = f"coopatlas-comparison.{file_fmt}"
    with tempfile.TemporaryDirectory(prefix="coopatlas-compare-") as tmp:
        path = write_comparison(
            comparison(data.prepared, view, weights, totals=True),
            Path(tmp) / name,
            fmt=file_fmt,
            filters=view.filters,
            source=source_from_report(getattr(data, "report", None) or {}, view.lang),
            lang=view.lang,
        )
        return name, path.read_bytes()


# --------------------------------------------------------------------------- contributions


def contributions_chart(table: pd.DataFrame, view: View, weights: Any) -> list[Any]:
    """Draw the points of each component for the top 10 units as stacked bars.

    The bars are hidden from screen readers, which read the list that follows
    them instead (one sentence per unit with each component's points).
    """
    lang = view.lang
    if no_match(table) or table["priority_rank"].notna().sum() == 0:
        return [html.P(t("priority.none", lang), className="ca-empty")]
    parts = contributions(table, weights, top=10)
    labels = {
        c: component_label(
            c, lang, coverage_programme=view.programme, per_population=view.per_population
        )
        for c in COMPONENTS
    }
    bars: list[Any] = []
    sentences: list[Any] = []
    for rank, name, score, points in _units_points(parts):
        # each component's points once, as a number and as text (title and sentence)
        said = [(c, p, format_number(p, lang, decimals=1)) for c, p in points if p == p]
        segments = [
            html.Div(
                className="ca-seg",
                title=f"{labels[c]}: {text}",
                style={
                    "width": f"{max(0.0, p):.2f}%",
                    "background": COMPONENT_COLORS.get(c, "#999999"),
                },
            )
            for c, p, text in said
        ]
        score_text = format_number(score, lang, decimals=1)
        bars += [
            html.Span(f"{rank}. {name}", className="ca-bar-label", title=str(name)),
            html.Div(segments, className="ca-bar-track ca-stack"),
            html.Span(score_text, className="ca-bar-value"),
        ]
        described = "; ".join(f"{labels[c]} {text}" for c, _, text in said)
        sentences.append(
            html.Li(
                t(
                    "plan.contrib_unit",
                    lang,
                    rank=rank,
                    name=str(name),
                    score=score_text,
                    parts=described,
                )
            )
        )
    legend = html.Ul(
        [
            html.Li(
                [
                    html.Span(className="ca-swatch", style={"background": COMPONENT_COLORS[c]}),
                    labels[c],
                ]
            )
            for c in COMPONENTS
        ],
        className="ca-contrib-legend",
        **attrs(aria_hidden="true"),
    )
    return [
        html.Div(bars, className="ca-bars", **attrs(aria_hidden="true")),
        legend,
        html.Ul(sentences, className="ca-sr-only"),
    ]


def _units_points(parts: pd.DataFrame) -> list[tuple[int, Any, float, list[tuple[str, float]]]]:
    """Return each unit of :func:`contributions`' rows by rank (then name).

    One entry per unit: rank, name, score and its ``(component, points)`` in the rows'
    order. Read from the columns as Python values (a frame's groups and rows cost far
    more than the few dozen numbers they hold).
    """
    units: dict[tuple[int, Any], tuple[float, list[tuple[str, float]]]] = {}
    for rank, name, score, component, points in zip(
        parts["rank"].tolist(), parts["name"].tolist(), parts["score"].tolist(),
        parts["component"].tolist(), parts["points"].tolist(), strict=True,
    ):  # fmt: skip
        units.setdefault((int(rank), name), (float(score), []))[1].append((component, points))
    return [(rank, name, *units[rank, name]) for rank, name in sorted(units)]
