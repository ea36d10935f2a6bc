"""ACLED's vocabulary, in one place: event types and sub-types, disorder types, inter codes and their
labels, interaction codes, and the fields of an event an analyst may edit.

Everything that spells an ACLED name (records, assembly, notes, review, the API's ``/api/meta`` and,
through it, the dashboard) reads it from here, so a new sub-type or label is one edit. The names are
ACLED's (CODEBOOK §3, §6, §10); the text labels of inter and interaction codes are those of ACLED's
current exports ("State forces", "State forces-Rebel groups", "Rebel groups only").
"""

from __future__ import annotations

from typing import Any

# ------------------------------------------------------------------ event types (CODEBOOK §3)
BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC_DEVELOPMENTS = "Strategic developments"

# 6 event types, 25 sub-event types; every sub-type name is unique across types
TAXONOMY: dict[str, tuple[str, ...]] = {
    BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    EXPLOSIONS: (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Suicide bomb",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Chemical weapon",
    ),
    VIOLENCE_AGAINST_CIVILIANS: ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC_DEVELOPMENTS: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(TAXONOMY)
SUB_EVENT_TYPES: tuple[str, ...] = tuple(sub for subs in TAXONOMY.values() for sub in subs)
TYPE_OF_SUB: dict[str, str] = {sub: kind for kind, subs in TAXONOMY.items() for sub in subs}

# sub-types named in rules (assembly, notes); spelled once here
ARMED_CLASH = "Armed clash"
GOVERNMENT_REGAINS = "Government regains territory"
NON_STATE_OVERTAKES = "Non-state actor overtakes territory"
AIR_STRIKE = "Air/drone strike"
PROTEST_WITH_INTERVENTION = "Protest with intervention"
LOOTING = "Looting/property destruction"
VIOLENT_DEMONSTRATION = "Violent demonstration"
ARRESTS = "Arrests"
EXCESSIVE_FORCE = "Excessive force against protesters"
MOB_VIOLENCE = "Mob violence"
PEACEFUL_PROTEST = "Peaceful protest"
ATTACK = "Attack"
CHEMICAL_WEAPON = "Chemical weapon"
DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
CHANGE_TO_GROUP = "Change to group/activity"
NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
AGREEMENT = "Agreement"
HEADQUARTERS = "Headquarters or base established"
SUICIDE_BOMB = "Suicide bomb"
REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
ABDUCTION = "Abduction/forced disappearance"

# ------------------------------------------------------------------ disorder types (CODEBOOK §10)
POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
POLITICAL_VIOLENCE_DEMONSTRATIONS = "Political violence; Demonstrations"
DISORDER_TYPES = (
    POLITICAL_VIOLENCE,
    DEMONSTRATIONS,
    POLITICAL_VIOLENCE_DEMONSTRATIONS,
    STRATEGIC_DEVELOPMENTS,
)
VIOLENT_TYPES = frozenset({BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS})  # political violence
DEMONSTRATION_TYPES = frozenset({PROTESTS, RIOTS})
VIOLENT_DEMONSTRATION_SUBS = frozenset({EXCESSIVE_FORCE, MOB_VIOLENCE})

CIVILIAN_TARGETING_YES = "Civilian targeting"
CIVILIAN_TARGETING = ("", CIVILIAN_TARGETING_YES)
# political violence whose target can be civilians: the violent types, and riots (mob violence)
CIVILIAN_TARGETING_TYPES = (*sorted(VIOLENT_TYPES), RIOTS)

# ------------------------------------------------------------------ actor types (CODEBOOK §6)
INTER_STATE, INTER_REBEL, INTER_POLITICAL_MILITIA, INTER_IDENTITY_MILITIA = 1, 2, 3, 4
INTER_RIOTERS, INTER_PROTESTERS, INTER_CIVILIANS, INTER_EXTERNAL = 5, 6, 7, 8
INTER_LABELS: dict[int, str] = {
    INTER_STATE: "State forces",
    INTER_REBEL: "Rebel groups",
    INTER_POLITICAL_MILITIA: "Political militias",
    INTER_IDENTITY_MILITIA: "Identity militias",
    INTER_RIOTERS: "Rioters",
    INTER_PROTESTERS: "Protesters",
    INTER_CIVILIANS: "Civilians",
    INTER_EXTERNAL: "External/Other forces",
}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type for an event type (CODEBOOK §10): the violent sub-types of
    demonstrations count under both headings."""
    if event_type in VIOLENT_TYPES:
        return POLITICAL_VIOLENCE
    if sub_event_type in VIOLENT_DEMONSTRATION_SUBS:
        return POLITICAL_VIOLENCE_DEMONSTRATIONS
    if event_type in DEMONSTRATION_TYPES:
        return DEMONSTRATIONS
    return STRATEGIC_DEVELOPMENTS


def interaction_code(inter1: int, inter2: int) -> int:
    """The two inter codes, smaller first; one-sided events are ``10 * inter1``."""
    if not inter2:
        return 10 * inter1
    if not inter1:
        return 10 * inter2
    low, high = sorted((inter1, inter2))
    return 10 * low + high


def inter_label(code: int) -> str:
    """ACLED's text for an inter code ("" for 0, no actor)."""
    return INTER_LABELS.get(code, "")


def interaction_label(code: int) -> str:
    """ACLED's text for an interaction code: "State forces-Rebel groups" (smaller code first), or
    "Rebel groups only" for a one-sided event; "" for an unknown code."""
    first, second = divmod(code, 10)
    if first not in INTER_LABELS or (second and second not in INTER_LABELS):
        return ""
    if not second:
        return f"{INTER_LABELS[first]} only"
    return f"{INTER_LABELS[first]}-{INTER_LABELS[second]}"


def interaction_codes() -> tuple[int, ...]:
    """Every interaction code there is: one-sided ``10 * a`` and pairs ``10 * a + b`` with a <= b."""
    codes = list(INTER_LABELS)
    return tuple(sorted([10 * a for a in codes] + [10 * a + b for a in codes for b in codes if a <= b]))


# ------------------------------------------------------------------ notes: the verb of each sub-type
# "On 3 May 2019, <actor1> <verb>[ <suffix>] <actor2> in <place>." (``assemble/notes.write_note``)
NOTE_VERBS: dict[str, str] = {
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
NOTE_VERB_SUFFIX: dict[str, str] = {
    "Air/drone strike": " on",
    "Remote explosive/landmine/IED": " against",
    "Suicide bomb": " against",
}


# ------------------------------------------------------------------ review: what an analyst may edit
# Field → kind of value. Derived columns (year, disorder_type, interaction, iso, region) follow from
# these; ids, timestamp, confidence and status (reject/restore) are not fields to edit.
EDITABLE: dict[str, str] = {
    "event_date": "date",
    "time_precision": "precision",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "actor1": "name",
    "actor2": "text",
    "assoc_actor_1": "text",
    "assoc_actor_2": "text",
    "inter1": "inter",
    "inter2": "inter",
    "civilian_targeting": "civilian_targeting",
    "country": "country",
    "admin1": "text",
    "admin2": "text",
    "admin3": "text",
    "location": "name",
    "latitude": "latitude",
    "longitude": "longitude",
    "geo_precision": "precision",
    "fatalities": "count",
    "source": "name",
    "notes": "long_text",
    "tags": "text",
}
PRECISIONS = (1, 2, 3)  # time_precision and geo_precision (CODEBOOK §4)


def editable_fields() -> list[dict[str, Any]]:
    """The editable fields for a form: name, kind, and the values to choose from where they are closed."""
    choices: dict[str, list[Any]] = {
        "event_type": list(EVENT_TYPES),
        "sub_event_type": list(SUB_EVENT_TYPES),
        "civilian_targeting": list(CIVILIAN_TARGETING),
        "precision": list(PRECISIONS),
        "inter": [0, *INTER_LABELS],
    }
    return [
        {"name": name, "kind": kind, **({"choices": choices[kind]} if kind in choices else {})}
        for name, kind in EDITABLE.items()
    ]


def as_dict() -> dict[str, Any]:
    """The whole vocabulary as JSON-ready data (``GET /api/meta``)."""
    return {
        "event_types": {kind: list(subs) for kind, subs in TAXONOMY.items()},
        "disorder_types": {
            kind: sorted({disorder_type(kind, sub) for sub in subs}) for kind, subs in TAXONOMY.items()
        },
        "inter_codes": {str(code): label for code, label in INTER_LABELS.items()},
        "interaction_codes": {str(code): interaction_label(code) for code in interaction_codes()},
        "civilian_targeting": list(CIVILIAN_TARGETING),
    }
