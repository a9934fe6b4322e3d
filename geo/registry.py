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
(:class:`geo.import_rows.Rows`): reader problems, text fields, ids, country,
coordinates and their units (:mod:`geo.import_points`), written department,
types/sectors/services, numbers, possible duplicates. Each stage rejects or
flags rows; a rejected row is left alone by the later stages. Programme rows are
imported by :mod:`geo.programmes`; the rejected table and the report are built
by :mod:`geo.import_report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.boundaries import load_boundaries
from geo.gazetteer import Gazetteer
from geo.gazetteer_admin2 import Admin2Gazetteer, default_admin2_gazetteer
from geo.header_row import locate_header
from geo.import_admin2 import (
    WrittenAdmin2,
    describe_candidates,
    province_as_department,
    resolve_written_admin2,
)
from geo.import_country import country_from_file
from geo.import_ids import ids, text_fields
from geo.import_points import locate_points, parse_coordinates
from geo.import_report import organizations_report, rejected_table
from geo.import_rows import (
    ImportResult,
    OrgRows,
    canonical_frame,
    map_unique,
    missing_columns_error,
    year_text,
)
from geo.import_types import types_sectors_services
from geo.raw_table import RawTable
from geo.schema import (
    ORG_HEADERS,
    ORG_REQUIRED,
    canonical_country,
    canonical_org_type,
    map_headers,
)
from geo.settings import STORAGE_CRS, get_settings
from geo.text import fold
from geo.vocab import ORG_TYPES

Policy = Literal["name", "point"]

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
        Raw tables from :func:`geo.readers.read_table`, one per input file.
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
        :mod:`geo.header_row`).
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
    fixed_country, fixed_type, tables, frames, mappings = _check_inputs(
        tables,
        country=country,
        policy=policy,
        mapping=mapping,
        org_type=org_type,
        header_row=header_row,
    )
    boundaries = load_boundaries("full", level=2) if boundaries is None else boundaries
    gazetteer = Gazetteer() if gazetteer is None else gazetteer
    if gazetteer2 is None:
        gazetteer2 = default_admin2_gazetteer(get_settings().boundaries_dir)
    rows = OrgRows(_concat(frames))
    rows.headers = {id(raw): mappings.get(raw.source_file, {}) for raw in tables}
    _reader_problems(rows, tables)
    text_fields(rows, tables)
    ids(rows)
    _country(rows, fixed_country)
    country_from_file(rows, gazetteer, gazetteer2, fixed_country=fixed_country)
    _coordinates(rows, tables, boundaries)
    _written_department(rows, gazetteer)
    written2 = resolve_written_admin2(
        rows,
        gazetteer2,
        countries=rows.countries.to_numpy(dtype=object),
        dept_resolved=rows.resolved,
        headers=rows.headers,
    )
    _choose_units(rows, written2, policy)
    _reject_unlocated(rows, written2)
    types_sectors_services(rows, default_type=fixed_type)
    _numbers(rows)
    _possible_duplicates(rows)
    accepted = _accepted_frame(rows, gazetteer2)
    rejected = rejected_table(tables, rows)
    report = organizations_report(tables, rows, rows.resolved, mappings, len(accepted), rejected)
    statuses = accepted["status"].value_counts()
    report.update(
        rows.notes,
        statuses={k: int(v) for k, v in statuses.items()},
        inactive=int(statuses.drop(["active", "unknown"], errors="ignore").sum()),
    )
    return ImportResult(accepted, rejected, report)


def _maps_required(mapping: dict[str, str] | None) -> Callable[[list[str]], bool]:
    """Return a test of header cells: do they map the name and a department or a point."""

    def test(headers: list[str]) -> bool:
        found = map_headers(headers, ORG_HEADERS, mapping)
        located = "department" in found or ("latitude" in found and "longitude" in found)
        return all(f in found for f in ORG_REQUIRED) and located

    return test


def _check_options(
    country: str | None, policy: str, org_type: str | None, problems: list[str]
) -> tuple[str | None, str | None]:
    """Check ``--country``, ``--policy`` and ``--type``; return the canonical country and type."""
    fixed_country = fixed_type = None
    if country is not None:
        fixed_country = canonical_country(country)
        if fixed_country is None:
            problems.append(f"--country must be CO, PE or EC; got {country!r}")
    if policy not in ("name", "point"):
        problems.append(f"policy must be 'name' or 'point'; got {policy!r}")
    if org_type is not None:
        fixed_type, known = (org_type, True) if org_type in ORG_TYPES else (None, False)
        if not known:
            fixed_type, known = canonical_org_type(org_type)
        if not known:
            problems.append(
                f"--type must be one of {', '.join(ORG_TYPES)} (or a label such as "
                f"'Cooperativa'); got {org_type!r}"
            )
    return fixed_country, fixed_type


def _check_inputs(
    tables: list[RawTable],
    *,
    country: str | None,
    policy: str,
    mapping: dict[str, str] | None,
    org_type: str | None = None,
    header_row: int | None = None,
) -> tuple[str | None, str | None, list[RawTable], list[pd.DataFrame], dict[str, dict[str, str]]]:
    """Check the options and each file's columns; raise once with every problem.

    Returns the fixed country and type, the tables under their header rows (see
    :func:`geo.header_row.locate_header`), the canonical frames and each file's
    header mapping.
    """
    problems: list[str] = []
    fixed_country, fixed_type = _check_options(country, policy, org_type, problems)
    frames, mappings, located = [], {}, []
    maps_required = _maps_required(mapping)
    for given in tables:
        try:
            raw = locate_header(given, maps_required, header_row=header_row)
        except InputValidationError as exc:
            problems.extend(exc.problems)
            continue
        located.append(raw)
        frame, found = canonical_frame(raw, ORG_HEADERS, mapping)
        needs = [f for f in ORG_REQUIRED if f not in found]
        has_point = "latitude" in found and "longitude" in found
        if "department" not in found and not has_point:
            needs.append("department (or latitude and longitude)")
        if needs:
            problems.append(
                missing_columns_error(
                    raw, {**ORG_HEADERS, needs[-1]: ORG_HEADERS["department"]}, needs
                )
            )
            continue
        frames.append(frame)
        mappings[raw.source_file] = found
    if problems:
        raise InputValidationError(problems)
    return fixed_country, fixed_type, located, frames, mappings


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=[*ORG_HEADERS, "source_file", "source_row", "_table", "_pos"])
    return pd.concat(frames, ignore_index=True)


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
        return (
            f"{rows.where(i)}: {problem}. Fix: quote fields that contain "
            "the delimiter, or re-export the file."
        )

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
    """Coordinates: parse them, join usable points to units (see :mod:`geo.import_points`)."""
    rows.lat, rows.lon, usable = parse_coordinates(rows, tables)
    countries = rows.countries.to_numpy(dtype=object)
    pos = locate_points(rows, rows.lat, rows.lon, usable, countries, boundaries)
    found = pos >= 0
    at = np.clip(pos, 0, None)
    if "admin2_id" in boundaries.columns:  # level 2: the unit and the level-1 unit it is in
        ids = boundaries["admin2_id"].to_numpy(dtype=object)
        rows.point_admin2 = _pick(found, ids[at])
        parents = boundaries["drawn_in_iso_3166_2"].to_numpy(dtype=object)
        rows.point_iso = _pick(found, parents[at])
    else:
        rows.point_iso = _pick(found, boundaries["iso_3166_2"].to_numpy(dtype=object)[at])


def _pick(mask: np.ndarray, values: np.ndarray, other: np.ndarray | None = None) -> np.ndarray:
    """Return ``values`` where ``mask``, else ``other`` (None by default), as an object array."""
    out = np.full(len(mask), None, dtype=object) if other is None else other.astype(object)
    out[mask] = np.asarray(values, dtype=object)[mask]
    return out


def _written_department(rows: OrgRows, gazetteer: Gazetteer) -> None:
    """Written department: resolve it (a non-Peruvian PROVINCIA column is a department)."""
    province_as_department(rows, rows.countries.to_numpy(dtype=object))
    resolved = gazetteer.resolve_many(rows.df["department"], rows.countries)
    name_ok = resolved["status"].to_numpy(dtype=object) == "matched"
    rows.flag(name_ok & (resolved["method"].to_numpy(dtype=object) == "fuzzy"), "fuzzy_department")
    rows.resolved = resolved


def _choose_units(rows: OrgRows, written2: WrittenAdmin2, policy: Policy) -> None:
    """Choose each row's units (both levels) between what is written and the point."""
    df, resolved = rows.df, rows.resolved
    status = resolved["status"].to_numpy(dtype=object)
    dept_iso = np.where(status == "matched", resolved["iso_3166_2"].to_numpy(dtype=object), None)
    has_dept = df["department"].notna().to_numpy()
    has_point = rows.point_iso != None  # noqa: E711
    s2 = written2.status
    # the declared level-1 unit: the department, else the parent of the written municipality
    from_muni = (dept_iso == None) & np.isin(s2, ["matched", "not_drawn"])  # noqa: E711
    decl_iso = np.where(from_muni, written2.parent, dept_iso)
    decl_ok = decl_iso != None  # noqa: E711
    decl_admin2 = _pick(s2 == "matched", written2.admin2_id)
    rows.flag(from_muni, "department_from_municipality")
    from_name = decl_ok & ((policy == "name") | ~has_point)
    rows.iso = np.where(from_name, decl_iso, rows.point_iso)
    rows.location_source = np.where(from_name, "name", "point")
    # level 2: the written unit; else the point's unit when it lies in the kept level-1 unit
    point_fits = has_point & (rows.point_iso == rows.iso)
    keep_written = (decl_admin2 != None) & (from_name | ~has_point)  # noqa: E711
    rows.admin2 = _pick(keep_written, decl_admin2, _pick(point_fits, rows.point_admin2))
    differs = decl_ok & has_point & (decl_iso != rows.point_iso)
    rows.flag(differs, "point_outside_declared_unit")
    both2 = (decl_admin2 != None) & (rows.point_admin2 != None)  # noqa: E711
    rows.flag(
        both2 & point_fits & ~differs & (decl_admin2 != rows.point_admin2),
        "point_outside_declared_municipality",
    )
    rows.flag(
        has_dept & (status == "unmatched") & has_point & ~decl_ok, "department_unmatched_point_used"
    )
    rows.flag(
        has_dept & (status == "ambiguous") & has_point & ~decl_ok, "department_ambiguous_point_used"
    )
    rows.flag(written2.given & (s2 == "ambiguous"), "municipality_ambiguous")
    rows.flag(written2.given & (s2 == "unmatched"), "municipality_unmatched")
    rows.flag(s2 == "not_drawn", "municipality_not_drawn")
    rows.flag(written2.code_name_disagree, "municipality_code_name_disagree")


def _ambiguous_message(where: str, value: object, cands: tuple, has_muni: bool) -> str:
    """Explain an ambiguous department: the candidates with their countries, and the fix."""
    listed = ", ".join(f"{nm} ({code}, {code[:2]})" for code, nm, _ in cands) or "none"
    countries = sorted({code[:2] for code, _, _ in cands})
    if len(countries) > 1:
        fix = (
            f"add a country column, or pass --country {' or --country '.join(countries)} when "
            "the whole file is of one country"
        )
        fix += "" if has_muni else ", or add the municipio / cantón (it tells which)"
    else:
        names = " or ".join(repr(nm) for _, nm, _ in cands)
        fix = f"write the full name ({names}), or add the municipio / provincia"
    return f"{where}, column 'department': {value!r} matches several units: {listed}. Fix: {fix}."


def _reject_unlocated(rows: OrgRows, written2: WrittenAdmin2) -> None:
    """Rows that neither the department, the municipality nor the point locate are rejected."""
    df, resolved = rows.df, rows.resolved
    status = resolved["status"].to_numpy(dtype=object)
    cands = resolved["candidates"].to_numpy(dtype=object)
    has_dept = df["department"].notna().to_numpy()
    has_muni = written2.given
    dept_values = df["department"].to_numpy(dtype=object)
    country_arr = rows.countries.to_numpy(dtype=object)

    def location_message(i: int) -> str:
        where = rows.where(i)
        suggestions = ", ".join(f"{nm} ({code})" for code, nm, _ in cands[i]) or "none"
        if not has_dept[i] and has_muni[i]:
            kind = (
                "matches several units"
                if written2.status[i] == "ambiguous"
                else ("is not a municipio, provincia or cantón code or name")
            )
            return (
                f"{where}, column 'municipality': {written2.written[i]!r} {kind}"
                f"{' of ' + country_arr[i] if country_arr[i] else ''}; candidates: "
                f"{describe_candidates(written2.candidates[i])}. Fix: add the department "
                "(or province) column, the country, or coordinates."
            )
        if not has_dept[i]:
            return (
                f"{where}: no department, no municipality and no usable coordinates; expected "
                "a department or province, a municipality (name or code), or latitude and "
                "longitude. Fix: fill in one of them."
            )
        if status[i] == "ambiguous":
            return _ambiguous_message(where, dept_values[i], cands[i], has_muni[i])
        scope = country_arr[i] or "CO, PE or EC"
        return (
            f"{where}, column 'department': {dept_values[i]!r} is not a department or province "
            f"of {scope}; closest: {suggestions}. Fix: correct the spelling, or add coordinates."
        )

    no_iso = rows.iso == None  # noqa: E711
    rows.reject(no_iso & ~has_dept & ~has_muni, "no_location", location_message)
    rows.reject(no_iso & (status == "ambiguous"), "ambiguous_department", location_message)
    rows.reject(no_iso & has_dept, "unmatched_department", location_message)
    rows.reject(
        no_iso & (written2.status == "ambiguous"), "ambiguous_municipality", location_message
    )
    rows.reject(no_iso, "unmatched_municipality", location_message)


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


def _possible_duplicates(rows: OrgRows) -> None:
    """Possible duplicates: same folded name in the same unit with different ids."""
    folded_names = map_unique(rows.df["name"], lambda v: fold(v) if isinstance(v, str) else None)
    dup_key = (folded_names + "@" + pd.Series(rows.iso, dtype=object).fillna("")).where(
        rows.alive, None
    )
    rows.flag(
        (dup_key.notna() & dup_key.duplicated(keep=False)).to_numpy(dtype=bool),
        "possible_duplicate",
    )


def _accepted_frame(rows: OrgRows, gazetteer2: Admin2Gazetteer) -> gpd.GeoDataFrame:
    """Return the accepted rows as a GeoDataFrame with :data:`ORG_COLUMNS` and point geometry."""
    df, acc = rows.df, np.flatnonzero(rows.alive)
    iso_country = np.array(
        [i.split("-")[0] if isinstance(i, str) else None for i in rows.iso], dtype=object
    )

    def text(column: str) -> np.ndarray:
        return df[column].to_numpy(dtype=object)[acc]

    admin2_code = np.array([a.split("-", 1)[1] if a else None for a in rows.admin2], dtype=object)
    units2 = gazetteer2.by_id
    admin2_name = np.array([units2[a].name if a else None for a in rows.admin2], dtype=object)

    accepted = pd.DataFrame(
        {
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
    )
    geometry = gpd.points_from_xy(accepted["longitude"], accepted["latitude"], crs=STORAGE_CRS)
    geometry[~np.isfinite(accepted["latitude"].to_numpy())] = None
    return gpd.GeoDataFrame(accepted, geometry=geometry, crs=STORAGE_CRS)
