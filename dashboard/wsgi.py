"""WSGI entry point: ``gunicorn --workers 4 --bind 127.0.0.1:8050 "dashboard.wsgi:server"``.

Reads ``COOPATLAS_PROCESSED_DIR`` (default: the per-user folder, built from the demo
registry when missing).
"""

from __future__ import annotations

from dashboard.app import create_app

app = create_app()
server = app.server
