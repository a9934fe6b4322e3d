"""Programme reach by period and its change, at both levels, on a tiny hand-made fixture.

Two level-1 units and five level-2 units, one organization in each level-2 unit:

    org  level-2     level-1   participation (programme, year, participants, women)
    A1   CO-05001    CO-ANT    My.Coop 2016 10/4;  Think.Coop 2023 6/3
    A2   CO-05002    CO-ANT    Start.Coop 2017 8/8
    A4   CO-05004    CO-ANT    My.Coop 2022 5/1;   My.Coop 2024 7/2
    C1   CO-19100    CO-CAU    Think.Coop 2015 12/5; My.Coop, year unknown, 3/1
    C2   CO-19110    CO-CAU    none

Periods: before = 2015-2018, years = 2022-2024. Worked out by hand:

    level 2    reached 2015-18   reached 2022-24   change
    05001      A1                A1                both
    05002      A2                -                 lapsed
    05004      -                 A4                new
    19100      C1                -                 lapsed  (the row without a year is in no period)
    19110      -                 -                 never

    level 1    reached 2015-18   reached 2022-24   change   participants 15-18 / 22-24 (women)
    CO-ANT     A1, A2 (2 of 3)   A1, A4 (2 of 3)   both     10+8=18 (4+8=12) / 6+5+7=18 (3+1+2=6)
    CO-CAU     C1 (1 of 2)       none (0 of 2)     lapsed   12 (5) / 0 (0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.indicators.filters import Filters
from geo.indicators.periods import Period, in_period
from geo.indicators.prepared import prepare
from geo.indicators.reach_change import change_counts, reach_change
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from tests.test_indicators_admin2 import fixture_units

BEFORE = Period(2015, 2018)
SINCE = Period(2022, 2024)


def _prepared():
    orgs, programmes = tables()
    return prepare(orgs, programmes, **fixture_units())


def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the fixture's organizations and programme rows (real unit codes)."""
    orgs = pd.DataFrame(
        {
            "org_id": ["A1", "A2", "A4", "C1", "C2"],
            "country": ["CO"] * 5,
            "iso_3166_2": ["CO-ANT", "CO-ANT", "CO-ANT", "CO-CAU", "CO-CAU"],
            "admin2_code": ["05001", "05002", "05004", "19100", "19110"],
            "org_type": ["cooperative"] * 5,
            "sector": ["coffee"] * 5,
            "members_total": [10, 20, 30, 40, 50],
            "members_women": [None] * 5,
            "members_youth": [None] * 5,
            "year_founded": [2000] * 5,
            "federations": [""] * 5,
            "social_services": [""] * 5,
        }
    )
    programmes = pd.DataFrame(
        {
            "org_id": ["A1", "A1", "A2", "A4", "A4", "C1", "C1"],
            "programme": ["My.Coop", "Think.Coop", "Start.Coop", "My.Coop", "My.Coop",
                          "Think.Coop", "My.Coop"],
            "year": [2016, 2023, 2017, 2022, 2024, 2015, None],
            "participants": [10, 6, 8, 5, 7, 12, 3],
            "participants_women": [4, 3, 8, 1, 2, 5, 1],
        }
    )  # fmt: skip
    return orgs, programmes


@pytest.fixture(scope="module")
def prepared():
    return _prepared()


def _by_unit(prepared, view: View) -> pd.DataFrame:
    return unit_table(prepared, view).set_index("unit_id")


def test_level_one_coverage_and_participants_of_two_periods(prepared) -> None:
    before = _by_unit(prepared, View(years=BEFORE))
    since = _by_unit(prepared, View(years=SINCE))
    assert before.loc[["CO-ANT", "CO-CAU"], "reached_any"].tolist() == [2, 1]
    assert since.loc[["CO-ANT", "CO-CAU"], "reached_any"].tolist() == [2, 0]
    assert before.loc["CO-ANT", "coverage_any"] == pytest.approx(2 / 3)
    assert before.loc["CO-CAU", "coverage_any"] == pytest.approx(1 / 2)
    assert since.loc["CO-CAU", "coverage_any"] == 0.0
    assert before.loc[["CO-ANT", "CO-CAU"], "participants"].tolist() == [18, 12]
    assert before.loc[["CO-ANT", "CO-CAU"], "participants_women"].tolist() == [12, 5]
    assert since.loc[["CO-ANT", "CO-CAU"], "participants"].tolist() == [18, 0]
    assert since.loc[["CO-ANT", "CO-CAU"], "participants_women"].tolist() == [6, 0]
    assert since.loc["CO-ANT", "participants_my_coop"] == 12  # A4: 5 + 7
    assert since.loc["CO-ANT", "participants_think_coop"] == 6  # A1 in 2023


def test_no_period_counts_every_year_and_the_row_without_one(prepared) -> None:
    every = _by_unit(prepared, View())
    # C1: Think.Coop 2015 (12/5) and My.Coop without a year (3/1)
    assert every.loc["CO-CAU", "reached_any"] == 1
    assert every.loc["CO-CAU", "participants"] == 15
    assert every.loc["CO-CAU", "participants_women"] == 6
    assert every.loc["CO-ANT", "participants"] == 10 + 6 + 8 + 5 + 7


def test_level_two_coverage_of_two_periods(prepared) -> None:
    level2 = View(level=2, parent="CO")
    order = ["CO-05001", "CO-05002", "CO-05004", "CO-19100", "CO-19110"]
    before = _by_unit(prepared, View(level=2, parent="CO", years=BEFORE)).loc[order]
    since = _by_unit(prepared, View(level=2, parent="CO", years=SINCE)).loc[order]
    assert before["reached_any"].tolist() == [1, 1, 0, 1, 0]
    assert since["reached_any"].tolist() == [1, 0, 1, 0, 0]
    assert before["participants"].tolist() == [10, 8, 0, 12, 0]
    assert since["participants"].tolist() == [6, 0, 12, 0, 0]
    assert since["participants_women"].tolist() == [3, 0, 3, 0, 0]
    assert since["coverage_any"].tolist() == [1.0, 0.0, 1.0, 0.0, 0.0]
    assert _by_unit(prepared, level2).loc["CO-19100", "participants"] == 15


def test_change_classes_at_both_levels(prepared) -> None:
    level1 = reach_change(prepared, View(years=SINCE, before=BEFORE)).set_index("unit_id")
    assert level1["change"].to_dict() == {"CO-ANT": "both", "CO-CAU": "lapsed"}
    view2 = View(level=2, parent="CO", years=SINCE, before=BEFORE)
    level2 = reach_change(prepared, view2).set_index("unit_id")
    assert level2["change"].to_dict() == {
        "CO-05001": "both",
        "CO-05002": "lapsed",
        "CO-05004": "new",
        "CO-19100": "lapsed",
        "CO-19110": "never",
    }
    assert change_counts(level2.reset_index()) == {"new": 1, "both": 1, "lapsed": 2, "never": 1}


def test_change_follows_the_target_programme_and_the_filters(prepared) -> None:
    # My.Coop only: A1 took it in 2016 but not since (Think.Coop in 2023): lapsed there
    view = View(level=2, parent="CO-ANT", years=SINCE, before=BEFORE, programme="my_coop")
    change = reach_change(prepared, view).set_index("unit_id")["change"].to_dict()
    assert change == {"CO-05001": "lapsed", "CO-05002": "never", "CO-05004": "new"}
    # filtered to Cauca: Antioquia is out of scope and has no class
    cauca = View(years=SINCE, before=BEFORE, filters=Filters(units=("CO-CAU",)))
    level1 = reach_change(prepared, cauca).set_index("unit_id")["change"].to_dict()
    assert level1 == {"CO-ANT": "", "CO-CAU": "lapsed"}


def test_programme_filter_means_reached_in_the_period(prepared) -> None:
    # organizations reached by My.Coop in 2022-2024: A4 only
    view = View(years=SINCE, filters=Filters(programmes=("My.Coop",)))
    assert _by_unit(prepared, view).loc[["CO-ANT", "CO-CAU"], "orgs"].tolist() == [1, 0]
    assert _by_unit(prepared, View(filters=Filters(programmes=("My.Coop",))))["orgs"].tolist() == [
        2,
        1,
    ]  # any year: A1, A4 and C1 (its row without a year)


def test_a_period_leaves_the_prepared_arrays_alone(prepared) -> None:
    reach = prepared.reach_bits.copy()
    values = prepared.values.copy()
    narrowed = in_period(prepared, SINCE)
    assert narrowed is in_period(prepared, SINCE)  # cached
    assert in_period(prepared, None) is prepared
    np.testing.assert_array_equal(prepared.reach_bits, reach)
    np.testing.assert_array_equal(prepared.values, values)
    rows = prepared.programme_years
    assert rows is not None and rows.year_range == (2015, 2024)
    assert rows.year.tolist() == [-1, 2015, 2016, 2017, 2022, 2023, 2024]  # sorted, unknown first
    # the organizations' sums are shared, not copied (10 MB per period at 100,000
    # organizations); the period keeps its rows: 2022, 2023 and 2024, the last three
    assert narrowed.values is prepared.values
    assert narrowed.period_rows is not None and narrowed.period_rows.year.tolist() == [
        2022,
        2023,
        2024,
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-2021", Period(2019, 2021)),
        ("2019", Period(2019, 2019)),
        (" 2019 - 2021 ", Period(2019, 2021)),
        ("2021-2019", None),
        ("19-21", None),
        ("2019-", None),
        ("", None),
    ],
)
def test_period_text(text: str, expected: Period | None) -> None:
    assert Period.parse(text) == expected


def test_the_url_round_trip_keeps_both_periods_apart_from_founding_years() -> None:
    view = View(years=SINCE, before=BEFORE, filters=Filters(founded_from=1990))
    query = view.to_query()
    assert "years=2022-2024" in query and "before=2015-2018" in query
    assert "founded_from=1990" in query
    back, notices = View.from_query(query)
    assert (back, notices) == (view, [])


def test_bad_periods_fall_back_with_a_notice() -> None:
    view, notices = View.from_query("years=2024-2019&before=2010")
    assert view.years is None and view.before is None
    assert notices == [
        "years='2024-2019' is not a period of years such as 2019-2021",
        "before=2010 is not a period before years",
    ]
    overlap, notices = View.from_query("years=2018-2020&before=2015-2018")
    assert overlap.years == Period(2018, 2020) and overlap.before is None
    assert notices == ["before=2015-2018 is not a period before years"]
