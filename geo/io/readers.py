"""Read a registry file, as specialists send it, into a raw table of text.

Nothing is interpreted here: every cell comes back as ``str`` or ``None`` and
every data row is kept, in file order. Cleaning and typing happen downstream
(:func:`geo.io.number_text.parse_numbers` parses numbers).

This module decides the format and hands the file to its reader:
:mod:`geo.io.read_csv`, :mod:`geo.io.read_xlsx` or :mod:`geo.io.read_geo`; they all
return a :class:`geo.io.raw_table.RawTable` (its module states the row rules).

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
* **Delimiter** (:mod:`geo.io.read_csv`), **XLSX cells** (:mod:`geo.io.read_xlsx`) and
  **point layers** (:mod:`geo.io.read_geo`) are described in their modules.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from pathlib import Path

from geo._errors import InputValidationError, MissingDataError
from geo.io.raw_table import RawTable, unsupported_error
from geo.io.read_csv import read_csv
from geo.io.read_geo import check_properties, read_geo

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


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> RawTable:
    """Read a CSV, XLSX, GeoJSON, GeoPackage or GeoParquet file into a raw table.

    Parameters
    ----------
    path
        The file; its extension is ignored, the content decides the format.
    sheet
        Worksheet name (XLSX) or layer name (GeoPackage); default the first one.
        Ignored by single-table formats.
    max_bytes
        Refuse files larger than this many bytes.
    max_rows
        Refuse files of more data rows than this; every reader stops at the first row
        past it. ``None``: only the size-based limits of :mod:`geo.io.read_limits`.

    Returns
    -------
    geo.io.raw_table.RawTable

    Raises
    ------
    MissingDataError
        ``path`` does not exist.
    InputValidationError
        The file is empty, too large, of an unsupported kind, unreadable, breaks a
        limit of :mod:`geo.io.read_limits`, or ``sheet`` names no sheet/layer of it.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise MissingDataError(f"file {name!r} was not found; check the file name and folder")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputValidationError(
            f"file {name!r} is {size:,} bytes, more than the limit of {max_bytes:,} bytes; "
            "split it into smaller files or remove columns that are not needed"
        )
    with path.open("rb") as handle:
        head = handle.read(100)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        # openpyxl (a tenth of a build's imports) is imported only when a workbook is read
        from geo.io.read_xlsx import read_xlsx

        return read_xlsx(path, sheet, max_rows=max_rows)
    if head.startswith(b"SQLite format 3\x00"):
        if head[68:72] not in (b"GPKG", b"GP10", b"GP11"):  # GeoPackage application_id
            raise unsupported_error(name, "an SQLite database that is not a GeoPackage")
        return read_geo(path, "gpkg", layer=sheet, max_rows=max_rows)
    if head.startswith(b"PAR1"):
        return read_geo(path, "geoparquet", layer=None, max_rows=max_rows)
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise unsupported_error(name, what)
    text, encoding = _decode(path.read_bytes(), name)
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except ValueError:
            document = None  # not JSON: read as CSV below
        except RecursionError as exc:  # raised at the limit, before any deeper work
            raise InputValidationError(
                f"file {name!r} is JSON nested more than {sys.getrecursionlimit():,} levels "
                "deep, beyond the limit (a GeoJSON needs fewer than ten); export the layer "
                "again from a GIS as GeoJSON or GeoPackage"
            ) from exc
        if isinstance(document, dict):
            if document.get("type") != "FeatureCollection":
                raise unsupported_error(name, "a JSON file that is not a GeoJSON FeatureCollection")
            check_properties(document, name)
            del document  # GDAL reads the file itself
            return read_geo(path, "geojson", layer=None, max_rows=max_rows)
    return read_csv(text, name, encoding, path=path, max_rows=max_rows)


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
    if text is None or looks_binary(text):
        raise unsupported_error(name, "binary data, not text")
    return text, encoding


def looks_binary(text: str) -> bool:
    """Tell whether decoded text is binary data: 1 % or more control characters early on."""
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > len(sample) // 100
