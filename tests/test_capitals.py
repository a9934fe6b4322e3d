"""Every capital point lies in its capital's municipio, provincia or cantón.

The official lists number the capital first: DANE's DIVIPOLA gives each department's
capital municipio the code ``dd001`` (05001 Medellín, 44001 Riohacha), INEC's DPA each
province's capital cantón ``pp01`` (0401 Tulcán, 2001 San Cristóbal, whose seat is Puerto
Baquerizo Moreno), INEI's UBIGEO each department's capital province ``dd01``. Two
capitals lie outside that unit, as the lists say: Bogotá, capital of Cundinamarca, is
the Distrito Capital (11001), not a municipio of the department; Huacho, capital of
the Lima region, is in Huaura (1508). This checks the 16 hand-entered coordinates of
``capitals.csv`` (3 decimals) with the others against the committed level-2 polygons.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.settings import get_settings
from geo.units.boundaries import load_boundaries

#: Capitals outside their department's first unit (see the docstring).
ELSEWHERE = {"CO-CUN": "CO-11001", "PE-LIM": "PE-1508"}
#: The capital unit's code within its department: DIVIPOLA, UBIGEO, DPA.
FIRST = {"CO": "001", "PE": "01", "EC": "01"}


def test_each_capital_lies_in_its_capital_unit() -> None:
    capitals = pd.read_csv(get_settings().boundaries_dir / "capitals.csv")
    layer = load_boundaries("full", level=2)
    points = gpd.GeoDataFrame(
        capitals,
        geometry=gpd.points_from_xy(capitals["lon"], capitals["lat"]),
        crs="EPSG:4326",
    ).to_crs(layer.crs)
    joined = gpd.sjoin(points, layer[["admin2_id", "geometry"]], predicate="within", how="left")
    found = dict(zip(joined["iso_3166_2"], joined["admin2_id"], strict=True))
    last3, last2 = layer["code"].str[-3:], layer["code"].str[-2:]
    first_code = layer.assign(first=last3.where(layer["country"] == "CO", last2))
    expected = {}
    for iso, country in zip(capitals["iso_3166_2"], capitals["country"], strict=True):
        if iso in ELSEWHERE:
            expected[iso] = ELSEWHERE[iso]
            continue
        units = first_code[
            (first_code["parent_iso_3166_2"] == iso) & (first_code["first"] == FIRST[country])
        ]
        assert len(units) == 1, iso
        expected[iso] = units["admin2_id"].iloc[0]
    assert found == expected
    assert len(found) == 83
    hand = capitals[capitals["coordinates_source"].str.startswith("hand-entered")]
    assert len(hand) == 16
