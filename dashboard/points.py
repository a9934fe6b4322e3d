"""The organizations layer: the clusters and points of one map view, as GeoJSON.

The browser never receives every organization. It asks for its view (zoom and a
window snapped to tiles, :func:`geo.indicators.point_clusters.view_window`) and gets the
clusters and single points of that window only: a few hundred features whatever
the number of organizations. A single point carries its details for the popup;
a cluster its count per type and the box its click zooms to. Property keys are
short (``n`` name, ``t`` type, ``s`` sector, ``m`` members, ``u`` municipality;
``c`` count, ``k`` counts per type, ``b`` box) and every text stays text.

Per worker, the points of recent filters and the answers for recent windows are
cached (cachetools, behind a lock), so a pan answers from memory.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from cachetools.keys import hashkey

from geo.byte_cache import MB, ByteCache
from geo.i18n import Lang, value_label
from geo.indicators.compute import matching_rows
from geo.indicators.filters import Filters
from geo.indicators.point_clusters import (
    MAX_LAT,
    TILE_PX,
    PointSet,
    Window,
    cluster_window,
    point_set,
    view_window,
)
from geo.indicators.prepared import PreparedData

#: The window asked for when the request names none: the three countries at zoom 5.
DEFAULT_BOUNDS = (-82.0, -19.0, -66.0, 13.5)
DEFAULT_ZOOM = 5
#: Largest window served, in tiles per side (a 4K screen at 256 px tiles plus margins).
MAX_TILES = 24
#: The map's highest zoom (dashboard.layout): a cluster there is listed, not zoomed.
MAX_ZOOM = 12
#: Organizations listed in a cluster's popup at ``MAX_ZOOM``.
LISTED = 10
#: The map's size assumed before it reports its bounds (width, height in pixels).
ASSUMED_VIEW_PX = (1600, 1000)
#: Query keys of a window.
WINDOW_KEYS = ("zoom", "left", "top", "right", "bottom")

#: A worker's recent point sets (a filter's points, reused while the map moves): about
#: 3.3 MB each at 100,000 organizations, so three or four filters.
_POINTS: ByteCache[tuple[PreparedData, PointSet]] = ByteCache(12 * MB, lambda hit: hit[1].nbytes)
#: A worker's recent layer answers (GeoJSON bytes, a few to a hundred KB each).
_ANSWERS: ByteCache[tuple[PreparedData, bytes]] = ByteCache(4 * MB, lambda hit: len(hit[1]))


def window_query(window: Window) -> dict[str, str]:
    """Return the query parameters that name ``window`` (see :func:`window_from_query`)."""
    return {
        "zoom": str(window.zoom),
        "left": str(window.left),
        "top": str(window.top),
        "right": str(window.right),
        "bottom": str(window.bottom),
    }


def window_from_query(args: Mapping[str, str]) -> Window:
    """Read a window from query parameters; the default window when they are missing or bad.

    A window must be whole tiles inside the world at its zoom and at most
    :data:`MAX_TILES` tiles per side: anything else is answered with the default
    window rather than an error, because the layer is a view, not a record.
    """
    if not all(k in args for k in WINDOW_KEYS):
        return default_window()
    try:
        z, left, top, right, bottom = (int(args[k]) for k in WINDOW_KEYS)
    except ValueError:
        return default_window()
    size = TILE_PX * 2**z if 0 <= z <= 22 else 0
    edges_ok = all(v % TILE_PX == 0 for v in (left, top, right, bottom))
    inside = 0 <= left < right <= size and 0 <= top < bottom <= size
    small = (right - left) <= MAX_TILES * TILE_PX and (bottom - top) <= MAX_TILES * TILE_PX
    if not (edges_ok and inside and small):
        return default_window()
    return Window(zoom=z, left=left, top=top, right=right, bottom=bottom)


def default_window() -> Window:
    """Return the window of the three countries at zoom 5."""
    return view_window(DEFAULT_BOUNDS, DEFAULT_ZOOM, margin_px=0)


def window_for_map(bounds: Any, zoom: Any, center: Any = None) -> Window:
    """Return the window for dash-leaflet's ``bounds`` (``[[s, w], [n, e]]``) and ``zoom``.

    Until the map has moved, dash-leaflet reports no ``bounds``: the window is then
    :data:`ASSUMED_VIEW_PX` around ``center`` (``[lat, lon]``), or the default window
    when there is no usable centre either. Values that are not finite numbers (a
    forged ``1e999``) count as missing; longitudes are held to the world.
    """
    try:
        (south, west), (north, east) = bounds
        edges = [float(west), float(south), float(east), float(north)]
        z = float(zoom)
        if all(math.isfinite(v) for v in (*edges, z)) and 0 <= z <= 22:
            # A forged or wrapped view (longitudes past ±180, ±1e308) is held to the world.
            w, s, e, n = (min(max(v, -180.0), 180.0) for v in edges)
            return view_window((w, s, e, n), z)
    except (TypeError, ValueError):
        pass
    try:
        lat, lon = (float(v) for v in center)
        z = float(zoom)
    except (TypeError, ValueError):
        return default_window()
    if not (-MAX_LAT <= lat <= MAX_LAT and -180 <= lon <= 180 and 0 <= z <= 22):
        return default_window()
    half_w, half_h = (px / 2 * 360 / (TILE_PX * 2 ** int(z)) for px in ASSUMED_VIEW_PX)
    # degrees of latitude per pixel shrink with cos(lat) in Web Mercator
    half_h *= math.cos(math.radians(lat))
    box = (lon - half_w, max(lat - half_h, -MAX_LAT), lon + half_w, min(lat + half_h, MAX_LAT))
    return view_window(box, z)


def layer_geojson(
    organizations: pd.DataFrame,
    prepared: PreparedData,
    filters: Filters,
    window: Window,
    lang: Lang,
) -> bytes:
    """Return the GeoJSON (UTF-8 bytes) of the clusters and points of ``window``.

    Parameters
    ----------
    organizations
        The accepted organizations (``latitude``, ``longitude``, ``org_type``,
        ``name``, ``sector``, ``members_total``, ``municipality``).
    prepared
        Their prepared form (:func:`geo.indicators.prepared.prepare`), for the filters.
    filters
        Which organizations to show.
    window
        The view, from :func:`window_from_query` or :func:`window_for_map`.
    lang
        Language of the sector labels.

    Returns
    -------
    bytes
        A FeatureCollection; do not modify (it is cached).
    """
    key = hashkey(id(prepared), filters, window, lang)
    hit = _ANSWERS.get(key)
    if hit is not None and hit[0] is prepared:
        return hit[1]
    listed = LISTED if window.zoom >= MAX_ZOOM else 0
    cells = cluster_window(_points(organizations, prepared, filters), window, members=listed)
    features = _features(organizations, cells, lang)
    body = json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    ).encode("utf-8")
    _ANSWERS.put(key, (prepared, body))  # the reference keeps id(prepared) from being reused
    return body


def _points(organizations: pd.DataFrame, prepared: PreparedData, filters: Filters) -> PointSet:
    """Return the points that pass ``filters`` (cached per data and filters)."""
    key = hashkey(id(prepared), filters)
    hit = _POINTS.get(key)
    if hit is not None and hit[0] is prepared:
        return hit[1]
    points = point_set(organizations, matching_rows(prepared, filters))
    _POINTS.put(key, (prepared, points))
    return points


def _features(organizations: pd.DataFrame, cells: pd.DataFrame, lang: Lang) -> list[dict]:
    """Turn cluster cells into GeoJSON features: details for single points, counts for clusters.

    Clusters that come with ``members`` (at the map's highest zoom, where zooming in
    cannot separate them) also list those organizations' details under ``o``.
    """
    kinds = [c for c in cells.columns[8:] if c != "members"]  # after cluster_window's fixed columns
    shown = cells["row"].to_numpy(dtype=np.int64)
    shown = shown[shown >= 0]
    if "members" in cells:
        shown = np.concatenate([shown, *[np.asarray(m, dtype=np.int64) for m in cells["members"]]])
    details = {
        row: org_details(org, lang)
        for row, org in zip(
            shown.tolist(), organizations.iloc[shown].itertuples(index=False), strict=True
        )
    }
    features = []
    for cell in cells.to_dict("records"):
        point = {"type": "Point", "coordinates": [round(cell["lon"], 5), round(cell["lat"], 5)]}
        if cell["row"] >= 0:
            properties = details[int(cell["row"])]
        else:
            box = [round(cell[k], 5) for k in ("west", "south", "east", "north")]
            properties = {
                "c": int(cell["count"]),
                "k": {k: int(cell[k]) for k in kinds if cell[k]},
                "b": box,
            }
            if "members" in cell:
                properties["o"] = [details[r] for r in cell["members"]]
        features.append({"type": "Feature", "geometry": point, "properties": properties})
    return features


def org_details(org: Any, lang: Lang) -> dict[str, Any]:
    """Return one organization's details for its popup (a row of ``itertuples``).

    ``n`` name, ``t`` type, ``s`` sector label in ``lang``, ``m`` members, ``u``
    municipality; every text is passed as it is, to be shown as text.
    """
    members = None if pd.isna(org.members_total) else int(org.members_total)
    sector = value_label("sector", org.sector, lang) if isinstance(org.sector, str) else None
    return {
        "n": org.name,
        "t": org.org_type,
        "s": sector,
        "m": members,
        "u": org.municipality if isinstance(org.municipality, str) else None,
    }
