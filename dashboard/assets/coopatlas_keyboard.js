/* The page's keyboard path and the phone's filters drawer (dashboard/keyboard.py).
 *
 * - The map's units are one tab stop: one polygon has tabindex 0 (the last one
 *   reached, else the first selected, else the first by name), the others -1; the
 *   arrow keys, Home and End move between them in name order (Leaflet's own
 *   keyboard panning is left to the zoom buttons), Enter or Space selects one.
 * - The unit table is one tab stop: Tab leaves the grid (its dashGridOptions), the
 *   arrow keys move inside it, Enter or Space on a row selects its unit as a click does.
 * - Skip links move the focus, not only the scroll position.
 * - The page's title follows the view; Leaflet's zoom buttons are named in the page's language.
 * - Phones: the filters button opens the filters over the page and, pressed again,
 *   closes them and brings the map back into view. Tooltips are kept inside the map.
 */
(function () {
  "use strict";

  var roving = null;  // unit_id of the map's tab stop
  var collator = new Intl.Collator(document.documentElement.lang || "en", { sensitivity: "base" });

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  function drawn() {
    var paths = Array.prototype.slice.call(document.querySelectorAll("#map path[data-unit]"));
    return paths.filter(function (p) { return p.getAttribute("d") !== "M0 0"; })
      .sort(function (a, b) {
        return collator.compare(a.getAttribute("aria-label") || "", b.getAttribute("aria-label") || "");
      });
  }

  /* Give exactly one drawn unit tabindex 0. */
  function rove() {
    var map = document.getElementById("map");
    if (map) { set(map, "tabindex", "-1"); }  // Leaflet's container: not a second tab stop
    var units = drawn();
    if (!units.length) { return; }
    var pick = units.filter(function (p) { return p.getAttribute("data-unit") === roving; })[0]
      || units.filter(function (p) { return p.getAttribute("aria-pressed") === "true"; })[0]
      || units[0];
    document.querySelectorAll("#map path[data-unit]").forEach(function (p) {
      set(p, "tabindex", p === pick ? "0" : "-1");
    });
  }

  function moveFrom(current, key) {
    var units = drawn();
    var i = units.indexOf(current);
    var next = {
      ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
      Home: 0, End: units.length - 1
    }[key];
    if (next === undefined || !units.length) { return false; }
    var target = units[(next + units.length) % units.length];
    roving = target.getAttribute("data-unit");
    rove();
    target.focus({ preventScroll: true });
    return true;
  }

  function onKey(event) {
    var el = event.target;
    if (el.matches && el.matches("#map path[data-unit]")) {
      if (moveFrom(el, event.key)) { event.preventDefault(); event.stopPropagation(); }
      return;
    }
    var cell = el.closest && el.closest("#unit-table .ag-cell");
    if (cell && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.stopPropagation();
      cell.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    }
  }

  function onFocus(event) {
    var el = event.target;
    if (el.matches && el.matches("#map path[data-unit]")) {
      roving = el.getAttribute("data-unit");
      rove();
    }
  }

  function drawer(open) {
    var button = document.getElementById("filters-drawer-button");
    document.body.classList.toggle("ca-drawer-open", open);
    if (!button) { return; }
    set(button, "aria-expanded", String(open));
    button.textContent = button.getAttribute(open ? "data-open" : "data-closed");
    if (open) {
      var panel = document.getElementById("controls-panel");
      if (panel) { set(panel, "tabindex", "-1"); panel.focus(); }
    } else {
      var region = document.getElementById("map-region");
      if (region) { region.scrollIntoView({ block: "start" }); }
    }
  }

  function onClick(event) {
    var el = event.target;
    var button = el.closest && el.closest("#filters-drawer-button");
    if (button) {
      drawer(!document.body.classList.contains("ca-drawer-open"));
      return;
    }
    var skip = el.closest && el.closest("a.ca-skip");
    if (skip) {
      var target = document.querySelector(skip.getAttribute("href"));
      if (!target) { return; }
      event.preventDefault();
      if (target.id === "controls-panel" && window.matchMedia("(max-width: 999px)").matches) {
        drawer(true);
        return;
      }
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }
  }

  /* A tooltip wider than the room left of or right of its anchor is moved inside the map. */
  function keepInside(tooltip) {
    window.requestAnimationFrame(function () {
      var el = tooltip && tooltip.getElement && tooltip.getElement();
      var map = document.getElementById("map");
      if (!el || !map) { return; }
      el.style.marginLeft = "";
      var box = el.getBoundingClientRect();
      var frame = map.getBoundingClientRect();
      var shift = 0;
      if (box.left < frame.left + 4) { shift = frame.left + 4 - box.left; }
      else if (box.right > frame.right - 4) { shift = frame.right - 4 - box.right; }
      if (shift) { el.style.marginLeft = shift + "px"; }
    });
  }

  /* The page's title follows the view (dashboard/data_banner.py writes it, hidden). */
  function retitle() {
    var title = document.querySelector("#data-banner .ca-title");
    var text = title && title.textContent.trim();
    if (text && document.title !== text) { document.title = text; }
    var words = document.getElementById("data-banner");
    if (!words) { return; }
    [["in", "data-zoom-in"], ["out", "data-zoom-out"]].forEach(function (pair) {
      var button = document.querySelector("#map .leaflet-control-zoom-" + pair[0]);
      var name = words.getAttribute(pair[1]);
      if (button && name) { set(button, "title", name); set(button, "aria-label", name); }
    });
  }

  document.addEventListener("keydown", onKey, true);
  document.addEventListener("focusin", onFocus);
  document.addEventListener("click", onClick);
  document.addEventListener("mousemove", function (event) {
    var tip = event.target.closest && event.target.closest("#map") && document.querySelector("#map .ca-tooltip");
    if (tip && tip._caTooltip) { keepInside(tip._caTooltip); }
  }, { passive: true });

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; rove(); retitle(); });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["d", "aria-pressed"] });

  window.coopatlasKeys = {
    rove: rove,
    keepInside: function (tooltip) {
      var el = tooltip && tooltip.getElement && tooltip.getElement();
      if (el) { el._caTooltip = tooltip; }
      keepInside(tooltip);
    }
  };
})();
