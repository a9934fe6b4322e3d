"""Labels drawn over a map: the selected unit and country names, kept inside and apart.

Labels have a white halo drawn as a separate outline, so the label itself stays
text in SVG and PDF. A label that would leave the map or touch another (or an
obstacle such as the "nothing matches" message) is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.ops import polylabel

from geo.export.map_layer import Layer, subject
from geo.export.map_style import INK, MUTED
from geo.i18n import t as msg
from geo.indicators.mapspec import MapSpec


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
) -> None:
    """Label the selected unit, then country names; drop any that leaves the map or collides.

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
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = box(x0, y0, x1, y1)
    labels = [*_selected_label(ax, spec, table, layer, view, hidden=hidden)]
    labels += _country_labels(ax, spec, layer, view)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    inside = ax.get_window_extent(renderer)
    kept: list[Bbox] = list(obstacles)
    for t, outline in labels:
        bb = t.get_window_extent(renderer)
        fits = (
            bb.x0 >= inside.x0 and bb.x1 <= inside.x1 and bb.y0 >= inside.y0 and bb.y1 <= inside.y1
        )
        if fits and not any(bb.overlaps(k) for k in kept):
            kept.append(bb)
        else:
            t.remove()
            outline.remove()


def _selected_label(
    ax: Axes,
    spec: MapSpec,
    table: pd.DataFrame,
    layer: Layer,
    view: shapely.Geometry,
    *,
    hidden: set[str],
) -> list[tuple[Text, Text]]:
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
    return [(t, halo(t, 3))]


def _country_labels(
    ax: Axes, spec: MapSpec, layer: Layer, view: shapely.Geometry
) -> list[tuple[Text, Text]]:
    """Label the countries (not the one the title names) with their halos, on a visible share."""
    labels = []
    for code, geom in layer.countries.items():
        if spec.frame == code:
            continue  # the title names the country
        visible = geom.intersection(view)
        if visible.is_empty or visible.area < 0.02 * view.area:
            continue
        x, y = label_point(visible)
        focus = spec.frame == "all"
        t = ax.text(
            x,
            y,
            msg(f"country.{code}", spec.lang).upper(),
            ha="center",
            va="center",
            fontsize=10 if focus else 9,
            color=INK if focus else MUTED,
            fontweight="bold" if focus else "normal",
            zorder=5,
        )
        labels.append((t, halo(t)))
    return labels
