"""Every numeric window and threshold of the rules, in one place, each with what it bounds and why.

The modules that use a value import it from here (some keep their old public name as an alias, e.g.
``assemble.model.WINDOW_DAYS``). Changing a value changes extraction or merging: measure the scores
before and after (README, "Measuring quality"). Token distances count words of the normalized text;
character distances count normalized characters.
"""

from __future__ import annotations

# ------------------------------------------------------------------------------------------- dates
WINDOW_DAYS = 7  # CODEBOOK §2: an event dated more than this many days before publication is background
EARLY_MONTH_DAYS = 10  # "مطلع يونيو" (a month's start) ends by this day: on the 20th it is background

# ------------------------------------------------------------------------ trigger neighbourhoods
NEAR_TRIGGER = 6  # tokens around a trigger where an agent, a habitual cue or an air word is attached to it
ANCHOR_REACH = 8  # tokens from a noun trigger within which a time word or occurrence verb anchors it
FILTER_WINDOW = 4  # tokens before a trigger searched for negation, modality and attempt cues
OWN_DAY_TOKENS = 12  # tokens after an incident noun in which a past day dates it against a far threat word
EARLIER_ADJECTIVE_TOKENS = 1  # tokens after an incident noun searched for "earlier" (هجمات انتحارية سابقة)
WEAPON_FOUND_TOKENS = 10  # tokens before an explosive noun searched for a verb finding or seizing it
DETAINEE_TOKENS = 8  # tokens after a stop-or-arrest verb searched for who was taken (its subject comes first)
PLUPERFECT_SUBJECT_TOKENS = 3  # tokens after a pluperfect كان read for a subject telling the news
FIRST_SINCE_TOKENS = 8  # tokens before "منذ" searched for "the first / the worst" (أول حادث من نوعه منذ)
RECENT_SINCE_CHARS = 12  # "منذ" followed within this many characters by a recent time is no habit
KNOWN_INCIDENT_TOKENS = 3  # tokens after a definite incident noun searched for a relative pronoun
RELATIVE_TIME_TOKENS = 2  # tokens before a time word searched for the relative pronoun opening its clause
PARTIAL_TAKEOVER_TOKENS = 2  # tokens after a takeover trigger searched for "most of", "parts of" …
OWN_MEMBERS_TOKENS = 6  # tokens after an execution searched for "من قواته" (the perpetrator's own men)
RELATIVE_CLAUSE_TOKENS = 5  # tokens before a protest word searched for the relative pronoun of its clause

WAR_TOLL = 500  # a death toll this large is a war total (CODEBOOK §12: "almost always background")
CUMULATIVE_BEFORE = 10  # tokens before a toll a cumulative cue reaches over ("أدت الحرب في اليمن إلى مقتل")
CUMULATIVE_AFTER = 12  # tokens after it, in its clause ("قتل 116 ... برصاص الجيش خلال الاحتجاجات")
LARGE_TOLL = 100  # a toll this large counts for one incident only when its sentence names the day

# ------------------------------------------------------------------------------------- sentences
MAX_SENTENCE_CHARS = 4000  # a longer run without a full stop is cut (the corpus's longest sentence: 2,215)
DATELINE_TOKENS = 6  # a dateline ("بغداد ـ «الشرق الأوسط»:") before a main clause is at most this long
DATELINE_WORDS = 6  # a paragraph opening of more words is no dateline (recognize/places.py)
CLAUSE_PENALTY = 200  # characters a comma between a toll and a trigger counts for when pairing them
TOLL_PERIOD_CHARS = 40  # a period word ("خلال الأيام الستة الماضية") this close after a toll: a period's toll
PLACE_MEMORY_SENTENCES = 3  # a sentence with no place takes the place of an event this many sentences back
TOLL_NEARBY_SENTENCES = 3  # a toll in a sentence of its own goes to the one record told within this many
PLACE_LOOKAHEAD_SENTENCES = 1  # an opening incident with no place takes one named this many sentences on
OWN_COUNTRY_REACH = 10  # tokens after a trigger within which "في فرنسا" places its event (scene.py)
RESPONSE_REACH = 3  # tokens from "ردا على" to the incident it answers ("ردا على تقارير حول هجوم كيماوي")
DISPATCH_REACH = 6  # tokens back from "تعزيزات" to the verb that sent them (its subject lies between them)
ACHIEVEMENT_REACH = 8  # tokens back from a verbal noun to "تمكنت"/"نجحت" (its subject lies between them)
RECOGNIZER_MARGIN_CHARS = 40  # times/figures are read this far around trigger sentences (no rule: a margin)

# ------------------------------------------------------------------------------------------ roles
TARGET_REACH = 3  # tokens a target cue ("على", "ضد") governs when no punctuation intervenes
BETWEEN_REACH = 8  # tokens after "بين" in which the two sides of a battle are named

MEANS_REACH = 1  # tokens from an attack word to the bomb that was its means ("هجوما بسيارة ملغومة")
UNDERGO_REACH = 12  # tokens between "تعرض" and the ل-noun it governs ("تعرضت ناقلة نفط سعودية لهجوم")

# ----------------------------------------------------------------------------------------- places
CUE_WINDOW = 3  # tokens looked at before a place name for its framing cue
ORIGIN_REACH = 8  # tokens an origin clause ("قادمين من ...") reaches over
BIG_CITY = 500_000  # population above which a GeoNames city is taken without a framing cue
CAPITAL_CITY = 100_000  # a national capital this big is taken without a cue ("نيودلهي", "جوبا")
ABSOLUTE_DATE_PULL = 20  # characters an absolute date ("في 7 أبريل") counts nearer a trigger than a weekday
RETOLD_DATE_SENTENCES = 1  # sentences after an undated incident that may date it ("ووقع الهجوم مساء الجمعة")
STATEMENT_DATE_WORDS = 6  # words before a time word a verb of saying may stand for the time word to date it
NEAR_DISTANCE = 50  # a place farther than this many units ("400 كلم جنوب سبها") is a landmark, not near
SELF_VOUCH_PLACES = 2  # distinct towns of one country that name it (a GeoNames-only one: beside another)
DOMINANT_READING_RATIO = 10  # a name's largest reading, this many times every other's, votes for its country
CURATED_SAME_PLACE_KM = 15.0  # a curated place and a GeoNames place with a shared name this close are one
ARTICLE_SAME_PLACE_KM = 5.0  # within one article, two candidates' places this close are one place

# ------------------------------------------------------------------------------------------ topic
MIN_TOPIC_WORDS = 5  # an article needs this many sport/market/tech words to be off-topic at all
TOPIC_TO_CONFLICT = 3  # ... and this many per conflict signal

# ------------------------------------------------------------------------------ store merge rule
MERGE_PLACE_KM = 5.0  # two reports at points at most this far apart are at one place
STORY_OVERLAP = 0.5  # share of the shorter evidence's content words found in the other: the same story
MAX_SPAN_DAYS = 1  # an incident covers one day, or two when a ±1-day link joined its reports
MIN_CONTENT_STEM = 3  # shorter words are particles ("في", "من") or too short to say anything
