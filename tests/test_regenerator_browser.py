"""In Chromium: ``assets/coopatlas_regenerator.js`` runs generators as Babel compiles them.

The page leaves Babel's polyfill out (``dashboard.first_load.REPLACED_SCRIPTS``); the
lazy components' loader still calls ``regeneratorRuntime``. Each case below is a
generator function written twice: natively, and as the state machine that Babel's
regenerator transform makes of it (written out by hand: ``prev``/``next`` name the
states, ``tryLocs`` the try blocks as ``[try, catch, finally, after]``). Both run the
same steps; each step's outcome was worked out by hand and both must give it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from dashboard.app import ASSETS

pytestmark = pytest.mark.browser

RUNTIME = ASSETS / "coopatlas_regenerator.js"

#: Steps: ``[method, argument]``; an outcome: ``[value, done]``, or ``["throws", message]``.
CASES: dict[str, dict[str, Any]] = {
    "values sent in": {
        "native": "function* () { var a = yield 1; var b = yield a + 1; return a + b; }",
        "compiled": """R.mark(function f() { var a, b; return R.wrap(function (c) {
            for (;;) switch (c.prev = c.next) {
              case 0: c.next = 2; return 1;
              case 2: a = c.sent; c.next = 5; return a + 1;
              case 5: b = c.sent; return c.abrupt("return", a + b);
              case 7: case "end": return c.stop();
            } }, f); })""",
        "steps": [["next", None], ["next", 10], ["next", 5], ["next", None]],
        "outcomes": [[1, False], [11, False], [15, True], [None, True]],
    },
    "an error thrown in, caught": {
        "native": """function* () {
            try { yield 1; } catch (e) { yield "caught " + e; } return "end"; }""",
        "compiled": """R.mark(function f() { return R.wrap(function (c) {
            for (;;) switch (c.prev = c.next) {
              case 0: c.prev = 0; c.next = 3; return 1;
              case 3: c.next = 9; break;
              case 5: c.prev = 5; c.t0 = c["catch"](0); c.next = 9; return "caught " + c.t0;
              case 9: return c.abrupt("return", "end");
              case 10: case "end": return c.stop();
            } }, f, null, [[0, 5]]); })""",
        "steps": [["next", None], ["throw", "boom"], ["next", None]],
        "outcomes": [[1, False], ["caught boom", False], ["end", True]],
    },
    "an error raised, caught, then finally": {
        "native": """function* () { var log = [];
            try { yield 1; throw new Error("x"); } catch (e) { log.push(e.message); }
            finally { log.push("f"); } return log.join(","); }""",
        "compiled": """R.mark(function f() { var log; return R.wrap(function (c) {
            for (;;) switch (c.prev = c.next) {
              case 0: log = []; c.prev = 1; c.next = 4; return 1;
              case 4: throw new Error("x");
              case 7: c.prev = 7; c.t0 = c["catch"](1); log.push(c.t0.message);
              case 10: c.prev = 10; log.push("f"); return c.finish(10);
              case 13: return c.abrupt("return", log.join(","));
              case 14: case "end": return c.stop();
            } }, f, null, [[1, 7, 10, 13]]); })""",
        "steps": [["next", None], ["next", None], ["next", None]],
        "outcomes": [[1, False], ["x,f", True], [None, True]],
    },
    "return() runs the finally block": {
        "native": """function* () { try { yield 1; yield 2; } finally { yield "cleanup"; } }""",
        "compiled": """R.mark(function f() { return R.wrap(function (c) {
            for (;;) switch (c.prev = c.next) {
              case 0: c.prev = 0; c.next = 3; return 1;
              case 3: c.next = 5; return 2;
              case 5: c.prev = 5; c.next = 8; return "cleanup";
              case 8: return c.finish(5);
              case 9: case "end": return c.stop();
            } }, f, null, [[0, , 5, 9]]); })""",
        "steps": [["next", None], ["return", 9], ["next", None], ["next", None]],
        "outcomes": [[1, False], ["cleanup", False], [9, True], [None, True]],
    },
    "an uncaught error ends the generator": {
        "native": """function* () { yield 1; throw new Error("e"); }""",
        "compiled": """R.mark(function f() { return R.wrap(function (c) {
            for (;;) switch (c.prev = c.next) {
              case 0: c.next = 2; return 1;
              case 2: throw new Error("e");
              case 3: case "end": return c.stop();
            } }, f); })""",
        "steps": [["next", None], ["next", None], ["next", None]],
        "outcomes": [[1, False], ["throws", "e"], [None, True]],
    },
    "thrown in before it starts": {
        "native": """function* () { yield 1; }""",
        "compiled": """R.mark(function f() { return R.wrap(function (c) {
            for (;;) switch (c.prev = c.next) {
              case 0: c.next = 2; return 1;
              case 2: case "end": return c.stop();
            } }, f); })""",
        "steps": [["throw", "early"], ["next", None]],
        "outcomes": [["throws", "early"], [None, True]],
    },
    "yield* another generator": {
        "native": """function* () { var r = yield* (function* () { var s = yield "a";
            return "b" + s; })(); return r + "!"; }""",
        "compiled": """R.mark(function f() { var r; return R.wrap(function (c) {
            for (;;) switch (c.prev = c.next) {
              case 0: return c.delegateYield((function* () { var s = yield "a";
                return "b" + s; })(), "t0", 1);
              case 1: r = c.t0; return c.abrupt("return", r + "!");
              case 3: case "end": return c.stop();
            } }, f); })""",
        "steps": [["next", None], ["next", 2], ["next", None]],
        "outcomes": [["a", False], ["b2!", True], [None, True]],
    },
}

#: Runs a generator function's steps; an error becomes ``["throws", message]``.
_RUN = """([source, steps]) => {
  const R = window.regeneratorRuntime;
  const make = (0, eval)("(" + source.replace(/\\bR\\./g, "regeneratorRuntime.") + ")");
  const generator = make();
  return steps.map(([method, arg]) => {
    try {
      const result = generator[method](arg === null ? undefined : arg);
      return [result.value === undefined ? null : result.value, result.done];
    } catch (error) {
      return ["throws", error instanceof Error ? error.message : String(error)];
    }
  });
}"""

#: The lazy components' loader as compiled: an async function awaiting a promise,
#: driven the way Babel's ``asyncToGenerator`` helper drives it.
_ASYNC = """() => new Promise((resolve, reject) => {
  const R = window.regeneratorRuntime;
  let ready = "no";
  const loader = R.mark(function load() { return R.wrap(function (c) {
    for (;;) switch (c.prev = c.next) {
      case 0: c.next = 2; return Promise.resolve("yes");
      case 2: ready = c.sent;
      case 3: case "end": return c.stop();
    } }, load); });
  const generator = loader();
  function step(method, arg) {
    let result;
    try { result = generator[method](arg); } catch (error) { reject(error); return; }
    if (result.done) { resolve([ready, result.value === undefined]); return; }
    Promise.resolve(result.value).then((v) => step("next", v), (e) => step("throw", e));
  }
  step("next");
})"""


@pytest.fixture
def blank(browser: Any) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>regenerator</title>")
    page.add_script_tag(path=str(RUNTIME))
    yield page
    context.close()


@pytest.mark.parametrize("name", list(CASES))
def test_a_compiled_generator_runs_as_the_native_one(blank: Any, name: str) -> None:
    case = CASES[name]
    native = blank.evaluate(_RUN, [case["native"], case["steps"]])
    compiled = blank.evaluate(_RUN, [case["compiled"], case["steps"]])
    expected = json.loads(json.dumps(case["outcomes"]))
    assert native == expected  # the hand-worked outcomes are JavaScript's own
    assert compiled == expected


def test_the_lazy_loader_awaits_as_compiled(blank: Any) -> None:
    assert blank.evaluate(_ASYNC) == ["yes", True]


def test_generator_functions_are_marked(blank: Any) -> None:
    marked = blank.evaluate(
        """() => { const R = window.regeneratorRuntime;
            const f = R.mark(function f() {}); const g = R.wrap(function () {}, f);
            return [R.isGeneratorFunction(f), R.isGeneratorFunction(function () {}),
                    String(g), typeof g[Symbol.iterator]]; }"""
    )
    assert marked == [True, False, "[object Generator]", "function"]
