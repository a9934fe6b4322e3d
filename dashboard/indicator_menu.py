"""The map indicator menu, grouped: counts, shares, coverage, need, priority.

Each indicator's group is declared once, beside its label, in
:mod:`geo.indicators.catalogue` (``IndicatorInfo.group``; the groups' order is
:data:`geo.indicators.catalogue.GROUPS`). Dash's dropdown has no option groups, so
each group opens with a heading option that cannot be chosen (``disabled``: the
keyboard skips it, a screen reader reads it as unavailable) and every indicator
under it keeps its menu order (:data:`geo.indicators.view.MAP_INDICATORS`).
"""

from __future__ import annotations

from typing import Any

from dash import html

from geo.i18n import Lang, t
from geo.indicators.catalogue import GROUPS, indicator_info
from geo.indicators.view import MAP_INDICATORS, View

#: Prefix of a heading option's value (never a view's indicator: it cannot be chosen).
HEADING = "group:"
#: The menu's height in pixels: every option of a group in view at once at 1366x768.
MENU_HEIGHT = 560


def indicator_label(key: str, lang: Lang) -> str:
    """Return the menu's label of the map indicator ``key``."""
    if key == "type_share":
        return t("map.type_share_option", lang)
    return indicator_info(key).label(lang)


def indicator_group(key: str) -> str:
    """Return the group of the map indicator ``key`` (its column's, in the catalogue)."""
    return indicator_info(View(indicator=key).column).group


def grouped_options(lang: Lang) -> list[dict[str, Any]]:
    """Return the menu's options: per group, a disabled heading, then its indicators.

    Groups without a map indicator are left out; a heading's ``search`` is empty so a
    typed search lists indicators only.
    """
    unknown = sorted({indicator_group(k) for k in MAP_INDICATORS} - set(GROUPS))
    if unknown:
        raise ValueError(f"map indicators in groups {unknown}, not in GROUPS {list(GROUPS)}")
    out: list[dict[str, Any]] = []
    for group in GROUPS:
        keys = [k for k in MAP_INDICATORS if indicator_group(k) == group]
        if not keys:
            continue
        heading = t(f"indicator_group.{group}", lang)
        out.append(
            {
                "label": html.Span(heading, className="ca-option-group"),
                "value": f"{HEADING}{group}",
                "disabled": True,
                "search": "",
            }
        )
        out += [{"label": indicator_label(k, lang), "value": k} for k in keys]
    return out


__all__ = ["HEADING", "MENU_HEIGHT", "grouped_options", "indicator_group", "indicator_label"]
