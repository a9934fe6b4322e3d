"""The committed need tables: official figures, level sums, and the loader's checks.

Expected values are the official ones, read by hand from the source tables named in
data/boundaries/README.md (and, where given, the publisher's printed totals); the
derived ones (shares, weighted means) are worked out here from those source cells.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo._errors import DataFileError, MissingDataError
from geo.settings import get_settings
from geo.units.boundaries import load_population, load_units
from geo.units.need import NEED_ADMIN2_FILE, NEED_COLUMNS, load_need


@pytest.fixture(scope="module")
def level1() -> pd.DataFrame:
    return load_need(1)


@pytest.fixture(scope="module")
def level2() -> pd.DataFrame:
    return load_need(2)


def test_one_row_per_unit_with_the_documented_columns(level1, level2):
    assert list(level1.columns) == NEED_COLUMNS == list(level2.columns)
    assert list(level1.index) == sorted(load_units()["iso_3166_2"])
    assert list(level2.index) == sorted(load_units(level=2)["admin2_id"])
    assert level2.index.name == "admin2_id" and level1.index.name == "iso_3166_2"


def test_each_country_names_its_own_poverty_measure(level1, level2):
    expected = {"CO": "ipm", "PE": "monetary", "EC": "nbi"}
    for table in (level1, level2):
        assert table.groupby("country")["poverty_measure"].unique().map(list).to_dict() == {
            c: [m] for c, m in expected.items()
        }
    assert set(level2.loc[level2["country"] == "PE", "nbi_basis"]) == {"households"}
    assert level2.loc[level2["country"] == "PE", "rural_share_estimate"].all()
    assert not level2.loc[level2["country"] != "PE", "rural_share_estimate"].any()


def test_level1_population_is_the_published_census_figure(level1):
    # population.csv was entered by hand from DANE, INEI and INEC's published tables.
    published = load_population().set_index("iso_3166_2")["population"]
    assert (level1["population"] == published.reindex(level1.index)).all()
    totals = level1.groupby("country")["population"].sum().to_dict()
    assert totals == {"CO": 48_258_494, "PE": 29_381_884, "EC": 16_938_986}


def test_level1_is_the_sum_of_its_level2_units(level1, level2):
    parent = load_units(level=2).set_index("admin2_id")["parent_iso_3166_2"]
    for column in ("population", "population_urban", "population_rural"):
        sums = level2[column].groupby(parent.reindex(level2.index)).sum(min_count=1)
        gap = (level1[column] - sums.reindex(level1.index)).fillna(0)
        # Only Guainía: DANE's 2018 table has Mapiripana (94663, 1,022 people, all in
        # "centros poblados y rural disperso"), which MGN 2020 draws as no unit.
        expected = {"population": 1022, "population_urban": 0, "population_rural": 1022}
        assert gap[gap != 0].to_dict() == ({"CO-GUA": expected[column]} if expected[column] else {})


@pytest.mark.parametrize(
    ("unit", "population", "urban", "rural", "poverty", "nbi"),
    [
        # DANE 2018 (cabecera / centros poblados y rural disperso); IPM 2018; NBI 2018.
        ("CO-05001", 2_427_129, 2_382_399, 44_730, 12.8, 5.23),  # Medellín
        ("CO-11001", 7_412_566, 7_387_400, 25_166, 9.0, 3.47),  # Bogotá
        ("CO-44847", 163_462, 7_698, 155_764, 92.2, 88.75),  # Uribia
        ("CO-05631", 82_375, 70_401, 11_974, 4.5, 1.59),  # Sabaneta
        # INEC CPV 2022 table 1.1; NBI = pobres / personas en viviendas particulares.
        ("EC-1701", 2_679_722, 1_763_275, 916_447, 13.73, 13.73),  # Quito: 367,089 / 2,674,566
        ("EC-0901", 2_746_403, 2_650_288, 96_115, 28.74, 28.74),  # Guayaquil: 785,333 / 2,732,127
    ],
)
def test_level2_figures_match_the_official_tables(
    level2, unit, population, urban, rural, poverty, nbi
):
    row = level2.loc[unit]
    assert (row["population"], row["population_urban"], row["population_rural"]) == (
        population,
        urban,
        rural,
    )
    assert row["rural_share"] == pytest.approx(rural / population, abs=5e-5)
    assert row["poverty_rate"] == pytest.approx(poverty, abs=0.005)
    assert row["nbi_rate"] == pytest.approx(nbi, abs=0.005)


def test_peru_provinces_match_the_census_and_the_poverty_map(level1, level2):
    # INEI Censos 2017: Provincia de Lima 8,574,974, Callao 994,494 (published totals).
    assert level2.loc["PE-1501", "population"] == 8_574_974
    assert level2.loc["PE-0701", "population"] == 994_494
    assert level2.loc["PE-0401", "population"] == 1_080_635  # Arequipa, sum of its districts
    assert level1.loc["PE-LMA", "population"] == 8_574_974
    # Purús (2504) is one district, 250401: census 2,860 people; INEI's 2018 interval
    # 20.9-43.0 % (midpoint 31.95); 429 of 688 households with an NBI; MINAM 2019
    # estimate 1,928 rural of 3,317.
    purus = level2.loc["PE-2504"]
    assert purus["population"] == 2_860
    assert purus["poverty_rate"] == pytest.approx((20.9 + 43.0) / 2)
    assert purus["nbi_rate"] == pytest.approx(100 * 429 / 688, abs=0.005)
    assert purus["rural_share"] == pytest.approx(1_928 / 3_317, abs=5e-5)
    # Callao's seven districts: 31,804 of 266,228 households with at least one NBI.
    assert level2.loc["PE-0701", "nbi_rate"] == pytest.approx(100 * 31_804 / 266_228, abs=0.005)


def test_colombian_level1_nbi_weighting_reproduces_the_national_figure(level1):
    # DANE's national NBI 2018 (same table, "TOTAL NACIONAL" row) is 14.28 %; the
    # population-weighted mean of the departments must come close to it.
    co = level1[level1["country"] == "CO"]
    national = (co["nbi_rate"] * co["population"]).sum() / co["population"].sum()
    assert national == pytest.approx(14.28, abs=0.5)


def test_missing_figures_stay_empty(level1, level2):
    empty = set(level2.index[level2["poverty_rate"].isna()])
    zones = {"EC-9001", "EC-9003", "EC-9004"}  # zonas no delimitadas: no census rows
    assert zones <= empty
    assert level2.loc[sorted(zones), "population"].isna().all()
    # Colombia: San Andrés and the 18 áreas no municipalizadas have no municipal IPM.
    anm = load_units(level=2).query("unit_type == 'área no municipalizada'")["admin2_id"]
    assert empty - zones == {"CO-88001", *anm}
    assert level2["population"].isna().sum() == 3
    # Departments where units with an IPM hold under 90 % of the people get none.
    assert set(level1.index[level1["poverty_rate"].isna()]) == {
        "CO-AMA",
        "CO-GUA",
        "CO-SAP",
        "CO-VAU",
    }


def _copy(tmp_path: Path) -> Path:
    shutil.copy(get_settings().boundaries_dir / NEED_ADMIN2_FILE, tmp_path / NEED_ADMIN2_FILE)
    return tmp_path / NEED_ADMIN2_FILE


def test_loader_refuses_a_bad_level_and_a_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"level must be one of \[1, 2\]"):
        load_need(3)  # type: ignore[arg-type]
    with pytest.raises(MissingDataError, match=r"need_admin1\.csv"):
        load_need(1, directory=tmp_path)


def test_loader_names_the_row_column_and_value_of_a_bad_cell(tmp_path):
    path = _copy(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",ipm,", ",poverty,", 1).replace(",0.0184,", ",1.7,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_need(2, directory=tmp_path)
    message = str(info.value)
    assert "row 2, column rural_share: '1.7', expected a number from 0 to 1" in message
    assert "row 2, column poverty_measure: 'poverty', expected one of ipm, monetary, nbi" in message
    assert "build_need.py" in message


def test_loader_refuses_a_repeated_unit(tmp_path):
    path = _copy(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="admin2_id repeated: \\['CO-05001'\\]"):
        load_need(2, directory=tmp_path)


def test_poverty_percentile_ranks_within_each_country_by_hand():
    from geo.units.need import poverty_percentile

    need = pd.DataFrame(
        {
            "country": ["CO", "CO", "CO", "CO", "PE", "EC", "EC"],
            "poverty_rate": [10.0, 20.0, 20.0, 40.0, 30.0, None, 50.0],
        },
        index=["a", "b", "c", "d", "e", "f", "g"],
    )
    # CO: ranks 1, 2.5, 2.5, 4 of n = 4 -> (r - 1) / 3 = 0, 0.5, 0.5, 1.
    # PE: one unit ranked -> 0.5. EC: f has no figure (NaN); g alone among those with one.
    expected = pd.Series(
        [0.0, 0.5, 0.5, 1.0, 0.5, float("nan"), 0.5], index=need.index, name="poverty_percentile"
    )
    pd.testing.assert_series_equal(poverty_percentile(need), expected)


def test_poverty_percentile_of_the_published_extremes(level2):
    from geo.units.need import poverty_percentile

    share = poverty_percentile(level2)
    # Sabaneta's IPM 4.5 is among Colombia's lowest, Uribia's 92.2 among its highest.
    assert share["CO-05631"] < 0.02 and share["CO-44847"] > 0.98
    # Only Colombia's municipios are ranked against Colombia's: the poorest of each
    # country is 1 whatever the other countries' rates.
    for country in ("CO", "PE", "EC"):
        assert share[level2["country"] == country].max() == 1.0
