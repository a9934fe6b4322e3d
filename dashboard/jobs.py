"""Background jobs: long work (exports) runs outside the web workers, at lower CPU priority.

Dash's background callbacks run a callback's body in another process and let the page
poll for its progress and result. Which process depends on the deployment:

* **One machine (default).** :class:`dash.DiskcacheManager`: each job is a process forked
  from the web worker that received the click (it shares the worker's data pages, copy
  on write), and results wait in a ``diskcache`` folder beside the upload sessions
  (``COOPATLAS_SESSION_DIR``/``coopatlas-jobs``), so whichever worker the page polls
  next finds them. The libraries a job imports (matplotlib, python-pptx, folium) die
  with it: the web worker never loads them.
* **Several hosts.** With ``COOPATLAS_CELERY_BROKER`` set (a Redis URL such as
  ``redis://127.0.0.1:6379/0``), :class:`dash.CeleryManager`: jobs go through Redis to
  Celery workers started with ``celery -A dashboard.celery_worker worker`` on any host,
  results come back through Redis (``COOPATLAS_CELERY_BACKEND``, the broker by default).
  Files still travel by the one-time URL of :mod:`dashboard.downloads`, in the session
  folder every host shares.

A job lowers its own CPU priority (:func:`lower_priority`, ``nice`` +:data:`JOB_NICE`)
so that on a busy machine the web workers' short requests go first.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask

from dashboard.private_dirs import private_folder, private_root

#: How much nicer than the web workers a job runs (``nice`` is added, at most 19).
JOB_NICE = int(os.environ.get("COOPATLAS_JOB_NICE", "10"))
#: Seconds a job's result waits in the store for the page to collect it.
RESULT_TTL_S = 600
#: Environment variable naming the Celery broker (Redis); unset: one machine, diskcache.
BROKER_ENV = "COOPATLAS_CELERY_BROKER"
#: Environment variable naming the Celery result backend (default: the broker).
BACKEND_ENV = "COOPATLAS_CELERY_BACKEND"


def broker_url() -> str | None:
    """Return the Celery broker's URL, None when jobs run on this machine."""
    return os.environ.get(BROKER_ENV) or None


def _unique_key() -> str:
    """Return a new random string: every click is its own job, never a cached one."""
    # Dash keys a job by its inputs; two users exporting the same view with the same
    # click count would otherwise share (and steal) one result.
    return os.urandom(16).hex()


def manager() -> Any:
    """Return the background-callback manager of this deployment (one per process)."""
    broker = broker_url()
    if broker:
        return _celery_manager(broker, os.environ.get(BACKEND_ENV) or broker)
    return _disk_manager(str(private_root()))


@functools.cache
def _disk_manager(root: str) -> Any:
    import diskcache  # optional at import time: only a served app needs it
    from dash import DiskcacheManager

    folder = private_folder(Path(root) / "coopatlas-jobs")
    return DiskcacheManager(
        diskcache.Cache(str(folder)), cache_by=[_unique_key], expire=RESULT_TTL_S
    )


@functools.cache
def _celery_manager(broker: str, backend: str) -> Any:
    from dash import CeleryManager

    return CeleryManager(celery_app(broker, backend), cache_by=[_unique_key], expire=RESULT_TTL_S)


@functools.cache
def celery_app(broker: str, backend: str) -> Any:
    """Return the Celery application for ``broker`` and ``backend`` (one per process)."""
    try:
        from celery import Celery
    except ImportError as exc:  # the optional extra is missing
        raise RuntimeError(
            f"{BROKER_ENV} is set but Celery is not installed: "
            'install CoopAtlas with its "celery" extra (pip install "coopatlas[celery]")'
        ) from exc
    app = Celery("coopatlas", broker=broker, backend=backend)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=RESULT_TTL_S,
        worker_prefetch_multiplier=1,  # a long export does not hold others back
        broker_connection_retry_on_startup=True,
    )
    return app


def lower_priority() -> int:
    """Make this process :data:`JOB_NICE` nicer than a web worker (once); return its niceness."""
    current = os.nice(0)
    if current < JOB_NICE:
        current = os.nice(JOB_NICE - current)
    return current


@contextlib.contextmanager
def app_context() -> Iterator[None]:
    """Give a job the app's context (its data source), in a forked process or a Celery worker."""
    if flask.has_app_context():  # forked from the worker in a request: inherited
        yield
        return
    from dash import get_app

    with get_app().server.app_context():
        yield


__all__ = [
    "BACKEND_ENV",
    "BROKER_ENV",
    "JOB_NICE",
    "RESULT_TTL_S",
    "app_context",
    "broker_url",
    "celery_app",
    "lower_priority",
    "manager",
]
