"""Resolving department/province names as registries write them."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.units.boundaries import load_units
from geo.units.gazetteer import FUZZY_THRESHOLD, Gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


def test_every_official_name_alias_and_code_resolves(gaz: Gazetteer) -> None:
    units = load_units()
    shared_aliases = {"Lima"}  # deliberately ambiguous between the two Lima units
    for row in units.itertuples(index=False):
        labels = [row.name, row.iso_3166_2] + [
            a for a in row.aliases.split("|") if a and a not in shared_aliases
        ]
        for label in labels:
            match = gaz.resolve(label, row.country)
            assert match.iso_3166_2 == row.iso_3166_2, (label, match)
        if row.iso_3166_2 != "PE-LIM":  # code 15 is the whole department of Lima
            assert gaz.resolve(row.national_code, row.country).iso_3166_2 == row.iso_3166_2


# Input as registries write it -> expected unit, worked out by hand.
REGISTRY_SPELLINGS = [
    ("NARINO", None, "CO-NAR"),
    ("BOGOTA D.C.", None, "CO-DC"),
    ("Bogotá, D.C.", None, "CO-DC"),
    ("D.C.", "CO", "CO-DC"),
    ("Distrito Capital", None, "CO-DC"),
    ("Archipiélago de San Andrés, Providencia y Santa Catalina", None, "CO-SAP"),
    ("SAN ANDRES", None, "CO-SAP"),
    ("CAÑAR ", None, "EC-F"),
    ("CAÐAR", None, "EC-F"),  # Latin-1 Ñ read through code page 850
    ("CaÃ±ar", None, "EC-F"),  # UTF-8 read as Windows-1252
    ("Cuzco", None, "PE-CUS"),
    ("Cusco", None, "PE-CUS"),
    ("Lima Metropolitana", None, "PE-LMA"),
    ("Provincia de Lima", None, "PE-LMA"),
    ("Lima Provincias", None, "PE-LIM"),
    ("Región Lima", None, "PE-LIM"),
    ("Prov. Const. del Callao", None, "PE-CAL"),
    ("Provincia Constitucional del Callao", None, "PE-CAL"),
    ("Sto. Domingo de los Tsáchilas", None, "EC-SD"),
    ("Zamora-Chinchipe", None, "EC-Z"),
    ("Guajira", None, "CO-LAG"),
    ("Valle", None, "CO-VAC"),
    ("Norte Santander", None, "CO-NSA"),
    ("Departamento de Antioquia", None, "CO-ANT"),
    ("Departamento del Cauca", None, "CO-CAU"),
    ("Provincia del Guayas", None, "EC-G"),
    ("Región Junín", None, "PE-JUN"),
    ("GOBIERNO REGIONAL DE PIURA", None, "PE-PIU"),
    ("  quindío  ", None, "CO-QUI"),
    ("05", "CO", "CO-ANT"),
    ("5", "CO", "CO-ANT"),
    (5, "CO", "CO-ANT"),
    (5.0, "CO", "CO-ANT"),  # a code read from a spreadsheet as a float
    ("08", "PE", "PE-CUS"),
    ("1501", None, "PE-LMA"),
    ("17", "EC", "EC-P"),
    ("CO-ANT", None, "CO-ANT"),
    ("Amazonas", "PE", "PE-AMA"),
    ("Bolívar", "EC", "EC-B"),
    ("Bolivar", "CO", "CO-BOL"),
]


@pytest.mark.parametrize(("name", "country", "expected"), REGISTRY_SPELLINGS)
def test_registry_spellings(
    gaz: Gazetteer, name: object, country: str | None, expected: str
) -> None:
    match = gaz.resolve(name, country)
    assert match.status == "matched"
    assert match.iso_3166_2 == expected


# Realistic misspellings: each is one or two edits from the official name.
MISSPELLINGS = [
    ("Cundinamrca", "CO-CUN"),
    ("Cordova", "CO-COR"),
    ("Risaralada", "CO-RIS"),
    ("Santader", "CO-SAN"),
    ("Boyacca", "CO-BOY"),
    ("Huancavelika", "PE-HUV"),
    ("Ayacuho", "PE-AYA"),
    ("Chimborazzo", "EC-H"),
    ("Pichinca", "EC-P"),
    ("Esmeralda", "EC-E"),
    ("Sucumbio", "EC-U"),
]


@pytest.mark.parametrize(("name", "expected"), MISSPELLINGS)
def test_misspellings_match_fuzzily_with_score(gaz: Gazetteer, name: str, expected: str) -> None:
    match = gaz.resolve(name)
    assert match.status == "matched"
    assert match.iso_3166_2 == expected
    assert match.method == "fuzzy"
    assert FUZZY_THRESHOLD <= match.score < 100
    assert match.matched_alias


def test_below_threshold_gives_no_match_with_candidates(gaz: Gazetteer) -> None:
    # "Antiokia" vs "antioquia": ratio = 2*7/17 = 82.4 < 85 (7 shared characters).
    match = gaz.resolve("Antiokia")
    assert match.status == "unmatched"
    assert match.iso_3166_2 is None
    assert match.candidates[0][0] == "CO-ANT"
    assert match.candidates[0][2] == pytest.approx(82.4, abs=0.1)


@pytest.mark.parametrize(
    ("name", "country", "candidates"),
    [
        ("Amazonas", None, {"CO-AMA", "PE-AMA"}),
        ("Bolívar", None, {"CO-BOL", "EC-B"}),
        ("Lima", None, {"PE-LMA", "PE-LIM"}),
        ("Lima", "PE", {"PE-LMA", "PE-LIM"}),
        ("Departamento de Lima", None, {"PE-LMA", "PE-LIM"}),
        ("15", "PE", {"PE-LMA", "PE-LIM"}),
        ("05", None, {"CO-ANT", "PE-AYA", "EC-X"}),
        ("Amasonas", None, {"CO-AMA", "PE-AMA"}),  # fuzzy, equally close to both
    ],
)
def test_ambiguous_input_is_reported_not_guessed(
    gaz: Gazetteer, name: str, country: str | None, candidates: set[str]
) -> None:
    match = gaz.resolve(name, country)
    assert match.status == "ambiguous"
    assert match.iso_3166_2 is None
    assert {c[0] for c in match.candidates} >= candidates


@pytest.mark.parametrize(
    "garbage", ["", None, float("nan"), "123456", "x" * 10_000, "😀🌽", "   ", "-", "N/A", "\x00"]
)
def test_garbage_gives_no_match_and_no_crash(gaz: Gazetteer, garbage: object) -> None:
    match = gaz.resolve(garbage)
    assert match.status == "unmatched"
    assert match.iso_3166_2 is None


def test_country_restricts_the_search(gaz: Gazetteer) -> None:
    assert gaz.resolve("Antioquia", "PE").status == "unmatched"
    assert gaz.resolve("Antioquia", "co").iso_3166_2 == "CO-ANT"


def test_resolve_many_aligns_with_input(gaz: Gazetteer) -> None:
    names = pd.Series(["Valle", None, "Amazonas", "Amazonas", "Valle"], index=[10, 11, 12, 13, 14])
    countries = pd.Series(["CO", "CO", "PE", None, "CO"], index=names.index)
    out = gaz.resolve_many(names, countries)
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert list(out["status"]) == ["matched", "unmatched", "matched", "ambiguous", "matched"]
    assert list(out["iso_3166_2"]) == ["CO-VAC", None, "PE-AMA", None, "CO-VAC"]
