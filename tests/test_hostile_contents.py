"""Hostile files whose content costs more than their size: every shape ends in a refusal.

The files are small on disk and huge once read: a GeoParquet of a million
run-length-encoded rows, a dictionary value of 70 MB compressed to kilobytes, a
GeoPackage whose only layer is a recursive SQL view or a table with a computed
column, a workbook with one cell on Excel's last row (or past it), CSVs of
millions of blank lines, tiny rows or one quoted field of millions of line breaks.
Each is made here by code and read in a fresh process (``measure`` of
``test_hostile_files``) through the command line's reader (``read``), the
command line's chunked build (``chunks``) and the browser's upload
(``upload``, limited to 200,000 rows), within :data:`TIME_LIMIT_S` CPU seconds
(the chunked build, which streams, in proportion to the file: :func:`cpu_budget`)
and :data:`MEMORY_LIMIT_MB` of extra peak memory, ending with a message that names
the file (in English, and in Spanish from the catalogue) and no traceback.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shapely.geometry import Point

from geo.io.read_chunks import CsvChunks, open_chunks
from geo.io.read_limits import EXCEL_MAX_ROWS, MAX_BLANK_LINES, MAX_CELL_CHARS, LimitError
from geo.io.readers import read_table
from tests.test_hostile_files import MEMORY_LIMIT_MB, TIME_LIMIT_S, _cell, measure, write_xlsx_parts

_POINT_WKB = Point(-74.08, 4.6).wkb
_GEO_METADATA = {
    "version": "1.0.0",
    "primary_column": "geometry",
    "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}},
}


def _geoparquet(path: Path, columns: dict[str, pa.Array], rows: int, **options: object) -> Path:
    """Write a GeoParquet file of ``rows`` rows: ``columns`` and one repeated point."""
    geometry = pa.DictionaryArray.from_arrays(
        pa.array([0] * rows, pa.int32()), pa.array([_POINT_WKB], pa.binary())
    )
    table = pa.table({**columns, "geometry": geometry.dictionary_decode()})
    table = table.replace_schema_metadata({"geo": json.dumps(_GEO_METADATA)})
    pq.write_table(table, path, compression="zstd", row_group_size=rows, **options)
    return path


def _repeated(value: str, rows: int) -> pa.Array:
    """``value`` ``rows`` times, as a dictionary array (written with one dictionary entry)."""
    return pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([value]))


def parquet_million_rle(folder: Path) -> Path:
    """About 12 KB on disk: 1,000,000 identical rows (dictionary + run-length encoding)."""
    rows = 1_000_000
    columns = {"nombre": _repeated("Cooperativa", rows), "pais": _repeated("CO", rows)}
    path = _geoparquet(folder / "million.parquet", columns, rows)
    assert path.stat().st_size < 20_000
    return path


def parquet_huge_dictionary(folder: Path) -> Path:
    """A few KB on disk: 1,000 rows that all use one dictionary value of 70 MB."""
    rows = 1000
    columns = {"nombre": _repeated("a" * 70_000_000, rows)}
    path = _geoparquet(
        folder / "huge_dictionary.parquet", columns, rows, dictionary_pagesize_limit=2**31 - 1
    )
    assert path.stat().st_size < 100_000
    return path


def parquet_long_cells(folder: Path) -> Path:
    """Four rows with a 1 MB name each (a dictionary value compressed to kilobytes)."""
    columns = {"nombre": _repeated("b" * 1_000_000, 4)}
    return _geoparquet(folder / "long_cells.parquet", columns, 4)


def _gpkg_with(folder: Path, file: str, statements: list[str], layer: str) -> Path:
    """A GeoPackage of one point whose only layer becomes ``layer``, made by ``statements``."""
    path = folder / file
    frame = gpd.GeoDataFrame({"nombre": ["Coop"]}, geometry=[Point(-74.08, 4.6)], crs=4326)
    frame.to_file(path, layer="real", driver="GPKG")
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
            "VALUES (?, 'attributes', ?)",
            (layer, layer),
        )
        for table in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_ogr_contents"):
            connection.execute(f"DELETE FROM {table} WHERE table_name = 'real'")
        connection.execute("DROP TABLE real")
    connection.close()
    return path


def gpkg_recursive_view(folder: Path) -> Path:
    """A GeoPackage whose only layer is a view of 50,000,000 rows made by a recursive CTE."""
    view = (
        "CREATE VIEW bomb AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
        "WHERE i < 50000000) SELECT i AS fid, 'Cooperativa ' || i AS nombre FROM n"
    )
    return _gpkg_with(folder, "recursive_view.gpkg", [view], "bomb")


def gpkg_view_long_strings(folder: Path) -> Path:
    """A GeoPackage whose only layer is a view of 4 rows of 400 MB strings."""
    view = (
        "CREATE VIEW bomb AS SELECT column1 AS fid, "
        "hex(zeroblob(200000000)) AS nombre FROM (VALUES (1), (2), (3), (4))"
    )
    return _gpkg_with(folder, "view_strings.gpkg", [view], "bomb")


def gpkg_generated_column(folder: Path) -> Path:
    """A GeoPackage table with a computed column of 100 MB a row (made on every read)."""
    table = (
        "CREATE TABLE bomb (fid INTEGER PRIMARY KEY, nombre TEXT, "
        "relleno TEXT GENERATED ALWAYS AS (hex(zeroblob(50000000))) VIRTUAL)"
    )
    rows = "INSERT INTO bomb (fid, nombre) VALUES (1, 'Coop'), (2, 'Coop')"
    return _gpkg_with(folder, "generated.gpkg", [table, rows], "bomb")


def xlsx_last_row_far_column(folder: Path) -> Path:
    """1.6 KB: a header and one organization on row 1,048,576, with a cell in column 500 (SF)."""
    last = EXCEL_MAX_ROWS
    header = ("Razón social", "Departamento", "País")
    row = ("Cooperativa Lejana", "Huila", "CO", "lejos")
    first = "".join(_cell(f"{c}1", v) for c, v in zip("ABC", header, strict=True))
    cells = "".join(_cell(f"{c}{last}", v) for c, v in zip(("A", "B", "C", "SF"), row, strict=True))
    rows = [f'<row r="1">{first}</row>', f'<row r="{last}">{cells}</row>']
    return write_xlsx_parts(folder / "last_row.xlsx", None, rows)


def xlsx_past_last_row(folder: Path) -> Path:
    """A header and one cell in column 500 on row 10,000,000, past Excel's last row."""
    rows = [
        f'<row r="1">{_cell("A1", "nombre")}</row>',
        f'<row r="10000000">{_cell("SF10000000", "lejos")}</row>',
    ]
    return write_xlsx_parts(folder / "past_last_row.xlsx", None, rows)


def xlsx_many_rows(folder: Path) -> Path:
    """About 2.3 MB: 300,000 rows of one short cell each."""
    rows = [f'<row r="1">{_cell("A1", "nombre")}</row>']
    rows += [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 300_002)]
    return write_xlsx_parts(folder / "many_rows.xlsx", None, rows)


def csv_blank_tail(folder: Path) -> Path:
    """24 MB: a header, one row and 24,000,000 blank lines after them."""
    path = folder / "blank_tail.csv"
    path.write_bytes(
        "Razón social,Departamento,País\nCoop Uno,Huila,CO\n".encode() + b"\n" * 24_000_000
    )
    return path


def csv_blank_middle(folder: Path) -> Path:
    """24 MB: a header, 24,000,000 blank lines, then one row."""
    path = folder / "blank_middle.csv"
    path.write_bytes(b"nombre,pais\n" + b"\n" * 24_000_000 + b"Coop Uno,CO\n")
    return path


def csv_tiny_rows(folder: Path) -> Path:
    """25 MB: 12,500,000 rows of one character."""
    path = folder / "tiny_rows.csv"
    path.write_bytes(b"n\n" + b"a\n" * 12_499_999)
    return path


def csv_quoted_newlines(folder: Path) -> Path:
    """8 MB: a header and one quoted field holding 8,000,000 line breaks."""
    path = folder / "quoted_newlines.csv"
    path.write_bytes(b'nombre,pais\n"' + b"\n" * 8_000_000 + b'",CO\n')
    return path


FIXTURES: dict[str, Callable[[Path], Path]] = {
    "parquet_million_rle": parquet_million_rle,
    "parquet_huge_dictionary": parquet_huge_dictionary,
    "parquet_long_cells": parquet_long_cells,
    "gpkg_recursive_view": gpkg_recursive_view,
    "gpkg_view_long_strings": gpkg_view_long_strings,
    "gpkg_generated_column": gpkg_generated_column,
    "xlsx_last_row_far_column": xlsx_last_row_far_column,
    "xlsx_past_last_row": xlsx_past_last_row,
    "xlsx_many_rows": xlsx_many_rows,
    "csv_blank_tail": csv_blank_tail,
    "csv_blank_middle": csv_blank_middle,
    "csv_tiny_rows": csv_tiny_rows,
    "csv_quoted_newlines": csv_quoted_newlines,
}

_VIEW = "is an SQL view, not a plain table"
_ROWS = "has more than 200,000 data rows"
_CELL = f"more than the limit of {MAX_CELL_CHARS:,} (Excel's)"
_BLANK = f"more than {MAX_BLANK_LINES:,} blank lines"
_PAST = f"past Excel's last row {EXCEL_MAX_ROWS:,}"

#: What each fixture gives, by path: a phrase of the refusal, or "import" (rows read).
EXPECTED: dict[str, dict[str, str]] = {
    "parquet_million_rle": {
        "read": "would make 3,000,000 cells (rows x columns), more than the limit of 2,000,000",
        "upload": _ROWS,
    },
    "parquet_huge_dictionary": {"read": "unpacks to more than", "upload": "unpacks to more than"},
    "parquet_long_cells": {"read": "holds 1,000,000 characters", "upload": _CELL},
    "gpkg_recursive_view": {"read": _VIEW, "upload": _VIEW},
    "gpkg_view_long_strings": {"read": _VIEW, "upload": _VIEW},
    "gpkg_generated_column": {
        "read": "is a table with computed (generated) columns",
        "upload": "computed (generated) columns",
    },
    "xlsx_last_row_far_column": {"read": "import", "upload": "import"},
    "xlsx_past_last_row": {"read": f"row numbered 10,000,000, {_PAST}", "upload": _PAST},
    # On the command line these are 300,000 real rows: read at openpyxl's pace (about 35
    # CPU-microseconds a row), in proportion to the sheet's XML, not to row numbers.
    "xlsx_many_rows": {"upload": _ROWS},
    "csv_blank_tail": {"read": "import", "chunks": "import", "upload": "import"},
    "csv_blank_middle": {"read": _BLANK, "chunks": _BLANK, "upload": _BLANK},
    "csv_tiny_rows": {"chunks": "import", "upload": _ROWS},
    "csv_quoted_newlines": {
        "read": "holds 8,000,000 characters",
        "chunks": "holds 8,000,000 characters",
        "upload": _CELL,
    },
}

#: CPU seconds per MB of file the command line's chunked build may take (it streams:
#: memory stays flat, time follows the bytes; pandas parses about 5 M short lines a second).
CHUNKS_CPU_S_PER_MB = 1.0


def cpu_budget(path: Path, mode: str) -> float:
    """Return the CPU seconds a read may take: fixed, or in proportion for the chunked build."""
    if mode == "chunks":
        return TIME_LIMIT_S + CHUNKS_CPU_S_PER_MB * path.stat().st_size / 1e6
    return TIME_LIMIT_S


CASES = [(fixture, mode) for fixture, modes in EXPECTED.items() for mode in modes]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture, written once for all modes."""
    folder = tmp_path_factory.mktemp("hostile")
    return {key: make(folder) for key, make in FIXTURES.items()}


@pytest.mark.parametrize(("fixture", "mode"), CASES, ids=[f"{f}-{m}" for f, m in CASES])
def test_hostile_content_ends_within_budget(fixture: str, mode: str, made: dict[str, Path]) -> None:
    path = made[fixture]
    outcome = measure(path, mode=mode)
    assert outcome["cpu_seconds"] < cpu_budget(path, mode), outcome
    assert outcome["extra_mb"] < MEMORY_LIMIT_MB, outcome
    expected = EXPECTED[fixture][mode]
    if expected == "import":
        assert outcome["error"] is None, outcome
        return
    message = str(outcome["error"])
    assert path.name in message and expected in message, outcome
    if "error_es" in outcome and "limit" in message:  # a catalogue refusal: Spanish too
        spanish = str(outcome["error_es"])
        assert path.name in spanish and spanish != message, outcome


def test_xlsx_last_row_is_read_with_its_row_number(made: dict[str, Path]) -> None:
    table = read_table(made["xlsx_last_row_far_column"])
    header = ["Razón social", "Departamento", "País"]
    assert list(table.frame.columns) == [*header, *[f"column_{k}" for k in range(4, 501)]]
    assert table.row_numbers == [EXCEL_MAX_ROWS - 1]  # the 1,048,575th row under the header
    assert table.frame["Razón social"].tolist() == ["Cooperativa Lejana"]
    assert table.frame["column_500"].tolist() == ["lejos"]


def test_csv_blank_tail_keeps_its_rows(made: dict[str, Path]) -> None:
    table = read_table(made["csv_blank_tail"])
    expected = {"Razón social": ["Coop Uno"], "Departamento": ["Huila"], "País": ["CO"]}
    assert table.frame.to_dict("list") == expected
    assert table.row_numbers == [1]


def test_the_limit_counts_characters_not_bytes_whole_and_streamed(tmp_path: Path) -> None:
    # "ñ" is two bytes in UTF-8: a cell of 32,767 of them has 65,534 bytes and is within
    # the limit; one more "ñ" is over it, read whole or in chunks alike.
    path = tmp_path / "wide.csv"
    path.write_text("nombre,pais\n" + "ñ" * MAX_CELL_CHARS + ",CO\nCoop,CO\n", "utf-8")
    assert read_table(path).frame["nombre"].str.len().tolist() == [MAX_CELL_CHARS, 4]
    source = open_chunks(path)
    assert isinstance(source, CsvChunks)  # streamed, not read whole
    assert [len(c.frame["nombre"].iat[0]) for c in source.chunks(1)] == [MAX_CELL_CHARS, 4]
    path.write_text("nombre,pais\nCoop,CO\n" + "ñ" * (MAX_CELL_CHARS + 1) + ",CO\n", "utf-8")
    with pytest.raises(LimitError, match="row 3, holds 32,768 characters"):
        read_table(path)
    with pytest.raises(LimitError, match="row 3, holds 32,768 characters"):
        list(open_chunks(path).chunks(1))


def test_cell_at_excels_limit_is_read_and_one_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "limit.csv"
    path.write_text("nombre\n" + "x" * MAX_CELL_CHARS + "\n")
    assert read_table(path).frame["nombre"].str.len().tolist() == [MAX_CELL_CHARS]
    path.write_text("nombre\n" + "x" * (MAX_CELL_CHARS + 1) + "\n")
    with pytest.raises(LimitError) as caught:
        read_table(path)
    assert str(caught.value) == (
        "file 'limit.csv': the cell in column 'column_1', row 2, holds 32,768 characters, "
        "more than the limit of 32,767 (Excel's); a registry cell holds a name or a code: "
        "shorten or delete that cell and save the file again"
    )
    assert caught.value.text("es").startswith(
        "archivo 'limit.csv': la celda de la columna 'column_1', fila 2, tiene 32.768 caracteres"
    )


def test_plain_geopackage_and_geoparquet_tables_are_still_read(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"nombre": ["Coop Uno", "Coop Dos"]}, geometry=[Point(-74, 4), Point(-75, 5)], crs=4326
    )
    frame.to_file(tmp_path / "plain.gpkg", layer="orgs", driver="GPKG")
    frame.to_parquet(tmp_path / "plain.parquet")
    for name in ("plain.gpkg", "plain.parquet"):
        table = read_table(tmp_path / name)
        assert table.frame["nombre"].tolist() == ["Coop Uno", "Coop Dos"], name
        assert table.frame["longitude"].tolist() == ["-74.0", "-75.0"], name
