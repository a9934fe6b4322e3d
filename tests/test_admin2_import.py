"""Level 2 from registries: names with their parent, codes (DIVIPOLA, UBIGEO INEI and
RENIEC, DPA), coordinates. Rows are fictional; names and codes are the official lists'."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest

from geo.importer.registry import import_organizations
from geo.io.readers import read_table
from geo.units.boundaries import load_boundaries
from geo.units.gazetteer import Gazetteer
from geo.units.gazetteer_admin2 import Admin2Gazetteer


@pytest.fixture(scope="module")
def full2() -> gpd.GeoDataFrame:
    return load_boundaries("full", level=2)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="module")
def gaz2() -> Admin2Gazetteer:
    return Admin2Gazetteer()


def run(tmp_path: Path, name: str, text: str, full2, gaz, gaz2, **kwargs: Any):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    result = import_organizations(
        [table], boundaries=full2, gazetteer=gaz, gazetteer2=gaz2, **kwargs
    )
    n_in = len(table.frame)
    assert len(result.accepted) + len(result.rejected) == n_in  # rows conserved
    rejected = result.rejected
    return result.accepted.set_index("org_id"), (
        rejected.set_index("Código") if len(rejected) else rejected
    )


# -- gazetteer ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("BOLIVAR", {"parent": "CO-CAU"}, "CO-19100"),
        ("BOLIVAR", {"parent": "CO-SAN"}, "CO-68101"),
        ("Bolívar", {"parent": "CO-VAC"}, "CO-76100"),
        ("BOLIVAR", {"parent": "EC-C"}, "EC-0402"),  # cantón of Carchi
        ("BOLIVAR", {"parent": "EC-M"}, "EC-1302"),  # cantón of Manabí
        ("Bolivar", {"country": "PE"}, "PE-1303"),  # the only one in Peru (La Libertad)
        ("SAN ANDRES", {"parent": "CO-SAP"}, "CO-88001"),
        ("SAN ANDRES", {"parent": "CO-SAN"}, "CO-68669"),
        ("MEDELLIN", {}, "CO-05001"),  # unique everywhere
        ("Municipio de Medellín", {}, "CO-05001"),
        ("Medelin", {"parent": "CO-ANT"}, "CO-05001"),  # fuzzy only inside the parent
        ("CUCUTA", {"parent": "CO-NSA"}, "CO-54001"),  # alias of San José de Cúcuta
        ("Cuzco", {"country": "PE"}, "PE-0801"),
        ("PUTUMAYO", {"country": "PE"}, "PE-1608"),  # drawn on its own
        ("MAYNAS", {"country": "PE"}, "PE-1601"),
    ],
)
def test_names_resolve_with_their_parent(gaz2, name, kwargs, expected) -> None:
    match = gaz2.resolve(name, **kwargs)
    assert (match.status, match.admin2_id) == ("matched", expected)


def test_homonyms_without_parent_are_ambiguous_with_candidates(gaz2) -> None:
    match = gaz2.resolve("BOLIVAR")
    assert match.status == "ambiguous"
    assert {(c.admin2_id, c.parent, c.country) for c in match.candidates} == {
        ("CO-19100", "CO-CAU", "CO"),
        ("CO-68101", "CO-SAN", "CO"),
        ("CO-76100", "CO-VAC", "CO"),
        ("EC-0402", "EC-C", "EC"),
        ("EC-1302", "EC-M", "EC"),
        ("PE-1303", "PE-LAL", "PE"),
    }
    assert gaz2.resolve("LA UNION", country="CO").status == "ambiguous"
    assert gaz2.resolve("Medelin").status == "unmatched"  # no fuzzy without a parent


@pytest.mark.parametrize(
    ("code", "kwargs", "expected"),
    [
        ("05001", {}, "CO-05001"),
        ("5001", {}, "CO-05001"),  # leading zero dropped by a spreadsheet
        ("CO-05001", {}, "CO-05001"),
        ("0801", {"scheme": "inei"}, "PE-0801"),  # INEI Cusco (RENIEC 0801: another province)
        ("0801", {"parent": "PE-CUS"}, "PE-0801"),  # the department tells which
        ("0104", {"scheme": "reniec"}, "PE-0105"),  # RENIEC 0104 = Luya
        ("0104", {"scheme": "inei"}, "PE-0104"),  # INEI 0104 = Condorcanqui
        ("0701", {"parent": "PE-CUS"}, "PE-0801"),  # RENIEC Cusco, told by the department
        ("1701", {"country": "EC"}, "EC-1701"),  # DPA Quito
        ("170150", {"country": "EC"}, "EC-1701"),  # a parroquia of Quito
        ("1608", {}, "PE-1608"),
    ],
)
def test_codes_resolve(gaz2, code, kwargs, expected) -> None:
    match = gaz2.resolve_code(code, **kwargs)
    assert (match.status, match.admin2_id) == ("matched", expected)


def test_a_code_two_schemes_disagree_on_is_ambiguous(gaz2) -> None:
    match = gaz2.resolve_code("0104", country="PE")
    assert match.status == "ambiguous"
    assert {c.name for c in match.candidates} == {"Condorcanqui", "Luya"}
    lima = gaz2.resolve_code("1501")  # INEI Lima, DPA Tena, RENIEC Maynas
    assert {c.admin2_id for c in lima.candidates} == {"PE-1501", "EC-1501", "PE-1601"}


def test_belen_de_bajira_has_a_parent_but_no_polygon(gaz2) -> None:
    for match in (gaz2.resolve_code("27086"), gaz2.resolve("BELEN DE BAJIRA")):
        assert (match.status, match.admin2_id, match.parent) == ("not_drawn", None, "CO-CHO")


# -- registries ----------------------------------------------------------------------

NAMES_CSV = (
    "Código,Razón social,País,Departamento,Municipio\n"
    "N1,Asociación Uno,Colombia,CAUCA,BOLIVAR\n"
    "N2,Cooperativa Dos,Colombia,SANTANDER,BOLIVAR\n"
    "N3,Asociación Tres,Ecuador,CARCHI,BOLIVAR\n"
    "N4,Asociación Cuatro,Ecuador,BOLIVAR,GUARANDA\n"
    "N5,Cooperativa Cinco,Colombia,,BOLIVAR\n"
    "N6,Asociación Seis,Colombia,,SAN JOSE DE CUCUTA\n"
    "N7,Asociación Siete,Colombia,ANTIOQUIA,MUNICIPIO INVENTADO\n"
    "N8,Asociación Ocho,Colombia,CHOCO,BELEN DE BAJIRA\n"
    "N9,Asociación Nueve,Colombia,VALLE DEL CAUCA,CALI\n"
)


def test_registry_with_department_and_municipality_names(tmp_path, full2, gaz, gaz2) -> None:
    acc, rej = run(tmp_path, "names.csv", NAMES_CSV, full2, gaz, gaz2)
    got = acc[["iso_3166_2", "admin2_code", "admin2_name"]].to_dict("index")
    assert got["N1"] == {"iso_3166_2": "CO-CAU", "admin2_code": "19100", "admin2_name": "Bolívar"}
    assert got["N2"]["admin2_code"] == "68101"
    assert (got["N3"]["iso_3166_2"], got["N3"]["admin2_code"]) == ("EC-C", "0402")
    assert (got["N4"]["iso_3166_2"], got["N4"]["admin2_code"]) == ("EC-B", "0201")
    assert (got["N6"]["iso_3166_2"], got["N6"]["admin2_code"]) == ("CO-NSA", "54001")
    assert "department_from_municipality" in acc.loc["N6", "flags"]
    assert got["N7"]["iso_3166_2"] == "CO-ANT" and pd.isna(got["N7"]["admin2_code"])
    assert "municipality_unmatched" in acc.loc["N7", "flags"]
    assert got["N8"]["iso_3166_2"] == "CO-CHO" and pd.isna(got["N8"]["admin2_code"])
    assert "municipality_not_drawn" in acc.loc["N8", "flags"]
    assert got["N9"]["admin2_code"] == "76001"
    # Bolívar with only the country: three municipios of Colombia, never guessed
    assert rej.loc["N5", "reason"] == "ambiguous_municipality"
    for candidate in ("CO-19100, in CO-CAU", "CO-68101, in CO-SAN", "CO-76100, in CO-VAC"):
        assert candidate in rej.loc["N5", "message"]


PERU_CSV = (
    "Código,Razón social,Departamento,Provincia,Distrito,UBIGEO RENIEC\n"
    "P1,Cooperativa Agraria Uno,AMAZONAS,,,0104\n"
    "P2,Asociación Dos,CUSCO,CUSCO,SANTIAGO,0701\n"
    "P3,Asociación Tres,LORETO,PUTUMAYO,,\n"
    "P4,Asociación Cuatro,LA LIBERTAD,BOLIVAR,,\n"
)


def test_peru_provincia_beside_departamento_and_reniec_codes(tmp_path, full2, gaz, gaz2) -> None:
    acc, _ = run(tmp_path, "peru.csv", PERU_CSV, full2, gaz, gaz2, country="PE")
    assert acc.loc["P1", "admin2_name"] == "Luya"  # RENIEC 0104 (INEI 0105)
    assert acc.loc["P1", "admin2_code"] == "0105"  # stored as the official INEI code
    assert (acc.loc["P2", "admin2_code"], acc.loc["P2", "iso_3166_2"]) == ("0801", "PE-CUS")
    assert acc.loc["P2", "municipality"] == "SANTIAGO"  # a district: kept as text
    assert acc.loc["P3", "admin2_code"] == "1608"
    assert acc.loc["P4", "admin2_code"] == "1303"


def test_ecuador_provincia_is_level_one(tmp_path, full2, gaz, gaz2) -> None:
    text = "Código,Razón social,Provincia,Cantón\nE1,Asociación,CARCHI,BOLIVAR\n"
    acc, _ = run(tmp_path, "ec.csv", text, full2, gaz, gaz2, country="EC")
    assert (acc.loc["E1", "iso_3166_2"], acc.loc["E1", "admin2_code"]) == ("EC-C", "0402")


POINTS_CSV = (
    "Código,Razón social,País,Latitud,Longitud\n"
    "M,Cooperativa Medellín,Colombia,6.2442,-75.5812\n"
    "Q,Asociación Quito,Ecuador,-0.1807,-78.4678\n"
    "C,Asociación Cusco,Perú,-13.5320,-71.9675\n"
)


def test_registry_with_only_coordinates_resolves_both_levels(tmp_path, full2, gaz, gaz2) -> None:
    acc, _ = run(tmp_path, "points.csv", POINTS_CSV, full2, gaz, gaz2)
    got = acc[["iso_3166_2", "admin2_code", "location_source"]].to_dict("index")
    assert got == {
        "M": {"iso_3166_2": "CO-ANT", "admin2_code": "05001", "location_source": "point"},
        "Q": {"iso_3166_2": "EC-P", "admin2_code": "1701", "location_source": "point"},
        "C": {"iso_3166_2": "PE-CUS", "admin2_code": "0801", "location_source": "point"},
    }


def test_code_column_and_point_disagreement(tmp_path, full2, gaz, gaz2) -> None:
    text = (
        "Código,Razón social,Departamento,Código municipio,Latitud,Longitud\n"
        "D1,Asociación D1,ANTIOQUIA,05001,6.2442,-75.5812\n"
        "D2,Asociación D2,ANTIOQUIA,05002,6.2442,-75.5812\n"  # Abejorral, point in Medellín
        "D3,Asociación D3,ANTIOQUIA,,6.2442,-75.5812\n"  # department only: the point refines it
        "D4,Asociación D4,,9999,,\n"
    )
    acc, rej = run(tmp_path, "codes.csv", text, full2, gaz, gaz2, country="CO")
    # no type column: "Asociación ..." gives the type from the name (flagged)
    assert acc.loc["D1", "admin2_code"] == "05001" and acc.loc["D1", "flags"] == "type_from_name"
    assert acc.loc["D2", "admin2_code"] == "05002"  # the written code wins (policy name)
    assert "point_outside_declared_municipality" in acc.loc["D2", "flags"]
    assert acc.loc["D3", "admin2_code"] == "05001"
    assert rej.loc["D4", "reason"] == "unmatched_municipality"
    acc_p, _ = run(tmp_path, "codes.csv", text, full2, gaz, gaz2, country="CO", policy="point")
    assert acc_p.loc["D2", "admin2_code"] == "05001"


def test_accepted_frame_has_the_level_two_columns(tmp_path, full2, gaz, gaz2) -> None:
    acc, _ = run(tmp_path, "points.csv", POINTS_CSV, full2, gaz, gaz2)
    cols = list(acc.reset_index().columns)
    assert cols[cols.index("municipality") + 1 : cols.index("municipality") + 3] == [
        "admin2_code",
        "admin2_name",
    ]
    assert isinstance(acc.loc["M", "admin2_code"], str)
    assert pd.isna(acc.loc["M", "municipality"])
