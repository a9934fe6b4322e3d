"""The share of 100 % beside each priority-weight slider, from the weights the view uses.

The sliders give raw weights (0 to 5); what a planner wants to read is the part of
the score each component may give ("40 %"). :func:`share_texts` formats
:func:`geo.indicators.weight_shares.weight_percents` of the view's weights (the
served defaults when the link has none); the view's answer (:mod:`dashboard.view_answer`)
redraws them whenever a slider moves, in the same request as the map, and renames the
sliders for the view's targeting (:func:`weight_labels`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import ALL, Output, html

from dashboard import ids, view_answer
from dashboard.context import weights_of
from geo.i18n import Lang, format_percent, t
from geo.indicators.priority import COMPONENTS, component_label
from geo.indicators.view import View
from geo.indicators.weight_shares import weight_percents


def share_texts(weights: Mapping[str, object], lang: Lang) -> dict[str, str]:
    """Return each component's share of the weights as text ("40%", "40 %" in Spanish)."""
    return {c: format_percent(p / 100, lang, 0) for c, p in weight_percents(weights).items()}


def share_badge(component: str, text: str, lang: Lang) -> html.Span:
    """Build the share shown beside a slider's label (its name says what the number is)."""
    return html.Span(
        text,
        id={"type": ids.WEIGHT_SHARE, "component": component},
        className="ca-weight-share",
        title=t("controls.weight_share_title", lang),
    )


@view_answer.part("weight_shares", Output({"type": ids.WEIGHT_SHARE, "component": ALL}, "children"))
def shares_part(request: view_answer.ViewRequest) -> Sequence[Any]:
    """Redraw the shares of the sliders the page has, from the view's weights."""
    texts = share_texts(weights_of(request.view, request.data), request.view.lang)
    every = [{"id": {"component": c}} for c in COMPONENTS]
    asked = request.outputs[0] if request.outputs else every
    return [[texts[item["id"]["component"]] for item in asked]]


def weight_labels(view: View) -> list[str]:
    """Return the sliders' names for the view's targeting, in component order.

    With a target programme the coverage gap is that programme's ("Organizations not
    reached by My.Coop (share)"); per 100,000 inhabitants, the counts say so.
    """
    return [
        component_label(
            c, view.lang, coverage_programme=view.programme, per_population=view.per_population
        )
        for c in COMPONENTS
    ]


@view_answer.part("weight_labels", *(Output(f"l-weight-{c}", "children") for c in COMPONENTS))
def labels_part(request: view_answer.ViewRequest) -> Sequence[Any]:
    """Rename the sliders when the target programme or the per-population option changes."""
    return weight_labels(request.view)


__all__ = ["labels_part", "share_badge", "share_texts", "shares_part", "weight_labels"]
