"""Celery worker entry point: exports of every app server, run on any host.

Start on each export host (the same code, processed folder and shared session folder
as the app servers, ``COOPATLAS_CELERY_BROKER`` pointing at the one Redis)::

    celery -A dashboard.celery_worker worker --concurrency 2

Importing this module builds the dashboard app once (:func:`dashboard.app.create_app`):
its export callback is registered as a Celery task named after the callback's code,
exactly as on the app servers, so both sides agree on the task. The app's data stay
loaded in the worker, and each task lowers its own CPU priority
(:func:`dashboard.jobs.lower_priority`).
"""

from __future__ import annotations

from dashboard import jobs
from dashboard.app import create_app

_broker = jobs.broker_url()
if _broker is None:
    raise RuntimeError(
        f"{jobs.BROKER_ENV} is not set: a Celery worker needs the Redis URL the app servers "
        "use (for example redis://127.0.0.1:6379/0)"
    )

#: The dashboard app whose background callbacks this worker runs.
dash_app = create_app()
#: The Celery application (``celery -A dashboard.celery_worker`` finds it by this name).
celery = jobs.manager().handle

__all__ = ["celery", "dash_app"]
