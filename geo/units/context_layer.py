"""The map's context: neighbouring countries (Natural Earth) and capitals.

Read from ``data/boundaries/context_countries.geojson`` (rebuilt by
``scripts/build_context.py``) and ``data/boundaries/capitals.csv`` (see the
boundaries README for provenance). The dashboard serves them once as one GeoJSON
(:func:`context_geojson`); the static maps draw the same countries and capitals
(:mod:`geo.export.map_context`).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.settings import get_settings

COUNTRIES_FILE = "context_countries.geojson"
CAPITALS_FILE = "capitals.csv"
#: Two capitals of one name closer than this (degrees, about 5 km) are one town.
SAME_PLACE_DEG = 0.05


@dataclass(frozen=True)
class Capital:
    """One capital town, labelled once.

    Attributes
    ----------
    name
        The town ("Medellín").
    lat, lon
        Degrees (WGS 84).
    national
        True for Bogotá, Lima and Quito.
    units
        The level-1 units it is the capital of (Bogotá: CO-DC and CO-CUN).
    """

    name: str
    lat: float
    lon: float
    national: bool
    units: tuple[str, ...]


def neighbour_countries(directory: Path | None = None) -> list[dict[str, Any]]:
    """Return the neighbouring countries as GeoJSON features (``iso_a3``, ``name``)."""
    folder = directory or get_settings().boundaries_dir
    countries = json.loads((folder / COUNTRIES_FILE).read_text("utf-8"))
    return list(countries["features"])


def capitals(directory: Path | None = None) -> list[Capital]:
    """Return the capitals, one per town, national ones first.

    Bogotá is the capital of the country, of Bogotá D.C. and of Cundinamarca: the
    national entry is kept and the units of the others at the same place join it.
    """
    folder = directory or get_settings().boundaries_dir
    with (folder / CAPITALS_FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda r: r["national"] != "True")
    placed: list[Capital] = []
    for row in rows:
        name, lat, lon = row["capital"], float(row["lat"]), float(row["lon"])
        same = next(
            (
                i
                for i, c in enumerate(placed)
                if c.name == name and abs(c.lat - lat) + abs(c.lon - lon) < SAME_PLACE_DEG
            ),
            None,
        )
        if same is None:
            placed.append(Capital(name, lat, lon, row["national"] == "True", (row["iso_3166_2"],)))
        else:
            town = placed[same]
            placed[same] = Capital(
                town.name, town.lat, town.lon, town.national, (*town.units, row["iso_3166_2"])
            )
    return placed


def context_geojson(directory: Path | None = None) -> bytes:
    """Return the neighbouring countries and the unit capitals as GeoJSON bytes.

    Countries have ``kind = "country"``; capitals ``kind = "capital"`` with ``name``
    and ``national`` (true for Bogotá, Lima and Quito), one per town (a town that is
    the capital of two units is labelled once).
    """
    features = [
        {**f, "properties": {**f["properties"], "kind": "country"}}
        for f in neighbour_countries(directory)
    ]
    features += [
        {
            "type": "Feature",
            "properties": {"kind": "capital", "name": c.name, "national": c.national},
            "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
        }
        for c in capitals(directory)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
