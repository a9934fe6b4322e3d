"""The dashboard's words: page, map, counts, filters, accessibility, drill-down, planner, upload, widgets.

One section of the catalogue (:mod:`geo.messages`): ``Msg(en, es)`` by message id.
"""

from __future__ import annotations

from geo.messages.msg import Msg, plural

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
    "legend.zero": Msg("{value} (none)", "{value} (ninguno)"),
    "legend.merged": Msg(
        "{asked} classes asked, {shown} shown: tied values share a class",
        "{asked} clases pedidas, {shown} mostradas: los valores empatados comparten clase",
    ),
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
    "upload.options": Msg("Import options", "Opciones de importación"),
    "upload.country": Msg(
        "Country of rows without a country column", "País de las filas sin columna de país"
    ),
    "upload.country_auto": Msg("From the file", "Según el archivo"),
    "upload.type": Msg(
        "Type of every row without a type (a file of one type)",
        "Tipo de las filas sin tipo (un archivo de un solo tipo)",
    ),
    "upload.type_auto": Msg(
        "From the type column or the name", "Según la columna de tipo o el nombre"
    ),
    "upload.header_row": Msg(
        "Row of the header (as the spreadsheet numbers it)",
        "Fila del encabezado (como la numera la hoja de cálculo)",
    ),
    "upload.header_row_auto": Msg("Found in the file", "Se busca en el archivo"),
    "upload.unrecognised_types": Msg(
        "Organization types not recognised (rows whose name says the type took it from the "
        "name; the others count as other social and solidarity economy)",
        "Tipos de organización no reconocidos (las filas cuyo nombre dice el tipo lo tomaron "
        "del nombre; las demás cuentan como otra economía social y solidaria)",
    ),
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

# --------------------------------------------------------------------------- the planner's map (dashboard/planner*.py)
PLANNER: dict[str, Msg] = {
    "plan.heading": Msg("Selection", "Selección"),
    "plan.hint": Msg(
        "Click units on the map or rows of the table to add them; click again to remove.",
        "Pulse unidades en el mapa o filas de la tabla para añadirlas; pulse otra vez para quitarlas.",
    ),
    "plan.clear": Msg("Clear the selection", "Quitar la selección"),
    "plan.compare_filter": Msg(
        "Compare the units in the filters", "Comparar las unidades filtradas"
    ),
    "plan.compare_filter_many": Msg(
        "The filters hold {n} units: choose at most {max} departments or provinces to compare them.",
        "Los filtros abarcan {n} unidades: elija como máximo {max} departamentos o provincias para compararlas.",
    ),
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

# --------------------------------------------------------------------------- accessibility and feedback (dashboard)
A11Y: dict[str, Msg] = {
    "access.skip_filters": Msg("Skip to the filters", "Ir a los filtros"),
    "access.skip_table": Msg("Skip to the table", "Ir a la tabla"),
    "access.filters_open": Msg("Filters", "Filtros"),
    "access.filters_close": Msg("Show the map", "Ver el mapa"),
    "access.skip_map": Msg("Skip to the map", "Ir al mapa"),
    "banner.label": Msg("About the data on the map", "Sobre los datos del mapa"),
    "banner.demo": Msg(
        "Synthetic demo data: not real organizations",
        "Datos sintéticos de demostración: no son organizaciones reales",
    ),
    "banner.upload_title": Msg("Your file", "Su archivo"),
    "banner.report": Msg("Import report", "Informe de la importación"),
    "rejected.file": Msg("File", "Archivo"),
    "rejected.row": Msg("Row", "Fila"),
    "rejected.reason": Msg("Reason", "Motivo"),
    "rejected.details": Msg("Details", "Detalle"),
    "map.zoom_in": Msg("Zoom in", "Acercar"),
    "map.zoom_out": Msg("Zoom out", "Alejar"),
    "banner.upload": Msg(
        "{file}: {accepted}; the map shows {shown}.",
        "{file}: {accepted}; el mapa muestra {shown}.",
    ),
    "banner.hidden_filters": Msg("The filters hide {n}.", "Los filtros ocultan {n}."),
    "banner.hidden_status": Msg(
        plural(
            "{n} of them is in liquidation or cancelled, which the default legal status leaves out.",
            "{n} of them are in liquidation or cancelled, which the default legal status leaves out.",
        ),
        plural(
            "{n} de ellas está en liquidación o cancelada, y el estado legal por defecto la deja fuera.",
            "{n} de ellas están en liquidación o canceladas, y el estado legal por defecto las deja fuera.",
        ),
    ),
    "access.loading": Msg("Updating…", "Actualizando…"),
    "access.map_label": Msg(
        "Map: {indicator}. {units}. The arrow keys move between units; Enter or Space selects one.",
        "Mapa: {indicator}. {units}. Las flechas pasan de una unidad a otra; Intro o Espacio la selecciona.",
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
