// rasd dashboard: filters → /api/events and /api/stats → map, timeline, table; a click → the event panel.
// The filters and the open event live in the page address (#country=Syria&event=SYR1), so a view can be
// bookmarked and shared.
import "@fontsource/noto-naskh-arabic/arabic-400.css";
import "@fontsource/noto-naskh-arabic/arabic-700.css";
import "./style.css";
import { exportUrl, FILTER_KEYS, getEvents, getMeta, getStats, loadFilterKeys } from "./api.js";
import { $, clear, h } from "./dom.js";
import { EventMap } from "./map.js";
import { EventPanel } from "./panel.js";
import { setMeta, subtypesOf, TYPE_NAMES, typeColor } from "./taxonomy.js";
import { Timeline } from "./timeline.js";

const PAGE = 1000; // events per API request (the API gives at most 1000)
const MAX_EVENTS = 20000; // most events drawn at once
const TABLE_STEP = 200; // rows added by "show more"

const state = {
  filters: Object.fromEntries(FILTER_KEYS.map((k) => [k, ""])),
  event: "",
  items: [],
  total: 0,
  shown: TABLE_STEP,
  loadId: 0,
};

const form = $("#filters");
const inputs = {
  country: $("#f-country"),
  admin1: $("#f-admin1"),
  event_type: $("#f-type"),
  sub_event_type: $("#f-subtype"),
  actor: $("#f-actor"),
  since: $("#f-since"),
  until: $("#f-until"),
  q: $("#f-q"),
  min_confidence: $("#f-confidence"),
};
const bboxBox = $("#f-bbox");

function showError(message) {
  const box = $("#error");
  if (!message) {
    box.hidden = true;
    return;
  }
  clear(box).append(message);
  box.hidden = false;
}

// ---- the page address --------------------------------------------------------------------------------
function readHash() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  for (const key of FILTER_KEYS) state.filters[key] = params.get(key) || "";
  state.event = params.get("event") || "";
}

function writeHash() {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (state.filters[key]) params.set(key, state.filters[key]);
  if (state.event) params.set("event", state.event);
  const hash = params.toString();
  const url = `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ""}`;
  window.history.replaceState(null, "", url);
}

function syncInputs() {
  for (const [key, input] of Object.entries(inputs)) {
    if (input.value !== state.filters[key]) {
      if (input.tagName === "SELECT" && state.filters[key] && ![...input.options].some((o) => o.value === state.filters[key])) {
        input.append(h("option", { value: state.filters[key] }, state.filters[key]));
      }
      input.value = state.filters[key];
    }
  }
  bboxBox.checked = Boolean(state.filters.bbox);
  fillSubtypes();
}

// ---- filter options -----------------------------------------------------------------------------------
function fillSelect(select, values, current) {
  const keep = select.options[0];
  clear(select).append(keep);
  for (const [value, label] of values) select.append(h("option", { value }, label));
  if (current && ![...select.options].some((o) => o.value === current)) select.append(h("option", { value: current }, current));
  select.value = current || "";
}

function fillSubtypes() {
  fillSelect(
    inputs.sub_event_type,
    subtypesOf(state.filters.event_type).map((s) => [s, s]),
    state.filters.sub_event_type,
  );
}

// stats may come as {"Syria": 3} or [{"country": "Syria", "count": 3}] or [["Syria", 3]]
function counts(value, key) {
  if (!value) return [];
  if (Array.isArray(value)) {
    return value.map((row) => {
      if (Array.isArray(row)) return [String(row[0]), Number(row[1]) || 0];
      const name = row[key] ?? row.name ?? row.value ?? row.key;
      return [String(name), Number(row.count ?? row.events ?? row.n ?? 0)];
    });
  }
  return Object.entries(value).map(([k, v]) => [k, Number(typeof v === "object" ? v.count ?? v.events : v) || 0]);
}

// day × type may come as [{"day"|"date"|"event_date", "event_type", "count"}], {"2019-02-10": {"Battles": 2}},
// or [["2019-02-10", "Battles", 2]]
function dayRows(stats) {
  const value = stats.by_day_type ?? stats.by_day_and_type ?? stats.by_day_event_type ?? stats.by_day ?? stats.days ?? [];
  const rows = [];
  if (Array.isArray(value)) {
    for (const row of value) {
      if (Array.isArray(row)) rows.push({ day: String(row[0]), event_type: row.length > 2 ? row[1] : "", count: Number(row[row.length - 1]) || 0 });
      else if (row.counts || row.by_type || row.types) {
        for (const [t, n] of Object.entries(row.counts ?? row.by_type ?? row.types)) rows.push({ day: String(row.day ?? row.date ?? row.event_date), event_type: t, count: Number(n) || 0 });
      } else {
        const count = Number(row.count ?? row.events ?? row.n ?? 0);
        rows.push({ day: String(row.day ?? row.date ?? row.event_date ?? ""), event_type: row.event_type ?? row.type ?? "", count, events: count, fatalities: Number(row.fatalities ?? 0) });
      }
    }
  } else {
    for (const [day, v] of Object.entries(value)) {
      if (typeof v === "object") for (const [t, n] of Object.entries(v)) rows.push({ day, event_type: t, count: Number(n) || 0 });
      else rows.push({ day, event_type: "", count: Number(v) || 0 });
    }
  }
  return rows;
}

// The event types, sub-types and editable fields are the API's (rasd.taxonomy), read once at start.
async function loadMeta() {
  try {
    setMeta(await getMeta());
  } catch (error) {
    showError(`could not load the vocabulary: ${error.message}`);
  }
  fillSubtypes();
}

async function loadOptions() {
  try {
    const stats = await getStats({});
    const countries = counts(stats.by_country ?? stats.countries, "country").sort((a, b) => a[0].localeCompare(b[0]));
    fillSelect(inputs.country, countries.map(([c, n]) => [c, `${c} (${n})`]), state.filters.country);
    const types = new Map(counts(stats.by_event_type ?? stats.by_type ?? stats.event_types, "event_type"));
    const names = [...TYPE_NAMES, ...[...types.keys()].filter((t) => !TYPE_NAMES.includes(t))];
    fillSelect(inputs.event_type, names.map((t) => [t, types.has(t) ? `${t} (${types.get(t)})` : t]), state.filters.event_type);
  } catch (error) {
    fillSelect(inputs.event_type, TYPE_NAMES.map((t) => [t, t]), state.filters.event_type);
    showError(`could not load the statistics: ${error.message}`);
  }
}

// The counts beside countries and types follow the other filters (with Yemen chosen, "Battles (83)", the
// list's own figure, not the whole store's 175): each menu counts under every filter but its own.
async function updateOptionCounts(loadId) {
  const { country, ...noCountry } = state.filters;
  const { event_type, sub_event_type, ...noType } = state.filters;
  let byCountry, byType;
  try {
    [byCountry, byType] = await Promise.all([getStats(noCountry), getStats(noType)]);
  } catch {
    return; // the menus keep their last counts; the list itself loaded
  }
  if (loadId !== state.loadId) return;
  relabel(inputs.country, counts(byCountry.by_country ?? byCountry.countries, "country"));
  relabel(inputs.event_type, counts(byType.by_event_type ?? byType.by_type ?? byType.event_types, "event_type"));
}

function relabel(select, pairs) {
  const found = new Map(pairs);
  for (const option of select.options) {
    if (option.value) option.textContent = `${option.value} (${found.get(option.value) ?? 0})`;
  }
}

// ---- loading --------------------------------------------------------------------------------------------
async function fetchAll(filters, loadId) {
  const first = await getEvents(filters, PAGE, 0);
  const items = [...first.items];
  const total = first.total ?? items.length;
  const page = first.limit || PAGE;
  while (items.length < Math.min(total, MAX_EVENTS) && loadId === state.loadId) {
    const next = await getEvents(filters, page, items.length);
    if (!next.items.length) break;
    items.push(...next.items);
  }
  return { items, total };
}

async function load({ fit = false } = {}) {
  const loadId = ++state.loadId;
  writeHash();
  updateExports();
  $("#count").textContent = "loading…";
  const { since, until, bbox, ...undated } = state.filters;
  try {
    const [events, stats] = await Promise.all([
      fetchAll(state.filters, loadId),
      getStats({ ...undated, bbox }),
    ]);
    if (loadId !== state.loadId) return;
    showError("");
    state.failed = false;
    state.items = events.items;
    state.total = events.total;
    state.shown = TABLE_STEP;
    map.setEvents(state.items);
    if (fit && !state.filters.bbox) map.fit();
    timeline.setData(dayRows(stats), { since, until });
    updateTimelineHead();
    renderTable();
    fillDatalists();
    await updateOptionCounts(loadId);
    document.body.dataset.loaded = String(loadId);
  } catch (error) {
    if (loadId !== state.loadId) return;
    // never show stale data under an error: clear the map, the timeline and the table, and say what is wrong
    state.items = [];
    state.total = 0;
    state.failed = true;
    map.setEvents([]);
    timeline.setData([], {});
    renderTable();
    $("#count").textContent = "—";
    const where = error.status === 422 ? "a filter in the page address is wrong" : "could not load events";
    showError(`${where}: ${error.message}`);
  }
}

function updateExports() {
  for (const a of document.querySelectorAll(".exports a")) {
    a.href = exportUrl(a.dataset.format, state.filters, a.dataset.bom === "true");
  }
}

function updateTimelineHead() {
  const { since, until } = state.filters;
  $("#timeline-range").textContent = since || until ? `${since || "…"} – ${until || "…"}` : "drag to choose dates";
  $("#timeline-clear").hidden = !(since || until);
}

function fillDatalists() {
  const admin1 = new Set();
  const actors = new Set();
  for (const e of state.items) {
    if (e.admin1) admin1.add(e.admin1);
    for (const a of [e.actor1, e.actor2]) if (a) actors.add(a);
  }
  clear($("#admin1-list")).append(...[...admin1].sort().map((v) => h("option", { value: v })));
  clear($("#actor-list")).append(...[...actors].sort().map((v) => h("option", { value: v })));
}

// ---- the table ------------------------------------------------------------------------------------------
function renderTable() {
  const body = clear($("#events tbody"));
  const shown = state.items.slice(0, state.shown);
  for (const e of shown) {
    const place = [e.location, e.admin1, e.country].filter((v, i, all) => v && all.indexOf(v) === i).join(", ");
    const row = h(
      "tr",
      {
        dataset: { id: e.event_id_cnty },
        class: [e.event_id_cnty === state.event ? "selected" : "", e.status === "rejected" ? "rejected" : ""].join(" ").trim() || undefined,
        tabindex: 0,
        title: e.notes || "",
      },
      h("td", { class: "date" }, e.event_date || ""),
      h(
        "td",
        { class: "event" },
        h("span", { class: "dot", style: { background: typeColor(e.event_type) } }),
        h("span", { class: "type" }, e.sub_event_type || e.event_type || ""),
        h("span", { class: "id muted" }, ` ${e.event_id_cnty}`),
        h("span", { class: "place-inline muted" }, place), // shown instead of the place column on a phone
      ),
      h("td", { class: "place" }, place),
      h("td", { class: "actors" }, [e.actor1, e.actor2].filter(Boolean).join(" · ")),
      h("td", { class: "num" }, String(e.fatalities ?? 0)),
    );
    body.append(row);
  }
  const more = state.total > state.items.length ? ` (${state.items.length} drawn)` : "";
  $("#count").textContent = `${state.total.toLocaleString("en")} event${state.total === 1 ? "" : "s"}${more}`;
  $("#more").hidden = state.items.length <= state.shown;
  showEmpty();
}

// An empty list says why, so that it does not read as a page still loading or broken: no event matches
// the filters (with a way to clear them), or the store holds none yet. Not shown under a load error.
function showEmpty() {
  const filtered = FILTER_KEYS.some((key) => state.filters[key]);
  $("#empty").hidden = state.total > 0 || Boolean(state.failed);
  $("#empty-text").textContent = filtered
    ? "No events match these filters."
    : "No events in this store yet: add articles with rasd ingest, then reload.";
  $("#empty-reset").hidden = !filtered;
}

$("#events tbody").addEventListener("click", (e) => {
  const row = e.target.closest("tr[data-id]");
  if (row) select(row.dataset.id);
});
$("#events tbody").addEventListener("keydown", (e) => {
  const row = e.target.closest("tr[data-id]");
  if (row && (e.key === "Enter" || e.key === " ")) {
    e.preventDefault();
    select(row.dataset.id);
  }
});
$("#more").addEventListener("click", () => {
  state.shown += TABLE_STEP;
  renderTable();
});

// ---- selection --------------------------------------------------------------------------------------------
function select(id) {
  state.event = id || "";
  writeHash();
  for (const row of document.querySelectorAll("#events tr.selected")) row.classList.remove("selected");
  if (!id) {
    $("#panel").hidden = true;
    $("#list").hidden = false;
    map.highlight(null);
    return;
  }
  document.querySelector(`#events tr[data-id="${CSS.escape(id)}"]`)?.classList.add("selected");
  $("#list").hidden = true;
  map.highlight(id);
  panel.show(id);
}

// ---- wiring -----------------------------------------------------------------------------------------------
const map = new EventMap($("#map"), {
  onSelect: (id) => select(id),
  onViewChange: (bbox) => {
    if (bboxBox.checked && state.filters.bbox !== bbox) {
      state.filters.bbox = bbox;
      load();
    }
  },
});
const timeline = new Timeline($("#timeline-svg"), {
  onBrush: (since, until) => {
    state.filters.since = since;
    state.filters.until = until;
    syncInputs();
    load({ fit: true });
  },
});
for (const id of ["#timeline-measure", "#timeline-bin"]) {
  $(id).addEventListener("change", () => {
    const measure = $("#timeline-measure").value;
    const bin = $("#timeline-bin").value;
    timeline.setMode({ measure, bin });
    $("#timeline-title").textContent = `${measure === "fatalities" ? "Deaths" : "Events"} per ${bin === "auto" ? "day" : bin}`;
  });
}
const panel = new EventPanel($("#panel"), {
  onClose: () => select(""),
  onSelect: (id) => select(id),
  onChanged: () => load(),
  neighbours: (event) =>
    state.items.filter(
      (o) => o.event_id_cnty !== event.event_id_cnty && o.latitude === event.latitude && o.longitude === event.longitude && Number.isFinite(o.latitude),
    ),
});

let typing;
function onFilterInput(e) {
  const key = Object.entries(inputs).find(([, input]) => input === e.target)?.[0];
  if (!key) return;
  const value = e.target.value.trim();
  if (state.filters[key] === value) return;
  state.filters[key] = value;
  if (key === "event_type") {
    if (state.filters.sub_event_type && !subtypesOf(value).includes(state.filters.sub_event_type)) state.filters.sub_event_type = "";
    fillSubtypes();
  }
  const text = e.target.tagName === "INPUT" && e.target.type !== "date";
  clearTimeout(typing);
  if (text && e.type === "input") typing = setTimeout(() => load({ fit: true }), 350);
  else load({ fit: true });
}
form.addEventListener("change", onFilterInput);
form.addEventListener("input", onFilterInput);
form.addEventListener("submit", (e) => e.preventDefault());
bboxBox.addEventListener("change", () => {
  state.filters.bbox = bboxBox.checked ? map.bbox() : "";
  load();
});
$("#f-reset").addEventListener("click", () => {
  for (const key of FILTER_KEYS) state.filters[key] = "";
  syncInputs();
  load({ fit: true });
});
$("#empty-reset").addEventListener("click", () => $("#f-reset").click());
$("#timeline-clear").addEventListener("click", () => {
  state.filters.since = "";
  state.filters.until = "";
  syncInputs();
  load();
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && state.event && !e.target.closest("input, select, textarea")) select("");
});
window.addEventListener("hashchange", () => {
  const before = JSON.stringify(state.filters);
  const event = state.event;
  readHash();
  syncInputs();
  if (JSON.stringify(state.filters) !== before) load({ fit: true });
  if (state.event !== event) select(state.event);
});

await loadFilterKeys();
for (const key of FILTER_KEYS) state.filters[key] ??= "";
readHash();
fillSubtypes();
syncInputs();
Promise.all([loadMeta().then(loadOptions), map.basemapReady]).finally(async () => {
  syncInputs();
  await load({ fit: true });
  if (state.event) select(state.event);
});
