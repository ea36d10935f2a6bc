"""``rasd explain`` / ``rasd.explain`` / ``POST /api/explain``: every decision named, records unchanged.

The articles are written for these tests (and ``examples/sample_articles.jsonl``, written for the
project); ``../shared/seeds`` is used when present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import rasd
from rasd.api import create_app
from rasd.assemble import trace
from rasd.cli import main
from rasd.explanation import explain, explain_text

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "examples" / "sample_articles.jsonl"

TITLE = "غارة على زبيد"
TEXT = (
    "قتل خمسة مدنيين أمس الثلاثاء في غارة جوية شنتها طائرات التحالف على بلدة زبيد في محافظة الحديدة، "
    "بحسب مصادر طبية. "
    "وقال المرصد السوري لحقوق الإنسان إن اشتباكات عنيفة اندلعت اليوم بين قوات النظام وتنظيم داعش "
    "في مدينة الميادين بريف دير الزور، وأسفرت عن مقتل 12 عنصرا. "
    "ولم تقع اشتباكات في مدينة حمص. "
    "وهدد الجيش بقصف مواقع المسلحين."
)
PUBLISHED = "2019-02-13"


def _explained() -> dict:
    return explain(TEXT, published=PUBLISHED, title=TITLE, article_id="ex-1")


def _by_trigger(explanation: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for entry in explanation["candidates"]:
        out.setdefault(entry["trigger"]["text"], []).append(entry)
    return out


def _slice(span: dict) -> str:
    source = TITLE if span.get("field") == "title" else TEXT
    return source[span["start"] : span["end"]]


def test_records_are_what_extract_gives():
    records = [e.to_dict() for e in rasd.extract(TEXT, published=PUBLISHED, title=TITLE, article_id="ex-1")]
    explanation = rasd.explain(TEXT, published=PUBLISHED, title=TITLE, article_id="ex-1")
    assert explanation == _explained()  # the library's name for it
    assert explanation["article_id"] == "ex-1" and explanation["country"] == "SY"
    assert explanation["records"] == records and len(records) == 2


def test_dropped_candidates_name_the_rule_and_the_words_that_fired_it():
    entries = _by_trigger(_explained())
    (negated,) = [e for e in entries["اشتباكات"] if e["decision"] == "dropped"]
    assert negated["reason"] == "negation" and [w["text"] for w in negated["words"]] == ["لم"]
    assert negated["sentence"]["text"] == "ولم تقع اشتباكات في مدينة حمص."
    (threat,) = entries["قصف"]
    assert threat["decision"] == "dropped" and threat["reason"] == "modality"
    assert [w["text"] for w in threat["words"]] == ["هدد"]
    killings = [e for e in entries["قتل"] + entries["مقتل"]]
    assert {e["reason"] for e in killings} == {"casualty_word_yields"}
    for entry in _explained()["candidates"]:
        assert entry["decision"] in ("kept", "dropped")
        if entry["decision"] == "dropped":
            assert entry["reason"] in trace.RULES and entry["rule"] == trace.RULES[entry["reason"]]
        for span in [entry["trigger"], entry["sentence"], *entry["words"]]:
            assert _slice(span) == span["text"]


def test_kept_candidates_show_roles_place_date_toll_and_merges():
    explanation = _explained()
    entries = _by_trigger(explanation)
    (battle,) = entries["اشتباكات عنيفة"]
    assert battle["decision"] == "kept" and battle["record"] == 1 and "merged_into" not in battle
    offered = {m["text"]: (m["role"], m["chosen_as"]) for m in battle["roles"]["offered"]}
    assert offered["قوات النظام"][1] in ("perpetrator", "target")
    assert {offered["قوات النظام"][1], offered["وتنظيم داعش"][1]} == {"perpetrator", "target"}
    assert battle["place"]["chosen"]["text"] == "الميادين" and battle["place"]["location"] == "Al Mayadin"
    others = {p["text"]: p for p in battle["place"]["candidates"] if not p["chosen"]}
    assert "دير الزور" in others  # the province the sentence also names, less specific
    assert battle["date"] == {
        "value": "2019-02-13",
        "precision": 1,
        "from": "time word",
        "phrase": {
            "start": TEXT.index("اليوم"),
            "end": TEXT.index("اليوم") + 5,
            "text": "اليوم",
            "field": "text",
        },
    }
    assert battle["fatalities"]["value"] == 12 and battle["fatalities"]["phrase"]["text"] == "مقتل 12 عنصرا"
    # the strike is told in the title and in the first sentence: one record, the body's merged in
    (title_strike,) = entries["غارة"]
    (body_strike,) = entries["غارة جوية"]
    assert title_strike["record"] == body_strike["record"] == 0
    assert body_strike["merged_into"] == title_strike["id"]
    merges = [(m["merged"], m["into"], m["reason"]) for m in explanation["merges"]]
    assert (body_strike["id"], title_strike["id"], body_strike["reason"]) in merges


def test_text_format_reads_as_a_report():
    explanation = _explained()
    text = explain_text(explanation)
    assert "DROPPED (negation) negated — «لم»" in text
    assert "KEPT → record 1" in text and "records: 2" in text
    assert "\u2067" not in text  # isolates only for a terminal
    assert "«\u2067لم\u2069»" in explain_text(explanation, isolate=True)


def test_tracing_only_while_explaining():
    assert trace.current() is None
    assert trace.drop(object(), "no_place") is None  # no recorder: nothing kept, the call site's value
    assert trace.because(None, None, "negation") is True and trace.refuse(object(), "background") is False
    assert trace.narrowed(None, [1, 2], [2], "subordinate") == [2]
    with trace.recording() as recorder:
        rasd.extract(TEXT, published=PUBLISHED, title=TITLE)
    assert trace.current() is None
    assert recorder.filtered and recorder.selection and recorder.merges and len(recorder.records) == 2


def _cli_json(path: Path, tmp_path: Path, capsys) -> tuple[list[dict], list[dict]]:
    """(explanations of ``rasd explain --format json``, records of ``rasd extract``) for one file."""
    assert main(["explain", str(path), "--format", "json", "-o", str(tmp_path / "why.jsonl")]) == 0
    assert main(["extract", str(path), "-q", "-o", str(tmp_path / "events.jsonl")]) == 0
    capsys.readouterr()
    explanations = [
        json.loads(line) for line in (tmp_path / "why.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    records = [
        json.loads(line) for line in (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return explanations, records


def _check_cli(path: Path, tmp_path: Path, capsys, each_drops: bool) -> list[dict]:
    """Records equal to extract's; every dropped candidate has a reason (and, with ``each_drops``,
    every article has one)."""
    explanations, records = _cli_json(path, tmp_path, capsys)
    assert explanations
    assert [r for x in explanations for r in x["records"]] == records
    for explanation in explanations:
        dropped = [c for c in explanation["candidates"] if c["decision"] == "dropped"]
        assert all(c["reason"] and c["rule"] for c in dropped), explanation["article_id"]
        assert dropped or not each_drops, explanation["article_id"]
        # every kept candidate went into a record, and every record came from a kept candidate
        made = [c["record"] for c in explanation["candidates"] if c["decision"] == "kept"]
        assert None not in made and set(made) == set(range(len(explanation["records"])))
    assert any(c["decision"] == "dropped" for x in explanations for c in x["candidates"])
    return explanations


def test_cli_explains_the_sample_articles_with_the_records_of_extract(tmp_path, capsys):
    explanations = _check_cli(SAMPLES, tmp_path, capsys, each_drops=False)
    assert len(explanations) == len(SAMPLES.read_text(encoding="utf-8").splitlines())


def test_cli_explains_the_seed_articles_with_the_records_of_extract(shared_dir, tmp_path, capsys):
    seeds = shared_dir / "seeds" / "articles.jsonl"
    if not seeds.exists():
        pytest.skip(f"{seeds} is absent")
    explanations = _check_cli(seeds, tmp_path, capsys, each_drops=True)
    assert sum(len(x["records"]) for x in explanations) >= 7


def test_cli_text_for_a_plain_text_article(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["explain", str(path), "--published", PUBLISHED]) == 0
    out = capsys.readouterr().out
    assert out.startswith("article report ") and "DROPPED (modality)" in out and "«هدد»" in out


def test_api_explain_gives_the_records_of_api_extract(tmp_path):
    body = {"text": TEXT, "title": TITLE, "published": PUBLISHED, "id": "ex-1"}
    with TestClient(create_app(f"sqlite:///{tmp_path / 'rasd.db'}", web_dir=tmp_path)) as client:
        explained = client.post("/api/explain", json=body)
        extracted = client.post("/api/extract", json=body)
        refused = client.post("/api/explain", json={"text": "no Arabic here"})
    assert explained.status_code == 200, explained.text
    answer = explained.json()
    assert answer["records"] == extracted.json()["events"] and len(answer["records"]) == 2
    reasons = {c["reason"] for c in answer["candidates"] if c["decision"] == "dropped"}
    assert {"negation", "modality"} <= reasons
    assert refused.status_code == 422


def test_the_topic_gate_is_named():
    match = (
        "شن فريق الشرطة هجوما قويا اليوم على مرمى فريق الزوراء في ملعب الشعب ببغداد، وسيطر على المباراة. "
        "وسجل المهاجم هدفين في الشوط الأول، وأضاف المدافع هدفا ثالثا في الدوري العراقي لكرة القدم بعد تمريرة "
        "من لاعب الوسط، وفاز الفريق بالبطولة."
    )
    explanation = explain(match, published=PUBLISHED)
    assert explanation["records"] == []
    (taken,) = [c for c in explanation["candidates"] if c["trigger"]["text"].startswith("سيطر")]
    assert (taken["decision"], taken["reason"]) == ("dropped", "topic_gate")
    assert taken["place"]["location"] == ""  # dropped before its place was resolved


def _returns(module: Path, function: str) -> list[str]:
    """The source of every ``return`` value in one function of an assembly module, in source order."""
    import ast

    tree = ast.parse(module.read_text(encoding="utf-8"))
    (found,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function]
    returns = sorted((n for n in ast.walk(found) if isinstance(n, ast.Return)), key=lambda n: n.lineno)
    return [ast.unparse(n.value) if n.value is not None else "None" for n in returns]


def test_no_exit_of_the_candidate_rules_is_silent():
    assemble = REPO / "src" / "rasd" / "assemble"
    built = _returns(assemble / "candidates.py", "_build")
    assert built[-1] == "candidate" and len(built) > 3
    assert all(r.startswith("trace.drop(candidate, ") for r in built[:-1]), built
    # the rules before the place name themselves; _build traces the one that dropped the candidate
    assert "trace.drop(candidate, rule)" in built
    early = _returns(assemble / "candidates.py", "_unreported")
    assert early[-1] == "None" and len(early) > 10
    assert all(r.startswith("'") for r in early[:-1]), early
    verdicts = _returns(assemble / "filters.py", "filtered")
    assert verdicts[-1] == "False" and len(verdicts) > 5
    assert all(r.startswith("trace.because(") for r in verdicts[:-1]), verdicts
    named = [r.split("'")[1] for r in built[:-1] + early[:-1] + verdicts[:-1] if "'" in r]
    assert set(named) <= set(trace.RULES), set(named) - set(trace.RULES)
