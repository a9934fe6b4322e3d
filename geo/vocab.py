"""Every vocabulary of CoopAtlas, defined once (countries, types, sectors, schemes...).

Countries, organization types, sectors and their groups, social services,
programmes and their column keys, and classification schemes: plain constants, so any layer (and the
command line's ``--help``) can use them cheaply. Labels for people are in the
translation catalogue (:mod:`geo.messages`); how registries write these values is
in :mod:`geo.importer.schema`.
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

#: Legal status of an organization, in display order (``unknown`` when the registry has none).
STATUSES: tuple[str, ...] = ("active", "in_liquidation", "cancelled", "unknown")

#: The statuses counted by default (filters, indicators): inactive organizations are kept in
#: the processed data but left out of counts unless a filter asks for them.
DEFAULT_STATUSES: tuple[str, ...] = ("active", "unknown")

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

#: Sector groups above the commodities, in display order.
SECTOR_GROUPS: tuple[str, ...] = (
    "agriculture",
    "livestock",
    "fishing",
    "crafts",
    "finance",
    "services",
    "other",
)

#: The group of each canonical sector; every sector belongs to exactly one group.
#:
#: * crops grown on the land (coffee, cocoa, bananas, vegetables, fruit) are
#:   ``agriculture``;
#: * animals raised for what they give (``dairy``, ``livestock``) are ``livestock``;
#:   so is ``alpaca_fibre``: the fibre is shorn from herds of alpacas that the
#:   members raise on the high Andean pastures (camelid husbandry, like wool from
#:   sheep), so the work, the risks and the training needs are those of herders,
#:   not of crop farmers or of craft workers (spinning and weaving it is ``crafts``);
#: * ``fishing``, ``crafts`` and ``services`` are groups of their own;
#: * ``savings_credit`` (savings and credit cooperatives) is ``finance``;
#: * ``other`` is ``other``, and so is any sector key found only in the data
#:   (:func:`sector_group`).
SECTOR_GROUP: dict[str, str] = {
    "coffee": "agriculture",
    "cocoa": "agriculture",
    "bananas": "agriculture",
    "vegetables": "agriculture",
    "fruit": "agriculture",
    "dairy": "livestock",
    "livestock": "livestock",
    "alpaca_fibre": "livestock",
    "fishing": "fishing",
    "crafts": "crafts",
    "savings_credit": "finance",
    "services": "services",
    "other": "other",
}


def sector_group(sector: str) -> str:
    """Return the group of ``sector``; a key outside :data:`SECTORS` is in ``other``."""
    return SECTOR_GROUP.get(sector, "other")


def sectors_in_groups(groups: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Return the canonical sectors of ``groups``, in :data:`SECTORS` order."""
    return tuple(s for s in SECTORS if SECTOR_GROUP[s] in groups)


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

#: Programme -> its column key (``reached_my_coop`` ...), derived from the names.
PROGRAMME_KEYS: dict[str, str] = {name: name.lower().replace(".", "_") for name in PROGRAMMES}

#: Components of the priority index (:mod:`geo.indicators.priority`), in display order.
PRIORITY_COMPONENTS: tuple[str, ...] = (
    "organizations",
    "members",
    "association_share",
    "youth_share",
    "coverage_gap",
    "need",
    "rurality",
)

#: Export formats of ``coopatlas export`` and the dashboard's export buttons.
ExportFormat = Literal["png", "svg", "pdf", "pptx", "html", "csv", "xlsx", "geojson"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)

#: Tables a data export (csv, xlsx, geojson) can write.
EXPORT_TABLES: tuple[str, ...] = ("indicators", "organizations", "rejected")

#: Classification schemes of :func:`geo.indicators.classify.classify` (``manual`` needs breaks).
Scheme = Literal["quantiles", "fisher_jenks", "equal_interval", "manual"]
SCHEMES: tuple[Scheme, ...] = get_args(Scheme)

#: Schemes offered for maps (dashboard, exports, command line): no manual breaks.
MAP_SCHEMES: tuple[Scheme, ...] = tuple(s for s in SCHEMES if s != "manual")
