"""Load what the dashboard shows, once, when the app is created.

The pipeline computes; the dashboard reads. Spatial joins never run in a callback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.boundaries import SIMPLIFIED_FILE, load_boundaries, load_units
from geo.prepared import PreparedData, prepare
from geo.priority import load_weights
from geo.settings import get_settings
from geo.store import open_processed, unusable


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
    processed = open_processed(folder)
    try:
        prepared = prepare(processed.organizations, processed.programmes)
    except (ValueError, KeyError) as exc:
        problem = f"could not be read ({type(exc).__name__}: {exc})"
        raise unusable(processed.folder, problem) from exc
    load_boundaries("simplified")  # validates the layer (clear error when missing/corrupt)
    is_demo = is_demo or processed.is_demo
    boundaries_dir = get_settings().boundaries_dir
    return DashboardData(
        organizations=pd.DataFrame(
            processed.organizations.drop(columns="geometry", errors="ignore")
        ),
        programmes=processed.programmes if processed.programmes is not None else pd.DataFrame(),
        prepared=prepared,
        units_geojson=(boundaries_dir / SIMPLIFIED_FILE).read_bytes(),
        units=load_units(),
        weights=load_weights(),
        report=processed.report,
        source=folder,
        is_demo=is_demo,
    )
