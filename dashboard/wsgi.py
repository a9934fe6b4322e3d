"""WSGI entry point: ``gunicorn --workers 4 --bind 127.0.0.1:8050 "dashboard.wsgi:server"``.

Reads ``COOPATLAS_PROCESSED_DIR`` (default: the per-user folder, built from the demo
registry when missing). Before serving, the files of a first visit are compressed
hard (:func:`dashboard.first_load.warm`, a few seconds of CPU), so no visitor waits
for it; with ``--preload`` the master does it once for every worker.
"""

from __future__ import annotations

from dashboard import layout
from dashboard.app import create_app
from dashboard.first_load import warm
from dashboard.heap_release import release_after_start

app = create_app()
warm(app, [layout.UNITS_URL, layout.CONTEXT_URL])
release_after_start()  # with --preload the workers start without the start-up's free pages
server = app.server
