"""Ecuador's cantón names as INEC writes them, the same in every committed file.

Expected names read by hand from INEC CPV 2022 table 1.1 (``01_2022_CPV_Estructura_
poblacional_CSV.zip`` in Yachssiton/Econometria_CensoEcu2022 @ 2570bd3, ``1.1.csv``),
the source ``scripts/ec_canton_names.py`` takes them from.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import geopandas as gpd
import pandas as pd
import pytest

from geo.settings import get_settings
from geo.units.boundaries import load_units

BOUNDARIES = get_settings().boundaries_dir


@pytest.mark.parametrize(
    ("unit", "name"),
    [
        ("EC-0102", "Girón"),
        ("EC-0401", "Tulcán"),
        ("EC-0907", "Durán"),
        ("EC-0916", "Samborondón"),
        ("EC-1707", "San Miguel de los Bancos"),  # case as INEC writes it
        ("EC-2001", "San Cristóbal"),
        ("EC-2105", "Sucumbíos"),
        # INEC writes "Distrito Metropolitano de Quito": words differ, the layer's kept
        ("EC-1701", "Quito"),
        ("EC-0923", "Crnel. Marcelino Maridueña"),
    ],
)
def test_names_are_inecs(unit: str, name: str) -> None:
    assert load_units(level=2).set_index("admin2_id").at[unit, "name"] == name


def test_names_agree_in_the_table_the_layer_and_the_browser_file() -> None:
    table = load_units(level=2).set_index("admin2_id")["name"]
    full = gpd.read_parquet(BOUNDARIES / "admin2_full.parquet").set_index("admin2_id")["name"]
    data = json.loads((BOUNDARIES / "admin2_simplified.geojson").read_text("utf-8"))
    simple = pd.Series({f["properties"]["admin2_id"]: f["properties"]["name"]
                        for f in data["features"]})  # fmt: skip
    pd.testing.assert_series_equal(full.sort_index(), table.sort_index(), check_names=False)
    pd.testing.assert_series_equal(simple.sort_index(), table.sort_index(), check_names=False)


def test_only_accents_and_case_are_taken() -> None:
    path = get_settings().boundaries_dir.parents[1] / "scripts" / "ec_canton_names.py"
    if not path.is_file():
        pytest.skip("the build scripts are not installed with the package")
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location("ec_canton_names", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    current = pd.Series({"EC-0102": "Giron", "EC-1701": "Quito", "EC-0101": "Cuenca"})
    inec = {"0102": "Girón", "1701": "Distrito Metropolitano de Quito", "0101": "Cuenca"}
    assert module.accented(current, inec) == {"EC-0102": "Girón"}
