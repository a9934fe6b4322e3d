"""Static map export: open what was written (PNG pixels, SVG text, PDF pages) and check it."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from shapely.ops import polylabel

from geo._errors import InputValidationError
from geo.export.map_layout import legend_entries
from geo.export.map_scalebar import web_mercator_scale
from geo.export.static_map import map_pixel, render_map, save_map
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import Classification
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MapSpec
from geo.units.boundaries import load_boundaries, load_units

DAY = dt.date(2025, 3, 1)
SVG = "{http://www.w3.org/2000/svg}"

# ---------------------------------------------------------------------------- fixture
#
# The 83 committed units. orgs_per_100k is 10.0 in Meta (CO-MET) and Loreto
# (PE-LOR), 1.0 elsewhere; Cusco (PE-CUS) is out of the filters' scope: drawn white,
# "outside the filter", so no unit is drawn grey and the key has no "no data" row.
# Equal intervals, k=2, over the 82 values in scope: min 1, max 10, width
# (10 - 1) / 2 = 4.5, bins [5.5, 10]:
#   1.0 -> class 0, ColorBrewer YlGnBu 3-class first colour  #edf8b1 (237, 248, 177)
#   10.0 -> class 1, YlGnBu 3-class last colour              #2c7fb8 (44, 127, 184)
#   Cusco -> outside the filter                              #ffffff (255, 255, 255)
#   a unit in scope without a value would be no data         #d9d9d9 (217, 217, 217)
# Legend labels (1 decimal, unit "per 100,000 inhabitants" named by the legend
# title so not repeated): "1.0 – 5.5", "5.5 – 10.0", then "outside the filter" on the
# map of the three countries (Cusco is on it), nothing more on Colombia's;
# Spanish: "1,0 – 5,5", "5,5 – 10,0".
LIGHT, DARK, NO_DATA = (237, 248, 177), (44, 127, 184), (217, 217, 217)
OUTSIDE = (255, 255, 255)  # geo.export.map_style.OUTSIDE_FILL
HIGH = ("CO-MET", "PE-LOR")
TITLE_EN = "Organizations per 100,000 inhabitants — Colombia, Peru and Ecuador"
TITLE_ES = "Organizaciones por 100.000 habitantes — Colombia"


def unit_table(*, orgs: int = 2) -> pd.DataFrame:
    units = load_units()
    iso = units["iso_3166_2"].astype(str)
    return pd.DataFrame(
        {
            "unit_id": iso,
            "iso_3166_2": iso,
            "country": units["country"].astype(str),
            "name": units["name"].astype(str),
            "in_scope": iso != "PE-CUS",
            "orgs": orgs,
            "orgs_per_100k": [10.0 if code in HIGH else 1.0 for code in iso],
        }
    )


def view(**kw: Any) -> tuple[MapSpec, pd.DataFrame, Classification]:
    spec = MapSpec(scheme="equal_interval", k=2, date=DAY, source="Test registry", **kw)
    table = unit_table()
    classes = classify_indicator(
        table, "orgs_per_100k", scheme="equal_interval", k=2, lang=spec.lang
    )
    return spec, table, classes


@pytest.fixture(scope="module")
def all_fig() -> Figure:
    spec, table, classes = view()
    return render_map(spec, table, classes)


@pytest.fixture(scope="module")
def co_es_fig() -> Figure:
    spec, table, classes = view(lang="es", extent="CO", selected="CO-MET")
    return render_map(spec, table, classes)


def png_pixels(fig: Figure, tmp_path: Path) -> Image.Image:
    path = save_map(fig, tmp_path / "map.png", close=False)
    return Image.open(path).convert("RGB")


def rgb_at(image: Image.Image, fig: Figure, lon: float, lat: float, panel: str = "main"):
    x, y = map_pixel(fig, lon, lat, panel=panel)
    assert not under_text(fig, x, y), "the probe point is under a label; pick another"
    return image.getpixel((round(x), round(y)))


def under_text(fig: Figure, x: float, y: float) -> bool:
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # the backend the exports draw with
    renderer = canvas.get_renderer()
    row = fig.bbox.height - y  # window coordinates count from the bottom
    texts = [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]
    return any(t.get_window_extent(renderer).contains(x, row) for t in texts)


def close_to(actual, expected, tol: int = 2) -> bool:
    return all(abs(a - e) <= tol for a, e in zip(actual[:3], expected, strict=True))


def svg_texts(path: Path, group: str | None = None) -> list[str]:
    root = ET.parse(path).getroot()
    if group is not None:
        matches = [g for g in root.iter(f"{SVG}g") if g.get("id") == group]
        assert len(matches) == 1
        root = matches[0]
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


# ---------------------------------------------------------------------------- PNG


def test_slide_png_is_1920_by_1080(all_fig: Figure, tmp_path: Path) -> None:
    with Image.open(save_map(all_fig, tmp_path / "slide.png", close=False)) as image:
        assert image.format == "PNG"
        assert image.size == (1920, 1080)


def test_a4_png_is_3508_by_2480_at_300_dpi(tmp_path: Path) -> None:
    # 297 mm / 25.4 * 300 = 3507.87 -> 3508 px; 210 mm / 25.4 * 300 = 2480.31 -> 2480 px
    spec, table, classes = view(extent="EC")
    path = save_map(render_map(spec, table, classes, size="a4"), tmp_path / "a4.png")
    with Image.open(path) as image:
        assert image.size == (3508, 2480)
        dpi_x, dpi_y = image.info["dpi"]  # PNG stores pixels per metre: 11811 -> 299.9994
    assert dpi_x == pytest.approx(300, abs=0.05)
    assert dpi_y == pytest.approx(300, abs=0.05)


def test_unit_fills_have_their_class_colour(all_fig: Figure, tmp_path: Path) -> None:
    image = png_pixels(all_fig, tmp_path)
    # Loreto 10.0 -> dark class; Ucayali (-73.5, -9.5) 1.0 -> light;
    # Cusco (Sicuani, -71.3, -14.1) outside the filter -> white with an outline, not grey
    assert close_to(rgb_at(image, all_fig, -74.5, -4.5), DARK)
    assert close_to(rgb_at(image, all_fig, -73.5, -9.5), LIGHT)
    assert close_to(rgb_at(image, all_fig, -71.3, -14.1), OUTSIDE)
    assert not close_to(rgb_at(image, all_fig, -71.3, -14.1), NO_DATA)
    # the map's background (the Pacific) stays white
    assert close_to(rgb_at(image, all_fig, -80.5, -10.0), (255, 255, 255))


def test_selected_unit_keeps_its_colour_and_neighbours_are_context(
    co_es_fig: Figure, tmp_path: Path
) -> None:
    image = png_pixels(co_es_fig, tmp_path)
    # Meta 10.0 -> dark; the Colombian map has no "COLOMBIA" label over it
    assert close_to(rgb_at(image, co_es_fig, -72.5, 3.4), DARK)
    # Ecuador (Morona Santiago, -78.0, -2.5) is context on a map of Colombia: a neutral
    # grey lighter than "no data" and darker than the white sea, not a class colour
    r, g, b = rgb_at(image, co_es_fig, -78.0, -2.5)
    assert r == g == b
    assert NO_DATA[0] < r < 255


def test_island_insets_show_their_unit(all_fig: Figure, tmp_path: Path) -> None:
    image = png_pixels(all_fig, tmp_path)
    islands = load_boundaries("simplified").set_index("iso_3166_2").geometry
    for code in ("EC-W", "CO-SAP"):
        largest = max(islands[code].geoms, key=lambda g: g.area)
        p = polylabel(largest, tolerance=0.001)  # deepest point of the largest island
        assert close_to(rgb_at(image, all_fig, p.x, p.y, panel=code), LIGHT), code
    with pytest.raises(InputValidationError, match="no map panel 'PE-LOR'"):
        map_pixel(all_fig, -74.5, -4.5, panel="PE-LOR")


def test_web_mercator_scale() -> None:
    # equator: sqrt(1 - 0) / cos 0 = 1; 60°: sqrt(1 - 0.00669438 * 0.75) / 0.5 = 1.99497
    assert web_mercator_scale(0.0) == pytest.approx(1.0)
    assert web_mercator_scale(60.0) == pytest.approx(1.99497, abs=1e-5)


# ---------------------------------------------------------------------------- SVG / PDF


def test_svg_keeps_text_with_title_and_legend(all_fig: Figure, tmp_path: Path) -> None:
    path = save_map(all_fig, tmp_path / "map.svg", close=False)
    texts = svg_texts(path)
    assert TITLE_EN in texts
    assert "All organizations" in texts
    footer = " ".join(t for t in texts if t.startswith("Source:"))
    assert "Source: Test registry; boundaries: DANE MGN 2020" in footer
    legend = svg_texts(path, "legend")
    # title wrapped over two lines, one label per class, "outside the filter" (Cusco);
    # no unit is drawn without a value: no "no data" row
    assert " ".join(legend[:-3]) == "Organizations per 100,000 inhabitants"
    assert legend[-3:] == ["1.0 – 5.5", "5.5 – 10.0", "outside the filter"]
    # country labels are text too (their white halo is a separate outline)
    assert {"COLOMBIA", "PERU", "ECUADOR"} <= set(texts)
    assert "Galápagos (EC)" in texts


def test_legend_entries_drop_a_unit_the_title_names() -> None:
    spec, _, classes = view()
    assert legend_entries(spec, classes) == [
        ("1.0 – 5.5", "#edf8b1"),
        ("5.5 – 10.0", "#2c7fb8"),
        ("no data", "#d9d9d9"),
    ]
    assert legend_entries(spec, classes, empty=True) == [("no data", "#d9d9d9")]


def test_legend_entries_name_only_what_the_map_draws() -> None:
    spec, _, classes = view()
    light, dark, grey, white = "#edf8b1", "#2c7fb8", "#d9d9d9", "#ffffff"
    rows = [("1.0 – 5.5", light), ("5.5 – 10.0", dark)]
    # every class is kept (the key is the scale); "no data" and "outside" when drawn
    assert legend_entries(spec, classes, drawn={light}) == rows
    assert legend_entries(spec, classes, drawn={light, grey}) == [*rows, ("no data", grey)]
    assert legend_entries(spec, classes, drawn={dark, white}) == [
        *rows,
        ("outside the filter", white),
    ]
    # nothing counted: "no data" alone, then "outside" if drawn
    assert legend_entries(spec, classes, empty=True, drawn={grey, white}) == [
        ("no data", grey),
        ("outside the filter", white),
    ]


def test_pdf_has_one_page(all_fig: Figure, tmp_path: Path) -> None:
    data = save_map(all_fig, tmp_path / "map.pdf", close=False).read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1
    assert re.findall(rb"/Count\s+(\d+)", data) == [b"1"]


def test_spanish_labels(co_es_fig: Figure, tmp_path: Path) -> None:
    path = save_map(co_es_fig, tmp_path / "mapa.svg", close=False)
    texts = svg_texts(path)
    assert TITLE_ES in texts
    assert "Todas las organizaciones" in texts
    assert "Proyección Web Mercator (EPSG:3857)" in texts
    assert "Meta" in texts  # the selected unit is named
    assert {"ECUADOR", "PERÚ"} <= set(texts)
    assert "COLOMBIA" not in texts  # the title names the country of a national map
    legend = svg_texts(path, "legend")
    assert legend[-2:] == ["1,0 – 5,5", "5,5 – 10,0"]  # every Colombian unit has a value
    assert "sin datos" not in legend
    assert any(t.startswith("Escala a ") for t in texts)
    assert any("límites: DANE MGN 2020" in t for t in texts)


# ---------------------------------------------------------------------------- nothing matches


def test_filters_matching_nothing_give_a_grey_map_with_a_message(tmp_path: Path) -> None:
    table = unit_table(orgs=0).assign(orgs_per_100k=0.0)
    spec = MapSpec(extent="EC", filters=Filters(sectors=("coffee",)), date=DAY)
    classes = classify_indicator(table, "orgs_per_100k")
    fig = render_map(spec, table, classes)
    svg = save_map(fig, tmp_path / "empty.svg", close=False)
    png = save_map(fig, tmp_path / "empty.png", close=False)
    image = Image.open(png).convert("RGB")
    assert image.size == (1920, 1080)
    # Esmeraldas (-79.3, 0.8), far above the centred message: 1.0 would be a class
    # colour, but with nothing counted every unit is "no data"
    assert close_to(rgb_at(image, fig, -79.3, 0.8), NO_DATA)
    # one <text> per line; the wording of the dashboard and the other exports
    assert "No organization matches the filters" in " ".join(svg_texts(svg))
    assert svg_texts(svg, "legend")[-1:] == ["no data"]


# ---------------------------------------------------------------------------- saving


def test_failing_save_leaves_no_file(
    all_fig: Figure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "old.png"
    existing.write_bytes(b"previous export")

    def broken(self: Figure, fname: str | Path, *args: object, **kwargs: object) -> None:
        Path(fname).write_bytes(b"half a PNG")  # a partial write, then the failure
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(OSError, match="disk full"):
        save_map(all_fig, tmp_path / "new.png", close=False)
    with pytest.raises(OSError, match="disk full"):
        save_map(all_fig, existing, close=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.png"]
    assert existing.read_bytes() == b"previous export"


def test_unknown_format_lists_the_valid_ones(all_fig: Figure, tmp_path: Path) -> None:
    with pytest.raises(InputValidationError, match="png, svg, pdf") as info:
        save_map(all_fig, tmp_path / "map.gif", close=False)
    assert "'map.gif'" in str(info.value)
    with pytest.raises(InputValidationError, match="png, svg, pdf"):
        save_map(all_fig, tmp_path / "map.png", fmt="jpeg", close=False)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_explicit_format_overrides_the_suffix(all_fig: Figure, tmp_path: Path) -> None:
    path = save_map(all_fig, tmp_path / "map.bin", fmt="pdf", close=False)
    assert path.read_bytes().startswith(b"%PDF")


def test_bad_inputs_are_listed_together() -> None:
    spec, table, classes = view()
    with pytest.raises(InputValidationError) as info:
        render_map(spec, table.drop(columns=["orgs"]).head(3), classes, size="a3")  # type: ignore[arg-type]
    problems = info.value.problems
    assert any("lacks columns ['orgs']" in p for p in problems)
    assert any("83 values but the table 3 rows" in p for p in problems)
    assert any("size must be one of slide, a4; got 'a3'" in p for p in problems)
