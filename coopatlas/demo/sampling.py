"""Vectorised random draws the demo generator builds on: categories per row, disjoint samples."""

from __future__ import annotations

import numpy as np


def pick(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Draw, for each row, a column index with the probabilities of row ``group`` of ``probs``.

    One uniform per row; an inverse-CDF lookup in the row cumulative sums laid end to
    end (row ``k`` shifted by ``k``), so memory stays O(rows).

    Parameters
    ----------
    rng
        Random generator (one uniform is drawn per row).
    probs
        ``(groups, categories)`` weights; each row is normalised.
    group
        Row of ``probs`` to draw from, per output row.

    Returns
    -------
    numpy.ndarray
        Category index per row.
    """
    n_groups, width = probs.shape
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(n_groups)[:, None]).ravel()
    pos = np.searchsorted(flat, group + rng.random(len(group)), side="right")
    return np.minimum(pos - group * width, width - 1)


def choose_disjoint(
    rng: np.random.Generator, pool: np.ndarray, sizes: list[int]
) -> list[np.ndarray]:
    """Split a random sample of ``pool`` into disjoint sorted sets of the given sizes.

    Parameters
    ----------
    rng
        Random generator.
    pool
        Candidates (row indices).
    sizes
        Size of each set; when the pool is too small the last sets are short.

    Returns
    -------
    list of numpy.ndarray
        One sorted array per size.
    """
    total = min(sum(sizes), len(pool))
    chosen = rng.choice(pool, size=total, replace=False)
    out, start = [], 0
    for size in sizes:
        out.append(np.sort(chosen[start : start + size]))
        start += size
    return out
