"""Words of the controls that help a planner: indicator groups, weight shares, bar axes.

One section of the catalogue (:mod:`geo.messages`): ``Msg(en, es)`` by message id.
"""

from __future__ import annotations

from geo.messages.msg import Msg

# --------------------------------------------------------------------------- controls
CONTROLS: dict[str, Msg] = {
    # the map indicator menu, grouped (geo.indicators.catalogue.GROUPS)
    "indicator_group.counts": Msg("Counts", "Cantidades"),
    "indicator_group.shares": Msg("Shares", "Proporciones"),
    "indicator_group.coverage": Msg("Programme coverage", "Cobertura de los programas"),
    "indicator_group.need": Msg("Need", "Necesidad"),
    "indicator_group.priority": Msg("Priority", "Prioridad"),
    # the priority weights as shares of 100 % (dashboard/weight_shares.py)
    "controls.weight_share_title": Msg(
        "Share of the priority score this weight gives (the weights add up to 100 %)",
        "Parte del puntaje de prioridad que da este peso (los pesos suman 100 %)",
    ),
    # "not yet reached" under a target programme (geo/indicators/reach_target.py)
    "indicator.not_reached_programme": Msg(
        "Organizations not yet reached by {programme}",
        "Organizaciones aún no alcanzadas por {programme}",
    ),
    # bars whose axis does not start at 0 (dashboard/bar_axis.py)
    "bars.axis_from": Msg(
        "Bars start at {low}, not at 0, so that close scores can be told apart; "
        "read the values on the right.",
        "Las barras empiezan en {low}, no en 0, para distinguir puntajes cercanos; "
        "lea los valores a la derecha.",
    ),
    "bars.axis_label": Msg("Bar axis from {low} to {high}", "Eje de las barras de {low} a {high}"),
}
