"""Calibrated confidence: the shipped model, its features, the fit script's pieces, and the
``--min-confidence`` filters of ``rasd extract``, ``rasd export`` and the API (real SQLite, the
project's own Arabic sentences)."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import rasd
from rasd.api import create_app
from rasd.assemble.confidence import collecting, estimate, load_model
from rasd.cli import main

REPO = Path(__file__).resolve().parents[1]
TEXT = (
    "قتل خمسة مدنيين وأصيب آخرون أمس الثلاثاء في غارة جوية على بلدة سراقب في ريف إدلب، بحسب المرصد.\n"
    "وفي سياق آخر، خرج مئات المتظاهرين اليوم في مدينة البصرة احتجاجا على انقطاع الكهرباء."
)


def _fit_script():
    spec = importlib.util.spec_from_file_location("fit_confidence", REPO / "scripts" / "fit_confidence.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_uses_features_extraction_computes():
    model = load_model()
    with collecting() as sink:
        events = rasd.extract(TEXT, published="2019-03-06", article_id="c1")
    assert events and len(sink) == len(events)
    names = set(next(iter(sink.values())))
    assert set(model["coefficients"]) <= names
    assert set(model["coefficients"]) == set(model["center"]) == set(model["scale"])
    assert model["records"] > 0 and 0.5 <= model["cv_auc"] <= 1 and len(model["reliability"]) == 5
    for event in events:
        assert 0 < event.confidence < 1
        assert event.confidence == round(estimate(sink[id(event)]), 3)


def test_reading_the_features_changes_no_record():
    plain = [e.to_dict() for e in rasd.extract(TEXT, published="2019-03-06", article_id="c1")]
    with collecting():
        watched = [e.to_dict() for e in rasd.extract(TEXT, published="2019-03-06", article_id="c1")]
    assert plain == watched


def test_a_place_named_beside_its_trigger_is_near_and_one_read_from_before_is_not():
    near = "قتل ثلاثة مدنيين أمس في قصف على بلدة سراقب."
    far = "وصل الوفد أمس إلى بلدة سراقب بعد رحلة طويلة.\nوقتل ثلاثة مدنيين في قصف مساء أمس."
    flags = []
    for text in (near, far):
        with collecting() as sink:
            events = rasd.extract(text, published="2019-03-06", article_id="n1")
        assert len(events) == 1
        flags.append(sink[id(events[0])]["place_near_trigger"])
    assert flags == [1.0, 0.0]


def test_estimate_follows_the_sign_of_each_weight():
    model = {"intercept": 0.0, "coefficients": {"a": 2.0, "b": -1.0}, "center": {"a": 0, "b": 0}}
    model["scale"] = {"a": 1.0, "b": 2.0}
    assert estimate({}, model) == 0.5
    assert estimate({"a": 1.0}, model) > 0.5 > estimate({"b": 1.0}, model)
    assert estimate({"a": 1.0, "b": 4.0}, model) == pytest.approx(0.5)
    assert 0 < estimate({"a": -1e6}, model) < estimate({"a": 1e6}, model) < 1


def test_fit_auc_and_reliability_on_data_made_for_them():
    fit = _fit_script()
    x = [[float(i % 10), float(i % 3)] for i in range(200)]
    y = [int(row[0] >= 5) for row in x]  # the first feature decides, the second is noise
    model = fit.fit(x, y, l2=1.0)
    assert model["weights"][0] > 1.0 and abs(model["weights"][1]) < 0.5
    assert fit.fit(x, y, l2=1.0) == model  # the same data, the same coefficients
    scores = [fit.predict(model, row) for row in x]
    assert fit.auc(scores, y) == 1.0 and fit.auc([0.5] * 200, y) == 0.5
    assert fit.auc([1 - s for s in scores], y) == 0.0
    held_out = fit.cross_validate(x, y, [f"a{i // 4}" for i in range(200)], 1.0)
    assert fit.auc(held_out, y) > 0.95
    table = fit.reliability(held_out, y)
    assert [row["records"] for row in table] == [40] * 5
    assert table[0]["share_right"] == 0 and table[-1]["share_right"] == 1
    assert "| 5 | 40 |" in fit.markdown_table(table)


def test_labels_are_the_scorers_matches(shared_dir):
    fit = _fit_script()
    rows = fit.labelled_records(shared_dir, ["dev"])
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasd.cli",
            "extract",
            str(shared_dir / "data" / "dev" / "articles.jsonl"),
            "-q",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    summary = _score(shared_dir, out)
    assert len(rows) == summary["predicted_events"] and sum(r[2] for r in rows) == summary["matched"]


def _score(shared_dir: Path, predictions: str) -> dict:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        handle.write(predictions)
    gold = shared_dir / "gold" / "dev.jsonl"
    score = shared_dir / "tools" / "score.py"
    result = subprocess.run(
        [sys.executable, str(score), str(gold), handle.name, "--json"], capture_output=True, text=True
    )
    Path(handle.name).unlink()
    return json.loads(result.stdout)


# ------------------------------------------------------------------------ --min-confidence


def test_extract_min_confidence(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["extract", str(article), "--published", "2019-03-06", "-q"]) == 0
    every = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(every) >= 2
    middle = sorted(e["confidence"] for e in every)[len(every) // 2]
    assert (
        main(["extract", str(article), "--published", "2019-03-06", "-q", "--min-confidence", str(middle)])
        == 0
    )
    kept = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert kept == [e for e in every if e["confidence"] >= middle]
    assert main(["extract", str(article), "-q", "--min-confidence", "1"]) == 0
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit):
        main(["extract", str(article), "--min-confidence", "1.5"])


def test_store_export_and_api_min_confidence(tmp_path, capsys):
    articles = tmp_path / "a.jsonl"
    record = {"id": "c1", "published": "2019-03-06", "outlet": "Test", "text": TEXT}
    articles.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path}/c.db"
    assert main(["ingest", str(articles), "--db", db, "-q"]) == 0
    assert main(["events", "--db", db, "--format", "jsonl"]) == 0
    stored = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    threshold = max(e["rasd_confidence"] for e in stored)  # ACLED columns, then rasd_*
    expected = sorted(e["event_id_cnty"] for e in stored if e["rasd_confidence"] >= threshold)
    out = tmp_path / "e.jsonl"
    assert (
        main(["export", "--db", db, "--format", "jsonl", "-o", str(out), "--min-confidence", str(threshold)])
        == 0
    )
    exported = [json.loads(line)["event_id_cnty"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert expected and sorted(exported) == expected
    with TestClient(create_app(db, web_dir=tmp_path / "none")) as client:
        page = client.get("/api/events", params={"min_confidence": threshold}).json()
        assert sorted(item["event_id_cnty"] for item in page["items"]) == expected
        assert client.get("/api/events", params={"min_confidence": 0}).json()["total"] == len(stored)
        assert client.get("/api/events", params={"min_confidence": 2}).status_code == 422


# ------------------------------------------------------------------------ the fit's report


def test_the_report_averages_fold_seeds_and_knows_chance_gaps():
    fit = _fit_script()
    x = [[float(i % 10), float(i % 3)] for i in range(200)]
    y = [int((i * 7919) % 10 < row[0]) for i, row in enumerate(x)]  # right with chance ~ feature / 10
    groups = [f"dev/a{i // 4}" for i in range(200)]
    runs = [fit.cross_validate(x, y, groups, 1.0, fit.SEED + k) for k in range(3)]
    assert runs[0] != runs[1]  # another seed, other folds
    summary = fit.summarize(runs, y, list(range(100)))
    assert summary["records"] == 100 and summary["seeds"] == 3
    assert summary["auc_worst"] <= summary["auc_mean"] and summary["gap_mean"] <= summary["gap_worst"]
    assert len(summary["reliability"]) == 5
    assert summary["averaged_gap"] == fit.largest_gap(summary["reliability"])
    # labels drawn from calibrated scores: the gaps are chance alone, and shrink with more records
    few = fit.calibrated_reference([0.5] * 50, trials=300)
    many = fit.calibrated_reference([0.5] * 2000, trials=300)
    assert many["calibrated_gap_mean"] < few["calibrated_gap_mean"]
    assert few["calibrated_share_meeting_gap"] < many["calibrated_share_meeting_gap"] == 1.0
    # a gap no larger than chance gives is consistent with calibration; one far larger is not
    assert fit.calibrated_reference([0.5] * 200, observed=0.05, trials=300)["calibrated_share_larger"] > 0.9
    assert fit.calibrated_reference([0.5] * 200, observed=0.3, trials=300)["calibrated_share_larger"] < 0.01


def test_the_readme_block_between_the_markers_is_the_script_output():
    fit = _fit_script()
    readme = f"intro\n{fit.BEGIN}\nold table\n{fit.END}\nafter\n"
    assert fit.replace_block(readme, "new table") == f"intro\n{fit.BEGIN}\nnew table\n{fit.END}\nafter\n"
    assert fit.replace_block("no markers\n", "new table") == "no markers\n"
    shipped = (REPO / "README.md").read_text(encoding="utf-8")
    block = shipped[shipped.index(fit.BEGIN) + len(fit.BEGIN) : shipped.index(fit.END)].strip()
    assert block == fit.report_markdown(load_model())  # the README shows the shipped fit's own figures


def test_explain_shows_each_records_confidence_and_why():
    from rasd.assemble.confidence import contributions
    from rasd.explanation import explain, explain_text

    explanation = explain(TEXT, published="2019-03-06", article_id="c1")
    records, about = explanation["records"], explanation["confidence"]
    assert len(records) >= 2 and len(about) == len(records)
    model = load_model()
    with collecting() as sink:
        events = rasd.extract(TEXT, published="2019-03-06", article_id="c1")
    for record, event, shown in zip(records, events, about, strict=True):
        assert shown["confidence"] == record["confidence"] == event.confidence
        pushes = contributions(sink[id(event)])
        # the pushes are the whole model: with the intercept they give the record's log-odds
        slope, shift = model["calibration"]["slope"], model["calibration"]["shift"]
        log_odds = slope * model["intercept"] + shift + sum(w for _, w in pushes)
        assert 1 / (1 + math.exp(-log_odds)) == pytest.approx(event.confidence, abs=1e-3)
        assert [f["feature"] for f in shown["factors"]] == [n for n, _ in pushes[:4]]
    text = explain_text(explanation)
    assert f"confidence {records[0]['confidence']:.2f} ({about[0]['factors'][0]['feature']}" in text


def test_the_platt_step_stretches_shrunk_scores_and_its_prior_holds_it_back():
    fit = _fit_script()
    logits = [(i - 100) / 25 for i in range(201)]  # -4 … 4
    labels = [int((i * 7919) % 1000 < 1000 / (1 + math.exp(-2 * z))) for i, z in enumerate(logits)]
    slope, shift = fit.platt(logits, labels, prior=1.0)
    assert slope > 1.5 and abs(shift) < 0.5  # the labels follow twice the given log-odds
    held, _ = fit.platt(logits, labels, prior=1e6)
    assert 1.0 <= held < 1.01  # with a prior this strong, no change
    assert fit.platt(logits, labels, prior=1.0) == (slope, shift)  # deterministic


def test_the_api_explain_answer_carries_the_confidence_and_why(tmp_path):
    from rasd.explanation import explain

    expected = explain(TEXT, published="2019-03-06", article_id="c1")["confidence"]
    with TestClient(create_app(f"sqlite:///{tmp_path}/x.db", web_dir=tmp_path / "none")) as client:
        answer = client.post("/api/explain", json={"id": "c1", "text": TEXT, "published": "2019-03-06"})
    assert answer.status_code == 200
    shown = answer.json()["confidence"]
    assert shown == expected and len(shown) == len(answer.json()["records"]) >= 2
    assert [r["confidence"] for r in shown] == [r["confidence"] for r in answer.json()["records"]]


def test_the_fit_is_the_penalized_optimum():
    fit = _fit_script()
    x = [[float(i % 7), float((i * 3) % 5), float(i % 2)] for i in range(120)]
    y = [int((i * 7919) % 10 < 2 + row[0]) for i, row in enumerate(x)]
    model = fit.fit(x, y, l2=4.0)
    # at the optimum the gradient vanishes: each standardized feature's residual sum equals l2 * weight
    z = [[(v - c) / s for v, c, s in zip(row, model["center"], model["scale"], strict=True)] for row in x]
    resid = [label - fit.predict(model, row) for row, label in zip(x, y, strict=True)]
    assert abs(sum(resid)) < 1e-6  # the intercept is not penalized
    for j, weight in enumerate(model["weights"]):
        assert sum(r * row[j] for r, row in zip(resid, z, strict=True)) == pytest.approx(
            4.0 * weight, abs=1e-6
        )
    assert model["weights"][0] > 0.5  # the feature the labels follow


def test_bootstrap_ranges_widen_with_fewer_articles_and_say_how_often_targets_hold():
    fit = _fit_script()
    scores = [(i % 10) / 10 + 0.05 for i in range(400)]
    y = [int((i * 7919) % 100 < 100 * s) for i, s in enumerate(scores)]  # calibrated by construction
    groups = [f"dev/a{i // 2}" for i in range(400)]
    wide = fit.bootstrap_ranges([scores], y, list(range(80)), groups, draws=200)
    narrow = fit.bootstrap_ranges([scores], y, list(range(400)), groups, draws=200)
    assert wide["auc_range"][0] <= narrow["auc_range"][0] <= narrow["auc_range"][1] <= wide["auc_range"][1]
    assert narrow["gap_range"][1] < wide["gap_range"][1]
    assert narrow["draws_meeting_auc"] >= 0.9 and 0 <= wide["draws_meeting_gap"] <= 1
    assert fit.bootstrap_ranges([scores], y, list(range(80)), groups, draws=200) == wide  # fixed seed


def test_gsr_records_label_the_assault_records_of_labelled_sentences(tmp_path):
    fit = _fit_script()
    path = tmp_path / "assault_dev.csv"
    path.write_text(
        "id,text,label,event_type\n"
        "S_20180301.0001-1,قتل خمسة مدنيين أمس في غارة جوية على بلدة سراقب في ريف إدلب.,yes,ASSAULT\n"
        "S_20180301.0002-1,قتل ثلاثة جنود في هجوم على حاجز قرب مدينة العريش.,difficult no,ASSAULT\n"
        "S_20180301.0003-1,قتل رجلان في تفجير سيارة مفخخة في مدينة الرمادي.,ambiguous,ASSAULT\n"
        "S_20180301.0004-1,افتتح الوزير معرضا للكتاب في العاصمة.,easy no,ASSAULT\n",
        encoding="utf-8",
    )
    rows = fit.gsr_records(path)
    assert [label for _, label in rows] == [1, 0]  # the ambiguous one left out; the book fair is no event
    assert all(set(fit.MODEL_FEATURES) <= set(values) for values, _ in rows)


def test_gsr_check_scores_the_gsr_only_when_it_was_not_fitted_on(shared_dir):
    fit = _fit_script()
    shipped = load_model()
    assert fit.gsr_check(fit.Extra([], [], 0.5), shipped) == {}
    if not (shared_dir / fit.GSR_FILE).is_file():
        pytest.skip(f"no {fit.GSR_FILE} in the shared data")
    rows = fit.gsr_records(shared_dir / fit.GSR_FILE)
    names = list(shipped["coefficients"])
    x, y = [[values[n] for n in names] for values, _ in rows], [label for _, label in rows]
    model = {key: [shipped[key][n] for n in names] for key in ("center", "scale")}
    model |= {"weights": [shipped["coefficients"][n] for n in names], "intercept": shipped["intercept"]}
    held_back = fit.gsr_check(fit.Extra(x, y, 0.0), model)
    assert held_back["records"] > 100 and 0 < held_back["right"] < held_back["records"]
    assert held_back["auc"] > 0.6  # ranked better than chance
    fitted_on = fit.gsr_check(fit.Extra(x, y, 0.5), model)
    assert fitted_on == {"records": len(y), "right": sum(y), "weight": 0.5}  # no AUC of its own training


def test_a_records_weight_counts_like_copies_of_it_and_extra_records_are_never_scored():
    fit = _fit_script()
    x = [[float(i % 7), float((i * 3) % 5)] for i in range(60)]
    y = [int((i * 7919) % 10 < 2 + row[0]) for i, row in enumerate(x)]
    doubled = fit.fit(x + x[:20], y + y[:20], l2=2.0, basis=60)  # standardized as the weighted fit is
    weighted = fit.fit(x, y, l2=2.0, weights=[2.0] * 20 + [1.0] * 40)
    assert weighted["weights"] == pytest.approx(doubled["weights"], abs=1e-6)
    assert weighted["intercept"] == pytest.approx(doubled["intercept"], abs=1e-6)
    extra = fit.Extra(
        [[6.0, 0.0]] * 30, [0] * 30, 1.0
    )  # records the gold never shows: pull the first weight down
    groups = [f"dev/a{i // 3}" for i in range(60)]
    assert len(fit.cross_validate(x, y, groups, 2.0, fit.SEED, extra=extra)) == len(y)
    assert fit.train(x, y, 2.0, extra)["weights"][0] < fit.train(x, y, 2.0)["weights"][0]
    assert fit.train(x, y, 2.0, fit.Extra(extra.x, extra.y, 0.0)) == fit.fit(x, y, 2.0)
    assert fit.train(x, y, 2.0, extra)["center"] == fit.fit(x, y, 2.0)["center"]  # the gold's average
