"""Words for why an import rejected one row: the detail beside the reason, naming the row.

One section of the catalogue (:mod:`geo.messages`): the per-row detail of the
importer's rejections (:meth:`geo.importer.rows.Rows.reject`), said as
:class:`geo.notice.Notice`. The English text is what the build writes in
``rejected.csv`` and the command line prints; the upload report and the rejected-rows
download say it in the page's language. An id ending in ``.web`` is the wording for a
page, where the English one names a command-line option. Column names (``'name'``,
``'org_id'``) are the canonical fields, quoted as the English text quotes them.
"""

from __future__ import annotations

from geo.messages.msg import Msg

ROW_WORDS: dict[str, Msg] = {
    "row.where": Msg("{file}, row {row}", "{file}, fila {row}"),
    "row.none": Msg("none", "ninguno"),
    "row.or": Msg("{a} or {b}", "{a} o {b}"),
    "row.summary_total": Msg(
        "{where}: {value} looks like a totals line, not an organization; summary lines are "
        "never imported. Fix: nothing to do if it is one; if it is an organization, write its "
        "registered name in the name column.",
        "{where}: {value} parece una línea de totales, no una organización; las líneas de "
        "resumen nunca se importan. Solución: nada que hacer si lo es; si es una organización, "
        "escriba su nombre registrado en la columna del nombre.",
    ),
    "row.summary_note": Msg(
        "{where}: {value} looks like a note, not an organization; summary lines are never "
        "imported. Fix: nothing to do if it is one; if it is an organization, write its "
        "registered name in the name column.",
        "{where}: {value} parece una nota, no una organización; las líneas de resumen nunca "
        "se importan. Solución: nada que hacer si lo es; si es una organización, escriba su "
        "nombre registrado en la columna del nombre.",
    ),
    "row.missing_name": Msg(
        "{where}, column 'name': the organization name is empty; expected the registered "
        "name. Fix: fill in the name (razón social).",
        "{where}, columna 'name': el nombre de la organización está vacío; se esperaba el "
        "nombre registrado. Solución: escriba el nombre (razón social).",
    ),
    "row.duplicate_id": Msg(
        "{where}, column 'org_id': id {value} is already used by {kept} (kept); expected a "
        "unique id. Fix: give each organization its own id, or delete the repeated row.",
        "{where}, columna 'org_id': el identificador {value} ya lo usa {kept} (conservada); "
        "se esperaba un identificador único. Solución: dé a cada organización su propio "
        "identificador, o borre la fila repetida.",
    ),
    "row.municipality_unplaced": Msg(
        "{where}, column 'municipality': {value} {problem}{scope}; candidates: {candidates}. "
        "Fix: add the department (or province) column, the country, or coordinates.",
        "{where}, columna 'municipality': {value} {problem}{scope}; candidatos: {candidates}. "
        "Solución: añada la columna del departamento (o provincia), el país o coordenadas.",
    ),
    "row.matches_several": Msg("matches several units", "coincide con varias unidades"),
    "row.not_a_municipality": Msg(
        "is not a municipio, provincia or cantón code or name",
        "no es un código ni un nombre de municipio, provincia o cantón",
    ),
    "row.of_country": Msg(" of {country}", " de {country}"),
    "row.candidate_admin2": Msg(
        "{name} ({code}, in {parent}, {country})", "{name} ({code}, en {parent}, {country})"
    ),
    "row.no_location": Msg(
        "{where}: no department, no municipality and no usable coordinates; expected a "
        "department or province, a municipality (name or code), or latitude and longitude. "
        "Fix: fill in one of them.",
        "{where}: sin departamento, sin municipio y sin coordenadas utilizables; se esperaba "
        "un departamento o provincia, un municipio (nombre o código), o latitud y longitud. "
        "Solución: complete uno de ellos.",
    ),
    "row.ambiguous_department": Msg(
        "{where}, column 'department': {value} matches several units: {candidates}. Fix: {fix}.",
        "{where}, columna 'department': {value} coincide con varias unidades: {candidates}. "
        "Solución: {fix}.",
    ),
    "row.candidate_in_country": Msg("{name} ({code}) in {country}", "{name} ({code}) en {country}"),
    "row.fix_country": Msg(
        "add a country column, or pass {options} when the whole file is of one country{more}",
        "añada una columna de país, o pase {options} cuando todo el archivo es de un solo "
        "país{more}",
    ),
    "row.fix_country.web": Msg(
        "add a country column, or choose the country in the upload's options when the whole "
        "file is of one country{more}",
        "añada una columna de país, o elija el país en las opciones de la carga cuando todo el "
        "archivo es de un solo país{more}",
    ),
    "row.fix_add_municipality": Msg(
        ", or add the municipio / cantón (it tells which)",
        ", o añada el municipio / cantón (indica cuál)",
    ),
    "row.fix_full_name": Msg(
        "write the full name ({names}), or add the municipio / provincia",
        "escriba el nombre completo ({names}), o añada el municipio / provincia",
    ),
    "row.unmatched_department": Msg(
        "{where}, column 'department': {value} is not a department or province of {scope}; "
        "closest: {suggestions}. Fix: correct the spelling, or add coordinates.",
        "{where}, columna 'department': {value} no es un departamento ni una provincia de "
        "{scope}; más parecidos: {suggestions}. Solución: corrija la ortografía, o añada "
        "coordenadas.",
    ),
    "row.any_country": Msg("CO, PE or EC", "CO, PE o EC"),
    "row.malformed": Msg(
        "{where}: {problem}. Fix: quote fields that contain the delimiter, or re-export the file.",
        "{where}: {problem}. Solución: ponga entre comillas los campos que contienen el "
        "delimitador, o vuelva a exportar el archivo.",
    ),
    "row.extra_values": Msg(
        "row {row} has {n} {noun}, the header has {header}; the extra values are kept in {extra}",
        "la fila {row} tiene {n} {noun}, el encabezado tiene {header}; los valores de más se "
        "guardan en {extra}",
    ),
    "row.no_geometry": Msg(
        "row {row} has no geometry; only points give coordinates",
        "la fila {row} no tiene geometría; solo los puntos dan coordenadas",
    ),
    "row.not_point": Msg(
        "row {row} has a {kind} geometry; only points give coordinates",
        "la fila {row} tiene una geometría {kind}; solo los puntos dan coordenadas",
    ),
    "row.noun.fields": Msg("fields", "campos"),
    "row.noun.filled_columns": Msg("filled columns", "columnas con datos"),
    "row.missing_programme": Msg(
        "{where}, column 'programme': empty; expected My.Coop, Think.Coop, Start.Coop or "
        "another programme name. Fix: fill in the programme.",
        "{where}, columna 'programme': vacía; se esperaba My.Coop, Think.Coop, Start.Coop u "
        "otro nombre de programa. Solución: escriba el programa.",
    ),
    "row.unknown_organization": Msg(
        "{where}, column 'org_id': got {value}, which is not an accepted organization id (it "
        "may be missing from the registry or rejected there). Fix: correct the id, or import "
        "the organization first.",
        "{where}, columna 'org_id': se recibió {value}, que no es el identificador de una "
        "organización aceptada (puede faltar en el registro o haber sido rechazada allí). "
        "Solución: corrija el identificador, o importe primero la organización.",
    ),
    # the upload report's lists of rows and the flagged-rows download
    "upload.rejected_rows": Msg(
        "First rejected rows (row numbers as in the file)",
        "Primeras filas rechazadas (números de fila como en el archivo)",
    ),
    "upload.flagged_rows": Msg(
        "First flagged rows (row numbers as in the file)",
        "Primeras filas señaladas (números de fila como en el archivo)",
    ),
    "upload.listed_flag": Msg(
        "{where}: {flag} — {column}: {value}", "{where}: {flag} — {column}: {value}"
    ),
    "upload.listed_reason": Msg("{where}: {reason}", "{where}: {reason}"),
    "upload.rows_more": Msg(
        "The download lists all {n} rows.", "La descarga incluye las {n} filas."
    ),
    "upload.download_flagged": Msg("Flagged rows (CSV)", "Filas señaladas (CSV)"),
    "flagged.flag": Msg("Flag", "Señal"),
    "flagged.column": Msg("Columns", "Columnas"),
    "flagged.value": Msg("Values", "Valores"),
}
