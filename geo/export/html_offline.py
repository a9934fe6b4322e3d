"""Self-contained HTML pages: Leaflet inlined from the installed package, and the offline check.

* :func:`leaflet_assets` reads Leaflet's JavaScript and CSS from the
  ``xstatic-leaflet`` package, with the images its CSS names inlined as
  ``data:`` URIs and the source-map comment dropped, ready to be put inside
  ``<script>`` and ``<style>`` elements;
* :func:`external_references` lists every resource a rendered page would
  still load from outside the file (any ``src``/``href`` attribute or CSS
  ``url(...)``/``@import`` that is not ``data:`` or ``#...``).

:mod:`geo.export.html` uses both to write maps that open with no network.
"""

from __future__ import annotations

import base64
import functools
import re
from html.parser import HTMLParser
from pathlib import Path

from geo._errors import DataFileError

_URL_RE = re.compile(r"url\(\s*(['\"]?)([^)'\"]*)\1\s*\)", re.IGNORECASE)
_IMPORT_RE = re.compile(r"@import\s+(['\"])([^'\"]*)\1", re.IGNORECASE)
_SOURCE_MAP_RE = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_REF_ATTRIBUTES = frozenset({"src", "href", "xlink:href", "srcset", "poster", "data", "action"})

# --------------------------------------------------------------------------- Leaflet


def _inline_css_urls(css: str, base: Path) -> str:
    """Replace ``url(relative.png)`` by a ``data:`` URI of the packaged file."""

    def replace(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if not target or target.startswith(("data:", "#")):
            return match.group(0)
        file = (base / target).resolve()
        if file.suffix.lower() != ".png" or not file.is_file() or base not in file.parents:
            raise DataFileError(
                f"Leaflet's CSS refers to {target!r}, which is not a packaged PNG image under "
                f"{base}; reinstall it: pip install --force-reinstall xstatic-leaflet"
            )
        data = base64.b64encode(file.read_bytes()).decode("ascii")
        return f'url("data:image/png;base64,{data}")'

    return _URL_RE.sub(replace, css)


@functools.lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str, str]:
    """Return Leaflet's JavaScript, its CSS (images inlined) and its version.

    Read from the ``xstatic-leaflet`` package, so no network is needed.

    Returns
    -------
    (str, str, str)
        Minified JavaScript without its source-map comment, CSS whose images
        are ``data:`` URIs, and the Leaflet version.

    Raises
    ------
    ModuleNotFoundError
        If ``xstatic-leaflet`` is not installed (the message gives the command).
    DataFileError
        If the package files are missing or name an image that is not there.
    """
    try:
        from xstatic.pkg import leaflet
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ModuleNotFoundError(
            "xstatic-leaflet is needed for offline HTML maps: pip install xstatic-leaflet"
        ) from exc
    base = Path(leaflet.BASE_DIR).resolve()
    try:
        js = (base / "leaflet.js").read_text(encoding="utf-8")
        css = (base / "leaflet.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(
            f"Leaflet files missing under {base} ({exc}); reinstall xstatic-leaflet"
        ) from exc
    js = _SOURCE_MAP_RE.sub("", js)
    # inside <script>/<style>, "</" could close the element early; "<\/" means the same
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = _inline_css_urls(css, base).replace("</", "<\\/")
    return js, css, str(leaflet.VERSION)


# --------------------------------------------------------------------------- offline check


class _ReferenceFinder(HTMLParser):
    """Collect every resource reference of a page: attributes and CSS ``url()``/``@import``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in _REF_ATTRIBUTES:
                self.references.append(value)
            elif name == "style":
                self._css(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)

    def _css(self, css: str) -> None:
        self.references += [m.group(2).strip() for m in _URL_RE.finditer(css)]
        self.references += [m.group(2).strip() for m in _IMPORT_RE.finditer(css)]


def external_references(page: str) -> list[str]:
    """Return the resource references of an HTML page that are neither ``data:`` nor ``#...``.

    Looks at ``src``, ``href`` (and the other URL attributes) of every tag and
    at ``url(...)`` and ``@import`` in ``<style>`` elements and ``style``
    attributes. Text inside ``<script>`` is not markup and is not read.

    Parameters
    ----------
    page
        HTML text.

    Returns
    -------
    list of str
        The offending references, in document order (empty for an offline page).
    """
    finder = _ReferenceFinder()
    finder.feed(page)
    finder.close()
    return [r for r in finder.references if r and not r.startswith(("data:", "#"))]
