"""Programme years: a period of years, and every participation row sorted by year.

A :class:`Period` (``years=2019-2021`` in a link, ``--years`` on the command line) is a
value of the view; :class:`ProgrammeYears` is what :func:`geo.indicators.prepared.prepare`
keeps of the participation table so that :func:`geo.indicators.periods.in_period` can
narrow coverage and participants to a period's rows (they are sorted by year, so a
period is a slice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.vocab import PROGRAMME_KEYS

#: ``2019-2021`` or one year ``2019``.
_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


@dataclass(frozen=True, order=True)
class Period:
    """The years ``first`` to ``last`` (both included) of programme participation."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"period {self.first}-{self.last}: the first year is after the last")

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """Return the period written ``2019-2021`` (or ``2019``), None when it is not one."""
        found = _PERIOD_RE.match(text or "")
        if not found:
            return None
        first = int(found.group(1))
        last = int(found.group(2) or first)
        return cls(first, last) if first <= last else None

    def to_text(self) -> str:
        """Return the period as written in a link: ``2019-2021``, or ``2019`` for one year."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    def years(self) -> range:
        """Return the years of the period."""
        return range(self.first, self.last + 1)


@dataclass(frozen=True, eq=False)
class ProgrammeYears:
    """Every participation row, sorted by year (rows without a year first, ``year`` -1).

    Attributes
    ----------
    pos
        The organization's position in the prepared arrays.
    programme
        Index in :data:`geo.vocab.PROGRAMME_KEYS`.
    year
        Year of the participation, -1 when unknown.
    participants, participants_women
        The row's figures, 0 where unknown.
    """

    pos: np.ndarray
    programme: np.ndarray
    year: np.ndarray
    participants: np.ndarray
    participants_women: np.ndarray

    @property
    def year_range(self) -> tuple[int, int] | None:
        """First and last known year of participation, None without any."""
        known = self.year[self.year >= 0]
        return (int(known[0]), int(known[-1])) if known.size else None

    def rows_in(self, period: Period) -> slice:
        """Return the rows of ``period`` (a slice: the rows are sorted by year)."""
        lo = np.searchsorted(self.year, period.first, side="left")
        hi = np.searchsorted(self.year, period.last, side="right")
        return slice(int(lo), int(hi))


def programme_years(programmes: pd.DataFrame | None, org_id: np.ndarray) -> ProgrammeYears:
    """Return the participation rows of known organizations and programmes, sorted by year.

    Parameters
    ----------
    programmes
        Processed programme participation (``org_id``, ``programme``, optional ``year``,
        ``participants``, ``participants_women``); None for none.
    org_id
        The organizations' ids in prepared order (rows of other ids are left out:
        :func:`geo.indicators.org_columns.org_arrays` has noted them).
    """
    if programmes is None or not len(programmes):
        empty = np.zeros(0)
        return ProgrammeYears(empty.astype(np.int64), empty.astype(np.int8), empty, empty, empty)
    pos = pd.Index(org_id).get_indexer(programmes["org_id"].astype(str))
    prog = pd.Index(list(PROGRAMME_KEYS)).get_indexer(programmes["programme"].astype(str))
    keep = (pos >= 0) & (prog >= 0)

    def numbers(name: str, *, missing: float) -> np.ndarray:
        if name not in programmes.columns:
            return np.full(len(programmes), missing)
        column = pd.to_numeric(programmes[name], errors="coerce")
        values = column.to_numpy(dtype="float64", na_value=np.nan)
        # as org_columns: negative is unknown
        return np.where(np.isnan(values) | (values < 0), missing, values)

    year = numbers("year", missing=-1.0)
    order = np.argsort(year[keep], kind="stable")
    return ProgrammeYears(
        pos=pos[keep][order].astype(np.int64),
        programme=prog[keep][order].astype(np.int8),
        year=year[keep][order].astype(np.int64),
        participants=numbers("participants", missing=0.0)[keep][order],
        participants_women=numbers("participants_women", missing=0.0)[keep][order],
    )


__all__ = ["Period", "ProgrammeYears", "programme_years"]
