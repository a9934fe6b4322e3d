"""Words of the files CoopAtlas writes and reads: exports, static maps, export framing, reading limits.

One section of the catalogue (:mod:`geo.messages`): ``Msg(en, es)`` by message id.
"""

from __future__ import annotations

from geo.messages.msg import Msg, plural

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
    # an export running outside the web worker (dashboard/export_job.py)
    "export.job_preparing": Msg("Preparing the export…", "Preparando la exportación…"),
    "export.job_drawing": Msg(
        "Drawing and writing the {format} file…", "Dibujando y escribiendo el archivo {format}…"
    ),
    "export.job_cancel": Msg("Cancel the export", "Cancelar la exportación"),
    "export.job_progress": Msg("Export progress", "Progreso de la exportación"),
    "export.ready": Msg("Ready: {name} is downloading.", "Listo: se está descargando {name}."),
    # the download route (dashboard/downloads.py): an export asked for by another session
    "download.not_yours_title": Msg("Export not available", "Exportación no disponible"),
    "download.not_yours": Msg(
        "This export was made in another browser session (or by another user) and is "
        "served only there. Open the dashboard and export the view again.",
        "Esta exportación se hizo en otra sesión del navegador (o por otro usuario) y solo "
        "se entrega allí. Abra el tablero y exporte la vista de nuevo.",
    ),
    "download.back": Msg("Back to the dashboard", "Volver al tablero"),
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
    "headline.sector_groups": Msg("Sector groups", "Grupos de sectores"),
    "headline.programmes": Msg("Programmes", "Programas"),
    "headline.federations": Msg("Federations", "Federaciones"),
    "headline.social_services": Msg("Social services", "Servicios sociales"),
    "headline.federated": Msg("Federated", "Federada"),
    "headline.provides_services": Msg("Provides social services", "Presta servicios sociales"),
    "headline.founded": Msg("Founded", "Año de constitución"),
    "headline.yes": Msg("yes", "sí"),
    "headline.no": Msg("no", "no"),
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
    # an upload's reader stopped by a resource limit (dashboard/upload_sandbox.py)
    "limit.sandbox_time": Msg(
        "file '{name}' could not be read within the limits of this server: reading it took "
        "more than {seconds} seconds. Nothing was changed; check that it is the registry "
        "table, save it again as CSV UTF-8 or XLSX (or split it) and upload it again",
        "el archivo '{name}' no se pudo leer dentro de los límites de este servidor: leerlo "
        "tomó más de {seconds} segundos. No se cambió nada; compruebe que es la tabla del "
        "registro, guárdela de nuevo como CSV UTF-8 o XLSX (o divídala) y súbala otra vez",
    ),
    "limit.sandbox_cpu": Msg(
        "file '{name}' could not be read within the limits of this server: reading it needed "
        "more than {seconds} seconds of computing time. Nothing was changed; check that it "
        "is the registry table, save it again as CSV UTF-8 or XLSX (or split it) and upload "
        "it again",
        "el archivo '{name}' no se pudo leer dentro de los límites de este servidor: leerlo "
        "necesitó más de {seconds} segundos de cálculo. No se cambió nada; compruebe que es "
        "la tabla del registro, guárdela de nuevo como CSV UTF-8 o XLSX (o divídala) y "
        "súbala otra vez",
    ),
    "limit.sandbox_memory": Msg(
        "file '{name}' could not be read within the limits of this server: reading it needed "
        "more than {megabytes} MB of memory. Nothing was changed; check that it is the "
        "registry table, save it again as CSV UTF-8 or XLSX (or split it) and upload it again",
        "el archivo '{name}' no se pudo leer dentro de los límites de este servidor: leerlo "
        "necesitó más de {megabytes} MB de memoria. No se cambió nada; compruebe que es la "
        "tabla del registro, guárdela de nuevo como CSV UTF-8 o XLSX (o divídala) y súbala "
        "otra vez",
    ),
    "limit.sandbox_crash": Msg(
        "file '{name}' could not be read within the limits of this server: its reader "
        "stopped unexpectedly (the server's log says why). Nothing was changed; save it "
        "again as CSV UTF-8 or XLSX and upload it again",
        "el archivo '{name}' no se pudo leer dentro de los límites de este servidor: su "
        "lector se detuvo de forma inesperada (el registro del servidor dice por qué). No se "
        "cambió nada; guárdelo de nuevo como CSV UTF-8 o XLSX y súbalo otra vez",
    ),
}
