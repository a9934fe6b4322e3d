"""What the map shows, said by the map: the synthetic-data badge and the upload's banner.

With the bundled demo registry a badge says the organizations are synthetic. While an
upload is shown, a banner names its file(s) and says how many organizations were
accepted and how many the map shows; when they differ it says why (the filters, and
how many of the hidden ones only the default legal status hides: rows in liquidation
or cancelled), with the import report folded beneath. The words are in the catalogue
(``banner.*``); the counts come from the view's one unit table. The same callback
gives the page its title, which follows the view ("Departments / provinces:
Antioquia · Types: Cooperatives — CoopAtlas"; ``assets/coopatlas_keyboard.js``
copies it from a hidden element to ``document.title``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from dash import Output, html

from dashboard import uploads, view_answer
from dashboard.context import CallbackSet
from dashboard.data import DashboardData
from dashboard.fields import attrs
from dashboard.upload_panels import upload_report
from dashboard.upload_rows import listed_rows
from dashboard.view_answer import ViewRequest
from geo.i18n import Lang, format_number, t, tn
from geo.indicators.filters import Filters
from geo.indicators.sums import filter_mask
from geo.vocab import DEFAULT_STATUSES, STATUSES

#: Id of the banner above the map.
DATA_BANNER = "data-banner"

#: The banner's callback, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()


def placeholder(lang: str) -> html.Div:
    """Build the empty banner the callback fills (a polite live region)."""
    return html.Div(
        id=DATA_BANNER,
        className="ca-data-banner",
        role="status",
        # Leaflet's zoom buttons are named in English: the script renames them with these
        **attrs(
            aria_label=t("banner.label", lang),
            data_zoom_in=t("map.zoom_in", lang),
            data_zoom_out=t("map.zoom_out", lang),
        ),
    )


def hidden_by_status(data: DashboardData) -> int:
    """Count the organizations only the default legal status hides (in liquidation, cancelled)."""
    everything = Filters(status=STATUSES)
    counted = filter_mask(data.prepared, everything)
    default = np.isin(
        np.asarray(data.prepared.status_code), [STATUSES.index(s) for s in DEFAULT_STATUSES]
    )
    return int((counted & ~default).sum())


def banner(
    data: DashboardData, table: pd.DataFrame, lang: Lang, *, upload: bool, filters: Filters
) -> list[Any]:
    """Say what the map shows: a synthetic-data badge, or the upload's file and counts."""
    if data.is_demo and not upload:
        return [html.Span(t("banner.demo", lang), className="ca-badge")]
    if not upload:
        return []
    orgs = (data.report or {}).get("organizations", {})
    files = ", ".join(str(f.get("file", "")) for f in orgs.get("files", [])) or "—"
    accepted = int(orgs.get("accepted", len(data.organizations)))
    shown = int(pd.to_numeric(table["orgs"]).sum()) if "orgs" in table else 0
    words = [
        t(
            "banner.upload",
            lang,
            file=files,
            accepted=tn("upload.accepted", accepted, lang),
            shown=format_number(shown, lang),
        )
    ]
    if shown < accepted:
        words.append(t("banner.hidden_filters", lang, n=format_number(accepted - shown, lang)))
        by_status = hidden_by_status(data) if not filters.status else 0
        if by_status:
            words.append(tn("banner.hidden_status", by_status, lang))
    rows = (
        listed_rows(data.source.parent, data.report, lang, organizations=data.organizations)
        if data.source is not None
        else ([], [])
    )
    report = html.Details(
        [html.Summary(t("banner.report", lang)), upload_report(data.report, lang, rows=rows)],
        className="ca-banner-report",
    )
    return [
        html.Strong(t("banner.upload_title", lang), className="ca-badge"),
        " ".join(words),
        report,  # the import report stays by the map once the upload is shown
    ]


def page_title(data: DashboardData, filters: Filters, lang: Lang) -> str:
    """Return the page's title for the filters: what is shown, then the app's name."""
    app = t("app.title", lang)
    if filters.is_empty:
        return app
    names = dict(
        zip(data.units["iso_3166_2"].astype(str), data.units["name"].astype(str), strict=True)
    )
    return f"{filters.describe(lang=lang, headline=True, unit_names=names)} — {app}"


@view_answer.part("data_banner", Output(DATA_BANNER, "children"))
def banner_part(request: ViewRequest) -> tuple[list[Any]]:
    """Fill the banner for the view and the session's data."""
    view, table, session = request.view, request.table, request.session
    token = (session or {}).get("token")
    upload = bool(token) and uploads.session_data(token) is not None
    current = request.data
    title = html.Span(
        page_title(current, view.filters, view.lang), className="ca-title", hidden=True
    )
    return ([*banner(current, table, view.lang, upload=upload, filters=view.filters), title],)
