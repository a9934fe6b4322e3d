"""Killed workers leave nothing a restart does not clean; forged values get notices, not 500s.

A real worker (a Python process importing an upload) is killed with SIGKILL while
its reader child reads the 300,000-row workbook of ``test_hostile_contents``: the
child dies with it (``PR_SET_PDEATHSIG``), the upload's folder with the raw file
stays, and the next start of the app removes it. Forged values in a page address,
a map callback and the organizations route are answered HTTP 200 with a notice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dashboard import ids, leftovers
from dashboard.app import create_app
from geo.builds.folder import build
from geo.settings import get_settings
from tests.servers import ORGS_PATH, callback_body, wait_until
from tests.test_hostile_contents import xlsx_many_rows

ROOT = Path(__file__).resolve().parents[1]
WORKER = """
import base64, sys
from dashboard import uploads
with open(sys.argv[1], "rb") as handle:
    contents = "data:;base64," + base64.b64encode(handle.read()).decode()
uploads.process_upload(contents, "many_rows.xlsx")
"""


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("leftovers") / "processed"
    build([folder / "demo_registry.csv"], out=out)
    return out


def processes_naming(text: str) -> list[int]:
    """Return the ids of running processes whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":  # a zombie has ended; its parent has not collected it yet
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_for(condition: Any, seconds: float = 60.0) -> None:
    wait_until(condition, seconds=seconds, what="the reader's process")


def test_a_killed_worker_leaves_nothing_that_a_restart_does_not_clean(
    tmp_path: Path, processed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private, system_tmp = tmp_path / "private", tmp_path / "tmp"
    system_tmp.mkdir()
    workbook = xlsx_many_rows(tmp_path)
    env = {**os.environ, "COOPATLAS_SESSION_DIR": str(private), "TMPDIR": str(system_tmp)}
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(workbook)], env=env, cwd=ROOT)
    sessions = private / "coopatlas-sessions"
    try:
        wait_for(lambda: processes_naming(str(sessions)))  # its reader is reading
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    wait_for(lambda: not processes_naming(str(sessions)), 10)  # the reader died with it
    [left] = list(sessions.iterdir())
    assert (left / "registry.upload").is_file() and (left / "registry.tmp").is_dir()

    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(private))
    monkeypatch.setattr("tempfile.tempdir", str(system_tmp))
    create_app(processed)  # the restart
    assert list(sessions.iterdir()) == []
    assert list(system_tmp.iterdir()) == []


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_only_abandoned_folders_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sessions, system_tmp = tmp_path / "sessions", tmp_path / "tmp"
    sessions.mkdir()
    system_tmp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(system_tmp))
    stale = leftovers.STALE_AFTER_S + 60
    folders = {name: sessions / name for name in ("done", "running", "elsewhere", "old")}
    for folder in folders.values():
        folder.mkdir()
    (folders["done"] / "processed").mkdir()  # an import that finished (expiry is elsewhere)
    _age(folders["done"], stale)
    leftovers.mark_importing(folders["running"])  # this process: alive
    (folders["elsewhere"] / leftovers.MARKER).write_text("another-host\n1\n")  # recent
    (folders["old"] / leftovers.MARKER).write_text("another-host\n1\n")
    _age(folders["old"], stale)
    reads = {name: system_tmp / f"coopatlas-read-{name}" for name in ("old", "new")}
    for folder in reads.values():
        folder.mkdir()
    _age(reads["old"], stale)
    removed = leftovers.clean_on_start(sessions)
    assert sorted(removed) == sorted([folders["old"], reads["old"]])
    assert sorted(p.name for p in sessions.iterdir()) == ["done", "elsewhere", "running"]
    assert [p.name for p in system_tmp.iterdir()] == ["coopatlas-read-new"]


def test_a_dead_process_on_this_host_is_gone_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "sessions" / "t"
    folder.mkdir(parents=True)
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    (folder / leftovers.MARKER).write_text(f"{os.uname().nodename}\n{done.stdout.strip()}\n")
    assert leftovers.clean_on_start(tmp_path / "sessions") == [folder]


# ----------------------------------------------------------------------- forged values


@pytest.fixture(scope="module")
def client(processed: Path) -> Any:
    return create_app(processed).server.test_client()


def page(client: Any, search: str) -> str:
    dependencies = client.get("/_dash-dependencies").get_json()
    body = callback_body(
        dependencies, f"{ids.PAGE}.children", {f"{ids.URL}.search": search}, [f"{ids.URL}.search"]
    )
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.dumps(response.get_json(), ensure_ascii=False)


K_DIGITS = "7" * 5000  # more digits than Python turns into an int (4,300 by default)


@pytest.mark.parametrize(
    ("search", "notice"),
    [
        ("?units=CO-ZZZ", "units: 'CO-ZZZ' dropped (not in the unit table)"),
        (f"?k={K_DIGITS}", "is not a number of classes from 2 to 9"),
        ("?level=2&parent=CO-ZZZ", "parent 'CO-ZZZ' is not a country or a known level-1 unit"),
    ],
)
def test_a_forged_address_gets_a_notice(client: Any, search: str, notice: str) -> None:
    assert notice in page(client, search)


@pytest.mark.parametrize("edge", [1e308, -1e308])
def test_layer_bounds_at_the_ends_of_the_floats_are_answered(client: Any, edge: float) -> None:
    dependencies = client.get("/_dash-dependencies").get_json()
    bounds = [[-edge, -edge], [edge, edge]]
    values = {f"{ids.MAP}.bounds": bounds, f"{ids.MAP}.zoom": edge, f"{ids.VIEW}.data": "lang=en"}
    body = callback_body(dependencies, f"{ids.ORGS}.children", values, [f"{ids.MAP}.bounds"])
    assert client.post("/_dash-update-component", json=body).status_code == 200
    window = {"zoom": "3", "left": str(-edge), "top": "0", "right": str(edge), "bottom": "256"}
    layer = client.get(ORGS_PATH, query_string={**window, "units": "CO-ZZZ", "k": K_DIGITS})
    assert layer.status_code == 200 and layer.get_json()["type"] == "FeatureCollection"
