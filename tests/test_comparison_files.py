"""The comparison and totals downloads for people: totals column, rounding, language, formats.

Units and organizations are those of :mod:`tests.test_planning` (Nariño, Cauca, Puno).
Every expected value below is worked out by hand from that fixture:

* Nariño (CO-NAR): a1 (100 members, 60 women, 10 youth, My.Coop) and a2 (50, 10, -);
  population 100,000; 30,000 km².
* Puno (PE-PUN): a5 (80, 40, 8, Start.Coop + Think.Coop) and a6 (40, 20, -);
  population 50,000; 70,000 km².
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from geo.export.selection_files import write_comparison
from geo.i18n import Lang
from geo.indicators.prepared import prepare
from geo.indicators.selection import TOTAL_COLUMN, compare_units
from tests.test_planning import ISO, organizations, programmes

META: dict[str, Any] = {"source": "registry.csv", "date": dt.date(2025, 3, 1)}


@pytest.fixture(scope="module")
def comparison() -> pd.DataFrame:
    units = pd.DataFrame(
        {
            "iso_3166_2": ISO,
            "country": ["CO", "CO", "PE"],
            "name": ["Nariño", "Cauca", "Puno"],
            "area_km2": [30_000.0, 30_000.0, 70_000.0],
        }
    )
    population = pd.DataFrame({"iso_3166_2": ISO, "population": [100_000, 200_000, 50_000]})
    prepared = prepare(organizations(), programmes(), units=units, population=population)
    return compare_units(prepared, None, ["CO-NAR", "PE-PUN"], totals=True)


def _csv_rows(path: Path, delimiter: str) -> dict[str, list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=delimiter))
    body = lines[lines.index([]) + 1 :]
    return {row[1]: row[2:] for row in body}


def test_the_total_column_adds_the_compared_units_up(comparison) -> None:
    rows = comparison.set_index("measure")[TOTAL_COLUMN]
    assert rows["orgs"] == 2 + 2
    assert rows["population"] == 100_000 + 50_000
    assert rows["members_total"] == 150 + 120
    # women (60 + 10) + (40 + 20) = 130 of 150 + 120 = 270 members: pooled, not (46.7 + 50) / 2
    assert rows["women_share"] == pytest.approx(130 / 270)
    # members of the four organizations 100, 50, 80, 40: median (50 + 80) / 2
    assert rows["median_members"] == 65.0
    assert rows["orgs_per_100k"] == pytest.approx(4 / 150_000 * 100_000)
    assert rows["coverage_my_coop"] == pytest.approx(1 / 4)  # a1 of four organizations
    assert rows["country"] == "CO|PE"
    assert rows["priority_score"] is pd.NA  # a score does not add up


def test_spanish_csv_uses_semicolons_and_decimal_commas(comparison, tmp_path) -> None:
    path = write_comparison(comparison, tmp_path / "c.csv", lang="es", **META)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert lines[lines.index([]) + 1] == [
        "Sección",
        "Indicador",
        "Nariño (CO-NAR)",
        "Puno (PE-PUN)",
        "Total de las unidades comparadas",
    ]
    rows = _csv_rows(path, ";")
    # 70/150 = 46.666... %, 60/120 = 50 %, 130/270 = 48.148... %
    assert rows["Proporción de mujeres entre los socios (%)"] == ["46,7", "50,0", "48,1"]
    # 2 / 100,000 * 100,000 = 2.0; 2 / 50,000 * 100,000 = 4.0; 4 / 150,000 * 100,000 = 2.666...
    assert rows["Organizaciones por 100.000 habitantes"] == ["2,0", "4,0", "2,7"]
    # 2 / 30,000 * 10,000 = 0.666...; 2 / 70,000 * 10,000 = 0.285...; 4 / 100,000 * 10,000 = 0.4
    assert rows["Organizaciones por 10.000 km²"] == ["0,7", "0,3", "0,4"]
    assert rows["Población (habitantes)"] == ["100000", "50000", "150000"]
    assert rows["En la selección"] == ["sí", "sí", ""]
    # My.Coop: a1 of Nariño's two, none of Puno's, one of the four
    assert rows["Cobertura de My.Coop (%)"] == ["50,0", "0,0", "25,0"]
    assert rows["Índice de prioridad (0-100)"][2] == ""
    assert re.fullmatch(r"\d+,\d", rows["Índice de prioridad (0-100)"][0])


def test_no_raw_floats_nor_doubled_brackets_in_either_language(comparison, tmp_path) -> None:
    langs: tuple[tuple[Lang, str], ...] = (("en", ","), ("es", ";"))
    for lang, delimiter in langs:
        path = write_comparison(comparison, tmp_path / f"c-{lang}.csv", lang=lang, **META)
        text = path.read_text(encoding="utf-8-sig")
        assert "((" not in text
        assert "true" not in text.lower().split(delimiter)
        cells = [c for row in _csv_rows(path, delimiter).values() for c in row]
        sign = "." if lang == "en" else ","
        long = [c for c in cells if re.fullmatch(rf"-?\d+\{sign}\d{{3,}}", c)]
        assert long == []  # at most two decimals anywhere (priority components)
    english = _csv_rows(tmp_path / "c-en.csv", ",")
    assert english["Women share of members (%)"] == ["46.7", "50.0", "48.1"]


def test_xlsx_cells_are_rounded_numbers_with_formats(comparison, tmp_path) -> None:
    path = write_comparison(comparison, tmp_path / "c.xlsx", fmt="xlsx", lang="es", **META)
    sheet = openpyxl.load_workbook(path).active
    by_label = {row[1].value: row[2:] for row in sheet.iter_rows() if isinstance(row[1].value, str)}
    women = by_label["Proporción de mujeres entre los socios (%)"]
    assert [c.value for c in women] == [46.7, 50.0, 48.1]
    assert {c.number_format for c in women} == {"#,##0.0"}
    population = by_label["Población (habitantes)"]
    assert [c.value for c in population] == [100_000, 50_000, 150_000]
    assert {c.number_format for c in population} == {"#,##0"}
    # the members component is log-scaled: two decimals, shown as 0.00
    members = by_label["Componente de prioridad: Socios (log, relativo) (0-1)"]
    assert all(c.number_format == "#,##0.00" for c in members[:2])
    assert all(round(c.value, 2) == c.value for c in members[:2])
    assert sheet.cell(row=1, column=1).value == "CoopAtlas - unidades lado a lado"
