"""``rasd audit`` and ``GET /api/audit``: each check on records made to pass or fail it, the report's
formats and exit status, and the audit over a real SQLite store (the articles are this project's own
writing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rasd.api import create_app
from rasd.audit import CHECK_NAMES, CHECKS, ArticleText, Audit, Item, find_dateline, render
from rasd.cli import main

DUBAI_LINE = "دبي، الإمارات العربية المتحدة (CNN)-- "
TADMOR = DUBAI_LINE + "قتل ثلاثة جنود سوريين أمس الثلاثاء في اشتباكات مع مسلحين من تنظيم داعش في مدينة تدمر."
JERUSALEM = "القدس - أصيب عشرات المتظاهرين اليوم برصاص الجيش قرب السياج شرقي خان يونس جنوب قطاع غزة."
LEBANON = "أدلى الناخبون في لبنان بأصواتهم الأحد في أول انتخابات برلمانية منذ سنوات، وسط إقبال ضعيف."

GOOD = {
    "event_date": "2018-05-08",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Military Forces of Syria (2000-2024)",
    "actor2": "Islamic State (Syria)",
    "inter1": 1,
    "inter2": 2,
    "interaction": 12,
    "country": "Syria",
    "iso": 760,
    "admin1": "Homs",
    "location": "Tadmor",
    "latitude": 34.56,
    "longitude": 38.27,
    "fatalities": 3,
    "confidence": 0.7,
}


def item(changes: dict | None = None, text: str = TADMOR, evidence_from: int | None = None) -> Item:
    """A record of the Tadmor article (its evidence the sentence after the dateline), with changes."""
    record = {**GOOD, **(changes or {})}
    start = len(DUBAI_LINE) if evidence_from is None else evidence_from
    evidence = [{"article_id": "a1", "start": start, "end": len(text), "text": text[start:]}]
    article = ArticleText("a1", text, "", _day("2018-05-09"))
    return Item("a1#1", record, evidence, [article], [article.published])


def _day(value: str):
    import datetime as dt

    return dt.date.fromisoformat(value)


def failed(one: Item) -> set[str]:
    """The names of the checks the record fails."""
    audit = Audit()
    return {check.name for check in CHECKS if check.fails(one, audit)}


def test_a_sound_record_passes_every_check():
    assert failed(item()) == set()


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        ({"fatalities": 500}, "fatality_outlier"),
        ({"actor2": "", "inter2": 0, "interaction": 10}, "battle_one_sided"),
        ({"actor2": "Military Forces of Syria (2000-)", "inter2": 1, "interaction": 11}, "same_actors"),
        ({"actor1": "", "inter1": 0, "interaction": 20}, "no_actor1"),
        ({"inter2": 9, "interaction": 19}, "invalid_inter"),
        ({"inter2": 0}, "invalid_inter"),
        ({"interaction": 21}, "invalid_interaction"),
        ({"iso": 368}, "invalid_iso"),
        ({"country": "SG", "iso": 0}, "invalid_iso"),
        ({"event_date": "2018-05-10"}, "outside_window"),
        ({"event_date": "2018-05-01"}, "outside_window"),
        ({"event_date": None}, "outside_window"),
    ],
)
def test_each_field_check_fails_its_record(changes, check):
    assert check in failed(item(changes))


def test_window_edges_and_one_sided_interaction_pass():
    assert "outside_window" not in failed(item({"event_date": "2018-05-02"}))  # D - 7
    assert "outside_window" not in failed(item({"event_date": "2018-05-09"}))  # D
    one_sided = {"event_type": "Explosions/Remote violence", "actor2": "", "inter2": 0, "interaction": 10}
    assert failed(item(one_sided)) == set()


def test_a_record_at_the_dateline_city_fails_unless_its_evidence_names_the_city():
    dubai = {"country": "United Arab Emirates", "iso": 784, "location": "Dubai"}
    dubai.update(admin1="Dubai", latitude=25.0772, longitude=55.3093)
    assert {"dateline_place"} <= failed(item(dubai))
    named = DUBAI_LINE + "قتل ثلاثة أشخاص أمس في انفجار في دبي."
    assert "dateline_place" not in failed(item(dubai, named))


def test_a_country_level_record_at_a_capital_dateline_fails_only_when_the_dateline_alone_names_it():
    line = "أبوظبي، الإمارات العربية المتحدة (CNN)-- "
    whole_country = {"country": "United Arab Emirates", "iso": 784, "location": "United Arab Emirates"}
    whole_country.update(admin1="Abu Dhabi", latitude=24.4667, longitude=54.3667)
    only_dateline = line + "أعلنت السلطات اعتقال خمسة أشخاص بتهمة التخطيط لهجمات."
    assert "dateline_place" in failed(item(whole_country, only_dateline, evidence_from=len(line)))
    told = line + "أعلنت الداخلية الإماراتية اعتقال خمسة أشخاص بتهمة التخطيط لهجمات."
    assert "dateline_place" not in failed(item(whole_country, told, evidence_from=len(line)))


def test_datelines_are_found_in_their_usual_forms():
    cnn = find_dateline(TADMOR)
    assert cnn is not None and cnn.city == "دبي" and TADMOR[: cnn.end].rstrip().endswith("--")
    assert any(name == "Dubai" for name, *_ in cnn.points)
    jerusalem = find_dateline(JERUSALEM)
    assert jerusalem is not None and jerusalem.city == "القدس" and jerusalem.points
    gulf = find_dateline("بغداد ـ «الشرق الأوسط»: قتل جندي في هجوم.")
    assert gulf is not None and gulf.city == "بغداد"
    bare = find_dateline("(CNN)-- قال الجيش إن ...")
    assert bare is not None and bare.city == "" and not bare.points
    assert find_dateline("فجرت كوريا الشمالية - بحسب ما قيل - موقعا للتجارب.") is None
    assert find_dateline(LEBANON) is None


def test_evidence_that_is_only_the_dateline_fails():
    only = item(evidence_from=0)
    only.evidence[0].update(end=len(DUBAI_LINE), text=DUBAI_LINE)
    assert "dateline_only_evidence" in failed(only)
    assert "dateline_only_evidence" not in failed(item(evidence_from=0))


def test_a_homonym_abroad_is_a_country_the_article_never_names():
    tennessee = {"country": "United States", "iso": 840, "location": "Lebanon", "admin1": "Tennessee"}
    tennessee.update(latitude=36.20811, longitude=-86.2911, event_type="Protests", actor1="Protesters")
    tennessee.update(actor2="", inter1=6, inter2=0, interaction=60)
    lebanon = {**tennessee, "country": "Lebanon", "iso": 422, "location": "Beirut"}
    lebanon.update(latitude=33.89, longitude=35.49, admin1="Beirut")
    assert "country_not_named" in failed(item(tennessee, LEBANON, 0))
    assert "country_not_named" not in failed(item(lebanon, LEBANON, 0))
    # a nationality adjective names the country too
    american = LEBANON + " وقال مسؤول أمريكي إن واشنطن تتابع الانتخابات."
    assert "country_not_named" not in failed(item(tennessee, american, 0))


def test_checks_are_declared_once_with_unique_names():
    assert len(set(CHECK_NAMES)) == len(CHECKS) >= 11


def test_report_shares_examples_threshold_and_formats():
    items = [item() for _ in range(8)] + [item({"fatalities": 1000}), item({"actor1": "", "inter1": 0})]
    for number, one in enumerate(items):
        one.id = f"a1#{number + 1}"
    report = Audit(max_failing=0.05, examples=1).run(items)
    rows = {row["check"]: row for row in report["checks"]}
    assert report["records"] == 10 and report["fatalities"] == 8 * 3 + 1000 + 3
    assert report["fatalities_by_month"] == {"2018-05": 1027}
    assert rows["fatality_outlier"] == {
        **rows["fatality_outlier"],
        "count": 1,
        "share": 0.1,
        "examples": ["a1#9"],
    }
    assert report["any"]["count"] == 2 and not report["passed"]
    assert set(report["over_threshold"]) == {
        "fatality_outlier",
        "no_actor1",
        "battle_one_sided",
        "invalid_interaction",
    }
    assert Audit(max_failing=0.1).run(items)["passed"]
    table = render(report, "table")
    assert "fatality_outlier" in table and "10.0%" in table and "FAILED" in table
    lines = render(report, "csv").splitlines()
    assert lines[0] == "check,count,share,examples" and "fatality_outlier,1,0.1,a1#9" in lines
    assert json.loads(render(report, "json"))["any"]["count"] == 2


def test_text_checks_are_not_run_without_the_articles():
    bare = item()
    bare.articles, bare.published = [], []
    report = Audit().run([bare])
    rows = {row["check"]: row for row in report["checks"]}
    assert rows["dateline_place"]["count"] is None and rows["no_actor1"]["count"] == 0
    assert "n/a" in render(report, "table")


# ------------------------------------------------------------------------ command line and store


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


ARTICLES = [
    {
        "id": "t-1",
        "published": "2018-05-09",
        "outlet": "Test",
        "title": "مقتل ثلاثة جنود في تدمر",
        "text": TADMOR,
    },
    {"id": "t-2", "published": "2018-05-09", "outlet": "Test", "text": JERUSALEM},
]


def test_cli_over_an_extraction_file_exit_status_and_formats(tmp_path, capsys):
    records = [{**GOOD, "article_id": "t-1", "evidence": []} for _ in range(3)]
    records[2].update(actor1="", inter1=0, interaction=20)
    events = write_jsonl(tmp_path / "events.jsonl", records)
    articles = write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    assert main(["audit", str(events), "--articles", str(articles)]) == 1
    out = capsys.readouterr().out
    assert "no_actor1" in out and "t-1#3" in out and "33.3%" in out
    assert main(["audit", str(events), "--max-failing", "0.5", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 3 and report["passed"]
    assert main(["audit", str(events), "--type", "Protests", "--format", "csv"]) == 0
    assert "any,0,0.0," in capsys.readouterr().out
    assert main(["audit", str(events), "--db", f"sqlite:///{tmp_path}/x.db"]) == 2
    assert main(["audit", str(tmp_path / "missing.jsonl")]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["audit", str(events), "--max-failing", "2"])
    assert usage.value.code == 2


def test_inter_and_interaction_as_acled_text_pass_as_their_codes():
    # rasd's store exports (and ACLED's files since 2024) write inter and interaction as text
    as_text = {"inter1": "State forces", "inter2": "Rebel groups", "interaction": "State forces-Rebel groups"}
    assert failed(item(as_text)) == set()
    assert failed(item({"inter1": " 1", "interaction": "12 "})) == set()  # a CSV's padded numbers
    one_sided = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    alone = {"actor2": "", "inter2": None, "interaction": "State forces only"}
    assert failed(item({**one_sided, **alone})) == set()
    assert failed(item({**as_text, "inter2": "Rebels"})) == {"invalid_inter", "invalid_interaction"}
    assert failed(item({**as_text, "interaction": "Rebel groups-State forces"})) == {"invalid_interaction"}


def test_a_store_export_is_audited_under_its_event_ids(tmp_path, capsys):
    db = f"sqlite:///{tmp_path}/export.db"
    articles = write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    main(["ingest", str(articles), "--db", db, "--quiet"])
    exported = tmp_path / "events.jsonl"
    assert main(["export", "--db", db, "--format", "jsonl", "-o", str(exported)]) == 0
    ids = [json.loads(line)["event_id_cnty"] for line in exported.read_text("utf-8").splitlines()]
    capsys.readouterr()
    assert ids and main(["audit", str(exported), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == len(ids) and report["passed"]
    broken = [json.loads(line) for line in exported.read_text("utf-8").splitlines()]
    broken[0]["inter1"] = "Soldiers"
    write_jsonl(exported, broken)
    assert main(["audit", str(exported), "--max-failing", "0"]) == 1
    assert ids[0] in capsys.readouterr().out  # named by its event id, not "#1"


def test_audit_of_a_store_by_cli_and_api(tmp_path, capsys):
    db = f"sqlite:///{tmp_path}/audit.db"
    assert main(["ingest", str(write_jsonl(tmp_path / "a.jsonl", ARTICLES)), "--db", db, "-q"]) == 0
    assert main(["events", "--db", db, "--format", "jsonl"]) == 0
    stored = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert stored, "the articles give events"
    status = main(["audit", "--db", db, "--format", "json", "--max-failing", "1"])
    report = json.loads(capsys.readouterr().out)
    assert status == 0 and report["records"] == len(stored)
    assert report["fatalities"] == sum(e["fatalities"] for e in stored)
    rows = {row["check"]: row for row in report["checks"]}
    assert all(row["count"] is not None for row in rows.values())  # the store has the texts
    assert rows["dateline_place"]["count"] == 0  # Tadmor and Khan Yunis, not Dubai and Jerusalem
    for row in rows.values():
        assert set(row["examples"]) <= {e["event_id_cnty"] for e in stored}
    with TestClient(create_app(db, web_dir=tmp_path / "none")) as client:
        answer = client.get("/api/audit", params={"max_failing": 1})
        assert answer.status_code == 200, answer.text
        assert answer.json() == report
        assert client.get("/api/audit", params={"country": "Syria"}).json()["records"] == sum(
            e["country"] == "Syria" for e in stored
        )
        assert client.get("/api/audit", params={"max_failing": 3}).status_code == 422


def test_a_curated_place_named_twice_vouches_for_its_country():
    gaza = {"country": "Palestine", "iso": 275, "location": "Gaza City", "admin1": "Gaza Strip"}
    gaza.update(latitude=31.50161, longitude=34.46672, event_type="Explosions/Remote violence")
    gaza.update(sub_event_type="Air/drone strike", actor2="", inter2=0, interaction=10)
    once = "قصفت طائرات حربية موقعا في مدينة غزة فجر اليوم دون أن تسفر الغارة عن إصابات."
    twice = once + " وقال شهود في غزة إن الانفجار سمع في أرجاء المدينة."
    assert "country_not_named" in failed(item(gaza, once, 0))
    assert "country_not_named" not in failed(item(gaza, twice, 0))
