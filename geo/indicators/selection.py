"""Totals of a selection of units, and up to five units side by side, with their downloads.

A planner asks about several units at once ("agriculture in Nariño, Cauca and
Huila; compare with Puno"):

* :func:`selection_totals` adds up a set of units for the filters: one row for
  the selection and one for every unit in the filters. Shares are **pooled**:
  the women share is the sum of women over the sum of members of the
  organizations that report both, never the mean of the unit shares (same for
  youth, coverage and the type shares); the median is recomputed from the
  organizations. :func:`totals_rows` gives the same rows as dictionaries (the
  dashboard's totals, without a frame to build and read back).
* :func:`compare_units` puts up to :data:`MAX_COMPARED` units side by side:
  indicators, sector groups, type mix, coverage per programme and the priority
  index (components, points, score, rank), one row per measure and one column
  per unit.
* :mod:`geo.export.selection_files` writes them as CSV or XLSX.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.indicators.compute import compute_indicators
from geo.indicators.filters import Filters
from geo.indicators.prepared import PreparedData
from geo.indicators.priority import COMPONENTS
from geo.indicators.sums import additive_columns, derive_ratios, filter_mask, per_country_only
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from geo.units.levels import UNIT_ID
from geo.vocab import ORG_TYPES, PROGRAMME_KEYS, SECTOR_GROUPS

#: A level and a parent (None at level 1): where the units of a selection are.
Place = tuple[int, str | None]

#: Most units :func:`compare_units` puts side by side (a readable table and chart).
MAX_COMPARED = 5

#: The column of :func:`compare_units` that adds the compared units up (``totals=True``).
TOTAL_COLUMN = "total"

_PROGRAMME_KEYS = tuple(PROGRAMME_KEYS.values())

#: Measures of :func:`compare_units` by section, in order.
COMPARE_SECTIONS: dict[str, tuple[str, ...]] = {
    "indicators": (
        "population",
        "orgs",
        "cooperatives",
        "coop_share",
        "association_share",
        "orgs_per_100k",
        "orgs_per_10k_km2",
        "members_total",
        "members_known_orgs",
        "median_members",
        "women_share",
        "members_women_base",
        "youth_share",
        "members_youth_base",
        "orgs_social_services",
        "orgs_federated",
    ),
    "sectors": tuple(f"orgs_group_{g}" for g in SECTOR_GROUPS),
    "types": tuple(f"type_share_{t}" for t in ORG_TYPES),
    "coverage": ("reached_any", "coverage_any", *(f"coverage_{k}" for k in _PROGRAMME_KEYS)),
    "priority": (
        *(f"priority_{c}" for c in COMPONENTS),
        *(f"priority_{c}_points" for c in COMPONENTS),
        "priority_score",
        "priority_rank",
        "priority_missing",
    ),
}


# --------------------------------------------------------------------------- checks


def _unit_problems(
    known: Sequence[str], units: object, *, limit: int | None
) -> tuple[list[str], list[str]]:
    """Return the canonical unit ids (in the order given) and every problem with them."""
    if isinstance(units, str) or not isinstance(units, Sequence | np.ndarray | pd.Index):
        return [], [f"units must be a list of unit ids such as ['CO-NAR'], got {units!r}"]
    known = list(known)
    codes = [str(u).strip().upper() for u in units]
    problems: list[str] = []
    if not codes:
        problems.append("select at least one unit")
    unknown = [c for c in dict.fromkeys(codes) if c not in known]
    if unknown:
        problems.append(f"units {unknown} are not in the unit table (e.g. {known[:3]})")
    twice = [c for c in dict.fromkeys(codes) if codes.count(c) > 1]
    if twice:
        problems.append(f"units {twice} are listed more than once")
    if limit is not None and len(dict.fromkeys(codes)) > limit:
        n = len(dict.fromkeys(codes))
        problems.append(
            f"at most {limit} units can be compared side by side, got {n}: "
            f"{list(dict.fromkeys(codes))}; remove {n - limit}, or add them up with "
            "selection_totals"
        )
    return list(dict.fromkeys(codes)), problems


def _checked_table(
    prepared: PreparedData, filters: Filters, unit_table: pd.DataFrame | None, place: Place
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Return the unit table (computed if not given), its organizations and its units' positions.

    The positions are each row's among the level's units (``PreparedData.level_codes``).
    The mask keeps the organizations that match ``filters`` and lie in the table's units.
    """
    level, parent = place
    table = unit_table
    if table is None:
        table = compute_indicators(prepared, filters, level=level, parent=parent)
    ids, codes = prepared.level_codes(level)
    rows = pd.Index(ids).get_indexer(table[UNIT_ID].astype(str))
    inside = np.zeros(len(ids) + 1, dtype=bool)  # code -1 (no unit at this level): last
    inside[rows[rows >= 0]] = True
    mask = filter_mask(prepared, filters) & inside[codes]
    same_units = (rows >= 0).all() and len(np.unique(rows)) == len(rows)
    orgs = int(table["orgs"].sum())
    if not same_units or orgs != int(mask.sum()):
        raise InputValidationError(
            f"the unit table ({orgs} organizations) was not computed "
            f"from these data and filters ({int(mask.sum())} organizations match); "
            "pass the same filters"
        )
    return table, mask, rows


# --------------------------------------------------------------------------- totals


class _Columns:
    """The unit table's columns that totals read, as arrays (read once for every row)."""

    def __init__(self, prepared: PreparedData, table: pd.DataFrame, positions: np.ndarray) -> None:
        self.additive = additive_columns(prepared.sectors)
        # one matrix for every column that adds up (counts: exact in float64)
        self.sums = table[self.additive].to_numpy(dtype="float64", na_value=np.nan)
        self.population = table["population"].to_numpy(dtype="float64", na_value=np.nan)
        self.area = table["area_km2"].to_numpy(dtype="float64", na_value=np.nan)
        self.country = table["country"].to_numpy()
        self.positions = positions  # each row's position among the level's units


def _totals(
    prepared: PreparedData, columns: _Columns, mask: np.ndarray, rows: np.ndarray, level: int
) -> dict[str, object]:
    """Return sums over the unit rows ``rows``, with pooled shares and the median recomputed."""
    summed = columns.sums[rows].sum(axis=0)
    sums = {c: summed[i : i + 1] for i, c in enumerate(columns.additive)}
    population = columns.population[rows]
    pop = float(population.sum()) if rows.any() and not np.isnan(population).any() else np.nan
    area = float(columns.area[rows].sum())
    denominators = {"population": np.array([pop]), "area_km2": np.array([area])}
    several = np.array([len(set(columns.country[rows])) > 1])
    pooled = per_country_only(derive_ratios({**sums, **denominators}, np.array([True])), several)
    ids, codes = prepared.level_codes(level)
    picked = np.zeros(len(ids) + 1, dtype=bool)  # code -1 (no unit at this level): last
    picked[columns.positions[rows]] = True
    chosen = mask & picked[codes] & prepared.has_members
    out: dict[str, object] = {"units_in_scope": int(rows.sum()), "population": pop}
    out.update({c: int(v[0]) for c, v in sums.items()})
    out.update({c: float(v[0]) for c, v in pooled.items()})
    out["median_members"] = float(np.median(prepared.members[chosen])) if chosen.any() else np.nan
    return out


def totals_rows(
    prepared: PreparedData,
    filters: Filters | None,
    units: Sequence[str],
    *,
    unit_table: pd.DataFrame | None = None,
    place: Place = (1, None),
    selection: bool = True,
) -> list[dict[str, Any]]:
    """Return the rows of :func:`selection_totals` as dictionaries (the same parameters).

    ``population`` is a float here (NaN when a unit lacks it). ``selection=False``
    leaves out the selection's row and ignores ``units``: the filtered units alone, as
    the dashboard shows them when nothing is selected.
    """
    f = filters or Filters()
    table, mask, positions = _checked_table(prepared, f, unit_table, place)
    in_scope = table["in_scope"].to_numpy(dtype=bool)
    rows: list[tuple[dict[str, object], np.ndarray]] = []
    if selection:
        codes, problems = _unit_problems(table[UNIT_ID].astype(str), units, limit=None)
        if problems:
            raise InputValidationError(problems)
        chosen = np.isin(table[UNIT_ID].astype(str).to_numpy(), codes) & in_scope
        head = {"level": "selection", "units": "|".join(codes), "units_selected": len(codes)}
        rows.append((head, chosen))
    filtered = {"level": "filtered", "units": pd.NA, "units_selected": int(in_scope.sum())}
    rows.append((filtered, in_scope))
    columns = _Columns(prepared, table, positions)
    return [{**head, **_totals(prepared, columns, mask, which, place[0])} for head, which in rows]


def selection_totals(
    prepared: PreparedData,
    filters: Filters | None,
    units: Sequence[str],
    *,
    unit_table: pd.DataFrame | None = None,
    place: Place = (1, None),
) -> pd.DataFrame:
    """Add up a set of units for the filters, beside the whole filtered set.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    filters
        Which organizations count (None: all); a selected unit outside the
        filters' countries or units counts nothing.
    units
        Ids of the selected units (any number, each once) at ``place``'s level.
    unit_table
        The output of :func:`geo.indicators.compute.compute_indicators` for ``filters`` and
        ``place`` (:func:`geo.indicators.unit_tables.unit_table`), to reuse it; computed when None.
    place
        The level and parent (:data:`geo.units.levels.LEVELS`) of the units: ``(1, None)``
        for the level-1 units, ``(2, "CO-ANT")`` for Antioquia's municipios. "Every
        unit in the filters" is then every unit of that parent in the filters.

    Returns
    -------
    pandas.DataFrame
        Two rows, ``level`` = ``"selection"`` then ``"filtered"`` (every unit in
        the filters): ``units`` (the selected codes, ``|``-separated; NA for
        ``filtered``), ``units_selected``, ``units_in_scope``, ``population``
        (NA if a unit lacks it), ``orgs``, counts by type, ``cooperatives``,
        ``coop_share``, ``association_share``, ``orgs_group_<g>``,
        ``orgs_per_100k``, ``members_total``, ``members_known_orgs``,
        ``median_members`` (of the organizations), ``members_per_100k``
        (members reported, per 100,000 inhabitants), women and youth with their
        bases and pooled shares, ``reached_any``, ``coverage_any`` and
        ``reached_<p>``, ``coverage_<p>`` per programme. Shares are fractions,
        NaN when their denominator is 0.

    Raises
    ------
    InputValidationError
        Listing every problem: no unit, unknown or repeated units, a unit table
        computed with other filters.
    """
    rows = totals_rows(prepared, filters, units, unit_table=unit_table, place=place)
    out = pd.DataFrame(rows)
    out["population"] = pd.array(out["population"].to_numpy(dtype="float64"), dtype="Int64")
    return out


# --------------------------------------------------------------------------- comparison


def compare_units(
    prepared: PreparedData,
    filters: Filters | None,
    units: Sequence[str],
    weights: Mapping[str, object] | None = None,
    *,
    coverage_programme: str | None = None,
    per_population: bool = False,
    place: Place = (1, None),
    totals: bool = False,
) -> pd.DataFrame:
    """Put up to :data:`MAX_COMPARED` units side by side.

    The priority index is computed over every unit in the filters (ranks are
    among them all) with ``weights`` and the options of
    :func:`geo.indicators.compute.compute_indicators`.

    Parameters
    ----------
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    filters
        Which organizations count (None: all).
    units
        One to five ISO 3166-2 codes; the columns follow this order.
    weights
        Priority weights; None reads ``geo/indicators/priority_weights.toml``.
    coverage_programme, per_population
        Priority options (see :func:`geo.indicators.priority.priority_components`).
    place
        The level and parent of the units, as in :func:`selection_totals`.
    totals
        Add the column :data:`TOTAL_COLUMN`: the compared units added up by
        :func:`selection_totals` (sums, pooled shares, the median of their
        organizations); NA where a measure does not add up (priority, name).

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``section`` (``unit``, then the keys of
        :data:`COMPARE_SECTIONS`: indicators, sector groups, type mix, coverage
        per programme, priority components, points, score and rank),
        ``measure`` (the unit-table column) and one column per unit, named by
        its code (values of mixed types, so ``object`` dtype; shares are
        fractions), then the total when asked.

    Raises
    ------
    InputValidationError
        Listing every problem: more than five units, none, unknown or repeated
        ones, invalid weights or options.
    """
    view = View(
        filters=filters or Filters(),
        programme=coverage_programme,
        per_population=per_population,
        level=place[0],
        parent=place[1],
    )
    table = unit_table(prepared, view, weights)  # the page's table: computed once
    codes, problems = _unit_problems(table[UNIT_ID].astype(str), units, limit=MAX_COMPARED)
    if problems:
        raise InputValidationError(problems)
    picked = table.set_index(UNIT_ID).loc[codes]
    measures = [("unit", m) for m in ("name", "country", "in_scope")]
    measures += [(section, m) for section, names in COMPARE_SECTIONS.items() for m in names]
    cols: dict[str, list[object]] = {
        "section": [s for s, _ in measures],
        "measure": [m for _, m in measures],
    }
    for code in codes:
        cols[code] = [_plain(picked.at[code, m]) for _, m in measures]
    if totals:
        cols[TOTAL_COLUMN] = _total_column(prepared, view, table, codes, [m for _, m in measures])
    return pd.DataFrame(cols, dtype=object)


def _total_column(
    prepared: PreparedData, view: View, table: pd.DataFrame, codes: list[str], measures: list[str]
) -> list[object]:
    """Return the compared units' totals, measure by measure (NA where none adds up)."""
    summed = selection_totals(
        prepared, view.filters, codes, unit_table=table, place=(view.level, view.parent)
    ).iloc[0]
    countries = "|".join(
        dict.fromkeys(str(table.set_index(UNIT_ID).at[c, "country"]) for c in codes)
    )
    own: dict[str, object] = {"name": pd.NA, "country": countries, "in_scope": pd.NA}
    return [
        own[m] if m in own else (_plain(summed[m]) if m in summed.index else pd.NA)
        for m in measures
    ]


def _plain(value: object) -> object:
    """Return a Python scalar for an object column: NA for missing, else int, float, str."""
    if value is None or value is pd.NA:
        return pd.NA
    if isinstance(value, np.generic):
        value = value.item()
    return value
