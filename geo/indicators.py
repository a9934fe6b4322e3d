"""Indicators of organizations per unit, per country and overall, for any filter.

The dashboard recomputes every indicator on each click, so the work is split in
two steps:

1. :func:`prepare` runs once. It turns the processed ``organizations`` and
   ``programmes`` tables into numpy arrays: integer unit codes, categorical
   codes for type and sector, bit masks for social services and programme reach,
   members and participants as floats, and orders pre-sorted for medians.
2. :func:`compute_indicators` runs per click. It builds one boolean mask from a
   :class:`Filters` and sums per unit with :func:`numpy.bincount`. It returns one
   row for every unit of the unit table (83 by default), zeros and NaN where
   nothing matches, with the priority index (:mod:`geo.priority`) beside.

:func:`summarise` gives country and overall rows from the same sums (never
averages of unit ratios); medians are recomputed from the organizations.

Definitions (see ``docs/indicators.md``):

* Types, sectors, services and programmes use the vocabularies of
  :mod:`geo.schema`.
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
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.boundaries import COUNTRIES, load_population, load_units
from geo.catalogue import PROGRAMMES, indicator_info
from geo.filters import COUNTRY_CODES, KEY_RE, LIST_SEPARATOR, Filters
from geo.priority import priority_arrays, priority_columns
from geo.schema import ORG_TYPES, SECTORS, SERVICES

#: Code of the overall row of :func:`summarise`.
ALL_CODE = "ALL"

Level = Literal["country", "all"]


# --------------------------------------------------------------------------- preparation

_ORG_COLUMNS = (
    "org_id",
    "country",
    "iso_3166_2",
    "org_type",
    "sector",
    "members_total",
    "members_women",
    "members_youth",
    "year_founded",
    "federations",
    "social_services",
)
_PROGRAMME_COLUMNS = ("org_id", "programme")
_N_SERVICE_COMBOS = 1 << len(SERVICES)
_N_PROGRAMME_COMBOS = 1 << len(PROGRAMMES)


def _bit_matrix(n_bits: int) -> np.ndarray:
    """(2**n_bits, n_bits) matrix whose row c holds the bits of c."""
    combos = np.arange(1 << n_bits)[:, None]
    return ((combos >> np.arange(n_bits)[None, :]) & 1).astype(np.int64)


_SERVICE_BITS = _bit_matrix(len(SERVICES))
_PROGRAMME_BITS = _bit_matrix(len(PROGRAMMES))


@dataclass(frozen=True, eq=False)
class PreparedData:
    """Organizations and programmes as numpy arrays, ready for fast filtering.

    Build it with :func:`prepare`. Arrays hold one entry per organization,
    sorted by (unit, members) so unit medians need no sort per call; ``row``
    gives each entry's position in the original ``organizations`` frame.

    Attributes
    ----------
    units
        ``iso_3166_2``, ``country``, ``name``, ``population`` (Int64),
        ``area_km2`` (float), one row per output row.
    sectors
        Sector categories (canonical first, then extra ones in the data); code
        ``len(sectors)`` means unknown.
    federations
        Every federation name found, sorted (for a dropdown).
    year_range
        (first, last) founding year in the data, or None.
    notices
        Data problems that were tolerated (programme rows of unknown
        organizations, unknown services ...).
    values
        One row per organization, one column per additive sum of
        :data:`VALUE_COLUMNS` (members, women and youth with their bases,
        participants per programme), 0 where unknown. Row-major, so filtering
        gathers each selected organization's values in one memory access.
    """

    units: pd.DataFrame
    sectors: tuple[str, ...]
    federations: tuple[str, ...]
    year_range: tuple[int, int] | None
    notices: tuple[str, ...]
    row: np.ndarray
    org_id: np.ndarray
    unit_code: np.ndarray
    unit_bounds: np.ndarray
    unit_country: np.ndarray
    type_code: np.ndarray
    sector_code: np.ndarray
    year: np.ndarray
    has_members: np.ndarray
    values: np.ndarray
    service_bits: np.ndarray
    federation_combo: np.ndarray
    federated: np.ndarray
    federation_sets: tuple[frozenset[str], ...]
    reach_bits: np.ndarray
    order_country: np.ndarray
    order_all: np.ndarray

    @property
    def members(self) -> np.ndarray:
        """Members per organization (0 where unknown; see ``has_members``)."""
        return self.values[:, 0]

    @property
    def n_orgs(self) -> int:
        """Number of organizations."""
        return int(self.unit_code.size)

    @property
    def n_units(self) -> int:
        """Number of units (rows of every unit table)."""
        return len(self.units)

    @property
    def columns(self) -> list[str]:
        """Columns of :func:`compute_indicators`'s output, in order."""
        return [*_ID_COLUMNS, *_measure_columns(self.sectors), *priority_columns()]


_ID_COLUMNS = ("iso_3166_2", "country", "name", "in_scope", "population", "area_km2")

#: Unit-table sums taken from :attr:`PreparedData.values`, in its column order.
VALUE_COLUMNS: tuple[str, ...] = (
    "members_total",
    "members_women",
    "members_women_base",
    "members_youth",
    "members_youth_base",
    *(f"participants_{key}" for key in PROGRAMMES.values()),
    *(f"participants_women_{key}" for key in PROGRAMMES.values()),
)


def _measure_columns(sectors: Sequence[str]) -> list[str]:
    cols = ["orgs", *(f"orgs_{t}" for t in ORG_TYPES), "cooperatives", "coop_share"]
    cols += ["association_share", *(f"type_share_{t}" for t in ORG_TYPES)]
    cols += [*(f"orgs_sector_{s}" for s in sectors), "orgs_sector_unknown"]
    cols += ["orgs_per_100k", "orgs_per_10k_km2"]
    cols += ["members_total", "members_known_orgs", "median_members"]
    cols += ["members_women", "members_women_base", "women_share"]
    cols += ["members_youth", "members_youth_base", "youth_share"]
    cols += ["orgs_social_services", *(f"services_{s}" for s in SERVICES), "orgs_federated"]
    cols += ["reached_any", "coverage_any", "not_reached", "participants", "participants_women"]
    for key in PROGRAMMES.values():
        cols += [f"reached_{key}", f"coverage_{key}"]
        cols += [f"participants_{key}", f"participants_women_{key}"]
    return cols


def _default_units() -> pd.DataFrame:
    units = load_units()
    return units.assign(area_km2=pd.to_numeric(units["official_area_km2"], errors="coerce"))


def _prepare_units(units: pd.DataFrame, population: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    problems: list[str] = []
    missing = [c for c in ("iso_3166_2", "country", "name") if c not in units.columns]
    if missing:
        problems.append(f"units: missing columns {missing}")
    if "area_km2" not in units.columns and "official_area_km2" not in units.columns:
        problems.append("units: needs an 'area_km2' (or 'official_area_km2') column")
    for c in ("iso_3166_2", "population"):
        if c not in population.columns:
            problems.append(f"population: missing column {c!r}")
    if problems:
        return pd.DataFrame(), problems
    iso = units["iso_3166_2"].astype(str)
    if iso.duplicated().any():
        problems.append(f"units: duplicate codes {sorted(set(iso[iso.duplicated()]))}")
    bad_country = sorted(set(units["country"].astype(str)) - set(COUNTRY_CODES))
    if bad_country:
        problems.append(f"units: unknown countries {bad_country}; allowed {list(COUNTRY_CODES)}")
    area_col = "area_km2" if "area_km2" in units.columns else "official_area_km2"
    pop = population.assign(iso=population["iso_3166_2"].astype(str))
    pop = pop.drop_duplicates("iso").set_index("iso")["population"]
    table = pd.DataFrame(
        {
            "iso_3166_2": iso.to_numpy(dtype=object),
            "country": units["country"].astype(str).to_numpy(dtype=object),
            "name": units["name"].astype(str).to_numpy(dtype=object),
            "population": pd.array(
                pd.to_numeric(pop.reindex(iso.to_numpy()), errors="coerce")
                .round()
                .to_numpy(dtype="float64", na_value=np.nan),
                dtype="Int64",
            ),
            "area_km2": pd.to_numeric(units[area_col], errors="coerce").to_numpy(dtype="float64"),
        }
    )
    return table, problems


def _numeric(column: pd.Series, name: str, notices: list[str]) -> np.ndarray:
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = int((column.notna().to_numpy() & np.isnan(values)).sum())
    negative = values < 0
    if bad:
        notices.append(f"{name}: {bad} non-numeric values treated as unknown")
    if negative.any():
        notices.append(f"{name}: {int(negative.sum())} negative values treated as unknown")
        values[negative] = np.nan
    return values


def _split_lists(column: pd.Series) -> tuple[np.ndarray, list[frozenset[str]]]:
    """Factorize a ``|``-separated column: codes per row and the set of each distinct value."""
    codes, uniques = pd.factorize(column.fillna("").astype(str))
    sets = [
        frozenset(part.strip() for part in str(u).split(LIST_SEPARATOR) if part.strip())
        for u in uniques
    ]
    return codes.astype(np.int32), sets


def prepare(
    organizations: pd.DataFrame,
    programmes: pd.DataFrame | None = None,
    *,
    units: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
) -> PreparedData:
    """Turn the processed tables into arrays for :func:`compute_indicators` (run once).

    Parameters
    ----------
    organizations
        Processed organizations (see ``docs/indicators.md`` for the columns read).
    programmes
        Processed programme participation (``org_id``, ``programme``, optional
        ``participants``, ``participants_women``); None for no programme data.
    units
        Unit table (``iso_3166_2``, ``country``, ``name`` and ``area_km2`` or
        ``official_area_km2``); defaults to the committed 83 units with their
        official areas. Output rows follow its order.
    population
        ``iso_3166_2``, ``population``; defaults to ``data/boundaries/population.csv``.

    Returns
    -------
    PreparedData

    Raises
    ------
    InputValidationError
        Listing every problem that makes the data unusable: missing columns,
        duplicate ``org_id``, units or types outside the vocabularies, a
        ``country`` that disagrees with the unit's country.
    """
    units = _default_units() if units is None else units
    population = load_population() if population is None else population
    unit_table, problems = _prepare_units(units, population)
    missing = [c for c in _ORG_COLUMNS if c not in organizations.columns]
    if missing:
        problems.append(f"organizations: missing columns {missing}")
    if programmes is not None:
        missing_p = [c for c in _PROGRAMME_COLUMNS if c not in programmes.columns]
        if missing_p:
            problems.append(f"programmes: missing columns {missing_p}")
    if problems:
        raise InputValidationError(problems)

    orgs = organizations.reset_index(drop=True)
    notices: list[str] = []
    org_id = orgs["org_id"].astype(str).to_numpy(dtype=object)
    dupes = pd.Series(org_id)[pd.Series(org_id).duplicated()].unique()
    if dupes.size:
        problems.append(f"organizations: duplicate org_id {_some(dupes)}")
    iso = orgs["iso_3166_2"].astype(str).str.upper()
    unit_code = pd.Index(unit_table["iso_3166_2"]).get_indexer(iso)
    if (unit_code < 0).any():
        problems.append(
            f"organizations: iso_3166_2 not in the unit table {_some(iso[unit_code < 0])}"
        )
    type_code = pd.Index(ORG_TYPES).get_indexer(orgs["org_type"].astype(str))
    if (type_code < 0).any():
        bad = orgs["org_type"].astype(str)[type_code < 0]
        problems.append(f"organizations: org_type not in {list(ORG_TYPES)}: {_some(bad)}")
    unit_country_all = pd.Index(COUNTRY_CODES).get_indexer(unit_table["country"]).astype(np.int8)
    if not problems:
        declared = orgs["country"].astype(str).str.upper().to_numpy()
        expected = np.asarray(COUNTRY_CODES, dtype=object)[unit_country_all[unit_code]]
        wrong = declared != expected
        if wrong.any():
            problems.append(
                f"organizations: {int(wrong.sum())} rows whose country disagrees with their "
                f"unit, e.g. org_id {_some(org_id[wrong])}"
            )
    if problems:
        raise InputValidationError(problems)

    sectors, sector_code = _sector_codes(orgs["sector"], notices)

    total = _numeric(orgs["members_total"], "members_total", notices)
    women = _numeric(orgs["members_women"], "members_women", notices)
    youth = _numeric(orgs["members_youth"], "members_youth", notices)
    year = _numeric(orgs["year_founded"], "year_founded", notices)
    has_members = ~np.isnan(total)
    women_pair = has_members & ~np.isnan(women)
    youth_pair = has_members & ~np.isnan(youth)

    service_codes, service_sets = _split_lists(orgs["social_services"])
    unknown_services = sorted(set().union(*service_sets) - set(SERVICES)) if service_sets else []
    if unknown_services:
        notices.append(
            f"social services outside the vocabulary counted as 'other': {unknown_services}"
        )
    # unknown keys count as "other" (once, even if "other" is also listed)
    service_masks = np.array([_service_mask(st) for st in service_sets], dtype=np.uint16)
    service_bits = (
        service_masks[service_codes] if service_sets else np.zeros(len(orgs), dtype=np.uint16)
    )
    fed_codes, fed_sets = _split_lists(orgs["federations"])

    n = len(orgs)
    reach = np.zeros(n, dtype=np.uint8)
    part = np.zeros((len(PROGRAMMES), n))
    part_w = np.zeros((len(PROGRAMMES), n))
    if programmes is not None and len(programmes):
        _programme_arrays(programmes, org_id, reach, part, part_w, notices)

    # sort by (unit, members) so that unit medians read sorted runs
    member_key = np.where(has_members, total, np.inf)
    order = np.lexsort((member_key, unit_code))
    unit_code_s = unit_code[order].astype(np.int32)
    unit_country = unit_country_all
    country_s = unit_country[unit_code_s]
    has_s = has_members[order]
    members_s = np.where(has_s, total[order], 0.0)
    known_pos = np.flatnonzero(has_s)
    order_country = known_pos[np.lexsort((members_s[known_pos], country_s[known_pos]))]
    order_all = known_pos[np.argsort(members_s[known_pos], kind="stable")]
    years = year[~np.isnan(year)]
    return PreparedData(
        units=unit_table,
        sectors=sectors,
        federations=tuple(sorted(set().union(*fed_sets))) if fed_sets else (),
        year_range=(int(years.min()), int(years.max())) if years.size else None,
        notices=tuple(notices),
        row=order.astype(np.int64),
        org_id=org_id[order],
        unit_code=unit_code_s,
        unit_bounds=np.concatenate(
            [[0], np.cumsum(np.bincount(unit_code_s, minlength=len(unit_table)))]
        ),
        unit_country=unit_country,
        type_code=type_code[order].astype(np.int8),
        sector_code=sector_code[order].astype(np.int16),
        year=year[order],
        has_members=has_s,
        values=np.ascontiguousarray(
            np.column_stack(
                [
                    members_s,
                    np.where(women_pair, women, 0.0)[order],
                    np.where(women_pair, total, 0.0)[order],
                    np.where(youth_pair, youth, 0.0)[order],
                    np.where(youth_pair, total, 0.0)[order],
                    *part[:, order],
                    *part_w[:, order],
                ]
            )
        ),
        service_bits=service_bits[order],
        federation_combo=fed_codes[order],
        federated=np.array([bool(st) for st in fed_sets], dtype=bool)[fed_codes[order]]
        if fed_sets
        else np.zeros(n, dtype=bool),
        federation_sets=tuple(fed_sets),
        reach_bits=reach[order],
        order_country=order_country,
        order_all=order_all,
    )


def _sector_codes(column: pd.Series, notices: list[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """Sector categories (canonical, then extra keys found) and each row's code.

    Missing or blank sectors get code ``len(sectors)`` (unknown); values that are
    not lower-case keys are counted as ``other`` with a notice.
    """
    codes, uniques = pd.factorize(column)  # NA -> -1; the per-value work is on uniques
    keys = [str(u).strip().lower() for u in uniques]
    extra = sorted({k for k in keys if k and k not in SECTORS and KEY_RE.match(k)})
    invalid = sorted({k for k in keys if k and k not in SECTORS and not KEY_RE.match(k)})
    if invalid:
        notices.append(f"sectors that are not keys counted as 'other': {_some(invalid)}")
    sectors = (*SECTORS, *extra)
    position = {s: i for i, s in enumerate(sectors)}
    unknown = len(sectors)
    lookup = np.array(
        [unknown if not k else position.get(k, position["other"]) for k in keys]
        + [unknown],  # index -1 (missing) reads the last entry
        dtype=np.int16,
    )
    return sectors, lookup[codes]


def _service_mask(services: frozenset[str]) -> int:
    keys = {s if s in SERVICES else "other" for s in services}
    return sum(1 << SERVICES.index(s) for s in keys)


def _programme_arrays(
    programmes: pd.DataFrame,
    org_id: np.ndarray,
    reach: np.ndarray,
    part: np.ndarray,
    part_w: np.ndarray,
    notices: list[str],
) -> None:
    """Fill reach bits and per-programme participant sums (in the organizations' order)."""
    pos = pd.Index(org_id).get_indexer(programmes["org_id"].astype(str))
    unknown_org = pos < 0
    if unknown_org.any():
        ids = programmes["org_id"].astype(str)[unknown_org]
        notices.append(
            f"programmes: {int(unknown_org.sum())} rows of organizations not in the table "
            f"ignored, e.g. {_some(ids)}"
        )
    names = programmes["programme"].astype(str)
    prog_code = pd.Index(list(PROGRAMMES)).get_indexer(names)
    unknown_prog = (prog_code < 0) & ~unknown_org
    if unknown_prog.any():
        notices.append(
            f"programmes: {int(unknown_prog.sum())} rows with a programme outside "
            f"{list(PROGRAMMES)} ignored, e.g. {_some(names[unknown_prog])}"
        )
    keep = (pos >= 0) & (prog_code >= 0)
    n = org_id.size
    for name, target in (("participants", part), ("participants_women", part_w)):
        if name in programmes.columns:
            values = _numeric(programmes[name], f"programmes.{name}", notices)
        else:
            values = np.full(len(programmes), np.nan)
        values = np.nan_to_num(values, nan=0.0)
        for j in range(len(PROGRAMMES)):
            rows = keep & (prog_code == j)
            target[j] = np.bincount(pos[rows], weights=values[rows], minlength=n)
    for j in range(len(PROGRAMMES)):
        rows = keep & (prog_code == j)
        reach[np.unique(pos[rows])] |= np.uint8(1 << j)


def _some(values: Sequence[object] | np.ndarray | pd.Series, limit: int = 5) -> str:
    items = list(dict.fromkeys(str(v) for v in values))
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return f"{items[:limit]}{more}"


def matching_rows(prepared: PreparedData, filters: Filters | None = None) -> np.ndarray:
    """Return the positions (in the original ``organizations`` frame) of matching organizations.

    Parameters
    ----------
    prepared
        From :func:`prepare`.
    filters
        Filters; None for all organizations.

    Returns
    -------
    numpy.ndarray
        Sorted integer positions, for ``organizations.iloc[...]``.
    """
    return np.sort(prepared.row[filter_mask(prepared, filters)])


# --------------------------------------------------------------------------- computation


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
        From :func:`prepare`.
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
    if f.org_types:
        bits = np.int8(sum(1 << ORG_TYPES.index(t) for t in f.org_types))
        mask &= ((bits >> p.type_code) & 1).view(bool)  # bit test, no index gather
    if f.sectors:
        allowed = np.isin(np.asarray([*p.sectors, ""], dtype=object), f.sectors)
        allowed[-1] = False  # unknown sector never matches
        mask &= np.take(allowed, p.sector_code)
    if f.programmes:
        bits = sum(1 << list(PROGRAMMES).index(prog) for prog in f.programmes)
        mask &= (p.reach_bits & np.uint8(bits)) != 0
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
        bits = sum(1 << SERVICES.index(s) for s in f.social_services)
        mask &= (p.service_bits & np.uint16(bits)) != 0
    return mask


def _to_int(x: np.ndarray) -> np.ndarray:
    return np.rint(x).astype(np.int64)


def _unit_sums(p: PreparedData, mask: np.ndarray) -> dict[str, np.ndarray]:
    """Additive columns per unit from one pass of bincounts over the masked organizations."""
    n_units = p.n_units
    idx = np.flatnonzero(mask)
    u = p.unit_code[idx].astype(np.int64)

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
    for name, column in zip(VALUE_COLUMNS, _segment_sums(p.values, idx, u, n_units).T, strict=True):
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
    out["not_reached"] = out["orgs"] - out["reached_any"]
    per_programme = by_reach @ _PROGRAMME_BITS
    for j, key in enumerate(PROGRAMMES.values()):
        out[f"reached_{key}"] = per_programme[:, j]
    keys = list(PROGRAMMES.values())
    out["participants"] = sum(out[f"participants_{k}"] for k in keys)
    out["participants_women"] = sum(out[f"participants_women_{k}"] for k in keys)
    return out


def _segment_sums(values: np.ndarray, idx: np.ndarray, u: np.ndarray, n_units: int) -> np.ndarray:
    """Per-unit column sums of ``values[idx]``; ``u`` (unit of each idx) is non-decreasing."""
    out = np.zeros((n_units, values.shape[1]))
    if idx.size == 0:
        return out
    counts = np.bincount(u, minlength=n_units)
    present = np.flatnonzero(counts)
    starts = (np.cumsum(counts) - counts)[present]
    rows = values if idx.size == values.shape[0] else np.take(values, idx, axis=0)
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


def _derived(cols: Mapping[str, np.ndarray], in_scope: np.ndarray) -> dict[str, np.ndarray]:
    """Shares and densities from the additive columns (same code for units and groups)."""
    orgs = cols["orgs"]
    out: dict[str, np.ndarray] = {
        "coop_share": _ratio(cols["cooperatives"], orgs),
        "association_share": _ratio(
            cols["orgs_producer_association"] + cols["orgs_pre_cooperative"], orgs
        ),
    }
    for t in ORG_TYPES:
        out[f"type_share_{t}"] = _ratio(cols[f"orgs_{t}"], orgs)
    population = np.asarray(cols["population"], dtype="float64")
    area = np.asarray(cols["area_km2"], dtype="float64")
    out["orgs_per_100k"] = np.where(in_scope, _ratio(orgs, population, 1e5), np.nan)
    out["orgs_per_10k_km2"] = np.where(in_scope, _ratio(orgs, area, 1e4), np.nan)
    out["women_share"] = _ratio(cols["members_women"], cols["members_women_base"])
    out["youth_share"] = _ratio(cols["members_youth"], cols["members_youth_base"])
    out["coverage_any"] = _ratio(cols["reached_any"], orgs)
    for key in PROGRAMMES.values():
        out[f"coverage_{key}"] = _ratio(cols[f"reached_{key}"], orgs)
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


def compute_indicators(
    prepared: PreparedData,
    filters: Filters | None = None,
    *,
    weights: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """Compute every indicator per unit for ``filters``, with the priority index.

    Parameters
    ----------
    prepared
        From :func:`prepare`.
    filters
        Which organizations count; None for all.
    weights
        Priority weights (see :func:`geo.priority.validate_weights`); None reads
        ``geo/priority_weights.toml``.

    Returns
    -------
    pandas.DataFrame
        One row per unit of ``prepared.units`` in its order, columns
        ``prepared.columns`` (see ``docs/indicators.md``): counts are int64,
        shares, densities and medians float64 (NaN = no data), ``population``
        and ``priority_rank`` Int64.

    Raises
    ------
    InputValidationError
        If a filter names a unit that is not in the unit table, or the weights
        are invalid.
    """
    f = filters or Filters()
    _check_filters(prepared, f)
    mask = filter_mask(prepared, f)
    in_scope = _unit_scope(prepared, f)
    units = prepared.units
    sums = _unit_sums(prepared, mask)
    numeric = {
        **sums,
        "population": units["population"].to_numpy(dtype="float64", na_value=np.nan),
        "area_km2": units["area_km2"].to_numpy(dtype="float64"),
    }
    derived = _derived(numeric, in_scope)
    derived["median_members"] = _unit_medians(prepared, mask)
    cols: dict[str, object] = {
        "iso_3166_2": units["iso_3166_2"].array,
        "country": units["country"].array,
        "name": units["name"].array,
        "in_scope": in_scope,
        "population": units["population"].array,
        "area_km2": numeric["area_km2"],
    }
    for c in _measure_columns(prepared.sectors):
        cols[c] = sums[c] if c in sums else derived[c]
    cols.update(
        priority_arrays(
            {**numeric, **derived, "iso_3166_2": units["iso_3166_2"].to_numpy()}, weights
        )
    )
    return pd.DataFrame(cols)


def additive_columns(sectors: Sequence[str]) -> list[str]:
    """Return the columns that add up across units (counts and sums), for ``sectors``."""
    return [
        c
        for c in _measure_columns(sectors)
        if indicator_info(c).kind in ("count", "sum") and c != "median_members"
    ]


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
        :data:`COUNTRY_CODES` order) or ``"all"`` (one row, ``country`` =
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
    if by not in ("country", "all"):
        raise InputValidationError(f"by must be 'country' or 'all', got {by!r}")
    f = filters or Filters()
    mask = filter_mask(prepared, f)
    if int(unit_table["orgs"].sum()) != int(mask.sum()) or len(unit_table) != prepared.n_units:
        raise InputValidationError(
            f"the unit table ({int(unit_table['orgs'].sum())} organizations) was not computed "
            f"with these filters ({int(mask.sum())} organizations match); pass the same filters"
        )
    in_scope = unit_table["in_scope"].to_numpy(dtype=bool)
    present = [c for c in COUNTRY_CODES if c in set(prepared.units["country"])]
    if by == "country":
        unit_group = pd.Index(present).get_indexer(prepared.units["country"])
        codes, names = present, [COUNTRIES[c] for c in present]
    else:
        unit_group = np.zeros(prepared.n_units, dtype=np.int64)
        codes, names = [ALL_CODE], ["Total"]
    n_groups = len(codes)
    g = unit_group[in_scope]

    def group_sum(column: str) -> np.ndarray:
        values = pd.to_numeric(unit_table[column]).to_numpy(dtype="float64", na_value=np.nan)
        return np.bincount(g, weights=values[in_scope], minlength=n_groups)

    units_in_scope = np.bincount(g, minlength=n_groups)
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
        **_derived(numeric, units_in_scope > 0),
        "median_members": _group_medians(prepared, mask, by, n_groups, present),
    }
    return pd.DataFrame(cols, columns=list(cols)[:6] + _measure_columns(prepared.sectors))


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
