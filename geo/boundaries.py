"""Load the committed admin-1 boundaries (83 units of Colombia, Peru and Ecuador).

Two geometries are committed (see ``data/boundaries/README.md``):

* ``admin1_full.parquet``: full resolution, for spatial joins;
* ``admin1_simplified.geojson``: a topology-preserving simplification for the browser.

Both are stored in :data:`geo.settings.STORAGE_CRS` (EPSG:4326).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from geo._errors import DataFileError, MissingDataError
from geo.settings import STORAGE_CRS, get_settings

UNITS_FILE = "units.csv"
POPULATION_FILE = "population.csv"
FULL_FILE = "admin1_full.parquet"
SIMPLIFIED_FILE = "admin1_simplified.geojson"
REBUILD_HINT = "python scripts/build_boundaries.py"

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

Resolution = Literal["full", "simplified"]


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


def load_units(directory: Path | None = None) -> pd.DataFrame:
    """Return the curated attribute table of the 83 units (no geometry).

    Parameters
    ----------
    directory
        Folder holding ``units.csv``; defaults to the committed ``data/boundaries``.

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
    resolution: Resolution = "full", *, directory: Path | None = None
) -> gpd.GeoDataFrame:
    """Load the 83 admin-1 units as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    resolution
        ``"full"`` for spatial joins, ``"simplified"`` for display.
    directory
        Folder of the layers; defaults to the committed ``data/boundaries``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`UNIT_COLUMNS` plus ``geometry``, CRS EPSG:4326, sorted by
        ``iso_3166_2``.

    Raises
    ------
    MissingDataError
        If the layer file does not exist (the message gives the rebuild command).
    DataFileError
        If it is corrupt or lacks a required column.
    ValueError
        If ``resolution`` is not one of the two allowed values.
    """
    if resolution not in ("full", "simplified"):
        raise ValueError(f"resolution must be 'full' or 'simplified', got {resolution!r}")
    name = FULL_FILE if resolution == "full" else SIMPLIFIED_FILE
    path = _boundaries_dir(directory) / name
    what = f"Boundary layer ({resolution})"
    if not path.is_file():
        raise _missing(path, what)
    try:
        if resolution == "full":
            gdf = gpd.read_parquet(path)
        else:
            gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # any reader failure means the file is unusable
        raise _corrupt(path, what, exc) from exc
    missing = [c for c in UNIT_COLUMNS if c not in gdf.columns]
    if missing or gdf.crs is None:
        problem = f"missing columns {missing}" if missing else "no CRS"
        raise _corrupt(path, what, KeyError(problem))
    if gdf.crs.to_string() != STORAGE_CRS:
        gdf = gdf.to_crs(STORAGE_CRS)
    gdf["national_code"] = gdf["national_code"].astype(str)
    gdf = gdf[[*UNIT_COLUMNS, "geometry"]].sort_values("iso_3166_2", ignore_index=True)
    return gdf
