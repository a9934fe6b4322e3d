"""Words for what a link (or ``coopatlas export --view``) asked that cannot be used.

One section of the catalogue (:mod:`geo.messages`): the notices of
:meth:`geo.indicators.view.View.from_query`, :meth:`geo.indicators.filters.Filters.from_query`
and :func:`geo.units.levels.parent_problems`, said as :class:`geo.notice.Notice`. The
English text is what the command line prints; a page shows the notice in its own
language. Parameter names (``k``, ``sel``, ``parent``...) and values are quoted as
the link wrote them, in both languages.
"""

from __future__ import annotations

from geo.messages.msg import Msg

LINKS: dict[str, Msg] = {
    "link.not_one_of": Msg(
        "{param}={value} is not one of {allowed}", "{param}={value} no es uno de {allowed}"
    ),
    "link.bad_k": Msg(
        "k={value} is not a number of classes from {low} to {high}",
        "k={value} no es un número de clases de {low} a {high}",
    ),
    "link.parent_needs_level": Msg(
        "parent {parent} needs level {levels}", "parent {parent} requiere el nivel {levels}"
    ),
    "link.level_needs_parent": Msg(
        "level {level} needs a parent: a country {countries} or a unit",
        "el nivel {level} requiere un parent: un país {countries} o una unidad",
    ),
    "link.parent_unknown": Msg(
        "parent {parent} is not a country or a known level-{level} unit",
        "parent {parent} no es un país ni una unidad conocida de nivel {level}",
    ),
    "link.parent_malformed": Msg(
        "parent {parent} is not a country or a level-{level} unit id",
        "parent {parent} no es un país ni un código de unidad de nivel {level}",
    ),
    "link.sel_unknown": Msg(
        "sel={value} is not a known unit", "sel={value} no es una unidad conocida"
    ),
    "link.bad_weights": Msg(
        "w={value} is not {n} non-negative priority weights",
        "w={value} no son {n} pesos de prioridad no negativos",
    ),
    "link.bad_position": Msg(
        "the map position (lat, lon, z) is not valid",
        "la posición del mapa (lat, lon, z) no es válida",
    ),
    "link.bad_period": Msg(
        "{param}={value} is not a period of years such as 2019-2021",
        "{param}={value} no es un período de años como 2019-2021",
    ),
    "link.before_not_before": Msg(
        "before={value} is not a period before years",
        "before={value} no es un período anterior a years",
    ),
    "link.unknown_filter": Msg(
        "unknown filter {name} ignored", "filtro desconocido {name} ignorado"
    ),
    "link.not_text": Msg(
        "{param}: value {value} is not text; ignored",
        "{param}: el valor {value} no es texto; ignorado",
    ),
    "link.item_dropped": Msg(
        "{param}: {value} dropped (expected {expected})",
        "{param}: {value} descartado (se esperaba {expected})",
    ),
    "link.unit_dropped": Msg(
        "units: {value} dropped (not in the unit table)",
        "units: {value} descartado (no está en la tabla de unidades)",
    ),
    "link.year_dropped": Msg(
        "{param}: {value} dropped (expected a year such as 1995)",
        "{param}: {value} descartado (se esperaba un año como 1995)",
    ),
    "link.bool_dropped": Msg(
        "{param}: {value} dropped (expected true or false)",
        "{param}: {value} descartado (se esperaba true o false)",
    ),
    "link.founded_range": Msg(
        "founded range {low}-{high} dropped (start after end)",
        "rango de fundación {low}-{high} descartado (el inicio es posterior al final)",
    ),
    # what a filter value must be (the ``expected`` of link.item_dropped)
    "link.expect.one_of": Msg("one of {values}", "uno de {values}"),
    "link.expect.programmes": Msg("one of {values} (or {keys})", "uno de {values} (o {keys})"),
    "link.expect.units": Msg(
        "an ISO 3166-2 code such as 'CO-ANT'", "un código ISO 3166-2 como 'CO-ANT'"
    ),
    "link.expect.sectors": Msg(
        "a lower-case sector key such as 'coffee'",
        "una clave de sector en minúsculas como 'coffee'",
    ),
    "link.expect.federations": Msg(
        "a federation name without {sep}, at most {n} characters",
        "un nombre de federación sin {sep}, de {n} caracteres como máximo",
    ),
}
