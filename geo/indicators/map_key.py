"""What a map's key says beyond its classes: units outside the filters, merged classes.

A unit outside the filters was not counted, so it has no value; a unit inside them
without a value ("no data") was counted and its figure is missing. The two are told
apart on the dashboard as on the exports: their own class (:data:`OUTSIDE_CLASS`), their
own colour (:data:`geo.indicators.classify.OUTSIDE_COLOR`) and their own words
(``export.outside``). When tied values merged classes, the key says so
(:meth:`geo.indicators.classify.Classification.merge_note`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from geo.i18n import t
from geo.indicators.classify import OUTSIDE_COLOR, Classification

#: Class of a unit outside the filters (``-1`` is a unit inside them without a value).
OUTSIDE_CLASS = -2


def outside(table: pd.DataFrame) -> np.ndarray:
    """Return True for each unit of ``table`` outside the filters (``in_scope`` false)."""
    return ~table["in_scope"].astype(bool).to_numpy()


def unit_classes(table: pd.DataFrame, classes: Classification) -> np.ndarray:
    """Return each unit's class: its value's class, ``-1`` no data, ``-2`` outside the filters."""
    return np.where(outside(table), OUTSIDE_CLASS, classes.classes)


def outside_text(lang: str) -> str:
    """Return the words for a unit outside the filters: "outside the filter"."""
    return t("export.outside", lang)


def drawn_rows(
    classes: Classification, lang: str, *, drawn: Collection[str] | None, empty: bool = False
) -> list[tuple[str, str]]:
    """Return the key's ``(label, colour)`` rows for units drawn in the ``drawn`` colours.

    The classes first; "no data" only when a unit is drawn without a value;
    "outside the filter" last, only when a unit is drawn as such. ``empty`` (nothing
    counted): "no data" alone, before "outside". ``drawn`` None: "no data" always,
    "outside the filter" never.
    """
    rows = classes.legend()
    if empty:
        rows = rows[-1:]
    elif drawn is not None and classes.no_data_color not in drawn:
        rows = rows[:-1]
    if drawn is not None and OUTSIDE_COLOR in drawn:
        rows.append((outside_text(lang), OUTSIDE_COLOR))
    return rows


def drawn_fills(fills: Mapping[str, str], shown: Collection[str]) -> set[str]:
    """Return the fill colours the ``shown`` units are drawn in (what a key must name)."""
    return {fills[code] for code in shown if code in fills}


def key_rows(table: pd.DataFrame, classes: Classification, lang: str) -> list[tuple[str, str]]:
    """Return the dashboard map's key rows (:func:`drawn_rows`): each unit of ``table`` is drawn."""
    missing = bool(((classes.classes < 0) & ~outside(table)).any())
    drawn = {
        *classes.colors,
        *([classes.no_data_color] if missing else []),
        *([OUTSIDE_COLOR] if outside(table).any() else []),
    }
    return drawn_rows(classes, lang, drawn=drawn)


__all__ = [
    "OUTSIDE_CLASS", "drawn_fills", "drawn_rows", "key_rows", "outside", "outside_text",
    "unit_classes",
]  # fmt: skip
