"""The look every part of a static map shares: font, colours, and measuring and wrapping text."""

from __future__ import annotations

from typing import Any

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from geo.indicators.classify import OUTSIDE_COLOR

FONT = "DejaVu Sans"  # matplotlib's bundled font; has every Spanish letter
#: matplotlib settings of every map figure and file.
RC: dict[Any, Any] = {
    "font.family": FONT,
    "svg.fonttype": "none",  # text stays text in SVG (searchable, editable)
    "pdf.fonttype": 42,  # TrueType in PDF (editable, accents exact)
    "svg.hashsalt": "coopatlas",  # stable SVG ids
}
INK = "#1b1b1b"
MUTED = "#555555"
FRAME = "#7a7a7a"
UNIT_EDGE = "#ffffff"
COUNTRY_EDGE = "#4d4d4d"
SELECTED_EDGE = "#1b1b1b"  # as the dashboard (assets/coopatlas.js)
CONTEXT_FILL = "#f0f0f0"  # neighbours on a country map: lighter than "no data" (#d9d9d9)
CONTEXT_EDGE = "#a6a6a6"
#: Units outside the filter: white with a grey outline, distinct from "no data" (#d9d9d9)
#: and from the flat neighbours, and named "outside the filter" in the legend.
OUTSIDE_FILL = OUTSIDE_COLOR  # the dashboard's, described once in geo/indicators/classify.py
OUTSIDE_EDGE = "#9e9e9e"


def text_inches(text: str, fontsize: float, *, bold: bool = False) -> float:
    """Return the width of a line of text in the map's font, in inches.

    Parameters
    ----------
    text
        One line.
    fontsize
        Size in points.
    bold
        Bold weight.

    Returns
    -------
    float
    """
    prop = FontProperties(family=FONT, size=fontsize, weight="bold" if bold else "normal")
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


def wrap(text: str, width_in: float, fontsize: float, max_lines: int, *, bold: bool = False) -> str:
    """Break ``text`` between words into lines measured to fit ``width_in``.

    A word longer than the width gets a line of its own; past ``max_lines`` the
    last line ends with "…".

    Parameters
    ----------
    text
        The text.
    width_in
        Line width in inches.
    fontsize
        Size in points.
    max_lines
        Most lines kept.
    bold
        Bold weight.

    Returns
    -------
    str
        Lines joined with newlines.
    """
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and text_inches(trial, fontsize, bold=bold) <= width_in:
            lines[-1] = trial
        else:
            lines.append(word)
    lines = lines or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        words = lines[-1].split()
        while len(words) > 1 and text_inches(" ".join(words) + "…", fontsize, bold=bold) > width_in:
            words.pop()
        lines[-1] = " ".join(words) + "…"
    return "\n".join(lines)
