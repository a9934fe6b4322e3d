"""Configuration in one typed place.

Every value has an offline default and can be overridden by an environment
variable named in the field's comment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import platformdirs

#: Storage CRS of every layer: WGS 84 longitude/latitude.
STORAGE_CRS = "EPSG:4326"

#: Equal-area CRS used for areas and distances-in-area: South America Albers Equal Area Conic.
EQUAL_AREA_CRS = "ESRI:102033"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def bundled_data_dir() -> Path:
    """Return the committed data shipped inside the package (``geo.data``).

    In the source tree that package is the top-level ``data/`` folder (mapped in
    ``pyproject.toml``); in a wheel it is ``site-packages/geo/data``.
    """
    root = files("geo.data")
    if not isinstance(root, Path):  # a zip import would give a Traversable without a path
        raise RuntimeError(f"CoopAtlas must be installed as files, not from a zip ({root})")
    return root


def user_processed_dir() -> Path:
    """Return the per-user folder for processed data (e.g. ``~/.local/share/coopatlas``)."""
    return platformdirs.user_data_path("coopatlas", appauthor=False) / "processed"


@dataclass(frozen=True)
class Settings:
    """Runtime settings of CoopAtlas.

    Attributes
    ----------
    data_dir
        Committed data (``COOPATLAS_DATA_DIR``); default: the data shipped in the package.
    processed_dir
        Output of ``coopatlas build`` read by the dashboard (``COOPATLAS_PROCESSED_DIR``);
        default: a per-user folder (:func:`user_processed_dir`), never inside the package.
    host, port
        Where ``coopatlas serve`` listens (``COOPATLAS_HOST``, ``COOPATLAS_PORT``).
    tile_url, tile_attribution
        Optional background tiles (``COOPATLAS_TILE_URL``, ``COOPATLAS_TILE_ATTRIBUTION``);
        empty means no tiles, which is the offline default.
    """

    data_dir: Path = field(
        default_factory=lambda: _env_path("COOPATLAS_DATA_DIR", bundled_data_dir())
    )
    processed_dir: Path = field(
        default_factory=lambda: _env_path("COOPATLAS_PROCESSED_DIR", user_processed_dir())
    )
    host: str = field(default_factory=lambda: os.environ.get("COOPATLAS_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("COOPATLAS_PORT", "8050")))
    tile_url: str = field(default_factory=lambda: os.environ.get("COOPATLAS_TILE_URL", ""))
    tile_attribution: str = field(
        default_factory=lambda: os.environ.get("COOPATLAS_TILE_ATTRIBUTION", "")
    )

    @property
    def boundaries_dir(self) -> Path:
        """Folder of the committed boundary layers."""
        return self.data_dir / "boundaries"

    @property
    def organizations_dir(self) -> Path:
        """Folder of the committed (synthetic demo) organization registry."""
        return self.data_dir / "organizations"


def get_settings() -> Settings:
    """Return settings read from the environment now (not cached, so tests can override)."""
    return Settings()
