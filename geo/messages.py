"""The catalogue: every interface text of CoopAtlas in English and Spanish, by message id.

A data table, read through :mod:`geo.i18n` (``t(id, lang)``, ``tn(id, n, lang)``).
Ids are ``area.name``; one section per area below. An entry is ``Msg(en, es)``:
two strings, or two :func:`plural` forms for a text that holds a count (its
``{n}``). Both languages of an entry must use the same ``{fields}``
(``tests/test_i18n.py`` checks it).

One word for one thing: "organization" / "organización", "members" / "socios",
"programme" / "programa", "unit" / "unidad", "priority index" / "índice de
prioridad". A type of organization is named in the singular ("Cooperative");
a count of them in the plural ("Cooperatives", ``geo.indicators.compute``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Msg(NamedTuple):
    """One message: its English and Spanish text (a string, or plural forms)."""

    en: str | Mapping[str, str]
    es: str | Mapping[str, str]


def plural(one: str, other: str) -> dict[str, str]:
    """Plural forms by CLDR category: ``one`` (1) and ``other`` (everything else)."""
    return {"one": one, "other": other}


# --------------------------------------------------------------------------- app (dashboard page)
APP: dict[str, Msg] = {
    "app.title": Msg("CoopAtlas", "CoopAtlas"),
    "app.subtitle": Msg(
        "Producer organizations, cooperatives and programme coverage in Colombia, Peru and Ecuador",
        "Organizaciones de productores, cooperativas y cobertura de programas en Colombia, Perú y Ecuador",
    ),
    "app.language": Msg("Language", "Idioma"),
    "app.source": Msg(
        "Data: organization registry as built by CoopAtlas; boundaries DANE MGN 2020, INEI, INEC; population DANE 2018, INEI 2017, INEC 2022.",
        "Datos: registro de organizaciones procesado por CoopAtlas; límites DANE MGN 2020, INEI, INEC; población DANE 2018, INEI 2017, INEC 2022.",
    ),
    "app.demo_note": Msg(
        "Demo data: the bundled registry is synthetic.",
        "Datos de demostración: el registro incluido es sintético.",
    ),
    "app.notice_url": Msg(
        "Some settings in the link were not valid and were reset: {items}",
        "Algunos ajustes del enlace no eran válidos y se restablecieron: {items}",
    ),
    "app.error_title": Msg(
        "The dashboard cannot show this data",
        "El tablero no puede mostrar estos datos",
    ),
    "app.export": Msg("Export this view", "Exportar esta vista"),
    "app.export_failed": Msg("The export failed: {error}", "La exportación falló: {error}"),
    "app.table": Msg("Units", "Unidades"),
    "app.chart_types": Msg("Organization types", "Tipos de organización"),
    "app.chart_coverage": Msg("Programme coverage", "Cobertura de programas"),
    "app.info_empty": Msg(
        "Click a unit on the map or in the table to see its figures.",
        "Haga clic en una unidad del mapa o de la tabla para ver sus cifras.",
    ),
}

# --------------------------------------------------------------------------- map controls, legend
MAP: dict[str, Msg] = {
    "map.indicator": Msg("Map indicator", "Indicador del mapa"),
    "map.type_share": Msg("Type for 'share of a type'", "Tipo para 'proporción de un tipo'"),
    "map.type_share_option": Msg("Share of a type", "Proporción de un tipo"),
    "map.scheme": Msg("Classification", "Clasificación"),
    "map.classes": Msg("Classes", "Clases"),
    "map.zoom_all": Msg("All three", "Los tres"),
    "map.orgs_layer": Msg("Show organizations", "Mostrar organizaciones"),
    "map.orgs_not_drawn": Msg(
        plural(
            "{n} of {total} organizations has no coordinates: counted in its unit, not drawn.",
            "{n} of {total} organizations have no coordinates: counted in their unit, not drawn.",
        ),
        plural(
            "{n} de {total} organizaciones no tiene coordenadas: se cuenta en su unidad, no se dibuja.",
            "{n} de {total} organizaciones no tienen coordenadas: se cuentan en su unidad, no se dibujan.",
        ),
    ),
    "map.members_word": Msg("members", "socios"),
    "map.orgs_word": Msg("organizations", "organizaciones"),
    "map.cluster_hint": Msg("click to zoom in", "clic para acercar"),
    "map.cluster_list_hint": Msg("click to list them", "clic para verlas"),
    "map.and_more": Msg("and {n} more", "y {n} más"),
    "map.title": Msg("{indicator} — {area}", "{indicator} — {area}"),
    "map.title_types": Msg("{indicator} ({types}) — {area}", "{indicator} ({types}) — {area}"),
    "map.n_types": Msg("{n} types", "{n} tipos"),
    "map.subtitle": Msg("Filters: {filters}", "Filtros: {filters}"),
    "map.made_with": Msg("Map made with CoopAtlas, {date}", "Mapa elaborado con CoopAtlas, {date}"),
    "scheme.quantiles": Msg("Quantiles", "Cuantiles"),
    "scheme.fisher_jenks": Msg("Natural breaks (Fisher-Jenks)", "Cortes naturales (Fisher-Jenks)"),
    "scheme.equal_interval": Msg("Equal intervals", "Intervalos iguales"),
    "value.no_data": Msg("no data", "sin datos"),
}

# --------------------------------------------------------------------------- counts and summary
COUNTS: dict[str, Msg] = {
    "count.organizations": Msg(
        plural("{n} organization", "{n} organizations"),
        plural("{n} organización", "{n} organizaciones"),
    ),
    "summary.organizations": Msg(
        plural("{n} organization matches the filters", "{n} organizations match the filters"),
        plural("{n} organización cumple los filtros", "{n} organizaciones cumplen los filtros"),
    ),
    "summary.cooperatives": Msg(
        plural("{n} cooperative", "{n} cooperatives"),
        plural("{n} cooperativa", "{n} cooperativas"),
    ),
    "summary.reached": Msg(
        plural("{n} reached by a programme", "{n} reached by a programme"),
        plural("{n} alcanzada por un programa", "{n} alcanzadas por un programa"),
    ),
    "summary.sentence": Msg(
        "{organizations}; {cooperatives}; {reached}.", "{organizations}; {cooperatives}; {reached}."
    ),
}

# --------------------------------------------------------------------------- filters
FILTERS: dict[str, Msg] = {
    "filters.title": Msg("Filters", "Filtros"),
    "filters.country": Msg("Country", "País"),
    "filters.unit": Msg("Department / province", "Departamento / provincia"),
    "filters.org_type": Msg("Organization type", "Tipo de organización"),
    "filters.sector": Msg("Sector", "Sector"),
    "filters.programme": Msg(
        "Programme (organizations reached)", "Programa (organizaciones alcanzadas)"
    ),
    "filters.years": Msg("Year founded", "Año de constitución"),
    "filters.federation": Msg("Federation", "Federación"),
    "filters.status": Msg("Legal status", "Estado legal"),
    "filters.status_default": Msg(
        "Active or unknown (default)", "Activas o desconocido (predeterminado)"
    ),
    "filters.reset": Msg("Reset", "Restablecer"),
    "filters.any": Msg("All", "Todos"),
}

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

# --------------------------------------------------------------------------- upload ("your registry")
UPLOAD: dict[str, Msg] = {
    "upload.title": Msg("Your registry", "Su registro"),
    "upload.hint": Msg(
        "Drop a CSV, XLSX or GeoJSON registry here, or click to choose it",
        "Suelte aquí un registro CSV, XLSX o GeoJSON, o haga clic para elegirlo",
    ),
    "upload.programmes": Msg(
        "Optional: programme participation file",
        "Opcional: archivo de participación en programas",
    ),
    "upload.private": Msg(
        plural(
            "Only this browser tab sees what you upload; it is deleted after {n} hour.",
            "Only this browser tab sees what you upload; it is deleted after {n} hours.",
        ),
        plural(
            "Solo esta pestaña ve lo que sube; se borra a la {n} hora.",
            "Solo esta pestaña ve lo que sube; se borra a las {n} horas.",
        ),
    ),
    "upload.apply": Msg("Show on the map", "Mostrar en el mapa"),
    "upload.gone": Msg(
        "This upload was cleared or has expired; upload the file again.",
        "Esta carga se borró o caducó; vuelva a cargar el archivo.",
    ),
    "app.notices_more": Msg("and {n} more", "y {n} más"),
    "upload.clear": Msg("Back to the bundled data", "Volver a los datos incluidos"),
    "upload.download_rejected": Msg("Download rejected rows", "Descargar filas rechazadas"),
    "upload.read": Msg(
        "{file}: {rows}, {accepted}, {rejected}.", "{file}: {rows}, {accepted}, {rejected}."
    ),
    "upload.rows_read": Msg(
        plural("{n} row read", "{n} rows read"), plural("{n} fila leída", "{n} filas leídas")
    ),
    "upload.accepted": Msg(
        plural("{n} accepted", "{n} accepted"), plural("{n} aceptada", "{n} aceptadas")
    ),
    "upload.rejected": Msg(
        plural("{n} rejected", "{n} rejected"), plural("{n} rechazada", "{n} rechazadas")
    ),
    "upload.reasons": Msg("Rejected by reason", "Rechazadas por motivo"),
    "upload.flags": Msg("Accepted with a flag", "Aceptadas con una advertencia"),
    "upload.unmatched": Msg(
        "Department names not recognised", "Nombres de departamento no reconocidos"
    ),
    "upload.suggest": Msg("did you mean", "quiso decir"),
    "upload.missing_columns": Msg(
        "{file}: no column was recognised as {fields}. Columns in the file: {headers}.",
        "{file}: ninguna columna se reconoció como {fields}. Columnas del archivo: {headers}.",
    ),
    "upload.mapping": Msg(
        "Some required columns were not recognised. Pick which column is which:",
        "No se reconocieron algunas columnas obligatorias. Indique qué columna es cuál:",
    ),
    "upload.mapping_apply": Msg("Import with these columns", "Importar con estas columnas"),
    "upload.showing": Msg(
        "The map shows your uploaded registry.", "El mapa muestra su registro subido."
    ),
    "field.name": Msg("Organization name", "Nombre de la organización"),
    "field.department": Msg("Department / province", "Departamento / provincia"),
    "field.country": Msg("Country", "País"),
    "field.latitude": Msg("Latitude", "Latitud"),
    "field.longitude": Msg("Longitude", "Longitud"),
    "field.org_type": Msg("Organization type", "Tipo de organización"),
    "field.org_id": Msg("Organization id", "Código de la organización"),
    "field.members_total": Msg("Members", "Socios"),
}

# --------------------------------------------------------------------------- widget defaults
# Texts that Dash components and AG Grid show by default (in English).
WIDGETS: dict[str, Msg] = {
    # dcc.Dropdown (Dash 4): ``labels`` and ``placeholder``
    "dropdown.placeholder": Msg("Select...", "Seleccione..."),
    "dropdown.select_all": Msg("Select All", "Seleccionar todo"),
    "dropdown.deselect_all": Msg("Deselect All", "Quitar todo"),
    "dropdown.selected_count": Msg("{num_selected} selected", "{num_selected} seleccionados"),
    "dropdown.search": Msg("Search", "Buscar"),
    "dropdown.clear_search": Msg("Clear search", "Borrar búsqueda"),
    "dropdown.clear_selection": Msg("Clear selection", "Borrar selección"),
    "dropdown.no_options_found": Msg("No results found", "No se encontraron resultados"),
    # AG Grid ``localeText``: the unit table's text filter (name), column menu and empty states
    "grid.selectAll": Msg("(Select All)", "(Seleccionar todo)"),
    "grid.searchOoo": Msg("Search...", "Buscar..."),
    "grid.noMatches": Msg("No matches", "Sin coincidencias"),
    "grid.blanks": Msg("(Blanks)", "(Vacíos)"),
    "grid.filterOoo": Msg("Filter...", "Filtrar..."),
    "grid.empty": Msg("Choose one", "Elija uno"),
    "grid.equals": Msg("Equals", "Igual a"),
    "grid.notEqual": Msg("Does not equal", "Distinto de"),
    "grid.blank": Msg("Blank", "Vacío"),
    "grid.notBlank": Msg("Not blank", "No vacío"),
    "grid.contains": Msg("Contains", "Contiene"),
    "grid.notContains": Msg("Does not contain", "No contiene"),
    "grid.startsWith": Msg("Begins with", "Empieza por"),
    "grid.endsWith": Msg("Ends with", "Termina en"),
    "grid.lessThan": Msg("Less than", "Menor que"),
    "grid.greaterThan": Msg("Greater than", "Mayor que"),
    "grid.lessThanOrEqual": Msg("Less than or equal to", "Menor o igual que"),
    "grid.greaterThanOrEqual": Msg("Greater than or equal to", "Mayor o igual que"),
    "grid.inRange": Msg("Between", "Entre"),
    "grid.inRangeStart": Msg("From", "Desde"),
    "grid.inRangeEnd": Msg("To", "Hasta"),
    "grid.andCondition": Msg("AND", "Y"),
    "grid.orCondition": Msg("OR", "O"),
    "grid.applyFilter": Msg("Apply", "Aplicar"),
    "grid.resetFilter": Msg("Reset", "Restablecer"),
    "grid.clearFilter": Msg("Clear", "Borrar"),
    "grid.cancelFilter": Msg("Cancel", "Cancelar"),
    "grid.filters": Msg("Filters", "Filtros"),
    "grid.columns": Msg("Columns", "Columnas"),
    "grid.min": Msg("Minimum", "Mínimo"),
    "grid.max": Msg("Maximum", "Máximo"),
    "grid.pinColumn": Msg("Pin Column", "Fijar columna"),
    "grid.pinLeft": Msg("Pin Left", "Fijar a la izquierda"),
    "grid.pinRight": Msg("Pin Right", "Fijar a la derecha"),
    "grid.noPin": Msg("No Pin", "Sin fijar"),
    "grid.autosizeThisColumn": Msg("Autosize This Column", "Ajustar esta columna"),
    "grid.autosizeAllColumns": Msg("Autosize All Columns", "Ajustar todas las columnas"),
    "grid.resetColumns": Msg("Reset Columns", "Restablecer columnas"),
    "grid.chooseColumns": Msg("Choose Columns", "Elegir columnas"),
    "grid.sortAscending": Msg("Sort Ascending", "Orden ascendente"),
    "grid.sortDescending": Msg("Sort Descending", "Orden descendente"),
    "grid.sortUnSort": Msg("Clear Sort", "Quitar orden"),
    "grid.noRowsToShow": Msg("No Rows To Show", "No hay filas que mostrar"),
    "grid.loadingOoo": Msg("Loading...", "Cargando..."),
}

# --------------------------------------------------------------------------- exports
EXPORTS: dict[str, Msg] = {
    "export.source": Msg("Source: {source}", "Fuente: {source}"),
    "export.date": Msg("Date: {date}", "Fecha: {date}"),
    "export.no_source": Msg("not stated", "no indicada"),
    "export.indicators_empty": Msg(
        "No organization matches the filters: every count is 0.",
        "Ninguna organización cumple los filtros: todos los conteos son 0.",
    ),
    "export.organizations_title": Msg("CoopAtlas - organizations", "CoopAtlas - organizaciones"),
    "export.organizations_count": Msg(
        plural(
            "{n} organization matches the filters ({located} with coordinates).",
            "{n} organizations match the filters ({located} with coordinates).",
        ),
        plural(
            "{n} organización cumple los filtros ({located} con coordenadas).",
            "{n} organizaciones cumplen los filtros ({located} con coordenadas).",
        ),
    ),
    "export.organizations_empty": Msg(
        "No organization matches the filters.", "Ninguna organización cumple los filtros."
    ),
    "export.rejected_title": Msg(
        "CoopAtlas - rejected rows ({which})", "CoopAtlas - filas rechazadas ({which})"
    ),
    "export.rejected_count": Msg(
        plural("{n} rejected row.", "{n} rejected rows."),
        plural("{n} fila rechazada.", "{n} filas rechazadas."),
    ),
    "export.rejected_empty": Msg("No row was rejected.", "No se rechazó ninguna fila."),
    "deck.alt": Msg("Map: {title}. {subtitle}", "Mapa: {title}. {subtitle}"),
    "html.unit": Msg("Unit", "Unidad"),
    "html.organizations": Msg("Organizations", "Organizaciones"),
    "html.empty": Msg(
        "No organization matches the filters: every unit shows 0 or no data.",
        "Ninguna organización cumple los filtros: cada unidad muestra 0 o sin datos.",
    ),
    "html.legend": Msg("Legend", "Leyenda"),
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

# --------------------------------------------------------------------------- static map (geo/export/static_map.py, geo/map_*.py)
STATIC_MAP: dict[str, Msg] = {
    "static_map.empty": Msg(
        "No organization matches the filters", "Ninguna organización cumple los filtros"
    ),
    "static_map.projection": Msg(
        "Web Mercator projection (EPSG:3857)", "Proyección Web Mercator (EPSG:3857)"
    ),
    "static_map.boundaries": Msg(
        "Boundaries: DANE MGN 2020 (CC BY 4.0), INEI via MINAM, INEC",
        "Límites: DANE MGN 2020 (CC BY 4.0), INEI vía MINAM, INEC",
    ),
    "static_map.scale_note": Msg("Scale at {lat}", "Escala a {lat}"),
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
}

# --------------------------------------------------------------------------- the planner's map (dashboard/planner*.py)
PLANNER: dict[str, Msg] = {
    "plan.heading": Msg("Selection", "Selección"),
    "plan.hint": Msg(
        "Click units on the map or rows of the table to add them; click again to remove.",
        "Pulse unidades en el mapa o filas de la tabla para añadirlas; pulse otra vez para quitarlas.",
    ),
    "plan.clear": Msg("Clear the selection", "Quitar la selección"),
    "plan.totals": Msg(
        "Totals (shares pooled over the organizations, not averaged)",
        "Totales (proporciones sobre el conjunto de organizaciones, no promediadas)",
    ),
    "plan.none_selected": Msg("no unit selected", "ninguna unidad seleccionada"),
    "plan.compare": Msg("Side by side", "Lado a lado"),
    "plan.totals_region": Msg("Totals of the selection", "Totales de la selección"),
    "plan.download_need": Msg(
        "Nothing to download yet: click units on the map or rows of the table to select them.",
        "Aún no hay nada que descargar: pulse unidades en el mapa o filas de la tabla para seleccionarlas.",
    ),
    "plan.compare_need": Msg(
        "Select two to five units to compare them side by side.",
        "Seleccione de dos a cinco unidades para compararlas lado a lado.",
    ),
    "plan.compare_first": Msg(
        "The first {n} selected units are compared side by side.",
        "Se comparan lado a lado las {n} primeras unidades seleccionadas.",
    ),
    "plan.download_csv": Msg("Comparison (CSV)", "Comparación (CSV)"),
    "plan.download_xlsx": Msg("Comparison (Excel)", "Comparación (Excel)"),
    "plan.targeting": Msg("Targeting", "Focalización"),
    "plan.target": Msg(
        "Coverage gap of the priority index", "Brecha de cobertura del índice de prioridad"
    ),
    "plan.per_population": Msg(
        "Organizations and members per 100,000 inhabitants",
        "Organizaciones y socios por 100.000 habitantes",
    ),
    "plan.contrib_unit": Msg(
        "{rank}. {name}: {score} points ({parts})", "{rank}. {name}: {score} puntos ({parts})"
    ),
    "plan.contrib_legend": Msg("Components", "Componentes"),
    "plan.weight_value": Msg("Weight: {value}", "Peso: {value}"),
}

# --------------------------------------------------------------------------- export framing (geo/indicators/mapspec.py, geo/export*.py)
EXPORT_VIEW: dict[str, Msg] = {
    "export.synthetic": Msg("Synthetic demo data", "Datos de demostración sintéticos"),
    "export.synthetic_note": Msg(
        "Synthetic demo data: the organizations shown are invented, not a real registry.",
        "Datos de demostración sintéticos: las organizaciones son inventadas, no un registro real.",
    ),
    "export.default_source": Msg(
        "organization registry imported with CoopAtlas",
        "registro de organizaciones importado con CoopAtlas",
    ),
    "export.registry_files": Msg(
        "organization registry {files}, imported with CoopAtlas",
        "registro de organizaciones {files}, importado con CoopAtlas",
    ),
    "export.reference_sources": Msg(
        "boundaries: DANE MGN 2020, INEI, INEC; population: DANE 2018, INEI 2017, INEC 2022",
        "límites: DANE MGN 2020, INEI, INEC; población: DANE 2018, INEI 2017, INEC 2022",
    ),
    "export.outside": Msg("outside the filter", "fuera del filtro"),
    "export.weights": Msg(
        "Priority index weights: {weights}", "Pesos del índice de prioridad: {weights}"
    ),
    "export.all_organizations": Msg("All organizations", "Todas las organizaciones"),
    "export.and": Msg("{first} and {last}", "{first} y {last}"),
    # filter names heading a subtitle item ("Countries: Ecuador")
    "headline.countries": Msg("Countries", "Países"),
    "headline.units": Msg("Departments / provinces", "Departamentos / provincias"),
    "headline.org_types": Msg("Types", "Tipos"),
    "headline.sectors": Msg("Sectors", "Sectores"),
    "headline.programmes": Msg("Programmes", "Programas"),
    "headline.federations": Msg("Federations", "Federaciones"),
    "headline.social_services": Msg("Social services", "Servicios sociales"),
    "headline.federated": Msg("Federated", "Federada"),
    "headline.provides_services": Msg("Provides social services", "Presta servicios sociales"),
    "headline.founded": Msg("Founded", "Año de constitución"),
    "headline.yes": Msg("yes", "sí"),
    "headline.no": Msg("no", "no"),
}

# --------------------------------------------------------------------------- accessibility and feedback (dashboard)
A11Y: dict[str, Msg] = {
    "access.skip_filters": Msg("Skip to the filters", "Ir a los filtros"),
    "access.skip_table": Msg("Skip to the table", "Ir a la tabla"),
    "access.loading": Msg("Updating…", "Actualizando…"),
    "access.map_label": Msg(
        "Map: {indicator}. {units}. Tab moves between units; Enter or Space selects one.",
        "Mapa: {indicator}. {units}. Tab pasa de una unidad a otra; Intro o Espacio la selecciona.",
    ),
    "access.units_in_filters": Msg(
        plural("{n} unit in the filters", "{n} units in the filters"),
        plural("{n} unidad en los filtros", "{n} unidades en los filtros"),
    ),
    "access.map_view": Msg("Map view", "Vista del mapa"),
    "access.whole_region": Msg("Whole region", "Toda la región"),
    "access.fit_filters": Msg("Zoom to the filters", "Acercar a los filtros"),
    "access.from": Msg("From", "Desde"),
    "access.to": Msg("To", "Hasta"),
    "access.main": Msg("Dashboard", "Panel"),
    "access.controls": Msg("Map indicator and filters", "Indicador del mapa y filtros"),
    "access.details": Msg("Selected unit and charts", "Unidad seleccionada y gráficos"),
    "access.empty_hint": Msg(
        "Remove a filter or press Reset.", "Quite un filtro o pulse Restablecer."
    ),
    "map.no_values": Msg(
        "No unit on this map has a value for {indicator} with these filters.",
        "Ninguna unidad de este mapa tiene un valor de {indicator} con estos filtros.",
    ),
    "map.no_values_population": Msg(
        "{indicator} needs the population, which is not available for these units.",
        "{indicator} necesita la población, que no está disponible para estas unidades.",
    ),
    "map.try_instead": Msg("Show instead:", "Mostrar en su lugar:"),
}

# --------------------------------------------------------------------------- level-2 units, drill-down (dashboard, exports)
DRILL: dict[str, Msg] = {
    "drill.nav": Msg("Map level", "Nivel del mapa"),
    "drill.level1": Msg("Departments and provinces", "Departamentos y provincias"),
    "drill.level2": Msg("Whole country at level 2:", "Todo el país en el nivel 2:"),
    "drill.children.CO": Msg("Municipalities of {name}", "Municipios de {name}"),
    "drill.children.PE": Msg("Provinces of {name}", "Provincias de {name}"),
    "drill.children.EC": Msg("Cantons of {name}", "Cantones de {name}"),
    "drill.open": Msg("{children} ›", "{children} ›"),
    "drill.gaps": Msg(
        plural(
            "{n} of {total} units in {name} has no matching organization",
            "{n} of {total} units in {name} have no matching organization",
        ),
        plural(
            "{n} de {total} unidades de {name} no tiene ninguna organización que cumpla los filtros",
            "{n} de {total} unidades de {name} no tienen ninguna organización que cumpla los filtros",
        ),
    ),
    "drill.gaps_title": Msg("Units with no organization", "Unidades sin organizaciones"),
}

# --------------------------------------------------------------------------- reading limits
# Refusals of files whose content would cost more than their size (geo/io/read_limits.py).
LIMITS: dict[str, Msg] = {
    "limit.rows": Msg(
        "file '{name}' has more than {limit} data rows, the limit here; "
        "split it into files of at most {limit} rows",
        "el archivo '{name}' tiene más de {limit} filas de datos, el límite aquí; "
        "divídalo en archivos de {limit} filas como máximo",
    ),
    "limit.cells": Msg(
        "file '{name}' ({size} bytes) would make {found} cells (rows x columns), more than "
        "the limit of {limit} for a file of its size; it may be damaged or made to exhaust "
        "the server: export the table again, as CSV UTF-8 or XLSX",
        "el archivo '{name}' ({size} bytes) daría {found} celdas (filas x columnas), más "
        "que el límite de {limit} para un archivo de su tamaño; puede estar dañado o hecho "
        "para agotar el servidor: exporte la tabla de nuevo, como CSV UTF-8 o XLSX",
    ),
    "limit.text": Msg(
        "file '{name}' ({size} bytes) unpacks to more than {found} bytes of text, more than "
        "the limit of {limit} for a file of its size; it may be damaged or made to exhaust "
        "the server: export the table again, as CSV UTF-8 or XLSX",
        "el archivo '{name}' ({size} bytes) se descomprime en más de {found} bytes de texto, "
        "más que el límite de {limit} para un archivo de su tamaño; puede estar dañado o "
        "hecho para agotar el servidor: exporte la tabla de nuevo, como CSV UTF-8 o XLSX",
    ),
    "limit.cell": Msg(
        "file '{name}': the cell in column '{column}', row {row}, holds {found} characters, "
        "more than the limit of {limit} (Excel's); a registry cell holds a name or a code: "
        "shorten or delete that cell and save the file again",
        "archivo '{name}': la celda de la columna '{column}', fila {row}, tiene {found} "
        "caracteres, más que el límite de {limit} (el de Excel); una celda de un registro "
        "tiene un nombre o un código: acorte o borre esa celda y guarde el archivo de nuevo",
    ),
    "limit.blank_lines": Msg(
        "file '{name}' has more than {limit} blank lines inside its table, the limit; "
        "delete the empty rows and save the file again",
        "el archivo '{name}' tiene más de {limit} líneas en blanco dentro de su tabla, el "
        "límite; borre las filas vacías y guarde el archivo de nuevo",
    ),
    "limit.excel_row": Msg(
        "file '{name}' has a row numbered {row}, past Excel's last row {limit}; the "
        "workbook was not saved by a spreadsheet or is damaged: open it and save it again, "
        "or save the table as CSV UTF-8",
        "el archivo '{name}' tiene una fila con el número {row}, más allá de la última fila "
        "de Excel, {limit}; el libro no lo guardó una hoja de cálculo o está dañado: ábralo "
        "y guárdelo de nuevo, o guarde la tabla como CSV UTF-8",
    ),
    "limit.view": Msg(
        "file '{name}': layer '{layer}' is {what}, not a plain table; only tables are read "
        "(a view or a computed column can make any number of rows or any amount of text): "
        "in a GIS, save the layer as a new GeoPackage, or export it as CSV UTF-8",
        "archivo '{name}': la capa '{layer}' es {what}, no una tabla simple; solo se leen "
        "tablas (una vista o una columna calculada puede dar cualquier número de filas o "
        "cualquier cantidad de texto): en un SIG, guarde la capa como un GeoPackage nuevo, o "
        "expórtela como CSV UTF-8",
    ),
    "limit.what_view": Msg("an SQL view", "una vista SQL"),
    "limit.what_virtual": Msg("a virtual table", "una tabla virtual"),
    "limit.what_generated": Msg(
        "a table with computed (generated) columns", "una tabla con columnas calculadas (generadas)"
    ),
    "limit.what_missing": Msg("not in the file's tables", "no está entre las tablas del archivo"),
    "limit.nested": Msg(
        "file '{name}': column '{column}' holds {type} values, not one value a cell; a "
        "registry column holds one name, code or number a row: export the table again, as "
        "CSV UTF-8 or XLSX",
        "archivo '{name}': la columna '{column}' tiene valores {type}, no un valor por celda; "
        "una columna de un registro tiene un nombre, código o número por fila: exporte la "
        "tabla de nuevo, como CSV UTF-8 o XLSX",
    ),
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

SECTIONS: tuple[dict[str, Msg], ...] = (
    APP, MAP, COUNTS, FILTERS, VOCABULARY, PRIORITY, UPLOAD, WIDGETS, EXPORTS,
    INDICATORS, DESCRIBE, STATIC_MAP, SECTOR_GROUPS, PLANNING, PLANNER, EXPORT_VIEW, A11Y, DRILL,
    IMPORT, LIMITS, CLI,
)  # fmt: skip


def _merge(sections: tuple[dict[str, Msg], ...]) -> dict[str, Msg]:
    merged: dict[str, Msg] = {}
    for section in sections:
        twice = sorted(merged.keys() & section.keys())
        if twice:
            raise ValueError(f"message ids defined twice in geo/messages.py: {twice}")
        merged.update(section)
    return merged


#: Every message by id.
MESSAGES: dict[str, Msg] = _merge(SECTIONS)
