"""Data downloads of a map view: unit indicators, filtered organizations, rejected rows.

Three writers, one per download:

* :func:`write_indicators`: the unit indicator table of the view (CSV or XLSX),
  below the header block of :func:`geo.export.tables.export_header_lines`;
* :func:`write_organizations`: the organizations that pass the view's filters
  (CSV, XLSX, or GeoJSON points);
* :func:`write_rejected`: the rejected rows report of ``coopatlas build``
  (CSV or XLSX).

Every CSV and XLSX text cell that a spreadsheet would run as a formula (first
character ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading
apostrophe (:func:`geo.io.safety.neutralise_formula`, applied by
:func:`geo.export.tables.write_csv` and :func:`geo.export.tables.write_xlsx`); XLSX
text cells are typed as strings. GeoJSON is not a spreadsheet format: its text
is written as given (JSON-escaped), so a consumer that puts it into HTML must
escape it.

Every file is written atomically (:func:`atomic_output`): to a temporary file
beside the target, renamed over it when complete, so an interrupted export
never leaves a half-written file. An empty selection still gives a complete
file whose header says that nothing matches.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geo._errors import DataFileError, InputValidationError, MissingDataError
from geo.export.tables import (
    EXPORT_TABLES,
    export_header_lines,
    unit_table_for_export,
    write_csv,
    write_xlsx,
)
from geo.i18n import Lang, format_date, format_number, lang_problems, t, tn
from geo.indicators.filters import Filters
from geo.io.atomic import atomic_output
from geo.store import REJECTED_FILE, REJECTED_PROGRAMMES_FILE

if TYPE_CHECKING:
    from geo.indicators.mapspec import MapSpec

#: Formats of each download.
INDICATOR_FORMATS: tuple[str, ...] = ("csv", "xlsx")
ORGANIZATION_FORMATS: tuple[str, ...] = ("csv", "xlsx", "geojson")
REJECTED_FORMATS: tuple[str, ...] = ("csv", "xlsx")

#: Which rejected rows report :func:`write_rejected` copies -> file of ``coopatlas build``.
REJECTED_REPORTS: dict[str, str] = {
    "organizations": REJECTED_FILE,
    "programmes": REJECTED_PROGRAMMES_FILE,
}

#: Column of the organizations count in the machine-readable indicator table.
ORGANIZATIONS_COLUMN = "organizations"

_REQUIRED_UNIT_COLUMNS = ("iso_3166_2", "country", "name", "in_scope", "orgs")
_COORDINATES = ("latitude", "longitude")

# --------------------------------------------------------------------------- helpers


def _format_problem(fmt: object, allowed: Sequence[str], what: str) -> list[str]:
    if fmt in allowed:
        return []
    valid = ", ".join(repr(f) for f in allowed)
    return [f"{what} format must be one of {valid}; got {fmt!r}"]


def _header(
    filters: Filters | None, *, source: str, lang: Lang, date: dt.date | None, title: str
) -> list[str]:
    """Header block of :func:`export_header_lines` with its first line (the title) replaced."""
    lines = export_header_lines(filters, source=source, lang=lang, date=date)
    return [title, *lines[1:]]


def _json_value(value: object) -> object:
    """Return a JSON-ready value: None for missing, plain ints, floats and strings."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    return value


def _write_table(
    frame: pd.DataFrame, path: str | Path, *, fmt: str, header: list[str], sheet_name: str
) -> Path:
    """Write ``frame`` below its header block, atomically: CSV, or XLSX on ``sheet_name``."""
    with atomic_output(path) as tmp:
        if fmt == "csv":
            write_csv(frame, tmp, header_lines=header)
        else:
            write_xlsx(frame, tmp, header_lines=header, sheet_name=sheet_name)
    return Path(path)


# --------------------------------------------------------------------------- indicators


def _indicator_problems(table: pd.DataFrame, fmt: str, table_name: str) -> list[str]:
    problems = _format_problem(fmt, INDICATOR_FORMATS, "indicator table")
    if table_name not in EXPORT_TABLES:
        valid = ", ".join(repr(t) for t in EXPORT_TABLES)
        problems.append(f"table_name must be one of {valid}; got {table_name!r}")
    missing = [c for c in _REQUIRED_UNIT_COLUMNS if c not in table.columns]
    if missing:
        problems.append(
            f"the unit table lacks columns {missing}; "
            "pass the table of geo.indicators.mapspec.compute"
        )
    return problems


def _indicator_lines(table: pd.DataFrame, spec: MapSpec) -> list[str]:
    """Header block of the indicator table, with a note when no organization matches."""
    notes = [] if int(table["orgs"].sum()) else [t("export.indicators_empty", spec.lang)]
    if spec.years is not None:  # programme figures of these years only
        notes.insert(0, t("period.headline", spec.lang, period=spec.years.to_text()))
    lines = export_header_lines(
        spec.filters, source=spec.source_text, lang=spec.lang, date=spec.date, notes=notes
    )
    return _with_notice(lines, spec.synthetic, spec.lang)


def _with_notice(lines: list[str], synthetic: bool, lang: Lang) -> list[str]:
    """Put the synthetic-data sentence first in a header block when the data are the demo."""
    return [t("export.synthetic_note", lang), *lines] if synthetic else lines


def write_indicators(
    table: pd.DataFrame,
    path: str | Path,
    *,
    spec: MapSpec,
    fmt: str,
    table_name: str = "all",
    labels: bool = False,
    summary: pd.DataFrame | None = None,
) -> Path:
    """Write the unit indicator table of a map view as CSV or XLSX.

    The file starts with the header block of
    :func:`geo.export.tables.export_header_lines` (title, source, filters in
    words, date), then an empty row, the column names and one row per unit in
    the view's scope (units outside the ``countries``/``units`` filters are
    left out: their zeros would read as "no organization" rather than "not
    selected"). When no organization matches the filters, a header line says
    so and every count is 0.

    Parameters
    ----------
    table
        Unit table of :func:`geo.indicators.mapspec.compute` (or
        :func:`geo.indicators.compute.compute_indicators`) for ``spec.filters``.
    path
        Output file.
    spec
        The map view: its filters, language, source line and date go into the
        header block.
    fmt
        ``"csv"`` (UTF-8 with BOM) or ``"xlsx"``.
    table_name
        Which columns, one of :data:`geo.export.tables.EXPORT_TABLES` (default
        ``"all"``).
    labels
        False (default): snake_case column names (``iso_3166_2``, ``country``,
        ``name``, ``organizations``, ``cooperatives`` ...) and shares as
        fractions; the ``orgs`` column is named ``organizations``. True:
        ``"label (unit)"`` names in ``spec.lang`` and shares in percent.
    summary
        Optional country/overall rows of :func:`geo.indicators.compute.summarise`,
        appended below the units.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputValidationError
        For an unknown format or table, or a table without the unit columns;
        every problem is listed.
    """
    problems = _indicator_problems(table, fmt, table_name)
    if problems:
        raise InputValidationError(problems)

    in_scope = table["in_scope"].astype(bool).to_numpy()
    export = unit_table_for_export(
        table[in_scope],
        table=table_name,
        lang=spec.lang,
        labels=labels,
        summary=summary,
        level=spec.level,
    )
    if not labels:
        export = export.rename(columns={"orgs": ORGANIZATIONS_COLUMN})
    lines = _indicator_lines(table, spec)
    return _write_table(export, path, fmt=fmt, header=lines, sheet_name="indicators")


# --------------------------------------------------------------------------- organizations


def _selected_organizations(
    organizations: pd.DataFrame, rows: Sequence[int] | np.ndarray
) -> tuple[pd.DataFrame, list[str]]:
    """Return the rows at positions ``rows`` without geometry columns, and any problems."""
    problems: list[str] = []
    positions = np.asarray(rows)
    if positions.size == 0:
        positions = positions.astype(np.int64)
    if positions.ndim != 1 or not np.issubdtype(positions.dtype, np.integer):
        problems.append(
            "rows must be a one-dimensional sequence of integer positions "
            "(from geo.indicators.compute.matching_rows)"
        )
        return pd.DataFrame(), problems
    bad = positions[(positions < 0) | (positions >= len(organizations))]
    if bad.size:
        problems.append(
            f"rows {bad[:5].tolist()} are outside the organizations table "
            f"({len(organizations)} rows); pass positions from matching_rows on the same table"
        )
        return pd.DataFrame(), problems
    frame = pd.DataFrame(organizations).iloc[positions]
    geometry = [c for c in frame.columns if c == "geometry" or str(frame[c].dtype) == "geometry"]
    frame = pd.DataFrame(frame.drop(columns=geometry))
    return frame.reset_index(drop=True), problems


def _checked_selection(
    organizations: pd.DataFrame, rows: Sequence[int] | np.ndarray, fmt: str, lang: str
) -> pd.DataFrame:
    """Return the selected organizations, or raise listing every problem of the arguments."""
    problems = _format_problem(fmt, ORGANIZATION_FORMATS, "organizations")
    problems += lang_problems(lang)
    frame, row_problems = _selected_organizations(organizations, rows)
    problems += row_problems
    if problems:
        raise InputValidationError(problems)
    return frame


def _located(frame: pd.DataFrame) -> np.ndarray:
    """Return True where both coordinates are finite numbers."""
    if any(c not in frame.columns for c in _COORDINATES):
        return np.zeros(len(frame), dtype=bool)
    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy("float64", na_value=np.nan)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy("float64", na_value=np.nan)
    return np.isfinite(lat) & np.isfinite(lon)


def _organization_lines(
    spec: MapSpec | None, lang: Lang, n: int, located: int, date: dt.date | None
) -> list[str]:
    title = t("export.organizations_title", lang)
    count = (
        tn("export.organizations_count", n, lang, located=format_number(located, lang))
        if n
        else t("export.organizations_empty", lang)
    )
    if spec is None:
        day = format_date(date or dt.date.today(), lang)
        return [title, t("export.date", lang, date=day), count]
    lines = _header(
        spec.filters, source=spec.source_text, lang=lang, date=spec.date or date, title=title
    )
    return _with_notice([*lines, count], spec.synthetic, lang)


def _features(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Yield one GeoJSON feature per organization (no geometry without coordinates)."""
    located = _located(frame)
    properties = frame.drop(columns=[c for c in _COORDINATES if c in frame.columns])
    columns = [str(c) for c in properties.columns]
    if located.any():
        lat = frame["latitude"].to_numpy("float64", na_value=np.nan)
        lon = frame["longitude"].to_numpy("float64", na_value=np.nan)
    for i, record in enumerate(properties.itertuples(index=False, name=None)):
        geometry = None
        if located[i]:
            geometry = {"type": "Point", "coordinates": [float(lon[i]), float(lat[i])]}
        yield {
            "type": "Feature",
            "geometry": geometry,
            "properties": {c: _json_value(v) for c, v in zip(columns, record, strict=True)},
        }


def _write_geojson(
    path: str | Path, frame: pd.DataFrame, header: list[str], n_located: int
) -> Path:
    """Write the organizations as a GeoJSON FeatureCollection (UTF-8), atomically.

    Features are written one at a time, so memory does not grow with the number of
    organizations; the text is what ``json.dumps`` gives for the whole collection.
    """
    # a foreign member (RFC 7946, section 6.1): readers that do not know it ignore it
    about = {"header": header, "organizations": len(frame), "with_coordinates": n_located}
    with atomic_output(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "coopatlas": ')
        out.write(json.dumps(about, ensure_ascii=False, allow_nan=False))
        out.write(', "features": [')
        for k, feature in enumerate(_features(frame)):
            out.write(", " if k else "")
            out.write(json.dumps(feature, ensure_ascii=False, allow_nan=False))
        out.write("]}\n")
    return Path(path)


def write_organizations(
    organizations: pd.DataFrame,
    rows: Sequence[int] | np.ndarray,
    path: str | Path,
    *,
    fmt: str,
    spec: MapSpec | None = None,
    lang: Lang | None = None,
    date: dt.date | None = None,
) -> Path:
    """Write the organizations of a view (the rows that pass its filters): CSV, XLSX or GeoJSON.

    Both formats carry a header: the title, the source and filters in words
    (when ``spec`` is given), the date and a count line. When no organization
    matches, the count line reads "No organization matches the filters." and
    the file holds no row (CSV, XLSX: the header block and the column names;
    GeoJSON: a FeatureCollection with no feature).

    * CSV (UTF-8 with BOM): the header block, an empty line, the column names
      and one row per organization with every column of the processed table
      except the geometry (``latitude``/``longitude`` hold the position).
      Text cells are neutralised against spreadsheet formulas.
    * XLSX: the same layout on a sheet ``organizations``; numbers stay
      numbers, text cells are string cells, neutralised like the CSV.
    * GeoJSON (RFC 7946, UTF-8): one Feature per organization, in the same
      order as the CSV. Organizations with coordinates are Points; those
      without (located by department name only) have ``"geometry": null``,
      so the file still lists every selected organization and mapping tools
      draw only the located ones. Properties are every column except the
      geometry, ``latitude`` and ``longitude``, with text as given (not
      neutralised) and missing values as ``null``. The header lines and counts
      are in the foreign member ``"coopatlas"`` of the FeatureCollection.

    Parameters
    ----------
    organizations
        The processed organizations table (``organizations.parquet``), the same
        frame that :func:`geo.indicators.prepared.prepare` was given.
    rows
        Positions of the selected organizations in ``organizations``, from
        :func:`geo.indicators.compute.matching_rows`.
    path
        Output file.
    fmt
        ``"csv"``, ``"xlsx"`` or ``"geojson"``.
    spec
        The map view, for the source, filters and date of the header; None
        writes a header with the title, date and count only.
    lang
        Language of the header; defaults to ``spec.lang`` (or ``"en"``).
    date
        Date of the header when ``spec`` has none; defaults to today.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputValidationError
        For an unknown format or language, or rows that are not positions of
        ``organizations``; every problem is listed.
    """
    language = lang or (spec.lang if spec is not None else "en")
    frame = _checked_selection(organizations, rows, fmt, language)
    n_located = int(_located(frame).sum())
    header = _organization_lines(spec, language, len(frame), n_located, date)
    if fmt == "geojson":
        return _write_geojson(path, frame, header, n_located)
    return _write_table(frame, path, fmt=fmt, header=header, sheet_name="organizations")


# --------------------------------------------------------------------------- rejected rows


def _read_rejected(source: Path) -> pd.DataFrame:
    if not source.is_file():
        raise MissingDataError(
            f"rejected rows report not found: {source}. Run `coopatlas build` to write it."
        )
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(
            f"rejected rows report {source} could not be read ({type(exc).__name__}: {exc}). "
            "Run `coopatlas build` again to rewrite it."
        ) from exc
    if "source_row" in frame.columns:
        numbers = pd.to_numeric(frame["source_row"], errors="coerce")
        if numbers.notna().all():
            frame["source_row"] = numbers.astype("Int64")  # a number in XLSX, not text
    return frame


def write_rejected(
    processed_dir: str | Path,
    path: str | Path,
    *,
    fmt: str,
    which: str = "organizations",
    lang: Lang = "en",
    date: dt.date | None = None,
    synthetic: bool = False,
) -> Path:
    """Copy the rejected rows report of ``coopatlas build`` as CSV or XLSX.

    The rows are those of ``rejected.csv`` (or ``rejected_programmes.csv``)
    as the build wrote them, text kept as text (codes keep their leading
    zeros; the build has already neutralised formulas, and this copy
    neutralises again, which changes nothing for a neutralised cell).
    ``source_row`` is written as a number. Above the table: a header block
    with the title, the source file, the date and a count line ("No row was
    rejected." when the report is empty).

    Parameters
    ----------
    processed_dir
        Folder written by ``coopatlas build``.
    path
        Output file.
    fmt
        ``"csv"`` (UTF-8 with BOM) or ``"xlsx"``.
    which
        ``"organizations"`` (``rejected.csv``) or ``"programmes"``
        (``rejected_programmes.csv``).
    lang
        Language of the header block.
    date
        Date of the header block; defaults to today.
    synthetic
        True when the build imported the bundled demo: the header says so first.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputValidationError
        For an unknown format, report or language; every problem is listed.
    MissingDataError
        If the report does not exist.
    DataFileError
        If it cannot be read.
    """
    problems = _format_problem(fmt, REJECTED_FORMATS, "rejected rows")
    if which not in REJECTED_REPORTS:
        valid = ", ".join(repr(w) for w in REJECTED_REPORTS)
        problems.append(f"which must be one of {valid}; got {which!r}")
    problems += lang_problems(lang)
    if problems:
        raise InputValidationError(problems)

    source = Path(processed_dir) / REJECTED_REPORTS[which]
    frame = _read_rejected(source)
    count = (
        tn("export.rejected_count", len(frame), lang)
        if len(frame)
        else t("export.rejected_empty", lang)
    )
    header = [
        t("export.rejected_title", lang, which=which),
        t("export.source", lang, source=f"{source.name} (coopatlas build)"),
        t("export.date", lang, date=format_date(date or dt.date.today(), lang)),
        count,
    ]
    header = _with_notice(header, synthetic, lang)
    return _write_table(frame, path, fmt=fmt, header=header, sheet_name="rejected")
