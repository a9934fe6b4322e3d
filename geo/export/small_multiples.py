"""Small multiples for presentations: one map per year or period, one legend, one scale.

:func:`write_small_multiples` draws a view's indicator once per programme period
(:class:`geo.indicators.periods.Period`) side by side, classified together: the class
breaks come from the values of every period at once, so a colour means the same
value in every panel and the legend is drawn once. The figure is titled for the
view (indicator, area, filters), and carries the source and, for the bundled data,
the synthetic notice. PNG and PDF are the figure; PowerPoint is either one slide with
every panel or one slide per period, each with the shared legend.

matplotlib and python-pptx are imported at the top: this module is itself imported
only inside :func:`geo.export.formats` functions, never by a dashboard worker.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from geo._errors import InputValidationError
from geo.export.map_insets import INSET_UNITS
from geo.export.map_layer import (
    Layer,
    add_map_axes,
    children_layer,
    clear_axis_titles,
    default_layer,
    draw_parent_outline,
    draw_units,
    fills,
    members,
    scope_box,
    subject,
)
from geo.export.map_layout import SIZES, Box
from geo.export.map_style import INK, MUTED, RC
from geo.export.static_map import is_empty, save_map
from geo.indicators.classify import Classification
from geo.indicators.mapspec import MapSpec
from geo.indicators.periods import Period
from geo.indicators.pooled_classes import pooled_classes
from geo.indicators.prepared import PreparedData
from geo.indicators.unit_tables import unit_table
from geo.io.atomic import atomic_output

#: Most panels on one figure (a 4 x 3 grid still reads on a slide).
MAX_PANELS = 12
_SLIDE = SIZES["slide"][:2]  # inches, 16:9
_DPI = SIZES["slide"][2]  # 1920 x 1080 pixels


def periods_of(text: str, years: Period | None) -> list[Period]:
    """Return the periods of ``--multiples``: ``each`` (every year of ``years``) or a list.

    Parameters
    ----------
    text
        ``each``, or periods apart with commas (``2015-2018,2019-2021,2022-2025``).
    years
        The view's period: the years ``each`` runs through.

    Raises
    ------
    InputValidationError
        Naming every part that is not a period, an ``each`` without a period, or more
        than :data:`MAX_PANELS` panels.
    """
    if text.strip().lower() == "each":
        if years is None:
            raise InputValidationError(
                "one map per year needs the years to run through: give a period (2015-2025)"
            )
        periods = [Period(y, y) for y in years.years()]
    else:
        parts = [p for p in text.split(",") if p.strip()]
        bad = [p.strip() for p in parts if Period.parse(p) is None]
        if bad or not parts:
            raise InputValidationError(
                f"{', '.join(bad) or repr(text)}: not periods such as 2015-2018,2019-2021 "
                "(or each, for one map per year)"
            )
        periods = [p for p in (Period.parse(x) for x in parts) if p is not None]
    if len(periods) > MAX_PANELS:
        raise InputValidationError(
            f"{len(periods)} maps is too many for one figure; give at most {MAX_PANELS} periods"
        )
    return periods


def shared_classes(
    spec: MapSpec, tables: Sequence[pd.DataFrame]
) -> tuple[Classification, list[Classification]]:
    """Classify the spec's column over every period's table at once; split it per table.

    Returns the pooled classification (its legend is every panel's) and one
    classification per table, aligned with its rows
    (:func:`geo.indicators.pooled_classes.pooled_classes`).
    """
    return pooled_classes(tables, spec.column, scheme=spec.scheme, k=spec.k, lang=spec.lang)


def _layer(spec: MapSpec) -> Layer:
    if spec.parent:
        return children_layer(spec.parent, INSET_UNITS)
    return default_layer(INSET_UNITS)


def _grid(n: int, width: float, height: float) -> tuple[int, int]:
    """Columns and rows for ``n`` panels in a ``width`` x ``height`` area (panels near square)."""
    best = (n, 1)
    best_side = 0.0
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        side = min(width / cols, height / rows)
        if side > best_side:
            best, best_side = (cols, rows), side
    return best


def draw_multiples(
    spec: MapSpec,
    panels: Sequence[tuple[Period, pd.DataFrame, Classification]],
    pooled: Classification,
    *,
    header: bool = True,
    size: tuple[float, float] = _SLIDE,
) -> Figure:
    """Draw the panels on one figure with one legend (and title and footer when ``header``).

    ``size`` is the figure's in inches (a 16:9 slide by default, at 1920 x 1080 pixels).
    """
    layer = _layer(spec)
    hidden = members(layer, INSET_UNITS)
    box = scope_box(spec, layer, detached=hidden)
    with mpl.rc_context(RC):
        fig = Figure(figsize=size, dpi=_DPI, facecolor="white")
        FigureCanvasAgg(fig)
        fig.set_label(spec.title)
        width, height = size
        top = height - 0.3
        if header:
            fig.text(0.3 / width, top / height, spec.title, fontsize=20, color=INK,
                     weight="bold", va="top")  # fmt: skip
            fig.text(0.3 / width, (top - 0.45) / height, spec.subtitle, fontsize=12,
                     color=MUTED, va="top")  # fmt: skip
            top -= 0.9
            footer = " · ".join(x for x in (spec.notice, spec.footer) if x)
            fig.text(0.3 / width, 0.2 / height, footer, fontsize=8.5, color=MUTED, va="bottom",
                     wrap=True)  # fmt: skip
        bottom = 0.6 if header else 0.2
        legend_w = 2.6
        area_w, area_h = width - 0.6 - legend_w, top - bottom
        cols, rows = _grid(len(panels), area_w, area_h)
        cell_w, cell_h = area_w / cols, area_h / rows
        for i, (period, table, classes) in enumerate(panels):
            col, row = i % cols, i // cols
            x = 0.3 + col * cell_w
            y = top - (row + 1) * cell_h
            ax = add_map_axes(fig, _fit(x, y, cell_w - 0.15, cell_h - 0.4, box), period.to_text(),
                              box, frame=False)  # fmt: skip
            colours = fills(table, classes, layer, empty=is_empty(table))
            draw_units(ax, layer, colours, hidden=hidden, selected=None,
                       subject=subject(spec.frame))  # fmt: skip
            if spec.parent:
                draw_parent_outline(ax, spec.parent)
            ax.set_xlim(box[0], box[2])  # the units' plot widens the limits: the shared frame
            ax.set_ylim(box[1], box[3])
            ax.set_title(period.to_text(), fontsize=13, color=INK, weight="bold")
        handles = [Patch(facecolor=c, edgecolor="#7a7a7a", label=lab) for lab, c in pooled.legend()]
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=((width - legend_w - 0.1) / width, top / height),
            frameon=False,
            fontsize=10,
            title=_legend_title(spec),
            title_fontsize=10,
            alignment="left",
        )
        clear_axis_titles(fig)
    return fig


def _fit(x: float, y: float, w: float, h: float, box: tuple[float, ...]) -> Box:
    """Return the largest box of the map's aspect inside ``(x, y, w, h)``, centred (inches)."""
    aspect = (box[2] - box[0]) / (box[3] - box[1])
    fw = min(w, h * aspect)
    fh = fw / aspect
    return Box(x + (w - fw) / 2, y + (h - fh) / 2, fw, fh)


def _legend_title(spec: MapSpec) -> str:
    from geo.indicators.catalogue import indicator_info

    return indicator_info(spec.column).label(spec.lang)


def compute_panels(
    spec: MapSpec,
    periods: Sequence[Period],
    prepared: PreparedData,
    *,
    weights: dict[str, float] | None = None,
) -> tuple[list[tuple[Period, pd.DataFrame, Classification]], Classification]:
    """Return each period's unit table with the shared classification, and the pooled one."""
    tables = [unit_table(prepared, replace(spec, years=p).view, weights) for p in periods]
    missing = [spec.column] if tables and spec.column not in tables[0].columns else []
    if missing:
        raise InputValidationError(f"indicator {spec.column!r} is not in the computed table")
    pooled, parts = shared_classes(spec, tables)
    return list(zip(periods, tables, parts, strict=True)), pooled


def write_small_multiples(
    spec: MapSpec,
    periods: Sequence[Period],
    prepared: PreparedData,
    out: Path,
    *,
    fmt: Literal["png", "pdf", "pptx"],
    slides: Literal["one", "each"] = "one",
    weights: dict[str, float] | None = None,
) -> Path:
    """Write one map per period on a shared legend and scale, as PNG, PDF or PowerPoint.

    Parameters
    ----------
    spec
        The view (its indicator, filters, level, language, source, synthetic flag).
    periods
        The periods, one panel each (see :func:`periods_of`).
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    out
        Target file.
    fmt
        ``png``, ``pdf`` or ``pptx``.
    slides
        For ``pptx``: every panel on ``one`` slide, or ``each`` period on its own
        slide (all with the same legend).
    weights
        Priority weights (for an index map).

    Returns
    -------
    pathlib.Path
        ``out``.
    """
    if not periods:
        raise InputValidationError("small multiples need at least one period")
    spec = replace(spec, years=None)  # each panel says its period; the subtitle does not
    panels, pooled = compute_panels(spec, periods, prepared, weights=weights)
    if fmt in ("png", "pdf"):
        return save_map(draw_multiples(spec, panels, pooled), out, fmt=fmt)
    groups = [panels] if slides == "one" else [[p] for p in panels]
    return _write_pptx(spec, groups, pooled, out)


def _write_pptx(
    spec: MapSpec,
    groups: Sequence[Sequence[tuple[Period, pd.DataFrame, Classification]]],
    pooled: Classification,
    out: Path,
) -> Path:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)  # 16:9
    blank = deck.slide_layouts[6]
    for group in groups:
        slide = deck.slides.add_slide(blank)
        title = spec.title
        if len(group) == 1:
            title = f"{title}, {group[0][0].to_text()}"
        for text, top, size in ((title, 0.25, 24), (spec.subtitle, 0.85, 14)):
            box = slide.shapes.add_textbox(Inches(0.4), Inches(top), Inches(12.5), Inches(0.6))
            box.text_frame.text = text
            box.text_frame.word_wrap = True
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
            box.text_frame.paragraphs[0].runs[0].font.bold = size > 20
        fig = draw_multiples(spec, group, pooled, header=False, size=(12.5, 5.4))
        image = io.BytesIO()
        with mpl.rc_context(RC):
            fig.savefig(image, format="png", dpi=_DPI, facecolor="white")
        fig.clear()
        image.seek(0)
        slide.shapes.add_picture(image, Inches(0.4), Inches(1.4), width=Inches(12.5))
        footer = " · ".join(x for x in (spec.notice, spec.footer) if x)
        box = slide.shapes.add_textbox(Inches(0.4), Inches(6.9), Inches(12.5), Inches(0.5))
        box.text_frame.text = footer
        box.text_frame.word_wrap = True
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    with atomic_output(out) as tmp:
        deck.save(str(tmp))
    return out


__all__ = [
    "MAX_PANELS",
    "compute_panels",
    "draw_multiples",
    "periods_of",
    "shared_classes",
    "write_small_multiples",
]
