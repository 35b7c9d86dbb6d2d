/* The phone form: "Använd min position" fills the hidden latitude/longitude fields. */
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var status = document.querySelector("[data-locate-status]");
  if (!button || !lat || !lon || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Hämtar position …";
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lon.value = position.coords.longitude.toFixed(6);
      status.textContent = "Positionen är sparad (±" + Math.round(position.coords.accuracy) + " m).";
    }, function () {
      status.textContent = "Positionen kunde inte hämtas. Skriv platsen i stället.";
    }, {enableHighAccuracy: true, timeout: 10000, maximumAge: 60000});
  });
})();
