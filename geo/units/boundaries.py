"""Load the committed boundaries of Colombia, Peru and Ecuador at two levels.

Level 1 is the project's 83 units (departamentos, provincias, Bogotá, Callao, Lima
Metropolitana and Lima Región); level 2 is the official second level (Colombian
municipios, Peruvian provincias, Ecuadorian cantones), from which level 1 is dissolved.
Each level has two committed geometries (see ``data/boundaries/README.md``):

* ``admin{1,2}_full.parquet``: full resolution, for spatial joins;
* ``admin{1,2}_simplified.geojson``: a coverage simplification for the browser.

All are stored in :data:`geo.settings.STORAGE_CRS` (EPSG:4326). Every loader takes a
keyword-only ``level`` (1 or 2, default 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from geo._errors import DataFileError, MissingDataError
from geo.settings import STORAGE_CRS, get_settings
from geo.units.levels import LEVELS, PARENT_ID, TOP, UNIT_ID, is_country

UNITS_FILE = TOP.units_file
POPULATION_FILE = "population.csv"
FULL_FILE = f"{TOP.stem}_full.parquet"
SIMPLIFIED_FILE = f"{TOP.stem}_simplified.geojson"
ADMIN2_UNITS_FILE = LEVELS[2].units_file
ADMIN2_FULL_FILE = f"{LEVELS[2].stem}_full.parquet"
ADMIN2_SIMPLIFIED_FILE = f"{LEVELS[2].stem}_simplified.geojson"
REBUILD_HINT = "python scripts/build_admin2.py"

#: Level-1 units far from their country's mainland (San Andrés y Providencia, Galápagos):
#: a country's map frames its mainland and shows them in insets.
DETACHED_UNITS = frozenset({"CO-SAP", "EC-W"})

#: Columns every boundary layer carries, in order.
UNIT_COLUMNS = [
    "iso_3166_2",
    "country",
    "national_code",
    "name",
    "unit_type",
    "aliases",
    "area_km2",
]

#: Columns every level-2 layer carries, in order. ``admin2_id`` (country + code, e.g.
#: ``PE-1501``) is the unique key: the national codes of Peru and Ecuador overlap.
ADMIN2_COLUMNS = [
    "admin2_id",
    "country",
    "code",
    "name",
    "unit_type",
    "parent_iso_3166_2",
    "drawn_in_iso_3166_2",
    "area_km2",
]

#: The columns of each level's layers, by level number.
_COLUMNS = {TOP.number: UNIT_COLUMNS, LEVELS[2].number: ADMIN2_COLUMNS}

Resolution = Literal["full", "simplified"]
Level = Literal[1, 2]

_LAYER_FILES = {
    **{(n, "full"): f"{level.stem}_full.parquet" for n, level in LEVELS.items()},
    **{(n, "simplified"): f"{level.stem}_simplified.geojson" for n, level in LEVELS.items()},
}


def _boundaries_dir(directory: Path | None) -> Path:
    return Path(directory) if directory is not None else get_settings().boundaries_dir


def _missing(path: Path, what: str) -> MissingDataError:
    return MissingDataError(
        f"{what} file not found: {path}. It is committed with the project; restore it with "
        f"`git checkout -- {path.name}` in data/boundaries/, or rebuild it with `{REBUILD_HINT}`."
    )


def _corrupt(path: Path, what: str, exc: Exception) -> DataFileError:
    return DataFileError(
        f"{what} file {path} could not be read ({type(exc).__name__}: {exc}). "
        f"Rebuild it with `{REBUILD_HINT}` or restore the committed copy."
    )


def _check_level(level: int) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {list(LEVELS)}, got {level!r}")


def load_units(directory: Path | None = None, *, level: Level = 1) -> pd.DataFrame:
    """Return the curated attribute table of the 83 units (no geometry).

    Parameters
    ----------
    directory
        Folder holding ``units.csv``; defaults to the committed ``data/boundaries``.
    level
        1 (default) for the 83 units; 2 returns :func:`load_admin2_units`.

    Returns
    -------
    pandas.DataFrame
        One row per unit, indexed 0..82, with ``iso_3166_2``, ``country``,
        ``national_code`` (string, leading zeros kept), ``name``, ``unit_type``,
        ``aliases`` (``|``-separated) and the validation town with its coordinates.

    Raises
    ------
    MissingDataError
        If the file does not exist.
    DataFileError
        If it cannot be parsed or lacks a required column.
    """
    _check_level(level)
    if level != TOP.number:
        return load_admin2_units(directory)
    path = _boundaries_dir(directory) / UNITS_FILE
    if not path.is_file():
        raise _missing(path, "Unit table")
    try:
        units = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _corrupt(path, "Unit table", exc) from exc
    required = {"iso_3166_2", "country", "national_code", "name", "unit_type", "aliases"}
    missing = required - set(units.columns)
    if missing:
        raise _corrupt(path, "Unit table", KeyError(f"missing columns {sorted(missing)}"))
    return units


def load_admin2_units(directory: Path | None = None) -> pd.DataFrame:
    """Return the level-2 attribute table (no geometry).

    Parameters
    ----------
    directory
        Folder holding ``admin2_units.csv``; defaults to the committed ``data/boundaries``.

    Returns
    -------
    pandas.DataFrame
        One row per level-2 unit: ``admin2_id``, ``country``, ``code`` (text, leading
        zeros kept), ``name``, ``unit_type``, ``parent_iso_3166_2`` (empty for Ecuador's
        undelimited zones), ``drawn_in_iso_3166_2`` (the level-1 unit whose polygon holds
        it), ``official_area_km2`` (float, NaN where none) and the validation town
        ``check_town``/``check_lat``/``check_lon``/``check_source`` (empty where none).

    Raises
    ------
    MissingDataError
        If the file does not exist.
    DataFileError
        If it cannot be parsed or lacks a required column.
    """
    path = _boundaries_dir(directory) / ADMIN2_UNITS_FILE
    if not path.is_file():
        raise _missing(path, "Level-2 unit table")
    try:
        units = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _corrupt(path, "Level-2 unit table", exc) from exc
    missing = [c for c in ADMIN2_COLUMNS if c != "area_km2" and c not in units.columns]
    if missing:
        raise _corrupt(path, "Level-2 unit table", KeyError(f"missing columns {missing}"))
    numeric = ("official_area_km2", "check_lat", "check_lon", "check_tolerance_m", "area_tolerance")
    for column in numeric:
        if column in units.columns:
            units[column] = pd.to_numeric(units[column].replace("", None), errors="coerce")
    return units


def load_population(directory: Path | None = None) -> pd.DataFrame:
    """Return official population per unit with its year and source.

    Parameters
    ----------
    directory
        Folder holding ``population.csv``; defaults to the committed ``data/boundaries``.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso_3166_2``, ``population`` (int64), ``year``, ``source``, ``table``.
    """
    path = _boundaries_dir(directory) / POPULATION_FILE
    if not path.is_file():
        raise _missing(path, "Population")
    try:
        pop = pd.read_csv(path, dtype={"iso_3166_2": str, "source": str, "table": str})
        pop["population"] = pop["population"].astype("int64")
    except (UnicodeDecodeError, pd.errors.ParserError, KeyError, ValueError) as exc:
        raise _corrupt(path, "Population", exc) from exc
    return pop


def load_boundaries(
    resolution: Resolution = "full", *, directory: Path | None = None, level: Level = 1
) -> gpd.GeoDataFrame:
    """Load the 83 admin-1 units (or the level-2 units) as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    resolution
        ``"full"`` for spatial joins, ``"simplified"`` for display.
    directory
        Folder of the layers; defaults to the committed ``data/boundaries``.
    level
        1 (default): the 83 units; 2: municipios, provincias and cantones.

    Returns
    -------
    geopandas.GeoDataFrame
        ``unit_id`` (the key at every level), then level 1: :data:`UNIT_COLUMNS`
        plus ``geometry``, sorted by ``iso_3166_2``; level 2: :data:`ADMIN2_COLUMNS`
        plus ``geometry``, sorted by ``admin2_id``. CRS EPSG:4326.

    Raises
    ------
    MissingDataError
        If the layer file does not exist (the message gives the rebuild command).
    DataFileError
        If it is corrupt or lacks a required column.
    ValueError
        If ``resolution`` or ``level`` is not one of the allowed values.
    """
    if resolution not in ("full", "simplified"):
        raise ValueError(f"resolution must be 'full' or 'simplified', got {resolution!r}")
    _check_level(level)
    path = _boundaries_dir(directory) / _LAYER_FILES[(level, resolution)]
    what = f"Boundary layer (level {level}, {resolution})"
    if not path.is_file():
        raise _missing(path, what)
    try:
        if resolution == "full":
            gdf = gpd.read_parquet(path)
        else:
            gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # any reader failure means the file is unusable
        raise _corrupt(path, what, exc) from exc
    described = LEVELS[level]
    columns, key, code = _COLUMNS[level], described.id_column, described.code_column
    missing = [c for c in columns if c not in gdf.columns]
    if missing or gdf.crs is None:
        problem = f"missing columns {missing}" if missing else "no CRS"
        raise _corrupt(path, what, KeyError(problem))
    if gdf.crs.to_string() != STORAGE_CRS:
        gdf = gdf.to_crs(STORAGE_CRS)
    gdf[code] = gdf[code].astype(str)
    parents = [c for c in (described.parent_column, "drawn_in_iso_3166_2") if c in columns]
    gdf[parents] = gdf[parents].fillna("")
    gdf = gdf[[*columns, "geometry"]].sort_values(key, ignore_index=True)
    gdf.insert(0, UNIT_ID, gdf[key].to_numpy())
    return gdf


def load_children(
    parent: str, resolution: Resolution = "simplified", *, directory: Path | None = None
) -> gpd.GeoDataFrame:
    """Load the level-2 units of ``parent``, keyed like the level-1 layer (for maps).

    Parameters
    ----------
    parent
        A level-1 unit (``"CO-ANT"``) or a country (``"CO"``: all its level-2 units).
    resolution, directory
        As :func:`load_boundaries`.

    Returns
    -------
    geopandas.GeoDataFrame
        ``unit_id`` (the level-2 id, e.g. ``CO-05001``), ``country``, ``name``,
        ``parent_id`` (its level-1 unit) and geometry, in EPSG:4326, sorted by id; empty
        for a parent that has no level-2 unit.
    """
    units = load_boundaries(resolution, directory=directory, level=2)
    column = "country" if is_country(parent) else "parent_iso_3166_2"
    rows = units.loc[
        units[column] == parent, [UNIT_ID, "country", "name", "parent_iso_3166_2", "geometry"]
    ]
    return rows.rename(columns={"parent_iso_3166_2": PARENT_ID}).reset_index(drop=True)
