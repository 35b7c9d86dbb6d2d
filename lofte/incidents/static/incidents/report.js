/* Löfte – the reporter's form: pick the place on a map, use the phone's position or a named
 * place, keep a draft in the phone while typing, and queue the report when the phone is
 * offline; queued reports are sent when the connection returns ("online" event, or the next
 * page load). Each report carries a random client_token, so a resend never stores it twice.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) { return; }
  var statusBox = document.querySelector("[data-draft-status]");
  var draftKey = form.getAttribute("data-draft-key");
  var queueKey = form.getAttribute("data-offline-queue");
  var latInput = document.getElementById("id_lat");
  var lonInput = document.getElementById("id_lon");
  var placeSelect = document.getElementById("id_place");
  var tokenInput = form.querySelector("[name=client_token]");
  var positionLabel = document.querySelector("[data-position-label]");

  function readJson(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }
  function say(text, kind) {
    if (!statusBox) { return; }
    statusBox.textContent = text;
    statusBox.className = "alert alert--" + (kind || "info");
    statusBox.hidden = !text;
  }
  function newToken() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }
  if (tokenInput && !tokenInput.value) { tokenInput.value = newToken(); }

  /* --- map ---------------------------------------------------------------------------- */
  var map = null, marker = null;
  var mapEl = document.querySelector("[data-pick-map]");
  function setPoint(lat, lon, label) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    if (map) {
      if (!marker) { marker = L.circleMarker([lat, lon], { radius: 9, color: "#fff", weight: 2, fillColor: "#a3222b", fillOpacity: 0.95 }).addTo(map); }
      else { marker.setLatLng([lat, lon]); }
      map.setView([lat, lon], Math.max(map.getZoom(), 15));
    }
    if (positionLabel) { positionLabel.textContent = label || "Platsen är markerad."; }
    saveDraft();
  }
  if (mapEl && typeof L !== "undefined") {
    var centre = readJson("centre-data") || { lat: 57.4, lon: 15.1 };
    map = L.map(mapEl, { scrollWheelZoom: false, tap: true }).setView([centre.lat, centre.lon], 12);
    var tiles = mapEl.getAttribute("data-tiles");
    if (tiles) { L.tileLayer(tiles, { maxZoom: 19, attribution: mapEl.getAttribute("data-attribution") || "" }).addTo(map); }
    var boundary = readJson("boundary-data");
    if (boundary) {
      var b = L.geoJSON(boundary, { style: { color: "#14477a", weight: 2, fillOpacity: 0.03 }, interactive: false }).addTo(map);
      try { map.fitBounds(b.getBounds()); } catch (e) { /* no bounds */ }
    }
    map.on("click", function (e) {
      if (placeSelect) { placeSelect.value = ""; }
      setPoint(e.latlng.lat, e.latlng.lng, "Platsen är markerad på kartan.");
    });
    if (latInput.value && lonInput.value) { setPoint(parseFloat(latInput.value), parseFloat(lonInput.value)); }
  }
  var places = {};
  (readJson("places-data") || []).forEach(function (p) { places[String(p.id)] = p; });
  if (placeSelect) {
    placeSelect.addEventListener("change", function () {
      var p = places[placeSelect.value];
      if (p) { setPoint(p.lat, p.lon, "Vald plats: " + p.name); }
    });
  }
  var locate = document.querySelector("[data-locate]");
  if (locate) {
    if (!navigator.geolocation) { locate.hidden = true; }
    locate.addEventListener("click", function () {
      if (positionLabel) { positionLabel.textContent = "Hämtar din position …"; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        if (placeSelect) { placeSelect.value = ""; }
        setPoint(pos.coords.latitude, pos.coords.longitude, "Din position är markerad (±" + Math.round(pos.coords.accuracy) + " m).");
      }, function () {
        if (positionLabel) { positionLabel.textContent = "Positionen kunde inte hämtas. Tryck på kartan i stället."; }
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  /* --- drafts --------------------------------------------------------------------------- */
  // Never kept in a draft: the CSRF token, and the tip form's spam checks.
  var SKIP = { csrfmiddlewaretoken: true, started: true, website: true };
  function fields() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || SKIP[el.name]) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      data[el.name] = el.value;
    });
    return data;
  }
  function saveDraft() {
    try { localStorage.setItem(draftKey, JSON.stringify(fields())); } catch (e) { /* full */ }
  }
  function restoreDraft() {
    var hasErrors = form.querySelector(".errorlist, .alert--error");
    var raw = null;
    try { raw = localStorage.getItem(draftKey); } catch (e) { return; }
    if (!raw || hasErrors) { return; }
    var data = JSON.parse(raw);
    Object.keys(data).forEach(function (name) {
      var els = form.querySelectorAll("[name='" + name + "']");
      Array.prototype.forEach.call(els, function (el) {
        if (el.type === "radio") { el.checked = el.value === data[name]; }
        else if (name !== "client_token" || !el.value) { el.value = data[name]; }
      });
    });
    if (data.lat && data.lon) { setPoint(parseFloat(data.lat), parseFloat(data.lon), "Platsen från utkastet är markerad."); }
    say("Ditt utkast är återställt.", "info");
  }
  restoreDraft();
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  /* --- offline queue ------------------------------------------------------------------- */
  function readQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(items) { localStorage.setItem(queueKey, JSON.stringify(items)); }
  function csrf() { var el = form.querySelector("[name=csrfmiddlewaretoken]"); return el ? el.value : ""; }

  var flushing = false;
  function flush() {
    if (!queueKey || flushing || !navigator.onLine) { return; }
    var items = readQueue();
    if (!items.length) { return; }
    flushing = true;
    var item = items[0];
    var body = new FormData();
    Object.keys(item).forEach(function (k) { body.append(k, item[k]); });
    body.append("csrfmiddlewaretoken", csrf());
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() }
    }).then(function (response) {
      return response.json().then(function (json) { return { status: response.status, json: json }; });
    }).then(function (result) {
      var rest = readQueue().filter(function (other) { return other.client_token !== item.client_token; });
      writeQueue(rest);
      if (result.status === 201) {
        say("Ditt sparade utkast är skickat (rapport nr " + result.json.id + ").", "success");
      } else {
        say("Ett sparat utkast kunde inte skickas eftersom något saknades. Fyll i formuläret igen.", "error");
      }
      flushing = false;
      if (rest.length) { flush(); }
    }).catch(function () {
      flushing = false;  // still offline or the server is unreachable: try again later
    });
  }

  form.addEventListener("submit", function (event) {
    if (queueKey && !navigator.onLine) {
      event.preventDefault();
      var data = fields();
      var category = form.querySelector("[name=category]");
      var description = form.querySelector("[name=description]");
      if ((category && !category.value) || (description && !description.value.trim()) ||
          (!data.lat && !data.place)) {
        say("Fyll i kategori, plats och vad som hände – sedan sparas rapporten i telefonen tills du är uppkopplad.", "error");
        return;
      }
      var items = readQueue();
      items.push(fields());
      writeQueue(items);
      localStorage.removeItem(draftKey);
      form.reset();
      tokenInput.value = newToken();
      latInput.value = ""; lonInput.value = "";
      if (marker && map) { map.removeLayer(marker); marker = null; }
      say("Du är inte uppkopplad. Rapporten är sparad som utkast i telefonen och skickas automatiskt när du är uppkopplad igen.", "warning");
      return;
    }
    localStorage.removeItem(draftKey);
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", function () {
    say("Du är inte uppkopplad. Du kan fortsätta fylla i – rapporten sparas i telefonen.", "warning");
  });
  if (readQueue().length) {
    say("Du har " + readQueue().length + " osänt utkast. Det skickas när du är uppkopplad.", "warning");
  }
  flush();
})();
