"""An upload is parsed in a child process with resource limits: a bomb ends the child.

Each limit (CPU time, address space, wall time) is lowered here so that a real
file crosses it: the 300,000-row workbook of ``test_hostile_contents`` costs far
more than one CPU-second to read (openpyxl reads about 30,000 rows a CPU-second),
and no reader fits in 300 MB of address space (Python, pandas, Arrow and GDAL
take about 450 MB of it before the first byte is read). The child is killed;
the test's process, which plays the web worker, goes on; the page gets the
message in its language; the session folder keeps nothing; the next upload works.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest

from dashboard import ids, upload_sandbox
from dashboard.app import create_app
from geo.builds.folder import build
from geo.io.read_limits import LimitError
from geo.settings import get_settings
from tests.servers import callback_body
from tests.test_hostile_contents import xlsx_many_rows

GOOD = b"nombre,departamento,pais\nCooperativa Uno,Huila,CO\nAsociacion Dos,Cusco,PE\n"


def data_url(content: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(content).decode()


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("sandbox") / "processed"
    build([folder / "demo_registry.csv"], out=out)
    return out


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path / "private"))
    return tmp_path / "private" / "coopatlas-sessions"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return xlsx_many_rows(tmp_path_factory.mktemp("bomb")).read_bytes()


def upload(client: Any, contents: str, filename: str, lang: str) -> dict[str, Any]:
    """Post the upload callback as the page does; return its answer (HTTP 200 asserted)."""
    dependencies = client.get("/_dash-dependencies").get_json()
    values = {
        f"{ids.UPLOAD}.contents": contents,
        f"{ids.UPLOAD}.filename": filename,
        f"{ids.LANG}.value": lang,
    }
    body = callback_body(
        dependencies, f"{ids.UPLOAD_PENDING}.data", values, [f"{ids.UPLOAD}.contents"]
    )
    data = json.dumps(body)  # "output" first, as the renderer sends it (Flask would sort keys)
    response = client.post("/_dash-update-component", data=data, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return dict(response.get_json()["response"])


def shown(answer: dict[str, Any]) -> str:
    return json.dumps(answer[ids.UPLOAD_REPORT]["children"], ensure_ascii=False)


def readers_running() -> list[int]:
    """Return the ids of this process's children that are upload readers."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"dashboard.upload_sandbox" in cmdline:
            found.append(int(entry.name))
    return found


def leftovers(sessions: Path) -> list[str]:
    if not sessions.exists():
        return []
    return sorted(str(p.relative_to(sessions)) for p in sessions.rglob("*"))


@pytest.mark.parametrize(
    ("limit", "value", "lang", "expected"),
    [
        ("READ_CPU_S", 1, "es", "necesitó más de 1 segundos de cálculo"),
        ("READ_MEMORY_MB", 300, "en", "needed more than 300 MB of memory"),
        ("READ_WALL_S", 1.0, "en", "reading it took more than 1 seconds"),
    ],
)
def test_a_file_over_a_limit_ends_the_child_not_the_worker(
    limit: str,
    value: float,
    lang: str,
    expected: str,
    processed: Path,
    sessions: Path,
    workbook: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = create_app(processed).server.test_client()
    monkeypatch.setattr(upload_sandbox, limit, value)
    answer = upload(client, data_url(workbook), "many_rows.xlsx", lang)
    message = shown(answer)
    assert "many_rows.xlsx" in message and expected in message, message
    assert "Traceback" not in message
    assert answer[ids.UPLOAD_PENDING]["data"] is None
    assert readers_running() == []  # the child is gone
    assert leftovers(sessions) == []  # no raw upload, no temporary folder, no answer file
    monkeypatch.undo()  # the limits as configured: the same worker imports a good file
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(sessions.parent))
    answer = upload(client, data_url(GOOD), "bueno.csv", "en")
    token = answer[ids.UPLOAD_PENDING]["data"]["token"]
    assert [p.name for p in sessions.iterdir()] == [token]
    assert sorted(p.name for p in (sessions / token).iterdir() if "processed" not in p.name) == []


def test_the_readers_refusals_come_back_from_the_child_as_they_were(sessions: Path) -> None:
    folder = sessions / "s"
    folder.mkdir(parents=True)
    path = folder / "registry.upload"
    path.write_bytes(GOOD)
    with pytest.raises(LimitError) as refused:
        upload_sandbox.read_contained(path, name="mío.csv", max_bytes=10**6, max_rows=1)
    assert refused.value.message_id == "limit.rows"
    assert "'mío.csv' tiene más de 1 filas" in refused.value.text("es")
    table = upload_sandbox.read_contained(path, name="mío.csv", max_bytes=10**6, max_rows=2)
    assert list(table.frame.columns) == ["nombre", "departamento", "pais"]
    assert table.frame["departamento"].tolist() == ["Huila", "Cusco"]
    assert table.row_numbers == [1, 2] and table.kind == "csv" and table.delimiter == ","
    assert sorted(p.name for p in folder.iterdir()) == ["registry.upload"]


@pytest.mark.parametrize(("start", "expected"), [(0, 10), (10, 10), (15, 15)])
def test_the_reader_runs_at_the_jobs_niceness_not_below_its_parent(
    start: int, expected: int
) -> None:
    # The reader used to add 10 to its parent's niceness: started by a process already at
    # nice 10 (a background job), it ran at 19 and starved on a busy machine until its
    # time limit (seen when uploads were tried as background jobs).
    import subprocess
    import sys

    script = (
        "import os\n"
        f"os.nice({start})\n"
        "from dashboard.upload_sandbox import _confine\n"
        "_confine(memory_mb=4096, cpu_s=60, nice=10, parent=os.getppid())\n"
        "print(os.nice(0))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert int(out.stdout.strip().splitlines()[-1]) == expected
