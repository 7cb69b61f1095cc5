/* The optional map of a place question (surveys/questions/map.html), drawn with the vendored Leaflet.
   A progressive enhancement: the address, district and coordinate fields work without it. A click, or Enter on the
   focused map (arrow keys pan, + and - zoom), puts the marker there and fills the latitude and longitude fields;
   dragging the marker updates them; typed coordinates move the marker. If no tile of the first view loads, the map
   is hidden again and a status message says so. */
(function () {
  "use strict";
  if (!window.L) {
    return;
  }

  function parse(text) {
    var cleaned = text.replace(/\s/g, "").replace(",", ".");
    return cleaned === "" || !/^-?\d+(\.\d+)?$/.test(cleaned) ? null : Number(cleaned);
  }

  function setUp(box) {
    var data = box.dataset;
    var latInput = document.getElementById(data.lat);
    var lngInput = document.getElementById(data.lng);
    var canvas = box.querySelector(".survey-map__canvas");
    var hint = box.querySelector(".hint");
    var status = box.querySelector(".survey-map__status");
    var edges = data.bounds.split(",").map(Number);
    var bounds = L.latLngBounds([edges[0], edges[1]], [edges[2], edges[3]]);
    var icon = L.icon({
      iconUrl: data.markerIcon, iconRetinaUrl: data.markerIcon2x, shadowUrl: data.markerShadow,
      iconSize: [25, 41], iconAnchor: [12, 41], shadowSize: [41, 41]
    });
    var marker = null;

    function say(text) {
      status.textContent = text;
    }

    function format(value) {
      return value.toFixed(6).replace(".", data.decimalSeparator);
    }

    function fill(point) {
      latInput.value = format(point.lat);
      lngInput.value = format(point.lng);
      var details = latInput.closest("details");
      if (details) {
        details.open = true;
      }
      say(data.marked.replace("{point}", latInput.value + "; " + lngInput.value));
    }

    function show(point) {
      if (marker) {
        marker.setLatLng(point);
        return;
      }
      marker = L.marker(point, {icon: icon, alt: data.markerLabel, draggable: true, keyboard: false}).addTo(map);
      marker.on("dragend", function () {
        var point = marker.getLatLng();
        if (bounds.contains(point)) {
          fill(point);
        } else {
          say(data.outside);
          var typed = typedPoint();
          if (typed) {
            marker.setLatLng(typed);
          }
        }
      });
    }

    function mark(point) {
      if (!bounds.contains(point)) {
        say(data.outside);
        return;
      }
      show(point);
      fill(point);
    }

    function typedPoint() {
      var lat = parse(latInput.value);
      var lng = parse(lngInput.value);
      return lat === null || lng === null ? null : L.latLng(lat, lng);
    }

    box.hidden = false;  // before Leaflet measures the canvas
    var map = L.map(canvas, {
      center: data.center.split(",").map(Number), zoom: Number(data.zoom), minZoom: 10,
      maxBounds: bounds.pad(0.25), zoomControl: false
    });
    L.control.zoom({zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut}).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/" hreflang="en">Leaflet</a>');
    // Only the site's origin goes to the tile host (the production Referrer-Policy would send none, and OSM needs one).
    var tiles = L.tileLayer(data.tiles, {attribution: data.attribution, maxZoom: 19, referrerPolicy: "strict-origin"});
    var loaded = 0;
    var failed = 0;
    tiles.on("tileload", function () { loaded += 1; });
    tiles.on("tileerror", function () { failed += 1; });
    tiles.on("load", function () {
      if (!loaded && failed && !canvas.hidden) {
        canvas.hidden = true;
        hint.hidden = true;
        say(data.failed);
      }
    });
    tiles.addTo(map);

    var start = typedPoint();
    if (start && bounds.contains(start)) {
      show(start);
      map.setView(start, Math.max(map.getZoom(), 15));
    }

    map.on("click", function (event) {
      mark(event.latlng);
    });
    var moving = false;  // an arrow key's pan is animated: Enter during it marks where it ends
    map.on("movestart", function () { moving = true; });
    map.on("moveend", function () { moving = false; });
    function markCentre() {
      mark(map.getCenter());
    }
    map.on("keydown", function (event) {
      if (event.originalEvent.key === "Enter" && event.originalEvent.target === canvas) {
        event.originalEvent.preventDefault();
        if (moving) {
          map.once("moveend", markCentre);
        } else {
          markCentre();
        }
      }
    });
    function follow() {
      var point = typedPoint();
      if (!point) {
        if (marker && latInput.value.trim() === "" && lngInput.value.trim() === "") {
          marker.remove();
          marker = null;
        }
        return;
      }
      if (bounds.contains(point)) {
        show(point);
        map.panTo(point);
      }
    }
    latInput.addEventListener("change", follow);
    lngInput.addEventListener("change", follow);
  }

  document.querySelectorAll(".survey-map").forEach(function (box) {
    try {
      setUp(box);
    } catch (error) {
      box.hidden = true;  // the fields still work; a broken map would only be in the way
      throw error;
    }
  });
}());
