"""Natural breaks and equal intervals give mapclassify's bins, without mapclassify.

Worked by hand first: the values 1, 2, 3, 10, 11, 12 in two natural classes split
between 3 and 10 (each class's squared deviations sum to 2, four in all; any other
split costs more), so the upper bounds are 3 and 12. In three classes three splits
tie at 2.5: 1-3 | 10-11 | 12 (2 + 0.5 + 0), 1-2 | 3 | 10-12 (0.5 + 0 + 2) and
1 | 2-3 | 10-12 (0 + 0.5 + 2). As in mapclassify, the split whose last class starts
earliest wins, then the same among the first values' splits: 1 | 2-3 | 10-12, bounds
1, 3 and 12. Equal
intervals of 0, 4, 10 in two classes are 5 wide: bounds 5 and 10. Then mapclassify
itself is the oracle on generated values: ties, negative numbers, shares, counts and
the sizes of the project's levels (83 departments, about 1,500 municipios).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from geo.indicators.breaks import equal_interval_bins, fisher_jenks_bins


def test_hand_worked_bins() -> None:
    values = np.array([12.0, 1.0, 11.0, 2.0, 10.0, 3.0])
    assert fisher_jenks_bins(values, 2).tolist() == [3.0, 12.0]
    assert fisher_jenks_bins(values, 3).tolist() == [1.0, 3.0, 12.0]
    assert equal_interval_bins(np.array([0.0, 4.0, 10.0]), 2).tolist() == [5.0, 10.0]
    with pytest.raises(ValueError, match="fewer distinct values"):
        fisher_jenks_bins(np.array([1.0, 1.0, 2.0]), 3)
    with pytest.raises(ValueError, match="all values are equal"):
        equal_interval_bins(np.array([4.0, 4.0]), 2)


def _samples(rng: np.random.Generator) -> list[np.ndarray]:
    out = []
    for n in (5, 9, 30, 83, 200):
        out += [
            rng.normal(50, 20, n),
            rng.integers(0, 12, n).astype(float),  # counts with many ties
            np.round(rng.random(n), 2),  # shares to two decimals
            rng.lognormal(3, 1.5, n),  # skewed, as organizations per inhabitant
            rng.normal(0, 1, n) * 1e6,
        ]
    out.append(rng.lognormal(2, 1, 1541))  # the municipios of the three countries
    return out


def test_the_same_bins_as_mapclassify() -> None:
    mapclassify = pytest.importorskip("mapclassify")
    rng = np.random.default_rng(2026)
    compared = 0
    for values in _samples(rng):
        distinct = np.unique(values).size
        for k in range(2, 10):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # mapclassify: numba is absent
                if k <= distinct and values.size <= 200:
                    expected = mapclassify.FisherJenks(values, k=k).bins
                    np.testing.assert_array_equal(fisher_jenks_bins(values, k), expected)
                    compared += 1
                if distinct > 1:
                    expected = mapclassify.EqualInterval(values, k=k).bins
                    np.testing.assert_array_equal(equal_interval_bins(values, k), expected)
                    compared += 1
    assert compared > 300  # 383 with this seed


def test_natural_breaks_of_the_municipios_match_mapclassify() -> None:
    mapclassify = pytest.importorskip("mapclassify")
    values = np.random.default_rng(7).lognormal(2, 1, 1541)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = mapclassify.FisherJenks(values, k=5).bins
    np.testing.assert_array_equal(fisher_jenks_bins(values, 5), expected)


def test_the_breaks_of_a_value_set_are_kept_and_handed_out_as_copies() -> None:
    from geo.indicators import breaks

    values = np.array([1.0, 2.0, 4.0, 8.0, 9.0, 20.0, 21.0, 40.0])
    first = breaks.fisher_jenks_bins(values, 3)
    before = breaks._fisher_jenks_sorted.cache_info()
    # the same values in another order: the kept breaks, not a new run
    again = breaks.fisher_jenks_bins(values[::-1].copy(), 3)
    after = breaks._fisher_jenks_sorted.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    np.testing.assert_array_equal(again, first)
    again[0] = -1.0  # the caller's copy: the kept breaks do not change
    np.testing.assert_array_equal(breaks.fisher_jenks_bins(values, 3), first)
    # another number of classes is another set of breaks
    assert len(breaks.fisher_jenks_bins(values, 2)) == 2
    with pytest.raises(ValueError, match="fewer distinct values"):
        breaks.fisher_jenks_bins(np.ones(5), 3)
