"""Faults: missing or corrupt data gives a clear page (never a traceback) and nothing is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.app import create_app
from geo.builds.folder import build
from geo.settings import bundled_data_dir


def layout_text(app) -> str:
    response = app.server.test_client().get("/_dash-layout")
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


@pytest.fixture
def processed(tmp_path: Path) -> Path:
    registry = tmp_path / "r.csv"
    registry.write_text("name,department,country\nCoop,Meta,CO\n", "utf-8")
    build([registry], out=tmp_path / "processed")
    return tmp_path / "processed"


def test_corrupt_processed_data_gives_a_clear_page(processed: Path) -> None:
    (processed / "organizations.parquet").write_bytes(b"this is not parquet")
    text = layout_text(create_app(processed))
    assert "error-page" in text
    assert "could not be read" in text and "coopatlas build" in text
    assert "Traceback" not in text


def test_empty_processed_folder_gives_a_clear_page(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    text = layout_text(create_app(tmp_path / "empty"))
    assert "has no organizations.parquet" in text and "coopatlas build" in text


def test_build_regenerates_a_corrupt_folder(processed: Path, tmp_path: Path) -> None:
    (processed / "organizations.parquet").write_bytes(b"garbage")
    registry = tmp_path / "r.csv"
    build([registry], out=processed)
    assert "error-page" not in layout_text(create_app(processed))


def test_missing_boundary_file_names_the_rebuild_command(
    processed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir() / "boundaries", data / "boundaries")
    (data / "boundaries" / "admin1_simplified.geojson").unlink()
    monkeypatch.setenv("COOPATLAS_DATA_DIR", str(data))
    text = layout_text(create_app(processed))
    assert "admin1_simplified.geojson" in text and "build_admin2.py" in text


def test_a_named_processed_folder_is_never_filled_with_demo_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A mistyped COOPATLAS_PROCESSED_DIR must show the problem, not synthetic data.
    monkeypatch.setenv("COOPATLAS_PROCESSED_DIR", str(tmp_path / "typo"))
    text = layout_text(create_app())
    assert "has no organizations.parquet" in text and "coopatlas build" in text
    assert not (tmp_path / "typo").exists()


def test_a_running_server_follows_a_damaged_then_rebuilt_folder(
    processed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import data as data_module

    monkeypatch.setattr(data_module, "CHECK_INTERVAL_S", 0.0)
    client = create_app(processed).server.test_client()
    assert "error-page" not in json.dumps(client.get("/_dash-layout").get_json())
    # damaged in place while running (as a worker that restarts would then see it)
    target = processed.resolve() / "organizations.parquet"
    target.write_bytes(b"garbage")
    page = json.dumps(client.get("/_dash-layout").get_json())
    assert "error-page" in page and "could not be read" in page
    assert str(tmp_path) not in page  # no absolute path on the page
    refused = client.post("/_dash-update-component", json={})
    assert refused.status_code == 503
    assert str(tmp_path) not in refused.get_data(as_text=True)
    # a new build is picked up without a restart
    build([tmp_path / "r.csv"], out=processed)
    assert "error-page" not in json.dumps(client.get("/_dash-layout").get_json())
