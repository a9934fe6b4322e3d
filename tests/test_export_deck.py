"""Slide deck export: reopen the .pptx with python-pptx and check slides, texts, picture, table."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as PresentationType

from geo._errors import InputValidationError
from geo.export.deck import top_priority_units, write_deck
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import Classification
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MapSpec
from geo.units.boundaries import load_units

DAY = dt.date(2025, 3, 1)
EMU = 914400  # per inch

# ---------------------------------------------------------------------------- fixture
#
# The 83 committed units, 2 organizations each, orgs_per_100k 1.0 (10.0 in Meta).
# Six units have a priority score; ranks follow the scores:
#   1 CO-MET Meta 90.0, 2 PE-LOR Loreto 85.5, 3 EC-P Pichincha 80.0,
#   4 CO-ANT Antioquia 75.3, 5 PE-CUS Cusco 70.0, 6 CO-BOY Boyacá 65.0.
# Three-country slide: the first five, with their country.
# Colombian slide: Meta, Antioquia, Boyacá numbered 1 to 3 within Colombia.
SCORES = {"CO-MET": 90.0, "PE-LOR": 85.5, "EC-P": 80.0, "CO-ANT": 75.3, "PE-CUS": 70.0}
SCORES["CO-BOY"] = 65.0
TITLES = [
    "Organizations per 100,000 inhabitants — Colombia, Peru and Ecuador",
    "Organizaciones por 100.000 habitantes — Colombia",
    "Organizations per 100,000 inhabitants — Ecuador",
]


def unit_table(*, orgs: int = 2) -> pd.DataFrame:
    units = load_units()
    iso = units["iso_3166_2"].astype(str)
    ranks = {code: i for i, code in enumerate(SCORES, start=1)}
    return pd.DataFrame(
        {
            "unit_id": iso,
            "iso_3166_2": iso,
            "country": units["country"].astype(str),
            "name": units["name"].astype(str),
            "in_scope": True,
            "orgs": orgs,
            "orgs_per_100k": [10.0 if code == "CO-MET" else 1.0 for code in iso],
            "priority_score": [SCORES.get(code, float("nan")) for code in iso],
            "priority_rank": pd.array([ranks.get(code) for code in iso], dtype="Int64"),
        }
    )


def view(table: pd.DataFrame, **kw: Any) -> tuple[MapSpec, pd.DataFrame, Classification]:
    spec = MapSpec(date=DAY, source="Test registry", **kw)
    return spec, table, classify_indicator(table, spec.column, lang=spec.lang)


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> PresentationType:
    empty = unit_table(orgs=0).assign(orgs_per_100k=0.0, priority_score=float("nan"))
    empty["priority_rank"] = pd.array([None] * len(empty), dtype="Int64")
    views = [
        view(unit_table()),
        view(unit_table(), lang="es", extent="CO", selected="CO-MET"),
        view(empty, extent="EC", filters=Filters(sectors=("coffee",))),
    ]
    path = write_deck(views, tmp_path_factory.mktemp("deck") / "views.pptx")
    assert path.name == "views.pptx"
    return Presentation(str(path))


def table_cells(slide) -> list[list[str]]:
    (shape,) = [s for s in slide.shapes if s.has_table]
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


def box(shape) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in inches."""
    left, top = shape.left / EMU, shape.top / EMU
    return left, top, left + shape.width / EMU, top + shape.height / EMU


# ---------------------------------------------------------------------------- tests


def test_one_16_9_slide_per_view_with_its_title(deck: PresentationType) -> None:
    assert deck.slide_width is not None and deck.slide_height is not None
    assert (deck.slide_width / EMU, deck.slide_height / EMU) == pytest.approx((13.333, 7.5))
    assert len(deck.slides) == 3
    assert [slide.shapes.title.text for slide in deck.slides] == TITLES
    assert deck.core_properties.title == "CoopAtlas"


def test_each_slide_has_the_map_picture(deck: PresentationType) -> None:
    for slide in deck.slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture.image.content_type == "image/png"
        with Image.open(io.BytesIO(picture.image.blob)) as image:
            width_px, height_px = image.size
        # sharp on a projector: at least 150 pixels per inch of the slide
        assert width_px / (picture.width / EMU) >= 150
        assert height_px / (picture.height / EMU) >= 150
        # not stretched: the picture keeps the PNG's proportions
        assert width_px / height_px == pytest.approx(picture.width / picture.height, rel=0.01)
        assert picture._element.nvPicPr.cNvPr.get("descr").startswith(("Map: ", "Mapa: "))


def test_priority_table_three_countries(deck: PresentationType) -> None:
    assert table_cells(deck.slides[0]) == [
        ["#", "Unit", "Score"],
        ["1", "Meta (CO)", "90.0"],
        ["2", "Loreto (PE)", "85.5"],
        ["3", "Pichincha (EC)", "80.0"],
        ["4", "Antioquia (CO)", "75.3"],
        ["5", "Cusco (PE)", "70.0"],
    ]


def test_priority_table_of_one_country_in_spanish(deck: PresentationType) -> None:
    slide = deck.slides[1]
    assert table_cells(slide) == [
        ["N.º", "Unidad", "Índice"],
        ["1", "Meta", "90,0"],
        ["2", "Antioquia", "75,3"],
        ["3", "Boyacá", "65,0"],
    ]
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "Todas las organizaciones" in texts
    assert "Las 5 unidades de mayor prioridad" in texts
    assert (
        "Fuente: Test registry; límites: DANE MGN 2020, INEI, INEC; población: DANE 2018, "
        "INEI 2017, INEC 2022 · Mapa elaborado con CoopAtlas, 2025-03-01"
    ) in texts


def test_empty_view_has_the_message_and_no_table(deck: PresentationType) -> None:
    slide = deck.slides[2]
    assert not any(s.has_table for s in slide.shapes)
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "No organization matches the filters" in texts
    assert "Sectors: Coffee" in texts


def test_shapes_stay_on_the_slide_and_apart(deck: PresentationType) -> None:
    for slide in deck.slides:
        boxes = {shape.name: box(shape) for shape in slide.shapes}
        for name, (left, top, right, bottom) in boxes.items():
            assert left >= 0.3 and top >= 0.2, name
            assert right <= 13.333 - 0.3 and bottom <= 7.5 - 0.2, name
        items = list(boxes.items())
        for i, (a, (al, at, ar, ab)) in enumerate(items):
            for b, (bl, bt, br, bb) in items[i + 1 :]:
                apart = ar <= bl or br <= al or ab <= bt or bb <= at
                assert apart, f"{a} overlaps {b}"


def test_top_priority_units_of_an_area() -> None:
    table = unit_table()
    top = top_priority_units(MapSpec(extent="PE"), table)
    assert top[["rank", "unit_id", "priority_rank"]].to_dict("list") == {
        "rank": [1, 2],
        "unit_id": ["PE-LOR", "PE-CUS"],
        "priority_rank": [2, 5],
    }
    assert len(top_priority_units(MapSpec(), table, n=2)) == 2


def test_bad_views_are_listed_together(tmp_path: Path) -> None:
    with pytest.raises(InputValidationError, match="no view"):
        write_deck([], tmp_path / "deck.pptx")
    spec, table, classes = view(unit_table())
    bad = [(spec, table.drop(columns=["priority_rank"]), classes), ("CO", table, "classes")]
    with pytest.raises(InputValidationError) as info:
        write_deck(bad, tmp_path / "deck.pptx")  # type: ignore[arg-type]
    assert info.value.problems == [
        "view 1: table lacks columns ['priority_rank']",
        "view 2: first item must be a MapSpec; got str",
        "view 2: third item must be a Classification; got str",
    ]
    assert list(tmp_path.iterdir()) == []


def test_failing_save_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object, file: object) -> None:
        Path(str(file)).write_bytes(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(PresentationType, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        write_deck([view(unit_table())], tmp_path / "deck.pptx")
    assert list(tmp_path.iterdir()) == []
