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

**Only what changed is sent.** The browser re-renders every component the answer
names, and a component's new ``children`` make Dash's renderer walk the whole layout
again: moving the year slider re-rendered the breadcrumb, the banners and the weight
labels although they had not changed, and that took most of a year change's time in
Chromium. So the answer keeps a fingerprint of each part's values in a store on the
page (:data:`dashboard.ids.ANSWERED`); a part drawn the same as last time answers
``no_update``. A part whose outputs something else can change too (another callback
through ``allow_duplicate``, or the user, declared with ``always=True``) is always sent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, State, ctx, no_update
from plotly.utils import PlotlyJSONEncoder  # type: ignore[import-untyped]

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
    #: Sent with every answer, even when drawn as before (outputs the user can change).
    always: bool = False

    @property
    def skippable(self) -> bool:
        """Return True when an unchanged drawing may be left out of the answer."""
        return not self.always and not any(o.allow_duplicate for o in self.outputs)


#: Every declared part, in declaration order (the order of the answer's outputs).
PARTS: list[ViewPart] = []


def part(
    name: str, *outputs: Output, state: Mapping[str, State] | None = None, always: bool = False
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
    always
        Send the part with every answer, even when drawn as before: for outputs the
        user can change on the page (a table's ticked rows).
    """

    def declare(draw: Callable[[ViewRequest], Sequence[Any]]) -> Callable[..., Sequence[Any]]:
        if any(p.name == name for p in PARTS):
            raise ValueError(f"view part {name!r} is declared twice")
        PARTS.append(ViewPart(name, tuple(outputs), dict(state or {}), draw, always))
        return draw

    return declare


def fingerprint(values: Sequence[Any]) -> str:
    """Return a short digest of a part's values (components, figures and data alike)."""
    text = json.dumps(list(values), cls=PlotlyJSONEncoder, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _unchanged(asked: Sequence[Any], count: int) -> list[Any]:
    """Return ``no_update`` for each output (one per matched component of a pattern output)."""
    if not asked:
        return [no_update] * count
    return [[no_update] * len(a) if isinstance(a, list) else no_update for a in asked]


def answer(
    parts: Sequence[ViewPart],
    view_query: str,
    session: dict | None,
    state: Mapping[str, Any],
    outputs_list: Sequence[Any] | None = None,
    answered: Mapping[str, str] | None = None,
) -> tuple[list[Any], dict[str, str]]:
    """Return every part's values, flat, in the parts' order, and their fingerprints.

    ``outputs_list`` is what the page asked for (Dash's ``ctx.outputs_list``): a part
    with a pattern output answers the components it matched there. ``answered`` holds
    the fingerprints of the last answer the page received: a skippable part drawn the
    same answers ``no_update``.
    """
    shared = _Shared(view_query or "", session)
    before = answered or {}
    values: list[Any] = []
    prints: dict[str, str] = {}
    start = 0
    for p in parts:
        mine = {key: state.get(f"{p.name}.{key}") for key in p.state}
        asked = list(outputs_list[start : start + len(p.outputs)]) if outputs_list else []
        start += len(p.outputs)
        drawn = list(p.draw(ViewRequest(shared, mine, asked)))
        if len(drawn) != len(p.outputs):
            raise ValueError(f"view part {p.name!r} drew {len(drawn)} of {len(p.outputs)} values")
        if not p.skippable:
            values.extend(drawn)
            continue
        prints[p.name] = fingerprint(drawn)
        same = before.get(p.name) == prints[p.name]
        values.extend(_unchanged(asked, len(drawn)) if same else drawn)
    return values, prints


def wiring(
    parts: Sequence[ViewPart], *, duplicate: bool = False
) -> tuple[list[Output], dict[str, State]]:
    """Return the outputs of ``parts`` in order, and their state keyed as :func:`answer` reads it.

    ``duplicate`` marks every output ``allow_duplicate`` (a second callback writing them).
    """
    outputs = [
        Output(o.component_id, o.component_property, allow_duplicate=True) if duplicate else o
        for p in parts
        for o in p.outputs
    ]
    states = {f"{p.name}.{key}": s for p in parts for key, s in p.state.items()}
    return outputs, states


def register(app: Dash, parts: Sequence[ViewPart] | None = None) -> None:
    """Register the one callback on the view store that fills every part."""
    chosen = list(PARTS if parts is None else parts)
    filled, states = wiring(chosen)
    outputs = [*filled, Output(ids.ANSWERED, "data")]
    names = list(states)

    @app.callback(
        outputs,
        Input(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
        State(ids.ANSWERED, "data"),
        *states.values(),
        # a new page arrives answered (dashboard.first_answer): wait for a change
        prevent_initial_call=True,
    )
    def view_answer(
        view_query: str, session: dict | None, answered: dict | None, *values: Any
    ) -> list[Any]:
        state = dict(zip(names, values, strict=True))
        asked = ctx.outputs_list[:-1]  # the last output is the fingerprints' store
        drawn, prints = answer(chosen, view_query, session, state, asked, answered)
        return [*drawn, prints]


__all__ = [
    "PARTS", "ViewPart", "ViewRequest", "answer", "fingerprint", "part", "register", "wiring",
]  # fmt: skip
