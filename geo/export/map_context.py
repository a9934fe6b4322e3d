"""What surrounds a static map's subject: neighbours in flat grey, their names, and capitals.

The dashboard lays the same context under its choropleth (:mod:`geo.units.context_layer`,
``assets/coopatlas.js``); a static map draws it the same way at every level:

* neighbouring countries of Natural Earth (Brazil, Venezuela, …) in flat light
  grey, named in grey capitals;
* on a level-2 map, the level-1 units around the parent in the same grey (with
  thin borders when they are of the parent's country, named in grey), and the
  other two countries flat, so a map of Antioquia shows where Antioquia is;
* capitals as dots with their names: the national capitals in view (a dark dot)
  and the capital of the unit the map is about (a white dot): Medellín on a map
  of Antioquia's municipalities.

Names and capitals are returned as labels with a priority for
:func:`geo.export.map_labels.draw_labels`, which drops any that leaves the map or
collides with a more important one.
"""

from __future__ import annotations

import functools
from typing import Any

import geopandas as gpd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from shapely.geometry import Polygon, box

from geo.export.map_insets import INSET_UNITS
from geo.export.map_labels import Label, halo, label_point
from geo.export.map_layer import MAP_CRS, Layer, default_layer, transformer
from geo.export.map_style import CONTEXT_EDGE, CONTEXT_FILL, COUNTRY_EDGE, INK, MUTED
from geo.i18n import t
from geo.indicators.mapspec import MapSpec
from geo.units.boundaries import load_units
from geo.units.context_layer import Capital, capitals, neighbour_countries
from geo.units.levels import is_country

#: Priorities of the labels (geo.export.map_labels.SELECTED, 0, comes first).
MAIN_NAMES, CAPITALS, NEIGHBOUR_NAMES = 1, 2, 3
_MIN_SHARE = 0.02  # a neighbour is named when this share of the map shows it


@functools.cache
def _neighbours() -> gpd.GeoDataFrame:
    """Neighbouring countries (``iso_a3``, geometry) in :data:`MAP_CRS`, read once."""
    shapes = gpd.GeoDataFrame.from_features(neighbour_countries(), crs="EPSG:4326")
    return shapes[["iso_a3", "geometry"]].to_crs(MAP_CRS)


@functools.cache
def _unit_names() -> dict[str, str]:
    units = load_units()
    return dict(zip(units["iso_3166_2"], units["name"], strict=True))


def _view(ax: Axes) -> Polygon:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return box(x0, y0, x1, y1)


def _parent_unit(spec: MapSpec) -> str | None:
    """Return the level-1 unit whose level-2 units the map shows, or None."""
    if spec.parent and not is_country(spec.parent):
        return spec.parent
    return None


def _level1() -> Layer:
    return default_layer(INSET_UNITS)


def draw_context(ax: Axes, spec: MapSpec) -> None:
    """Draw the neighbouring countries (and, on a level-2 map, the level-1 units) under the units.

    Parameters
    ----------
    ax
        The main map panel, its extent already set.
    spec
        The view.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    view = _view(ax)
    shapes = _neighbours()
    shapes = shapes[shapes.intersects(view)]
    style: dict[str, Any] = {"zorder": 0.5, "aspect": None, "color": CONTEXT_FILL}
    if len(shapes):
        shapes.plot(ax=ax, edgecolor=CONTEXT_EDGE, linewidth=0.6, **style)
    if spec.parent:  # below level 1: the level-1 units around are the context
        layer = _level1()
        units = layer.units[layer.units.intersects(view)]
        own = units["country"] == spec.frame
        if (~own).any():  # the other countries: flat, as on a level-1 country map
            units[~own].plot(ax=ax, edgecolor=CONTEXT_FILL, linewidth=0.3, **style)
        if own.any():  # the parent's neighbours: flat with thin borders
            units[own].plot(ax=ax, edgecolor=CONTEXT_EDGE, linewidth=0.4, **style)
        countries = layer.countries[layer.countries.intersects(view)]
        for code in sorted(countries.index, key=lambda c: c == spec.frame):
            main = code == spec.frame
            countries.loc[[code]].boundary.plot(
                ax=ax,
                color=COUNTRY_EDGE if main else CONTEXT_EDGE,
                linewidth=0.8 if main else 0.6,
                zorder=0.7,
                aspect=None,
            )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def context_labels(ax: Axes, spec: MapSpec, layer: Layer) -> list[Label]:
    """Return the names of the neighbours in view and the capitals, each with its priority.

    Parameters
    ----------
    ax
        The main map panel.
    spec
        The view.
    layer
        The units drawn (their country outlines name the countries of a level-1 map).

    Returns
    -------
    list of Label
    """
    view = _view(ax)
    countries = _level1().countries if spec.parent else layer.countries
    focus = spec.frame == "all"
    themed = layer.countries[[focus or code == spec.frame for code in layer.countries.index]]
    subject = shapely.union_all(themed.to_numpy())  # what a neighbour's name must not cover
    names = [
        (MAIN_NAMES, t(f"country.{code}", spec.lang).upper(), geom, focus)
        for code, geom in countries.items()
        if code != spec.frame  # the title names the country
    ]
    names += [
        (NEIGHBOUR_NAMES, t(f"neighbour.{row.iso_a3}", spec.lang).upper(), row.geometry, False)
        for row in _neighbours().itertuples()
    ]
    parent = _parent_unit(spec)
    if parent is not None:
        units = _level1().units
        around = units[(units["country"] == spec.frame) & (units["unit_id"] != parent)]
        names += [
            (NEIGHBOUR_NAMES, _unit_names().get(code, code), geom, False)
            for code, geom in zip(around["unit_id"], around.geometry, strict=True)
        ]
    labels = [_name(ax, view, *n, subject=None if n[3] else subject) for n in names]
    return [label for label in labels if label is not None] + _capital_labels(ax, spec, view)


def _name(
    ax: Axes,
    view: Polygon,
    priority: int,
    text: str,
    geom: shapely.Geometry,
    focus: bool,
    *,
    subject: shapely.Geometry | None,
) -> Label | None:
    """Label a neighbour on its visible part off the subject, or None when too little shows."""
    visible = view.intersection(geom)
    if subject is not None:
        visible = visible.difference(subject)
    if visible.is_empty or visible.area < _MIN_SHARE * view.area:
        return None
    x, y = label_point(visible)
    small = priority == NEIGHBOUR_NAMES and not text.isupper()
    label = ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=10 if focus else (8 if small else 9),
        color=INK if focus else MUTED,
        fontweight="bold" if focus else "normal",
        fontstyle="italic" if small else "normal",
        zorder=5,
        gid="context-name",
    )
    return Label(priority, label, (halo(label),), subject)


def _capital_labels(ax: Axes, spec: MapSpec, view: Polygon) -> list[Label]:
    """Dots and names of the national capitals in view and of the parent's capital."""
    parent = _parent_unit(spec)
    subjects = {parent} if parent else set(spec.filters.units)
    chosen = [c for c in capitals() if c.national or subjects & set(c.units)]
    labels = []
    x0, y0, x1, y1 = view.bounds
    for town in chosen:
        x, y = transformer().transform(town.lon, town.lat)
        if not (x0 < x < x1 and y0 < y < y1):
            continue
        labels.append(_capital(ax, town, (x, y), left=x > x0 + 0.7 * (x1 - x0)))
    return labels


def _capital(ax: Axes, town: Capital, xy: tuple[float, float], *, left: bool) -> Label:
    """Draw a capital's dot (dark for a national capital) and its name beside it."""
    (dot,) = ax.plot(
        *xy,
        marker="o",
        markersize=5.5 if town.national else 4.5,
        markerfacecolor=INK if town.national else "white",
        markeredgecolor=INK,
        markeredgewidth=1.0,
        linestyle="none",
        zorder=7,
        gid="capital",
    )
    style: dict[str, Any] = {
        "xy": xy,
        "xytext": (-5 if left else 5, 0),
        "textcoords": "offset points",
        "ha": "right" if left else "left",
        "va": "center",
        "fontsize": 9 if town.national else 8.5,
        "fontweight": "bold" if town.national else "normal",
    }
    name = ax.annotate(town.name, color=INK, zorder=7, gid="capital-name", **style)
    # the halo is a copy drawn as a white stroke, so the name itself stays text in SVG and PDF
    outline = ax.annotate(town.name, color="white", zorder=6.9, gid="label-halo", **style)
    outline.set_path_effects([patheffects.Stroke(linewidth=2.5, foreground="white")])
    return Label(CAPITALS, name, (outline, dot))
