"""The web API's answer to an analyst's typo (real SQLite, the store of ``test_api.populate``): a value
outside ACLED's closed vocabularies is a 422 naming the closest value, as ``rasd events`` says it, not an
empty list that reads as "no such events"."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from test_api import populate

from rasd.api import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mistakes")
    url = f"sqlite:///{folder / 'rasd.db'}"
    populate(url)
    with TestClient(create_app(url, web_dir=folder / "no-dashboard")) as api:
        yield api


@pytest.mark.parametrize("path", ["/api/events", "/api/stats", "/api/export?format=jsonl"])
@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("country=Syira", "country", "unknown country 'Syira' — did you mean Syria?"),
        ("event_type=Battle", "event_type", "unknown type 'Battle' — did you mean Battles?"),
        ("sub_event_type=Armed%20clashes", "sub_event_type", "did you mean Armed clash?"),
        ("country=Syria,Irak", "country", "unknown country 'Irak' — did you mean Iraq?"),
        ("region=Middle%20Eats", "region", "did you mean Middle East?"),
    ],
)
def test_a_typo_in_a_closed_vocabulary_is_a_422_with_a_suggestion(client, path, query, parameter, message):
    joiner = "&" if "?" in path else "?"
    answer = client.get(f"{path}{joiner}{query}")
    assert answer.status_code == 422
    (problem,) = answer.json()["detail"]
    assert problem["loc"] == ["query", parameter]
    assert message in problem["msg"]


@pytest.mark.parametrize(
    "query",
    ["country=syria", "country=SYR,irq", "event_type=battles", "region=Middle%20East", "country=Yemen"],
)
def test_known_values_any_case_and_iso3_still_answer(client, query):
    answer = client.get(f"/api/events?{query}")
    assert answer.status_code == 200
    assert answer.json()["total"] >= 0
    if query != "country=Yemen":  # the test store holds events in Syria and Iraq, none in Yemen
        assert answer.json()["total"] > 0


TEXT = "قتل ثلاثة مدنيين في غارة جوية على بلدة في ريف إدلب صباح اليوم."


@pytest.mark.parametrize("path", ["/api/extract", "/api/explain"])
@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text": TEXT, "published": "yesterday"}, "published", "`published` is not an ISO 8601 date"),
        ({"text": TEXT, "published": "2018-02-30"}, "published", "'2018-02-30'"),
        ({"text": TEXT, "published": "9999-12-31"}, "published", "`published` is in the future"),
        ({"text": TEXT, "published": "1066-10-14"}, "published", "`published` is before 1900"),
        ({"text": "Three civilians were killed."}, "text", "no Arabic text"),
        ({"text": "   "}, "text", "`text` is empty"),
    ],
)
def test_a_bad_field_of_a_body_is_named_in_the_422(client, path, body, field, message):
    answer = client.post(path, json=body)
    assert answer.status_code == 422
    (problem,) = answer.json()["detail"]
    assert problem["loc"] == ["body", field]  # was ["body", "text"] for a bad `published`
    assert message in problem["msg"]


@pytest.mark.parametrize("code", ["99", "71", "0"])
def test_an_interaction_code_acled_does_not_have_is_a_422(client, code):
    answer = client.get(f"/api/events?interaction={code}")
    assert answer.status_code == 422
    (problem,) = answer.json()["detail"]
    assert problem["loc"] == ["query", "interaction"]
    assert f"{code} is not an ACLED interaction code" in problem["msg"]
    assert client.get("/api/events?interaction=12").status_code == 200


def test_an_id_given_twice_in_one_ingest_request_is_noted(tmp_path):
    from rasd.store.db import open_store, session_scope
    from rasd.store.tokens import create_token

    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    engine = open_store(url)
    with session_scope(engine) as session:
        token = create_token(session, "analyst", 1000)
    engine.dispose()
    first = {"id": "twice", "text": TEXT, "published": "2018-07-03"}
    second = {**first, "text": TEXT.replace("ثلاثة", "أربعة")}
    with TestClient(create_app(url, web_dir=tmp_path / "no-dashboard")) as api:
        answer = api.post(
            "/api/ingest",
            json={"articles": [first, {**first, "id": "other"}, second]},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["errors"] == []
    assert body["notes"] == [
        "articles[2]: id 'twice' was already given on articles[0]; another text: it replaces the earlier"
    ]


def test_an_ingest_request_names_the_article_whose_published_is_out_of_range(tmp_path):
    """As `rasd ingest` names the line: the one rule of io.published_problem, through the API."""
    from rasd.store.db import open_store, session_scope
    from rasd.store.tokens import create_token

    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    engine = open_store(url)
    with session_scope(engine) as session:
        token = create_token(session, "analyst", 1000)
    engine.dispose()
    articles = [
        {"id": "ok", "text": TEXT, "published": "2018-07-03"},
        {"id": "far", "text": TEXT, "published": "9999-12-31T00:00:00Z"},
    ]
    with TestClient(create_app(url, web_dir=tmp_path / "no-dashboard")) as api:
        auth = {"Authorization": f"Bearer {token}"}
        answer = api.post("/api/ingest", json={"articles": articles}, headers=auth)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["read"] == 1
    (error,) = body["errors"]
    assert error["index"] == 1 and "`published` is in the future" in json.dumps(error, ensure_ascii=False)


@pytest.mark.parametrize(
    ("path", "parameter", "hint"),
    [
        ("/api/events?page=2", "page", ""),  # answered page 1, as if there were no second
        ("/api/events?countri=Syria", "countri", "did you mean 'country'?"),  # answered every country
        ("/api/events?limit=5&Sort=-date", "Sort", "did you mean 'sort'?"),
        ("/api/stats?limit=5", "limit", ""),
        ("/api/export?format=jsonl&since_date=2018-05-01", "since_date", "did you mean 'since'?"),
        ("/api/events/SYR1?fields=notes", "fields", ""),
    ],
)
def test_a_parameter_the_endpoint_does_not_take_is_a_422_not_ignored(client, path, parameter, hint):
    answer = client.get(path)
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["detail"]
    assert problem["loc"] == ["query", parameter]
    assert problem["msg"].startswith(f"unknown parameter {parameter!r}")
    assert hint in problem["msg"]
    assert "this endpoint takes:" in problem["msg"]


def test_every_parameter_an_endpoint_declares_is_still_taken(client):
    """What the dashboard and scripts send: filters, paging, sorting, grouping, export options."""
    for path in (
        "/api/events?country=Syria&limit=5&offset=0&sort=-date&include_rejected=false",
        "/api/stats?country=Syria&by=month",
        "/api/export?format=acled-csv&inter_numeric=true&since=2018-01-01",
        "/api/geo/places?bbox=35,32,43,38&limit=3",
    ):
        assert client.get(path).status_code == 200, path
