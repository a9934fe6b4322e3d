"""The dashboard's targeting presets: one button each, which sets the weights and the map.

A preset (:mod:`geo.indicators.presets`) is weights and an indicator; its button moves
the weight sliders and the indicator menu, and the page's view (and so its link) follows
as after any slider. Declared at module level on :data:`CALLBACKS` (registered by
``create_app``).
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, ctx, html, no_update

from dashboard import ids, view_answer
from dashboard.context import CallbackSet
from dashboard.view_answer import ViewRequest
from geo.indicators.presets import PRESETS, preset_of
from geo.indicators.view import View

CALLBACKS = CallbackSet()


def preset_buttons(view: View) -> html.Div:
    """Build one button per preset, with the question it answers beside it.

    The preset in use (the view's weights in its ratios) is shown pressed.
    """
    rows: list[Any] = []
    for (key, preset), state in zip(PRESETS.items(), pressed(view), strict=True):
        aria: dict[str, Any] = {"aria-pressed": state}
        rows.append(
            html.Button(
                preset.label(view.lang),
                id={"type": ids.PRESET, "preset": key},
                className="ca-preset",
                n_clicks=0,
                **aria,
            )
        )
        rows.append(html.P(preset.question(view.lang), className="ca-preset-question"))
    return html.Div(rows, className="ca-field ca-presets")


def preset_controls(key: str) -> tuple[list[float], str]:
    """Return the slider values (in component order) and the indicator of preset ``key``."""
    preset = PRESETS[key]
    return list(preset.weights), preset.indicator


@CALLBACKS.callback(
    Output({"type": ids.WEIGHT, "component": ALL}, "value"),
    Output(ids.INDICATOR, "value"),
    Input({"type": ids.PRESET, "preset": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
def apply_preset(clicks: list[int | None]) -> tuple[Any, Any]:
    """Set the sliders and the map's indicator to the clicked preset's."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(clicks):
        return no_update, no_update
    return preset_controls(str(trigger["preset"]))


def pressed(view: View) -> list[str]:
    """Return each preset button's ``aria-pressed``: "true" for the view's preset."""
    current = preset_of(view.weight_map)
    return ["true" if current is preset else "false" for preset in PRESETS.values()]


@view_answer.part("presets", Output({"type": ids.PRESET, "preset": ALL}, "aria-pressed"))
def pressed_part(request: ViewRequest) -> tuple[list[str]]:
    """Press the button of the preset in use; release it when a slider moves away.

    Answers the buttons the page has (a pattern output), in the page's order.
    """
    current = preset_of(request.view.weight_map)
    buttons = request.outputs[0] if request.outputs else [{"id": {"preset": k}} for k in PRESETS]
    return (["true" if PRESETS.get(b["id"]["preset"]) is current else "false" for b in buttons],)
