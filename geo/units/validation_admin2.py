"""Checks of the level-2 layer (municipios, provincias, cantones) and its tie to level 1.

:func:`validate_admin2` returns one line per problem (empty when the layer is sound):

* the expected number of units per country and type (:data:`EXPECTED_COUNTS`), each
  ``admin2_id`` once, the same units as the unit table;
* codes well formed: 5-digit DIVIPOLA, 4-digit UBIGEO, 4-digit DPA, written as text;
* valid, non-empty polygons; overlaps between units below :data:`OVERLAP_TOLERANCE`
  of the total area;
* with the level-1 layer: less than :data:`OUTSIDE_PARENT_TOLERANCE` of each unit's
  area outside the level-1 unit it is drawn in, and its point on surface inside it;
* each validation town inside its unit (within ``town_tolerance_m`` metres, or the
  unit's ``check_tolerance_m``), and the area within :data:`AREA_TOLERANCE` (or the
  unit's ``area_tolerance``) of the official area, where the table has them.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.settings import EQUAL_AREA_CRS

#: (country, unit_type) -> number of units. Colombia: DANE MGN 2020 (DIVIPOLA today
#: lists 1,122: Belén de Bajirá, 27086, is not drawn). Ecuador: 221 cantones and the 3
#: zonas no delimitadas. Peru: 196 provincias, Putumayo included.
EXPECTED_COUNTS: dict[tuple[str, str], int] = {
    ("CO", "municipio"): 1101,
    ("CO", "distrito capital"): 1,
    ("CO", "isla (municipio)"): 1,
    ("CO", "área no municipalizada"): 18,
    ("PE", "provincia"): 195,
    ("PE", "provincia constitucional"): 1,
    ("EC", "cantón"): 221,
    ("EC", "zona no delimitada"): 3,
}
CODE_PATTERNS = {"CO": r"^\d{5}$", "PE": r"^\d{4}$", "EC": r"^\d{4}$"}
OVERLAP_TOLERANCE = 1e-5
OUTSIDE_PARENT_TOLERANCE = 0.005
AREA_TOLERANCE = 0.25


def _counts(layer: gpd.GeoDataFrame, units: pd.DataFrame) -> list[str]:
    problems = []
    counts = layer.groupby(["country", "unit_type"]).size().to_dict()
    if counts != EXPECTED_COUNTS:
        problems.append(f"counts per country and type {counts} != expected {EXPECTED_COUNTS}")
    ids = layer["admin2_id"]
    if not ids.is_unique:
        problems.append(f"duplicate admin2_id: {sorted(ids[ids.duplicated()])}")
    if set(ids) != set(units["admin2_id"]):
        missing, extra = set(units["admin2_id"]) - set(ids), set(ids) - set(units["admin2_id"])
        problems.append(f"units missing: {sorted(missing)}; unexpected: {sorted(extra)}")
    for country, pattern in CODE_PATTERNS.items():
        codes = layer.loc[layer["country"] == country, "code"].astype(str)
        bad = codes[~codes.str.match(pattern)]
        if not bad.empty:
            problems.append(f"{country}: malformed codes {sorted(bad)[:10]}")
    bad_id = layer["admin2_id"] != layer["country"] + "-" + layer["code"].astype(str)
    if bad_id.any():
        problems.append(f"admin2_id is not country-code: {sorted(layer.loc[bad_id, 'admin2_id'])}")
    return problems


def _geometry(layer: gpd.GeoDataFrame) -> list[str]:
    problems = []
    geoms = np.asarray(layer.geometry.values)
    empty = layer.loc[shapely.is_empty(geoms) | pd.isna(geoms), "admin2_id"]
    if not empty.empty:
        problems.append(f"empty geometry: {sorted(empty)}")
    invalid = layer.loc[~shapely.is_valid(geoms), "admin2_id"]
    if not invalid.empty:
        problems.append(f"invalid geometry: {sorted(invalid)}")
    geoms = geoms[shapely.is_valid(geoms)]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[keep]], geoms[right[keep]])).sum()
    share = overlap / shapely.area(geoms).sum()
    if share > OVERLAP_TOLERANCE:
        problems.append(f"units overlap: {share:.4%} of the area (tolerance {OVERLAP_TOLERANCE:%})")
    return problems


def _parents(layer: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame) -> list[str]:
    problems = []
    parents = admin1.set_index("iso_3166_2").to_crs(EQUAL_AREA_CRS).geometry
    children = layer.to_crs(EQUAL_AREA_CRS)
    unknown = set(children["drawn_in_iso_3166_2"]) - set(parents.index)
    if unknown:
        return [f"drawn in unknown level-1 units: {sorted(unknown)}"]
    parent_geoms = parents.loc[children["drawn_in_iso_3166_2"]].values
    child_geoms = children.geometry.values
    outside = shapely.area(shapely.difference(child_geoms, parent_geoms)) / shapely.area(
        child_geoms
    )
    inside = shapely.covers(parent_geoms, shapely.point_on_surface(child_geoms))
    for i in np.flatnonzero((outside > OUTSIDE_PARENT_TOLERANCE) | ~inside):
        row = children.iloc[i]
        problems.append(
            f"{row['admin2_id']} ({row['name']}): {outside[i]:.2%} outside its parent "
            f"{row['drawn_in_iso_3166_2']}; point on surface inside: {bool(inside[i])}"
        )
    return problems


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    """Return a numeric column of the unit table (all NaN when the column is absent)."""
    if name not in table.columns:
        return pd.Series(np.nan, index=table.index)
    return pd.to_numeric(table[name], errors="coerce")


def _towns_and_areas(
    layer: gpd.GeoDataFrame, units: pd.DataFrame, town_tolerance_m: float
) -> list[str]:
    problems = []
    merged = units.drop(columns=["name"], errors="ignore").merge(
        layer[["admin2_id", "name", "geometry"]], on="admin2_id", how="inner"
    )
    geo = gpd.GeoSeries(merged["geometry"], crs=layer.crs).to_crs(EQUAL_AREA_CRS)
    lat = pd.to_numeric(merged["check_lat"], errors="coerce")
    lon = pd.to_numeric(merged["check_lon"], errors="coerce")
    has_town = lat.notna() & lon.notna()
    towns = gpd.GeoSeries.from_xy(lon[has_town], lat[has_town], crs="EPSG:4326")
    distance = geo[has_town].distance(towns.to_crs(EQUAL_AREA_CRS))
    allowed = _column(merged, "check_tolerance_m").fillna(0).clip(lower=town_tolerance_m)
    for i in distance.index[distance > allowed[distance.index]]:
        row = merged.loc[i]
        problems.append(
            f"{row['admin2_id']} ({row['name']}): {row['check_town']} ({lat[i]}, {lon[i]}) is "
            f"{distance[i]:,.0f} m outside its polygon"
        )
    official = pd.to_numeric(merged["official_area_km2"], errors="coerce")
    ratio = geo.area / 1e6 / official
    tolerance = _column(merged, "area_tolerance").fillna(AREA_TOLERANCE)
    for i in ratio.index[official.notna() & ((ratio - 1).abs() > tolerance)]:
        row = merged.loc[i]
        problems.append(
            f"{row['admin2_id']} ({row['name']}): area {geo.area[i] / 1e6:,.0f} km2 is "
            f"{ratio[i] - 1:+.0%} off the official {official[i]:,.0f} km2"
        )
    return problems


def validate_admin2(
    layer: gpd.GeoDataFrame,
    units: pd.DataFrame,
    admin1: gpd.GeoDataFrame | None = None,
    *,
    town_tolerance_m: float = 0.0,
) -> list[str]:
    """Return every problem found in the level-2 ``layer`` (empty when it is sound).

    Parameters
    ----------
    layer
        Level-2 layer with :data:`geo.units.boundaries.ADMIN2_COLUMNS` and polygons.
    units
        Level-2 unit table (:func:`geo.units.boundaries.load_admin2_units`).
    admin1
        Level-1 layer of the same resolution; when given, each unit must lie in the
        level-1 unit it is drawn in.
    town_tolerance_m
        How far (metres) a validation town may be outside its polygon: 0 for the full
        layer; a few hundred metres for the simplified one, whose coasts are generalised.

    Returns
    -------
    list of str
        One line per problem, naming the unit.
    """
    problems = _counts(layer, units) + _geometry(layer)
    if admin1 is not None:
        problems += _parents(layer, admin1)
    problems += _towns_and_areas(layer, units, town_tolerance_m)
    return problems
