"""Gunicorn settings for CoopAtlas.

Use: ``gunicorn -c python:dashboard.gunicorn_conf dashboard.wsgi:server``

* binds to 127.0.0.1 (put a reverse proxy with HTTPS in front for other machines);
* sends ``Server: CoopAtlas`` without gunicorn's name or version;
* logs requests without their query strings (``%(U)s`` is the path only), so no
  filter value or handle ends up in access logs; the Referer is not logged either.

Every value can be overridden on the command line (``--workers 4 --bind ...``).
"""

from __future__ import annotations

import os

import gunicorn

gunicorn.SERVER = "CoopAtlas"  # the Server header gunicorn sends

bind = f"{os.environ.get('COOPATLAS_HOST', '127.0.0.1')}:{os.environ.get('COOPATLAS_PORT', '8050')}"
workers = int(os.environ.get("COOPATLAS_WORKERS", "2"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
