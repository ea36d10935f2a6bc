// The REST API of `rasd serve`. URLs are relative to the page, so the dashboard works wherever it is mounted.

// The filters the page address and the API share. The API lists them all (GET /api/filters, one declaration
// for the CLI, the API and the dashboard); these are the ones the toolbar has inputs for, and the list grows
// to the API's at start (loadFilterKeys), so `#min_fatalities=5&year=2018` works in an address too.
export const FILTER_KEYS = ["country", "admin1", "event_type", "sub_event_type", "actor", "since", "until", "q", "bbox", "min_confidence"];

export async function loadFilterKeys() {
  try {
    const filters = await request("filters");
    for (const f of filters) if (f.param && !FILTER_KEYS.includes(f.param)) FILTER_KEYS.push(f.param);
    return filters;
  } catch {
    return [];
  }
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function query(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function detail(response) {
  try {
    const body = await response.json();
    const d = body.detail ?? body.error ?? body.message ?? body;
    if (typeof d === "string") return d;
    if (Array.isArray(d)) return d.map((x) => (x.msg ? `${x.loc?.at?.(-1) ? `${x.loc.at(-1)}: ` : ""}${x.msg}` : JSON.stringify(x))).join("; ");
    return JSON.stringify(d);
  } catch {
    return response.statusText || `HTTP ${response.status}`;
  }
}

async function request(path, options = {}) {
  const response = await fetch(`api/${path}`, options);
  if (!response.ok) throw new ApiError(response.status, `${response.status}: ${await detail(response)}`);
  if (response.status === 204) return null;
  return response.json();
}

export const getEvents = (filters, limit, offset = 0) => request(`events${query(filters, { limit, offset, sort: "-date" })}`);
export const getEvent = (id) => request(`events/${encodeURIComponent(id)}`);
export const getArticle = (id) => request(`articles/${encodeURIComponent(id)}`);
export const getStats = (filters, extra = {}) => request(`stats${query(filters, extra)}`);
export const getPlaces = (bbox) => request(`geo/places${query({}, { bbox, limit: 150 })}`);
export const getMeta = () => request("meta");
export const explainArticle = (body) =>
  request("explain", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
// bom: a UTF-8 byte-order mark first (CSV only), without which Excel reads Arabic as mojibake
export const exportUrl = (format, filters, bom = false) =>
  `api/export${query(filters, bom ? { format, bom: "true" } : { format })}`;

export async function getOutlines() {
  // the API serves the file this app ships; fall back to the static copy beside the page
  for (const url of ["api/geo/outlines", "outlines.geojson"]) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
    } catch {
      // try the next one
    }
  }
  return null;
}

function writeOptions(token, method, body) {
  return {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  };
}

export const patchEvent = (id, changes, reason, token) =>
  request(`events/${encodeURIComponent(id)}`, writeOptions(token, "PATCH", { changes, reason }));

export const rejectEvent = (id, reason, token) =>
  request(`events/${encodeURIComponent(id)}/reject`, writeOptions(token, "POST", { reason }));

export const restoreEvent = (id, reason, token) =>
  request(`events/${encodeURIComponent(id)}/restore`, writeOptions(token, "POST", { reason }));
