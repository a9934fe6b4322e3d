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
#: Two capitals of one name closer than this (degrees, about 5 km) are one town.
SAME_PLACE_DEG = 0.05


def context_geojson(directory: Path | None = None) -> bytes:
    """Return the neighbouring countries and the unit capitals as GeoJSON bytes.

    Countries have ``kind = "country"``; capitals ``kind = "capital"`` with ``name``
    and ``national`` (true for Bogotá, Lima and Quito), one per town (a town that is
    the capital of two units is labelled once).
    """
    folder = directory or get_settings().boundaries_dir
    countries = json.loads((folder / COUNTRIES_FILE).read_text("utf-8"))
    features = [
        {**f, "properties": {**f["properties"], "kind": "country"}} for f in countries["features"]
    ]
    with (folder / CAPITALS_FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # One label per town: Bogotá is the capital of the country, of Bogotá D.C. and of
    # Cundinamarca; the national entry is kept, the others at the same place dropped.
    rows.sort(key=lambda r: r["national"] != "True")
    placed: list[tuple[str, float, float]] = []
    for row in rows:
        name, lat, lon = row["capital"], float(row["lat"]), float(row["lon"])
        if any(n == name and abs(y - lat) + abs(x - lon) < SAME_PLACE_DEG for n, y, x in placed):
            continue
        placed.append((name, lat, lon))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "capital",
                    "name": name,
                    "national": row["national"] == "True",
                },
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
