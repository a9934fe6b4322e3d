"""The committed level-2 layer (municipios, provincias, cantones) and its tie to level 1."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo._errors import MissingDataError
from geo.settings import get_settings
from geo.units.boundaries import (
    ADMIN2_COLUMNS,
    ADMIN2_SIMPLIFIED_FILE,
    load_admin2_units,
    load_boundaries,
    load_units,
)
from geo.units.validation import validate_units
from geo.units.validation_admin2 import validate_admin2


@pytest.fixture(scope="module")
def full2() -> gpd.GeoDataFrame:
    return load_boundaries("full", level=2)


@pytest.fixture(scope="module")
def simple2() -> gpd.GeoDataFrame:
    return load_boundaries("simplified", level=2)


@pytest.fixture(scope="module")
def full1() -> gpd.GeoDataFrame:
    return load_boundaries("full")


@pytest.fixture(scope="module")
def units2() -> pd.DataFrame:
    return load_admin2_units()


def test_both_levels_pass_validation(
    full1: gpd.GeoDataFrame,
    full2: gpd.GeoDataFrame,
    simple2: gpd.GeoDataFrame,
    units2: pd.DataFrame,
) -> None:
    assert validate_units(full1, load_units()) == []
    assert validate_admin2(full2, units2, full1) == []
    # The display layer's coasts are generalised: towns may be a few hundred metres off.
    assert validate_admin2(simple2, units2, town_tolerance_m=500) == []


def test_counts_per_country(full2: gpd.GeoDataFrame, simple2: gpd.GeoDataFrame) -> None:
    for layer in (full2, simple2):
        assert layer["country"].value_counts().to_dict() == {"CO": 1121, "PE": 196, "EC": 224}
        assert (layer["unit_type"] == "cantón").sum() == 221
        assert (layer["unit_type"] == "zona no delimitada").sum() == 3
        assert layer["admin2_id"].is_unique
        assert layer.crs.to_epsg() == 4326
        assert list(layer.columns) == ["unit_id", *ADMIN2_COLUMNS, "geometry"]


def test_validation_fails_on_a_wrong_parent(
    full1: gpd.GeoDataFrame, full2: gpd.GeoDataFrame, units2: pd.DataFrame
) -> None:
    # La Concordia as the source coded it (Esmeraldas): outside that parent.
    wrong = full2.copy()
    wrong.loc[wrong["admin2_id"] == "EC-2302", "drawn_in_iso_3166_2"] = "EC-E"
    problems = validate_admin2(wrong, units2, full1)
    assert len(problems) == 1 and "EC-2302" in problems[0] and "outside its parent" in problems[0]


def test_validation_fails_on_malformed_codes(full2: gpd.GeoDataFrame, units2: pd.DataFrame) -> None:
    bad = full2.copy()
    bad.loc[bad["admin2_id"] == "CO-05001", "code"] = "5001"  # leading zero lost
    assert any("CO: malformed codes ['5001']" in p for p in validate_admin2(bad, units2))


# Hand-checked against the official code lists (DANE DIVIPOLA, INEI UBIGEO, INEC DPA):
# admin2_id -> (name, parent).
OFFICIAL = {
    "CO-05001": ("Medellín", "CO-ANT"),
    "CO-11001": ("Bogotá, D.C.", "CO-DC"),
    "CO-76109": ("Buenaventura", "CO-VAC"),
    "CO-88001": ("San Andrés", "CO-SAP"),
    "PE-1501": ("Lima", "PE-LMA"),
    "PE-1502": ("Barranca", "PE-LIM"),
    "PE-0701": ("Callao", "PE-CAL"),
    "PE-2101": ("Puno", "PE-PUN"),
    "PE-0510": ("Víctor Fajardo", "PE-AYA"),
    "PE-1608": ("Putumayo", "PE-LOR"),
    "EC-1701": ("Quito", "EC-P"),
    "EC-0901": ("Guayaquil", "EC-G"),
    "EC-2302": ("La Concordia", "EC-SD"),
}


def test_official_codes_names_and_parents(full2: gpd.GeoDataFrame) -> None:
    by_id = full2.set_index("admin2_id")
    for admin2_id, (name, parent) in OFFICIAL.items():
        assert (by_id.at[admin2_id, "name"], by_id.at[admin2_id, "parent_iso_3166_2"]) == (
            name,
            parent,
        ), admin2_id
    assert "EC-0808" not in by_id.index  # La Concordia's old code is gone
    assert (by_id.loc[by_id["country"] == "PE", "name"] == "Piura").sum() == 1  # PUIRA merged


# Towns (decimal degrees, looked up by hand) and the level-2 unit they must fall in.
TOWNS = [
    ("Medellín", 6.2442, -75.5812, "CO-05001"),
    ("Bogotá", 4.6110, -74.0821, "CO-11001"),
    ("Buenaventura", 3.8801, -77.0312, "CO-76109"),
    ("Lima, Plaza Mayor", -12.0464, -77.0428, "PE-1501"),
    ("Callao", -12.0566, -77.1181, "PE-0701"),
    ("Puno", -15.8402, -70.0219, "PE-2101"),
    ("Iquitos", -3.7491, -73.2538, "PE-1601"),
    ("Quito", -0.2202, -78.5123, "EC-1701"),
    ("Guayaquil", -2.1894, -79.8891, "EC-0901"),
]


@pytest.mark.parametrize("resolution", ["full", "simplified"])
def test_towns_fall_in_their_level2_unit(resolution: str) -> None:
    layer = load_boundaries(resolution, level=2)  # type: ignore[arg-type]
    towns = gpd.GeoDataFrame(
        {"town": [t[0] for t in TOWNS]},
        geometry=gpd.points_from_xy([t[2] for t in TOWNS], [t[1] for t in TOWNS]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(towns, layer[["admin2_id", "geometry"]], predicate="within")
    assert dict(zip(joined["town"], joined["admin2_id"], strict=True)) == {
        t[0]: t[3] for t in TOWNS
    }


def test_homonyms_have_different_parents(full2: gpd.GeoDataFrame) -> None:
    co = full2.loc[full2["country"] == "CO"]
    for name in ("Bolívar", "La Unión", "Córdoba", "Santa Rosa"):
        parents = co.loc[co["name"] == name, "parent_iso_3166_2"]
        assert len(parents) >= 2 and parents.is_unique, name
    ec = full2.loc[(full2["country"] == "EC") & (full2["name"] == "Bolívar")]  # INEC's accent
    assert set(ec["parent_iso_3166_2"]) == {"EC-C", "EC-M"}  # Carchi and Manabí
    pe = full2.loc[(full2["country"] == "PE") & (full2["name"] == "Bolívar")]
    assert pe["parent_iso_3166_2"].tolist() == ["PE-LAL"]


def test_undelimited_zones_have_no_parent_but_are_drawn(full2: gpd.GeoDataFrame) -> None:
    zones = full2.loc[full2["unit_type"] == "zona no delimitada"]
    assert sorted(zones["code"]) == ["9001", "9003", "9004"]
    assert (zones["parent_iso_3166_2"] == "").all()
    assert (zones["drawn_in_iso_3166_2"].str.startswith("EC-")).all()


def test_unit_table_matches_layer(full2: gpd.GeoDataFrame, units2: pd.DataFrame) -> None:
    assert load_units(level=2).equals(units2)
    merged = units2.merge(full2[["admin2_id", "name", "parent_iso_3166_2"]], on="admin2_id")
    assert len(merged) == len(units2) == len(full2)
    assert (merged["name_x"] == merged["name_y"]).all()
    assert units2["code"].map(type).eq(str).all()
    # Peru has a validation town for every provincia; Colombia and Ecuador none.
    towns = units2.groupby("country")["check_town"].apply(lambda s: (s != "").sum()).to_dict()
    assert towns == {"CO": 0, "EC": 0, "PE": 196}


def test_simplified_layer_sizes() -> None:
    path = get_settings().boundaries_dir / ADMIN2_SIMPLIFIED_FILE
    assert path.stat().st_size < 2 * 1024 * 1024
    data = json.loads(path.read_text("utf-8"))
    size: Counter[str] = Counter()
    for feature in data["features"]:
        text = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        size[feature["properties"]["drawn_in_iso_3166_2"]] += len(text.encode())
    assert 80 * 1024 < size["CO-ANT"] < 130 * 1024  # 125 municipios


def test_level_keyword(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"level must be one of \[1, 2\]"):
        load_boundaries("full", level=3)  # type: ignore[arg-type]
    with pytest.raises(MissingDataError, match=r"admin2_full\.parquet.*build_admin2\.py"):
        load_boundaries("full", directory=tmp_path, level=2)
    with pytest.raises(MissingDataError, match=r"admin2_units\.csv"):
        load_admin2_units(tmp_path)
