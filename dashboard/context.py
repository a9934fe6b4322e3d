"""What every callback needs: the data of the browser's session, the view, its unit table.

Callbacks live at module level, grouped by panel (:mod:`dashboard.callbacks`,
:mod:`dashboard.planner_callbacks`, :mod:`dashboard.upload_callbacks`,
:mod:`dashboard.drilldown`); each module declares them on a :class:`CallbackSet`, which
:func:`dashboard.app.create_app` registers on its app. The served data come from the
app's :class:`~dashboard.data.DataSource`, found through Flask's ``current_app``, and
the view is parsed once, the same way, by :func:`view_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask
import pandas as pd
from dash import ClientsideFunction, Dash

from dashboard import uploads
from dashboard.data import DashboardData, DataSource
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View

#: Key of the app's data source in ``flask.current_app.extensions``.
SOURCE_KEY = "coopatlas.source"


class CallbackSet:
    """Callbacks declared at module level, registered on an app when it is created."""

    def __init__(self) -> None:
        self._server: list[tuple[tuple[Any, ...], dict[str, Any], Callable[..., Any]]] = []
        self._client: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def callback(self, *dependencies: Any, **options: Any) -> Callable[[Callable], Callable]:
        """Declare a server callback (``app.callback``'s arguments); return it unchanged."""

        def declare(function: Callable[..., Any]) -> Callable[..., Any]:
            self._server.append((dependencies, options, function))
            return function

        return declare

    def clientside(self, function_name: str, *dependencies: Any, **options: Any) -> None:
        """Declare a callback run in the browser: ``coopatlas.<function_name>`` in the assets."""
        self._client.append((function_name, dependencies, options))

    def register(self, app: Dash) -> None:
        """Register every declared callback on ``app``."""
        for dependencies, options, function in self._server:
            app.callback(*dependencies, **options)(function)
        for name, dependencies, options in self._client:
            code = ClientsideFunction(namespace="coopatlas", function_name=name)
            app.clientside_callback(code, *dependencies, **options)


def install(app: Dash, source: DataSource) -> None:
    """Make ``source`` the data the app's callbacks serve."""
    app.server.extensions[SOURCE_KEY] = source


def source() -> DataSource:
    """Return the data source of the app answering this request."""
    found: DataSource = flask.current_app.extensions[SOURCE_KEY]
    return found


def data_for(session: dict | None) -> DashboardData:
    """Return the browser session's uploaded data, else the served data."""
    return uploads.session_data((session or {}).get("token")) or source().current()


def owner_of(session: dict | None) -> str | None:
    """Return who asks, for per-owner quotas: the logged-in user, else the upload session."""
    auth = flask.request.authorization
    if auth is not None and auth.username:
        return f"user:{auth.username}"
    token = (session or {}).get("token")
    return f"session:{token}" if token else None


def view_of(view_query: str | None) -> View:
    """Return the view of the page's view store (its query), parsed the one way."""
    view, _ = View.from_query(view_query or "")
    return view


def weights_of(view: View, data: DashboardData) -> dict[str, float]:
    """Return the view's priority weights, else the served defaults."""
    return view.weight_map or data.weights


def view_table(view_query: str | None, session: dict | None) -> tuple[View, pd.DataFrame]:
    """Return the view and its unit table (:func:`geo.indicators.unit_tables.unit_table`)."""
    view = view_of(view_query)
    current = data_for(session)
    return view, unit_table(current.prepared, view, weights_of(view, current))


__all__ = [
    "SOURCE_KEY",
    "CallbackSet",
    "data_for",
    "install",
    "owner_of",
    "source",
    "view_of",
    "view_table",
    "weights_of",
]
