"""One answer per view change: the map, table, charts, totals and trail in one request.

A filter change used to fire seven callbacks on the view store, each a request that
parsed the view and looked up its unit table again: under load the requests queued
behind each other on two cores. Now every panel that follows the view declares a
:class:`ViewPart` (its outputs, the extra state it reads and a function drawing it), and
:func:`register` turns them all into one callback on the view store. A filter change
is then two requests: the controls into the view (``collect_view``), the view into
every panel (this answer).

Panels declare their part where they live (:mod:`dashboard.callbacks`,
:mod:`dashboard.planner_callbacks`, :mod:`dashboard.drilldown`); a new panel adds a
part in its own module with :func:`part` instead of a callback of its own on the view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, State, ctx

from dashboard import ids
from dashboard.context import data_for, view_table
from dashboard.data import DashboardData
from geo.indicators.view import View


class _Shared:
    """The view, its unit table and the session's data: looked up once for every part."""

    def __init__(self, view_query: str, session: dict | None) -> None:
        self.view_query = view_query
        self.session = session

    @cached_property
    def view_and_table(self) -> tuple[View, pd.DataFrame]:
        return view_table(self.view_query, self.session)

    @cached_property
    def data(self) -> DashboardData:
        return data_for(self.session)


@dataclass(frozen=True)
class ViewRequest:
    """What a part draws from: the view, its unit table, the session's data, its own state.

    The parts of one answer share the view, the table and the data (each looked up once).
    """

    shared: _Shared
    state: Mapping[str, Any]
    #: The outputs the page asked for, one entry per declared output: ``{"id", "property"}``,
    #: or for a pattern output (``ALL``) the list of the components it matched.
    outputs: Sequence[Any] = ()

    @property
    def view_query(self) -> str:
        """Return the view store's query."""
        return self.shared.view_query

    @property
    def session(self) -> dict | None:
        """Return the browser session store (an upload's token)."""
        return self.shared.session

    @property
    def view(self) -> View:
        """Return the parsed view."""
        return self.shared.view_and_table[0]

    @property
    def table(self) -> pd.DataFrame:
        """Return the view's unit table."""
        return self.shared.view_and_table[1]

    @property
    def data(self) -> DashboardData:
        """Return the session's data (an upload) or the served data."""
        return self.shared.data


@dataclass(frozen=True)
class ViewPart:
    """One panel's share of the answer: outputs, state read, and the function drawing them."""

    name: str
    outputs: tuple[Output, ...]
    state: Mapping[str, State]
    draw: Callable[[ViewRequest], Sequence[Any]]


#: Every declared part, in declaration order (the order of the answer's outputs).
PARTS: list[ViewPart] = []


def part(
    name: str, *outputs: Output, state: Mapping[str, State] | None = None
) -> Callable[[Callable[[ViewRequest], Sequence[Any]]], Callable[[ViewRequest], Sequence[Any]]]:
    """Declare a part of the view's answer; the decorated function returns one value per output.

    Parameters
    ----------
    name
        The part's name (unique); its state reaches the function as
        ``request.state[key]`` for each key of ``state``.
    outputs
        The outputs it fills.
    state
        Extra state it reads, by key.
    """

    def declare(draw: Callable[[ViewRequest], Sequence[Any]]) -> Callable[..., Sequence[Any]]:
        if any(p.name == name for p in PARTS):
            raise ValueError(f"view part {name!r} is declared twice")
        PARTS.append(ViewPart(name, tuple(outputs), dict(state or {}), draw))
        return draw

    return declare


def answer(
    parts: Sequence[ViewPart],
    view_query: str,
    session: dict | None,
    state: Mapping[str, Any],
    outputs_list: Sequence[Any] | None = None,
) -> list[Any]:
    """Return every part's values, flat, in the parts' order (the callback's body).

    ``outputs_list`` is what the page asked for (Dash's ``ctx.outputs_list``): a part
    with a pattern output answers the components it matched there.
    """
    shared = _Shared(view_query or "", session)
    values: list[Any] = []
    start = 0
    for p in parts:
        mine = {key: state.get(f"{p.name}.{key}") for key in p.state}
        asked = list(outputs_list[start : start + len(p.outputs)]) if outputs_list else []
        start += len(p.outputs)
        drawn = list(p.draw(ViewRequest(shared, mine, asked)))
        if len(drawn) != len(p.outputs):
            raise ValueError(f"view part {p.name!r} drew {len(drawn)} of {len(p.outputs)} values")
        values.extend(drawn)
    return values


def register(app: Dash, parts: Sequence[ViewPart] | None = None) -> None:
    """Register the one callback on the view store that fills every part."""
    chosen = list(PARTS if parts is None else parts)
    outputs = [o for p in chosen for o in p.outputs]
    states = {f"{p.name}.{key}": s for p in chosen for key, s in p.state.items()}
    names = list(states)

    @app.callback(
        outputs,
        Input(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
        *states.values(),
        # some outputs are shared with other callbacks (allow_duplicate): still run first
        prevent_initial_call="initial_duplicate",
    )
    def view_answer(view_query: str, session: dict | None, *values: Any) -> list[Any]:
        state = dict(zip(names, values, strict=True))
        return answer(chosen, view_query, session, state, ctx.outputs_list)


__all__ = ["PARTS", "ViewPart", "ViewRequest", "answer", "part", "register"]
