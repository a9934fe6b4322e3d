"""The timeline on the dashboard: reach and participants per year for the view, with downloads.

For the current filters and selection (:func:`geo.indicators.timeline.timeline`): one
row per year, a bar of the organizations reached split by programme, and the
participants with the women among them; the rows per year and programme download as
CSV or XLSX (:func:`geo.export.timeline_files.write_timeline`, imported where used).
"""

from __future__ import annotations

import shutil
from typing import Any

import pandas as pd
from dash import ALL, Input, Output, State, ctx, html, no_update

from dashboard import downloads, ids, view_answer
from dashboard.context import CallbackSet, data_for, owner_of, view_of
from dashboard.data import DashboardData
from dashboard.fields import attrs
from dashboard.view_answer import ViewRequest
from geo._errors import CoopAtlasError
from geo.i18n import Lang, format_number, t
from geo.indicators.timeline import timeline
from geo.indicators.view import View
from geo.vocab import PROGRAMMES

#: The timeline's callbacks, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()

#: One colour per programme (Okabe & Ito's colour-blind-safe set), in PROGRAMMES order.
PROGRAMME_COLORS: dict[str, str] = dict(
    zip(PROGRAMMES, ("#0072B2", "#E69F00", "#009E73", "#999999"), strict=True)
)


def section(view: View) -> html.Div:
    """Build the timeline's part of the period panel: title, chart, download buttons."""
    lang = view.lang
    buttons = [
        html.Button(
            label,
            id={"type": ids.TIMELINE_EXPORT, "fmt": fmt},
            className="ca-button",
            **attrs(aria_label=f"{t('timeline.download', lang)} ({label})"),
        )
        for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"))
    ]
    return html.Div(
        [
            html.H3(t("timeline.title", lang), id="timeline-title"),
            html.Div(id=ids.TIMELINE),
            html.Div(
                buttons,
                className="ca-export-row",
                role="group",
                **attrs(aria_label=t("timeline.download", lang)),
            ),
        ],
        className="ca-timeline",
    )


def chart(frame: pd.DataFrame, lang: Lang) -> Any:
    """Draw the timeline: per year, organizations reached by programme, and participants."""
    if frame.empty:
        return html.P(t("timeline.empty", lang), className="ca-empty")
    per_year = _per_year(frame)
    top = max(1, max(sum(n for _, n in bars) for bars, _, _ in per_year.values()))
    children: list[Any] = []
    for year in sorted(per_year):
        bars, participants, women = per_year[year]
        segments = [
            html.Span(
                title=f"{programme}: {format_number(reached, lang)}",
                style={
                    "width": f"{100 * reached / top:.2f}%",
                    "background": PROGRAMME_COLORS[programme],
                },
            )
            for programme, reached in bars
        ]
        text = (
            f"{t('timeline.orgs', lang)} {format_number(sum(n for _, n in bars), lang)}"
            f" · {t('timeline.participants', lang)} "
            f"{format_number(participants, lang)}"
            f" ({t('timeline.women', lang).lower()} "
            f"{format_number(women, lang)})"
        )
        children += [
            html.Span(str(year)),
            html.Div(segments, className="ca-timeline-bar"),
            html.Span(text),
        ]
    key = [
        html.Span(
            [html.Span(className="ca-swatch", style={"background": color}), name],
        )
        for name, color in PROGRAMME_COLORS.items()
        if any(name == p for bars, _, _ in per_year.values() for p, _ in bars)
    ]
    return [
        html.Div(key, className="ca-timeline-key"),
        html.Div(children, className="ca-timeline-bars"),
    ]


def _per_year(frame: pd.DataFrame) -> dict[int, tuple[list[tuple[str, int]], int, int]]:
    """Return per year its ``(programme, organizations reached)`` and its participants, women.

    Read from the columns as Python values (a frame's groups and rows cost far more
    than the few dozen numbers a timeline holds).
    """
    out: dict[int, tuple[list[tuple[str, int]], int, int]] = {}
    for year, programme, reached, participants, women in zip(
        frame["year"].tolist(), frame["programme"].tolist(), frame["orgs_reached"].tolist(),
        frame["participants"].tolist(), frame["participants_women"].tolist(), strict=True,
    ):  # fmt: skip
        bars, total, total_women = out.get(year, ([], 0, 0))
        bars.append((programme, int(reached)))
        out[year] = (bars, total + int(participants), total_women + int(women))
    return out


def timeline_file(data: DashboardData, view: View, fmt: str, folder: Any) -> Any:
    """Write the view's timeline as ``fmt`` in ``folder``; return the path."""
    from geo.export.formats import source_from_report
    from geo.export.timeline_files import write_timeline  # openpyxl: only for a download

    name = f"coopatlas-timeline.{fmt}"
    return write_timeline(
        timeline(data.prepared, view),
        folder / name,
        fmt=fmt,
        view=view,
        source=source_from_report(getattr(data, "report", None) or {}, view.lang)
        or t("export.default_source", view.lang),
        synthetic=bool(getattr(data, "is_demo", False)),
    )


@view_answer.part("timeline", Output(ids.TIMELINE, "children"))
def timeline_part(request: ViewRequest) -> tuple[Any]:
    """Draw the timeline of the view."""
    view = request.view
    return (chart(timeline(request.data.prepared, view), view.lang),)


@CALLBACKS.callback(
    Output(ids.DOWNLOAD, "data", allow_duplicate=True),
    Input({"type": ids.TIMELINE_EXPORT, "fmt": ALL}, "n_clicks"),
    State(ids.VIEW, "data"),
    State(ids.SESSION, "data"),
    prevent_initial_call=True,
)
def download_timeline(clicks: list[int | None], view_query: str, session: dict | None) -> Any:
    """Write the timeline in the clicked format; the page downloads it by URL."""
    if not ctx.triggered_id or not any(clicks):
        return no_update
    view = view_of(view_query)
    token, folder = downloads.new_export_folder(owner=owner_of(session))
    try:
        path = timeline_file(data_for(session), view, ctx.triggered_id["fmt"], folder)
    except CoopAtlasError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return {"url": downloads.export_url(token, path.name), "name": path.name}


__all__ = ["CALLBACKS", "PROGRAMME_COLORS", "chart", "section", "timeline_file"]
