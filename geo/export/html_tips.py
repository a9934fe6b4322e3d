"""Each unit's tooltip texts and fill in an HTML map: one function, for every map step.

The offline map (:mod:`geo.export.html`) and each step of its year slider
(:mod:`geo.export.html_years`) say a unit's value, organizations and coverage the
dashboard's way, and a unit outside the filters' scope says so (never "no data" or 0).
Texts are HTML-escaped here: registry names are never HTML.
"""

from __future__ import annotations

import functools
import html
import math
from typing import SupportsFloat

import pandas as pd

from geo.export.map_style import OUTSIDE_FILL
from geo.i18n import Lang, format_value, number_fmt, t
from geo.indicators.catalogue import indicator_info
from geo.indicators.classify import Classification
from geo.indicators.mapspec import MapSpec


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


@functools.lru_cache(maxsize=4096)  # the year slider formats the same values many times
def _format(column: str, value: SupportsFloat | None, lang: Lang, *, unit: bool = True) -> str:
    """Format a value as the dashboard does (``dashboard.logic.fmt``)."""
    info = indicator_info(column)
    return format_value(
        None if value is None or _missing(value) else float(value),
        fmt=number_fmt(info.fmt),
        decimals=info.decimals,
        unit=info.unit(lang) if unit else "",
        lang=lang,
    )


def unit_properties(
    spec: MapSpec, table: pd.DataFrame, classes: Classification
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Tooltip texts (HTML-escaped) and fill colour per unit code of the table."""
    in_scope = table["in_scope"].astype(bool).tolist()
    values = table[spec.column].tolist()
    colors = classes.value_colors()
    tips: dict[str, dict[str, str]] = {}
    fills: dict[str, str] = {}
    rows = zip(
        table["unit_id"].astype(str).tolist(),
        table["name"].tolist(),
        values,
        in_scope,
        table["orgs"].tolist(),
        table["coverage_any"].tolist(),
        colors,
        strict=True,
    )
    outside = html.escape(t("export.outside", spec.lang))
    for code, name, value, scoped, orgs, coverage, color in rows:
        if not scoped:  # out of the filters' scope: said so, never "no data" or 0
            tips[code] = {"name": html.escape(str(name)), "value": outside, "orgs": outside}
            tips[code]["coverage"] = outside
            fills[code] = OUTSIDE_FILL
            continue
        tips[code] = {
            "name": html.escape(str(name)),
            "value": html.escape(_format(spec.column, value, spec.lang)),
            "orgs": html.escape(_format("orgs", orgs, spec.lang, unit=False)),
            "coverage": html.escape(_format("coverage_any", coverage, spec.lang)),
        }
        fills[code] = color
    return tips, fills
