"""``coopatlas export``: formats, filters, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from coopatlas.cli import main
from geo.builds.folder import build

REGISTRY = (
    "Código,Razón social,País,Departamento,Tipo de organización,Latitud,Longitud\n"
    "C1,Cooperativa Uno,CO,Huila,Cooperativa,2.9273,-75.2819\n"
    "C2,Asociación Dos,CO,Huila,Asociación,,\n"
    'C3,"=HYPERLINK(""http://x"",""y"")",PE,Cusco,Cooperativa,-13.5320,-71.9675\n'
)


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    (tmp / "registry.csv").write_text(REGISTRY, "utf-8")
    build([tmp / "registry.csv"], out=tmp / "processed")
    return tmp / "processed"


def test_several_formats_with_a_country_and_filter(processed: Path, tmp_path: Path) -> None:
    out = tmp_path / "huila"
    code = main([
        "export", "--data", str(processed), "--indicator", "coop_share", "--country", "CO",
        "--filter", "org_types=cooperative|producer_association",
        "--format", "csv", "geojson", "html", "--out", str(out),
    ])  # fmt: skip
    assert code == 0
    csv_lines = (tmp_path / "huila.csv").read_text("utf-8-sig").splitlines()
    assert any("countries: CO" in line for line in csv_lines[:6])
    table = pd.read_csv(tmp_path / "huila.csv", skiprows=csv_lines.index("") + 1)
    huila = table.set_index("iso_3166_2").loc["CO-HUI"]
    # 2 organizations in Huila, 1 cooperative: share 1/2.
    assert huila["organizations"] == 2
    assert huila["coop_share"] == pytest.approx(0.5)
    assert set(table["country"].dropna()) == {"CO"}
    geo = json.loads((tmp_path / "huila.geojson").read_text("utf-8"))
    assert sorted(f["properties"]["org_id"] for f in geo["features"]) == ["C1", "C2"]
    assert (tmp_path / "huila.html").read_text("utf-8").startswith("<!DOCTYPE html>")


def test_organizations_csv_neutralises_formulas(processed: Path, tmp_path: Path) -> None:
    out = tmp_path / "orgs.csv"
    assert main(["export", "--data", str(processed), "--table", "organizations",
                 "--format", "csv", "--out", str(out)]) == 0  # fmt: skip
    text = out.read_text("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_unknown_indicator_lists_the_valid_ones(
    processed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "--data", str(processed), "--indicator", "bogus",
                 "--format", "png", "--out", str(tmp_path / "x.png")])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown indicator 'bogus'" in err and "coop_share" in err
    assert not (tmp_path / "x.png").exists()


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--format", "tiff", "--out", str(tmp_path / "x.tiff")])


def test_bad_filter_is_reported(processed: Path, tmp_path: Path, capsys) -> None:
    code = main(["export", "--data", str(processed), "--filter", "countries=BR",
                 "--format", "csv", "--out", str(tmp_path / "x.csv")])  # fmt: skip
    assert code == 2
    assert "BR" in capsys.readouterr().err


def test_missing_data_folder_says_how_to_build(tmp_path: Path, capsys) -> None:
    code = main(["export", "--data", str(tmp_path / "none"), "--format", "csv",
                 "--out", str(tmp_path / "x.csv")])  # fmt: skip
    assert code == 2
    assert "coopatlas build" in capsys.readouterr().err
