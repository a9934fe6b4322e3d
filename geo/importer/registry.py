"""Import organization registries: map headers, validate rows, join them to units.

Every input row ends in exactly one of two tables:

* **accepted**: one row per organization, with its unit (``iso_3166_2``),
  canonical type, sector and services, parsed numbers and ``flags`` saying
  what was repaired or doubtful;
* **rejected**: the row's original fields plus ``source_file``, ``source_row``,
  a ``reason`` code and a human ``message`` (file, row, column, value received,
  what was expected, the fix).

Location policy (see ``data/organizations/README.md``): a row with coordinates
is joined point-in-polygon on the full-resolution boundaries; a row with a
written department is resolved with the gazetteer; with both, the written
department wins by default (it is the legal domicile) and a disagreement is
flagged ``point_outside_declared_unit``; ``policy="point"`` makes the point win.

:func:`import_organizations` is a pipeline of stages over one row state
(:class:`geo.importer.rows.Rows`): reader problems, text fields, ids, country,
coordinates and their units (:mod:`geo.importer.points`), written department,
types/sectors/services, numbers, possible duplicates. Each stage rejects or
flags rows; a rejected row is left alone by the later stages. Programme rows are
imported by :mod:`geo.importer.programmes`; the rejected table and the report are built
by :mod:`geo.importer.report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.importer.admin2 import (
    province_as_department,
    resolve_written_admin2,
)
from geo.importer.country import country_from_file
from geo.importer.ids import ids, text_fields
from geo.importer.inputs import check_inputs, concat_frames
from geo.importer.points import locate_points, parse_coordinates
from geo.importer.report import organizations_report, rejected_table
from geo.importer.rows import (
    ImportResult,
    OrgRows,
    map_unique,
    year_text,
)
from geo.importer.schema import (
    canonical_country,
)
from geo.importer.types import types_sectors_services
from geo.importer.units import Policy, choose_units, pick, reject_unlocated
from geo.io.raw_table import RawTable
from geo.io.text_arrays import text_array
from geo.io.text_columns import fold_column
from geo.notice import Notice
from geo.settings import STORAGE_CRS, get_settings
from geo.units.boundaries import load_boundaries
from geo.units.gazetteer import Gazetteer
from geo.units.gazetteer_admin2 import Admin2Gazetteer, default_admin2_gazetteer

ORG_COLUMNS = [
    "org_id", "name", "country", "department_raw", "iso_3166_2", "municipality", "admin2_code",
    "admin2_name", "org_type",
    "org_type_raw", "sector", "sector_raw", "members_total", "members_women", "members_youth",
    "year_founded", "federations", "social_services", "latitude", "longitude",
    "status", "location_source", "flags", "source_file", "source_row",
]  # fmt: skip


def import_organizations(
    tables: list[RawTable],
    *,
    country: str | None = None,
    policy: Policy = "name",
    mapping: dict[str, str] | None = None,
    boundaries: gpd.GeoDataFrame | None = None,
    gazetteer: Gazetteer | None = None,
    gazetteer2: Admin2Gazetteer | None = None,
    org_type: str | None = None,
    header_row: int | None = None,
) -> ImportResult:
    """Validate organization rows and join them to units.

    Parameters
    ----------
    tables
        Raw tables from :func:`geo.io.readers.read_table`, one per input file.
    country
        ISO alpha-2 country for files without a country column (``CO``, ``PE``, ``EC``).
    policy
        ``"name"`` (default): the written department wins over coordinates;
        ``"point"``: coordinates win.
    mapping
        Explicit canonical field -> header mapping, for headers the aliases miss.
    org_type
        A type for rows without one (no type column, or an empty cell): a canonical
        type or a label ("Cooperativa"). Without it, the type is read from the name.
    header_row
        Force this 1-based row of every file as its header (default: found, see
        :mod:`geo.io.header_row`).
    boundaries, gazetteer, gazetteer2
        Full-resolution units and the gazetteers of both levels; default to the
        committed ones (level 2, whose points also give level 1). A level-1 layer
        (no ``admin2_id``) locates points at level 1 only.

    Returns
    -------
    ImportResult
        ``accepted`` is a GeoDataFrame with :data:`ORG_COLUMNS` and point geometry.

    Raises
    ------
    InputValidationError
        If a file lacks the required columns (the message lists the headers found
        and the names accepted), or ``country`` / ``policy`` is invalid.
    """
    fixed_country, fixed_type, tables, frames, mappings = check_inputs(
        tables,
        country=country,
        policy=policy,
        mapping=mapping,
        org_type=org_type,
        header_row=header_row,
    )
    context = Context.make(
        fixed_country, fixed_type, policy, boundaries=boundaries, gazetteer=gazetteer,
        gazetteer2=gazetteer2,
    )  # fmt: skip
    rows = OrgRows(concat_frames(frames))
    rows.headers = {id(raw): mappings.get(raw.source_file, {}) for raw in tables}
    run_stages(rows, tables, context)
    _possible_duplicates(rows)
    accepted = accepted_frame(rows, context.gazetteer2)
    rejected = rejected_table(tables, rows)
    report = organizations_report(tables, rows, rows.resolved, mappings, len(accepted), rejected)
    statuses = accepted["status"].value_counts()
    report.update(
        rows.notes,
        statuses={k: int(v) for k, v in statuses.items()},
        inactive=int(statuses.drop(["active", "unknown"], errors="ignore").sum()),
    )
    return ImportResult(accepted, rejected, report)


@dataclass(frozen=True)
class Context:
    """What every part of an import shares: the checked options, the units, the gazetteers."""

    fixed_country: str | None
    fixed_type: str | None
    policy: Policy
    boundaries: gpd.GeoDataFrame
    gazetteer: Gazetteer
    gazetteer2: Admin2Gazetteer

    @classmethod
    def make(
        cls,
        fixed_country: str | None,
        fixed_type: str | None,
        policy: Policy,
        *,
        boundaries: gpd.GeoDataFrame | None = None,
        gazetteer: Gazetteer | None = None,
        gazetteer2: Admin2Gazetteer | None = None,
    ) -> Context:
        """Load the committed units and gazetteers where none are given."""
        if boundaries is None:
            boundaries = load_boundaries("full", level=2)
        if gazetteer2 is None:
            gazetteer2 = default_admin2_gazetteer(get_settings().boundaries_dir)
        gazetteer = Gazetteer() if gazetteer is None else gazetteer
        return cls(fixed_country, fixed_type, policy, boundaries, gazetteer, gazetteer2)


def run_stages(rows: OrgRows, tables: list[RawTable], context: Context) -> None:
    """Run every stage that judges rows, up to (not including) possible duplicates.

    Parameters
    ----------
    rows
        The rows of ``tables`` (all of them, or a chunk of one file whose
        ``rows.facts`` hold what the whole file decided).
    tables
        The tables the rows come from.
    context
        Options, units and gazetteers.
    """
    _reader_problems(rows, tables)
    text_fields(rows, tables)
    ids(rows)
    _country(rows, context.fixed_country)
    country_from_file(
        rows, context.gazetteer, context.gazetteer2, fixed_country=context.fixed_country
    )
    _coordinates(rows, tables, context.boundaries)
    _written_department(rows, context.gazetteer)
    written2 = resolve_written_admin2(
        rows,
        context.gazetteer2,
        countries=rows.countries.to_numpy(dtype=object),
        dept_resolved=rows.resolved,
        headers=rows.headers,
    )
    choose_units(rows, written2, context.policy)
    reject_unlocated(rows, written2)
    types_sectors_services(rows, default_type=context.fixed_type)
    _numbers(rows)


def _reader_problems(rows: OrgRows, tables: list[RawTable]) -> None:
    """Reader problems: malformed CSV rows are rejected, other kinds are flagged."""
    df = rows.df
    for raw in tables:
        if not raw.row_problems:
            continue
        in_table = (df["_table"] == id(raw)).to_numpy()
        positions = df["_pos"].to_numpy()
        for pos, text in raw.row_problems.items():
            mask = in_table & (positions == pos)
            if raw.kind == "csv":
                rows.reject(mask, "malformed_row", _malformed_message(rows, text))
            else:
                rows.flag(mask, "row_problem")


def _malformed_message(rows: OrgRows, problem: str) -> Callable[[int], str]:
    def message(i: int) -> str:
        return Notice("row.malformed", where=rows.where(i), problem=problem)

    return message


def _country(rows: OrgRows, fixed_country: str | None) -> None:
    """Country: a column, else ``--country``; unknown values are rejected."""
    df = rows.df
    countries = map_unique(df["country"], canonical_country)
    if fixed_country is not None:
        countries = countries.where(df["country"].notna(), fixed_country)
    bad_country = (df["country"].notna() & countries.isna()).to_numpy()
    rows.reject(
        bad_country,
        "unknown_country",
        lambda i: (
            f"{rows.where(i)}, column 'country': got {df['country'].iat[i]!r}; expected "
            "Colombia, Perú or Ecuador (or CO, PE, EC). Fix: correct the country, or remove rows "
            "of other countries."
        ),
    )
    rows.countries = countries.astype(object).where(countries.notna(), None)


def _coordinates(rows: OrgRows, tables: list[RawTable], boundaries: gpd.GeoDataFrame) -> None:
    """Coordinates: parse them, join usable points to units (see :mod:`geo.importer.points`)."""
    rows.lat, rows.lon, usable = parse_coordinates(rows, tables)
    countries = rows.countries.to_numpy(dtype=object)
    pos = locate_points(rows, rows.lat, rows.lon, usable, countries, boundaries)
    found = pos >= 0
    at = np.clip(pos, 0, None)
    if "admin2_id" in boundaries.columns:  # level 2: the unit and the level-1 unit it is in
        ids = boundaries["admin2_id"].to_numpy(dtype=object)
        rows.point_admin2 = pick(found, ids[at])
        parents = boundaries["drawn_in_iso_3166_2"].to_numpy(dtype=object)
        rows.point_iso = pick(found, parents[at])
    else:
        rows.point_iso = pick(found, boundaries["iso_3166_2"].to_numpy(dtype=object)[at])


def _written_department(rows: OrgRows, gazetteer: Gazetteer) -> None:
    """Written department: resolve it (a non-Peruvian PROVINCIA column is a department)."""
    province_as_department(rows, rows.countries.to_numpy(dtype=object))
    resolved = gazetteer.resolve_many(rows.df["department"], rows.countries)
    name_ok = resolved["status"].to_numpy(dtype=object) == "matched"
    rows.flag(name_ok & (resolved["method"].to_numpy(dtype=object) == "fuzzy"), "fuzzy_department")
    rows.resolved = resolved


def _numbers(rows: OrgRows) -> None:
    """Numbers: member counts and founding year; invalid ones are flagged and left empty."""
    df = rows.df
    total, bad_t = rows.whole_numbers("members_total", lower=0, upper=10_000_000)
    women, bad_w = rows.whole_numbers("members_women", lower=0, upper=10_000_000)
    youth, bad_y = rows.whole_numbers("members_youth", lower=0, upper=10_000_000)
    df["year_founded"] = map_unique(df["year_founded"], year_text)
    year, bad_yr = rows.whole_numbers("year_founded", lower=1800, upper=dt.date.today().year)
    rows.flag(bad_t | bad_w | bad_y | bad_yr, "invalid_number")
    t = total.to_numpy(dtype="float64", na_value=np.nan)
    inconsistent = (women.to_numpy(dtype="float64", na_value=np.nan) > t) | (
        youth.to_numpy(dtype="float64", na_value=np.nan) > t
    )
    rows.flag(inconsistent, "members_inconsistent")
    rows.columns.update(
        members_total=total, members_women=women, members_youth=youth, year_founded=year
    )


def duplicate_keys(rows: OrgRows) -> pd.Series:
    """Return each row's possible-duplicate key (folded name @ unit); None on rejected rows."""
    folded = rows.folded_names
    if folded is None:
        folded = fold_column(rows.df["name"].to_numpy(dtype=object))
    folded_names = pd.Series(folded, dtype=object)
    return (folded_names + "@" + pd.Series(rows.iso, dtype=object).fillna("")).where(
        rows.alive, None
    )


def _possible_duplicates(rows: OrgRows) -> None:
    """Possible duplicates: same folded name in the same unit with different ids."""
    dup_key = duplicate_keys(rows)
    rows.flag(
        (dup_key.notna() & dup_key.duplicated(keep=False)).to_numpy(dtype=bool),
        "possible_duplicate",
    )


def _per_unit(units: np.ndarray, fn: Callable[[Any], Any]) -> np.ndarray:
    """Return ``fn`` of each row's unit, asked once per distinct unit (None included)."""
    return map_unique(pd.Series(units, dtype=object), fn).to_numpy(dtype=object)


def accepted_frame(rows: OrgRows, gazetteer2: Admin2Gazetteer) -> gpd.GeoDataFrame:
    """Return the accepted rows as a GeoDataFrame with :data:`ORG_COLUMNS` and point geometry."""
    df, acc = rows.df, np.flatnonzero(rows.alive)
    # each distinct unit once (a few thousand), then taken for every row
    iso_country = _per_unit(rows.iso, lambda i: i.split("-")[0] if isinstance(i, str) else None)

    def text(column: str) -> np.ndarray:
        return df[column].to_numpy(dtype=object)[acc]

    admin2_code = _per_unit(rows.admin2, lambda a: a.split("-", 1)[1] if a else None)
    units2 = gazetteer2.by_id
    admin2_name = _per_unit(rows.admin2, lambda a: units2[a].name if a else None)

    columns = {
        "org_id": text("org_id"),
        "name": text("name"),
        "country": iso_country[acc],
        "department_raw": text("department"),
        "iso_3166_2": rows.iso[acc],
        "municipality": text("municipality"),
        "admin2_code": admin2_code[acc],
        "admin2_name": admin2_name[acc],
        "org_type": rows.columns["org_type"][acc],
        "org_type_raw": text("org_type"),
        "sector": rows.columns["sector"][acc],
        "sector_raw": text("sector"),
        **{
            column: rows.columns[column][acc]
            for column in ("members_total", "members_women", "members_youth", "year_founded")
        },
        "federations": rows.columns["federations"][acc],
        "social_services": rows.columns["social_services"][acc],
        "status": rows.columns["status"][acc],
        "latitude": rows.lat[acc],
        "longitude": rows.lon[acc],
        "location_source": rows.location_source[acc],
        "flags": rows.flag_strings()[acc],
        "source_file": text("source_file"),
        "source_row": df["source_row"].to_numpy(dtype="int64")[acc],
    }
    # text columns made pandas' str arrays by Arrow (the same frame; pandas' own typing of
    # object arrays passes over every cell three times)
    accepted = pd.DataFrame({name: text_array(values) for name, values in columns.items()})
    geometry = gpd.points_from_xy(accepted["longitude"], accepted["latitude"], crs=STORAGE_CRS)
    geometry[~np.isfinite(accepted["latitude"].to_numpy())] = None
    return gpd.GeoDataFrame(accepted, geometry=geometry, crs=STORAGE_CRS)
