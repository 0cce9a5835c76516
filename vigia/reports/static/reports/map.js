// District markers sized by count; works offline. Tiles only when the organization set
// VIGIA_MAP_TILES_URL (the CSP then allows that host); hidden counts show as grey dots.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("map");
    var source = document.getElementById("map-data");
    if (!holder || !source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(holder, { attributionControl: Boolean(data.tiles) });
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution || "" }).addTo(map);
    }
    var bounds = [];
    data.markers.forEach(function (m) {
      var hidden = m.count === null;
      var circle = L.circleMarker([m.lat, m.lon], {
        radius: hidden ? 5 : 6 + 3 * Math.sqrt(m.count),
        color: hidden ? "#6c757d" : "#8e1b1b",
        fillOpacity: 0.5,
        className: "district-marker"
      }).addTo(map);
      circle.bindTooltip(m.name + ": " + (hidden ? "—" : m.count));
      bounds.push([m.lat, m.lon]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
    } else {
      map.setView([-12.05, -77.04], 10);
    }
    holder.setAttribute("data-ready", String(data.markers.length));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
