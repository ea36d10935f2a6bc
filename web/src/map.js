// The map: Leaflet over an offline basemap of country and province outlines (outlines.geojson, Natural Earth),
// events as circles coloured by type and sized by fatalities. Events close together are clustered (a
// dark disc with their count) until the map is zoomed in far enough to tell them apart; from zoom 8 on,
// the gazetteer's towns in view are labelled. An online tile layer is used only when one is
// configured: `?tiles=URL` in the page address or localStorage "rasd.tiles" (e.g. an XYZ template).
import L from "./leaflet-global.js";
import "leaflet.markercluster";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import { getOutlines, getPlaces } from "./api.js";
import { radiusFor, TYPE_NAMES, typeColor } from "./taxonomy.js";

const BASE_STYLE = {
  country: { color: "#8c8273", weight: 0.9, fillColor: "#f3efe6", fillOpacity: 1 },
  provinces: { color: "#a89c84", weight: 0.8, dashArray: "4 3", fill: false },
};

function tileUrl() {
  const fromPage = new URLSearchParams(window.location.search).get("tiles");
  if (fromPage) return fromPage;
  try {
    return window.localStorage.getItem("rasd.tiles");
  } catch {
    return null;
  }
}

export class EventMap {
  constructor(element, { onSelect, onViewChange }) {
    this.onSelect = onSelect;
    this.onViewChange = onViewChange;
    this.map = L.map(element, {
      center: [28, 38],
      zoom: 4,
      minZoom: 2,
      maxZoom: 13,
      zoomSnap: 0.25,
      worldCopyJump: false,
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.createPane("basemap");
    this.map.getPane("basemap").style.zIndex = 250;
    this.markers = new Map();
    this.layer = this.clusterGroup().addTo(this.map);
    this.places = L.layerGroup().addTo(this.map);
    this.placeRequest = 0;
    this.map.on("moveend", () => this.updatePlaces());
    this.selected = null;
    this.map.on("moveend", () => this.onViewChange?.(this.bbox()));
    this.addLegend();
    this.addFitButton();
    this.basemapReady = this.addBasemap();
  }

  async addBasemap() {
    const tiles = tileUrl();
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: "tiles: as configured" }).addTo(this.map);
    }
    const outlines = await getOutlines();
    if (!outlines) return;
    L.geoJSON(outlines, {
      pane: "basemap",
      interactive: false,
      style: (feature) => {
        const style = BASE_STYLE[feature.properties.kind] ?? BASE_STYLE.country;
        return tiles ? { ...style, fillOpacity: 0 } : style;
      },
    }).addTo(this.map);
    this.addLabels(outlines);
    this.map.attributionControl.addAttribution(
      'Outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a>',
    );
  }

  // Country names: big countries from zoom 3, the rest from zoom 5; text, not interactive.
  addLabels(outlines) {
    const big = L.layerGroup();
    const small = L.layerGroup();
    for (const f of outlines.features) {
      const p = f.properties;
      if (p.kind !== "country" || !p.label || !p.name) continue;
      const icon = L.divIcon({ className: "country-label", html: "", iconSize: null });
      // above the pane's SVG (z-index 200 in leaflet.css), whatever their latitude
      const marker = L.marker([p.label[1], p.label[0]], { icon, interactive: false, keyboard: false, pane: "basemap", zIndexOffset: 10000 });
      marker.on("add", () => {
        const el = marker.getElement();
        if (el && !el.firstChild) {
          const span = document.createElement("span");
          span.textContent = p.name;
          el.append(span);
        }
      });
      marker.addTo(p.area >= 12 ? big : small);
    }
    const update = () => {
      const zoom = this.map.getZoom();
      for (const [layer, from] of [[big, 3], [small, 5]]) {
        if (zoom >= from && !this.map.hasLayer(layer)) layer.addTo(this.map);
        if (zoom < from && this.map.hasLayer(layer)) layer.remove();
      }
    };
    this.map.on("zoomend", update);
    update();
  }

  addLegend() {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => {
      const div = L.DomUtil.create("div", "legend");
      this.legendTypes = L.DomUtil.create("div", "legend-types", div);
      this.fillLegend();
      const sizes = L.DomUtil.create("div", "legend-row sizes", div);
      sizes.append(document.createTextNode("size: deaths "));
      for (const n of [0, 10, 50]) {
        const r = radiusFor(n);
        const dot = L.DomUtil.create("span", "ring", sizes);
        dot.style.width = dot.style.height = `${2 * r}px`;
        dot.title = `${n} deaths`;
        sizes.append(document.createTextNode(String(n)));
      }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(this.map);
  }

  // the types' colours; the names come from /api/meta, which may answer after the map is made
  fillLegend() {
    if (!this.legendTypes || this.legendTypes.childElementCount === TYPE_NAMES.length) return;
    this.legendTypes.replaceChildren();
    for (const type of TYPE_NAMES) {
      const row = L.DomUtil.create("div", "legend-row", this.legendTypes);
      const dot = L.DomUtil.create("span", "dot", row);
      dot.style.background = typeColor(type);
      row.append(document.createTextNode(type));
    }
  }

  addFitButton() {
    const control = L.control({ position: "topleft" });
    control.onAdd = () => {
      const button = L.DomUtil.create("button", "fit-button leaflet-bar");
      button.type = "button";
      button.title = "zoom to the events";
      button.textContent = "⤢";
      L.DomEvent.on(button, "click", (e) => {
        L.DomEvent.stop(e);
        this.fit();
      });
      return button;
    };
    control.addTo(this.map);
  }

  bbox() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    return [
      clamp(b.getWest(), -180, 180),
      clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180),
      clamp(b.getNorth(), -90, 90),
    ]
      .map((v) => v.toFixed(4))
      .join(",");
  }

  // The cluster group of one list of events.
  clusterGroup() {
    return L.markerClusterGroup({
      // no split/merge animation: its queued steps ran after a list reload had replaced the markers
      // (markercluster's _processQueue then threw on a marker it no longer held)
      animate: false,
      maxClusterRadius: 36,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: (cluster) => {
        // the events inside, for the tooltip and for tests that look for one event's marker
        const ids = cluster.getAllChildMarkers().map((m) => m.options.eventId);
        return L.divIcon({
          html: `<div data-events="${ids.join(" ")}" title="${ids.length} events: click to zoom in">${cluster.getChildCount()}</div>`,
          className: "marker-cluster-rasd",
          iconSize: L.point(40, 40),
        });
      },
    });
  }

  setEvents(events) {
    this.fillLegend();
    // a fresh group for every list: markercluster's zoomToShowLayer leaves a "moveend" step on the map that
    // reads its marker's cluster, and clearLayers deletes that (the next move threw "'_leaflet_id' in undefined")
    this.map.removeLayer(this.layer);
    this.layer = this.clusterGroup().addTo(this.map);
    this.markers.clear();
    // big circles first, so small ones on the same spot stay clickable on top
    const placed = events
      .filter((e) => Number.isFinite(e.latitude) && Number.isFinite(e.longitude))
      .sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0));
    for (const event of placed) {
      const marker = L.circleMarker([event.latitude, event.longitude], {
        radius: radiusFor(event.fatalities),
        color: "#333",
        weight: 1,
        opacity: 0.9,
        fillColor: typeColor(event.event_type),
        fillOpacity: event.status === "rejected" ? 0.2 : 0.75,
        className: `event-marker event-${event.event_id_cnty}`,
        eventId: event.event_id_cnty,
        bubblingMouseEvents: false,
      });
      marker.bindTooltip(
        `${event.event_date} · ${event.event_type}<br>${escapeHtml(event.location || "")}` +
          `${event.admin1 ? `, ${escapeHtml(event.admin1)}` : ""} · ${event.fatalities || 0} deaths`,
        { direction: "top", offset: [0, -4] },
      );
      marker.on("click", () => this.onSelect?.(event.event_id_cnty));
      this.markers.set(event.event_id_cnty, marker);
    }
    this.layer.addLayers([...this.markers.values()]);
    if (this.selected) this.highlight(this.selected, false);
  }

  // The open event: drawn darker, and brought into view (out of its cluster when it is in one).
  highlight(id, pan = true) {
    const previous = this.markers.get(this.selected);
    if (previous) previous.setStyle({ color: "#333", weight: 1 });
    this.selected = id;
    const marker = this.markers.get(id);
    if (!marker) return;
    marker.setStyle({ color: "#000", weight: 3 });
    // a list reload may have replaced the markers since this one was found: only a marker still in the
    // cluster group can be zoomed to (markercluster throws on one it no longer holds)
    if (!pan || !this.layer.hasLayer(marker)) return;
    // events on one spot (a town, or a country told only by name) never come apart by zooming: zooming
    // to show one went to the deepest zoom, a blank map with one label. Go only as deep as the spot's
    // own cluster first shows, and spread its events there.
    const spot = spotCluster(marker);
    if (spot) {
      this.showSpot(spot, marker);
      return;
    }
    this.layer.zoomToShowLayer(marker, () => {
      marker.bringToFront?.();
      if (!this.map.getBounds().pad(-0.1).contains(marker.getLatLng())) this.map.panTo(marker.getLatLng());
    });
  }

  // Bring a spot's cluster into view at the zoom it first shows at (or the current one, when deeper), then
  // spread its events (markercluster's spiderfy) so the one chosen can be seen and clicked.
  showSpot(spot, marker) {
    const spread = () => {
      const shown = this.layer.getVisibleParent(marker);
      if (shown && shown !== marker && shown.spiderfy) shown.spiderfy();
      marker.bringToFront?.();
    };
    const zoom = Math.max(spot._zoom ?? 0, this.map.getZoom());
    if (zoom === this.map.getZoom() && this.map.getBounds().pad(-0.1).contains(spot.getLatLng())) {
      spread();
      return;
    }
    this.map.once("moveend", spread);
    this.map.setView(spot.getLatLng(), zoom);
  }

  // Town names at close zoom, from the gazetteer (the biggest first), so a zoomed-in map is never blank.
  async updatePlaces() {
    const request = ++this.placeRequest;
    if (this.map.getZoom() < 8) {
      this.places.clearLayers();
      return;
    }
    let places = [];
    try {
      places = await getPlaces(this.bbox());
    } catch {
      return;
    }
    if (request !== this.placeRequest) return;
    this.places.clearLayers();
    for (const p of places) {
      const icon = L.divIcon({ className: "place-label", html: "", iconSize: null });
      const marker = L.marker([p.latitude, p.longitude], { icon, interactive: false, keyboard: false, pane: "basemap" });
      marker.on("add", () => {
        const el = marker.getElement();
        if (el && !el.firstChild) {
          const span = document.createElement("span");
          span.textContent = p.name;
          el.append(span);
        }
      });
      marker.addTo(this.places);
    }
  }

  fit() {
    const bounds = this.layer.getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds.pad(0.15), { maxZoom: 8 });
  }

  invalidate() {
    this.map.invalidateSize();
  }
}

// Whether markers all stand on one point (equal coordinates).
function oneSpot(markers) {
  const [first] = markers;
  return Boolean(first) && markers.every((m) => m.getLatLng().equals(first.getLatLng()));
}

// The largest cluster holding only events on the marker's own point (markercluster links each marker to
// the clusters holding it through `__parent`, deepest first), or null when no other event shares it.
function spotCluster(marker) {
  let cluster = marker.__parent;
  if (!cluster || cluster.getChildCount() < 2 || !oneSpot(cluster.getAllChildMarkers())) return null;
  while (cluster.__parent && oneSpot(cluster.__parent.getAllChildMarkers())) cluster = cluster.__parent;
  return cluster;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
