"""End to end on the shared seed articles: every gold event is found (CODEBOOK §9), every span is exact.

Needs ``../shared`` (seed articles, gold events and the scorer); skipped when it is absent. The matching
logic is the scorer's own (``../shared/tools/score.py``), imported from that path, not copied.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import rasd


def _load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared development data not available: {path} does not exist")
    return path


@pytest.fixture(scope="module")
def score(shared_dir):
    """The scorer module, loaded from ../shared/tools/score.py."""
    path = _require(shared_dir / "tools" / "score.py")
    spec = importlib.util.spec_from_file_location("rasd_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def articles(shared_dir) -> dict[str, dict]:
    records = _load_jsonl(_require(shared_dir / "seeds" / "articles.jsonl"))
    assert records, "the seed file holds articles"
    return {str(r["id"]): r for r in records}


@pytest.fixture(scope="module")
def gold(shared_dir) -> list[dict]:
    events = [e for e in _load_jsonl(_require(shared_dir / "gold" / "seeds.jsonl")) if e.get("event_type")]
    assert events, "the gold file holds events"
    return events


@pytest.fixture(scope="module")
def predicted(articles) -> dict[str, list[dict]]:
    """Article id → predicted event records, extracted from the seed articles."""
    out: dict[str, list[dict]] = {}
    for article_id, article in articles.items():
        events = rasd.extract(
            article["text"],
            published=article.get("published"),
            title=article.get("title"),
            outlet=article.get("outlet"),
            article_id=article_id,
        )
        out[article_id] = [event.to_dict() for event in events]
    return out


def _describe(event: dict) -> str:
    return (
        f"{event.get('article_id')} {event.get('event_date')} {event.get('event_type')} "
        f"{event.get('location')} (gp{event.get('geo_precision')})"
    )


def test_gold_articles_are_in_the_seed_file(gold, articles):
    assert {str(g["article_id"]) for g in gold} <= set(articles)


def test_every_gold_event_has_a_prediction_within_a_day_and_25_km(score, gold, predicted):
    missed = []
    for g in gold:
        candidates = predicted.get(str(g["article_id"]), [])
        found = [
            p
            for p in candidates
            if score.compatible(g, p) is not None
            and (distance := score.km(g, p)) is not None
            and distance <= score.MATCH_KM
        ]
        if not found:
            missed.append(_describe(g))
    assert missed == [], (
        "gold events with no predicted event of the same type, ±1 day, ≤25 km:\n" + "\n".join(missed)
    )


def test_one_to_one_matching_finds_every_gold_event(score, gold, predicted):
    """The scorer's own one-to-one assignment leaves no gold event unmatched."""
    by_article: dict[str, list[dict]] = {}
    for g in gold:
        by_article.setdefault(str(g["article_id"]), []).append(g)
    missed = []
    for article_id, gold_events in by_article.items():
        _, not_found, _ = score.match_article(gold_events, predicted.get(article_id, []))
        missed += [_describe(g) for g in not_found]
    assert missed == []


def test_evidence_offsets_are_exact(articles, predicted):
    total = 0
    for article_id, events in predicted.items():
        article = articles[article_id]
        for event in events:
            assert event["evidence"], _describe(event)
            for span in event["evidence"]:
                source = article.get("title") if span.get("field") == "title" else article["text"]
                assert source is not None, span
                assert source[span["start"] : span["end"]] == span["text"], (article_id, span)
                total += 1
    assert total > 0


def test_predicted_records_have_codebook_fields(predicted):
    required = (
        "article_id",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "assoc_actor_1",
        "assoc_actor_2",
        "inter1",
        "inter2",
        "interaction",
        "civilian_targeting",
        "country",
        "iso",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "source",
        "notes",
        "evidence",
    )
    events = [e for events in predicted.values() for e in events]
    assert events
    for event in events:
        assert [name for name in required if name not in event] == []
