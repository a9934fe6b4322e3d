"""Honest map keys: exact zeros drawn apart, merged classes said, "outside the filter"."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard import logic
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import NO_DATA_COLOR, OUTSIDE_COLOR, classify
from geo.indicators.map_key import OUTSIDE_CLASS, key_rows, unit_classes
from geo.indicators.view import View

NAN = math.nan

# Seven units: two with no cooperative (share exactly 0), three with some, one inside
# the filters without organizations (no value), one outside the filters.
TABLE = pd.DataFrame(
    {
        "unit_id": ["A", "B", "C", "D", "E", "F", "G"],
        "name": ["A", "B", "C", "D", "E", "F", "G"],
        "in_scope": [True, True, True, True, True, True, False],
        "orgs": [3, 2, 4, 2, 1, 0, 5],
        "coverage_any": [0.0, 0.5, 0.25, 0.0, 1.0, NAN, 0.2],
        "coop_share": [0.0, 0.0, 0.25, 0.5, 1.0, NAN, 0.4],
    }
)


def test_an_all_zero_class_is_drawn_apart() -> None:
    classes = classify_indicator(TABLE, "coop_share", k=5)
    # zeros apart; the positives 0.25, 0.5, 1.0 in the other k - 1 = 4 classes, reduced
    # to their 3 distinct values; numpy's linear quantiles at 1/3, 2/3, 1 of them:
    # 0.25 + 0.25 * 2/3 = 0.41667, 0.5 + 0.5 * 1/3 = 0.66667, 1.0
    assert classes.zero
    np.testing.assert_allclose(classes.bins, [0.0, 0.25 + 0.25 * 2 / 3, 0.5 + 0.5 / 3, 1.0])
    assert classes.classes.tolist() == [0, 0, 1, 2, 3, -1, -1]
    assert classes.labels == (
        "0.0% (none)", "> 0.0% – 41.7%", "41.7% – 66.7%", "66.7% – 100.0%", "no data",
    )  # fmt: skip
    fills = classes.value_colors()
    assert fills[0] == fills[1]  # the two zeros share a colour...
    assert fills[0] not in fills[2:5]  # ...which no unit with a cooperative has
    assert fills[0] not in (NO_DATA_COLOR, OUTSIDE_COLOR)


def test_zero_apart_in_both_languages_and_alone() -> None:
    spanish = classify_indicator(TABLE, "coop_share", k=5, lang="es")
    assert spanish.labels[:2] == ("0,0\u00a0% (ninguno)", "> 0,0\u00a0% – 41,7\u00a0%")
    zeros = classify([0, 0, 0], fmt="percent", zero_class=True)
    assert zeros.labels == ("0.0% (none)", "no data")
    assert zeros.colors == ("#edf8b1",)  # the light "none" end, not the ramp's middle
    # without zeros, or with negative values, nothing changes
    assert not classify([1, 2, 3], zero_class=True).zero
    assert not classify([-1, 0, 2], zero_class=True).zero


def test_merged_classes_are_said() -> None:
    # quantiles of seven 1s and 2, 3, 4 at 1/4 ... 1 (4 distinct values, k = 4):
    # 1, 1, 1.75, 4 -> three distinct bounds, three classes
    tied = classify([1] * 7 + [2, 3, 4], "quantiles", k=5)
    assert (tied.asked, tied.k) == (4, 3)
    assert tied.merge_note("en") == "4 classes asked, 3 shown: tied values share a class"
    assert tied.merge_note("es").startswith("4 clases pedidas, 3 mostradas")
    assert classify([1, 2, 3, 4, 5], k=5).merge_note("en") == ""


def test_outside_the_filter_is_not_no_data() -> None:
    classes = classify_indicator(TABLE, "coop_share", k=5)
    assert unit_classes(TABLE, classes).tolist() == [0, 0, 1, 2, 3, -1, OUTSIDE_CLASS]
    rows = key_rows(TABLE, classes, "en")
    assert rows[-2:] == [("no data", NO_DATA_COLOR), ("outside the filter", OUTSIDE_COLOR)]
    counted = TABLE.assign(in_scope=True, coop_share=TABLE["coop_share"].fillna(0.1))
    rows = key_rows(counted, classify_indicator(counted, "coop_share"), "es")
    assert [label for label, _ in rows if "datos" in label or "filtro" in label] == []


def test_dashboard_map_says_outside_the_filter() -> None:
    view = View(indicator="coop_share", lang="es")
    result = logic.map_view(TABLE, view)
    assert result.hideout["classes"]["G"] == OUTSIDE_CLASS
    assert result.hideout["outside"] == OUTSIDE_COLOR
    assert result.hideout["tooltips"]["G"][0] == "Proporción de cooperativas: fuera del filtro"
    assert result.hideout["tooltips"]["F"][0] == "Proporción de cooperativas: sin datos"
    legend = list(_texts(result.legend))
    assert "fuera del filtro" in legend and "0,0\u00a0% (ninguno)" in legend


def _texts(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list | tuple):
        for child in node:
            yield from _texts(child)
    elif getattr(node, "children", None) is not None:
        yield from _texts(getattr(node, "children", None))
