"""Level-2 arrays for the indicators: each organization's municipio/provincia/cantón.

:func:`admin2_arrays` is called by :func:`geo.indicators.prepared.prepare`; it codes the
``admin2_code`` column of the processed organizations against the level-2 unit table
(``-1`` where an organization has no level-2 unit: it counts at level 1 only) and
sorts the organizations by (level-2 unit, members) so that level-2 sums and medians
read contiguous runs, as level 1 does. Level 2's population is the official census
figure of :mod:`geo.units.need` (DANE 2018, INEI 2017, INEC 2022); its area is the
equal-area area of the full-resolution layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.settings import get_settings
from geo.units.boundaries import ADMIN2_FULL_FILE, load_admin2_units
from geo.units.need import NEED_UNIT_COLUMNS, load_need, need_unit_values


@dataclass(frozen=True, eq=False)
class Admin2Arrays:
    """Level-2 part of :class:`geo.indicators.prepared.PreparedData`.

    Attributes
    ----------
    units
        ``admin2_id``, ``code``, ``country``, ``name``, ``iso_3166_2`` (the level-1 unit it
        is drawn in), ``population`` (Int64, NA where unknown), ``area_km2``.
    code
        Per organization (prepared order): position in ``units``, ``-1`` for none.
    parent
        Per level-2 unit: position of its level-1 unit in the prepared unit table
        (``-1`` if that table lacks it).
    order
        Positions (prepared order) of the organizations with a level-2 unit, sorted by
        (level-2 unit, members; unknown members last).
    """

    units: pd.DataFrame
    code: np.ndarray
    parent: np.ndarray
    order: np.ndarray

    @property
    def without_unit(self) -> int:
        """Organizations with no level-2 unit (they count at level 1 only)."""
        return int((self.code < 0).sum())

    @property
    def n_units(self) -> int:
        """Number of level-2 units."""
        return len(self.units)


def default_units2() -> pd.DataFrame:
    """Return the committed level-2 units with the area of the full-resolution layer.

    ``population`` is the official census figure of :func:`geo.units.need.load_need` (NA
    where the source gives none, e.g. Ecuador's zonas no delimitadas).
    """
    units = load_admin2_units()
    path = get_settings().boundaries_dir / ADMIN2_FULL_FILE
    areas = pd.read_parquet(path, columns=["admin2_id", "area_km2"]).set_index("admin2_id")
    need = load_need(2).reindex(units["admin2_id"])
    sums = need_unit_values(need)
    return units.assign(
        area_km2=areas["area_km2"].reindex(units["admin2_id"]).to_numpy(),
        population=need["population"].to_numpy(),
        **{c: sums[c].to_numpy() for c in NEED_UNIT_COLUMNS},
    )


def _unit_table(units2: pd.DataFrame) -> pd.DataFrame:
    parent = units2.get("drawn_in_iso_3166_2", units2.get("parent_iso_3166_2"))
    return pd.DataFrame(
        {
            "admin2_id": units2["admin2_id"].astype(str).to_numpy(dtype=object),
            "code": units2["code"].astype(str).to_numpy(dtype=object),
            "country": units2["country"].astype(str).to_numpy(dtype=object),
            "name": units2["name"].astype(str).to_numpy(dtype=object),
            "iso_3166_2": parent.astype(str).to_numpy(dtype=object),
            "population": pd.array(
                pd.to_numeric(units2.get("population", pd.Series([pd.NA] * len(units2)))),
                dtype="Int64",
            ),
            "area_km2": pd.to_numeric(units2["area_km2"], errors="coerce").to_numpy("float64"),
            **{
                c: pd.to_numeric(units2[c], errors="coerce").to_numpy("float64")
                if c in units2.columns
                else np.full(len(units2), np.nan)
                for c in NEED_UNIT_COLUMNS
            },
        }
    )


def admin2_arrays(
    orgs: pd.DataFrame,
    level1_iso: pd.Series,
    order: np.ndarray,
    member_key: np.ndarray,
    units2: pd.DataFrame,
    notices: list[str],
) -> Admin2Arrays:
    """Code each organization's level-2 unit and sort for level-2 sums and medians.

    Parameters
    ----------
    orgs
        Processed organizations in their original order (``country`` and, when present,
        ``admin2_code``).
    level1_iso
        The prepared level-1 unit codes, in the prepared unit table's order.
    order
        The prepared order (original positions sorted by level-1 unit and members).
    member_key
        Members per organization in the original order, ``inf`` where unknown.
    units2
        Level-2 unit table (``admin2_id``, ``code``, ``country``, ``name``, the parent
        columns and ``area_km2``).
    notices
        Tolerated problems are appended here.

    Returns
    -------
    Admin2Arrays
    """
    table = _unit_table(units2)
    n = len(orgs)
    if "admin2_code" in orgs.columns:
        code = orgs["admin2_code"].astype("string").fillna("").to_numpy(dtype=object)
        country = orgs["country"].astype(str).str.upper().to_numpy(dtype=object)
        ids = np.where(code != "", country + "-" + code, "")
        unit2 = pd.Index(table["admin2_id"]).get_indexer(ids).astype(np.int32)
        unknown = int(((code != "") & (unit2 < 0)).sum())
        if unknown:
            notices.append(f"{unknown} organizations name a level-2 code not in the unit table")
    else:
        unit2 = np.full(n, -1, dtype=np.int32)
    unit2 = unit2[order]  # prepared order
    key = member_key[order]
    known = np.flatnonzero(unit2 >= 0)
    order2 = known[np.lexsort((key[known], unit2[known]))]
    parent = pd.Index(level1_iso).get_indexer(table["iso_3166_2"]).astype(np.int64)
    return Admin2Arrays(table, unit2, parent, order2)
