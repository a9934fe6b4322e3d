"""gunicorn settings for the baseline of ``bench.bench_workers``: the old eager imports.

Until issue #15, ``geo/indicators/classify.py`` imported mapclassify at start, and with it SciPy,
scikit-learn and matplotlib (``mapclassify.value_by_alpha`` imports pyplot). This
file puts that import back, where the old code paid it, on top of today's app:

* with ``--preload`` the app was imported in the master before forking, so the
  master imports mapclassify (``on_starting`` runs after the preloaded app);
* without it each worker imported the app after the fork, so each worker does.

Nothing else differs from ``gunicorn dashboard.wsgi:server`` with no settings file
(python-pptx and folium were already imported only by the exports).
"""

from __future__ import annotations

import importlib
from typing import Any

#: What the old start-up imported that today's does not.
EAGER_MODULES = ("mapclassify",)


def _import_eagerly() -> None:
    for name in EAGER_MODULES:
        importlib.import_module(name)


def on_starting(server: Any) -> None:
    """In the master: the preloaded app imported these before the workers were forked."""
    if server.cfg.preload_app:
        _import_eagerly()


def post_fork(server: Any, worker: Any) -> None:
    """In each worker: without ``--preload`` every worker imported the app itself."""
    if not server.cfg.preload_app:
        _import_eagerly()
