"""Targeting presets: named sets of priority weights that answer a planner's question.

A preset is only weights (and the indicator to colour): it adds nothing the index does
not already compute, so a preset's map, table, explanation and exports are the priority
index's own, and a link restores it through the view's ``w`` and ``ind``. A view whose
weights are in the same ratios as a preset's is that preset (:func:`preset_of`), so an
export states the preset's name beside the weights, in the view's language.

``intervene`` ("where to intervene") answers "where are many producer organizations, few
cooperatives, high poverty and no programme yet?": organizations, the association share
(associations and pre-cooperatives: organizations that are not yet cooperatives), need
(poverty as a percentile within the country) and the coverage gap, a quarter each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from geo.i18n import t
from geo.indicators.priority import COMPONENTS, validate_weights

#: Relative difference under which two weight ratios are the same.
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Preset:
    """A named targeting: its weights (one per component) and the indicator it colours.

    Attributes
    ----------
    key
        Its name in links and messages (``preset.<key>`` and ``preset.<key>.question``).
    weights
        One weight per :data:`geo.indicators.priority.COMPONENTS`, in their order.
    indicator
        The map indicator the preset shows.
    """

    key: str
    weights: tuple[float, ...]
    indicator: str = "priority_score"

    def __post_init__(self) -> None:
        validate_weights(dict(zip(COMPONENTS, self.weights, strict=True)))

    @property
    def weight_map(self) -> dict[str, float]:
        """The weights by component."""
        return dict(zip(COMPONENTS, self.weights, strict=True))

    def label(self, lang: str) -> str:
        """Return the preset's name in ``lang`` ("Where to intervene")."""
        return t(f"preset.{self.key}", lang)

    def question(self, lang: str) -> str:
        """Return the question it answers, in ``lang``."""
        return t(f"preset.{self.key}.question", lang)

    def query(self) -> str:
        """Return the dashboard link's query that restores the preset (``?ind=...&w=...``)."""
        weights = ",".join(f"{w:g}" for w in self.weights)
        return "?" + urlencode({"ind": self.indicator, "w": weights}, safe=",")


def _weights(**given: float) -> tuple[float, ...]:
    return tuple(float(given.get(c, 0.0)) for c in COMPONENTS)


#: Every preset, by key.
PRESETS: dict[str, Preset] = {
    "intervene": Preset(
        "intervene",
        _weights(organizations=1, association_share=1, coverage_gap=1, need=1),
    ),
}


def preset_of(weights: Mapping[str, float] | None) -> Preset | None:
    """Return the preset whose weights are in the same ratios as ``weights``, else None."""
    if not weights:
        return None
    total = sum(float(weights.get(c, 0.0)) for c in COMPONENTS)
    if total <= 0:
        return None
    for preset in PRESETS.values():
        norm = sum(preset.weights)
        if all(
            abs(float(weights.get(c, 0.0)) / total - w / norm) <= _TOLERANCE
            for c, w in zip(COMPONENTS, preset.weights, strict=True)
        ):
            return preset
    return None


def preset_caption(weights: Mapping[str, float] | None, lang: str) -> str:
    """Return "Where to intervene (many organizations, ...)" for a preset's weights, else ""."""
    preset = preset_of(weights)
    if preset is None:
        return ""
    return t("preset.named", lang, name=preset.label(lang), question=preset.question(lang))


__all__ = ["PRESETS", "Preset", "preset_caption", "preset_of"]
