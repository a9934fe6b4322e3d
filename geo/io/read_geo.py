"""Read a GeoJSON, GeoPackage or GeoParquet layer into a raw table of text.

Point layers are reprojected to EPSG:4326 when they declare another CRS; the
point becomes text columns ``longitude``/``latitude`` (``geometry_``-prefixed
when the layer already has such columns); other geometries give ``None`` and a
``row_problems`` entry.

A layer with more attribute columns than :data:`geo.io.raw_table.MAX_COLUMNS` is
refused before its features are read: GeoJSON by counting the property names
of the parsed document (:func:`check_properties`), GeoPackage and GeoParquet
from their schema.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
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


def _read_ogr(path: Path, kind: Kind, layer: str | None, name: str) -> pd.DataFrame:
    """Read a GeoJSON or GeoPackage with GDAL under the right extension.

    GDAL chooses its driver from the file name, and the content decided the kind
    (a GeoJSON saved as ``.csv`` must not be read as CSV), so the file is read
    through a link named for its kind. Text that looks like a date stays text.
    """
    suffix = {"geojson": ".geojson", "gpkg": ".gpkg"}[kind]
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
        width = len(pyogrio.read_info(source, layer=layer)["fields"])
        if width > MAX_COLUMNS:
            raise too_wide_error(name, f"{width:,} attribute columns")
        with warnings.catch_warnings():  # mixed-type properties stay text: that is fine
            warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
            warnings.filterwarnings("ignore", category=RuntimeWarning)  # GDAL chatter
            options = {"DATE_AS_STRING": "YES"} if kind == "geojson" else {}
            return pyogrio.read_dataframe(source, layer=layer, datetime_as_string=True, **options)


def read_geo(path: Path, kind: Kind, *, layer: str | None) -> RawTable:
    """Read a geodata file's attributes and point coordinates into a raw table.

    Parameters
    ----------
    path
        The file (the content was already recognised as ``kind``).
    kind
        ``"geojson"``, ``"gpkg"`` or ``"geoparquet"``.
    layer
        Layer name (GeoPackage); ``None`` reads the first one.

    Returns
    -------
    RawTable
        With text columns ``longitude``/``latitude`` added when the layer has geometry.

    Raises
    ------
    InputValidationError
        The file is damaged, or has no layer ``layer``.
    """
    name = path.name
    label = {"gpkg": "a GeoPackage", "geojson": "GeoJSON", "geoparquet": "GeoParquet"}[kind]
    try:
        if kind == "geoparquet":
            width = len(pq.read_schema(path).names) - 1  # the geometry is not an attribute
            if width > MAX_COLUMNS:
                raise too_wide_error(name, f"{width:,} attribute columns")
            data = gpd.read_parquet(path)
        else:
            data = _read_ogr(path, kind, layer, name)
    except InputValidationError:
        raise
    except Exception as exc:  # pyogrio / pyarrow raise many types on damaged files
        raise unreadable_error(name, label, exc) from exc

    has_geometry = isinstance(data, gpd.GeoDataFrame) and data.active_geometry_name is not None
    attributes = data.drop(columns=data.geometry.name) if has_geometry else data
    names = unique_names([str(column) for column in attributes.columns])
    columns = [[cell_text(v) for v in attributes[c].tolist()] for c in attributes.columns]
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
                what = "no" if geometry is None or geometry.is_empty else f"a {geometry.geom_type}"
                problems[position] = (
                    f"row {position + 1} has {what} geometry; only points give coordinates"
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
