"""Programme reach by year: the participation rows kept per year, and a period's arrays.

:func:`geo.indicators.prepared.prepare` keeps "ever reached" (``reach_bits``) and the
participants of all years (``values``). A programme reports by year, so it also keeps
every participation row, sorted by year (:class:`ProgrammeYears`). A :class:`Period`
(``years=2019-2021`` in a link, ``--years`` on the command line) narrows coverage,
participants and women participants to the rows of those years:
:func:`in_period` returns the prepared arrays with ``reach_bits`` recomputed from those
rows and the rows themselves (``period_rows``), from which every unit table, at every
level, sums the participants (:func:`geo.indicators.sums.unit_sums`). The founding-year
range of the filters (``founded_from``/``founded_to``) is another thing: it chooses
organizations by the year they were founded, the period chooses the participation that
counts.

Cost: a period is a slice of the rows (they are sorted by year) and one byte per
organization (its reach); cached per worker. The organizations' ``values`` are shared,
not copied: a copy per period was 8 bytes times 13 columns per organization (10 MB at
100,000 organizations, up to 32 of them in the cache), and fresh memory that size cost
a year change more CPU than the whole unit table.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import numpy as np
from cachetools import LRUCache

from geo.indicators.prepared import PreparedData
from geo.indicators.years import Period, ProgrammeYears

#: Prepared arrays per period, per worker (a slider played through the years reuses them).
_PERIODS: LRUCache[tuple[int, Period], tuple[Any, PreparedData]] = LRUCache(maxsize=32)
_LOCK = threading.Lock()


def in_period(prepared: PreparedData, period: Period | None) -> PreparedData:
    """Return ``prepared`` with programme reach and participants of ``period`` only.

    Parameters
    ----------
    prepared
        A :class:`geo.indicators.prepared.PreparedData`.
    period
        The years of participation that count; None: all years (``prepared`` itself,
        participation without a year included).

    Returns
    -------
    PreparedData
        The same organizations in the same order; ``reach_bits`` and the
        ``participants_*`` columns of ``values`` from the rows of ``period``. Cached: do
        not modify it.
    """
    if period is None or prepared.programme_years is None:
        return prepared
    key = (id(prepared), period)
    with _LOCK:
        hit = _PERIODS.get(key)
    if hit is not None and hit[0] is prepared:
        return hit[1]
    result = _narrowed(prepared, prepared.programme_years, period)
    with _LOCK:
        _PERIODS[key] = (prepared, result)  # the reference keeps id(prepared) from being reused
    return result


def _narrowed(prepared: PreparedData, rows: ProgrammeYears, period: Period) -> PreparedData:
    span = rows.rows_in(period)
    kept = ProgrammeYears(
        pos=rows.pos[span],
        programme=rows.programme[span],
        year=rows.year[span],
        participants=rows.participants[span],
        participants_women=rows.participants_women[span],
    )
    reach = np.zeros(prepared.n_orgs, dtype=np.uint8)
    bits = (1 << kept.programme.astype(np.int64)).astype(np.uint8)
    np.bitwise_or.at(reach, kept.pos, bits)
    return replace(prepared, reach_bits=reach, period_rows=kept)


__all__ = ["Period", "in_period"]
