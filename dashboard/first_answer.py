"""A page rendered with its first answer: view store, map colours and controls filled in.

A first visit used to cost three callbacks one after the other, each a round trip and a
render of its answer in Chromium: the address into the page (``render_page``), the
page's controls into the view store (``collect_view``), the view store into the map,
table, charts and trail (:mod:`dashboard.view_answer`). The page now arrives answered:
:func:`answer_page` asks every :class:`~dashboard.view_answer.ViewPart` for its values
while the page is built, the way the view's callback would, and writes them into the
components of the page; the view store and the answer's fingerprints get the values
those two callbacks would have written. Both callbacks then wait for a change
(``prevent_initial_call``): Dash does not fire a callback on a new page when its outputs
arrive with its inputs.

**What is below the first screen comes just after.** The table's 83 rows cost Chromium
about as much main-thread time as the rest of the page, and drawn in the same pass they
came before the map's geometry was drawn. The parts in :data:`AFTER_FIRST_RENDER` are
below the map, out of the first screen on a desktop and on a phone: the table, the side
panel's charts, the unit's figures and the summary sentence, the planner's totals and
its chart, the programme years' chart and the change table. They are left out of the
page and drawn by a callback that fires once, when the page is shown (:func:`register`):
the map is coloured first. At 100,000 organizations they were 307 of the first
answer's 577 components (bars drawn as ``Div`` and ``Span``) and 43 of its 114 KB, each
walked by Dash's renderer before the map's first drawing.

The answer is the view callback's own (:func:`dashboard.view_answer.answer`), so a part
declared later is filled in on the first page too. A part's state is read from the page
being built, or from ``shell``: the values of components outside it (the stores of
:func:`dashboard.layout.shell`), which the page's callback receives as its state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from dash import ALL, Dash, Input, State, ctx, no_update
from dash.development.base_component import Component

from dashboard import ids, view_answer

#: Parts drawn by a callback just after the page is shown, not in the page (by name):
#: those below the first screen.
AFTER_FIRST_RENDER: tuple[str, ...] = (
    "table",
    "selected_rows",
    "panels",
    "planner",
    "timeline",
    "change_table",
)


def _key(component_id: Any) -> str:
    """Return a hashable key of a component id (a string, or a dict of a pattern id)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True)
    return str(component_id)


def _walk(node: Any) -> Iterator[Component]:
    """Yield every component under ``node`` (a component, a list of them, or text)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(reversed(item))
        elif isinstance(item, Component):
            yield item
            stack.append(getattr(item, "children", None))


class PageTree:
    """The components of a page being built, found by id (their values read and set)."""

    def __init__(self, children: Any) -> None:
        self._by_id: dict[str, Component] = {}
        for component in _walk(children):
            component_id = getattr(component, "id", None)
            if component_id is not None:
                self._by_id[_key(component_id)] = component

    def find(self, component_id: Any) -> Component | None:
        """Return the component with this id, or None when the page has none."""
        return self._by_id.get(_key(component_id))

    def matching(self, pattern: Mapping[str, Any]) -> list[Component]:
        """Return the components whose dict id matches ``pattern`` (``ALL`` matches any value)."""
        found = []
        for component in self._by_id.values():
            own = getattr(component, "id", None)
            if (
                isinstance(own, dict)
                and own.keys() == pattern.keys()
                and all(v is ALL or own[k] == v for k, v in pattern.items())
            ):
                found.append(component)
        return found

    def value(self, component_id: Any, prop: str) -> Any:
        """Return a property of the component with this id (None when unset)."""
        component = self.find(component_id)
        if component is None:
            raise KeyError(component_id)
        return getattr(component, prop, None)

    def set(self, component_id: Any, prop: str, value: Any) -> None:
        """Set a property of the component with this id."""
        component = self.find(component_id)
        if component is None:
            raise KeyError(component_id)
        setattr(component, prop, value)


def _state(
    tree: PageTree, parts: Sequence[view_answer.ViewPart], shell: Mapping[tuple[Any, str], Any]
) -> dict[str, Any]:
    """Return each part's state, read from the page or from ``shell``, keyed as the callback's."""
    state: dict[str, Any] = {}
    for p in parts:
        for key, dependency in p.state.items():
            where, prop = dependency.component_id, dependency.component_property
            if tree.find(where) is not None:
                state[f"{p.name}.{key}"] = tree.value(where, prop)
            elif (where, prop) in shell:
                state[f"{p.name}.{key}"] = shell[(where, prop)]
            else:
                raise LookupError(
                    f"view part {p.name!r} reads {where}.{prop}: it is not in the page; "
                    "pass its value in `shell` (the page callback's state)"
                )
    return state


def _asked(tree: PageTree, parts: Sequence[view_answer.ViewPart]) -> list[Any]:
    """Return the outputs as Dash would list them (a pattern output: the components it matches)."""
    asked: list[Any] = []
    for p in parts:
        for output in p.outputs:
            where, prop = output.component_id, output.component_property
            if isinstance(where, dict):
                found = tree.matching(where)
                asked.append([{"id": c.id, "property": prop} for c in found])  # type: ignore[attr-defined]
            elif tree.find(where) is None:
                raise LookupError(f"view part {p.name!r} fills {where}.{prop}: not in the page")
            else:
                asked.append({"id": where, "property": prop})
    return asked


def _write(tree: PageTree, asked: Sequence[Any], values: Sequence[Any]) -> None:
    """Write each answered value into its component (``no_update`` leaves the page's value)."""
    for output, value in zip(asked, values, strict=True):
        if isinstance(output, list):  # a pattern output: one value per matched component
            for one, one_value in zip(output, value, strict=True):
                if one_value is not no_update:
                    tree.set(one["id"], one["property"], one_value)
        elif value is not no_update:
            tree.set(output["id"], output["property"], value)


def answer_page(
    children: list[Any],
    *,
    view_query: Callable[[PageTree], str],
    session: dict | None,
    shell: Mapping[tuple[Any, str], Any],
    parts: Sequence[view_answer.ViewPart] | None = None,
) -> list[Any]:
    """Fill a page being built with the answer to its view; return ``children``, changed.

    Parameters
    ----------
    children
        The page's components (:func:`dashboard.layout.page`), changed in place.
    view_query
        Returns the view store's value from the page's controls, as the controls'
        callback would write it.
    session
        The browser session store (an upload's token).
    shell
        ``(component id, property) -> value`` of components outside the page that a
        part reads as state.
    parts
        The parts to fill (default: every declared one, as the view's callback).
    """
    chosen = [p for p in (view_answer.PARTS if parts is None else parts) if not _later(p)]
    tree = PageTree(children)
    query = view_query(tree)
    asked = _asked(tree, chosen)
    values, prints = view_answer.answer(chosen, query, session, _state(tree, chosen, shell), asked)
    _write(tree, asked, values)
    tree.set(ids.VIEW, "data", query)
    tree.set(ids.ANSWERED, "data", prints)
    return children


def _later(p: view_answer.ViewPart) -> bool:
    """Return True for a part drawn just after the page is shown."""
    return p.name in AFTER_FIRST_RENDER


def register(app: Dash, parts: Sequence[view_answer.ViewPart] | None = None) -> None:
    """Register the callback drawing the :data:`AFTER_FIRST_RENDER` parts once a page is shown.

    It fires when a page arrives (its input, a store of the page, changes at no other
    time) and writes those parts' outputs beside the view's callback (``allow_duplicate``).
    """
    later = [p for p in (view_answer.PARTS if parts is None else parts) if _later(p)]
    if not later:
        return
    outputs, states = view_answer.wiring(later, duplicate=True)
    names = list(states)

    @app.callback(
        outputs,
        Input(ids.AFTER_FIRST_RENDER, "data"),
        State(ids.VIEW, "data"),
        State(ids.SESSION, "data"),
        *states.values(),
        prevent_initial_call="initial_duplicate",  # it is for the page's first render
    )
    def after_first_render(
        _shown: Any, view_query: str, session: dict | None, *values: Any
    ) -> list[Any]:
        state = dict(zip(names, values, strict=True))
        drawn, _ = view_answer.answer(later, view_query, session, state, ctx.outputs_list)
        return drawn


__all__ = ["AFTER_FIRST_RENDER", "PageTree", "answer_page", "register"]
