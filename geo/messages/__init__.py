"""The catalogue: every interface text of CoopAtlas in English and Spanish, by message id.

A data table, read through :mod:`geo.i18n` (``t(id, lang)``, ``tn(id, n, lang)``).
Ids are ``area.name``; one section per area, in three modules: :mod:`geo.messages.page`
(the dashboard), :mod:`geo.messages.data` (the data's words) and :mod:`geo.messages.files`
(exports and reading). An entry is ``Msg(en, es)``:
two strings, or two :func:`plural` forms for a text that holds a count (its
``{n}``). Both languages of an entry must use the same ``{fields}``
(``tests/test_i18n.py`` checks it).

One word for one thing: "organization" / "organización", "members" / "socios",
"programme" / "programa", "unit" / "unidad", "priority index" / "índice de
prioridad". A type of organization is named in the singular ("Cooperative");
a count of them in the plural ("Cooperatives", ``geo.indicators.compute``).
"""

from __future__ import annotations

from geo.messages.controls import CONTROLS
from geo.messages.data import (
    CLI,
    DESCRIBE,
    IMPORT,
    INDICATORS,
    PLANNING,
    PRIORITY,
    SECTOR_GROUPS,
    VOCABULARY,
)
from geo.messages.files import EXPORT_VIEW, EXPORTS, LIMITS, STATIC_MAP
from geo.messages.links import LINKS
from geo.messages.msg import Msg, plural
from geo.messages.page import A11Y, APP, COUNTS, DRILL, FILTERS, MAP, PLANNER, UPLOAD, WIDGETS
from geo.messages.period import PERIOD
from geo.messages.row_words import ROW_WORDS
from geo.messages.verdicts import VERDICTS

SECTIONS: tuple[dict[str, Msg], ...] = (
    APP, MAP, COUNTS, FILTERS, VOCABULARY, PRIORITY, UPLOAD, WIDGETS, EXPORTS,
    INDICATORS, DESCRIBE, STATIC_MAP, SECTOR_GROUPS, PLANNING, PLANNER, EXPORT_VIEW, A11Y, DRILL,
    IMPORT, LIMITS, CLI, VERDICTS,
    PERIOD,
    LINKS,
    ROW_WORDS,
    CONTROLS,
)  # fmt: skip


def _merge(sections: tuple[dict[str, Msg], ...]) -> dict[str, Msg]:
    merged: dict[str, Msg] = {}
    for section in sections:
        twice = sorted(merged.keys() & section.keys())
        if twice:
            raise ValueError(f"message ids defined twice in geo/messages: {twice}")
        merged.update(section)
    return merged


#: Every message by id.
MESSAGES: dict[str, Msg] = _merge(SECTIONS)

__all__ = ["MESSAGES", "SECTIONS", "Msg", "plural"]
