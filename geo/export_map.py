"""Static map of a view for slides and print: PNG, SVG and PDF drawn on the server.

:func:`render_map` draws one :class:`~geo.mapspec.MapSpec` view with matplotlib
(Agg canvas, no display, no pyplot state) from the unit table and classification
that :func:`geo.mapspec.compute` returns, so the colours are the dashboard's for
the same view: both take them from :func:`geo.choropleth.classify_indicator`.
Fills are opaque here (the dashboard lays them at 88 % over a white map), so a
pixel of a unit has exactly its class colour. :func:`save_map` writes the figure
atomically.

The figure has a title, a subtitle with the active filters, the map, a legend
with the class labels and "no data", a scale bar, insets for the far-away
islands and a source and date line:

* **Projection.** Web Mercator (EPSG:3857), the projection of the dashboard's
  web map, so an export looks like the screen. The region lies between 18.6° S
  and 13.6° N, where Mercator's linear scale error is at most
  ``sec 18.6° - 1 = 5.5 %``; it is conformal, so shapes are right, and the map
  shows rates (per inhabitant, shares), not areas.
* **Scale bar.** Mercator's scale grows with latitude, so the bar is computed
  for the latitude of the map's centre (:func:`web_mercator_scale`) and says so
  ("scale at 2° S"). Drawn here: matplotlib-scalebar would still need this
  factor and is not a dependency.
* **Insets.** San Andrés y Providencia (CO-SAP) is 700 km north-west of the
  mainland and Galápagos (EC-W) 1,000 km west of it; national maps put them in
  boxes so the mainland is not shrunk. The main map's extent is
  :data:`geo.mapspec.EXTENTS` and the inset units are drawn only in their box.
* **Extent.** :data:`geo.mapspec.EXTENTS` plus 2 % on each side, so no coast
  touches the frame.
* **Neighbours.** On a national map the other two countries are context: one
  flat light grey (``#f0f0f0``) without unit borders and with a lighter outline,
  distinct from the "no data" grey (``#d9d9d9``) of units of the mapped
  country, and never highlighted.
* **Layout.** Insets in a column left of the map (the Pacific side), legend and
  scale bar in a column right of it: nothing is drawn over the map but its
  labels (country names, the selected unit), which are kept inside the map and
  apart from each other. Labels have a white halo drawn as a separate outline,
  so the label itself stays text in SVG and PDF.
* **Legend.** The dashboard's classes, colours and labels, except that the unit
  named by the legend title is not repeated on every row
  (:func:`legend_entries`).
* **Nothing matches.** When the filters leave no organization the map is grey
  with a centred message, never a blank file.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import matplotlib as mpl
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox
from pyproj import Transformer
from shapely.geometry import box
from shapely.ops import polylabel

from geo._errors import InputValidationError
from geo.atomic import atomic_output
from geo.boundaries import load_boundaries
from geo.catalogue import indicator_info
from geo.classify import Classification, format_number
from geo.mapspec import EXTENTS, MapSpec

Size = Literal["slide", "a4"]
Fmt = Literal["png", "svg", "pdf"]

#: Projection of every export (the web map's).
MAP_CRS = "EPSG:3857"

#: Output sizes: (width in, height in, dpi). Slide: 1920 x 1080 px. A4 landscape at
#: 300 dpi: 297 x 210 mm = 3507.9 x 2480.3 px, rounded to 3508 x 2480.
SIZES: dict[str, tuple[float, float, int]] = {
    "slide": (1920 / 160, 1080 / 160, 160),
    "a4": (3508 / 300, 2480 / 300, 300),
}
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")

#: Messages drawn on a map when the filters leave no organization.
EMPTY_MESSAGE = {
    "en": "No organizations match the filters",
    "es": "Ninguna organización cumple los filtros",
}

# WGS 84 ellipsoid: first eccentricity squared.
_E2 = 0.00669437999014

_TEXT = {
    "en": {
        "scale": "Scale at {lat}",
        "projection": "Web Mercator projection (EPSG:3857)",
        "boundaries": "Boundaries: Natural Earth",
    },
    "es": {
        "scale": "Escala a {lat}",
        "projection": "Proyección Web Mercator (EPSG:3857)",
        "boundaries": "Límites: Natural Earth",
    },
}
_LABEL_NAMES = {
    "en": {"CO": "COLOMBIA", "PE": "PERU", "EC": "ECUADOR"},
    "es": {"CO": "COLOMBIA", "PE": "PERÚ", "EC": "ECUADOR"},
}

_FONT = "DejaVu Sans"  # matplotlib's bundled font; has every Spanish letter
_RC = {
    "font.family": _FONT,
    "svg.fonttype": "none",  # text stays text in SVG (searchable, editable)
    "pdf.fonttype": 42,  # TrueType in PDF (editable, accents exact)
    "svg.hashsalt": "coopatlas",  # stable SVG ids
}
_INK = "#1b1b1b"
_MUTED = "#555555"
_UNIT_EDGE = "#ffffff"
_COUNTRY_EDGE = "#4d4d4d"
_SELECTED_EDGE = "#1b1b1b"  # as the dashboard (assets/coopatlas.js)
_CONTEXT_FILL = "#f0f0f0"  # neighbours on a country map: lighter than "no data" (#d9d9d9)
_CONTEXT_EDGE = "#a6a6a6"
_PAD = 0.02  # share of the extent's width and height added on each side
_FRAME = "#7a7a7a"
_LEGEND_SIZE = 9.5
_LEGEND_TITLE_SIZE = 10.5
_INSET_COLUMN = 1.5


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


# --------------------------------------------------------------------------- public helpers


def web_mercator_scale(lat: float) -> float:
    """Return the scale factor of EPSG:3857 along a parallel at latitude ``lat``.

    Web Mercator multiplies longitude by the equatorial radius ``a``, while a
    parallel of the WGS 84 ellipsoid has radius ``N cos(lat)`` with
    ``N = a / sqrt(1 - e² sin²(lat))``; map length / ground length is therefore
    ``sqrt(1 - e² sin²(lat)) / cos(lat)`` (1 at the equator, about 2 at 60°).

    Parameters
    ----------
    lat
        Latitude in degrees, strictly between -90 and 90.

    Returns
    -------
    float
    """
    phi = math.radians(lat)
    return math.sqrt(1.0 - _E2 * math.sin(phi) ** 2) / math.cos(phi)


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
    x, y = _transformer().transform(lon, lat)
    px, py = ax.transData.transform((x, y))
    return float(px), float(fig.bbox.height - py)


def legend_entries(
    spec: MapSpec, classes: Classification, *, empty: bool = False
) -> list[tuple[str, str]]:
    """Return the ``(label, colour)`` rows of the map's legend, classes first, "no data" last.

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

    Returns
    -------
    list of (str, str)
    """
    entries = classes.legend()
    if empty:
        return entries[-1:]
    info = indicator_info(spec.column)
    title = info.label(spec.lang).casefold()  # type: ignore[arg-type]
    unit = info.unit(spec.lang)  # type: ignore[arg-type]
    suffix = f" {unit}"
    if not unit or unit.casefold() not in title:
        return entries
    return [(label.removesuffix(suffix), color) for label, color in entries]


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
        Unit table from :func:`geo.mapspec.compute` (``iso_3166_2``, ``name``,
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
    :func:`geo.export_deck.write_deck`. Parameters as :func:`render_map`, with the
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
        with atomic_output(path) as tmp, mpl.rc_context(_RC):
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
    missing = [c for c in ("iso_3166_2", "name", "country", "orgs") if c not in table.columns]
    if missing:
        problems.append(f"table lacks columns {missing}; pass the table of geo.mapspec.compute")
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


# --------------------------------------------------------------------------- geometry


@functools.cache
def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)


@dataclass(frozen=True, eq=False)
class _Layer:
    units: gpd.GeoDataFrame  # iso_3166_2, country, name, geometry in MAP_CRS
    countries: gpd.GeoSeries  # one outline per country without the inset units


def _layer_from(boundaries: gpd.GeoDataFrame) -> _Layer:
    problems = []
    missing = [c for c in ("iso_3166_2", "country") if c not in boundaries.columns]
    if missing:
        problems.append(f"boundaries lack columns {missing}")
    if boundaries.crs is None:
        problems.append("boundaries have no CRS; set one (the committed layers are EPSG:4326)")
    if problems:
        raise InputValidationError(problems)
    units = boundaries[["iso_3166_2", "country", "geometry"]].to_crs(MAP_CRS)
    units = units.reset_index(drop=True)
    mainland = units[~units["iso_3166_2"].isin([i.unit for i in INSETS])]
    countries = gpd.GeoSeries(
        {c: shapely.union_all(g.geometry.to_numpy()) for c, g in mainland.groupby("country")},
        crs=MAP_CRS,
    )
    return _Layer(units, countries)


@functools.cache
def _default_layer() -> _Layer:
    return _layer_from(load_boundaries("simplified"))


def _project_box(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """(south, west, north, east) degrees -> (x0, y0, x1, y1) metres in MAP_CRS."""
    south, west, north, east = bounds
    x0, y0 = _transformer().transform(west, south)
    x1, y1 = _transformer().transform(east, north)
    return x0, y0, x1, y1


def _view_box(extent: str) -> tuple[float, float, float, float]:
    """Projected box of a map extent with a margin, so no coast touches the frame."""
    x0, y0, x1, y1 = _project_box(EXTENTS[extent])
    dx, dy = _PAD * (x1 - x0), _PAD * (y1 - y0)
    return x0 - dx, y0 - dy, x1 + dx, y1 + dy


def _subject(extent: str) -> str | None:
    """Country a map is about (its neighbours are context), or None for all three."""
    return None if extent == "all" else extent


def _inverse_lat(y: float) -> float:
    """Latitude of a Web Mercator northing (spherical formula of EPSG:3857)."""
    return math.degrees(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)


def _largest_part(geom: shapely.Geometry) -> shapely.Geometry:
    parts = getattr(geom, "geoms", [geom])
    return max(parts, key=lambda g: g.area)


def _label_point(geom: shapely.Geometry) -> tuple[float, float]:
    """Pole of inaccessibility of the largest part (well inside, unlike the centroid)."""
    part = _largest_part(geom)
    if part.geom_type != "Polygon" or part.is_empty:
        p = geom.representative_point()
        return p.x, p.y
    p = polylabel(part, tolerance=max(math.sqrt(part.area) / 100, 1.0))
    return p.x, p.y


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Box:
    x: float  # inches from the left
    y: float  # inches from the bottom
    w: float
    h: float


def _fit(aspect: float, w_max: float, h_max: float) -> tuple[float, float]:
    """Largest (w, h) with w / h == aspect inside (w_max, h_max)."""
    h = min(h_max, w_max / aspect)
    return h * aspect, h


def _fit_message(text: str, width_in: float) -> tuple[str, float]:
    """Return the text and the largest size (15 to 11 pt) keeping it on one line; else wrap."""
    for size in (15.0, 14.0, 13.0, 12.0, 11.0):
        if _text_inches(text, size) <= width_in:
            return text, size
    return _wrap(text, width_in, 12, 4), 12.0


def _wrap(
    text: str, width_in: float, fontsize: float, max_lines: int, *, bold: bool = False
) -> str:
    """Break ``text`` between words into lines measured to fit ``width_in``.

    A word longer than the width gets a line of its own; past ``max_lines`` the
    last line ends with "…".
    """
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and _text_inches(trial, fontsize, bold=bold) <= width_in:
            lines[-1] = trial
        else:
            lines.append(word)
    lines = lines or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        words = lines[-1].split()
        while (
            len(words) > 1 and _text_inches(" ".join(words) + "…", fontsize, bold=bold) > width_in
        ):
            words.pop()
        lines[-1] = " ".join(words) + "…"
    return "\n".join(lines)


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
    layer = _default_layer() if boundaries is None else _layer_from(boundaries)
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
        FigureCanvasAgg(fig)
        fig.set_label(spec.title)
        _draw(fig, spec, table, classes, layer, frame=frame)
    return fig


def _draw(
    fig: Figure,
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    layer: _Layer,
    *,
    frame: bool,
) -> None:
    width, height = fig.get_size_inches()
    lang = spec.lang
    margin = 0.3 if frame else 0.1  # a panel sits in a layout that has its own margins
    top, bottom = height - margin, margin
    if frame:
        top = _draw_header(fig, spec, width=width, top=top, margin=margin)
        bottom = _draw_footer(fig, spec, width=width, margin=margin)
    empty = is_empty(table)
    fills = _fills(table, classes, layer, empty=empty)

    insets = [i for i in INSETS if spec.extent in i.extents]
    x0, y0, x1, y1 = _view_box(spec.extent)
    inset_col = _INSET_COLUMN if insets else 0.0
    legend_col = _legend_width(spec, classes, empty=empty)
    gap = 0.3
    avail_w = width - 2 * margin - inset_col - legend_col - (2 * gap if insets else gap)
    map_w, map_h = _fit((x1 - x0) / (y1 - y0), avail_w, top - bottom)
    group = inset_col + (gap if insets else 0.0) + map_w + gap + legend_col
    left = margin + max((width - 2 * margin - group) / 2, 0.0)
    map_box = _Box(
        left + inset_col + (gap if insets else 0.0),
        bottom + (top - bottom - map_h) / 2,
        map_w,
        map_h,
    )

    ax = _add_map_axes(fig, map_box, "main", (x0, y0, x1, y1), frame=True)
    hidden = {i.unit for i in insets}
    _draw_units(
        ax, layer, fills, hidden=hidden, selected=spec.selected, subject=_subject(spec.extent)
    )
    m_per_in = (x1 - x0) / map_w
    obstacles = []
    if empty:
        message, size = _fit_message(EMPTY_MESSAGE[lang], map_w - 0.6)
        box_text = ax.text(
            0.5,
            0.5,
            message,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=size,
            color=_INK,
            zorder=10,
            linespacing=1.3,
            bbox={"boxstyle": "round,pad=0.6", "facecolor": "white", "edgecolor": _FRAME},
        )
        box_text.set_gid("empty-message")
        obstacles.append(box_text.get_window_extent(fig.canvas.get_renderer()))  # type: ignore[attr-defined]
    _draw_labels(fig, ax, spec, table, layer, hidden=hidden, obstacles=obstacles)

    _draw_insets(
        fig,
        spec,
        insets,
        layer,
        fills,
        x=left,
        top=map_box.y + map_box.h,
        bottom=map_box.y,
        width=inset_col,
    )
    legend_x = map_box.x + map_box.w + gap
    _draw_legend(
        fig, spec, classes, empty=empty, x=legend_x, top=map_box.y + map_box.h, width=legend_col
    )
    lat = _inverse_lat((y0 + y1) / 2)
    _scale_bar(
        fig,
        x=legend_x,
        y=map_box.y + 0.32,
        max_width=min(2.0, legend_col - 0.2),
        proj_m_per_inch=m_per_in,
        lat=lat,
        lang=lang,
        fontsize=8.5,
        note=True,
        panel="main",
    )


def _fills(
    table: pd.DataFrame, classes: Classification, layer: _Layer, *, empty: bool
) -> dict[str, str]:
    """Fill colour per unit code; units missing from the table are "no data"."""
    if empty:
        return dict.fromkeys(layer.units["iso_3166_2"], classes.no_data_color)
    colors = dict(zip(table["iso_3166_2"].astype(str), classes.value_colors(), strict=True))
    return {iso: colors.get(iso, classes.no_data_color) for iso in layer.units["iso_3166_2"]}


def _add_map_axes(
    fig: Figure, b: _Box, panel: str, xy: tuple[float, float, float, float], *, frame: bool
) -> Axes:
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
        spine.set_edgecolor(_FRAME)
        spine.set_linewidth(0.8)
    return ax


def _draw_units(
    ax: Axes,
    layer: _Layer,
    fills: dict[str, str],
    *,
    hidden: set[str] = frozenset(),  # type: ignore[assignment]
    only: set[str] | None = None,
    selected: str | None = None,
    selected_width: float = 2.2,
    subject: str | None = None,
) -> None:
    """Fill the units in view; with a ``subject`` country, the others are plain context."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = box(x0, y0, x1, y1)
    units = layer.units
    keep = units.intersects(view) & ~units["iso_3166_2"].isin(hidden)
    if only is not None:
        keep &= units["iso_3166_2"].isin(only)
    shown = units[keep]
    is_context = (
        shown["country"] != subject if subject is not None else pd.Series(False, shown.index)
    )
    context, themed = shown[is_context], shown[~is_context]
    if len(context):
        # one flat fill, no unit borders: neighbours are not part of the map's theme
        context.plot(
            ax=ax,
            color=_CONTEXT_FILL,
            edgecolor=_CONTEXT_FILL,
            linewidth=0.3,
            zorder=1,
            aspect=None,
        )
    if len(themed):
        themed.plot(
            ax=ax,
            color=[fills[c] for c in themed["iso_3166_2"]],
            edgecolor=_UNIT_EDGE,
            linewidth=0.35,
            zorder=1,
            aspect=None,
        )
    countries = layer.countries[layer.countries.intersects(view)]
    if only is None and len(countries):
        ordered = sorted(countries.index, key=lambda c: c == subject or subject is None)
        for code in ordered:  # subject last, so its border is on top
            main = subject is None or code == subject
            countries.loc[[code]].boundary.plot(
                ax=ax,
                color=_COUNTRY_EDGE if main else _CONTEXT_EDGE,
                linewidth=0.8 if main else 0.6,
                zorder=2,
                aspect=None,
            )
    if selected is not None and selected in set(themed["iso_3166_2"]):
        themed[themed["iso_3166_2"] == selected].boundary.plot(
            ax=ax, color=_SELECTED_EDGE, linewidth=selected_width, zorder=3, aspect=None
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("")  # GeoPandas labels projected axes ("Easting [metre]")
    ax.set_ylabel("")


def _halo(text: Text, width: float = 2.5) -> Text:
    """Add a white outline under ``text``: a copy drawn as a stroke only, just below it.

    The label itself keeps no path effect, so SVG and PDF keep it as text
    (matplotlib draws text with path effects as outlines). Returns the copy.
    """
    x, y = text.get_position()
    halo = text.axes.text(  # type: ignore[union-attr]
        x,
        y,
        text.get_text(),
        ha=text.get_ha(),
        va=text.get_va(),
        fontsize=text.get_fontsize(),
        fontweight=text.get_fontweight(),
        color="white",
        zorder=text.get_zorder() - 0.1,
        path_effects=[patheffects.Stroke(linewidth=width, foreground="white")],
        gid="label-halo",
    )
    return halo


def _draw_labels(
    fig: Figure,
    ax: Axes,
    spec: MapSpec,
    table: pd.DataFrame,
    layer: _Layer,
    *,
    hidden: set[str],
    obstacles: Sequence[Bbox] = (),
) -> None:
    """Label the selected unit, then country names; drop any that leaves the map or collides."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = box(x0, y0, x1, y1)
    labels: list[tuple[Text, Text]] = []
    units = layer.units
    subject = _subject(spec.extent)
    if spec.selected and spec.selected not in hidden:
        row = units[units["iso_3166_2"] == spec.selected]
        if subject is not None:
            row = row[row["country"] == subject]  # a neighbour is context, not highlighted
        names = table.loc[table["iso_3166_2"] == spec.selected, "name"]
        if len(row) and len(names):
            geom = row.geometry.iloc[0].intersection(view)
            if not geom.is_empty:
                x, y = _label_point(geom)
                t = ax.text(
                    x,
                    y,
                    str(names.iloc[0]),
                    ha="center",
                    va="center",
                    fontsize=9.5,
                    fontweight="bold",
                    color=_INK,
                    zorder=6,
                )
                labels.append((t, _halo(t, 3)))
    for code, geom in layer.countries.items():
        if spec.extent == code:
            continue  # the title names the country
        visible = geom.intersection(view)
        if visible.is_empty or visible.area < 0.02 * view.area:
            continue
        x, y = _label_point(visible)
        focus = spec.extent == "all"
        t = ax.text(
            x,
            y,
            _LABEL_NAMES[spec.lang][str(code)],
            ha="center",
            va="center",
            fontsize=10 if focus else 9,
            color=_INK if focus else _MUTED,
            fontweight="bold" if focus else "normal",
            zorder=5,
        )
        labels.append((t, _halo(t)))
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    inside = ax.get_window_extent(renderer)
    kept: list[Bbox] = list(obstacles)
    for t, halo in labels:
        bb = t.get_window_extent(renderer)
        fits = (
            bb.x0 >= inside.x0 and bb.x1 <= inside.x1 and bb.y0 >= inside.y0 and bb.y1 <= inside.y1
        )
        if fits and not any(bb.overlaps(k) for k in kept):
            kept.append(bb)
        else:
            t.remove()
            halo.remove()


def _draw_insets(
    fig: Figure,
    spec: MapSpec,
    insets: Sequence[Inset],
    layer: _Layer,
    fills: dict[str, str],
    *,
    x: float,
    top: float,
    bottom: float,
    width: float,
) -> None:
    if not insets:
        return
    titles = [_wrap(i.name, width, 8.5, 2) for i in insets]
    title_hs = [(t.count("\n") + 1) * 8.5 * 1.3 / 72 + 0.1 for t in titles]
    scale_h = 0.5
    boxes = [_project_box(i.bounds) for i in insets]
    aspects = [(b[2] - b[0]) / (b[3] - b[1]) for b in boxes]
    room = (top - bottom) - sum(title_hs) - len(insets) * scale_h - 0.15 * (len(insets) - 1)
    h_max = min(room / len(insets), 2.4)
    y = top
    for inset, title, title_h, xy, aspect in zip(
        insets, titles, title_hs, boxes, aspects, strict=True
    ):
        w, h = _fit(aspect, width, h_max)
        y -= title_h
        fig.text(
            x / fig.get_figwidth(),
            (y + 0.06) / fig.get_figheight(),
            title,
            fontsize=8.5,
            color=_INK,
            ha="left",
            va="bottom",
            linespacing=1.2,
        )
        b = _Box(x, y - h, w, h)
        ax = _add_map_axes(fig, b, inset.unit, xy, frame=True)
        _draw_units(ax, layer, fills, only={inset.unit}, selected=spec.selected, selected_width=1.2)
        _scale_bar(
            fig,
            x=x,
            y=b.y - 0.38,
            max_width=min(width, 1.2),
            proj_m_per_inch=(xy[2] - xy[0]) / w,
            lat=_inverse_lat((xy[1] + xy[3]) / 2),
            lang=spec.lang,
            fontsize=7.5,
            note=False,
            panel=inset.unit,
        )
        y = b.y - scale_h - 0.15


def _legend_width(spec: MapSpec, classes: Classification, *, empty: bool) -> float:
    """Width (inches) of the legend column: the widest label and its key, 1.7 to 3.4.

    A long title widens the column (to 2.8 in at most) until it fits on three lines.
    """
    entries = legend_entries(spec, classes, empty=empty)
    widest = max(_text_inches(label, _LEGEND_SIZE) for label, _ in entries)
    width = min(max(widest + 0.6, 1.7), 3.4)
    title = _legend_title(spec)
    while width < 2.8 and _wrap(title, width, _LEGEND_TITLE_SIZE, 99, bold=True).count("\n") > 2:
        width += 0.1
    return width


def _legend_title(spec: MapSpec) -> str:
    return indicator_info(spec.column).label(spec.lang)  # type: ignore[arg-type]


def _draw_legend(
    fig: Figure,
    spec: MapSpec,
    classes: Classification,
    *,
    empty: bool,
    x: float,
    top: float,
    width: float,
) -> None:
    entries = legend_entries(spec, classes, empty=empty)
    handles = [Patch(facecolor=c, edgecolor="#8c8c8c", linewidth=0.5) for _, c in entries]
    title = _wrap(_legend_title(spec), width, _LEGEND_TITLE_SIZE, 5, bold=True)
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


def _text_inches(text: str, fontsize: float, *, bold: bool = False) -> float:
    """Width of a line of text in the map's font, in inches."""
    prop = FontProperties(family=_FONT, size=fontsize, weight="bold" if bold else "normal")
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


def _nice_length(limit_m: float) -> float:
    """Largest 1, 2 or 5 times a power of ten that is at most ``limit_m`` metres."""
    exponent = math.floor(math.log10(limit_m))
    for step in (5, 2, 1):
        value = step * 10.0**exponent
        if value <= limit_m:
            return value
    return 10.0 ** (exponent - 1) * 5  # pragma: no cover (1 * 10**floor(log10) <= limit)


def _distance_text(metres: float, lang: str) -> str:
    if metres >= 1000:
        return f"{format_number(metres / 1000, lang, 0)} km"  # type: ignore[arg-type]
    return f"{format_number(metres, lang, 0)} m"  # type: ignore[arg-type]


def _lat_text(lat: float, lang: str) -> str:
    rounded = round(lat)
    if rounded == 0:
        return "0°"
    hemisphere = "N" if rounded > 0 else "S"  # the same letters in Spanish
    return f"{abs(rounded)}° {hemisphere}"


def _scale_bar(
    fig: Figure,
    *,
    x: float,
    y: float,
    max_width: float,
    proj_m_per_inch: float,
    lat: float,
    lang: str,
    fontsize: float,
    note: bool,
    panel: str,
) -> None:
    """Two-segment bar at (x, y) inches, true on the ground at latitude ``lat``.

    Its rectangles have the gid ``scalebar:<panel>``, its end label ``scalebar-label:<panel>``.
    """
    ground_m_per_inch = proj_m_per_inch / web_mercator_scale(lat)
    length = _nice_length(max_width * ground_m_per_inch)
    w = length / ground_m_per_inch
    h = 0.06
    trans = fig.dpi_scale_trans
    for i, face in enumerate((_INK, "white")):
        fig.add_artist(
            Rectangle(
                (x + i * w / 2, y),
                w / 2,
                h,
                transform=trans,
                facecolor=face,
                edgecolor=_INK,
                linewidth=0.6,
                gid=f"scalebar:{panel}",
            )
        )
    unit = 1000.0 if length >= 1000 else 1.0
    ticks = (
        "0",
        format_number(length / 2 / unit, lang, 0 if length >= 2 * unit else 1),  # type: ignore[arg-type]
        _distance_text(length, lang),
    )
    # the middle number is left out when it would touch the end label
    half = _text_inches(ticks[1], fontsize) / 2 + _text_inches(ticks[2], fontsize) / 2
    fracs = (0.0, 0.5, 1.0) if w / 2 >= half + 0.08 else (0.0, 1.0)
    ticks = ticks if len(fracs) == 3 else (ticks[0], ticks[2])
    for frac, shown in zip(fracs, ticks, strict=True):
        t = fig.text(
            (x + frac * w) / fig.get_figwidth(),
            (y + h + 0.04) / fig.get_figheight(),
            shown,
            fontsize=fontsize,
            color=_INK,
            ha="center",
            va="bottom",
        )
        if frac == 1.0:
            t.set_gid(f"scalebar-label:{panel}")
    if note:
        fig.text(
            x / fig.get_figwidth(),
            (y - 0.06) / fig.get_figheight(),
            _TEXT[lang]["scale"].format(lat=_lat_text(lat, lang)),
            fontsize=fontsize - 1,
            color=_MUTED,
            ha="left",
            va="top",
        )


def _draw_header(fig: Figure, spec: MapSpec, *, width: float, top: float, margin: float) -> float:
    """Title and subtitle from the top; return the y (inches) below them."""
    fig_h = fig.get_figheight()
    avail = width - 2 * margin
    title = _wrap(spec.title, avail, 19, 2, bold=True)
    subtitle = _wrap(spec.subtitle, avail, 11, 2)
    fig.text(
        margin / width,
        top / fig_h,
        title,
        fontsize=19,
        fontweight="bold",
        color=_INK,
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
        color=_MUTED,
        ha="left",
        va="top",
        linespacing=1.25,
    )
    y -= (subtitle.count("\n") + 1) * 11 * 1.35 / 72
    return y - 0.2


def _draw_footer(fig: Figure, spec: MapSpec, *, width: float, margin: float) -> float:
    """Source, date and credits at the bottom; return the y (inches) above them."""
    fig_h = fig.get_figheight()
    text = _TEXT[spec.lang]
    left = " · ".join([spec.footer, text["boundaries"]])
    left = _wrap(left, width * 0.68, 8.5, 2)
    fig.text(
        margin / width,
        margin / fig_h,
        left,
        fontsize=8.5,
        color=_MUTED,
        ha="left",
        va="bottom",
        linespacing=1.3,
    )
    fig.text(
        (width - margin) / width,
        margin / fig_h,
        text["projection"],
        fontsize=8.5,
        color=_MUTED,
        ha="right",
        va="bottom",
    )
    return margin + (left.count("\n") + 1) * 8.5 * 1.35 / 72 + 0.25


def _panel(fig: Figure, panel: str) -> Axes:
    for ax in fig.axes:
        if ax.get_label() == f"map:{panel}":
            return ax
    have = [a.get_label().removeprefix("map:") for a in fig.axes]
    raise InputValidationError(f"the figure has no map panel {panel!r}; it has {have}")
