"""Indicators of organizations per unit, per country and overall, for any filter.

The dashboard recomputes every indicator on each click, so the work is split in
two steps:

1. :func:`geo.indicators.prepared.prepare` runs once and turns the processed tables into
   numpy arrays (:class:`geo.indicators.prepared.PreparedData`).
2. :func:`compute_indicators` runs per click. It builds one boolean mask from a
   :class:`geo.indicators.filters.Filters` (:func:`filter_mask`) and sums per unit with
   :func:`numpy.bincount`. It returns one row for every unit of the unit table
   (83 by default), zeros and NaN where nothing matches, with the priority index
   (:mod:`geo.indicators.priority`) beside.

:func:`summarise` gives country and overall rows from the same sums (never
averages of unit ratios); medians are recomputed from the organizations.

Definitions (see ``docs/indicators.md``):

* Types, sectors, services and programmes use the vocabularies of
  :mod:`geo.importer.schema`.
* ``cooperatives`` counts organizations of type ``cooperative`` only. The ILO
  guidelines concerning statistics of cooperatives (20th ICLS, 2018) count
  cooperatives; a pre-cooperative is a transitional form that is not (yet) one,
  so it is counted in ``orgs_pre_cooperative`` and ``association_share``.
* A share is NaN ("no data") when its denominator is 0: a unit without
  organizations has no cooperative share, not 0 %.
* ``women_share`` is ``sum(women) / sum(members)`` over the organizations that
  report both (same for ``youth_share``); a weighted share, not a mean of shares.
* Filtering by programme keeps the organizations that took part in one of the
  programmes; coverage columns always describe the filtered organizations.
* Units outside the geographic filter (``countries``/``units``) are kept with
  ``in_scope`` False, counts 0 and every density and share NaN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.indicators.compute_admin2 import compute_indicators_admin2
from geo.indicators.filters import Filters
from geo.indicators.prepared import (
    PreparedData,
    measure_columns,
)
from geo.indicators.sums import (
    _check_filters,
    _sorted_medians,
    _to_int,
    _unit_medians,
    _unit_scope,
    _unit_sums,
    additive_columns,
    assemble_unit_table,
    derive_ratios,
    filter_mask,
    per_country_only,
    unit_attributes,
)
from geo.units.levels import PARENT_ID, UNIT_ID, get_level, parent_problems
from geo.vocab import (
    COUNTRY_CODES,
    COUNTRY_NAMES,
)

#: Code of the overall row of :func:`summarise`.
ALL_CODE = "ALL"

Level = Literal["country", "all"]


def compute_indicators(
    prepared: PreparedData,
    filters: Filters | None = None,
    *,
    weights: Mapping[str, object] | None = None,
    coverage_programme: str | None = None,
    per_population: bool = False,
    level: int = 1,
    parent: str | None = None,
) -> pd.DataFrame:
    """Compute every indicator per unit for ``filters``, with the priority index.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    filters
        Which organizations count; None for all.
    weights
        Priority weights (see :func:`geo.indicators.priority.validate_weights`); None reads
        ``geo/indicators/priority_weights.toml``.
    coverage_programme
        Priority option: None (the coverage gap counts any programme) or one of
        :data:`geo.indicators.priority.TARGET_PROGRAMMES` (only that programme).
    per_population
        Priority option: True scores organizations and members per 100,000
        inhabitants instead of counts.
    level
        A level of :data:`geo.units.levels.LEVELS`: 1 (default), the level-1 units; 2, the
        level-2 units (see :func:`geo.indicators.compute_admin2.compute_indicators_admin2`).
    parent
        Below level 1: only the units of this country or unit, scored and ranked
        among themselves (see :func:`geo.units.levels.parent_problems`); None: every unit.

    Returns
    -------
    pandas.DataFrame
        Level 1: one row per unit of ``prepared.units`` in its order, columns
        ``prepared.columns`` (see ``docs/indicators.md``): counts are int64,
        shares, densities and medians float64 (NaN = no data), ``population``
        and ``priority_rank`` Int64.

    Raises
    ------
    InputValidationError
        If a filter names a unit that is not in the unit table, or the weights
        or the programme are invalid.
    """
    described = get_level(level)
    problems = [] if parent is None else parent_problems(described, parent)
    if problems:
        raise InputValidationError(problems)
    options = {"weights": weights, "coverage_programme": coverage_programme,
               "per_population": per_population}  # fmt: skip
    if described.parent_level is not None:
        return compute_indicators_admin2(prepared, filters, parent=parent, **options)  # type: ignore[arg-type]
    return _top_level_table(prepared, filters, **options)  # type: ignore[arg-type]


def _top_level_table(
    prepared: PreparedData,
    filters: Filters | None,
    *,
    weights: Mapping[str, object] | None,
    coverage_programme: str | None,
    per_population: bool,
) -> pd.DataFrame:
    """Return the level-1 unit table (see :func:`compute_indicators`)."""
    f = filters or Filters()
    _check_filters(prepared, f)
    mask = filter_mask(prepared, f)
    in_scope = _unit_scope(prepared, f)
    units = prepared.units
    area = units["area_km2"].to_numpy(dtype="float64")
    id_columns: dict[str, object] = {
        UNIT_ID: units["iso_3166_2"].array,
        PARENT_ID: units["country"].array,
        "iso_3166_2": units["iso_3166_2"].array,
        "country": units["country"].array,
        "name": units["name"].array,
        "in_scope": in_scope,
        "population": units["population"].array,
        "area_km2": area,
    }
    return assemble_unit_table(
        id_columns, {**_unit_sums(prepared, mask), **unit_attributes(units)}, prepared.sectors,
        population=units["population"].to_numpy(dtype="float64", na_value=np.nan),
        area_km2=area, medians=_unit_medians(prepared, mask), in_scope=in_scope,
        key=units["iso_3166_2"].to_numpy(), weights=weights,
        coverage_programme=coverage_programme, per_population=per_population,
    )  # fmt: skip


def summarise(
    unit_table: pd.DataFrame,
    prepared: PreparedData,
    filters: Filters | None = None,
    *,
    by: Level = "country",
) -> pd.DataFrame:
    """Return country or overall rows computed from the unit table's sums.

    Counts and sums are added over the units in scope; shares and densities are
    recomputed from those sums (``sum(cooperatives) / sum(orgs)``, never a mean
    of unit shares); medians are recomputed from the organizations themselves,
    which is why ``prepared`` and the same ``filters`` are needed.

    Parameters
    ----------
    unit_table
        Output of :func:`compute_indicators` for ``filters``.
    prepared
        The prepared data it was computed from.
    filters
        The filters it was computed with.
    by
        ``"country"`` (one row per country of the unit table, in
        :data:`geo.indicators.filters.COUNTRY_CODES` order) or ``"all"`` (one row, ``country`` =
        :data:`ALL_CODE`).

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``country``, ``name``, ``units_in_scope``,
        ``population``, ``area_km2`` and every measure column of the unit table
        (no priority). ``population`` is NA if a unit in scope lacks it.

    Raises
    ------
    InputValidationError
        If ``by`` is unknown or the unit table does not match ``filters``.
    """
    mask = _checked_summary_mask(unit_table, prepared, filters, by)
    in_scope = unit_table["in_scope"].to_numpy(dtype=bool)
    present = [c for c in COUNTRY_CODES if c in set(prepared.units["country"])]
    unit_group, codes, names = _summary_groups(prepared, by, present)
    n_groups = len(codes)
    g = unit_group[in_scope]

    def group_sum(column: str) -> np.ndarray:
        values = pd.to_numeric(unit_table[column]).to_numpy(dtype="float64", na_value=np.nan)
        return np.bincount(g, weights=values[in_scope], minlength=n_groups)

    units_in_scope = np.bincount(g, minlength=n_groups)
    country_code = pd.Index(list(COUNTRY_CODES)).get_indexer(prepared.units["country"])
    seen = np.zeros((n_groups, len(COUNTRY_CODES)), dtype=bool)
    seen[g, country_code[in_scope]] = True
    countries = seen.sum(axis=1)  # countries with units in scope, per group
    sums = {c: _to_int(group_sum(c)) for c in additive_columns(prepared.sectors)}
    population = group_sum("population")  # NaN if any unit in scope lacks it
    area = group_sum("area_km2")
    population[units_in_scope == 0] = np.nan
    area[units_in_scope == 0] = np.nan
    numeric = {**sums, "population": population, "area_km2": area}
    cols: dict[str, object] = {
        "level": [by] * n_groups,
        "country": codes,
        "name": names,
        "units_in_scope": units_in_scope,
        "population": pd.array(
            np.where(np.isnan(population), np.nan, np.rint(population)), "Int64"
        ),
        "area_km2": area,
        **sums,
        **per_country_only(derive_ratios(numeric, units_in_scope > 0), countries > 1),
        "median_members": _group_medians(prepared, mask, by, n_groups, present),
    }
    return pd.DataFrame(cols, columns=list(cols)[:6] + measure_columns(prepared.sectors))


def _checked_summary_mask(
    unit_table: pd.DataFrame, prepared: PreparedData, filters: Filters | None, by: str
) -> np.ndarray:
    """Return the filter mask after checking ``by`` and that the table matches the filters."""
    if by not in ("country", "all"):
        raise InputValidationError(f"by must be 'country' or 'all', got {by!r}")
    mask = filter_mask(prepared, filters or Filters())
    if int(unit_table["orgs"].sum()) != int(mask.sum()) or len(unit_table) != prepared.n_units:
        raise InputValidationError(
            f"the unit table ({int(unit_table['orgs'].sum())} organizations) was not computed "
            f"with these filters ({int(mask.sum())} organizations match); pass the same filters"
        )
    return mask


def _summary_groups(
    prepared: PreparedData, by: Level, present: Sequence[str]
) -> tuple[np.ndarray, list[str], list[str]]:
    """Return each unit's group number, and the code and name of each group."""
    if by == "country":
        unit_group = pd.Index(present).get_indexer(prepared.units["country"])
        return unit_group, list(present), [COUNTRY_NAMES[c] for c in present]
    return np.zeros(prepared.n_units, dtype=np.int64), [ALL_CODE], ["Total"]


def _group_medians(
    p: PreparedData, mask: np.ndarray, by: Level, n_groups: int, present: Sequence[str]
) -> np.ndarray:
    order = p.order_country if by == "country" else p.order_all
    sel = order[mask[order]]
    if by == "country":
        remap = pd.Index(present).get_indexer(list(COUNTRY_CODES))
        groups = remap[p.unit_country[p.unit_code[sel]]].astype(np.int64)
    else:
        groups = np.zeros(sel.size, dtype=np.int64)
    return _sorted_medians(groups, p.members[sel], n_groups)


def matching_rows(prepared: PreparedData, filters: Filters | None = None) -> np.ndarray:
    """Return the positions (in the original ``organizations`` frame) of matching organizations.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    filters
        Filters; None for all organizations.

    Returns
    -------
    numpy.ndarray
        Sorted integer positions, for ``organizations.iloc[...]``.
    """
    return np.sort(prepared.row[filter_mask(prepared, filters)])
