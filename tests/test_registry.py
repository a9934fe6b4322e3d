"""Importing registries: every row accepted or rejected, joined to the right unit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from openpyxl import Workbook
from pyproj import Geod

from geo._errors import InputValidationError
from geo.builds.folder import build
from geo.importer.programmes import import_programmes
from geo.importer.registry import import_organizations
from geo.io.readers import read_table
from geo.units.boundaries import load_boundaries
from geo.units.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def full() -> gpd.GeoDataFrame:
    return load_boundaries("full")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


def run(paths: list[Path], full: gpd.GeoDataFrame, gaz: Gazetteer, **kwargs: Any):
    tables = [read_table(p) for p in paths]
    result = import_organizations(tables, boundaries=full, gazetteer=gaz, **kwargs)
    # Conservation: every input row is accepted or rejected, exactly once.
    n_in = sum(len(t.frame) for t in tables)
    assert len(result.accepted) + len(result.rejected) == n_in
    assert result.report["input_rows"] == n_in
    keys = set(zip(result.accepted["source_file"], result.accepted["source_row"], strict=True))
    keys_rej = set(zip(result.rejected["source_file"], result.rejected["source_row"], strict=True))
    assert not keys & keys_rej
    assert len(keys) + len(keys_rej) == n_in
    return result


def by_id(result) -> pd.DataFrame:
    return result.accepted.set_index("org_id")


LATIN1_CSV = (
    "Código;Razón social;País;Departamento;Tipo de organización;Número de asociados;"
    "Mujeres asociadas;Año de constitución;Latitud;Longitud\n"
    "A1;Cooperativa Cafetera del Sur;Colombia;Huila;Cooperativa agraria;1.234;600;2004;"
    "2,9273;-75,2819\n"
    "A2;Asociación de Productores de Papa;Perú;Cuzco;Asociación de productores;45;20;15/03/2011;;\n"
    "A3;Asociación Agroecológica;Ecuador;Pichincha;Asociación;12;5;2019;-78,4678;-0,1807\n"
    "A4;Comuna San José;Ecuador;NAPO;Comuna;7;;;0;0\n"
    "A5;Cooperativa Fantasma;Colombia;Atlantida;Cooperativa;5;;;;\n"
    "A1;Fila repetida;Colombia;Huila;Cooperativa;3;;;;\n"
    "A7;Asociación Lima;Perú;Lima;Asociación;5;;;;\n"
    "A8;Fondo de Empleados Lima;Perú;Lima;Fondo de empleados;30;;;-12,1211;-77,0297\n"
    "A9;Precooperativa Ñandú;COLOMBIA;NARIÑO;Precooperativa;doce;;1700;;\n"
)


def test_latin1_semicolon_csv_with_decimal_commas(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "registro.csv"
    path.write_bytes(LATIN1_CSV.encode("latin-1"))
    result = run([path], full, gaz)
    acc = by_id(result)
    # Neiva (2.9273, -75.2819) is in Huila, as written.
    assert acc.loc["A1", "iso_3166_2"] == "CO-HUI"
    assert acc.loc["A1", "members_total"] == 1234  # "1.234" thousands
    assert acc.loc["A1", "members_women"] == 600
    assert acc.loc["A1", "year_founded"] == 2004
    assert acc.loc["A1", "org_type"] == "cooperative"
    assert acc.loc["A1", "latitude"] == pytest.approx(2.9273)
    assert acc.loc["A2", "iso_3166_2"] == "PE-CUS"
    assert acc.loc["A2", "year_founded"] == 2011  # from a dd/mm/yyyy date
    assert acc.loc["A2", "org_type"] == "producer_association"
    # Quito written as (lat, lon) = (-78.47, -0.18): swapped back, inside Pichincha.
    assert acc.loc["A3", "iso_3166_2"] == "EC-P"
    assert "swapped_coordinates" in acc.loc["A3", "flags"]
    assert acc.loc["A3", "latitude"] == pytest.approx(-0.1807)
    assert acc.loc["A3", "longitude"] == pytest.approx(-78.4678)
    # (0, 0) dropped, the row still resolves by its department.
    assert acc.loc["A4", "iso_3166_2"] == "EC-N"
    assert "zero_coordinates" in acc.loc["A4", "flags"]
    assert np.isnan(acc.loc["A4", "latitude"])
    assert acc.loc["A4", "org_type"] == "community_organization"
    # "Lima" is ambiguous; Miraflores' point resolves it to Lima Metropolitana.
    assert acc.loc["A8", "iso_3166_2"] == "PE-LMA"
    assert acc.loc["A8", "location_source"] == "point"
    assert "department_ambiguous_point_used" in acc.loc["A8", "flags"]
    assert acc.loc["A8", "org_type"] == "mutual_employee_fund"
    # "doce" is not a number and 1700 is before 1800: both left empty, flagged, row kept.
    assert acc.loc["A9", "iso_3166_2"] == "CO-NAR"
    assert acc.loc["A9", "org_type"] == "pre_cooperative"
    assert pd.isna(acc.loc["A9", "members_total"])
    assert pd.isna(acc.loc["A9", "year_founded"])
    assert "invalid_number" in acc.loc["A9", "flags"]
    assert acc.loc["A9", "name"] == "Precooperativa Ñandú"

    rej = result.rejected.set_index("source_row")
    assert rej.loc[5, "reason"] == "unmatched_department"
    assert "Atlantida" in rej.loc[5, "message"]
    assert "Atlántico (CO-ATL)" in rej.loc[5, "message"]  # the suggestion
    assert "registro.csv, row 5" in rej.loc[5, "message"]
    assert rej.loc[6, "reason"] == "duplicate_id"
    assert "row 1 (kept)" in rej.loc[6, "message"]
    assert rej.loc[6, "Razón social"] == "Fila repetida"  # original fields kept
    assert rej.loc[7, "reason"] == "ambiguous_department"
    assert "Lima Metropolitana (PE-LMA)" in rej.loc[7, "message"]
    assert result.report["rejected_by_reason"] == {
        "ambiguous_department": 1,
        "duplicate_id": 1,
        "unmatched_department": 1,
    }


def test_utf8_bom_csv_with_country_option(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "supersolidaria.csv"
    text = (
        "NIT,Razón social,Departamento,Tipo,Socios\n"
        "900123,Cooperativa Multiactiva del Valle,VALLE,Cooperativa multiactiva,120\n"
        '900124,"Fondo de Empleados ""El Roble""",BOGOTA D.C.,Fondo de empleados,80\n'
        "900125,Asociación Campesina de Boyacá,Departamento de Boyacá,Asociación campesina,\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run([path], full, gaz, country="CO")
    acc = by_id(result)
    assert list(acc.index) == ["900123", "900124", "900125"]
    assert list(acc["iso_3166_2"]) == ["CO-VAC", "CO-DC", "CO-BOY"]
    assert list(acc["org_type"]) == ["cooperative", "mutual_employee_fund", "producer_association"]
    assert acc.loc["900124", "name"] == 'Fondo de Empleados "El Roble"'
    assert pd.isna(acc.loc["900125", "members_total"])
    assert set(acc["country"]) == {"CO"}


def test_xlsx_with_spanish_headers(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "seps.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Organizaciones"
    rows = [
        ["RUC", "Razón Social", "Provincia", "Sector", "Número de socios", "Latitud", "Longitud"],
        ["1790012345001", "Coop. Pesquera Manta", "MANABI", "Cooperativo", 85, -0.9677, -80.7089],
        ["1790012345002", "Asociación de Tejedoras", "CAÐAR", "Asociativo", 23, None, None],
        ["1790012345003", "Comunidad Kichwa", "Sto. Domingo de los Tsáchilas", "Comunitario", 40],
    ]
    for row in rows:
        ws.append(row)
    wb.save(path)
    result = run([path], full, gaz, country="EC")
    acc = by_id(result)
    assert list(acc["iso_3166_2"]) == ["EC-M", "EC-F", "EC-SD"]
    # SEPS sectors map to canonical types.
    expected = ["cooperative", "producer_association", "community_organization"]
    assert list(acc["org_type"]) == expected
    assert list(acc["members_total"]) == [85, 23, 40]


def test_geojson_points_without_department(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "encuesta.geojson"
    points = gpd.GeoDataFrame(
        {
            "nombre": ["Asociación Cacaotera", "Cooperativa Alpaquera", "Barco"],
            "tipo": ["Asociación", "Cooperativa", "Asociación"],
        },
        # Tumaco (Nariño); Juliaca (Puno); a point in the Pacific 300 km offshore.
        geometry=gpd.points_from_xy([-78.7647, -70.1333, -82.0], [1.8067, -15.5006, 0.0]),
        crs="EPSG:4326",
    )
    points.to_file(path, driver="GeoJSON")
    result = run([path], full, gaz)
    acc = result.accepted.set_index("name")
    assert acc.loc["Asociación Cacaotera", "iso_3166_2"] == "CO-NAR"
    assert acc.loc["Cooperativa Alpaquera", "iso_3166_2"] == "PE-PUN"
    assert acc.loc["Cooperativa Alpaquera", "country"] == "PE"
    assert acc.loc["Cooperativa Alpaquera", "location_source"] == "point"
    assert result.rejected["reason"].tolist() == ["no_location"]


def test_point_just_off_the_coast_is_snapped(tmp_path: Path, full, gaz) -> None:
    # A point in the sea off Santa Marta, checked here independently: outside every
    # unit and less than 5 km (geodesic) from Magdalena.
    lon, lat = -74.2400, 11.2500
    magdalena = full.set_index("iso_3166_2").geometry["CO-MAG"]
    assert not any(g.covers(shapely.Point(lon, lat)) for g in full.geometry)
    nearest = shapely.ops.nearest_points(shapely.Point(lon, lat), magdalena)[1]
    distance_m = Geod(ellps="WGS84").inv(lon, lat, nearest.x, nearest.y)[2]
    assert 0 < distance_m < 5_000
    path = tmp_path / "costa.csv"
    path.write_text(
        f"name,country,latitude,longitude\nPescadores de Taganga,CO,{lat},{lon}\n"
        "Pescadores lejanos,CO,11.6,-74.9\n",
        "utf-8",
    )
    result = run([path], full, gaz)
    acc = result.accepted.set_index("name")
    assert acc.loc["Pescadores de Taganga", "iso_3166_2"] == "CO-MAG"
    assert "snapped_to_unit" in acc.loc["Pescadores de Taganga", "flags"]
    snapped = shapely.Point(acc.loc["Pescadores de Taganga", ["longitude", "latitude"]].tolist())
    assert magdalena.distance(snapped) < 1e-6
    # 11.6, -74.9 is about 50 km out at sea: no unit, no department -> rejected.
    assert result.rejected["reason"].tolist() == ["no_location"]


def test_point_in_another_unit_than_written(tmp_path: Path, full, gaz) -> None:
    # Written "Cundinamarca" but the point is in Bogotá: the written unit wins by
    # default, the point is kept and flagged; --policy point makes the point win.
    path = tmp_path / "policy.csv"
    path.write_text("name,departamento,lat,lon\nCoop,Cundinamarca,4.6110,-74.0821\n", "utf-8")
    by_name = run([path], full, gaz, country="CO").accepted.iloc[0]
    assert by_name["iso_3166_2"] == "CO-CUN"
    assert "point_outside_declared_unit" in by_name["flags"].split("|")
    assert by_name["latitude"] == pytest.approx(4.611)
    by_point = run([path], full, gaz, country="CO", policy="point").accepted.iloc[0]
    assert by_point["iso_3166_2"] == "CO-DC"
    assert "point_outside_declared_unit" in by_point["flags"].split("|")


def test_point_outside_country_is_dropped_and_name_used(tmp_path: Path, full, gaz) -> None:
    # Declared Peru, point in Quito (Ecuador), and no swap lands in Peru.
    path = tmp_path / "fuera.csv"
    path.write_text("name,country,department,lat,lon\nCoop,PE,Piura,-0.1807,-78.4678\n", "utf-8")
    row = run([path], full, gaz).accepted.iloc[0]
    assert row["iso_3166_2"] == "PE-PIU"
    # No type column: the name "Coop" gives the type (flagged since registries lack types).
    assert row["flags"].split("|") == ["point_outside_country", "type_from_name", "generated_id"]
    assert np.isnan(row["latitude"])


def test_duplicates_across_files_and_possible_duplicates(tmp_path: Path, full, gaz) -> None:
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text("id,name,department\n1,Coop Uno,Meta\n2,Coop Dos,Meta\n", "utf-8")
    b.write_text("id,name,department\n1,Otra,Meta\n3,COOP DOS,META\n", "utf-8")
    result = run([a, b], full, gaz, country="CO")
    rej = result.rejected
    assert rej["reason"].tolist() == ["duplicate_id"]
    assert rej["source_file"].tolist() == ["b.csv"]
    assert "a.csv, row 1 (kept)" in rej["message"].iat[0]
    acc = by_id(result)
    # No type column: "Coop ..." names give the type, flagged type_from_name.
    assert acc.loc["2", "flags"] == "type_from_name|possible_duplicate"
    assert acc.loc["3", "flags"] == "type_from_name|possible_duplicate"
    assert acc.loc["1", "flags"] == "type_from_name"


def test_missing_ids_are_generated(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "encuesta_campo.csv"
    path.write_text("name,department\nA,Meta\nB,Meta\n", "utf-8")
    acc = run([path], full, gaz, country="CO").accepted
    assert acc["org_id"].tolist() == ["encuesta_campo:1", "encuesta_campo:2"]
    # Names "A" and "B" state no type and there is no type column: flagged, no longer silent.
    assert set(acc["flags"]) == {"type_unrecognised|generated_id"}


def test_non_ascii_digits_are_text_not_numbers(tmp_path: Path, full, gaz) -> None:
    # "²" is a digit to str.isdigit() but not to int(): it once crashed the id-counter
    # check. Ids stay as written; members "²" is not a number (flagged, not a crash).
    path = tmp_path / "superindices.csv"
    path.write_text(
        "Código;Razón social;Departamento;Número de asociados\n"
        "1;Cooperativa Uno;Meta;12\n"
        "²;Cooperativa Dos;Meta;²\n"
        "3;Cooperativa Tres;Meta;١٢\n",  # Arabic-Indic digits
        "utf-8",
    )
    acc = by_id(run([path], full, gaz, country="CO"))
    assert acc.index.tolist() == ["1", "²", "3"]
    assert acc["members_total"].tolist()[0] == 12
    assert acc["members_total"].isna().tolist() == [False, True, True]
    assert "invalid_number" in acc.loc["²", "flags"]


def test_empty_file_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "vacio.csv"
    path.write_bytes(b"")
    with pytest.raises(InputValidationError, match=r"vacio\.csv.*empty"):
        read_table(path)


def test_header_only_file_gives_zero_rows(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "solo_cabecera.csv"
    path.write_text("Razón social;Departamento\n", "utf-8")
    result = run([path], full, gaz)
    assert len(result.accepted) == 0
    assert result.report["input_rows"] == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("imagen.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        ("binario.csv", bytes(range(256)) * 16),
        ("viejo.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
    ],
)
def test_wrong_file_types_fail_clearly(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputValidationError, match=name.replace(".", r"\.")):
        read_table(path)


def test_missing_required_columns_lists_headers_and_names(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "raro.csv"
    path.write_text("Entidad solidaria,Dpto. domicilio\nCoop,Meta\n", "utf-8")
    with pytest.raises(InputValidationError) as info:
        import_organizations([read_table(path)], boundaries=full, gazetteer=gaz)
    message = str(info.value)
    assert "raro.csv" in message
    assert "'Entidad solidaria'" in message  # headers found
    assert "'razon social'" in message  # names accepted
    assert "--mapping" in message  # the fix
    # With a mapping file the same file imports.
    result = import_organizations(
        [read_table(path)],
        country="CO",
        mapping={"name": "Entidad solidaria", "department": "Dpto. domicilio"},
        boundaries=full,
        gazetteer=gaz,
    )
    assert result.accepted["iso_3166_2"].tolist() == ["CO-MET"]


def test_text_is_stored_as_given(tmp_path: Path, full, gaz) -> None:
    path = tmp_path / "hostil.csv"
    path.write_text(
        'name,department\n"<img src=x onerror=alert(1)>",Meta\n"=HYPERLINK(""http://x"",""y"")",Meta\n',
        "utf-8",
    )
    acc = run([path], full, gaz, country="CO").accepted
    assert acc["name"].tolist() == ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","y")']


def test_programmes_reference_accepted_organizations(tmp_path: Path, full, gaz) -> None:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("Código,name,department\nC1,Coop,Meta\nC2,,Meta\n", "utf-8")
    prog = tmp_path / "prog.csv"
    prog.write_text(
        "Código,Programa,Año,Participantes,Mujeres participantes\n"
        "C1,MyCoop,2021,12,5\nC1,think.coop,2022,8,9\nC2,Start.Coop,2022,3,1\nC1,,2022,3,1\n",
        "utf-8",
    )
    org_result = run([orgs], full, gaz, country="CO")
    result = import_programmes([read_table(prog)], org_ids=org_result.accepted["org_id"])
    assert len(result.accepted) + len(result.rejected) == 4
    assert result.accepted["programme"].tolist() == ["My.Coop", "Think.Coop"]
    assert result.accepted["flags"].tolist() == ["", "members_inconsistent"]  # 9 women > 8
    assert result.rejected["reason"].tolist() == ["unknown_organization", "missing_programme"]


def test_build_writes_outputs_and_is_reproducible(tmp_path: Path) -> None:
    path = tmp_path / "registro.csv"
    path.write_bytes(LATIN1_CSV.encode("latin-1"))
    out = tmp_path / "processed"
    first = build([path], out=out)
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(files) == {
        "organizations.parquet", "programmes.parquet", "rejected.csv",
        "rejected_programmes.csv", "report.json",
    }  # fmt: skip
    report = json.loads(files["report.json"])
    assert report["organizations"]["input_rows"] == 9
    assert report["organizations"]["accepted"] == 6
    orgs = gpd.read_parquet(out / "organizations.parquet")
    assert orgs.crs.to_epsg() == 4326
    assert len(orgs) == 6
    rejected = pd.read_csv(out / "rejected.csv", encoding="utf-8")
    assert len(rejected) == 3
    assert first.report == report
    build([path], out=out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == files


def test_build_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    path = tmp_path / "registro.csv"
    path.write_bytes(LATIN1_CSV.encode("latin-1"))
    with pytest.raises(InputValidationError, match="holds other files"):
        build([path], out=tmp_path)


def test_interrupted_build_keeps_previous_output(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "registro.csv"
    path.write_bytes(LATIN1_CSV.encode("latin-1"))
    out = tmp_path / "processed"
    build([path], out=out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(*args: object, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("geo.store.write_report", boom)
    with pytest.raises(KeyboardInterrupt):
        build([path], out=out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".processed-")] == []
