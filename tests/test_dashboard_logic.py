"""Plain dashboard functions (URL state, controls, map, panels), tested without a browser."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
import pytest
from dash.development.base_component import Component
from shapely.geometry import Point

from dashboard import logic, side_charts
from dashboard.callbacks import page_query, toggle_selection, view_from_controls
from geo.i18n import format_number
from geo.indicators.filters import Filters
from geo.indicators.prepared import PreparedData, prepare
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import DEFAULT_CENTER, DEFAULT_ZOOM, View
from geo.units.boundaries import load_units

NA = pd.NA
NAN = float("nan")
HOSTILE = "<img src=x onerror=alert(1)>"

# Explicit priority weights (the committed defaults), so the hand-computed scores
# do not depend on geo/indicators/priority_weights.toml.
WEIGHTS = {
    "organizations": 2.0,
    "members": 1.0,
    "association_share": 2.0,
    "youth_share": 1.0,
    "coverage_gap": 4.0,
}


def all_unit_codes() -> set[str]:
    return set(load_units()["iso_3166_2"])


# ============================================================================ View


def non_default_view() -> View:
    return View(
        lang="es",
        indicator="coop_share",
        type_share="producer_association",
        scheme="fisher_jenks",
        k=7,
        filters=Filters(
            countries=("CO", "PE"),
            units=("CO-ANT", "PE-CUS"),
            org_types=("cooperative", "pre_cooperative"),
            sectors=("coffee",),
            programmes=("My.Coop",),
            founded_from=1990,
            founded_to=2010,
            federated=True,
            federations=("FedA", "Red de Cafeteros"),
            provides_services=False,
            social_services=("health",),
        ),
        selected="CO-ANT",
        # exactly representable with the 4 decimals the query keeps
        center=(-10.5, -75.25),
        zoom=7,
    )


def test_round_trip_of_a_non_default_view() -> None:
    view = non_default_view()
    query = view.to_query()
    back, notices = View.from_query(query, known_units=all_unit_codes())
    assert notices == []
    assert back == view
    # the query itself, key by key (list values joined with "|")
    assert dict(parse_qsl(query)) == {
        "lang": "es",
        "ind": "coop_share",
        "type": "producer_association",
        "scheme": "fisher_jenks",
        "k": "7",
        "sel": "CO-ANT",
        "lat": "-10.5000",
        "lon": "-75.2500",
        "z": "7",
        "countries": "CO|PE",
        "units": "CO-ANT|PE-CUS",
        "org_types": "cooperative|pre_cooperative",
        "sectors": "coffee",
        "programmes": "My.Coop",
        "founded_from": "1990",
        "founded_to": "2010",
        "federated": "true",
        "federations": "FedA|Red de Cafeteros",
        "provides_services": "false",
        "social_services": "health",
    }


def test_round_trip_also_from_a_mapping_and_with_a_question_mark() -> None:
    view = non_default_view()
    assert View.from_query("?" + view.to_query()) == (view, [])
    assert View.from_query(dict(parse_qsl(view.to_query()))) == (view, [])


def test_defaults_give_an_empty_query_and_back() -> None:
    assert View().to_query() == ""
    assert View.from_query("") == (View(), [])
    assert View.from_query({}) == (View(), [])


def test_only_the_map_position_changed_writes_lat_lon_z() -> None:
    view = View(center=(-1.25, -78.5), zoom=8)
    assert dict(parse_qsl(view.to_query())) == {"lat": "-1.2500", "lon": "-78.5000", "z": "8"}
    # zoom alone changed: the whole position is written
    assert dict(parse_qsl(View(zoom=6).to_query())) == {
        "lat": "-4.0000",
        "lon": "-74.5000",
        "z": "6",
    }


# Each notice names the parameter and the value it dropped, and says what is allowed
# (the option lists and the 2-9 class range of docs/dashboard.md, the three countries).
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ind=unknown_indicator", ["ind=", "'unknown_indicator'", "is not one of", "coop_share"]),
        ("type=cooperativa", ["type=", "'cooperativa'", "is not one of", "pre_cooperative"]),
        ("scheme=jenks", ["scheme=", "'jenks'", "fisher_jenks", "quantiles"]),
        ("k=99", ["k=", "'99'", "from 2 to 9"]),
        ("k=1", ["k=", "'1'", "from 2 to 9"]),
        ("k=abc", ["k=", "'abc'", "from 2 to 9"]),
        ("k=-3", ["k=", "'-3'", "from 2 to 9"]),
        ("lang=fr", ["lang=", "'fr'", "en, es"]),
        ("sel=XX-YY", ["sel=", "'XX-YY'", "not a known unit"]),
        ("lat=abc", ["map position", "lat, lon, z"]),
        ("lat=abc&lon=-75&z=6", ["map position", "lat, lon, z"]),
        ("lat=-4&lon=-74", ["map position", "lat, lon, z"]),  # z missing
        ("lat=50&lon=-74&z=6", ["map position", "lat, lon, z"]),  # north of the region
        ("lat=nan&lon=-74&z=6", ["map position", "lat, lon, z"]),
        ("lat=-4&lon=-74&z=99", ["map position", "lat, lon, z"]),
        ("countries=BR", ["countries", "'BR'", "'CO', 'PE', 'EC'"]),
        ("units=CO-XYZ", ["units", "'CO-XYZ'", "not in the unit table"]),  # well-formed, unknown
        ("founded_from=19x0", ["founded_from", "'19x0'", "a year such as"]),
        ("federated=maybe", ["federated", "'maybe'", "true or false"]),
        ("unknown_key=1", ["unknown filter", "'unknown_key'"]),
    ],
)
def test_invalid_value_falls_back_to_defaults_with_one_notice(
    query: str, expected: list[str]
) -> None:
    view, notices = View.from_query(query, known_units=all_unit_codes())
    assert view == View()
    assert len(notices) == 1, notices
    for fragment in expected:
        assert fragment in notices[0], (fragment, notices[0])


def test_invalid_values_are_dropped_one_by_one_valid_ones_kept() -> None:
    query = "lang=fr&ind=coop_share&k=abc&sel=XX-YY&countries=BR|PE&z=4"
    view, notices = View.from_query(query, known_units=all_unit_codes())
    # lang, k, sel, the position (z without lat/lon) and BR dropped: 5 notices
    assert len(notices) == 5, notices
    assert view == View(indicator="coop_share", filters=Filters(countries=("PE",)))


def test_sel_is_kept_without_known_units_and_checked_with_them() -> None:
    assert View.from_query("sel=CO-ANT", known_units=all_unit_codes()) == (
        View(selected="CO-ANT"),
        [],
    )
    assert View.from_query("sel=XX-YY")[0].selected == "XX-YY"


@pytest.mark.parametrize(
    "key", ["ind", "lang", "k", "sel", "lat", "countries", "units", "federations", "bogus"]
)
def test_a_10_kb_query_value_does_not_crash(key: str) -> None:
    long = "x" * 10_240
    query = f"{key}={long}" if key != "lat" else f"lat={long}&lon=-74&z=5"
    view, notices = View.from_query(query, known_units=all_unit_codes())
    assert view == View()
    assert len(notices) == 1
    # a whole 10 KB text in a page notice would be a wall of text: the view's own keys cut it
    if key in ("ind", "lang", "k", "sel", "lat"):
        assert len(notices[0]) < 300


def test_superscript_digit_for_k_falls_back_instead_of_raising() -> None:
    # "k=%C2%B2" is "k=²": "²".isdigit() is True but int("²") raises ValueError
    view, notices = View.from_query("k=%C2%B2")
    assert view == View()
    assert len(notices) == 1


# ============================================================================ callbacks


def controls(**overrides: object) -> View:
    values: dict[str, object] = {
        "lang": "en",
        "indicator": "orgs_per_100k",
        "type_share": "cooperative",
        "scheme": "scheme_quantiles",
        "k": 5,
        "countries": None,
        "units": None,
        "org_types": None,
        "sectors": None,
        "programmes": None,
        "years": [1950, 2025],
        "year_bounds": (1950, 2025),
        "federations": None,
        "selected": None,
    }
    values.update(overrides)
    return view_from_controls(values)


def test_untouched_controls_give_the_default_view() -> None:
    assert controls() == View()


@pytest.mark.parametrize(
    ("years", "expected_from", "expected_to"),
    [
        ([1950, 2025], None, None),  # both ends at the bounds: no year filter
        (None, None, None),
        ([1990, 2010], 1990, 2010),
        ([1990, 2025], 1990, None),
        ([1950, 2010], None, 2010),
    ],
)
def test_year_range_at_bounds_means_no_filter(
    years: list[int] | None, expected_from: int | None, expected_to: int | None
) -> None:
    view = controls(years=years)
    assert view.filters.founded_from == expected_from
    assert view.filters.founded_to == expected_to


def test_controls_build_filters_scheme_and_selection() -> None:
    view = controls(
        lang="es",
        indicator="type_share",
        type_share="producer_association",
        scheme="scheme_fisher_jenks",
        k=7,
        countries=["PE", "CO"],
        units=["CO-ANT"],
        org_types=["cooperative"],
        sectors=["coffee"],
        programmes=["My.Coop"],
        years=[1990, 2010],
        federations=["FedA"],
        selected="CO-ANT",
    )
    assert view == View(
        lang="es",
        indicator="type_share",
        type_share="producer_association",
        scheme="fisher_jenks",
        k=7,
        filters=Filters(
            countries=("CO", "PE"),
            units=("CO-ANT",),
            org_types=("cooperative",),
            sectors=("coffee",),
            programmes=("My.Coop",),
            founded_from=1990,
            founded_to=2010,
            federations=("FedA",),
        ),
        selected="CO-ANT",
    )
    assert view.column == "type_share_producer_association"
    # a scheme without the prefix is kept as it is
    assert controls(scheme="equal_interval").scheme == "equal_interval"


@pytest.mark.parametrize(
    ("current", "clicked", "expected"),
    [
        (None, "CO-ANT", "CO-ANT"),  # select
        ("CO-ANT", "CO-ANT", None),  # click again: clear
        ("CO-ANT", "PE-CUS", "PE-CUS"),  # switch
        ("CO-ANT", None, "CO-ANT"),  # click outside any unit: keep
        ("CO-ANT", "", "CO-ANT"),
        (None, None, None),
    ],
)
def test_toggle_selection(current: str | None, clicked: str | None, expected: str | None) -> None:
    assert toggle_selection(current, clicked) == expected


def test_reset_keeps_only_lang_and_a_nonce() -> None:
    query = "lang=es&ind=coop_share&k=7&sel=CO-ANT&countries=CO%7CPE"
    out = page_query(query, reset=3)
    assert out.startswith("?")
    assert dict(parse_qsl(out[1:])) == {"lang": "es", "r": "3"}
    # no language in the view: English
    assert dict(parse_qsl(page_query("ind=coop_share", reset=1)[1:])) == {"lang": "en", "r": "1"}
    assert dict(parse_qsl(page_query(None, reset=0)[1:])) == {"lang": "en", "r": "0"}


def test_language_switch_keeps_the_other_params() -> None:
    query = "ind=coop_share&k=7&sel=CO-ANT&countries=CO%7CPE"
    out = page_query(query, lang="es")
    assert out.startswith("?")
    assert dict(parse_qsl(out[1:])) == {
        "ind": "coop_share",
        "k": "7",
        "sel": "CO-ANT",
        "countries": "CO|PE",
        "lang": "es",
    }
    # an existing language is replaced, not duplicated
    out = page_query("lang=en&ind=orgs", lang="es")
    assert parse_qsl(out[1:]) == [("lang", "es"), ("ind", "orgs")]
    # the new query decodes to the same view in the other language
    view = non_default_view()
    switched, notices = View.from_query(page_query(view.to_query(), lang="en"))
    assert notices == []
    assert switched == View(**{**view.__dict__, "lang": "en"})


# ============================================================================ logic fixture
#
# Real units (the 83 of data/boundaries/units.csv, population.csv):
#   unit     name            population   (used for orgs per 100,000)
#   CO-ANT   Antioquia        6,407,102
#   CO-DC    Bogotá, D.C.     7,412,566
#   PE-CUS   Cusco            1,205,527
# Every other unit has no organization.
#
# Eight organizations ("-" = unknown / none; lat/lon "-" = no coordinates):
#   id  unit  type                    sector          members women youth services       lat,lon
#   a1  ANT   cooperative             coffee           1000   400   100  health         6.25,-75.56
#   a2  ANT   cooperative             coffee            234   100    -   -              -
#   a3  ANT   producer_association    cocoa              -     -     -   -              6.1,-75.4
#   a4  ANT   pre_cooperative         dairy             500   250    50  training       -
#   b1  DC    mutual_employee_fund    savings_credit   2500  1500    -   savings|health 4.6,-74.08
#   c1  CUS   cooperative             alpaca_fibre      300   150    60  -              -13.5,-71.97
#   c2  CUS   producer_association    alpaca_fibre       40    20    10  -              -13.6,-72.0
#   c3  CUS   community_organization  -                  20     -     -   -              -
# b1 carries the hostile name HOSTILE.
#
# Programme rows (participants / women):
#   a1 My.Coop 1200/600; a1 Think.Coop 30/12; c1 Start.Coop 25/10; c2 My.Coop 15/9.
#
# Per unit, by hand:
#   ANT: orgs 4, cooperatives 2 -> coop_share 2/4 = 0.5; associations (a3 + a4) 2/4 = 0.5;
#        members 1000 + 234 + 500 = 1,734; women 400 + 100 + 250 = 750 over 1,734 -> 0.43253
#        (43.3 %); youth (a1, a4) 100 + 50 = 150 over 1000 + 500 = 1,500 -> 0.1 (10.0 %);
#        reached: a1 -> 1 of 4 = 0.25; not reached 3; participants 1200 + 30 = 1,230;
#        social services: a1, a4 -> 2; per 100k: 4 / 6,407,102 * 1e5 = 0.0624 -> "0.1".
#   DC:  orgs 1, cooperatives 0 -> coop_share 0.0; members 2,500; women 1500/2500 = 0.6;
#        youth unknown (NaN); reached 0 -> coverage 0.0; not reached 1; participants 0.
#   CUS: orgs 3, cooperatives 1 -> coop_share 1/3 = 0.3333; associations 1/3;
#        members 300 + 40 + 20 = 360; youth (c1, c2) 60 + 10 = 70 over 340 -> 0.20588;
#        reached c1, c2 -> 2/3 = 0.6667; not reached 1; participants 25 + 15 = 40.
# Overall: 8 orgs; cooperatives a1, a2, c1 = 3; reached a1, c1, c2 = 3.
#
# Priority (weights 2, 1, 2, 1, 4 for organizations, members, association_share,
# youth_share, coverage_gap; score = 100 * sum(w * c) / sum(w over available c)):
#   organizations = ln(1 + orgs) / ln(1 + 4):  ANT 1;  DC ln 2 / ln 5 = 0.693147 / 1.609438
#       = 0.430677;  CUS ln 4 / ln 5 = 1.386294 / 1.609438 = 0.861353
#   members = ln(1 + m) / ln(1 + 2500):  ANT ln 1735 / ln 2501 = 7.458763 / 7.824446
#       = 0.953264;  DC 1;  CUS ln 361 / ln 2501 = 5.888878 / 7.824446 = 0.752626
#   association_share: ANT 0.5, DC 0, CUS 1/3;  youth_share: ANT 0.1, DC missing, CUS 0.205882
#   coverage_gap = 1 - reached / orgs: ANT 0.75, DC 1, CUS 1/3
#   ANT: (2*1 + 0.953264 + 2*0.5 + 0.1 + 4*0.75) / 10 * 100 = 7.053264 * 10 = 70.53 -> "70.5"
#        points: 20.0, 9.53 -> "9.5", 10.0, 1.0, 30.0
#   DC:  youth missing -> weights sum 2 + 1 + 2 + 4 = 9;
#        (2*0.430677 + 1 + 0 + 4*1) / 9 * 100 = 5.861353 / 9 * 100 = 65.13 -> "65.1"
#        points: 2*0.430677/9*100 = 9.57 -> "9.6"; 100/9 = 11.1; 0.0; no data; 400/9 = 44.4
#   CUS: (2*0.861353 + 0.752626 + 2/3 + 0.205882 + 4/3) / 10 * 100
#        = (1.722706 + 0.752626 + 0.666667 + 0.205882 + 1.333333) * 10 = 46.81 -> "46.8"
#   Ranks: ANT 1, DC 2, CUS 3.

ORG_ROWS = [
    ("a1", "Cafeteros del Norte", "CO-ANT", "cooperative", "coffee", 1000, 400, 100, 1990,
     "FedA", "health", 6.25, -75.56, "Medellín"),
    ("a2", "Cafe Sur", "CO-ANT", "cooperative", "coffee", 234, 100, NA, 2005,
     "", "", NAN, NAN, NA),
    ("a3", "Cacao Unido", "CO-ANT", "producer_association", "cocoa", NA, NA, NA, 2012,
     "", "", 6.1, -75.4, NA),
    ("a4", "Leche Verde", "CO-ANT", "pre_cooperative", "dairy", 500, 250, 50, NA,
     "", "training", NAN, NAN, "Rionegro"),
    ("b1", HOSTILE, "CO-DC", "mutual_employee_fund", "savings_credit", 2500, 1500, NA, 1980,
     "", "savings_credit|health", 4.6, -74.08, "Bogotá"),
    ("c1", "Alpaqueros", "PE-CUS", "cooperative", "alpaca_fibre", 300, 150, 60, 1995,
     "FedC", "", -13.5, -71.97, "Sicuani"),
    ("c2", "Fibra Andina", "PE-CUS", "producer_association", "alpaca_fibre", 40, 20, 10, 2015,
     "", "", -13.6, -72.0, NA),
    ("c3", "Comunidad Q'ero", "PE-CUS", "community_organization", NA, 20, NA, NA, 2018,
     "", "", NAN, NAN, NA),
]  # fmt: skip


def orgs_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        ORG_ROWS,
        columns=[
            "org_id",
            "name",
            "iso_3166_2",
            "org_type",
            "sector",
            "members_total",
            "members_women",
            "members_youth",
            "year_founded",
            "federations",
            "social_services",
            "latitude",
            "longitude",
            "municipality",
        ],
    )
    frame["country"] = frame["iso_3166_2"].str[:2]
    frame["department_raw"] = frame["iso_3166_2"]
    frame["org_type_raw"] = frame["org_type"]
    for c in ("members_total", "members_women", "members_youth", "year_founded"):
        frame[c] = frame[c].astype("Int64")
    frame["sector"] = frame["sector"].astype("str")
    frame["sector_raw"] = frame["sector"]
    frame["municipality"] = frame["municipality"].astype("str")
    frame["latitude"] = frame["latitude"].astype("float64")
    frame["longitude"] = frame["longitude"].astype("float64")
    frame["location_source"] = np.where(frame["latitude"].notna(), "point", "name")
    frame["flags"] = ""
    frame["source_file"] = "registry.csv"
    frame["source_row"] = range(2, 2 + len(frame))
    frame["geometry"] = [
        Point(lon, lat) if not math.isnan(lat) else None
        for lat, lon in zip(frame["latitude"], frame["longitude"], strict=True)
    ]
    return frame


def programmes_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("a1", "My.Coop", 2019, 1200, 600),
            ("a1", "Think.Coop", 2021, 30, 12),
            ("c1", "Start.Coop", 2020, 25, 10),
            ("c2", "My.Coop", 2022, 15, 9),
        ],
        columns=["org_id", "programme", "year", "participants", "participants_women"],
    )
    for c in ("year", "participants", "participants_women"):
        frame[c] = frame[c].astype("Int64")
    frame["source_file"] = "programmes.csv"
    frame["source_row"] = range(2, 2 + len(frame))
    return frame


@pytest.fixture(scope="module")
def prepared() -> PreparedData:
    return prepare(orgs_frame(), programmes_frame())


def table_for(
    prepared: PreparedData, view: View, weights: dict[str, float] | None = None
) -> pd.DataFrame:
    return unit_table(prepared, view, weights)


def texts(node: object) -> Iterator[str]:
    """Every string in a Dash component tree (children only), depth first."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, Component):
        yield from texts(getattr(node, "children", None))
    elif isinstance(node, list | tuple):
        for child in node:
            yield from texts(child)


def all_text(node: object) -> list[str]:
    return list(texts(node))


def test_format_number_separators_used_below() -> None:
    # the formats the expected strings below are written in
    assert format_number(1734, "en") == "1,734"
    assert format_number(1734, "es") == "1.734"
    assert format_number(43.2526, "en", 1) == "43.3"
    assert format_number(43.2526, "es", 1) == "43,3"
    assert format_number(1234.5, "es", 1) == "1.234,5"


# ---------------------------------------------------------------------------- map_view


def test_a_map_answer_is_numbered_after_the_colours_shown_whatever_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logic.time, "time_ns", lambda: 1_800_000_000_123_456_789)
    now = 1_800_000_000_123_456  # microseconds
    assert logic.map_stamp() == now  # a page's first map request
    assert logic.map_stamp(now - 5_000_000) == now  # colours from 5 s ago on this clock
    # the colours shown came from a host whose clock is 2 s ahead of this one
    assert logic.map_stamp(now + 2_000_000) == now + 2_000_001
    assert logic.map_stamp(float(now + 7)) == now + 8  # a JSON number may arrive as a float
    for junk in (True, "1e20", [1], 2**60):  # not a version the browser could have sent
        assert logic.map_stamp(junk) == now
    assert now < 2**53  # exact in a JavaScript number


def test_hideout_has_every_unit_and_no_data_for_units_without_orgs(
    prepared: PreparedData,
) -> None:
    view = View(indicator="coop_share", selected="CO-DC")
    result = logic.map_view(table_for(prepared, view), view)
    classes = result.hideout["classes"]
    assert set(classes) == all_unit_codes()
    assert len(classes) == 83
    # a share of a unit without organizations is "no data", not 0 %
    assert {code for code, c in classes.items() if c == -1} == all_unit_codes() - {
        "CO-ANT",
        "CO-DC",
        "PE-CUS",
    }
    # coop_share DC 0, CUS 1/3, ANT 0.5: three distinct values, k 5 -> 3 quantile classes;
    # bounds at the 33.3rd / 66.7th / 100th percentiles of [0, 1/3, 0.5]:
    # 0 + 0.667 * 1/3 = 0.222, 1/3 + 0.333 * (0.5 - 1/3) = 0.389, 0.5 -> classes 0, 1, 2
    assert (classes["CO-DC"], classes["PE-CUS"], classes["CO-ANT"]) == (0, 1, 2)
    assert len(result.hideout["colors"]) == 3
    assert result.hideout["selected"] == ["CO-DC"]
    assert isinstance(result.hideout["noData"], str)
    # the hideout goes to the browser as JSON
    json.dumps(result.hideout)


def test_units_outside_the_country_filter_are_no_data(prepared: PreparedData) -> None:
    view = View(filters=Filters(countries=("CO",)))  # default indicator orgs_per_100k
    table = table_for(prepared, view)
    classes = logic.map_view(table, view).hideout["classes"]
    peru_ecuador = {c for c in all_unit_codes() if not c.startswith("CO-")}
    # outside the filter (-2, drawn white), not "no data" (-1): #21
    assert {code for code, c in classes.items() if c == -2} == peru_ecuador
    assert classes["PE-CUS"] == -2  # has organizations, but outside the filter
    assert logic.map_view(table, view).hideout["selected"] == []


def test_zero_count_is_data_for_counts_and_densities(prepared: PreparedData) -> None:
    # Documented: only shares are NaN without organizations; a unit in scope with
    # no organization has 0 organizations (0 per 100,000), which is a value.
    view = View(indicator="orgs")
    result = logic.map_view(table_for(prepared, view), view)
    assert result.hideout["classes"]["CO-AMA"] == 0
    assert -1 not in result.hideout["classes"].values()
    assert result.hideout["tooltips"]["CO-AMA"] == [
        "Organizations: 0 organizations",
        "0 organizations",
        "Any programme: no data",
    ]


def test_tooltips_are_plain_strings_with_hand_counted_figures(prepared: PreparedData) -> None:
    view = View(indicator="coop_share")
    tooltips = logic.map_view(table_for(prepared, view), view).hideout["tooltips"]
    assert set(tooltips) == all_unit_codes()
    assert all(isinstance(line, str) for lines in tooltips.values() for line in lines)
    # ANT: 2/4 cooperatives = 50.0 %; 4 organizations; 1/4 reached = 25.0 %
    assert tooltips["CO-ANT"] == [
        "Cooperative share of organizations: 50.0%",
        "4 organizations",
        "Any programme: 25.0%",
    ]
    # CUS: 1/3 = 33.3 %; 3 organizations; 2/3 = 66.7 %
    assert tooltips["PE-CUS"] == [
        "Cooperative share of organizations: 33.3%",
        "3 organizations",
        "Any programme: 66.7%",
    ]
    assert tooltips["CO-AMA"] == [
        "Cooperative share of organizations: no data",
        "0 organizations",
        "Any programme: no data",
    ]


def test_tooltips_in_spanish(prepared: PreparedData) -> None:
    view = View(lang="es", indicator="members_total")
    result = logic.map_view(table_for(prepared, view), view)
    # ANT members 1000 + 234 + 500 = 1.734
    assert result.hideout["tooltips"]["CO-ANT"] == [
        "Socios: 1.734 socios",
        "4 organizaciones",
        "Cualquier programa: 25,0\u00a0%",
    ]
    # DC: 2.500 members, 0 of 1 reached = 0,0 %
    assert result.hideout["tooltips"]["CO-DC"] == [
        "Socios: 2.500 socios",
        "1 organización",  # singular (CLDR "one"), was "1 organizaciones"
        "Cualquier programa: 0,0\u00a0%",
    ]
    legend = all_text(result.legend)
    assert legend[0] == "Socios"
    # every unit has a value (0 members where no organization): no "sin datos" row;
    # the units without members are their own class
    assert legend[1] == "0 (ninguno)" and "sin datos" not in legend


def test_type_share_tooltip_uses_the_chosen_type(prepared: PreparedData) -> None:
    view = View(indicator="type_share", type_share="producer_association")
    tooltips = logic.map_view(table_for(prepared, view), view).hideout["tooltips"]
    # ANT: a3 is the only producer association of 4 -> 25.0 %; CUS c2 of 3 -> 33.3 %
    assert tooltips["CO-ANT"][0] == "Producer associations (share): 25.0%"
    assert tooltips["PE-CUS"][0] == "Producer associations (share): 33.3%"


# ---------------------------------------------------------------------------- table_rows


def test_table_rows_only_in_scope_with_hand_computed_values(prepared: PreparedData) -> None:
    view = View(filters=Filters(units=("CO-ANT", "CO-DC", "PE-CUS", "CO-AMA")))
    rows = {r["unit_id"]: r for r in logic.table_rows(table_for(prepared, view))}
    assert set(rows) == {"CO-ANT", "CO-DC", "PE-CUS", "CO-AMA"}
    ant, dc, cus, ama = rows["CO-ANT"], rows["CO-DC"], rows["PE-CUS"], rows["CO-AMA"]
    assert list(ant) == ["unit_id", *logic.TABLE_COLUMNS]
    assert (ant["name"], ant["country"]) == ("Antioquia", "CO")
    # 2 cooperatives of 4 organizations -> 0.5
    assert (ant["orgs"], ant["cooperatives"], ant["coop_share"]) == (4, 2, 0.5)
    assert (ant["members_total"], ant["not_reached"], ant["coverage_any"]) == (1734, 3, 0.25)
    # 750 / 1734 = 0.432526 -> rounded to 4 decimals 0.4325
    assert ant["women_share"] == 0.4325
    # CUS: 1 / 3 = 0.33333 -> 0.3333; 2 / 3 -> 0.6667; youth 70 / 340 = 0.20588 -> 0.2059
    assert (cus["orgs"], cus["coop_share"], cus["coverage_any"]) == (3, 0.3333, 0.6667)
    assert cus["youth_share"] == 0.2059
    assert (dc["orgs"], dc["coop_share"], dc["youth_share"]) == (1, 0.0, None)
    # in scope without organizations: shares and score are missing (None), counts 0
    assert (ama["orgs"], ama["coop_share"], ama["priority_score"]) == (0, None, None)
    # every number is a plain float or None (JSON-ready for the grid)
    json.dumps(list(rows.values()))


def test_table_rows_country_filter(prepared: PreparedData) -> None:
    view = View(filters=Filters(countries=("PE",)))
    rows = logic.table_rows(table_for(prepared, view))
    assert {r["country"] for r in rows} == {"PE"}
    assert len(rows) == 26  # the 26 Peruvian units of units.csv (incl. Callao and Lima)
    assert sum(r["orgs"] for r in rows) == 3  # c1, c2, c3


# ---------------------------------------------------------------------------- charts


def test_type_chart_everything_and_selected(prepared: PreparedData) -> None:
    view = View()
    # bars in ORG_TYPES order: cooperative a1 a2 c1 = 3; pre_cooperative a4 = 1;
    # producer_association a3 c2 = 2; community c3 = 1; mutual b1 = 1; other 0
    assert all_text(side_charts.type_chart(table_for(prepared, view), view)) == [
        "Cooperative", "3",
        "Pre-cooperative", "1",
        "Producer association", "2",
        "Community organization", "1",
        "Mutual / employee fund", "1",
        "Other SSE organization", "0",
    ]  # fmt: skip
    view = View(lang="es", selected="CO-ANT")
    assert all_text(side_charts.type_chart(table_for(prepared, view), view)) == [
        "Cooperativa", "2",
        "Precooperativa", "1",
        "Asociación de productores", "1",
        "Organización comunitaria", "0",
        "Mutual / fondo de empleados", "0",
        "Otra organización de la ESS", "0",
    ]  # fmt: skip


def test_coverage_chart_everything_and_selected(prepared: PreparedData) -> None:
    view = View()
    # of 8 organizations: My.Coop a1 c2 = 2/8 = 25.0 %; Think.Coop a1 = 1/8 = 12.5 %;
    # Start.Coop c1 = 12.5 %; any a1 c1 c2 = 3/8 = 37.5 %
    assert all_text(side_charts.coverage_chart(table_for(prepared, view), view)) == [
        "My.Coop", "25.0%",
        "Think.Coop", "12.5%",
        "Start.Coop", "12.5%",
        "Any programme", "37.5%",
    ]  # fmt: skip
    view = View(lang="es", selected="PE-CUS")
    # CUS, of 3: My.Coop c2 1/3 = 33,3 %; Think 0; Start c1 33,3 %; any 2/3 = 66,7 %
    assert all_text(side_charts.coverage_chart(table_for(prepared, view), view)) == [
        "My.Coop", "33,3\u00a0%",
        "Think.Coop", "0,0\u00a0%",
        "Start.Coop", "33,3\u00a0%",
        "Cualquier programa", "66,7\u00a0%",
    ]  # fmt: skip


def test_coverage_chart_without_organizations_says_no_data(prepared: PreparedData) -> None:
    view = View(selected="CO-AMA")
    text = all_text(side_charts.coverage_chart(table_for(prepared, view), view))
    assert text[1::2] == ["no data"] * 4


def test_priority_chart_lists_ranked_units(prepared: PreparedData) -> None:
    view = View()
    table = table_for(prepared, view, WEIGHTS)
    # scores worked out in the fixture comment: 70.5, 65.1, 46.8. Their spread, 23.7, is
    # under half of 70.5, so the bars start below 46.8: 46.8 - 23.7 / 4 = 40.875, rounded
    # down to a multiple of 10 (the 1-2-5 step at most 23.7 / 2 = 11.85): 40.
    assert all_text(side_charts.priority_chart(table, view)) == [
        "1. Antioquia", "70.5",
        "2. Bogotá, D.C.", "65.1",
        "3. Cusco", "46.8",
        "40", "70.5",
        "Bars start at 40, not at 0, so that close scores can be told apart; "
        "read the values on the right.",
    ]  # fmt: skip
    view = View(lang="es")
    spanish = all_text(side_charts.priority_chart(table_for(prepared, view, WEIGHTS), view))
    assert spanish[1:6:2] == ["70,5", "65,1", "46,8"]
    assert spanish[6:] == [
        "40", "70,5",
        "Las barras empiezan en 40, no en 0, para distinguir puntajes cercanos; "
        "lea los valores a la derecha.",
    ]  # fmt: skip


def test_priority_chart_only_units_in_scope(prepared: PreparedData) -> None:
    view = View(filters=Filters(countries=("PE",)))
    # one unit with organizations left: organizations ln4/ln4 = 1, members ln361/ln361 = 1,
    # association 1/3, youth 0.205882, gap 1/3:
    # (2 + 1 + 2/3 + 0.205882 + 4/3) / 10 * 100 = 5.205882 * 10 = 52.06 -> "52.1"
    assert all_text(side_charts.priority_chart(table_for(prepared, view, WEIGHTS), view)) == [
        "1. Cusco",
        "52.1",
    ]


def test_summary_text(prepared: PreparedData) -> None:
    view = View()
    assert logic.summary_text(table_for(prepared, view), view) == (
        "8 organizations match the filters; 3 cooperatives; 3 reached by a programme."
    )
    # Colombia only: a1-a4 + b1 = 5 orgs; cooperatives a1 a2 = 2; reached a1 = 1
    view = View(lang="es", filters=Filters(countries=("CO",)))
    assert logic.summary_text(table_for(prepared, view), view) == (
        # one organization reached: the participle agrees in the singular
        "5 organizaciones cumplen los filtros; 2 cooperativas; 1 alcanzada por un programa."
    )


# ---------------------------------------------------------------------------- info_panel


def test_info_panel_without_selection(prepared: PreparedData) -> None:
    table = table_for(prepared, View())
    assert all_text(logic.info_panel(table, View())) == [
        "Click a unit on the map or in the table to see its figures."
    ]
    assert all_text(logic.info_panel(table, View(lang="es"))) == [
        "Haga clic en una unidad del mapa o de la tabla para ver sus cifras."
    ]
    # an unknown unit reads the same, never raises
    assert all_text(logic.info_panel(table, View(selected="XX-YY"))) == [
        "Click a unit on the map or in the table to see its figures."
    ]


def test_info_panel_english(prepared: PreparedData) -> None:
    view = View(selected="CO-ANT")
    text = all_text(logic.info_panel(table_for(prepared, view, WEIGHTS), view))
    assert text == [
        "Antioquia (CO-ANT)",
        "Organizations", "4 organizations",
        # 4 / 6,407,102 * 100,000 = 0.0624
        "Organizations per 100,000 inhabitants", "0.1 per 100,000 inhabitants",
        "Cooperatives", "2 organizations",
        "Cooperative share of organizations", "50.0%",
        "Associations and pre-cooperatives (share)", "50.0%",
        "Members", "1,734 members",
        "Women share of members", "43.3%",  # 750 / 1734
        "Youth share of members", "10.0%",  # 150 / 1500
        "Organizations providing social services", "2 organizations",
        "Coverage by any programme", "25.0%",
        "Organizations not yet reached", "3 organizations",
        "Participants", "1,230 people",  # 1200 + 30
        "Why this priority score",
        "70.5 / 100 · Rank 1 of 3",
        "Organizations (log, relative)", "20.0 points (100.0%)",
        "Members (log, relative)", "9.5 points (95.3%)",
        "Associations and pre-cooperatives (share)", "10.0 points (50.0%)",
        "Youth share of members", "1.0 points (10.0%)",
        "Organizations not reached by any programme (share)", "30.0 points (75.0%)",
        # weighted 0 here, shown with the unit's value: IPM 21.98 is 6th lowest of the
        # 29 departments with a figure, (6 - 1) / 28 = 17.9 %; rural 22.38 % (DANE 2018)
        "Poverty, percentile within the country", "0.0 points (17.9%)",
        "Rural share of the population", "0.0 points (22.4%)",
    ]  # fmt: skip


def test_info_panel_spanish_with_a_missing_component(prepared: PreparedData) -> None:
    view = View(lang="es", selected="CO-DC")
    text = all_text(logic.info_panel(table_for(prepared, view, WEIGHTS), view))
    assert text[0] == "Bogotá, D.C. (CO-DC)"
    pairs = dict(zip(text[1:25:2], text[2:25:2], strict=True))
    assert pairs["Socios"] == "2.500 socios"
    assert pairs["Proporción de cooperativas"] == "0,0\u00a0%"
    assert pairs["Proporción de mujeres entre los socios"] == "60,0\u00a0%"  # 1500 / 2500
    assert pairs["Proporción de jóvenes entre los socios"] == "sin datos"
    assert pairs["Participantes"] == "0 personas"
    assert text[25:27] == ["Por qué esta prioridad", "65,1 / 100 · Puesto 2 de 3"]
    assert text[27:] == [
        "Organizaciones (log, relativo)", "9,6 puntos (43,1\u00a0%)",  # 0.430677
        "Socios (log, relativo)", "11,1 puntos (100,0\u00a0%)",
        "Asociaciones y precooperativas (proporción)", "0,0 puntos (0,0\u00a0%)",
        "Proporción de jóvenes entre los socios", "sin datos",
        "Organizaciones no alcanzadas por ningún programa (proporción)",
        "44,4 puntos (100,0\u00a0%)",
        # Bogotá's IPM 9.0 is Colombia's lowest: percentile 0; rural 25,166 / 7,412,566
        "Pobreza, percentil dentro del país", "0,0 puntos (0,0\u00a0%)",
        "Proporción rural de la población", "0,0 puntos (0,3\u00a0%)",
    ]  # fmt: skip


def test_info_panel_unit_without_organizations(prepared: PreparedData) -> None:
    view = View(selected="CO-AMA")
    text = all_text(logic.info_panel(table_for(prepared, view, WEIGHTS), view))
    assert text[0] == "Amazonas (CO-AMA)"
    assert text[-2:] == ["Why this priority score", "no data"]


def test_view_round_trip_drives_the_same_tables(prepared: PreparedData) -> None:
    # a view through the URL gives the same table as the view itself
    view = View(indicator="coop_share", filters=Filters(countries=("CO",)), selected="CO-DC")
    back, _ = View.from_query(view.to_query())
    pd.testing.assert_frame_equal(table_for(prepared, back), table_for(prepared, view))
    assert (back.center, back.zoom) == (DEFAULT_CENTER, DEFAULT_ZOOM)
