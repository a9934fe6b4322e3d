"""Scale bars of a map panel, true on the ground at the panel's central latitude.

Web Mercator's scale grows with latitude (the region lies between 18.6° S and
13.6° N, where the linear scale error is at most ``sec 18.6° - 1 = 5.5 %``), so
a bar is computed for the latitude of the panel's centre and says so ("scale at
2° S"). The bar itself is matplotlib-scalebar's :class:`ScaleBar`, given the
ground metres per projected metre at that latitude (:func:`web_mercator_scale`).
"""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib_scalebar.scalebar import ScaleBar

from geo.export.map_style import FONT, INK, MUTED
from geo.i18n import Lang, format_number, t

# WGS 84 ellipsoid: first eccentricity squared.
_E2 = 0.00669437999014

_BAR_HEIGHT = 0.06  # inches


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


def lat_text(lat: float) -> str:
    """Return a latitude rounded to whole degrees with its hemisphere ("2° S", "0°").

    Parameters
    ----------
    lat
        Degrees.

    Returns
    -------
    str
        The same letters in English and Spanish.
    """
    rounded = round(lat)
    if rounded == 0:
        return "0°"
    hemisphere = "N" if rounded > 0 else "S"
    return f"{abs(rounded)}° {hemisphere}"


def _distance_text(value: float, unit: str, lang: Lang) -> str:
    """Label of a bar in m or km ("1.000 km" in Spanish), never the library's "Mm"."""
    if unit == "Mm":
        value, unit = value * 1000, "km"
    return f"{format_number(value, lang, 0)} {unit}"


def draw_scale_bar(
    fig: Figure,
    ax: Axes,
    *,
    x: float,
    y: float,
    max_width: float,
    lat: float,
    lang: Lang,
    fontsize: float,
    note: bool,
) -> ScaleBar:
    """Add a scale bar of ``ax`` with its lower left corner at ``(x, y)`` inches.

    The length is the largest round distance no longer than ``max_width`` nor the
    panel's width, with
    its label above the bar; the bar may sit outside the panel (in the legend
    column or under an inset).

    Parameters
    ----------
    fig
        The figure.
    ax
        The map panel the bar measures (data in projected metres).
    x, y
        Lower left corner of the bar, in inches from the figure's bottom left.
    max_width
        Longest bar, in inches.
    lat
        Latitude (degrees) at which the bar is true.
    lang
        Language of the numbers and the note.
    fontsize
        Size of the label in points.
    note
        Also write "Scale at <lat>" under the bar.

    Returns
    -------
    matplotlib_scalebar.scalebar.ScaleBar
    """
    fig_w, fig_h = fig.get_size_inches()
    position = ax.get_position()
    ax_w, ax_h = position.width * fig_w, position.height * fig_h
    bar = ScaleBar(
        1.0 / web_mercator_scale(lat),  # ground metres per projected metre
        units="m",
        dimension="si-length",
        length_fraction=min(max_width / ax_w, 1.0),  # the library keeps a bar within its panel
        width_fraction=_BAR_HEIGHT / ax_h,
        location="lower left",
        bbox_to_anchor=(x / fig_w, y / fig_h),
        bbox_transform=fig.transFigure,
        pad=0,
        border_pad=0,
        sep=3,
        frameon=False,
        color=INK,
        scale_loc="top",
        rotation="horizontal-only",  # the panel's aspect is set by its box, not by matplotlib
        font_properties={"family": FONT, "size": fontsize},
        scale_formatter=lambda value, unit: _distance_text(value, unit, lang),
    )
    bar.set_gid("scale-bar")
    ax.add_artist(bar)
    if note:
        fig.text(
            x / fig_w,
            (y - 0.06) / fig_h,
            t("static_map.scale_note", lang, lat=lat_text(lat)),
            fontsize=fontsize - 1,
            color=MUTED,
            ha="left",
            va="top",
            gid="scale-note",
        )
    return bar
