"""Tests for the actor and source registries and their recognizer (rasd.recognize.actors)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from rasd.recognize.actors import ActorMention, find_sources, load_registry
from rasd.text.normalize import normalize

SHARED = Path(__file__).resolve().parents[2] / "shared"
BRACKET_YEARS = re.compile(r" \(\d{4}-(?:\d{4})?\)")


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def mentions(reg, text: str) -> list[ActorMention]:
    return reg.find(normalize(text).text)


def keys(reg, text: str) -> list[str]:
    return [m.key for m in mentions(reg, text)]


def name_in(reg, text: str, iso2: str | None, on: dt.date | None = None) -> list[str]:
    """Canonical names of the mentions in ``text`` resolved for a country and date."""
    out = []
    for m in mentions(reg, text):
        key = reg.resolve_context(m, iso2)
        out.append(reg.canonical(key, iso2, on)[0] if key else "")
    return out


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("تقدمت وقوات النظام نحو القرية", "syria_military"),
        ("أرسل تعزيزات لقوات النظام السوري", "syria_military"),
        ("ألحقت خسائر بالحوثيين قرب الساحل", "houthis"),
        ("قصفت الطائرات مواقع وداعش في البادية", "islamic_state"),
        ("تصدت ميليشيات الحوثي الانقلابية لهجوم", "houthis"),
        ("قالت جماعة أنصار الله إنها أسقطت طائرة", "houthis"),
        ("هاجم مسلحو تنظيم الدولة الإسلامية حاجزا", "islamic_state"),
        ("وصلت تعزيزات للتحالف الدولي إلى القاعدة", "global_coalition"),
        ("انسحب مقاتلو قوات سورية الديمقراطية", "sdf"),
        ("وتحركت فبالجيش الإسرائيلي نحو الحدود", "israel_military"),
        ("أطلقت حركة طالبان باكستان هجوما", "ttp"),
    ],
)
def test_alias_with_clitics(reg, text, key):
    assert key in keys(reg, text)


def test_quotes_and_brackets_between_words(reg):
    found = mentions(reg, 'هاجمت قوات "قسد" مقرا لتنظيم «داعش» ثم انسحبت (قسد) من التلة')
    assert [m.key for m in found] == ["sdf", "islamic_state", "sdf"]
    assert found[0].surface.startswith("قوات")


def test_hyphens_and_hashtags_join_alias_words(reg):
    found = mentions(reg, "أعلن #الجيش_اليمني تقدمه على #ميليشيات_الحوثي وعناصر حزب-الله")
    assert [m.key for m in found] == ["yemen_military", "houthis", "hezbollah"]
    assert found[1].surface == "ميليشيات_الحوثي"


def test_span_covers_the_proclitic(reg):
    norm = normalize("ألحقت خسائر بالحوثيين وللتنظيم").text
    found = reg.find(norm)
    assert [(m.key, m.surface) for m in found] == [("houthis", "بالحوثيين"), ("", "وللتنظيم")]
    assert found[1].anaphoric


def test_longest_match_wins(reg):
    found = mentions(reg, "اشتبكت كتائب حزب الله مع عناصر حزب الله اللبناني")
    assert [m.key for m in found] == ["kataib_hezbollah", "hezbollah"]
    assert found[1].surface == "عناصر حزب الله"


def test_word_boundaries(reg):
    # "داعشية" is an adjective, not the group; "جيش المهدي" is not "الجيش"
    assert keys(reg, "أفكار داعشية متطرفة") == []
    assert keys(reg, "أعلن جيش المهدي موقفه") == []


def test_article_alias_needs_article(reg):
    assert keys(reg, "قال الجيش إن") == ["syria_military"]  # scoped alias, default owner
    assert keys(reg, "قال جيش إن") == []


def test_blocked_phrases(reg):
    assert keys(reg, "قال في مؤتمر صحفي إن فرق الدفاع المدني وصلت") == []


def test_offsets_point_into_normalized_text(reg):
    norm = normalize("وشنّت الميليشيات الحوثيّة هجوماً").text
    (m,) = reg.find(norm)
    assert norm[m.start:m.end] == m.surface == "الميليشيات الحوثيه"


# ---------------------------------------------------------------- context rules


def test_coalition_depends_on_country(reg):
    text = "شن طيران التحالف غارات على المنطقة"
    assert name_in(reg, text, "YE") == ["Operation Restoring Hope"]
    assert name_in(reg, text, "SA") == ["Operation Restoring Hope"]
    assert name_in(reg, text, "SY") == ["Global Coalition Against Daesh"]
    assert name_in(reg, text, "IQ") == ["Global Coalition Against Daesh"]


def test_explicit_coalitions_are_unscoped(reg):
    assert name_in(reg, "غارات التحالف العربي", "SY") == ["Operation Restoring Hope"]
    assert name_in(reg, "غارات التحالف الدولي", "YE") == ["Global Coalition Against Daesh"]


def test_scoped_alias_outside_its_countries(reg):
    (m,) = mentions(reg, "أعلن الجيش حالة التأهب")
    assert reg.resolve_context(m, "YE") == "yemen_military"
    assert reg.resolve_context(m, "IQ") == "iraq_military"
    assert reg.resolve_context(m, "KE") == ""
    assert reg.resolve_context(m, None) == m.key


def test_al_qaeda_in_yemen_is_aqap(reg):
    assert name_in(reg, "هاجم تنظيم القاعدة نقطة", "YE") == ["AQAP: Al Qaeda in the Arabian Peninsula"]
    assert name_in(reg, "هاجم تنظيم القاعدة نقطة", "ML") == ["Al Qaeda"]


# ---------------------------------------------------------------- canonical names


def test_iraq_period_by_date(reg):
    before, after = dt.date(2018, 10, 24), dt.date(2018, 10, 25)
    assert reg.canonical("iraq_military", "IQ", before) == ("Military Forces of Iraq (2014-2018)", 1)
    assert reg.canonical("iraq_military", "IQ", after) == ("Military Forces of Iraq (2018-2022)", 1)
    assert reg.canonical("pmf", "IQ", dt.date(2017, 5, 1))[0] == (
        "Military Forces of Iraq (2014-2018) Popular Mobilization Forces"
    )
    assert reg.canonical("iraq_police", "IQ", dt.date(2019, 1, 1))[0] == "Police Forces of Iraq (2018-2022)"


def test_syria_period(reg):
    name_2019 = reg.canonical("syria_military", "SY", dt.date(2019, 3, 2))
    assert name_2019 == ("Military Forces of Syria (2000-2024)", 1)
    name_2025 = reg.canonical("syria_military", "SY", dt.date(2025, 1, 10))[0]
    assert name_2025 == "Military Forces of Syria (2024-)"


def test_subunit_and_period_suffix(reg):
    assert reg.canonical("irgc", "SY", dt.date(2018, 5, 10)) == (
        "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps",
        8,
    )
    assert reg.canonical("houthis", "YE", dt.date(2018, 6, 1))[0] == (
        "Military Forces of Yemen (2016-) Supreme Political Council"
    )
    assert reg.canonical("gna", "LY", dt.date(2019, 4, 5))[0] == (
        "Military Forces of Libya (2016-) Government of National Accord"
    )
    assert reg.canonical("gna", "LY", dt.date(2022, 1, 1))[0] == (
        "Military Forces of Libya (2021-) Government of National Unity"
    )


def test_islamic_state_names_by_country(reg):
    assert reg.canonical("islamic_state", "SY", None)[0] == "Islamic State (Syria)"
    assert reg.canonical("islamic_state", "IQ", None)[0] == "Islamic State (Iraq)"
    assert reg.canonical("islamic_state", "LY", None)[0] == "Islamic State (Libya)"
    assert reg.canonical("islamic_state", "TN", None)[0] == "Islamic State (Tunisia)"
    assert reg.canonical("islamic_state", None, None)[0] == "Islamic State"
    assert name_in(reg, "تبنى تنظيم ولاية سيناء الهجوم", "EG") == ["Islamic State (Egypt)"]


def test_generics_with_country(reg):
    found = mentions(reg, "قتل مسلحون مجهولون مدنيين وأصيب متظاهرون واعتقل مشاغبين")
    assert [m.key for m in found] == [
        "generic:unidentified", "generic:civilians", "generic:protesters", "generic:rioters",
    ]
    assert all(m.generic for m in found)
    names = [reg.canonical(m.key, "IQ", None) for m in found]
    assert names == [
        ("Unidentified Armed Group (Iraq)", 3),
        ("Civilians (Iraq)", 7),
        ("Protesters (Iraq)", 6),
        ("Rioters (Iraq)", 5),
    ]
    assert reg.canonical("generic:civilians", None, None) == ("Civilians", 7)


def test_country_of(reg):
    assert reg.country_of("houthis") == "YE"
    assert reg.country_of("islamic_state") == ""
    assert reg.country_of("generic:civilians") == ""


# ---------------------------------------------------------------- anaphora


def test_anaphoric_tanzim_refers_back(reg):
    found = mentions(reg, "هاجم تنظيم داعش قرية، وقتل مسلحو الحوثي اثنين، ثم أعلن التنظيم مسؤوليته")
    last = found[-1]
    assert last.anaphoric and last.key == "islamic_state" and last.inter == 2


def test_anaphora_with_clitic_and_other_heads(reg):
    found = mentions(reg, "قصفت ميليشيا الحوثي الحي، وقال مصدر إن للميليشيا مواقع قريبة")
    assert found[-1].anaphoric and found[-1].key == "houthis"
    found = mentions(reg, "أصدرت حركة حماس بيانا قالت فيه إن الحركة لن ترد")
    assert found[-1].anaphoric and found[-1].key == "hamas"


def test_anaphora_without_antecedent(reg):
    (m,) = mentions(reg, "تبنى التنظيم الهجوم")
    assert m.anaphoric and m.key == "" and m.inter == 0


def test_bare_head_is_not_anaphoric(reg):
    # "تنظيم" without the article means "organizing"
    assert keys(reg, "ساهمت داعش في تنظيم الصفوف") == ["islamic_state"]


# ---------------------------------------------------------------- sources


def test_sources(reg):
    text = normalize(
        "ونقلت وكالة \"سانا\" عن مصدر، وأفاد المرصد السوري لحقوق الإنسان، وفق شبكات محلية ومصادر طبية، "
        "بحسب فرانس برس ووكالة أعماق."
    ).text
    found = find_sources(text)
    assert [(s.name, s.kind) for s in found] == [
        ("SANA", "agency"),
        ("SOHR", "monitor"),
        ("Local media", "descriptor"),
        ("Medical sources", "descriptor"),
        ("AFP", "agency"),
        ("Amaq", "agency"),
    ]
    assert text[found[1].start:found[1].end] == "المرصد السوري لحقوق الانسان"


def test_source_descriptors(reg):
    found = find_sources(normalize("قالت مصادر في الشرطة ومصادر ميدانية وشهود عيان ومراقبين").text)
    assert [s.name for s in found] == ["Police sources", "Field sources", "Local sources", "Observers"]


def test_sources_glued_to_digits_and_single_letter_words():
    found = find_sources(normalize("وصرح لفرانس24 بأن ...\nفرانس24/ أ ف ب").text)
    assert [s.name for s in found] == ["France 24 Arabic", "France 24 Arabic", "AFP"]
    assert found[0].start == len("وصرح ")  # the span starts with the proclitic


def test_drone_is_not_al_masirah():
    assert find_sources(normalize("أسقطت الدفاعات طائرة مسيرة").text) == []


# ---------------------------------------------------------------- registry integrity


def test_registry_shape(reg):
    assert 80 <= len(reg.actors) <= 250
    for actor in reg.actors.values():
        assert 1 <= actor.inter <= 8, actor.key
        assert reg.aliases_of(actor.key), actor.key
    assert set(reg.generic_keys) == {
        "generic:civilians", "generic:protesters", "generic:rioters", "generic:unidentified",
    }


def test_every_alias_is_found_as_itself(reg):
    """Each alias, written alone, must be recognized whole and resolve to its owner somewhere."""
    checked = 0
    for key in [*reg.actors, *reg.generic_keys]:
        for alias in reg.aliases_of(key):
            found = reg.find(alias)
            assert len(found) == 1 and found[0].surface == alias, (key, alias, found)
            checked += 1
    assert checked > 100


# ---------------------------------------------------------------- agreement with the shared spec and gold


def _need_shared() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared (codebook and gold data) is not available")


def test_gold_actor_names(reg):
    _need_shared()
    by_name = {name: iso2 for iso2, name in reg.country_names.items()}
    records = [json.loads(line) for path in sorted((SHARED / "gold").glob("*.jsonl")) for line in path.open()]
    assert records
    all_keys = [*reg.actors, *reg.generic_keys]
    for rec in records:
        iso2 = by_name[rec["country"]]
        on = dt.date.fromisoformat(rec["event_date"])
        produced = {BRACKET_YEARS.sub("", reg.canonical(k, iso2, on)[0]) for k in all_keys}
        # victims may carry their nationality ("Civilians (Russia)" in Syria)
        produced |= {reg.canonical(k, c, on)[0] for k in reg.generic_keys for c in by_name.values()}
        for field in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            for actor in filter(None, rec[field].split("; ")):
                assert BRACKET_YEARS.sub("", actor) in produced, actor


def _codebook_rows() -> list[tuple[str, list[str]]]:
    text = (SHARED / "CODEBOOK.md").read_text(encoding="utf-8")
    section = text.split("## 6.")[1].split("## 7.")[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].isdigit():
            continue
        arabic = re.sub(r"`[^`]*`[^،؛]*", "", cells[2])  # drop "`Name` for X" notes
        arabic = re.sub(r'\([^)]*\)|"[^"]*"[^،؛]*', "", arabic)  # drop "(in Yemen)" and quoted-anaphor notes
        phrases = [p.strip() for p in re.split(r"[،؛]", arabic)]
        rows.append((cells[0], [re.sub(r"\s*[(A-Za-z].*$", "", p) for p in phrases if p]))
    return rows


def test_codebook_aliases(reg):
    _need_shared()
    rows = _codebook_rows()
    assert len(rows) >= 25
    countries = ["SY", "IQ", "YE", "SA", "LY"]
    for name, phrases in rows:
        for phrase in phrases:
            found = reg.find(normalize(phrase).text)
            assert found, (name, phrase)
            got = {
                BRACKET_YEARS.sub("", reg.canonical(reg.resolve_context(m, c), c, dt.date(2018, 6, 1))[0])
                for m in found
                for c in countries
                if reg.resolve_context(m, c)
            }
            assert BRACKET_YEARS.sub("", name) in got, (name, phrase, got)
