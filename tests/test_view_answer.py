"""The view's answer sends only the parts drawn differently from the last answer.

Four parts, drawn from the view's query alone (no data): one that follows the query,
one that never changes, one declared ``always`` and one whose output another callback
shares (``allow_duplicate``), and a pattern output matching two components. Worked
out by hand: the first answer draws everything; the same view again sends only the
two parts that must always be sent; another view sends the part that follows it.
"""

from __future__ import annotations

from dash import ALL, Output, no_update

from dashboard.view_answer import ViewPart, answer, fingerprint


def _parts() -> list[ViewPart]:
    def follows(request):
        return (request.view_query,)

    def fixed(request):
        return ("same",)

    def pattern(request):
        return (["a", "b"],)

    return [
        ViewPart("follows", (Output("x", "children"),), {}, follows),
        ViewPart("fixed", (Output("y", "children"),), {}, fixed),
        ViewPart("ticked", (Output("z", "selectedRows"),), {}, fixed, always=True),
        ViewPart("shared", (Output("w", "children", allow_duplicate=True),), {}, fixed),
        ViewPart("pattern", (Output({"type": "p", "i": ALL}, "children"),), {}, pattern),
    ]


ASKED = [
    {"id": "x", "property": "children"},
    {"id": "y", "property": "children"},
    {"id": "z", "property": "selectedRows"},
    {"id": "w", "property": "children"},
    [{"id": {"type": "p", "i": 1}, "property": "children"},
     {"id": {"type": "p", "i": 2}, "property": "children"}],
]  # fmt: skip


def test_only_changed_parts_are_sent() -> None:
    parts = _parts()
    first, prints = answer(parts, "years=2019", None, {}, ASKED, None)
    assert first == ["years=2019", "same", "same", "same", ["a", "b"]]
    assert set(prints) == {"follows", "fixed", "pattern"}  # "ticked" and "shared": always sent
    again, same_prints = answer(parts, "years=2019", None, {}, ASKED, prints)
    assert same_prints == prints
    assert again == [no_update, no_update, "same", "same", [no_update, no_update]]
    moved, moved_prints = answer(parts, "years=2020", None, {}, ASKED, prints)
    assert moved == ["years=2020", no_update, "same", "same", [no_update, no_update]]
    assert moved_prints["follows"] != prints["follows"]
    assert moved_prints["fixed"] == prints["fixed"]


def test_fingerprints_see_components_and_figures() -> None:
    from dash import html

    assert fingerprint([html.Span("a")]) == fingerprint([html.Span("a")])
    assert fingerprint([html.Span("a")]) != fingerprint([html.Span("b")])
    assert fingerprint([{"data": [1, 2]}]) != fingerprint([{"data": [2, 1]}])
