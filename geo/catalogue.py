"""The indicator catalogue: what each indicator column is called, measured in and coloured by.

:data:`INDICATORS` maps every column of the unit table (:func:`geo.indicators.compute_indicators`)
and of its summaries to an :class:`IndicatorInfo`: English and Spanish labels,
unit text, number format, direction and palette. :func:`indicator_info` also
answers for sector columns found only in the data. The label tables of
organization types, sectors and social services, and the column key of each
programme (:data:`PROGRAMMES`), belong to the catalogue and live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from geo import vocab
from geo.priority import COMPONENT_LABELS, COMPONENTS

Lang = Literal["en", "es"]

#: Programmes -> column key (``reached_my_coop`` ...), from the canonical names.
PROGRAMMES: dict[str, str] = {name: name.lower().replace(".", "_") for name in vocab.PROGRAMMES}


@dataclass(frozen=True)
class IndicatorInfo:
    """How to label, format and colour one indicator column.

    Attributes
    ----------
    label_en, label_es
        Column labels.
    unit_en, unit_es
        Unit text after a number ("" for none; ``%`` is added by the percent format).
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
    """

    label_en: str
    label_es: str
    unit_en: str = ""
    unit_es: str = ""
    fmt: str = "integer"
    decimals: int = 0
    higher_is_better: bool | None = None
    palette: str = "sequential"
    kind: str = "count"

    def label(self, lang: Lang = "en") -> str:
        """Return the label in ``lang``."""
        return self.label_en if lang == "en" else self.label_es

    def unit(self, lang: Lang = "en") -> str:
        """Return the unit text in ``lang``."""
        return self.unit_en if lang == "en" else self.unit_es


#: Organization type -> (English, Spanish) plural label.
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "cooperative": ("Cooperatives", "Cooperativas"),
    "pre_cooperative": ("Pre-cooperatives", "Precooperativas"),
    "producer_association": ("Producer associations", "Asociaciones de productores"),
    "community_organization": ("Community organizations", "Organizaciones comunitarias"),
    "mutual_employee_fund": ("Mutuals and employee funds", "Mutuales y fondos de empleados"),
    "other_sse": ("Other SSE organizations", "Otras organizaciones de la ESS"),
}
#: Sector key -> (English, Spanish) label.
SECTOR_LABELS: dict[str, tuple[str, str]] = {
    "coffee": ("coffee", "café"),
    "cocoa": ("cocoa", "cacao"),
    "dairy": ("dairy", "lácteos"),
    "bananas": ("bananas", "banano"),
    "fishing": ("fishing", "pesca"),
    "alpaca_fibre": ("alpaca fibre", "fibra de alpaca"),
    "vegetables": ("vegetables", "hortalizas"),
    "fruit": ("fruit", "frutas"),
    "livestock": ("livestock", "ganadería"),
    "crafts": ("crafts", "artesanías"),
    "savings_credit": ("savings and credit", "ahorro y crédito"),
    "services": ("services", "servicios"),
    "other": ("other", "otro"),
    "unknown": ("unknown", "sin dato"),
}
#: Social service -> (English, Spanish) label.
SERVICE_LABELS: dict[str, tuple[str, str]] = {
    "health": ("health", "salud"),
    "education": ("education", "educación"),
    "childcare": ("childcare", "cuidado infantil"),
    "savings_credit": ("savings and credit", "ahorro y crédito"),
    "insurance": ("insurance", "seguros"),
    "housing": ("housing", "vivienda"),
    "funeral": ("funeral", "funerarios"),
    "training": ("training", "capacitación"),
    "other": ("other", "otros"),
}
_ORGS = ("organizations", "organizaciones")
_PEOPLE = ("people", "personas")
_MEMBERS = ("members", "socios")


def _count(en: str, es: str, unit: tuple[str, str] = _ORGS, **kw: object) -> IndicatorInfo:
    return IndicatorInfo(en, es, unit[0], unit[1], **kw)  # type: ignore[arg-type]


def _share(en: str, es: str, **kw: object) -> IndicatorInfo:
    options: dict[str, object] = {"fmt": "percent", "decimals": 1, "kind": "ratio"}
    options.update(kw)
    return IndicatorInfo(en, es, **options)  # type: ignore[arg-type]


def _sector_info(key: str) -> IndicatorInfo:
    en, es = SECTOR_LABELS.get(key, (key.replace("_", " "), key.replace("_", " ")))
    return _count(f"Organizations in sector: {en}", f"Organizaciones del sector: {es}")


def _organization_info() -> dict[str, IndicatorInfo]:
    """Return unit identifiers, counts and shares by type and sector, densities."""
    info: dict[str, IndicatorInfo] = {
        "iso_3166_2": IndicatorInfo("ISO 3166-2", "ISO 3166-2", fmt="text", kind="id"),
        "country": IndicatorInfo("Country", "País", fmt="text", kind="id"),
        "name": IndicatorInfo("Name", "Nombre", fmt="text", kind="id"),
        "in_scope": IndicatorInfo("In the selection", "En la selección", fmt="text", kind="id"),
        "level": IndicatorInfo("Level", "Nivel", fmt="text", kind="id"),
        "units_in_scope": _count("Units in the selection", "Unidades en la selección", ("", "")),
        "population": _count("Population", "Población", ("inhabitants", "habitantes"), kind="sum"),
        "area_km2": _count("Area", "Superficie", ("km²", "km²"), fmt="decimal", kind="sum"),
        "orgs": _count("Organizations", "Organizaciones"),
    }
    for t, (en, es) in TYPE_LABELS.items():
        info[f"orgs_{t}"] = _count(en, es)
    info["cooperatives"] = _count("Cooperatives", "Cooperativas")
    info["coop_share"] = _share("Cooperative share of organizations", "Proporción de cooperativas")
    info["association_share"] = _share(
        "Associations and pre-cooperatives (share)", "Asociaciones y precooperativas (proporción)"
    )
    for t, (en, es) in TYPE_LABELS.items():
        info[f"type_share_{t}"] = _share(f"{en} (share)", f"{es} (proporción)")
    for s in (*vocab.SECTORS, "unknown"):
        info[f"orgs_sector_{s}"] = _sector_info(s)
    info["orgs_per_100k"] = _count(
        "Organizations per 100,000 inhabitants",
        "Organizaciones por 100.000 habitantes",
        ("per 100,000 inhabitants", "por 100.000 habitantes"),
        fmt="decimal",
        decimals=1,
        kind="density",
    )
    info["orgs_per_10k_km2"] = _count(
        "Organizations per 10,000 km²",
        "Organizaciones por 10.000 km²",
        ("per 10,000 km²", "por 10.000 km²"),
        fmt="decimal",
        decimals=1,
        kind="density",
    )
    return info


def _member_info() -> dict[str, IndicatorInfo]:
    """Return member totals, the median, women and youth with their bases and shares."""
    info: dict[str, IndicatorInfo] = {}
    info["members_total"] = _count("Members", "Socios", _MEMBERS, kind="sum")
    info["members_known_orgs"] = _count(
        "Organizations reporting members", "Organizaciones con número de socios"
    )
    info["median_members"] = _count(
        "Members per organization (median)",
        "Socios por organización (mediana)",
        _MEMBERS,
        fmt="decimal",
        decimals=1,
        kind="median",
    )
    info["members_women"] = _count("Women members", "Socias mujeres", _MEMBERS, kind="sum")
    info["members_women_base"] = _count(
        "Members of organizations reporting women",
        "Socios de organizaciones con dato de mujeres",
        _MEMBERS,
        kind="sum",
    )
    info["women_share"] = _share(
        "Women share of members", "Proporción de mujeres entre los socios", palette="diverging"
    )
    info["members_youth"] = _count("Youth members", "Socios jóvenes", _MEMBERS, kind="sum")
    info["members_youth_base"] = _count(
        "Members of organizations reporting youth",
        "Socios de organizaciones con dato de jóvenes",
        _MEMBERS,
        kind="sum",
    )
    info["youth_share"] = _share("Youth share of members", "Proporción de jóvenes entre los socios")
    return info


def _service_info() -> dict[str, IndicatorInfo]:
    """Return social services and federation membership."""
    info: dict[str, IndicatorInfo] = {}
    info["orgs_social_services"] = _count(
        "Organizations providing social services", "Organizaciones que prestan servicios sociales"
    )
    for s, (en, es) in SERVICE_LABELS.items():
        info[f"services_{s}"] = _count(
            f"Organizations providing {en} services",
            f"Organizaciones con servicios de {es}",
        )
    info["orgs_federated"] = _count(
        "Organizations in a federation", "Organizaciones afiliadas a una federación"
    )
    return info


def _programme_info() -> dict[str, IndicatorInfo]:
    """Return programme reach, coverage and participants, overall and per programme."""
    info: dict[str, IndicatorInfo] = {}
    info["reached_any"] = _count(
        "Organizations reached by any programme", "Organizaciones alcanzadas por algún programa"
    )
    info["coverage_any"] = _share(
        "Coverage by any programme", "Cobertura de algún programa", higher_is_better=True
    )
    info["not_reached"] = _count(
        "Organizations not yet reached", "Organizaciones aún no alcanzadas", higher_is_better=False
    )
    info["participants"] = _count("Participants", "Participantes", _PEOPLE, kind="sum")
    info["participants_women"] = _count(
        "Women participants", "Mujeres participantes", _PEOPLE, kind="sum"
    )
    for programme, key in PROGRAMMES.items():
        name_es = "otros programas" if key == "other" else programme
        name_en = "other programmes" if key == "other" else programme
        info[f"reached_{key}"] = _count(
            f"Organizations reached by {name_en}", f"Organizaciones alcanzadas por {name_es}"
        )
        info[f"coverage_{key}"] = _share(
            f"Coverage by {name_en}", f"Cobertura de {name_es}", higher_is_better=True
        )
        info[f"participants_{key}"] = _count(
            f"Participants in {name_en}", f"Participantes en {name_es}", _PEOPLE, kind="sum"
        )
        info[f"participants_women_{key}"] = _count(
            f"Women participants in {name_en}",
            f"Mujeres participantes en {name_es}",
            _PEOPLE,
            kind="sum",
        )
    return info


def _priority_info() -> dict[str, IndicatorInfo]:
    """Return the priority index: components, points, score, rank, missing components."""
    info: dict[str, IndicatorInfo] = {}
    for c in COMPONENTS:
        en, es = COMPONENT_LABELS[c]
        info[f"priority_{c}"] = IndicatorInfo(
            f"Priority component: {en}",
            f"Componente de prioridad: {es}",
            "(0-1)",
            "(0-1)",
            fmt="decimal",
            decimals=2,
            kind="score",
        )
        info[f"priority_{c}_points"] = IndicatorInfo(
            f"Priority points from: {en}",
            f"Puntos de prioridad por: {es}",
            "points",
            "puntos",
            fmt="decimal",
            decimals=1,
            kind="score",
        )
    info["priority_score"] = IndicatorInfo(
        "Priority index", "Índice de prioridad", "(0-100)", "(0-100)", "decimal", 1, kind="score"
    )
    info["priority_rank"] = IndicatorInfo(
        "Priority rank", "Puesto de prioridad", kind="rank", higher_is_better=False
    )
    info["priority_missing"] = IndicatorInfo(
        "Priority components without data",
        "Componentes de prioridad sin datos",
        fmt="text",
        kind="text",
    )
    return info


def _build_indicators() -> dict[str, IndicatorInfo]:
    """Return every indicator column in table order, group by group."""
    return {
        **_organization_info(),
        **_member_info(),
        **_service_info(),
        **_programme_info(),
        **_priority_info(),
    }


#: Metadata of every indicator column: labels, units, format, direction, palette.
INDICATORS: dict[str, IndicatorInfo] = _build_indicators()


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
