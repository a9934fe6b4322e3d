"""Read a GeoJSON, GeoPackage or GeoParquet layer into a raw table of text.

Point layers are reprojected to EPSG:4326 when they declare another CRS; the
point becomes text columns ``longitude``/``latitude`` (``geometry_``-prefixed
when the layer already has such columns); other geometries give ``None`` and a
``row_problems`` entry.

A layer with more attribute columns than :data:`geo.io.raw_table.MAX_COLUMNS` is
refused before its features are read: GeoJSON by counting the property names
of the parsed document (:func:`check_properties`), GeoPackage and GeoParquet
from their schema.

**Cost by content** (:mod:`geo.io.read_limits`). A GeoParquet file is judged by its
metadata and then its decoded content before it is read
(:mod:`geo.io.read_parquet`). A GeoPackage layer must be a plain table
(:func:`check_gpkg_table`): an SQL view, a virtual table or a table with computed
columns can make rows and text without end from a few bytes, so they are refused
from ``sqlite_master`` before GDAL runs. GDAL then reads at most ``max_rows + 1``
features, and every text cell is held to :data:`geo.io.read_limits.MAX_CELL_CHARS`.
"""

from __future__ import annotations

import sqlite3
import tempfile
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo._errors import InputValidationError
from geo.io.raw_table import (
    MAX_COLUMNS,
    Kind,
    RawTable,
    cell_text,
    text_frame,
    too_wide_error,
    unique_names,
    unreadable_error,
)
from geo.io.read_limits import (
    MAX_CELL_CHARS,
    LimitError,
    Words,
    cell_too_long,
    check_cells,
    too_many_rows,
)
from geo.io.read_parquet import read_parquet
from geo.notice import Notice


def check_properties(document: dict[str, object], name: str) -> None:
    """Refuse a GeoJSON document whose features use more than MAX_COLUMNS property names.

    Parameters
    ----------
    document
        The parsed FeatureCollection.
    name
        The file name, for the message.

    Raises
    ------
    InputValidationError
        Naming the file, the number of property names, the limit and the fix.
    """
    names: set[str] = set()
    features = document.get("features")
    for feature in features if isinstance(features, list) else ():
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict):
            names.update(properties)
    if len(names) > MAX_COLUMNS:
        raise too_wide_error(name, f"{len(names):,} properties")


def _gpkg_contents(path: Path) -> list[str]:
    """Return the layers a GeoPackage declares (``gpkg_contents``), in their order.

    Read through SQLite in read-only mode, like :func:`check_gpkg_table`; empty when
    the file has no such table (GDAL then says what is wrong).
    """
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    try:
        rows = connection.execute("SELECT table_name FROM gpkg_contents ORDER BY rowid")
        return [str(row[0]) for row in rows.fetchall()]
    except sqlite3.DatabaseError:
        return []
    finally:
        connection.close()


def check_gpkg_table(path: Path, layer: str, name: str) -> None:
    """Refuse a GeoPackage layer that is not a plain table (see the module notes).

    ``sqlite_master`` is read through SQLite in read-only mode; nothing the file
    defines (views, triggers, virtual tables) is run.

    Raises
    ------
    LimitError
        The layer is a view, a virtual table, a table with generated columns, or
        not a table of the file at all.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    try:
        found = connection.execute(
            "SELECT type, sql FROM sqlite_master WHERE name = ? COLLATE NOCASE", (layer,)
        ).fetchone()
        kind, sql = found if found else (None, None)
        what = None
        if kind == "view":
            what = "limit.what_view"
        elif kind != "table":
            what = "limit.what_missing"
        elif str(sql or "").lstrip().upper().startswith("CREATE VIRTUAL"):
            what = "limit.what_virtual"
        else:
            # table_xinfo's "hidden" is 2 or 3 for generated (computed) columns.
            columns = connection.execute("SELECT * FROM pragma_table_xinfo(?)", (layer,))
            if any(row[-1] in (2, 3) for row in columns.fetchall()):
                what = "limit.what_generated"
    except sqlite3.DatabaseError as exc:
        raise unreadable_error(name, "a GeoPackage", exc) from exc
    finally:
        connection.close()
    if what is not None:
        raise LimitError("limit.view", name=name, layer=layer, what=Words(what))


def _read_ogr(
    path: Path, kind: Kind, layer: str | None, name: str, *, max_rows: int | None
) -> pd.DataFrame:
    """Read a GeoJSON or GeoPackage with GDAL under the right extension.

    GDAL chooses its driver from the file name, and the content decided the kind
    (a GeoJSON saved as ``.csv`` must not be read as CSV), so the file is read
    through a link named for its kind. Text that looks like a date stays text.
    """
    suffix = {"geojson": ".geojson", "gpkg": ".gpkg"}[kind]
    if kind == "gpkg":  # before GDAL lists the layers: listing a view runs it
        contents = _gpkg_contents(path)
        for candidate in [layer] if layer is not None else contents[:1]:
            if candidate in contents:
                check_gpkg_table(path, candidate, name)
    with tempfile.TemporaryDirectory(prefix="coopatlas-read-") as tmp:
        source = Path(tmp) / f"data{suffix}"
        source.symlink_to(path.resolve())
        layers = [str(row[0]) for row in pyogrio.list_layers(source)]
        layer = layer if layer is not None or not layers else layers[0]
        if layer not in layers:
            raise InputValidationError(
                f"file {name!r} has no layer {layer!r}; its layers are "
                f"{', '.join(map(repr, layers)) or 'none'}; pick one of them"
            )
        if kind == "gpkg":
            check_gpkg_table(path, layer, name)
        width = len(pyogrio.read_info(source, layer=layer)["fields"])
        if width > MAX_COLUMNS:
            raise too_wide_error(name, f"{width:,} attribute columns")
        with warnings.catch_warnings():  # mixed-type properties stay text: that is fine
            warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
            warnings.filterwarnings("ignore", category=RuntimeWarning)  # GDAL chatter
            options = {"DATE_AS_STRING": "YES"} if kind == "geojson" else {}
            data = pyogrio.read_dataframe(
                source,
                layer=layer,
                datetime_as_string=True,
                max_features=None if max_rows is None else max_rows + 1,
                **options,
            )
    if max_rows is not None and len(data) > max_rows:
        raise too_many_rows(name, max_rows)
    check_cells(name, len(data), len(data.columns), path.stat().st_size)
    return data


def read_geo(path: Path, kind: Kind, *, layer: str | None, max_rows: int | None = None) -> RawTable:
    """Read a geodata file's attributes and point coordinates into a raw table.

    Parameters
    ----------
    path
        The file (the content was already recognised as ``kind``).
    kind
        ``"geojson"``, ``"gpkg"`` or ``"geoparquet"``.
    layer
        Layer name (GeoPackage); ``None`` reads the first one.
    max_rows
        Refuse a layer of more features than this (``None``: the size-based limits
        of :mod:`geo.io.read_limits` only).

    Returns
    -------
    RawTable
        With text columns ``longitude``/``latitude`` added when the layer has geometry.

    Raises
    ------
    InputValidationError
        The file is damaged, has no layer ``layer``, or breaks a limit of
        :mod:`geo.io.read_limits` (a :class:`geo.io.read_limits.LimitError`).
    """
    name = path.name
    label = {"gpkg": "a GeoPackage", "geojson": "GeoJSON", "geoparquet": "GeoParquet"}[kind]
    try:
        if kind == "geoparquet":
            data = read_parquet(path, name, max_rows=max_rows)
        else:
            data = _read_ogr(path, kind, layer, name, max_rows=max_rows)
    except InputValidationError:
        raise
    except Exception as exc:  # pyogrio / pyarrow raise many types on damaged files
        raise unreadable_error(name, label, exc) from exc

    has_geometry = isinstance(data, gpd.GeoDataFrame) and data.active_geometry_name is not None
    attributes = data.drop(columns=data.geometry.name) if has_geometry else data
    names = unique_names([str(column) for column in attributes.columns])
    columns = [[cell_text(v) for v in attributes[c].tolist()] for c in attributes.columns]
    _check_cell_lengths(names, columns, name)
    problems: dict[int, str] = {}
    if has_geometry:
        if data.crs is not None and data.crs.to_epsg() != 4326:
            data = data.to_crs("EPSG:4326")
        longitude, latitude = [], []
        for position, geometry in enumerate(data.geometry):
            point = geometry is not None and not geometry.is_empty
            point = point and geometry.geom_type == "Point"
            longitude.append(repr(float(geometry.x)) if point else None)
            latitude.append(repr(float(geometry.y)) if point else None)
            if not point:
                empty = geometry is None or geometry.is_empty
                problems[position] = (
                    Notice("row.no_geometry", row=position + 1)
                    if empty
                    else Notice("row.not_point", row=position + 1, kind=geometry.geom_type)
                )
        taken = {n.casefold() for n in names} & {"longitude", "latitude"}
        prefix = "geometry_" if taken else ""
        names += [f"{prefix}longitude", f"{prefix}latitude"]
        columns += [longitude, latitude]
    return RawTable(
        frame=text_frame(names, columns),
        source_file=name,
        kind=kind,
        encoding=None,
        delimiter=None,
        row_numbers=list(range(1, len(data) + 1)),
        geometry_columns_added=has_geometry,
        row_problems=problems,
    )


def _check_cell_lengths(names: list[str], columns: list[list[str | None]], name: str) -> None:
    """Refuse the first text cell longer than :data:`geo.io.read_limits.MAX_CELL_CHARS`."""
    for column, cells in zip(names, columns, strict=True):
        for position, cell in enumerate(cells):
            if cell is not None and len(cell) > MAX_CELL_CHARS:
                raise cell_too_long(name, column=column, row=position + 1, found=len(cell))
