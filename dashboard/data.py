"""Load what the dashboard shows, once, when the app is created.

The pipeline computes; the dashboard reads. Spatial joins never run in a callback.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo._errors import DataFileError, MissingDataError
from geo.boundaries import SIMPLIFIED_FILE, load_boundaries, load_units
from geo.build import ORGANIZATIONS_FILE, PROGRAMMES_FILE, REPORT_FILE, build
from geo.prepared import PreparedData, prepare
from geo.priority import load_weights
from geo.settings import get_settings

BUILD_HINT = (
    "coopatlas build REGISTRY.csv [--programmes PARTICIPATION.csv] --out {folder}   "
    "(or start `coopatlas serve` without --data to use the bundled demo data)"
)


@dataclass
class DashboardData:
    """Everything the callbacks read; built once per app."""

    organizations: pd.DataFrame
    programmes: pd.DataFrame
    prepared: PreparedData
    units_geojson: bytes
    units: pd.DataFrame
    weights: dict[str, float]
    report: dict = field(default_factory=dict)
    source: Path | None = None
    is_demo: bool = False

    @property
    def unit_codes(self) -> set[str]:
        """ISO codes of the 83 units."""
        return set(self.units["iso_3166_2"])


def _unusable(folder: Path, problem: str) -> DataFileError:
    return DataFileError(
        f"The processed data folder {folder} {problem}. Build it with:\n"
        + BUILD_HINT.format(folder=folder)
    )


def load_data(folder: Path, *, is_demo: bool = False) -> DashboardData:
    """Read a processed folder (output of ``coopatlas build``) and prepare the indicators.

    Parameters
    ----------
    folder
        The processed folder.
    is_demo
        True when the folder was built from the bundled synthetic registry.

    Returns
    -------
    DashboardData

    Raises
    ------
    DataFileError
        If the folder is missing, empty or holds unreadable files; the message says
        how to build it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise _unusable(folder, "does not exist")
    org_path = folder / ORGANIZATIONS_FILE
    if not org_path.is_file():
        raise _unusable(folder, f"has no {ORGANIZATIONS_FILE}")
    try:
        organizations = gpd.read_parquet(org_path)
        prog_path = folder / PROGRAMMES_FILE
        programmes = pd.read_parquet(prog_path) if prog_path.is_file() else None
        report_path = folder / REPORT_FILE
        report = json.loads(report_path.read_text("utf-8")) if report_path.is_file() else {}
        prepared = prepare(organizations, programmes)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise _unusable(folder, f"could not be read ({type(exc).__name__}: {exc})") from exc
    boundaries_dir = get_settings().boundaries_dir
    load_boundaries("simplified")  # validates the layer (clear error when missing/corrupt)
    files = (report.get("organizations") or {}).get("files", [])
    is_demo = is_demo or any(str(f.get("file", "")).startswith("demo_") for f in files)
    return DashboardData(
        organizations=pd.DataFrame(organizations.drop(columns="geometry", errors="ignore")),
        programmes=programmes if programmes is not None else pd.DataFrame(),
        prepared=prepared,
        units_geojson=(boundaries_dir / SIMPLIFIED_FILE).read_bytes(),
        units=load_units(),
        weights=load_weights(),
        report=report,
        source=folder,
        is_demo=is_demo,
    )


def demo_inputs() -> tuple[Path, Path]:
    """Return the bundled synthetic registry and programme files."""
    folder = get_settings().organizations_dir
    return folder / "demo_registry.csv", folder / "demo_programmes.csv"


def ensure_default_data() -> Path:
    """Return the default processed folder, building it from the demo data when missing."""
    folder = get_settings().processed_dir
    if not (folder / ORGANIZATIONS_FILE).is_file():
        if os.environ.get("COOPATLAS_PROCESSED_DIR"):
            # A folder named explicitly must hold real data: never fill it with the demo.
            raise MissingDataError(
                f"COOPATLAS_PROCESSED_DIR={folder} has no {ORGANIZATIONS_FILE}; "
                + BUILD_HINT.format(folder=folder)
            )
        registry, programmes = demo_inputs()
        if not registry.is_file():
            raise MissingDataError(
                f"no processed data in {folder} and no demo registry at {registry}; "
                + BUILD_HINT.format(folder=folder)
            )
        print(f"building {folder} from the bundled demo registry (first start only)...")
        build([registry], programmes=[programmes], out=folder)
    return folder
