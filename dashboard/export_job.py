"""An export of the view, run as a background job (:mod:`dashboard.jobs`) outside the web worker.

The export button's callback (:func:`dashboard.callbacks.download`) runs this in a
process of its own: forked from the web worker (one machine) or a Celery worker
(several hosts). It lowers its priority, says how far it is (the page shows it, with a
cancel button, once an export takes over a second), writes the file into a new export
folder (:mod:`dashboard.downloads`) and answers with the file's one-time URL, which
the page then downloads from any web worker or host.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.datastructures import Authorization

from dashboard import downloads, jobs, logic
from dashboard.context import data_for, view_of
from geo._errors import CoopAtlasError
from geo.i18n import t

#: The steps a job reports (the progress bar's maximum).
STEPS = 2
#: Format names as the page's buttons say them (the progress text names the format).
FORMAT_NAMES = {"pdf-a4": "PDF A4", "pptx": "PowerPoint", "xlsx": "Excel"}

Progress = Callable[[tuple[int, str]], None]


def owner_from(headers: Mapping[str, str], session: dict | None) -> str | None:
    """Return who asks, for per-owner quotas: the logged-in user, else the upload session.

    A job has no request of its own: Dash hands it the request's headers. The
    credentials were checked before the click reached a callback (:mod:`dashboard.auth`).
    """
    found = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    auth = Authorization.from_header(found) if found else None
    if auth is not None and auth.username:
        return f"user:{auth.username}"
    token = (session or {}).get("token")
    return f"session:{token}" if token else None


def run_export(
    fmt: str,
    view_query: str | None,
    session: dict | None,
    *,
    headers: Mapping[str, str],
    progress: Progress,
) -> tuple[dict[str, str] | None, str]:
    """Export the view in ``fmt``; return the download link and a status text.

    Returns ``({"url", "name"}, ready)`` on success, ``ready`` saying in the view's
    language that the file (named) is ready, and ``(None, message)`` when the export
    failed (the message says why, in the view's language); the export folder is
    removed then.
    """
    jobs.lower_priority()
    view = view_of(view_query)
    progress((0, t("export.job_preparing", view.lang)))
    with jobs.app_context():
        data = data_for(session)
        token, folder = downloads.new_export_folder(
            owner=owner_from(headers, session), binding=downloads.binding_of_headers(headers)
        )
        name = FORMAT_NAMES.get(fmt, fmt.upper())
        progress((1, t("export.job_drawing", view.lang, format=name)))
        try:
            path = logic.export_file(data, view, fmt, folder)
        except CoopAtlasError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            return None, t("app.export_failed", view.lang, error=str(exc))
    progress((STEPS, ""))
    ready = t("export.ready", view.lang, name=path.name)  # said by the page's status region
    return {"url": downloads.export_url(token, path.name), "name": path.name}, ready


def progress_outputs(report: Callable[[Any], None]) -> Progress:
    """Adapt Dash's ``set_progress`` (one value per progress output) to :data:`Progress`."""

    def say(step: tuple[int, str]) -> None:
        report([str(step[0]), step[1]])

    return say


__all__ = ["FORMAT_NAMES", "STEPS", "owner_from", "progress_outputs", "run_export"]
