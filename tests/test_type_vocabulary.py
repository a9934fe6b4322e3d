"""Supervisors' classes, names, web text and placeholders, each with hand-written expectations.

The classes are those of the official texts, written as the supervisors' lists write
them (upper case, no accents):

* Colombia: Ley 79 de 1988 art. 61-64 (especializadas, multiactivas, integrales), art. 70
  (trabajo asociado), art. 92-95 (organismos de segundo y tercer grado, instituciones
  auxiliares), art. 124-131 (precooperativas, administraciones públicas cooperativas);
  Ley 454 de 1998 art. 6 (fondos de empleados, asociaciones mutuales);
* Ecuador: LOEPS (2011) art. 15, 18, 21, 23 (comunitario, asociativo, cooperativo; the
  cooperatives' groups), 121 (organismos de integración);
* Peru: TUO Ley General de Cooperativas (D.S. 074-90-TR) art. 7 (agrarias, agrarias
  cafetaleras, de servicios, de ahorro y crédito...), Ley 30822 (COOPAC).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.upload_panels import unrecognised_types_section
from geo.importer.org_names import read_name
from geo.importer.placeholders import is_placeholder
from geo.importer.registry import import_organizations
from geo.importer.schema import canonical_org_type
from geo.importer.type_labels import _check, lookup_type_label, type_label_table
from geo.importer.types import decide_type
from geo.io.readers import read_table
from geo.io.text import decode_entities

CO_CLASSES = [
    ("ESPECIALIZADA DE AHORRO Y CREDITO", "cooperative"),
    ("ESPECIALIZADA SIN SECCION DE AHORRO", "cooperative"),
    ("MULTIACTIVA CON SECCION DE AHORRO", "cooperative"),
    ("MULTIACTIVA SIN SECCION DE AHORRO", "cooperative"),
    ("INTEGRAL CON SECCION DE AHORRO", "cooperative"),
    ("INTEGRAL SIN SECCION DE AHORRO", "cooperative"),
    ("APORTES Y CREDITO", "cooperative"),
    ("TRABAJO ASOCIADO", "cooperative"),
    ("COOPERATIVA DE TRABAJO ASOCIADO", "cooperative"),
    ("PRECOOPERATIVA", "pre_cooperative"),
    # Ley 79 art. 130: service enterprises of public bodies, not member cooperatives.
    ("ADMINISTRACIONES PUBLICAS COOPERATIVAS", "other_sse"),
    ("FONDO DE EMPLEADOS", "mutual_employee_fund"),
    ("ASOCIACION MUTUAL", "mutual_employee_fund"),
    # Ley 79 art. 92: bodies whose members are cooperatives.
    ("ORGANISMO DE SEGUNDO GRADO", "other_sse"),
    ("ORGANISMO DE TERCER GRADO", "other_sse"),
    ("INSTITUCIONES AUXILIARES DEL COOPERATIVISMO", "other_sse"),
]
EC_CLASSES = [
    ("COOPERATIVA DE PRODUCCION", "cooperative"),
    ("COOPERATIVA DE CONSUMO", "cooperative"),
    ("COOPERATIVA DE VIVIENDA", "cooperative"),
    ("COOPERATIVA DE SERVICIOS", "cooperative"),
    ("COOPERATIVA DE AHORRO Y CREDITO", "cooperative"),
    ("ASOCIACION", "producer_association"),
    ("ASOCIATIVO", "producer_association"),
    ("COMUNITARIO", "community_organization"),
    ("ORGANISMOS DE INTEGRACION", "other_sse"),
]
PE_CLASSES = [
    ("COOPERATIVA AGRARIA", "cooperative"),
    ("COOPERATIVA AGRARIA CAFETALERA", "cooperative"),
    ("COOPERATIVA DE SERVICIOS", "cooperative"),
    ("COOPERATIVA DE AHORRO Y CREDITO", "cooperative"),
    ("COOPAC", "cooperative"),
    ("ASOCIACION", "producer_association"),
    ("COMUNIDAD CAMPESINA", "community_organization"),
    ("COMUNIDAD NATIVA", "community_organization"),
]


@pytest.mark.parametrize(("label", "expected"), CO_CLASSES + EC_CLASSES + PE_CLASSES)
def test_every_supervisor_class_maps_to_its_canonical_type(label: str, expected: str) -> None:
    assert canonical_org_type(label) == (expected, True)
    assert canonical_org_type(label.title()) == (expected, True)  # as written, any case


def _sector(label: str) -> str | None:
    found = lookup_type_label(label)
    assert found is not None, label
    return found.sector


def test_class_sectors_and_the_cooperative_prefix() -> None:
    assert _sector("Especializada de ahorro y crédito") == "savings_credit"
    assert _sector("COOPERATIVA ESPECIALIZADA DE AHORRO Y CREDITO") == "savings_credit"
    assert _sector("COOPERATIVA AGRARIA CAFETALERA") == "coffee"
    assert _sector("MULTIACTIVA SIN SECCION DE AHORRO") is None
    # A bare SEPS group is used for associations too: not a class on its own.
    assert lookup_type_label("PRODUCCION") is None
    assert canonical_org_type("PRODUCCION") == ("other_sse", False)


def test_the_table_is_checked_and_every_row_cites_its_source() -> None:
    table = type_label_table()
    assert all(entry.source.strip() for entry in table.values())
    assert {e.country for e in table.values()} == {"CO", "EC", "PE"}
    bad = pd.DataFrame(
        {
            "label": ["Integral", "INTEGRAL", "X"],
            "org_type": ["cooperative", "other_sse", "firm"],
            "sector": ["", "", "gold"],
        }
    )
    problems = _check(bad)
    assert "row 4: org_type 'firm' is not one of" in problems[0]
    assert "row 4: sector 'gold' is not one of" in problems[1]
    assert problems[2] == "label 'integral' has several types: cooperative, other_sse"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Coomeva", ("cooperative", "coo")),
        ("COOMULTRASAN", ("cooperative", "coo")),
        ("Cootrapeldar", ("cooperative", "coo")),
        ("Cooprofesores", ("cooperative", "coo")),
        ("Coolechera", ("cooperative", "coo")),
        ("Coordinadora Nacional de Mujeres", None),
        ("Coordinación Regional Andina", None),
        ("Cooperación Internacional Ficticia", None),
        ("Fundación Coomeva", None),  # the first word is not "Coo…"
        ("COPERATIVA AGRARIA FICTICIA", ("cooperative", "form")),
        ("COOOPERATIVA DE AHORRO FICTICIA", ("cooperative", "form")),
        ("COOPERTIVA FICTICIA", ("cooperative", "form")),
        ("FONDO DE EMPLEADOS DE LA COOPERATIVA FICTICIA", ("mutual_employee_fund", "form")),
        ("Asociación Nacional de Cooperativas Ficticias", ("other_sse", "form")),
        ("Federación de Cooperativas Cafetaleras", ("other_sse", "form")),
        ("Coordinadora Ficticia de Cooperativas", ("other_sse", "form")),
        ("Asociación de Productores y Cooperativas", ("producer_association", "form")),
        ("COOPAC Ficticia", ("cooperative", "form")),
    ],
)
def test_names_read(name: str, expected) -> None:
    reading = read_name(name)
    assert (None if reading is None else (reading.org_type, reading.evidence)) == expected


UNKNOWN_NAME = "type_label_unknown_name_used"
DISAGREE = "type_name_disagrees"


@pytest.mark.parametrize(
    ("label", "name", "default", "expected"),
    [
        # a recognised label wins; a name that says another type is flagged
        ("ASOCIACION", "Cooperativa Ficticia", None, ("producer_association", (DISAGREE,))),
        ("TRABAJO ASOCIADO", "COOTRAPELDAR", None, ("cooperative", ())),
        # an unknown label: the name decides, with its own flag (and the Coo… one)
        ("ENTIDAD X", "Coomeva", None, ("cooperative", (UNKNOWN_NAME, "type_from_coo_name"))),
        ("ENTIDAD X", "Asociación X", "cooperative", ("producer_association", (UNKNOWN_NAME,))),
        ("ENTIDAD X", "Ficticia S.A.S.", None, ("other_sse", ("type_unrecognised",))),
        # no label: the file's type, else the name
        (None, "Asociación Ficticia", "cooperative", ("cooperative", ())),
        (None, "Coomeva", None, ("cooperative", ("type_from_name", "type_from_coo_name"))),
        (None, "Juan Pérez", None, ("other_sse", ("type_unrecognised",))),
    ],
)  # fmt: skip
def test_type_decisions(label, name, default, expected) -> None:
    decided = decide_type(label, name, default)
    assert (decided.org_type, decided.flags) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quind&#237;o", "Quindío"),
        ("Bol&#237", "Bolí"),  # cut before the ";"
        ("Bogot&#227", "Bogotã"),  # the export's own typo, decoded as written
        ("Nari&ntilde;o", "Nariño"),
        ("Nari&ntildeo", "Nariño"),  # a legacy name without ";"
        ("Pac&#xED;fico", "Pacífico"),
        ("Caja &amp; Cía", "Caja & Cía"),
        ("AT&T Coop", "AT&T Coop"),
        ("Plain text", "Plain text"),
    ],
)
def test_html_entities_decoded(text: str, expected: str) -> None:
    assert decode_entities(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Not Applicable", True), ("N/A", True), ("n.a.", True), ("-", True), ("--", True),
        ("Sin información", True), ("COLOMBIA", True), ("Perú", True), ("ECUADOR", True),
        ("República del Ecuador", True), ("Nariño", False), ("Lima", False), ("Na", True),
        ("Santa Fe", False),
    ],
)  # fmt: skip
def test_placeholders(value: str, expected: bool) -> None:
    assert is_placeholder(value) is expected


def _import_text(tmp_path: Path, text: str):
    path = tmp_path / "hand.csv"
    path.write_text(text, "utf-8")
    return import_organizations([read_table(path)])


def test_department_from_municipality_placeholders_lima_and_homonyms(tmp_path: Path) -> None:
    text = (
        "NOMBRE,PAIS,DEPARTAMENTO,MUNICIPIO\n"
        "Cooperativa A,Colombia,,Villavicencio\n"  # empty: the unique municipio places it
        "Cooperativa B,Colombia,N/A,Yopal\n"  # placeholder: same
        "Cooperativa C,Colombia,Departamento Inexistente,Riohacha\n"  # unmatched: same
        "Cooperativa D,Peru,Lima,Lima\n"  # Lima + Lima: Lima Metropolitana
        "Cooperativa E,Peru,Lima,Cañete\n"  # Lima + Cañete: Lima Región
        "Cooperativa F,Colombia,,Armenia\n"  # homonym: rejected with both candidates
        "Cooperativa G,Colombia,Not Applicable,\n"  # nothing else: no location
    )
    result = _import_text(tmp_path, text)
    acc = result.accepted.set_index("name")
    assert acc.loc["Cooperativa A", ["iso_3166_2", "admin2_code"]].tolist() == ["CO-MET", "50001"]
    assert acc.loc["Cooperativa B", ["iso_3166_2", "admin2_code"]].tolist() == ["CO-CAS", "85001"]
    assert acc.loc["Cooperativa C", ["iso_3166_2", "admin2_code"]].tolist() == ["CO-LAG", "44001"]
    assert acc.loc["Cooperativa D", ["iso_3166_2", "admin2_code"]].tolist() == ["PE-LMA", "1501"]
    assert acc.loc["Cooperativa E", ["iso_3166_2", "admin2_code"]].tolist() == ["PE-LIM", "1505"]
    for name in ("Cooperativa A", "Cooperativa B", "Cooperativa C", "Cooperativa D"):
        assert "department_from_municipality" in acc.loc[name, "flags"]
    assert "department_placeholder" in acc.loc["Cooperativa B", "flags"]
    rej = result.rejected.set_index("NOMBRE")
    assert rej.loc["Cooperativa F", "reason"] == "ambiguous_municipality"
    assert "CO-05059" in rej.loc["Cooperativa F", "message"]
    assert "CO-63001" in rej.loc["Cooperativa F", "message"]
    # A placeholder counts as empty: "no location", not "unmatched department".
    assert rej.loc["Cooperativa G", "reason"] == "no_location"
    # The placeholders are not "department names not recognised"; the others are.
    listed = {g["value"] for g in result.report["unmatched_departments"]}
    assert listed == {"Departamento Inexistente", "Lima"}


def test_a_city_counts_only_when_the_department_gives_no_unit(tmp_path: Path) -> None:
    text = (
        "NOMBRE,PAIS,DEPARTAMENTO,CIUDAD\n"
        "Cooperativa A,Colombia,Meta,Villavicencio\n"  # the department places it: level 1
        "Cooperativa B,Colombia,Not Applicable,Villavicencio\n"  # the city places it
        "Cooperativa C,Peru,Lima,Lima\n"
    )
    acc = _import_text(tmp_path, text).accepted.set_index("name")
    assert acc.loc["Cooperativa A", "iso_3166_2"] == "CO-MET"
    assert pd.isna(acc.loc["Cooperativa A", "admin2_code"])
    assert acc.loc["Cooperativa B", ["iso_3166_2", "admin2_code"]].tolist() == ["CO-MET", "50001"]
    assert acc.loc["Cooperativa C", ["iso_3166_2", "admin2_code"]].tolist() == ["PE-LMA", "1501"]


def test_upload_report_lists_unrecognised_types_in_both_languages() -> None:
    orgs = {"unrecognised_types": [{"value": "ENTIDAD X", "rows": 1200}]}
    en = unrecognised_types_section(orgs, "en")
    es = unrecognised_types_section(orgs, "es")
    assert en[0].children.startswith("Organization types not recognised")
    assert es[0].children.startswith("Tipos de organización no reconocidos")
    assert en[1].children[0].children == "ENTIDAD X (1,200)"
    assert es[1].children[0].children == "ENTIDAD X (1.200)"
    assert unrecognised_types_section({"unrecognised_types": []}, "en") == []
