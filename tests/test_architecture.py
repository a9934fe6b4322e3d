"""Layers point one way, and committed data is found through the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import geo
from geo.settings import Settings, bundled_data_dir

ROOT = Path(__file__).resolve().parents[1]


def _imported_packages(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [("geo", {"dashboard", "coopatlas", "bench"}), ("dashboard", {"coopatlas", "bench"})],
)
def test_layers_only_import_downwards(layer: str, forbidden: set[str]) -> None:
    offenders = {
        module: sorted(names & forbidden)
        for module, names in _imported_packages(layer).items()
        if names & forbidden
    }
    assert offenders == {}


def test_the_scanner_sees_imports() -> None:
    # guard against a scanner that finds nothing and so passes everything
    assert "geo" in _imported_packages("dashboard")["dashboard/app.py"]
    assert "dashboard" in _imported_packages("coopatlas")["coopatlas/cli.py"]


def test_committed_data_is_read_from_the_package() -> None:
    data = bundled_data_dir()
    assert data == Path(geo.__file__).parent / "data" or data == ROOT / "data"
    assert (data / "boundaries" / "units.csv").is_file()
    assert (data / "organizations" / "demo_registry.csv").is_file()


def test_processed_data_never_goes_inside_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COOPATLAS_PROCESSED_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/home/someone/.local/share")
    processed = Settings().processed_dir
    assert processed == Path("/home/someone/.local/share/coopatlas/processed")
    monkeypatch.setenv("COOPATLAS_PROCESSED_DIR", "/srv/coopatlas/current")
    assert Settings().processed_dir == Path("/srv/coopatlas/current")


def test_vocabularies_are_written_out_only_in_geo_vocab() -> None:
    # the country list and the map schemes, as literals, appear once: in geo/vocab.py
    patterns = ['"CO", "PE", "EC"', '"quantiles", "fisher_jenks", "equal_interval"']
    found = {
        str(path.relative_to(ROOT)): [p for p in patterns if p in path.read_text("utf-8")]
        for folder in ("geo", "dashboard", "coopatlas", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    assert {module: hits for module, hits in found.items() if hits} == {"geo/vocab.py": patterns}


#: geo's layers, lowest first: a module may import its own layer and those below.
GEO_LAYERS = {
    "foundations": 0,  # geo/_errors, settings, vocab, messages, i18n
    "io": 1,
    "units": 2,
    "store": 3,
    "importer": 4,
    "indicators": 4,
    "builds": 5,
    "export": 6,
}


def _geo_layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in GEO_LAYERS:
        return parts[1]
    return "store" if parts[1:2] == ["store"] else "foundations"


def _geo_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "geo").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if node.module == "geo" or node.module.startswith("geo."):
                names |= {
                    f"{node.module}.{a.name}" if node.module == "geo" else node.module
                    for a in node.names
                }
        found[module] = names
    return found


def test_geo_sub_layers_only_import_downwards() -> None:
    upward = {
        module: sorted(
            target
            for target in targets
            if GEO_LAYERS[_geo_layer(target)] > GEO_LAYERS[_geo_layer(module)]
        )
        for module, targets in _geo_imports().items()
    }
    assert {m: t for m, t in upward.items() if t} == {}
    # the scanner sees imports: the store reads files with geo.io, exports read indicators
    imports = _geo_imports()
    assert "geo.io.safety" in imports["geo.store"]
    assert any(t.startswith("geo.indicators.compute") for t in imports["geo.export.formats"])
