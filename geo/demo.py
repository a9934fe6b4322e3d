"""Generate a SYNTHETIC organization registry and programme table for demos and benchmarks.

CoopAtlas ships no real registry. This module invents one that looks like what a
specialist receives from a national registry (Spanish headers, every cell text,
names and codes written in many ways, a few faults), so that it goes through the
importer exactly like a real file. Nothing in it describes a real organization.

How the rows are drawn (all randomness from ``numpy.random.default_rng(seed)``):

* **Units.** Every one of the 83 units first gets ``min(3, n // 83)`` rows; the rest
  is shared by largest remainder in proportion to a country share (CO 45 %, PE 35 %,
  EC 20 %) times an agricultural weight per unit (:data:`_UNIT_PROFILES`). Rows are
  then shuffled.
* **Urban rows.** A share of the rows of capital-dominated units (Bogotá, Lima
  Metropolitana, Callao, ...) is "urban": more cooperatives and mutual or employee
  funds, mostly savings-and-credit and services, in the capital.
* **Types.** Canonical classes are drawn first (rural: 45 % producer associations,
  20 % cooperatives, 5 % pre-cooperatives, 15 % community organizations, 7 % mutual or
  employee funds, 8 % other), then a label as registries write it, by country
  (:data:`TYPE_LABELS_BY_CLASS`; Ecuador uses the SEPS sectors "Cooperativo", "Asociativo",
  "Comunitario" for most rows).
* **Sectors.** Per unit weights: a common base plus regional boosts (coffee in the
  Andean coffee belt, cocoa, dairy, bananas, fishing on coasts, alpaca fibre in the
  southern Andes, ...); savings-and-credit cooperatives and funds get their own sector.
* **Points.** 70 % of rows have a point drawn uniformly (in longitude/latitude)
  strictly inside the full-resolution polygon of their unit, by rejection sampling in
  the bounding box of each polygon part, after rounding to the 5 written decimals.

* **Names.** Type + product + distinctive word (+ place), e.g. "Asociación de
  Productores de Café San Isidro de Neiva"; unique within a unit (redrawn, else
  numbered "N° 2"), except the planted pairs below.

Faults are injected at fixed counts, ``round(rate * n)`` rows each (see
:data:`FAULT_RATES`): swapped latitude/longitude, ``"0"``/``"0"`` coordinates and
decimal commas (disjoint, among rows with a point); unresolvable departments and
one-edit misspellings (disjoint; misspellings only for names of 8+ letters, never
the two Lima units); a later row reusing an earlier ``Código``. Drawn at random
rates: about 3 % of department cells with one or two trailing spaces, 5 % blank
member counts (women and youth are also blank then, and 5 % more each), 3 % blank
founding years, 1 % blank sectors. Planted: ``max(3, round(n / 1000))`` same-name
same-unit pairs with different codes, and exactly one row named each of
:data:`HOSTILE_NAMES`; these rows carry no other fault.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from geo._errors import DataFileError, InputValidationError
from geo.boundaries import load_boundaries, load_units

#: Default seed of the committed demo files.
DEFAULT_SEED = 20261128

#: Default size of the committed demo registry.
DEFAULT_ROWS = 5000

#: Smallest registry :func:`generate_registry` makes (room for every fault kind).
MIN_ROWS = 100

REGISTRY_FILE = "demo_registry.csv"
PROGRAMMES_FILE = "demo_programmes.csv"

#: Headers of the registry table, in order.
REGISTRY_COLUMNS = [
    "Código",
    "Razón social",
    "País",
    "Departamento/Provincia",
    "Municipio",
    "Tipo de organización",
    "Actividad principal",
    "Número de asociados",
    "Mujeres asociadas",
    "Jóvenes asociados",
    "Año de constitución",
    "Federación",
    "Servicios sociales",
    "Latitud",
    "Longitud",
]

#: Headers of the programme table, in order.
PROGRAMME_COLUMNS = ["Código", "Programa", "Año", "Participantes", "Mujeres participantes"]

#: Names used by security tests; each appears on exactly one otherwise valid row.
HOSTILE_NAMES = ("<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","y")')

#: Share of rows carrying each injected fault (exact count ``round(rate * n)``).
FAULT_RATES: dict[str, float] = {
    "coordinates_swapped": 0.003,
    "coordinates_zero": 0.002,
    "coordinates_decimal_comma": 0.002,
    "department_misspelled": 0.005,
    "department_unresolvable": 0.003,
    "duplicate_code": 0.002,
}

#: Share of rows with a point (before faults); the others have blank coordinates.
POINT_SHARE = 0.70
#: Probability that a department cell gets one or two trailing spaces.
TRAILING_SPACE_SHARE = 0.03
#: Probabilities that a count cell or the founding year is blank.
BLANK_MEMBERS_SHARE = 0.05
BLANK_YEAR_SHARE = 0.03
BLANK_SECTOR_SHARE = 0.01

#: Units whose names are never misspelled: one edit to a Lima name makes it ambiguous
#: between the two Lima units.
_NOT_MISSPELLED = frozenset({"PE-LIM", "PE-LMA"})

#: Department values no gazetteer can resolve.
UNRESOLVABLE_DEPARTMENTS = ("Sin información", "No registra", "Sin dato", "Por definir")

_COUNTRIES = ("CO", "PE", "EC")
_COUNTRY_SHARE = np.array([0.45, 0.35, 0.20])
_COUNTRY_TEXT = {
    "CO": (("Colombia", 0.6), ("COLOMBIA", 0.25), ("CO", 0.15)),
    "PE": (("Perú", 0.55), ("Peru", 0.25), ("PE", 0.20)),
    "EC": (("Ecuador", 0.7), ("EC", 0.3)),
}

# Unit profiles: agricultural weight (relative, within a country) and capital or main town.
_UNIT_PROFILES: dict[str, tuple[float, str]] = {
    "CO-ANT": (10.0, "Medellín"),
    "CO-ATL": (3.0, "Barranquilla"),
    "CO-DC": (6.0, "Bogotá"),
    "CO-BOL": (4.0, "Cartagena"),
    "CO-BOY": (7.0, "Tunja"),
    "CO-CAL": (5.0, "Manizales"),
    "CO-CAQ": (2.0, "Florencia"),
    "CO-CAU": (9.0, "Popayán"),
    "CO-CES": (3.0, "Valledupar"),
    "CO-COR": (4.0, "Montería"),
    "CO-CUN": (7.0, "Zipaquirá"),
    "CO-CHO": (2.0, "Quibdó"),
    "CO-HUI": (9.0, "Neiva"),
    "CO-LAG": (2.0, "Riohacha"),
    "CO-MAG": (4.0, "Santa Marta"),
    "CO-MET": (3.0, "Villavicencio"),
    "CO-NAR": (9.0, "Pasto"),
    "CO-NSA": (4.0, "Cúcuta"),
    "CO-QUI": (3.0, "Armenia"),
    "CO-RIS": (4.0, "Pereira"),
    "CO-SAN": (6.0, "Bucaramanga"),
    "CO-SUC": (3.0, "Sincelejo"),
    "CO-TOL": (6.0, "Ibagué"),
    "CO-VAC": (6.0, "Cali"),
    "CO-ARA": (2.0, "Arauca"),
    "CO-CAS": (2.0, "Yopal"),
    "CO-PUT": (2.0, "Mocoa"),
    "CO-SAP": (0.6, "San Andrés"),
    "CO-AMA": (0.5, "Leticia"),
    "CO-GUA": (0.4, "Inírida"),
    "CO-GUV": (0.8, "San José del Guaviare"),
    "CO-VAU": (0.4, "Mitú"),
    "CO-VID": (0.5, "Puerto Carreño"),
    "PE-AMA": (3.0, "Chachapoyas"),
    "PE-ANC": (4.0, "Huaraz"),
    "PE-APU": (4.0, "Abancay"),
    "PE-ARE": (4.0, "Arequipa"),
    "PE-AYA": (4.0, "Ayacucho"),
    "PE-CAJ": (9.0, "Cajamarca"),
    "PE-CAL": (2.0, "Callao"),
    "PE-CUS": (8.0, "Cusco"),
    "PE-HUV": (3.0, "Huancavelica"),
    "PE-HUC": (4.0, "Huánuco"),
    "PE-ICA": (3.0, "Ica"),
    "PE-JUN": (8.0, "Huancayo"),
    "PE-LAL": (4.0, "Trujillo"),
    "PE-LAM": (3.0, "Chiclayo"),
    "PE-LMA": (6.0, "Lima"),
    "PE-LIM": (3.0, "Huacho"),
    "PE-LOR": (2.0, "Iquitos"),
    "PE-MDD": (0.6, "Puerto Maldonado"),
    "PE-MOQ": (1.0, "Moquegua"),
    "PE-PAS": (1.5, "Cerro de Pasco"),
    "PE-PIU": (6.0, "Piura"),
    "PE-PUN": (9.0, "Puno"),
    "PE-SAM": (8.0, "Moyobamba"),
    "PE-TAC": (1.0, "Tacna"),
    "PE-TUM": (1.0, "Tumbes"),
    "PE-UCA": (2.0, "Pucallpa"),
    "EC-A": (3.0, "Cuenca"),
    "EC-B": (2.0, "Guaranda"),
    "EC-F": (2.0, "Azogues"),
    "EC-C": (2.0, "Tulcán"),
    "EC-X": (4.0, "Latacunga"),
    "EC-H": (7.0, "Riobamba"),
    "EC-O": (4.0, "Machala"),
    "EC-E": (3.0, "Esmeraldas"),
    "EC-G": (5.0, "Guayaquil"),
    "EC-I": (3.0, "Ibarra"),
    "EC-L": (4.0, "Loja"),
    "EC-R": (6.0, "Babahoyo"),
    "EC-M": (7.0, "Portoviejo"),
    "EC-S": (1.5, "Macas"),
    "EC-N": (1.2, "Tena"),
    "EC-Y": (0.8, "Puyo"),
    "EC-P": (5.0, "Quito"),
    "EC-T": (4.0, "Ambato"),
    "EC-Z": (2.0, "Zamora"),
    "EC-W": (0.4, "Puerto Baquerizo Moreno"),
    "EC-U": (1.2, "Nueva Loja"),
    "EC-D": (1.0, "Puerto Francisco de Orellana"),
    "EC-SD": (2.0, "Santo Domingo"),
    "EC-SE": (1.5, "Santa Elena"),
}

# Share of a unit's rows that are urban (in the capital, shifted to finance and services).
_URBAN_SHARE = {
    "CO-DC": 1.0,
    "PE-LMA": 1.0,
    "PE-CAL": 0.8,
    "CO-ATL": 0.5,
    "EC-P": 0.5,
    "EC-G": 0.4,
    "CO-ANT": 0.3,
    "CO-VAC": 0.3,
    "CO-SAN": 0.2,
    "PE-ARE": 0.2,
    "PE-LAL": 0.2,
    "EC-A": 0.2,
}

# Short place names for organization names, where the official name is too long.
_PLACE_NAME = {
    "CO-DC": "Bogotá",
    "CO-SAP": "San Andrés",
    "PE-LMA": "Lima",
    "PE-LIM": "Lima Provincias",
    "PE-CAL": "Callao",
    "EC-SD": "Santo Domingo",
}

SECTORS = (
    "Café",
    "Cacao",
    "Lácteos",
    "Banano",
    "Pesca artesanal",
    "Fibra de alpaca",
    "Hortalizas",
    "Frutas",
    "Ganadería",
    "Artesanías",
    "Ahorro y crédito",
    "Servicios",
    "Otro",
)
_S = {name: i for i, name in enumerate(SECTORS)}
_BASE_SECTOR_WEIGHTS = np.array([0, 0, 0, 0, 0, 0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.4])
_URBAN_SECTOR_WEIGHTS = np.array([0.2, 0.1, 0.2, 0, 0.2, 0, 0.5, 0.5, 0.2, 2.0, 5.0, 5.0, 1.5])

# Regional boosts added to the base sector weights of a unit ("ISO:boost" pairs).
# fmt: off
_SECTOR_BOOSTS: dict[str, str] = {
    "Café": "CO-HUI:6 CO-ANT:4 CO-CAL:5 CO-QUI:5 CO-RIS:5 CO-TOL:4 CO-CAU:5 CO-NAR:4 "
            "PE-CAJ:5 PE-SAM:5 PE-JUN:4 PE-CUS:3 PE-AMA:4 EC-L:3 EC-Z:3 CO-SAN:1 CO-CUN:1 "
            "CO-VAC:1.5 CO-MAG:1 CO-CES:1 PE-PUN:0.5 PE-PAS:0.5 PE-PIU:0.5",
    "Cacao": "CO-SAN:4 CO-ARA:4 CO-NAR:2 PE-SAM:3 PE-UCA:3 EC-M:3 EC-R:4 EC-G:3 EC-E:4 "
             "CO-ANT:1 CO-HUI:1 CO-TOL:1 CO-MET:1 PE-CUS:1 PE-JUN:1 PE-HUC:1 EC-O:1 "
             "EC-SD:1.5 EC-U:1 EC-D:1 EC-N:1",
    "Lácteos": "CO-CUN:4 CO-BOY:4 CO-NAR:3 PE-CAJ:4 PE-ARE:4 EC-C:4 EC-P:3 EC-X:4 CO-ANT:2 "
               "CO-CAQ:1.5 PE-PUN:1 PE-LAL:1 EC-H:2 EC-I:1.5 EC-T:1.5 EC-A:1.5 EC-B:1",
    "Banano": "CO-MAG:4 CO-ANT:2.5 PE-PIU:3 PE-TUM:3 EC-O:5 EC-R:3 EC-G:3",
    "Pesca artesanal": "CO-SAP:6 CO-LAG:3 CO-CHO:3 PE-CAL:4 PE-PIU:2.5 EC-SE:5 EC-M:2.5 "
                       "EC-E:2.5 EC-W:6 CO-BOL:1.5 CO-MAG:1 CO-NAR:1 CO-VAC:0.8 CO-COR:0.8 "
                       "CO-SUC:0.8 CO-ATL:1 CO-AMA:2 CO-VAU:1 CO-GUA:1.5 PE-LAL:0.5 "
                       "PE-LAM:0.8 PE-ANC:0.8 PE-ICA:0.8 PE-MOQ:0.5 PE-TAC:0.5 PE-LOR:1.5 "
                       "PE-UCA:1 PE-MDD:1 EC-G:1 EC-O:1",
    "Fibra de alpaca": "PE-PUN:6 PE-CUS:4 PE-ARE:3 PE-AYA:3 PE-HUV:4 PE-APU:3 PE-PAS:2 "
                       "PE-MOQ:2 PE-TAC:1.5 PE-JUN:1 EC-H:0.3",
    "Hortalizas": "CO-BOY:2 CO-CUN:2 CO-NAR:1.5 PE-JUN:2 PE-ARE:1.5 PE-LIM:2 PE-HUC:1.5 "
                  "EC-T:2 EC-H:2 EC-X:2 EC-C:1.5 EC-P:1.5 EC-A:1",
    "Frutas": "CO-VAC:2 CO-SAN:1.5 CO-TOL:1 CO-HUI:1 CO-QUI:1 CO-MET:1 PE-ICA:2.5 PE-LAL:2 "
              "PE-LAM:2 PE-PIU:1.5 PE-LIM:1.5 EC-T:1.5 EC-I:1 EC-SD:1.5",
    "Ganadería": "CO-CAS:3 CO-MET:2.5 CO-ARA:2.5 CO-COR:3 CO-CES:2.5 CO-SUC:2.5 CO-CAQ:2.5 "
                 "CO-VID:2 CO-BOL:2 CO-GUV:2 EC-S:2 EC-M:1 PE-PUN:1 PE-CAJ:1 PE-MDD:1",
    "Artesanías": "EC-I:2 CO-LAG:1.5 CO-AMA:1.5 CO-VAU:2 CO-GUA:2 CO-VID:1 PE-CUS:1.5 "
                  "PE-PUN:1 PE-AYA:1.5 EC-A:1 EC-Y:1.5 EC-N:1 PE-LOR:1",
}
# fmt: on

# Canonical classes, in order; labels and probabilities below follow this order.
CLASSES = (
    "cooperative",
    "pre_cooperative",
    "producer_association",
    "community_organization",
    "mutual_employee_fund",
    "other_sse",
)
_CLASS_WEIGHTS_RURAL = np.array([0.20, 0.05, 0.45, 0.15, 0.07, 0.08])
_CLASS_WEIGHTS_URBAN = np.array([0.35, 0.03, 0.25, 0.07, 0.20, 0.10])

# Raw labels by (country, urban) and class, with probabilities.
_LabelTable = dict[str, tuple[tuple[str, float], ...]]
_COOP_RURAL: _LabelTable = {
    "CO": (
        ("Cooperativa", 0.35),
        ("Cooperativa multiactiva", 0.3),
        ("Cooperativa agraria", 0.2),
        ("Cooperativa de ahorro y crédito", 0.15),
    ),
    "PE": (
        ("Cooperativa agraria", 0.6),
        ("Cooperativa", 0.25),
        ("Cooperativa de ahorro y crédito", 0.15),
    ),
    "EC": (("Cooperativo", 0.65), ("Cooperativa", 0.1), ("Cooperativa de ahorro y crédito", 0.25)),
}
_COOP_URBAN: _LabelTable = {
    "CO": (
        ("Cooperativa de ahorro y crédito", 0.5),
        ("Cooperativa multiactiva", 0.25),
        ("Cooperativa", 0.25),
    ),
    "PE": (("Cooperativa de ahorro y crédito", 0.6), ("Cooperativa", 0.4)),
    "EC": (("Cooperativa de ahorro y crédito", 0.6), ("Cooperativo", 0.4)),
}
_OTHER_CLASSES: dict[str, _LabelTable] = {
    "pre_cooperative": {c: (("Precooperativa", 1.0),) for c in _COUNTRIES},
    "producer_association": {
        "CO": (
            ("Asociación de productores", 0.45),
            ("Asociación", 0.3),
            ("Asociación campesina", 0.25),
        ),
        "PE": (
            ("Asociación de productores", 0.5),
            ("Asociación", 0.35),
            ("Asociación campesina", 0.15),
        ),
        "EC": (
            ("Asociativo", 0.55),
            ("Asociación de productores", 0.2),
            ("Asociación", 0.15),
            ("Asociación campesina", 0.1),
        ),
    },
    "community_organization": {
        "CO": (("Organización comunitaria", 1.0),),
        "PE": (("Organización comunitaria", 1.0),),
        "EC": (("Comunitario", 0.5), ("Comuna", 0.35), ("Organización comunitaria", 0.15)),
    },
    "mutual_employee_fund": {
        "CO": (("Fondo de empleados", 0.7), ("Asociación mutual", 0.3)),
        "PE": (("Asociación mutual", 0.6), ("Fondo de empleados", 0.4)),
        "EC": (("Asociación mutual", 0.7), ("Fondo de empleados", 0.3)),
    },
    "other_sse": {
        "CO": (
            ("Corporación", 0.35),
            ("Fundación", 0.25),
            ("Empresa solidaria", 0.25),
            ("Otra", 0.15),
        ),
        "PE": (("Corporación", 0.4), ("Fundación", 0.4), ("Otra", 0.2)),
        "EC": (("Corporación", 0.4), ("Fundación", 0.4), ("Otra", 0.2)),
    },
}

#: Raw type labels by canonical class, as the generator writes them.
TYPE_LABELS_BY_CLASS: dict[str, tuple[str, ...]] = {
    "cooperative": (
        "Cooperativa",
        "Cooperativa agraria",
        "Cooperativa multiactiva",
        "Cooperativa de ahorro y crédito",
        "Cooperativo",
    ),
    "pre_cooperative": ("Precooperativa",),
    "producer_association": (
        "Asociación",
        "Asociación de productores",
        "Asociación campesina",
        "Asociativo",
    ),
    "community_organization": ("Organización comunitaria", "Comuna", "Comunitario"),
    "mutual_employee_fund": ("Fondo de empleados", "Asociación mutual"),
    # "Otra" is what registries write for "other".
    "other_sse": ("Corporación", "Fundación", "Empresa solidaria", "Otra"),
}
_LABELS = tuple(label for labels in TYPE_LABELS_BY_CLASS.values() for label in labels)
_L = {label: i for i, label in enumerate(_LABELS)}

# Name templates by label: {A} adjective, {N} product noun, {D} distinctive name,
# {P} place (capital or unit), {U} unit short name.
_NAME_TEMPLATES: dict[str, tuple[str, ...]] = {
    "Cooperativa": ("Cooperativa {A} {D}", "Cooperativa {A} {D} de {P}", "Cooperativa {D} de {P}"),
    "Cooperativa agraria": ("Cooperativa Agraria {A} {D}", "Cooperativa Agraria {D} de {P}"),
    "Cooperativa multiactiva": (
        "Cooperativa Multiactiva {D}",
        "Cooperativa Multiactiva {D} de {P}",
        "Cooperativa Multiactiva {A} {D}",
    ),
    "Cooperativa de ahorro y crédito": (
        "Cooperativa de Ahorro y Crédito {D}",
        "Cooperativa de Ahorro y Crédito {D} de {P}",
        "Cooperativa de Ahorro y Crédito {D} Ltda.",
    ),
    "Cooperativo": ("Cooperativa de Producción {A} {D}", "Cooperativa {A} {D} de {P}"),
    "Precooperativa": ("Precooperativa {A} {D}", "Precooperativa de {N} {D} de {P}"),
    "Asociación": ("Asociación {A} {D}", "Asociación {A} {D} de {P}"),
    "Asociación de productores": (
        "Asociación de Productores de {N} de {P}",
        "Asociación de Productores de {N} {D}",
        "Asociación de Productores de {N} {D} de {P}",
    ),
    "Asociación campesina": ("Asociación Campesina {D} de {P}", "Asociación Campesina {D}"),
    "Asociativo": ("Asociación de Producción {A} {D}", "Asociación de Producción {A} {D} de {P}"),
    "Organización comunitaria": (
        "Organización Comunitaria {D} de {P}",
        "Organización Comunitaria {D}",
    ),
    "Comuna": ("Comuna {D}", "Comuna {D} de {P}"),
    "Comunitario": ("Organización Comunitaria {D}", "Centro Comunitario {D} de {P}"),
    "Fondo de empleados": (
        "Fondo de Empleados {D}",
        "Fondo de Empleados {D} de {P}",
        "Fondo de Empleados de la Gobernación de {U}",
        "Fondo de Empleados Docentes de {U}",
        "Fondo de Empleados del Sector Salud de {U}",
    ),
    "Asociación mutual": ("Asociación Mutual {D}", "Asociación Mutual {D} de {P}"),
    "Corporación": ("Corporación {D} de {P}", "Corporación {A} {D}"),
    "Fundación": ("Fundación {D}", "Fundación {D} de {P}"),
    "Empresa solidaria": ("Empresa Solidaria {D}", "Empresa Solidaria {A} de {P}"),
    "Otra": ("Grupo Asociativo {D} de {P}", "Red {A} {D}"),
}

# Per sector: feminine adjective ("Cooperativa Cafetalera") and noun ("Productores de Café").
_SECTOR_WORDS: dict[str, tuple[str, str]] = {
    "Café": ("Cafetalera", "Café"),
    "Cacao": ("Cacaotera", "Cacao"),
    "Lácteos": ("Lechera", "Leche"),
    "Banano": ("Bananera", "Banano"),
    "Pesca artesanal": ("Pesquera", "Pescado"),
    "Fibra de alpaca": ("Alpaquera", "Fibra de Alpaca"),
    "Hortalizas": ("Hortícola", "Hortalizas"),
    "Frutas": ("Frutícola", "Frutas"),
    "Ganadería": ("Ganadera", "Carne y Leche"),
    "Artesanías": ("Artesanal", "Artesanías"),
    "Ahorro y crédito": ("de Ahorro y Crédito", "Bienes y Servicios"),
    "Servicios": ("de Servicios", "Bienes y Servicios"),
    "Otro": ("Agropecuaria", "Productos Agropecuarios"),
    "": ("Agropecuaria", "Productos Agropecuarios"),
}

# Distinctive parts of organization names: saints, places, virtues (any country) ...
_DISTINCTIVE = (
    "San Isidro", "San José", "San Pedro", "San Pablo", "San Juan", "San Antonio",
    "San Francisco", "San Miguel", "San Rafael", "San Vicente", "Santa Rosa", "Santa Ana",
    "Santa Lucía", "Santa Bárbara", "Santa Teresa", "El Progreso", "El Porvenir",
    "La Esperanza", "Nueva Esperanza", "Nuevo Horizonte", "Nuevo Amanecer", "La Unión",
    "Unión y Progreso", "El Triunfo", "La Victoria", "Los Andes", "Los Pinos", "Los Robles",
    "El Roble", "Las Palmas", "La Palma", "El Mirador", "Monte Verde", "Vista Hermosa",
    "Bella Vista", "Buenos Aires", "La Primavera", "El Edén", "Villa Rica", "Agua Blanca",
    "Río Blanco", "Tierra Fértil", "Tierra Linda", "Manos Unidas", "Mujeres Emprendedoras",
    "Renacer", "Buen Vivir", "Divino Niño", "Virgen del Carmen", "Cristo Rey",
    "Los Libertadores", "El Dorado", "La Fortaleza", "La Cumbre", "El Paraíso",
    "Paraíso Verde", "Horizonte Verde", "Oro Verde", "Selva Verde", "Valle Verde",
    "Campo Alegre", "Vida Nueva", "Fe y Esperanza", "Fuerza Campesina", "Trabajo y Paz",
    "Paz y Bien", "Juntos Podemos", "Sol Naciente", "Luz del Valle", "Estrella del Sur",
    "Cruz del Sur", "Tres Ríos", "Cuatro Esquinas", "La Florida", "El Cedro", "Los Laureles",
    "El Naranjal", "La Pradera", "El Retiro", "Las Brisas", "Las Orquídeas", "El Cóndor",
    "Amazonía Viva",
)  # fmt: skip
# ... and words of one country (heroes, Quechua and Kichwa words, local expressions).
_DISTINCTIVE_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "CO": (
        "Simón Bolívar", "Policarpa Salavarrieta", "Antonio Nariño", "Los Comuneros",
        "Semillas de Paz", "Sembradores de Paz", "Frutos de Paz", "Renacer Campesino",
        "El Guadual", "Los Guayacanes", "La Ceiba", "Minga",
    ),
    "PE": (
        "Túpac Amaru", "Micaela Bastidas", "José Olaya", "Sumaq Kawsay", "Allin Kawsay",
        "Tawantinsuyo", "Inti Raymi", "Kallpa", "Wiñay", "Ñuqanchik", "Ayllu", "Mama Cocha",
        "Señor de los Milagros", "Alto Mayo", "Bajo Mayo", "La Quinua", "Kuntur",
        "Raíces Andinas", "Pachamama",
    ),
    "EC": (
        "Eloy Alfaro", "Manuela Sáenz", "Sumak Kawsay", "Pachamama", "Chakra", "Minga",
        "Yachay", "Ayllu", "Amanecer Andino", "Jatun Ñan", "Runa Kawsay", "Mushuk Pakari",
        "La Quinua", "Raíces Andinas",
    ),
}  # fmt: skip

_FEDERATIONS = (
    "CONFECOOP",
    "CONFENAGRO",
    "CONVEAGRO",
    "JNC (Junta Nacional del Café)",
    "FENACOOP",
    "CONFENAGROC",
    "FENOCIN",
)
_FEDERATIONS_BY_COUNTRY = {"CO": (0, 1), "PE": (2, 3, 4), "EC": (5, 6)}
_JNC = 3
_FEDERATION_SHARE = np.array([0.30, 0.05, 0.15, 0.10, 0.03, 0.05])  # by class

_SERVICES = (
    "Salud",
    "Educación",
    "Guardería",
    "Ahorro y crédito",
    "Seguros",
    "Vivienda",
    "Funeraria",
    "Capacitación",
)
_SERVICE_PROBABILITY = np.array([0.3, 0.3, 0.1, 0.25, 0.15, 0.1, 0.2, 0.45])
_SERVICES_SHARE = np.array([0.35, 0.10, 0.12, 0.25, 0.60, 0.15])  # by class

_MEMBER_MEDIAN = 30.0
_MEMBER_SIGMA = 1.0
_MEMBER_FACTOR = np.array([1.4, 0.5, 0.9, 1.6, 2.0, 0.8])  # by class
_MEMBER_FACTOR_SAVINGS = 3.0
_MEMBERS_MIN, _MEMBERS_MAX = 5, 15000

_YEAR_MIN, _YEAR_MAX = 1960, 2025
_YEAR_SCALE = 14.0  # mean age in years of the exponential founding-year draw

#: Units whose organizations programmes reach, with the share of organizations reached.
PROGRAMME_FOCUS = {
    "CO-CAU": 0.35,
    "CO-NAR": 0.35,
    "CO-HUI": 0.30,
    "PE-CUS": 0.35,
    "PE-PUN": 0.35,
    "PE-SAM": 0.30,
    "EC-H": 0.35,
    "EC-M": 0.30,
}
#: Share of organizations reached outside the focus units.
PROGRAMME_BACKGROUND = 0.004
_PROGRAMMES = ("My.Coop", "Think.Coop", "Start.Coop", "Otro")
_PROGRAMME_P = np.array([0.40, 0.25, 0.27, 0.08])
_PROGRAMME_FIRST_YEAR = np.array([2015, 2016, 2017, 2015])
_PROGRAMME_CLASS_FACTOR = np.array([1.2, 1.0, 1.0, 0.8, 0.3, 0.5])
_PROGRAMME_LAST_YEAR = 2025


def generate_registry(
    n: int = DEFAULT_ROWS, *, seed: int = DEFAULT_SEED, with_programmes: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Make a synthetic raw registry and programme table.

    Parameters
    ----------
    n
        Number of registry rows, duplicates included (at least :data:`MIN_ROWS`).
    seed
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same tables.
    with_programmes
        When false the programme table is empty (headers only); the registry is the
        same either way.

    Returns
    -------
    registry : pandas.DataFrame
        ``n`` rows, columns :data:`REGISTRY_COLUMNS`, every cell text (``""`` when blank).
    programmes : pandas.DataFrame
        Columns :data:`PROGRAMME_COLUMNS`, every cell text; each ``Código`` exists in
        ``registry``.

    Raises
    ------
    InputValidationError
        If ``n`` or ``seed`` is not a usable integer.
    DataFileError
        If the committed unit table and the unit profiles of this module disagree.

    Examples
    --------
    >>> registry, programmes = generate_registry(200, seed=1)
    >>> len(registry)
    200
    """
    _check_options(n, seed)
    units = _unit_table()
    rng = np.random.default_rng(seed)
    rows = _draw_rows(rng, units, n)
    registry = _registry_frame(rng, units, rows)
    if with_programmes:
        programmes = _programme_frame(rng, units, rows, registry["Código"].to_numpy())
    else:
        programmes = pd.DataFrame({c: pd.Series([], dtype=object) for c in PROGRAMME_COLUMNS})
    return registry, programmes


def write_demo(
    directory: Path, *, n: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED
) -> tuple[Path, Path]:
    """Write the synthetic registry and programmes as UTF-8 CSV files.

    Parameters
    ----------
    directory
        Output folder, created if needed.
    n
        Number of registry rows.
    seed
        Random seed; the same ``n`` and seed write byte-identical files.

    Returns
    -------
    tuple of pathlib.Path
        Paths of :data:`REGISTRY_FILE` and :data:`PROGRAMMES_FILE`.
    """
    _check_options(n, seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    registry, programmes = generate_registry(n, seed=seed)
    paths = (directory / REGISTRY_FILE, directory / PROGRAMMES_FILE)
    for frame, path in zip((registry, programmes), paths, strict=True):
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return paths


# --------------------------------------------------------------------------- checks


def _check_options(n: object, seed: object) -> None:
    problems = []
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < MIN_ROWS:
        problems.append(f"n must be an integer >= {MIN_ROWS}, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        problems.append(f"seed must be a non-negative integer, got {seed!r}")
    if problems:
        raise InputValidationError(problems)


def _unit_table() -> pd.DataFrame:
    """Join the committed unit table with this module's profiles (one row per unit)."""
    units = load_units()[["iso_3166_2", "country", "name", "unit_type", "aliases"]].copy()
    missing = sorted(set(units["iso_3166_2"]) - set(_UNIT_PROFILES))
    extra = sorted(set(_UNIT_PROFILES) - set(units["iso_3166_2"]))
    if missing or extra:
        raise DataFileError(
            f"geo/demo.py unit profiles do not match units.csv: missing {missing}, "
            f"unknown {extra}; add or remove the units in _UNIT_PROFILES."
        )
    units = units.sort_values("iso_3166_2", ignore_index=True)
    iso = units["iso_3166_2"]
    units["weight"] = [_UNIT_PROFILES[c][0] for c in iso]
    units["capital"] = [_UNIT_PROFILES[c][1] for c in iso]
    units["urban_share"] = [_URBAN_SHARE.get(c, 0.0) for c in iso]
    units["place"] = [_PLACE_NAME.get(c, name) for c, name in zip(iso, units["name"], strict=True)]
    units["country_idx"] = units["country"].map({c: i for i, c in enumerate(_COUNTRIES)})
    return units


# --------------------------------------------------------------------------- sampling


def _pick(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Draw, for each row, a column index with the probabilities of row ``group`` of ``probs``.

    One uniform per row; an inverse-CDF lookup in the row cumulative sums laid end to
    end (row ``k`` shifted by ``k``), so memory stays O(rows).
    """
    n_groups, width = probs.shape
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(n_groups)[:, None]).ravel()
    pos = np.searchsorted(flat, group + rng.random(len(group)), side="right")
    return np.minimum(pos - group * width, width - 1)


def _allocate(units: pd.DataFrame, n: int) -> np.ndarray:
    """Rows per unit: ``min(3, n // 83)`` each, the rest by largest remainder."""
    weight = units["weight"].to_numpy(dtype=float)
    country = units["country_idx"].to_numpy()
    totals = np.bincount(country, weights=weight)
    share = _COUNTRY_SHARE[country] * weight / totals[country]
    base = min(3, n // len(units))
    quota = share * (n - base * len(units))
    counts = np.floor(quota).astype(np.int64)
    remainder = n - base * len(units) - counts.sum()
    order = np.argsort(-(quota - counts), kind="stable")
    counts[order[:remainder]] += 1
    return counts + base


def _draw_rows(rng: np.random.Generator, units: pd.DataFrame, n: int) -> dict[str, np.ndarray]:
    """Draw the structural attributes of every row as integer codes."""
    counts = _allocate(units, n)
    unit = rng.permutation(np.repeat(np.arange(len(units)), counts))
    country = units["country_idx"].to_numpy()[unit]
    urban = rng.random(n) < units["urban_share"].to_numpy()[unit]
    klass = _pick(rng, np.vstack([_CLASS_WEIGHTS_RURAL, _CLASS_WEIGHTS_URBAN]), urban.astype(int))
    label = _draw_labels(rng, country, urban, klass)
    sector = _draw_sectors(rng, units, unit, urban, label)
    members = _members(rng, klass, label)
    members[rng.random(n) < BLANK_MEMBERS_SHARE] = -1
    year = _founding_years(rng, n)
    year[rng.random(n) < BLANK_YEAR_SHARE] = -1
    return {
        "unit": unit,
        "country": country,
        "urban": urban,
        "class": klass,
        "label": label,
        "sector": sector,
        "members": members,
        "year": year,
    }


def _draw_labels(
    rng: np.random.Generator, country: np.ndarray, urban: np.ndarray, klass: np.ndarray
) -> np.ndarray:
    probs = np.zeros((len(_COUNTRIES) * 2 * len(CLASSES), len(_LABELS)))
    for ci, c in enumerate(_COUNTRIES):
        for ui, coop in enumerate((_COOP_RURAL, _COOP_URBAN)):
            tables = {"cooperative": coop, **_OTHER_CLASSES}
            for ki, k in enumerate(CLASSES):
                row = (ci * 2 + ui) * len(CLASSES) + ki
                for label, p in tables[k][c]:
                    probs[row, _L[label]] = p
    group = (country * 2 + urban.astype(int)) * len(CLASSES) + klass
    return _pick(rng, probs, group)


def _sector_weights(units: pd.DataFrame) -> np.ndarray:
    """Sector weights per unit (rows 0..82) plus one row for urban organizations."""
    weights = np.tile(_BASE_SECTOR_WEIGHTS, (len(units), 1))
    index = {iso: i for i, iso in enumerate(units["iso_3166_2"])}
    for sector, boosts in _SECTOR_BOOSTS.items():
        for pair in boosts.split():
            iso, boost = pair.split(":")
            weights[index[iso], _S[sector]] += float(boost)
    return np.vstack([weights, _URBAN_SECTOR_WEIGHTS])


def _draw_sectors(
    rng: np.random.Generator,
    units: pd.DataFrame,
    unit: np.ndarray,
    urban: np.ndarray,
    label: np.ndarray,
) -> np.ndarray:
    group = np.where(urban, len(units), unit)
    sector = _pick(rng, _sector_weights(units), group)
    u = rng.random(len(unit))
    finance = np.where(u < 0.7, _S["Ahorro y crédito"], _S["Servicios"])
    sector = np.where(
        label == _L["Cooperativa de ahorro y crédito"], _S["Ahorro y crédito"], sector
    )
    sector = np.where(label == _L["Fondo de empleados"], finance, sector)
    mutual = np.where(u < 0.6, _S["Servicios"], _S["Ahorro y crédito"])
    sector = np.where(label == _L["Asociación mutual"], mutual, sector)
    # Producer labels never carry a finance/service sector: such rows become "Otro".
    producer = np.isin(
        label,
        [
            _L[x]
            for x in ("Cooperativa agraria", "Asociación de productores", "Asociación campesina")
        ],
    )
    not_producing = np.isin(sector, [_S["Ahorro y crédito"], _S["Servicios"]])
    return np.where(producer & not_producing, _S["Otro"], sector)


# --------------------------------------------------------------------------- text cells


def _ascii_upper(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace(",", "").upper()


def _misspellings(name: str) -> list[str]:
    """Up to three one-edit misspellings of a name of eight letters or more."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 8:
        return []
    mid, third = letters[len(letters) // 2], letters[len(letters) // 3]
    deleted = name[:mid] + name[mid + 1 :]
    doubled = name[: third + 1] + name[third] + name[third + 1 :]
    vowels = [i for i in letters[2:-1] if name[i].lower() in "aeiou"]
    out = [deleted, doubled]
    if vowels:
        v = vowels[len(vowels) // 2]
        swap = {"a": "e", "e": "i", "i": "e", "o": "u", "u": "o"}[name[v].lower()]
        out.append(name[:v] + (swap.upper() if name[v].isupper() else swap) + name[v + 1 :])
    return out


def _department_variants(units: pd.DataFrame) -> tuple[list[list[str]], np.ndarray]:
    """Department spellings per unit and their probabilities (rows padded with zeros).

    Official name 60 %, upper-case ASCII 20 %, aliases 10 % (shared within a country:
    left out), prefixed "Departamento de"/"Provincia de" 10 %; missing kinds fall back
    to the official name.
    """
    folded_owner: dict[tuple[str, str], set[str]] = {}
    for row in units.itertuples(index=False):
        for alias in filter(None, (a.strip() for a in row.aliases.split("|"))):
            key = (row.country, _ascii_upper(alias))
            folded_owner.setdefault(key, set()).add(row.iso_3166_2)
    variants: list[list[str]] = []
    probs: list[list[float]] = []
    for row in units.itertuples(index=False):
        names = [row.name, _ascii_upper(row.name)]
        p = [0.6, 0.2]
        aliases = [
            a.strip()
            for a in row.aliases.split("|")
            if a.strip() and len(folded_owner[(row.country, _ascii_upper(a.strip()))]) == 1
        ]
        for alias in aliases:
            names.append(alias)
            p.append(0.1 / len(aliases))
        if not aliases:
            p[0] += 0.1
        if row.unit_type in ("departamento", "provincia") and row.iso_3166_2 not in (
            "CO-SAP",
            "PE-LMA",
            "PE-LIM",
        ):
            prefix = "Provincia de" if row.country == "EC" else "Departamento de"
            names.append(f"{prefix} {row.name}")
            p.append(0.1)
        else:
            p[0] += 0.1
        variants.append(names)
        probs.append(p)
    width = max(len(v) for v in variants)
    matrix = np.zeros((len(variants), width))
    for i, p in enumerate(probs):
        matrix[i, : len(p)] = p
    return variants, matrix


def _choose_disjoint(
    rng: np.random.Generator, pool: np.ndarray, sizes: list[int]
) -> list[np.ndarray]:
    """Split a sorted random sample of ``pool`` into disjoint sets of the given sizes."""
    total = min(sum(sizes), len(pool))
    chosen = rng.choice(pool, size=total, replace=False)
    out, start = [], 0
    for size in sizes:
        out.append(np.sort(chosen[start : start + size]))
        start += size
    return out


def _count(n: int, fault: str) -> int:
    return round(FAULT_RATES[fault] * n)


def _registry_frame(
    rng: np.random.Generator, units: pd.DataFrame, rows: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Turn the drawn codes into the text table, injecting the documented faults.

    Each column becomes a pandas text column as soon as it is complete, so that the
    per-row Python strings of the next one do not pile up (1,000,000 rows stay cheap).
    """
    unit, country, klass = rows["unit"], rows["country"], rows["class"]
    label, sector, urban = rows["label"], rows["sector"], rows["urban"]
    n = len(unit)
    cells: dict[str, pd.Series] = {}

    # Names and codes first: the hostile names and same-name pairs need clean rows.
    department, bad_department = _department_text(rng, units, unit)
    cells["Departamento/Provincia"] = _column(department)
    del department
    lat_text, lon_text, bad_point = _coordinates(rng, units, unit)
    cells["Latitud"], cells["Longitud"] = _column(lat_text), _column(lon_text)
    del lat_text, lon_text
    codes, shared_code = _codes(rng, country)
    cells["Código"] = _column(codes)
    del codes
    in_capital = urban | (rng.random(n) < 0.3)
    names = _names(rng, units, unit, label, sector, in_capital, country)
    upper = np.flatnonzero(rng.random(n) < np.where(country == _COUNTRIES.index("EC"), 0.6, 0.15))
    names[upper] = [names[i].upper() for i in upper]
    _plant_names(rng, names, unit, clean=~(bad_department | bad_point | shared_code))
    cells["Razón social"] = _column(names)
    del names
    cells["País"] = _column(_country_text(rng, country))
    # Municipality: the capital for urban rows and 30 % of rural ones, else "Municipio N".
    capital = units["capital"].to_numpy(dtype=object)[unit]
    generic = np.array([f"Municipio {i}" for i in range(1, 41)], dtype=object)
    cells["Municipio"] = _column(np.where(in_capital, capital, generic[rng.integers(0, 40, n)]))
    cells["Tipo de organización"] = _column(np.array(_LABELS, dtype=object)[label])
    sector_text = np.array(SECTORS, dtype=object)[sector]
    sector_text[rng.random(n) < BLANK_SECTOR_SHARE] = ""
    cells["Actividad principal"] = _column(sector_text)

    members = rows["members"]
    blank_members = members < 0
    women = np.rint(members * rng.beta(8.0, 12.0, n)).astype(np.int64)
    youth = np.rint(members * rng.beta(6.0, 34.0, n)).astype(np.int64)
    blank_women = blank_members | (rng.random(n) < BLANK_MEMBERS_SHARE)
    blank_youth = blank_members | (rng.random(n) < BLANK_MEMBERS_SHARE)
    cells["Número de asociados"] = _column(_int_text(members, blank_members))
    cells["Mujeres asociadas"] = _column(_int_text(women, blank_women))
    cells["Jóvenes asociados"] = _column(_int_text(youth, blank_youth))
    cells["Año de constitución"] = _column(_int_text(rows["year"], rows["year"] < 0))
    cells["Federación"] = _column(_federations(rng, country, klass, sector))
    cells["Servicios sociales"] = _column(_services(rng, klass, label))
    return pd.DataFrame({c: cells[c] for c in REGISTRY_COLUMNS})


def _column(values: np.ndarray) -> pd.Series:
    """Make a text column (pandas' default string dtype) from an object array of str."""
    return pd.Series(values)


def _country_text(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    width = max(len(v) for v in _COUNTRY_TEXT.values())
    probs = np.zeros((len(_COUNTRIES), width))
    words = np.full((len(_COUNTRIES), width), "", dtype=object)
    for ci, c in enumerate(_COUNTRIES):
        for j, (word, p) in enumerate(_COUNTRY_TEXT[c]):
            words[ci, j], probs[ci, j] = word, p
    return words.ravel()[country * width + _pick(rng, probs, country)]


def _department_text(
    rng: np.random.Generator, units: pd.DataFrame, unit: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Department cells as written, and which rows were made unusable on purpose."""
    n = len(unit)
    variants, probs = _department_variants(units)
    width = probs.shape[1]
    table = np.array([v + [""] * (width - len(v)) for v in variants], dtype=object).ravel()
    department = table[unit * width + _pick(rng, probs, unit)]

    (unresolvable,) = _choose_disjoint(rng, np.arange(n), [_count(n, "department_unresolvable")])
    department[unresolvable] = np.array(UNRESOLVABLE_DEPARTMENTS, dtype=object)[
        rng.integers(0, len(UNRESOLVABLE_DEPARTMENTS), len(unresolvable))
    ]
    misspellings = [
        [] if iso in _NOT_MISSPELLED else _misspellings(name)
        for iso, name in zip(units["iso_3166_2"], units["name"], strict=True)
    ]
    eligible = np.array([bool(m) for m in misspellings])[unit]
    eligible[unresolvable] = False
    (misspelled,) = _choose_disjoint(
        rng, np.flatnonzero(eligible), [_count(n, "department_misspelled")]
    )
    choice = rng.integers(0, 3, len(misspelled))
    department[misspelled] = [
        misspellings[unit[i]][c % len(misspellings[unit[i]])]
        for i, c in zip(misspelled, choice, strict=True)
    ]
    spaces = rng.random(n)
    one = np.flatnonzero(spaces < TRAILING_SPACE_SHARE / 2)
    two = np.flatnonzero((spaces >= TRAILING_SPACE_SHARE / 2) & (spaces < TRAILING_SPACE_SHARE))
    department[one] = department[one] + " "
    department[two] = department[two] + "  "
    bad = np.zeros(n, dtype=bool)
    bad[unresolvable] = bad[misspelled] = True
    return department, bad


def _plant_names(
    rng: np.random.Generator, names: np.ndarray, unit: np.ndarray, *, clean: np.ndarray
) -> None:
    """Put the hostile names and the same-name same-unit pairs on clean rows (in place)."""
    n = len(names)
    n_pairs = max(3, round(n / 1000))
    picked = rng.choice(np.flatnonzero(clean), size=len(HOSTILE_NAMES) + n_pairs, replace=False)
    for i, hostile in zip(picked[: len(HOSTILE_NAMES)], HOSTILE_NAMES, strict=True):
        names[i] = hostile
    taken = set(picked[: len(HOSTILE_NAMES)].tolist())
    order = np.argsort(unit, kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    counts = np.bincount(unit)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    for i in picked[len(HOSTILE_NAMES) :].tolist():
        if i in taken:
            continue
        # The partner is the next clean row of the same unit, in unit order.
        start, size = starts[unit[i]], counts[unit[i]]
        k = position[i] - start
        for step in range(1, size):
            partner = int(order[start + (k + step) % size])
            if clean[partner] and partner not in taken:
                break
        else:
            continue
        names[partner] = names[i]
        taken.update((i, partner))


def _int_text(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Non-negative integers as text through a lookup table ("" where blank or negative)."""
    top = int(values.max(initial=0))
    lookup = np.array([*(str(i) for i in range(top + 1)), ""], dtype=object)
    return lookup[np.where(blank | (values < 0), -1, values)]


def _members(rng: np.random.Generator, klass: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Members: lognormal, median 35, scaled by class; savings cooperatives larger."""
    factor = _MEMBER_FACTOR[klass] * np.where(
        label == _L["Cooperativa de ahorro y crédito"], _MEMBER_FACTOR_SAVINGS, 1.0
    )
    draw = rng.lognormal(np.log(_MEMBER_MEDIAN), _MEMBER_SIGMA, len(klass)) * factor
    return np.clip(np.rint(draw), _MEMBERS_MIN, _MEMBERS_MAX).astype(np.int64)


def _founding_years(rng: np.random.Generator, n: int) -> np.ndarray:
    """Founding years 1960-2025, exponentially more common in recent years."""
    year = _YEAR_MAX - np.floor(rng.exponential(_YEAR_SCALE, n)).astype(np.int64)
    too_old = year < _YEAR_MIN
    year[too_old] = rng.integers(_YEAR_MIN, _YEAR_MAX + 1, int(too_old.sum()))
    return year


def _mask_text(masks: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Join the names whose bits are set, "; "-separated, through a lookup table."""
    lookup = np.array(
        [
            "; ".join(name for b, name in enumerate(names) if m >> b & 1)
            for m in range(1 << len(names))
        ],
        dtype=object,
    )
    return lookup[masks]


def _federations(
    rng: np.random.Generator, country: np.ndarray, klass: np.ndarray, sector: np.ndarray
) -> np.ndarray:
    n = len(country)
    has = rng.random(n) < _FEDERATION_SHARE[klass]
    second = rng.random(n) < 0.25
    u1, u2 = rng.random(n), rng.random(n)
    masks = np.zeros(n, dtype=np.int64)
    for ci, c in enumerate(_COUNTRIES):
        options = np.array(_FEDERATIONS_BY_COUNTRY[c])
        rows = country == ci
        k = len(options)
        first = np.floor(u1[rows] * k).astype(np.int64)
        other = (first + 1 + np.floor(u2[rows] * (k - 1)).astype(np.int64)) % k
        mask = (1 << options[first]) | np.where(second[rows], 1 << options[other], 0)
        masks[rows] = mask
    # The coffee board only federates Peruvian coffee organizations, and most of them.
    pe = country == _COUNTRIES.index("PE")
    coffee = sector == _S["Café"]
    masks = np.where(pe & ~coffee, masks & ~(1 << _JNC), masks)
    masks = np.where(pe & coffee & (u2 < 0.7), masks | (1 << _JNC), masks)
    masks = np.where(masks == 0, 1 << _FEDERATIONS_BY_COUNTRY["PE"][0], masks)
    return np.where(has, _mask_text(masks, _FEDERATIONS), "").astype(object)


def _services(rng: np.random.Generator, klass: np.ndarray, label: np.ndarray) -> np.ndarray:
    n = len(klass)
    has = rng.random(n) < _SERVICES_SHARE[klass]
    probs = np.tile(_SERVICE_PROBABILITY, (n, 1))
    probs[label == _L["Cooperativa de ahorro y crédito"], _SERVICES.index("Ahorro y crédito")] = 0.8
    bits = rng.random((n, len(_SERVICES))) < probs
    masks = bits.astype(np.int64) @ (1 << np.arange(len(_SERVICES)))
    masks = np.where(masks == 0, 1 << _SERVICES.index("Capacitación"), masks)
    return np.where(has, _mask_text(masks, _SERVICES), "").astype(object)


# --------------------------------------------------------------------------- points


def _points_in_polygon(
    rng: np.random.Generator, polygon: shapely.Polygon, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rejection-sample ``count`` points strictly inside ``polygon``, on a 1e-5 degree grid."""
    minx, miny, maxx, maxy = polygon.bounds
    shapely.prepare(polygon)
    efficiency = max(polygon.area / ((maxx - minx) * (maxy - miny)), 0.01)
    xs, ys, got = [], [], 0
    while got < count:
        draw = int((count - got) / efficiency * 1.2) + 16
        # Integers of 1e-5 degrees divided by 1e5 equal what float() reads back from the text.
        x = np.rint((minx + (maxx - minx) * rng.random(draw)) * 1e5) / 1e5
        y = np.rint((miny + (maxy - miny) * rng.random(draw)) * 1e5) / 1e5
        inside = shapely.contains_xy(polygon, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        got += int(inside.sum())
    return np.concatenate(xs)[:count], np.concatenate(ys)[:count]


def _coordinates(
    rng: np.random.Generator, units: pd.DataFrame, unit: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitude and longitude text for 70 % of rows, with injected faults."""
    n = len(unit)
    has_point = rng.random(n) < POINT_SHARE
    rows = np.flatnonzero(has_point)
    order = np.argsort(unit[rows], kind="stable")
    rows = rows[order]
    per_unit = np.bincount(unit[rows], minlength=len(units))
    boundaries = load_boundaries("full").set_index("iso_3166_2")
    lon = np.empty(len(rows))
    lat = np.empty(len(rows))
    start = 0
    for k, iso in enumerate(units["iso_3166_2"]):
        m = int(per_unit[k])
        if m == 0:
            continue
        geometry = boundaries.at[iso, "geometry"]
        parts = list(getattr(geometry, "geoms", [geometry]))
        areas = np.array([p.area for p in parts])
        part = _pick(rng, (areas / areas.sum())[None, :], np.zeros(m, dtype=np.int64))
        x = np.empty(m)
        y = np.empty(m)
        for p, polygon in enumerate(parts):
            where = np.flatnonzero(part == p)
            if len(where):
                x[where], y[where] = _points_in_polygon(rng, polygon, len(where))
        lon[start : start + m] = x
        lat[start : start + m] = y
        start += m
    lat_text = np.full(n, "", dtype=object)
    lon_text = np.full(n, "", dtype=object)
    lat_text[rows] = [f"{v:.5f}" for v in lat]
    lon_text[rows] = [f"{v:.5f}" for v in lon]

    swapped, zero, comma = _choose_disjoint(
        rng,
        np.flatnonzero(has_point),
        [
            _count(n, "coordinates_swapped"),
            _count(n, "coordinates_zero"),
            _count(n, "coordinates_decimal_comma"),
        ],
    )
    lat_text[swapped], lon_text[swapped] = lon_text[swapped], lat_text[swapped]
    lat_text[zero] = lon_text[zero] = "0"
    lat_text[comma] = [s.replace(".", ",") for s in lat_text[comma]]
    lon_text[comma] = [s.replace(".", ",") for s in lon_text[comma]]
    faulty = np.zeros(n, dtype=bool)
    faulty[np.concatenate([swapped, zero, comma])] = True
    return lat_text, lon_text, faulty


# --------------------------------------------------------------------------- names and codes


def _codes(rng: np.random.Generator, country: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes "CO-000001", ... in row order; a few later rows reuse an earlier row's code.

    Returns the codes and the mask of rows whose code is not unique (both the row
    that reuses a code and the row it was taken from).
    """
    n = len(country)
    width = max(6, len(str(n)))
    prefix = np.array(_COUNTRIES, dtype=object)[country]
    codes = np.array([f"{p}-{i:0{width}d}" for i, p in enumerate(prefix, start=1)], dtype=object)
    (reusing,) = _choose_disjoint(rng, np.arange(1, n), [_count(n, "duplicate_code")])
    duplicate = np.zeros(n, dtype=bool)
    duplicate[reusing] = True
    for i in reusing.tolist():
        j = int(rng.integers(0, i))
        while duplicate[j]:  # row 0 never reuses, so this ends
            j = int(rng.integers(0, i))
        codes[i] = codes[j]
    return codes, pd.Series(codes).duplicated(keep=False).to_numpy()


def _split_template(template: str) -> tuple[str, int]:
    """Split a name template into its head and tail kind (0 none, 1 " de {P}", 2 " de {U}")."""
    for kind, tail in ((1, " de {P}"), (2, " de {U}")):
        if template.endswith(tail):
            template, found = template[: -len(tail)], kind
            break
    else:
        found = 0
    if "{P}" in template or "{U}" in template:
        raise ValueError(f"name template must end with its place: {template!r}")
    return template, found


def _names(
    rng: np.random.Generator,
    units: pd.DataFrame,
    unit: np.ndarray,
    label: np.ndarray,
    sector: np.ndarray,
    in_capital: np.ndarray,
    country: np.ndarray,
) -> np.ndarray:
    """Build names from type, product and place; redraw collisions.

    A name is a head ("Asociación de Productores de Café San Isidro", formatted once
    per distinct combination) plus a place tail (" de Pitalito"). A name equal to an
    earlier one anywhere is redrawn up to three times; one still equal to an earlier
    name of the same unit is then numbered ("... N° 2"), so names are unique within a
    unit (a name may repeat across units in large registries).
    """
    n, n_sectors = len(unit), len(SECTORS)
    # Distinctive words: the common ones then each country's own; a row draws from
    # the common ones and those of its country.
    words = list(_DISTINCTIVE)
    options = np.zeros((len(_COUNTRIES), len(_DISTINCTIVE) + 32), dtype=np.int64)
    n_options = np.zeros(len(_COUNTRIES), dtype=np.int64)
    for ci, c in enumerate(_COUNTRIES):
        own = range(len(words), len(words) + len(_DISTINCTIVE_BY_COUNTRY[c]))
        words.extend(_DISTINCTIVE_BY_COUNTRY[c])
        allowed = [*range(len(_DISTINCTIVE)), *own]
        options[ci, : len(allowed)] = allowed
        n_options[ci] = len(allowed)
    n_distinctive = len(words)
    split = [[_split_template(t) for t in _NAME_TEMPLATES[lbl]] for lbl in _LABELS]
    n_templates = np.array([len(s) for s in split])
    max_t = int(n_templates.max())
    kinds = np.zeros((len(_LABELS), max_t), dtype=np.int64)
    for li, templates in enumerate(split):
        kinds[li, : len(templates)] = [kind for _, kind in templates]
    # Tail strings: "" then, per unit, " de <place>" and " de <capital>"; equal strings share an id.
    pairs = zip(units["place"], units["capital"], strict=True)
    tails = ["", *(f" de {x}" for pair in pairs for x in pair)]
    tail_id, tail_text = pd.factorize(np.array(tails, dtype=object))
    head_ids: dict[str, int] = {}
    head_text: list[str] = []

    def build(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = np.floor(rng.random(len(rows)) * n_templates[label[rows]]).astype(np.int64)
        c = country[rows]
        d = options[c, np.floor(rng.random(len(rows)) * n_options[c]).astype(np.int64)]
        combo = ((label[rows] * max_t + t) * n_sectors + sector[rows]) * n_distinctive + d
        distinct, inverse = np.unique(combo, return_inverse=True)
        ids = np.empty(len(distinct), dtype=np.int64)
        for j, code in enumerate(distinct.tolist()):
            rest, di = divmod(code, n_distinctive)
            rest, si = divmod(rest, n_sectors)
            li, ti = divmod(rest, max_t)
            adjective, noun = _SECTOR_WORDS[SECTORS[si]]
            text = split[li][ti][0].format(A=adjective, N=noun, D=words[di])
            if text not in head_ids:
                head_ids[text] = len(head_text)
                head_text.append(text)
            ids[j] = head_ids[text]
        kind = kinds[label[rows], t]
        tail = np.where(kind == 0, 0, 1 + 2 * unit[rows] + ((kind == 1) & in_capital[rows]))
        return ids[inverse.ravel()], tail_id[tail]

    head, tail = build(np.arange(n))

    for _ in range(3):
        rows = np.flatnonzero(pd.Series(head * len(tail_text) + tail).duplicated().to_numpy())
        if len(rows) == 0:
            break
        head[rows], tail[rows] = build(rows)
    key = pd.Series((head * len(tail_text) + tail) * len(units) + unit)
    occurrence = key.groupby(key, sort=False).cumcount().to_numpy()
    names = np.array(head_text, dtype=object)[head] + np.asarray(tail_text, dtype=object)[tail]
    again = np.flatnonzero(occurrence > 0)
    names[again] = [f"{names[i]} N° {occurrence[i] + 1}" for i in again]
    return names


# --------------------------------------------------------------------------- programmes


def _programme_frame(
    rng: np.random.Generator,
    units: pd.DataFrame,
    rows: dict[str, np.ndarray],
    codes: np.ndarray,
) -> pd.DataFrame:
    """Programme participations concentrated in :data:`PROGRAMME_FOCUS` units."""
    unit, klass = rows["unit"], rows["class"]
    n = len(unit)
    reach = np.array(
        [PROGRAMME_FOCUS.get(iso, PROGRAMME_BACKGROUND) for iso in units["iso_3166_2"]]
    )
    p = np.minimum(reach[unit] * _PROGRAMME_CLASS_FACTOR[klass], 1.0)
    reached = np.flatnonzero(rng.random(n) < p)
    repeats = 1 + (rng.random(len(reached)) < 0.35) + (rng.random(len(reached)) < 0.12)
    org = np.repeat(reached, repeats)
    m = len(org)
    programme = _pick(rng, _PROGRAMME_P[None, :], np.zeros(m, dtype=np.int64))
    # A programme year is never before the organization's founding year (when known).
    year = rng.integers(_PROGRAMME_FIRST_YEAR[programme], _PROGRAMME_LAST_YEAR + 1)
    year = np.maximum(year, rows["year"][org])
    # Participants: 1 + Poisson(6), at most the members (when known).
    participants = 1 + rng.poisson(6.0, m)
    members = rows["members"][org]
    participants = np.where(members > 0, np.minimum(participants, members), participants)
    women = rng.binomial(participants, 0.45)
    blank_women = rng.random(m) < 0.03
    frame = pd.DataFrame(
        {
            "org": org,
            "Código": codes[org],
            "Programa": np.array(_PROGRAMMES, dtype=object)[programme],
            "Año": year,
            "Participantes": participants,
            "Mujeres participantes": women,
            "blank": blank_women,
        }
    )
    frame = frame.drop_duplicates(["Código", "Programa", "Año"]).sort_values(
        ["org", "Año", "Programa"], kind="stable", ignore_index=True
    )
    out = pd.DataFrame(
        {
            "Código": frame["Código"].to_numpy(dtype=object),
            "Programa": frame["Programa"].to_numpy(dtype=object),
            "Año": _int_text(frame["Año"].to_numpy(), np.zeros(len(frame), dtype=bool)),
            "Participantes": _int_text(
                frame["Participantes"].to_numpy(), np.zeros(len(frame), dtype=bool)
            ),
            "Mujeres participantes": _int_text(
                frame["Mujeres participantes"].to_numpy(), frame["blank"].to_numpy()
            ),
        }
    )
    return out
