"""``coopatlas export --format csv`` writes the published population, rural share and poverty.

The values the issue names (#21), through the command a user runs, at both levels.
Sources (data/boundaries/README.md); each figure is the publisher's:

    unit                      population   rural            poverty
    Bogotá (CO-11001, CO-DC)   7,412,566    25,166           IPM 9.0 %     DANE 2018; DNP IPM 2018
    Medellín (CO-05001)        2,427,129    44,730           IPM 12.8 %
    Uribia (CO-44847)            163,462    155,764          IPM 92.2 %
    Sabaneta (CO-05631)           82,375    11,974           IPM 4.5 %
    Lima province (PE-1501)    8,574,974                                   INEI Censos 2017
    Callao (PE-0701)             994,494
    Arequipa province (PE-0401) 1,080,635
    Quito (EC-1701)            2,679,722    916,447          NBI 13.73 %   INEC CPV 2022
    Guayaquil (EC-0901)        2,746,403    96,115           NBI 28.74 %

Rural share = rural / population; the CSV writes shares as fractions (0.922 = 92.2 %).
At level 1 Bogotá is a department of one municipio, and Lima Metropolitana (PE-LMA) and
Callao (PE-CAL) are one province each: the same figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coopatlas.cli import main
from geo.builds.folder import build

REGISTRY = (
    "Código,Razón social,País,Departamento,Tipo de organización\n"
    "C1,Cooperativa Uno,CO,Antioquia,Cooperativa\n"
    "E1,Cooperativa Dos,EC,Pichincha,Cooperativa\n"
)

#: unit -> (population, rural people or None, poverty % or None)
PUBLISHED: dict[str, tuple[int, int | None, float | None]] = {
    "CO-11001": (7_412_566, 25_166, 9.0),
    "CO-05001": (2_427_129, 44_730, 12.8),
    "CO-44847": (163_462, 155_764, 92.2),
    "CO-05631": (82_375, 11_974, 4.5),
    "PE-1501": (8_574_974, None, None),
    "PE-0701": (994_494, None, None),
    "PE-0401": (1_080_635, None, None),
    "EC-1701": (2_679_722, 916_447, 13.73),
    "EC-0901": (2_746_403, 96_115, 28.74),
}
LEVEL1 = {"CO-DC": "CO-11001", "PE-LMA": "PE-1501", "PE-CAL": "PE-0701"}


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("need-export")
    (tmp / "registry.csv").write_text(REGISTRY, "utf-8")
    build([tmp / "registry.csv"], out=tmp / "processed")
    return tmp / "processed"


def _export(processed: Path, out: Path, *options: str) -> pd.DataFrame:
    code = main(["export", "--data", str(processed), "--format", "csv", "--out", str(out),
                 *options])  # fmt: skip
    assert code == 0
    lines = out.read_text("utf-8-sig").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("level,"))
    table = pd.read_csv(out, skiprows=header, encoding="utf-8-sig", dtype={"code": str})
    return table[table["level"] == "unit"]


def _check(row: pd.Series, unit: str) -> None:
    population, rural, poverty = PUBLISHED[unit]
    assert row["population"] == population, unit
    if rural is not None:
        assert row["rural_share"] == pytest.approx(rural / population, abs=5e-5), unit
    if poverty is not None:
        assert row["poverty_rate"] == pytest.approx(poverty / 100, abs=5e-5), unit


@pytest.mark.parametrize("country", ["CO", "PE", "EC"])
def test_level2_export_writes_the_published_figures(
    processed: Path, tmp_path: Path, country: str
) -> None:
    table = _export(processed, tmp_path / "l2.csv", "--level", "2", "--parent", country)
    rows = table.set_index("admin2_id")
    units = [u for u in PUBLISHED if u.startswith(country)]
    for unit in units:
        _check(rows.loc[unit], unit)


def test_level1_export_writes_the_published_figures(processed: Path, tmp_path: Path) -> None:
    rows = _export(processed, tmp_path / "l1.csv").set_index("iso_3166_2")
    for unit, same in LEVEL1.items():
        _check(rows.loc[unit], same)
    assert rows.loc["CO-DC", "poverty_rate"] == pytest.approx(0.09)  # Bogotá's own IPM
