"""The change map as a file: which unit gets which class, drawn and written, and the command line.

The organizations and programme rows of ``tests/test_periods.py``; periods
before = 2015-2018 and since = 2022-2024. Worked out there by hand:

    level 1   reached 2015-18   reached 2022-24   class
    CO-ANT    A1, A2            A1, A4            both    (Okabe & Ito blue   #0072B2)
    CO-CAU    C1                none              lapsed  (Okabe & Ito orange #E69F00)
    CO-BOY    no organization   no organization   never   (pale yellow        #F6EBB1)
    PE, EC    outside the filter (countries: CO)  -       (white #ffffff)

    level 2   05001 both, 05002 lapsed, 05004 new (#009E73), 19100 lapsed, 19110 never

With ``--target My.Coop`` only My.Coop rows count: A1 2016 and A4 2022, 2024, so
Antioquia is "both" and Cauca (Think.Coop 2015; My.Coop without a year) "never".
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from coopatlas.cli import main
from geo._errors import InputValidationError
from geo.export.change_map import ChangeSpec, compute_change, write_change_map
from geo.export.formats import export_change_map
from geo.export.static_map import render_map, save_map
from geo.i18n import Lang
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MapSpec
from geo.indicators.periods import Period
from geo.indicators.prepared import prepare
from tests.test_export_map import close_to, rgb_at
from tests.test_periods import _prepared, tables

BEFORE, SINCE = Period(2015, 2018), Period(2022, 2024)
NEW, BOTH, LAPSED, NEVER = (0, 158, 115), (0, 114, 178), (230, 159, 0), (246, 235, 177)


@pytest.fixture(scope="module")
def prepared():
    return prepare(*tables())  # the fixture's organizations on the committed 83 units


def _change(lang: Lang = "en", **options) -> ChangeSpec:
    spec = MapSpec(filters=Filters(countries=("CO",)), synthetic=True, lang=lang, years=SINCE,
                   source="Fixture registry", **options)  # fmt: skip
    return ChangeSpec.of(spec, BEFORE)


def _classes(spec: ChangeSpec, prepared) -> dict[str, int]:
    table, classes = compute_change(spec, prepared)
    return dict(zip(table["unit_id"], classes.classes.tolist(), strict=True))


def test_which_unit_gets_which_class_at_both_levels(prepared) -> None:
    level1 = _classes(_change(), prepared)
    # class i is CHANGE_CLASSES[i]: 0 new, 1 both, 2 lapsed, 3 never; -1 outside
    assert (level1["CO-ANT"], level1["CO-CAU"], level1["CO-BOY"]) == (1, 2, 3)
    assert level1["PE-CUS"] == -1
    level2 = _classes(_change(level=2, parent="CO"), _prepared())
    assert level2 == {"CO-05001": 1, "CO-05002": 2, "CO-05004": 0, "CO-19100": 2, "CO-19110": 3}
    targeted = _classes(_change(coverage_programme="my_coop"), prepared)
    assert (targeted["CO-ANT"], targeted["CO-CAU"]) == (1, 3)


def test_titled_for_both_periods_and_the_filter_with_its_own_legend(prepared) -> None:
    spec = _change()
    assert spec.title == "Change in programme reach, 2015-2018 to 2022-2024 — Colombia"
    assert spec.subtitle == "Countries: Colombia"
    assert spec.notice == "Synthetic demo data"
    assert "Source: Fixture registry" in spec.footer
    _, classes = compute_change(spec, prepared)
    assert classes.legend() == [
        ("Reached for the first time", "#009E73"),
        ("Reached in both periods", "#0072B2"),
        ("Reached before, not since", "#E69F00"),
        ("Never reached", "#F6EBB1"),
        ("no data", "#d9d9d9"),
    ]
    es = _change("es", coverage_programme="my_coop")
    assert es.title == "Cambio en el alcance de los programas, 2015-2018 a 2022-2024 — Colombia"
    assert es.subtitle == "Países: Colombia · Alcance de My.Coop"
    assert compute_change(es, prepared)[1].labels[0] == "Alcanzada por primera vez"


def test_the_png_shows_each_class(prepared, tmp_path: Path) -> None:
    spec = _change()
    table, classes = compute_change(spec, prepared)
    fig = render_map(spec, table, classes)
    path = save_map(fig, tmp_path / "change.png", close=False)
    with Image.open(path) as file:
        image = file.convert("RGB")
        assert image.size == (1920, 1080)
        assert close_to(rgb_at(image, fig, -75.3, 7.3), BOTH)  # Antioquia
        assert close_to(rgb_at(image, fig, -76.6, 2.2), LAPSED)  # Cauca
        assert close_to(rgb_at(image, fig, -72.6, 5.9), NEVER)  # Boyacá
    texts = [t.get_text() for t in fig.texts]
    assert any(t.startswith("Change in programme reach, 2015-2018 to 2022-2024") for t in texts)
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()][:4] == [
        "Reached for the first time", "Reached in both periods", "Reached before, not since",
        "Never reached",
    ]  # fmt: skip


def test_pdf_and_slide(prepared, tmp_path: Path) -> None:
    from pptx import Presentation

    spec = MapSpec(filters=Filters(countries=("CO",)), synthetic=True, years=SINCE)
    pdf = export_change_map(spec, "pdf", tmp_path / "c.pdf", before=BEFORE, prepared=prepared)
    assert pdf.read_bytes().startswith(b"%PDF")
    deck = export_change_map(spec, "pptx", tmp_path / "c.pptx", before=BEFORE, prepared=prepared)
    texts = [s.text_frame.text for s in Presentation(str(deck)).slides[0].shapes
             if s.has_text_frame]  # fmt: skip
    assert texts[0] == "Change in programme reach, 2015-2018 to 2022-2024 — Colombia"
    assert "Synthetic demo data" in texts
    # Beside the map, the units per class (Colombia's 33 departments: Antioquia both,
    # Cauca lapsed, the other 31 never; none new) instead of the priority table.
    shapes = {s.name: s for s in Presentation(str(deck)).slides[0].shapes}
    assert "Priority table" not in shapes
    grid = shapes["Change table"].table
    cells = [[grid.cell(r, c).text for c in range(2)] for r in range(len(grid.rows))]
    assert cells == [
        ["Change", "Units"],
        ["Reached for the first time", "0"],
        ["Reached in both periods", "1"],
        ["Reached before, not since", "1"],
        ["Never reached", "31"],
    ]


def test_refuses_what_is_not_a_change(prepared, tmp_path: Path) -> None:
    with pytest.raises(InputValidationError, match="needs two periods"):
        ChangeSpec.of(MapSpec(), BEFORE)
    with pytest.raises(InputValidationError, match="must end before the years 2017-2019"):
        ChangeSpec.of(MapSpec(years=Period(2017, 2019)), BEFORE)
    with pytest.raises(InputValidationError, match="not html"):
        write_change_map(_change(), prepared, tmp_path / "c.html", fmt="html")
    assert not list(tmp_path.iterdir())


def test_command_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "change"
    code = main(["export", "--years", "2022-2025", "--before", "2015-2018", "--lang", "es",
                 "--format", "png", "--out", str(out)])  # fmt: skip
    assert code == 0
    with Image.open(tmp_path / "change.png") as image:
        assert image.size == (1920, 1080)
        assert image.info.get("Title", "").startswith("Cambio en el alcance de los programas")
    code = main(["export", "--years", "2022-2025", "--before", "2015-2018",
                 "--format", "png", "html", "--out", str(out)])  # fmt: skip
    assert code != 0
    assert "the change is written as png, svg, pdf, pptx, csv, xlsx, not html" in (
        capsys.readouterr().err
    )


def test_the_change_table(prepared, tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook

    spec = MapSpec(filters=Filters(countries=("CO",)), synthetic=True, years=SINCE)
    out = export_change_map(spec, "csv", tmp_path / "c.csv", before=BEFORE, prepared=prepared)
    lines = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert lines[0] == ["Change in programme reach, 2015-2018 to 2022-2024 — Colombia"]
    assert ["Synthetic demo data"] in lines
    start = lines.index([]) + 1
    assert lines[start] == ["Code", "Unit", "Change", "Organizations reached, 2015-2018",
                            "Organizations reached, 2022-2024"]  # fmt: skip
    rows = lines[start + 1 :]
    # both, lapsed, then the 31 other Colombian departments (no organization): never;
    # Peru and Ecuador are outside the filter and not listed
    assert rows[0] == ["CO-ANT", "Antioquia", "Reached in both periods", "2", "2"]
    assert rows[1] == ["CO-CAU", "Cauca", "Reached before, not since", "1", "0"]
    assert len(rows) == 33
    assert {r[2] for r in rows[2:]} == {"Never reached"}
    xlsx = export_change_map(
        replace(spec, lang="es"), "xlsx", tmp_path / "c.xlsx", before=BEFORE, prepared=prepared
    )
    sheet = load_workbook(xlsx, read_only=True)["change"]
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "CO-CAU"]
    assert values == [("CO-CAU", "Cauca", "Alcanzada antes, no después", 1, 0)]


def test_the_dashboard_exports_the_change_map_it_shows(prepared, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from dashboard.logic import export_file
    from geo.indicators.view import View

    data = SimpleNamespace(prepared=prepared, report={}, is_demo=True, organizations=None,
                           source=None, weights=None)  # fmt: skip
    view = View(filters=Filters(countries=("CO",)), years=SINCE, before=BEFORE)
    path = export_file(data, view, "png", tmp_path)
    assert path.name == "coopatlas-change-co.png"
    with Image.open(path) as image:
        assert image.info["Title"] == "Change in programme reach, 2015-2018 to 2022-2024 — Colombia"
    table = export_file(data, view, "csv", tmp_path)  # data: the view of the later period
    assert table.name == f"coopatlas-{view.column}-co.csv"
