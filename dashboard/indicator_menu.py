"""The map indicator menu, grouped: counts, shares, coverage, need, priority.

Each indicator's group is declared once, beside its label, in
:mod:`geo.indicators.catalogue` (``IndicatorInfo.group``; the groups' order is
:data:`geo.indicators.catalogue.GROUPS`). Dash's dropdown has no option groups, and a
heading as a disabled option costs a keyboard user an extra arrow press at each
group; so the group's heading is drawn inside its first indicator's option, above the
name (a screen reader reads "Need, Poverty ..." once, as for an ``optgroup``), and
each option's search words include its group's name ("need" lists the need
indicators). Indicators keep their menu order (:data:`geo.indicators.view.MAP_INDICATORS`).
"""

from __future__ import annotations

from typing import Any

from dash import html

from geo.i18n import Lang, t
from geo.indicators.catalogue import GROUPS, indicator_info
from geo.indicators.reach_target import not_reached_label
from geo.indicators.view import MAP_INDICATORS, View

#: The menu's height in pixels: every option of a group in view at once at 1366x768.
MENU_HEIGHT = 560


def indicator_label(key: str, lang: Lang) -> str:
    """Return the menu's label of the map indicator ``key``."""
    if key == "type_share":
        return t("map.type_share_option", lang)
    return indicator_info(key).label(lang)


def targeted_label(column: str, view: View) -> str:
    """Return a column's name in the view: "not yet reached" names the target programme."""
    targeted = not_reached_label(view.programme, view.lang) if column == "not_reached" else None
    return targeted or indicator_info(column).label(view.lang)


def indicator_group(key: str) -> str:
    """Return the group of the map indicator ``key`` (its column's, in the catalogue)."""
    return indicator_info(View(indicator=key).column).group


def grouped_options(lang: Lang) -> list[dict[str, Any]]:
    """Return the menu's options, group by group; each group's heading tops its first option.

    Every option has ``label`` (text, or for a group's first option the heading and the
    text), ``value`` (the view's indicator) and ``search`` (its text and its group's).
    """
    unknown = sorted({indicator_group(k) for k in MAP_INDICATORS} - set(GROUPS))
    if unknown:
        raise ValueError(f"map indicators in groups {unknown}, not in GROUPS {list(GROUPS)}")
    out: list[dict[str, Any]] = []
    for group in GROUPS:
        heading = t(f"indicator_group.{group}", lang)
        keys = [k for k in MAP_INDICATORS if indicator_group(k) == group]
        for n, key in enumerate(keys):
            text = indicator_label(key, lang)
            label: Any = text
            if n == 0:
                label = html.Span(
                    [html.Span(heading, className="ca-option-group"), html.Span(text)],
                    className="ca-option-first",
                )
            out.append({"label": label, "value": key, "search": f"{text} {heading}"})
    return out


__all__ = [
    "MENU_HEIGHT", "grouped_options", "indicator_group", "indicator_label", "targeted_label"
]  # fmt: skip
