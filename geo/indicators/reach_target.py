"""What "reached" means under a view's targeting: by any programme, or by the targeted one.

The priority index's coverage gap and the count "Organizations not yet reached" both
answer "which organizations has the programme not reached?". With no target
programme that is any programme (``reached_any``); with a target (``my_coop``,
``think_coop`` or ``start_coop``, :data:`geo.indicators.priority.TARGET_PROGRAMMES`)
it is that programme alone (``reached_<key>``). :func:`reached_column` is that one
answer; :func:`not_reached` and the coverage gap
(:func:`geo.indicators.priority.priority_arrays`) both read it, so the map, the table,
the totals and the exports never disagree about who is "not yet reached".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from geo.i18n import t, value_label
from geo.vocab import PROGRAMME_KEYS


def reached_column(coverage_programme: str | None) -> str:
    """Return the column counting the organizations the view's programme has reached.

    Parameters
    ----------
    coverage_programme
        None (any programme) or a programme's column key (``"my_coop"``), already
        checked by :func:`geo.indicators.priority.check_programme`.

    Returns
    -------
    str
        ``"reached_any"`` or ``"reached_<key>"``.

    Raises
    ------
    ValueError
        If ``coverage_programme`` is not a programme's column key.
    """
    if coverage_programme is None:
        return "reached_any"
    if coverage_programme not in PROGRAMME_KEYS.values():
        raise ValueError(
            f"coverage_programme must be None or one of {list(PROGRAMME_KEYS.values())}; "
            f"got {coverage_programme!r}"
        )
    return f"reached_{coverage_programme}"


def not_reached(sums: Mapping[str, np.ndarray], coverage_programme: str | None) -> np.ndarray:
    """Return, per unit, the organizations the view's programme has not reached.

    ``orgs - reached`` over the additive sums of a unit table, where ``reached`` is
    :func:`reached_column` of ``coverage_programme``; additive, so a total over units
    is the sum of the units' counts.
    """
    return np.asarray(sums["orgs"]) - np.asarray(sums[reached_column(coverage_programme)])


def not_reached_label(coverage_programme: str | None, lang: str) -> str | None:
    """Return the name of "not yet reached" under a target programme, None without one.

    ``"Organizations not yet reached by My.Coop"``: the column then counts that
    programme alone, and its name must say so wherever the view's table is shown.
    """
    if coverage_programme is None:
        return None
    reached_column(coverage_programme)  # checks the key
    name = next(n for n, k in PROGRAMME_KEYS.items() if k == coverage_programme)
    programme = value_label("programme", name, lang)
    return t("indicator.not_reached_programme", lang, programme=programme)


__all__ = ["not_reached", "not_reached_label", "reached_column"]
