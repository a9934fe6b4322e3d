"""The unit table of a view: the one accessor every map, panel, export and test reads.

:func:`unit_table` computes the indicators of a :class:`geo.indicators.view.View` (its level and
parent, filters, priority weights, target programme and per-population option) once
and caches it per worker: the map, the table, the charts, the planner's totals, the
comparison, the top units, the exports and the command line all read the same rows,
so one page never mixes two levels or two targetings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from cachetools.keys import hashkey

from geo.byte_cache import MB, ByteCache
from geo.indicators.compute import compute_indicators
from geo.indicators.periods import in_period
from geo.indicators.prepared import PreparedData
from geo.indicators.view import View

#: Recent unit tables per worker: a view's map, table, charts and planner read one
#: table, and an indicator change reuses its filters' table. Bounded by bytes: a
#: level-1 table is about 75 KB, a table of every municipio 1.4 MB.
_TABLES: ByteCache[tuple[PreparedData, pd.DataFrame]] = ByteCache(
    8 * MB, lambda hit: int(hit[1].memory_usage(deep=True).sum())
)


def table_key(view: View, weights: Mapping[str, object] | None) -> tuple[Any, ...]:
    """Return what the unit table of ``view`` with ``weights`` depends on (a cache key)."""
    weights_key = tuple(sorted((weights or {}).items()))
    return hashkey(
        view.level,
        view.parent,
        view.filters,
        weights_key,
        view.programme,
        view.per_population,
        view.years,
    )


def unit_table(
    prepared: PreparedData, view: View, weights: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """Return the indicator table of ``view``: one row per unit of its level and parent.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    view
        The view: its level and parent, filters, target programme, per-population and
        programme period (:func:`geo.indicators.periods.in_period`).
    weights
        Priority weights; None reads ``geo/indicators/priority_weights.toml``.

    Returns
    -------
    pandas.DataFrame
        :func:`geo.indicators.compute.compute_indicators` for the view: keyed by ``unit_id``,
        with ``parent_id``; below level 1 only the parent's units, ranked among
        themselves. Cached: do not modify it.
    """
    key = (id(prepared), *table_key(view, weights))
    hit = _TABLES.get(key)
    if hit is not None and hit[0] is prepared:
        return hit[1]
    table = compute_indicators(
        in_period(prepared, view.years),
        view.filters,
        weights=weights,
        coverage_programme=view.programme,
        per_population=view.per_population,
        level=view.level,
        parent=view.parent,
    )
    _TABLES.put(key, (prepared, table))  # the reference keeps id(prepared) from being reused
    return table


__all__ = ["table_key", "unit_table"]
