"""Static map of a view for slides and print: PNG, SVG and PDF drawn on the server.

:func:`render_map` draws one :class:`~geo.indicators.mapspec.MapSpec` view with matplotlib
(Agg canvas, no display, no pyplot state) from the unit table and classification
that :func:`geo.indicators.mapspec.compute` returns, so the colours are the dashboard's for
the same view: both take them from :func:`geo.indicators.choropleth.classify_indicator`.
Fills are opaque here (the dashboard lays them at 88 % over a white map), so a
pixel of a unit has exactly its class colour. :func:`save_map` writes the figure
atomically.

The figure has a title, a subtitle with the active filters, the map, a legend
with the class labels and "no data", a scale bar, insets for the far-away
islands and a source and date line. This module puts them together; each part
has its own module:

* :mod:`geo.export.map_layout`: page sizes, header, footer, legend and the column plan
  (insets left of the map, legend and scale bar right of it).
* :mod:`geo.export.map_layer`: the units in Web Mercator (EPSG:3857), the extent of
  :data:`geo.indicators.mapspec.EXTENTS` plus 2 % on each side, neighbours as grey context.
* :mod:`geo.export.map_context`: what surrounds the subject at every level:
  neighbouring countries and (on a level-2 map) level-1 units in grey, their
  names, and capitals.
* :mod:`geo.export.map_labels`: the selected unit's name, then those of the context,
  kept inside the map, apart from each other and off the subject.
* :mod:`geo.export.map_insets`: San Andrés y Providencia and Galápagos in boxes (at
  level 2, their level-2 units), never on the main map.
* :mod:`geo.export.map_scalebar`: scale bars true at the panel's central latitude,
  under the legend and clear of it.
* :mod:`geo.export.map_style`: font, colours and text measuring.

When the filters leave no organization the map is grey with a centred message,
never a blank file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import geopandas as gpd
import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from shapely.geometry import box

from geo._errors import InputValidationError
from geo.export.map_context import context_labels, draw_context
from geo.export.map_insets import INSET_UNITS, draw_insets, insets_for
from geo.export.map_labels import draw_labels
from geo.export.map_layer import (
    Layer,
    add_map_axes,
    children_layer,
    clear_axis_titles,
    default_layer,
    draw_parent_outline,
    draw_units,
    fills,
    inverse_lat,
    layer_from,
    members,
    scope_box,
    subject,
    transformer,
)
from geo.export.map_layout import (
    SIZES,
    Plan,
    draw_footer,
    draw_header,
    draw_legend,
    fit_message,
    legend_width,
    plan_columns,
)
from geo.export.map_scalebar import draw_scale_bar
from geo.export.map_style import FRAME, INK, RC
from geo.i18n import t
from geo.indicators.classify import Classification
from geo.indicators.map_key import drawn_fills
from geo.indicators.mapspec import MapSpec
from geo.io.atomic import atomic_output

Size = Literal["slide", "a4"]

#: Room between the legend's bottom and the scale bar's (its label above the bar).
_SCALE_CLEARANCE = 0.45
Fmt = Literal["png", "svg", "pdf"]

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")


# --------------------------------------------------------------------------- public helpers


def map_pixel(fig: Figure, lon: float, lat: float, *, panel: str = "main") -> tuple[float, float]:
    """Return where a longitude/latitude falls in the figure's PNG, in pixels.

    Parameters
    ----------
    fig
        A figure from :func:`render_map`.
    lon, lat
        Degrees (WGS 84).
    panel
        ``"main"`` for the main map, or the unit code of an inset (``"CO-SAP"``,
        ``"EC-W"``).

    Returns
    -------
    (x, y)
        Column and row of the saved PNG (origin top left).

    Raises
    ------
    InputValidationError
        If the figure has no such panel.
    """
    ax = _panel(fig, panel)
    x, y = transformer().transform(lon, lat)
    px, py = ax.transData.transform((x, y))
    return float(px), float(fig.bbox.height - py)


# --------------------------------------------------------------------------- render


def render_map(
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    *,
    size: Size = "slide",
    boundaries: gpd.GeoDataFrame | None = None,
) -> Figure:
    """Draw the view as a finished thematic map.

    Parameters
    ----------
    spec
        The view (indicator, filters, selection, extent, language, source, date).
    table
        Unit table from :func:`geo.indicators.mapspec.compute` (``iso_3166_2``, ``name``,
        ``country`` and ``orgs`` are read).
    classes
        Classification of ``table[spec.column]``, aligned with its rows.
    size
        ``"slide"`` (1920 x 1080 px) or ``"a4"`` (A4 landscape, 300 dpi).
    boundaries
        Unit polygons (``iso_3166_2``, ``country``, geometry, any CRS); defaults to
        the committed simplified layer.

    Returns
    -------
    matplotlib.figure.Figure
        On an Agg canvas; write it with :func:`save_map`.

    Raises
    ------
    InputValidationError
        If the size is unknown, the table lacks a column, the classification does
        not match the table, or the boundaries have no CRS.
    """
    problems = _check_inputs(spec, table, classes)
    if size not in SIZES:
        problems.append(f"size must be one of {', '.join(SIZES)}; got {size!r}")
    if problems:
        raise InputValidationError(problems)
    width, height, dpi = SIZES[size]
    return _render(
        spec, table, classes, width=width, height=height, dpi=dpi, frame=True, boundaries=boundaries
    )


def render_panel(
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    *,
    width: float,
    height: float,
    dpi: float = 160,
    boundaries: gpd.GeoDataFrame | None = None,
) -> Figure:
    """Draw the map, insets, legend and scale bar without title, subtitle or footer.

    For layouts that set those as text of their own, such as a slide of
    :func:`geo.export.deck.write_deck`. Parameters as :func:`render_map`, with the
    size given in inches (at least 4 x 3) and ``dpi``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    problems = _check_inputs(spec, table, classes)
    if not (width >= 4 and height >= 3 and dpi > 0):
        problems.append(
            f"panel must be at least 4 x 3 in with dpi > 0; got {width} x {height} in at {dpi} dpi"
        )
    if problems:
        raise InputValidationError(problems)
    return _render(
        spec,
        table,
        classes,
        width=width,
        height=height,
        dpi=dpi,
        frame=False,
        boundaries=boundaries,
    )


def save_map(fig: Figure, path: str | Path, *, fmt: Fmt | None = None, close: bool = True) -> Path:
    """Write a figure from :func:`render_map` as PNG, SVG or PDF, atomically.

    The figure is written to a temporary file in the target folder and renamed,
    so a failure leaves neither a partial file nor the temporary one.

    Parameters
    ----------
    fig
        The figure.
    path
        Target file.
    fmt
        ``"png"``, ``"svg"`` or ``"pdf"``; by default from the suffix of ``path``.
    close
        Clear the figure afterwards to free its memory (default). Pass False to
        write several formats from one figure.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputValidationError
        If the format is unknown or cannot be told from the suffix.
    """
    path = Path(path)
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise InputValidationError(
            f"format must be one of {', '.join(FORMATS)} (from fmt or the file suffix); "
            f"got {fmt!r} for {path.name!r}"
        )
    title = fig.get_label() or "CoopAtlas map"
    metadata = {"Title": title, "Software" if chosen == "png" else "Creator": "CoopAtlas"}
    try:
        with atomic_output(path) as tmp, mpl.rc_context(RC):
            fig.savefig(tmp, format=chosen, dpi=fig.dpi, metadata=metadata, facecolor="white")
    finally:
        if close:
            fig.clear()
    return path


# --------------------------------------------------------------------------- inputs


def _check_inputs(spec: MapSpec, table: pd.DataFrame, classes: Classification) -> list[str]:
    problems: list[str] = []
    if not isinstance(spec, MapSpec):
        problems.append(f"spec must be a MapSpec; got {type(spec).__name__}")
    if not isinstance(table, pd.DataFrame):
        problems.append(f"table must be a DataFrame; got {type(table).__name__}")
        return problems
    missing = [c for c in ("unit_id", "name", "country", "orgs") if c not in table.columns]
    if missing:
        problems.append(
            f"table lacks columns {missing}; pass the table of geo.indicators.mapspec.compute"
        )
    if not isinstance(classes, Classification):
        problems.append(f"classes must be a Classification; got {type(classes).__name__}")
    elif len(classes.classes) != len(table):
        problems.append(
            f"classification has {len(classes.classes)} values but the table {len(table)} rows; "
            "classify the same table"
        )
    return problems


def is_empty(table: pd.DataFrame) -> bool:
    """Return True when no organization matches the filters (every count is 0)."""
    return int(pd.to_numeric(table["orgs"], errors="coerce").fillna(0).sum()) == 0


# --------------------------------------------------------------------------- drawing


def _render(
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    *,
    width: float,
    height: float,
    dpi: float,
    frame: bool,
    boundaries: gpd.GeoDataFrame | None = None,
) -> Figure:
    """Draw the map; ``frame`` adds title, subtitle and footer (off for the slide deck)."""
    if boundaries is None and spec.parent:
        layer = children_layer(spec.parent, INSET_UNITS)
    elif boundaries is None:
        layer = default_layer(INSET_UNITS)
    else:
        layer = layer_from(boundaries, detached=INSET_UNITS)
    with mpl.rc_context(RC):
        fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        fig.set_label(spec.title)
        with _no_redraws(canvas):
            _draw(fig, spec, table, classes, layer, frame=frame)
        clear_axis_titles(fig)
    return fig


@contextmanager
def _no_redraws(canvas: FigureCanvasAgg) -> Iterator[None]:
    """Skip the full redraw GeoPandas asks for after every layer it plots.

    ``GeoSeries.plot`` ends with ``canvas.draw_idle()``, which on an Agg canvas
    draws the whole figure at once: a dozen layers meant a dozen renderings of
    every polygon before the one that is saved. Text is measured without them.
    """
    canvas.draw_idle = lambda *args, **kwargs: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        del canvas.draw_idle


def _draw(
    fig: Figure,
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    layer: Layer,
    *,
    frame: bool,
) -> None:
    """Lay out and draw every part: header, footer, map, labels, insets, legend, scale bar."""
    width, height = fig.get_size_inches()
    margin = 0.3 if frame else 0.1  # a panel sits in a layout that has its own margins
    top, bottom = height - margin, margin
    if frame:
        top = draw_header(fig, spec, width=width, top=top, margin=margin)
        bottom = draw_footer(fig, spec, width=width, margin=margin)
    empty = is_empty(table)
    colours = fills(table, classes, layer, empty=empty)
    insets = insets_for(spec)
    hidden = members(layer, {i.unit for i in insets})  # drawn in the insets only
    x0, y0, x1, y1 = scope_box(spec, layer, detached=hidden)
    drawn = _drawn_fills(spec, layer, colours, hidden)
    plan = plan_columns(
        width=width,
        top=top,
        bottom=bottom,
        margin=margin,
        aspect=(x1 - x0) / (y1 - y0),
        legend_width=legend_width(spec, classes, empty=empty, drawn=drawn),
        insets=bool(insets),
    )
    ax = add_map_axes(fig, plan.map_box, "main", (x0, y0, x1, y1), frame=True)
    draw_context(ax, spec)
    draw_units(
        ax, layer, colours, hidden=hidden, selected=spec.selected, subject=subject(spec.frame)
    )
    if spec.parent:
        draw_parent_outline(ax, spec.parent)
    obstacles = [_draw_empty_message(fig, ax, spec, plan.map_box.w)] if empty else []
    draw_labels(
        fig,
        ax,
        spec,
        table,
        layer,
        hidden=hidden,
        obstacles=obstacles,
        context=context_labels(ax, spec, layer),
    )
    map_top = plan.map_box.y + plan.map_box.h
    draw_insets(
        fig,
        spec,
        insets,
        layer,
        colours,
        x=plan.inset_x,
        top=map_top,
        bottom=plan.map_box.y,
        width=plan.inset_width,
    )
    _draw_side(fig, ax, spec, classes, plan, empty=empty, drawn=drawn, bottom=bottom)


def _drawn_fills(
    spec: MapSpec, layer: Layer, colours: dict[str, str], hidden: set[str]
) -> set[str]:
    """Return the fill colours of the units on the map and in its insets (the key's rows)."""
    (x0, y0, x1, y1), units = scope_box(spec, layer, detached=hidden), layer.units
    in_view = units.intersects(box(x0, y0, x1, y1))
    if spec.frame != "all":  # the neighbours of a country map are flat context, not "outside"
        in_view &= units["country"] == spec.frame
    return drawn_fills(colours, [*units.loc[in_view, "unit_id"], *hidden])


def _draw_side(
    fig: Figure,
    ax: Axes,
    spec: MapSpec,
    classes: Classification,
    plan: Plan,
    *,
    empty: bool,
    drawn: set[str],
    bottom: float,
) -> None:
    """Draw the legend from the map's top and the scale bar under it, clear of it.

    The bar sits near the map's bottom, or higher up than the legend's bottom
    when the legend reaches lower than the map (a wide, short map).
    """
    map_box = plan.map_box
    legend = draw_legend(
        fig,
        spec,
        classes,
        empty=empty,
        drawn=drawn,
        x=plan.legend_x,
        top=map_box.y + map_box.h,
        width=plan.legend_width,
    )
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    legend_bottom = legend.get_window_extent(renderer).y0 / fig.dpi
    y = max(min(map_box.y + 0.32, legend_bottom - _SCALE_CLEARANCE), bottom + 0.2)
    (y0, y1) = ax.get_ylim()
    draw_scale_bar(
        fig,
        ax,
        x=plan.legend_x,
        y=y,
        max_width=min(2.0, plan.legend_width - 0.2),
        lat=inverse_lat((y0 + y1) / 2),
        lang=spec.lang,
        fontsize=8.5,
        note=True,
    )


def _draw_empty_message(fig: Figure, ax: Axes, spec: MapSpec, map_width: float) -> Bbox:
    """Centre the "nothing matches" message on the map; return its window extent."""
    message, size = fit_message(t("static_map.empty", spec.lang), map_width - 0.6)
    box_text = ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=size,
        color=INK,
        zorder=10,
        linespacing=1.3,
        bbox={"boxstyle": "round,pad=0.6", "facecolor": "white", "edgecolor": FRAME},
    )
    box_text.set_gid("empty-message")
    return box_text.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]


def _panel(fig: Figure, panel: str) -> Axes:
    for ax in fig.axes:
        if ax.get_label() == f"map:{panel}":
            return ax
    have = [str(a.get_label()).removeprefix("map:") for a in fig.axes]
    raise InputValidationError(f"the figure has no map panel {panel!r}; it has {have}")
