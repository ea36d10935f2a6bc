"""Text layer: normalization with offsets, tokens with proclitics, phrase lexicons, sentences."""

from rasd.text.document import Document
from rasd.text.lexicon import PhraseLexicon
from rasd.text.normalize import normalize, normalize_term
from rasd.text.segment import paragraphs, sentences
from rasd.text.tokens import NAME_JOINERS, stems_of, tokenize


def test_normalization_folds_letter_variants_and_digits():
    assert normalize("أإآٱ").text == "اااا"
    assert normalize("مستشفى الجامعة").text == "مستشفي الجامعه"
    assert normalize("مؤسسة رئيس").text == "موسسه رييس"
    assert normalize("٢٥ و۱۲").text == "25 و12"
    assert normalize("«داعش» “قسد”").text == '"داعش" "قسد"'


def test_normalization_drops_diacritics_and_tatweel_and_maps_back():
    original = "قُتِلَ الـمدنيون"
    norm = normalize(original)
    assert norm.text == "قتل المدنيون"
    start = norm.text.index("المدنيون")
    o_start, o_end = norm.orig_span(start, start + len("المدنيون"))
    assert original[o_start:o_end] == "الـمدنيون"


def test_normalize_term_folds_white_space():
    assert normalize_term("  دير   الزور ") == "دير الزور"


def test_stems_strip_proclitic_chains():
    forms = {stem for stem, _ in stems_of("وبالباغوز")}
    assert "باغوز" in forms
    assert "التنظيم" in {stem for stem, _ in stems_of("للتنظيم")}
    assert {stem for stem, _ in stems_of("بريف")} >= {"بريف", "ريف"}
    # too little left to be a word: no stem
    assert {stem for stem, _ in stems_of("ول")} == {"ول"}


def test_tokens_know_what_separates_them():
    tokens = tokenize(normalize('قوات "قسد"، والجيش').text)
    assert [t.text for t in tokens] == ["قوات", "قسد", "والجيش"]
    assert tokens[1].joined is True
    assert tokens[2].joined is False  # a comma stands between


def test_lexicon_matches_with_proclitics_quotes_and_longest_first():
    lexicon = PhraseLexicon([("قوات سوريا الديمقراطية", "sdf"), ("قوات", "forces"), ("الباغوز", "baghuz")])
    doc = Document('هاجمت "قوات سوريا الديمقراطية" مواقع في بلدة وبالباغوز أمس')
    found = [(m.value, doc.original_text(m.start, m.end), m.proclitic) for m in lexicon.find(doc.tokens)]
    assert found == [("sdf", "قوات سوريا الديمقراطية", ""), ("baghuz", "الباغوز", "وب")]


def test_lexicon_does_not_cross_punctuation():
    lexicon = PhraseLexicon([("دير الزور", "dz")])
    doc = Document("وصل الوفد إلى الدير. الزور مدينة")
    assert lexicon.find(doc.tokens) == []


def test_lexicon_membership():
    lexicon = PhraseLexicon([("حلب", 1)])
    assert "حلب" in lexicon
    assert "حماة" not in lexicon


def test_sentences_split_on_end_marks_not_decimals():
    norm = normalize("تقدم الجيش 3.5 كلم. ثم توقف؟ نعم\nفقرة أخرى").text
    spans = [norm[s.start : s.end] for s in sentences(norm)]
    assert spans == ["تقدم الجيش 3.5 كلم.", "ثم توقف؟", "نعم", "فقره اخري"]
    assert [s.paragraph for s in sentences(norm)] == [0, 0, 0, 1]


def test_paragraphs_skip_blank_lines():
    assert len(paragraphs("أ\n\n  \nب")) == 2


def test_document_maps_spans_to_the_original():
    doc = Document("قالت مصادرُ إنّ الاشتباكات تجددت")
    start = doc.norm.index("الاشتباكات")
    assert doc.original_text(start, start + len("الاشتباكات")) == "الاشتباكات"
    assert doc.sentence_of(start).index == 0


def test_hashtags_join_and_hyphens_join_on_request():
    """A hashtag's '#' and '_' join words always (prose never uses them as punctuation); a hyphen
    only for names, since "قوات - النظام" and a dash between clauses look alike."""
    norm = normalize("في #ميليشيات_الحوثي و حزب-الله").text
    assert [t.text for t in tokenize(norm)] == ["في", "ميليشيات", "الحوثي", "و", "حزب", "الله"]
    assert [t.joined for t in tokenize(norm)] == [False, True, True, True, True, False]
    assert [t.joined for t in tokenize(norm, NAME_JOINERS)] == [False, True, True, True, True, True]


def test_tokens_keep_persian_letters_and_split_digits_off():
    assert [t.text for t in tokenize("فرانس پرس الزور24")] == ["فرانس", "پرس", "الزور", "24"]


def test_lexicon_phrases_split_like_text():
    lexicon = PhraseLexicon([("شبكة دير الزور24", "dz24")])
    found = lexicon.find(tokenize(normalize("نقلت شبكة دير الزور24 ان").text))
    assert [(m.value, m.phrase) for m in found] == [("dz24", "شبكه دير الزور 24")]
    assert "دير الزور24" not in lexicon and "شبكه دير الزور 24" in lexicon


def test_lexicon_article_optional():
    loose = PhraseLexicon([("الجيش", 1)])
    strict = PhraseLexicon([("الجيش", 1), ("حوثيين", 2)], article_optional=False)
    bare, with_article = tokenize("جيش"), tokenize("للجيش والحوثيين")
    assert [m.value for m in loose.find(bare)] == [1]
    assert strict.find(bare) == []
    assert [m.value for m in strict.find(with_article)] == [1, 2]  # an article-less phrase still takes it


def test_match_start_and_proclitic_locate_the_whole_word():
    tokens = tokenize("قصف للتنظيم وبالباغوز")
    matches = PhraseLexicon([("التنظيم", 1), ("الباغوز", 2)]).find(tokens)
    assert [m.value for m in matches] == [1, 2]
    for m in matches:
        assert m.start - len(m.proclitic) == tokens[m.first_token].start
