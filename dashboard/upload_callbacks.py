"""Callbacks of the upload panel: import a registry, map its columns, apply, clear.

Declared at module level on :data:`CALLBACKS`; the words come from
:mod:`dashboard.upload_panels` in the page's language (an import error that lacks
columns is shown from its data, never as the command line's message).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import flask
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard import ids, rejected_file, upload_panels, upload_rows, uploads
from dashboard.callbacks import page_query
from dashboard.context import CallbackSet
from dashboard.upload_options import chosen_options
from geo._errors import CoopAtlasError, MissingColumnsError
from geo.i18n import Lang, t

#: The upload panel's callbacks, registered on the app by ``create_app``.
CALLBACKS = CallbackSet()


@CALLBACKS.callback(
    Output(ids.UPLOAD_PENDING, "data"),
    Output(ids.UPLOAD_REPORT, "children"),
    Output(ids.UPLOAD_APPLY, "disabled"),
    Output(ids.UPLOAD_REJECTED, "disabled"),
    inputs={
        "contents": Input(ids.UPLOAD, "contents"),
        "mapping_clicks": Input({"type": ids.MAPPING_APPLY, "form": ALL}, "n_clicks"),
    },
    state={
        "filename": State(ids.UPLOAD, "filename"),
        "programmes": {
            "contents": State(ids.UPLOAD_PROGRAMMES, "contents"),
            "filename": State(ids.UPLOAD_PROGRAMMES, "filename"),
        },
        "form": {
            "mapping": {
                "values": State({"type": ids.MAP_FIELD, "field": ALL}, "value"),
                "ids": State({"type": ids.MAP_FIELD, "field": ALL}, "id"),
            },
            "options": {
                "country": State(ids.UPLOAD_COUNTRY, "value"),
                "org_type": State(ids.UPLOAD_TYPE, "value"),
                "header_row": State(ids.UPLOAD_HEADER_ROW, "value"),
            },
        },
        "lang": State(ids.LANG, "value"),
    },
    prevent_initial_call=True,
)
def import_upload(
    contents: str | None,
    mapping_clicks: list[int | None],
    filename: str | None,
    programmes: dict[str, Any],
    form: dict[str, Any],
    lang: Lang,
) -> tuple[Any, ...]:
    """Import the uploaded file; show its report, or ask which column is which.

    ``form`` holds the column mapping chosen (``mapping``) and the import options
    (``options``: country, type of a file of one type, header row).
    """
    if not contents or (ctx.triggered_id != ids.UPLOAD and not any(mapping_clicks or [])):
        return no_update, no_update, True, True
    mapping = form["mapping"]
    chosen = {i["field"]: v for i, v in zip(mapping["ids"], mapping["values"], strict=True) if v}
    extra = (programmes["contents"], programmes["filename"]) if programmes["contents"] else None
    try:
        outcome = uploads.process_upload(
            contents,
            filename,
            programmes=extra,
            mapping=chosen or None,
            **chosen_options(form.get("options") or {}),
        )
    except MissingColumnsError as exc:
        return None, upload_panels.mapping_form(exc.missing, lang), True, True
    except CoopAtlasError as exc:  # refusals of the file's cost in the page's language
        return None, html.P(uploads.error_text(exc, lang), className="ca-error-text"), True, True
    folder = uploads.live_folder(outcome.token)
    rows = upload_rows.listed_rows(folder, outcome.result.report, lang) if folder else ([], [])
    report = upload_panels.upload_report(outcome.result.report, lang, rows=rows)
    return {"token": outcome.token}, report, False, False


@CALLBACKS.callback(
    Output(ids.SESSION, "data"),
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.UPLOAD_APPLY, "n_clicks"),
    Input(ids.UPLOAD_CLEAR, "n_clicks"),
    State(ids.UPLOAD_PENDING, "data"),
    State(ids.SESSION, "data"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def apply_upload(
    apply: int | None, clear: int | None, pending: Any, session: Any, view_query: str | None
) -> tuple[Any, Any]:
    """Show the upload on the map (a cookie holds its token), or clear it."""
    if ctx.triggered_id == ids.UPLOAD_CLEAR:
        if clear:
            token = (session or {}).get("token")
            uploads.discard(token)
            if token:
                name = uploads.cookie_name(uploads.token_handle(token))
                ctx.response.set_cookie(name, "", max_age=0, httponly=True, samesite="Strict")
            return None, page_query(view_query, reset=clear)
        return no_update, no_update
    if not apply or not pending:
        return no_update, no_update
    token = pending["token"]
    for name in uploads.stale_cookies(flask.request.cookies, keep=token):
        ctx.response.set_cookie(name, "", max_age=0, httponly=True, samesite="Strict")
    ctx.response.set_cookie(
        uploads.cookie_name(uploads.token_handle(token)),
        token,
        max_age=int(uploads.SESSION_TTL_HOURS * 3600),
        httponly=True,
        samesite="Strict",
        secure=flask.request.is_secure,
    )
    return pending, page_query(view_query, reset=apply)


@CALLBACKS.callback(
    Output(ids.UPLOAD_DOWNLOAD, "data"),
    Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
    Input(ids.UPLOAD_REJECTED, "n_clicks"),
    State(ids.UPLOAD_PENDING, "data"),
    State(ids.LANG, "value"),
    prevent_initial_call=True,
)
def download_rejected(clicks: int | None, pending: Any, lang: str) -> tuple[Any, Any]:
    """Download the upload's rejected rows."""
    if not clicks or not pending:
        return no_update, no_update

    def said(folder: Path) -> bytes | None:
        content = uploads.rejected_csv(pending["token"])
        return None if content is None else rejected_file.session_file(folder, content, lang)

    return _upload_download(pending, lang, "rejected.csv", said)


def _upload_download(
    pending: Any, lang: str, name: str, make: Callable[[Path], bytes | None]
) -> tuple[Any, Any]:
    """Send ``make(folder)`` of the live upload as ``name``, or say the upload is gone."""
    folder = uploads.live_folder(pending["token"])
    content = make(folder) if folder is not None else None
    if content is None:  # cleared (by any worker) or expired
        return no_update, html.P(t("upload.gone", lang), className="ca-error-text")
    return dcc.send_bytes(content, name), no_update


# The flagged rows are offered once an upload is imported: in the browser, no round trip.
CALLBACKS.clientside(
    "enableFlagged", Output(ids.UPLOAD_FLAGGED, "disabled"), Input(ids.UPLOAD_PENDING, "data")
)


@CALLBACKS.callback(
    Output(ids.UPLOAD_DOWNLOAD, "data", allow_duplicate=True),
    Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
    Input(ids.UPLOAD_FLAGGED, "n_clicks"),
    State(ids.UPLOAD_PENDING, "data"),
    State(ids.LANG, "value"),
    prevent_initial_call=True,
)
def download_flagged(clicks: int | None, pending: Any, lang: str) -> tuple[Any, Any]:
    """Download the upload's flagged rows: file, row, flag in words, columns and values."""
    if not clicks or not pending:
        return no_update, no_update
    return _upload_download(
        pending, lang, "flagged.csv", lambda folder: upload_rows.flagged_file(folder, lang)
    )
