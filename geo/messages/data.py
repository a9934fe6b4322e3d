"""Words of the data: vocabularies, sector groups, indicators, descriptions, priority index, planning, status.

One section of the catalogue (:mod:`geo.messages`): ``Msg(en, es)`` by message id.
"""

from __future__ import annotations

from geo.messages.msg import Msg

# --------------------------------------------------------------------------- vocabulary of the data
VOCABULARY: dict[str, Msg] = {
    "country.CO": Msg("Colombia", "Colombia"),
    "country.PE": Msg("Peru", "Perú"),
    "country.EC": Msg("Ecuador", "Ecuador"),
    "country.all": Msg("Colombia, Peru and Ecuador", "Colombia, Perú y Ecuador"),
    # neighbouring countries of the context layer (data/boundaries/context_countries.geojson)
    "neighbour.ARG": Msg("Argentina", "Argentina"),
    "neighbour.BLZ": Msg("Belize", "Belice"),
    "neighbour.BOL": Msg("Bolivia", "Bolivia"),
    "neighbour.BRA": Msg("Brazil", "Brasil"),
    "neighbour.CHL": Msg("Chile", "Chile"),
    "neighbour.CRI": Msg("Costa Rica", "Costa Rica"),
    "neighbour.GTM": Msg("Guatemala", "Guatemala"),
    "neighbour.GUY": Msg("Guyana", "Guyana"),
    "neighbour.HND": Msg("Honduras", "Honduras"),
    "neighbour.MEX": Msg("Mexico", "México"),
    "neighbour.NIC": Msg("Nicaragua", "Nicaragua"),
    "neighbour.PAN": Msg("Panama", "Panamá"),
    "neighbour.PRY": Msg("Paraguay", "Paraguay"),
    "neighbour.SLV": Msg("El Salvador", "El Salvador"),
    "neighbour.SUR": Msg("Suriname", "Surinam"),
    "neighbour.TTO": Msg("Trinidad and Tobago", "Trinidad y Tobago"),
    "neighbour.URY": Msg("Uruguay", "Uruguay"),
    "neighbour.VEN": Msg("Venezuela", "Venezuela"),
    "org_type.cooperative": Msg("Cooperative", "Cooperativa"),
    "org_type.pre_cooperative": Msg("Pre-cooperative", "Precooperativa"),
    "org_type.producer_association": Msg("Producer association", "Asociación de productores"),
    "org_type.community_organization": Msg("Community organization", "Organización comunitaria"),
    "org_type.mutual_employee_fund": Msg("Mutual / employee fund", "Mutual / fondo de empleados"),
    "org_type.other_sse": Msg("Other SSE organization", "Otra organización de la ESS"),
    "sector.coffee": Msg("Coffee", "Café"),
    "sector.cocoa": Msg("Cocoa", "Cacao"),
    "sector.dairy": Msg("Dairy", "Lácteos"),
    "sector.bananas": Msg("Bananas", "Banano"),
    "sector.fishing": Msg("Fishing", "Pesca"),
    "sector.alpaca_fibre": Msg("Alpaca fibre", "Fibra de alpaca"),
    "sector.vegetables": Msg("Vegetables", "Hortalizas"),
    "sector.fruit": Msg("Fruit", "Frutas"),
    "sector.livestock": Msg("Livestock", "Ganadería"),
    "sector.crafts": Msg("Crafts", "Artesanías"),
    "sector.savings_credit": Msg("Savings and credit", "Ahorro y crédito"),
    "sector.services": Msg("Services", "Servicios"),
    "sector.other": Msg("Other", "Otro"),
    "sector.unknown": Msg("Unknown", "Desconocido"),
    "programme.My.Coop": Msg("My.Coop", "My.Coop"),
    "programme.Think.Coop": Msg("Think.Coop", "Think.Coop"),
    "programme.Start.Coop": Msg("Start.Coop", "Start.Coop"),
    "programme.other": Msg("Other programme", "Otro programa"),
    "programme.any": Msg("Any programme", "Cualquier programa"),
}

# --------------------------------------------------------------------------- priority index
PRIORITY: dict[str, Msg] = {
    "priority.component.organizations": Msg(
        "Organizations (log, relative)", "Organizaciones (log, relativo)"
    ),
    "priority.component.members": Msg("Members (log, relative)", "Socios (log, relativo)"),
    "priority.component.association_share": Msg(
        "Associations and pre-cooperatives (share)",
        "Asociaciones y precooperativas (proporción)",
    ),
    "priority.component.youth_share": Msg(
        "Youth share of members", "Proporción de jóvenes entre los socios"
    ),
    "priority.component.coverage_gap": Msg(
        "Organizations not reached by any programme (share)",
        "Organizaciones no alcanzadas por ningún programa (proporción)",
    ),
    "priority.weights": Msg("Priority index weights", "Pesos del índice de prioridad"),
    "priority.why": Msg("Why this priority score", "Por qué esta prioridad"),
    "priority.points": Msg("points", "puntos"),
    "priority.rank": Msg("Rank {rank} of {total}", "Puesto {rank} de {total}"),
    "priority.top": Msg("Top {n} priority units", "Las {n} unidades de mayor prioridad"),
    "priority.rank_short": Msg("#", "N.º"),
    "priority.unit": Msg("Unit", "Unidad"),
    "priority.score": Msg("Score", "Índice"),
    "priority.note": Msg(
        "Priority index 0–100: higher means act first. Units of the map's area, for the organizations in the filters.",
        "Índice de prioridad 0–100: más alto, actuar antes. Unidades de la zona del mapa, para las organizaciones de los filtros.",
    ),
    "priority.none": Msg(
        "No unit has a priority score in this area.",
        "Ninguna unidad tiene índice de prioridad en esta zona.",
    ),
}

# --------------------------------------------------------------------------- indicators (geo/indicators/catalogue.py)
# Labels ``indicator.<column>``; templates for generated columns (``indicator.<group>``, their
# ``{fields}`` filled with vocabulary labels); units ``unit.<name>``, shared by the columns.
INDICATORS: dict[str, Msg] = {
    "indicator.iso_3166_2": Msg("ISO 3166-2", "ISO 3166-2"),
    "indicator.unit_id": Msg("Unit", "Unidad"),
    "indicator.rural_share": Msg("Rural population (share)", "Población rural (proporción)"),
    "indicator.poverty_rate": Msg(
        "Poverty (the country's measure: IPM, monetary or NBI)",
        "Pobreza (medida del país: IPM, monetaria o NBI)",
    ),
    "indicator.people_rural": Msg("Rural population", "Población rural"),
    "indicator.population_rural_known": Msg(
        "Population with a known rural share", "Población con proporción rural conocida"
    ),
    "indicator.people_poor": Msg("People in poverty", "Personas en pobreza"),
    "indicator.population_poverty": Msg(
        "Population with a known poverty rate", "Población con tasa de pobreza conocida"
    ),
    "indicator.parent_id": Msg("Part of", "Parte de"),
    "indicator.admin2_id": Msg("Municipality, province or canton", "Municipio, provincia o cantón"),
    "indicator.code": Msg("National code", "Código nacional"),
    "indicator.country": Msg("Country", "País"),
    "indicator.name": Msg("Name", "Nombre"),
    "indicator.in_scope": Msg("In the selection", "En la selección"),
    "indicator.level": Msg("Level", "Nivel"),
    "indicator.units_in_scope": Msg("Units in the selection", "Unidades en la selección"),
    "indicator.population": Msg("Population", "Población"),
    "indicator.area_km2": Msg("Area", "Superficie"),
    "indicator.orgs": Msg("Organizations", "Organizaciones"),
    "indicator.coop_share": Msg("Cooperative share of organizations", "Proporción de cooperativas"),
    "indicator.association_share": Msg(
        "Associations and pre-cooperatives (share)", "Asociaciones y precooperativas (proporción)"
    ),
    "indicator.type_share": Msg("{org_types} (share)", "{org_types} (proporción)"),
    "indicator.orgs_sector": Msg(
        "Organizations in sector: {sector}", "Organizaciones del sector: {sector}"
    ),
    "indicator.orgs_per_100k": Msg(
        "Organizations per 100,000 inhabitants", "Organizaciones por 100.000 habitantes"
    ),
    "indicator.orgs_per_10k_km2": Msg(
        "Organizations per 10,000 km²", "Organizaciones por 10.000 km²"
    ),
    "indicator.members_total": Msg("Members", "Socios"),
    "indicator.members_known_orgs": Msg(
        "Organizations reporting members", "Organizaciones con número de socios"
    ),
    "indicator.median_members": Msg(
        "Members per organization (median)", "Socios por organización (mediana)"
    ),
    "indicator.members_women": Msg("Women members", "Socias mujeres"),
    "indicator.members_women_base": Msg(
        "Members of organizations reporting women", "Socios de organizaciones con dato de mujeres"
    ),
    "indicator.women_share": Msg(
        "Women share of members", "Proporción de mujeres entre los socios"
    ),
    "indicator.members_youth": Msg("Youth members", "Socios jóvenes"),
    "indicator.members_youth_base": Msg(
        "Members of organizations reporting youth", "Socios de organizaciones con dato de jóvenes"
    ),
    "indicator.youth_share": Msg(
        "Youth share of members", "Proporción de jóvenes entre los socios"
    ),
    "indicator.orgs_social_services": Msg(
        "Organizations providing social services", "Organizaciones que prestan servicios sociales"
    ),
    "indicator.services": Msg(
        "Organizations providing {service} services", "Organizaciones con servicios de {service}"
    ),
    "indicator.orgs_federated": Msg(
        "Organizations in a federation", "Organizaciones afiliadas a una federación"
    ),
    "indicator.reached_any": Msg(
        "Organizations reached by any programme", "Organizaciones alcanzadas por algún programa"
    ),
    "indicator.coverage_any": Msg("Coverage by any programme", "Cobertura de algún programa"),
    "indicator.not_reached": Msg(
        "Organizations not yet reached", "Organizaciones aún no alcanzadas"
    ),
    "indicator.participants": Msg("Participants", "Participantes"),
    "indicator.participants_women": Msg("Women participants", "Mujeres participantes"),
    "indicator.reached": Msg(
        "Organizations reached by {programme}", "Organizaciones alcanzadas por {programme}"
    ),
    "indicator.coverage": Msg("Coverage by {programme}", "Cobertura de {programme}"),
    "indicator.participants_in": Msg("Participants in {programme}", "Participantes en {programme}"),
    "indicator.participants_women_in": Msg(
        "Women participants in {programme}", "Mujeres participantes en {programme}"
    ),
    "indicator.priority_component": Msg(
        "Priority component: {component}", "Componente de prioridad: {component}"
    ),
    "indicator.priority_points": Msg(
        "Priority points from: {component}", "Puntos de prioridad por: {component}"
    ),
    "indicator.priority_score": Msg("Priority index", "Índice de prioridad"),
    "indicator.priority_rank": Msg("Priority rank", "Puesto de prioridad"),
    "indicator.priority_missing": Msg(
        "Priority components without data", "Componentes de prioridad sin datos"
    ),
    "unit.organizations": Msg("organizations", "organizaciones"),
    "unit.members": Msg("members", "socios"),
    "unit.people": Msg("people", "personas"),
    "unit.inhabitants": Msg("inhabitants", "habitantes"),
    "unit.km2": Msg("km²", "km²"),
    "unit.per_100k": Msg("per 100,000 inhabitants", "por 100.000 habitantes"),
    "unit.per_10k_km2": Msg("per 10,000 km²", "por 10.000 km²"),
    "unit.score_0_1": Msg("(0-1)", "(0-1)"),
    "unit.score_0_100": Msg("(0-100)", "(0-100)"),
    # Organization types counted (plural), services and programmes inside a sentence
    "org_types.cooperative": Msg("Cooperatives", "Cooperativas"),
    "org_types.pre_cooperative": Msg("Pre-cooperatives", "Precooperativas"),
    "org_types.producer_association": Msg("Producer associations", "Asociaciones de productores"),
    "org_types.community_organization": Msg(
        "Community organizations", "Organizaciones comunitarias"
    ),
    "org_types.mutual_employee_fund": Msg(
        "Mutuals and employee funds", "Mutuales y fondos de empleados"
    ),
    "org_types.other_sse": Msg("Other SSE organizations", "Otras organizaciones de la ESS"),
    "service.health": Msg("health", "salud"),
    "service.education": Msg("education", "educación"),
    "service.childcare": Msg("childcare", "cuidado infantil"),
    "service.savings_credit": Msg("savings and credit", "ahorro y crédito"),
    "service.insurance": Msg("insurance", "seguros"),
    "service.housing": Msg("housing", "vivienda"),
    "service.funeral": Msg("funeral", "funerarios"),
    "service.training": Msg("training", "capacitación"),
    "service.other": Msg("other", "otros"),
    "programme.others": Msg("other programmes", "otros programas"),
}

# --------------------------------------------------------------------------- filter descriptions, export headers
DESCRIBE: dict[str, Msg] = {
    "describe.none": Msg("none (all organizations)", "ninguno (todas las organizaciones)"),
    "describe.countries": Msg("countries", "países"),
    "describe.units": Msg("units", "unidades"),
    "describe.org_types": Msg("types", "tipos"),
    "describe.sectors": Msg("sectors", "sectores"),
    "describe.programmes": Msg("programmes", "programas"),
    "describe.federations": Msg("federations", "federaciones"),
    "describe.social_services": Msg("social services", "servicios sociales"),
    "describe.federated": Msg("federated", "federada"),
    "describe.provides_services": Msg("provides social services", "presta servicios sociales"),
    "describe.founded": Msg("founded", "año de constitución"),
    "describe.yes": Msg("yes", "sí"),
    "describe.no": Msg("no", "no"),
    "describe.item": Msg("{label}: {shown}", "{label}: {shown}"),
    "header.title": Msg("CoopAtlas - indicators per unit", "CoopAtlas - indicadores por unidad"),
    "header.filters": Msg("Filters: {filters}", "Filtros: {filters}"),
}

# --------------------------------------------------------------------------- sector groups (geo/vocab.py SECTOR_GROUP)
SECTOR_GROUPS: dict[str, Msg] = {
    "sector_group.agriculture": Msg("Agriculture", "Agricultura"),
    "sector_group.livestock": Msg("Livestock", "Ganadería"),
    "sector_group.fishing": Msg("Fishing", "Pesca"),
    "sector_group.crafts": Msg("Crafts", "Artesanías"),
    "sector_group.finance": Msg("Finance", "Finanzas"),
    "sector_group.services": Msg("Services", "Servicios"),
    "sector_group.other": Msg("Other", "Otros"),
    "filters.sector_group": Msg("Sector group", "Grupo de sectores"),
    "describe.sector_groups": Msg("sector groups", "grupos de sectores"),
    "indicator.orgs_group": Msg(
        "Organizations in sector group: {group}", "Organizaciones del grupo de sectores: {group}"
    ),
}

# --------------------------------------------------------------------------- planning (geo/indicators/selection.py, targeting)
PLANNING: dict[str, Msg] = {
    "selection.title": Msg(
        "CoopAtlas - totals of a selection of units",
        "CoopAtlas - totales de una selección de unidades",
    ),
    "selection.level": Msg("Rows", "Filas"),
    "selection.level_selection": Msg("Selected units", "Unidades seleccionadas"),
    "selection.level_filtered": Msg(
        "All units in the filters", "Todas las unidades de los filtros"
    ),
    "selection.units": Msg("Units", "Unidades"),
    "selection.units_selected": Msg("Units selected", "Unidades seleccionadas"),
    "selection.members_per_100k": Msg(
        "Members per 100,000 inhabitants", "Socios por 100.000 habitantes"
    ),
    "compare.title": Msg("CoopAtlas - units side by side", "CoopAtlas - unidades lado a lado"),
    "compare.measure": Msg("Indicator", "Indicador"),
    "compare.section": Msg("Section", "Sección"),
    "compare.section.indicators": Msg("Indicators", "Indicadores"),
    "compare.section.sectors": Msg("Sector groups", "Grupos de sectores"),
    "compare.section.types": Msg("Type mix", "Tipos de organización"),
    "compare.section.coverage": Msg("Programme coverage", "Cobertura de programas"),
    "compare.section.priority": Msg("Priority index", "Índice de prioridad"),
    "compare.total": Msg("Total of the compared units", "Total de las unidades comparadas"),
    "priority.component.coverage_gap_programme": Msg(
        "Organizations not reached by {programme} (share)",
        "Organizaciones no alcanzadas por {programme} (proporción)",
    ),
    "priority.component.organizations_per_100k": Msg(
        "Organizations per 100,000 inhabitants (log, relative)",
        "Organizaciones por 100.000 habitantes (log, relativo)",
    ),
    "priority.component.members_per_100k": Msg(
        "Members per 100,000 inhabitants (log, relative)",
        "Socios por 100.000 habitantes (log, relativo)",
    ),
    "priority.contributions": Msg(
        "What separates the top units (points per component)",
        "Qué distingue a las primeras unidades (puntos por componente)",
    ),
    "priority.component.need": Msg(
        "Poverty, percentile within the country",
        "Pobreza, percentil dentro del país",
    ),
    "priority.component.rurality": Msg(
        "Rural share of the population", "Proporción rural de la población"
    ),
    "preset.intervene": Msg("Where to intervene", "Dónde intervenir"),
    "preset.intervene.question": Msg(
        "many organizations, few cooperatives, high poverty, not yet reached",
        "muchas organizaciones, pocas cooperativas, alta pobreza, aún sin programa",
    ),
    "preset.named": Msg("{name} ({question})", "{name} ({question})"),
    "preset.apply": Msg("Show where to intervene", "Mostrar dónde intervenir"),
}

# --------------------------------------------------------------------------- reserved sections
# Modules whose texts still live in their own tables; they move here, one section each:
#   coopatlas/demo/generate.py, geo/importer/registry.py, geo/io/readers.py   user-facing report texts (``import.*``)
# The command-line interface (coopatlas/cli.py) prints English only; its texts go to CLI if
# they are ever translated.
IMPORT: dict[str, Msg] = {
    # legal status of an organization (geo/vocab.py STATUSES) and its filter
    "status.active": Msg("active", "activa"),
    "status.in_liquidation": Msg("in liquidation", "en liquidación"),
    "status.cancelled": Msg("cancelled", "cancelada"),
    "status.unknown": Msg("status unknown", "estado desconocido"),
    "describe.status": Msg("status", "estado"),
    "headline.status": Msg("Status", "Estado"),
}
CLI: dict[str, Msg] = {}
