"""Exports follow the filter and say what they show: area, synthetic data, outside units, suffix.

Each test opens what ``coopatlas export`` wrote: slide titles with python-pptx,
SVG text and fills with ElementTree, the HTML page, CSV lines and XLSX cells.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from coopatlas.cli import main
from geo.builds.folder import build
from geo.export.formats import with_extension
from geo.export.map_style import OUTSIDE_FILL
from geo.indicators.classify import NO_DATA_COLOR

# Named like the bundled demo registry (demo_*), so the build counts as demo data.
REGISTRY = (
    "Código,Razón social,País,Departamento,Tipo de organización,Actividad principal\n"
    "E1,Cooperativa Uno,EC,Pichincha,Cooperativa,Café\n"
    "E2,Asociación Dos,EC,Loja,Asociación,Café\n"
    "C1,Cooperativa Tres,CO,Huila,Cooperativa,Café\n"
    "C2,Cooperativa Cuatro,CO,Antioquia,Cooperativa,Café\n"
    "P1,Cooperativa Cinco,PE,Cusco,Cooperativa,Café\n"
)
SVG = "{http://www.w3.org/2000/svg}"
NOTICE_EN = "Synthetic demo data"


def _build(tmp: Path, name: str) -> Path:
    (tmp / name).write_text(REGISTRY, "utf-8")
    build([tmp / name], out=tmp / f"processed-{name}")
    return tmp / f"processed-{name}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("demo"), "demo_registry.csv")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("real"), "registry.csv")


def _export(data: Path, out: Path, *args: str) -> None:
    assert main(["export", "--data", str(data), "--out", str(out), *args]) == 0


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


def _pptx_texts(path: Path) -> list[list[str]]:
    deck = Presentation(str(path))
    return [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in deck.slides]


def test_one_country_deck_names_that_country_only(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck"
    _export(demo, out, "--deck", "countries", "--country", "EC", "--format", "pptx")
    deck = Presentation(str(tmp_path / "deck.pptx"))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == ["Organizations per 100,000 inhabitants — Ecuador"]
    texts = " ".join(_pptx_texts(tmp_path / "deck.pptx")[0])
    assert "Colombia" not in texts and "Peru" not in texts
    assert "Countries: Ecuador" in texts  # the subtitle in words, not "countries: EC"


def test_one_country_map_has_no_other_inset(demo: Path, tmp_path: Path) -> None:
    _export(demo, tmp_path / "ec", "--country", "EC", "--format", "svg")
    texts = _svg_texts(tmp_path / "ec.svg")
    assert "Galápagos (EC)" in texts
    assert not any("San Andrés" in t for t in texts)
    assert "Organizations per 100,000 inhabitants — Ecuador" in texts


def test_spanish_subtitle_in_words(demo: Path, tmp_path: Path) -> None:
    _export(demo, tmp_path / "es", "--country", "EC", "--lang", "es", "--format", "svg",
            "--filter", "org_types=cooperative", "--filter", "sectors=coffee")  # fmt: skip
    texts = _svg_texts(tmp_path / "es.svg")
    assert "Países: Ecuador · Tipos: Cooperativas · Sectores: Café" in texts
    assert "Datos de demostración sintéticos" in texts


def test_every_export_of_demo_data_says_synthetic(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "view"
    _export(demo, out, "--format", "svg", "pdf", "pptx", "html", "csv", "xlsx")
    # PNG and PDF are drawn from the same figure as the SVG
    assert NOTICE_EN in _svg_texts(tmp_path / "view.svg")
    assert (tmp_path / "view.pdf").read_bytes().startswith(b"%PDF")
    for slide in _pptx_texts(tmp_path / "view.pptx"):
        assert NOTICE_EN in slide
    assert NOTICE_EN in (tmp_path / "view.html").read_text("utf-8")
    csv_lines = (tmp_path / "view.csv").read_text("utf-8-sig").splitlines()
    assert csv_lines[0].strip('"').startswith(NOTICE_EN)
    sheet = load_workbook(tmp_path / "view.xlsx").active
    assert str(sheet["A1"].value).startswith(NOTICE_EN)


def test_demo_exports_name_their_source_and_real_ones_are_not_synthetic(
    demo: Path, real: Path, tmp_path: Path
) -> None:
    _export(demo, tmp_path / "demo", "--format", "csv", "svg")
    source = [t for t in _svg_texts(tmp_path / "demo.svg") if t.startswith("Source:")]
    assert source and "demo_registry.csv" in source[0] and "DANE MGN 2020" in source[0]
    _export(real, tmp_path / "real", "--format", "csv", "svg")
    assert NOTICE_EN not in (tmp_path / "real.csv").read_text("utf-8-sig")
    assert NOTICE_EN not in _svg_texts(tmp_path / "real.svg")


def test_outside_units_are_not_drawn_as_no_data(demo: Path, tmp_path: Path) -> None:
    _export(demo, tmp_path / "units", "--format", "svg", "--filter", "units=CO-HUI|CO-ANT")
    root = ET.parse(tmp_path / "units.svg").getroot()
    outside = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "units-outside")
    styles = [p.get("style", "") for p in outside.iter(f"{SVG}path")]
    assert styles and all(f"fill: {OUTSIDE_FILL}" in s for s in styles)
    assert not any(NO_DATA_COLOR in s for s in styles)
    assert "outside the filter" in _svg_texts(tmp_path / "units.svg")


def test_offline_html_names_outside_units(demo: Path, tmp_path: Path) -> None:
    _export(demo, tmp_path / "units", "--format", "html", "--filter", "units=CO-HUI|CO-ANT")
    page = (tmp_path / "units.html").read_text("utf-8")
    assert "outside the filter" in page
    assert "Departments / provinces: Antioquia, Huila" in page


def test_single_format_gets_its_suffix(demo: Path, tmp_path: Path) -> None:
    _export(demo, tmp_path / "u", "--format", "csv")
    assert (tmp_path / "u.csv").is_file()
    assert not (tmp_path / "u").exists()
    _export(demo, tmp_path / "kept.csv", "--format", "csv")
    assert (tmp_path / "kept.csv").is_file()


@pytest.mark.parametrize(
    ("out", "fmt", "expected"),
    [("u", "csv", "u.csv"), ("u.csv", "csv", "u.csv"), ("u.png", "pdf", "u.pdf"),
     ("u.v2", "xlsx", "u.v2.xlsx"), ("U.CSV", "csv", "U.CSV")],
)  # fmt: skip
def test_with_extension(out: str, fmt: str, expected: str) -> None:
    assert with_extension(Path(out), fmt) == Path(expected)
