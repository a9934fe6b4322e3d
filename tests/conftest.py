"""Shared fixtures: one headless Chromium (Debian's) for every browser test, watched.

Every context opened from the ``browser`` fixture records each non-2xx HTTP answer,
console error and uncaught page error (:mod:`tests.browser_watch`); a test that saw
one fails, unless it names it with ``@pytest.mark.expect_browser_errors(pattern, ...)``
(regular expressions over the problem's text, each of which must then occur).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterator

import pytest

from tests.browser_watch import BrowserWatch, WatchedBrowser, unexpected

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

#: The problems seen by every browser context of this test run.
WATCH = BrowserWatch()
#: Where each browser test's slice of :data:`WATCH` starts.
_START = pytest.StashKey[int]()


@pytest.fixture(scope="session")
def browser() -> Iterator[WatchedBrowser]:
    """Debian's Chromium driven by Playwright; never a downloaded browser.

    Playwright's sync API can run once per process, so every browser test shares it.
    """
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the browser tests: install Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield WatchedBrowser(launched, WATCH)
        launched.close()


def _watched(item: pytest.Item) -> bool:
    return "browser" in getattr(item, "fixturenames", ())


def _problems(item: pytest.Item, *, final: bool) -> list[str]:
    """Return the item's unexpected problems since the last check, and move the mark on."""
    seen = WATCH.since(item.stash.get(_START, WATCH.mark()))
    item.stash[_START] = WATCH.mark()
    expected = [p for m in item.iter_markers("expect_browser_errors") for p in m.args]
    left = unexpected(seen, expected)
    # a pattern is checked for staleness once, after the test body
    return left if final else [p for p in left if not p.startswith("expected but not seen")]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    if _watched(item):
        item.stash[_START] = WATCH.mark()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    try:
        result = yield
    except BaseException:
        if _watched(item):  # the test failed already: its own message says more
            item.stash[_START] = WATCH.mark()
        raise
    if _watched(item) and (left := _problems(item, final=True)):
        pytest.fail("the browser saw:\n" + "\n".join(left), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    result = yield
    if _watched(item) and (left := _problems(item, final=False)):
        pytest.fail("the browser saw, after the test:\n" + "\n".join(left), pytrace=False)
    return result
