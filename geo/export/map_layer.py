"""Unit polygons in the map's projection, and drawing them on a map panel.

Every export is in Web Mercator (EPSG:3857), the projection of the dashboard's web
map, so an export looks like the screen. On a national map the other two
countries are context: one flat light grey without unit borders and with a
lighter outline, never highlighted.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from pyproj import Transformer
from shapely.geometry import box

from geo._errors import InputValidationError
from geo.export.map_layout import Box
from geo.export.map_style import (
    CONTEXT_EDGE,
    CONTEXT_FILL,
    COUNTRY_EDGE,
    FRAME,
    OUTSIDE_EDGE,
    OUTSIDE_FILL,
    SELECTED_EDGE,
    UNIT_EDGE,
)
from geo.indicators.classify import Classification
from geo.indicators.mapspec import EXTENTS, MapSpec
from geo.units.boundaries import load_boundaries, load_children
from geo.units.levels import is_country

#: Projection of every export (the web map's).
MAP_CRS = "EPSG:3857"

_PAD = 0.02  # share of the extent's width and height added on each side
_UNIT_PAD = 0.12  # more around filtered units, so their neighbours show where they are
_MIN_SIDE = 150_000.0  # metres: a frame around one small unit is at least this wide and tall


@dataclass(frozen=True, eq=False)
class Layer:
    """Unit polygons ready to draw.

    Attributes
    ----------
    units
        ``iso_3166_2`` (the unit's code), ``country``, ``level1`` (the level-1 unit
        it lies in: itself on a level-1 layer) and geometry in :data:`MAP_CRS`.
    countries
        One outline per country, without the detached (inset) units.
    """

    units: gpd.GeoDataFrame
    countries: gpd.GeoSeries


@functools.cache
def transformer() -> Transformer:
    """Return the longitude/latitude to :data:`MAP_CRS` transformer (x, y order)."""
    return Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)


def layer_from(
    boundaries: gpd.GeoDataFrame, *, detached: Collection[str] = (), level1: str = "iso_3166_2"
) -> Layer:
    """Project unit polygons and dissolve the country outlines.

    Parameters
    ----------
    boundaries
        Unit polygons (``iso_3166_2``, ``country``, geometry) in any CRS.
    detached
        Level-1 units left out of the country outlines (those shown in insets).
    level1
        Column naming the level-1 unit of each polygon (``"parent"`` for level-2
        units); the default, ``iso_3166_2``, is for level-1 units.

    Returns
    -------
    Layer

    Raises
    ------
    InputValidationError
        If a column is missing or the boundaries have no CRS.
    """
    problems = []
    missing = [c for c in ("unit_id", "country", level1) if c not in boundaries.columns]
    if missing:
        problems.append(f"boundaries lack columns {missing}")
    if boundaries.crs is None:
        problems.append("boundaries have no CRS; set one (the committed layers are EPSG:4326)")
    if problems:
        raise InputValidationError(problems)
    units = boundaries[["unit_id", "country", "geometry"]].to_crs(MAP_CRS)
    units.insert(2, "level1", boundaries[level1].astype(str).to_numpy())
    units = units.reset_index(drop=True)
    mainland = units[~units["level1"].isin(list(detached))]
    countries = gpd.GeoSeries(
        {c: shapely.union_all(g.geometry.to_numpy()) for c, g in mainland.groupby("country")},
        crs=MAP_CRS,
    )
    return Layer(units, countries)


@functools.cache
def default_layer(detached: frozenset[str]) -> Layer:
    """Return the committed simplified boundaries as a :class:`Layer` (cached).

    Parameters
    ----------
    detached
        As :func:`layer_from`.

    Returns
    -------
    Layer
    """
    return layer_from(load_boundaries("simplified"), detached=detached)


@functools.cache
def children_layer(parent: str, detached: frozenset[str] = frozenset()) -> Layer:
    """Return the level-2 units of ``parent`` (:func:`geo.units.boundaries.load_children`).

    ``detached`` as :func:`layer_from`: level-1 units whose level-2 units are left
    out of the country outline (Galápagos, drawn in an inset).
    """
    return layer_from(load_children(parent), detached=detached, level1="parent_id")


def members(layer: Layer, units: Collection[str]) -> set[str]:
    """Return the codes of the layer's polygons that lie in the level-1 ``units``.

    On a level-1 layer that is ``units`` themselves (those present); on a level-2
    layer, their level-2 units (Galápagos' cantons for ``EC-W``).
    """
    rows = layer.units["level1"].isin(list(units))
    return set(layer.units.loc[rows, "unit_id"].astype(str))


def clear_axis_titles(fig: Figure) -> None:
    """Remove the axis titles GeoPandas gives projected panels ("Easting [metre]").

    GeoPandas labels an axes whenever it plots on one whose label is empty, so
    this runs once every layer is drawn.
    """
    for ax in fig.axes:
        ax.set_xlabel("")
        ax.set_ylabel("")


def draw_parent_outline(ax: Axes, parent: str) -> None:
    """Draw the outline of ``parent`` (a level-1 unit or a country) over its level-2 units.

    A country's outline is thinner than a unit's: a thick line turns its small
    islands (the Gulf of Guayaquil's) into black blots.
    """
    units = default_layer(frozenset()).units
    if not is_country(parent):
        shape = units.loc[units["unit_id"] == parent]
    else:
        shape = units.loc[units["country"] == parent].dissolve()
    width = 1.0 if is_country(parent) else 1.6
    shape.boundary.plot(ax=ax, color="#1b1b1b", linewidth=width, zorder=6, aspect=None)


def project_box(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Project ``(south, west, north, east)`` degrees to ``(x0, y0, x1, y1)`` metres.

    Parameters
    ----------
    bounds
        Box in degrees.

    Returns
    -------
    tuple of float
        Box in :data:`MAP_CRS`.
    """
    south, west, north, east = bounds
    x0, y0 = transformer().transform(west, south)
    x1, y1 = transformer().transform(east, north)
    return x0, y0, x1, y1


def view_box(extent: str) -> tuple[float, float, float, float]:
    """Return the projected box of an extent plus 2 % on each side, so no coast touches the frame.

    Parameters
    ----------
    extent
        A key of :data:`geo.indicators.mapspec.EXTENTS`.

    Returns
    -------
    tuple of float
    """
    return _padded(project_box(EXTENTS[extent]), _PAD)


def scope_box(
    spec: MapSpec, layer: Layer, *, detached: Collection[str] = ()
) -> tuple[float, float, float, float]:
    """Return the projected box of the units the view is about, padded: the map framed to the data.

    The box holds every unit of the view's countries that its filters keep
    (:meth:`MapSpec.shows`), except those in insets (``detached``), plus 2 % on
    each side (12 % around filtered units, to show their surroundings). Falls
    back to :func:`view_box` of the view's frame when no unit is left.

    Parameters
    ----------
    spec
        The view.
    layer
        The units.
    detached
        Units drawn in insets, not on the main map.

    Returns
    -------
    tuple of float
    """
    codes = layer.units["unit_id"].astype(str)
    keep = codes.map(spec.shows) & ~codes.isin(list(detached))
    if not keep.any():
        return view_box(spec.frame)
    x0, y0, x1, y1 = (float(v) for v in layer.units[keep.to_numpy()].total_bounds)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = max(x1 - x0, _MIN_SIDE) / 2, max(y1 - y0, _MIN_SIDE) / 2
    box_ = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    return _padded(box_, _UNIT_PAD if spec.filters.units else _PAD)


Box4 = tuple[float, float, float, float]


def _padded(xy: Box4, share: float) -> Box4:
    x0, y0, x1, y1 = xy
    dx, dy = share * (x1 - x0), share * (y1 - y0)
    return x0 - dx, y0 - dy, x1 + dx, y1 + dy


def subject(extent: str) -> str | None:
    """Return the country a map is about (its neighbours are context), or None for all three."""
    return None if extent == "all" else extent


def inverse_lat(y: float) -> float:
    """Return the latitude of a Web Mercator northing (spherical formula of EPSG:3857)."""
    return math.degrees(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)


def fills(
    table: pd.DataFrame, classes: Classification, layer: Layer, *, empty: bool
) -> dict[str, str]:
    """Return the fill colour per unit code.

    Units outside the filter (``in_scope`` False in the table) get
    :data:`~geo.export.map_style.OUTSIDE_FILL`; units missing from the table, and every
    unit when nothing matches, are "no data".

    Parameters
    ----------
    table
        Unit table (``iso_3166_2``, optionally ``in_scope``) aligned with ``classes``.
    classes
        Its classification.
    layer
        The units drawn.
    empty
        True when no organization matches: every unit is "no data".

    Returns
    -------
    dict of str to str
    """
    if empty:
        return dict.fromkeys(layer.units["unit_id"], classes.no_data_color)
    codes = table["unit_id"].astype(str)
    colors = dict(zip(codes, classes.value_colors(), strict=True))
    if "in_scope" in table.columns:
        outside = codes[~table["in_scope"].astype(bool).to_numpy()]
        colors.update(dict.fromkeys(outside, OUTSIDE_FILL))
    return {iso: colors.get(iso, classes.no_data_color) for iso in layer.units["unit_id"]}


def add_map_axes(
    fig: Figure, b: Box, panel: str, xy: tuple[float, float, float, float], *, frame: bool
) -> Axes:
    """Add a map panel (axes labelled ``map:<panel>``) showing ``xy`` in the box ``b``.

    Parameters
    ----------
    fig
        The figure.
    b
        Where, in inches.
    panel
        ``"main"`` or an inset's unit code.
    xy
        Projected ``(x0, y0, x1, y1)`` shown; ``b`` already has its aspect.
    frame
        Draw the panel's frame.

    Returns
    -------
    matplotlib.axes.Axes
    """
    width, height = fig.get_size_inches()
    ax = fig.add_axes((b.x / width, b.y / height, b.w / width, b.h / height), label=f"map:{panel}")
    ax.set_xlim(xy[0], xy[2])
    ax.set_ylim(xy[1], xy[3])
    ax.set_aspect("auto")  # the box already has the extent's aspect
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_visible(frame)
        spine.set_edgecolor(FRAME)
        spine.set_linewidth(0.8)
    return ax


def draw_units(
    ax: Axes,
    layer: Layer,
    fills: dict[str, str],
    *,
    hidden: AbstractSet[str] = frozenset(),
    only: set[str] | None = None,
    selected: str | None = None,
    selected_width: float = 2.2,
    subject: str | None = None,
) -> None:
    """Fill the units in view; with a ``subject`` country, the others are plain context.

    Parameters
    ----------
    ax
        A map panel from :func:`add_map_axes`.
    layer
        The units.
    fills
        Fill colour per unit code (:func:`fills`).
    hidden
        Codes of the units left out (those shown in insets, :func:`members`).
    only
        When given, the codes of the only units drawn (an inset), without
        country outlines.
    selected
        Unit outlined as selected.
    selected_width
        Width of that outline in points.
    subject
        Country the map is about; None for all three.
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = box(x0, y0, x1, y1)
    units = layer.units
    keep = units.intersects(view) & ~units["unit_id"].isin(hidden)
    if only is not None:
        keep &= units["unit_id"].isin(only)
    shown = units[keep]
    is_context = (
        shown["country"] != subject if subject is not None else pd.Series(False, shown.index)
    )
    in_country = shown[~is_context]
    _draw_fills(ax, shown[is_context], in_country, fills)
    if only is None:
        _draw_country_borders(ax, layer.countries[layer.countries.intersects(view)], subject)
    if selected is not None and selected in set(in_country["unit_id"]):
        in_country[in_country["unit_id"] == selected].boundary.plot(
            ax=ax, color=SELECTED_EDGE, linewidth=selected_width, zorder=3, aspect=None
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def _draw_fills(
    ax: Axes, context: gpd.GeoDataFrame, themed: gpd.GeoDataFrame, fills: dict[str, str]
) -> None:
    """Fill the context flat, the themed units by class, units outside the filter as outlines."""
    if len(context):
        # one flat fill, no unit borders: neighbours are not part of the map's theme
        context.plot(
            ax=ax, color=CONTEXT_FILL, edgecolor=CONTEXT_FILL, linewidth=0.3, zorder=1, aspect=None
        )
    is_outside = themed["unit_id"].map(lambda c: fills[c] == OUTSIDE_FILL).astype(bool)
    outside, themed = themed[is_outside], themed[~is_outside]
    if len(themed):
        colours = [fills[c] for c in themed["unit_id"]]
        themed.plot(ax=ax, color=colours, edgecolor=UNIT_EDGE, linewidth=0.35, zorder=1,
                    aspect=None, gid="units")  # fmt: skip
    if len(outside):
        # outside the filter: outline only, never the grey of "no data"
        outside.plot(ax=ax, color=OUTSIDE_FILL, edgecolor=OUTSIDE_EDGE, linewidth=0.5, zorder=1,
                     aspect=None, gid="units-outside")  # fmt: skip


def _draw_country_borders(ax: Axes, countries: gpd.GeoSeries, subject: str | None) -> None:
    """Draw the country borders in view, the subject's last and darkest."""
    ordered = sorted(countries.index, key=lambda c: c == subject or subject is None)
    for code in ordered:  # subject last, so its border is on top
        main = subject is None or code == subject
        countries.loc[[code]].boundary.plot(
            ax=ax,
            color=COUNTRY_EDGE if main else CONTEXT_EDGE,
            linewidth=0.8 if main else 0.6,
            zorder=2,
            aspect=None,
        )
