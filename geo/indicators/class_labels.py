"""Legend labels of choropleth classes: whole-number counts and value ranges.

:func:`count_labels` labels classes of whole numbers by the counts each holds ("0",
"1 – 3", "4 – 9"); :func:`range_labels` labels any values by their bounds
("12.5% – 25.0%", "> 0.0% – 41.7%" after a zero class). Used by
:func:`geo.indicators.classify.classify`, which makes the classes.
"""

from __future__ import annotations

import numpy as np

from geo.i18n import Fmt, Lang, format_value


def count_labels(
    bins: np.ndarray, lower: float | None, *, unit: str, lang: Lang
) -> list[str] | None:
    """Labels of whole numbers as the counts each class holds: "0", "1 – 3", "4 – 9".

    A class holds the values above the previous bound up to its own, so for whole
    numbers it runs from the previous bound's floor plus one to its own floor: the
    labels never share a number ("0 – 1", "1 – 2" would). ``None`` when a class would
    hold no whole number (a bound between two integers with no other bound), for
    :func:`range_labels` to label with decimals instead.
    """
    if lower is None or not bins.size or lower > bins[0]:
        return None
    tops = np.floor(bins).astype(np.int64)
    bottoms = np.concatenate(([int(np.ceil(lower))], tops[:-1] + 1))
    if np.any(bottoms > tops):
        return None

    def show(x: int) -> str:
        return format_value(x, fmt="integer", decimals=0, unit="", lang=lang)

    suffix = f" {unit}" if unit else ""
    return [
        (show(lo) if lo == hi else f"{show(lo)} – {show(hi)}") + suffix
        for lo, hi in zip(bottoms.tolist(), tops.tolist(), strict=True)
    ]


def range_labels(
    bins: np.ndarray,
    lower: float | None,
    *,
    fmt: Fmt,
    decimals: int,
    unit: str,
    lang: Lang,
    zero: bool = False,
) -> list[str]:
    """Labels ``"lo – hi unit"``; the first class starts at the smallest value.

    With ``zero`` the first class is exactly 0 and the second starts above it:
    ``"> 0 – hi"``.

    If two bounds would print alike (quantile bounds 1.2 and 1.4 as integers),
    decimals are added, up to six more, so every class label differs.
    """
    shown_fmt, shown_decimals = fmt, decimals
    for extra in range(7):
        shown_fmt = "decimal" if fmt == "integer" and extra else fmt
        shown_decimals = decimals + extra if fmt != "integer" else extra
        texts = [format_value(b, fmt=shown_fmt, decimals=shown_decimals, lang=lang) for b in bins]
        if len(set(texts)) == len(texts):
            break

    def show(x: float) -> str:
        return format_value(x, fmt=shown_fmt, decimals=shown_decimals, unit="", lang=lang)

    suffix = f" {unit}" if unit and fmt != "percent" else ""
    labels = []
    for i, hi in enumerate(bins):
        if i == 0:
            if lower is not None and lower > hi:
                text = f"≤ {show(hi)}"  # manual first break below every value
            else:
                lo_text, hi_text = show(lower if lower is not None else hi), show(hi)
                text = hi_text if lo_text == hi_text else f"{lo_text} – {hi_text}"
        elif i == 1 and zero:
            text = f"> {show(0.0)} – {show(hi)}"
        else:
            text = f"{show(bins[i - 1])} – {show(hi)}"
        labels.append(text + suffix)
    return labels
