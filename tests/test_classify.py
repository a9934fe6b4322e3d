"""Choropleth classes, legend labels and colours, including awkward inputs."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo._errors import InputValidationError
from geo.i18n import format_number
from geo.indicators.classify import (
    NO_DATA_COLOR,
    classify,
    format_value,
    palette,
)

ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
# ColorBrewer 2.0 YlGnBu, 5 classes, as published on colorbrewer2.org
YLGNBU_5 = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]


def test_quantiles() -> None:
    # Linear-interpolated quantiles of 1..10: position p * (n - 1) = 0.2 * 9 = 1.8 -> 2.8,
    # then 0.4 * 9 = 3.6 -> 4.6, 6.4, 8.2, and the maximum 10.
    c = classify(ONE_TO_TEN, "quantiles", k=5)
    assert c.bins == pytest.approx((2.8, 4.6, 6.4, 8.2, 10.0))
    assert c.classes.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert c.counts == (2, 2, 2, 2, 2)
    assert c.k == 5
    assert list(c.colors) == YLGNBU_5
    assert c.notes == ()


def test_equal_interval() -> None:
    # range 0..10 in 2 classes of width 5: (0, 5], (5, 10]
    c = classify([0, 1, 5, 10], "equal_interval", k=2)
    assert c.bins == (5.0, 10.0)
    assert c.classes.tolist() == [0, 0, 0, 1]


def test_fisher_jenks_finds_the_natural_groups() -> None:
    # three obvious clusters: {1, 1, 2}, {10, 11}, {50}
    c = classify([1, 1, 2, 10, 11, 50], "fisher_jenks", k=3)
    assert c.bins == (2.0, 11.0, 50.0)
    assert c.classes.tolist() == [0, 0, 0, 1, 1, 2]


def test_manual_breaks_add_an_overflow_class() -> None:
    c = classify(ONE_TO_TEN, "manual", breaks=[3, 6], fmt="integer")
    assert c.bins == (3.0, 6.0, 10.0)
    assert c.classes.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]
    # whole numbers: each class from the previous break plus one to its own break
    assert c.labels == ("1 – 3", "4 – 6", "7 – 10", "no data")
    assert c.notes == ("values above the last break: added a class up to 10",)


def test_manual_first_break_below_every_value() -> None:
    c = classify([5, 7], "manual", breaks=[0, 6, 10], fmt="integer")
    assert c.classes.tolist() == [1, 2]
    assert c.labels[0] == "≤ 0"
    assert c.counts == (0, 1, 1)


def test_missing_values_get_class_minus_one_and_the_no_data_entry() -> None:
    values = pd.Series([1.0, None, 3.0, float("inf"), np.nan], dtype="object")
    c = classify(values, "equal_interval", k=2, fmt="integer")
    assert c.classes.tolist() == [0, -1, 1, -1, -1]
    assert c.no_data_count == 3
    assert c.labels[-1] == "no data"
    assert c.legend()[-1] == ("no data", NO_DATA_COLOR)
    assert c.value_colors()[1] == NO_DATA_COLOR
    es = classify(values, "equal_interval", k=2, lang="es")
    assert es.labels[-1] == "sin datos"


def test_nullable_float_series() -> None:
    c = classify(pd.array([0.5, pd.NA, 1.5], dtype="Float64"), "quantiles", k=2)
    assert c.classes.tolist() == [0, -1, 1]


@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval"])
def test_all_missing_gives_zero_classes(scheme) -> None:
    c = classify([np.nan, None, np.nan], scheme, k=5)
    assert c.k == 0
    assert c.bins == ()
    assert c.classes.tolist() == [-1, -1, -1]
    assert c.labels == ("no data",)
    assert c.colors == ()
    assert c.legend() == [("no data", NO_DATA_COLOR)]
    assert c.lower is None
    assert classify([], scheme).k == 0


@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval"])
def test_all_equal_values_give_one_class(scheme) -> None:
    c = classify([5, 5, np.nan, 5], scheme, k=5, fmt="integer", unit="orgs")
    assert c.k == 1
    assert c.bins == (5.0,)
    assert c.classes.tolist() == [0, 0, -1, 0]
    assert c.labels == ("5 orgs", "no data")
    assert len(c.colors) == 1
    assert c.notes == ("all values are equal: one class",)


@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval"])
def test_fewer_distinct_values_than_classes_reduce_k(scheme) -> None:
    c = classify([1, 1, 2, 2, 3], scheme, k=5)
    assert c.k == 3
    assert c.notes[0] == "only 3 distinct values: k reduced from 5 to 3"
    assert sorted(set(c.classes.tolist())) == [0, 1, 2]
    assert len(c.colors) == len(c.labels) - 1 == 3


def test_quantiles_with_heavy_ties_drop_duplicate_bins() -> None:
    # quantiles of [0]*8 + [1, 2] at 1/3 and 2/3 are both 0: three bins collapse to two
    c = classify([0] * 8 + [1, 2], "quantiles", k=3)
    assert c.bins == (0.0, 2.0)
    assert c.counts == (8, 2)
    assert "tied values: 2 classes instead of 3" in c.notes


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.integers(-1000, 1000), st.floats(-1e9, 1e9, allow_nan=False)),
        min_size=2,
        max_size=60,
    ),
    st.integers(min_value=2, max_value=9),
)
def test_quantiles_are_mapclassify_quantiles(values, k) -> None:
    # classify computes quantiles with numpy so that the default map does not import
    # mapclassify (and SciPy, scikit-learn, matplotlib); the breaks must be its breaks.
    import mapclassify

    y = np.asarray(values, dtype=float)
    k_eff = min(k, np.unique(y).size)
    if k_eff < 2:
        return
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # mapclassify warns when ties reduce k
        expected = mapclassify.Quantiles(y, k=k_eff).bins
    got = classify(values, "quantiles", k=k).bins
    # mapclassify adds up its percentiles (np.arange of 100 / k), numpy takes i / k:
    # rounding noise of about 1e-15 of the range, which can also split a tie into two
    # breaks (0 and 8.9e-16); breaks closer than the tolerance count as one.
    tol = 1e-9 * max(float(np.ptp(y)), 1.0)
    assert _merged(got, tol) == pytest.approx(_merged(expected, tol), abs=tol)


def _merged(bins, tol: float) -> list[float]:
    out: list[float] = []
    for b in bins:
        if not out or b - out[-1] > tol:
            out.append(float(b))
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)), max_size=40),
    st.sampled_from(["quantiles", "fisher_jenks", "equal_interval"]),
    st.integers(min_value=2, max_value=9),
)
def test_any_values_give_consistent_classes(values, scheme, k) -> None:
    c = classify(values, scheme, k=k)
    assert len(c.labels) == c.k + 1
    assert len(c.colors) == c.k
    assert c.classes.shape == (len(values),)
    assert ((c.classes >= -1) & (c.classes < max(c.k, 1))).all()
    assert list(c.bins) == sorted(c.bins)
    assert sum(c.counts) + c.no_data_count == len(values)


def test_invalid_options_are_listed_together() -> None:
    with pytest.raises(InputValidationError) as info:
        classify([1, 2], "jenks", k=12, fmt="money", lang="fr", palette_kind="rainbow")  # type: ignore[arg-type]
    assert len(info.value.problems) == 5
    assert "scheme must be one of" in info.value.problems[0]


@pytest.mark.parametrize("k", [1, 10, 2.5, True, "5"])
def test_k_must_be_an_integer_from_2_to_9(k) -> None:
    with pytest.raises(InputValidationError, match="k must be an integer from 2 to 9"):
        classify([1, 2, 3], "quantiles", k=k)


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (None, "manual breaks are required"),
        ([], "must not be empty"),
        ([5, 3], "strictly increasing"),
        ([1, 1], "strictly increasing"),
        (["a"], "must be numbers"),
        ([1, float("nan")], "finite"),
        (list(range(10)), "at most 9 manual breaks"),
    ],
)
def test_manual_breaks_are_validated(breaks, message) -> None:
    with pytest.raises(InputValidationError, match=message):
        classify([1, 2, 3], "manual", breaks=breaks)


def test_labels_in_english_and_spanish_with_units() -> None:
    values = [1000, 2000, 3000]
    en = classify(values, "equal_interval", k=2, fmt="integer", unit="organizations")
    assert en.labels == (
        "1,000 – 2,000 organizations",
        "2,001 – 3,000 organizations",
        "no data",
    )
    es = classify(values, "equal_interval", k=2, fmt="decimal", decimals=1, lang="es", unit="km²")
    assert es.labels == ("1.000,0 – 2.000,0 km²", "2.000,0 – 3.000,0 km²", "sin datos")


def test_count_labels_never_share_a_number() -> None:
    # numpy's linear quantiles of these 10 counts at 0.2, 0.4 ... 1.0 (positions 1.8,
    # 3.6, 5.4, 7.2, 9 of the sorted values): 0.8, 1.6, 3.8, 9, 21. Whole numbers in
    # (-inf, 0.8] are 0; in (0.8, 1.6] 1; in (1.6, 3.8] 2 and 3; (3.8, 9] 4 to 9; then 10 to 21.
    counts = [0, 0, 1, 1, 2, 3, 5, 8, 13, 21]
    c = classify(counts, "quantiles", k=5, fmt="integer")
    assert c.bins == pytest.approx((0.8, 1.6, 3.8, 9.0, 21.0))
    assert c.labels == ("0", "1", "2 – 3", "4 – 9", "10 – 21", "no data")
    assert c.counts == (2, 2, 2, 2, 2)
    # a class that holds no whole number (1.2 to 1.4): labels with decimals, as before
    manual = classify([1, 2, 3, 4], "manual", breaks=[1.2, 1.4, 4], fmt="integer")
    assert manual.labels[:3] == ("1.0 – 1.2", "1.2 – 1.4", "1.4 – 4.0")
    # values that are not whole numbers keep the bounds as they are
    rates = classify([0.5, 1.5, 2.5, 3.5], "manual", breaks=[2, 4], fmt="integer")
    assert rates.labels[:2] == ("0 – 2", "2 – 4")


def test_percent_labels() -> None:
    c = classify([0.1, 0.2, 0.5], "manual", breaks=[0.25, 0.5], fmt="percent", decimals=0)
    assert c.labels[:2] == ("10% – 25%", "25% – 50%")
    es = classify([0.1, 0.2, 0.5], "manual", breaks=[0.25, 0.5], fmt="percent", lang="es")
    # Spanish (CLDR) puts a non-breaking space (U+00A0) between the number and the sign
    assert es.labels[:2] == ("10,0\u00a0% – 25,0\u00a0%", "25,0\u00a0% – 50,0\u00a0%")


def test_palettes() -> None:
    # ColorBrewer 2.0 (colorbrewer2.org), YlGnBu, 5 classes, as published
    assert palette(5) == ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
    assert palette(5, reverse=True) == ["#253494", "#2c7fb8", "#41b6c4", "#a1dab4", "#ffffcc"]
    assert palette(3, "diverging") == ["#fc8d59", "#ffffbf", "#91bfdb"]
    assert palette(2) == ["#edf8b1", "#2c7fb8"]  # ends of the 3-class list
    assert palette(1) == ["#7fcdbb"]
    assert palette(0) == []
    assert len(palette(10)) == 10
    assert len(set(palette(9, "diverging"))) == 9
    with pytest.raises(InputValidationError, match="at most 10"):
        palette(11)
    c = classify(ONE_TO_TEN, "quantiles", k=5, palette_kind="diverging", reverse=True)
    assert c.colors[0] == "#2c7bb6"
    assert c.value_colors()[0] == "#2c7bb6"


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "text"),
    [
        (1234.56, "en", 1, "1,234.6"),
        (1234.56, "es", 1, "1.234,6"),
        (-1234567.891, "en", 2, "-1,234,567.89"),
        (-1234567.891, "es", 2, "-1.234.567,89"),
        (999, "es", 0, "999"),
        (-0.04, "en", 1, "0.0"),  # never "-0.0"
        (float("nan"), "en", 1, "no data"),
        (None, "es", 1, "sin datos"),
        (float("inf"), "en", 0, "no data"),
        (np.int64(12345), "en", 0, "12,345"),
    ],
)
def test_format_number(x, lang, decimals, text) -> None:
    assert format_number(x, lang, decimals) == text


def test_format_value() -> None:
    assert format_value(0.125, fmt="percent", decimals=1) == "12.5%"
    assert format_value(0.125, fmt="percent", decimals=1, lang="es") == "12,5\u00a0%"
    assert format_value(3.14159, fmt="decimal", decimals=2, unit="km²") == "3.14 km²"
    assert format_value(12.7, fmt="integer", unit="orgs") == "13 orgs"
    assert format_value(pd.NA, lang="es") == "sin datos"
    with pytest.raises(InputValidationError, match="lang must be one of"):
        format_number(1.0, "fr")  # type: ignore[arg-type]


def test_labels_gain_decimals_when_bounds_would_print_alike() -> None:
    # median of 1.2..1.8 is 1.5: as integers both bounds would read "2"
    c = classify([1.2, 1.4, 1.6, 1.8], "quantiles", k=2, fmt="integer")
    assert c.bins == pytest.approx((1.5, 1.8))
    assert c.labels == ("1.2 – 1.5", "1.5 – 1.8", "no data")


def test_a_scheme_that_overflows_falls_back_to_quantiles() -> None:
    c = classify([-1.7e308, 0.0, 1.7e308], "equal_interval", k=3)
    assert c.k == 3
    assert c.classes.tolist() == [0, 1, 2]
    assert c.notes[0].startswith("equal_interval failed")
