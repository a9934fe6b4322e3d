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
