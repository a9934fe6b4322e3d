"""Class breaks of natural breaks and equal intervals, the data-driven schemes beside quantiles.

Both give the same bins as mapclassify's ``FisherJenks`` and ``EqualInterval``
(``tests/test_breaks.py`` compares them on thousands of generated inputs), without
importing mapclassify: it loads SciPy and scikit-learn, about 106 MB in every web
worker that once draws a natural-breaks map.

Natural breaks (Jenks, Fisher's exact method) split the sorted values into ``k``
runs with the least sum of squared deviations from each run's mean. The dynamic
programme is mapclassify's: single-precision sums, and among equally good splits
the one whose last class starts earliest. It runs one vectorised step per value,
``O(k n^2)`` arithmetic over numpy arrays, a few milliseconds for a country's
municipios.

A worker draws the same values again and again (a unit selected, the language or the
year changed, an indicator chosen again): the breaks of recent value sets are kept
(:data:`KEPT_VALUE_SETS`), keyed by the sorted values themselves.
"""

from __future__ import annotations

import functools

import numpy as np

#: Value sets whose natural breaks a worker keeps (each key is 8 bytes a value: about
#: 12 KB for 1,541 municipios, under 1 MB for all of them).
KEPT_VALUE_SETS = 64


def equal_interval_bins(y: np.ndarray, k: int) -> np.ndarray:
    """Return the upper bounds of ``k`` classes of equal width over ``y``'s range.

    Raises
    ------
    ValueError
        All values are equal.
    """
    low, high = float(np.min(y)), float(np.max(y))
    if low == high:
        raise ValueError(f"all values are equal ({low}): no {k} classes of equal width")
    width = (high - low) / k
    cuts = np.arange(low + width, high + width, width)[:k]  # float steps may overshoot by one
    cuts[-1] = high
    return cuts


def fisher_jenks_bins(y: np.ndarray, k: int) -> np.ndarray:
    """Return the upper bounds of the ``k`` natural-breaks classes of ``y``.

    Raises
    ------
    ValueError
        ``y`` has fewer distinct values than ``k``.
    """
    values = np.sort(np.asarray(y, dtype="f8"))
    return _fisher_jenks_sorted(values.tobytes(), k).copy()  # a copy: the kept one stays


@functools.lru_cache(maxsize=KEPT_VALUE_SETS)
def _fisher_jenks_sorted(key: bytes, k: int) -> np.ndarray:
    """Return the natural breaks of the sorted float64 values whose bytes are ``key``."""
    values = np.frombuffer(key, dtype="f8")
    distinct = np.unique(values).size
    if distinct < k:
        raise ValueError(f"fewer distinct values ({distinct}) than classes ({k})")
    n = values.size
    single = values.astype(np.float32)
    # start[l, j]: where the last of j classes of the first l values starts (1-based);
    # cost[l, j]: their least sum of squared deviations
    start = np.zeros((n + 1, k + 1), dtype=np.int64)
    cost = np.zeros((n + 1, k + 1), dtype=np.float32)
    start[1, 1:] = 1
    cost[2:, 1:] = np.inf
    for last in range(2, n + 1):
        # the last class holds values first..last (1-based), first = last, last-1, ..., 1
        tail = single[:last][::-1]
        sums = np.cumsum(tail, dtype=np.float32)
        squares = np.cumsum(tail * tail, dtype=np.float32)
        counts = np.arange(1, last + 1, dtype=np.float32)
        spread = squares - (sums * sums) / counts
        first = last - np.arange(last)  # 1-based first value of the last class
        if k > 1 and last > 1:
            before = first[:-1] - 1  # values before the last class (at least 1)
            for j in range(2, k + 1):
                candidates = spread[:-1] + cost[before, j - 1]
                best = candidates.min()
                # ties: the last candidate in this order wins (the earliest start)
                at = candidates.size - 1 - int(np.argmax(candidates[::-1] <= best))
                if cost[last, j] >= candidates[at]:
                    start[last, j] = first[at]
                    cost[last, j] = candidates[at]
        start[last, 1] = 1
        cost[last, 1] = spread[-1]
    bins = np.empty(k, dtype="f8")
    bins[k - 1] = values[-1]
    end = n
    for classes in range(k, 1, -1):
        begins = int(start[end, classes])
        bins[classes - 2] = values[begins - 2]
        end = begins - 1
    return bins
