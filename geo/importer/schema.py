"""The organization data model: canonical fields, header aliases and the rules that map labels.

Registries arrive with Spanish or English headers and their own labels for
organization types, sectors and services. This module maps them, after folding
(:func:`geo.io.text.fold`), to the canonical names documented in
``data/organizations/README.md``. Every mapping keeps the original text beside
the canonical value. The canonical vocabularies themselves are in :mod:`geo.vocab`.
"""

from __future__ import annotations

import re

from geo.importer.type_labels import lookup_type_label
from geo.io.text import fold
from geo.vocab import PROGRAMMES, SERVICES

#: Canonical organization fields -> header aliases, highest priority first. Matching
#: is on folded text, so case, accents and punctuation do not matter.
ORG_HEADERS: dict[str, tuple[str, ...]] = {
    "org_id": (
        "org_id",
        "codigo",
        "código",
        "id",
        "code",
        "codigo organizacion",
        "id organizacion",
        "nit",
        "ruc",
        "numero de registro",
        "no de registro",
        "registro",
        "numero ruc",
    ),
    "name": (
        "name",
        "razon social",
        "nombre de la organizacion",
        "nombre organizacion",
        "nombre",
        "organizacion",
        "organization",
        "organisation",
        "organization name",
        "entidad",
        "denominacion",
    ),
    "country": ("country", "pais"),
    "department": (
        "department",
        "departamento",
        "departamento provincia",
        "provincia departamento",
        "depto",
        "dpto",
        "departamento region",
        "region",
        "provincia",
        "province",
        "state",
        "admin1",
        "department province",
        "state province",
    ),
    "municipality": (
        "municipality",
        "municipio",
        "canton",
        "ciudad",
        "city",
        "distrito",
        "localidad",
    ),
    # Peru: a PROVINCIA column beside a DEPARTAMENTO column is the level-2 provincia (the
    # department field takes "provincia" only when no department header is present).
    "province": ("province2", "provincia", "nombre provincia", "provincia inei"),
    "admin2_code": (
        "admin2_code",
        "codigo municipio",
        "cod municipio",
        "codigo del municipio",
        "codigo dane municipio",
        "codigo dane",
        "cod dane",
        "divipola",
        "codigo divipola",
        "cod divipola",
        "ubigeo",
        "codigo ubigeo",
        "ubigeo provincia",
        "ubigeo inei",
        "ubigeo reniec",
        "ubigeo sunat",
        "codigo inei",
        "codigo reniec",
        "dpa",
        "codigo dpa",
        "codigo canton",
        "cod canton",
        "codigo provincia inei",
        "codigo provincia reniec",
    ),
    "org_type": (
        "org_type",
        "tipo de organizacion",
        "tipo organizacion",
        "tipo",
        "clase de organizacion",
        "naturaleza juridica",
        "forma juridica",
        "tipo de entidad",
        "tipo entidad",
        "tipo de cooperativa",
        "tipo cooperativa",
        "organization type",
        "type",
        "sector seps",
    ),
    "sector": (
        "sector",
        "actividad principal",
        "actividad",
        "actividad economica",
        "producto principal",
        "producto",
        "rubro",
        "cadena productiva",
        "main product",
        "activity",
    ),
    "members_total": (
        "members_total",
        "numero de asociados",
        "n de asociados",
        "nro de asociados",
        "asociados",
        "numero de socios",
        "nro de socios",
        "socios",
        "total asociados",
        "total socios",
        "miembros",
        "afiliados",
        "members",
        "total members",
        "number of members",
    ),
    "members_women": (
        "members_women",
        "mujeres asociadas",
        "asociadas mujeres",
        "socias",
        "socias mujeres",
        "mujeres",
        "women members",
        "women",
    ),
    "members_youth": (
        "members_youth",
        "jovenes asociados",
        "asociados jovenes",
        "socios jovenes",
        "jovenes",
        "youth members",
        "youth",
    ),
    "year_founded": (
        "year_founded",
        "ano de constitucion",
        "anio de constitucion",
        "ano constitucion",
        "fecha de constitucion",
        "ano de fundacion",
        "fecha de fundacion",
        "year founded",
        "founded",
        "year",
    ),
    "federations": (
        "federations",
        "federacion",
        "federaciones",
        "afiliacion",
        "gremio",
        "red",
        "redes",
        "federation",
        "network",
    ),
    "social_services": (
        "social_services",
        "servicios sociales",
        "servicios",
        "social services",
        "services",
    ),
    "status": (
        "status",
        "estado",
        "estado de la organizacion",
        "estado juridico",
        "estado legal",
        "situacion",
        "situacion juridica",
        "estado actual",
    ),
    "latitude": ("latitude", "latitud", "lat", "coord y", "coordenada y", "y"),
    "longitude": ("longitude", "longitud", "lon", "long", "lng", "coord x", "coordenada x", "x"),
}

PROGRAMME_HEADERS: dict[str, tuple[str, ...]] = {
    "org_id": ORG_HEADERS["org_id"],
    "programme": ("programme", "programa", "program", "herramienta", "tool"),
    "year": ("year", "ano", "anio", "ano de participacion"),
    "participants": ("participants", "participantes", "numero de participantes", "personas"),
    "participants_women": (
        "participants_women",
        "mujeres participantes",
        "participantes mujeres",
        "mujeres",
        "women participants",
        "women",
    ),
}

ORG_REQUIRED = ("name",)

#: Headers of the ``municipality`` field that name a unit below level 2 (a Peruvian or
#: Ecuadorian district / parroquia, a town): kept as text, never resolved to a unit.
BELOW_LEVEL2_HEADERS = frozenset({"distrito", "localidad", "ciudad", "city", "district"})
#: Of those, the headers of a city: a city is named for its municipio, provincia or cantón
#: (its seat), so when the department does not give a unit, a city that names exactly one
#: level-2 unit of the row's country places the row (``geo.importer.admin2``).
CITY_HEADERS = frozenset({"ciudad", "city"})
PROGRAMME_REQUIRED = ("org_id", "programme")

_COUNTRIES = {
    "colombia": "CO", "co": "CO", "col": "CO", "republica de colombia": "CO",
    "peru": "PE", "pe": "PE", "per": "PE", "republica del peru": "PE",
    "ecuador": "EC", "ec": "EC", "ecu": "EC", "republica del ecuador": "EC",
}  # fmt: skip


def map_headers(
    headers: list[str], aliases: dict[str, tuple[str, ...]], extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Map canonical fields to the file's headers.

    Parameters
    ----------
    headers
        The file's header names as written.
    aliases
        Canonical field -> accepted names, highest priority first.
    extra
        Optional explicit mapping canonical field -> header (from a mapping file);
        it wins over the aliases.

    Returns
    -------
    dict
        Canonical field -> header as written, for every field found. Each header is
        used at most once.
    """
    folded = {fold(h): h for h in reversed(headers)}  # first occurrence wins
    present = set(headers)
    found: dict[str, str] = {}
    used: set[str] = set()
    for field, header in (extra or {}).items():
        if header in present:
            found[field] = header
            used.add(header)
    for field, names in aliases.items():
        if field in found:
            continue
        for name in names:
            candidate = folded.get(fold(name))
            if candidate is not None and candidate not in used:
                found[field] = candidate
                used.add(candidate)
                break
    return found


def canonical_country(value: object) -> str | None:
    """Return ``"CO"``, ``"PE"`` or ``"EC"`` for a country as written, else ``None``."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return _COUNTRIES.get(fold(str(value)))


#: "Cooperativa" as written, misspellings included: "COPERATIVA", "COOOPERATIVA",
#: "COOPERTIVA", "COOPERATVA" (folded text); never "cooperación" or "coordinadora".
COOPERATIVE_WORD = r"\bco{1,3}p{1,2}e?ra?ti?v"

# Ordered (pattern, canonical type) rules over folded labels; first match wins.
_TYPE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), t)
    for p, t in (
        (r"\bpre ?cooperativ", "pre_cooperative"),
        (r"\bfondo(s)? de empleados\b|\bmutual|\bemployee fund|\bfondo\b", "mutual_employee_fund"),
        # A "caja central" is a second-tier body of savings-and-credit cooperatives.
        (COOPERATIVE_WORD + r"|\bco ?op\b|\bcoop\b|\bcaja central\b", "cooperative"),
        # Before the community rule, whose "comunitari" would otherwise catch it.
        (r"\bempresa comunitaria", "other_sse"),
        (r"\bcomunitari|\bcomuna\b|\bcomunidad|\bcommunity|\bcomunal\b", "community_organization"),
        (r"\basociaci|\basociativ|\bassociation|\bgremio de productores", "producer_association"),
        (r"\bsolidari|\bcorporaci|\bfundaci|\bsse\b", "other_sse"),
        (r"^otr[oa]s?$|^other$", "other_sse"),
    )
)


def canonical_org_type(label: object) -> tuple[str, bool]:
    """Map an organization-type label to a canonical type.

    Parameters
    ----------
    label
        The type as the registry writes it ("Cooperativa agraria", "Asociación
        campesina", Ecuador's SEPS sectors "Cooperativo"/"Asociativo"/"Comunitario"...).
        A supervisor's class listed in ``data/organizations/type_labels.csv``
        (:mod:`geo.importer.type_labels`) is looked up first; the rules below read the rest.

    Returns
    -------
    tuple
        ``(canonical type, recognised)``: unknown or empty labels give
        ``("other_sse", False)`` so the caller can flag them.
    """
    if label is None or (isinstance(label, float) and label != label):
        return "other_sse", False
    listed = lookup_type_label(str(label))
    if listed is not None:
        return listed.org_type, True
    key = fold(str(label))
    for pattern, org_type in _TYPE_RULES:
        if pattern.search(key):
            return org_type, True
    return "other_sse", False


_SECTOR_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), s)
    for p, s in (
        (r"\bcafe|\bcoffee|\bcafetaler", "coffee"),
        (r"\bcacao|\bcocoa|\bchocolate", "cocoa"),
        (r"\blact|\bleche|\bdairy|\bmilk|\bqueso", "dairy"),
        (r"\bbanan|\bplatano|\bguineo", "bananas"),
        (r"\bpesca|\bpesquer|\bfish|\bacuicult|\bmarisc", "fishing"),
        (r"\balpaca|\bcamelid|\bfibra|\bvicuna|\blana\b", "alpaca_fibre"),
        (r"\bhortaliz|\bverdura|\bvegetable|\bpapa\b|\bpapas\b|\btuberc", "vegetables"),
        (r"\bfrut|\bfruit|\baguacate|\bpalta|\bmango|\bcitric", "fruit"),
        (r"\bganad|\blivestock|\bbovin|\bporcin|\bavicol|\bcuy", "livestock"),
        (r"\bartesan|\bcraft|\btejid", "crafts"),
        (r"\bahorro|\bcredito|\bsavings|\bcredit|\bfinanc", "savings_credit"),
        (r"\bservicio|\bservice|\btransporte|\bturism|\bcomercio", "services"),
    )
)


def canonical_sector(label: object) -> str | None:
    """Map a sector or main product as written to a canonical sector (``None`` if empty)."""
    if label is None or (isinstance(label, float) and label != label):
        return None
    key = fold(str(label))
    if not key:
        return None
    for pattern, sector in _SECTOR_RULES:
        if pattern.search(key):
            return sector
    return "other"


_SERVICE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), s)
    for p, s in (
        (r"\bsalud|\bhealth|\bmedic|\bodontolog", "health"),
        (r"\beducaci|\beducation|\bbeca|\bescuela|\bschool", "education"),
        (r"\bguarder|\bcuidado infantil|\bchildcare|\bcuna", "childcare"),
        (r"\bahorro|\bcredito|\bsavings|\bcredit|\bmicrocredit", "savings_credit"),
        (r"\bseguro|\binsurance|\bprevision", "insurance"),
        (r"\bvivienda|\bhousing", "housing"),
        (r"\bfuner|\bexequi|\bsepelio", "funeral"),
        (r"\bcapacitaci|\bformaci|\btraining|\basistencia tecnica", "training"),
    )
)

_LIST_SEPARATORS = re.compile(r"\s*[;|/\n]\s*|\s*,\s+")


def split_list(value: object) -> list[str]:
    """Split a multi-valued cell ("Salud; Educación", "A | B") into stripped items."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [item for item in _LIST_SEPARATORS.split(str(value).strip()) if item]


def canonical_services(value: object) -> list[str]:
    """Map a social-services cell to sorted unique canonical service keys."""
    keys = set()
    for item in split_list(value):
        key = fold(item)
        if not key or key in {"no", "ninguno", "none", "n a", "na", "sin servicios"}:
            continue
        for pattern, service in _SERVICE_RULES:
            if pattern.search(key):
                keys.add(service)
                break
        else:
            keys.add("other")
    return sorted(keys, key=SERVICES.index)


def canonical_programme(value: object) -> str | None:
    """Map a programme name ("MyCoop", "my.coop", "Start Coop", "Otro") to its canonical name."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    key = fold(str(value)).replace(" ", "")
    if not key:
        return None
    for programme in PROGRAMMES[:3]:
        if key == fold(programme).replace(" ", ""):
            return programme
    return "other"
