"""What a first visit downloads: no unused bundle, fixed files compressed once and hard.

Most of a first visit is JavaScript that never changes while the server runs (about
1.0 of 1.2 MB as Flask-Compress sent it; AG Grid alone 0.6 MB). Three things keep it small:

* **No unused bundle.** Dash writes a ``<script>`` for the DataTable bundle into every
  page, used or not (``Dash._generate_scripts_html`` lists ``dash_table`` by name; it
  is not in ``ComponentRegistry``, so importing less does not drop it). CoopAtlas
  uses AG Grid, not DataTable: :class:`LeanDash` overrides
  ``Dash.interpolate_index``, the documented way to change the page Dash serves, to
  leave out the scripts of :data:`UNUSED_BUNDLES`. A component of such a bundle in
  the layout would then fail to render (``tests/test_first_load.py`` checks that
  none is used).
* **No legacy polyfill.** Dash writes Babel's polyfill (core-js 2 and regenerator, 90 KB)
  first into every page, and Chromium spent about 30 ms of main-thread time evaluating
  it before any other script, for features every supported browser has natively. The
  bundles use only its ``regeneratorRuntime`` (the loader of the lazy components):
  :data:`REPLACED_SCRIPTS` leaves the polyfill out and ``assets/coopatlas_regenerator.js``
  defines that runtime (``tests/test_first_load.py`` checks that no bundle asks for
  more of it; ``tests/test_regenerator_browser.py`` runs compiled generators through it).
* **Fixed files compressed once, and hard.** Flask-Compress compresses each
  response as it leaves, at a level cheap enough for every callback answer (brotli 4,
  zstd 3). Component bundles, the app's assets and the fixed GeoJSON routes are
  instead compressed at brotli's quality 10, 16 % smaller (896 against 1,068 KB),
  which takes about 2.4 s of CPU for all of them, 1 s for the largest (AG Grid's
  1.3 MB bundle); quality 11 would save 16 KB more for twice the CPU. Each is
  compressed once per process and kept in a cache keyed by its content: on its first
  request, or all at once by :func:`warm` (``dashboard/wsgi.py`` calls it, so no
  visitor waits for it; under ``gunicorn --preload`` the master does it once for
  every worker).
* **Brotli before zstd.** Chromium offers zstd, which Flask-Compress prefers by
  default; at level 3 it makes the answers about 4 % larger than brotli 4.

* **Nothing waits for the first render.** The chunks of the first page's lazy
  components (:data:`FIRST_PAGE_CHUNKS`) are loaded with the bundles
  (:func:`first_page_tags`) and the map's fixed GeoJSON is preloaded
  (:func:`preload_tags`, :attr:`LeanDash.preload_urls`): before, each was asked for
  only once the page's answer was drawn, the geometry after the table's rows.

Dash's favicon URL carries Dash's version (``/_favicon.ico?v=4.4.1``) but is sent
without caching headers, so Chromium asked for it three times per visit; it is now
cacheable for a day.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import threading
from collections.abc import Sequence

import brotli
import flask
from cachetools import LRUCache
from dash import Dash
from flask_compress import Compress

from dashboard.auth import ENV, parse_credentials

#: Component bundles a page never needs (paths under ``_dash-component-suites/``).
UNUSED_BUNDLES: tuple[str, ...] = ("dash/dash_table/",)

#: Scripts Dash writes into the page that the app replaces by a lighter one of its own
#: (paths under ``_dash-component-suites/``): Babel's polyfill, whose only part the
#: bundles use is ``regeneratorRuntime`` (``assets/coopatlas_regenerator.js``).
REPLACED_SCRIPTS: tuple[str, ...] = ("dash/deps/polyfill@",)

#: Chunks that components of the first page load on demand (``async-*.js``, under
#: ``_dash-component-suites/``); ``tests/test_first_load.py`` checks that after
#: :func:`warm` a first visit fetches no other fixed file.
FIRST_PAGE_CHUNKS: tuple[str, ...] = (
    "dash/dcc/async-dropdown.js",
    "dash/dcc/async-slider.js",
    "dash/dcc/async-upload.js",
    "dash_ag_grid/async-community.js",
    "dash_leaflet/async-GeoJSON.js",
)

#: Brotli quality of the files compressed once (of 0-11; see the module's docstring).
FIXED_QUALITY = 10

#: Order of preference when the browser accepts several encodings.
ALGORITHMS = ("br", "zstd", "gzip", "deflate")

#: Seconds a browser may keep Dash's versioned favicon.
FAVICON_MAX_AGE = 86_400

# Compressed files by the digest of their content: shared by every app of the
# process (the same bundle is the same bytes), at most 32 MB.
_COMPRESSED: LRUCache[bytes, bytes] = LRUCache(maxsize=32 * 2**20, getsizeof=len)
_LOCK = threading.Lock()


class LeanDash(Dash):
    """A Dash app whose page loads no script of :data:`UNUSED_BUNDLES` or :data:`REPLACED_SCRIPTS`.

    It also loads the :data:`FIRST_PAGE_CHUNKS` with the bundles (:func:`first_page_tags`)
    and asks early for the fixed routes in :attr:`preload_urls`.
    """

    #: Fixed routes the first page fetches (the map's GeoJSON), asked for with the scripts.
    preload_urls: tuple[str, ...] = ()

    def interpolate_index(
        self,
        metas: str = "",
        title: str = "",
        css: str = "",
        config: str = "",
        scripts: str = "",
        app_entry: str = "",
        favicon: str = "",
        renderer: str = "",
    ) -> str:
        """Return Dash's page without the ``<script>`` tags of unused and replaced scripts."""
        suites = f"{self.config.requests_pathname_prefix}_dash-component-suites/"
        unused = tuple(f'src="{suites}{path}' for path in (*UNUSED_BUNDLES, *REPLACED_SCRIPTS))
        kept = "\n".join(
            [
                *(tag for tag in scripts.split("\n") if not any(src in tag for src in unused)),
                *first_page_tags(suites, FIRST_PAGE_CHUNKS),
            ]
        )
        return super().interpolate_index(
            metas=metas + "".join(preload_tags(self.preload_urls)),
            title=title,
            css=css,
            config=config,
            scripts=kept,
            app_entry=app_entry,
            favicon=favicon,
            renderer=renderer,
        )


def first_page_tags(suites: str, chunks: Sequence[str]) -> list[str]:
    """Return ``<script>`` tags loading ``chunks`` with the bundles, not after the first render.

    Components such as the map's GeoJSON layer and the grid are ``React.lazy``: their
    code (a webpack chunk) is asked for only when the page's first answer renders them,
    and each then waits for a round trip and its turn on Chromium's main thread, the
    map's geometry request behind the grid's first drawing. A chunk loaded by a plain
    ``<script>`` registers itself with its bundle (the way Dash's ``eager_loading``
    loads every chunk of every component), so the first render finds it ready.
    """
    return [f'<script src="{suites}{chunk}"></script>' for chunk in chunks]


def preload_tags(urls: Sequence[str]) -> list[str]:
    """Return ``<link rel="preload">`` tags: fetch ``urls`` while the scripts load.

    ``as="fetch"`` with ``crossorigin="anonymous"`` matches dash-leaflet's own
    ``fetch(url)`` (same origin, default credentials), which then takes the preloaded
    response instead of asking again.
    """
    return [f'<link rel="preload" href="{url}" as="fetch" crossorigin="anonymous">' for url in urls]


def install_compression(server: flask.Flask, *, fixed_paths: tuple[str, ...]) -> None:
    """Compress every response; those under ``fixed_paths`` once, at :data:`FIXED_QUALITY`.

    Parameters
    ----------
    server
        The Flask application (changed in place).
    fixed_paths
        URL path prefixes whose responses never change while the server runs
        (component bundles, assets, fixed GeoJSON routes).
    """
    server.config["COMPRESS_ALGORITHM"] = list(ALGORITHMS)
    compress = Compress(server)
    compress.compress_mimetypes_set.add("application/geo+json")

    # Registered after Flask-Compress, so it runs before it (Flask runs these hooks
    # in reverse order); Flask-Compress leaves a response with an encoding alone.
    @server.after_request
    def _compress_fixed(response: flask.Response) -> flask.Response:
        request = flask.request
        if request.path.endswith("/_favicon.ico") and request.args.get("v"):
            response.cache_control.public = True
            response.cache_control.max_age = FAVICON_MAX_AGE
        if (
            request.method == "GET"
            and response.status_code == 200
            and request.path.startswith(fixed_paths)
            and "Content-Encoding" not in response.headers
            and response.mimetype in compress.compress_mimetypes_set
            and request.accept_encodings["br"]
        ):
            _compress_fixed_once(response, request)
        return response


def _compress_fixed_once(response: flask.Response, request: flask.Request) -> None:
    """Replace the body of ``response`` by its brotli form, compressed once per process."""
    response.direct_passthrough = False  # a file sent by Flask: read it here
    data = response.get_data()
    key = hashlib.blake2b(data, digest_size=16).digest()
    with _LOCK:
        body = _COMPRESSED.get(key)
    if body is None:
        body = brotli.compress(data, quality=FIXED_QUALITY)  # outside the lock: slow
        with _LOCK:
            _COMPRESSED[key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = "br"
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag and not weak:  # the compressed body is another representation
        response.set_etag(f"{etag}:br")
    response.make_conditional(request)


def warm(app: Dash, urls: Sequence[str] = ()) -> list[str]:
    """Compress now what a first visit fetches of the fixed files; return how many.

    Parameters
    ----------
    app
        The app, with :func:`install_compression` installed.
    urls
        Fixed routes the page fetches besides its scripts and styles (the GeoJSON).

    Returns
    -------
    list of str
        The paths requested (each compressed now, or found in the cache).
    """
    client = app.server.test_client()
    headers = {"Accept-Encoding": "br"}
    users = parse_credentials(os.environ.get(ENV))  # the page itself may need the login
    if users:
        user, password = next(iter(users.items()))
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    plain = {**headers, "Accept-Encoding": "identity"}
    page = client.get("/", headers=plain).get_data(as_text=True)
    suites = f"{app.config.requests_pathname_prefix}_dash-component-suites/"
    paths = [
        *re.findall(r'<(?:script|link)[^>]* (?:src|href)="(/[^"]+)"', page),
        *(suites + chunk for chunk in FIRST_PAGE_CHUNKS),
        *urls,
    ]
    for path in paths:
        client.get(path, headers=headers).close()
    return paths
