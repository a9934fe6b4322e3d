"""The upload's import options: what ``coopatlas build`` offers, offered in the browser.

The country of a file without a country column (``--country``), the type of a file of
one type (``--type``) and the row that holds the header (``--header-row``), each empty
by default (read from the file). :func:`upload_options` builds the controls;
:func:`chosen_options` turns their values into the import's keyword arguments, keeping
only values the import accepts (anything else is left to the file).
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard import ids
from dashboard.fields import field, options
from dashboard.widget_texts import dropdown_texts
from geo.i18n import t
from geo.vocab import COUNTRY_CODES, ORG_TYPES


def upload_options(lang: str) -> html.Details:
    """Build the upload's options: country, type of a file of one type, header row."""
    country = dcc.Dropdown(
        id=ids.UPLOAD_COUNTRY,
        options=options("country", list(COUNTRY_CODES), lang),
        **{**dropdown_texts(lang), "placeholder": t("upload.country_auto", lang)},
    )
    org_type = dcc.Dropdown(
        id=ids.UPLOAD_TYPE,
        options=options("org_type", list(ORG_TYPES), lang),
        **{**dropdown_texts(lang), "placeholder": t("upload.type_auto", lang)},
    )
    header_row = dcc.Input(
        id=ids.UPLOAD_HEADER_ROW,
        type="number",
        min=1,
        step=1,
        placeholder=t("upload.header_row_auto", lang),
        className="ca-number",
    )
    return html.Details(
        [
            html.Summary(t("upload.options", lang)),
            field("l-upload-country", t("upload.country", lang), country),
            field("l-upload-type", t("upload.type", lang), org_type),
            field("l-upload-header-row", t("upload.header_row", lang), header_row),
        ],
        className="ca-upload-options",
    )


def chosen_options(values: dict[str, Any]) -> dict[str, Any]:
    """Return the import's ``country``, ``org_type`` and ``header_row`` from the controls.

    Parameters
    ----------
    values
        ``country``, ``org_type`` and ``header_row`` as the controls hold them (None when
        left empty; a number input holds None when its text is not a number in range).

    Examples
    --------
    >>> chosen_options({"country": "PE", "org_type": None, "header_row": 5})
    {'country': 'PE', 'org_type': None, 'header_row': 5}
    >>> chosen_options({"country": "XX", "org_type": "firm", "header_row": 0})
    {'country': None, 'org_type': None, 'header_row': None}
    """
    country = values.get("country")
    org_type = values.get("org_type")
    row = values.get("header_row")
    header_row = int(row) if isinstance(row, (int, float)) and float(row).is_integer() else 0
    return {
        "country": country if country in COUNTRY_CODES else None,
        "org_type": org_type if org_type in ORG_TYPES else None,
        "header_row": header_row if header_row >= 1 else None,
    }
