"""English notes in ACLED's style, written from the record's own fields."""

from __future__ import annotations

import datetime as dt

from rasd.records import Event

_VERBS = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Air/drone strike": "carried out an air strike",
    "Shelling/artillery/missile attack": "shelled",
    "Suicide bomb": "carried out a suicide bombing",
    "Remote explosive/landmine/IED": "detonated an explosive device",
    "Grenade": "threw a grenade",
    "Chemical weapon": "used chemical weapons",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "sexually assaulted",
    "Peaceful protest": "demonstrated",
    "Protest with intervention": "demonstrated and were dispersed by",
    "Excessive force against protesters": "demonstrated and were met with lethal force by",
    "Violent demonstration": "rioted",
    "Mob violence": "attacked",
    "Agreement": "reached an agreement with",
    "Arrests": "arrested",
    "Change to group/activity": "changed its activity",
    "Disrupted weapons use": "intercepted or defused a weapon of",
    "Headquarters or base established": "established a base",
    "Looting/property destruction": "looted or destroyed property",
    "Non-violent transfer of territory": "took over territory from",
    "Other": "was involved in a development with",
}
_TRANSITIVE_SUFFIX = {
    "Air/drone strike": " on",
    "Remote explosive/landmine/IED": " against",
    "Suicide bomb": " against",
}


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
    if not event.event_date:
        return "On an unresolved date"
    day = dt.date.fromisoformat(event.event_date)
    text = f"{day.day} {day.strftime('%B %Y')}"
    return f"On {text}" if event.time_precision == 1 else f"Around {text}"
