"""Indicators per level-2 unit (municipio, provincia, cantón), and the gap view.

:func:`compute_indicators_admin2` is :func:`geo.indicators.compute.compute_indicators` with
``level=2``: the same filters, sums, shares, densities, medians and priority index, one
row per level-2 unit. Organizations without a level-2 unit (located by a department
name only) are left out at this level;
:attr:`geo.indicators.prepared_admin2.Admin2Arrays.without_unit`
counts them. ``population`` is the official census figure (:mod:`geo.units.need`; NA and
``orgs_per_100k`` "no data" where there is none); ``orgs_per_10k_km2`` uses the layer's
area. A unit is in scope when its level-1 unit is.

:func:`units_without_organizations` answers "which municipios have none?": per level-1
unit, how many of its level-2 units have no organization matching the filters, and which.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.indicators.filters import Filters
from geo.indicators.prepared import PreparedData
from geo.indicators.prepared_admin2 import Admin2Arrays
from geo.indicators.sums import (
    _check_filters,
    _sorted_medians,
    _unit_scope,
    assemble_unit_table,
    filter_mask,
    unit_attributes,
    unit_sums,
)
from geo.units.levels import PARENT_ID, UNIT_ID, is_country

#: Identifier columns of the level-2 unit table, before the measures.
ADMIN2_ID_COLUMNS = (
    UNIT_ID,
    PARENT_ID,
    "admin2_id",
    "code",
    "country",
    "name",
    "iso_3166_2",
    "in_scope",
    "population",
    "area_km2",
)


def _admin2(prepared: PreparedData) -> Admin2Arrays:
    if prepared.admin2 is None:
        raise InputValidationError("these prepared data have no level-2 arrays; re-run prepare()")
    return prepared.admin2


def _scope_and_selection(
    prepared: PreparedData, filters: Filters | None
) -> tuple[Admin2Arrays, np.ndarray, np.ndarray]:
    """Level-2 arrays, units in scope, and the matching organizations sorted by level-2 unit."""
    a2 = _admin2(prepared)
    f = filters or Filters()
    _check_filters(prepared, f)
    mask = filter_mask(prepared, f)
    scope1 = _unit_scope(prepared, f)
    in_scope = (a2.parent >= 0) & scope1[np.clip(a2.parent, 0, None)]
    sel = a2.order[mask[a2.order]]  # sorted by (level-2 unit, members)
    return a2, in_scope, sel


def compute_indicators_admin2(
    prepared: PreparedData,
    filters: Filters | None = None,
    *,
    weights: Mapping[str, object] | None = None,
    coverage_programme: str | None = None,
    per_population: bool = False,
    parent: str | None = None,
) -> pd.DataFrame:
    """Compute every indicator per level-2 unit for ``filters``, with the priority index.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    filters
        Which organizations count; None for all. A ``units`` filter names level-1 units.
    weights
        Priority weights; None reads ``geo/indicators/priority_weights.toml``.
    coverage_programme, per_population
        Priority options, as in :func:`geo.indicators.compute.compute_indicators`.
    parent
        A country (``"CO"``) or a level-1 unit (``"CO-ANT"``): only its level-2 units,
        scored and ranked among themselves. None: every level-2 unit.

    Returns
    -------
    pandas.DataFrame
        One row per level-2 unit (``prepared.admin2.units`` order) of ``parent``,
        columns :data:`ADMIN2_ID_COLUMNS`, the measure columns and the priority columns.
    """
    a2, in_scope, sel = _scope_and_selection(prepared, filters)
    units = a2.units
    inside = _inside(units, parent)
    in_scope = in_scope & inside
    n = a2.n_units
    u = a2.code[sel].astype(np.int64)
    area = units["area_km2"].to_numpy(dtype="float64")
    known = sel[prepared.has_members[sel]]  # still sorted by (unit, members)
    medians = _sorted_medians(a2.code[known].astype(np.int64), prepared.members[known], n)
    id_columns: dict[str, object] = {
        UNIT_ID: units["admin2_id"].array,
        PARENT_ID: units["iso_3166_2"].array,
        "admin2_id": units["admin2_id"].array,
        "code": units["code"].array,
        "country": units["country"].array,
        "name": units["name"].array,
        "iso_3166_2": units["iso_3166_2"].array,
        "in_scope": in_scope,
        "population": units["population"].array,
        "area_km2": area,
    }
    population = units["population"].to_numpy(dtype="float64", na_value=np.nan)
    sums = {**unit_sums(prepared, sel, u, n, in_order=False), **unit_attributes(units)}
    key = units["admin2_id"].to_numpy()
    if parent is not None:  # only the parent's units: scored and ranked among themselves
        rows = np.flatnonzero(inside)
        id_columns = {c: cast(Any, v)[rows] for c, v in id_columns.items()}
        sums = {c: v[rows] for c, v in sums.items()}
        population, area, medians = population[rows], area[rows], medians[rows]
        in_scope, key = in_scope[rows], key[rows]
    return assemble_unit_table(
        id_columns, sums, prepared.sectors,
        population=population, area_km2=area, medians=medians, in_scope=in_scope,
        key=key, weights=weights,
        coverage_programme=coverage_programme, per_population=per_population,
    )  # fmt: skip


def _inside(units: pd.DataFrame, parent: str | None) -> np.ndarray:
    """Return which level-2 units belong to ``parent`` (a country or a level-1 unit)."""
    if parent is None:
        return np.ones(len(units), dtype=bool)
    column = "country" if is_country(parent) else "iso_3166_2"
    return (units[column] == parent).to_numpy(dtype=bool)


def units_without_organizations(
    prepared: PreparedData, filters: Filters | None = None, *, parent: str | None = None
) -> pd.DataFrame:
    """Per level-1 unit, the level-2 units with no organization matching ``filters``.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    filters
        Which organizations count; None for all.
    parent
        A level-1 unit (``"CO-ANT"``) to answer for that one only; None for every
        level-1 unit in scope.

    Returns
    -------
    pandas.DataFrame
        One row per level-1 unit, sorted by code: ``iso_3166_2``, ``name``,
        ``units`` (its level-2 units), ``units_without`` (how many have no matching
        organization), ``share_without``, ``without_ids`` and ``without_names`` (tuples,
        in code order), and ``orgs_without_admin2`` (its matching organizations that
        have no level-2 unit and so cannot fill a gap; a large number means the gap
        count is an upper bound).

    Raises
    ------
    InputValidationError
        If ``parent`` is not a level-1 unit of the prepared data.
    """
    level1 = prepared.units["iso_3166_2"].astype(str)
    if parent is not None and parent not in set(level1):
        raise InputValidationError(
            f"parent {parent!r} is not a level-1 unit (e.g. {list(level1[:3])})"
        )
    a2, in_scope, sel = _scope_and_selection(prepared, filters)
    orgs = np.bincount(a2.code[sel], minlength=a2.n_units)
    mask = filter_mask(prepared, filters or Filters())
    no_admin2 = np.bincount(prepared.unit_code[mask & (a2.code < 0)], minlength=prepared.n_units)
    units = a2.units
    rows = []
    for p in np.flatnonzero(_unit_scope(prepared, filters or Filters())):
        if parent is not None and level1.iat[p] != parent:
            continue
        members = np.flatnonzero((a2.parent == p) & in_scope)
        empty = members[orgs[members] == 0]
        rows.append(
            {
                "iso_3166_2": level1.iat[p],
                "name": prepared.units["name"].iat[p],
                "units": members.size,
                "units_without": empty.size,
                "share_without": empty.size / members.size if members.size else np.nan,
                "without_ids": tuple(units["admin2_id"].to_numpy()[empty]),
                "without_names": tuple(units["name"].to_numpy()[empty]),
                "orgs_without_admin2": int(no_admin2[p]),
            }
        )
    columns = ["iso_3166_2", "name", "units", "units_without", "share_without",
               "without_ids", "without_names", "orgs_without_admin2"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).sort_values("iso_3166_2", ignore_index=True)
