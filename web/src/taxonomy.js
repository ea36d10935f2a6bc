// ACLED's event types and sub-event types, and the fields an analyst may correct: both come from the API
// (GET /api/meta, from rasd.taxonomy), so a new sub-type or editable field needs no change here. What the
// dashboard adds is presentation: the colour of each type on the map and timeline.

const COLORS = {
  Battles: "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#8e44ad",
  Protests: "#1f77b4",
  Riots: "#c9a100",
  "Strategic developments": "#2ca02c",
};

// Filled in place by setMeta, so every module that imported them sees the API's vocabulary.
export const TYPES = {}; // event type → its sub-event types
export const TYPE_NAMES = [];
// [name, kind, choices?, numeric?]: kind "int" | "float" | "date" | "text" | "choice"
export const EDITABLE = [];

export const typeColor = (type) => COLORS[type] ?? "#7f7f7f";

export function subtypesOf(type) {
  if (type && TYPES[type]) return TYPES[type];
  return TYPE_NAMES.flatMap((t) => TYPES[t]);
}

// The API's value kinds (rasd.taxonomy.EDITABLE) as the review form reads them.
const FORM_KIND = { date: "date", count: "int", latitude: "float", longitude: "float" };

// Take the vocabulary from /api/meta: {"event_types": {type: [sub, …]}, "editable": [{name, kind, choices?}]}.
export function setMeta(meta) {
  for (const key of Object.keys(TYPES)) delete TYPES[key];
  Object.assign(TYPES, meta.event_types ?? {});
  TYPE_NAMES.splice(0, TYPE_NAMES.length, ...Object.keys(TYPES));
  const fields = (meta.editable ?? (meta.editable_fields ?? []).map((name) => ({ name, kind: "text" }))).map((f) => {
    if (f.choices) {
      const numeric = f.choices.some((c) => typeof c === "number");
      return [f.name, "choice", () => f.choices.map(String), numeric];
    }
    return [f.name, FORM_KIND[f.kind] ?? "text"];
  });
  EDITABLE.splice(0, EDITABLE.length, ...fields);
}

// Marker radius in pixels: area grows with the death toll, within bounds.
export const radiusFor = (fatalities) => Math.min(22, 4 + 2.2 * Math.sqrt(Math.max(0, Number(fatalities) || 0)));
