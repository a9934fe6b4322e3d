"""Labels drawn over a map: the selected unit, then neighbours and capitals, kept inside and apart.

Labels have a white halo drawn as a separate outline, so the label itself stays
text in SVG and PDF. A label that would leave the map or touch another (or an
obstacle such as the "nothing matches" message) is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.ops import polylabel

from geo.export.map_layer import Layer, subject
from geo.export.map_style import INK
from geo.indicators.mapspec import MapSpec


class Label(NamedTuple):
    """A label to place.

    Attributes
    ----------
    priority
        Lower is placed first and wins a collision.
    text
        The text measured.
    others
        Artists removed with it (its halo, a capital's dot).
    off
        An area the label must not overlap (the map's subject, for a
        neighbour's name), in the panel's coordinates.
    """

    priority: int
    text: Text
    others: tuple[Artist, ...] = ()
    off: shapely.Geometry | None = None


#: Priority of the selected unit's name, placed before any other label.
SELECTED = 0


def label_point(geom: shapely.Geometry) -> tuple[float, float]:
    """Return the pole of inaccessibility of the largest part (well inside, unlike the centroid).

    Parameters
    ----------
    geom
        A polygon or multipolygon in projected metres.

    Returns
    -------
    (x, y)
    """
    part = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    if part.geom_type != "Polygon" or part.is_empty:
        p = geom.representative_point()
        return p.x, p.y
    p = polylabel(part, tolerance=max(math.sqrt(part.area) / 100, 1.0))
    return p.x, p.y


def halo(text: Text, width: float = 2.5) -> Text:
    """Add a white outline under ``text``: a copy drawn as a stroke only, just below it.

    The label itself keeps no path effect, so SVG and PDF keep it as text
    (matplotlib draws text with path effects as outlines).

    Parameters
    ----------
    text
        A label on an axes.
    width
        Stroke width in points.

    Returns
    -------
    matplotlib.text.Text
        The copy.
    """
    x, y = text.get_position()
    axes = text.axes
    if not isinstance(axes, Axes):
        raise ValueError("the text to outline is not drawn on a map panel")
    return axes.text(
        x,
        y,
        text.get_text(),
        ha=text.get_horizontalalignment(),
        va=text.get_verticalalignment(),
        fontsize=text.get_fontsize(),
        fontweight=text.get_fontweight(),
        color="white",
        zorder=text.get_zorder() - 0.1,
        path_effects=[patheffects.Stroke(linewidth=width, foreground="white")],
        gid="label-halo",
    )


def draw_labels(
    fig: Figure,
    ax: Axes,
    spec: MapSpec,
    table: pd.DataFrame,
    layer: Layer,
    *,
    hidden: set[str],
    obstacles: Sequence[Bbox] = (),
    context: Sequence[Label] = (),
) -> None:
    """Label the selected unit, then ``context``; drop any label that leaves the map or collides.

    Parameters
    ----------
    fig
        The figure (its renderer measures the labels).
    ax
        The main map panel.
    spec
        The view (selection, extent, language).
    table
        Unit table (``iso_3166_2``, ``name``).
    layer
        The units.
    hidden
        Units not on the main map (shown in insets).
    obstacles
        Window extents labels must not overlap.
    context
        Names of the neighbours and capitals (:func:`geo.export.map_context.context_labels`),
        placed in the order of their priority.
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = box(x0, y0, x1, y1)
    labels = [*_selected_label(ax, spec, table, layer, view, hidden=hidden), *context]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    inside = ax.get_window_extent(renderer)
    kept: list[Bbox] = list(obstacles)
    for label in sorted(labels, key=lambda label: label.priority):
        bb = label.text.get_window_extent(renderer)
        fits = (
            bb.x0 >= inside.x0 and bb.x1 <= inside.x1 and bb.y0 >= inside.y0 and bb.y1 <= inside.y1
        )
        if fits and label.off is not None:
            corners = ax.transData.inverted().transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
            fits = not box(*corners[0], *corners[1]).intersects(label.off)
        if fits and not any(bb.overlaps(k) for k in kept):
            kept.append(bb)
        else:
            for artist in (label.text, *label.others):
                artist.remove()


def _selected_label(
    ax: Axes,
    spec: MapSpec,
    table: pd.DataFrame,
    layer: Layer,
    view: shapely.Geometry,
    *,
    hidden: set[str],
) -> list[Label]:
    """Label the selected unit (with its halo) when it is on the map and of its country."""
    if not spec.selected or spec.selected in hidden:
        return []
    units = layer.units
    row = units[units["unit_id"] == spec.selected]
    country = subject(spec.frame)
    if country is not None:
        row = row[row["country"] == country]  # a neighbour is context, not highlighted
    names = table.loc[table["unit_id"] == spec.selected, "name"]
    if not (len(row) and len(names)):
        return []
    geom = row.geometry.iloc[0].intersection(view)
    if geom.is_empty:
        return []
    x, y = label_point(geom)
    t = ax.text(
        x,
        y,
        str(names.iloc[0]),
        ha="center",
        va="center",
        fontsize=9.5,
        fontweight="bold",
        color=INK,
        zorder=6,
    )
    return [Label(SELECTED, t, (halo(t, 3),))]
