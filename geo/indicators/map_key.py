"""What a map's key says beyond its classes: units outside the filters, merged classes.

A unit outside the filters was not counted, so it has no value; a unit inside them
without a value ("no data") was counted and its figure is missing. The two are told
apart on the dashboard as on the exports: their own class (:data:`OUTSIDE_CLASS`), their
own colour (:data:`geo.indicators.classify.OUTSIDE_COLOR`) and their own words
(``export.outside``). When tied values merged classes, the key says so
(:meth:`geo.indicators.classify.Classification.merge_note`).
"""

from __future__ import annotations

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


def key_rows(table: pd.DataFrame, classes: Classification, lang: str) -> list[tuple[str, str]]:
    """Return the key's ``(label, colour)`` rows, classes first.

    "No data" only when a unit inside the filters has no value; "outside the filter"
    when a unit is outside them.
    """
    rows = classes.legend()
    missing = int(((classes.classes < 0) & ~outside(table)).sum())
    if not missing:
        rows = rows[:-1]
    if outside(table).any():
        rows.append((outside_text(lang), OUTSIDE_COLOR))
    return rows


__all__ = ["OUTSIDE_CLASS", "key_rows", "outside", "outside_text", "unit_classes"]
