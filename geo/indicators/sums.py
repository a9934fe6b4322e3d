"""Sums per unit for a filter: the mask, counts and sums, ratios, medians, the unit table.

The building blocks of :mod:`geo.indicators.compute` (level 1) and
:mod:`geo.indicators.compute_admin2` (level 2): one boolean mask from a
:class:`geo.indicators.filters.Filters` (:func:`filter_mask`), sums per unit with
:func:`numpy.bincount`, the shares and densities of the catalogue's formulas
(:func:`derive_ratios`), medians from organizations sorted by (unit, members), and
:func:`assemble_unit_table`, which puts a unit table together at any level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.indicators.catalogue import RATIOS, indicator_info
from geo.indicators.filters import Filters
from geo.indicators.prepared import (
    VALUE_COLUMNS,
    PreparedData,
    measure_columns,
    sector_group_matrix,
)
from geo.indicators.priority import check_programme, priority_arrays
from geo.indicators.reach_target import not_reached
from geo.indicators.years import ProgrammeYears
from geo.units.need import NEED_RANKS, NEED_SUMS
from geo.vocab import (
    COUNTRY_CODES,
    ORG_TYPES,
    PROGRAMME_KEYS,
    SECTOR_GROUPS,
    SERVICES,
    STATUSES,
)

_N_SERVICE_COMBOS = 1 << len(SERVICES)
_N_PROGRAMME_COMBOS = 1 << len(PROGRAMME_KEYS)


def _bit_matrix(n_bits: int) -> np.ndarray:
    """(2**n_bits, n_bits) matrix whose row c holds the bits of c."""
    combos = np.arange(1 << n_bits)[:, None]
    return ((combos >> np.arange(n_bits)[None, :]) & 1).astype(np.int64)


_SERVICE_BITS = _bit_matrix(len(SERVICES))
_PROGRAMME_BITS = _bit_matrix(len(PROGRAMME_KEYS))


def _check_filters(prepared: PreparedData, filters: Filters) -> None:
    unknown = sorted(set(filters.units) - set(prepared.units["iso_3166_2"]))
    if unknown:
        raise InputValidationError(
            f"filter units {unknown} are not in the unit table "
            f"({prepared.n_units} units, e.g. {list(prepared.units['iso_3166_2'][:3])})"
        )


def _unit_scope(prepared: PreparedData, filters: Filters) -> np.ndarray:
    """Units that pass the geographic filters (countries and units)."""
    scope = np.ones(prepared.n_units, dtype=bool)
    if filters.countries:
        countries = np.asarray(COUNTRY_CODES)[prepared.unit_country]
        scope &= np.isin(countries, filters.countries)
    if filters.units:
        scope &= np.isin(prepared.units["iso_3166_2"].to_numpy(dtype=str), filters.units)
    return scope


def filter_mask(prepared: PreparedData, filters: Filters | None = None) -> np.ndarray:
    """Return the boolean mask of organizations (in prepared order) that pass ``filters``.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    filters
        Filters; None keeps everything.

    Returns
    -------
    numpy.ndarray of bool
    """
    f = filters or Filters()
    p = prepared
    if f.countries or f.units:
        # organizations are sorted by unit: the units in scope are contiguous runs
        mask = np.zeros(p.n_orgs, dtype=bool)
        for unit in np.flatnonzero(_unit_scope(p, f)):
            mask[p.unit_bounds[unit] : p.unit_bounds[unit + 1]] = True
    else:
        mask = np.ones(p.n_orgs, dtype=bool)
    if set(f.counted_statuses) != set(STATUSES):
        status_bits = np.int8(sum(1 << STATUSES.index(s) for s in f.counted_statuses))
        mask &= ((status_bits >> p.status_code) & 1).view(bool)
    if f.org_types:
        bits = np.int8(sum(1 << ORG_TYPES.index(t) for t in f.org_types))
        mask &= ((bits >> p.type_code) & 1).view(bool)  # bit test, no index gather
    if f.sectors or f.sector_groups:
        allowed = np.isin(np.asarray([*p.sectors, ""], dtype=object), f.sectors)
        if f.sector_groups:  # a union with the sectors: either selects the sector
            groups = [SECTOR_GROUPS.index(g) for g in f.sector_groups]
            allowed |= sector_group_matrix(p.sectors)[:, groups].any(axis=1)
        allowed[-1] = False  # unknown sector never matches
        mask &= np.take(allowed, p.sector_code)
    if f.programmes:
        reach = sum(1 << list(PROGRAMME_KEYS).index(prog) for prog in f.programmes)
        mask &= (p.reach_bits & np.uint8(reach)) != 0
    if f.founded_from is not None:
        mask &= p.year >= f.founded_from  # NaN (unknown) compares False
    if f.founded_to is not None:
        mask &= p.year <= f.founded_to
    if f.federated is not None:
        mask &= p.federated if f.federated else ~p.federated
    if f.federations:
        wanted = set(f.federations)
        allowed = np.array([bool(s & wanted) for s in p.federation_sets], dtype=bool)
        mask &= np.take(allowed, p.federation_combo)
    if f.provides_services is not None:
        mask &= (p.service_bits != 0) == f.provides_services
    if f.social_services:
        services = sum(1 << SERVICES.index(s) for s in f.social_services)
        mask &= (p.service_bits & np.uint16(services)) != 0
    return mask


def _to_int(x: np.ndarray) -> np.ndarray:
    return np.rint(x).astype(np.int64)


def _unit_sums(p: PreparedData, mask: np.ndarray) -> dict[str, np.ndarray]:
    """Additive columns per unit from one pass of bincounts over the masked organizations."""
    idx = np.flatnonzero(mask)
    return unit_sums(p, idx, p.unit_code[idx].astype(np.int64), p.n_units)


def unit_sums(
    p: PreparedData, idx: np.ndarray, u: np.ndarray, n_units: int, *, in_order: bool = True
) -> dict[str, np.ndarray]:
    """Additive columns per unit for the organizations ``idx`` (prepared positions).

    ``u`` is each one's unit (0..``n_units``-1), non-decreasing; ``in_order`` says that
    ``idx`` is ascending (so all organizations means the identity, and no gather).
    """

    def counts(codes: np.ndarray, width: int) -> np.ndarray:
        return np.bincount(u * width + codes, minlength=n_units * width).reshape(n_units, width)

    out: dict[str, np.ndarray] = {"orgs": np.bincount(u, minlength=n_units)}
    by_type = counts(p.type_code[idx].astype(np.int64), len(ORG_TYPES))
    for j, t in enumerate(ORG_TYPES):
        out[f"orgs_{t}"] = by_type[:, j]
    out["cooperatives"] = out["orgs_cooperative"].copy()
    by_sector = counts(p.sector_code[idx].astype(np.int64), len(p.sectors) + 1)
    for j, s in enumerate((*p.sectors, "unknown")):
        out[f"orgs_sector_{s}"] = by_sector[:, j]
    by_group = by_sector @ sector_group_matrix(p.sectors)
    for j, g in enumerate(SECTOR_GROUPS):
        out[f"orgs_group_{g}"] = by_group[:, j]
    segments = _segment_sums(p.values, idx, u, n_units, in_order=in_order)
    if p.period_rows is not None:  # a period: its participants come from its rows
        _period_participants(p.period_rows, idx, u, segments, n_orgs=p.n_orgs)
    for name, column in zip(VALUE_COLUMNS, segments.T, strict=True):
        out[name] = _to_int(column)
    out["members_known_orgs"] = np.bincount(u[p.has_members[idx]], minlength=n_units)
    by_services = counts(p.service_bits[idx].astype(np.int64), _N_SERVICE_COMBOS)
    out["orgs_social_services"] = by_services[:, 1:].sum(axis=1)
    per_service = by_services @ _SERVICE_BITS
    for j, s in enumerate(SERVICES):
        out[f"services_{s}"] = per_service[:, j]
    out["orgs_federated"] = np.bincount(u[p.federated[idx]], minlength=n_units)
    by_reach = counts(p.reach_bits[idx].astype(np.int64), _N_PROGRAMME_COMBOS)
    out["reached_any"] = by_reach[:, 1:].sum(axis=1)
    per_programme = by_reach @ _PROGRAMME_BITS
    for j, key in enumerate(PROGRAMME_KEYS.values()):
        out[f"reached_{key}"] = per_programme[:, j]
    keys = list(PROGRAMME_KEYS.values())
    out["participants"] = np.sum([out[f"participants_{k}"] for k in keys], axis=0)
    out["participants_women"] = np.sum([out[f"participants_women_{k}"] for k in keys], axis=0)
    return out


#: Columns of ``values`` per programme (PROGRAMME_KEYS order): participants, and women.
_PARTICIPANTS = tuple(
    [VALUE_COLUMNS.index(f"{column}_{key}") for key in PROGRAMME_KEYS.values()]
    for column in ("participants", "participants_women")
)


def _period_participants(
    rows: ProgrammeYears, idx: np.ndarray, u: np.ndarray, out: np.ndarray, *, n_orgs: int
) -> None:
    """Put in ``out`` (per unit, :data:`VALUE_COLUMNS`) the participants of a period's ``rows``.

    Only the rows of the organizations ``idx`` count, each in its unit ``u``: work in
    proportion to the period's rows, not to the organizations' sums.
    """
    unit_of = np.full(n_orgs, -1, dtype=np.int64)
    unit_of[idx] = u
    unit = unit_of[rows.pos]
    kept = unit >= 0
    n_units, n_programmes = out.shape[0], len(PROGRAMME_KEYS)
    key = unit[kept] * n_programmes + rows.programme[kept]
    for columns, figures in zip(
        _PARTICIPANTS, (rows.participants, rows.participants_women), strict=True
    ):
        sums = np.bincount(key, weights=figures[kept], minlength=n_units * n_programmes)
        out[:, columns] = sums.reshape(n_units, n_programmes)


def _segment_sums(
    values: np.ndarray, idx: np.ndarray, u: np.ndarray, n_units: int, *, in_order: bool = True
) -> np.ndarray:
    """Per-unit column sums of ``values[idx]``; ``u`` (unit of each idx) is non-decreasing."""
    out = np.zeros((n_units, values.shape[1]))
    if idx.size == 0:
        return out
    counts = np.bincount(u, minlength=n_units)
    present = np.flatnonzero(counts)
    starts = (np.cumsum(counts) - counts)[present]
    whole = in_order and idx.size == values.shape[0]
    rows = values if whole else np.take(values, idx, axis=0)
    out[present] = np.add.reduceat(rows, starts, axis=0)
    return out


def _ratio(num: np.ndarray, den: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """``scale * num / den``, NaN where ``den`` is 0, negative or NaN."""
    num = np.asarray(num, dtype="float64")
    den = np.asarray(den, dtype="float64")
    ok = den > 0  # NaN compares False
    out = np.full(num.shape, np.nan)
    np.divide(num * scale, den, out=out, where=ok)
    return out


def derive_ratios(cols: Mapping[str, np.ndarray], in_scope: np.ndarray) -> dict[str, np.ndarray]:
    """Return every share and density of :data:`~geo.indicators.catalogue.RATIOS` from sums.

    The same formulas serve units, countries, the whole region and a planner's
    selection: ``scale * sum(numerator) / denominator`` over sums, never a mean of ratios.
    """
    out: dict[str, np.ndarray] = {}
    for column, ratio in RATIOS.items():
        numerator = sum(np.asarray(cols[c], dtype="float64") for c in ratio.numerator)
        value = _ratio(numerator, cols[ratio.denominator], ratio.scale)  # type: ignore[arg-type]
        out[column] = np.where(in_scope, value, np.nan) if ratio.in_scope_only else value
    return out


def _sorted_medians(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Median per group of ``values`` already sorted by (group, value)."""
    counts = np.bincount(groups, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    has = counts > 0
    lo = np.where(has, starts + (counts - 1) // 2, 0)
    hi = np.where(has, starts + counts // 2, 0)
    if values.size == 0:
        return np.full(n_groups, np.nan)
    return np.where(has, (values[lo] + values[hi]) / 2.0, np.nan)


def _unit_medians(p: PreparedData, mask: np.ndarray) -> np.ndarray:
    sel = np.flatnonzero(mask & p.has_members)  # ascending = sorted by (unit, members)
    return _sorted_medians(p.unit_code[sel].astype(np.int64), p.members[sel], p.n_units)


def per_country_only(ratios: dict[str, np.ndarray], several: np.ndarray) -> dict[str, np.ndarray]:
    """Blank the ratios each country measures its own way where a total spans ``several``.

    ``several`` is True for each total (a row) that pools units of more than one
    country; :attr:`geo.indicators.catalogue.Ratio.one_country` names those ratios.
    """
    for column, ratio in RATIOS.items():
        if ratio.one_country:
            ratios[column] = np.where(several, np.nan, ratios[column])
    return ratios


def unit_attributes(units: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return the sums that belong to the units themselves, not to their organizations.

    The need sums (:data:`geo.units.need.NEED_SUMS`: rural and poor people and the
    population they were counted in) add up over units like the organizations' sums; the
    ranks (:data:`geo.units.need.NEED_RANKS`, the poverty percentile) do not, and stay NaN
    where unknown.
    """
    sums = {c: units[c].to_numpy(dtype="float64", na_value=0.0) for c in NEED_SUMS}
    ranks = {c: units[c].to_numpy(dtype="float64", na_value=np.nan) for c in NEED_RANKS}
    return {**sums, **ranks}


def assemble_unit_table(
    id_columns: Mapping[str, object],
    sums: Mapping[str, np.ndarray],
    sectors: Sequence[str],
    *,
    population: np.ndarray,
    area_km2: np.ndarray,
    medians: np.ndarray,
    in_scope: np.ndarray,
    key: np.ndarray,
    weights: Mapping[str, object] | None,
    coverage_programme: str | None = None,
    per_population: bool = False,
) -> pd.DataFrame:
    """Return a unit table: id columns, every measure column, then the priority index.

    Shared by both levels: from the per-unit ``sums``, the denominators
    (``population``, ``area_km2``) and the median members per unit, it derives the
    ratios and scores the priority index; ``key`` names each row for the ranking's
    ties.
    """
    programme = check_programme(coverage_programme)
    sums = {**sums, "not_reached": not_reached(sums, programme)}  # under the view's target
    numeric = {**sums, "population": population, "area_km2": area_km2}
    derived = derive_ratios(numeric, in_scope)
    derived["median_members"] = medians
    cols: dict[str, object] = dict(id_columns)
    for c in measure_columns(sectors):
        cols[c] = sums[c] if c in sums else derived[c]
    cols.update(
        priority_arrays(
            {**numeric, **derived, "unit_id": key},
            weights,
            coverage_programme=coverage_programme,
            per_population=per_population,
        )
    )
    return pd.DataFrame(cols)


def additive_columns(sectors: Sequence[str]) -> list[str]:
    """Return the columns that add up across units (counts and sums), for ``sectors``."""
    return [
        c
        for c in measure_columns(sectors)
        if indicator_info(c).kind in ("count", "sum") and c != "median_members"
    ]
