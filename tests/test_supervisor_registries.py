"""Registries shaped like each supervisor's export: their own type classes, web-exported text,
placeholders and places written only by a municipality or a city.

The fixtures in ``tests/fixtures/registries`` are hand-built, fictional rows laid out as
the public lists are (title rows, headers, the supervisor's labels). Each expectation
below was worked out by hand: the unit from the official level-2 table
(``data/boundaries/admin2_units.csv``: DIVIPOLA, UBIGEO INEI, DPA), the type from the
class's legal definition (cited in ``data/organizations/type_labels.csv``).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.builds.in_memory import summary_lines
from geo.importer.registry import import_organizations
from geo.importer.rows import ImportResult
from geo.io.readers import read_table
from geo.units.boundaries import load_boundaries
from geo.units.gazetteer import Gazetteer
from tests.test_build_stream import build_both

FIXTURES = Path(__file__).parent / "fixtures" / "registries"

#: org_id -> (level-1 unit, level-2 code or None, canonical type), by hand.
SUPERSOLIDARIA: dict[str, tuple[str, str | None, str]] = {
    "900100001": ("CO-ANT", "05001", "cooperative"),  # especializada de ahorro y crédito
    "900100002": ("CO-SAN", "68001", "cooperative"),  # multiactiva con sección de ahorro
    "900100003": ("CO-HUI", "41001", "cooperative"),  # multiactiva sin sección
    "900100004": ("CO-CAU", "19001", "cooperative"),  # integral con sección
    "900100005": ("CO-NAR", "52001", "cooperative"),  # integral sin sección
    "900100006": ("CO-ATL", "08001", "cooperative"),  # trabajo asociado (Ley 79 art. 70)
    "900100007": ("CO-CAL", "17001", "cooperative"),  # aportes y crédito
    "900100008": ("CO-TOL", "73001", "pre_cooperative"),  # Ley 79 art. 124
    "900100009": ("CO-DC", "11001", "mutual_employee_fund"),  # fondo de empleados
    "900100010": ("CO-BOL", "13001", "mutual_employee_fund"),  # asociación mutual
    "900100011": ("CO-BOY", "15001", "other_sse"),  # administración pública cooperativa
    "900100012": ("CO-CUN", "25754", "other_sse"),  # organismo de segundo grado
    "900100013": ("CO-DC", "11001", "other_sse"),  # organismo de tercer grado
    "900100014": ("CO-RIS", "66001", "other_sse"),  # institución auxiliar (art. 94)
    "900100015": ("CO-QUI", "63001", "cooperative"),  # Armenia of Quindío, not Antioquia
    "900100016": ("CO-VAC", "76001", "cooperative"),
    "900100017": ("CO-NSA", "54001", "cooperative"),  # "CUCUTA": San José de Cúcuta
    "900100018": ("CO-CES", "20001", "cooperative"),  # unknown label, "COPERATIVA" name
    "900100019": ("CO-MET", "50001", "mutual_employee_fund"),
    "900100020": ("CO-SUC", "70001", "cooperative"),
    "900100021": ("CO-PUT", "86001", "cooperative"),
    "900100022": ("CO-CHO", "27001", "pre_cooperative"),
    "900100023": ("CO-COR", "23001", "mutual_employee_fund"),
    "900100024": ("CO-ARA", "81001", "cooperative"),
    "900100025": ("CO-SAN", "68679", "cooperative"),  # "APORTE Y CREDITO"
    "900100026": ("CO-SAN", "68101", "cooperative"),  # Bolívar of Santander
    "900100027": ("CO-CAU", "19100", "cooperative"),  # Bolívar of Cauca
    "900100028": ("CO-LAG", "44001", "cooperative"),
    "900100029": ("CO-CAS", "85001", "cooperative"),
    "900100030": ("CO-ANT", "05266", "other_sse"),  # an S.A.S.: not the solidarity sector
}

SEPS: dict[str, tuple[str, str | None, str]] = {
    "1790100000001": ("EC-P", "1701", "cooperative"),
    "0990100000001": ("EC-G", "0901", "cooperative"),
    "0190100000001": ("EC-A", "0101", "cooperative"),
    "1890100000001": ("EC-T", "1801", "cooperative"),
    "0690100000001": ("EC-H", "0601", "cooperative"),  # "CHIMBOROZO" misspelt
    "1190100000001": ("EC-L", "1101", "producer_association"),
    "1090100000001": ("EC-I", "1004", "producer_association"),  # Otavalo
    "0590100000001": ("EC-X", "0501", "other_sse"),  # organismo de integración
    "1390100000001": ("EC-M", "1301", "producer_association"),
    "0790100000001": ("EC-O", "0701", "cooperative"),
    "0290100000001": ("EC-B", "0201", "cooperative"),
    "0890100000001": ("EC-E", "0801", "cooperative"),
    "0390100000001": ("EC-F", "0301", "community_organization"),
    "1290100000001": ("EC-R", "1201", "other_sse"),
    "1490100000001": ("EC-S", "1401", "producer_association"),
    "1590100000001": ("EC-N", "1501", "cooperative"),
    "1690100000001": ("EC-Y", "1601", "producer_association"),
    "1990100000001": ("EC-Z", "1901", "cooperative"),
    "2190100000001": ("EC-U", "2101", "producer_association"),
    "2290100000001": ("EC-D", "2201", "cooperative"),  # caja central (LOEPS art. 101)
    "2390100000001": ("EC-SD", "2301", "cooperative"),
    "2490100000001": ("EC-SE", "2401", "producer_association"),
    "1790100000002": ("EC-P", "1702", "cooperative"),  # Cayambe
    "0690100000002": ("EC-H", "0603", "producer_association"),  # Colta
    "1190100000002": ("EC-L", "1111", "cooperative"),  # Saraguro
}

PERU: dict[str, tuple[str, str | None, str]] = {
    "20100000001": ("PE-JUN", "1206", "cooperative"),
    "20100000002": ("PE-JUN", "1203", "cooperative"),
    "20100000003": ("PE-CAJ", "0608", "cooperative"),  # COOPAC (Ley 30822)
    "20100000004": ("PE-CAJ", "0609", "cooperative"),
    "20100000005": ("PE-AMA", "0107", "cooperative"),
    "20100000006": ("PE-AMA", "0102", "producer_association"),
    "20100000007": ("PE-SAM", "2201", "cooperative"),
    "20100000008": ("PE-SAM", "2208", "cooperative"),
    "20100000009": ("PE-PIU", "2001", "cooperative"),
    "20100000010": ("PE-PIU", "2004", "producer_association"),
    "20100000011": ("PE-CUS", "0809", "cooperative"),
    "20100000012": ("PE-AYA", "0501", "community_organization"),
    "20100000013": ("PE-HUC", "1006", "cooperative"),
    "20100000014": ("PE-PAS", "1903", "community_organization"),
    "20100000015": ("PE-LAM", "1401", "cooperative"),
    "20100000016": ("PE-LAL", "1301", "cooperative"),
    "20100000017": ("PE-ARE", "0401", "cooperative"),
    "20100000018": ("PE-TAC", "2301", "cooperative"),
    "20100000019": ("PE-LIM", "1506", "cooperative"),  # Lima + Huaral: Lima Región
    "20100000020": ("PE-LMA", "1501", "cooperative"),  # Lima + Lima: Lima Metropolitana
    "20100000021": ("PE-CAL", "0701", "cooperative"),
    "20100000022": ("PE-ICA", "1101", "cooperative"),
    "20100000023": ("PE-LOR", "1601", "producer_association"),
    "20100000024": ("PE-UCA", "2501", "cooperative"),
    "20100000025": ("PE-MDD", "1701", "cooperative"),
    "20100000026": ("PE-PUN", "2101", "cooperative"),
    "20100000027": ("PE-PUN", "2112", "cooperative"),
    "20100000028": ("PE-SAM", "2205", "other_sse"),  # central de cooperativas
    "20100000029": ("PE-APU", "0302", "cooperative"),
    "20100000030": ("PE-LIM", "1508", "producer_association"),  # Lima + Huaura
}

#: The web list has no id column: ids are generated as file:row. A city is used only
#: where the department gives no unit (so a row with a good department has no level 2).
WEB: dict[str, tuple[str, str | None, str]] = {
    "web_domain_list:1": ("CO-QUI", None, "cooperative"),  # Quind&#237;o
    "web_domain_list:2": ("CO-BOL", "13001", "cooperative"),  # Bol&#237 (cut) + Cartagena
    "web_domain_list:3": ("CO-DC", "11001", "cooperative"),  # Not Applicable + Bogota
    "web_domain_list:4": ("CO-MET", "50001", "cooperative"),  # COLOMBIA + Villavicencio
    "web_domain_list:5": ("CO-DC", "11001", "mutual_employee_fund"),  # typo-ridden + Bogota
    "web_domain_list:6": ("PE-LMA", "1501", "cooperative"),  # Lima + Lima
    "web_domain_list:7": ("PE-LIM", "1506", "cooperative"),  # Lima + Huaral
    "web_domain_list:8": ("PE-CUS", "0801", "producer_association"),  # N/A + Cusco
    "web_domain_list:9": ("CO-ANT", None, "cooperative"),
    "web_domain_list:10": ("CO-VAC", "76001", "cooperative"),  # "-" + Cali
    "web_domain_list:11": ("CO-NAR", None, "other_sse"),  # a coordinadora of cooperatives
    "web_domain_list:12": ("CO-HUI", None, "cooperative"),  # COPERATIVA
    "web_domain_list:13": ("EC-P", None, "cooperative"),
    "web_domain_list:14": ("EC-G", "0901", "producer_association"),
    "web_domain_list:15": ("EC-A", "0101", "cooperative"),  # ECUADOR + Cuenca
    "web_domain_list:16": ("PE-ARE", "0401", "cooperative"),  # PERU + Arequipa
    "web_domain_list:17": ("PE-LAL", None, "cooperative"),
    "web_domain_list:18": ("CO-COR", None, "cooperative"),
    "web_domain_list:20": ("CO-TOL", None, "cooperative"),
}


@pytest.fixture(scope="module")
def full2() -> gpd.GeoDataFrame:
    return load_boundaries("full", level=2)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


def _import(name: str, full2, gaz) -> ImportResult:
    result = import_organizations([read_table(FIXTURES / name)], boundaries=full2, gazetteer=gaz)
    assert len(result.accepted) + len(result.rejected) == result.report["input_rows"]
    return result


def _shares(result: ImportResult, expected: dict[str, tuple[str, str | None, str]]):
    """Share of expected rows in the right unit (both levels) and with the right type."""
    acc = result.accepted.set_index("org_id")
    placed = typed = 0
    for org_id, (iso, code, org_type) in expected.items():
        if org_id not in acc.index:
            continue
        row = acc.loc[org_id]
        got_code = None if pd.isna(row["admin2_code"]) else row["admin2_code"]
        placed += row["iso_3166_2"] == iso and got_code == code
        typed += row["org_type"] == org_type
    return placed / len(expected), typed / len(expected)


@pytest.mark.parametrize(
    ("name", "expected", "header_row"),
    [
        ("supersolidaria_entidades.csv", SUPERSOLIDARIA, 5),
        ("seps_catastro.csv", SEPS, 4),
        ("peru_cooperativas.csv", PERU, 4),
        ("web_domain_list.csv", WEB, 1),
    ],
)
def test_supervisor_exports_land_in_the_right_unit_with_the_right_type(
    name, expected, header_row, full2, gaz
) -> None:
    result = _import(name, full2, gaz)
    assert result.report["files"][0]["header_row"] == header_row
    placed, typed = _shares(result, expected)
    assert placed >= 0.99, placed
    assert typed >= 0.97, typed
    # No row is accepted that the expectations do not name.
    assert set(result.accepted["org_id"]) == set(expected)


def test_supersolidaria_flags_and_report(full2, gaz) -> None:
    result = _import("supersolidaria_entidades.csv", full2, gaz)
    acc = result.accepted.set_index("org_id")
    # The total line is a summary row, not an organization.
    assert result.rejected["reason"].tolist() == ["summary_row"]
    # The label wins over a name that says "cooperativa", and says so.
    assert acc.loc["900100011", "flags"] == "type_name_disagrees"
    # An unknown label and a misspelt "COPERATIVA" name: the name decides, flagged.
    assert acc.loc["900100018", "flags"].split("|")[0] == "type_label_unknown_name_used"
    # Unknown label, a name that says nothing: other SSE, flagged.
    assert acc.loc["900100030", "flags"] == "type_unrecognised"
    # The class names the sector: "especializada de ahorro y crédito" is savings and credit.
    assert acc.loc["900100001", "sector"] == "savings_credit"
    assert "sector_from_type" in acc.loc["900100001", "flags"]
    assert result.report["unrecognised_types"] == [
        {"value": "ENTIDAD SIN CLASIFICAR", "rows": 1},
        {"value": "SOCIEDAD POR ACCIONES SIMPLIFICADA", "rows": 1},
    ]
    lines = "\n".join(summary_lines({"organizations": result.report}))
    assert "type not recognised 'ENTIDAD SIN CLASIFICAR' (1 rows)" in lines


def test_web_list_rejects_only_the_homonym_with_its_candidates(full2, gaz) -> None:
    result = _import("web_domain_list.csv", full2, gaz)
    rej = result.rejected
    assert rej["reason"].tolist() == ["ambiguous_municipality"]
    message = rej["message"].iat[0]
    assert "row 19" in message and "'Armenia'" in message
    assert "CO-05059, in CO-ANT" in message and "CO-63001, in CO-QUI" in message
    acc = result.accepted.set_index("org_id")
    flags = acc["flags"].str.split("|")
    # Placeholders: Not Applicable (3), COLOMBIA (4), N/A (8), "-" (10), Not Applicable
    # (14), ECUADOR (15), PERU (16): seven rows, each placed by its city.
    placeholder = sorted(acc.index[flags.map(lambda f: "department_placeholder" in f)])
    assert placeholder == sorted(f"web_domain_list:{k}" for k in (3, 4, 8, 10, 14, 15, 16))
    from_city = set(acc.index[flags.map(lambda f: "department_from_municipality" in f)])
    assert from_city == set(placeholder) | {f"web_domain_list:{k}" for k in (2, 5, 6, 7)}
    # Entities decoded in every text cell (name, department, city).
    assert acc.loc["web_domain_list:1", "name"] == "Cooperativa Ficticia del Quindío"
    assert acc.loc["web_domain_list:1", "department_raw"] == "Quindío"
    assert acc.loc["web_domain_list:9", "municipality"] == "Medellín"
    # "Coo…" names are cooperatives with a flag of their own.
    assert "type_from_coo_name" in acc.loc["web_domain_list:2", "flags"]
    assert "type_from_coo_name" in acc.loc["web_domain_list:4", "flags"]
    assert "type_from_coo_name" not in acc.loc["web_domain_list:7", "flags"]  # COOPAC: a form


@pytest.mark.parametrize(
    "name",
    [
        "supersolidaria_entidades.csv",
        "seps_catastro.csv",
        "peru_cooperativas.csv",
        "web_domain_list.csv",
    ],
)
def test_chunked_build_equals_the_whole_build(tmp_path: Path, name: str) -> None:
    report = build_both(tmp_path, [FIXTURES / name], (1, 7, 1000))
    assert report["organizations"]["input_rows"] in (20, 25, 30, 31)
