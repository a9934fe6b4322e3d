"""Tests of the synthetic demo registry (coopatlas/demo/generate.py).

The tables are read the way a user would read them: as text, through the gazetteer
and the committed boundaries, never through the generator's internal arrays.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from coopatlas.demo.departments import UNRESOLVABLE_DEPARTMENTS
from coopatlas.demo.generate import (
    HOSTILE_NAMES,
    PROGRAMME_COLUMNS,
    REGISTRY_COLUMNS,
    generate_registry,
    write_demo,
)
from coopatlas.demo.vocabulary import load_vocabulary
from geo._errors import InputValidationError
from geo.io.text import fold
from geo.units.boundaries import load_boundaries, load_units
from geo.units.gazetteer import Gazetteer

SMALL_N = 2000

# Raw labels counted by hand (not through the importer).
COOPERATIVE_LABELS = {
    "Cooperativa",
    "Cooperativa agraria",
    "Cooperativa multiactiva",
    "Cooperativa de ahorro y crédito",
    "Cooperativo",  # Ecuador, SEPS cooperative sector
}
ASSOCIATION_LABELS = {
    "Asociación",
    "Asociación de productores",
    "Asociación campesina",
    "Asociativo",  # Ecuador, SEPS associative sector
}
COUNTRY_WORDS = {
    "colombia": "CO",
    "co": "CO",
    "peru": "PE",
    "pe": "PE",
    "ecuador": "EC",
    "ec": "EC",
}


@pytest.fixture(scope="module")
def small() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_registry(SMALL_N, seed=7)


@pytest.fixture(scope="module")
def default() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_registry()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def resolve(registry: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    countries = registry["País"].map(lambda s: COUNTRY_WORDS[fold(s)])
    return gazetteer.resolve_many(registry["Departamento/Provincia"], countries)


# --------------------------------------------------------------------------- shape


def test_headers_are_exactly_the_raw_spanish_ones(small):
    registry, programmes = small
    assert list(registry.columns) == REGISTRY_COLUMNS
    assert list(programmes.columns) == PROGRAMME_COLUMNS
    assert REGISTRY_COLUMNS[:4] == ["Código", "Razón social", "País", "Departamento/Provincia"]
    assert PROGRAMME_COLUMNS == [
        "Código",
        "Programa",
        "Año",
        "Participantes",
        "Mujeres participantes",
    ]


def test_every_cell_is_text(small):
    registry, programmes = small
    for frame in (registry, programmes):
        for column in frame.columns:
            assert all(isinstance(v, str) for v in frame[column]), column


def test_row_count_is_n_including_duplicate_codes(small):
    registry, _ = small
    assert len(registry) == SMALL_N
    # 0.2 % of 2000 rows = 4 rows reuse an earlier code.
    assert registry["Código"].duplicated().sum() == 4
    assert registry["Código"].str.fullmatch(r"(CO|PE|EC)-\d{6}").all()


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_equal_tables_and_another_seed_differs():
    first = generate_registry(300, seed=11)
    second = generate_registry(300, seed=11)
    other = generate_registry(300, seed=12)
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])
    assert not first[0].equals(other[0])


def test_write_demo_is_byte_identical_and_reads_back(tmp_path):
    a = write_demo(tmp_path / "a", n=400, seed=5)
    b = write_demo(tmp_path / "b", n=400, seed=5)
    assert [p.name for p in a] == ["demo_registry.csv", "demo_programmes.csv"]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
    text = a[0].read_bytes().decode("utf-8")  # strict UTF-8, no BOM
    assert text.startswith("Código,Razón social,País,")
    registry, programmes = generate_registry(400, seed=5)
    back = pd.read_csv(a[0], dtype=str, keep_default_na=False, encoding="utf-8")
    assert back.values.tolist() == registry.values.tolist()
    back = pd.read_csv(a[1], dtype=str, keep_default_na=False, encoding="utf-8")
    assert back.values.tolist() == programmes.values.tolist()


def test_programmes_can_be_left_out_without_changing_the_registry():
    with_p = generate_registry(300, seed=3)
    without = generate_registry(300, seed=3, with_programmes=False)
    pd.testing.assert_frame_equal(with_p[0], without[0])
    assert len(without[1]) == 0
    assert list(without[1].columns) == PROGRAMME_COLUMNS


@pytest.mark.parametrize(
    ("n", "seed", "message"),
    [
        (10, 1, r"n must be an integer >= 100, got 10"),
        (500.0, 1, r"n must be an integer >= 100, got 500.0"),
        (500, -1, r"seed must be a non-negative integer, got -1"),
        (True, "x", r"n must be .*True(.|\n)*seed must be .*'x'"),
    ],
)
def test_bad_options_are_reported_together(n, seed, message):
    with pytest.raises(InputValidationError, match=message):
        generate_registry(n, seed=seed)


# --------------------------------------------------------------------------- distribution


def test_every_unit_gets_at_least_three_organizations(default, gazetteer):
    registry, _ = default
    resolved = resolve(registry, gazetteer)
    counts = resolved["iso_3166_2"].value_counts()
    units = load_units()["iso_3166_2"]
    assert set(counts.index) == set(units)
    assert counts.min() >= 3


def test_country_split(default):
    registry, _ = default
    share = registry["País"].map(lambda s: COUNTRY_WORDS[fold(s)]).value_counts() / len(registry)
    # Each unit first gets 3 rows (CO 33, PE 26, EC 24 units), the other 5000 - 249 = 4751
    # are split 45/35/20: CO 99 + 2137.95, PE 78 + 1662.85, EC 72 + 950.2, i.e. shares
    # 0.4476, 0.3482, 0.2044, give or take the per-unit rounding (< 1 row per unit).
    assert share["CO"] == pytest.approx(0.4476, abs=0.007)
    assert share["PE"] == pytest.approx(0.3482, abs=0.006)
    assert share["EC"] == pytest.approx(0.2044, abs=0.005)


def test_associations_clearly_outnumber_cooperatives(default):
    registry, _ = default
    labels = registry["Tipo de organización"]
    cooperatives = labels.isin(COOPERATIVE_LABELS).sum()
    associations = labels.isin(ASSOCIATION_LABELS).sum()
    # Drawn shares (before capitals shift them): 45 % associations, 20 % cooperatives.
    assert associations > 1.5 * cooperatives
    assert 0.15 < cooperatives / len(registry) < 0.30


def test_capitals_lean_to_cooperatives_and_funds(default, gazetteer):
    registry, _ = default
    iso = resolve(registry, gazetteer)["iso_3166_2"]
    finance = registry["Tipo de organización"].isin(
        COOPERATIVE_LABELS | {"Fondo de empleados", "Asociación mutual"}
    )
    capitals = iso.isin(["CO-DC", "PE-LMA"])
    assert finance[capitals].mean() > finance[~capitals].mean() + 0.15


def test_coffee_and_alpaca_where_they_grow(default, gazetteer):
    registry, _ = default
    iso = resolve(registry, gazetteer)["iso_3166_2"]
    sector = registry["Actividad principal"]
    assert (sector[iso == "CO-HUI"] == "Café").mean() > 0.25
    assert (sector[iso == "PE-PUN"] == "Fibra de alpaca").mean() > 0.2
    assert not (sector[iso.isin(["CO-DC", "EC-W", "CO-SAP"])] == "Fibra de alpaca").any()


def test_counts_are_consistent(small):
    registry, _ = small
    numbers = registry[["Número de asociados", "Mujeres asociadas", "Jóvenes asociados"]]
    known = (numbers != "").all(axis=1)
    values = numbers[known].astype(int)
    assert (values["Mujeres asociadas"] <= values["Número de asociados"]).all()
    assert (values["Jóvenes asociados"] <= values["Número de asociados"]).all()
    members = registry.loc[registry["Número de asociados"] != "", "Número de asociados"].astype(int)
    assert members.median() == pytest.approx(35, abs=8)
    assert members.min() >= 5
    blank = (registry["Número de asociados"] == "").mean()
    assert blank == pytest.approx(0.05, abs=0.015)
    years = registry.loc[registry["Año de constitución"] != "", "Año de constitución"].astype(int)
    assert years.between(1960, 2025).all()
    assert (years >= 2000).mean() > 0.5  # recent years are more common


# --------------------------------------------------------------------------- departments


def test_departments_resolve_except_the_declared_unresolvable(default, gazetteer):
    registry, _ = default
    resolved = resolve(registry, gazetteer)
    unmatched = registry.loc[resolved["status"] != "matched", "Departamento/Provincia"]
    assert set(unmatched.str.strip()) <= set(UNRESOLVABLE_DEPARTMENTS)
    assert len(unmatched) == 15  # 0.3 % of 5000
    assert (resolved["method"] == "fuzzy").sum() == 25  # 0.5 % of 5000 misspelled
    trailing = registry["Departamento/Provincia"].str.endswith(" ").mean()
    assert trailing == pytest.approx(0.03, abs=0.01)


# --------------------------------------------------------------------------- points


def test_points_are_inside_the_declared_unit_except_the_faulty_ones(small, gazetteer):
    registry, _ = small
    lat, lon = registry["Latitud"], registry["Longitud"]
    given = lat != ""
    assert (given == (lon != "")).all()
    assert given.mean() == pytest.approx(0.70, abs=0.03)
    zero = (lat == "0") & (lon == "0")
    comma = lat.str.contains(",") & lon.str.contains(",")
    # 2000 rows: 0.2 % -> 4 zero pairs, 0.2 % -> 4 decimal commas, 0.3 % -> 6 swaps.
    assert zero.sum() == 4
    assert comma.sum() == 4
    numeric = given & ~zero
    y = lat[numeric].str.replace(",", ".").astype(float)
    x = lon[numeric].str.replace(",", ".").astype(float)
    swapped = y < -60  # a longitude of the region written as latitude
    assert swapped.sum() == 6
    assert (x[swapped] > -20).all()
    assert lat[numeric].str.replace(",", ".").str.fullmatch(r"-?\d+\.\d{5}").all()

    resolved = resolve(registry, gazetteer).loc[numeric]
    keep = resolved["status"] == "matched"
    y, x, swapped = y[keep], x[keep], swapped[keep]
    assert keep.sum() > 1300  # about 70 % of 2000 rows are checked
    y, x = y.where(~swapped, x), x.where(~swapped, y)  # swap the faulty ones back
    polygons = load_boundaries("full").set_index("iso_3166_2").geometry
    units = gpd.GeoSeries(polygons.loc[resolved.loc[keep, "iso_3166_2"]].values, crs=4326)
    points = gpd.GeoSeries.from_xy(x.to_numpy(), y.to_numpy(), crs=4326)
    inside = units.contains(points, align=False).to_numpy()
    assert inside.all(), registry.loc[y.index[~inside]].to_string()
    # Written as they are (not swapped back), only the swapped ones fall outside.
    points_as_written = gpd.GeoSeries.from_xy(
        lon[numeric][keep].str.replace(",", ".").astype(float).to_numpy(),
        lat[numeric][keep].str.replace(",", ".").astype(float).to_numpy(),
        crs=4326,
    )
    outside = ~units.contains(points_as_written, align=False).to_numpy()
    assert (outside == swapped.to_numpy()).all()


# --------------------------------------------------------------------------- names


def test_hostile_names_are_present_once_on_valid_rows(small, gazetteer):
    registry, _ = small
    for name in HOSTILE_NAMES:
        rows = registry.loc[registry["Razón social"] == name]
        assert len(rows) == 1, name
        assert (registry["Código"] == rows["Código"].iloc[0]).sum() == 1
        assert resolve(rows, gazetteer)["status"].iloc[0] == "matched"
    assert HOSTILE_NAMES == ("<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","y")')


def test_a_few_same_name_same_unit_pairs_with_different_codes(small, gazetteer):
    registry, _ = small
    iso = resolve(registry, gazetteer)["iso_3166_2"]
    frame = registry.assign(iso=iso)
    groups = frame.groupby(["iso", "Razón social"]).filter(lambda g: len(g) > 1)
    # max(3, round(2000 / 1000)) = 3 planted pairs; other names are unique in their unit.
    pairs = groups.groupby(["iso", "Razón social"])["Código"].agg(list)
    assert len(pairs) == 3
    assert all(len(codes) == 2 and codes[0] != codes[1] for codes in pairs)


def test_names_are_mostly_unique(default):
    registry, _ = default
    assert registry["Razón social"].nunique() > 0.97 * len(registry)


# --------------------------------------------------------------------------- programmes


def test_programmes_are_consistent_with_the_registry(small):
    registry, programmes = small
    assert len(programmes) > 0
    assert set(programmes["Código"]) <= set(registry["Código"])
    assert set(programmes["Programa"]) <= {"My.Coop", "Think.Coop", "Start.Coop", "Otro"}
    assert programmes["Año"].astype(int).between(2015, 2025).all()
    both = programmes["Mujeres participantes"] != ""
    women = programmes.loc[both, "Mujeres participantes"].astype(int)
    assert (women <= programmes.loc[both, "Participantes"].astype(int)).all()
    assert (programmes["Participantes"].astype(int) >= 1).all()
    assert not programmes.duplicated(["Código", "Programa", "Año"]).any()


def test_programme_coverage_is_concentrated(default, gazetteer):
    registry, programmes = default
    iso = resolve(registry, gazetteer)["iso_3166_2"]
    reached = registry["Código"].isin(programmes["Código"])
    focus = iso.isin(list(load_vocabulary().programme_focus))
    # Focus units reach about 30 % of their organizations, the rest about 0.4 %.
    assert reached[focus].mean() > 0.2
    assert reached[~focus].mean() < 0.02
    units_reached = iso[reached].nunique()
    assert units_reached < 83 - 40  # a coverage map shows real gaps
    assert np.isin(list(load_vocabulary().programme_focus), iso[reached].unique()).all()


def test_every_department_spelling_resolves_to_its_unit(gazetteer):
    # White-box: every spelling the generator can write (official, upper-case ASCII,
    # alias, prefixed, one-edit misspelling) must resolve to the unit it was written for.
    from coopatlas.demo.departments import NOT_MISSPELLED, department_variants, misspellings
    from coopatlas.demo.generate import _unit_table

    units = _unit_table()
    variants, _ = department_variants(units)
    wrong = []
    for row, spellings in zip(units.itertuples(), variants, strict=True):
        if row.iso_3166_2 not in NOT_MISSPELLED:
            spellings = spellings + misspellings(row.name)
        for spelling in spellings:
            for text in (spelling, spelling + "  "):
                match = gazetteer.resolve(text, row.country)
                if match.iso_3166_2 != row.iso_3166_2:
                    wrong.append((row.iso_3166_2, text, match.status))
    assert wrong == []
    # "Antioquia", letters 0-8: delete the middle letter (4, "o"), double the letter at
    # a third (3, "i"), swap the middle vowel of letters 2-7 (vowels 3, 4, 6, 7 -> 6, "u" -> "o").
    assert misspellings("Antioquia") == ["Antiquia", "Antiioquia", "Antioqoia"]
    assert misspellings("Cauca") == []  # too short: one edit would not resolve
    for text in UNRESOLVABLE_DEPARTMENTS:
        assert gazetteer.resolve(text).status == "unmatched"


def test_type_labels_map_to_the_class_they_were_drawn_for():
    # The importer's vocabulary must read every generated label as intended ("Otra",
    # "other", is read as other SSE).
    from geo.importer.schema import canonical_org_type

    for org_type, labels in load_vocabulary().type_labels_by_class.items():
        for label in labels:
            assert canonical_org_type(label) == (org_type, True), label
    assert set(load_vocabulary().type_labels_by_class["cooperative"]) == COOPERATIVE_LABELS
    assert set(load_vocabulary().type_labels_by_class["producer_association"]) == ASSOCIATION_LABELS
