"""dashboard.heap_release: a worker releases freed memory after requests, not after each one."""

from __future__ import annotations

import flask
import pytest

import dashboard.heap_release as heap_release


def test_a_release_is_due_once_per_interval() -> None:
    clock = heap_release._Clock()
    interval = heap_release.RELEASE_INTERVAL_S  # 2 s
    assert clock.due(100.0)
    assert not clock.due(100.0 + interval / 2)  # 1 s later: too soon
    assert clock.due(100.0 + interval)  # 2 s after the first: due again
    assert not clock.due(100.0 + interval + 0.1)


def test_requests_release_at_most_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    now = [1000.0]
    monkeypatch.setattr(heap_release, "release_free_memory", lambda: calls.append(now[0]))
    monkeypatch.setattr(heap_release.time, "monotonic", lambda: now[0])
    server = flask.Flask(__name__)
    server.add_url_rule("/", "page", lambda: "ok")
    heap_release.install_heap_release(server)
    client = server.test_client()
    for t in (1000.0, 1000.5, 1001.9, 1002.0, 1002.1, 1010.0):
        now[0] = t
        assert client.get("/").status_code == 200
    # released after the first request, 2 s later, then after the pause
    assert calls == [1000.0, 1002.0, 1010.0]


def test_start_up_release_collects_and_releases(monkeypatch: pytest.MonkeyPatch) -> None:
    done: list[str] = []

    def collect() -> int:
        done.append("collect")
        return 0

    monkeypatch.setattr(heap_release.gc, "collect", collect)
    monkeypatch.setattr(heap_release, "release_free_memory", lambda: done.append("release"))
    heap_release.release_after_start()
    assert done == ["collect", "release"]
