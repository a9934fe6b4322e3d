"""Small multiples: one map per period on one legend, as PNG, PDF and PowerPoint.

The organizations and programme rows of ``tests/test_periods.py`` on the committed
units. Coverage (organizations reached / organizations), worked out by hand:

    unit     2015-2018   2022-2024
    CO-ANT   2/3         2/3
    CO-CAU   1/2         0/2

so, classified together, Antioquia has one class in both panels and Cauca two
(worked out in ``test_one_scale_for_every_panel``).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from geo._errors import InputValidationError
from geo.export.formats import export_small_multiples
from geo.export.small_multiples import compute_panels, periods_of
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MapSpec
from geo.indicators.periods import Period
from geo.indicators.prepared import prepare
from tests.test_periods import tables

PERIODS = [Period(2015, 2018), Period(2022, 2024)]


@pytest.fixture(scope="module")
def prepared():
    return prepare(*tables())  # the fixture's organizations on the committed 83 units


def _spec(**options) -> MapSpec:
    return MapSpec(
        column="coverage_any",
        scheme="equal_interval",
        k=3,
        filters=Filters(countries=("CO",)),
        synthetic=True,
        **options,
    )


def test_one_scale_for_every_panel(prepared) -> None:
    data = prepared
    panels, pooled = compute_panels(_spec(), PERIODS, data)
    (_, before, c_before), (_, since, c_since) = panels
    ant = before.index[before["unit_id"] == "CO-ANT"][0]
    cau = before.index[before["unit_id"] == "CO-CAU"][0]
    assert before.loc[ant, "coverage_any"] == pytest.approx(2 / 3)
    assert since.loc[cau, "coverage_any"] == 0.0
    # One classification of both panels' values. The zeros are a class of their own
    # (class 0, "none": Cauca since 2022), so the k=3 classes leave 2 equal intervals
    # for the positive values of both panels, 1/2 (Cauca before) .. 2/3 (Antioquia in
    # both): upper bounds 7/12 and 2/3, so 1/2 is in class 1 and 2/3 in class 2.
    # Classified per panel, the second panel alone (0 and 2/3) would put 2/3 in class 1.
    assert c_before.classes[ant] == c_since.classes[ant] == 2
    assert c_before.classes[cau] == 1
    assert c_since.classes[cau] == 0
    assert c_before.colors == c_since.colors == pooled.colors


def test_png_pdf_and_one_slide(prepared, tmp_path: Path) -> None:
    data = prepared
    spec = _spec()
    png = export_small_multiples(
        spec, "png", tmp_path / "m.png", periods="2015-2018,2022-2024", prepared=data
    )
    with Image.open(png) as image:
        assert image.size == (1920, 1080)
    pdf = export_small_multiples(
        spec, "pdf", tmp_path / "m.pdf", periods="2015-2018,2022-2024", prepared=data
    )
    assert pdf.read_bytes().count(b"/Type /Page\n") + pdf.read_bytes().count(b"/Type /Page ") >= 1
    pptx = export_small_multiples(
        spec, "pptx", tmp_path / "m.pptx", periods="2015-2018,2022-2024", prepared=data
    )
    deck = Presentation(str(pptx))
    assert len(deck.slides) == 1
    texts = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert texts[0] == spec.title
    assert "Countries: Colombia" in texts[1]
    assert texts[-1].startswith(spec.notice) and spec.notice
    pictures = [s for s in deck.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    with Image.open(io.BytesIO(pictures[0].image.blob)) as image:
        assert image.size == (2000, 864)  # 12.5 x 5.4 in at 160 dpi, the slide's map area


def test_one_slide_per_period(prepared, tmp_path: Path) -> None:
    data = prepared
    out = export_small_multiples(
        _spec(),
        "pptx",
        tmp_path / "each.pptx",
        periods="2015-2018,2022-2024",
        prepared=data,
        slides="each",
    )
    deck = Presentation(str(out))
    titles = [slide.shapes[0].text_frame.text for slide in deck.slides]
    assert [t.rsplit(", ", 1)[1] for t in titles] == ["2015-2018", "2022-2024"]


def test_periods_text() -> None:
    assert periods_of("each", Period(2019, 2021)) == [Period(y, y) for y in (2019, 2020, 2021)]
    assert periods_of("2015-2018, 2022", None) == [Period(2015, 2018), Period(2022, 2022)]
    with pytest.raises(InputValidationError, match="needs the years to run through"):
        periods_of("each", None)
    with pytest.raises(InputValidationError, match="x, 2030-2020: not periods"):
        periods_of("2015,x,2030-2020", None)
    with pytest.raises(InputValidationError, match="too many"):
        periods_of("each", Period(2000, 2020))
    with pytest.raises(InputValidationError, match="not svg"):
        export_small_multiples(_spec(), "svg", Path("x.svg"), periods="2015", prepared=None)  # type: ignore[arg-type]


def test_the_indicator_table_names_its_period(prepared, tmp_path: Path) -> None:
    import csv

    from geo.export.formats import export

    spec = MapSpec(column="coverage_any", years=Period(2022, 2024))
    out = export(spec, "csv", tmp_path / "t.csv", prepared=prepared)
    lines = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    start = next(i for i, row in enumerate(lines) if row and row[0] == "level")
    assert ["Programme years 2022-2024"] in lines[:start]
    table = [dict(zip(lines[start], row, strict=True)) for row in lines[start + 1 :]]
    cauca = next(row for row in table if row["iso_3166_2"] == "CO-CAU")
    antioquia = next(row for row in table if row["iso_3166_2"] == "CO-ANT")
    # Cauca: reached in 2015 only, so none of its 2 organizations in 2022-2024;
    # Antioquia: A1 (2023) and A4 (2022, 2024) of 3, participants 6 + 5 + 7
    assert (cauca["reached_any"], cauca["coverage_any"]) == ("0", "0.0")
    assert antioquia["reached_any"] == "2"
    assert antioquia["participants"] == "18"
