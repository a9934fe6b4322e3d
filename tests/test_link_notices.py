"""A link's unusable parameters are said in the page's language; the command line keeps English.

Every expected sentence below is written out by hand from the catalogue's wording
(``geo/messages/links.py``) with the values the link holds, quoted as Python's
``repr`` quotes them (``'types'``).
"""

from __future__ import annotations

import argparse
import pickle

import pytest

from coopatlas.export_view import export_view
from dashboard import logic
from geo._errors import InputValidationError
from geo.indicators.filters import Filters
from geo.indicators.view import View
from geo.notice import Notice, in_lang
from geo.units.levels import get_level, parent_problems


def test_an_unknown_filter_is_said_in_spanish_and_stays_english_as_text() -> None:
    view, notices = View.from_query("lang=es&types=x")
    assert view.lang == "es"
    assert notices == ["unknown filter 'types' ignored"]  # the command line's words
    assert in_lang(notices[0], "es") == "filtro desconocido 'types' ignorado"


@pytest.mark.parametrize(
    ("query", "english", "spanish"),
    [
        # MIN_K = 2, MAX_K = 9 (geo/indicators/classify.py)
        ("k=99", "k='99' is not a number of classes from 2 to 9",
         "k='99' no es un número de clases de 2 a 9"),
        ("scheme=mean", "scheme='mean' is not one of equal_interval, fisher_jenks, quantiles",
         "scheme='mean' no es uno de equal_interval, fisher_jenks, quantiles"),
        ("sel=XX-YY", "sel='XX-YY' is not a known unit", "sel='XX-YY' no es una unidad conocida"),
        ("z=4", "the map position (lat, lon, z) is not valid",
         "la posición del mapa (lat, lon, z) no es válida"),
        ("years=soon", "years='soon' is not a period of years such as 2019-2021",
         "years='soon' no es un período de años como 2019-2021"),
        ("founded_from=2010&founded_to=2000",
         "founded range 2010-2000 dropped (start after end)",
         "rango de fundación 2010-2000 descartado (el inicio es posterior al final)"),
        ("federated=maybe", "federated: 'maybe' dropped (expected true or false)",
         "federated: 'maybe' descartado (se esperaba true o false)"),
        ("founded_from=old", "founded_from: 'old' dropped (expected a year such as 1995)",
         "founded_from: 'old' descartado (se esperaba un año como 1995)"),
        # the expectation is a notice inside the notice: said in the same language
        ("countries=BR", "countries: 'BR' dropped (expected one of ['CO', 'PE', 'EC'])",
         "countries: 'BR' descartado (se esperaba uno de ['CO', 'PE', 'EC'])"),
        ("units=bogota", "units: 'bogota' dropped (expected an ISO 3166-2 code such as 'CO-ANT')",
         "units: 'bogota' descartado (se esperaba un código ISO 3166-2 como 'CO-ANT')"),
    ],
)  # fmt: skip
def test_each_kind_of_link_problem_in_both_languages(
    query: str, english: str, spanish: str
) -> None:
    _, notices = View.from_query(query, known_units={"CO-ANT"})
    assert notices == [english]
    assert [in_lang(n, "es") for n in notices] == [spanish]
    assert [in_lang(n, "en") for n in notices] == [english]


def test_parent_problems_are_notices_in_both_languages() -> None:
    problems = parent_problems(get_level(2), "CO-XXX", {"CO-ANT"})
    assert problems == ["parent 'CO-XXX' is not a country or a known level-1 unit"]
    assert in_lang(problems[0], "es") == (
        "parent 'CO-XXX' no es un país ni una unidad conocida de nivel 1"
    )
    # level 1 takes no parent; the levels below it (2) are named
    problems = parent_problems(get_level(1), "CO")
    assert problems == ["parent 'CO' needs level 2"]
    assert in_lang(problems[0], "es") == "parent 'CO' requiere el nivel 2"


def test_the_page_shows_the_notices_in_its_language_and_caps_them() -> None:
    _, notices = View.from_query("types=x&federated=maybe")
    assert logic.cap_notices(notices, lang="es") == [
        "filtro desconocido 'types' ignorado",
        "federated: 'maybe' descartado (se esperaba true o false)",
    ]
    # nine notices: eight shown, then "and 1 more" in the language
    query = "&".join(f"x{i}=1" for i in range(9))
    _, many = View.from_query(query)
    shown = logic.cap_notices(many, lang="es")
    assert len(shown) == 9 and shown[0] == "filtro desconocido 'x0' ignorado"
    assert shown[-1] == "y 1 más"


def test_the_command_line_still_raises_in_english() -> None:
    args = argparse.Namespace(
        view="?lang=es&types=x", filter=["federated=maybe"], country=None, target=None,
        weights=None,
    )  # fmt: skip
    with pytest.raises(InputValidationError) as caught:
        export_view(args, known_units={"CO-ANT"}, known_children=set())
    assert caught.value.problems == [
        "unknown filter 'types' ignored",
        "federated: 'maybe' dropped (expected true or false)",
    ]
    # the constructor's own problems say the expectation in English too
    with pytest.raises(InputValidationError, match=r"countries: 'BR' is not one of \['CO'"):
        Filters(countries=("BR",))


def test_a_notice_survives_pickle_and_json() -> None:
    notice = Notice(
        "link.item_dropped",
        param="countries",
        value="'BR'",
        expected=Notice("link.expect.one_of", values="['CO', 'PE', 'EC']"),
    )
    back = pickle.loads(pickle.dumps(notice))
    assert (back, back.key, back.in_lang("es")) == (
        notice,
        "link.item_dropped",
        "countries: 'BR' descartado (se esperaba uno de ['CO', 'PE', 'EC'])",
    )
    again = Notice.from_json(notice.to_json())
    assert again is not None and again.in_lang("es") == notice.in_lang("es")
    # not a notice, or a message id this version does not know: None (English is kept)
    assert Notice.from_json({"id": "no.such.id", "fields": {}}) is None
    assert Notice.from_json("text") is None
