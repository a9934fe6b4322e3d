"""Heavy libraries load only where they are used: not when the dashboard starts.

Each check runs in a new Python process, because this test process has imported
everything already. The app is created on the demo data, its page and layout are
served, and the default map is classified the way the map callback does it; then a
Fisher-Jenks map, a PNG and a slide deck load what they need.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.builds.folder import build
from geo.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]

#: What the start of a worker must not import (about 110 MB and 1.3 s for
#: mapclassify's SciPy, scikit-learn and matplotlib alone).
HEAVY = ("matplotlib", "scipy", "sklearn", "mapclassify", "pptx", "folium")

SCRIPT = """
import json, sys
from dataclasses import replace
from pathlib import Path

HEAVY = {heavy!r}

def loaded():
    return sorted(name for name in HEAVY if name in sys.modules)

from dashboard import logic
from dashboard.app import create_app
from dashboard.data import load_data
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View

folder = Path(sys.argv[1])
client = create_app(folder).server.test_client()
assert client.get("/").status_code == 200
assert client.get("/_dash-layout").status_code == 200
data = load_data(folder)
view = View()
logic.map_view(unit_table(data.prepared, view, data.weights), view)
steps = {{"start": loaded()}}

jenks = replace(view, scheme="fisher_jenks")
logic.map_view(unit_table(data.prepared, jenks, data.weights), jenks)
steps["fisher_jenks"] = loaded()
name, png = logic.export_view(data, view, "png")
assert png.startswith(b"\\x89PNG"), name
steps["png"] = loaded()
name, deck = logic.export_view(data, view, "pptx")
assert deck.startswith(b"PK"), name
steps["pptx"] = loaded()
print(json.dumps(steps))
"""


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("lazy") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    return out


def test_heavy_libraries_load_only_when_used(processed: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    env.pop("COOPATLAS_BASIC_AUTH", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY), str(processed)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    steps = json.loads(result.stdout.strip().splitlines()[-1])
    assert steps["start"] == []
    # natural breaks are computed by geo.indicators.breaks: no SciPy in a web worker
    assert not {"mapclassify", "scipy", "sklearn"} & set(steps["fisher_jenks"])
    assert "matplotlib" in steps["png"]
    assert "pptx" in steps["pptx"]


#: The importer and what only it needs: a dashboard worker that reads never loads them.
IMPORTER = (
    "rapidfuzz",
    "openpyxl",
    "geo.importer.registry",
    "geo.builds.in_memory",
    "geo.io.readers",
    "geo.builds.folder",
)


def test_importing_the_app_loads_no_importer() -> None:
    script = f"import sys, dashboard.app; print([m for m in {IMPORTER!r} if m in sys.modules])"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"
    # the check can fail: importing the upload path does load them
    script = f"import sys, geo.builds.folder; print([m for m in {IMPORTER!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert "rapidfuzz" in out.stdout and "geo.importer.registry" in out.stdout
