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
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.boundaries import load_boundaries
from geo.gazetteer import Gazetteer
from geo.join import SNAP_DISTANCE_M, locate, snap
from geo.number_text import parse_numbers
from geo.raw_table import TEXT_DTYPE, RawTable
from geo.schema import (
    ORG_HEADERS,
    ORG_REQUIRED,
    PROGRAMME_HEADERS,
    PROGRAMME_REQUIRED,
    canonical_country,
    canonical_org_type,
    canonical_programme,
    canonical_sector,
    canonical_services,
    map_headers,
    split_list,
)
from geo.settings import STORAGE_CRS
from geo.text import fold

Policy = Literal["name", "point"]

#: Rejection reasons: code -> short English description (the report and docs use it).
REJECTION_REASONS: dict[str, str] = {
    "missing_name": "the organization has no name",
    "duplicate_id": "an earlier row has the same organization id",
    "unknown_country": "the country is not Colombia, Peru or Ecuador",
    "no_location": "neither a department nor usable coordinates",
    "unmatched_department": "the department is not recognised and no coordinates locate the row",
    "ambiguous_department": "the department matches several units; no coordinates locate the row",
    "malformed_row": "the row has more fields than the header",
    "unknown_organization": "the programme row names an organization id that was not accepted",
    "missing_programme": "the programme row has no programme",
}

#: Flag codes on accepted rows -> description.
FLAGS: dict[str, str] = {
    "point_outside_declared_unit": "the coordinates fall in another unit than the department",
    "swapped_coordinates": "latitude and longitude were swapped; swapped back",
    "zero_coordinates": "coordinates (0, 0) were dropped",
    "invalid_coordinates": "coordinates not numbers or out of range were dropped",
    "incomplete_coordinates": "only one of latitude/longitude was given; dropped",
    "point_outside_country": "the coordinates fall outside the row's country; dropped",
    "snapped_to_unit": (
        f"the point was just off the coast; moved onto the nearest unit "
        f"(at most {SNAP_DISTANCE_M / 1000:g} km)"
    ),
    "department_unmatched_point_used": "the department was not recognised; the point located it",
    "department_ambiguous_point_used": "the department was ambiguous; the point located it",
    "fuzzy_department": "the department matched a unit by fuzzy matching",
    "type_unrecognised": "the organization type is empty or not recognised; counted as other SSE",
    "invalid_number": "a member count or year was not a valid number; left empty",
    "members_inconsistent": "women or youth members exceed the total",
    "generated_id": "the row had no organization id; one was generated from file and row",
    "possible_duplicate": "another organization has the same name in the same unit",
    "row_problem": "the reader reported a problem with this row",
}

ORG_COLUMNS = [
    "org_id", "name", "country", "department_raw", "iso_3166_2", "municipality", "org_type",
    "org_type_raw", "sector", "sector_raw", "members_total", "members_women", "members_youth",
    "year_founded", "federations", "social_services", "latitude", "longitude",
    "location_source", "flags", "source_file", "source_row",
]  # fmt: skip
PROGRAMME_COLUMNS = [
    "org_id", "programme", "programme_raw", "year", "participants", "participants_women",
    "flags", "source_file", "source_row",
]  # fmt: skip


@dataclass
class ImportResult:
    """Accepted and rejected rows of an import, and its report.

    Attributes
    ----------
    accepted
        Organizations (GeoDataFrame, EPSG:4326, point geometry or None) or programme rows.
    rejected
        Original fields plus ``source_file``, ``source_row``, ``reason``, ``message``.
    report
        JSON-serialisable summary (counts by reason and flag, unmatched names, mappings).
    """

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    report: dict[str, Any] = field(default_factory=dict)


def _missing_columns_error(
    raw: RawTable, aliases: dict[str, tuple[str, ...]], needs: list[str]
) -> str:
    accepted = "; ".join(f"{f}: {', '.join(repr(a) for a in aliases[f][:6])}" for f in needs)
    return (
        f"{raw.source_file}: required column(s) {', '.join(needs)} not found. "
        f"Headers found: {', '.join(repr(h) for h in raw.frame.columns) or '(none)'}. "
        f"Accepted names (case and accents ignored): {accepted}. "
        "Fix: rename the column in the file, or pass a mapping file (--mapping) naming it."
    )


#: Ecuador's SEPS writes the organization type in a column named "Sector".
_SEPS_SECTORS = {"cooperativo", "asociativo", "comunitario"}


def _seps_sector_is_type(raw: RawTable, found: dict[str, str]) -> bool:
    """Tell whether the "sector" column holds SEPS sectors and there is no type column."""
    if "org_type" in found or "sector" not in found:
        return False
    values = [fold(v) for v in raw.frame[found["sector"]].dropna().unique()[:1000]]
    values = [v for v in values if v]
    return bool(values) and sum(v in _SEPS_SECTORS for v in values) >= 0.8 * len(values)


def _canonical_frame(
    raw: RawTable, aliases: dict[str, tuple[str, ...]], mapping: dict[str, str] | None
) -> tuple[pd.DataFrame, dict[str, str]]:
    found = map_headers(list(raw.frame.columns), aliases, mapping)
    if _seps_sector_is_type(raw, found):
        found["org_type"] = found.pop("sector")
    n = len(raw.frame)
    data: dict[str, Any] = {}
    for field_name in aliases:
        header = found.get(field_name)
        # Keep the reader's Arrow text columns: no per-cell Python objects.
        data[field_name] = (
            raw.frame[header].astype(TEXT_DTYPE).reset_index(drop=True)
            if header
            else pd.Series(pd.NA, index=range(n), dtype=TEXT_DTYPE)
        )
    frame = pd.DataFrame(data)
    frame["source_file"] = raw.source_file
    frame["source_row"] = np.asarray(raw.row_numbers, dtype="int64")
    frame["_table"] = id(raw)
    frame["_pos"] = np.arange(n)
    return frame, found


def _map_unique(values: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value (registry columns repeat a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques.tolist()] + [fn(None)], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _strip_text(value: object) -> object:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _strip(values: pd.Series) -> pd.Series:
    """Strip white space; empty text becomes None."""
    return _map_unique(values, _strip_text)


class _Rows:
    """Row state of an import: rejection reasons, messages and flags, as arrays."""

    def __init__(self, n: int) -> None:
        self.reason = np.full(n, None, dtype=object)
        self.message = np.full(n, None, dtype=object)
        self.flags: dict[str, np.ndarray] = {}

    def reject(self, mask: np.ndarray, reason: str, message: Callable[[int], str]) -> None:
        """Reject the rows in ``mask`` not rejected yet; ``message(i)`` explains row ``i``."""
        mask = mask & self.alive
        for i in np.flatnonzero(mask):
            self.reason[i] = reason
            self.message[i] = message(i)

    def flag(self, mask: np.ndarray, code: str) -> None:
        current = self.flags.get(code)
        self.flags[code] = mask.copy() if current is None else (current | mask)

    @property
    def alive(self) -> np.ndarray:
        return self.reason == None  # noqa: E711

    def flag_strings(self) -> np.ndarray:
        out = np.full(self.reason.shape, "", dtype=object)
        for code in FLAGS:
            mask = self.flags.get(code)
            if mask is not None and mask.any():
                out[mask] = out[mask] + "|" + code
        return np.array([s[1:] for s in out], dtype=object)


def _where(frame: pd.DataFrame, i: int) -> str:
    return f"{frame['source_file'].iat[i]}, row {frame['source_row'].iat[i]}"


def _numbers(
    df: pd.DataFrame, column: str, decimals: dict[int, str | None] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Parse a text column file by file (each file has its own decimal separator).

    Returns float values (NaN when missing or invalid) and a mask of invalid text.
    """
    values = np.full(len(df), np.nan)
    invalid = np.zeros(len(df), dtype=bool)
    for table_id, idx in df.groupby("_table", sort=False).indices.items():
        decimal = (decimals or {}).get(table_id)
        numbers, bad = parse_numbers(df[column].iloc[idx], decimal=decimal)
        values[idx] = numbers.to_numpy(dtype="float64", na_value=np.nan)
        invalid[idx] = bad.to_numpy(dtype=bool)
    return values, invalid


def _parse_int(
    df: pd.DataFrame, column: str, *, lower: float, upper: float
) -> tuple[pd.Series, np.ndarray]:
    """Parse whole numbers in ``[lower, upper]``; others become NA and are reported invalid."""
    arr, invalid = _numbers(df, column)
    out_of_range = np.isfinite(arr) & ((arr < lower) | (arr > upper) | (arr != np.round(arr)))
    invalid = invalid | out_of_range
    arr[invalid] = np.nan
    return pd.array(arr, dtype="Float64").astype("Int64"), invalid


def import_organizations(
    tables: list[RawTable],
    *,
    country: str | None = None,
    policy: Policy = "name",
    mapping: dict[str, str] | None = None,
    boundaries: gpd.GeoDataFrame | None = None,
    gazetteer: Gazetteer | None = None,
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
    boundaries, gazetteer
        Full-resolution units and the gazetteer; default to the committed ones.

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
    problems = []
    fixed_country = None
    if country is not None:
        fixed_country = canonical_country(country)
        if fixed_country is None:
            problems.append(f"--country must be CO, PE or EC; got {country!r}")
    if policy not in ("name", "point"):
        problems.append(f"policy must be 'name' or 'point'; got {policy!r}")
    frames, mappings, typed_tables = [], {}, set()
    for raw in tables:
        frame, found = _canonical_frame(raw, ORG_HEADERS, mapping)
        needs = [f for f in ORG_REQUIRED if f not in found]
        has_point = "latitude" in found and "longitude" in found
        if "department" not in found and not has_point:
            needs.append("department (or latitude and longitude)")
        if needs:
            problems.append(
                _missing_columns_error(
                    raw, {**ORG_HEADERS, needs[-1]: ORG_HEADERS["department"]}, needs
                )
            )
            continue
        frames.append(frame)
        mappings[raw.source_file] = found
        if "org_type" in found:
            typed_tables.add(id(raw))
    if problems:
        raise InputValidationError(problems)
    boundaries = load_boundaries("full") if boundaries is None else boundaries
    gazetteer = Gazetteer() if gazetteer is None else gazetteer
    df = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=[*ORG_HEADERS, "source_file", "source_row", "_table", "_pos"])
    )
    n = len(df)
    rows = _Rows(n)

    # Reader problems: malformed CSV rows are rejected, other kinds are flagged.
    for raw in tables:
        if not raw.row_problems:
            continue
        in_table = (df["_table"] == id(raw)).to_numpy()
        positions = df["_pos"].to_numpy()
        for pos, text in raw.row_problems.items():
            mask = in_table & (positions == pos)
            if raw.kind == "csv":
                rows.reject(
                    mask,
                    "malformed_row",
                    lambda i, t=text: (
                        f"{_where(df, i)}: {t}. Fix: quote fields that contain "
                        "the delimiter, or re-export the file."
                    ),
                )
            else:
                rows.flag(mask, "row_problem")

    # Text fields are stored as given, stripped; never interpreted.
    for col in (
        "org_id",
        "name",
        "country",
        "department",
        "municipality",
        "org_type",
        "sector",
        "federations",
        "social_services",
    ):
        df[col] = _strip(df[col])

    rows.reject(
        df["name"].isna().to_numpy(),
        "missing_name",
        lambda i: (
            f"{_where(df, i)}, column 'name': the organization name is empty; expected "
            "the registered name. Fix: fill in the name (razón social)."
        ),
    )

    # Organization ids: generate missing ones; reject later duplicates, naming the kept row.
    no_id = df["org_id"].isna().to_numpy()
    if no_id.any():
        generated = (
            df["source_file"].map(lambda s: Path(s).stem) + ":" + df["source_row"].astype(str)
        )
        df.loc[no_id, "org_id"] = generated[no_id]
        rows.flag(no_id, "generated_id")
    alive = rows.alive
    key = df["org_id"].where(alive)
    dup = key.duplicated(keep="first").to_numpy() & alive
    if dup.any():
        first = df.loc[alive].drop_duplicates("org_id").set_index("org_id")

        def dup_message(i: int) -> str:
            kept = first.loc[df["org_id"].iat[i]]
            return (
                f"{_where(df, i)}, column 'org_id': id {df['org_id'].iat[i]!r} is already used "
                f"by {kept['source_file']}, row {kept['source_row']} (kept); expected a unique "
                "id. Fix: give each organization its own id, or delete the repeated row."
            )

        rows.reject(dup, "duplicate_id", dup_message)

    # Country: a column, else --country; unknown values are rejected.
    countries = _map_unique(df["country"], canonical_country)
    if fixed_country is not None:
        countries = countries.where(df["country"].notna(), fixed_country)
    bad_country = (df["country"].notna() & countries.isna()).to_numpy()
    rows.reject(
        bad_country,
        "unknown_country",
        lambda i: (
            f"{_where(df, i)}, column 'country': got {df['country'].iat[i]!r}; expected "
            "Colombia, Perú or Ecuador (or CO, PE, EC). Fix: correct the country, or remove rows "
            "of other countries."
        ),
    )
    countries = countries.astype(object).where(countries.notna(), None)

    # Coordinates.
    # Coordinates written by a GIS (GeoJSON, GeoPackage) always use a decimal point.
    point_decimals = {id(raw): "." for raw in tables if raw.geometry_columns_added}
    lat, lat_bad = _numbers(df, "latitude", point_decimals)
    lon, lon_bad = _numbers(df, "longitude", point_decimals)
    has_lat, has_lon = np.isfinite(lat), np.isfinite(lon)
    invalid = lat_bad | lon_bad
    invalid |= (
        has_lat
        & has_lon
        & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
        & ~((np.abs(lon) <= 90) & (np.abs(lat) <= 180))
    )
    rows.flag(invalid, "invalid_coordinates")
    incomplete = (has_lat ^ has_lon) & ~invalid
    rows.flag(incomplete, "incomplete_coordinates")
    zero = has_lat & has_lon & (lat == 0) & (lon == 0)
    rows.flag(zero, "zero_coordinates")
    usable = has_lat & has_lon & ~invalid & ~zero
    lat[~usable] = np.nan
    lon[~usable] = np.nan

    unit_iso = boundaries["iso_3166_2"].to_numpy(dtype=object)
    unit_country = boundaries["country"].to_numpy(dtype=object)
    country_arr = countries.to_numpy(dtype=object)

    def in_scope(pos: np.ndarray) -> np.ndarray:
        ok = pos >= 0
        same = np.where(ok, unit_country[np.clip(pos, 0, None)], None)
        return ok & ((country_arr == None) | (same == country_arr))  # noqa: E711

    pos = locate(lon, lat, boundaries)
    pos = np.where(in_scope(pos), pos, -1)
    # Swapped latitude/longitude: accept only when the swap lands inside the row's country.
    todo = usable & (pos < 0)
    if todo.any():
        swapped = locate(np.where(todo, lat, np.nan), np.where(todo, lon, np.nan), boundaries)
        ok = todo & in_scope(swapped)
        if ok.any():
            lat[ok], lon[ok] = lon[ok].copy(), lat[ok].copy()
            pos[ok] = swapped[ok]
            rows.flag(ok, "swapped_coordinates")
    todo = usable & (pos < 0)
    if todo.any():
        idx = np.flatnonzero(todo)
        near, s_lon, s_lat = snap(lon[idx], lat[idx], boundaries)
        cand = np.full(n, -1, dtype="int32")
        cand[idx] = near
        ok = todo & in_scope(cand)
        ok_local = ok[idx]
        pos[ok] = cand[ok]
        lon[idx[ok_local]] = s_lon[ok_local]
        lat[idx[ok_local]] = s_lat[ok_local]
        rows.flag(ok, "snapped_to_unit")
    outside = usable & (pos < 0)
    rows.flag(outside, "point_outside_country")
    lat[outside] = np.nan
    lon[outside] = np.nan
    point_iso = np.where(pos >= 0, unit_iso[np.clip(pos, 0, None)], None)

    # Written department.
    resolved = gazetteer.resolve_many(df["department"], countries)
    status = resolved["status"].to_numpy(dtype=object)
    name_iso = resolved["iso_3166_2"].to_numpy(dtype=object)
    has_dept = df["department"].notna().to_numpy()
    has_point = point_iso != None  # noqa: E711
    name_ok = status == "matched"
    rows.flag(name_ok & (resolved["method"].to_numpy(dtype=object) == "fuzzy"), "fuzzy_department")

    from_name = name_ok & ((policy == "name") | ~has_point)
    iso = np.where(from_name, name_iso, point_iso)
    location_source = np.where(from_name, "name", "point")
    rows.flag(name_ok & has_point & (name_iso != point_iso), "point_outside_declared_unit")
    rows.flag(has_dept & (status == "unmatched") & has_point, "department_unmatched_point_used")
    rows.flag(has_dept & (status == "ambiguous") & has_point, "department_ambiguous_point_used")

    no_iso = iso == None  # noqa: E711
    dept_values = df["department"].to_numpy(dtype=object)
    cands = resolved["candidates"].to_numpy(dtype=object)

    def location_message(i: int) -> str:
        where = _where(df, i)
        suggestions = ", ".join(f"{nm} ({code})" for code, nm, _ in cands[i]) or "none"
        if not has_dept[i]:
            return (
                f"{where}: no department and no usable coordinates; expected a department or "
                "province, or latitude and longitude. Fix: fill in one of them."
            )
        if status[i] == "ambiguous":
            return (
                f"{where}, column 'department': {dept_values[i]!r} matches several units: "
                f"{suggestions}. Fix: write the full name (e.g. 'Lima Metropolitana' or "
                "'Lima Región'), or add the country."
            )
        scope = country_arr[i] or "CO, PE or EC"
        return (
            f"{where}, column 'department': {dept_values[i]!r} is not a department or province "
            f"of {scope}; closest: {suggestions}. Fix: correct the spelling, or add coordinates."
        )

    rows.reject(no_iso & ~has_dept, "no_location", location_message)
    rows.reject(no_iso & (status == "ambiguous"), "ambiguous_department", location_message)
    rows.reject(no_iso, "unmatched_department", location_message)

    iso_country = np.array(
        [i.split("-")[0] if isinstance(i, str) else None for i in iso], dtype=object
    )

    # Types, sectors, services, federations.
    type_map = {v: canonical_org_type(v) for v in pd.unique(df["org_type"].to_numpy(dtype=object))}
    org_type = np.array(
        [type_map[v][0] for v in df["org_type"].to_numpy(dtype=object)], dtype=object
    )
    has_type_column = df["_table"].isin(typed_tables).to_numpy()
    rows.flag(
        has_type_column
        & np.array([not type_map[v][1] for v in df["org_type"].to_numpy(dtype=object)], dtype=bool),
        "type_unrecognised",
    )
    sector_map = {v: canonical_sector(v) for v in pd.unique(df["sector"].to_numpy(dtype=object))}
    services_map = {
        v: "|".join(canonical_services(v))
        for v in pd.unique(df["social_services"].to_numpy(dtype=object))
    }
    fed_map = {
        v: "|".join(split_list(v)) for v in pd.unique(df["federations"].to_numpy(dtype=object))
    }

    # Numbers.
    total, bad_t = _parse_int(df, "members_total", lower=0, upper=10_000_000)
    women, bad_w = _parse_int(df, "members_women", lower=0, upper=10_000_000)
    youth, bad_y = _parse_int(df, "members_youth", lower=0, upper=10_000_000)
    df["year_founded"] = _map_unique(df["year_founded"], _year_text)
    year, bad_yr = _parse_int(df, "year_founded", lower=1800, upper=dt.date.today().year)
    rows.flag(bad_t | bad_w | bad_y | bad_yr, "invalid_number")
    t = total.to_numpy(dtype="float64", na_value=np.nan)
    inconsistent = (women.to_numpy(dtype="float64", na_value=np.nan) > t) | (
        youth.to_numpy(dtype="float64", na_value=np.nan) > t
    )
    rows.flag(inconsistent, "members_inconsistent")

    accepted_mask = rows.alive
    # Possible duplicates: same folded name in the same unit with different ids.
    folded_names = _map_unique(df["name"], lambda v: fold(v) if isinstance(v, str) else None)
    dup_key = (folded_names + "@" + pd.Series(iso, dtype=object).fillna("")).where(
        accepted_mask, None
    )
    rows.flag(
        (dup_key.notna() & dup_key.duplicated(keep=False)).to_numpy(dtype=bool),
        "possible_duplicate",
    )

    flags = rows.flag_strings()
    acc = np.flatnonzero(accepted_mask)
    accepted = pd.DataFrame(
        {
            "org_id": df["org_id"].to_numpy(dtype=object)[acc],
            "name": df["name"].to_numpy(dtype=object)[acc],
            "country": iso_country[acc],
            "department_raw": dept_values[acc],
            "iso_3166_2": iso[acc],
            "municipality": df["municipality"].to_numpy(dtype=object)[acc],
            "org_type": org_type[acc],
            "org_type_raw": df["org_type"].to_numpy(dtype=object)[acc],
            "sector": np.array(
                [sector_map[v] for v in df["sector"].to_numpy(dtype=object)[acc]], dtype=object
            ),
            "sector_raw": df["sector"].to_numpy(dtype=object)[acc],
            "members_total": total[acc],
            "members_women": women[acc],
            "members_youth": youth[acc],
            "year_founded": year[acc],
            "federations": np.array(
                [fed_map[v] for v in df["federations"].to_numpy(dtype=object)[acc]], dtype=object
            ),
            "social_services": np.array(
                [services_map[v] for v in df["social_services"].to_numpy(dtype=object)[acc]],
                dtype=object,
            ),
            "latitude": lat[acc],
            "longitude": lon[acc],
            "location_source": location_source[acc],
            "flags": flags[acc],
            "source_file": df["source_file"].to_numpy(dtype=object)[acc],
            "source_row": df["source_row"].to_numpy(dtype="int64")[acc],
        }
    )
    geometry = gpd.points_from_xy(accepted["longitude"], accepted["latitude"], crs=STORAGE_CRS)
    geometry[~np.isfinite(accepted["latitude"].to_numpy())] = None
    accepted = gpd.GeoDataFrame(accepted, geometry=geometry, crs=STORAGE_CRS)

    rejected = _rejected_table(tables, df, rows)
    report = _report(tables, df, rows, resolved, mappings, accepted, rejected)
    return ImportResult(accepted, rejected, report)


def _year_text(value: object) -> object:
    """Return the year of a founding date written as a year or a date ("2004", "15/03/2004")."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) > 4 and text[:4].isdigit() and text[4] in "-/.":
        return text[:4]  # ISO date
    if len(text) > 4 and text[-4:].isdigit() and text[-5] in "-/.":
        return text[-4:]  # dd/mm/yyyy
    return text


def _rejected_table(tables: list[RawTable], df: pd.DataFrame, rows: _Rows) -> pd.DataFrame:
    parts = []
    table_ids = df["_table"].to_numpy()
    positions = df["_pos"].to_numpy()
    rejected = rows.reason != None  # noqa: E711
    for raw in tables:
        mask = rejected & (table_ids == id(raw))
        if not mask.any():
            continue
        original = raw.frame.iloc[positions[mask]].reset_index(drop=True).astype(object)
        original.insert(0, "source_file", raw.source_file)
        original.insert(1, "source_row", df["source_row"].to_numpy()[mask])
        original.insert(2, "reason", rows.reason[mask])
        original.insert(3, "message", rows.message[mask])
        parts.append(original)
    if not parts:
        return pd.DataFrame(columns=["source_file", "source_row", "reason", "message"])
    return pd.concat(parts, ignore_index=True)


def _report(
    tables: list[RawTable],
    df: pd.DataFrame,
    rows: _Rows,
    resolved: pd.DataFrame,
    mappings: dict[str, dict[str, str]],
    accepted: pd.DataFrame,
    rejected: pd.DataFrame,
) -> dict[str, Any]:
    location_reasons = {"unmatched_department", "ambiguous_department"}
    relevant = np.array([r is None or r in location_reasons for r in rows.reason], dtype=bool)
    unmatched = df["department"].notna() & resolved["status"].ne("matched") & relevant
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for i in np.flatnonzero(unmatched.to_numpy()):
        value = df["department"].iat[i]
        entry = groups.setdefault(
            (value, resolved["status"].iat[i]),
            {
                "value": value,
                "status": resolved["status"].iat[i],
                "rows": 0,
                "suggestions": [
                    {"iso_3166_2": c, "name": nm, "score": s}
                    for c, nm, s in resolved["candidates"].iat[i]
                ],
            },
        )
        entry["rows"] += 1
    return {
        "files": [
            {
                "file": raw.source_file,
                "kind": raw.kind,
                "encoding": raw.encoding,
                "delimiter": raw.delimiter,
                "rows": len(raw.frame),
                "columns": mappings.get(raw.source_file, {}),
                "unmapped_columns": [
                    c
                    for c in raw.frame.columns
                    if c not in mappings.get(raw.source_file, {}).values()
                ],
            }
            for raw in tables
        ],
        "input_rows": len(df),
        "accepted": len(accepted),
        "rejected": len(rejected),
        "rejected_by_reason": dict(sorted(Counter(rejected["reason"]).items())),
        "flags_by_kind": {
            code: int((mask & rows.alive).sum())
            for code, mask in sorted(rows.flags.items())
            if (mask & rows.alive).any()
        },
        "unmatched_departments": sorted(
            groups.values(), key=lambda g: (-g["rows"], str(g["value"]))
        ),
    }


def import_programmes(
    tables: list[RawTable],
    *,
    org_ids: pd.Series | set[str],
    mapping: dict[str, str] | None = None,
) -> ImportResult:
    """Validate programme participation rows against the accepted organizations.

    Parameters
    ----------
    tables
        Raw tables from :func:`geo.readers.read_table`.
    org_ids
        Ids of the accepted organizations; rows naming another id are rejected.
    mapping
        Explicit canonical field -> header mapping.

    Returns
    -------
    ImportResult
        ``accepted`` has :data:`PROGRAMME_COLUMNS`.

    Raises
    ------
    InputValidationError
        If a file lacks the organization id or programme column.
    """
    frames, problems, mappings = [], [], {}
    for raw in tables:
        frame, found = _canonical_frame(raw, PROGRAMME_HEADERS, mapping)
        needs = [f for f in PROGRAMME_REQUIRED if f not in found]
        if needs:
            problems.append(_missing_columns_error(raw, PROGRAMME_HEADERS, needs))
            continue
        frames.append(frame)
        mappings[raw.source_file] = found
    if problems:
        raise InputValidationError(problems)
    known = set(org_ids)
    df = pd.concat(frames, ignore_index=True)
    rows = _Rows(len(df))
    for col in ("org_id", "programme"):
        df[col] = _strip(df[col])
    programme = _map_unique(df["programme"], canonical_programme)
    rows.reject(
        programme.isna().to_numpy(),
        "missing_programme",
        lambda i: (
            f"{_where(df, i)}, column 'programme': empty; expected My.Coop, Think.Coop, "
            "Start.Coop or another programme name. Fix: fill in the programme."
        ),
    )
    rows.reject(
        ~df["org_id"].isin(known).to_numpy(),
        "unknown_organization",
        lambda i: (
            f"{_where(df, i)}, column 'org_id': got {df['org_id'].iat[i]!r}, which is not "
            "an accepted organization id (it may be missing from the registry or rejected there). "
            "Fix: correct the id, or import the organization first."
        ),
    )
    df["year"] = _map_unique(df["year"], _year_text)
    year, bad_year = _parse_int(df, "year", lower=1990, upper=dt.date.today().year)
    people, bad_p = _parse_int(df, "participants", lower=0, upper=1_000_000)
    women, bad_w = _parse_int(df, "participants_women", lower=0, upper=1_000_000)
    rows.flag(bad_year | bad_p | bad_w, "invalid_number")
    rows.flag(
        women.to_numpy(dtype="float64", na_value=np.nan)
        > people.to_numpy(dtype="float64", na_value=np.nan),
        "members_inconsistent",
    )
    keep = np.flatnonzero(rows.alive)
    flags = rows.flag_strings()
    accepted = pd.DataFrame(
        {
            "org_id": df["org_id"].to_numpy(dtype=object)[keep],
            "programme": programme.to_numpy(dtype=object)[keep],
            "programme_raw": df["programme"].to_numpy(dtype=object)[keep],
            "year": year[keep],
            "participants": people[keep],
            "participants_women": women[keep],
            "flags": flags[keep],
            "source_file": df["source_file"].to_numpy(dtype=object)[keep],
            "source_row": df["source_row"].to_numpy(dtype="int64")[keep],
        }
    )
    rejected = _rejected_table(tables, df, rows)
    report = {
        "input_rows": len(df),
        "accepted": len(accepted),
        "rejected": len(rejected),
        "rejected_by_reason": dict(sorted(Counter(rejected["reason"]).items())),
        "flags_by_kind": {
            code: int((mask & rows.alive).sum())
            for code, mask in sorted(rows.flags.items())
            if (mask & rows.alive).any()
        },
        "files": [
            {"file": raw.source_file, "columns": mappings[raw.source_file]} for raw in tables
        ],
    }
    return ImportResult(accepted, rejected, report)
