/* regeneratorRuntime: the one thing the page's bundles still need from Babel's polyfill.
 *
 * Dash writes Babel's polyfill (core-js 2 and regenerator) first into every page: about
 * 90 KB of script that Chromium spends some 30 ms of main-thread time evaluating before
 * anything else, for features every browser the dashboard supports has natively
 * (Promise, Symbol, Map, Array.prototype.includes ...). Only the global
 * `regeneratorRuntime` is used: the loader of Dash's lazy components (Dash's renderer
 * and dash_core_components, `regeneratorRuntime.mark` and `.wrap`) was compiled by
 * Babel's regenerator transform into state machines that call it.
 * dashboard/first_load.py leaves the polyfill out of the page (REPLACED_SCRIPTS) and
 * this file defines that global: the runtime protocol the transform compiles to (a
 * function of a context whose `prev`/`next` name the state, `sent` the value sent in,
 * `abrupt`, `catch`, `finish`, `delegateYield` and `stop`), with try/catch/finally.
 * tests/test_regenerator_browser.py runs hand-compiled machines through it, and
 * tests/test_first_load.py checks that no bundle asks for more of it than is here.
 */
(function (global) {
  "use strict";

  if (global.regeneratorRuntime) { return; }  // the polyfill is on the page after all

  var CONTINUE = {};  // returned by the context's methods: run the machine again
  var START = 0, YIELDED = 1, RUNNING = 2, DONE = 3;

  function Generator() {}
  function GeneratorFunction() {}
  var GeneratorPrototype = Generator.prototype;
  GeneratorPrototype.next = function (arg) { return this._invoke("next", arg); };
  GeneratorPrototype["throw"] = function (arg) { return this._invoke("throw", arg); };
  GeneratorPrototype["return"] = function (arg) { return this._invoke("return", arg); };
  GeneratorPrototype[Symbol.iterator] = function () { return this; };
  GeneratorPrototype.toString = function () { return "[object Generator]"; };
  GeneratorFunction.prototype = GeneratorPrototype;

  function attempt(fn, self, arg) {
    try {
      return { type: "normal", arg: fn.call(self, arg) };
    } catch (error) {
      return { type: "throw", arg: error };
    }
  }

  /* An iterator over `iterable`, for `yield*` (delegateYield) and `values`. */
  function values(iterable) {
    if (iterable) {
      var method = iterable[Symbol.iterator];
      if (method) { return method.call(iterable); }
      if (typeof iterable.next === "function") { return iterable; }
      if (!isNaN(iterable.length)) {
        var i = -1;
        return {
          next: function () {
            i += 1;
            return i < iterable.length ? { value: iterable[i], done: false }
              : { value: undefined, done: true };
          }
        };
      }
    }
    throw new TypeError(typeof iterable + " is not iterable");
  }

  /* The state shared by a machine's runs: where it is, the value sent in, its try blocks. */
  function Context(tryLocations) {
    // the root entry stands for the whole function: an error nothing catches lands there
    this.tryEntries = [{ tryLoc: "root", completion: { type: "normal" } }];
    for (var i = 0; i < tryLocations.length; i += 1) {
      var loc = tryLocations[i];  // [try, catch, finally, after]; catch or finally may be absent
      var entry = { tryLoc: loc[0], completion: { type: "normal" } };
      if (1 in loc) { entry.catchLoc = loc[1]; }
      if (2 in loc) { entry.finallyLoc = loc[2]; entry.afterLoc = loc[3]; }
      this.tryEntries.push(entry);
    }
    this.prev = 0;
    this.next = 0;
    this.sent = undefined;
    this._sent = undefined;
    this.done = false;
    this.delegate = null;
    this.method = "next";
    this.arg = undefined;
    this.rval = undefined;
  }

  Context.prototype = {
    constructor: Context,

    stop: function () {
      this.done = true;
      var root = this.tryEntries[0].completion;
      if (root.type === "throw") { throw root.arg; }
      return this.rval;
    },

    /* Send an error to the innermost enclosing catch or finally; true when a catch takes it. */
    dispatchException: function (exception) {
      if (this.done) { throw exception; }
      var context = this;
      function handle(loc, caught) {
        record.type = "throw";
        record.arg = exception;
        context.next = loc;
        if (caught) {  // the catch block runs as a normal step
          context.method = "next";
          context.arg = undefined;
        }
        return caught;
      }
      for (var i = this.tryEntries.length - 1; i >= 0; i -= 1) {
        var entry = this.tryEntries[i];
        var record = entry.completion;
        if (entry.tryLoc === "root") { return handle("end", false); }
        if (entry.tryLoc <= this.prev) {
          if ("catchLoc" in entry && this.prev < entry.catchLoc) { return handle(entry.catchLoc, true); }
          if ("finallyLoc" in entry && this.prev < entry.finallyLoc) { return handle(entry.finallyLoc, false); }
        }
      }
      return false;
    },

    /* A return, break or continue: through the enclosing finally block, if any. */
    abrupt: function (type, arg) {
      var finallyEntry = null;
      for (var i = this.tryEntries.length - 1; i >= 0; i -= 1) {
        var entry = this.tryEntries[i];
        if (entry.tryLoc <= this.prev && "finallyLoc" in entry && this.prev < entry.finallyLoc) {
          finallyEntry = entry;
          break;
        }
      }
      if (finallyEntry && (type === "break" || type === "continue") &&
          finallyEntry.tryLoc <= arg && arg <= finallyEntry.finallyLoc) {
        finallyEntry = null;  // a jump inside the try block: its finally does not run yet
      }
      var record = finallyEntry ? finallyEntry.completion : {};
      record.type = type;
      record.arg = arg;
      if (finallyEntry) {
        this.method = "next";
        this.next = finallyEntry.finallyLoc;
        return CONTINUE;
      }
      return this.complete(record);
    },

    complete: function (record, afterLoc) {
      if (record.type === "throw") { throw record.arg; }
      if (record.type === "break" || record.type === "continue") {
        this.next = record.arg;
      } else if (record.type === "return") {
        this.rval = this.arg = record.arg;
        this.method = "return";
        this.next = "end";
      } else if (record.type === "normal" && afterLoc) {
        this.next = afterLoc;
      }
      return CONTINUE;
    },

    /* The end of a finally block: carry on with what entered it (a return, an error ...). */
    finish: function (finallyLoc) {
      for (var i = this.tryEntries.length - 1; i >= 0; i -= 1) {
        var entry = this.tryEntries[i];
        if (entry.finallyLoc === finallyLoc) {
          var record = entry.completion;
          entry.completion = { type: "normal" };
          this.complete(record, entry.afterLoc);
          return CONTINUE;
        }
      }
      throw new Error("regeneratorRuntime: no finally block at " + finallyLoc);
    },

    /* The error a catch block receives. */
    "catch": function (tryLoc) {
      for (var i = this.tryEntries.length - 1; i >= 0; i -= 1) {
        var entry = this.tryEntries[i];
        if (entry.tryLoc === tryLoc) {
          var record = entry.completion;
          if (record.type === "throw") {
            entry.completion = { type: "normal" };
            return record.arg;
          }
        }
      }
      throw new Error("regeneratorRuntime: no error to catch at " + tryLoc);
    },

    delegateYield: function (iterable, resultName, nextLoc) {
      this.delegate = { iterator: values(iterable), resultName: resultName, nextLoc: nextLoc };
      if (this.method === "next") { this.arg = undefined; }
      return CONTINUE;
    }
  };

  /* One step of a `yield*`: the delegate's result, or null when the machine takes over. */
  function stepDelegate(context, delegate) {
    var iterator = delegate.iterator;
    var method = iterator[context.method];
    if (method === undefined) {  // the iterator has no throw or return of its own
      context.delegate = null;
      if (context.method === "throw") {
        if (iterator["return"]) {  // close it first, then throw in the machine
          context.method = "return";
          context.arg = undefined;
          stepDelegate(context, delegate);
          if (context.method === "throw") { return null; }
        }
        context.method = "throw";
        context.arg = new TypeError("The iterator does not provide a 'throw' method");
      }
      return null;
    }
    var record = attempt(method, iterator, context.arg);
    if (record.type === "throw") {
      context.method = "throw";
      context.arg = record.arg;
      context.delegate = null;
      return null;
    }
    var info = record.arg;
    if (!info || typeof info !== "object") {
      context.method = "throw";
      context.arg = new TypeError("iterator result is not an object");
      context.delegate = null;
      return null;
    }
    if (!info.done) { return info; }  // yielded by the delegate: passed on as it is
    context[delegate.resultName] = info.value;
    context.next = delegate.nextLoc;
    if (context.method !== "return") {
      context.method = "next";
      context.arg = undefined;
    }
    context.delegate = null;
    return null;
  }

  function invoker(innerFn, self, context) {
    var state = START;
    return function invoke(method, arg) {
      if (state === RUNNING) { throw new Error("Generator is already running"); }
      if (state === DONE) {
        if (method === "throw") { throw arg; }
        return { value: undefined, done: true };
      }
      context.method = method;
      context.arg = arg;
      for (;;) {
        if (context.delegate) {
          var delegated = stepDelegate(context, context.delegate);
          if (delegated) { return delegated; }
        }
        if (context.method === "next") {
          context.sent = context._sent = context.arg;
        } else if (context.method === "throw") {
          if (state === START) {
            state = DONE;
            throw context.arg;
          }
          context.dispatchException(context.arg);
        } else if (context.method === "return") {
          context.abrupt("return", context.arg);
        }
        state = RUNNING;
        var record = attempt(innerFn, self, context);
        if (record.type === "normal") {
          state = context.done ? DONE : YIELDED;
          if (record.arg === CONTINUE) { continue; }
          return { value: record.arg, done: context.done };
        }
        state = DONE;  // an error: dispatched to a catch or finally on the next turn
        context.method = "throw";
        context.arg = record.arg;
      }
    };
  }

  global.regeneratorRuntime = {
    /* Make `genFun` a generator function (its calls' results are generators). */
    mark: function (genFun) {
      Object.setPrototypeOf(genFun, GeneratorFunction);
      genFun.prototype = Object.create(GeneratorPrototype);
      return genFun;
    },
    /* A generator running the compiled machine `innerFn` (with `self` as this). */
    wrap: function (innerFn, outerFn, self, tryLocations) {
      var proto = outerFn && outerFn.prototype instanceof Generator ? outerFn.prototype
        : GeneratorPrototype;
      var generator = Object.create(proto);
      generator._invoke = invoker(innerFn, self, new Context(tryLocations || []));
      return generator;
    },
    isGeneratorFunction: function (genFun) {
      return typeof genFun === "function" && Object.getPrototypeOf(genFun) === GeneratorFunction;
    },
    /* The own and inherited keys of an object, for a `for ... in` inside a generator. */
    keys: function (object) {
      var keys = [];
      for (var key in object) { keys.push(key); }
      keys.reverse();
      return function next() {
        while (keys.length) {
          var key = keys.pop();
          if (key in object) {
            next.value = key;
            next.done = false;
            return next;
          }
        }
        next.done = true;
        return next;
      };
    },
    values: values
  };
})(window);
