"""Insets of far-away islands: San Andrés y Providencia and Galápagos, each in its own box.

San Andrés y Providencia (CO-SAP) is 700 km north-west of the mainland and
Galápagos (EC-W) 1,000 km west of it; national maps put them in boxes in a
column left of the map, so the mainland is not shrunk. The inset units (or, on
a level-2 map, their level-2 units) are drawn only in their box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from geo.export.map_layer import Layer, add_map_axes, draw_units, inverse_lat, members, project_box
from geo.export.map_layout import Box, fit
from geo.export.map_scalebar import draw_scale_bar
from geo.export.map_style import INK, wrap
from geo.indicators.mapspec import MapSpec

_TITLE_SIZE = 8.5
_SCALE_ROOM = 0.5  # inches under each box for its scale bar


@dataclass(frozen=True)
class Inset:
    """A far-away unit shown in its own box.

    Attributes
    ----------
    unit
        ISO 3166-2 code of the unit.
    bounds
        (south, west, north, east) of the box in degrees.
    name
        Box title.
    extents
        Map extents that show the box.
    """

    unit: str
    bounds: tuple[float, float, float, float]
    name: str
    extents: tuple[str, ...]


#: Insets, north first (the order of the column).
INSETS: tuple[Inset, ...] = (
    Inset("CO-SAP", (12.4, -81.8, 13.5, -81.3), "San Andrés y Providencia (CO)", ("all", "CO")),
    Inset("EC-W", (-1.6, -92.2, 1.8, -89.0), "Galápagos (EC)", ("all", "EC")),
)

#: Units never drawn on a main map's country outlines (they live in insets).
INSET_UNITS = frozenset(i.unit for i in INSETS)


def insets_for(spec: MapSpec) -> list[Inset]:
    """Return the insets a view shows, north first: far-away units inside its area and filters.

    Parameters
    ----------
    spec
        The view. An inset is shown when its unit is in the view's countries and
        not left out by a unit filter (:meth:`MapSpec.shows`), and the main map
        has other units to show (a filter of the island alone frames it in the
        main map).

    Returns
    -------
    list of Inset
    """
    units = spec.filters.units
    if units and all(u in INSET_UNITS for u in units):
        return []
    return [i for i in INSETS if spec.shows(i.unit)]


def draw_insets(
    fig: Figure,
    spec: MapSpec,
    insets: Sequence[Inset],
    layer: Layer,
    fills: dict[str, str],
    *,
    x: float,
    top: float,
    bottom: float,
    width: float,
) -> None:
    """Draw each inset (title, framed box, scale bar) down a column.

    Parameters
    ----------
    fig
        The figure.
    spec
        The view (selection, language).
    insets
        Insets to draw, top first.
    layer
        The units.
    fills
        Fill colour per unit code.
    x, top, bottom, width
        The column, in inches from the figure's bottom left.
    """
    if not insets:
        return
    titles = [wrap(i.name, width, _TITLE_SIZE, 2) for i in insets]
    title_hs = [(t.count("\n") + 1) * _TITLE_SIZE * 1.3 / 72 + 0.1 for t in titles]
    boxes = [project_box(i.bounds) for i in insets]
    aspects = [(b[2] - b[0]) / (b[3] - b[1]) for b in boxes]
    room = (top - bottom) - sum(title_hs) - len(insets) * _SCALE_ROOM - 0.15 * (len(insets) - 1)
    h_max = min(room / len(insets), 2.4)
    y = top
    for inset, title, title_h, xy, aspect in zip(
        insets, titles, title_hs, boxes, aspects, strict=True
    ):
        w, h = fit(aspect, width, h_max)
        y -= title_h
        fig.text(
            x / fig.get_figwidth(),
            (y + 0.06) / fig.get_figheight(),
            title,
            fontsize=_TITLE_SIZE,
            color=INK,
            ha="left",
            va="bottom",
            linespacing=1.2,
        )
        b = Box(x, y - h, w, h)
        ax = add_map_axes(fig, b, inset.unit, xy, frame=True)
        only = members(layer, {inset.unit})  # the unit, or its level-2 units
        draw_units(ax, layer, fills, only=only, selected=spec.selected, selected_width=1.2)
        draw_scale_bar(
            fig,
            ax,
            x=x,
            y=b.y - 0.38,
            max_width=min(width, 1.2),
            lat=inverse_lat((xy[1] + xy[3]) / 2),
            lang=spec.lang,
            fontsize=7.5,
            note=False,
        )
        y = b.y - _SCALE_ROOM - 0.15
