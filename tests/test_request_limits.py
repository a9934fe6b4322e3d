"""Callback bodies: capped at 512 KB, except a real upload's (a few strings, one large).

The cap is checked on the bytes before Dash parses them: a large body of any other
callback is answered 413, and so is a large body addressed to the upload callback
that holds many small JSON values (the kind that costs a worker gigabytes to
parse). A real upload of a few megabytes goes through and is imported.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.request_limits import UPLOAD_BODY_MAX_TOKENS, is_upload_body
from geo.builds.folder import build
from geo.settings import get_settings
from tests.servers import callback_body

UPLOAD_OUTPUT = f"{ids.UPLOAD_PENDING}.data"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("limits") / "processed"
    build([folder / "demo_registry.csv"], out=out)
    return create_app(out).server.test_client()


@pytest.fixture(autouse=True)
def private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path / "private"))


def post(client: Any, output: str, values: dict[str, Any], changed: str) -> Any:
    dependencies = client.get("/_dash-dependencies").get_json()
    body = callback_body(dependencies, output, values, [changed])
    return client.post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )


def registry(rows: int) -> bytes:
    lines = ["nombre,departamento,pais"]
    lines += [f"Cooperativa número {n:06d} del valle,Huila,CO" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_a_small_callback_passes_and_a_large_one_is_refused_before_parsing(client: Any) -> None:
    small = post(
        client, f"{ids.UNITS}.hideout", {f"{ids.VIEW}.data": "lang=en"}, f"{ids.VIEW}.data"
    )
    assert small.status_code == 200
    padded = "lang=en&x=" + "a" * (600 * 1024)  # one long string: cheap to parse, still refused
    large = post(client, f"{ids.UNITS}.hideout", {f"{ids.VIEW}.data": padded}, f"{ids.VIEW}.data")
    assert large.status_code == 413
    assert "callback limit of 512 KB" in large.get_json()["error"]


def test_a_large_upload_body_of_many_small_values_is_refused(client: Any) -> None:
    many = [0] * 300_000  # 600 KB of "0, " values, sent as the file's name
    values = {f"{ids.UPLOAD}.contents": "data:text/csv;base64,", f"{ids.UPLOAD}.filename": many}
    refused = post(client, UPLOAD_OUTPUT, values, f"{ids.UPLOAD}.contents")
    assert refused.status_code == 413


def test_a_real_upload_of_megabytes_goes_through(client: Any) -> None:
    content = registry(40_000)
    assert len(content) > 1.5 * 1024 * 1024  # about 2 MB, 2.7 MB in base64: over the cap
    values = {
        f"{ids.UPLOAD}.contents": "data:text/csv;base64," + base64.b64encode(content).decode(),
        f"{ids.UPLOAD}.filename": "grande.csv",
        f"{ids.LANG}.value": "en",
    }
    answer = post(client, UPLOAD_OUTPUT, values, f"{ids.UPLOAD}.contents")
    assert answer.status_code == 200
    assert answer.get_json()["response"][ids.UPLOAD_PENDING]["data"]["token"]


def test_what_counts_as_an_upload_body() -> None:
    outputs = frozenset({"..upload-pending.data...upload-report.children.."})
    name = "..upload-pending.data...upload-report.children.."
    base = {"output": name, "inputs": [{"id": "upload", "value": "data:;base64," + "A" * 10**6}]}
    assert is_upload_body(json.dumps(base).encode(), outputs)
    assert is_upload_body(json.dumps(base, separators=(",", ":")).encode(), outputs)
    other = base | {"output": "map.children"}
    assert not is_upload_body(json.dumps(other).encode(), outputs)
    late = {"inputs": base["inputs"], "output": name}  # the renderer writes output first
    assert not is_upload_body(json.dumps(late).encode(), outputs)
    crowded = base | {"state": [[]] * UPLOAD_BODY_MAX_TOKENS}
    assert not is_upload_body(json.dumps(crowded).encode(), outputs)
