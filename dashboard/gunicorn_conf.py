"""Gunicorn settings for CoopAtlas.

Use: ``gunicorn -c python:dashboard.gunicorn_conf dashboard.wsgi:server``

* binds to 127.0.0.1 (put a reverse proxy with HTTPS in front for other machines);
* sends ``Server: CoopAtlas`` without gunicorn's name or version;
* logs requests without their query strings (``%(U)s`` is the path only), so no
  filter value or handle ends up in access logs; the Referer is not logged either;
  an export's one-time token is masked in the path (:class:`TokenMaskingLogger`).

Every value can be overridden on the command line (``--workers 4 --bind ...``).
"""

from __future__ import annotations

import os
import re
from typing import Any

import gunicorn
from gunicorn.glogging import Logger

from dashboard.downloads import URL_PREFIX

gunicorn.SERVER = "CoopAtlas"  # the Server header gunicorn sends

bind = f"{os.environ.get('COOPATLAS_HOST', '127.0.0.1')}:{os.environ.get('COOPATLAS_PORT', '8050')}"
workers = int(os.environ.get("COOPATLAS_WORKERS", "2"))
# Threads per worker (gunicorn's gthread worker): a worker waiting for an upload's
# reader (a child process, dashboard.upload_sandbox) still answers other requests.
threads = int(os.environ.get("COOPATLAS_THREADS", "4"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


_EXPORT_TOKEN = re.compile(re.escape(URL_PREFIX) + r"/[0-9a-f]{32}")


def mask_tokens(text: str) -> str:
    """Return ``text`` (a path or request line) with export tokens replaced by ``…``."""
    return _EXPORT_TOKEN.sub(f"{URL_PREFIX}/…", text)


class TokenMaskingLogger(Logger):
    """gunicorn's logger, with export tokens masked in the path and the request line."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """Return gunicorn's log atoms with ``U`` and ``r`` masked (:func:`mask_tokens`)."""
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_tokens(atoms[key])
        return atoms


logger_class = TokenMaskingLogger
