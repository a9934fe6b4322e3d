"""One classification for several unit tables: a shared legend and scale across periods.

Small multiples (one map per period) and the offline map's year slider show the same
indicator for several programme periods. A colour must mean the same value in every
panel or at every year, so the class breaks come from the values of every table at
once (:func:`pooled_classes`) and each table gets its share of the classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from geo.i18n import Lang
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import Classification
from geo.vocab import Scheme


def pooled_classes(
    tables: Sequence[pd.DataFrame], column: str, *, scheme: Scheme, k: int, lang: Lang
) -> tuple[Classification, list[Classification]]:
    """Classify ``column`` over every table at once; split the classes per table.

    Parameters
    ----------
    tables
        Unit tables of one view for several periods (each with ``in_scope`` and ``column``).
    column, scheme, k, lang
        As :func:`geo.indicators.choropleth.classify_indicator`.

    Returns
    -------
    (Classification, list of Classification)
        The pooled classification (its legend is every table's) and one classification
        per table, aligned with its rows (same bins, labels and colours).
    """
    pooled = classify_indicator(
        pd.concat(list(tables), ignore_index=True), column, scheme=scheme, k=k, lang=lang
    )
    ends = np.cumsum([len(table) for table in tables])
    parts = np.split(pooled.classes, ends[:-1])
    return pooled, [replace(pooled, classes=part) for part in parts]


__all__ = ["pooled_classes"]
