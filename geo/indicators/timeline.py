"""The timeline of a view: organizations reached and participants per year and programme.

For the organizations of a view (its filters, its level's parent, its selected units
when there are some), :func:`timeline` counts, for each year of participation and
each programme, the distinct organizations reached and the participants, women
among them. Participation without a year is in no year. The programme filter keeps
the rows of those programmes (and the organizations they ever reached).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.indicators.prepared import PreparedData
from geo.indicators.sums import filter_mask
from geo.indicators.view import View
from geo.vocab import PROGRAMME_KEYS, PROGRAMMES

#: Columns of :func:`timeline`, in order.
TIMELINE_COLUMNS = ("year", "programme", "orgs_reached", "participants", "participants_women")


def _orgs_of(prepared: PreparedData, view: View) -> np.ndarray:
    """Return the organizations (prepared positions) of the view: filters, parent, selection."""
    mask = filter_mask(prepared, view.filters)
    units = list(view.selection)
    if not units and view.parent is None:
        return mask
    ids, code = prepared.level_codes(view.level)
    if units:
        wanted = np.isin(ids.astype(str), units)
    else:  # the parent's units: a country, or a unit of the level above
        parents = ids.astype(str)
        wanted = np.char.startswith(parents, f"{view.parent}-") | (parents == view.parent)
        if view.level > 1 and prepared.admin2 is not None:
            above = prepared.admin2.units["iso_3166_2"].to_numpy(dtype=str)
            wanted |= above == view.parent
    inside = np.zeros(code.size, dtype=bool)
    placed = code >= 0
    inside[placed] = wanted[code[placed]]
    return mask & inside


def timeline(prepared: PreparedData, view: View) -> pd.DataFrame:
    """Return per year and programme the organizations reached and the participants.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    view
        Its filters, level, parent and selection choose the organizations; its period
        (``years``) the years shown (None: every year with participation).

    Returns
    -------
    pandas.DataFrame
        :data:`TIMELINE_COLUMNS`, one row per (year, programme) with participation,
        sorted by year then programme (the order of :data:`geo.vocab.PROGRAMMES`);
        ``programme`` is the programme's name.
    """
    rows = prepared.programme_years
    if rows is None or rows.year.size == 0:
        return pd.DataFrame({c: [] for c in TIMELINE_COLUMNS})
    keep = _orgs_of(prepared, view)[rows.pos] & (rows.year >= 0)
    if view.filters.programmes:
        chosen = [list(PROGRAMME_KEYS).index(p) for p in view.filters.programmes]
        keep &= np.isin(rows.programme, chosen)
    if view.years is not None:
        keep &= (rows.year >= view.years.first) & (rows.year <= view.years.last)
    # one group per (year, programme): its key orders by year, then programme
    n_prog = len(PROGRAMMES)
    group = rows.year[keep] * n_prog + rows.programme[keep]
    keys, where = np.unique(group, return_inverse=True)
    pairs = np.unique(where.astype(np.int64) * prepared.n_orgs + rows.pos[keep])
    reached = np.bincount(pairs // prepared.n_orgs, minlength=keys.size)  # distinct orgs

    def total(figures: np.ndarray) -> np.ndarray:
        sums = np.bincount(where, weights=figures[keep], minlength=keys.size)
        return np.rint(sums).astype(np.int64)

    return pd.DataFrame(
        {
            "year": (keys // n_prog).astype(np.int64),
            "programme": np.asarray(PROGRAMMES, dtype=object)[keys % n_prog],
            "orgs_reached": reached.astype(np.int64),
            "participants": total(rows.participants),
            "participants_women": total(rows.participants_women),
        },
        columns=list(TIMELINE_COLUMNS),
    )


__all__ = ["TIMELINE_COLUMNS", "timeline"]
