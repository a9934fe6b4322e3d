/* The map's layer ready before the first page is drawn (dashboard/first_answer.py).
 *
 * dash-leaflet's GeoJSON layer is a React.lazy component: the first time React draws
 * one it suspends, and draws it again later, at a retry's low priority, after the rest
 * of the page (the grid's rows, the controls). Only then does the layer ask for its
 * geometry, so the map was coloured last. Its code is loaded with the page's scripts
 * (dashboard/first_load.py, first_page_tags); drawing one layer here, in a root that is
 * never attached to the page and is removed at once, starts React.lazy's loading, which
 * resolves the component for every later drawing. The page's map layer then draws on
 * the first pass and fetches its (preloaded) geometry at once.
 */
(function () {
  "use strict";

  function resolveLazyLayer() {
    var leaflet = window.dash_leaflet;
    if (!leaflet || !leaflet.GeoJSON || !window.React || !window.ReactDOM) { return; }
    var root = window.ReactDOM.createRoot(document.createElement("div"));
    var layer = window.React.createElement(leaflet.GeoJSON, { setProps: function () {} });
    window.ReactDOM.flushSync(function () { root.render(layer); });
    root.unmount();  // only the loading was wanted: nothing of it is drawn
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", resolveLazyLayer);
  } else {
    resolveLazyLayer();
  }
})();
