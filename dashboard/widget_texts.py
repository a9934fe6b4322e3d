"""Spanish for the texts that Dash and AG Grid components show on their own.

``dcc.Dropdown`` shows "Select All", "Search", "No options found"... and AG Grid its
filter and menu words in English unless told otherwise; these builders give them in
the page's language from the catalogue (``dropdown.*`` and ``grid.*`` in
:mod:`geo.messages`).
"""

from __future__ import annotations

from typing import Any

from geo.i18n import t
from geo.messages import MESSAGES

#: AG Grid ``localeText`` keys we translate (catalogue ids ``grid.<key>``).
GRID_KEYS: tuple[str, ...] = tuple(key for key in MESSAGES if key.startswith("grid."))

#: Texts of the Dash dropdown's own controls, by ``labels`` key (see dcc.Dropdown).
DROPDOWN_LABELS = (
    "select_all", "deselect_all", "selected_count", "search", "clear_search",
    "clear_selection", "no_options_found",
)  # fmt: skip


def dropdown_texts(lang: str) -> dict[str, Any]:
    """Return the placeholder and ``labels`` of a dropdown in ``lang`` (Dash shows English)."""
    return {
        "placeholder": t("dropdown.placeholder", lang),
        "labels": {key: t(f"dropdown.{key}", lang) for key in DROPDOWN_LABELS},
    }


def grid_locale_text(lang: str) -> dict[str, str]:
    """Return AG Grid's ``localeText`` in ``lang``: its filter, menu and empty-state words."""
    return {key.removeprefix("grid."): t(key, lang) for key in GRID_KEYS}
