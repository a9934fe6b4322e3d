"""Classify indicator values into choropleth classes, with legend labels and colours.

One call gives everything a map legend needs, so labels and colours can never
disagree with the classes:

* the class upper bounds (``bins``): quantiles with numpy, natural breaks and equal
  intervals by :mod:`geo.indicators.breaks` (mapclassify's bins, without loading
  SciPy and scikit-learn into a web worker);
* the class of every value (``-1`` for missing values);
* legend labels in English or Spanish, with the unit and a "no data" entry;
* colours from a colour-blind-safe ColorBrewer palette (sequential YlGnBu or
  diverging RdYlBu), plus a grey for "no data".

Classes include their upper bound: a value ``v`` is in class ``i`` when
``bins[i-1] < v <= bins[i]``. Awkward inputs give sensible classes instead of
errors: no finite value gives zero classes (every value "no data"); a single
distinct value gives one class; fewer distinct values than ``k`` reduce ``k``
(``notes`` says so).

**Zero can be a class of its own** (``zero_class=True``, as every map asks through
:func:`geo.indicators.choropleth.classify_indicator`). When the values are counts or
shares that are never negative, some exactly 0 and some above, the zeros ("none",
"not reached") get the first class, labelled "0 (none)", and the positive values the
other ``k - 1`` classes, the first labelled "> 0 – x": a unit with no cooperative is
never drawn in the colour of a unit with a few. **Merged classes are said.** When tied
values leave fewer distinct bounds than classes asked for (quantiles of many equal
values), :attr:`Classification.asked` keeps the number asked and
:meth:`Classification.merge_note` says so in the legend's language.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.i18n import Fmt, Lang, format_value, lang_problems, no_data, t
from geo.indicators.breaks import equal_interval_bins, fisher_jenks_bins
from geo.indicators.class_labels import count_labels, range_labels
from geo.vocab import SCHEMES, Scheme

PaletteKind = Literal["sequential", "diverging"]

FORMATS: tuple[str, ...] = ("integer", "decimal", "percent")
PALETTES: tuple[PaletteKind, ...] = ("sequential", "diverging")
MIN_K = 2
MAX_K = 9

#: Fill of units with no data: a neutral grey outside both palettes.
NO_DATA_COLOR = "#d9d9d9"

#: Fill of units outside the filters (not counted, so no value): white, as on the exports.
OUTSIDE_COLOR = "#ffffff"

# ColorBrewer 2.0 (Cynthia Brewer, Penn State; Apache-2.0 licence), the k-class
# versions, which are tuned per k (they are not subsets of the 9-class list).
# Both schemes are marked colour-blind safe by ColorBrewer.
_YLGNBU: dict[int, tuple[str, ...]] = {
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    8: ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    9: (
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4",
        "#1d91c0", "#225ea8", "#253494", "#081d58",
    ),
}  # fmt: skip
_RDYLBU: dict[int, tuple[str, ...]] = {
    3: ("#fc8d59", "#ffffbf", "#91bfdb"),
    4: ("#d7191c", "#fdae61", "#abd9e9", "#2c7bb6"),
    5: ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6"),
    6: ("#d73027", "#fc8d59", "#fee090", "#e0f3f8", "#91bfdb", "#4575b4"),
    7: ("#d73027", "#fc8d59", "#fee090", "#ffffbf", "#e0f3f8", "#91bfdb", "#4575b4"),
    8: ("#d73027", "#f46d43", "#fdae61", "#fee090", "#e0f3f8", "#abd9e9", "#74add1", "#4575b4"),
    9: (
        "#d73027", "#f46d43", "#fdae61", "#fee090", "#ffffbf",
        "#e0f3f8", "#abd9e9", "#74add1", "#4575b4",
    ),
}  # fmt: skip
_PALETTES = {"sequential": _YLGNBU, "diverging": _RDYLBU}


def palette_kind(kind: str) -> PaletteKind:
    """Return ``kind`` as a :data:`PaletteKind`.

    Raises
    ------
    InputValidationError
        If ``kind`` is not one of :data:`PALETTES`.
    """
    for option in PALETTES:
        if option == kind:
            return option
    raise InputValidationError(f"palette must be one of {list(PALETTES)}, got {kind!r}")


def palette(n: int, kind: PaletteKind = "sequential", *, reverse: bool = False) -> list[str]:
    """Return ``n`` hex colours of the sequential (YlGnBu) or diverging (RdYlBu) palette.

    Parameters
    ----------
    n
        Number of classes, 0 to 10. ColorBrewer's k-class lists are used for
        3 to 9; one class takes the middle colour and two classes the ends of the
        3-class list; ten classes (manual breaks plus an overflow class) repeat
        the 9-class list's darkest colour.
    kind
        ``"sequential"`` (light to dark) or ``"diverging"`` (red, yellow, blue).
    reverse
        Reverse the order (for indicators where lower is better).

    Returns
    -------
    list of str
        Lower-case ``#rrggbb`` strings.
    """
    if kind not in _PALETTES:
        raise InputValidationError(f"palette must be one of {list(PALETTES)}, got {kind!r}")
    table = _PALETTES[kind]
    if n <= 0:
        colors: list[str] = []
    elif n == 1:
        colors = [table[3][1]]
    elif n == 2:
        colors = [table[3][0], table[3][2]]
    elif n <= MAX_K:
        colors = list(table[n])
    elif n == MAX_K + 1:
        colors = [*table[MAX_K], table[MAX_K][-1]]
    else:
        raise InputValidationError(f"at most {MAX_K + 1} colours are available, asked for {n}")
    return colors[::-1] if reverse else colors


@dataclass(frozen=True, eq=False)
class Classification:
    """The classes of a set of values, with what a legend needs.

    Attributes
    ----------
    scheme
        Scheme used.
    k
        Number of classes actually made (0 when no value is finite).
    bins
        Upper bound of each class, increasing; the last is the largest value.
    lower
        Lower end of the first class's label (smallest value), or ``None``.
    classes
        Class index of every input value, ``-1`` for missing or non-finite values.
    labels
        ``k`` class labels followed by the "no data" label.
    colors
        ``k`` hex colours, one per class.
    no_data_color
        Colour of missing values.
    counts
        Number of values in each class.
    no_data_count
        Number of missing values.
    notes
        Human-readable notes on adjustments (``k`` reduced, overflow class added).
    zero
        True when the first class holds exactly the zeros (see the module's docstring).
    asked
        The number of classes asked for (``k`` before ties merged classes); 0 for
        manual breaks.
    """

    scheme: str
    k: int
    bins: tuple[float, ...]
    lower: float | None
    classes: np.ndarray
    labels: tuple[str, ...]
    colors: tuple[str, ...]
    no_data_color: str = NO_DATA_COLOR
    counts: tuple[int, ...] = ()
    no_data_count: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    zero: bool = False
    asked: int = 0

    def merge_note(self, lang: str) -> str:
        """Return "5 classes asked, 3 shown: tied values share a class" in ``lang``, or ""."""
        if self.k == 0 or self.asked <= self.k:
            return ""
        return t("legend.merged", lang, asked=self.asked, shown=self.k)

    def legend(self) -> list[tuple[str, str]]:
        """Return ``(label, colour)`` pairs, classes first, "no data" last."""
        return [
            *zip(self.labels[:-1], self.colors, strict=True),
            (self.labels[-1], self.no_data_color),
        ]

    def value_colors(self) -> list[str]:
        """Return the fill colour of every input value (``no_data_color`` for class -1)."""
        table = [*self.colors, self.no_data_color]  # index -1 -> no-data colour
        return [table[c] for c in self.classes.tolist()]


def _validate(
    scheme: str,
    k: int,
    breaks: Sequence[float] | None,
    fmt: str,
    lang: str,
    palette_kind: str,
) -> list[str]:
    problems: list[str] = []
    if scheme not in SCHEMES:
        problems.append(f"scheme must be one of {list(SCHEMES)}, got {scheme!r}")
    if scheme != "manual" and (
        isinstance(k, bool) or not isinstance(k, int | np.integer) or not MIN_K <= k <= MAX_K
    ):
        problems.append(f"k must be an integer from {MIN_K} to {MAX_K}, got {k!r}")
    if scheme == "manual":
        problems.extend(_validate_breaks(breaks))
    if fmt not in FORMATS:
        problems.append(f"fmt must be one of {list(FORMATS)}, got {fmt!r}")
    problems.extend(lang_problems(lang))
    if palette_kind not in PALETTES:
        problems.append(f"palette must be one of {list(PALETTES)}, got {palette_kind!r}")
    return problems


def _validate_breaks(breaks: Sequence[float] | None) -> list[str]:
    if breaks is None or len(breaks) == 0:
        return ["manual breaks are required and must not be empty, e.g. breaks=[10, 50, 100]"]
    try:
        values = [float(b) for b in breaks]
    except (TypeError, ValueError):
        return [f"manual breaks must be numbers, got {list(breaks)!r}"]
    problems = []
    if not all(math.isfinite(b) for b in values):
        problems.append(f"manual breaks must be finite numbers, got {values}")
    elif any(a >= b for a, b in itertools.pairwise(values)):
        problems.append(f"manual breaks must be strictly increasing, got {values}")
    if len(values) > MAX_K:
        problems.append(f"at most {MAX_K} manual breaks are allowed, got {len(values)}")
    return problems


def _scheme_bins(y: np.ndarray, scheme: str, k: int, notes: list[str]) -> np.ndarray:
    """Upper bounds of ``k`` classes of the finite values ``y``.

    Quantiles are numpy's linear-interpolated quantiles at ``1/k, 2/k, ..., 1``, the
    definition ``mapclassify.Quantiles`` uses (``tests/test_classify.py`` compares
    them); the other schemes' bins are mapclassify's too, computed by
    :mod:`geo.indicators.breaks` (``tests/test_breaks.py`` compares them).
    """
    if scheme == "quantiles":
        return _quantile_bins(y, k)
    bins_of = {"fisher_jenks": fisher_jenks_bins, "equal_interval": equal_interval_bins}[scheme]
    with np.errstate(all="ignore"):
        try:
            bins = np.asarray(bins_of(y, k), dtype=float)
        except (ValueError, ArithmeticError) as exc:  # e.g. a range that overflows
            bins = np.empty(0)
            notes.append(f"{scheme} failed ({exc}); used quantiles")
    if bins.size == 0 or not np.isfinite(bins).all():
        bins = _quantile_bins(y, k)
    return bins


def _quantile_bins(y: np.ndarray, k: int) -> np.ndarray:
    """Linear-interpolated quantiles of ``y`` at ``1/k, 2/k, ..., 1`` (the last is the maximum)."""
    with np.errstate(all="ignore"):
        return np.quantile(y, np.arange(1, k + 1) / k)


def classify(
    values: Sequence[float] | np.ndarray | pd.Series,
    scheme: Scheme = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    *,
    fmt: Fmt = "decimal",
    decimals: int = 1,
    unit: str = "",
    lang: Lang = "en",
    palette_kind: PaletteKind = "sequential",
    reverse: bool = False,
    zero_class: bool = False,
) -> Classification:
    """Classify values for a choropleth and build the matching legend.

    Parameters
    ----------
    values
        One value per map unit; NaN, None and infinities are "no data".
    scheme
        ``"quantiles"`` (equal counts), ``"fisher_jenks"`` (natural breaks),
        ``"equal_interval"`` or ``"manual"``.
    k
        Number of classes for the data-driven schemes, 2 to 9; reduced when the
        values have fewer distinct values. Ignored for ``"manual"``.
    breaks
        Upper bounds for ``"manual"``, strictly increasing, 1 to 9 numbers. If the
        largest value exceeds the last break, one more class up to that value is
        added (and noted).
    fmt, decimals, unit
        How labels show numbers, see :func:`geo.i18n.format_value`.
    lang
        ``"en"`` or ``"es"`` for labels and the "no data" entry.
    palette_kind
        ``"sequential"`` (YlGnBu) or ``"diverging"`` (RdYlBu).
    reverse
        Reverse the palette, for indicators where lower values are better.
    zero_class
        True: when no value is negative and some are exactly 0, the zeros are the
        first class ("0 (none)") and the positive values the other ``k - 1``
        ("> 0 – x" first). Not with manual breaks.

    Returns
    -------
    Classification

    Raises
    ------
    InputValidationError
        For an unknown scheme, format, language or palette, ``k`` outside 2..9,
        or manual breaks that are missing, empty, not numbers or not increasing;
        every problem is listed.
    """
    problems = _validate(scheme, k, breaks, fmt, lang, palette_kind)
    if problems:
        raise InputValidationError(problems)
    arr = pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce")
    v = arr.to_numpy(dtype="float64", na_value=np.nan)
    notes: list[str] = []
    y = v[np.isfinite(v)]
    zero = zero_class and scheme != "manual" and _has_zero_class(y)
    if zero:  # the zeros apart, the positive values in the other classes
        bins = np.concatenate(([0.0], _breaks(y[y > 0], scheme, max(k - 1, 1), None, notes)))
    else:
        bins = _breaks(y, scheme, k, breaks, notes)
    return _legend(
        v,
        bins,
        scheme=scheme,
        zero=zero or (zero_class and bool(y.size) and bool((y == 0).all())),
        asked=0 if scheme == "manual" else min(k, np.unique(y).size),
        notes=notes,
        fmt=fmt,
        decimals=decimals,
        unit=unit,
        lang=lang,
        palette_kind=palette_kind,
        reverse=reverse,
    )


def _has_zero_class(y: np.ndarray) -> bool:
    """Return True when ``y`` is never negative, holds exact zeros and values above 0."""
    return bool(y.size) and bool((y >= 0).all()) and bool((y == 0).any()) and bool((y > 0).any())


def _breaks(
    y: np.ndarray, scheme: str, k: int, breaks: Sequence[float] | None, notes: list[str]
) -> np.ndarray:
    """Class upper bounds of the finite values ``y``; adjustments are appended to ``notes``."""
    if y.size == 0:
        notes.append("no finite value: every unit is shown as no data")
        return np.empty(0)
    if scheme == "manual":
        bins = np.asarray([float(b) for b in breaks or ()], dtype=float)
        if y.max() > bins[-1]:
            bins = np.append(bins, y.max())
            notes.append(f"values above the last break: added a class up to {y.max():g}")
        return bins
    distinct = np.unique(y)
    if distinct.size == 1:
        if k > 1:
            notes.append("all values are equal: one class")
        return distinct
    k_eff = min(k, distinct.size)
    if k_eff < k:
        notes.append(f"only {distinct.size} distinct values: k reduced from {k} to {k_eff}")
    bins = np.unique(_scheme_bins(y, scheme, k_eff, notes))  # sorted, no duplicates
    bins[-1] = max(bins[-1], y.max())
    if bins.size < k_eff:
        notes.append(f"tied values: {bins.size} classes instead of {k_eff}")
    return bins


def _legend(
    v: np.ndarray,
    bins: np.ndarray,
    *,
    scheme: str,
    zero: bool = False,
    asked: int = 0,
    notes: list[str],
    fmt: Fmt,
    decimals: int,
    unit: str,
    lang: Lang,
    palette_kind: PaletteKind,
    reverse: bool,
) -> Classification:
    """Class every value of ``v`` by ``bins`` and build the labels, colours and counts."""
    finite = np.isfinite(v)
    y = v[finite]
    classes = np.full(v.shape, -1, dtype=np.int64)
    classes[finite] = np.searchsorted(bins, y, side="left")
    n_classes = int(bins.size)
    lower = float(y.min()) if y.size else None
    whole = fmt == "integer" and bool(np.all(y == np.floor(y)))
    labels = (whole and count_labels(bins, lower, unit=unit, lang=lang)) or range_labels(
        bins, lower, fmt=fmt, decimals=decimals, unit=unit, lang=lang, zero=zero
    )
    if zero:  # "0 (none)", without the unit: the zero class names no amount
        nothing = format_value(0, fmt=fmt, decimals=0 if whole else decimals, unit="", lang=lang)
        labels[0] = t("legend.zero", lang, value=nothing)
    counts = np.bincount(classes[finite], minlength=n_classes) if n_classes else np.empty(0, int)
    return Classification(
        scheme=scheme,
        k=n_classes,
        bins=tuple(float(b) for b in bins),
        lower=lower,
        classes=classes,
        labels=(*labels, no_data(lang)),
        colors=tuple(_colors(n_classes, palette_kind, reverse=reverse, zero=zero)),
        counts=tuple(int(c) for c in counts),
        no_data_count=int((~finite).sum()),
        notes=tuple(notes),
        zero=zero,
        asked=asked,
    )


def _colors(n: int, kind: PaletteKind, *, reverse: bool, zero: bool) -> list[str]:
    """Return the palette's ``n`` colours; a lone zero class takes the "none" end."""
    if zero and n == 1:
        return palette(2, kind, reverse=reverse)[:1]
    return palette(n, kind, reverse=reverse)
