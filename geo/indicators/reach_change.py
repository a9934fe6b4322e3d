"""Change in programme reach between two periods, per unit: four classes, declared once.

For a view with an earlier period (``View.before``) and a period (``View.years``), each
unit in scope is in one class (:data:`CHANGE_CLASSES`): reached for the first time,
reached in both periods, reached before but not since, or never reached. A unit is
reached in a period when at least one of the organizations matching the filters took
part in a programme then (the view's target programme when it has one, else any).
The two unit tables are the view's own (:func:`geo.indicators.unit_tables.unit_table`),
so the classes hold at every level and for every filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.indicators.prepared import PreparedData
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from geo.units.levels import PARENT_ID, UNIT_ID


@dataclass(frozen=True)
class ChangeClass:
    """One class of the change map: its key (message ``change.<key>``) and colour."""

    key: str
    reached_before: bool
    reached_since: bool
    color: str


#: The four classes, in legend order (colours of Okabe & Ito's colour-blind-safe set;
#: "never" a pale yellow, distinct from the map's grey "no data").
CHANGE_CLASSES: tuple[ChangeClass, ...] = (
    ChangeClass("new", reached_before=False, reached_since=True, color="#009E73"),
    ChangeClass("both", reached_before=True, reached_since=True, color="#0072B2"),
    ChangeClass("lapsed", reached_before=True, reached_since=False, color="#E69F00"),
    ChangeClass("never", reached_before=False, reached_since=False, color="#F6EBB1"),
)


def reached_column(view: View) -> str:
    """Return the unit-table column of organizations reached (target programme, else any)."""
    return f"reached_{view.programme}" if view.programme else "reached_any"


def reach_change(
    prepared: PreparedData, view: View, weights: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """Return the change class of each unit of ``view`` between ``view.before`` and ``view.years``.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    view
        A view with both periods (``before`` ends before ``years`` starts).
    weights
        Priority weights, as for the view's unit table (they do not change the classes).

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``parent_id``, ``name``, ``in_scope``, ``reached_before`` and
        ``reached_since`` (organizations reached in each period) and ``change`` (a key of
        :data:`CHANGE_CLASSES`; empty for a unit outside the filters), in the unit
        table's order.

    Raises
    ------
    ValueError
        When the view lacks one of the two periods.
    """
    if view.before is None or view.years is None:
        raise ValueError("a change in reach needs two periods: years and before")
    column = reached_column(view)
    since = unit_table(prepared, view, weights)
    earlier = unit_table(prepared, replace(view, years=view.before), weights)
    before_n = earlier[column].to_numpy(dtype=np.int64)
    since_n = since[column].to_numpy(dtype=np.int64)
    in_scope = since["in_scope"].to_numpy(dtype=bool)
    change = np.full(len(since), "", dtype=object)
    for cls in CHANGE_CLASSES:
        hit = ((before_n > 0) == cls.reached_before) & ((since_n > 0) == cls.reached_since)
        change[hit & in_scope] = cls.key
    return pd.DataFrame(
        {
            UNIT_ID: since[UNIT_ID].to_numpy(),
            PARENT_ID: since[PARENT_ID].to_numpy(),
            "name": since["name"].to_numpy(),
            "in_scope": in_scope,
            "reached_before": before_n,
            "reached_since": since_n,
            "change": change,
        }
    )


def change_counts(change: pd.DataFrame) -> dict[str, int]:
    """Return how many units are in each class (every class, in legend order)."""
    found = change["change"].value_counts()
    return {cls.key: int(found.get(cls.key, 0)) for cls in CHANGE_CLASSES}


__all__ = ["CHANGE_CLASSES", "ChangeClass", "change_counts", "reach_change", "reached_column"]
