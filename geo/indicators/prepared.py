"""Preparation: the processed tables as numpy arrays, built once for fast filtering.

:func:`prepare` checks the processed ``organizations`` and ``programmes``
tables and turns them into a :class:`PreparedData`: integer unit codes,
categorical codes for type and sector, bit masks for social services and
programme reach, members and participants as floats, and orders pre-sorted for
medians. Problems that make the data unusable raise one
:class:`~geo._errors.InputValidationError` listing all of them; tolerated ones
are kept in :attr:`PreparedData.notices`. :func:`measure_columns` gives the
column layout of the unit table that :mod:`geo.indicators.compute` fills.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.indicators.org_columns import examples, org_arrays
from geo.indicators.prepared_admin2 import Admin2Arrays, admin2_arrays, default_units2
from geo.indicators.priority import priority_columns
from geo.indicators.years import ProgrammeYears, programme_years
from geo.units.boundaries import load_population, load_units
from geo.units.levels import get_level
from geo.units.need import NEED_SUMS, NEED_UNIT_COLUMNS, load_need, need_unit_values
from geo.vocab import (
    COUNTRY_CODES,
    ORG_TYPES,
    PROGRAMME_KEYS,
    SECTOR_GROUPS,
    SERVICES,
    sector_group,
)

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
    programme_years
        Every participation row by year (:mod:`geo.indicators.years`): a period's
        reach and participants are computed from them.
    period_rows
        The participation rows of a period (:func:`geo.indicators.periods.in_period`):
        when set, the unit tables sum the participants from these rows, not from the
        ``participants_*`` columns of ``values`` (which hold every year's); None for
        the prepared arrays themselves.
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
    status_code: np.ndarray  # index in STATUSES; processed data without a status: unknown
    order_country: np.ndarray
    order_all: np.ndarray
    admin2: Admin2Arrays | None = field(default=None)
    programme_years: ProgrammeYears | None = field(default=None)  # reach by year
    period_rows: ProgrammeYears | None = field(default=None)  # a period's participation

    @property
    def members(self) -> np.ndarray:
        """Members per organization (0 where unknown; see ``has_members``)."""
        return self.values[:, 0]

    @property
    def n_orgs(self) -> int:
        """Number of organizations."""
        return int(self.unit_code.size)

    def level_codes(self, level: int) -> tuple[np.ndarray, np.ndarray]:
        """Return a level's unit ids, and each organization's position among them.

        Parameters
        ----------
        level
            A level of :data:`geo.units.levels.LEVELS`.

        Returns
        -------
        tuple of numpy.ndarray
            The unit ids in code order, and per organization (prepared order) the
            position of its unit, ``-1`` for an organization without a unit there.
        """
        if get_level(level).parent_level is None:
            return self.units["iso_3166_2"].to_numpy(dtype=object), self.unit_code
        if self.admin2 is None:
            raise InputValidationError("these prepared data have no level-2 arrays")
        return self.admin2.units["admin2_id"].to_numpy(dtype=object), self.admin2.code

    @property
    def n_units(self) -> int:
        """Number of units (rows of every unit table)."""
        return len(self.units)

    @property
    def columns(self) -> list[str]:
        """Columns of :func:`geo.indicators.compute.compute_indicators`'s output, in order."""
        return [*_ID_COLUMNS, *measure_columns(self.sectors), *priority_columns()]


_ID_COLUMNS = (
    "unit_id",
    "parent_id",
    "iso_3166_2",
    "country",
    "name",
    "in_scope",
    "population",
    "area_km2",
)

#: Unit-table sums taken from :attr:`PreparedData.values`, in its column order.
VALUE_COLUMNS: tuple[str, ...] = (
    "members_total",
    "members_women",
    "members_women_base",
    "members_youth",
    "members_youth_base",
    *(f"participants_{key}" for key in PROGRAMME_KEYS.values()),
    *(f"participants_women_{key}" for key in PROGRAMME_KEYS.values()),
)


def measure_columns(sectors: Sequence[str]) -> list[str]:
    """Return the measure columns of the unit table, in order, for ``sectors``.

    Parameters
    ----------
    sectors
        Sector categories (:attr:`PreparedData.sectors`); each gets an
        ``orgs_sector_<key>`` column, followed by ``orgs_sector_unknown`` and
        one ``orgs_group_<group>`` column per sector group.

    Returns
    -------
    list of str
        Counts, shares, densities, members, services and programme columns,
        without the unit identifiers and the priority columns.
    """
    cols = ["orgs", *(f"orgs_{t}" for t in ORG_TYPES), "cooperatives", "coop_share"]
    cols += ["association_share", *(f"type_share_{t}" for t in ORG_TYPES)]
    cols += [*(f"orgs_sector_{s}" for s in sectors), "orgs_sector_unknown"]
    cols += [f"orgs_group_{g}" for g in SECTOR_GROUPS]
    cols += ["orgs_per_100k", "orgs_per_10k_km2"]
    cols += ["members_total", "members_known_orgs", "median_members"]
    cols += ["members_women", "members_women_base", "women_share"]
    cols += ["members_youth", "members_youth_base", "youth_share"]
    cols += ["orgs_social_services", *(f"services_{s}" for s in SERVICES), "orgs_federated"]
    cols += ["reached_any", "coverage_any", "not_reached", "participants", "participants_women"]
    for key in PROGRAMME_KEYS.values():
        cols += [f"reached_{key}", f"coverage_{key}"]
        cols += [f"participants_{key}", f"participants_women_{key}"]
    cols += [*NEED_SUMS, "rural_share", "poverty_rate"]
    return cols


def sector_group_matrix(sectors: Sequence[str]) -> np.ndarray:
    """Return the (sector code, group) 0/1 matrix of ``sectors`` plus the unknown code.

    Row ``i`` is sector code ``i`` of :attr:`PreparedData.sectors`; the last row
    (unknown sector) is all zeros, so unknown sectors count in no group. Columns
    follow :data:`geo.vocab.SECTOR_GROUPS`; sector keys found only in the data
    are in ``other`` (:func:`geo.vocab.sector_group`).
    """
    matrix = np.zeros((len(sectors) + 1, len(SECTOR_GROUPS)), dtype=np.int64)
    for i, sector in enumerate(sectors):
        matrix[i, SECTOR_GROUPS.index(sector_group(sector))] = 1
    return matrix


def _default_units() -> pd.DataFrame:
    units = load_units()
    need = need_unit_values(load_need(1)).reindex(units["iso_3166_2"].to_numpy())
    units = units.assign(**{c: need[c].to_numpy() for c in NEED_UNIT_COLUMNS})
    return units.assign(area_km2=pd.to_numeric(units["official_area_km2"], errors="coerce"))


def need_columns(units: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return a unit table's need columns (:data:`~geo.units.need.NEED_UNIT_COLUMNS`), else NaN."""
    nan = np.full(len(units), np.nan)
    return {
        c: pd.to_numeric(units[c], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        if c in units.columns
        else nan
        for c in NEED_UNIT_COLUMNS
    }


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
            **need_columns(units),
        }
    )
    return table, problems


def prepare(
    organizations: pd.DataFrame,
    programmes: pd.DataFrame | None = None,
    *,
    units: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
    units2: pd.DataFrame | None = None,
) -> PreparedData:
    """Turn the processed tables into arrays for the indicators (run once per data load).

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
    units2
        Level-2 unit table (see :func:`geo.indicators.prepared_admin2.admin2_arrays`); defaults to
        the committed 1,541 units with the layer's areas. Organizations are placed by
        their ``admin2_code`` (and ``country``).

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
    unit_table = _checked_unit_table(units, population, organizations, programmes)
    unit_country = pd.Index(COUNTRY_CODES).get_indexer(unit_table["country"]).astype(np.int8)
    orgs = organizations.reset_index(drop=True)
    org_id, unit_code, type_code = _checked_org_codes(orgs, unit_table, unit_country)

    notices: list[str] = []
    sectors, per_org, fed_sets = org_arrays(orgs, programmes, org_id, notices)
    per_org["unit_code"] = unit_code.astype(np.int32)
    per_org["type_code"] = type_code.astype(np.int8)
    year = per_org["year"]

    # sort by (unit, members) so that unit medians read sorted runs
    member_key = np.where(per_org["has_members"], per_org["values"][:, 0], np.inf)
    order = np.lexsort((member_key, unit_code))
    s = {name: values[order] for name, values in per_org.items()}
    s["values"] = np.ascontiguousarray(s["values"])
    order_country, order_all = _median_orders(
        unit_country[s["unit_code"]], s["has_members"], s["values"][:, 0]
    )
    years = year[~np.isnan(year)]
    admin2 = admin2_arrays(
        orgs,
        unit_table["iso_3166_2"],
        order,
        member_key,
        default_units2() if units2 is None else units2,
        notices,
    )
    return PreparedData(
        units=unit_table,
        sectors=sectors,
        federations=tuple(sorted(set().union(*fed_sets))) if fed_sets else (),
        year_range=(int(years.min()), int(years.max())) if years.size else None,
        notices=tuple(notices),
        row=order.astype(np.int64),
        unit_bounds=np.concatenate(
            [[0], np.cumsum(np.bincount(s["unit_code"], minlength=len(unit_table)))]
        ),
        unit_country=unit_country,
        federation_sets=tuple(fed_sets),
        order_country=order_country,
        order_all=order_all,
        admin2=admin2,
        programme_years=programme_years(programmes, s["org_id"]),
        period_rows=None,  # every year's participants (in values)
        **s,
    )


def _checked_unit_table(
    units: pd.DataFrame,
    population: pd.DataFrame,
    organizations: pd.DataFrame,
    programmes: pd.DataFrame | None,
) -> pd.DataFrame:
    """Return the unit table; raise listing every problem of it and of the input columns."""
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
    return unit_table


def _checked_org_codes(
    orgs: pd.DataFrame, unit_table: pd.DataFrame, unit_country: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``org_id``, unit code and type code per row; raise listing every bad row kind."""
    problems: list[str] = []
    org_id = orgs["org_id"].astype(str).to_numpy(dtype=object)
    dupes = pd.Series(org_id)[pd.Series(org_id).duplicated()].unique()
    if dupes.size:
        problems.append(f"organizations: duplicate org_id {examples(dupes)}")
    iso = orgs["iso_3166_2"].astype(str).str.upper()
    unit_code = pd.Index(unit_table["iso_3166_2"]).get_indexer(iso)
    if (unit_code < 0).any():
        problems.append(
            f"organizations: iso_3166_2 not in the unit table {examples(iso[unit_code < 0])}"
        )
    type_code = pd.Index(ORG_TYPES).get_indexer(orgs["org_type"].astype(str))
    if (type_code < 0).any():
        bad = orgs["org_type"].astype(str)[type_code < 0]
        problems.append(f"organizations: org_type not in {list(ORG_TYPES)}: {examples(bad)}")
    if not problems:
        declared = orgs["country"].astype(str).str.upper().to_numpy()
        expected = np.asarray(COUNTRY_CODES, dtype=object)[unit_country[unit_code]]
        wrong = declared != expected
        if wrong.any():
            problems.append(
                f"organizations: {int(wrong.sum())} rows whose country disagrees with their "
                f"unit, e.g. org_id {examples(org_id[wrong])}"
            )
    if problems:
        raise InputValidationError(problems)
    return org_id, unit_code, type_code


def _median_orders(
    country: np.ndarray, has_members: np.ndarray, members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of organizations with known members sorted by (country, members) and members."""
    known_pos = np.flatnonzero(has_members)
    order_country = known_pos[np.lexsort((members[known_pos], country[known_pos]))]
    order_all = known_pos[np.argsort(members[known_pos], kind="stable")]
    return order_country, order_all
