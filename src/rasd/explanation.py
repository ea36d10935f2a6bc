"""``rasd explain`` (``rasd.explain``): why each sentence of an article did or did not become an event record.

``explain`` runs the very extraction ``rasd.extract`` runs, with a ``trace.Recorder`` installed, so its
``records`` are what ``rasd extract`` gives. From the trace it lists, per sentence, the triggers found,
and per trigger (or candidate event) its decision: kept, with the record it went into, its roles and
the alternatives, its place and why, its date and toll and the words they came from; or dropped, with
the named rule and the words that fired it. Offsets are into the article's original ``text`` (or
``title`` when ``field`` says so), as in evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from rasd.assemble import provenance, trace
from rasd.assemble.confidence import collecting, contributions
from rasd.assemble.context import FieldContext
from rasd.assemble.model import Candidate
from rasd.assemble.scene import embassy_destination, scene_places, specificity
from rasd.pipeline import extract
from rasd.recognize.actors import load_registry

FIELD_ORDER = {"title": 0, "text": 1}


def explain(
    text: str,
    published: str | dt.date | None = None,
    title: str | None = None,
    outlet: str | None = None,
    article_id: str = "",
) -> dict[str, Any]:
    """The explanation of one article (JSON-ready): ``article_id``, ``country``, ``sentences`` with
    their triggers, ``candidates`` with their decisions, ``merges``, ``records`` and, per record, its
    ``confidence`` with the features that pushed it most."""
    with trace.recording() as recorder, collecting() as features:
        events = extract(text, published=published, title=title, outlet=outlet, article_id=article_id)
    explanation = _Explanation(recorder).build(article_id, [e.to_dict() for e in events])
    explanation["confidence"] = [_confidence(e.confidence, features.get(id(e), {})) for e in events]
    return explanation


_SHOWN_FACTORS = 4


def _confidence(value: float, features: Mapping[str, float]) -> dict[str, Any]:
    """A record's confidence and the features that pushed it most from the average record's."""
    pushes = contributions(dict(features))[:_SHOWN_FACTORS] if features else []
    return {"confidence": value, "factors": [{"feature": n, "log_odds": round(w, 2)} for n, w in pushes]}


class _Explanation:
    """Turns one recorder's trace into the explanation's JSON form."""

    def __init__(self, recorder: trace.Recorder) -> None:
        self.recorder = recorder
        self.contexts: dict[str, FieldContext] = {ctx.doc.field: ctx for ctx in recorder.contexts}
        self.ids: dict[int, str] = {}
        self.entries: list[dict[str, Any]] = []

    def build(self, article_id: str, records: list[dict[str, Any]]) -> dict[str, Any]:
        rec = self.recorder
        for ctx, trigger, rule in rec.selection:
            self._trigger_entry(ctx.doc.field, trigger, rule, None)
        for ctx, trigger, rule, words in rec.filtered:
            self._trigger_entry(ctx.doc.field, trigger, rule, words)
        for candidate in self._built():
            self._candidate_entry(candidate)
        self.entries.sort(key=lambda e: (FIELD_ORDER.get(e["trigger"]["field"], 2), e["_at"]))
        for number, entry in enumerate(self.entries):
            entry["id"] = f"c{number}"
            if entry.get("_obj") is not None:
                self.ids[id(entry["_obj"])] = entry["id"]
        merges = [self._merge(host, other, rule) for host, other, rule in rec.merges]
        self._resolve_kept(merges)
        candidates = [{k: v for k, v in e.items() if not k.startswith("_")} for e in self.entries]
        return {
            "article_id": article_id,
            "country": rec.country,
            "sentences": self._sentences(),
            "candidates": candidates,
            "merges": merges,
            "records": records,
        }

    # ------------------------------------------------------------------ spans

    def _span(self, field: str, start: int, end: int) -> dict[str, Any]:
        """A normalized span of one field as original-text evidence."""
        return provenance.evidence_of(self.contexts, (field, start, end)).to_dict() | {"field": field}

    def _words(self, field: str, words: Any) -> list[dict[str, Any]]:
        if words is None or not hasattr(words, "start"):
            return []
        return [self._span(field, words.start, words.end)]

    def _sentence(self, field: str, index: int) -> dict[str, Any]:
        sentence = self.contexts[field].doc.sentences[index]
        return {"index": index, **self._span(field, sentence.start, sentence.end)}

    # ------------------------------------------------------------------ entries

    def _trigger_entry(self, field: str, trigger: Any, rule: str, words: Any) -> None:
        """A trigger given up before it became a candidate (selection or filters)."""
        sentence = self.contexts[field].doc.sentence_of(trigger.start)
        self.entries.append(
            {
                "sentence": self._sentence(field, sentence.index if sentence else 0),
                "trigger": self._span(field, trigger.start, trigger.end),
                "event_type": trigger.spec.event_type,
                "sub_event_type": trigger.spec.sub_event_type,
                "decision": "dropped",
                "reason": rule,
                "rule": trace.RULES.get(rule, rule),
                "words": self._words(field, words),
                "_at": (sentence.index if sentence else 0, trigger.start),
                "_obj": None,
            }
        )

    def _built(self) -> list[Candidate]:
        """Every candidate built, each once: dropped while built, kept by its sentence, or folded."""
        rec = self.recorder
        seen: dict[int, Candidate] = {}
        pools: Iterable[Any] = (
            [c for c, _, _ in rec.dropped],
            rec.candidates,
            [o for pair in rec.merges for o in pair[:2]],
        )
        for pool in pools:
            for candidate in pool:
                seen.setdefault(id(candidate), candidate)
        return list(seen.values())

    def _candidate_entry(self, candidate: Candidate) -> None:
        field = candidate.field
        dropped = next(((rule, words) for c, rule, words in self.recorder.dropped if c is candidate), None)
        entry: dict[str, Any] = {
            "sentence": self._sentence(field, candidate.sentence.index),
            "trigger": self._span(field, candidate.trigger.start, candidate.trigger.end),
            "event_type": candidate.event_type or candidate.trigger.spec.event_type,
            "sub_event_type": candidate.sub_event_type or candidate.trigger.spec.sub_event_type,
            "decision": "dropped" if dropped else "kept",
            "reason": dropped[0] if dropped else "",
            "rule": trace.RULES.get(dropped[0], dropped[0]) if dropped else "",
            "words": self._words(field, dropped[1]) if dropped else [],
            "roles": self._roles(candidate),
            "place": self._place(candidate),
            "date": self._date(candidate),
            "fatalities": self._toll(candidate),
            "_at": (candidate.sentence.index, candidate.trigger.start),
            "_obj": candidate,
        }
        self.entries.append(entry)

    def _merge(self, host: Any, other: Any, rule: str) -> dict[str, Any]:
        return {
            "into": self.ids.get(id(host), ""),
            "merged": self.ids.get(id(other), ""),
            "reason": rule,
            "rule": trace.RULES.get(rule, rule),
        }

    def _resolve_kept(self, merges: list[dict[str, Any]]) -> None:
        """Each kept candidate's record: its own, or that of the candidate it was merged into."""
        record_of = {id(c): i for i, (c, _) in enumerate(self.recorder.records)}
        into = {m["merged"]: (m["into"], m["reason"]) for m in merges}
        by_id = {e["id"]: e for e in self.entries}
        for entry in self.entries:
            if entry["decision"] != "kept":
                continue
            if entry["id"] in into:
                entry["merged_into"], entry["reason"] = into[entry["id"]]
                entry["rule"] = trace.RULES.get(entry["reason"], entry["reason"])
            current, hops = entry, 0
            while current["id"] in into and hops < len(self.entries):
                current, hops = by_id.get(into[current["id"]][0], current), hops + 1
            if current["decision"] == "dropped":  # folded into a candidate the article gate then dropped
                entry["decision"], entry["reason"] = "dropped", current["reason"]
                entry["rule"] = f"merged into {current['id']}, which was dropped: {current['rule']}"
                continue
            obj = current.get("_obj")
            entry["record"] = record_of.get(id(obj)) if obj is not None else None

    # ------------------------------------------------------------------ roles, place, date, toll

    def _roles(self, candidate: Candidate) -> dict[str, Any]:
        """The roles chosen and the other actors the sentence offered."""
        offered = next(
            (
                mentions
                for c, mentions in self.recorder.roles
                if (c.field, c.trigger.start) == (candidate.field, candidate.trigger.start)
            ),
            [],
        )
        registry = load_registry()
        country = self.recorder.country or None
        chosen = {k: "supporter" for k in candidate.supporters}
        chosen.update({candidate.target: "target", candidate.perpetrator: "perpetrator"})
        out = []
        for mention, role in offered:
            key = registry.resolve_context(mention, country) if mention.key else ""
            out.append(
                {
                    **self._span(candidate.field, mention.start, mention.end),
                    "key": key,
                    "role": role or "agent",
                    "chosen_as": chosen.get(key, "") if key else "",
                }
            )
        before = next((b for c, b in self.recorder.settled if c is candidate), None)
        return {
            "perpetrator": candidate.perpetrator,
            "target": candidate.target,
            "supporters": list(candidate.supporters),
            "offered": out,
            # read from the sentence, before the article as a whole settled the roles (when it changed them)
            "from_sentence": {"perpetrator": before[0], "target": before[1]} if before else None,
        }

    def _place(self, candidate: Candidate) -> dict[str, Any]:
        """The place candidates of the trigger's sentence, the one chosen, and why."""
        ctx = self.contexts[candidate.field]
        index = candidate.sentence.index
        usable = {id(p) for p in scene_places(ctx, index, self.recorder.country)}
        options = []
        for place in ctx.places.get(index, []):
            options.append(
                {
                    **self._span(candidate.field, place.start, place.end),
                    "usable": id(place) in usable,
                    "specificity": specificity(place),
                    "note": _place_note(place, id(place) in usable, embassy_destination(ctx, place)),
                    "chosen": place is candidate.place,
                }
            )
        where = provenance.place_span(candidate, self.contexts)
        location = candidate.location
        return {
            "chosen": self._span(*where) if where else None,
            "location": location.name if location else "",
            "admin1": location.admin1 if location else "",
            "geo_precision": location.precision if location else None,
            "why": _place_why(candidate),
            "candidates": options,
        }

    def _date(self, candidate: Candidate) -> dict[str, Any]:
        where = provenance.date_span(candidate, self.contexts, self.recorder.published)
        return {
            "value": candidate.date.isoformat() if candidate.date else None,
            "precision": candidate.precision,
            "from": "time word" if where else ("publication day" if candidate.date else "none"),
            "phrase": self._span(*where) if where else None,
        }

    def _toll(self, candidate: Candidate) -> dict[str, Any]:
        where = provenance.toll_span(candidate, self.contexts)
        toll = {"value": candidate.fatalities, "phrase": self._span(*where) if where else None}
        if candidate.toll_rule:
            toll["rule"] = candidate.toll_rule
        return toll

    def _sentences(self) -> list[dict[str, Any]]:
        """Every sentence with a trigger, and the triggers found in it."""
        out = []
        for field in sorted(self.contexts, key=lambda f: FIELD_ORDER.get(f, 2)):
            ctx = self.contexts[field]
            for index in sorted(ctx.triggers):
                triggers = [
                    {
                        **self._span(field, t.start, t.end),
                        "event_type": t.spec.event_type,
                        "sub_event_type": t.spec.sub_event_type,
                        "strong": t.spec.strong,
                        "verbal": t.spec.verbal,
                    }
                    for t in ctx.triggers[index]
                ]
                if triggers:
                    out.append({**self._sentence(field, index), "triggers": triggers})
        return out


def _place_note(place: Any, usable: bool, embassy: bool = False) -> str:
    """Why a place of the sentence could not be its scene."""
    if usable:
        return ""
    if embassy:
        return "where an embassy was moved or opened: the cause protested, not the scene"
    if place.cue == "origin":
        return "origin: where someone comes from, not where it happened"
    if place.is_country_only:
        return "a country: used only when the article names no finer place"
    return "implausible here: a homonym of a place in another country"


def _place_why(candidate: Candidate) -> str:
    place = candidate.place
    if place is None:
        return "no place"
    if candidate.place_inherited:
        return "inherited: the sentence names no place; the scene of an earlier sentence or the lead"
    if place.is_country_only:
        return "the article names no place finer than a country"
    if specificity(place) == 2:
        return "the most specific place of the sentence (a settlement or site), the first after the trigger"
    return "the most specific place the sentence names"


def explain_text(explanation: Mapping[str, Any], isolate: bool = False) -> str:
    """The explanation as readable text; ``isolate`` wraps Arabic passages in right-to-left isolates
    (U+2067 … U+2069) so that a terminal with bidirectional support shows them right to left."""

    def ar(span: Mapping[str, Any] | None) -> str:
        if not span:
            return "—"
        text = " ".join(str(span["text"]).split())
        return f"«\u2067{text}\u2069»" if isolate else f"«{text}»"

    lines = [f"article {explanation['article_id'] or '-'}  (country {explanation['country'] or '?'})"]
    by_sentence: dict[tuple[str, int], list[Mapping[str, Any]]] = {}
    for entry in explanation["candidates"]:
        key = (entry["sentence"]["field"], entry["sentence"]["index"])
        by_sentence.setdefault(key, []).append(entry)
    for sentence in explanation["sentences"]:
        key = (sentence["field"], sentence["index"])
        lines.append("")
        lines.append(f"[{sentence['field']} {sentence['index']}] {ar(sentence)}")
        found = ", ".join(f"{ar(t)} {t['event_type']}" for t in sentence["triggers"])
        lines.append(f"  triggers: {found}")
        for entry in by_sentence.get(key, []):
            lines.extend(_entry_lines(entry, ar))
    if explanation["merges"]:
        lines.append("")
        lines.append("merged within the article:")
        for merge in explanation["merges"]:
            lines.append(f"  {merge['merged']} into {merge['into']}: {merge['rule']}")
    lines.append("")
    lines.append(f"records: {len(explanation['records'])}")
    for number, record in enumerate(explanation["records"]):
        lines.append(
            f"  {number}. {record['event_date']} {record['event_type']} / {record['sub_event_type']}: "
            f"{record['actor1']} vs {record['actor2'] or '-'} at {record['location']}, "
            f"{record['fatalities']} killed"
        )
        for about in explanation.get("confidence", [])[number : number + 1]:
            factors = ", ".join(f"{f['feature']} {f['log_odds']:+.2f}" for f in about["factors"])
            lines.append(f"     confidence {about['confidence']:.2f}" + (f" ({factors})" if factors else ""))
    return "\n".join(lines) + "\n"


def _entry_lines(entry: Mapping[str, Any], ar) -> list[str]:
    head = f"  {entry['id']} {ar(entry['trigger'])} {entry['event_type']} / {entry['sub_event_type']}: "
    if entry["decision"] == "dropped":
        words = " ".join(ar(w) for w in entry.get("words") or [])
        return [head + f"DROPPED ({entry['reason']}) {entry['rule']}" + (f" — {words}" if words else "")]
    if entry.get("merged_into"):
        head += f"kept, merged into {entry['merged_into']} ({entry['rule']})"
    else:
        head += f"KEPT → record {entry.get('record')}"
    lines = [head]
    roles = entry.get("roles") or {}
    if roles.get("offered"):
        offered = [
            f"{ar(m)} {m['role']}" + (f" → {m['chosen_as']}" if m["chosen_as"] else "")
            for m in roles["offered"]
        ]
        lines.append("      actors: " + ", ".join(offered))
    if roles.get("from_sentence"):
        was = roles["from_sentence"]
        lines.append(
            f"      roles settled by the article: perpetrator {was['perpetrator'] or '-'} → "
            f"{roles['perpetrator'] or '-'}, target {was['target'] or '-'} → {roles['target'] or '-'}"
        )
    place = entry.get("place") or {}
    if place:
        chosen = ar(place.get("chosen")) + (f" → {place['location']}" if place.get("location") else "")
        lines.append(f"      place: {chosen} ({place.get('why')})")
        others = [
            f"{ar(p)} {p['note'] or 'less specific'}" for p in place.get("candidates", []) if not p["chosen"]
        ]
        if others:
            lines.append("        also: " + ", ".join(others))
    date = entry.get("date") or {}
    if date:
        lines.append(f"      date: {date.get('value')} from {date.get('from')} {ar(date.get('phrase'))}")
    toll = entry.get("fatalities") or {}
    if toll.get("value"):
        rule = f" — {toll['rule']}: {trace.RULES[toll['rule']]}" if toll.get("rule") else ""
        lines.append(f"      toll: {toll['value']} from {ar(toll.get('phrase'))}{rule}")
    return lines
