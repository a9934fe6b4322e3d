"""Every vocabulary of CoopAtlas, defined once (countries, types, sectors, schemes...).

Countries, organization types, sectors, social services, programmes and
classification schemes: plain constants, so any layer (and the
command line's ``--help``) can use them cheaply. Labels for people are in the
translation catalogue (:mod:`geo.messages`); how registries write these values is
in :mod:`geo.schema`.
"""

from __future__ import annotations

from typing import Literal, get_args

#: The three countries, ISO 3166-1 alpha-2, in display order.
COUNTRY_CODES: tuple[str, ...] = ("CO", "PE", "EC")

#: Each country's official short name in Spanish.
COUNTRY_NAMES: dict[str, str] = {"CO": "Colombia", "PE": "Perú", "EC": "Ecuador"}


#: Canonical organization types, in display order.
ORG_TYPES: tuple[str, ...] = (
    "cooperative",
    "pre_cooperative",
    "producer_association",
    "community_organization",
    "mutual_employee_fund",
    "other_sse",
)

#: Canonical sectors (main product or activity).
SECTORS: tuple[str, ...] = (
    "coffee",
    "cocoa",
    "dairy",
    "bananas",
    "fishing",
    "alpaca_fibre",
    "vegetables",
    "fruit",
    "livestock",
    "crafts",
    "savings_credit",
    "services",
    "other",
)

#: Canonical social services.
SERVICES: tuple[str, ...] = (
    "health",
    "education",
    "childcare",
    "savings_credit",
    "insurance",
    "housing",
    "funeral",
    "training",
    "other",
)

PROGRAMMES: tuple[str, ...] = ("My.Coop", "Think.Coop", "Start.Coop", "other")

#: Classification schemes of :func:`geo.classify.classify` (``manual`` needs breaks).
Scheme = Literal["quantiles", "fisher_jenks", "equal_interval", "manual"]
SCHEMES: tuple[Scheme, ...] = get_args(Scheme)

#: Schemes offered for maps (dashboard, exports, command line): no manual breaks.
MAP_SCHEMES: tuple[Scheme, ...] = tuple(s for s in SCHEMES if s != "manual")
