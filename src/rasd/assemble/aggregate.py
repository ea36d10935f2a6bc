"""Within-article aggregation: one event per day × place × type × actor pair (CODEBOOK §2).

The same incident is often told several times in one article (title, lead, body) and in pieces
(the battle, then the air support, then the toll). Candidates are merged when they are the same
incident by ACLED's unit, and folded when one is part of another:
- same type, same place, same day, compatible actors → one event;
- a candidate without its own date joins a dated one of the same type, place and actors a day away;
- a province-level candidate joins the more specific ones of the same type in that province;
- air strikes, shelling and explosives at the place and day of a battle are part of the battle:
  their doers become the battle's associated actors and their deaths add to its toll;
- a killing told with no trigger of its own at a battle's place and day is that battle's toll;
- one explosion told by a bare word ("قصف", "انفجار") and by one that tells the means ("غارة", "تفجير
  انتحاري") takes the sub-type of the means;
- a protest and a riot (or its dispersal) at one place and day are one demonstration, coded by its most
  violent form (a march that ended in stone-throwing is a riot, not a protest and a riot);
- arrests at a demonstration's place and day are that demonstration's dispersal, not an event of their own;
- an attack foiled and arrests made in the sentence that tells a battle at its place and day are that battle
  (CODEBOOK §12), and arrests told with an abduction by the same hand in one sentence ("حملة مداهمات وخطف")
  are that abduction: one incident, one record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rasd import tuning
from rasd.assemble import trace
from rasd.assemble.model import WINDOW_DAYS, Candidate
from rasd.assemble.provenance import UNIDENTIFIED
from rasd.geo.distance import km
from rasd.taxonomy import (
    ABDUCTION,
    ARRESTS,
    BATTLES,
    DISRUPTED_WEAPONS_USE,
    EXCESSIVE_FORCE,
    EXPLOSIONS,
    PEACEFUL_PROTEST,
    PROTEST_WITH_INTERVENTION,
    PROTESTS,
    RIOTS,
    STRATEGIC_DEVELOPMENTS,
    VIOLENT_DEMONSTRATION,
    VIOLENT_TYPES,
)
from rasd.text.rule_words import word_set

SAME_PLACE_KM = tuning.ARTICLE_SAME_PLACE_KM
FOLDED_INTO_BATTLE = (EXPLOSIONS,)
DEMONSTRATIONS = (PROTESTS, RIOTS)
# how violent a demonstration's form is: one demonstration told in several forms is coded by the worst
_PROTEST_FORCE = {PEACEFUL_PROTEST: 0, PROTEST_WITH_INTERVENTION: 1, EXCESSIVE_FORCE: 2}
_RIOT_FORCE = 3


def aggregate(candidates: list[Candidate]) -> list[Candidate]:
    """Merge candidates that are one incident; the first told keeps its place in the order."""
    events = [c for c in candidates if c.location is not None]
    for rule in (_same_incident, _undated_joins_dated, _statement_days_join, _borrowed_place_joins_own):
        events = _apply(events, rule)
    events = _spread_province_tolls(events)
    for rule in (_province_joins_specific, _battle_absorbs, _one_demonstration):
        events = _apply(events, rule)
    return _crowd_means(_told_within_incident(_arrests_at_demonstrations(events)))


# developments that the sentence telling a bigger incident tells as part of it, and the host sub-types
# (or types) that take them in: a foiled attack and arrests in a battle, arrests in an abduction
_PART_OF: dict[str, tuple[str, ...]] = {
    DISRUPTED_WEAPONS_USE: (BATTLES,),
    ARRESTS: (BATTLES, ABDUCTION),
}


def _told_within_incident(events: list[Candidate]) -> list[Candidate]:
    """``أحبطت القوات هجوما ... مما أسفر عن مقتل 3 مسلحين في اشتباكات`` is one battle, not a battle and a
    foiled attack; ``شنت الميليشيات حملة مداهمات وخطف`` one abduction, not an abduction and arrests; arrests
    made during a clash belong to it (CODEBOOK §12). Only a telling in the host's own sentence is folded:
    an arrest told apart, at the same place and day, may be another incident (an army statement's list)."""
    kept = []
    for event in events:
        hosts = _PART_OF.get(event.sub_event_type, ())
        if _phrase(event) in _SHOOT_DOWN:
            hosts = ()  # missiles shot down are an interception even beside a battle word (CODEBOOK §12)
        host = _interception_met(events, event) or next(
            (
                other
                for other in events
                if other is not event
                and (other.event_type in hosts or other.sub_event_type in hosts)
                and _one_sentence(other, event)
                and _same_place(other, event)
                and _days_apart(other, event) in (0, None)
                and (other.event_type == BATTLES or other.perpetrator == event.perpetrator)
            ),
            None,
        ) or _attack_of_the_arrested(events, event)
        if host is None:
            kept.append(event)
            continue
        trace.merged(host, event, "_told_within_incident")
        host.sources += [source for source in event.sources if source not in host.sources]
        host.evidence += [span for span in event.evidence if span not in host.evidence]
    return kept


def _phrase(candidate: Candidate) -> str:
    """The trigger phrase a candidate was read from ("" for one built without a trigger)."""
    return candidate.trigger.phrase if candidate.trigger is not None else ""


def _interception_met(events: list[Candidate], event: Candidate) -> Candidate | None:
    """``تصدت منظومات الدفاع الجوي لصواريخ العدوان وأسقطت معظمها``: the air defence "meeting" the missiles,
    with no foe named, is the interception its sentence tells, not a battle of its own."""
    if event.event_type != BATTLES or event.target not in ("", UNIDENTIFIED):
        return None
    return next(
        (
            other
            for other in events
            if _phrase(other) in _SHOOT_DOWN
            and _one_sentence(other, event)
            and _same_place(other, event)
            and _days_apart(other, event) in (0, None)
        ),
        None,
    )


def _attack_of_the_arrested(events: list[Candidate], arrest: Candidate) -> Candidate | None:
    """``واكتفت بالإشارة إلى تمكن قوات الأمن من إلقاء القبض على منفذ الهجوم``: the attacker's arrest at the
    attack's place and day ends that attack (CODEBOOK §12: the police's action against the attacker is part
    of the same event), in whichever sentence it is told."""
    if arrest.sub_event_type != ARRESTS or not arrest.takes_attacker:
        return None
    return next(
        (
            other
            for other in events
            if other.event_type in VIOLENT_TYPES
            and _same_place(other, arrest)
            and (_days_apart(other, arrest) or 0) <= 1
        ),
        None,
    )


# the bare words for what a crowd throws (bombs, projectiles): a device named ("عبوة ناسفة", "سيارة مفخخة"),
# shelling or an air strike is never a demonstration's own means
_CROWD_MUNITIONS = word_set("crowd_munitions")
_SHOOT_DOWN = word_set("shoot_down_words")


def _crowd_means(events: list[Candidate]) -> list[Candidate]:
    """``فرقت الشرطة المحتجين الملثمين بعدما حطموا نوافذ وألقوا القنابل الحارقة``: fire bombs and
    projectiles told by their bare words (not a named device, shelling or an air strike), in the sentence
    of a demonstration at its place and day, are the crowd's means, not an explosion of their own (who
    threw them is read unreliably before the article settles roles, so it is not asked); a protest whose
    crowd threw them was a riot (CODEBOOK §3 violent demonstration). Their deaths are not added."""
    demonstrations = [e for e in events if e.event_type in DEMONSTRATIONS]
    kept = []
    for event in events:
        host = None
        if event.event_type == EXPLOSIONS and _phrase(event) in _CROWD_MUNITIONS:
            host = next(
                (
                    d
                    for d in demonstrations
                    if _one_sentence(d, event)
                    and _same_place(d, event)
                    and _days_apart(d, event) in (0, None)
                ),
                None,
            )
        if host is None:
            kept.append(event)
            continue
        trace.merged(host, event, "_crowd_means")
        if host.sub_event_type in (PEACEFUL_PROTEST, PROTEST_WITH_INTERVENTION):
            host.event_type, host.sub_event_type = RIOTS, VIOLENT_DEMONSTRATION
        host.evidence += [span for span in event.evidence if span not in host.evidence]
    return kept


def _one_sentence(a: Candidate, b: Candidate) -> bool:
    """Both were read from one sentence (the sentence of either is among the other's evidence)."""
    told = a.sentence is not None and b.sentence is not None  # (candidates built by hand may have none)
    if told and (a.field, a.sentence.index) == (b.field, b.sentence.index):
        return True
    return any(
        (x.field, x.start) == (y.field, y.start) for x in a.evidence for y in b.evidence
    )


def _arrests_at_demonstrations(events: list[Candidate]) -> list[Candidate]:
    """``واعتقلت الشرطة عددا من المحتجين ... لتفريق المتظاهرين``: arrests at the place and day of a
    demonstration are part of it (CODEBOOK §3: a protest "dispersed or arrested"; §12: arrests made during
    an incident belong to it); a peaceful protest whose people were arrested had an intervention."""
    demonstrations = [e for e in events if e.event_type in DEMONSTRATIONS]
    kept = []
    for event in events:
        host = None
        if event.sub_event_type == ARRESTS:
            host = next((d for d in demonstrations if _one_demonstration(d, _as_demonstration(event))), None)
        if host is None:
            kept.append(event)
            continue
        trace.merged(host, event, "_arrests_at_demonstrations")
        if host.sub_event_type == PEACEFUL_PROTEST:
            host.sub_event_type = PROTEST_WITH_INTERVENTION
        host.perpetrator = host.perpetrator or event.perpetrator
        host.evidence += [span for span in event.evidence if span not in host.evidence]
    return kept


def _as_demonstration(event: Candidate) -> Candidate:
    """The same event seen as a demonstration, for the place-and-day test of ``_one_demonstration``."""
    return replace(event, event_type=PROTESTS)


def _spread_province_tolls(events: list[Candidate]) -> list[Candidate]:
    """A province-level report whose toll covers several specific places of that province ("أكثر من 70
    قتيلا في غارات على الساحل الغربي" then "في زبيد والجراحي ومطار الحديدة") gives each place an even
    share, the remainder to the first (CODEBOOK §7), and folds into them."""
    kept = []
    for event in events:
        places = [
            other
            for other in events
            if other is not event
            and other.fatalities < event.fatalities
            and _province_joins_specific(event, other)
        ]
        if event.location is None or event.location.precision != 3 or not event.fatalities or len(places) < 2:
            kept.append(event)
            continue
        share, remainder = divmod(event.fatalities, len(places))
        for index, place in enumerate(places):
            place.fatalities = share + (remainder if index == 0 else 0)
            place.casualty_spans |= event.casualty_spans
        event.fatalities = 0
        trace.merged(places[0], event, "province_toll_spread")
        _merge_into(places[0], event)
    return kept


def _apply(events: list[Candidate], joins: Callable[[Candidate, Candidate], bool]) -> list[Candidate]:
    """Fold each event into the first earlier kept event it joins (or that joins it)."""
    kept: list[Candidate] = []
    # a rule that joins only events of one kind looks among the kept events of the event's kind (in the
    # order kept), not through every kept event: the first it joins is the same, and a long text tells
    # hundreds of events of a few kinds
    by_kind: dict[tuple[str, str], list[Candidate]] | None = {} if joins in _SAME_KIND_RULES else None
    for event in events:
        among = kept if by_kind is None else by_kind.get(_kind(event), ())
        host = next((k for k in among if joins(k, event)), None)
        if host is None:
            kept.append(event)
            if by_kind is not None:
                by_kind.setdefault(_kind(event), []).append(event)
        else:
            trace.merged(host, event, joins.__name__)
            _merge_into(host, event, told_place_kept=joins is _borrowed_place_joins_own)
    return kept


def _kind(event: Candidate) -> tuple[str, str]:
    """What ``same_kind`` compares: the type, and the sub-type of a strategic development. Merging two
    events of one kind never changes the host's (``_merge_into`` moves a sub-type only between protests
    or between explosions, and a battle's roles only into a host of another type)."""
    return event.event_type, event.sub_event_type if event.event_type == STRATEGIC_DEVELOPMENTS else ""


def _same_place(a: Candidate, b: Candidate) -> bool:
    la, lb = a.location, b.location
    if la is None or lb is None:
        return False
    if la.name == lb.name and la.country == lb.country:
        return True
    return km(la.latitude, la.longitude, lb.latitude, lb.longitude) <= SAME_PLACE_KM


def _days_apart(a: Candidate, b: Candidate) -> int | None:
    if a.date is None or b.date is None:
        return None if (a.date is None) != (b.date is None) else 0
    return abs((a.date - b.date).days)


def _actors_compatible(a: Candidate, b: Candidate) -> bool:
    """Same actors, or one side's actors a subset of the other's; a perpetrator named only by a bare
    institutional word ("الشرطة") is compatible with any named one."""
    if a.event_type != BATTLES and a.perpetrator and b.perpetrator and a.perpetrator != b.perpetrator:
        same_target = a.target == b.target or not (a.target and b.target)  # one telling names none
        return (_vague(a) or _vague(b)) and same_target
    ka, kb = a.actor_keys() - {UNIDENTIFIED}, b.actor_keys() - {UNIDENTIFIED}  # "مسلحون" fits any named side
    return ka <= kb or kb <= ka


def _vague(candidate: Candidate) -> bool:
    """A perpetrator that a named one may stand in for: a bare institutional word, or unnamed gunmen."""
    return candidate.vague_perpetrator or candidate.perpetrator == UNIDENTIFIED


def same_kind(a: Candidate, b: Candidate) -> bool:
    """Two tellings that can be one event: the same type, and for strategic developments the same
    sub-type too. Sub-types of violence do not split one incident (CODEBOOK §12), but an arrest and a cache
    found ("عثر بداخلها على ذخائر ... والقبض على 20 فردا") are two developments, not one told twice."""
    if a.event_type != b.event_type:
        return False
    return a.event_type != STRATEGIC_DEVELOPMENTS or a.sub_event_type == b.sub_event_type


def _same_incident(a: Candidate, b: Candidate) -> bool:
    return (
        same_kind(a, b)
        and _days_apart(a, b) == 0
        and _same_place(a, b)
        and _actors_compatible(a, b)
    )


def _undated_joins_dated(a: Candidate, b: Candidate) -> bool:
    """A mention with no date of its own is the incident of that type and place the article dates a day
    away; a noun with no date ("الهجوم الكيماوي على دوما", told again days later) is the one of the same
    sub-type it dates anywhere in the window: one incident, one record."""
    if not same_kind(a, b) or a.dated == b.dated:
        return False
    apart = _days_apart(a, b)
    undated = b if a.dated else a
    retold = undated.refers_back and a.sub_event_type == b.sub_event_type
    reach = WINDOW_DAYS if retold else 1
    place = _same_place(a, b) or _near_in_province(undated, a if undated is b else b)
    return apart is not None and apart <= reach and place and _actors_compatible(a, b)


def _statement_days_join(a: Candidate, b: Candidate) -> bool:
    """``أوضح الجيش الأمريكي الخميس أنه نفذ ضربة جوية في كونار`` then ``أكدت وزارة الدفاع الجمعة مقتل ...
    إثر هجوم نفذته طائرة بدون طيار في كنر``: two tellings dated only by the days they were said on
    (precision 2, CODEBOOK §12), a day apart, of one sub-type at one place with compatible actors are one
    incident reported and then confirmed, not two strikes on two days."""
    if not (a.dated and b.dated and a.precision == b.precision == 2) or a.sub_event_type != b.sub_event_type:
        return False
    return same_kind(a, b) and _days_apart(a, b) == 1 and _same_place(a, b) and _actors_compatible(a, b)


def _borrowed_place_joins_own(a: Candidate, b: Candidate) -> bool:
    """``اعترضت السعودية السبت أربعة صواريخ أطلقها حوثيون`` with no place of its own, after a sentence about
    Hodeidah, is the interception the lead placed at Jizan: a telling whose place was only borrowed from
    an earlier sentence is the incident of the same sub-type, day and actor pair that has a place of its
    own (one incident, one record), not another incident at the borrowed place, wherever that lies."""
    if a.place_inherited == b.place_inherited or a.sub_event_type != b.sub_event_type or not same_kind(a, b):
        return False
    if a.event_type == BATTLES:  # fronts of one war told in a row ("وفي جبهة ... دارت اشتباكات") are many
        return False
    apart = _days_apart(a, b)
    if apart is None or apart > (1 if a.dated != b.dated else 0):
        return False
    keys = a.actor_keys() - {UNIDENTIFIED}
    return bool(keys) and keys == b.actor_keys() - {UNIDENTIFIED}


def _near_in_province(near: Candidate, other: Candidate) -> bool:
    """``كمين قرب مدينة كركوك`` (undated) then ``الهجوم وقع مساء الأحد في منطقة السعدونية التابعة لقضاء
    الحويجة``: a place given only as "near" a town is approximate; the dated telling in the same province
    names the scene (its toll, told with the first telling, is this incident's)."""
    if near.place is None or near.place.cue != "near" or near.location is None or other.location is None:
        return False
    return near.location.admin1 == other.location.admin1 and near.location.country == other.location.country


def _province_joins_specific(a: Candidate, b: Candidate) -> bool:
    if not same_kind(a, b) or a.location is None or b.location is None:
        return False
    if (a.location.precision == 3) == (b.location.precision == 3):
        return False
    if a.location.admin1 != b.location.admin1 or a.location.country != b.location.country:
        return False
    apart = _days_apart(a, b)
    if apart is None or apart > (1 if a.dated != b.dated else 0):
        return False
    return _actors_compatible(a, b)


# the rules that join two events only when ``same_kind`` holds of them (``_apply`` looks among one kind)
_SAME_KIND_RULES = frozenset(
    {
        _same_incident,
        _undated_joins_dated,
        _statement_days_join,
        _borrowed_place_joins_own,
        _province_joins_specific,
    }
)


def _battle_absorbs(a: Candidate, b: Candidate) -> bool:
    battle, other = (a, b) if a.event_type == BATTLES else (b, a)
    if battle.event_type != BATTLES or other.event_type == BATTLES:
        return False
    part_of_battle = other.event_type in FOLDED_INTO_BATTLE or other.from_killing_word
    if not part_of_battle or not _same_place(a, b):
        return False
    apart = _days_apart(a, b)
    return apart is not None and apart <= (1 if a.dated != b.dated else 0)


def _one_demonstration(a: Candidate, b: Candidate) -> bool:
    """A protest and a riot, or a protest told as peaceful and as dispersed, at one place and day are one
    demonstration (CODEBOOK §2 unit; the gold codes "one demonstration by its violent form")."""
    if a.event_type not in DEMONSTRATIONS or b.event_type not in DEMONSTRATIONS or not _same_place(a, b):
        return False
    apart = _days_apart(a, b)
    return apart is not None and apart <= (1 if a.dated != b.dated else 0)


def _force(candidate: Candidate) -> int:
    if candidate.event_type == RIOTS:
        return _RIOT_FORCE
    return _PROTEST_FORCE.get(candidate.sub_event_type, 0)


def _merge_into(host: Candidate, other: Candidate, told_place_kept: bool = False) -> None:
    """Fold ``other`` into ``host``: keep the more specific place and date, pool the rest (a telling joined
    for its borrowed place, ``told_place_kept``, never gives the host that place)."""
    demonstrations = host.event_type in DEMONSTRATIONS and other.event_type in DEMONSTRATIONS
    if demonstrations and _force(other) > _force(host):
        host.event_type, host.sub_event_type = other.event_type, other.sub_event_type
    if host.event_type != BATTLES and other.event_type == BATTLES:
        _swap_roles(host, other)
    if host.event_type == other.event_type == EXPLOSIONS and not means_told(host) and means_told(other):
        host.sub_event_type = other.sub_event_type  # "قصف ... واستهدفت الغارات": the raids tell the means
    own_place = host.place_inherited and not other.place_inherited  # a borrowed place yields to a told one
    # joined for its borrowed place, a telling does not move a told scene (a province named alone may still
    # give way to the district the article tells next: "في محافظة الجوف" then "في مديرية المتون")
    borrowed = told_place_kept and other.place_inherited and not host.place_inherited
    borrowed = borrowed and host.location is not None and host.location.precision < 3
    if other.location and host.location and not borrowed and (
        other.location.precision < host.location.precision or _only_near(host, other) or own_place
    ):
        host.location, host.place, host.place_inherited = other.location, other.place, other.place_inherited
    if other.dated and not host.dated:
        host.date, host.precision, host.dated = other.date, other.precision, True
    if host.event_type == BATTLES and other.event_type != BATTLES:
        for key in (other.perpetrator, *other.supporters):
            if key and key not in host.actor_keys() and key not in host.supporters:
                host.supporters.append(key)
    else:
        if _vague(host) and other.perpetrator and not _vague(other):
            host.perpetrator, host.vague_perpetrator = other.perpetrator, False
        if _fuller_pair(other, host):
            host.perpetrator, host.target = other.perpetrator, other.target
        host.perpetrator = host.perpetrator or other.perpetrator
        host.target = host.target or other.target
        for key in other.supporters:
            if key not in host.supporters and key not in host.actor_keys():
                host.supporters.append(key)
    host.victim_group = host.victim_group or other.victim_group
    host.victim_country = host.victim_country or other.victim_country
    host.victims = host.victims or other.victims
    if not (other.casualty_spans <= host.casualty_spans):
        host.fatalities = max(host.fatalities, other.fatalities)
        host.casualty_spans |= other.casualty_spans
    for source in other.sources:
        if source not in host.sources:
            host.sources.append(source)
    for span in other.evidence:
        if all((span.field, span.start) != (e.field, e.start) for e in host.evidence):
            host.evidence.append(span)
    host.confidence = max(host.confidence, other.confidence)


def _fuller_pair(other: Candidate, host: Candidate) -> bool:
    """The other telling names both sides and the host only one of them: its pair, in its order, is
    the incident's ("a unit working with the army was attacked", then "IS attacked an army post")."""
    if not (other.perpetrator and other.target) or (host.perpetrator and host.target):
        return False
    return bool(host.actor_keys()) and host.actor_keys() <= other.actor_keys()


def means_told(candidate: Candidate) -> bool:
    """Whether the candidate's sub-type says how it was done: a word that tells the means ("غارة", "تفجير
    انتحاري"), or a bare bombardment or explosion word ("قصف", "انفجار") that its sentence's aircraft
    made an air strike; the bare word alone is only the default sub-type (CODEBOOK §12: sub-types do not
    split one incident, which is coded by the means its words tell). A bare word that took its default
    from a telling that agrees with it stays open: a telling with other means ("الغارات") is the more
    specific reading of the two."""
    spec = candidate.trigger.spec
    return not spec.generic_means or candidate.sub_event_type != spec.sub_event_type


def _only_near(host: Candidate, other: Candidate) -> bool:
    """The host's place is only "near" a town and the other's, as precise, is the scene itself."""
    if host.place is None or other.place is None or host.location is None or other.location is None:
        return False
    same = other.location.precision == host.location.precision
    return same and host.place.cue == "near" and other.place.cue != "near"


def _swap_roles(host: Candidate, battle: Candidate) -> None:
    """When a battle folds into a non-battle host, the host becomes the battle."""
    for name in ("event_type", "sub_event_type", "perpetrator", "target", "supporters", "from_killing_word"):
        mine, theirs = getattr(host, name), getattr(battle, name)
        setattr(host, name, theirs)
        setattr(battle, name, mine)
