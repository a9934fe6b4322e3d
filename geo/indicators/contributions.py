"""What separates the top units: the points each priority component adds to their scores.

:func:`contributions` recomputes, for the top units of a scored unit table, the
points each component adds to the score (``100 * w_c * c / sum(w)``, the sum over
the components the unit has), one row per unit and component, ready for a
stacked bar; they add up to the score. :func:`component_spread` says which
components separate those units (the range of their points) and which give
them all about the same. The index itself is :mod:`geo.indicators.priority`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.indicators.priority import COMPONENTS, load_weights, stable_rank, validate_weights


def contributions(
    table: pd.DataFrame, weights: Mapping[str, object] | None = None, *, top: int = 10
) -> pd.DataFrame:
    """Return the points each component adds to the score of the top units (for a stacked bar).

    The points of component ``c`` in a unit are ``100 * w_c * c / sum(w)``, the
    sum over the components the unit has (a missing component's weight is
    spread over the others, as in :func:`geo.indicators.priority.score_priority`), so a
    unit's points
    add up to its score. They are recomputed from the ``priority_<c>`` columns
    with ``weights``, so new weights re-rank without recomputing the table.

    Parameters
    ----------
    table
        A unit table with ``unit_id`` and the ``priority_<c>`` components
        (from :func:`geo.indicators.compute.compute_indicators` or
        :func:`geo.indicators.priority.score_priority`,
        with any options); ``name`` is kept when present.
    weights
        One weight per component; ``None`` reads :data:`geo.indicators.priority.WEIGHTS_FILE`.
    top
        How many units, by rank (1 = highest score; ties by ``unit_id``).

    Returns
    -------
    pandas.DataFrame
        One row per unit and weighted component (units in rank order, components
        in :data:`COMPONENTS` order; a component weighted 0 adds no points and has
        no row): ``rank``, ``unit_id``, ``name``, ``score``,
        ``component``, ``weight``, ``value`` (0..1, NaN if missing) and
        ``points`` (NaN if missing). Units without a score are left out.

    Raises
    ------
    InputValidationError
        If columns are missing, ``top`` is not a positive whole number, or the
        weights are invalid.
    """
    problems: list[str] = []
    needed = ["unit_id", *(f"priority_{c}" for c in COMPONENTS)]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        problems.append(f"the table lacks columns {missing}; compute the priority index first")
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        problems.append(f"top must be a whole number >= 1, got {top!r}")
    if problems:
        raise InputValidationError(problems)
    w = validate_weights(weights) if weights is not None else load_weights()
    values = np.column_stack(
        [
            pd.to_numeric(table[f"priority_{c}"]).to_numpy(dtype="float64", na_value=np.nan)
            for c in COMPONENTS
        ]
    )
    wv = np.array([w[c] for c in COMPONENTS])
    weight_sum = (~np.isnan(values) * wv).sum(axis=1)
    scored = (~np.isnan(values)).any(axis=1) & (weight_sum > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        points = 100.0 * values * wv / weight_sum[:, None]
    score = np.where(scored, np.nansum(points, axis=1), np.nan)
    iso = table["unit_id"].astype(str).to_numpy()
    rank = np.asarray(stable_rank(score, iso).to_numpy(dtype="float64", na_value=np.inf))
    chosen = [i for i in np.argsort(rank, kind="stable") if rank[i] <= top]
    names = table["name"].astype(str).to_numpy() if "name" in table.columns else iso
    weighed = np.flatnonzero(wv > 0)  # a component weighted 0 adds no points: left out
    n = weighed.size
    return pd.DataFrame(
        {
            "rank": np.repeat(rank[chosen], n).astype(np.int64),
            "unit_id": np.repeat(iso[chosen], n),
            "name": np.repeat(names[chosen], n),
            "score": np.repeat(score[chosen], n),
            "component": np.tile(np.array(COMPONENTS, dtype=object)[weighed], len(chosen)),
            "weight": np.tile(wv[weighed], len(chosen)),
            "value": values[chosen][:, weighed].reshape(-1),
            "points": points[chosen][:, weighed].reshape(-1),
        }
    )


def component_spread(contribs: pd.DataFrame) -> pd.DataFrame:
    """Return which components separate the units of :func:`contributions`.

    Parameters
    ----------
    contribs
        Output of :func:`contributions`.

    Returns
    -------
    pandas.DataFrame
        One row per component: ``component``, ``min_points``, ``max_points``
        and ``spread`` (max - min over the units, missing points as 0), largest
        spread first (ties in :data:`COMPONENTS` order). A component with a
        large weight but a small spread gives every top unit about the same
        points: it does not decide their order.
    """
    missing = [c for c in ("component", "points") if c not in contribs.columns]
    if missing:
        raise InputValidationError(f"the table lacks columns {missing}; pass contributions()")
    points = contribs.assign(points=contribs["points"].fillna(0.0))
    by = points.groupby("component", sort=False)["points"]
    out = pd.DataFrame({"min_points": by.min(), "max_points": by.max()})
    out = out.reindex([c for c in COMPONENTS if c in out.index])
    out["spread"] = out["max_points"] - out["min_points"]
    order = np.lexsort((np.arange(len(out)), -out["spread"].to_numpy()))
    return out.iloc[order].rename_axis("component").reset_index()
