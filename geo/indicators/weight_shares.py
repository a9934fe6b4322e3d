"""The priority weights as shares of 100 %: what part of the score each component may give.

The score is ``100 * sum(w_i * c_i) / sum(w_i)`` (:mod:`geo.indicators.priority`), so
only the ratios between the weights matter: a weight of 4 out of a total of 10 is
40 % of the score. :func:`weight_percents` says so in whole percents that add up to
exactly 100 (largest remainders), the numbers shown beside the dashboard's sliders.
(A unit missing a component spreads that component's weight over the others; the
shares are those of the weights, for a unit with every component.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from geo.indicators.priority import COMPONENTS, validate_weights


def weight_percents(weights: Mapping[str, object]) -> dict[str, int]:
    """Return each component's weight as a whole percent of the weights' total.

    Each share is ``100 * w / sum(w)`` rounded down; the points still missing from
    100 go, one each, to the largest remainders (ties: in
    :data:`geo.indicators.priority.COMPONENTS` order), so the percents add up to 100.

    Parameters
    ----------
    weights
        One weight per component, as the view uses them (checked by
        :func:`geo.indicators.priority.validate_weights`).

    Returns
    -------
    dict
        Component -> percent (0 to 100), in :data:`~geo.indicators.priority.COMPONENTS`
        order; they add up to 100.

    Raises
    ------
    InputValidationError
        If the weights are invalid (see :func:`geo.indicators.priority.validate_weights`).
    """
    w = validate_weights(weights)
    total = sum(w[c] for c in COMPONENTS)
    exact = {c: 100.0 * w[c] / total for c in COMPONENTS}
    out = {c: math.floor(exact[c] + 1e-9) for c in COMPONENTS}  # 1e-9: 100*0.3/1 as 30
    short = 100 - sum(out.values())
    by_remainder = sorted(COMPONENTS, key=lambda c: -(exact[c] - out[c]))  # stable: ties in order
    for c in by_remainder[:short]:
        out[c] += 1
    return out


__all__ = ["weight_percents"]
