"""Real gunicorn servers for the tests: start one on a free loopback port, ask it things.

Shared by ``test_workers.py`` (one server, two workers) and ``test_two_servers.py``
(two servers sharing one session folder). Each server's output goes to a log file the
test reads afterwards (tracebacks, ``ERROR`` lines).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import requests

#: Seconds a server may take to answer its first request (imports and data load).
START_TIMEOUT_S = 90

#: The route that serves the organization points (``layout.ORGS_URL``).
ORGS_PATH = "/coopatlas/organizations.geojson"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(processed: Path, sessions: Path, port: int) -> dict[str, str]:
    """Return the environment of a server: the given data and session folders, no login."""
    env = {
        **os.environ,
        "COOPATLAS_PROCESSED_DIR": str(processed),
        "COOPATLAS_SESSION_DIR": str(sessions),
        "COOPATLAS_PORT": str(port),
    }
    env.pop("COOPATLAS_BASIC_AUTH", None)
    return env


@contextmanager
def gunicorn_servers(
    envs: Sequence[Mapping[str, str]], *, workers: int, logs: Sequence[Path] | None = None
) -> Iterator[list[str]]:
    """Run one gunicorn per environment until the block ends; yield their URLs.

    All start at once (their start-up overlaps). Each binds 127.0.0.1 and the port in
    its ``COOPATLAS_PORT`` (``dashboard.gunicorn_conf``) and serves
    ``dashboard.wsgi:server``. Output goes to the matching log file (discarded
    without ``logs``).
    """
    with ExitStack() as stack:
        outs = [stack.enter_context(log.open("wb")) for log in logs] if logs else None
        servers: list[subprocess.Popen[bytes]] = []
        for i, env in enumerate(envs):
            command = [
                sys.executable, "-m", "gunicorn", "-c", "python:dashboard.gunicorn_conf",
                "--workers", str(workers), "--timeout", "60", "dashboard.wsgi:server",
            ]  # fmt: skip
            out = outs[i] if outs else subprocess.DEVNULL
            servers.append(
                subprocess.Popen(command, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
            )
            stack.callback(_stop, servers[-1])
        urls = [f"http://127.0.0.1:{env['COOPATLAS_PORT']}" for env in envs]
        for server, url in zip(servers, urls, strict=True):
            _wait_up(server, url)
        yield urls


@contextmanager
def gunicorn(env: Mapping[str, str], *, workers: int, log: Path | None = None) -> Iterator[str]:
    """Run one gunicorn (see :func:`gunicorn_servers`); yield its URL."""
    with gunicorn_servers([env], workers=workers, logs=[log] if log else None) as urls:
        yield urls[0]


def wait_until(
    condition: Callable[[], object],
    *,
    seconds: float,
    what: str,
    process: subprocess.Popen[bytes] | None = None,
) -> None:
    """Poll ``condition`` until it is true; fail after ``seconds`` or when ``process`` ends.

    The one way these tests wait for something outside the test (a server up, a child
    gone): on a condition, with a deadline, never a fixed sleep standing in for it.
    """
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process ended (code {process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {seconds:g} s")
        time.sleep(0.05)


def _answers(url: str) -> bool:
    """Return True when ``url`` answers an HTTP request."""
    try:
        urllib.request.urlopen(url + "/", timeout=5).close()
    except OSError:
        return False
    return True


def _wait_up(server: subprocess.Popen[bytes], url: str) -> None:
    wait_until(
        lambda: _answers(url),
        seconds=START_TIMEOUT_S,
        what=f"gunicorn did not start on {url}",
        process=server,
    )


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(30)


def org_count(
    url: str, handle: str | None = None, *, cookie: str | None = None, http: Any = requests
) -> int:
    """Return how many organizations the ORGS route draws (the upload's with ``handle``).

    ``http`` is ``requests`` or a ``requests.Session`` (whose cookies are then sent);
    ``cookie`` is sent as the ``Cookie`` header instead. The one place that knows the
    route's URL and answer: adapt it when the route changes.
    """
    params = {"u": handle} if handle else None
    headers = {"Cookie": cookie} if cookie else None
    response = http.get(url + ORGS_PATH, params=params, headers=headers, timeout=30)
    response.raise_for_status()
    # a single point counts 1, a cluster its count (see dashboard.points)
    return sum(f["properties"].get("c", 1) for f in response.json()["features"])


def callback_body(
    dependencies: list[dict[str, Any]], output: str, values: Mapping[str, Any], changed: list[str]
) -> dict[str, Any]:
    """Return the body Dash's renderer posts to ``/_dash-update-component`` for a callback.

    Parameters
    ----------
    dependencies
        The server's ``/_dash-dependencies``.
    output
        One output of the callback, ``"id.property"`` (a view change answers many).
    values
        Input and state values by ``"id.property"``; missing ones are None. Pattern
        inputs (``ALL``) are sent as matching no component unless given.
    changed
        The inputs that triggered the call (``"id.property"``).
    """
    dep = next(d for d in dependencies if output in d["output"].strip(".").split("..."))

    def entries(items: list[dict[str, str]]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            key = f"{item['id']}.{item['property']}"
            if item["id"].startswith("{"):  # a pattern: a list of the matching components
                out.append(values.get(key, []))
            else:
                out.append({**item, "value": values.get(key)})
        return out

    spec = dep["output"]
    parts = [dict(zip(("id", "property"), p.split(".", 1), strict=True)) for p in
             spec.strip(".").split("...")]  # fmt: skip
    # a pattern output (``ALL``) is the list of components it matched: none here
    outputs = [[] if p["id"].startswith("{") else p for p in parts]
    return {
        "output": spec,
        "outputs": outputs if spec.startswith("..") else outputs[0],
        "inputs": entries(dep["inputs"]),
        "state": entries(dep["state"]),
        "changedPropIds": changed,
    }
