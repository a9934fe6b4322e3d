"""The committed boundary layers: the 83 units, independent validation, loader errors."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo._errors import DataFileError, MissingDataError
from geo.settings import get_settings
from geo.units.boundaries import (
    SIMPLIFIED_FILE,
    load_boundaries,
    load_population,
    load_units,
)
from geo.units.validation import validate_units


@pytest.fixture(scope="module")
def full() -> gpd.GeoDataFrame:
    return load_boundaries("full")


@pytest.fixture(scope="module")
def simplified() -> gpd.GeoDataFrame:
    return load_boundaries("simplified")


def test_83_units_by_country(full: gpd.GeoDataFrame, simplified: gpd.GeoDataFrame) -> None:
    # Colombia 32 departamentos + Bogotá D.C.; Peru 23 departamentos + Callao + Lima
    # split in two; Ecuador 24 provincias.
    for layer in (full, simplified):
        assert layer["country"].value_counts().to_dict() == {"CO": 33, "PE": 26, "EC": 24}
        assert layer["iso_3166_2"].is_unique
        assert layer.crs.to_epsg() == 4326


def test_codes_are_the_official_ones(full: gpd.GeoDataFrame) -> None:
    codes = dict(zip(full["iso_3166_2"], full["national_code"], strict=True))
    # DIVIPOLA (DANE), UBIGEO (INEI), DPA (INEC), written by hand from the code lists.
    assert codes["CO-ANT"] == "05"
    assert codes["CO-DC"] == "11"
    assert codes["CO-SAP"] == "88"
    assert codes["CO-VID"] == "99"
    assert codes["PE-CAL"] == "07"
    assert codes["PE-PUN"] == "21"
    assert codes["PE-LMA"] == "1501"
    assert codes["PE-LIM"] == "15"
    assert codes["EC-P"] == "17"
    assert codes["EC-SE"] == "24"
    assert codes["EC-SD"] == "23"
    for country in ("CO", "PE", "EC"):
        assert full.loc[full["country"] == country, "national_code"].is_unique


@pytest.mark.parametrize("resolution", ["full", "simplified"])
def test_independent_validation_passes(resolution: str) -> None:
    layer = load_boundaries(resolution)  # type: ignore[arg-type]
    assert validate_units(layer, load_units()) == []


# Towns looked up by hand (decimal degrees); several sit in units whose labels are
# swapped or wrong in public copies of Natural Earth.
KNOWN_TOWNS = [
    ("Ambato", -1.2491, -78.6168, "EC-T"),
    ("Tena", -0.9938, -77.8129, "EC-N"),
    ("Juliaca", -15.5006, -70.1333, "PE-PUN"),
    ("Huancayo", -12.0651, -75.2049, "PE-JUN"),
    ("Miraflores, Lima", -12.1211, -77.0297, "PE-LMA"),
    ("Huacho", -11.1067, -77.6050, "PE-LIM"),
    ("Cañete", -13.0775, -76.3869, "PE-LIM"),
    ("Soacha", 4.5794, -74.2168, "CO-CUN"),
    ("Bogotá", 4.6110, -74.0821, "CO-DC"),
    ("Pitalito", 1.8537, -76.0511, "CO-HUI"),
    ("Tumaco", 1.8067, -78.7647, "CO-NAR"),
    ("Providencia", 13.3500, -81.3750, "CO-SAP"),
    ("Puerto Ayora", -0.7432, -90.3134, "EC-W"),
    ("Cuenca", -2.9001, -79.0059, "EC-A"),
]


@pytest.mark.parametrize("resolution", ["full", "simplified"])
def test_known_towns_fall_in_their_unit(resolution: str) -> None:
    layer = load_boundaries(resolution)  # type: ignore[arg-type]
    towns = gpd.GeoDataFrame(
        {"town": [t[0] for t in KNOWN_TOWNS], "expected": [t[3] for t in KNOWN_TOWNS]},
        geometry=gpd.points_from_xy([t[2] for t in KNOWN_TOWNS], [t[1] for t in KNOWN_TOWNS]),
        crs="EPSG:4326",
    )
    if resolution == "simplified":
        # Puerto Ayora is on the shore; the 110 m rounding of the display layer may cut it.
        towns = towns[towns["town"] != "Puerto Ayora"]
    joined = gpd.sjoin(towns, layer[["iso_3166_2", "geometry"]], predicate="within")
    assert dict(zip(joined["town"], joined["iso_3166_2"], strict=True)) == dict(
        zip(towns["town"], towns["expected"], strict=True)
    )


def test_areas_are_equal_area_km2(full: gpd.GeoDataFrame) -> None:
    # Official areas (IGAC / INEI): Antioquia 63,612 km2, Loreto 368,852 km2.
    area = dict(zip(full["iso_3166_2"], full["area_km2"], strict=True))
    assert area["CO-ANT"] == pytest.approx(63_612, rel=0.02)
    assert area["PE-LOR"] == pytest.approx(368_852, rel=0.03)


def test_simplified_layer_is_small_and_a_clean_coverage(
    full: gpd.GeoDataFrame, simplified: gpd.GeoDataFrame
) -> None:
    path = get_settings().boundaries_dir / SIMPLIFIED_FILE
    assert path.stat().st_size < 400 * 1024
    # No overlaps, shared edges identical.
    assert shapely.coverage_is_valid(simplified.geometry.values)
    # No gaps: the union has no holes and covers the same area as the full layer.
    union = shapely.union_all(simplified.geometry.values)
    assert sum(len(p.interiors) for p in getattr(union, "geoms", [union])) == 0
    full_area = shapely.union_all(full.geometry.values).area
    assert union.area == pytest.approx(full_area, rel=0.01)


def test_islands_survive_simplification(simplified: gpd.GeoDataFrame) -> None:
    by_iso = simplified.set_index("iso_3166_2").geometry
    # San Andrés and Providencia are two separate islands; Galápagos has many.
    assert len(by_iso["CO-SAP"].geoms) >= 2
    assert len(by_iso["EC-W"].geoms) >= 8
    assert by_iso["EC-W"].bounds[0] < -91  # Isabela / Fernandina, far west


def test_population_is_official_and_complete() -> None:
    pop = load_population()
    assert sorted(pop["iso_3166_2"]) == sorted(load_units()["iso_3166_2"])
    totals = pop.merge(load_units()[["iso_3166_2", "country"]]).groupby("country")["population"]
    # National totals: DANE CNPV 2018 adjusted 48,258,494; INEI Censos 2017 censada
    # 29,381,884; INEC CPV 2022 16,938,986.
    assert totals.sum().to_dict() == {"CO": 48_258_494, "EC": 16_938_986, "PE": 29_381_884}
    per_country_sources = pop.merge(load_units()[["iso_3166_2", "country"]]).groupby("country")
    assert (per_country_sources["source"].nunique() == 1).all()
    # INEI splits Lima: Provincia de Lima 8,574,974 and Región Lima 910,431.
    lima = dict(zip(pop["iso_3166_2"], pop["population"], strict=True))
    assert lima["PE-LMA"] == 8_574_974
    assert lima["PE-LIM"] == 910_431


def test_missing_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError, match=r"admin1_full\.parquet.*build_admin2\.py"):
        load_boundaries("full", directory=tmp_path)
    with pytest.raises(FileNotFoundError):
        load_units(tmp_path)


def test_corrupt_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / SIMPLIFIED_FILE).write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    with pytest.raises(DataFileError, match=r"admin1_simplified\.geojson.*could not be read"):
        load_boundaries("simplified", directory=tmp_path)
    (tmp_path / "admin1_full.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(DataFileError, match=r"admin1_full\.parquet.*build_admin2"):
        load_boundaries("full", directory=tmp_path)


def test_layer_without_required_columns_is_rejected(tmp_path: Path) -> None:
    src = get_settings().boundaries_dir / SIMPLIFIED_FILE
    layer = gpd.read_file(src).drop(columns=["national_code"])
    layer.to_file(tmp_path / SIMPLIFIED_FILE, driver="GeoJSON")
    with pytest.raises(DataFileError, match="national_code"):
        load_boundaries("simplified", directory=tmp_path)


def test_bad_resolution_is_rejected() -> None:
    with pytest.raises(ValueError, match="'full' or 'simplified'"):
        load_boundaries("medium")  # type: ignore[arg-type]


def test_validation_catches_a_swapped_label(full: gpd.GeoDataFrame, tmp_path: Path) -> None:
    # Swap Napo and Tungurahua back, as public copies have them: both checks fire.
    swapped = full.copy()
    napo = swapped.index[swapped["iso_3166_2"] == "EC-N"][0]
    tung = swapped.index[swapped["iso_3166_2"] == "EC-T"][0]
    swapped.loc[[napo, tung], "iso_3166_2"] = ["EC-T", "EC-N"]
    problems = validate_units(swapped, load_units())
    assert any("EC-N" in p and "Tena" in p for p in problems)
    assert any("EC-T" in p and "area" in p for p in problems)


def test_units_table_is_consistent_with_layers(full: gpd.GeoDataFrame) -> None:
    units = load_units()
    pd.testing.assert_series_equal(
        units.sort_values("iso_3166_2")["name"].reset_index(drop=True),
        full["name"].reset_index(drop=True),
    )
