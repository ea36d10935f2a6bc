// ACLED's event types and sub-event types (CODEBOOK §3), and the colour of each type on the map and timeline.

export const TYPES = {
  Battles: {
    color: "#d62728",
    subtypes: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  },
  "Explosions/Remote violence": {
    color: "#ff7f0e",
    subtypes: [
      "Air/drone strike",
      "Shelling/artillery/missile attack",
      "Suicide bomb",
      "Remote explosive/landmine/IED",
      "Grenade",
      "Chemical weapon",
    ],
  },
  "Violence against civilians": {
    color: "#8e44ad",
    subtypes: ["Attack", "Abduction/forced disappearance", "Sexual violence"],
  },
  Protests: {
    color: "#1f77b4",
    subtypes: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  },
  Riots: { color: "#c9a100", subtypes: ["Violent demonstration", "Mob violence"] },
  "Strategic developments": {
    color: "#2ca02c",
    subtypes: [
      "Agreement",
      "Arrests",
      "Change to group/activity",
      "Disrupted weapons use",
      "Headquarters or base established",
      "Looting/property destruction",
      "Non-violent transfer of territory",
      "Other",
    ],
  },
};

export const TYPE_NAMES = Object.keys(TYPES);

export const typeColor = (type) => TYPES[type]?.color ?? "#7f7f7f";

export function subtypesOf(type) {
  if (type && TYPES[type]) return TYPES[type].subtypes;
  return TYPE_NAMES.flatMap((t) => TYPES[t].subtypes);
}

// Marker radius in pixels: area grows with the death toll, within bounds.
export const radiusFor = (fatalities) => Math.min(22, 4 + 2.2 * Math.sqrt(Math.max(0, Number(fatalities) || 0)));

// Fields an analyst may correct (the API's review.EDITABLE), with how to read the typed value; "choice"
// fields offer their values.
export const EDITABLE = [
  ["fatalities", "int"],
  ["event_date", "date"],
  ["event_type", "choice", () => TYPE_NAMES],
  ["sub_event_type", "choice", () => subtypesOf("")],
  ["actor1", "text"],
  ["actor2", "text"],
  ["assoc_actor_1", "text"],
  ["assoc_actor_2", "text"],
  ["civilian_targeting", "choice", () => ["", "Civilian targeting"]],
  ["location", "text"],
  ["admin1", "text"],
  ["admin2", "text"],
  ["country", "text"],
  ["latitude", "float"],
  ["longitude", "float"],
  ["time_precision", "choice", () => ["1", "2", "3"]],
  ["geo_precision", "choice", () => ["1", "2", "3"]],
  ["source", "text"],
  ["notes", "text"],
];
