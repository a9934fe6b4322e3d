"""Load what the dashboard shows, and keep every worker on the same build.

The pipeline computes; the dashboard reads. Spatial joins never run in a callback.
:class:`DataSource` re-checks the processed folder cheaply (a few ``stat`` calls at
most once a second), so after a rebuild, or when the folder is damaged, every
worker serves the same data or the same error page.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from geo._errors import CoopAtlasError, DataFileError
from geo.indicators.prepared import PreparedData, prepare
from geo.indicators.priority import load_weights
from geo.settings import get_settings
from geo.store import OUTPUT_FILES, open_processed, unusable
from geo.units.boundaries import SIMPLIFIED_FILE, load_boundaries, load_units
from geo.units.levels import UNIT_ID

#: The year slider's ends when the data has no founding year.
NO_YEARS_BOUNDS = (1950, 2025)


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
    #: Values the pages derive from this data alone (by name), kept after their first use
    #: so that a page or a callback does not derive them again (e.g. the unit filter's
    #: sorted options, :func:`dashboard.layout_controls.unit_options`).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def year_bounds(self) -> tuple[int, int]:
        """Return the founding years the data covers (the year slider's ends), or the default."""
        return self.prepared.year_range or NO_YEARS_BOUNDS

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
        units_geojson=keyed_geojson((boundaries_dir / SIMPLIFIED_FILE).read_bytes()),
        units=load_units(),
        weights=load_weights(),
        report=processed.report,
        source=folder,
        is_demo=is_demo,
    )


def keyed_geojson(body: bytes) -> bytes:
    """Return the level-1 layer with each feature's ``unit_id`` (the key at every level).

    The map's style, tooltips and clicks read ``unit_id``, as the level-2 layers carry it.
    """
    layer = json.loads(body)
    for feature in layer["features"]:
        properties = feature["properties"]
        feature["properties"] = {UNIT_ID: properties["iso_3166_2"], **properties}
    return json.dumps(layer, ensure_ascii=False, separators=(",", ":")).encode()


#: How often a worker looks at the processed folder for a new or damaged build.
CHECK_INTERVAL_S = 1.0


def fingerprint(folder: Path) -> tuple[object, ...]:
    """Return what identifies one build of a processed folder: its target and file stamps.

    Two workers that see the same fingerprint serve the same data. A new build
    (another version behind the folder's link) or a file changed in place gives a
    new fingerprint.
    """
    real = folder.resolve()
    stamps: list[tuple[str, int, int]] = []
    for name in OUTPUT_FILES:
        try:
            stat = (real / name).stat()
        except OSError:
            continue
        stamps.append((name, stat.st_mtime_ns, stat.st_size))
    return (str(real), tuple(stamps))


class DataSource:
    """The processed folder a worker serves, re-checked so every worker tells one truth.

    The data are loaded once and re-checked at most every :data:`CHECK_INTERVAL_S`
    seconds: a new build is loaded; a folder that can no longer be read puts the
    worker in the error state, with the same message every other worker gives.

    Parameters
    ----------
    folder
        The processed folder.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._data: DashboardData | None = None
        self._error: str | None = None
        self._seen: tuple[object, ...] | None = None
        self._checked = -math.inf
        self.refresh(force=True)

    @property
    def error(self) -> str | None:
        """The message shown instead of the dashboard, or None when the data are usable."""
        self.refresh()
        return self._error

    def current(self) -> DashboardData:
        """Return the data now served.

        Raises
        ------
        DataFileError
            When the folder cannot be read (the message has no absolute path).
        """
        self.refresh()
        if self._data is None or self._error is not None:
            raise DataFileError(self._error or "the processed data are not loaded")
        return self._data

    def refresh(self, *, force: bool = False) -> None:
        """Reload when the folder's fingerprint changed (checked at most once a second)."""
        now = time.monotonic()
        if not force and now - self._checked < CHECK_INTERVAL_S:
            return
        with self._lock:
            if not force and now - self._checked < CHECK_INTERVAL_S:
                return
            self._checked = now
            seen = fingerprint(self.folder)
            if not force and seen == self._seen:
                return
            try:
                data = load_data(self.folder)
            except CoopAtlasError as exc:
                self._data, self._error = None, str(exc)
            else:
                self._data, self._error = data, None
            self._seen = seen
