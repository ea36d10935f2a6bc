// Article text with its evidence spans highlighted, built from text nodes and <mark> elements only.
//
// rasd's offsets count Unicode code points (Python string indices); JavaScript strings count UTF-16 units.
// They differ only after a character outside the BMP (an emoji, say), so the offsets are converted.

function codePointToUtf16(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return null;
  const map = [];
  let unit = 0;
  for (const ch of text) {
    map.push(unit);
    unit += ch.length;
  }
  map.push(unit);
  return map;
}

// spans: [{start, end, className, title, eventId}] in code points; overlapping spans nest as one mark that
// carries every class. Returns a DocumentFragment.
export function highlighted(text, spans, onSpanClick) {
  const fragment = document.createDocumentFragment();
  text = text ?? "";
  const map = codePointToUtf16(text);
  const unit = (i) => (map ? map[Math.max(0, Math.min(i, map.length - 1))] : Math.max(0, Math.min(i, text.length)));
  const usable = spans
    .map((s) => ({ ...s, from: unit(s.start), to: unit(s.end) }))
    .filter((s) => Number.isFinite(s.from) && Number.isFinite(s.to) && s.to > s.from);
  const cuts = new Set([0, text.length]);
  for (const s of usable) {
    cuts.add(s.from);
    cuts.add(s.to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i];
    const to = points[i + 1];
    if (to <= from) continue;
    const piece = text.slice(from, to);
    const covering = usable.filter((s) => s.from <= from && s.to >= to);
    if (!covering.length) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const mark = document.createElement("mark");
    const classes = new Set(["evidence"]);
    for (const s of covering) for (const c of (s.className || "").split(/\s+/)) if (c) classes.add(c);
    mark.className = [...classes].join(" ");
    const titles = [...new Set(covering.map((s) => s.title).filter(Boolean))];
    if (titles.length) mark.title = titles.join("\n");
    const ids = [...new Set(covering.map((s) => s.eventId).filter(Boolean))];
    if (ids.length) mark.dataset.events = ids.join(" ");
    if (onSpanClick && covering.some((s) => s.clickable)) {
      mark.classList.add("clickable");
      mark.addEventListener("click", () => onSpanClick(covering.find((s) => s.clickable)));
    }
    mark.append(document.createTextNode(piece));
    fragment.append(mark);
  }
  return fragment;
}

// The slice of text a span points at, in code points (for checking a span's own text).
export function sliceCodePoints(text, start, end) {
  const map = codePointToUtf16(text ?? "");
  if (!map) return (text ?? "").slice(start, end);
  return text.slice(map[start], map[end]);
}
