"""The timeline of a view, on the organizations and programme rows of ``test_periods``.

Two rows are added for 2016 My.Coop: A1 a second time (2 participants, 1 woman) and A2
(3, 0). Worked out by hand, every year with participation (C1's row without a year
is in no year):

    year  programme    organizations          participants      women
    2015  Think.Coop   C1          1          12                5
    2016  My.Coop      A1, A2      2          10 + 2 + 3 = 15   4 + 1 + 0 = 5
    2017  Start.Coop   A2          1          8                 8
    2022  My.Coop      A4          1          5                 1
    2023  Think.Coop   A1          1          6                 3
    2024  My.Coop      A4          1          7                 2
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.indicators.filters import Filters
from geo.indicators.periods import Period
from geo.indicators.prepared import prepare
from geo.indicators.timeline import timeline
from geo.indicators.view import View
from tests.test_periods import tables

EVERY_YEAR = [
    (2015, "Think.Coop", 1, 12, 5),
    (2016, "My.Coop", 2, 15, 5),
    (2017, "Start.Coop", 1, 8, 8),
    (2022, "My.Coop", 1, 5, 1),
    (2023, "Think.Coop", 1, 6, 3),
    (2024, "My.Coop", 1, 7, 2),
]


@pytest.fixture(scope="module")
def prepared():
    orgs, programmes = tables()
    extra = pd.DataFrame(
        {
            "org_id": ["A1", "A2"],
            "programme": ["My.Coop", "My.Coop"],
            "year": [2016, 2016],
            "participants": [2, 3],
            "participants_women": [1, 0],
        }
    )
    return prepare(orgs, pd.concat([programmes, extra], ignore_index=True))


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return list(frame.itertuples(index=False, name=None))


def test_every_year_and_programme(prepared) -> None:
    assert _rows(timeline(prepared, View())) == EVERY_YEAR


def test_the_period_keeps_its_years(prepared) -> None:
    assert _rows(timeline(prepared, View(years=Period(2016, 2022)))) == EVERY_YEAR[1:4]


def test_the_selection_and_the_parent_choose_the_organizations(prepared) -> None:
    assert _rows(timeline(prepared, View(selection=("CO-CAU",)))) == [EVERY_YEAR[0]]
    antioquia = View(level=2, parent="CO-ANT")
    assert _rows(timeline(prepared, antioquia)) == EVERY_YEAR[1:]
    # level 2, one municipio: Abejorral (A2) only
    abejorral = View(level=2, parent="CO-ANT", selection=("CO-05002",))
    assert _rows(timeline(prepared, abejorral)) == [
        (2016, "My.Coop", 1, 3, 0),
        (2017, "Start.Coop", 1, 8, 8),
    ]


def test_the_programme_filter_keeps_its_rows(prepared) -> None:
    view = View(filters=Filters(programmes=("My.Coop",)))
    assert _rows(timeline(prepared, view)) == [EVERY_YEAR[1], EVERY_YEAR[3], EVERY_YEAR[5]]


def test_nothing_matches() -> None:
    orgs, _ = tables()
    empty = timeline(prepare(orgs, None), View())
    assert empty.empty
    assert list(empty.columns) == [
        "year", "programme", "orgs_reached", "participants", "participants_women"
    ]  # fmt: skip


def test_the_dashboard_chart_adds_up_each_year() -> None:
    from dash import html

    from dashboard.timeline import chart

    # two years; 2020: My.Coop 2 organizations (10 participants, 4 women) and Think.Coop 1
    # (1, 0); 2021: My.Coop 4 (1,200, 700). The longest bar is 2021's 4 organizations:
    # 2020's segments are 2 / 4 = 50 % and 1 / 4 = 25 % wide, 2021's 4 / 4 = 100 %
    frame = pd.DataFrame(
        {
            "year": [2020, 2020, 2021],
            "programme": ["My.Coop", "Think.Coop", "My.Coop"],
            "orgs_reached": [2, 1, 4],
            "participants": [10, 1, 1200],
            "participants_women": [4, 0, 700],
        }
    )
    key, bars = chart(frame, "en")
    assert [item.children[1] for item in key.children] == ["My.Coop", "Think.Coop"]
    year_2020, bar_2020, text_2020, year_2021, bar_2021, text_2021 = bars.children
    assert (year_2020.children, year_2021.children) == ("2020", "2021")
    assert [(s.title, s.style["width"]) for s in bar_2020.children] == [
        ("My.Coop: 2", "50.00%"),
        ("Think.Coop: 1", "25.00%"),
    ]
    assert [(s.title, s.style["width"]) for s in bar_2021.children] == [("My.Coop: 4", "100.00%")]
    # 2 + 1 = 3 organizations, 10 + 1 = 11 participants, 4 + 0 = 4 women
    assert text_2020.children == (
        "Organizations reached 3 · Participants 11 (women participants 4)"
    )
    assert text_2021.children == (
        "Organizations reached 4 · Participants 1,200 (women participants 700)"
    )
    assert isinstance(chart(frame.iloc[:0], "en"), html.P)  # nothing reached: a sentence
