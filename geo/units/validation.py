"""Independent checks of a boundary layer against the curated unit table.

The checks do not use the boundary source's names or codes: each unit's polygon
must contain a well-known town of that unit (``check_town``), and its area must
be within ``area_tolerance`` (default 25 %) of the official area.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.settings import EQUAL_AREA_CRS

DEFAULT_AREA_TOLERANCE = 0.25


def validate_units(layer: gpd.GeoDataFrame, units: pd.DataFrame) -> list[str]:
    """Return every problem found in ``layer`` (empty when the layer is sound).

    Parameters
    ----------
    layer
        Boundary layer with ``iso_3166_2`` and polygon geometries, any CRS.
    units
        Curated unit table with ``check_town``, ``check_lat``, ``check_lon``,
        ``official_area_km2`` and optional ``area_tolerance``.

    Returns
    -------
    list of str
        One line per problem, naming the unit.
    """
    problems: list[str] = []
    expected = set(units["iso_3166_2"])
    got = list(layer["iso_3166_2"])
    if len(got) != len(set(got)):
        dupes = sorted({c for c in got if got.count(c) > 1})
        problems.append(f"duplicate units: {dupes}")
    if set(got) != expected:
        missing, extra = sorted(expected - set(got)), sorted(set(got) - expected)
        problems.append(f"units missing: {missing}; unexpected: {extra}")
    merged = units.merge(layer[["iso_3166_2", "geometry"]], on="iso_3166_2", how="inner")
    geo = gpd.GeoSeries(merged["geometry"], crs=layer.crs)
    towns = gpd.GeoSeries.from_xy(
        merged["check_lon"].astype(float), merged["check_lat"].astype(float), crs="EPSG:4326"
    ).to_crs(layer.crs)
    areas = geo.to_crs(EQUAL_AREA_CRS).area / 1e6
    for i, row in merged.iterrows():
        geom = geo.iloc[i]
        iso = row["iso_3166_2"]
        if geom is None or geom.is_empty:
            problems.append(f"{iso}: empty geometry")
            continue
        if not shapely.is_valid(geom):
            problems.append(f"{iso}: invalid geometry ({shapely.is_valid_reason(geom)})")
        if not geom.covers(towns.iloc[i]):
            problems.append(
                f"{iso} ({row['name']}): {row['check_town']} "
                f"({row['check_lat']}, {row['check_lon']}) is not inside its polygon"
            )
        official = float(row["official_area_km2"])
        tolerance = float(row.get("area_tolerance") or DEFAULT_AREA_TOLERANCE)
        ratio = areas.iloc[i] / official
        if abs(ratio - 1) > tolerance:
            problems.append(
                f"{iso} ({row['name']}): area {areas.iloc[i]:,.0f} km2 is {ratio - 1:+.0%} "
                f"off the official {official:,.0f} km2 (tolerance {tolerance:.0%})"
            )
    return problems
