"""The period's plain dashboard functions: the controls into the view, play's next year."""

from __future__ import annotations

import pytest

from dashboard.period import next_year, view_fields
from geo.indicators.periods import Period

SPAN = (2015, 2025)


@pytest.mark.parametrize(
    ("controls", "years", "before"),
    [
        ({"period": [2015, 2025]}, None, None),  # the whole span: no period
        ({"period": [2019, 2021]}, Period(2019, 2021), None),
        ({"period": [2020, 2020]}, Period(2020, 2020), None),
        # compare ticked, the earlier years end before the period: both kept
        (
            {"period": [2022, 2025], "period_compare": ["on"], "period_before": [2015, 2018]},
            Period(2022, 2025),
            Period(2015, 2018),
        ),
        # not ticked: no earlier period
        ({"period": [2022, 2025], "period_before": [2015, 2018]}, Period(2022, 2025), None),
        # overlapping (2018 is not before 2018): dropped
        (
            {"period": [2018, 2025], "period_compare": ["on"], "period_before": [2015, 2018]},
            Period(2018, 2025),
            None,
        ),
        # the whole span with an earlier period: nothing can be before 2015
        ({"period": [2015, 2025], "period_compare": ["on"], "period_before": [2015, 2016]},
         None, None),
        ({}, None, None),
    ],
)  # fmt: skip
def test_view_fields(controls, years, before) -> None:
    assert view_fields(controls, SPAN) == {"years": years, "before": before}


def test_no_programme_years_means_no_period() -> None:
    assert view_fields({"period": [2019, 2021]}, None) == {"years": None, "before": None}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([2015, 2025], ([2015, 2015], False)),  # a range: play starts at the first year
        (None, ([2015, 2015], False)),
        ([2015, 2015], ([2016, 2016], False)),
        ([2023, 2023], ([2024, 2024], False)),
        ([2024, 2024], ([2025, 2025], True)),  # the last year: play stops
        ([2025, 2025], ([2025, 2025], True)),
    ],
)
def test_next_year(value, expected) -> None:
    assert next_year(value, SPAN) == expected
