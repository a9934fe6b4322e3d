"""Give Ecuador's cantón names their accents back from INEC's census tables.

The boundary layer (OCHA COD-AB, read by ``scripts/build_admin2.py``) spells most
cantones without accents ("Giron", "Duran", "Tulcan"). INEC's CPV 2022 table 1.1 (the
pinned ``ec_population`` source of ``scripts/build_need.py``) names them as INEC does
("Girón", "Durán", "Tulcán"). This script joins the two by DPA code (the join
``build_need.py`` makes: province and accent-folded name, with its hand fixes) and, where
the two names differ only by accents or case, writes INEC's spelling into the three
committed files that carry names: ``admin2_units.csv``, ``admin2_full.parquet`` and
``admin2_simplified.geojson``. Names that differ in words (INEC's "Distrito
Metropolitano de Quito" for the layer's "Quito", "Coronel" for "Crnel.") are kept as
the layer has them: registries write those forms. Every change is printed.

Run after ``scripts/build_admin2.py``, from the repository root::

    python scripts/ec_canton_names.py --mirror DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_need  # a sibling script: the pinned source and its join

ROOT = Path(__file__).resolve().parents[1]
BOUNDARIES = ROOT / "data" / "boundaries"


def inec_names(mirror: Path) -> dict[str, str]:
    """Return DPA code -> INEC's name for every cantón of CPV 2022 table 1.1."""
    archive = build_need.read_source(mirror, "ec_population")
    rows = build_need._ec_codes(build_need._inec_table(archive, "1.1.csv"))
    rows = rows[rows["area"] == "total"]
    return {
        code: " ".join(str(name).split()) for code, name in zip(rows["code"], rows[2], strict=True)
    }


def accented(current: pd.Series, inec: dict[str, str]) -> dict[str, str]:
    """Return admin2_id -> INEC's name where it differs from ``current`` by accents or case only.

    ``current`` is the layer's name per Ecuadorian ``admin2_id`` (``EC-`` + DPA code).
    """
    changes = {}
    for admin2_id, name in current.items():
        new = inec.get(str(admin2_id).removeprefix("EC-"))
        if new and new != name and build_need._fold(new) == build_need._fold(name):
            changes[str(admin2_id)] = new
    return changes


def apply(changes: dict[str, str], folder: Path) -> None:
    """Write the new names into the three files that carry level-2 names."""
    units = pd.read_csv(folder / "admin2_units.csv", dtype=str, keep_default_na=False)
    units["name"] = units["admin2_id"].map(changes).fillna(units["name"])
    units.to_csv(folder / "admin2_units.csv", index=False, lineterminator="\n")
    full = gpd.read_parquet(folder / "admin2_full.parquet")
    full["name"] = full["admin2_id"].map(changes).fillna(full["name"])
    full.to_parquet(folder / "admin2_full.parquet", index=False, compression="zstd")
    path = folder / "admin2_simplified.geojson"
    data = json.loads(path.read_text("utf-8"))
    for feature in data["features"]:
        props = feature["properties"]
        props["name"] = changes.get(props["admin2_id"], props["name"])
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the renaming; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, required=True, help="folder of mirrored repos")
    parser.add_argument("--out", type=Path, default=BOUNDARIES)
    args = parser.parse_args(argv)
    units = pd.read_csv(args.out / "admin2_units.csv", dtype=str, keep_default_na=False)
    ecuador = units[units["country"] == "EC"].set_index("admin2_id")["name"]
    changes = accented(ecuador, inec_names(args.mirror))
    apply(changes, args.out)
    for admin2_id, name in sorted(changes.items()):
        print(f"{admin2_id}: {ecuador[admin2_id]!r} -> {name!r}")
    print(f"{len(changes)} of {len(ecuador)} Ecuadorian names now as INEC writes them")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
