"""Read a registry file, as specialists send it, into a raw table of text.

Nothing is interpreted here: every cell comes back as ``str`` or ``None`` and
every data row is kept, in file order. Cleaning and typing happen downstream
(:func:`parse_numbers` is the one parsing helper offered here).

Rules worth knowing:

* **Kind by content.** The first bytes decide, never the extension: a ZIP holding
  ``xl/workbook.xml`` is XLSX, ``SQLite format 3`` is GeoPackage, ``PAR1`` is
  GeoParquet, text whose first non-blank character is ``{`` and that parses as a
  JSON FeatureCollection is GeoJSON, any other text is CSV. Everything else
  (legacy ``.xls``, PDF, images, other archives, binary data) is refused.
* **Encoding.** A UTF-16 byte-order mark selects UTF-16; otherwise strict UTF-8
  (``"utf-8-sig"`` when a BOM is present, which is then removed), else strict
  Windows-1252, else Latin-1. Latin-1 text files are therefore reported as
  ``"cp1252"``: both code pages give the same character for every byte a
  Latin-1 text uses (``"Ñ"`` 0xD1, ``"á"`` 0xE1, ``"º"`` 0xBA).
* **Delimiter.** ``csv.Sniffer`` restricted to ``, ; TAB |`` proposes one; it is
  kept when it splits the header line into as many fields as the best candidate,
  otherwise the candidate giving the most header fields wins (ties in that order).
* **Rows.** The header is the first non-blank row. Blank rows (every cell empty
  or white space) are skipped, but ``row_numbers`` keeps counting them, so row
  ``n`` is the ``n``-th row under the header as a spreadsheet shows it. Trailing
  empty cells are ignored; a row with values beyond the header is kept, its
  extra values go to new ``column_<k>`` columns and ``row_problems`` says so.
  Headers are stripped; blank ones become ``column_<position>``, repeats
  ``name_2``, ``name_3``. Empty cells are ``None``; other text is kept as written.
* **XLSX cells** (cached values, never formulas): integers ``"12"``, floats by
  ``repr`` without a trailing ``.0`` (``"3.5"``, ``"12"``), dates ``"YYYY-MM-DD"``
  (with ``" HH:MM:SS"`` when there is a time), booleans ``"TRUE"``/``"FALSE"``.
  Workbooks with macros or external links, and possible ZIP bombs, are refused.
* **Point layers** are reprojected to EPSG:4326 when they declare another CRS;
  the point becomes text columns ``longitude``/``latitude`` (``geometry_``-prefixed
  when the layer already has such columns); other geometries give ``None`` and a
  ``row_problems`` entry.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio

from geo._errors import InputValidationError, MissingDataError

Kind = Literal["csv", "xlsx", "geojson", "gpkg", "geoparquet"]

ACCEPTED = "accepted formats: CSV, XLSX, GeoJSON, GeoPackage, GeoParquet"
FIX = "export the registry table and save it as CSV UTF-8 or XLSX"
DELIMITERS = (",", ";", "\t", "|")
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024

_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Excel 97-2003 workbook (.xls, OLE2 format)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # text has < 1 % of these


@dataclass(frozen=True, eq=False)  # frames do not compare or hash
class RawTable:
    """A registry file as a table of text.

    Attributes
    ----------
    frame
        One text column (:data:`TEXT_DTYPE`) per source column (headers stripped and
        made unique), missing cells ``<NA>``, one row per data row in file order,
        index 0..n-1.
    source_file
        The file name, without its folder.
    kind
        Detected format: ``"csv"``, ``"xlsx"``, ``"geojson"``, ``"gpkg"`` or ``"geoparquet"``.
    encoding, delimiter
        Detected for CSV; ``None`` for other kinds.
    row_numbers
        For each row of ``frame``, its 1-based number under the header (first data row = 1).
    geometry_columns_added
        True when ``longitude``/``latitude`` text columns were made from point geometries.
    row_problems
        Row position in ``frame`` -> message, for rows kept but worth a look.
    """

    frame: pd.DataFrame
    source_file: str
    kind: Kind
    encoding: str | None
    delimiter: str | None
    row_numbers: list[int]
    geometry_columns_added: bool = False
    row_problems: dict[int, str] = field(default_factory=dict)


def read_table(path: Path, *, sheet: str | None = None, max_bytes: int | None = None) -> RawTable:
    """Read a CSV, XLSX, GeoJSON, GeoPackage or GeoParquet file into a :class:`RawTable`.

    Parameters
    ----------
    path
        The file; its extension is ignored, the content decides the format.
    sheet
        Worksheet name (XLSX) or layer name (GeoPackage); default the first one.
        Ignored by single-table formats.
    max_bytes
        Refuse files larger than this many bytes.

    Returns
    -------
    RawTable

    Raises
    ------
    MissingDataError
        ``path`` does not exist.
    InputValidationError
        The file is empty, too large, of an unsupported kind, unreadable, or
        ``sheet`` names no sheet/layer of it.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise MissingDataError(
            f"file {name!r} was not found; check the file name and folder, or upload it again"
        )
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputValidationError(
            f"file {name!r} is {size:,} bytes, more than the limit of {max_bytes:,} bytes; "
            "split it into smaller files or remove columns that are not needed"
        )
    with path.open("rb") as handle:
        head = handle.read(100)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _read_xlsx(path, sheet)
    if head.startswith(b"SQLite format 3\x00"):
        if head[68:72] not in (b"GPKG", b"GP10", b"GP11"):  # GeoPackage application_id
            raise _unsupported(name, "an SQLite database that is not a GeoPackage")
        return _read_geo(path, "gpkg", layer=sheet)
    if head.startswith(b"PAR1"):
        return _read_geo(path, "geoparquet", layer=None)
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise _unsupported(name, what)
    text, encoding = _decode(path.read_bytes(), name)
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            document = None  # not JSON: read as CSV below
        if isinstance(document, dict):
            if document.get("type") != "FeatureCollection":
                raise _unsupported(name, "a JSON file that is not a GeoJSON FeatureCollection")
            return _read_geo(path, "geojson", layer=None)
    return _read_csv(text, name, encoding, path=path)


def _unsupported(name: str, what: str) -> InputValidationError:
    return InputValidationError(f"file {name!r} is {what}; {ACCEPTED}; {FIX}")


def _unreadable(name: str, kind: str, exc: Exception) -> InputValidationError:
    return InputValidationError(
        f"file {name!r} looks like {kind} but could not be read ({type(exc).__name__}: {exc}); "
        f"it may be damaged: open it and save it again, or {FIX}"
    )


# ---------------------------------------------------------------- CSV
def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode text by the rule in the module docstring; refuse binary content."""
    text: str | None = None
    encoding = "utf-16"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    elif b"\x00" not in data:
        first = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        for encoding in (first, "cp1252", "latin-1"):  # latin-1 decodes any byte
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    sample = (text or "")[:65536]
    if text is None or len(_CONTROL.findall(sample)) > len(sample) // 100:
        raise _unsupported(name, "binary data, not text")
    return text, encoding


def _detect_delimiter(text: str) -> str:
    sample = text[:20000]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # whole lines only
    # The header is the first line with a letter or digit (a line of empty quoted
    # cells or delimiters above it must not decide the delimiter).
    lines = sample.splitlines()
    header = next((line for line in lines if any(c.isalnum() for c in line)), None)
    if header is None:
        header = next((line for line in lines if line.strip()), "")
    fields = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in fields and fields[sniffed] == max(fields.values()):
        return sniffed
    return max(DELIMITERS, key=fields.__getitem__)


def _read_csv(text: str, name: str, encoding: str, *, path: Path | None = None) -> RawTable:
    delimiter = _detect_delimiter(text)
    fast = _read_csv_fast(text, name, encoding, delimiter, path=path)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str | None]]] = []
    try:
        for number, record in enumerate(reader, 1):
            records.append((number, [cell if cell != "" else None for cell in record]))
    except csv.Error as exc:
        raise InputValidationError(
            f"file {name!r} could not be read as CSV near line {reader.line_num} ({exc}); "
            f"check that quotes are balanced, or {FIX}"
        ) from exc
    return _assemble(records, name=name, kind="csv", encoding=encoding, delimiter=delimiter)


def _read_csv_fast(
    text: str, name: str, encoding: str, delimiter: str, *, path: Path | None = None
) -> RawTable | None:
    """Read a well-formed CSV with pandas' C parser; None when a row is longer than the first.

    Gives the same table as the record-by-record reader (which handles the rest):
    blank rows are skipped but counted, trailing empty columns dropped, cells kept
    as written (empty cells missing).
    """
    use_file = path is not None and encoding in _PANDAS_ENCODING
    try:
        raw = pd.read_csv(
            # From the file itself when we have it: a StringIO of a large text holds
            # it again at up to four bytes a character.
            path if use_file else io.StringIO(text),
            encoding=encoding if use_file else None,
            sep=delimiter,
            header=None,
            dtype=TEXT_DTYPE,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    blank = np.ones(len(raw), dtype=bool)
    for column in raw.columns:
        blank &= raw[column].fillna("").str.strip().eq("").to_numpy(dtype=bool)
    numbers = np.flatnonzero(~blank) + 1
    if numbers.size == 0:
        raise InputValidationError(
            f"file {name!r} is empty; expected a header row and at least one data row"
        )
    raw = raw.loc[~blank]
    filled = raw.notna().to_numpy()
    width = int(np.flatnonzero(filled.any(axis=0)).max()) + 1
    header = [None if pd.isna(v) else v for v in raw.iloc[0, :width].tolist()]
    header_width = max((i + 1 for i, v in enumerate(header) if v is not None), default=0)
    if width > header_width:
        return None  # rows longer than the header: the careful reader reports them
    data = raw.iloc[1:, :width].reset_index(drop=True)
    data.columns = _unique_names(header)
    return RawTable(
        frame=data,
        source_file=name,
        kind="csv",
        encoding=encoding,
        delimiter=delimiter,
        row_numbers=(numbers[1:] - numbers[0]).tolist(),
    )


def _assemble(
    rows: Iterable[tuple[int, list[str | None]]],
    *,
    name: str,
    kind: Kind,
    encoding: str | None = None,
    delimiter: str | None = None,
    noun: str = "fields",
) -> RawTable:
    """Turn numbered rows (header first) into a RawTable; see the module rules."""
    kept = []
    for number, cells in rows:
        end = len(cells)
        while end and cells[end - 1] is None:  # XLSX rows may carry thousands of empty cells
            end -= 1
        if any(cell is not None and cell.strip() for cell in cells[:end]):
            kept.append((number, cells[:end]))
    if not kept:
        raise InputValidationError(
            f"file {name!r} is empty; expected a header row and at least one data row"
        )
    (header_number, header), data = kept[0], kept[1:]
    width = max([len(header)] + [len(cells) for _, cells in data])
    names = _unique_names(header + [None] * (width - len(header)))
    problems = {}
    for position, (number, cells) in enumerate(data):
        if len(cells) > len(header):
            extra = ", ".join(names[len(header) : len(cells)])
            problems[position] = (
                f"row {number - header_number} has {len(cells)} {noun}, the header has "
                f"{len(header)}; the extra values are kept in {extra}"
            )
    columns = [[cells[i] if i < len(cells) else None for _, cells in data] for i in range(width)]
    return RawTable(
        frame=_frame(names, columns),
        source_file=name,
        kind=kind,
        encoding=encoding,
        delimiter=delimiter,
        row_numbers=[number - header_number for number, _ in data],
        row_problems=problems,
    )


def _unique_names(raw: list[str | None]) -> list[str]:
    """Strip header names; blank -> ``column_<position>``, repeats -> ``name_2``, ``name_3``."""
    names: list[str] = []
    for position, value in enumerate(raw, 1):
        base = (value or "").strip().strip("\ufeff").strip() or f"column_{position}"
        candidate, k = base, 2
        while candidate in names:
            candidate, k = f"{base}_{k}", k + 1
        names.append(candidate)
    return names


#: Codec names pandas should use for the encodings :func:`_decode` reports.
_PANDAS_ENCODING = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252"}

#: Text columns are Arrow-backed strings: a million-row registry fits in memory.
TEXT_DTYPE = pd.StringDtype("pyarrow")


def _frame(names: list[str], columns: list[list[str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {n: pd.Series(c, dtype=TEXT_DTYPE) for n, c in zip(names, columns, strict=True)}
    )


# ---------------------------------------------------------------- XLSX
def _check_zip(path: Path, name: str) -> None:
    """Refuse ZIPs that are not plain XLSX workbooks, and ZIP bombs (collect every reason)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (
        zipfile.BadZipFile,
        OSError,
        NotImplementedError,
        UnicodeDecodeError,
        ValueError,
    ) as exc:
        raise _unreadable(name, "a ZIP archive", exc) from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise _unsupported(name, "a ZIP archive that is not an XLSX workbook (no xl/workbook.xml)")
    problems = []
    if "xl/vbaProject.bin" in names:
        problems.append(f"file {name!r} is a workbook with macros (xl/vbaProject.bin)")
    if any(n.startswith("xl/externalLinks/") for n in names):
        problems.append(f"file {name!r} links to other workbooks (xl/externalLinks/)")
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_BYTES:
        problems.append(f"file {name!r} unpacks to {total:,} bytes (limit {MAX_UNZIPPED_BYTES:,})")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            problems.append(
                f"file {name!r}: member {member.filename} is compressed {ratio:,.0f} to 1 "
                f"(limit {MAX_COMPRESSION_RATIO} to 1)"
            )
    if problems:
        fix = (
            "expected a plain workbook without macros or links to other files; paste the table "
            "as values into a new workbook and save it as .xlsx, or save it as CSV UTF-8"
        )
        raise InputValidationError([f"{problem}; {fix}" for problem in problems])


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    name = path.name
    _check_zip(path, name)
    with warnings.catch_warnings(), path.open("rb") as handle:  # a handle: no extension check
        warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions it skips
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types on damaged files
            raise _unreadable(name, "an XLSX workbook", exc) from exc
        try:
            if sheet is not None and sheet not in book.sheetnames:
                raise InputValidationError(
                    f"file {name!r} has no sheet {sheet!r}; its sheets are "
                    f"{', '.join(map(repr, book.sheetnames))}; pick one of them"
                )
            worksheet = book[sheet] if sheet is not None else book.worksheets[0]
            worksheet.reset_dimensions()  # do not trust the stored dimension
            rows = [
                (number, [_cell_text(value) for value in values])
                for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1)
            ]
        except InputValidationError:
            raise
        except Exception as exc:
            raise _unreadable(name, "an XLSX workbook", exc) from exc
        finally:
            book.close()
    return _assemble(rows, name=name, kind="xlsx", noun="filled columns")


def _cell_text(value: object) -> str | None:
    """Write a cell value as text without losing information (see ``read_table``)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- geodata
def _read_ogr(path: Path, kind: Kind, layer: str | None, name: str) -> pd.DataFrame:
    """Read a GeoJSON or GeoPackage with GDAL under the right extension.

    GDAL chooses its driver from the file name, and the content decided the kind
    (a GeoJSON saved as ``.csv`` must not be read as CSV), so the file is read
    through a link named for its kind. Text that looks like a date stays text.
    """
    suffix = {"geojson": ".geojson", "gpkg": ".gpkg"}[kind]
    with tempfile.TemporaryDirectory(prefix="coopatlas-read-") as tmp:
        source = Path(tmp) / f"data{suffix}"
        source.symlink_to(path.resolve())
        layers = [str(row[0]) for row in pyogrio.list_layers(source)]
        layer = layer if layer is not None or not layers else layers[0]
        if layer not in layers:
            raise InputValidationError(
                f"file {name!r} has no layer {layer!r}; its layers are "
                f"{', '.join(map(repr, layers)) or 'none'}; pick one of them"
            )
        with warnings.catch_warnings():  # mixed-type properties stay text: that is fine
            warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
            warnings.filterwarnings("ignore", category=RuntimeWarning)  # GDAL chatter
            options = {"DATE_AS_STRING": "YES"} if kind == "geojson" else {}
            return pyogrio.read_dataframe(source, layer=layer, datetime_as_string=True, **options)


def _read_geo(path: Path, kind: Kind, *, layer: str | None) -> RawTable:
    name = path.name
    label = {"gpkg": "a GeoPackage", "geojson": "GeoJSON", "geoparquet": "GeoParquet"}[kind]
    try:
        if kind == "geoparquet":
            data = gpd.read_parquet(path)
        else:
            data = _read_ogr(path, kind, layer, name)
    except InputValidationError:
        raise
    except Exception as exc:  # pyogrio / pyarrow raise many types on damaged files
        raise _unreadable(name, label, exc) from exc

    has_geometry = isinstance(data, gpd.GeoDataFrame) and data.active_geometry_name is not None
    attributes = data.drop(columns=data.geometry.name) if has_geometry else data
    names = _unique_names([str(column) for column in attributes.columns])
    columns = [[_cell_text(v) for v in attributes[c].tolist()] for c in attributes.columns]
    problems: dict[int, str] = {}
    if has_geometry:
        if data.crs is not None and data.crs.to_epsg() != 4326:
            data = data.to_crs("EPSG:4326")
        longitude, latitude = [], []
        for position, geometry in enumerate(data.geometry):
            point = geometry is not None and not geometry.is_empty
            point = point and geometry.geom_type == "Point"
            longitude.append(repr(float(geometry.x)) if point else None)
            latitude.append(repr(float(geometry.y)) if point else None)
            if not point:
                what = "no" if geometry is None or geometry.is_empty else f"a {geometry.geom_type}"
                problems[position] = (
                    f"row {position + 1} has {what} geometry; only points give coordinates"
                )
        taken = {n.casefold() for n in names} & {"longitude", "latitude"}
        prefix = "geometry_" if taken else ""
        names += [f"{prefix}longitude", f"{prefix}latitude"]
        columns += [longitude, latitude]
    return RawTable(
        frame=_frame(names, columns),
        source_file=name,
        kind=kind,
        encoding=None,
        delimiter=None,
        row_numbers=list(range(1, len(data) + 1)),
        geometry_columns_added=has_geometry,
        row_problems=problems,
    )


# ---------------------------------------------------------------- numbers
MISSING_TOKENS = frozenset(
    {"", "-", "--", "---", "–", "—", ".", "?", "na", "n/a", "n.a.", "#n/a", "nan", "null",
     "none", "nd", "n/d", "n.d.", "sd", "s/d", "s.d.", "s.i.", "s/i", "sin dato",
     "sin datos", "sin información", "sin informacion", "no aplica", "no disponible"}
)  # fmt: skip
# Fast paths: a plain integer, and a decimal whose separator cannot be a thousands
# separator (not followed by exactly three digits).
_FAST_INT = r"[+-]?(?:0|[1-9][0-9]{0,14})"
_FAST_DECIMAL = {
    sep: rf"[+-]?(?:0|[1-9][0-9]{{0,14}}){re.escape(sep)}(?:[0-9]{{1,2}}|[0-9]{{4,15}})"
    for sep in ".,"
}
_BODY = re.compile(r"[0-9][0-9., ]*|[.,][0-9]+")  # what may follow the sign
# an integer part: plain digits, or 1-3 digits then groups of three split by ``sep`` or spaces
_GROUPED = {
    sep: re.compile(
        rf"[0-9]+|[1-9][0-9]{{0,2}}(?:\{sep}[0-9]{{3}})+|[1-9][0-9]{{0,2}}(?: [0-9]{{3}})+"
    )
    for sep in ".,"
}
_AMBIGUOUS = {sep: re.compile(rf"[1-9][0-9]{{0,2}}\{sep}[0-9]{{3}}") for sep in ".,"}


def parse_numbers(values: pd.Series, *, decimal: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written as Spanish or English registries write them.

    Surrounding white space is ignored; thousands may be grouped by ``.``, ``,``,
    a space or a no-break space (groups of exactly three digits, first group
    1-3 digits not starting with 0); a sign ``-``/``+``/``−`` may lead. Empty
    cells and the :data:`MISSING_TOKENS` (``"N/A"``, ``"s.d."``, ``"-"``, ...,
    case-insensitive) are missing, not invalid. Anything else (units, ``%``,
    scientific notation, two decimal separators) is invalid.

    Parameters
    ----------
    values
        Text cells (``str``/``None``/NaN); numbers already parsed pass through.
    decimal
        ``","`` or ``"."``: the decimal separator, the other one can only group
        thousands (with ``","``, ``"1.234"`` is 1234 and ``"3.75"`` is invalid).
        ``None`` infers it, per value then per column:

        * a value that shows its separator unambiguously is read that way: the
          last of ``.`` and ``,`` when both occur (``"1.234,5"``, ``"1,234.5"``);
          the other one when a separator repeats (``"1.234.567"``); the only one
          when it is not followed by exactly three digits or the part before it
          cannot be a thousands group (``"12,5"``, ``"-74,0721"``, ``"0.125"``);
        * an ambiguous value (``"1.234"``, ``"1,234"``) follows the decimal
          separator most unambiguous values of the column use; when they give no
          majority (none, or a tie) it is read as thousands (1234), because
          registries write counts far more often than three-decimal fractions.
          Pass ``decimal`` when the file's convention is known: a Spanish column
          of coordinates that all have three decimals (``"4,609"``) needs it.

    Returns
    -------
    numbers : pandas.Series
        float64, NaN where missing or invalid; same index and name as ``values``.
    invalid : pandas.Series
        bool, True where the cell was neither missing nor a number.
    """
    if decimal not in (None, ",", "."):
        raise InputValidationError(f"decimal must be ',', '.' or None; got {decimal!r}")
    # Work on distinct values, weighted by how often they occur (the column vote
    # counts every cell); plain integers and unambiguous decimals are parsed with
    # vectorised regular expressions, the rest one by one.
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    parsed = np.full(len(uniques), np.nan)
    bad = np.zeros(len(uniques), dtype=bool)
    own: list[str | None] = [None] * len(uniques)
    text = pd.Series(uniques, dtype=object)
    is_str = text.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    stripped = text.where(is_str, "").astype(str).str.strip()
    fast = {
        "int": (stripped.str.fullmatch(_FAST_INT).to_numpy(dtype=bool), None),
        ".": (stripped.str.fullmatch(_FAST_DECIMAL["."]).to_numpy(dtype=bool), "."),
        ",": (stripped.str.fullmatch(_FAST_DECIMAL[","]).to_numpy(dtype=bool), ","),
    }
    done = np.zeros(len(uniques), dtype=bool)
    for mask, separator in fast.values():
        mask = mask & is_str & ~done
        if separator is not None and decimal not in (None, separator):
            continue
        if mask.any():
            cells = stripped[mask]
            if separator == ",":
                cells = cells.str.replace(",", ".", regex=False)
            parsed[mask] = cells.astype("float64").to_numpy()
            done |= mask
            if separator is not None:
                for i in np.flatnonzero(mask):
                    own[i] = separator
    slow = np.flatnonzero(~done)
    cells = {i: _split_sign(uniques[i]) for i in slow}
    for i, (_, body) in cells.items():
        own[i] = _vote(body) if body else None
    votes: Counter[str] = Counter()
    for vote, count in zip(own, counts, strict=True):
        if vote:
            votes[vote] += int(count)
    column = None
    if len(votes) == 1 or (len(votes) == 2 and votes[","] != votes["."]):
        column = votes.most_common(1)[0][0]
    for i, (sign, body) in cells.items():
        if body is None:  # missing (NaN) or already a number
            parsed[i] = sign
            continue
        ambiguous = "," if "." in body else "."  # an ambiguous separator groups thousands
        number = _parse(body, decimal or own[i] or column or ambiguous)
        parsed[i] = math.nan if number is None else sign * number
        bad[i] = number is None
    known = codes >= 0
    numbers = np.full(len(codes), np.nan)
    invalid = np.zeros(len(codes), dtype=bool)
    numbers[known] = parsed[codes[known]]
    invalid[known] = bad[codes[known]]
    index, label = values.index, values.name
    return (
        pd.Series(numbers, index=index, dtype="float64", name=label),
        pd.Series(invalid, index=index, dtype=bool, name=label),
    )


def _split_sign(value: object) -> tuple[float, str | None]:
    """Return (sign, unsigned body), ``(number, None)`` for numbers and NaN for missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return math.nan, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), None
    text = re.sub(r"\s", " ", str(value)).strip()
    if text.casefold() in MISSING_TOKENS:
        return math.nan, None
    sign = 1.0
    if text[:1] in ("-", "+", "\u2212"):
        sign, text = (1.0 if text[0] == "+" else -1.0), text[1:].lstrip()
    return sign, text if _BODY.fullmatch(text) else ""


def _vote(body: str) -> str | None:
    """Return the decimal separator ``body`` shows unambiguously, or None."""
    dot, comma = body.rfind("."), body.rfind(",")
    if dot >= 0 and comma >= 0:
        vote = "." if dot > comma else ","
    elif body.count(".") > 1 or body.count(",") > 1:
        vote = "," if "." in body else "."
    elif dot >= 0 or comma >= 0:
        sep = "." if dot >= 0 else ","
        vote = None if _AMBIGUOUS[sep].fullmatch(body) else sep
    else:
        vote = None
    return vote if vote and _parse(body, vote) is not None else None


def _parse(body: str, decimal: str) -> float | None:
    """Parse an unsigned body with the given decimal separator; None when invalid."""
    whole, separator, fraction = body.partition(decimal)
    thousands = "," if decimal == "." else "."
    if not (whole or fraction) or (separator and not fraction.isdigit()):
        return None
    if whole and not _GROUPED[thousands].fullmatch(whole):
        return None
    digits = whole.replace(thousands, "").replace(" ", "")
    return float(f"{digits or 0}.{fraction or 0}")
