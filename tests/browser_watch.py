"""What a browser test must not see: a non-2xx HTTP answer, a console error, an uncaught error.

Every browser context the tests open comes from :class:`WatchedBrowser` (the ``browser``
fixture in ``conftest.py``), which records each such problem in one :class:`BrowserWatch`.
``conftest.py`` fails a test when a problem was recorded while it ran, unless the test
expects it with the ``expect_browser_errors`` marker (see :func:`unexpected`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Response, WebError

#: The route of Dash's callbacks: a failing answer is described by the callback's outputs.
CALLBACK_ROUTE = "/_dash-update-component"

#: Longest wait for a condition or a page load in a watched context, in milliseconds.
WAIT_MS = 120_000

#: "304 Not Modified" is not an error: a page opened again revalidates its cached files.
NOT_MODIFIED = 304


@dataclass(frozen=True)
class Problem:
    """One thing a page showed that no test should see unless it asked for it.

    ``text`` is one line, matched by the patterns of ``expect_browser_errors``:
    ``HTTP 500 POST http://... (callback ..plan-totals.children..)``,
    ``console error: Failed to load resource: ...`` or ``page error: TypeError: ...``.
    """

    text: str


@dataclass
class BrowserWatch:
    """Every problem seen by any watched context, in order (tests take their slice)."""

    problems: list[Problem] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> BrowserContext:
        """Record the problems of every page of ``context`` from now on; return it."""
        context.on("response", self._response)
        context.on("console", self._console)
        context.on("weberror", self._web_error)
        return context

    def mark(self) -> int:
        """Return a mark: :meth:`since` gives the problems recorded after it."""
        return len(self.problems)

    def since(self, mark: int) -> list[Problem]:
        """Return the problems recorded since ``mark``."""
        return self.problems[mark:]

    def _response(self, response: Response) -> None:
        status = response.status
        if not response.url.startswith(("http://", "https://")):
            return  # file:// and data: pages have no HTTP status
        if 200 <= status < 300 or status == NOT_MODIFIED:
            return
        request = response.request
        text = f"HTTP {status} {request.method} {response.url}"
        if CALLBACK_ROUTE in response.url:
            text += f" (callback {callback_output(request.post_data_json)})"
        self.problems.append(Problem(text))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url") or ""
            line = " ".join(message.text.split())
            self.problems.append(Problem(f"console error: {line} [{where}]"))

    def _web_error(self, error: WebError) -> None:
        self.problems.append(Problem(f"page error: {error.error}"))


def callback_output(body: Any) -> str:
    """Return the ``output`` of a Dash callback request body, or ``?`` when it has none."""
    if isinstance(body, dict) and isinstance(body.get("output"), str):
        return str(body["output"])
    return "?"


class WatchedBrowser:
    """A Playwright browser whose new contexts are watched by a :class:`BrowserWatch`.

    Only :meth:`new_context` is offered: open pages from a context, so that its
    problems are recorded whichever page shows them.
    """

    def __init__(self, browser: Browser, watch: BrowserWatch) -> None:
        self._browser = browser
        self.watch = watch

    def new_context(self, **options: Any) -> BrowserContext:
        """Open a browser context (Playwright's options) whose pages are watched.

        Its pages wait up to :data:`WAIT_MS` for a condition (Playwright's default is
        30 s): beside CPU-bound work on two cores a first page load alone can take
        longer, and a test that waits on conditions should fail only when one never
        comes.
        """
        context = self._browser.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
        return self.watch.watch(context)


def unexpected(problems: Iterable[Problem], expected: Sequence[str]) -> list[str]:
    """Return the problems no ``expected`` pattern matches, and each pattern that matched none.

    A test that provokes an error on purpose names it with a regular expression
    (``re.search`` on :attr:`Problem.text`); a pattern that matches nothing is
    reported too, so an opt-out cannot outlive the error it was written for.
    """
    patterns = [re.compile(p) for p in expected]
    used: set[int] = set()
    left = []
    for problem in problems:
        hits = [i for i, p in enumerate(patterns) if p.search(problem.text)]
        used.update(hits)
        if not hits:
            left.append(problem.text)
    stale = [p.pattern for i, p in enumerate(patterns) if i not in used]
    return left + [f"expected but not seen: {p!r}" for p in stale]
