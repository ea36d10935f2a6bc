"""The shortcuts of issue 12 give what the long way gives: shared tokens and the no-trigger return."""

from __future__ import annotations

import datetime as dt

import rasd
from rasd.assemble import trace
from rasd.pipeline import _nothing_to_extract
from rasd.recognize.triggers import find_triggers
from rasd.text.document import Document
from rasd.text.normalize import normalize
from rasd.text.tokens import NAME_JOINERS, retokenize, tokenize, tokenize_shared

# Written for this test: hyphens, underscores, quotes, brackets, digits and Latin between words.
TEXT = 'قالت "قوات - النظام" إن #ميليشيات_الحوثي (حزب-الله) قتلت 12 شخصا abc في ريف-حلب.'
QUIET = "افتتح وزير الثقافة معرضا للكتاب في مدينة حلب وسط حضور كبير من الزوار."


def _fields(tokens: list) -> list[tuple]:
    return [(t.text, t.start, t.end, t.stems, t.joined) for t in tokens]


def test_retokenize_matches_a_second_tokenize_for_every_joiner_set() -> None:
    norm = normalize(TEXT).text
    tokenize_shared(norm)
    for joiners in (NAME_JOINERS, " ", ' "()[]'):
        assert _fields(retokenize(norm, joiners)) == _fields(tokenize(norm, joiners))
    assert any(t.joined for t in retokenize(norm, NAME_JOINERS)[1:])
    assert [t.joined for t in retokenize(norm, NAME_JOINERS)] != [t.joined for t in tokenize(norm)]


def test_retokenize_without_remembered_tokens_tokenizes() -> None:
    norm = normalize(TEXT + " اخر").text  # never passed to tokenize_shared
    assert _fields(retokenize(norm, NAME_JOINERS)) == _fields(tokenize(norm, NAME_JOINERS))


def test_an_article_without_triggers_returns_early_with_no_records() -> None:
    doc = Document(QUIET)
    assert find_triggers(doc) == []
    assert _nothing_to_extract({"text": find_triggers(doc)})
    assert rasd.extract(QUIET, published="2018-05-02") == []


def test_explain_still_gets_the_full_analysis_of_a_quiet_article() -> None:
    with trace.recording():
        assert not _nothing_to_extract({"text": []})
    explained = rasd.explain(QUIET, published="2018-05-02")
    assert explained["records"] == []
    assert explained["country"] == "SY"  # the article's country is still worked out for explain


def test_sentence_ends_from_punctuation_runs_are_the_regex_ends() -> None:
    """``segment._sentence_ends`` gives the ends ``_SENTENCE_END.finditer`` gives, on random strings of
    letters, digits (Arabic-Indic too), spaces of several kinds and sentence punctuation: after a digit
    ("3. 5", "3.. 5", "3. ب"), at the end, before a newline."""
    import random

    from rasd.text import segment

    rng = random.Random(5)
    alphabet = list("بت3 .!?؟؛\u00a0\u0663x5\n\t")
    ends = 0
    for _ in range(20_000):
        chunk = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        slow = [m.end() for m in segment._SENTENCE_END.finditer(chunk)]
        assert segment._sentence_ends(chunk) == slow, repr(chunk)
        ends += len(slow)
    assert ends > 5_000
    assert segment._sentence_ends("قتل 3.. 5 جرحى. وصل 3. 5") == [7, 15]  # "3. 5" ends nothing


def test_find_in_is_find_over_the_slice() -> None:
    """``PhraseLexicon.find_in(tokens, low, high, starts)`` finds what ``find(tokens[low:high])`` finds,
    with indices into the whole list, for every stretch of a text full of cue phrases (negation,
    threat, reports, places), cut anywhere, phrases cut by the stretch's edges included."""
    from rasd.recognize.cues import cue_lexicon

    text = normalize(
        "لم تقصف الطائرات القرية، وهددت الجماعة بشن هجمات. وقال مصدر أمني إن قوات الأمن اعتقلت "
        "خمسة أشخاص في ريف مدينة حلب الشمالي بعد أن نفت السلطات وقوع اشتباكات قرب الحدود."
    ).text
    tokens = tokenize(text)
    lexicon = cue_lexicon()
    starts = lexicon.starts(tokens)
    total = 0
    for low in range(len(tokens) + 1):
        for high in range(low, len(tokens) + 1):
            slow = [
                (m.start, m.end, m.first_token + low, m.last_token + low, m.phrase, m.value, m.proclitic)
                for m in lexicon.find(tokens[low:high])
            ]
            fast = [
                (m.start, m.end, m.first_token, m.last_token, m.phrase, m.value, m.proclitic)
                for m in lexicon.find_in(tokens, low, high, starts)
            ]
            assert fast == slow, (low, high)
            total += len(slow)
    assert total > 100


def test_filter_verdicts_kept_from_the_reported_check_are_the_filters_answers() -> None:
    """``reported_sentences`` keeps the verdicts it reached (up to the first trigger kept) for
    ``_sentence_candidates``: each is what ``filtered`` answers for that trigger, and the article's
    records are those of a run that judges every trigger afresh (``rasd explain``'s recording run)."""
    from rasd.assemble.candidates import reported_sentences
    from rasd.assemble.context import FieldContext
    from rasd.assemble.filters import filtered

    text = (
        "نفى الجيش أنه قصف قرية الهبيط في ريف إدلب. وقصفت طائرات حربية بلدة خان شيخون أمس ما أدى "
        "إلى مقتل خمسة مدنيين. وهدد التنظيم بشن هجمات جديدة."
    )
    doc = Document(text, "text")
    ctx = FieldContext.around_triggers(doc)
    assert reported_sentences(ctx, dt.date(2018, 2, 7))
    judged = 0
    for index in ctx.triggers:
        verdicts = ctx.memo.get(("filtered", index), [])
        selected = ctx.memo.get(("selected", index), [])
        sentence = doc.sentences[index]
        assert verdicts == [filtered(ctx, sentence, t) for t in selected[: len(verdicts)]]
        judged += len(verdicts)
    assert judged >= 2
    plain = [e.to_dict() for e in rasd.extract(text, published="2018-02-07")]
    with trace.recording():
        recorded = [e.to_dict() for e in rasd.extract(text, published="2018-02-07")]
    assert plain and plain == recorded


def test_written_forms_answer_what_the_stem_walk_answers() -> None:
    """The places rules test a token against the written forms of a word class; that is the same as
    asking whether one of its stems is in the class, for every class word behind every proclitic
    chain (and a few near misses)."""
    from rasd.recognize import places
    from rasd.recognize.cues import cue_forms
    from rasd.text.tokens import PROCLITICS, stems_of

    classes = {
        "meeting": (places._written_forms("meeting"), cue_forms("meeting")),
        "locative": (places._locative_forms(), places._LOCATIVE | cue_forms("names_place")),
    }
    for forms, stems in classes.values():
        words = {prefix + word for word in stems for prefix in ("", *PROCLITICS)}
        words |= {word[1:] for word in words if len(word) > 2} | {word + "ة" for word in words}
        hits = 0
        for word in sorted(words):
            walked = any(stem in stems for stem, _ in stems_of(word))
            assert (word in forms) == walked, word
            hits += walked
        assert hits > len(stems)


def test_cue_starts_are_found_once_per_field(monkeypatch) -> None:
    """The words that may begin a cue are found once per field, however many reads of a few
    sentences the rules make (``cues_of`` per sentence here; a pass over every token per read made a
    long text quadratic; since h-recog only the tokens read are looked up in them), and the cues are
    those of one read of every sentence."""
    from rasd.assemble.context import cues_of
    from rasd.recognize.cues import cue_lexicon
    from rasd.text.lexicon import PhraseLexicon

    lexicon = cue_lexicon()
    calls = []
    original = PhraseLexicon.starters

    def counted(self, tokens):
        if self is lexicon:
            calls.append(len(tokens))
        return original(self, tokens)

    monkeypatch.setattr(PhraseLexicon, "starters", counted)
    text = "\n".join(
        f"وقصفت طائرات حربية بلدة خان شيخون أمس ما أدى إلى مقتل {n} مدنيين، ونفى الجيش أنه قصف قرية الهبيط."
        for n in range(3, 40)
    )
    doc = Document(text, "text")
    one_by_one = [m for sentence in doc.sentences for m in cues_of(doc, [sentence])]
    assert len(calls) == 1
    together = cues_of(doc, list(doc.sentences))
    assert [(m.start, m.end, m.phrase) for m in one_by_one] == [(m.start, m.end, m.phrase) for m in together]
    assert len(together) > 30


def test_sentences_within_reach_are_those_the_distance_admits() -> None:
    """``roles._sentences_within`` lists exactly the sentences, of the event's field and of the other,
    whose ``_sentence_distance`` from the event is within reach (it no longer measures them all)."""
    from rasd.assemble.context import FieldContext
    from rasd.assemble.model import Candidate
    from rasd.assemble.roles import _Seen, _sentence_distance, _sentences_within

    text = " ".join(f"قصفت طائرات حربية بلدة رقم {n}." for n in range(1, 9))
    contexts = [
        FieldContext.around_triggers(Document("غارات على ريف إدلب", "title")),
        FieldContext.around_triggers(Document(text, "text")),
    ]
    checked = 0
    for event_ctx in contexts:
        for sentence in event_ctx.doc.sentences:
            trigger = next(t for ts in event_ctx.triggers.values() for t in ts)
            field = event_ctx.doc.field
            event = Candidate("Explosions/Remote violence", "Air/drone strike", field, sentence, trigger)
            for reach in range(0, 4):
                for ctx in contexts:
                    slow = [
                        s.index
                        for s in ctx.doc.sentences
                        if _sentence_distance(event, _Seen("", ctx.doc.field, s.index)) <= reach
                    ]
                    assert list(_sentences_within(event, ctx, reach)) == slow
                    checked += len(slow)
    assert checked > 100
