"""Interface texts in English and Spanish."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = ("en", "es")

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("CoopAtlas", "CoopAtlas"),
    "subtitle": (
        "Producer organizations, cooperatives and programme coverage in Colombia, Peru and Ecuador",
        "Organizaciones de productores, cooperativas y cobertura de programas en Colombia, Perú y Ecuador",
    ),
    "language": ("Language", "Idioma"),
    "indicator": ("Map indicator", "Indicador del mapa"),
    "type_share": ("Type for 'share of a type'", "Tipo para 'proporción de un tipo'"),
    "scheme": ("Classification", "Clasificación"),
    "classes": ("Classes", "Clases"),
    "filters": ("Filters", "Filtros"),
    "country": ("Country", "País"),
    "unit": ("Department / province", "Departamento / provincia"),
    "org_type": ("Organization type", "Tipo de organización"),
    "sector": ("Sector", "Sector"),
    "programme": ("Programme (organizations reached)", "Programa (organizaciones alcanzadas)"),
    "years": ("Year founded", "Año de constitución"),
    "federation": ("Federation", "Federación"),
    "reset": ("Reset", "Restablecer"),
    "all": ("All", "Todos"),
    "zoom_all": ("All three", "Los tres"),
    "orgs_layer": ("Show organizations", "Mostrar organizaciones"),
    "orgs_not_drawn": (
        "{n} of {total} organizations have no coordinates: counted in their unit, not drawn.",
        "{n} de {total} organizaciones no tienen coordenadas: se cuentan en su unidad, no se dibujan.",
    ),
    "table": ("Units", "Unidades"),
    "chart_types": ("Organization types", "Tipos de organización"),
    "chart_coverage": ("Programme coverage", "Cobertura de programas"),
    "chart_priority": ("Top 10 priority units", "10 unidades prioritarias"),
    "info_empty": (
        "Click a unit on the map or in the table to see its figures.",
        "Haga clic en una unidad del mapa o de la tabla para ver sus cifras.",
    ),
    "priority_why": ("Why this priority score", "Por qué esta prioridad"),
    "points": ("points", "puntos"),
    "rank": ("Rank", "Puesto"),
    "of": ("of", "de"),
    "no_data": ("no data", "sin datos"),
    "summary": (
        "{orgs} organizations match the filters; {coops} cooperatives; {reached} reached by a programme.",
        "{orgs} organizaciones cumplen los filtros; {coops} cooperativas; {reached} alcanzadas por un programa.",
    ),
    "notice_url": (
        "Some settings in the link were not valid and were reset: {items}",
        "Algunos ajustes del enlace no eran válidos y se restablecieron: {items}",
    ),
    "source": (
        "Data: organization registry as built by CoopAtlas; boundaries Natural Earth; population DANE 2018, INEI 2017, INEC 2022.",
        "Datos: registro de organizaciones procesado por CoopAtlas; límites Natural Earth; población DANE 2018, INEI 2017, INEC 2022.",
    ),
    "demo_note": (
        "Demo data: the bundled registry is synthetic.",
        "Datos de demostración: el registro incluido es sintético.",
    ),
    "scheme_quantiles": ("Quantiles", "Cuantiles"),
    "scheme_fisher_jenks": ("Natural breaks (Fisher-Jenks)", "Cortes naturales (Fisher-Jenks)"),
    "scheme_equal_interval": ("Equal intervals", "Intervalos iguales"),
    "CO": ("Colombia", "Colombia"),
    "PE": ("Peru", "Perú"),
    "EC": ("Ecuador", "Ecuador"),
    "cooperative": ("Cooperative", "Cooperativa"),
    "pre_cooperative": ("Pre-cooperative", "Precooperativa"),
    "producer_association": ("Producer association", "Asociación de productores"),
    "community_organization": ("Community organization", "Organización comunitaria"),
    "mutual_employee_fund": ("Mutual / employee fund", "Mutual / fondo de empleados"),
    "other_sse": ("Other SSE organization", "Otra organización de la ESS"),
    "coffee": ("Coffee", "Café"),
    "cocoa": ("Cocoa", "Cacao"),
    "dairy": ("Dairy", "Lácteos"),
    "bananas": ("Bananas", "Banano"),
    "fishing": ("Fishing", "Pesca"),
    "alpaca_fibre": ("Alpaca fibre", "Fibra de alpaca"),
    "vegetables": ("Vegetables", "Hortalizas"),
    "fruit": ("Fruit", "Frutas"),
    "livestock": ("Livestock", "Ganadería"),
    "crafts": ("Crafts", "Artesanías"),
    "savings_credit": ("Savings and credit", "Ahorro y crédito"),
    "services": ("Services", "Servicios"),
    "other": ("Other", "Otro"),
    "My.Coop": ("My.Coop", "My.Coop"),
    "Think.Coop": ("Think.Coop", "Think.Coop"),
    "Start.Coop": ("Start.Coop", "Start.Coop"),
    "any_programme": ("Any programme", "Cualquier programa"),
    "organizations": ("organizations", "organizaciones"),
    "members": ("members", "socios"),
    "reached": ("reached", "alcanzadas"),
    "not_reached": ("not reached", "no alcanzadas"),
    "export": ("Export this view", "Exportar esta vista"),
    "export_map": ("Map", "Mapa"),
    "export_data": ("Data", "Datos"),
    "export_failed": ("The export failed: {error}", "La exportación falló: {error}"),
    "upload_title": ("Your registry", "Su registro"),
    "upload_hint": (
        "Drop a CSV, XLSX or GeoJSON registry here, or click to choose it",
        "Suelte aquí un registro CSV, XLSX o GeoJSON, o haga clic para elegirlo",
    ),
    "upload_programmes": (
        "Optional: programme participation file",
        "Opcional: archivo de participación en programas",
    ),
    "upload_private": (
        "Only this browser tab sees what you upload; it is deleted after {hours} hours.",
        "Solo esta pestaña ve lo que sube; se borra a las {hours} horas.",
    ),
    "upload_apply": ("Show on the map", "Mostrar en el mapa"),
    "upload_clear": ("Back to the bundled data", "Volver a los datos incluidos"),
    "upload_rejected": ("Download rejected rows", "Descargar filas rechazadas"),
    "upload_read": (
        "{file}: {rows} rows read, {accepted} accepted, {rejected} rejected.",
        "{file}: {rows} filas leídas, {accepted} aceptadas, {rejected} rechazadas.",
    ),
    "upload_reasons": ("Rejected by reason", "Rechazadas por motivo"),
    "upload_flags": ("Accepted with a flag", "Aceptadas con una advertencia"),
    "upload_unmatched": (
        "Department names not recognised",
        "Nombres de departamento no reconocidos",
    ),
    "upload_suggest": ("did you mean", "quiso decir"),
    "upload_mapping": (
        "Some required columns were not recognised. Pick which column is which:",
        "No se reconocieron algunas columnas obligatorias. Indique qué columna es cuál:",
    ),
    "upload_mapping_apply": ("Import with these columns", "Importar con estas columnas"),
    "upload_showing": (
        "The map shows your uploaded registry.",
        "El mapa muestra su registro subido.",
    ),
    "field_name": ("Organization name", "Nombre de la organización"),
    "field_department": ("Department / province", "Departamento / provincia"),
    "field_country": ("Country", "País"),
    "field_latitude": ("Latitude", "Latitud"),
    "field_longitude": ("Longitude", "Longitud"),
    "field_org_type": ("Organization type", "Tipo de organización"),
    "field_org_id": ("Organization id", "Código de la organización"),
    "field_members_total": ("Members", "Número de asociados"),
    "error_title": (
        "The dashboard cannot show this data",
        "El tablero no puede mostrar estos datos",
    ),
}


def t(key: str, lang: str, **values: object) -> str:
    """Return the text ``key`` in ``lang`` (English when unknown), formatted with ``values``.

    Parameters
    ----------
    key
        A key of :data:`TEXTS`; an unknown key is returned as it is.
    lang
        ``"en"`` or ``"es"``.
    **values
        Fields for :meth:`str.format`.

    Returns
    -------
    str
        The translated text.
    """
    pair = TEXTS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "es" else pair[0]
    return text.format(**values) if values else text
