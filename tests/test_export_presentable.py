"""Level-2 maps as presentable as level-1 maps: open what was written and measure it.

The views are the ones a ministry is shown: the municipalities of Antioquia, the
cantons of Ecuador (with Galápagos), the provinces of Peru, and a slide whose map
is wide and short. Tables are made by hand: ``orgs`` is 10 in Galápagos' three
cantons (EC-2001 San Cristóbal, EC-2002 Isabela, EC-2003 Santa Cruz) and 1
everywhere else. Equal intervals, k=2, over 1..10: bins [1, 5.5] and (5.5, 10],
so Galápagos is the last colour of ColorBrewer's 3-class YlGnBu, #2c7fb8, and
every other unit the first, #edf8b1 (as in tests/test_export_map.py).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PIL import Image
from pptx import Presentation
from shapely.ops import polylabel

from geo.export.deck import map_panel, write_deck
from geo.export.map_layer import MAP_CRS
from geo.export.static_map import map_pixel, render_map, save_map
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import Classification
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MapSpec
from geo.units.boundaries import load_children, load_units

DAY = dt.date(2025, 3, 1)
SVG = "{http://www.w3.org/2000/svg}"
LIGHT, DARK = (237, 248, 177), (44, 127, 184)
CONTEXT = (240, 240, 240)  # geo.export.map_style.CONTEXT_FILL, #f0f0f0
GALAPAGOS = ("EC-2001", "EC-2002", "EC-2003")
PAD = 0.02  # geo.export.map_layer: 2 % of the parent's width and height on each side


def children_table(parent: str) -> pd.DataFrame:
    units = load_children(parent)
    iso = units["unit_id"].astype(str)
    orgs = [10 if code in GALAPAGOS else 1 for code in iso]
    return pd.DataFrame(
        {
            "unit_id": iso,
            "country": units["country"].astype(str),
            "name": units["name"].astype(str),
            "parent_id": units["parent_id"].astype(str),
            "in_scope": True,
            "orgs": orgs,
            "priority_score": [float(v) for v in orgs],
            "priority_rank": pd.Series(orgs).rank(ascending=False, method="first").astype(int),
        }
    )


def view(parent: str, **kw: object) -> tuple[MapSpec, pd.DataFrame, Classification]:
    spec = MapSpec(
        column="orgs",
        level=2,
        parent=parent,
        scheme="equal_interval",
        k=2,
        date=DAY,
        source="Test registry",
        **kw,  # type: ignore[arg-type]
    )
    table = children_table(parent)
    classes = classify_indicator(table, "orgs", scheme="equal_interval", k=2, lang=spec.lang)
    return spec, table, classes


def main_axes(fig: Figure, panel: str = "main") -> Axes:
    return next(ax for ax in fig.axes if ax.get_label() == f"map:{panel}")


def projected_bounds(parent: str, *, without: tuple[str, ...] = ()) -> np.ndarray:
    units = load_children(parent)
    units = units[~units["unit_id"].isin(without)]
    return np.asarray(units.to_crs(MAP_CRS).total_bounds)


def pixels(png: Path, fig: Figure, panel: str) -> np.ndarray:
    """The RGB pixels of a panel of the saved PNG (inside its frame)."""
    image = np.asarray(Image.open(png).convert("RGB"))
    bb = main_axes(fig, panel).get_window_extent()
    height = image.shape[0]
    rows = slice(int(height - bb.y1) + 3, int(height - bb.y0) - 3)
    return image[rows, int(bb.x0) + 3 : int(bb.x1) - 3]


def count(region: np.ndarray, colour: tuple[int, int, int]) -> int:
    return int((np.abs(region.astype(int) - colour).sum(axis=2) <= 6).sum())


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def ecuador(tmp_path_factory: pytest.TempPathFactory) -> tuple[Figure, Path, Path]:
    spec, table, classes = view("EC")
    fig = render_map(spec, table, classes)
    folder = tmp_path_factory.mktemp("ec")
    png = save_map(fig, folder / "ec.png", close=False)
    svg = save_map(fig, folder / "ec.svg", close=False)
    return fig, png, svg


@pytest.fixture(scope="module")
def antioquia(tmp_path_factory: pytest.TempPathFactory) -> tuple[Figure, Path, Path]:
    spec, table, classes = view("CO-ANT", lang="es")
    fig = render_map(spec, table, classes)
    folder = tmp_path_factory.mktemp("ant")
    png = save_map(fig, folder / "ant.png", close=False)
    svg = save_map(fig, folder / "ant.svg", close=False)
    return fig, png, svg


# ---------------------------------------------------------------------------- axis titles


def test_no_axis_titles_at_either_level(
    ecuador: tuple[Figure, Path, Path], antioquia: tuple[Figure, Path, Path], tmp_path: Path
) -> None:
    spec = MapSpec(extent="EC", date=DAY)
    units = load_units()
    table = pd.DataFrame(
        {
            "unit_id": units["iso_3166_2"],
            "iso_3166_2": units["iso_3166_2"],
            "country": units["country"],
            "name": units["name"],
            "in_scope": True,
            "orgs": 2,
            "orgs_per_100k": 1.0,
        }
    )
    classes = classify_indicator(table, "orgs_per_100k", scheme="quantiles", k=5, lang="en")
    level1 = render_map(spec, table, classes)
    level1_svg = save_map(level1, tmp_path / "l1.svg", close=False)
    for fig, svg in ((ecuador[0], ecuador[2]), (antioquia[0], antioquia[2]), (level1, level1_svg)):
        assert [(ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes] == [("", "")] * len(fig.axes)
        words = " ".join(svg_texts(svg))
        assert "Easting" not in words and "Northing" not in words and "metre" not in words


# ---------------------------------------------------------------------------- framing


def test_the_parent_fills_the_main_map(antioquia: tuple[Figure, Path, Path]) -> None:
    fig = antioquia[0]
    ax = main_axes(fig)
    x0, y0, x1, y1 = projected_bounds("CO-ANT")
    assert ax.get_xlim() == pytest.approx((x0 - PAD * (x1 - x0), x1 + PAD * (x1 - x0)))
    assert ax.get_ylim() == pytest.approx((y0 - PAD * (y1 - y0), y1 + PAD * (y1 - y0)))
    # the map takes the height between the header and the footer: most of the slide
    assert ax.get_position().height > 0.7


def test_ecuador_frames_the_mainland_and_galapagos_only_in_its_inset(
    ecuador: tuple[Figure, Path, Path],
) -> None:
    fig, png, _ = ecuador
    ax = main_axes(fig)
    x0, y0, x1, y1 = projected_bounds("EC", without=GALAPAGOS)
    assert ax.get_xlim() == pytest.approx((x0 - PAD * (x1 - x0), x1 + PAD * (x1 - x0)))
    assert ax.get_ylim() == pytest.approx((y0 - PAD * (y1 - y0), y1 + PAD * (y1 - y0)))
    assert ax.get_position().height > 0.7
    # Galápagos (the only dark units) is never drawn on the main map, and is in its box
    assert count(pixels(png, fig, "main"), DARK) == 0
    assert count(pixels(png, fig, "main"), LIGHT) > 10_000
    assert count(pixels(png, fig, "EC-W"), DARK) > 500
    isabela = load_children("EC").set_index("unit_id").geometry["EC-2002"]
    part = max(isabela.geoms, key=lambda g: g.area) if hasattr(isabela, "geoms") else isabela
    point = polylabel(part, tolerance=0.001)
    x, y = map_pixel(fig, point.x, point.y, panel="EC-W")
    assert Image.open(png).convert("RGB").getpixel((round(x), round(y))) == DARK


# ---------------------------------------------------------------------------- context


def test_level2_maps_show_neighbours_and_capitals(
    ecuador: tuple[Figure, Path, Path], antioquia: tuple[Figure, Path, Path]
) -> None:
    fig, png, svg = antioquia
    texts = svg_texts(svg)
    # the parent's capital, and the departments around Antioquia named on their grey
    assert "Medellín" in texts
    assert {"Chocó", "Córdoba", "Santander"} <= set(texts)
    assert [a.get_gid() for a in main_axes(fig).lines].count("capital") >= 1
    region = pixels(png, fig, "main")
    assert count(region, CONTEXT) > 0.05 * region.shape[0] * region.shape[1]
    fig, png, svg = ecuador
    assert "Quito" in svg_texts(svg)
    assert {"COLOMBIA", "PERU"} <= set(svg_texts(svg))
    region = pixels(png, fig, "main")
    assert count(region, CONTEXT) > 0.05 * region.shape[0] * region.shape[1]


@pytest.mark.parametrize(("lang", "brazil"), [("en", "BRAZIL"), ("es", "BRASIL")])
def test_neighbouring_countries_are_named_in_the_language(
    lang: str, brazil: str, tmp_path: Path
) -> None:
    spec, table, classes = view("PE", lang=lang)
    svg = save_map(render_map(spec, table, classes), tmp_path / "pe.svg")
    texts = svg_texts(svg)
    assert brazil in texts and "Lima" in texts


# ---------------------------------------------------------------------------- slides


def _extent(fig: Figure, gid: str) -> Bbox:
    if gid == "legend":
        return next(lg for lg in fig.legends if lg.get_gid() == gid).get_window_extent()
    if gid == "scale-bar":
        bar = next(a for ax in fig.axes for a in ax.artists if a.get_gid() == gid)
        return bar.info.window_extent  # type: ignore[attr-defined]
    return next(t for t in fig.texts if t.get_gid() == gid).get_window_extent()


def _wide_view() -> tuple[MapSpec, pd.DataFrame, Classification]:
    """Nariño and Vichada: a map twice as wide as tall, under a nine-class legend."""
    units = load_units()
    table = pd.DataFrame(
        {
            "unit_id": units["iso_3166_2"],
            "iso_3166_2": units["iso_3166_2"],
            "country": units["country"],
            "name": units["name"],
            "in_scope": True,
            "orgs": 2,
            "orgs_per_100k": np.arange(len(units), dtype=float),
            "priority_score": 50.0,
            "priority_rank": np.arange(1, len(units) + 1),
        }
    )
    spec = MapSpec(
        extent="CO", filters=Filters(units=("CO-NAR", "CO-VID")), scheme="equal_interval", k=9
    )
    classes = classify_indicator(table, "orgs_per_100k", scheme="equal_interval", k=9, lang="en")
    return spec, table, classes


@pytest.mark.parametrize("which", ["wide", "ecuador"])
def test_slide_scale_bar_stays_clear_of_the_legend(which: str, tmp_path: Path) -> None:
    spec, table, classes = _wide_view() if which == "wide" else view("EC", lang="es")
    path = write_deck([(spec, table, classes)], tmp_path / "deck.pptx")
    picture = next(s for s in Presentation(str(path)).slides[0].shapes if s.name == "Map")
    width, height = picture.width / 914400, picture.height / 914400  # EMU per inch
    fig = map_panel(spec, table, classes, width=width, height=height)
    # the same panel as the slide's picture (its size in EMU is rounded: within a pixel)
    assert np.allclose(picture.image.size, (fig.bbox.width, fig.bbox.height), atol=1.0)
    fig.canvas.draw()
    legend = _extent(fig, "legend")
    for part in ("scale-bar", "scale-note"):
        assert not legend.overlaps(_extent(fig, part)), part
    assert _extent(fig, "scale-bar").y0 > 0  # still on the picture


# ---------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("types", "lang", "title"),
    [
        (("cooperative",), "en", "Organizations (cooperatives) — Municipalities of Cauca"),
        (("cooperative",), "es", "Organizaciones (cooperativas) — Municipios de Cauca"),
        (
            ("cooperative", "pre_cooperative"),
            "en",
            "Organizations (cooperatives and pre-cooperatives) — Municipalities of Cauca",
        ),
        (
            ("cooperative", "pre_cooperative", "other_sse", "producer_association"),
            "es",
            "Organizaciones (4 tipos) — Municipios de Cauca",
        ),
    ],
)
def test_titles_name_the_type_filter(
    types: tuple[str, ...], lang: str, title: str, tmp_path: Path
) -> None:
    spec, table, classes = view("CO-CAU", lang=lang, filters=Filters(org_types=types))
    svg = save_map(render_map(spec, table, classes), tmp_path / "cau.svg")
    written = ET.parse(svg).getroot().find(f"{SVG}title")
    assert written is not None and written.text == title
    deck = write_deck([(spec, table, classes)], tmp_path / "cau.pptx")
    slide_title = Presentation(str(deck)).slides[0].shapes.title
    assert slide_title is not None and slide_title.text_frame.text == title
