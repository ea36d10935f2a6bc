// Events (or deaths) per day, week or month, stacked by type, as SVG. Drag across it to choose a date range
// (a brush); a click picks one bar. "auto" bins long spans by several days so bars stay two pixels wide.
import { TYPE_NAMES, typeColor } from "./taxonomy.js";

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const MARGIN = { left: 34, right: 10, top: 8, bottom: 20 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const toMs = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const toIso = (ms) => new Date(ms).toISOString().slice(0, 10);

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.append(document.createTextNode(text));
  return node;
}

export class Timeline {
  constructor(svg, { onBrush }) {
    this.svg = svg;
    this.onBrush = onBrush;
    this.rows = [];
    this.range = { since: "", until: "" };
    this.measure = "events"; // or "fatalities"
    this.bin = "auto"; // or "day", "week", "month"
    this.drag = null;
    svg.addEventListener("pointerdown", (e) => this.pointerDown(e));
    svg.addEventListener("pointermove", (e) => this.pointerMove(e));
    svg.addEventListener("pointerup", (e) => this.pointerUp(e));
    svg.addEventListener("pointercancel", () => {
      this.drag = null;
      this.drawBrush();
    });
    new ResizeObserver(() => this.render()).observe(svg);
  }

  // rows: [{day: "YYYY-MM-DD", event_type, events, fatalities}]
  setData(rows, range) {
    this.rows = rows.filter((r) => /^\d{4}-\d{2}-\d{2}/.test(r.day || ""));
    this.range = { since: range.since || "", until: range.until || "" };
    this.render();
  }

  setRange(range) {
    this.range = { since: range.since || "", until: range.until || "" };
    this.render();
  }

  // what the bars count ("events" or "fatalities") and how days are binned ("auto", "day", "week", "month")
  setMode({ measure, bin }) {
    if (measure) this.measure = measure;
    if (bin) this.bin = bin;
    this.render();
  }

  // The bin a day falls in: its first day (weeks start on Monday, as `rasd stats --by week` counts them).
  binStart(ms) {
    const s = this.scale;
    if (s.mode === "week") return ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
    if (s.mode === "month") {
      const d = new Date(ms);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
    return s.origin + Math.floor(Math.round((ms - s.origin) / DAY) / s.binDays) * s.binDays * DAY;
  }

  binEnd(start) {
    const s = this.scale;
    if (s.mode === "month") {
      const d = new Date(start);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
    return start + (s.mode === "week" ? 7 : s.binDays) * DAY;
  }

  x(ms) {
    const s = this.scale;
    return MARGIN.left + ((ms - s.axisFirst) / DAY) * s.pxPerDay;
  }

  render() {
    const svg = this.svg;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const width = svg.clientWidth || 600;
    const height = svg.clientHeight || 110;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.width = width;
    this.height = height;
    if (!this.rows.length) {
      svg.append(el("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "no dated events"));
      this.scale = null;
      return;
    }
    // the range chosen stays inside the axis even when the other filters leave no event there
    const days = this.rows.map((r) => toMs(r.day.slice(0, 10)));
    for (const bound of [this.range.since, this.range.until]) if (/^\d{4}-\d{2}-\d{2}$/.test(bound)) days.push(toMs(bound));
    const first = Math.min(...days);
    const last = Math.max(...days);
    const span = Math.round((last - first) / DAY) + 1;
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const mode = this.bin === "auto" ? "days" : this.bin;
    const binDays = this.bin === "auto" ? Math.max(1, Math.ceil(span / Math.max(1, plotWidth / 3))) : 1;
    this.scale = { mode, binDays, origin: first, axisFirst: first, pxPerDay: 1, first, last };
    const axisFirst = this.binStart(first);
    const axisEnd = this.binEnd(this.binStart(last));
    Object.assign(this.scale, { axisFirst, axisEnd, pxPerDay: plotWidth / ((axisEnd - axisFirst) / DAY) });

    const stacks = new Map();
    for (const r of this.rows) {
      const start = this.binStart(toMs(r.day.slice(0, 10)));
      if (!stacks.has(start)) stacks.set(start, new Map());
      const stack = stacks.get(start);
      stack.set(r.event_type, (stack.get(r.event_type) || 0) + (Number(r[this.measure] ?? r.count) || 0));
    }
    const totals = [...stacks.values()].map((s) => [...s.values()].reduce((a, b) => a + b, 0));
    const max = Math.max(1, ...totals);
    const plotHeight = height - MARGIN.top - MARGIN.bottom;
    const y = (v) => (v / max) * plotHeight;

    // axes
    const axis = el("g", { class: "axis" });
    axis.append(el("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: height - MARGIN.bottom + 0.5, y2: height - MARGIN.bottom + 0.5 }));
    axis.append(el("text", { x: MARGIN.left - 4, y: MARGIN.top + 8, "text-anchor": "end" }, String(max)));
    axis.append(el("text", { x: MARGIN.left - 4, y: height - MARGIN.bottom, "text-anchor": "end" }, "0"));
    for (const tick of this.ticks(axisFirst, axisEnd - DAY)) {
      const x = this.x(tick.ms);
      axis.append(el("line", { x1: x, x2: x, y1: height - MARGIN.bottom, y2: height - MARGIN.bottom + 4 }));
      axis.append(el("text", { x, y: height - 5, "text-anchor": "middle" }, tick.label));
    }
    svg.append(axis);

    const bars = el("g", { class: "bars" });
    const order = [...TYPE_NAMES, ...new Set(this.rows.map((r) => r.event_type).filter((t) => !TYPE_NAMES.includes(t)))];
    const unit = this.measure === "fatalities" ? "deaths" : "events";
    for (const [start, stack] of stacks) {
      let base = height - MARGIN.bottom;
      const end = this.binEnd(start);
      const x = this.x(start);
      const barWidth = Math.max(1, this.x(end) - x - 1);
      const from = toIso(start);
      const to = toIso(end - DAY);
      for (const type of order) {
        const n = stack.get(type);
        if (!n) continue;
        const h = Math.max(1, y(n));
        base -= h;
        const rect = el("rect", { x: x + 0.5, y: base, width: barWidth, height: h, fill: typeColor(type), "data-day": from });
        rect.append(el("title", {}, `${from === to ? from : `${from} – ${to}`}: ${n} ${unit}, ${type}`));
        bars.append(rect);
      }
    }
    svg.append(bars);
    this.brushRect = el("rect", { class: "brush", y: MARGIN.top - 4, height: plotHeight + 4, x: 0, width: 0 });
    svg.append(this.brushRect);
    this.drawBrush();
  }

  ticks(first, last) {
    const span = (last - first) / DAY;
    const out = [];
    const start = new Date(first);
    if (span > 45) {
      const stepMonths = span > 1500 ? 12 : span > 700 ? 6 : span > 300 ? 3 : 1;
      let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      while (d.getTime() <= last) {
        if (d.getUTCMonth() % stepMonths === 0) {
          const label = d.getUTCMonth() === 0 || stepMonths >= 12 ? String(d.getUTCFullYear()) : MONTHS[d.getUTCMonth()];
          out.push({ ms: d.getTime(), label });
        }
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      }
    } else {
      const step = span > 14 ? 7 : span > 6 ? 2 : 1;
      for (let ms = first; ms <= last; ms += step * DAY) out.push({ ms, label: toIso(ms).slice(5) });
    }
    return out;
  }

  // the day under an x position, inside the axis
  dayAt(x) {
    const s = this.scale;
    const day = Math.floor((x - MARGIN.left) / s.pxPerDay);
    return Math.max(s.axisFirst, Math.min(s.axisEnd - DAY, s.axisFirst + day * DAY));
  }

  dayToX(iso, end = false) {
    const s = this.scale;
    const ms = Math.max(s.axisFirst, Math.min(s.axisEnd, toMs(iso) + (end ? DAY : 0)));
    return this.x(ms);
  }

  localX(event) {
    const box = this.svg.getBoundingClientRect();
    return ((event.clientX - box.left) / box.width) * this.width;
  }

  pointerDown(event) {
    if (!this.scale || event.button !== 0) return;
    this.svg.setPointerCapture(event.pointerId);
    const x = this.localX(event);
    this.drag = { x0: x, x1: x };
    this.drawBrush();
  }

  pointerMove(event) {
    if (!this.drag) return;
    this.drag.x1 = this.localX(event);
    this.drawBrush();
  }

  pointerUp(event) {
    if (!this.drag) return;
    const { x0 } = this.drag;
    const x1 = this.localX(event);
    this.drag = null;
    const a = this.binStart(this.dayAt(Math.min(x0, x1)));
    const b = this.binEnd(this.binStart(this.dayAt(Math.max(x0, x1))));
    const since = toIso(a);
    const until = toIso(b - DAY);
    this.range = { since, until };
    this.drawBrush();
    this.onBrush?.(since, until);
  }

  drawBrush() {
    const rect = this.brushRect;
    if (!rect || !this.scale) return;
    let x0;
    let x1;
    if (this.drag) {
      x0 = Math.min(this.drag.x0, this.drag.x1);
      x1 = Math.max(this.drag.x0, this.drag.x1);
    } else if (this.range.since || this.range.until) {
      x0 = this.range.since ? this.dayToX(this.range.since) : MARGIN.left;
      x1 = this.range.until ? this.dayToX(this.range.until, true) : this.x(this.scale.axisEnd);
    } else {
      rect.setAttribute("width", 0);
      return;
    }
    rect.setAttribute("x", x0);
    rect.setAttribute("width", Math.max(2, x1 - x0));
  }
}
