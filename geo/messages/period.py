"""Words of programme periods: the year slider, the change in reach, the timeline.

One section of the catalogue (:mod:`geo.messages`): ``Msg(en, es)`` by message id.
"""

from __future__ import annotations

from geo.messages.msg import Msg

# --------------------------------------------------------------------------- periods
PERIOD: dict[str, Msg] = {
    "period.title": Msg("Programme years", "Años de los programas"),
    "period.years": Msg("Participation in the years", "Participación en los años"),
    "period.all_years": Msg("all years", "todos los años"),
    "period.play": Msg("Play year by year", "Reproducir año por año"),
    "period.pause": Msg("Pause", "Pausa"),
    "period.compare": Msg("Compare with earlier years", "Comparar con años anteriores"),
    "period.before": Msg("Earlier years", "Años anteriores"),
    "period.none": Msg(
        "These data have no programme participation with a year.",
        "Estos datos no tienen participación en programas con año.",
    ),
    "period.before_overlaps": Msg(
        "The earlier years must end before {year}: move them to see the change.",
        "Los años anteriores deben terminar antes de {year}: muévalos para ver el cambio.",
    ),
    "period.headline": Msg("Programme years {period}", "Años de los programas {period}"),
    # change in reach between two periods (geo/indicators/reach_change.py)
    "change.title": Msg(
        "Change in programme reach, {before} to {since}",
        "Cambio en el alcance de los programas, {before} a {since}",
    ),
    "change.new": Msg("Reached for the first time", "Alcanzada por primera vez"),
    "change.both": Msg("Reached in both periods", "Alcanzada en ambos periodos"),
    "change.lapsed": Msg("Reached before, not since", "Alcanzada antes, no después"),
    "change.never": Msg("Never reached", "Nunca alcanzada"),
    "change.unit": Msg("Unit", "Unidad"),
    "change.class": Msg("Change", "Cambio"),
    "change.reached": Msg("Organizations reached, {period}", "Organizaciones alcanzadas, {period}"),
    "change.code": Msg("Code", "Código"),
    "change.target": Msg("Reach of {programme}", "Alcance de {programme}"),
    "change.panel": Msg("Units by change in reach", "Unidades según el cambio de alcance"),
    "change.units": Msg("Units", "Unidades"),
    "change.note": Msg(
        "A unit is reached in a period when at least one of its organizations in the filters "
        "took part in a programme in those years. Units outside the filters are not counted.",
        "Una unidad está alcanzada en un periodo si al menos una de sus organizaciones dentro "
        "de los filtros participó en un programa en esos años. No se cuentan las unidades "
        "fuera de los filtros.",
    ),
    "change.hint": Msg(
        "Tick “Compare with earlier years” to map where reach changed.",
        "Marque “Comparar con años anteriores” para ver dónde cambió el alcance.",
    ),
    # the timeline of the current filter or selection (geo/indicators/timeline.py)
    "timeline.title": Msg("Programme reach per year", "Alcance de los programas por año"),
    "timeline.year": Msg("Year", "Año"),
    "timeline.programme": Msg("Programme", "Programa"),
    "timeline.orgs": Msg("Organizations reached", "Organizaciones alcanzadas"),
    "timeline.participants": Msg("Participants", "Participantes"),
    "timeline.women": Msg("Women participants", "Participantes mujeres"),
    "timeline.empty": Msg(
        "No programme participation with a year matches this view.",
        "Ninguna participación en programas con año coincide con esta vista.",
    ),
    "timeline.download": Msg("Download the timeline", "Descargar la línea de tiempo"),
}
