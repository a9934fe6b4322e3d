"""A small deterministic covering sample: rows in which every required pair of values occurs.

A crawl over every combination of a few factors would take hours; most faults need only
two values together to show. :func:`covering_rows` builds rows greedily (the pair not yet
covered that comes first, then for each other factor the value that covers most new
pairs, the first one on a tie), so the same factors always give the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

#: One value of one factor: ``("lang", "es")``.
Setting = tuple[str, Any]
#: Two settings of two different factors that must occur together in some row.
Pair = tuple[Setting, Setting]


def required_pairs(
    factors: Mapping[str, Sequence[Any]], between: Iterable[tuple[str, str]] | None = None
) -> set[Pair]:
    """Return every pair of values of the given pairs of factors (all pairs by default)."""
    chosen = between if between is not None else combinations(factors, 2)
    return {
        ordered(factors, (a, x), (b, y)) for a, b in chosen for x in factors[a] for y in factors[b]
    }


def ordered(factors: Mapping[str, Sequence[Any]], x: Setting, y: Setting) -> Pair:
    """Return the pair of ``x`` and ``y`` in the order of ``factors`` (as the rows hold it)."""
    names = list(factors)
    return (x, y) if names.index(x[0]) < names.index(y[0]) else (y, x)


def pairs_of(row: Mapping[str, Any], factors: Sequence[str]) -> set[Pair]:
    """Return the pairs of settings one row covers (factors in ``factors`` order)."""
    return {((a, row[a]), (b, row[b])) for a, b in combinations(factors, 2)}


def covering_rows(factors: Mapping[str, Sequence[Any]], pairs: set[Pair]) -> list[dict[str, Any]]:
    """Return rows (factor -> value) in which each of ``pairs`` occurs at least once.

    Parameters
    ----------
    factors
        Each factor's values, in the order rows are filled and values tried.
    pairs
        The pairs that must occur (see :func:`required_pairs`).
    """
    names = list(factors)
    order = {(n, v): (i, j) for i, n in enumerate(names) for j, v in enumerate(factors[n])}
    left = set(pairs)
    rows: list[dict[str, Any]] = []
    while left:
        first = min(left, key=lambda p: (order[p[0]], order[p[1]]))
        row = dict(first)
        for name in names:
            if name in row:
                continue
            row[name] = max(
                factors[name],
                key=lambda v: sum(
                    ordered(factors, (name, v), (other, row[other])) in left for other in row
                ),
            )  # max keeps the first of equal counts
        rows.append(row)
        left -= pairs_of(row, names)
    return rows
