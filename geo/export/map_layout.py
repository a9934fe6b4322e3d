"""Page layout of a static map: sizes, title, subtitle, footer, legend, and the column plan.

The plan puts the inset column left of the map (the Pacific side) and the legend
and scale bar column right of it, so nothing but the map's own labels is drawn
over the map.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from geo.export.map_style import INK, MUTED, OUTSIDE_EDGE, OUTSIDE_FILL, text_inches, wrap
from geo.i18n import t
from geo.indicators.catalogue import indicator_info
from geo.indicators.classify import Classification
from geo.indicators.map_key import drawn_rows
from geo.indicators.mapspec import MapSpec

#: Output sizes: (width in, height in, dpi). Slide: 1920 x 1080 px. A4 landscape at
#: 300 dpi: 297 x 210 mm = 3507.9 x 2480.3 px, rounded to 3508 x 2480.
SIZES: dict[str, tuple[float, float, int]] = {
    "slide": (1920 / 160, 1080 / 160, 160),
    "a4": (3508 / 300, 2480 / 300, 300),
}

_LEGEND_SIZE = 9.5
_LEGEND_TITLE_SIZE = 10.5
_INSET_COLUMN = 1.5
_GAP = 0.3
_LEGEND_EDGE = {OUTSIDE_FILL: OUTSIDE_EDGE}
_NOTICE_SIZE = 12
NOTICE_INK = "#8a3b00"  # dark orange on a pale one: a warning, readable in grey print
NOTICE_FILL = "#fff1e0"


@dataclass(frozen=True)
class Box:
    """A rectangle of the figure in inches: ``x``, ``y`` from the bottom left, ``w``, ``h``."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Plan:
    """Where the columns of a map go, in inches.

    Attributes
    ----------
    map_box
        The main map.
    inset_x, inset_width
        Left edge and width of the inset column (width 0 without insets).
    legend_x, legend_width
        Left edge and width of the legend and scale bar column.
    """

    map_box: Box
    inset_x: float
    inset_width: float
    legend_x: float
    legend_width: float


def fit(aspect: float, w_max: float, h_max: float) -> tuple[float, float]:
    """Return the largest ``(w, h)`` with ``w / h == aspect`` inside ``(w_max, h_max)``.

    Parameters
    ----------
    aspect
        Width over height.
    w_max, h_max
        Room available.

    Returns
    -------
    tuple of float
    """
    h = min(h_max, w_max / aspect)
    return h * aspect, h


def fit_message(text: str, width_in: float) -> tuple[str, float]:
    """Return the text and the largest size (15 to 11 pt) keeping it on one line; else wrap.

    Parameters
    ----------
    text
        The message.
    width_in
        Room in inches.

    Returns
    -------
    tuple of (str, float)
        Text (wrapped at 12 pt when no size fits) and font size.
    """
    for size in (15.0, 14.0, 13.0, 12.0, 11.0):
        if text_inches(text, size) <= width_in:
            return text, size
    return wrap(text, width_in, 12, 4), 12.0


def plan_columns(
    *,
    width: float,
    top: float,
    bottom: float,
    margin: float,
    aspect: float,
    legend_width: float,
    insets: bool,
) -> Plan:
    """Size the map to the room the inset and legend columns leave, and centre the group.

    Parameters
    ----------
    width
        Figure width in inches.
    top, bottom
        Room between the header and the footer, in inches from the bottom.
    margin
        Page margin in inches.
    aspect
        Width over height of the map's extent.
    legend_width
        Width of the legend column (:func:`legend_width`).
    insets
        Whether the map has an inset column.

    Returns
    -------
    Plan
    """
    inset_col = _INSET_COLUMN if insets else 0.0
    inset_gap = _GAP if insets else 0.0
    avail_w = width - 2 * margin - inset_col - legend_width - inset_gap - _GAP
    map_w, map_h = fit(aspect, avail_w, top - bottom)
    group = inset_col + inset_gap + map_w + _GAP + legend_width
    left = margin + max((width - 2 * margin - group) / 2, 0.0)
    map_box = Box(left + inset_col + inset_gap, bottom + (top - bottom - map_h) / 2, map_w, map_h)
    return Plan(map_box, left, inset_col, map_box.x + map_box.w + _GAP, legend_width)


def draw_header(fig: Figure, spec: MapSpec, *, width: float, top: float, margin: float) -> float:
    """Draw the title and subtitle from the top; return the y (inches) below them.

    Parameters
    ----------
    fig
        The figure.
    spec
        The view (title and subtitle).
    width
        Figure width in inches.
    top
        Top of the header in inches from the bottom.
    margin
        Page margin in inches.

    Returns
    -------
    float
    """
    fig_h = fig.get_figheight()
    avail = width - 2 * margin
    if spec.notice:
        notice_w = draw_notice(fig, spec.notice, right=width - margin, top=top)
        avail -= notice_w + _GAP
    title = wrap(spec.title, avail, 19, 2, bold=True)
    subtitle = wrap(spec.subtitle, avail, 11, 2)
    fig.text(
        margin / width,
        top / fig_h,
        title,
        fontsize=19,
        fontweight="bold",
        color=INK,
        ha="left",
        va="top",
        linespacing=1.15,
    )
    y = top - (title.count("\n") + 1) * 19 * 1.3 / 72 - 0.06
    fig.text(
        margin / width,
        y / fig_h,
        subtitle,
        fontsize=11,
        color=MUTED,
        ha="left",
        va="top",
        linespacing=1.25,
    )
    y -= (subtitle.count("\n") + 1) * 11 * 1.35 / 72
    return y - 0.2


def draw_notice(fig: Figure, text: str, *, right: float, top: float) -> float:
    """Draw the "Synthetic demo data" box (gid ``synthetic-notice``) at the top right.

    Parameters
    ----------
    fig
        The figure.
    text
        The notice.
    right, top
        Its top right corner in inches from the bottom left.

    Returns
    -------
    float
        Width of the box in inches.
    """
    fig_w, fig_h = fig.get_size_inches()
    pad = 0.09
    box = fig.text(
        (right - pad) / fig_w,
        (top - pad) / fig_h,
        text,
        fontsize=_NOTICE_SIZE,
        fontweight="bold",
        color=NOTICE_INK,
        ha="right",
        va="top",
        bbox={
            "boxstyle": f"square,pad={pad * 72 / _NOTICE_SIZE:.2f}",
            "facecolor": NOTICE_FILL,
            "edgecolor": NOTICE_INK,
            "linewidth": 1.2,
        },
        zorder=20,
    )
    box.set_gid("synthetic-notice")
    return text_inches(text, _NOTICE_SIZE, bold=True) + 2 * pad


def draw_footer(fig: Figure, spec: MapSpec, *, width: float, margin: float) -> float:
    """Draw source, date and credits at the bottom; return the y (inches) above them.

    Parameters
    ----------
    fig
        The figure.
    spec
        The view (footer text and language).
    width
        Figure width in inches.
    margin
        Page margin in inches.

    Returns
    -------
    float
    """
    fig_h = fig.get_figheight()
    left = wrap(spec.footer, width * 0.68, 8.5, 2)
    if spec.shows_priority and spec.weights_line:
        left = wrap(spec.weights_line, width * 0.68, 8.5, 3) + "\n" + left
    fig.text(
        margin / width,
        margin / fig_h,
        left,
        fontsize=8.5,
        color=MUTED,
        ha="left",
        va="bottom",
        linespacing=1.3,
    )
    fig.text(
        (width - margin) / width,
        margin / fig_h,
        t("static_map.projection", spec.lang),
        fontsize=8.5,
        color=MUTED,
        ha="right",
        va="bottom",
    )
    return margin + (left.count("\n") + 1) * 8.5 * 1.35 / 72 + 0.25


def legend_entries(
    spec: MapSpec,
    classes: Classification,
    *,
    empty: bool = False,
    drawn: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """Return the ``(label, colour)`` rows of the map's legend: classes, "no data", "outside".

    The labels are the dashboard's (:meth:`Classification.legend`) except that a
    unit already named by the legend's title (the indicator label) is not
    repeated on every row: under "Organizations per 100,000 inhabitants" a row
    reads "1.2 – 4.6", not "1.2 – 4.6 per 100,000 inhabitants".

    Parameters
    ----------
    spec
        The view (indicator and language).
    classes
        Its classification.
    empty
        True when no organization matches: only the "no data" row.
    drawn
        The fill colours of the units the map shows (its frame and insets): the key
        names only what is drawn (:func:`geo.indicators.map_key.drawn_rows`).

    Returns
    -------
    list of (str, str)
    """
    entries = drawn_rows(classes, spec.lang, drawn=drawn, empty=empty)
    info = indicator_info(spec.column)
    title = info.label(spec.lang).casefold()
    unit = info.unit(spec.lang)
    suffix = f" {unit}"
    if empty or not unit or unit.casefold() not in title:
        return entries
    return [(label.removesuffix(suffix), color) for label, color in entries]


def legend_width(
    spec: MapSpec, classes: Classification, *, empty: bool, drawn: Collection[str] | None = None
) -> float:
    """Return the width (inches) of the legend column: the widest label and its key, 1.7 to 3.4.

    A long title widens the column (to 2.8 in at most) until it fits on three lines.

    Parameters
    ----------
    spec, classes, empty
        As :func:`legend_entries`.

    Returns
    -------
    float
    """
    entries = legend_entries(spec, classes, empty=empty, drawn=drawn)
    widest = max(text_inches(label, _LEGEND_SIZE) for label, _ in entries)
    width = min(max(widest + 0.6, 1.7), 3.4)
    title = _legend_title(spec)
    while width < 2.8 and wrap(title, width, _LEGEND_TITLE_SIZE, 99, bold=True).count("\n") > 2:
        width += 0.1
    return width


def _legend_title(spec: MapSpec) -> str:
    return spec.legend_title


def draw_legend(
    fig: Figure,
    spec: MapSpec,
    classes: Classification,
    *,
    empty: bool,
    drawn: Collection[str] | None = None,
    x: float,
    top: float,
    width: float,
) -> Legend:
    """Draw the legend (gid ``legend``) with its top left corner at ``(x, top)`` inches.

    Parameters
    ----------
    fig
        The figure.
    spec, classes, empty, drawn
        As :func:`legend_entries`.
    x, top
        Top left corner in inches from the bottom left.
    width
        Column width in inches (the title is wrapped to it).

    Returns
    -------
    matplotlib.legend.Legend
    """
    entries = legend_entries(spec, classes, empty=empty, drawn=drawn)
    handles = [
        Patch(facecolor=c, edgecolor=_LEGEND_EDGE.get(c, "#8c8c8c"), linewidth=0.5)
        for _, c in entries
    ]
    title = wrap(_legend_title(spec), width, _LEGEND_TITLE_SIZE, 5, bold=True)
    fig_w, fig_h = fig.get_size_inches()
    legend = fig.legend(
        handles,
        [label for label, _ in entries],
        loc="upper left",
        bbox_to_anchor=(x / fig_w, top / fig_h),
        bbox_transform=fig.transFigure,
        frameon=False,
        title=title,
        title_fontproperties={"size": _LEGEND_TITLE_SIZE, "weight": "bold"},
        alignment="left",
        fontsize=_LEGEND_SIZE,
        handlelength=1.8,
        handleheight=1.2,
        labelspacing=0.55,
        borderaxespad=0.0,
        borderpad=0.0,
    )
    legend.set_gid("legend")
    return legend
