"""Words for an import's verdicts: why a row was rejected, what was flagged on an accepted row.

One section of the catalogue (:mod:`geo.messages`): a short label per code of
:data:`geo.importer.rows.REJECTION_REASONS` (``verdict.reason.<code>``) and
:data:`geo.importer.rows.FLAGS` (``verdict.flag.<code>``), shown to people in the
upload report and the rejected-rows file instead of the code
(``tests/test_upload_words.py`` checks that every code has its words).
"""

from __future__ import annotations

from geo.messages.msg import Msg

VERDICTS: dict[str, Msg] = {
    "verdict.reason.missing_name": Msg("No name", "Sin nombre"),
    "verdict.reason.summary_row": Msg(
        "A totals line or a note, not an organization",
        "Una línea de totales o una nota, no una organización",
    ),
    "verdict.reason.duplicate_id": Msg(
        "Same organization id as an earlier row", "Mismo identificador que una fila anterior"
    ),
    "verdict.reason.unknown_country": Msg(
        "Country not Colombia, Peru or Ecuador", "País distinto de Colombia, Perú o Ecuador"
    ),
    "verdict.reason.no_location": Msg(
        "No department and no usable coordinates", "Sin departamento ni coordenadas utilizables"
    ),
    "verdict.reason.unmatched_department": Msg(
        "Department not recognised, and no coordinates",
        "Departamento no reconocido y sin coordenadas",
    ),
    "verdict.reason.ambiguous_department": Msg(
        "Department matches several units, and no coordinates",
        "El departamento coincide con varias unidades y no hay coordenadas",
    ),
    "verdict.reason.ambiguous_municipality": Msg(
        "No department; the municipality matches several units",
        "Sin departamento; el municipio coincide con varias unidades",
    ),
    "verdict.reason.unmatched_municipality": Msg(
        "No department; municipality not recognised",
        "Sin departamento; municipio no reconocido",
    ),
    "verdict.reason.malformed_row": Msg(
        "More fields than the header", "Más campos que el encabezado"
    ),
    "verdict.reason.unknown_organization": Msg(
        "Programme row for an organization not accepted",
        "Fila de programa de una organización no aceptada",
    ),
    "verdict.reason.missing_programme": Msg(
        "Programme row without a programme", "Fila de programa sin programa"
    ),
    "verdict.flag.point_outside_declared_unit": Msg(
        "Coordinates in another department than the one given",
        "Coordenadas en otro departamento que el indicado",
    ),
    "verdict.flag.swapped_coordinates": Msg(
        "Latitude and longitude swapped (corrected)", "Latitud y longitud invertidas (corregido)"
    ),
    "verdict.flag.zero_coordinates": Msg(
        "Coordinates (0, 0) dropped", "Coordenadas (0, 0) descartadas"
    ),
    "verdict.flag.invalid_coordinates": Msg(
        "Invalid coordinates dropped", "Coordenadas no válidas descartadas"
    ),
    "verdict.flag.incomplete_coordinates": Msg(
        "Only latitude or longitude given (dropped)", "Solo latitud o longitud (descartada)"
    ),
    "verdict.flag.point_outside_country": Msg(
        "Coordinates outside the country (dropped)", "Coordenadas fuera del país (descartadas)"
    ),
    "verdict.flag.snapped_to_unit": Msg(
        "Point just off the coast, moved onto land", "Punto junto a la costa, llevado a tierra"
    ),
    "verdict.flag.department_unmatched_point_used": Msg(
        "Department not recognised; located by its point",
        "Departamento no reconocido; ubicado por sus coordenadas",
    ),
    "verdict.flag.department_ambiguous_point_used": Msg(
        "Department ambiguous; located by its point",
        "Departamento ambiguo; ubicado por sus coordenadas",
    ),
    "verdict.flag.fuzzy_department": Msg(
        "Department matched approximately", "Departamento reconocido por aproximación"
    ),
    "verdict.flag.department_from_municipality": Msg(
        "Department found from the municipality", "Departamento deducido del municipio"
    ),
    "verdict.flag.point_outside_declared_municipality": Msg(
        "Coordinates in another municipality than the one given",
        "Coordenadas en otro municipio que el indicado",
    ),
    "verdict.flag.municipality_ambiguous": Msg(
        "Municipality matches several units (left empty)",
        "El municipio coincide con varias unidades (se deja vacío)",
    ),
    "verdict.flag.municipality_unmatched": Msg(
        "Municipality not recognised in its department",
        "Municipio no reconocido en su departamento",
    ),
    "verdict.flag.municipality_not_drawn": Msg(
        "Municipality without a polygon of its own", "Municipio sin polígono propio"
    ),
    "verdict.flag.municipality_code_name_disagree": Msg(
        "Municipality code and name disagree", "El código y el nombre del municipio no coinciden"
    ),
    "verdict.flag.type_unrecognised": Msg(
        "Type empty or not recognised (counted as other SSE)",
        "Tipo vacío o no reconocido (contado como otra ESS)",
    ),
    "verdict.flag.type_from_name": Msg("Type read from the name", "Tipo deducido del nombre"),
    "verdict.flag.sector_from_name": Msg("Sector read from the name", "Sector deducido del nombre"),
    "verdict.flag.type_label_unknown_name_used": Msg(
        "Type label not recognised; the type was read from the name",
        "Etiqueta de tipo no reconocida; el tipo se dedujo del nombre",
    ),
    "verdict.flag.type_from_coo_name": Msg(
        "Read as a cooperative from a name beginning with “Coo…”",
        "Leída como cooperativa por un nombre que empieza por «Coo…»",
    ),
    "verdict.flag.type_name_disagrees": Msg(
        "The name suggests another type than the type column (the column was kept)",
        "El nombre sugiere otro tipo que la columna de tipo (se mantuvo la columna)",
    ),
    "verdict.flag.sector_from_type": Msg(
        "Sector taken from the legal class", "Sector tomado de la clase jurídica"
    ),
    "verdict.flag.department_placeholder": Msg(
        "Department cell held a placeholder (such as “N/A”), read as empty",
        "La celda de departamento tenía un marcador (como «N/A»), leído como vacío",
    ),
    "verdict.flag.country_from_file": Msg(
        "Country taken from the file's other rows", "País tomado de las demás filas del archivo"
    ),
    "verdict.flag.invalid_number": Msg(
        "A member count or year not a number (left empty)",
        "Un número de socios o un año no numérico (se deja vacío)",
    ),
    "verdict.flag.members_inconsistent": Msg(
        "Women or youth members exceed the total", "Socias o jóvenes superan el total"
    ),
    "verdict.flag.generated_id": Msg(
        "No organization id (one was generated)", "Sin identificador (se generó uno)"
    ),
    "verdict.flag.possible_duplicate": Msg(
        "Same name in the same unit as another row",
        "Mismo nombre en la misma unidad que otra fila",
    ),
    "verdict.flag.row_problem": Msg(
        "The reader reported a problem with this row", "El lector señaló un problema en esta fila"
    ),
}
