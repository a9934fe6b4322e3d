"""Real registries as they arrive: types from names, country from the file, title rows,
totals, counters and the official layouts of SEPS, Supersolidaria and Peru's registries.

Every fixture is made here, in the shape of the public lists, with fictional rows.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from geo.builds.in_memory import summary_lines
from geo.importer.ids import summary_kind
from geo.importer.org_names import canonical_status, type_from_name
from geo.importer.registry import import_organizations
from geo.indicators.filters import Filters
from geo.indicators.prepared import prepare
from geo.indicators.sums import filter_mask
from geo.io.readers import read_table
from geo.units.boundaries import load_boundaries
from geo.units.gazetteer import Gazetteer

#: A blank spreadsheet row, one empty cell (the title block ends with one).
EMPTY_ROW: list[str | None] = [None]


@pytest.fixture(scope="module")
def full2() -> gpd.GeoDataFrame:
    return load_boundaries("full", level=2)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


def run(paths: list[Path], full2, gaz, data_rows: int, **kwargs: Any):
    """Import and check conservation against the data rows the fixture wrote."""
    tables = [read_table(p) for p in paths]
    result = import_organizations(tables, boundaries=full2, gazetteer=gaz, **kwargs)
    assert result.report["input_rows"] == data_rows
    assert len(result.accepted) + len(result.rejected) == data_rows
    assert sum(f["rows"] for f in result.report["files"]) == data_rows
    return result


# --- the SEPS 2014 list of savings-and-credit cooperatives, copied from its PDF -----------

_SEPS_2014 = [
    ("PICHINCHA", "QUITO"), ("AZUAY", "CUENCA"), ("TUNGURAHUA", "AMBATO"),
    ("CHIMBORAZO", "RIOBAMBA"), ("LOJA", "LOJA"), ("COTOPAXI", "LATACUNGA"),
    ("BOLIVAR", "GUARANDA"), ("BOLIVAR", "CHIMBO"), ("BOLIVAR", "SAN MIGUEL"),
    ("BOLIVAR", ""), ("IMBABURA", "IBARRA"), ("EL ORO", "MACHALA"),
]  # fmt: skip


def _seps_2014_rows() -> list[list[str]]:
    rows = [["No.", "NOMBRE", "PROVINCIA", "CANTON", "SEGMENTO"]]
    for segment in (1, 2):
        for k, (province, canton) in enumerate(_SEPS_2014, 1):
            name = f"COOPERATIVA DE AHORRO Y CREDITO FICTICIA {segment}{k:02d} LTDA"
            rows.append([str(k), name, province, canton, str(segment)])
        rows.append(["", f"TOTAL SEGMENTO {segment}", "", "", ""])
    rows.append(["", "CAJA CENTRAL FICTICIA", "PICHINCHA", "QUITO", "2"])
    rows.append(["Fuente: SEPS, catastro 2014 (filas ficticias)", "", "", "", ""])
    return rows


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_seps_2014_list_types_from_names_country_from_file_totals(tmp_path, full2, gaz) -> None:
    rows = _seps_2014_rows()
    path = _write_csv(tmp_path / "coac_2014.csv", rows)
    result = run([path], full2, gaz, data_rows=len(rows) - 1)
    acc, rej = result.accepted, result.rejected
    # Every name states the form: cooperatives, flagged, savings and credit.
    assert len(acc) == 25
    assert set(acc["org_type"]) == {"cooperative"}
    assert acc["flags"].str.contains("type_from_name").all()
    assert set(acc["sector"]) == {"savings_credit"}
    # No country column, no --country: the file is Ecuador's; Bolívar is EC-B, the row
    # without a cantón takes the file's country (flagged), the others are told by the cantón.
    assert set(acc["country"]) == {"EC"}
    bolivar = acc.loc[acc["department_raw"] == "BOLIVAR"]
    assert set(bolivar["iso_3166_2"]) == {"EC-B"} and len(bolivar) == 8
    flagged = bolivar.loc[bolivar["flags"].str.contains("country_from_file"), "municipality"]
    assert flagged.isna().all() and len(flagged) == 2
    assert result.report["country_from_file"][0]["country"] == "EC"
    # Totals and the source note are summary rows, with their own message.
    assert rej["reason"].tolist() == ["summary_row"] * 3
    assert "looks like a totals line" in rej["message"].iat[0]
    assert "looks like a note" in rej["message"].iat[2]
    lines = "\n".join(summary_lines({"organizations": result.report}))
    assert "country EC inferred from the file" in lines
    assert "flagged, type_from_name: 25" in lines


def test_restarting_counter_column_is_not_an_id(tmp_path, full2, gaz) -> None:
    rows = _seps_2014_rows()
    rows[0][0] = "CÓDIGO"  # the numbering column, restarting in each segment
    path = _write_csv(tmp_path / "coac_codigo.csv", rows)
    result = run([path], full2, gaz, data_rows=len(rows) - 1)
    assert "duplicate_id" not in set(result.rejected["reason"])
    assert len(result.accepted) == 25
    assert result.report["id_counters"] == [{"file": "coac_codigo.csv", "column": "CÓDIGO"}]
    assert result.accepted["org_id"].iat[0] == "coac_codigo:1"
    assert "counts rows" in "\n".join(summary_lines({"organizations": result.report}))


def test_real_id_column_keeps_the_duplicate_rule(tmp_path, full2, gaz) -> None:
    text = (
        "RUC,RAZON SOCIAL,PROVINCIA\n"
        "1790000000001,COOPERATIVA A,PICHINCHA\n"
        "1790000000002,COOPERATIVA B,PICHINCHA\n"
        "1790000000001,COOPERATIVA C,PICHINCHA\n"
    )
    path = tmp_path / "ruc.csv"
    path.write_text(text, "utf-8")
    result = run([path], full2, gaz, data_rows=3)
    assert result.rejected["reason"].tolist() == ["duplicate_id"]
    assert result.report["id_counters"] == []


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_title_lines_above_the_header(tmp_path, full2, gaz, kind) -> None:
    body = _seps_2014_rows()
    titles = [
        ["SUPERINTENDENCIA DE ECONOMÍA POPULAR Y SOLIDARIA"],
        ["Catastro de cooperativas de ahorro y crédito (filas ficticias)"],
        ["Corte: 31/12/2014"],
        [],
    ]
    if kind == "xlsx":
        book = Workbook()
        sheet = book.active
        for row in titles + body:
            sheet.append(row or EMPTY_ROW)
        sheet.merge_cells("A1:E1")
        path = tmp_path / "catastro.xlsx"
        book.save(path)
    else:
        path = _write_csv(tmp_path / "catastro.csv", titles + body)
    result = run([path], full2, gaz, data_rows=len(body) - 1)
    assert result.report["files"][0]["header_row"] == 5
    assert len(result.accepted) == 25
    assert result.accepted["source_row"].iat[0] == 1  # first row under the header
    lines = "\n".join(summary_lines({"organizations": result.report}))
    assert "header read from row 5" in lines
    forced = run([path], full2, gaz, data_rows=len(body) - 1, header_row=5)
    assert len(forced.accepted) == 25


def test_header_not_found_lists_every_alias_and_header_row_hint(tmp_path, full2, gaz) -> None:
    path = tmp_path / "sin_cabecera.csv"
    path.write_text("Título\nColumna A,Columna B\nx,y\n", "utf-8")
    with pytest.raises(ValueError) as info:
        import_organizations([read_table(path)], boundaries=full2, gazetteer=gaz)
    message = str(info.value)
    assert "'provincia'" in message and "'province'" in message
    assert "--header-row" in message


def test_mixed_file_is_not_guessed_and_message_names_countries(tmp_path, full2, gaz) -> None:
    text = (
        "NOMBRE,DEPARTAMENTO\n"
        "Cooperativa Uno,ANTIOQUIA\nCooperativa Dos,CUNDINAMARCA\n"
        "Cooperativa Tres,PICHINCHA\nCooperativa Cuatro,AZUAY\n"
        "Cooperativa Cinco,BOLIVAR\n"
    )
    path = tmp_path / "mixto.csv"
    path.write_text(text, "utf-8")
    result = run([path], full2, gaz, data_rows=5)
    rej = result.rejected
    assert rej["reason"].tolist() == ["ambiguous_department"]
    message = rej["message"].iat[0]
    assert "Bolívar (CO-BOL) in Colombia" in message and "Bolívar (EC-B) in Ecuador" in message
    assert "--country CO or --country EC" in message
    lines = "\n".join(summary_lines({"organizations": result.report}))
    assert "Bolívar (CO-BOL), Bolívar (EC-B)" in lines and "--country" in lines


def test_type_option_and_explicit_column_win(tmp_path, full2, gaz) -> None:
    text = "NOMBRE,PROVINCIA,TIPO\nJuan Pérez e hijos,PICHINCHA,\nCooperativa X,PICHINCHA,Comuna\n"
    path = tmp_path / "tipos.csv"
    path.write_text(text, "utf-8")
    result = run([path], full2, gaz, data_rows=2, org_type="producer_association")
    assert result.accepted["org_type"].tolist() == [
        "producer_association",
        "community_organization",
    ]
    # The column wins over the name ("Cooperativa X" typed Comuna), and the row says so.
    assert result.accepted["flags"].tolist() == ["generated_id", "type_name_disagrees|generated_id"]
    plain = run([path], full2, gaz, data_rows=2).accepted
    assert plain["flags"].iat[0] == "type_unrecognised|generated_id"  # the name says no type


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("COOPERATIVA DE AHORRO Y CREDITO SAN JOSE LTDA", ("cooperative", "savings_credit")),
        ("COAC Ficticia", ("cooperative", "savings_credit")),
        ("CAC del Sur", ("cooperative", "savings_credit")),
        ("Coop. Agraria Cafetalera Ficticia", ("cooperative", "coffee")),
        ("Cooperativa agropecuaria El Valle", ("cooperative", None)),
        ("Cooperativa multiactiva del Huila", ("cooperative", None)),
        ("Cooperativa de trabajo asociado Unión", ("cooperative", None)),
        ("Precooperativa Los Andes", ("pre_cooperative", None)),
        ("Asoc. de productores de cacao El Progreso", ("producer_association", "cocoa")),
        ("Asociación agropecuaria La Esperanza", ("producer_association", None)),
        ("Asociación de mujeres artesanas", ("producer_association", "crafts")),
        ("Asociación mutual Ficticia", ("mutual_employee_fund", None)),
        ("CAJA CENTRAL FICTICIA", ("cooperative", "savings_credit")),
        ("Fondo de empleados de la salud", ("mutual_employee_fund", None)),
        ("Empresa comunitaria El Diamante", ("other_sse", None)),
        ("Comuna Ficticia", ("community_organization", None)),
        ("Women's association of Puno", ("producer_association", None)),
        ("Savings and credit cooperative Ficticia", ("cooperative", "savings_credit")),
        ("Ficticia Ltda.", ("cooperative", None)),
        ("Juan Pérez", None),
    ],
)
def test_type_from_name(name: str, expected) -> None:
    assert type_from_name(name) == expected


def test_summary_and_status_labels() -> None:
    assert summary_kind("TOTAL SEGMENTO 1") == "total"
    assert summary_kind("Subtotal") == "total"
    assert summary_kind("Fuente: SEPS") == "note"
    assert summary_kind("Nota: cifras al corte") == "note"
    assert summary_kind("Cooperativa Total Ficticia") is None
    assert [canonical_status(v) for v in ("ACTIVA", "EN LIQUIDACIÓN", "CANCELADA", "", "?")] == [
        "active", "in_liquidation", "cancelled", "unknown", "unknown",
    ]  # fmt: skip


# --- official layouts, recognised with no mapping file ----------------------------------


def test_seps_registry_layout_with_status(tmp_path, full2, gaz) -> None:
    header = (
        "RUC,RAZON SOCIAL,TIPO DE ORGANIZACIÓN,GRUPO DE ORGANIZACIÓN,CLASE DE ORGANIZACIÓN,"
        "SEGMENTO,PROVINCIA,CANTON,PARROQUIA,ESTADO"
    )
    text = (
        f"{header}\n"
        "1790000000001,ASOCIACION FICTICIA DE PRODUCTORES,ASOCIACION,PRODUCCION,AGRICOLA,,"
        "PICHINCHA,QUITO,CALDERON,ACTIVA\n"
        "0190000000001,COOPERATIVA FICTICIA,COOPERATIVA,AHORRO Y CREDITO,,SEGMENTO 3,"
        "AZUAY,CUENCA,EL VECINO,EN LIQUIDACION\n"
        "0290000000001,COOPERATIVA FICTICIA DOS,COOPERATIVA,AHORRO Y CREDITO,,SEGMENTO 4,"
        "BOLIVAR,GUARANDA,GUANUJO,CANCELADA\n"
        "1890000000001,COMUNA FICTICIA,COMUNITARIA,PRODUCCION,,,TUNGURAHUA,AMBATO,,ACTIVA\n"
    )
    path = tmp_path / "seps_registro.csv"
    path.write_text(text, "utf-8")
    result = run([path], full2, gaz, data_rows=4)
    acc = result.accepted.set_index("org_id")
    assert acc["org_type"].tolist() == [
        "producer_association", "cooperative", "cooperative", "community_organization",
    ]  # fmt: skip
    assert acc["status"].tolist() == ["active", "in_liquidation", "cancelled", "active"]
    assert acc.loc["0290000000001", "iso_3166_2"] == "EC-B"
    assert set(acc["country"]) == {"EC"}
    assert result.report["inactive"] == 2
    # Counted by default: active and unknown only; the filter asks for the others.
    prepared = prepare(result.accepted)
    assert filter_mask(prepared, Filters()).sum() == 2
    assert filter_mask(prepared, Filters(status=("cancelled", "in_liquidation"))).sum() == 2
    all_statuses = Filters.from_query({"status": "active|in_liquidation|cancelled|unknown"})[0]
    assert filter_mask(prepared, all_statuses).sum() == 4
    assert Filters(status=("active", "unknown")) == Filters()  # the default, written one way
    assert Filters(status=("cancelled",)).to_query() == {"status": "cancelled"}


def test_supersolidaria_layout(tmp_path, full2, gaz) -> None:
    text = (
        "NIT,RAZÓN SOCIAL,SIGLA,TIPO ENTIDAD,DEPARTAMENTO,MUNICIPIO,NIVEL DE SUPERVISIÓN,"
        "ASOCIADOS,EMPLEADOS\n"
        "900000001,COOPERATIVA FICTICIA DE AHORRO,COOFIC,COOPERATIVA DE AHORRO Y CREDITO,"
        "ANTIOQUIA,MEDELLIN,1,1200,15\n"
        "900000002,FONDO DE EMPLEADOS FICTICIO,FEF,FONDO DE EMPLEADOS,CUNDINAMARCA,"
        "FUSAGASUGA,3,80,2\n"
        "900000003,ASOCIACION MUTUAL FICTICIA,AMF,ASOCIACION MUTUAL,BOLIVAR,CARTAGENA,3,50,1\n"
        "900000004,COOPERATIVA MULTIACTIVA FICTICIA,CMF,COOPERATIVA MULTIACTIVA,BOLIVAR,,2,30,1\n"
    )
    path = tmp_path / "supersolidaria.csv"
    path.write_text(text, "utf-8")
    result = run([path], full2, gaz, data_rows=4)
    acc = result.accepted.set_index("org_id")
    assert acc["org_type"].tolist() == [
        "cooperative", "mutual_employee_fund", "mutual_employee_fund", "cooperative",
    ]  # fmt: skip
    assert acc["members_total"].tolist() == [1200, 80, 50, 30]
    assert acc.loc["900000003", "iso_3166_2"] == "CO-BOL"  # Cartagena tells which Bolívar
    assert acc.loc["900000004", "iso_3166_2"] == "CO-BOL"  # the file is Colombia's
    assert "country_from_file" in acc.loc["900000004", "flags"]
    assert set(acc["status"]) == {"unknown"}


@pytest.mark.parametrize("registry", ["directorio", "agrarias"])
def test_peru_cooperative_registries_layout(tmp_path, full2, gaz, registry) -> None:
    text = (
        "RUC,RAZÓN SOCIAL,TIPO DE COOPERATIVA,DEPARTAMENTO,PROVINCIA,DISTRITO,UBIGEO\n"
        "20000000001,CAC FICTICIA,AHORRO Y CREDITO,CUSCO,CUSCO,WANCHAQ,080108\n"
        "20000000002,COOPERATIVA AGRARIA CAFETALERA FICTICIA,AGRARIA CAFETALERA,"
        "JUNIN,SATIPO,PANGOA,120606\n"
        "20000000003,FICTICIA DEL NORTE,AGRARIA,AMAZONAS,CHACHAPOYAS,CHACHAPOYAS,010101\n"
    )
    path = tmp_path / f"peru_{registry}.csv"
    path.write_text(text, "utf-8")
    result = run([path], full2, gaz, data_rows=3)
    acc = result.accepted.set_index("org_id")
    assert set(acc["org_type"]) == {"cooperative"}  # "TIPO DE COOPERATIVA" says it
    assert not acc["flags"].str.contains("type_unrecognised").any()
    assert acc["iso_3166_2"].tolist() == ["PE-CUS", "PE-JUN", "PE-AMA"]
    assert acc["admin2_code"].tolist() == ["0801", "1206", "0101"]
    assert acc.loc["20000000002", "sector"] == "coffee"
    assert set(acc["country"]) == {"PE"}
    assert np.all(pd.notna(acc["admin2_name"]))


def test_csv_title_lines_without_delimiters_keep_every_row(tmp_path, full2, gaz) -> None:
    # A list copied by hand: a title, a date with a comma, a blank line, then the table.
    text = (
        "LISTA DE COOPERATIVAS DE AHORRO Y CREDITO\n"
        "Quito, diciembre de 2014\n"
        "\n"
        "No.;NOMBRE;PROVINCIA;CANTON;SEGMENTO\n"
        "1;COOPERATIVA DE AHORRO Y CREDITO SAN JOSE;BOLIVAR;CHIMBO;1\n"
        "2;COOPERATIVA DE AHORRO Y CREDITO ANDINA;PICHINCHA;QUITO;1\n"
        "TOTAL SEGMENTO 1;;;;\n"
        "1;COAC GUARANDA;BOLIVAR;GUARANDA;2\n"
    )
    path = tmp_path / "lista.csv"
    path.write_text(text, "utf-8")
    result = run([path], full2, gaz, data_rows=4)
    assert result.report["files"][0]["header_row"] == 4
    assert sorted(result.accepted["admin2_code"]) == ["0201", "0203", "1701"]
    assert set(result.accepted["iso_3166_2"]) == {"EC-B", "EC-P"}
    assert list(result.rejected["reason"]) == ["summary_row"]
