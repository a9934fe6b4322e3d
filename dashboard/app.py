"""Build the Dash app (``create_app``) and serve it (``serve``).

Production: ``gunicorn --workers 4 --bind 127.0.0.1:8050 "dashboard.wsgi:server"``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import flask
from dash import Dash
from werkzeug.serving import WSGIRequestHandler

from dashboard import (
    callbacks,
    compare_filter,
    context,
    data_banner,
    downloads,
    drilldown,
    first_answer,
    jobs,
    layout,
    leftovers,
    period,
    planner_callbacks,
    points,
    presets,
    timeline,
    upload_callbacks,
    uploads,
    view_answer,
)
from dashboard.auth import install_basic_auth
from dashboard.data import DataSource
from dashboard.first_load import LeanDash, install_compression, warm
from dashboard.heap_release import install_heap_release
from dashboard.request_limits import install_callback_cap
from dashboard.security import install_security
from geo._errors import CoopAtlasError
from geo.i18n import LANGS, is_lang
from geo.indicators.filters import Filters
from geo.indicators.view import View
from geo.settings import get_settings
from geo.units.context_layer import context_geojson

ASSETS = Path(__file__).with_name("assets")
_LOG = logging.getLogger(__name__)


def _routes(server: flask.Flask, source: DataSource) -> None:
    """Add the data routes: unit geometry (sent once, cached) and the organizations layer."""
    units_geojson_bytes = source.current().units_geojson  # boundaries: fixed for the process

    @server.get(layout.UNITS_URL)
    def units_geojson() -> flask.Response:
        response = flask.Response(units_geojson_bytes, mimetype="application/geo+json")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    context_bytes = context_geojson()  # neighbours and capitals: fixed, sent once

    @server.get(layout.CONTEXT_URL)
    def context_layer() -> flask.Response:
        response = flask.Response(context_bytes, mimetype="application/geo+json")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    @server.get(layout.ORGS_URL)
    def organizations_geojson() -> flask.Response:
        not_filters = ("lang", "u", *points.WINDOW_KEYS)
        args = {k: v for k, v in flask.request.args.items() if k not in not_filters}
        requested = flask.request.args.get("lang")
        lang = requested if is_lang(requested) else LANGS[0]
        # the upload's token comes from a cookie; the URL has only its public handle
        token = uploads.token_from_cookies(flask.request.args.get("u"), flask.request.cookies)
        current = uploads.session_data(token) or source.current()
        filters, _ = Filters.from_query(args, known_units=current.unit_codes)
        window = points.window_from_query(flask.request.args)
        body = points.layer_geojson(current.organizations, current.prepared, filters, window, lang)
        return flask.Response(body, mimetype="application/geo+json")


def create_app(data_dir: Path | None = None) -> Dash:
    """Create the dashboard.

    Parameters
    ----------
    data_dir
        A processed folder (``coopatlas build`` output). ``None`` uses the default
        processed folder, built from the bundled demo registry when missing.

    Returns
    -------
    dash.Dash
        The app; ``app.server`` is the Flask (WSGI) application. When the data
        cannot be loaded the app shows a page saying what is wrong and how to fix
        it, instead of failing.
    """
    app = LeanDash(
        __name__,
        title="CoopAtlas",
        assets_folder=str(ASSETS),
        serve_locally=True,
        compress=False,  # install_compression: Dash's own leaves GeoJSON uncompressed
        suppress_callback_exceptions=False,
        # dash documents None as "keep the page title while updating"; its annotation says str
        update_title=None,  # type: ignore[arg-type]
        # exports run outside the web workers (dashboard.jobs): forked, or on Celery
        background_callback_manager=jobs.manager(),
    )
    app.preload_urls = (layout.UNITS_URL, layout.CONTEXT_URL)  # the map's fixed GeoJSON
    prefix = app.config.routes_pathname_prefix
    fixed = (f"{prefix}_dash-component-suites/", f"{prefix}assets/")
    install_compression(app.server, fixed_paths=(*fixed, layout.UNITS_URL, layout.CONTEXT_URL))
    install_basic_auth(app.server)
    install_security(app, upload_limit_mb=uploads.MAX_UPLOAD_MB, tile_url=get_settings().tile_url)
    _clean_leftovers()
    try:
        if data_dir is None:
            from geo.builds.folder import default_folder  # builds the demo on first start only

            folder = default_folder()
        else:
            folder = Path(data_dir)
        source = DataSource(folder)
        data = source.current()
    except CoopAtlasError as exc:
        app.layout = layout.error_page(str(exc))
        return app

    def page_layout() -> Any:
        # Every page load asks the folder again: a damaged build gives the error page
        # on every worker, a new build the new data.
        error = source.error
        return layout.error_page(error) if error else layout.shell()

    app.layout = page_layout
    # Dash.__init__ sets validation_layout = None unannotated, so mypy infers the type None
    app.validation_layout = [layout.shell(), *layout.page(data, View())]  # type: ignore[assignment]
    _refuse_callbacks_on_error(app.server, source)
    _routes(app.server, source)
    drilldown.register_routes(app.server)
    downloads.register_routes(app.server)
    install_heap_release(app.server)
    context.install(app, source)
    panels = (
        callbacks,
        planner_callbacks,
        drilldown,
        upload_callbacks,
        presets,
        period,
        timeline,
        data_banner,
        compare_filter,
    )
    for panel in panels:
        panel.CALLBACKS.register(app)
    view_answer.register(app)  # the map, table, charts, planner and trail: one answer
    first_answer.register(app)  # the table, just after a page's first render
    install_callback_cap(app)
    return app


def _clean_leftovers() -> None:
    """Remove what killed workers left behind (:mod:`dashboard.leftovers`)."""
    try:
        removed = leftovers.clean_on_start(uploads.sessions_root())
    except CoopAtlasError as exc:  # a session folder refused: uploads will say so
        _LOG.warning("%s", exc)
        return
    if removed:
        _LOG.warning("removed %d folder(s) left by killed processes", len(removed))


def _refuse_callbacks_on_error(server: flask.Flask, source: DataSource) -> None:
    """Answer callbacks with HTTP 503 and the error text while the data are unusable."""

    @server.before_request
    def _check_data() -> flask.Response | None:
        if not flask.request.path.startswith("/_dash-update-component"):
            return None
        error = source.error
        if error is None:
            return None
        return flask.Response(
            json.dumps({"error": error}, ensure_ascii=False), 503, mimetype="application/json"
        )


def serve(*, host: str | None = None, port: int | None = None, data: Path | None = None) -> None:
    """Start the dashboard with Flask's server (debug off; 127.0.0.1 unless told otherwise).

    The files of a first visit are compressed before the address is printed
    (:func:`dashboard.first_load.warm`, as ``dashboard/wsgi.py`` does for gunicorn),
    so the first visitor does not wait for it.
    """
    settings = get_settings()
    app = create_app(data)
    warm(app, [layout.UNITS_URL, layout.CONTEXT_URL])
    host = host or settings.host
    port = port or settings.port
    print(f"CoopAtlas dashboard on http://{host}:{port}/ (Ctrl+C to stop)")
    app.run(host=host, port=port, debug=False, request_handler=_QuietHandler)


class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's request handler without the server and Python versions in ``Server``."""

    def version_string(self) -> str:
        """Return the ``Server`` header's value: the product name, no versions."""
        return "CoopAtlas"
