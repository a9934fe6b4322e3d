"""A page is built with its view's answer written into it (``dashboard.first_answer``).

Handmade parts on a small page, drawn from the view's query and their state alone:
the values each part should write were worked out by hand from those functions.
"""

from __future__ import annotations

import pytest
from dash import ALL, Output, State, dcc, html, no_update

from dashboard import ids
from dashboard.first_answer import AFTER_FIRST_RENDER, PageTree, answer_page
from dashboard.view_answer import ViewPart, answer


def _page() -> list:
    return [
        dcc.Store(id=ids.VIEW),
        dcc.Store(id=ids.ANSWERED, data={}),
        dcc.Store(id="framed", data=[1, 2]),
        html.Div(
            [
                html.Span(id="x"),
                html.Div([html.B(id={"type": "p", "i": 1}), html.B(id={"type": "p", "i": 2})]),
                html.Span("kept", id="y"),
            ]
        ),
        html.Span(id="rows"),
    ]


def _parts() -> list[ViewPart]:
    return [
        # the query and a state read from the page
        ViewPart(
            "follows",
            (Output("x", "children"),),
            {"framed": State("framed", "data")},
            lambda r: (f"{r.view_query} {r.state['framed']}",),
        ),
        # a pattern output: one value per matched component, in page order
        ViewPart(
            "pattern",
            (Output({"type": "p", "i": ALL}, "children"),),
            {},
            lambda r: ([str(o["id"]["i"]) for o in r.outputs[0]],),
        ),
        # no_update leaves the page's value; the state comes from outside the page
        ViewPart(
            "frame",
            (Output("y", "children"),),
            {"shown": State(ids.HIDEOUT_SINK, "data")},
            lambda r: (no_update if r.state["shown"] == 7 else "moved",),
        ),
        # drawn after the first render, not in the page
        ViewPart(AFTER_FIRST_RENDER[0], (Output("rows", "children"),), {}, lambda r: ("rows",)),
    ]


def test_the_page_arrives_with_the_answer_and_its_stores() -> None:
    children = _page()
    answer_page(
        children,
        view_query=lambda tree: "lang=es",
        session=None,
        shell={(ids.HIDEOUT_SINK, "data"): 7},
        parts=_parts(),
    )
    tree = PageTree(children)
    assert tree.value("x", "children") == "lang=es [1, 2]"
    assert tree.value({"type": "p", "i": 1}, "children") == "1"
    assert tree.value({"type": "p", "i": 2}, "children") == "2"
    assert tree.value("y", "children") == "kept"  # no_update
    assert tree.value("rows", "children") is None  # the table's part: after the first render
    assert tree.value(ids.VIEW, "data") == "lang=es"
    # the fingerprints are the view callback's for the same parts and state
    asked = [
        {"id": "x", "property": "children"},
        [{"id": {"type": "p", "i": i}, "property": "children"} for i in (1, 2)],
        {"id": "y", "property": "children"},
    ]
    state = {"follows.framed": [1, 2], "frame.shown": 7}
    _, prints = answer(_parts()[:3], "lang=es", None, state, asked, None)
    assert tree.value(ids.ANSWERED, "data") == prints
    assert set(prints) == {"follows", "pattern", "frame"}


def test_a_part_reading_outside_the_page_must_be_given_its_value() -> None:
    with pytest.raises(LookupError, match=r"'frame' reads hideout-sink\.data"):
        answer_page(_page(), view_query=lambda tree: "", session=None, shell={}, parts=_parts())


def test_a_part_filling_a_component_missing_from_the_page_is_refused() -> None:
    part = ViewPart("lost", (Output("nowhere", "children"),), {}, lambda r: ("x",))
    with pytest.raises(LookupError, match=r"'lost' fills nowhere\.children"):
        answer_page(_page(), view_query=lambda tree: "", session=None, shell={}, parts=[part])
