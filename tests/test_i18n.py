"""The catalogue, plural forms, number formatting and the one-catalogue rule."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.widget_texts import dropdown_texts, grid_locale_text
from geo._errors import InputValidationError
from geo.i18n import (
    LANGS,
    check_lang,
    format_date,
    format_number,
    format_percent,
    format_value,
    lang_problems,
    t,
    tn,
    value_label,
)
from geo.indicators.catalogue import indicator_info
from geo.messages import MESSAGES, SECTIONS, Msg
from geo.units.context_layer import neighbour_countries
from geo.vocab import ORG_TYPES, PROGRAMMES, SECTORS

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"

#: Modules whose texts come from the catalogue.
MIGRATED = [
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "dashboard").glob("*.py")),
    "geo/indicators/classify.py",
    "geo/indicators/priority.py",
    "geo/indicators/mapspec.py",
    "geo/indicators/choropleth.py",
    "geo/export/formats.py",
    "geo/export/data.py",
    "geo/export/deck.py",
    "geo/export/html.py",
    "geo/export/html_offline.py",
    "geo/indicators/catalogue.py",
    "geo/indicators/filters.py",
    "geo/export/tables.py",
    "geo/indicators/compute.py",
    "geo/indicators/prepared.py",
    "geo/export/static_map.py",
    "geo/export/map_layout.py",
    "geo/export/map_scalebar.py",
    "geo/export/map_labels.py",
    "geo/export/map_insets.py",
    "geo/export/map_context.py",
]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _texts(entry: Msg, lang: str) -> list[str]:
    value = getattr(entry, lang)
    return [value] if isinstance(value, str) else list(value.values())


# ---------------------------------------------------------------------------- the catalogue


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_entry_has_both_languages_with_the_same_fields(key: str) -> None:
    entry = MESSAGES[key]
    assert isinstance(entry, Msg)
    en, es = _texts(entry, "en"), _texts(entry, "es")
    assert all(text.strip() for text in en + es), f"{key}: empty text"
    assert isinstance(entry.en, str) == isinstance(entry.es, str), f"{key}: plural in one only"
    fields = {frozenset(_fields(text)) for text in en + es}
    assert len(fields) == 1, f"{key}: fields differ between texts: {fields}"
    if not isinstance(entry.en, str):
        assert set(entry.en) == set(entry.es) == {"one", "other"}, key
        assert "n" in _fields(en[0]), f"{key}: a plural message shows its count {{n}}"


def test_ids_are_area_dot_name_and_sections_do_not_overlap() -> None:
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*\.[A-Za-z0-9_.]+", key) for key in MESSAGES)
    assert sum(len(section) for section in SECTIONS) == len(MESSAGES)


def test_the_data_vocabulary_has_a_label_for_every_code() -> None:
    for section, codes in (("org_type", ORG_TYPES), ("sector", SECTORS), ("programme", PROGRAMMES)):
        for code in codes:
            assert f"{section}.{code}" in MESSAGES


def test_every_neighbouring_country_of_the_context_layer_has_a_name() -> None:
    codes = [f["properties"]["iso_a3"] for f in neighbour_countries()]
    assert len(codes) == 18  # data/boundaries/context_countries.geojson
    assert [c for c in codes if f"neighbour.{c}" not in MESSAGES] == []
    assert t("neighbour.BRA", "es") == "Brasil" and t("neighbour.BRA", "en") == "Brazil"


def test_every_id_the_code_asks_for_exists() -> None:
    call = re.compile(r"\btn?\(\s*\"([a-z_]+\.[A-Za-z0-9_.]+)\"")
    asked = {key for module in MIGRATED for key in call.findall((ROOT / module).read_text("utf-8"))}
    assert len(asked) > 50  # the scanner finds the calls
    assert sorted(asked - MESSAGES.keys()) == []


# ---------------------------------------------------------------------------- messages


def test_t_fills_fields_and_refuses_unknown_ids_and_languages() -> None:
    assert t("filters.title", "en") == "Filters"
    assert t("filters.title", "es") == "Filtros"
    assert t("app.export_failed", "es", error="disco lleno") == "La exportación falló: disco lleno"
    with pytest.raises(KeyError, match=r"no message 'filters\.nope'"):
        t("filters.nope", "en")
    with pytest.raises(KeyError, match="call tn"):
        t("count.organizations", "en")
    with pytest.raises(InputValidationError, match="got 'fr'"):
        t("filters.title", "fr")


@pytest.mark.parametrize(
    ("n", "lang", "text"),
    [
        (0, "en", "0 organizations"),
        (1, "en", "1 organization"),
        (2, "en", "2 organizations"),
        (1234, "en", "1,234 organizations"),
        (0, "es", "0 organizaciones"),
        (1, "es", "1 organización"),
        (2, "es", "2 organizaciones"),
        (1234, "es", "1.234 organizaciones"),
        (1_000_000, "es", "1.000.000 organizaciones"),  # CLDR "many": no such form, so "other"
        (np.int64(1), "es", "1 organización"),
        (1.0, "en", "1 organization"),
    ],
)
def test_tn_picks_singular_or_plural(n: float, lang: str, text: str) -> None:
    assert tn("count.organizations", n, lang) == text


def test_tn_agrees_in_whole_messages() -> None:
    assert tn("upload.accepted", 1, "es") == "1 aceptada"
    assert tn("upload.accepted", 3, "es") == "3 aceptadas"
    assert tn("export.rejected_count", 1, "en") == "1 rejected row."
    assert tn("export.rejected_count", 2, "es") == "2 filas rechazadas."
    assert tn("map.orgs_not_drawn", 1, "en", total="9") == (
        "1 of 9 organizations has no coordinates: counted in its unit, not drawn."
    )
    assert tn("map.orgs_not_drawn", 2, "es", total="9") == (
        "2 de 9 organizaciones no tienen coordenadas: se cuentan en su unidad, no se dibujan."
    )
    with pytest.raises(KeyError, match="no plural forms"):
        tn("filters.title", 2, "en")


def test_value_label_translates_known_codes_and_keeps_others() -> None:
    assert value_label("sector", "coffee", "es") == "Café"
    assert value_label("sector", "quinoa", "es") == "quinoa"


def test_lang_check_names_the_value_and_the_allowed_ones() -> None:
    assert LANGS == ("en", "es")
    assert check_lang("es") == "es"
    assert lang_problems("en") == []
    with pytest.raises(InputValidationError, match=r"lang must be one of 'en', 'es'; got 'EN'"):
        check_lang("EN")
    assert lang_problems(None, name="language") == ["language must be one of 'en', 'es'; got None"]


# ---------------------------------------------------------------------------- numbers and dates


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "text"),
    [
        (1234.5, "en", 1, "1,234.5"),
        (1234.5, "es", 1, "1.234,5"),
        (1734, "es", 0, "1.734"),  # Spanish groups four-digit numbers too, as before
        (-1234567.891, "es", 2, "-1.234.567,89"),
        (0.5, "en", 0, "0"),  # half to even
        (1.5, "en", 0, "2"),
        (2.675, "en", 2, "2.68"),  # decimal rounding of 2.675, not of the binary float
        (-0.04, "es", 1, "0,0"),  # never "-0,0"
        (-0.0, "en", 0, "0"),
        (1e27, "en", 0, "1,000,000,000,000,000,000,000,000,000"),
        (None, "en", 0, "no data"),
        (float("nan"), "es", 1, "sin datos"),
        (float("-inf"), "en", 1, "no data"),
        (pd.NA, "es", 0, "sin datos"),
    ],
)
def test_format_number(x: float, lang: str, decimals: int, text: str) -> None:
    assert format_number(x, lang, decimals) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "text"),
    [
        (0.125, "en", 1, "12.5%"),
        (0.125, "es", 1, f"12,5{NBSP}%"),  # CLDR: non-breaking space before the sign
        (0.07, "en", 1, "7.0%"),  # 0.07 * 100 is 7.000000000000001 in floats
        (12.345, "en", 0, "1,234%"),  # 1234.5 -> 1234 (half to even)
        (-0.0001, "es", 1, f"0,0{NBSP}%"),
        (None, "es", 1, "sin datos"),
    ],
)
def test_format_percent(x: float, lang: str, decimals: int, text: str) -> None:
    assert format_percent(x, lang, decimals) == text  # type: ignore[arg-type]


def test_format_value_adds_the_unit_except_for_percent() -> None:
    assert format_value(12.7, fmt="integer", unit="orgs") == "13 orgs"
    assert format_value(3.14159, fmt="decimal", decimals=2, unit="km²", lang="es") == "3,14 km²"
    assert format_value(0.5, fmt="percent", decimals=0, unit="ignored", lang="es") == f"50{NBSP}%"
    assert format_value(float("inf"), unit="orgs") == "no data"


def test_format_date() -> None:
    day = dt.date(2025, 3, 1)
    assert format_date(day, "es") == "2025-03-01"  # files and maps: ISO 8601
    assert format_date(day, "en", style="long") == "March 1, 2025"
    assert format_date(day, "es", style="long") == "1 de marzo de 2025"


# ---------------------------------------------------------------------------- indicator labels


@pytest.mark.parametrize(
    ("column", "lang", "label", "unit"),
    [
        ("orgs", "es", "Organizaciones", "organizaciones"),
        ("orgs_cooperative", "en", "Cooperatives", "organizations"),
        (
            "type_share_mutual_employee_fund",
            "es",
            "Mutuales y fondos de empleados (proporción)",
            "",
        ),
        ("orgs_sector_coffee", "es", "Organizaciones del sector: Café", "organizaciones"),
        ("orgs_sector_unknown", "en", "Organizations in sector: Unknown", "organizations"),
        ("orgs_sector_quinoa", "es", "Organizaciones del sector: quinoa", "organizaciones"),
        ("services_health", "en", "Organizations providing health services", "organizations"),
        ("services_education", "es", "Organizaciones con servicios de educación", "organizaciones"),
        ("coverage_other", "es", "Cobertura de otros programas", ""),
        ("participants_my_coop", "en", "Participants in My.Coop", "people"),
        ("orgs_per_100k", "es", "Organizaciones por 100.000 habitantes", "por 100.000 habitantes"),
        (
            "priority_youth_share_points",
            "en",
            "Priority points from: Youth share of members",
            "points",
        ),
        ("priority_score", "es", "Índice de prioridad", "(0-100)"),
        ("level", "es", "Nivel", ""),
    ],
)
def test_indicator_labels_and_units_come_from_the_catalogue(
    column: str, lang: str, label: str, unit: str
) -> None:
    info = indicator_info(column)
    assert (info.label(lang), info.unit(lang)) == (label, unit)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- widgets


def test_dash_and_grid_controls_speak_spanish() -> None:
    es, en = dropdown_texts("es"), dropdown_texts("en")
    assert es["placeholder"] == "Seleccione..."
    assert es["labels"]["search"] == "Buscar"
    assert es["labels"]["no_options_found"] == "No se encontraron resultados"
    assert es["labels"]["selected_count"] == "{num_selected} seleccionados"  # Dash fills it
    assert en["labels"]["select_all"] == "Select All"
    grid = grid_locale_text("es")
    assert grid["contains"] == "Contiene"
    assert grid["searchOoo"] == "Buscar..."
    assert grid["selectAll"] == "(Seleccionar todo)"
    assert (grid["min"], grid["max"]) == ("Mínimo", "Máximo")
    assert set(grid) == set(grid_locale_text("en"))


# ---------------------------------------------------------------------------- one catalogue

_INLINE = re.compile(
    r"""lang\s*[!=]=\s*["'](en|es)["']"""  # if lang == "en" / lang != "es"
    r"""|["'](en|es)["']\s*[!=]=\s*\w*lang"""  # "en" == lang
    r"""|\b0 if \w*\.?lang\b"""  # index = 0 if lang == ... else 1
    r"""|\[\s*["'](en|es)["']\s*\]"""  # TABLE["en"]
)


@pytest.mark.parametrize("module", MIGRATED)
def test_no_inline_translation_left(module: str) -> None:
    source = (ROOT / module).read_text("utf-8")
    found = [
        f"{module}:{number}: {line.strip()}"
        for number, line in enumerate(source.splitlines(), start=1)
        if _INLINE.search(line)
    ]
    assert found == []


def test_the_inline_scanner_finds_what_it_looks_for() -> None:
    for line in (
        'word = "Filters" if self.lang == "en" else "Filtros"',
        "index = 0 if lang == 'en' else 1",
        'return "x" if "es" == lang else "y"',
        'NO_DATA["es"]',
    ):
        assert _INLINE.search(line), line
