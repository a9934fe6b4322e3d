"""Build the official admin-2 boundaries and the admin-1 layer dissolved from them.

Usage::

    python scripts/build_admin2.py --prism DIR --peru-repo DIR [--out data/boundaries]
    python scripts/build_admin2.py --colombia FILE --ecuador FILE --peru DIR [--out ...]

``--prism`` and ``--peru-repo`` are git repositories (bare or not) of
``WFP-VAM/prism-app`` and ``juaneladio/peru-geojson``; the files are read at the
pinned commits in :data:`SOURCES`. ``--colombia``/``--ecuador`` are the two GeoJSON
files and ``--peru`` the folder holding the Peru files. Every file's sha256 must be
the pinned one unless ``--allow-other-source`` is given.

Steps: read; make valid; official codes and names (known code errors fixed, see
:data:`CODE_FIXES`); Putumayo drawn from the 2007 districts that form it; one
coverage cleaning of all level-2 units; level 1 dissolved from level 2 by code;
validation of both levels (the build fails on any problem); write the layers.
See ``data/boundaries/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.settings import EQUAL_AREA_CRS, STORAGE_CRS  # noqa: E402
from geo.units.boundaries import (  # noqa: E402
    ADMIN2_COLUMNS,
    ADMIN2_FULL_FILE,
    ADMIN2_SIMPLIFIED_FILE,
    ADMIN2_UNITS_FILE,
    FULL_FILE,
    SIMPLIFIED_FILE,
    UNIT_COLUMNS,
    load_units,
)
from geo.units.validation import validate_units  # noqa: E402
from geo.units.validation_admin2 import validate_admin2  # noqa: E402

REFERENCE = Path(__file__).resolve().parent / "reference" / "peru_provincias_inei.csv"


@dataclass(frozen=True)
class Source:
    """A pinned source file: repository, commit, path inside it, sha256."""

    repo: str
    commit: str
    path: str
    sha256: str


PRISM = "WFP-VAM/prism-app"
PRISM_COMMIT = "d60adbde8b76fc12bc3c923834accf1d265f4029"
PERU = "juaneladio/peru-geojson"
PERU_COMMIT = "3213eeb1bbe537f88dead45a2aadaa276fa9451d"
SOURCES: dict[str, Source] = {
    "colombia": Source(
        PRISM,
        PRISM_COMMIT,
        "frontend/public/data/colombia/col_municipios.json",
        "de93227dfb41fa99fb6884e82568821720b3c55d24fb5cb067c087c20b4d211e",
    ),
    "ecuador": Source(
        PRISM,
        PRISM_COMMIT,
        "frontend/public/data/ecuador/ecu_admbnda_adm2.json",
        "4e695b88f140eb5848512f0c967255fccf751c7d483b5d4b94da11edbcb99e85",
    ),
    "peru_provincias": Source(
        PERU,
        PERU_COMMIT,
        "peru_provincial_simple.geojson",
        "3663a2b58e52a6bba9c43acabe33e7d9bb065e54551edd9aa375a411fd0c7fa1",
    ),
    "peru_distritos": Source(
        PERU,
        PERU_COMMIT,
        "peru_distrital_simple.geojson",
        "1eba0da33464b0818f05bfcf066672e6c9cf979ddc0549c8c2e9ca4d0122ac73",
    ),
    "peru_capitales": Source(
        PERU,
        PERU_COMMIT,
        "peru_capital_provincia.geojson",
        "798e4c6a6ad15a9c545220b7945732349a29d4854d1c17e5cb1c007ac91d6999",
    ),
}

#: Known code errors of the sources: (country, source code, source name) -> (code, reason).
CODE_FIXES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("EC", "0808", "La Concordia"): (
        "2302",
        "coded 0808 (Esmeraldas) in the 2019 COD-AB; La Concordia lies in Santo Domingo de "
        "los Tsáchilas, whose current DPA code for it is 2302",
    ),
    ("PE", "2001", "PUIRA"): (
        "2001",
        "typo duplicate of Piura (2001): a second feature spelt 'PUIRA', merged into Piura",
    ),
    ("PE", "0510", "VICTOR FAFARDO"): (
        "0510",
        "typo duplicate of Víctor Fajardo (0510): a second feature spelt 'FAFARDO', merged",
    ),
}

#: Putumayo (1608) was created in 2014 (Ley 30186) from the Maynas (1601) districts
#: Putumayo and Teniente Manuel Clavero; the 2007 layer predates it.
PUTUMAYO_DISTRICTS = ("160109", "160114")

#: Ecuador's undelimited zones (DPA 90xx) belong to no province; for the level-1 layer
#: (which must have no holes) each is drawn in the neighbouring province with which it
#: shares the longest border. This is a drawing convention, not a claim.
ZONE_TYPE = "zona no delimitada"

#: Per-unit wider tolerances of the level-2 checks, each with its reason:
#: admin2_id -> (metres a validation town may lie outside its polygon, why).
TOWN_TOLERANCES: dict[str, tuple[float, str]] = {
    "PE-0102": (200, "Bagua town lies on the border with Utcubamba (112 m outside)"),
    "PE-1703": (1000, "Iñapari is on the Acre river, the border with Brazil (~800 m outside)"),
    "PE-2402": (1000, "Zorritos is on the coast, outside the generalised coastline (~600 m)"),
}
#: admin2_id -> (relative area tolerance, why).
AREA_TOLERANCES: dict[str, tuple[float, str]] = {
    "PE-1202": (0.30, "Concepción (Junín) is drawn 27 % smaller than INEI's 3,075 km2"),
    "PE-2113": (0.35, "Yunguyo is drawn 33 % larger than INEI's 290 km2"),
}

GAP_WIDTH = 0.005  # degrees (~550 m): gaps narrower than this are closed when cleaning
ADMIN1_TOLERANCE = 0.02  # degrees (~2.2 km): display simplification of level 1
ADMIN2_TOLERANCE = 0.006  # degrees (~650 m): display simplification of level 2
ISLAND_TOLERANCE_FACTOR = 0.1
COORD_DECIMALS = 3

SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "y", "e"}


def sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_from_git(repo_dir: Path, source: Source, dest: Path) -> Path:
    """Write ``source.path`` at the pinned commit of a git repository to ``dest``."""
    out = subprocess.run(
        ["git", "-C", str(repo_dir), "show", f"{source.commit}:{source.path}"],
        check=True,
        capture_output=True,
    ).stdout
    target = dest / Path(source.path).name
    target.write_bytes(out)
    return target


def resolve_sources(args: argparse.Namespace, tmp: Path) -> dict[str, Path]:
    """Return the local path of every source file, checking the pinned sha256."""
    if args.prism and args.peru_repo:
        paths = {
            key: fetch_from_git(args.prism if src.repo == PRISM else args.peru_repo, src, tmp)
            for key, src in SOURCES.items()
        }
    elif args.colombia and args.ecuador and args.peru:
        paths = {"colombia": args.colombia, "ecuador": args.ecuador}
        for key in ("peru_provincias", "peru_distritos", "peru_capitales"):
            paths[key] = args.peru / Path(SOURCES[key].path).name
    else:
        raise SystemExit("give --prism and --peru-repo, or --colombia, --ecuador and --peru")
    for key, path in paths.items():
        digest = sha256(path)
        if digest != SOURCES[key].sha256:
            message = f"{path}: sha256 {digest} is not the pinned {SOURCES[key].sha256}"
            if not args.allow_other_source:
                raise SystemExit(message + " (pass --allow-other-source to use it anyway)")
            print("WARNING:", message)
    return paths


def title_es(name: str) -> str:
    """Title-case an upper-case Spanish place name ('EL CARMEN DE VIBORAL')."""
    words = name.lower().split(" ")
    out = [
        w if (i > 0 and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    ]
    return " ".join(out).replace("D.c.", "D.C.")


def read_colombia(path: Path) -> gpd.GeoDataFrame:
    """Read the DANE MGN 2020 municipios with DIVIPOLA codes and title-cased names."""
    src = gpd.read_file(path, engine="pyogrio")
    # MPIO_CDPMP is the 5-digit DIVIPOLA code; MPIO_CCNCT is wrong in hundreds of rows.
    unit_type = src["MPIO_TIPO"].str.lower().replace({"isla": "isla (municipio)"})
    unit_type = unit_type.where(src["MPIO_CDPMP"] != "11001", "distrito capital")
    return gpd.GeoDataFrame(
        {
            "country": "CO",
            "code": src["MPIO_CDPMP"],
            "name": src["MPIO_CNMBR"].map(title_es),
            "unit_type": unit_type,
            "official_area_km2": src["MPIO_NAREA"].round(2),
            "geometry": src.geometry,
        },
        crs=STORAGE_CRS,
    )


def read_ecuador(path: Path, log: list[str]) -> gpd.GeoDataFrame:
    """Read the INEC cantones with DPA codes (La Concordia recoded, names repaired)."""
    src = gpd.read_file(path, engine="pyogrio")
    code = src["ADM2_PCODE"].str.removeprefix("EC")
    # The COD-AB file has two mis-encoded names (ð for ñ).
    name = src["ADM2_ES"].str.replace("ð", "ñ")
    for (country, old, old_name), (new, why) in CODE_FIXES.items():
        hit = (code == old) & (src["ADM2_ES"] == old_name)
        if country == "EC" and hit.any():
            code = code.where(~hit, new)
            log.append(f"EC {old} {old_name!r} -> {new}: {why}")
    unit_type = pd.Series("cantón", index=src.index).where(~code.str.startswith("90"), ZONE_TYPE)
    return gpd.GeoDataFrame(
        {
            "country": "EC",
            "code": code,
            "name": name,
            "unit_type": unit_type,
            "official_area_km2": float("nan"),
            "geometry": src.geometry,
        },
        crs=STORAGE_CRS,
    )


def read_peru(provincias: Path, distritos: Path, log: list[str]) -> gpd.GeoDataFrame:
    """Read the INEI provincias (typo duplicates merged, Putumayo drawn, INEI names)."""
    src = gpd.read_file(provincias, engine="pyogrio")
    for (country, code, old_name), (_new, why) in CODE_FIXES.items():
        if country == "PE" and ((src["FIRST_IDPR"] == code) & (src["NOMBPROV"] == old_name)).any():
            log.append(f"PE {code} {old_name!r}: {why}")
    src = src.dissolve(by="FIRST_IDPR", as_index=False)[["FIRST_IDPR", "geometry"]]
    # Putumayo: cut the districts that formed it out of Maynas.
    districts = gpd.read_file(distritos, engine="pyogrio")
    cut = shapely.union_all(
        shapely.make_valid(districts.loc[districts["IDDIST"].isin(PUTUMAYO_DISTRICTS)].geometry)
    )
    maynas = src.index[src["FIRST_IDPR"] == "1601"][0]
    maynas_geom = shapely.make_valid(src.at[maynas, "geometry"])
    src.at[maynas, "geometry"] = maynas_geom.difference(cut)
    putumayo = gpd.GeoDataFrame(
        {"FIRST_IDPR": ["1608"], "geometry": [maynas_geom.intersection(cut)]}, crs=src.crs
    )
    src = pd.concat([src, putumayo], ignore_index=True)
    log.append(
        "PE 1608 Putumayo drawn as the 2007 districts 160109 Putumayo + 160114 Teniente "
        "Manuel Clavero (Ley 30186, 2014), cut out of Maynas 1601"
    )
    ref = pd.read_csv(REFERENCE, dtype={"code": str})
    out = src.rename(columns={"FIRST_IDPR": "code"}).merge(
        ref[["code", "name", "official_area_km2"]], on="code", how="left", validate="one_to_one"
    )
    if out["name"].isna().any():
        raise SystemExit(f"Peru codes without an official name: {out.loc[out['name'].isna()]}")
    out["unit_type"] = "provincia"
    out.loc[out["code"] == "0701", "unit_type"] = "provincia constitucional"
    out["country"] = "PE"
    return gpd.GeoDataFrame(out, geometry="geometry", crs=STORAGE_CRS)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygons of a geometry (make_valid may leave stray lines or points)."""
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.area > 0]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def fill_enclosed_gaps(geoms: np.ndarray, log: list[str]) -> np.ndarray:
    """Give every hole of the union (a gap no unit covers) to its longest-border neighbour.

    The sources leave some enclosed gaps wider than :data:`GAP_WIDTH`: lakes the Peru
    layer leaves out (Lake Junín), strips along border rivers where two countries'
    sources do not meet, and small gaps between Colombian municipios.
    """
    geoms = np.asarray(geoms).copy()
    count, area = 0, 0.0
    for _ in range(3):  # filling and re-noding can leave a sliver: repeat until none
        union = shapely.union_all(geoms)
        holes = [
            shapely.Polygon(ring)
            for part in getattr(union, "geoms", [union])
            for ring in part.interiors
        ]
        if not holes:
            break
        tree = shapely.STRtree(geoms)
        for hole in holes:
            candidates = tree.query(hole, predicate="intersects")
            shared = shapely.length(
                shapely.intersection(shapely.boundary(geoms[candidates]), hole.boundary)
            )
            best = candidates[int(np.argmax(shared))]
            geoms[best] = _polygonal(shapely.union(geoms[best], hole))
        count += len(holes)
        area += gpd.GeoSeries(holes, crs=STORAGE_CRS).to_crs(EQUAL_AREA_CRS).area.sum() / 1e6
        geoms = shapely.coverage_clean(geoms, gap_width=0.0)
    log.append(f"filled {count} enclosed gaps ({area:,.0f} km2 in all) into neighbours")
    return geoms


def parent_of(country: str, code: str, units: pd.DataFrame) -> str:
    """Return the level-1 ``iso_3166_2`` of a level-2 code ('' for a zone)."""
    if country == "PE" and code == "1501":
        return "PE-LMA"
    if country == "EC" and code.startswith("90"):
        return ""
    hit = units.loc[(units["country"] == country) & (units["national_code"] == code[:2])]
    if len(hit) != 1:
        raise SystemExit(f"{country} {code}: no single level-1 unit with code {code[:2]}")
    return str(hit["iso_3166_2"].iloc[0])


def zone_parents(layer: gpd.GeoDataFrame, log: list[str]) -> dict[str, str]:
    """Parent used to draw each Ecuadorian zone: the neighbour with the longest border."""
    out: dict[str, str] = {}
    ec = layer.loc[layer["country"] == "EC"].to_crs(EQUAL_AREA_CRS)
    for row in ec.loc[ec["unit_type"] == ZONE_TYPE].itertuples():
        others = ec.loc[(ec["unit_type"] != ZONE_TYPE)]
        shared = others.geometry.intersection(row.geometry.boundary).length
        by_parent = shared.groupby(others["parent_iso_3166_2"]).sum().sort_values()
        out[row.code] = by_parent.index[-1]
        log.append(
            f"EC {row.code} {row.name} (zona no delimitada) drawn in {by_parent.index[-1]} "
            f"for level 1 (longest shared border; next: {by_parent.index[-2]})"
        )
    return out


def build_admin2(paths: dict[str, Path], units: pd.DataFrame, log: list[str]) -> gpd.GeoDataFrame:
    """Read the three countries, clean them as one coverage and attach parents."""
    parts = [
        read_colombia(paths["colombia"]),
        read_peru(paths["peru_provincias"], paths["peru_distritos"], log),
        read_ecuador(paths["ecuador"], log),
    ]
    layer = pd.concat(parts, ignore_index=True)
    layer = gpd.GeoDataFrame(layer, geometry="geometry", crs=STORAGE_CRS)
    invalid = int((~layer.is_valid).sum())
    log.append(f"made {invalid} invalid source shapes valid")
    geoms = shapely.make_valid(layer.geometry.values)
    # Keep only the polygonal part (make_valid may leave stray lines).
    geoms = [_polygonal(g) for g in geoms]
    # One cleaning for all units: removes overlaps between neighbours within each
    # country and along the international borders (different sources), closes gaps.
    cleaned = shapely.coverage_clean(geoms, gap_width=GAP_WIDTH)
    layer["geometry"] = fill_enclosed_gaps(cleaned, log)
    dupes = layer.loc[layer.duplicated(["country", "code"], keep=False)]
    if not dupes.empty:
        raise SystemExit(f"duplicate level-2 codes:\n{dupes[['country', 'code', 'name']]}")
    layer["admin2_id"] = layer["country"] + "-" + layer["code"]
    layer["parent_iso_3166_2"] = [
        parent_of(c, k, units) for c, k in zip(layer.country, layer.code, strict=True)
    ]
    layer["drawn_in_iso_3166_2"] = layer["parent_iso_3166_2"]
    for code, parent in zone_parents(layer, log).items():
        layer.loc[(layer.country == "EC") & (layer.code == code), "drawn_in_iso_3166_2"] = parent
    layer["area_km2"] = (layer.to_crs(EQUAL_AREA_CRS).area / 1e6).round(2)
    return layer.sort_values("admin2_id", ignore_index=True)


def dissolve_admin1(admin2: gpd.GeoDataFrame, units: pd.DataFrame) -> gpd.GeoDataFrame:
    """Dissolve the 83 level-1 units from level 2 and attach the curated attributes."""
    dissolved = admin2.dissolve(by="drawn_in_iso_3166_2", as_index=False)
    dissolved = dissolved.rename(columns={"drawn_in_iso_3166_2": "iso_3166_2"})
    full = units.merge(dissolved[["iso_3166_2", "geometry"]], on="iso_3166_2", how="left")
    if full["geometry"].isna().any():
        raise SystemExit(f"level-1 units with no level-2 unit: {full.loc[full.geometry.isna()]}")
    full = gpd.GeoDataFrame(full, geometry="geometry", crs=STORAGE_CRS)
    full["area_km2"] = (full.to_crs(EQUAL_AREA_CRS).area / 1e6).round(1)
    return full


def simplify(layer: gpd.GeoDataFrame, key: str, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify as a coverage (shared borders stay shared); islands with a finer tolerance."""
    parts = layer[[key, "geometry"]].explode(index_parts=False, ignore_index=True)
    tree = shapely.STRtree(parts.geometry.values)
    left, right = tree.query(parts.geometry.values, predicate="intersects")
    isolated = ~parts.index.isin(list(set(left[left != right].tolist())))
    geoms = parts.geometry.values.copy()
    geoms[~isolated] = shapely.coverage_simplify(geoms[~isolated], tolerance)
    geoms[isolated] = shapely.simplify(
        geoms[isolated], tolerance * ISLAND_TOLERANCE_FACTOR, preserve_topology=True
    )
    rounded = shapely.set_precision(geoms, 10.0**-COORD_DECIMALS, mode="pointwise")
    # Rounding can collapse a narrow spike into an invalid ring: repair, then re-node
    # the coverage so shared borders stay identical.
    repaired = [_polygonal(g) for g in shapely.make_valid(rounded)]
    parts["geometry"] = shapely.coverage_clean(np.asarray(repaired), gap_width=0.0)
    parts = parts.loc[~parts.geometry.is_empty]
    merged = parts.dissolve(by=key, as_index=False)
    # Simplified coasts can close an estuary into an enclosed gap: fill those too.
    merged["geometry"] = fill_enclosed_gaps(merged.geometry.values, [])
    out = layer.drop(columns="geometry").merge(merged, on=key, how="left")
    return gpd.GeoDataFrame(out, geometry="geometry", crs=layer.crs)


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write compact GeoJSON (no whitespace, coordinates already rounded)."""
    data = json.loads(gdf.to_json(drop_id=True))
    data.pop("bbox", None)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _key(text: str) -> str:
    """Upper case without accents (Ñ kept), for matching names across Peru files."""
    text = str(text).upper().replace("Ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.replace("\0", "Ñ").strip()


def units_table(admin2: gpd.GeoDataFrame, provincias: Path, capitals: Path) -> pd.DataFrame:
    """Return the level-2 attribute table, with a validation town where one is sourced (Peru)."""
    table = pd.DataFrame(admin2.drop(columns="geometry"))
    ref = pd.read_csv(REFERENCE, dtype={"code": str})
    # IDEP 2016 capital points carry department and province names: match them to codes
    # through the names of the INEI province layer; provinces without a point (Putumayo,
    # created later, and any unmatched) use INEI's capital coordinates instead.
    prov = gpd.read_file(provincias, engine="pyogrio", ignore_geometry=True)
    by_name = {
        (_key(d), _key(n)): c for c, n, d in prov[["FIRST_IDPR", "NOMBPROV", "FIRST_NOMB"]].values
    }
    points = gpd.read_file(capitals, engine="pyogrio")
    points["code"] = [
        by_name.get((_key(d), _key(n))) for d, n in points[["DEPARTAM", "PROVINCIA"]].values
    ]
    points = points.dropna(subset=["code"]).drop_duplicates("code")
    pe = ref[["code", "capital", "capital_lat", "capital_lon"]].merge(
        points[["code", "CAPITAL", "geometry"]], on="code", how="left"
    )
    has_point = pe["geometry"].notna()
    pe["check_town"] = pe["capital"]
    pe["check_lat"] = [
        g.y if ok else lat
        for g, ok, lat in zip(pe.geometry, has_point, pe.capital_lat, strict=True)
    ]
    pe["check_lon"] = [
        g.x if ok else lon
        for g, ok, lon in zip(pe.geometry, has_point, pe.capital_lon, strict=True)
    ]
    pe["check_source"] = has_point.map({True: "IDEP 2016 capital", False: "INEI capital"})
    pe = pe[["code", "check_town", "check_lat", "check_lon", "check_source"]].assign(country="PE")
    pe[["check_lat", "check_lon"]] = pe[["check_lat", "check_lon"]].astype(float).round(5)
    table = table.merge(pe, on=["country", "code"], how="left")
    table["check_tolerance_m"] = table["admin2_id"].map(lambda i: TOWN_TOLERANCES.get(i, ("",))[0])
    table["area_tolerance"] = table["admin2_id"].map(lambda i: AREA_TOLERANCES.get(i, ("",))[0])
    columns = [
        "admin2_id", "country", "code", "name", "unit_type", "parent_iso_3166_2",
        "drawn_in_iso_3166_2", "official_area_km2", "check_town", "check_lat", "check_lon",
        "check_source", "check_tolerance_m", "area_tolerance",
    ]  # fmt: skip
    return table[columns]


def main(argv: list[str] | None = None) -> int:
    """Run the build; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prism", type=Path, help="git repository of WFP-VAM/prism-app")
    parser.add_argument("--peru-repo", type=Path, help="git repository of juaneladio/peru-geojson")
    parser.add_argument("--colombia", type=Path, help="col_municipios.json")
    parser.add_argument("--ecuador", type=Path, help="ecu_admbnda_adm2.json")
    parser.add_argument("--peru", type=Path, help="folder with the peru-geojson files")
    parser.add_argument("--allow-other-source", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "boundaries")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    log: list[str] = []
    units = load_units(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_sources(args, Path(tmp))
        admin2 = build_admin2(paths, units, log)
        table = units_table(admin2, paths["peru_provincias"], paths["peru_capitales"])
    admin1 = dissolve_admin1(admin2, units)
    admin1_simple = simplify(admin1, "iso_3166_2", ADMIN1_TOLERANCE)
    admin2_simple = simplify(admin2, "admin2_id", ADMIN2_TOLERANCE)
    problems = [f"level 1 (full): {p}" for p in validate_units(admin1, units)]
    problems += [f"level 1 (simplified): {p}" for p in validate_units(admin1_simple, units)]
    problems += [f"level 2 (full): {p}" for p in validate_admin2(admin2, table, admin1)]
    problems += [
        f"level 2 (simplified): {p}"
        for p in validate_admin2(admin2_simple, table, town_tolerance_m=500)
    ]
    if problems:
        print("validation failed:", *problems, sep="\n- ")
        return 1
    columns1 = [*UNIT_COLUMNS, "geometry"]
    admin1[columns1].to_parquet(args.out / FULL_FILE, index=False, compression="zstd")
    write_geojson(admin1_simple[columns1], args.out / SIMPLIFIED_FILE)
    columns2 = [*ADMIN2_COLUMNS, "geometry"]
    admin2[columns2].to_parquet(args.out / ADMIN2_FULL_FILE, index=False, compression="zstd")
    write_geojson(admin2_simple[columns2], args.out / ADMIN2_SIMPLIFIED_FILE)
    table.to_csv(args.out / ADMIN2_UNITS_FILE, index=False, lineterminator="\n")
    print(*log, sep="\n")
    print(admin2.groupby(["country", "unit_type"]).size().to_string())
    for name in (FULL_FILE, SIMPLIFIED_FILE, ADMIN2_FULL_FILE, ADMIN2_SIMPLIFIED_FILE):
        print(f"{name}: {(args.out / name).stat().st_size / 1024:.0f} KiB")
    print(f"built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
