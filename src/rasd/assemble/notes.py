"""English notes in ACLED's style, written from the record's own fields."""

from __future__ import annotations

from rasd.records import Event
from rasd.taxonomy import NOTE_VERB_SUFFIX, NOTE_VERBS

_VERBS = NOTE_VERBS  # sub-event type → the verb phrase of a note
_TRANSITIVE_SUFFIX = NOTE_VERB_SUFFIX


def write_note(event: Event) -> str:
    """One or two sentences: when, who did what to whom, where, and the toll."""
    when = _when(event)
    verb = _VERBS.get(event.sub_event_type, "was involved in an incident with")
    target = event.actor2
    if target and event.sub_event_type in _TRANSITIVE_SUFFIX:
        verb += _TRANSITIVE_SUFFIX[event.sub_event_type]
    elif not target and verb.endswith((" with", " by", " from", " of")):
        verb = verb.rsplit(" ", 1)[0]
    subject = event.actor1 or "An unidentified actor"
    parts = [f"{when}, {subject} {verb}"]
    if target:
        parts.append(f" {target}")
    if event.assoc_actor_1:
        parts.append(f" (with the support of {event.assoc_actor_1})")
    place = (
        event.location
        if event.location == event.admin1 or not event.admin1
        else f"{event.location}, {event.admin1}"
    )
    near = "near " if event.geo_precision == 2 else "in "
    parts.append(f" {near}{place} ({event.country}).")
    toll = f" {event.fatalities} fatalities." if event.fatalities else " No fatalities were reported."
    return "".join(parts) + toll


def _when(event: Event) -> str:
    day = event.event_date
    if not day:
        return "On an unresolved date"
    text = f"{day.day} {day.strftime('%B %Y')}"
    return f"On {text}" if event.time_precision == 1 else f"Around {text}"
