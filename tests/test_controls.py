"""Controls that help a planner (#23): weights as shares of 100 %, the grouped indicator
menu, bars that start near the smallest value. Every expected value is worked out here.
"""

from __future__ import annotations

import pytest

from dashboard import bar_axis, indicator_menu, weight_shares
from geo._errors import InputValidationError
from geo.indicators.catalogue import GROUPS, INDICATORS
from geo.indicators.priority import COMPONENTS
from geo.indicators.view import MAP_INDICATORS, View
from geo.indicators.weight_shares import weight_percents

# COMPONENTS: organizations, members, association_share, youth_share, coverage_gap, need,
# rurality


def weights(*values: float) -> dict[str, float]:
    return dict(zip(COMPONENTS, values, strict=True))


@pytest.mark.parametrize(
    ("given", "percents"),
    [
        # the committed defaults 2, 1, 2, 1, 4, 0, 0 sum to 10: 20, 10, 20, 10, 40 %
        ((2, 1, 2, 1, 4, 0, 0), (20, 10, 20, 10, 40, 0, 0)),
        # three equal weights: 33.33 % each; floors 33 + 33 + 33 = 99, the missing
        # point to the first of the equal remainders (component order): 34, 33, 33
        ((1, 1, 1, 0, 0, 0, 0), (34, 33, 33, 0, 0, 0, 0)),
        # 2.5, 1, 3, 5 of 11.5: 21.739, 8.696, 26.087, 43.478; floors 21 + 8 + 26 + 43
        # = 98; remainders .739, .696, .087, .478: +1 to organizations and members
        ((2.5, 1, 0, 0, 3, 5, 0), (22, 9, 0, 0, 26, 43, 0)),
        # one weight alone is the whole score
        ((0, 0, 0, 0, 0.5, 0, 0), (0, 0, 0, 0, 100, 0, 0)),
        # the "where to intervene" preset, four weights of 1: a quarter each
        ((1, 0, 1, 0, 1, 1, 0), (25, 0, 25, 0, 25, 25, 0)),
    ],
)
def test_weight_percents_by_hand(given, percents) -> None:
    got = weight_percents(weights(*given))
    assert got == weights(*percents)
    assert sum(got.values()) == 100


def test_weight_percents_refuse_weights_the_index_refuses() -> None:
    with pytest.raises(InputValidationError, match="all weights are 0"):
        weight_percents(weights(0, 0, 0, 0, 0, 0, 0))
    with pytest.raises(InputValidationError, match="unknown"):
        weight_percents({**weights(1, 1, 1, 1, 1, 1, 1), "luck": 3})


def test_share_texts_in_both_languages() -> None:
    english = weight_shares.share_texts(weights(2, 1, 2, 1, 4, 0, 0), "en")
    spanish = weight_shares.share_texts(weights(2, 1, 2, 1, 4, 0, 0), "es")
    assert english["coverage_gap"] == "40%"
    assert spanish["coverage_gap"] == "40\u00a0%"  # CLDR: a non-breaking space before %
    assert spanish["need"] == "0\u00a0%"


def test_the_weights_part_answers_the_view_weights_and_else_the_defaults() -> None:
    class Request:  # the two things the part reads
        def __init__(self, view: View) -> None:
            self.view, self.outputs = view, [[{"id": {"component": "need"}}]]
            self.data = type("Data", (), {"weights": weights(2, 1, 2, 1, 4, 0, 0)})()

    linked = View(lang="es", weights=(1, 0, 1, 0, 1, 1, 0))
    assert weight_shares.shares_part(Request(linked)) == [["25\u00a0%"]]  # type: ignore[arg-type]
    assert weight_shares.shares_part(Request(View())) == [["0%"]]  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- the menu


def heading_of(option: dict) -> str | None:
    """The group heading drawn atop an option (its label's first child), else None."""
    label = option["label"]
    return None if isinstance(label, str) else label.children[0].children


def test_menu_groups_come_from_the_registry_in_order() -> None:
    options = indicator_menu.grouped_options("en")
    assert sorted(o["value"] for o in options) == sorted(MAP_INDICATORS)  # each once
    assert GROUPS == ("counts", "shares", "coverage", "need", "priority")
    # a heading tops the first option of each group, and the groups come in GROUPS order
    headings = [heading_of(o) for o in options if heading_of(o)]
    assert headings == ["Counts", "Shares", "Programme coverage", "Need", "Priority"]
    group = None
    for option in options:  # each option under the heading of its catalogue group
        if heading_of(option):
            group = GROUPS[headings.index(heading_of(option))]
        assert INDICATORS[View(indicator=option["value"]).column].group == group


def test_menu_places_indicators_by_hand() -> None:
    options = indicator_menu.grouped_options("es")
    assert [(heading_of(o), o["value"]) for o in options] == [
        ("Cantidades", "orgs"), (None, "orgs_per_100k"), (None, "orgs_per_10k_km2"),
        (None, "members_total"),
        ("Proporciones", "type_share"), (None, "coop_share"), (None, "women_share"),
        (None, "youth_share"),
        ("Cobertura de los programas", "coverage_any"), (None, "coverage_my_coop"),
        (None, "coverage_think_coop"), (None, "coverage_start_coop"), (None, "not_reached"),
        ("Necesidad", "poverty_rate"), (None, "rural_share"),
        ("Prioridad", "priority_score"),
    ]  # fmt: skip
    # typing a group's name finds its indicators: the search words hold both
    poverty = next(o for o in options if o["value"] == "poverty_rate")
    assert poverty["search"] == "Pobreza (medida del país: IPM, monetaria o NBI) Necesidad"
    rural = next(o for o in options if o["value"] == "rural_share")
    assert rural["label"] == "Población rural (proporción)"
    assert rural["search"] == "Población rural (proporción) Necesidad"


def test_every_declared_group_is_a_menu_group() -> None:
    assert {info.group for info in INDICATORS.values()} <= {*GROUPS, ""}
    assert {c for c, info in INDICATORS.items() if info.group == ""} == {
        "unit_id", "parent_id", "admin2_id", "code", "iso_3166_2", "country", "name",
        "in_scope", "level",
    }  # fmt: skip


# ---------------------------------------------------------------------------- bar axis


@pytest.mark.parametrize(
    ("values", "start"),
    [
        # the demo's top ten, 80.5 down to 77.8: spread 2.7 (under half of 80.5);
        # 77.8 - 2.7 / 4 = 77.125; step: 1-2-5 number at most 2.7 / 2 = 1.35 -> 1; 77
        ([80.5, 80.5, 80.2, 80.2, 80.0, 78.4, 78.3, 78.0, 77.9, 77.8], 77.0),
        # 70.5, 65.1, 46.8: spread 23.7; 46.8 - 5.925 = 40.875; step 10 (<= 11.85); 40
        ([70.5, 65.1, 46.8], 40.0),
        # 52.3 to 51.9: spread 0.4; 51.9 - 0.1 = 51.8; step 0.2 (<= 0.2); 51.8
        ([52.3, 52.0, 51.9], 51.8),
        # a spread of half the largest or more: from 0
        ([80.0, 40.0], 0.0),
        # one bar, equal bars, missing values: from 0
        ([80.5], 0.0),
        ([50.0, 50.0], 0.0),
        ([float("nan"), 60.0], 0.0),
    ],
)
def test_axis_start_by_hand(values, start) -> None:
    assert bar_axis.axis_start(values) == pytest.approx(start)


def test_bar_widths_show_a_difference_the_zero_axis_hid() -> None:
    # from 0, 77.8 of 80.5 is 96.6 % of the longest bar: 3.4 % shorter
    # from 77, it is (77.8 - 77) / (80.5 - 77) = 22.9 % of it
    from dashboard.side_charts import _bars

    chart = _bars([("a", 80.5, "80.5"), ("b", 77.8, "77.8")], percent=False, lang="en", start=77)
    widths = [c.children.style["width"] for c in chart.children[1:6:3]]
    assert widths == ["100.0%", "22.9%"]
    note = chart.children[-1].children
    assert note.startswith("Bars start at 77, not at 0")


def test_nice_step_and_decimals() -> None:
    assert [bar_axis.nice_step(x) for x in (1.35, 11.85, 0.2, 7, 0.049)] == [
        1, 10, 0.2, 5, 0.02,
    ]  # fmt: skip
    assert [bar_axis.axis_decimals(x) for x in (77.0, 51.8, 0.25)] == [0, 1, 2]


def test_the_sliders_are_named_for_the_view_targeting() -> None:
    names = weight_shares.weight_labels(View(lang="es", programme="my_coop"))
    assert names[COMPONENTS.index("coverage_gap")] == (
        "Organizaciones no alcanzadas por My.Coop (proporción)"
    )
    plain = weight_shares.weight_labels(View())
    assert plain[COMPONENTS.index("coverage_gap")] == (
        "Organizations not reached by any programme (share)"
    )
    per_100k = weight_shares.weight_labels(View(per_population=True))
    assert per_100k[:2] == [
        "Organizations per 100,000 inhabitants (log, relative)",
        "Members per 100,000 inhabitants (log, relative)",
    ]
