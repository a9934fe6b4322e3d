"""Load-test actions beyond filters: the organizations layer, every export, an upload.

Each action replays requests a real page sent (recorded in Chromium by
:func:`record_extras`) with new values, as :mod:`bench.load_test`'s users do for
filter changes:

``points``
    Turn the organizations layer on (once) and move the map: the layer's callback
    with a random view (zoom 5-10 around a random place in the region), then the
    GET of the layer URL it answers. Timed from the first request to the last
    response. A user whose layer is on also fetches the layer after each filter
    change, as the browser does.
``export``
    One download callback of an export button, the formats in turn (PNG, PDF, A4 PDF,
    SVG, PowerPoint, HTML, CSV, Excel, GeoJSON; each user starts at another), for the
    user's current view: every kind is exported during a run. Exports are background
    jobs: the click starts one, the user polls it every :data:`POLL_MS` as the page does,
    then downloads the file by its URL.
``upload``
    Upload a small registry (20-120 rows, random departments and names), apply it,
    load the map and table of the upload, then clear it.
"""

from __future__ import annotations

import base64
import json
import random
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

#: Places the ``points`` action centres the map on (lat, lon): the region's big towns.
PLACES = (
    (4.61, -74.08), (6.25, -75.56), (3.45, -76.53), (10.96, -74.80), (-12.05, -77.04),
    (-13.53, -71.97), (-16.40, -71.54), (-8.11, -79.03), (-0.18, -78.47), (-2.17, -79.92),
)  # fmt: skip
DEPARTMENTS = ("Antioquia", "Meta", "Huila", "Nariño", "Boyacá", "Cundinamarca", "Cauca")
CALLBACK_URL = "/_dash-update-component"
LAYER_ID = "orgs-layer"


class Sender(Protocol):
    """What an action needs from a user: requests that record their kind and time."""

    rng: random.Random
    view: str

    def request(self, kind: str, method: str, path: str, body: dict | None = None) -> bytes:
        """Send one request and record it."""
        ...


@dataclass(frozen=True)
class Extras:
    """Callback bodies recorded from the page: the layer, the upload, apply/clear."""

    layer: dict
    upload: dict
    apply: dict


def record_extras(page: Any, seen: list[Any], base_count: int) -> Extras:
    """Drive the page (Playwright) through the layer and an upload; return their bodies.

    ``seen`` is the list the page's ``requestfinished`` handler fills; requests after
    ``base_count`` are the ones these steps sent.
    """
    page.check("#orgs-toggle input[value='on']")
    page.wait_for_selector("#map .ca-cluster")
    page.wait_for_load_state("networkidle")
    registry = upload_csv(random.Random(0)).encode("utf-8")
    page.set_input_files(
        "#upload input[type=file]",
        files=[{"name": "registro.csv", "mimeType": "text/csv", "buffer": registry}],
    )
    page.wait_for_selector("#upload-apply:not([disabled])")
    with page.expect_response(
        lambda r: CALLBACK_URL in r.url and "upload-apply" in (r.request.post_data or "")
    ) as answer:
        page.click("#upload-apply")
    applied = [answer.value.request]
    page.wait_for_load_state("networkidle")
    posts = [
        json.loads(r.post_data)
        for r in seen[base_count:]
        if r.method == "POST" and CALLBACK_URL in r.url
    ]
    # the apply callback's request, whether or not its "finished" event came yet
    posts += [json.loads(r.post_data) for r in applied]
    outputs = [b["output"] for b in posts]
    try:
        layer = next(b for b in posts if b["output"] == f"{LAYER_ID}.children")
        upload = next(b for b in posts if "upload-pending.data" in b["output"])
    except StopIteration:
        raise RuntimeError(f"no layer or upload callback was posted: {outputs}") from None
    apply = next(b for b in posts if "session.data" in b["output"] and "upload-apply" in str(b))
    return Extras(layer=layer, upload=upload, apply=apply)


def upload_csv(rng: random.Random) -> str:
    """Return a small registry (semicolon CSV, Spanish headers) of 20-120 rows."""
    rows = ["Nombre;País;Departamento;Tipo"]
    for i in range(rng.randint(20, 120)):
        kind = rng.choice(["Cooperativa", "Asociación", "Precooperativa"])
        rows.append(f"{kind} Carga {rng.randint(1, 10**6)}-{i};CO;{rng.choice(DEPARTMENTS)};{kind}")
    return "\n".join(rows) + "\n"


def set_value(body: dict, component: str, prop: str, value: Any) -> None:
    """Set an input or state of ``body`` (in place) by component id and property."""
    for group in ("inputs", "state"):
        for item in body.get(group, []):
            if isinstance(item, dict) and item.get("id") == component and item["property"] == prop:
                item["value"] = value


def layer_body(extras: Extras, view: str, rng: random.Random, session: Any) -> dict:
    """Build the layer callback for the view ``view`` and a random map position."""
    body = json.loads(json.dumps(extras.layer))
    lat, lon = rng.choice(PLACES)
    zoom = rng.randint(5, 10)
    half = 360 / 2**zoom * 2.5  # about a 1,280 px wide map
    lat += rng.uniform(-1, 1) * half / 4
    lon += rng.uniform(-1, 1) * half / 4
    bounds = [[lat - half / 2, lon - half], [lat + half / 2, lon + half]]
    # the browser passes the map's position on while the layer is on (layerWindow)
    position = {"bounds": bounds, "zoom": zoom, "center": [lat, lon]}
    set_value(body, "orgs-window", "data", position)
    set_value(body, "view-store", "data", view)
    set_value(body, "session", "data", session)
    body["changedPropIds"] = ["orgs-window.data"]
    return body


def layer_position(body: dict) -> dict | None:
    """Return the map position a layer callback body asks for."""
    for item in body.get("inputs", []):
        if isinstance(item, dict) and item.get("id") == "orgs-window":
            return item.get("value")
    return None


def layer_url(content: bytes) -> str | None:
    """Return the layer URL in a layer callback's answer (None: the layer is off)."""
    children = json.loads(content)["response"][LAYER_ID]["children"]
    return children[0]["props"]["url"] if children else None


def answer_layer_url(content: bytes) -> str | None:
    """Return the layer URL in the view's answer (None: the layer is off or unchanged)."""
    layer = json.loads(content).get("response", {}).get(LAYER_ID)
    children = (layer or {}).get("children")
    return children[0]["props"]["url"] if children else None


def fetch_layer_url(user: Sender, url: str) -> None:
    """GET the layer's URL (as dash-leaflet does) and check it is a FeatureCollection."""
    content = user.request("get:organizations", "GET", url)
    if b'"FeatureCollection"' not in content:
        raise ValueError(f"not a FeatureCollection: {content[:120]!r}")


def fetch_layer(user: Sender, body: dict) -> None:
    """Post the layer callback, then GET the URL it answers (as dash-leaflet does)."""
    url = layer_url(user.request("cb:orgs-layer.children", "POST", CALLBACK_URL, body))
    if url is not None:
        fetch_layer_url(user, url)


#: Milliseconds between the page's polls of a background job (the export callback's interval).
POLL_MS = 250
#: Seconds an export job may take before the action counts as failed.
JOB_TIMEOUT_S = 120.0


def background_result(user: Sender, kind: str, body: dict) -> bytes:
    """Post a background callback, then poll it as the page does; return the final answer.

    The first answer names the job (``cacheKey``, ``job``); the page then posts the same
    body with those every :data:`POLL_MS` until the answer has a ``response``.
    """
    content = user.request(kind, "POST", CALLBACK_URL, body)
    handles = json.loads(content)
    if "cacheKey" not in handles:
        return content  # answered at once (no job was started)
    query = urlencode({"cacheKey": handles["cacheKey"], "job": handles["job"]})
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(POLL_MS / 1000)
        content = user.request(f"{kind}:poll", "POST", f"{CALLBACK_URL}?{query}", body)
        if "response" in json.loads(content):
            return content
    raise TimeoutError(f"{kind}: no result after {JOB_TIMEOUT_S:.0f} s")


def export_formats(download: dict) -> list[str]:
    """List the formats of the export buttons in a recorded download callback."""
    return [item["id"]["fmt"] for item in download["inputs"][0]]


def download_url(content: bytes) -> str | None:
    """Return the export URL in a download callback's answer (None: no export)."""
    link = json.loads(content).get("response", {}).get("download", {}).get("data")
    return link.get("url") if isinstance(link, dict) else None


def export_body(download: dict, fmt: str, clicks: int, view: str) -> dict:
    """Build the download callback of the ``fmt`` button for ``view``."""
    body = json.loads(json.dumps(download))
    for item in body["inputs"][0]:
        item["value"] = clicks if item["id"]["fmt"] == fmt else None
    body["changedPropIds"] = [json.dumps(
        {"fmt": fmt, "type": download["inputs"][0][0]["id"]["type"]},
        separators=(",", ":"), sort_keys=True,
    ) + ".n_clicks"]  # fmt: skip
    set_value(body, "view-store", "data", view)
    return body


def upload_bodies(extras: Extras, rng: random.Random, clicks: int) -> tuple[dict, dict]:
    """Build the upload callback (a new small registry) and the apply callback."""
    upload = json.loads(json.dumps(extras.upload))
    text = upload_csv(rng).encode("utf-8")
    contents = "data:text/csv;base64," + base64.b64encode(text).decode("ascii")
    set_value(upload, "upload", "contents", contents)
    set_value(upload, "upload", "filename", f"registro-{clicks}.csv")
    upload["changedPropIds"] = ["upload.contents"]
    apply = json.loads(json.dumps(extras.apply))
    set_value(apply, "upload-apply", "n_clicks", clicks)
    set_value(apply, "upload-clear", "n_clicks", None)
    apply["changedPropIds"] = ["upload-apply.n_clicks"]
    return upload, apply


def clear_body(extras: Extras, session: Any, clicks: int) -> dict:
    """Build the clear callback for the applied ``session``."""
    body = json.loads(json.dumps(extras.apply))
    set_value(body, "upload-clear", "n_clicks", clicks)
    set_value(body, "session", "data", session)
    body["changedPropIds"] = ["upload-clear.n_clicks"]
    return body
