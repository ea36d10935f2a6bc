// The event panel: what happened (English note, actors, place, toll, sources), the Arabic articles that tell
// it, right to left, with every evidence span highlighted, the event's corrections, and the review form.
// Everything from the API is inserted as text nodes (see dom.js and evidence.js), never as HTML.
import { ApiError, explainArticle, getArticle, getEvent, patchEvent, rejectEvent, restoreEvent } from "./api.js";
import { append, clear, h } from "./dom.js";
import { highlighted } from "./evidence.js";
import { EDITABLE, typeColor } from "./taxonomy.js";

const TOKEN_KEY = "rasd.token";
const PRECISION = { 1: "exact day", 2: "within a week", 3: "within a month" };
const GEO_PRECISION = { 1: "the place itself", 2: "near the place", 3: "province or wider" };

export function storedToken() {
  try {
    return window.localStorage.getItem(TOKEN_KEY) || "";
  } catch {
    return "";
  }
}

function storeToken(token) {
  try {
    if (token) window.localStorage.setItem(TOKEN_KEY, token);
    else window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // private mode: the token lives for this page only
  }
}

const articleCache = new Map();
function article(id) {
  if (!articleCache.has(id)) {
    const promise = getArticle(id).catch((error) => {
      articleCache.delete(id);
      throw error;
    });
    articleCache.set(id, promise);
  }
  return articleCache.get(id);
}

// Why a record is what it is (POST /api/explain), asked for when a report's "Why this record" is opened.
// Explanations are computed on demand rather than stored: they describe the running rasd, cost nothing at
// ingest, and one article takes milliseconds to explain. When rasd has changed since the report was
// stored, the panel says the current reading differs.
const explanationCache = new Map();
function explanation(articleData) {
  const id = articleData.id;
  if (!explanationCache.has(id)) {
    const body = { text: articleData.text, title: articleData.title || null, published: articleData.published || null, outlet: articleData.outlet || null, id };
    const promise = explainArticle(body).catch((error) => {
      explanationCache.delete(id);
      throw error;
    });
    explanationCache.set(id, promise);
  }
  return explanationCache.get(id);
}

// the record fields whose source passage a report names (field_evidence), and where the panel shows them
const FIELD_LABELS = { event_type: "type", actor1: "actor 1", actor2: "actor 2", location: "place", event_date: "date", fatalities: "deaths", source: "source" };

const text = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));
const list = (v) => (Array.isArray(v) ? v : v ? String(v).split(/;\s*/) : []).filter(Boolean);

export class EventPanel {
  constructor(element, { onClose, onSelect, onChanged, neighbours }) {
    this.el = element;
    this.onClose = onClose;
    this.onSelect = onSelect;
    this.onChanged = onChanged;
    this.neighbours = neighbours;
    this.current = null;
    this.token = storedToken();
  }

  async show(id) {
    this.id = id;
    clear(this.el);
    this.el.hidden = false;
    this.el.append(h("p", { class: "muted loading" }, `loading ${id}…`));
    let event;
    try {
      event = await getEvent(id);
    } catch (error) {
      if (this.id !== id) return;
      clear(this.el);
      this.el.append(this.head(id), h("p", { class: "error-text" }, error.status === 404 ? `${id}: no such event (it may have been merged or retired)` : String(error.message)));
      return;
    }
    if (this.id !== id) return;
    this.current = event;
    this.render(event);
  }

  head(id, event) {
    return h(
      "div",
      { class: "panel-head" },
      h("button", { type: "button", class: "back", title: "back to the list", onclick: () => this.onClose?.() }, "← list"),
      h("span", { class: "event-id" }, id),
      event && h("span", { class: "type-badge", dataset: { field: "event_type" }, style: { background: typeColor(event.event_type) } }, event.event_type),
      event && h("span", { class: "subtype" }, event.sub_event_type || ""),
      event?.status && event.status !== "active" && h("span", { class: `status status-${event.status}` }, event.status),
      event?.corrected && h("span", { class: "status status-corrected" }, "corrected"),
    );
  }

  render(event) {
    const el = clear(this.el);
    el.dataset.event = event.event_id_cnty;
    el.append(this.head(event.event_id_cnty, event));

    // each name once, as the list says it: a country told only by name is "Germany", not "Germany, Germany"
    const place = [event.location, event.admin2, event.admin1, event.country].filter((v, i, all) => v && all.indexOf(v) === i).join(", ");
    const coords =
      Number.isFinite(event.latitude) && Number.isFinite(event.longitude)
        ? `${event.latitude.toFixed(4)}, ${event.longitude.toFixed(4)}`
        : "";
    const actors = (main, assoc) => h("span", {}, text(main), list(assoc).length ? h("span", { class: "muted" }, ` with ${list(assoc).join("; ")}`) : null);
    el.append(
      h("p", { class: "note", lang: "en" }, text(event.notes)),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Date"),
        h("dd", { class: "event-date", dataset: { field: "event_date" } }, text(event.event_date), event.time_precision ? h("span", { class: "muted" }, ` (${PRECISION[event.time_precision] || `precision ${event.time_precision}`})`) : null),
        h("dt", {}, "Actor 1"),
        h("dd", { class: "actor1", dataset: { field: "actor1" } }, actors(event.actor1, event.assoc_actor_1)),
        h("dt", {}, "Actor 2"),
        h("dd", { class: "actor2", dataset: { field: "actor2" } }, actors(event.actor2, event.assoc_actor_2)),
        h("dt", {}, "Place"),
        h("dd", { class: "place", dataset: { field: "location" } }, text(place), coords ? h("span", { class: "muted" }, ` · ${coords}${event.geo_precision ? ` (${GEO_PRECISION[event.geo_precision] || event.geo_precision})` : ""}`) : null),
        h("dt", {}, "Deaths"),
        h("dd", { class: "fatalities", dataset: { field: "fatalities" } }, text(event.fatalities ?? 0)),
        h("dt", {}, "Sources"),
        h("dd", { class: "sources", dataset: { field: "source" } }, text(list(event.sources?.length ? event.sources : event.source).join("; "))),
        Number.isFinite(event.confidence) ? h("dt", { title: "the estimated chance the record is right (README: Calibrated confidence)" }, "Confidence") : null,
        Number.isFinite(event.confidence) ? h("dd", { class: "confidence" }, `${event.confidence.toFixed(2)}`) : null,
      ),
    );

    const same = this.neighbours?.(event) ?? [];
    if (same.length) {
      el.append(
        h(
          "p",
          { class: "neighbours muted" },
          "Also at this place: ",
          same.map((other, i) => [i ? ", " : "", h("a", { href: `#event=${encodeURIComponent(other.event_id_cnty)}`, onclick: (e) => { e.preventDefault(); this.onSelect?.(other.event_id_cnty); } }, `${other.event_id_cnty} (${other.event_date})`)]),
        ),
      );
    }

    const reports = event.reports ?? [];
    el.append(h("h3", {}, `Reports (${reports.length})`));
    const box = h("div", { class: "reports" });
    el.append(box);
    reports.forEach((report, index) => box.append(this.report(event, report, index === 0)));

    if (event.corrections?.length) el.append(this.corrections(event.corrections));
    el.append(this.reviewForm(event));
    this.fieldHover(el, reports);
  }

  // Hovering a field (date, actors, place, deaths, sources, type) lights the words each report read it from
  // in its article, and its tooltip quotes them.
  fieldHover(el, reports) {
    for (const target of el.querySelectorAll("[data-field]")) {
      const field = target.dataset.field;
      const quoted = reports.map((r) => r.field_evidence?.[field]?.text).filter(Boolean);
      target.classList.add("has-field-evidence");
      target.title = quoted.length ? `${FIELD_LABELS[field]} read from: «${[...new Set(quoted)].join("», «")}»` : `${FIELD_LABELS[field]}: a default (no passage names it)`;
      target.addEventListener("mouseenter", () => {
        for (const mark of el.querySelectorAll(`mark.field-${field}`)) mark.classList.add("field-lit");
      });
      target.addEventListener("mouseleave", () => {
        for (const mark of el.querySelectorAll("mark.field-lit")) mark.classList.remove("field-lit");
      });
    }
  }

  report(event, report, open) {
    const spans = (report.evidence ?? []).map((s) => ({ ...s, className: "this-event", title: `${event.event_id_cnty}: ${s.text ?? ""}`, eventId: event.event_id_cnty }));
    const fieldSpans = Object.entries(report.field_evidence ?? {}).map(([field, s]) => ({ ...s, className: `field-span field-${field}`, title: `${FIELD_LABELS[field] ?? field}: ${s.text ?? ""}` }));
    const details = h("details", { class: "report", open: open || undefined, dataset: { article: report.article_id } });
    const summary = h(
      "summary",
      {},
      h("span", { class: "outlet" }, report.outlet || "(no outlet)"),
      " · ",
      h("span", { class: "published" }, text(report.published)),
      h("span", { class: "muted" }, ` · ${spans.length} evidence span${spans.length === 1 ? "" : "s"}`),
    );
    const title = h("h4", { class: "article-title", dir: "rtl", lang: "ar" });
    const body = h("div", { class: "article-text", dir: "rtl", lang: "ar" }, h("span", { class: "muted" }, "…"));
    const link = h("p", { class: "article-meta muted" });
    const why = h("details", { class: "why" }, h("summary", {}, "Why this record"), h("div", { class: "why-body" }, h("span", { class: "muted" }, "…")));
    details.append(summary, title, body, link, why);
    why.addEventListener("toggle", () => {
      if (!why.open || why.dataset.loaded) return;
      why.dataset.loaded = "1";
      const box = why.querySelector(".why-body");
      article(report.article_id)
        .then((articleData) => explanation(articleData))
        .then((found) => clear(box).append(whyThisRecord(found, report)))
        .catch((error) => {
          delete why.dataset.loaded;
          clear(box).append(h("span", { class: "error-text" }, `explanation: ${error.message}`));
        });
    });

    const draw = (articleData) => {
      const all = [...spans, ...fieldSpans];
      for (const s of articleData?.evidence ?? []) {
        if (s.event_id_cnty === event.event_id_cnty) {
          all.push({ ...s, className: "this-event", title: `${event.event_id_cnty}`, eventId: s.event_id_cnty });
        } else {
          all.push({ ...s, className: "other-event", title: `evidence of ${s.event_id_cnty} (click to open)`, eventId: s.event_id_cnty, clickable: true });
        }
      }
      const onSpan = (s) => this.onSelect?.(s.eventId);
      const inTitle = all.filter((s) => s.field === "title");
      const inText = all.filter((s) => s.field !== "title");
      clear(title).append(highlighted(articleData?.title ?? report.title ?? "", inTitle, onSpan));
      clear(body).append(highlighted(articleData?.text ?? "", inText, onSpan));
      if (open) {
        // bring the first passage of this event into view inside the article box
        const first = body.querySelector("mark.this-event");
        if (first) body.scrollTop = Math.max(0, first.offsetTop - body.clientHeight / 3);
      }
      const url = articleData?.url && /^https?:\/\//.test(articleData.url) ? articleData.url : "";
      append(clear(link), [
        `article ${report.article_id}`,
        url ? [" · ", h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, "original")] : null,
      ]);
    };
    article(report.article_id)
      .then(draw)
      .catch((error) => {
        clear(body).append(h("span", { class: "error-text" }, `article ${report.article_id}: ${error.message}`));
      });
    return details;
  }

  corrections(items) {
    return h(
      "div",
      { class: "corrections" },
      h("h3", {}, `Corrections (${items.length})`),
      h(
        "ul",
        {},
        items.map((c) => {
          const who = c.author ?? c.user ?? c.who ?? c.token_name ?? "";
          const rawWhen = c.created_at ?? c.at ?? c.when ?? c.timestamp ?? "";
          const when = typeof rawWhen === "number" ? new Date(rawWhen * 1000).toISOString().slice(0, 16).replace("T", " ") : String(rawWhen);
          const field = c.field ?? (c.action === "reject" || c.kind === "reject" ? "status" : "");
          const change = field === "status" ? `${c.after === "active" ? "restored" : text(c.after ?? "rejected")}` : `${field}: ${text(c.before)} → ${text(c.after)}`;
          return h("li", {}, h("strong", {}, change), h("span", { class: "muted" }, ` · ${who}${when ? ` · ${when}` : ""}${c.reason ? ` · “${c.reason}”` : ""}`));
        }),
      ),
    );
  }

  reviewForm(event) {
    const status = h("p", { class: "review-status", role: "status" });
    const say = (message, ok) => {
      clear(status).append(message);
      status.className = `review-status ${ok ? "ok" : "bad"}`;
    };

    const tokenInput = h("input", { type: "password", id: "review-token", placeholder: "paste an API token (rasd token create NAME)", autocomplete: "off", size: 28 });
    const tokenRow = h("div", { class: "token-row" });
    const drawToken = () => {
      clear(tokenRow);
      if (this.token) {
        tokenRow.append(
          h("span", { class: "muted" }, "token saved in this browser "),
          h("button", { type: "button", id: "review-forget", onclick: () => { this.token = ""; storeToken(""); drawToken(); } }, "forget"),
        );
      } else {
        tokenRow.append(
          tokenInput,
          h("button", { type: "button", id: "review-save-token", onclick: () => { this.token = tokenInput.value.trim(); storeToken(this.token); drawToken(); } }, "save token"),
        );
      }
    };
    drawToken();

    const fieldSelect = h("select", { id: "review-field" }, EDITABLE.map(([name]) => h("option", { value: name }, name)));
    const reasonInput = h("input", { id: "review-reason", placeholder: "reason", size: 18 });
    const valueLabel = h("label", {}, "Value ");
    let valueInput;
    const fill = () => {
      const [, kind, options] = EDITABLE.find(([name]) => name === fieldSelect.value);
      const v = event[fieldSelect.value];
      const current = v === null || v === undefined ? "" : String(v);
      if (kind === "choice") {
        const values = options();
        valueInput = h("select", { id: "review-value" }, values.map((o) => h("option", { value: o }, o || "(none)")));
        if (!values.includes(current)) valueInput.append(h("option", { value: current }, current));
      } else {
        valueInput = h("input", { id: "review-value", size: 18, type: kind === "date" ? "date" : "text", inputmode: kind === "int" || kind === "float" ? "decimal" : undefined });
      }
      valueInput.value = current;
      clear(valueLabel).append("Value ", valueInput);
    };
    fieldSelect.addEventListener("change", fill);
    fill();

    const needToken = () => {
      const token = this.token || tokenInput.value.trim();
      if (!token) say("paste a token first", false);
      return token;
    };
    // the message comes once the panel, the list, the map and the timeline show the change
    const afterWrite = async (message) => {
      clear(status).append("saved; reloading…");
      status.className = "review-status";
      await this.onChanged?.(event.event_id_cnty);
      await this.show(event.event_id_cnty);
      const fresh = this.el.querySelector(".review-status");
      if (fresh) {
        clear(fresh).append(message);
        fresh.className = "review-status ok";
      }
    };
    const failed = (error) => {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) say(`not allowed (${error.message}): check the token`, false);
      else say(String(error.message || error), false);
    };

    const save = async (e) => {
      e.preventDefault();
      const token = needToken();
      if (!token) return;
      const field = fieldSelect.value;
      const [, kind, , numeric] = EDITABLE.find(([name]) => name === field) ?? [];
      let value = valueInput.value.trim();
      if (kind === "int" || kind === "float" || numeric) {
        if (value === "" || !Number.isFinite(Number(value))) return say(`${field} needs a number`, false);
        value = kind === "float" ? Number(value) : Math.trunc(Number(value));
      }
      const changes = { [field]: value };
      // coordinates are corrected as a pair
      if (field === "latitude" && Number.isFinite(event.longitude)) changes.longitude = event.longitude;
      if (field === "longitude" && Number.isFinite(event.latitude)) changes.latitude = event.latitude;
      try {
        await patchEvent(event.event_id_cnty, changes, reasonInput.value.trim(), token);
        await afterWrite(`${field} set to ${value}`);
      } catch (error) {
        failed(error);
      }
    };

    const rejectReason = h("input", { id: "review-reject-reason", placeholder: "why reject", size: 18 });
    const rejectButton = h("button", { type: "button", id: "review-reject", class: "danger" }, "Reject event…");
    rejectButton.addEventListener("click", async () => {
      if (!rejectButton.dataset.armed) {
        rejectButton.dataset.armed = "1";
        rejectButton.textContent = "Confirm reject";
        return;
      }
      const token = needToken();
      if (!token) return;
      try {
        await rejectEvent(event.event_id_cnty, rejectReason.value.trim(), token);
        await afterWrite("event rejected");
      } catch (error) {
        failed(error);
      }
    });

    const restoreButton = h("button", { type: "button", id: "review-restore" }, "Restore event");
    restoreButton.addEventListener("click", async () => {
      const token = needToken();
      if (!token) return;
      try {
        await restoreEvent(event.event_id_cnty, rejectReason.value.trim(), token);
        await afterWrite("event restored");
      } catch (error) {
        failed(error);
      }
    });

    return h(
      "form",
      { class: "review", id: "review", onsubmit: save },
      h("h3", {}, "Review"),
      tokenRow,
      h("div", { class: "review-row" }, h("label", {}, "Field ", fieldSelect), valueLabel),
      h("div", { class: "review-row" }, h("label", {}, "Reason ", reasonInput), h("button", { type: "submit", id: "review-save" }, "Save correction")),
      h("div", { class: "review-row" }, rejectReason, event.status === "rejected" ? restoreButton : rejectButton),
      status,
    );
  }
}

// ---- "why this record": the decisions behind one report, from POST /api/explain ----

const ar = (span) => h("bdi", { class: "ar", dir: "rtl", lang: "ar" }, `«${(span?.text ?? "").replace(/\s+/g, " ")}»`);

function whyThisRecord(found, report) {
  const records = found.records ?? [];
  const record = records[report.ordinal];
  const same = record && record.event_type === report.event_type && record.location === report.location;
  const kept = (found.candidates ?? []).filter((c) => c.decision === "kept" && c.record === report.ordinal);
  const sentences = new Set(kept.map((c) => `${c.sentence.field}:${c.sentence.index}`));
  const dropped = (found.candidates ?? []).filter((c) => c.decision === "dropped" && sentences.has(`${c.sentence.field}:${c.sentence.index}`));
  const others = (found.candidates ?? []).filter((c) => c.decision === "dropped").length - dropped.length;
  return h(
    "div",
    { class: "why-record" },
    same ? null : h("p", { class: "error-text" }, "rasd reads this article differently now than when this report was stored; the current reading:"),
    h("p", { class: "muted" }, `${kept.length} candidate${kept.length === 1 ? "" : "s"} made this record; ${records.length} record${records.length === 1 ? "" : "s"} from the article.`),
    h("ul", { class: "why-list" }, kept.map((c) => keptItem(c)), dropped.map((c) => droppedItem(c))),
    others > 0 ? h("p", { class: "muted" }, `${others} other candidate${others === 1 ? " was" : "s were"} dropped elsewhere in the article.`) : null,
  );
}

function keptItem(c) {
  const roles = (c.roles?.offered ?? []).map((m) => [ar(m), ` ${m.role}${m.chosen_as ? ` → ${m.chosen_as}` : ""}`]);
  const place = c.place ?? {};
  const alsoPlaces = (place.candidates ?? []).filter((p) => !p.chosen).map((p) => [ar(p), ` ${p.note || "less specific"}`]);
  return h(
    "li",
    { class: "why-candidate kept", dataset: { id: c.id } },
    h("strong", {}, "kept "),
    ar(c.trigger),
    ` ${c.event_type} / ${c.sub_event_type}`,
    c.merged_into ? h("span", { class: "muted" }, ` · merged into ${c.merged_into}: ${c.rule}`) : null,
    h(
      "ul",
      {},
      roles.length ? h("li", { class: "why-roles" }, "actors: ", roles.map((r, i) => [i ? ", " : "", r])) : null,
      h("li", { class: "why-place" }, "place: ", place.chosen ? ar(place.chosen) : "—", place.location ? ` → ${place.location}` : "", ` (${place.why ?? ""})`, alsoPlaces.length ? [" · also ", alsoPlaces.map((p, i) => [i ? ", " : "", p])] : null),
      h("li", { class: "why-date" }, `date: ${c.date?.value ?? "—"} from ${c.date?.from ?? "—"} `, c.date?.phrase ? ar(c.date.phrase) : null),
      c.fatalities?.value ? h("li", { class: "why-toll" }, `toll: ${c.fatalities.value} from `, c.fatalities.phrase ? ar(c.fatalities.phrase) : "—") : null,
    ),
  );
}

function droppedItem(c) {
  return h(
    "li",
    { class: "why-candidate dropped", dataset: { id: c.id, reason: c.reason } },
    h("strong", {}, "dropped "),
    ar(c.trigger),
    ` ${c.event_type}: ${c.rule} (${c.reason})`,
    (c.words ?? []).length ? [" — ", c.words.map((w, i) => [i ? " " : "", ar(w)])] : null,
  );
}
