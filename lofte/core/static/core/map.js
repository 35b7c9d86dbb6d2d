/* Löfte map component.
 *
 * <div class="map" data-map
 *      data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png" data-attribution="…"
 *      data-layers="boundary-json-id another-json-id" aria-label="…"></div>
 *
 * Each id in data-layers names a <script type="application/json"> element (or give
 * data-layer-urls with URLs) holding a GeoJSON FeatureCollection whose top-level "lofte" member
 * says how to draw it: {"kind": "boundary" | "points" | "cells", "label": "…", "cluster": true}.
 * Cells carry properties.fill (a colour) and properties.label; points carry properties.label
 * and optionally properties.url. The map works without tiles (the boundary and data are drawn
 * on a plain background), so a closed network never leaves the user with an empty box.
 */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popupFor(feature) {
    var p = feature.properties || {};
    var html = "<strong>" + escapeHtml(p.label || "") + "</strong>";
    if (p.detail) { html += "<br>" + escapeHtml(p.detail); }
    if (p.url) { html += "<br><a href=\"" + encodeURI(p.url) + "\">Öppna</a>"; }
    return html;
  }

  function addLayer(map, data, bounds, overlays) {
    var meta = data.lofte || {};
    var layer;
    if (meta.kind === "boundary") {
      layer = L.geoJSON(data, { style: { color: "#14477a", weight: 2, fillColor: "#14477a", fillOpacity: 0.04 }, interactive: false });
    } else if (meta.kind === "cells") {
      layer = L.geoJSON(data, {
        style: function (f) { return { stroke: false, fillColor: (f.properties || {}).fill || "#b22222", fillOpacity: (f.properties || {}).opacity || 0.55 }; },
        onEachFeature: function (f, l) { if ((f.properties || {}).label) { l.bindPopup(popupFor(f)); } }
      });
    } else {
      var markers = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          var p = f.properties || {};
          return L.circleMarker(latlng, { radius: p.radius || 7, color: "#fff", weight: 1.5, fillColor: p.color || "#14477a", fillOpacity: 0.9 });
        },
        onEachFeature: function (f, l) { l.bindPopup(popupFor(f)); }
      });
      if (meta.cluster && L.markerClusterGroup) {
        layer = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45 });
        layer.addLayer(markers);
      } else { layer = markers; }
    }
    layer.addTo(map);
    if (meta.label) { overlays[meta.label] = layer; }
    try {
      var b = layer.getBounds ? layer.getBounds() : null;
      if (b && b.isValid()) { bounds.extend(b); }
    } catch (e) { /* empty layer */ }
  }

  function init(el) {
    var map = L.map(el, { scrollWheelZoom: false, preferCanvas: true });
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    var overlays = {};
    (el.getAttribute("data-layers") || "").split(/\s+/).filter(Boolean).forEach(function (id) {
      var data = readJson(id);
      if (data) { addLayer(map, data, bounds, overlays); }
    });
    var urls = (el.getAttribute("data-layer-urls") || "").split(/\s+/).filter(Boolean);
    urls.forEach(function (url) {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data) { addLayer(map, data, bounds, overlays); if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); } }
      });
    });
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); }
    else { map.setView([62.0, 15.0], 4); }
    if (Object.keys(overlays).length > 1) { L.control.layers(null, overlays, { collapsed: true }).addTo(map); }
    var legendId = el.getAttribute("data-legend");
    if (legendId) {
      var legendSource = document.getElementById(legendId);
      if (legendSource) {
        var legend = L.control({ position: "bottomright" });
        legend.onAdd = function () { var d = L.DomUtil.create("div", "map-legend"); d.innerHTML = legendSource.innerHTML; return d; };
        legend.addTo(map);
      }
    }
    el.lofteMap = map;
    el.setAttribute("data-map-ready", "true");
  }

  document.querySelectorAll("[data-map]").forEach(init);
  window.LofteMap = { init: init };
})();
