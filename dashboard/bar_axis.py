"""Where a chart's bars start: near the smallest value when close values would look alike.

The top-10 priority scores often differ by a few points out of 100 (80.5 and 77.8):
on bars drawn from 0 they look the same length. :func:`axis_start` moves the start of
the bars to a round number below the smallest value when the values are that close,
and :func:`axis_note` says so in the page's language, with the axis's two ends, so
the chart stays honest: the bar lengths compare differences, the numbers beside them
give the values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dash import html

from geo.i18n import Lang, format_number, t

#: Bars start at 0 unless the spread of the values is under this share of the largest.
CLOSE = 0.5


def nice_step(x: float) -> float:
    """Return the largest of 1, 2 or 5 times a power of ten that is at most ``x`` (> 0)."""
    power = 10.0 ** math.floor(math.log10(x))
    return max(m * power for m in (1, 2, 5) if m * power <= x * (1 + 1e-12))


def axis_start(values: Sequence[float]) -> float:
    """Return where the bars of ``values`` (not negative) start: 0, or a round number below them.

    With ``lo`` and ``hi`` the smallest and largest value and ``span = hi - lo``: bars
    start at 0 when ``span`` is 0 or at least :data:`CLOSE` of ``hi`` (the lengths show
    the differences already). Otherwise at ``lo - span / 4`` rounded down to a
    multiple of :func:`nice_step` of ``span / 2``, never below 0: the shortest bar keeps
    a visible length and the start is a number a reader can hold.

    Examples
    --------
    >>> axis_start([80.5, 80.2, 78.0, 77.8])  # 77.8 - 2.7/4 = 77.125, step 1
    77.0
    >>> axis_start([10, 40])  # spread 30 of 40: from 0
    0.0
    """
    finite = [float(v) for v in values if v == v and math.isfinite(v)]
    if len(finite) < 2:
        return 0.0
    lo, hi = min(finite), max(finite)
    span = hi - lo
    if lo < 0 or span <= 0 or span >= CLOSE * hi:
        return 0.0
    step = nice_step(span / 2)
    return max(0.0, math.floor((lo - span / 4) / step + 1e-9) * step)


def axis_decimals(start: float) -> int:
    """Return the decimals that write ``start`` exactly (0 for whole numbers, else 1 or 2)."""
    for decimals in (0, 1, 2):
        if abs(round(start, decimals) - start) < 1e-9:
            return decimals
    return 2


def axis_note(start: float, high: float, lang: Lang) -> list[html.Span | html.P]:
    """Return the axis row under the bars (its two ends) and the note that it is not from 0.

    Nothing when the bars start at 0.
    """
    if start <= 0:
        return []
    low_text = format_number(start, lang, axis_decimals(start))
    high_text = format_number(high, lang, 1)
    ends = html.Span(
        [html.Span(low_text), html.Span(high_text)],
        className="ca-bar-axis",
        title=t("bars.axis_label", lang, low=low_text, high=high_text),
    )
    return [
        html.Span(className="ca-bar-label"),
        ends,
        html.Span(className="ca-bar-value"),
        html.P(t("bars.axis_from", lang, low=low_text), className="ca-bar-note"),
    ]


__all__ = ["CLOSE", "axis_decimals", "axis_note", "axis_start", "nice_step"]
