"""Generate a SYNTHETIC organization registry and programme table for demos and benchmarks.

CoopAtlas ships no real registry. This module invents one that looks like what a
specialist receives from a national registry (Spanish headers, every cell text,
names and codes written in many ways, a few faults), so that it goes through the
importer exactly like a real file. Nothing in it describes a real organization.

How the rows are drawn (all randomness from ``numpy.random.default_rng(seed)``):

* **Units.** Every one of the 83 units first gets ``min(3, n // 83)`` rows; the rest
  is shared by largest remainder in proportion to a country share (CO 45 %, PE 35 %,
  EC 20 %) times an agricultural weight per unit (``demo_tables/units.csv``). Rows are
  then shuffled.
* **Urban rows.** A share of the rows of capital-dominated units (Bogotá, Lima
  Metropolitana, Callao, ...) is "urban": more cooperatives and mutual or employee
  funds, mostly savings-and-credit and services, in the capital.
* **Types.** Canonical classes are drawn first (rural: 45 % producer associations,
  20 % cooperatives, 5 % pre-cooperatives, 15 % community organizations, 7 % mutual or
  employee funds, 8 % other), then a label as registries write it, by country
  (``demo_tables/type_labels.csv``; Ecuador uses the SEPS sectors "Cooperativo", "Asociativo",
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

The words and weights are data files in ``coopatlas/demo/tables`` (read by
:mod:`coopatlas.demo.vocabulary`); this module holds the rates of faults and blanks and
puts the table together from :mod:`coopatlas.demo.departments`, :mod:`coopatlas.demo.points`,
:mod:`coopatlas.demo.names`, :mod:`coopatlas.demo.cells` and :mod:`coopatlas.demo.programmes`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from coopatlas.demo.cells import (
    country_cells,
    federation_cells,
    founding_years,
    int_text,
    members,
    service_cells,
)
from coopatlas.demo.departments import department_cells
from coopatlas.demo.names import codes, names, plant_names
from coopatlas.demo.points import coordinate_cells
from coopatlas.demo.programmes import programme_frame
from coopatlas.demo.sampling import pick
from coopatlas.demo.vocabulary import load_vocabulary
from geo._errors import DataFileError, InputValidationError
from geo.io.text import fold
from geo.units.boundaries import load_admin2_units, load_units

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
        programmes = programme_frame(rng, units, rows, registry["Código"].to_numpy())
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
    """Join the committed unit table with the demo unit profiles (one row per unit)."""
    profiles = load_vocabulary().unit_profiles
    units = load_units()[["iso_3166_2", "country", "name", "unit_type", "aliases"]].copy()
    missing = sorted(set(units["iso_3166_2"]) - set(profiles))
    extra = sorted(set(profiles) - set(units["iso_3166_2"]))
    if missing or extra:
        raise DataFileError(
            f"coopatlas/demo/tables/units.csv does not match units.csv: missing {missing}, "
            f"unknown {extra}; add or remove those units in coopatlas/demo/tables/units.csv."
        )
    units = units.sort_values("iso_3166_2", ignore_index=True)
    iso = units["iso_3166_2"]
    units["weight"] = [profiles[c][0] for c in iso]
    units["capital"] = [profiles[c][1] for c in iso]
    units["urban_share"] = [profiles[c][2] for c in iso]
    units["place"] = [profiles[c][3] or name for c, name in zip(iso, units["name"], strict=True)]
    countries = load_vocabulary().countries
    units["country_idx"] = units["country"].map({c: i for i, c in enumerate(countries)})
    return units


# --------------------------------------------------------------------------- structural draws


def _allocate(units: pd.DataFrame, n: int) -> np.ndarray:
    """Rows per unit: ``min(3, n // 83)`` each, the rest by largest remainder."""
    weight = units["weight"].to_numpy(dtype=float)
    country = units["country_idx"].to_numpy()
    totals = np.bincount(country, weights=weight)
    share = load_vocabulary().country_share[country] * weight / totals[country]
    base = min(3, n // len(units))
    quota = share * (n - base * len(units))
    counts = np.floor(quota).astype(np.int64)
    remainder = n - base * len(units) - counts.sum()
    order = np.argsort(-(quota - counts), kind="stable")
    counts[order[:remainder]] += 1
    return counts + base


def _draw_rows(rng: np.random.Generator, units: pd.DataFrame, n: int) -> dict[str, np.ndarray]:
    """Draw the structural attributes of every row as integer codes."""
    v = load_vocabulary()
    counts = _allocate(units, n)
    unit = rng.permutation(np.repeat(np.arange(len(units)), counts))
    country = units["country_idx"].to_numpy()[unit]
    urban = rng.random(n) < units["urban_share"].to_numpy()[unit]
    klass = pick(rng, np.vstack([v.class_weights_rural, v.class_weights_urban]), urban.astype(int))
    label = _draw_labels(rng, country, urban, klass)
    sector = _draw_sectors(rng, units, unit, urban, label)
    member_count = members(rng, klass, label)
    member_count[rng.random(n) < BLANK_MEMBERS_SHARE] = -1
    year = founding_years(rng, n)
    year[rng.random(n) < BLANK_YEAR_SHARE] = -1
    return {
        "unit": unit,
        "country": country,
        "urban": urban,
        "class": klass,
        "label": label,
        "sector": sector,
        "members": member_count,
        "year": year,
    }


def _draw_labels(
    rng: np.random.Generator, country: np.ndarray, urban: np.ndarray, klass: np.ndarray
) -> np.ndarray:
    """Raw type label per row, by country, setting (rural or urban) and class."""
    v = load_vocabulary()
    n_classes = len(v.classes)
    probs = np.zeros((len(v.countries) * 2 * n_classes, len(v.labels)))
    for klass_name, country_code, setting, label, p in v.label_weights:
        ci, ki = v.countries.index(country_code), v.classes.index(klass_name)
        for ui in (0, 1) if setting == "any" else (("rural", "urban").index(setting),):
            probs[(ci * 2 + ui) * n_classes + ki, v.label_index[label]] = p
    group = (country * 2 + urban.astype(int)) * n_classes + klass
    return pick(rng, probs, group)


def _sector_weights(units: pd.DataFrame) -> np.ndarray:
    """Sector weights per unit (rows 0..82) plus one row for urban organizations."""
    v = load_vocabulary()
    weights = np.tile(v.base_sector_weights, (len(units), 1))
    index = {iso: i for i, iso in enumerate(units["iso_3166_2"])}
    for sector, iso, boost in v.sector_boosts:
        weights[index[iso], v.sector_index[sector]] += boost
    return np.vstack([weights, v.urban_sector_weights])


def _draw_sectors(
    rng: np.random.Generator,
    units: pd.DataFrame,
    unit: np.ndarray,
    urban: np.ndarray,
    label: np.ndarray,
) -> np.ndarray:
    """Sector per row from its unit's (or the urban) weights; finance labels get their own."""
    v = load_vocabulary()
    s, lab = v.sector_index, v.label_index
    group = np.where(urban, len(units), unit)
    sector = pick(rng, _sector_weights(units), group)
    u = rng.random(len(unit))
    finance = np.where(u < 0.7, s["Ahorro y crédito"], s["Servicios"])
    sector = np.where(
        label == lab["Cooperativa de ahorro y crédito"], s["Ahorro y crédito"], sector
    )
    sector = np.where(label == lab["Fondo de empleados"], finance, sector)
    mutual = np.where(u < 0.6, s["Servicios"], s["Ahorro y crédito"])
    sector = np.where(label == lab["Asociación mutual"], mutual, sector)
    # Producer labels never carry a finance/service sector: such rows become "Otro".
    producer = np.isin(
        label,
        [
            lab[x]
            for x in ("Cooperativa agraria", "Asociación de productores", "Asociación campesina")
        ],
    )
    not_producing = np.isin(sector, [s["Ahorro y crédito"], s["Servicios"]])
    return np.where(producer & not_producing, s["Otro"], sector)


# --------------------------------------------------------------------------- text table


def _count(n: int, fault: str) -> int:
    return round(FAULT_RATES[fault] * n)


def _registry_frame(
    rng: np.random.Generator, units: pd.DataFrame, rows: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Turn the drawn codes into the text table, injecting the documented faults.

    Each column becomes a pandas text column as soon as it is complete, so that the
    per-row Python strings of the next one do not pile up (1,000,000 rows stay cheap).
    """
    cells, in_capital = _identity_cells(rng, units, rows)
    _attribute_cells(rng, units, rows, cells, in_capital=in_capital)
    return pd.DataFrame({c: cells[c] for c in REGISTRY_COLUMNS})


def _identity_cells(
    rng: np.random.Generator, units: pd.DataFrame, rows: dict[str, np.ndarray]
) -> tuple[dict[str, pd.Series], np.ndarray]:
    """Department, coordinates, code and name: the cells that carry the planted faults.

    Names come last: the hostile names and same-name pairs need rows free of faults.
    Also returns which rows are placed in their unit's capital.
    """
    unit, country = rows["unit"], rows["country"]
    n = len(unit)
    cells: dict[str, pd.Series] = {}
    department, bad_department = department_cells(
        rng,
        units,
        unit,
        n_unresolvable=_count(n, "department_unresolvable"),
        n_misspelled=_count(n, "department_misspelled"),
        trailing_space_share=TRAILING_SPACE_SHARE,
    )
    cells["Departamento/Provincia"] = _column(department)
    del department
    lat_text, lon_text, bad_point = coordinate_cells(
        rng,
        units,
        unit,
        point_share=POINT_SHARE,
        faults=(
            _count(n, "coordinates_swapped"),
            _count(n, "coordinates_zero"),
            _count(n, "coordinates_decimal_comma"),
        ),
    )
    cells["Latitud"], cells["Longitud"] = _column(lat_text), _column(lon_text)
    del lat_text, lon_text
    code, shared_code = codes(rng, country, n_reused=_count(n, "duplicate_code"))
    cells["Código"] = _column(code)
    del code
    in_capital = rows["urban"] | (rng.random(n) < 0.3)
    name = names(rng, units, rows, in_capital)
    ec = load_vocabulary().countries.index("EC")
    upper = np.flatnonzero(rng.random(n) < np.where(country == ec, 0.6, 0.15))
    name[upper] = [name[i].upper() for i in upper]
    clean = ~(bad_department | bad_point | shared_code)
    plant_names(rng, name, unit, clean=clean, hostile=HOSTILE_NAMES)
    cells["Razón social"] = _column(name)
    return cells, in_capital


def _attribute_cells(
    rng: np.random.Generator,
    units: pd.DataFrame,
    rows: dict[str, np.ndarray],
    cells: dict[str, pd.Series],
    *,
    in_capital: np.ndarray,
) -> None:
    """Country, municipality, type, sector, counts, year, federation and services (in place)."""
    v = load_vocabulary()
    unit, country, klass = rows["unit"], rows["country"], rows["class"]
    label, sector = rows["label"], rows["sector"]
    n = len(unit)
    cells["País"] = _column(country_cells(rng, country))
    # Municipality, for rows without a point (the point gives level 2): the capital for
    # urban rows and 30 % of rural ones, else a level-2 unit of the department.
    capital = units["capital"].to_numpy(dtype=object)[unit]
    choice = rng.integers(0, 40, n)
    municipality = np.where(in_capital, capital, level2_cells(units, unit, choice))
    has_point = (cells["Latitud"] != "").to_numpy(dtype=bool)
    municipality[has_point] = ""
    cells["Municipio"] = _column(municipality)
    cells["Tipo de organización"] = _column(np.array(v.labels, dtype=object)[label])
    sector_text = np.array(v.sectors, dtype=object)[sector]
    sector_text[rng.random(n) < BLANK_SECTOR_SHARE] = ""
    cells["Actividad principal"] = _column(sector_text)

    member_count = rows["members"]
    blank_members = member_count < 0
    women = np.rint(member_count * rng.beta(8.0, 12.0, n)).astype(np.int64)
    youth = np.rint(member_count * rng.beta(6.0, 34.0, n)).astype(np.int64)
    blank_women = blank_members | (rng.random(n) < BLANK_MEMBERS_SHARE)
    blank_youth = blank_members | (rng.random(n) < BLANK_MEMBERS_SHARE)
    cells["Número de asociados"] = _column(int_text(member_count, blank_members))
    cells["Mujeres asociadas"] = _column(int_text(women, blank_women))
    cells["Jóvenes asociados"] = _column(int_text(youth, blank_youth))
    cells["Año de constitución"] = _column(int_text(rows["year"], rows["year"] < 0))
    cells["Federación"] = _column(federation_cells(rng, country, klass, sector))
    cells["Servicios sociales"] = _column(service_cells(rng, klass, label))


def level2_cells(units: pd.DataFrame, unit: np.ndarray, choice: np.ndarray) -> np.ndarray:
    """Write a level-2 unit of each row's department as registries do (no random draws).

    Row ``i`` gets the ``choice[i] % k``-th of the ``k`` level-2 units drawn in its unit (by
    code); a third are written in upper-case ASCII ("BOLIVAR"), and every fifth one as
    its official code instead of its name (DIVIPOLA, DPA; not in Peru, where a bare
    4-digit code could be INEI's or RENIEC's).
    """
    table = load_admin2_units().sort_values("code")
    by_parent = {iso: group for iso, group in table.groupby("drawn_in_iso_3166_2", sort=False)}
    names = [by_parent[iso]["name"].to_numpy(dtype=object) for iso in units["iso_3166_2"]]
    codes = [by_parent[iso]["code"].to_numpy(dtype=object) for iso in units["iso_3166_2"]]
    out = np.empty(len(unit), dtype=object)
    for u in np.unique(unit):
        rows = np.flatnonzero(unit == u)
        k = choice[rows] % len(names[u])
        text = names[u][k].copy()
        upper = choice[rows] % 3 == 0
        text[upper] = [fold(t).upper() for t in text[upper]]
        # Peru's bare 4-digit codes are ambiguous (INEI or RENIEC) without a code column
        as_code = (choice[rows] % 5 == 1) & (units["country"].iat[u] != "PE")
        text[as_code] = codes[u][k[as_code]]
        out[rows] = text
    return out


def _column(values: np.ndarray) -> pd.Series:
    """Make a text column (pandas' default string dtype) from an object array of str."""
    return pd.Series(values)
