"""The indicator catalogue: what each indicator column is called, measured in and coloured by.

:data:`INDICATORS` maps every column of the unit table
(:func:`geo.indicators.compute.compute_indicators`)
and of its summaries to an :class:`IndicatorInfo`: the message ids of its label
and unit (their texts live in :mod:`geo.messages`, section ``INDICATORS``),
number format, direction and palette. :func:`indicator_info` also answers for
sector columns found only in the data. Programme columns are keyed by
:data:`geo.vocab.PROGRAMME_KEYS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo import vocab
from geo.i18n import Lang, t, value_label
from geo.indicators.priority import COMPONENTS
from geo.units.need import NEED_SUMS


@dataclass(frozen=True)
class Ratio:
    """How a share or density is computed: pooled sums, never a mean of ratios.

    ``scale * sum(numerator columns) / denominator``, NaN where the denominator is 0 or
    unknown. A unit's value, a country's, a selection's: the same formula over sums.

    Attributes
    ----------
    numerator
        Additive columns summed on top.
    denominator
        The additive column below.
    scale
        ``1e5`` for "per 100,000 inhabitants", ``1e4`` for "per 10,000 km²".
    in_scope_only
        True for densities: no value for a unit outside the filters (its 0 organizations
        say nothing about it).
    one_country
        True when each country measures it its own way (poverty): pooled only within
        one country; a total over several countries has no value.
    """

    numerator: tuple[str, ...]
    denominator: str
    scale: float = 1.0
    in_scope_only: bool = False
    one_country: bool = False


@dataclass(frozen=True)
class IndicatorInfo:
    """How to label, format and colour one indicator column.

    Attributes
    ----------
    label_id
        Message id of the label (``indicator.<column>`` or a template such as
        ``indicator.orgs_sector``).
    unit_id
        Message id of the unit text after a number (``unit.<name>``; ``""`` for
        none; ``%`` is added by the percent format).
    fmt
        ``"integer"``, ``"decimal"``, ``"percent"`` (values are fractions) or ``"text"``.
    decimals
        Digits after the decimal separator.
    higher_is_better
        True/False where the direction is clear, None for descriptive counts.
    palette
        ``"sequential"`` or ``"diverging"`` (for values with a meaningful middle).
    kind
        ``"id"``, ``"count"``, ``"sum"`` (additive), ``"ratio"``, ``"density"``,
        ``"median"``, ``"score"``, ``"rank"`` or ``"text"``.
    fields
        The label's ``{fields}``: ``(field, section, code)``, each filled with
        :func:`geo.i18n.value_label` (``("sector", "sector", "coffee")``).
    ratio
        The formula of a share or density (:class:`Ratio`); None for sums and counts.
    group
        The group of :data:`GROUPS` it is listed under in a menu (``"counts"``,
        ``"shares"``, ``"coverage"``, ``"need"``, ``"priority"``); ``""`` for unit
        identifiers.
    """

    label_id: str
    unit_id: str = "unit.organizations"
    fmt: str = "integer"
    decimals: int = 0
    higher_is_better: bool | None = None
    palette: str = "sequential"
    kind: str = "count"
    fields: tuple[tuple[str, str, str], ...] = ()
    ratio: Ratio | None = None
    group: str = "counts"

    @property
    def needs_population(self) -> bool:
        """True when the indicator divides by the population (no data where it is unknown)."""
        return self.ratio is not None and self.ratio.denominator == "population"

    def label(self, lang: Lang = "en") -> str:
        """Return the label in ``lang``."""
        values = {name: value_label(section, code, lang) for name, section, code in self.fields}
        return t(self.label_id, lang, **values)

    def unit(self, lang: Lang = "en") -> str:
        """Return the unit text in ``lang`` (``""`` for none)."""
        return t(self.unit_id, lang) if self.unit_id else ""


def _info(column: str, **kw: Any) -> IndicatorInfo:
    """Return a column labelled ``indicator.<column>``."""
    return IndicatorInfo(f"indicator.{column}", **kw)


def _id(column: str) -> IndicatorInfo:
    return _info(column, unit_id="", fmt="text", kind="id", group="")


def _share(label_id: str, **kw: Any) -> IndicatorInfo:
    options: dict[str, Any] = {
        "unit_id": "", "fmt": "percent", "decimals": 1, "kind": "ratio", "group": "shares"
    }  # fmt: skip
    options.update(kw)
    return IndicatorInfo(label_id, **options)


def _of_orgs(*columns: str) -> Ratio:
    """Return the share of the organizations that ``columns`` count."""
    return Ratio(columns, "orgs")


def _sector_info(key: str) -> IndicatorInfo:
    return IndicatorInfo("indicator.orgs_sector", fields=(("sector", "sector", key),))


def _organization_info() -> dict[str, IndicatorInfo]:
    """Return unit identifiers, counts and shares by type and sector, densities."""
    keys = ("unit_id", "parent_id", "admin2_id", "code", "iso_3166_2", "country", "name")
    info: dict[str, IndicatorInfo] = {c: _id(c) for c in keys}
    info["in_scope"] = _id("in_scope")
    info["level"] = _id("level")
    info["units_in_scope"] = _info("units_in_scope", unit_id="")
    info["population"] = _info("population", unit_id="unit.inhabitants", kind="sum")
    info["area_km2"] = _info("area_km2", unit_id="unit.km2", fmt="decimal", kind="sum")
    info["orgs"] = _info("orgs")
    for code in vocab.ORG_TYPES:
        info[f"orgs_{code}"] = IndicatorInfo(f"org_types.{code}")
    info["cooperatives"] = IndicatorInfo("org_types.cooperative")
    info["coop_share"] = _share("indicator.coop_share", ratio=_of_orgs("cooperatives"))
    info["association_share"] = _share(
        "indicator.association_share",
        ratio=_of_orgs("orgs_producer_association", "orgs_pre_cooperative"),
    )
    for code in vocab.ORG_TYPES:
        info[f"type_share_{code}"] = _share(
            "indicator.type_share",
            fields=(("org_types", "org_types", code),),
            ratio=_of_orgs(f"orgs_{code}"),
        )
    for s in (*vocab.SECTORS, "unknown"):
        info[f"orgs_sector_{s}"] = _sector_info(s)
    for g in vocab.SECTOR_GROUPS:
        info[f"orgs_group_{g}"] = IndicatorInfo(
            "indicator.orgs_group", fields=(("group", "sector_group", g),)
        )
    density = {"fmt": "decimal", "decimals": 1, "kind": "density"}
    info["orgs_per_100k"] = _info(
        "orgs_per_100k",
        unit_id="unit.per_100k",
        ratio=Ratio(("orgs",), "population", 1e5, in_scope_only=True),
        **density,
    )
    info["orgs_per_10k_km2"] = _info(
        "orgs_per_10k_km2",
        unit_id="unit.per_10k_km2",
        ratio=Ratio(("orgs",), "area_km2", 1e4, in_scope_only=True),
        **density,
    )
    return info


def _member_info() -> dict[str, IndicatorInfo]:
    """Return member totals, the median, women and youth with their bases and shares."""
    members = {"unit_id": "unit.members", "kind": "sum"}
    info: dict[str, IndicatorInfo] = {}
    info["members_total"] = _info("members_total", **members)
    info["members_known_orgs"] = _info("members_known_orgs")
    info["members_per_100k"] = IndicatorInfo(
        "selection.members_per_100k",
        "unit.per_100k",
        fmt="decimal",
        decimals=1,
        kind="density",
        ratio=Ratio(("members_total",), "population", 1e5, in_scope_only=True),
    )
    info["median_members"] = _info(
        "median_members", unit_id="unit.members", fmt="decimal", decimals=1, kind="median"
    )
    info["members_women"] = _info("members_women", **members)
    info["members_women_base"] = _info("members_women_base", **members)
    info["women_share"] = _share(
        "indicator.women_share",
        palette="diverging",
        ratio=Ratio(("members_women",), "members_women_base"),
    )
    info["members_youth"] = _info("members_youth", **members)
    info["members_youth_base"] = _info("members_youth_base", **members)
    info["youth_share"] = _share(
        "indicator.youth_share", ratio=Ratio(("members_youth",), "members_youth_base")
    )
    return info


def _service_info() -> dict[str, IndicatorInfo]:
    """Return social services and federation membership."""
    info: dict[str, IndicatorInfo] = {}
    info["orgs_social_services"] = _info("orgs_social_services")
    for s in vocab.SERVICES:
        info[f"services_{s}"] = IndicatorInfo(
            "indicator.services", fields=(("service", "service", s),)
        )
    info["orgs_federated"] = _info("orgs_federated")
    return info


def _need_info() -> dict[str, IndicatorInfo]:
    """Return need: rural share and poverty, with the sums they are pooled from."""
    people = {"unit_id": "unit.people", "kind": "sum", "group": "need"}
    info: dict[str, IndicatorInfo] = {c: _info(c, **people) for c in NEED_SUMS}
    info["rural_share"] = _share(
        "indicator.rural_share",
        ratio=Ratio(("people_rural",), "population_rural_known", in_scope_only=True),
        group="need",
    )
    info["poverty_rate"] = _share(
        "indicator.poverty_rate",
        higher_is_better=False,
        ratio=Ratio(("people_poor",), "population_poverty", in_scope_only=True, one_country=True),
        group="need",
    )
    return info


def _programme_info() -> dict[str, IndicatorInfo]:
    """Return programme reach, coverage and participants, overall and per programme."""
    people: dict[str, Any] = {"unit_id": "unit.people", "kind": "sum", "group": "coverage"}
    info: dict[str, IndicatorInfo] = {}
    info["reached_any"] = _info("reached_any", group="coverage")
    info["coverage_any"] = _share(
        "indicator.coverage_any",
        higher_is_better=True,
        ratio=_of_orgs("reached_any"),
        group="coverage",
    )
    info["not_reached"] = _info("not_reached", higher_is_better=False, group="coverage")
    info["participants"] = _info("participants", **people)
    info["participants_women"] = _info("participants_women", **people)
    for programme, key in vocab.PROGRAMME_KEYS.items():
        name = (("programme", "programme", "others" if key == "other" else programme),)
        info[f"reached_{key}"] = IndicatorInfo("indicator.reached", fields=name, group="coverage")
        info[f"coverage_{key}"] = _share(
            "indicator.coverage",
            higher_is_better=True,
            fields=name,
            ratio=_of_orgs(f"reached_{key}"),
            group="coverage",
        )
        info[f"participants_{key}"] = IndicatorInfo(
            "indicator.participants_in", fields=name, **people
        )
        info[f"participants_women_{key}"] = IndicatorInfo(
            "indicator.participants_women_in", fields=name, **people
        )
    return info


def _priority_info() -> dict[str, IndicatorInfo]:
    """Return the priority index: components, points, score, rank, missing components."""
    info: dict[str, IndicatorInfo] = {}
    for c in COMPONENTS:
        component = (("component", "priority.component", c),)
        info[f"priority_{c}"] = IndicatorInfo(
            "indicator.priority_component",
            "unit.score_0_1",
            fmt="decimal",
            decimals=2,
            kind="score",
            fields=component,
            group="priority",
        )
        info[f"priority_{c}_points"] = IndicatorInfo(
            "indicator.priority_points",
            "priority.points",
            fmt="decimal",
            decimals=1,
            kind="score",
            fields=component,
            group="priority",
        )
    score = {"unit_id": "unit.score_0_100", "fmt": "decimal", "decimals": 1, "kind": "score"}
    info["priority_score"] = _info("priority_score", group="priority", **score)
    info["priority_rank"] = _info(
        "priority_rank", unit_id="", kind="rank", higher_is_better=False, group="priority"
    )
    info["priority_missing"] = _info(
        "priority_missing", unit_id="", fmt="text", kind="text", group="priority"
    )
    return info


def _build_indicators() -> dict[str, IndicatorInfo]:
    """Return every indicator column in table order, group by group."""
    return {
        **_organization_info(),
        **_member_info(),
        **_service_info(),
        **_programme_info(),
        **_need_info(),
        **_priority_info(),
    }


#: The groups a menu lists indicators under, in order (each :class:`IndicatorInfo` names
#: its own ``group``; the words are ``indicator_group.<group>`` in :mod:`geo.messages`).
GROUPS: tuple[str, ...] = ("counts", "shares", "coverage", "need", "priority")


#: Metadata of every indicator column: labels, units, format, direction, palette.
INDICATORS: dict[str, IndicatorInfo] = _build_indicators()


#: The shares and densities, in table order: column -> formula.
RATIOS: dict[str, Ratio] = {c: i.ratio for c, i in INDICATORS.items() if i.ratio is not None}


def indicator_info(column: str) -> IndicatorInfo:
    """Return the metadata of ``column``, including sector columns found only in the data.

    Raises
    ------
    KeyError
        If ``column`` is not an indicator.
    """
    if column in INDICATORS:
        return INDICATORS[column]
    if column.startswith("orgs_sector_"):
        return _sector_info(column.removeprefix("orgs_sector_"))
    raise KeyError(f"unknown indicator column {column!r}")


#: What each panel shows, in its order; every list of indicators on a page derives from here.
#: ``map``: the map's indicator menu (the URL's ``ind``; ``type_share`` is the share of the
#: type chosen beside it); ``grid``: the unit table's columns; ``totals``: the planner's
#: totals of a selection; ``compare``: the measures of units side by side on the page (the
#: download has them all). Each name is a column of :data:`INDICATORS`.
PANELS: dict[str, tuple[str, ...]] = {
    "map": (
        "orgs", "orgs_per_100k", "orgs_per_10k_km2", "type_share", "coop_share",
        "members_total", "women_share", "youth_share", "coverage_any", "coverage_my_coop",
        "coverage_think_coop", "coverage_start_coop", "not_reached", "priority_score",
        "poverty_rate", "rural_share",
    ),
    "grid": (
        "priority_rank", "name", "country", "orgs", "orgs_per_100k", "cooperatives",
        "coop_share", "association_share", "members_total", "women_share", "youth_share",
        "coverage_any", "not_reached", "priority_score",
    ),
    "totals": (
        "orgs", "cooperatives", "coop_share", "members_total", "women_share", "youth_share",
        "coverage_any",
    ),
    "compare": (
        "orgs", "orgs_per_100k", "cooperatives", "coop_share", "members_total", "women_share",
        "youth_share", "coverage_any", "coverage_my_coop", "coverage_think_coop",
        "coverage_start_coop", "priority_score", "priority_rank",
    ),
}  # fmt: skip


def ratios_markdown(lang: Lang = "en") -> str:
    """Return the table of every share and density with its formula (for docs/indicators.md).

    The documentation's table is this function's output (a test compares them), so the
    formulas are written once, here.
    """
    rows = [
        "| Column | Indicator | Formula (over pooled sums) | Only where in the filters "
        "| Pooled within one country only |"
    ]
    rows.append("|---|---|---|---|---|")
    for column, ratio in RATIOS.items():
        top = " + ".join(f"`{c}`" for c in ratio.numerator)
        top = f"({top})" if len(ratio.numerator) > 1 else top
        scale = "" if ratio.scale == 1 else f"{ratio.scale:,.0f} × "
        formula = f"{scale}{top} / `{ratio.denominator}`"
        scoped = "yes" if ratio.in_scope_only else ""
        country = "yes" if ratio.one_country else ""
        label = INDICATORS[column].label(lang)
        rows.append(f"| `{column}` | {label} | {formula} | {scoped} | {country} |")
    return "\n".join(rows)


#: The columns a programme period (``years=``, :mod:`geo.indicators.periods`) changes:
#: programme reach, coverage and participants, and the priority index through its
#: coverage gap (the score and rank follow it). The offline HTML map's year slider
#: (:mod:`geo.export.html_years`) is drawn for these indicators.
PERIOD_COLUMNS: frozenset[str] = frozenset(
    [
        *_programme_info(),
        "priority_coverage_gap",
        "priority_coverage_gap_points",
        "priority_score",
        "priority_rank",
    ]
)
