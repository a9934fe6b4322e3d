"""Data downloads: indicator table, filtered organizations, rejected rows; read back as written."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest

from geo._errors import InputValidationError, MissingDataError
from geo.export.data import write_indicators, write_organizations, write_rejected
from geo.indicators.compute import compute_indicators, matching_rows
from geo.indicators.filters import Filters
from geo.indicators.mapspec import MapSpec
from geo.indicators.prepared import prepare

NA = pd.NA
NAN = float("nan")
DAY = dt.date(2025, 3, 1)
HYPERLINK = '=HYPERLINK("http://x","y")'

# ---------------------------------------------------------------------------- fixture
#
# Three units (CO-BOY has a hostile name and no organization):
#   unit     name      population  area km2
#   CO-ANT   Antioquia  200,000     40,000
#   CO-BOY   +Boyacá     50,000     10,000
#   PE-CUS   Cusco      100,000     25,000
#
# Four organizations:
#   pos id  unit    type                    name                          lat     lon
#   0   o1  CO-ANT  cooperative             =HYPERLINK("http://x","y")   6.25   -75.5
#   1   o2  CO-ANT  producer_association    Asociación Ñame               -       -
#   2   o3  PE-CUS  cooperative             Cooperativa Andina           -13.5   -71.9
#   3   o4  PE-CUS  community_organization  <tab>Comunidad                -14.0   -72.0

ISO = ["CO-ANT", "CO-BOY", "PE-CUS"]

REFERENCES = "boundaries: DANE MGN 2020, INEI, INEC; population: DANE 2018, INEI 2017, INEC 2022"
REFERENCES_ES = "límites: DANE MGN 2020, INEI, INEC; población: DANE 2018, INEI 2017, INEC 2022"


def units_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso_3166_2": ISO,
            "country": ["CO", "CO", "PE"],
            "name": ["Antioquia", "+Boyacá", "Cusco"],
            "area_km2": [40_000.0, 10_000.0, 25_000.0],
        }
    )


def population_frame() -> pd.DataFrame:
    return pd.DataFrame({"iso_3166_2": ISO, "population": [200_000, 50_000, 100_000]})


def orgs_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["o1", "o2", "o3", "o4"],
            "name": [HYPERLINK, "Asociación Ñame", "Cooperativa Andina", "\tComunidad"],
            "country": ["CO", "CO", "PE", "PE"],
            "department_raw": ["Antioquia", "Antioquia", "+Cusco", "Cusco"],
            "iso_3166_2": ["CO-ANT", "CO-ANT", "PE-CUS", "PE-CUS"],
            "org_type": ["cooperative", "producer_association", "cooperative",
                         "community_organization"],
            "sector": ["coffee", "coffee", "alpaca_fibre", NA],
            "members_total": pd.array([100, 30, 200, NA], dtype="Int64"),
            "members_women": pd.array([40, NA, 120, NA], dtype="Int64"),
            "members_youth": pd.array([10, NA, NA, NA], dtype="Int64"),
            "year_founded": pd.array([1995, 2012, 1990, NA], dtype="Int64"),
            "federations": ["FedA", "", "", ""],
            "social_services": ["health", "", "", ""],
            "latitude": [6.25, NAN, -13.5, -14.0],
            "longitude": [-75.5, NAN, -71.9, -72.0],
        }
    )  # fmt: skip


@pytest.fixture(scope="module")
def orgs() -> pd.DataFrame:
    return orgs_frame()


@pytest.fixture(scope="module")
def prepared(orgs):
    return prepare(orgs, None, units=units_frame(), population=population_frame())


def spec_for(filters: Filters, **kw) -> MapSpec:
    return MapSpec(filters=filters, source="test registry", date=DAY, **kw)


def read_csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------------------- indicators


def test_indicators_csv_has_header_block_iso_and_organizations(tmp_path, prepared) -> None:
    spec = spec_for(Filters(org_types=("cooperative",)))
    table = compute_indicators(prepared, spec.filters)
    path = write_indicators(table, tmp_path / "units.csv", spec=spec, fmt="csv")
    rows = read_csv_rows(path)
    assert rows[:5] == [
        ["CoopAtlas - indicators per unit"],
        [f"Source: test registry; {REFERENCES}"],
        ["Filters: types: Cooperatives"],
        ["Date: 2025-03-01"],
        [],
    ]
    columns = rows[5]
    assert columns[:4] == ["level", "iso_3166_2", "country", "name"]
    assert "organizations" in columns
    assert "orgs" not in columns
    body = [dict(zip(columns, r, strict=True)) for r in rows[6:]]
    assert [r["iso_3166_2"] for r in body] == ISO
    # cooperatives: o1 in CO-ANT, o3 in PE-CUS; none in CO-BOY
    assert [r["organizations"] for r in body] == ["1", "0", "1"]
    # CO-ANT: 1 organization / 200,000 inhabitants * 100,000 = 0.5
    assert float(body[0]["orgs_per_100k"]) == pytest.approx(0.5)
    # CO-BOY has no organization: its cooperative share is no data (empty cell)
    assert body[1]["coop_share"] == ""
    assert body[1]["name"] == "'+Boyacá"  # a unit name starting with + is neutralised


def test_indicators_keep_only_units_in_scope(tmp_path, prepared) -> None:
    spec = spec_for(Filters(countries=("CO",)))
    table = compute_indicators(prepared, spec.filters)
    rows = read_csv_rows(write_indicators(table, tmp_path / "co.csv", spec=spec, fmt="csv"))
    columns = rows[5]
    body = [dict(zip(columns, r, strict=True)) for r in rows[6:]]
    assert [r["iso_3166_2"] for r in body] == ["CO-ANT", "CO-BOY"]  # PE-CUS is out of scope
    assert [r["organizations"] for r in body] == ["2", "0"]  # o1 and o2 in CO-ANT


def test_indicators_xlsx_reads_back_numbers_and_text_cells(tmp_path, prepared) -> None:
    spec = spec_for(Filters(), lang="es")
    table = compute_indicators(prepared, spec.filters)
    path = write_indicators(table, tmp_path / "units.xlsx", spec=spec, fmt="xlsx")
    sheet = openpyxl.load_workbook(path)["indicators"]
    assert sheet["A1"].value == "CoopAtlas - indicadores por unidad"
    assert sheet["A2"].value == f"Fuente: test registry; {REFERENCES_ES}"
    assert sheet["A4"].value == "Fecha: 2025-03-01"
    header_row = 6  # 4 header lines and one empty row
    names = [c.value for c in sheet[header_row]]
    assert names[:4] == ["level", "iso_3166_2", "country", "name"]
    boyaca = dict(zip(names, sheet[header_row + 2], strict=True))
    assert boyaca["iso_3166_2"].value == "CO-BOY"
    assert boyaca["name"].value == "'+Boyacá"
    assert boyaca["name"].data_type == "s"
    assert boyaca["organizations"].value == 0
    cusco = {n: c.value for n, c in zip(names, sheet[header_row + 3], strict=True)}
    assert cusco["organizations"] == 2  # o3 and o4
    # PE-CUS: 1 cooperative of 2 organizations = 0.5 (a fraction, labels=False)
    assert cusco["coop_share"] == pytest.approx(0.5)


def test_indicators_labels_option_uses_readable_names(tmp_path, prepared) -> None:
    spec = spec_for(Filters())
    table = compute_indicators(prepared, spec.filters)
    path = write_indicators(table, tmp_path / "l.csv", spec=spec, fmt="csv", labels=True)
    columns = read_csv_rows(path)[5]
    assert columns[:4] == ["Level", "ISO 3166-2", "Country", "Name"]
    assert "Organizations (organizations)" in columns


def test_indicators_empty_selection_says_so(tmp_path, prepared) -> None:
    spec = spec_for(Filters(org_types=("mutual_employee_fund",)))  # no such organization
    table = compute_indicators(prepared, spec.filters)
    rows = read_csv_rows(write_indicators(table, tmp_path / "e.csv", spec=spec, fmt="csv"))
    assert rows[4] == ["No organization matches the filters: every count is 0."]
    assert rows[5] == []
    columns = rows[6]
    body = [dict(zip(columns, r, strict=True)) for r in rows[7:]]
    assert len(body) == 3
    assert [r["organizations"] for r in body] == ["0", "0", "0"]


def test_indicators_reject_unknown_format_and_table(tmp_path, prepared) -> None:
    spec = spec_for(Filters())
    table = compute_indicators(prepared, spec.filters)
    with pytest.raises(InputValidationError, match=r"one of 'csv', 'xlsx'; got 'pdf'") as info:
        write_indicators(table, tmp_path / "x.pdf", spec=spec, fmt="pdf", table_name="nope")
    assert len(info.value.problems) == 2
    assert "table_name must be one of" in info.value.problems[1]
    with pytest.raises(InputValidationError, match=r"lacks columns \['in_scope'\]"):
        write_indicators(table.drop(columns="in_scope"), tmp_path / "x.csv", spec=spec, fmt="csv")
    assert not list(tmp_path.iterdir())


def test_failed_write_keeps_the_previous_file(tmp_path, prepared, monkeypatch) -> None:
    spec = spec_for(Filters())
    table = compute_indicators(prepared, spec.filters)
    target = tmp_path / "units.csv"
    target.write_text("previous export", encoding="utf-8")

    def half_written(frame, path, *, header_lines):
        Path(path).write_text("CoopAtlas - ind", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr("geo.export.data.write_csv", half_written)
    with pytest.raises(OSError, match="disk full"):
        write_indicators(table, target, spec=spec, fmt="csv")
    assert target.read_text(encoding="utf-8") == "previous export"
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------------------- organizations


def test_organizations_csv_neutralises_and_keeps_numbers(tmp_path, orgs, prepared) -> None:
    spec = spec_for(Filters(org_types=("cooperative",)))
    rows = matching_rows(prepared, spec.filters)
    assert rows.tolist() == [0, 2]  # o1 and o3
    path = write_organizations(orgs, rows, tmp_path / "orgs.csv", fmt="csv", spec=spec)
    lines = read_csv_rows(path)
    assert lines[:6] == [
        ["CoopAtlas - organizations"],
        [f"Source: test registry; {REFERENCES}"],
        ["Filters: types: Cooperatives"],
        ["Date: 2025-03-01"],
        ["2 organizations match the filters (2 with coordinates)."],
        [],
    ]
    columns = lines[6]
    assert columns == list(orgs.columns)
    first, second = (dict(zip(columns, r, strict=True)) for r in lines[7:])
    assert len(lines) == 9
    assert first["name"] == "'" + HYPERLINK
    assert first["latitude"] == "6.25"
    assert first["longitude"] == "-75.5"  # a number, not text: no apostrophe
    assert first["members_youth"] == "10"
    assert second["department_raw"] == "'+Cusco"
    assert second["members_youth"] == ""  # unknown


def test_organizations_xlsx_writes_formulas_as_text_cells(tmp_path, orgs, prepared) -> None:
    rows = matching_rows(prepared, Filters())
    path = write_organizations(orgs, rows, tmp_path / "orgs.xlsx", fmt="xlsx", date=DAY)
    sheet = openpyxl.load_workbook(path)["organizations"]
    assert [sheet[f"A{i}"].value for i in (1, 2, 3)] == [
        "CoopAtlas - organizations",
        "Date: 2025-03-01",
        "4 organizations match the filters (3 with coordinates).",
    ]
    header_row = 5  # 3 header lines and one empty row
    names = [c.value for c in sheet[header_row]]
    o1 = dict(zip(names, sheet[header_row + 1], strict=True))
    assert o1["name"].value == "'" + HYPERLINK
    assert o1["name"].data_type == "s"
    assert o1["members_total"].value == 100
    o4 = dict(zip(names, sheet[header_row + 4], strict=True))
    assert o4["name"].value == "'\tComunidad"  # a leading tab is a trigger too
    assert o4["members_total"].value is None


def test_organizations_geojson_points_and_null_geometry(tmp_path, orgs, prepared) -> None:
    spec = spec_for(Filters(countries=("CO", "PE")))
    rows = matching_rows(prepared, spec.filters)
    path = write_organizations(orgs, rows, tmp_path / "orgs.geojson", fmt="geojson", spec=spec)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 4
    geometries = [f["geometry"] for f in data["features"]]
    assert geometries == [
        {"type": "Point", "coordinates": [-75.5, 6.25]},  # [longitude, latitude]
        None,  # o2 has no coordinates
        {"type": "Point", "coordinates": [-71.9, -13.5]},
        {"type": "Point", "coordinates": [-72.0, -14.0]},
    ]
    first = data["features"][0]["properties"]
    assert first["name"] == HYPERLINK  # GeoJSON is not a spreadsheet: text as given
    assert first["members_total"] == 100
    assert "latitude" not in first
    assert data["features"][1]["properties"]["name"] == "Asociación Ñame"
    assert data["features"][3]["properties"]["members_total"] is None
    assert data["coopatlas"]["organizations"] == 4
    assert data["coopatlas"]["with_coordinates"] == 3
    assert data["coopatlas"]["header"][2] == "Filters: countries: CO, PE"
    read = gpd.read_file(path)
    assert len(read) == 4
    assert int(read.geometry.notna().sum()) == 3
    # written a feature at a time, the text is still json.dumps of the whole collection
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(data, ensure_ascii=False) + "\n"


def test_organizations_geojson_with_no_organization(tmp_path, orgs) -> None:
    path = write_organizations(orgs, [], tmp_path / "none.geojson", fmt="geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features"] == [] and data["coopatlas"]["organizations"] == 0


def test_organizations_empty_selection(tmp_path, orgs, prepared) -> None:
    spec = spec_for(Filters(org_types=("mutual_employee_fund",)))
    rows = matching_rows(prepared, spec.filters)
    assert rows.size == 0
    lines = read_csv_rows(write_organizations(orgs, rows, tmp_path / "e.csv", fmt="csv", spec=spec))
    assert lines[4] == ["No organization matches the filters."]
    assert lines[5] == []
    assert lines[6] == list(orgs.columns)
    assert len(lines) == 7
    path = write_organizations(orgs, rows, tmp_path / "e.geojson", fmt="geojson", spec=spec)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features"] == []
    assert data["coopatlas"]["header"][-1] == "No organization matches the filters."


def test_organizations_drop_the_geometry_column(tmp_path, orgs) -> None:
    frame = gpd.GeoDataFrame(
        orgs, geometry=gpd.points_from_xy(orgs["longitude"], orgs["latitude"]), crs="EPSG:4326"
    )
    path = write_organizations(frame, np.array([0, 1]), tmp_path / "g.csv", fmt="csv", date=DAY)
    assert read_csv_rows(path)[4] == list(orgs.columns)


def test_organizations_reject_bad_format_and_rows(tmp_path, orgs) -> None:
    with pytest.raises(InputValidationError, match="'csv', 'xlsx', 'geojson'; got 'shp'") as info:
        write_organizations(orgs, [0, 7], tmp_path / "o.shp", fmt="shp", lang="fr")  # type: ignore[arg-type]
    problems = info.value.problems
    assert len(problems) == 3
    assert "lang must be one of 'en', 'es'; got 'fr'" in problems[1]
    assert "rows [7] are outside the organizations table (4 rows)" in problems[2]
    with pytest.raises(InputValidationError, match="integer positions"):
        write_organizations(orgs, [True, False], tmp_path / "o.csv", fmt="csv")
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------------------- rejected rows

REJECTED = (
    "source_file,source_row,reason,message,Código,Razón social\n"
    "reg.csv,7,unmatched_department,\"row 7: department 'Xyz' not found\",00123,"
    '"=HYPERLINK(""http://x"",""y"")"\n'
    "reg.csv,9,missing_name,row 9: no name,,'-1\n"
)


def test_rejected_csv_copy(tmp_path) -> None:
    (tmp_path / "rejected.csv").write_text(REJECTED, encoding="utf-8")
    path = write_rejected(tmp_path, tmp_path / "out" / "r.csv", fmt="csv", date=DAY)
    lines = read_csv_rows(path)
    assert lines[:5] == [
        ["CoopAtlas - rejected rows (organizations)"],
        ["Source: rejected.csv (coopatlas build)"],
        ["Date: 2025-03-01"],
        ["2 rejected rows."],
        [],
    ]
    assert lines[5] == ["source_file", "source_row", "reason", "message", "Código", "Razón social"]
    assert lines[6][1] == "7"
    assert lines[6][4] == "00123"  # codes keep their leading zeros
    assert lines[6][5] == "'" + HYPERLINK
    assert lines[7][5] == "'-1"  # already neutralised by the build: unchanged


def test_rejected_xlsx_text_cells(tmp_path) -> None:
    (tmp_path / "rejected.csv").write_text(REJECTED, encoding="utf-8")
    path = write_rejected(tmp_path, tmp_path / "r.xlsx", fmt="xlsx", lang="es", date=DAY)
    sheet = openpyxl.load_workbook(path)["rejected"]
    assert sheet["A1"].value == "CoopAtlas - filas rechazadas (organizations)"
    assert sheet["A4"].value == "2 filas rechazadas."
    header_row = 6
    names = [c.value for c in sheet[header_row]]
    row = dict(zip(names, sheet[header_row + 1], strict=True))
    assert row["source_row"].value == 7  # a number
    assert row["Código"].value == "00123"
    assert row["Razón social"].value == "'" + HYPERLINK
    assert row["Razón social"].data_type == "s"


def test_rejected_empty_and_missing(tmp_path) -> None:
    (tmp_path / "rejected_programmes.csv").write_text(
        "source_file,source_row,reason,message\n", encoding="utf-8"
    )
    path = write_rejected(tmp_path, tmp_path / "p.csv", fmt="csv", which="programmes", date=DAY)
    lines = read_csv_rows(path)
    assert lines[3] == ["No row was rejected."]
    assert lines[5] == ["source_file", "source_row", "reason", "message"]
    assert len(lines) == 6
    with pytest.raises(MissingDataError, match="Run `coopatlas build`"):
        write_rejected(tmp_path, tmp_path / "r.csv", fmt="csv")


def test_rejected_reject_bad_options(tmp_path) -> None:
    with pytest.raises(InputValidationError, match="'csv', 'xlsx'; got 'json'") as info:
        write_rejected(tmp_path, tmp_path / "r.json", fmt="json", which="members")
    assert "which must be one of 'organizations', 'programmes'; got 'members'" in str(info.value)


def test_demo_data_round_trip(tmp_path) -> None:
    from geo.builds.folder import build
    from geo.settings import get_settings

    demo = get_settings().organizations_dir
    processed = tmp_path / "processed"
    build([demo / "demo_registry.csv"], programmes=[demo / "demo_programmes.csv"], out=processed)
    orgs = gpd.read_parquet(processed / "organizations.parquet")
    prepared = prepare(orgs, pd.read_parquet(processed / "programmes.parquet"))
    filters = Filters(countries=("EC",), org_types=("cooperative",))
    rows = matching_rows(prepared, filters)
    path = write_organizations(orgs, rows, tmp_path / "ec.geojson", fmt="geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["features"]) == rows.size > 0
    assert {f["properties"]["country"] for f in data["features"]} == {"EC"}
    assert {f["properties"]["org_type"] for f in data["features"]} == {"cooperative"}
    located = int(np.isfinite(orgs["latitude"].to_numpy()[rows]).sum())
    assert data["coopatlas"]["with_coordinates"] == located
