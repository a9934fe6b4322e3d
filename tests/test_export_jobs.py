"""Exports run outside the web worker: the worker never loads the drawing libraries.

A new Python process stands for a web worker (this test process has imported
everything already): it creates the app on a processed folder, clicks PNG, PowerPoint
and HTML exports through Dash's callback route as the page does, polls until each job
is done, downloads each file by its one-time URL, and then lists which of matplotlib,
python-pptx and folium it has imported: none, because each export ran in a process
forked for it (:mod:`dashboard.jobs`), which also ran at a lower CPU priority.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.export_job import owner_from
from geo.builds.folder import build
from geo.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, os, re, sys
from pathlib import Path

from dashboard.app import create_app
from tests.servers import callback_body, wait_until

client = create_app(Path(sys.argv[1])).server.test_client()
page = client.get("/").get_data(as_text=True)
config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S)
end_id = json.loads(config.group(1))["end_id"]
dependencies = client.get("/_dash-dependencies").get_json()
results = {}
for fmt in ("png", "pptx", "html"):
    body = callback_body(dependencies, "download.data", {"view-store.data": "lang=en"}, [])
    button = {"type": "export", "fmt": fmt}
    body["inputs"][0] = [{"id": button, "property": "n_clicks", "value": 1}]
    changed = json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"
    body["changedPropIds"] = [changed]
    handles = client.post(f"/_dash-update-component?endId={end_id}", json=body).get_json()
    seen = {"answer": {}, "nice": None}
    query = f"endId={end_id}&cacheKey={handles['cacheKey']}&job={handles['job']}"

    def answered():
        job = handles["job"].split("~")[0]  # the pid of the forked job (signed handle)
        try:  # the highest niceness seen while it runs (it lowers itself when it starts)
            niceness = os.getpriority(os.PRIO_PROCESS, int(job))
            seen["nice"] = max(seen["nice"] or 0, niceness)
        except OSError:
            pass  # already finished
        seen["answer"] = client.post(f"/_dash-update-component?{query}", json=body).get_json()
        return "response" in seen["answer"]

    wait_until(answered, seconds=180, what=f"the {fmt} export job")
    answer, niceness = seen["answer"], seen["nice"]
    link = answer["response"]["download"]["data"]
    content = client.get(link["url"]).get_data()
    results[fmt] = {"name": link["name"], "head": content[:4].hex(), "nice": niceness}
heavy = sorted(m for m in ("matplotlib", "pptx", "folium") if m in sys.modules)
print(json.dumps({"results": results, "heavy": heavy, "own_nice": os.nice(0)}))
"""


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("jobs") / "processed"
    build([folder / "demo_registry.csv"], programmes=[folder / "demo_programmes.csv"], out=out)
    return out


def test_a_worker_that_served_exports_never_loaded_the_drawing_libraries(
    processed: Path, tmp_path: Path
) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir(mode=0o700)
    env = {**os.environ, "COOPATLAS_SESSION_DIR": str(sessions), "PYTHONPATH": str(ROOT)}
    env.pop("COOPATLAS_CELERY_BROKER", None)
    env.pop("COOPATLAS_BASIC_AUTH", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(processed)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    results = found["results"]
    assert results["png"]["head"] == b"\x89PNG".hex()
    assert results["pptx"]["head"] == b"PK\x03\x04".hex()  # a zip: the slide deck
    assert bytes.fromhex(results["html"]["head"]).lower() == b"<!do"
    assert found["heavy"] == []  # drawn elsewhere: the worker stays light
    assert found["own_nice"] == 0
    # each job, seen while it ran, became 10 nicer than the worker that forked it
    seen = [r["nice"] for r in results.values() if r["nice"] is not None]
    assert seen and all(n == 10 for n in seen), results


def test_a_job_lowers_its_priority_once() -> None:
    code = "from dashboard import jobs; print(jobs.lower_priority(), jobs.lower_priority())"
    env = {k: v for k, v in os.environ.items() if k != "COOPATLAS_JOB_NICE"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["10", "10"]  # not 10 then 19: nice adds up


def test_the_owner_of_a_job_is_the_logged_in_user_else_the_session() -> None:
    basic = "Basic " + base64.b64encode(b"ana:secret").decode()
    assert owner_from({"Authorization": basic}, {"token": "t1"}) == "user:ana"
    assert owner_from({"authorization": basic}, None) == "user:ana"  # any case
    assert owner_from({"Accept": "*/*"}, {"token": "t1"}) == "session:t1"
    assert owner_from({}, None) is None
