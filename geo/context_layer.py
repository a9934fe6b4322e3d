"""The map's context: neighbouring countries (Natural Earth) and capitals, as one GeoJSON.

Read from ``data/boundaries/context_countries.geojson`` (rebuilt by
``scripts/build_context.py``) and ``data/boundaries/capitals.csv`` (see the
boundaries README for provenance). The dashboard serves it once, cached.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from geo.settings import get_settings

COUNTRIES_FILE = "context_countries.geojson"
CAPITALS_FILE = "capitals.csv"


def context_geojson(directory: Path | None = None) -> bytes:
    """Return the neighbouring countries and the 83 unit capitals as GeoJSON bytes.

    Countries have ``kind = "country"``; capitals ``kind = "capital"`` with ``name``
    and ``national`` (true for Bogotá, Lima and Quito).
    """
    folder = directory or get_settings().boundaries_dir
    countries = json.loads((folder / COUNTRIES_FILE).read_text("utf-8"))
    features = [
        {**f, "properties": {**f["properties"], "kind": "country"}} for f in countries["features"]
    ]
    with (folder / CAPITALS_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "kind": "capital",
                        "name": row["capital"],
                        "national": row["national"] == "True",
                    },
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(row["lon"]), float(row["lat"])],
                    },
                }
            )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
