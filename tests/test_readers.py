"""Reading registry files into raw text tables, and parsing numbers as registries write them."""

from __future__ import annotations

import io
import json
import math
import re
import sqlite3
import zipfile
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely

from geo._errors import InputValidationError, MissingDataError
from geo.io.number_text import parse_numbers
from geo.io.raw_table import RawTable
from geo.io.readers import read_table
from geo.notice import Notice

ACCEPTED = r"accepted formats: CSV, XLSX, GeoJSON, GeoPackage, GeoParquet; .*CSV UTF-8 or XLSX"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows(table: RawTable) -> list[list[str | None]]:
    return table.frame.astype(object).where(table.frame.notna(), None).values.tolist()


def assert_all_text(table: RawTable) -> None:
    assert all(pd.api.types.is_string_dtype(dtype) for dtype in table.frame.dtypes)
    assert list(table.frame.index) == list(range(len(table.frame)))
    for value in table.frame.to_numpy().ravel():
        assert value is pd.NA or isinstance(value, str)


# ---------------------------------------------------------------- CSV: encodings, delimiters
def test_latin1_semicolon_csv_with_decimal_commas(tmp_path: Path) -> None:
    text = (
        "Razón social;Departamento;Número de asociados;Latitud;Longitud\r\n"
        "Cooperativa Cafetera del Sur;Nariño;1.234;1,2136;-77,2811\r\n"
        "Asociación Ñame y Yuca;Córdoba;56;8,7479;-75,8814\r\n"
    )
    table = read_table(write(tmp_path, "registro.csv", text.encode("latin-1")))
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "cp1252", ";")
    assert table.source_file == "registro.csv"
    assert list(table.frame.columns) == [
        "Razón social",
        "Departamento",
        "Número de asociados",
        "Latitud",
        "Longitud",
    ]
    assert rows(table) == [
        ["Cooperativa Cafetera del Sur", "Nariño", "1.234", "1,2136", "-77,2811"],
        ["Asociación Ñame y Yuca", "Córdoba", "56", "8,7479", "-75,8814"],
    ]
    assert table.row_numbers == [1, 2]
    assert table.row_problems == {}
    assert not table.geometry_columns_added
    assert_all_text(table)
    # the caller passes decimal="," for such a file: "1.234" members -> 1234, "1,2136" -> 1.2136
    members, bad = parse_numbers(table.frame["Número de asociados"], decimal=",")
    assert members.tolist() == [1234.0, 56.0] and not bad.any()
    latitude, _ = parse_numbers(table.frame["Latitud"], decimal=",")
    assert latitude.tolist() == [1.2136, 8.7479]


def test_utf8_bom_is_removed_from_first_header(tmp_path: Path) -> None:
    data = "\ufeffNombre,Departamento\nCoop Ñ,Bogotá\n".encode()
    table = read_table(write(tmp_path, "bom.csv", data))
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert list(table.frame.columns) == ["Nombre", "Departamento"]
    assert rows(table) == [["Coop Ñ", "Bogotá"]]


def test_plain_utf8(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "u.csv", "Nombre|Socios\nÑandú|7\n".encode()))
    assert (table.encoding, table.delimiter) == ("utf-8", "|")
    assert rows(table) == [["Ñandú", "7"]]


def test_cp1252_degree_sign_enye_and_curly_quotes(tmp_path: Path) -> None:
    # 0xBA "º", 0xD1 "Ñ" (same in Latin-1); 0x93/0x94 curly quotes exist only in cp1252
    data = "Nombre;Nº registro;Nota\nCOOPERATIVA ÑUÑOA;Nº 12;“buena”\n".encode("cp1252")
    assert b"\xba" in data and b"\xd1" in data and b"\x93" in data
    table = read_table(write(tmp_path, "cp.csv", data))
    assert table.encoding == "cp1252"
    assert list(table.frame.columns) == ["Nombre", "Nº registro", "Nota"]
    assert rows(table) == [["COOPERATIVA ÑUÑOA", "Nº 12", "“buena”"]]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    # 0x81 has no cp1252 character; one such byte in otherwise ordinary text is not "binary"
    data = b"Nombre;Municipio\n" + b"Cooperativa Espa\xf1a;Pasto\n" * 10 + b"\x81x;\xf1\n"
    table = read_table(write(tmp_path, "l1.csv", data))
    assert table.encoding == "latin-1"
    assert rows(table)[0] == ["Cooperativa España", "Pasto"]
    assert rows(table)[-1] == ["\x81x", "ñ"]


def test_utf16_unicode_text_from_excel(tmp_path: Path) -> None:
    data = "Nombre\tSocios\r\nCoop Ñ\t5\r\n".encode("utf-16")  # with BOM
    table = read_table(write(tmp_path, "unicode.txt", data))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert rows(table) == [["Coop Ñ", "5"]]


def test_tab_delimited(tmp_path: Path) -> None:
    data = b"Nombre\tMunicipio\tSocios\nCoop A\tPasto, Centro\t12\nCoop B\tIpiales\t3\n"
    table = read_table(write(tmp_path, "tab.tsv", data))
    assert table.delimiter == "\t"
    assert rows(table) == [["Coop A", "Pasto, Centro", "12"], ["Coop B", "Ipiales", "3"]]


def test_quoted_field_with_delimiter_quote_and_newline(tmp_path: Path) -> None:
    data = (
        b'Nombre;Direcci\xf3n;Socios\n"Coop ""La Uni\xf3n""; sede 2";"Calle 5\nBarrio Centro";10\n'
        b"Coop B;Carrera 7;20\n"
    )
    table = read_table(write(tmp_path, "q.csv", data))
    assert table.delimiter == ";"
    assert rows(table) == [
        ['Coop "La Unión"; sede 2', "Calle 5\nBarrio Centro", "10"],
        ["Coop B", "Carrera 7", "20"],
    ]
    # records, not physical lines: the second record starts on line 4 but is data row 2
    assert table.row_numbers == [1, 2]


def test_row_with_too_many_fields_is_kept_and_reported(tmp_path: Path) -> None:
    data = b"a;b;c\n1;2;3\n4;5;6;7;8\n9\nNA;;x\n"
    table = read_table(write(tmp_path, "wide.csv", data))
    assert list(table.frame.columns) == ["a", "b", "c", "column_4", "column_5"]
    assert rows(table) == [
        ["1", "2", "3", None, None],
        ["4", "5", "6", "7", "8"],
        ["9", None, None, None, None],  # short row padded
        ["NA", None, "x", None, None],  # "NA" stays text, "" becomes None
    ]
    assert table.row_problems == {
        1: "row 2 has 5 fields, the header has 3; the extra values are kept in column_4, column_5"
    }


def test_blank_rows_skipped_but_counted(tmp_path: Path) -> None:
    # line 1 blank, header on line 2, data on lines 3 and 5; line 4 blank, line 6 only delimiters
    data = b"\na;b\n1;2\n\n3;4\n;\n"
    table = read_table(write(tmp_path, "gaps.csv", data))
    assert rows(table) == [["1", "2"], ["3", "4"]]
    assert table.row_numbers == [1, 3]  # lines 3 and 5 minus header line 2


def test_duplicate_and_blank_headers_made_unique(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "h.csv", b"id,Nombre,,Nombre, id ,Nombre_2\n1,a,b,c,d,e\n"))
    assert list(table.frame.columns) == [
        "id",
        "Nombre",
        "column_3",
        "Nombre_2",
        "id_2",
        "Nombre_2_2",
    ]


def test_trailing_delimiter_is_not_a_problem(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "t.csv", b"a;b;\n1;2;\n"))
    assert list(table.frame.columns) == ["a", "b"]
    assert rows(table) == [["1", "2"]] and table.row_problems == {}


def test_header_only_file_gives_zero_rows(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "h.csv", b"Nombre;Socios\r\n"))
    assert list(table.frame.columns) == ["Nombre", "Socios"]
    assert table.frame.shape == (0, 2) and table.row_numbers == []
    assert_all_text(table)


@pytest.mark.parametrize("data", [b"", b"  \r\n\n\t", b"\xef\xbb\xbf", b";;\n;\n"])
def test_empty_file_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "vacio.csv", data)
    with pytest.raises(InputValidationError, match=r"'vacio\.csv' is empty; expected a header row"):
        read_table(path)


def test_extension_is_ignored(tmp_path: Path) -> None:
    assert read_table(write(tmp_path, "really_csv.xlsx", b"a,b\n1,2\n")).kind == "csv"
    assert read_table(write(tmp_path, "really_xlsx.csv", workbook_bytes())).kind == "xlsx"


# ---------------------------------------------------------------- XLSX
def workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Registro"
    sheet.append(["Nombre", "Socios", "Área (ha)", "Fundada", "Activa"])
    sheet.append(["Coop Ñ", 120, 3.5, date(1998, 5, 4), True])
    sheet.append([])  # empty middle row (sheet row 3)
    sheet.append(["Coop B", 45, 12.0, datetime(2001, 1, 2), False, "nota"])
    sheet.append(["", None, 0.1, datetime(2001, 1, 2, 8, 30), None])
    sheet.cell(row=8, column=1).value = None  # trailing empty rows
    other = book.create_sheet("Otra")
    other.append([])  # header on sheet row 2
    other.append(["x", None, "x"])
    other.append([7])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "registro.xlsx", workbook_bytes()))
    assert (table.kind, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert list(table.frame.columns) == [
        "Nombre",
        "Socios",
        "Área (ha)",
        "Fundada",
        "Activa",
        "column_6",
    ]
    assert rows(table) == [
        ["Coop Ñ", "120", "3.5", "1998-05-04", "TRUE", None],
        ["Coop B", "45", "12", "2001-01-02", "FALSE", "nota"],
        [None, None, "0.1", "2001-01-02 08:30:00", None, None],
    ]
    # sheet rows 2, 4, 5 minus header row 1; the empty row 3 is skipped but counted
    assert table.row_numbers == [1, 3, 4]
    assert table.row_problems == {
        1: "row 3 has 6 filled columns, the header has 5; the extra values are kept in column_6"
    }
    assert_all_text(table)


def test_xlsx_named_sheet_with_header_below_a_blank_row(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "registro.xlsx", workbook_bytes()), sheet="Otra")
    assert list(table.frame.columns) == ["x", "column_2", "x_2"]
    assert rows(table) == [["7", None, None]]
    assert table.row_numbers == [1]  # sheet row 3 minus header row 2


def test_xlsx_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write(tmp_path, "registro.xlsx", workbook_bytes())
    with pytest.raises(
        InputValidationError, match="no sheet 'Hoja1'; its sheets are 'Registro', 'Otra'"
    ):
        read_table(path, sheet="Hoja1")


def rezip(extra: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for member, data in extra.items():
            target.writestr(member, data)
    return buffer.getvalue()


def test_xlsx_with_macros_and_external_links_refused_with_both_reasons(tmp_path: Path) -> None:
    data = rezip({"xl/vbaProject.bin": b"\x00macro", "xl/externalLinks/externalLink1.xml": b"<x/>"})
    path = write(tmp_path, "macro.xlsm", data)
    with pytest.raises(InputValidationError) as caught:
        read_table(path)
    problems = caught.value.problems
    assert len(problems) == 2
    assert "'macro.xlsm' is a workbook with macros (xl/vbaProject.bin)" in problems[0]
    assert "'macro.xlsm' links to other workbooks (xl/externalLinks/)" in problems[1]


def test_xlsx_zip_bomb_refused(tmp_path: Path) -> None:
    # 2 MiB of spaces deflate to a few KiB: ratio far above 100 for a member over 1 MiB
    path = write(tmp_path, "bomb.xlsx", rezip({"xl/media/pad.bin": b" " * (2 * 1024 * 1024)}))
    with pytest.raises(
        InputValidationError, match=r"member xl/media/pad.bin is compressed .* to 1"
    ):
        read_table(path)


def test_zip_that_is_not_xlsx_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    path = write(tmp_path, "informe.xlsx", buffer.getvalue())
    with pytest.raises(InputValidationError, match=r"'informe.xlsx' is a ZIP archive that is not"):
        read_table(path)


# ---------------------------------------------------------------- refused kinds and limits
@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("logo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "a PNG image"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"a legacy Excel 97-2003"),
        ("scan.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        ("random.csv", bytes(range(256)) * 4, "binary data, not text"),  # has NUL bytes
        ("controls.csv", bytes(range(1, 32)) * 50, "binary data, not text"),  # no NUL
        (
            "config.json",
            b'{"type": "Topology", "objects": {}}',
            "a JSON file that is not a GeoJSON",
        ),
    ],
)
def test_unsupported_content_refused(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(InputValidationError, match=rf"'{name}' is {what}.*; {ACCEPTED}"):
        read_table(path)


def test_damaged_zip_and_plain_sqlite_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "roto.xlsx", b"PK\x03\x04" + bytes(range(1, 200)))
    with pytest.raises(InputValidationError, match=r"'roto\.xlsx' looks like a ZIP archive but"):
        read_table(path)
    database = tmp_path / "base.gpkg"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("create table t (a text)")
        connection.commit()
    with pytest.raises(InputValidationError, match="an SQLite database that is not a GeoPackage"):
        read_table(database)


def test_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "big.csv", b"a;b\n" + b"1;2\n" * 24)  # 4 + 24 * 4 = 100 bytes
    with pytest.raises(
        InputValidationError, match=r"'big\.csv' is 100 bytes, more than the limit of 50"
    ):
        read_table(path, max_bytes=50)
    assert len(read_table(path, max_bytes=100).frame) == 24


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError, match=r"'nope\.csv' was not found"):
        read_table(tmp_path / "nope.csv")


# ---------------------------------------------------------------- geodata
def feature(properties: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_geojson_points(tmp_path: Path) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            feature(
                {"nombre": "Coop A", "socios": 12},
                {"type": "Point", "coordinates": [-74.0721, 4.711]},
            ),
            feature({"nombre": "Coop B", "socios": None}, None),
            feature(
                {"nombre": "Coop C", "socios": 7},
                {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
            ),
        ],
    }
    path = write(tmp_path, "puntos.json", json.dumps(collection).encode())
    table = read_table(path)
    assert table.kind == "geojson" and table.geometry_columns_added
    assert list(table.frame.columns) == ["nombre", "socios", "longitude", "latitude"]
    assert rows(table) == [
        ["Coop A", "12", "-74.0721", "4.711"],
        ["Coop B", None, None, None],
        ["Coop C", "7", None, None],
    ]
    assert table.row_numbers == [1, 2, 3]
    assert table.row_problems == {
        1: "row 2 has no geometry; only points give coordinates",
        2: "row 3 has a Polygon geometry; only points give coordinates",
    }
    # a page says them in its own language
    said = [p.in_lang("es") for p in table.row_problems.values() if isinstance(p, Notice)]
    assert said == [
        "la fila 2 no tiene geometría; solo los puntos dan coordenadas",
        "la fila 3 tiene una geometría Polygon; solo los puntos dan coordenadas",
    ]
    assert_all_text(table)


def test_geojson_with_its_own_coordinate_columns(tmp_path: Path) -> None:
    point = {"type": "Point", "coordinates": [-78.5, -0.2]}
    collection = {"type": "FeatureCollection", "features": [feature({"Longitude": "-78,5"}, point)]}
    table = read_table(write(tmp_path, "p.geojson", json.dumps(collection).encode()))
    assert list(table.frame.columns) == ["Longitude", "geometry_longitude", "geometry_latitude"]
    assert rows(table) == [["-78,5", "-78.5", "-0.2"]]


def test_projected_geojson_is_reprojected_to_4326(tmp_path: Path) -> None:
    # spherical Web Mercator by hand: x = R * lon_rad, y = R * ln(tan(pi/4 + lat_rad/2))
    radius = 6378137.0
    x = radius * math.radians(-75.0)
    y = radius * math.log(math.tan(math.pi / 4 + math.radians(45.0) / 2))
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [feature({"nombre": "Coop"}, {"type": "Point", "coordinates": [x, y]})],
    }
    table = read_table(write(tmp_path, "mercator.geojson", json.dumps(collection).encode()))
    assert float(table.frame.loc[0, "longitude"]) == pytest.approx(-75.0, abs=1e-9)
    assert float(table.frame.loc[0, "latitude"]) == pytest.approx(45.0, abs=1e-9)


def test_geojson_property_types_become_text(tmp_path: Path) -> None:
    point = {"type": "Point", "coordinates": [1.0, 2.0]}
    features = [
        feature({"codigo": "05001", "mixto": 1, "fecha": "2020-01-05", "area": 1.5}, point),
        feature({"codigo": "05002", "mixto": "dos", "fecha": None, "area": 2}, point),
    ]
    collection = {"type": "FeatureCollection", "features": features}
    table = read_table(write(tmp_path, "tipos.geojson", json.dumps(collection).encode()))
    assert rows(table) == [
        ["05001", "1", "2020-01-05", "1.5", "1.0", "2.0"],
        ["05002", "dos", None, "2", "1.0", "2.0"],
    ]


def test_parquet_without_geo_metadata_refused(tmp_path: Path) -> None:
    path = tmp_path / "tabla.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(path)
    with pytest.raises(InputValidationError, match=r"'tabla\.parquet' looks like GeoParquet but"):
        read_table(path)


def organizations() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"nombre": ["Coop A", "Coop B"], "socios": [12, 30], "latitud_texto": ["4,6", "-0,2"]},
        geometry=[shapely.Point(-74.0721, 4.711), shapely.Point(-78.4678, -0.1807)],
        crs="EPSG:4326",
    )


def test_geopackage_layers(tmp_path: Path) -> None:
    path = tmp_path / "orgs.gpkg"
    organizations().to_file(path, layer="organizaciones", driver="GPKG")
    organizations().iloc[:1].to_file(path, layer="otras", driver="GPKG")
    table = read_table(path)
    assert table.kind == "gpkg" and table.geometry_columns_added
    assert list(table.frame.columns) == [
        "nombre",
        "socios",
        "latitud_texto",
        "longitude",
        "latitude",
    ]
    assert rows(table) == [
        ["Coop A", "12", "4,6", "-74.0721", "4.711"],
        ["Coop B", "30", "-0,2", "-78.4678", "-0.1807"],
    ]
    assert table.row_numbers == [1, 2] and table.row_problems == {}
    assert len(read_table(path, sheet="otras").frame) == 1
    with pytest.raises(
        InputValidationError, match="no layer 'x'; its layers are 'organizaciones', 'otras'"
    ):
        read_table(path, sheet="x")


def test_geoparquet(tmp_path: Path) -> None:
    path = tmp_path / "orgs.parquet"
    organizations().to_parquet(path)
    table = read_table(path)
    assert table.kind == "geoparquet"
    assert rows(table)[1] == ["Coop B", "30", "-0,2", "-78.4678", "-0.1807"]


# ---------------------------------------------------------------- parse_numbers
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", 1234.0),  # alone, ambiguous: thousands
        ("1,234", 1234.0),  # alone, ambiguous: thousands
        ("1.234,5", 1234.5),  # comma after dot: comma decimal
        ("1,234.5", 1234.5),  # dot after comma: dot decimal
        ("12,5", 12.5),  # comma + 2 digits: decimal
        ("  42 ", 42.0),
        ("-3,75", -3.75),
        ("1 234", 1234.0),  # space thousands
        ("1\u00a0234,5", 1234.5),  # no-break space thousands
        ("-74,0721", -74.0721),  # comma + 4 digits: decimal
        ("0.125", 0.125),  # "0" cannot lead a thousands group
        ("1.234.567", 1234567.0),  # repeated dot: thousands
        ("\u22125", -5.0),  # typographic minus
        ("+7", 7.0),
        (",5", 0.5),
    ],
)
def test_parse_numbers_single_values(text: str, expected: float) -> None:
    numbers, invalid = parse_numbers(pd.Series([text]))
    assert numbers.tolist() == [expected] and invalid.tolist() == [False]


def test_parse_numbers_missing_and_invalid() -> None:
    missing = ["", None, "N/A", "s.d.", "-", "   ", "S/D", "#N/A"]
    garbage = ["abc", "12 %", "1.2.3", "12,", "1e5", "1,23,4", "12 34"]
    numbers, invalid = parse_numbers(pd.Series(missing + garbage, dtype=object))
    assert numbers.isna().all()
    assert invalid.tolist() == [False] * len(missing) + [True] * len(garbage)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (["1.234", "12,5"], [1234.0, 12.5]),  # "12,5" says comma decimal, so "1.234" is 1234
        (["1.234", "3.75"], [1.234, 3.75]),  # "3.75" says dot decimal, so "1.234" is 1.234
        (["1.234", "2.500", "56"], [1234.0, 2500.0, 56.0]),  # no evidence: thousands
        (["1,5", "2.5", "1.234"], [1.5, 2.5, 1234.0]),  # one vote each: tie, thousands
        (["4,609", "-74,072"], [4609.0, -74072.0]),  # the pitfall decimal="," avoids
    ],
)
def test_parse_numbers_infers_ambiguous_values_from_the_column(
    column: list[str], expected: list[float]
) -> None:
    numbers, invalid = parse_numbers(pd.Series(column))
    assert numbers.tolist() == expected and not invalid.any()


@pytest.mark.parametrize(
    ("decimal", "texts", "expected"),
    [
        (",", ["1.234", "-74,0721", "1.234,5", "4,609", "3.75", "1,234.5", "0.123"],
         [1234.0, -74.0721, 1234.5, 4.609, None, None, None]),
        (".", ["1,234", "1.234", "1 234.5", "1,234.5", "12,5", ",5"],
         [1234.0, 1.234, 1234.5, 1234.5, None, None]),
    ],
)  # fmt: skip
def test_parse_numbers_with_declared_decimal(
    decimal: str, texts: list[str], expected: list[float | None]
) -> None:
    numbers, invalid = parse_numbers(pd.Series(texts), decimal=decimal)
    expected_series = pd.Series([math.nan if e is None else e for e in expected], dtype="float64")
    pd.testing.assert_series_equal(numbers, expected_series)
    assert invalid.tolist() == [e is None for e in expected]


def test_parse_numbers_keeps_index_and_name_and_accepts_string_dtype() -> None:
    values = pd.Series(["1.234", pd.NA, "x"], index=[10, 11, 12], name="socios", dtype="string")
    numbers, invalid = parse_numbers(values)
    pd.testing.assert_series_equal(
        numbers, pd.Series([1234.0, math.nan, math.nan], index=[10, 11, 12], name="socios")
    )
    pd.testing.assert_series_equal(
        invalid, pd.Series([False, False, True], index=[10, 11, 12], name="socios")
    )


def test_parse_numbers_rejects_unknown_decimal() -> None:
    with pytest.raises(
        InputValidationError, match=re.escape("decimal must be ',', '.' or None; got ';'")
    ):
        parse_numbers(pd.Series(["1"]), decimal=";")


def test_a_header_whose_last_name_is_blank_is_no_title_line(tmp_path: Path) -> None:
    # Found by tests/test_fuzz_importers.py: "Razón social," has one filled field, as a
    # title line has, but it is written with the delimiter, so it is the header (a
    # title written with delimiters is geo.io.header_row's to find); both rows are data.
    data = "Razón social,\r\nCoop Sur,x\r\nCoop Sur,x\r\n".encode()
    table = read_table(write(tmp_path, "registro.csv", data))
    assert table.header_row == 1
    assert table.row_numbers == [1, 2]
    assert table.frame.columns[0] == "Razón social"
    assert rows(table) == [["Coop Sur", "x"], ["Coop Sur", "x"]]
    # a title without delimiters is still skipped
    titled = "LISTA DE COOPERATIVAS\r\nnombre,provincia\r\nCoop Sur,Loja\r\nCoop Norte,Loja\r\n"
    table = read_table(write(tmp_path, "lista.csv", titled.encode()))
    assert table.header_row == 2 and list(table.frame.columns) == ["nombre", "provincia"]
