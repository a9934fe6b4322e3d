/* CoopAtlas map functions for dash-leaflet (referenced as {"variable": "coopatlas.NAME"}).
 *
 * Geometry is sent once; colours, tooltips and the selection arrive in the GeoJSON
 * layer's `hideout`. Every text from the data is inserted with textContent, never
 * as HTML, so registry fields cannot inject markup or scripts.
 */
(function () {
  "use strict";

  var state = { hideout: {}, layers: [], refocus: null };

  /* The newest hideout wins. dash-leaflet styles features with the hideout it had
   * when their data arrived; when the colours arrive before the geometry has
   * loaded, that one is stale, so every hideout carries a version `v`. The server
   * makes each `v` larger than the last one this page remembered (rememberHideout
   * sends it back), so the order holds when hosts' clocks differ. */
  function latest(context) {
    var h = (context && context.hideout) || {};
    if (!state.hideout.v || (h.v && h.v > state.hideout.v)) { state.hideout = h; }
    return state.hideout;
  }

  function textBlock(title, lines) {
    var el = document.createElement("div");
    el.className = "ca-tip";
    var strong = document.createElement("strong");
    strong.textContent = title;
    el.appendChild(strong);
    (lines || []).forEach(function (line) {
      var row = document.createElement("div");
      row.textContent = line;
      el.appendChild(row);
    });
    return el;
  }

  /* Popups of the organizations layer do not pan the map: a pan can move the view to
   * another window, whose new features would replace the one whose popup is open. */
  var POPUP = { autoPan: false, maxWidth: 320, maxHeight: 220 };

  /* "1,234 organizations: 800 Associations, 434 Cooperatives; click to zoom in". */
  function clusterText(p, h) {
    var fmt = new Intl.NumberFormat(h.lang === "es" ? "es-CO" : "en-US");
    var labels = h.typeLabels || {};
    var parts = Object.keys(p.k || {}).sort(function (a, b) { return p.k[b] - p.k[a]; })
      .map(function (k) { return fmt.format(p.k[k]) + " " + (labels[k] || k); });
    var hint = p.o ? (h.listHint || "click to list them") : (h.clusterHint || "click to zoom in");
    return fmt.format(p.c) + " " + (h.orgsWord || "organizations") + ": " + parts.join(", ") +
      "; " + hint;
  }

  /* Popup of one organization: name, then type, sector, members, municipality. */
  function orgLines(p, h) {
    var labels = h.typeLabels || {};
    var lines = [labels[p.t] || p.t];
    if (p.s) { lines.push(p.s); }
    if (p.m !== null && p.m !== undefined) { lines.push(p.m + " " + (h.membersWord || "members")); }
    if (p.u) { lines.push(p.u); }
    return lines;
  }

  /* Popup of a cluster at the highest zoom: its organizations, "and N more". */
  function clusterList(p, h) {
    var labels = h.typeLabels || {};
    var fmt = new Intl.NumberFormat(h.lang === "es" ? "es-CO" : "en-US");
    var lines = p.o.map(function (o) { return o.n + " (" + (labels[o.t] || o.t) + ")"; });
    if (p.c > p.o.length) {
      lines.push((h.andMore || "and {n} more").replace("{n}", fmt.format(p.c - p.o.length)));
    }
    return textBlock(fmt.format(p.c) + " " + (h.orgsWord || "organizations"), lines);
  }

  /* Name a unit's polygon for keyboards and screen readers: its name and the first
   * line of its tooltip (the indicator's value); aria-pressed says it is selected. */
  function describe(layer) {
    var el = layer.getElement && layer.getElement();
    if (!el) { return; }
    var h = state.hideout || {};
    var iso = layer.feature.properties.unit_id;
    var tip = (h.tooltips && h.tooltips[iso]) || [];
    var name = [layer.feature.properties.name].concat(tip.slice(0, 1)).join(", ");
    var pressed = String(Boolean(h.selected && h.selected.indexOf(iso) >= 0));
    if (el.getAttribute("aria-label") !== name) { el.setAttribute("aria-label", name); }
    if (el.getAttribute("aria-pressed") !== pressed) { el.setAttribute("aria-pressed", pressed); }
  }

  /* Each polygon is a button named after its unit; the map's units are one tab stop,
   * moved through with the arrow keys (assets/coopatlas_keyboard.js). Enter or Space clicks
   * it, which selects the unit exactly as a mouse click does. The new colours that
   * follow redraw the polygons: the unit chosen with the keyboard gets the focus back. */
  function focusable(layer) {
    var el = layer.getElement && layer.getElement();
    if (!el) { return; }
    var iso = layer.feature.properties.unit_id;
    if (state.refocus && state.refocus.iso === iso && Date.now() < state.refocus.until) {
      window.setTimeout(function () {
        var active = document.activeElement;
        if (!active || active === document.body) { el.focus({ preventScroll: true }); }
      }, 0);
    }
    if (el.hasAttribute("data-unit")) { describe(layer); return; }
    el.setAttribute("tabindex", "-1");
    el.setAttribute("role", "button");
    el.setAttribute("data-unit", iso);
    describe(layer);
    el.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") { return; }
      event.preventDefault();
      state.refocus = { iso: iso, until: Date.now() + 10000 };
      el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    });
    el.addEventListener("focus", function () { layer.openTooltip(layer.getCenter()); });
    el.addEventListener("blur", function (event) {
      layer.closeTooltip();
      if (event.relatedTarget) { state.refocus = null; }  // the user moved on
    });
  }

  /* Department and provincia capitals are labelled from zoom 6 on (the national ones always):
   * the map's container carries ca-zoomed-out below it (assets/coopatlas_planner.css). */
  function watchZoom(map) {
    if (!map || map._caWatched) { return; }
    map._caWatched = true;
    var update = function () {
      map.getContainer().classList.toggle("ca-zoomed-out", map.getZoom() < 6);
    };
    map.on("zoomend", update);
    update();
  }

  window.coopatlas = Object.assign({}, window.coopatlas, {
    remember: function (hideout) {
      latest({ hideout: hideout });
      // Restyle the unit polygons now, whatever dash-leaflet does with the prop.
      state.layers = state.layers.filter(function (layer) { return layer._map; });
      state.layers.forEach(function (layer) {
        layer.setStyle(window.coopatlas.unitStyle(layer.feature, {}));
        describe(layer);
      });
      return null;
    },
    unitStyle: function (feature, context) {
      var h = latest(context);
      var iso = feature.properties.unit_id;
      var cls = h.classes ? h.classes[iso] : undefined;
      var fill = (cls === -2 && h.outside) ? h.outside /* outside the filters */
        : (cls === undefined || cls === null || cls < 0) ? h.noData : h.colors[cls];
      var selected = h.selected && h.selected.indexOf(iso) >= 0;
      return {
        fillColor: fill || "#d9d9d9",
        fillOpacity: 0.88,
        color: selected ? "#1b1b1b" : "#ffffff",
        weight: selected ? 3 : 0.7,
        opacity: 1
      };
    },
    unitHover: function () {
      return { weight: 3, color: "#444444", fillOpacity: 0.95 };
    },
    unitTooltip: function (feature, layer) {
      state.layers.push(layer);
      layer.on("add", function () { focusable(layer); });
      layer.bindTooltip(function () {
        var h = state.hideout || {};
        var iso = feature.properties.unit_id;
        var tip = (h.tooltips && h.tooltips[iso]) || [];
        return textBlock(feature.properties.name, tip);
      }, { sticky: true, direction: "top", className: "ca-tooltip" });
      layer.on("tooltipopen", function (event) {  // kept inside the map (phones)
        if (window.coopatlasKeys) { window.coopatlasKeys.keepInside(event.tooltip, layer); }
      });
    },
    contextStyle: function () {
      return { fillColor: "#e9e9e9", fillOpacity: 1, color: "#c4c4c4", weight: 0.8, interactive: false };
    },
    capitalPoint: function (feature, latlng) {
      var national = Boolean(feature.properties.national);
      var dot = L.circleMarker(latlng, {
        radius: national ? 3.5 : 2, weight: 1, color: "#333333", fillColor: national ? "#333333" : "#ffffff",
        fillOpacity: 1, interactive: false
      });
      var label = document.createElement("span");
      label.textContent = feature.properties.name;
      dot.bindTooltip(label, {
        permanent: true, direction: "right", offset: [3, 0], interactive: false,
        className: national ? "ca-capital ca-capital-national" : "ca-capital"
      });
      dot.on("add", function () { watchZoom(dot._map); });
      return dot;
    },
    /* Organizations layer (dashboard/points.py): the server sends the clusters and single
     * points of the view. A single point is a dot in its type's colour; a cluster a
     * disc with its count, named for screen readers with its count per type, that
     * zooms to its organizations on click or Enter. */
    orgPoint: function (feature, latlng, context) {
      var h = (context && context.hideout) || {};
      var p = feature.properties;
      if (p.c) {
        var size = Math.round(Math.min(46, 24 + 5 * Math.log10(p.c)));
        var label = document.createElement("span");
        label.textContent = new Intl.NumberFormat(h.lang === "es" ? "es-CO" : "en-US", {
          notation: p.c >= 10000 ? "compact" : "standard"
        }).format(p.c);
        return L.marker(latlng, {
          icon: L.divIcon({ html: label, className: "ca-cluster", iconSize: [size, size] }),
          keyboard: true,
          title: clusterText(p, h)
        });
      }
      var colors = h.typeColors || {};
      return L.circleMarker(latlng, {
        radius: 5,
        className: "ca-org",
        weight: 1,
        color: "#ffffff",
        fillColor: colors[p.t] || "#666666",
        fillOpacity: 0.9
      });
    },
    orgPopup: function (feature, layer, context) {
      var h = (context && context.hideout) || {};
      var p = feature.properties;
      if (p.c) {
        layer.on("add", function () {
          var el = layer.getElement && layer.getElement();
          if (!el) { return; }
          el.setAttribute("role", "button");
          el.setAttribute("aria-label", clusterText(p, h));
          el.addEventListener("keydown", function (event) {  // Enter or Space acts as a click
            if (event.key !== "Enter" && event.key !== " ") { return; }
            event.preventDefault();
            layer.fire("click", { latlng: layer.getLatLng(), originalEvent: event });
          });
        });
        if (p.o) {  // the highest zoom: list them
          layer.bindPopup(function () { return clusterList(p, h); }, POPUP);
          return;
        }
        layer.on("click", function () {
          var map = layer._map;
          if (!map) { return; }
          var b = p.b;  // west, south, east, north
          map.fitBounds(L.latLngBounds([b[1], b[0]], [b[3], b[2]]), { padding: [24, 24] });
        });
        return;
      }
      layer.bindPopup(function () { return textBlock(p.n, orgLines(p, h)); }, POPUP);
    }
  });
})();

/* Number formatting for the unit table (AG Grid valueFormatter), by language. */
(function () {
  "use strict";
  var formatters = {};
  function formatter(lang, decimals, percent) {
    var key = lang + decimals + percent;
    if (!formatters[key]) {
      formatters[key] = new Intl.NumberFormat(lang === "es" ? "es-CO" : "en-US", {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
        style: percent ? "percent" : "decimal"
      });
    }
    return formatters[key];
  }
  var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  dagfuncs.coopatlasFormat = function (value, lang, decimals, percent, noData) {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return noData; /* the catalogue's "no data", passed by dashboard/layout.py */
    }
    return formatter(lang, decimals, percent).format(value);
  };
})();

/* Keep the address bar in step with the view: no server round trip, no reload. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  coopatlas: {
    setLang: function (lang) {
      document.documentElement.lang = lang === "es" ? "es" : "en";
      return window.dash_clientside.no_update;
    },
    /* An export's URL (dashboard/downloads.py): download it with a temporary link. */
    startDownload: function (link) {
      if (!link || !link.url) { return window.dash_clientside.no_update; }
      var a = document.createElement("a");
      a.href = link.url;
      a.download = link.name || "";
      a.rel = "noopener";
      a.style.display = "none";
      document.body.appendChild(a);
      a.click();
      a.remove();
      return link.url;
    },
    /* A new export clears the last one's "ready" message until its own is ready. */
    clearStatus: function () {
      return "";
    },
    enableFlagged: function (pending) {
      // The flagged rows are offered once an upload is imported (no round trip).
      return !pending;
    },
    layerWindow: function (toggle, bounds, zoom, center) {
      // The organizations layer's position: passed on only while the layer is on, so
      // that moving the map with the layer off sends no request; null switches it off.
      var on = Array.isArray(toggle) && toggle.indexOf("on") >= 0;
      var triggered = (window.dash_clientside.callback_context.triggered || [])
        .map(function (t) { return t.prop_id; });
      if (!on) {
        return triggered.indexOf("orgs-toggle.value") >= 0 ? null : window.dash_clientside.no_update;
      }
      return {bounds: bounds || null, zoom: zoom === undefined ? null : zoom, center: center || null};
    },
    rememberHideout: function (hideout) {
      window.coopatlas.remember(hideout);
      // the version the next map request sends, so that its answer is numbered after it
      return (hideout && hideout.v) || window.dash_clientside.no_update;
    },
    syncUrl: function (viewQuery, center, zoom) {
      if (viewQuery === undefined || viewQuery === null) {
        return window.dash_clientside.no_update;
      }
      var params = new URLSearchParams(viewQuery);
      if (center && zoom !== undefined && zoom !== null) {
        var lat = Array.isArray(center) ? center[0] : center.lat;
        var lon = Array.isArray(center) ? center[1] : center.lng;
        params.set("lat", Number(lat).toFixed(4));
        params.set("lon", Number(lon).toFixed(4));
        params.set("z", String(Math.round(zoom)));
      }
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      return query;
    }
  }
});
