"""Classify an indicator of the unit table for a choropleth: one place for map colours.

The dashboard and every export call :func:`classify_indicator`, so the same view
gets the same classes, colours and legend everywhere.
"""

from __future__ import annotations

import pandas as pd

from geo.i18n import Lang, number_fmt
from geo.indicators.catalogue import indicator_info
from geo.indicators.classify import Classification, classify, palette_kind
from geo.vocab import Scheme


def classify_indicator(
    table: pd.DataFrame,
    column: str,
    *,
    scheme: Scheme = "quantiles",
    k: int = 5,
    lang: Lang = "en",
) -> Classification:
    """Classify ``table[column]`` for a map; units out of the filters' scope get "no data".

    Parameters
    ----------
    table
        Unit table from :func:`geo.indicators.compute.compute_indicators` (83 rows).
    column
        Indicator column (see :data:`geo.indicators.catalogue.INDICATORS`).
    scheme, k
        Classification scheme and number of classes (see :func:`geo.indicators.classify.classify`).
    lang
        ``"en"`` or ``"es"`` for the legend labels.

    Returns
    -------
    Classification
        Classes aligned with the rows of ``table``; exact zeros of a measure that is
        never negative are a class of their own ("0 (none)").
    """
    info = indicator_info(column)
    values = table[column].astype("float64").where(table["in_scope"].astype(bool))
    return classify(
        values.to_numpy(),
        scheme=scheme,
        k=k,
        fmt=number_fmt(info.fmt),
        decimals=info.decimals,
        unit=info.unit(lang),
        lang=lang,
        palette_kind=palette_kind(info.palette),
        zero_class=True,  # "none" apart from "a few": see geo/indicators/classify.py
    )
