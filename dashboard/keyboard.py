"""The page's keyboard and small-screen path: what comes first, the filters drawer, skip targets.

The behaviour lives in ``assets/coopatlas_keyboard.js`` (the map's units as one tab
stop moved through with the arrow keys, the table as one tab stop whose rows Enter or
Space select, skip links that move the focus, the drawer's button) and its looks in
``assets/coopatlas_keyboard.css`` (one focus style everywhere, the drawer on phones).
This module builds the few elements that carry the catalogue's words for it.
"""

from __future__ import annotations

from dash import html

from dashboard.fields import attrs
from geo.i18n import t

#: Id of the button that opens and closes the filters on a phone.
FILTERS_BUTTON = "filters-drawer-button"

#: Id of the panel the drawer shows (``dashboard.layout_controls.controls``).
CONTROLS_PANEL = "controls-panel"


def filters_button(lang: str) -> html.Button:
    """Build the phone's filters button, kept at the bottom of the screen by the map.

    It opens the filters over the page and, once open, says "Show the map" and brings
    the map back into view (the words for both states ride on ``data-*`` attributes).
    Hidden on wide screens, where the filters are a column beside the map.
    """
    closed = t("access.filters_open", lang)
    return html.Button(
        closed,
        id=FILTERS_BUTTON,
        className="ca-button ca-filters-button",
        type="button",
        **attrs(
            aria_controls=CONTROLS_PANEL,
            aria_expanded="false",
            data_closed=closed,
            data_open=t("access.filters_close", lang),
        ),
    )
