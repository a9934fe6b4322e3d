"""Cluster organization points on the server, per zoom and map view (grid clustering).

A browser cannot take 100,000 points and stay quick, so the map asks for what one
view needs: at each zoom the points are binned into square cells of ``radius``
screen pixels in Web Mercator (the map's projection); a cell holding one point
sends that point, a cell holding more sends one cluster placed at one of its
points (the medoid: the member nearest to all the others; never a mean, which
can fall in the sea or another country), with the count per organization type
and the box of its points
(a click zooms to it). Only the cells inside the view, with a margin, are sent:
a view holds a few hundred cells at most, whatever the number of organizations.

This is grid-based clustering (the scheme of Google's MarkerClusterer). The
greedy distance clustering of Mapbox's ``supercluster`` places markers more
freely; its Python binding (``pysupercluster``) has had no release since 2022
and builds from C++ source, so the grid, a pandas ``groupby`` on cell indices,
is used instead. The projection is pyproj's.

Functions here take arrays and return frames; turning them into GeoJSON with
labels is the dashboard's job.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import Transformer

#: Size in pixels of a Web Mercator tile at zoom 0 (the whole world is one tile).
TILE_PX = 256
#: Half the circumference of the Earth in EPSG:3857 metres.
HALF_WORLD_M = 20037508.342789244
#: Latitude limit of Web Mercator.
MAX_LAT = 85.05112878

#: Side of a cluster cell in screen pixels (a tile holds 2 x 2 cells).
CELL_PX = 128

_TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


@dataclass(frozen=True)
class PointSet:
    """Organization points ready to cluster.

    Attributes
    ----------
    rows
        Positions in the organizations frame (for the singles' details).
    lon, lat
        WGS 84 coordinates (degrees).
    x, y
        Position in world pixels at zoom 0, 0 to ``TILE_PX``, y growing southwards.
    kind
        Organization type of each point, as a code into ``kinds``.
    kinds
        The organization types, in code order.
    """

    rows: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray
    y: np.ndarray
    kind: np.ndarray
    kinds: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def nbytes(self) -> int:
        """Return the bytes its arrays hold."""
        return sum(a.nbytes for a in vars(self).values() if isinstance(a, np.ndarray))


def point_set(organizations: pd.DataFrame, rows: np.ndarray) -> PointSet:
    """Collect the organizations at positions ``rows`` that have coordinates.

    Parameters
    ----------
    organizations
        Accepted organizations with ``latitude``, ``longitude`` and ``org_type``.
    rows
        Positions (``iloc``) of the organizations to show, e.g. those that pass
        the filters.

    Returns
    -------
    PointSet
    """
    rows = np.asarray(rows, dtype=np.int64)
    lat = organizations["latitude"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    lon = organizations["longitude"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    keep = np.isfinite(lat) & np.isfinite(lon)
    rows, lat, lon = rows[keep], lat[keep], lon[keep]
    kind, kinds = pd.factorize(organizations["org_type"].to_numpy(dtype=object)[rows])
    mx, my = _TO_MERCATOR.transform(lon, np.clip(lat, -MAX_LAT, MAX_LAT))
    x = (np.asarray(mx) + HALF_WORLD_M) / (2 * HALF_WORLD_M) * TILE_PX
    y = (HALF_WORLD_M - np.asarray(my)) / (2 * HALF_WORLD_M) * TILE_PX
    return PointSet(
        rows=rows,
        lon=lon,
        lat=lat,
        x=x,
        y=y,
        kind=kind.astype(np.int64),
        kinds=tuple(str(k) for k in kinds),
    )


@dataclass(frozen=True)
class Window:
    """A map view widened and snapped to whole tiles, in world pixels at ``zoom``.

    Attributes
    ----------
    zoom
        Integer zoom.
    left, top, right, bottom
        Edges in pixels of the world at ``zoom`` (``TILE_PX * 2**zoom`` wide), all
        multiples of ``TILE_PX``.
    """

    zoom: int
    left: int
    top: int
    right: int
    bottom: int

    def bounds(self) -> tuple[float, float, float, float]:
        """Return the window as west, south, east, north in degrees."""
        size = TILE_PX * 2.0**self.zoom
        mx = np.array([self.left, self.right]) / size * 2 * HALF_WORLD_M - HALF_WORLD_M
        my = HALF_WORLD_M - np.array([self.top, self.bottom]) / size * 2 * HALF_WORLD_M
        lon, lat = _TO_MERCATOR.transform(mx, my, direction="INVERSE")
        return (float(lon[0]), float(lat[1]), float(lon[1]), float(lat[0]))


def view_window(
    bounds: tuple[float, float, float, float], zoom: float, *, margin_px: float = 128.0
) -> Window:
    """Widen a map view by ``margin_px`` screen pixels and snap it to whole tiles.

    Snapping makes small pans give the same window (the same request, answered
    from the browser's cache and the server's); the margin keeps markers just
    outside the view ready when the user pans. Cells never straddle a window's
    edge (tiles hold whole cells), so a cell is the same in every window.

    Parameters
    ----------
    bounds
        The view: west, south, east, north in degrees.
    zoom
        Map zoom; a fractional zoom is rounded down.
    margin_px
        Margin added on every side before snapping, in screen pixels.

    Returns
    -------
    Window
    """
    z = int(np.clip(np.floor(zoom), 0, 22))
    west, south, east, north = bounds
    size = TILE_PX * 2**z
    xs, ys = _TO_MERCATOR.transform([west, east], np.clip([north, south], -MAX_LAT, MAX_LAT))
    px = (np.asarray(xs) + HALF_WORLD_M) / (2 * HALF_WORLD_M) * size
    py = (HALF_WORLD_M - np.asarray(ys)) / (2 * HALF_WORLD_M) * size
    left = int(np.floor((px[0] - margin_px) / TILE_PX)) * TILE_PX
    right = int(np.ceil((px[1] + margin_px) / TILE_PX)) * TILE_PX
    top = int(np.floor((py[0] - margin_px) / TILE_PX)) * TILE_PX
    bottom = int(np.ceil((py[1] + margin_px) / TILE_PX)) * TILE_PX
    return Window(
        zoom=z,
        left=max(left, 0),
        top=max(top, 0),
        right=min(max(right, left + TILE_PX), size),
        bottom=min(max(bottom, top + TILE_PX), size),
    )


#: Cells of up to this many points place their marker at the exact medoid (pairwise
#: distances: at most 64² per cell); a larger cell at its member nearest to the points'
#: median position, in time proportional to its size.
MEDOID_EXACT = 64


def _medoids(x: np.ndarray, y: np.ndarray, at: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Return, per cell, the index (into ``x``/``y``) of the point its marker stands on.

    ``at`` is each point's cell; the medoid minimises the summed Mercator distance to
    the cell's other points (ties: the first point). Distances are in projected
    pixels, the map's own plane.
    """
    order = np.argsort(at, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    picked = np.empty(len(counts), dtype=np.int64)
    for cell, (start, n) in enumerate(zip(starts.tolist(), counts.tolist(), strict=True)):
        members = order[start : start + n]
        px, py = x[members], y[members]
        if n <= MEDOID_EXACT:
            summed = np.hypot(px[:, None] - px[None, :], py[:, None] - py[None, :]).sum(axis=1)
        else:
            summed = np.hypot(px - np.median(px), py - np.median(py))
        picked[cell] = members[int(np.argmin(summed))]
    return picked


def cluster_window(
    points: PointSet, window: Window, *, cell_px: int = CELL_PX, members: int = 0
) -> pd.DataFrame:
    """Bin the points inside ``window`` into square cells of ``cell_px`` screen pixels.

    Parameters
    ----------
    points
        From :func:`point_set`.
    window
        From :func:`view_window`.
    cell_px
        Cell side in screen pixels; it divides ``TILE_PX``, so tiles hold whole cells.
    members
        When positive, add a column ``members``: the positions of the first
        ``members`` organizations of each cell (in ``points`` order), for listing
        them where zooming in cannot separate them.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty cell: ``count``; ``lon``, ``lat`` (the position of
        its medoid, one of its points); ``west``, ``south``, ``east``, ``north``
        (box of its points);
        ``row`` (the organization's position when ``count`` is 1, else -1); and one
        column per organization type with its count. Sorted by cell (columns, then
        rows).
    """
    if TILE_PX % cell_px:
        raise ValueError(f"cell_px={cell_px} must divide the tile size {TILE_PX}")
    columns = ["count", "lon", "lat", "west", "south", "east", "north", "row", *points.kinds]
    scale = 2.0**window.zoom
    px, py = points.x * scale, points.y * scale
    inside = (px >= window.left) & (px < window.right) & (py >= window.top) & (py < window.bottom)
    if not inside.any():
        empty = columns + (["members"] if members > 0 else [])
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in empty})
    cx = (px[inside] // cell_px).astype(np.int64)
    cy = (py[inside] // cell_px).astype(np.int64)
    cell, at = np.unique(cx * (1 << 32) + cy, return_inverse=True)
    frame = pd.DataFrame({"lon": points.lon[inside], "lat": points.lat[inside]})
    grouped = frame.groupby(at, sort=True)
    counts = np.bincount(at)
    medoid = _medoids(px[inside], py[inside], at, counts)
    cells = pd.DataFrame(
        {
            "count": counts,
            "lon": frame["lon"].to_numpy()[medoid],
            "lat": frame["lat"].to_numpy()[medoid],
            "west": grouped["lon"].min().to_numpy(),
            "south": grouped["lat"].min().to_numpy(),
            "east": grouped["lon"].max().to_numpy(),
            "north": grouped["lat"].max().to_numpy(),
        }
    )
    rows = points.rows[inside]
    first = np.full(len(cell), -1, dtype=np.int64)
    first[at[::-1]] = rows[::-1]  # the first point of each cell
    cells["row"] = np.where(cells["count"].to_numpy() == 1, first, -1)
    k = len(points.kinds)
    by_kind = np.bincount(at * k + points.kind[inside], minlength=len(cell) * k)
    cells[list(points.kinds)] = by_kind.reshape(len(cell), k)
    if members > 0:
        order = np.argsort(at, kind="stable")
        starts = np.concatenate(([0], np.cumsum(cells["count"].to_numpy())[:-1]))
        cells["members"] = [rows[order[s : s + members]].tolist() for s in starts.tolist()]
        columns.append("members")
    return cells[columns]
