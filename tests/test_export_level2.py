"""Exports of a parent's level-2 units: open what was written (SVG title, CSV rows, XLSX)."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from geo._errors import InputValidationError
from geo.builds.folder import build
from geo.export.formats import export
from geo.indicators.mapspec import MapSpec
from geo.indicators.prepared import PreparedData, prepare
from geo.settings import get_settings
from geo.store import open_processed

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> PreparedData:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("level2") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    processed = open_processed(out)
    return prepare(processed.organizations, processed.programmes)


def antioquia(**kw: object) -> MapSpec:
    return MapSpec(column="orgs", level=2, parent="CO-ANT", **kw)  # type: ignore[arg-type]


def test_level2_svg_names_the_parent_in_its_title(prepared: PreparedData, tmp_path: Path) -> None:
    path = export(antioquia(), "svg", tmp_path / "ant.svg", prepared=prepared)
    root = ET.parse(path).getroot()
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Organizations — Municipalities of Antioquia"
    texts = [el.text or "" for el in root.iter(f"{SVG}text")]
    assert texts == [] or all("Departments" not in s for s in texts)
    es = export(antioquia(lang="es"), "svg", tmp_path / "ant-es.svg", prepared=prepared)
    assert "Organizaciones — Municipios de Antioquia" in es.read_text("utf-8")


def test_level2_csv_has_one_row_per_municipio_of_antioquia(
    prepared: PreparedData, tmp_path: Path
) -> None:
    path = export(antioquia(), "csv", tmp_path / "ant.csv", prepared=prepared)
    lines = path.read_text("utf-8-sig").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("level,"))
    rows = list(csv.DictReader(lines[start:]))
    assert len(rows) == 125
    assert {r["iso_3166_2"] for r in rows} == {"CO-ANT"}
    assert len({r["admin2_id"] for r in rows}) == 125
    assert all(r["admin2_id"].startswith("CO-05") for r in rows)
    assert "Medellín" in {r["name"] for r in rows}
    assert sum(int(r["organizations"]) for r in rows) > 0


def test_level2_xlsx_and_the_whole_country(prepared: PreparedData, tmp_path: Path) -> None:
    path = export(antioquia(), "xlsx", tmp_path / "ant.xlsx", prepared=prepared)
    sheet = openpyxl.load_workbook(path).active
    ids = [c.value for c in sheet["B"] if isinstance(c.value, str) and c.value.startswith("CO-")]
    assert len(ids) == 125
    spec = MapSpec(column="orgs", level=2, parent="EC")
    out = export(spec, "csv", tmp_path / "ec.csv", prepared=prepared)
    lines = out.read_text("utf-8-sig").splitlines()
    assert sum(line.startswith("unit,EC-") for line in lines) > 200  # Ecuador's cantones


def test_level2_html_and_png_are_written(prepared: PreparedData, tmp_path: Path) -> None:
    html = export(antioquia(), "html", tmp_path / "ant.html", prepared=prepared)
    assert "Municipalities of Antioquia" in html.read_text("utf-8")
    png = export(antioquia(), "png", tmp_path / "ant.png", prepared=prepared)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"level": 2}, "level 2 needs a parent"),
        ({"level": 2, "parent": "CO-XXX"}, "'CO-XXX' is not a country or a known level-1 unit"),
        ({"level": 3, "parent": "CO"}, r"level must be one of \[1, 2\]"),
        ({"parent": "CO-ANT"}, "needs level 2"),
    ],
)
def test_invalid_level_or_parent_is_refused(kw: dict[str, object], match: str) -> None:
    with pytest.raises(InputValidationError, match=match):
        MapSpec(**kw)  # type: ignore[arg-type]


def test_level1_spec_is_unchanged() -> None:
    spec = MapSpec(column="orgs")
    assert (spec.level, spec.parent, spec.area) == (1, None, "Colombia, Peru and Ecuador")
    assert spec.shows("CO-ANT") and not MapSpec(extent="PE").shows("CO-ANT")
