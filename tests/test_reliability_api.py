"""The web API's hardening (issue 11): poison input answers 422, never 500; security headers and a
Content-Security-Policy on every answer, refusals and errors included; the Host check; /api/extract's
limits; the OpenAPI schema as strict as the validation. Real SQLite stores, Starlette's test client."""

from __future__ import annotations

import json
import threading
import time

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from test_store_support import db_url  # noqa: F401 - a fixture

from rasd.api import create_app
from rasd.api.app import LOOPBACK_HOSTS, host_name
from rasd.api.cli import allowed_hosts
from rasd.store.db import open_store, session_scope
from rasd.store.tokens import create_token

ARABIC = "قتل خمسة مدنيين أمس في غارة جوية على بلدة سراقب في ريف إدلب."


def make_token(url: str) -> str:
    engine = open_store(url)
    with session_scope(engine) as session:
        token = create_token(session, "analyst", int(time.time()))
    engine.dispose()
    return token


@pytest.fixture
def web_dir(tmp_path):
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>rasd</title>", encoding="utf-8")
    (folder / "assets" / "app.js").write_text("console.log(1)", encoding="utf-8")
    return folder


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'rasd.db'}"


def test_a_lone_surrogate_is_422_not_500(url, web_dir):
    token = make_token(url)
    with TestClient(create_app(url, web_dir=web_dir)) as client:
        body = '{"text": "' + ARABIC + ' \\ud800", "published": "2019-03-05"}'
        response = client.post("/api/extract", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 422, response.text
        assert "surrogate" in response.text
        articles = (
            '{"articles": [{"id": "good", "text": "'
            + ARABIC
            + '"}, {"id": "bad\\ud800", "text": "'
            + ARABIC
            + '"}, {"id": "nul", "text": "'
            + ARABIC
            + '", "title": "\\u0000"}]}'
        )
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        stored = client.post("/api/ingest", content=articles, headers=auth)
        assert stored.status_code == 200, stored.text
        assert stored.json()["read"] == 1
        assert [e["index"] for e in stored.json()["errors"]] == [1, 2]
        only_bad = '{"articles": [{"id": ["a"], "text": "' + ARABIC + '"}]}'
        assert client.post("/api/ingest", content=only_bad, headers=auth).status_code == 422


def test_every_answer_carries_the_security_headers_and_a_csp(url, web_dir):
    app = create_app(url, web_dir=web_dir, max_body=1024, allowed_hosts=LOOPBACK_HOSTS)

    def boom() -> None:
        raise RuntimeError("a defect")

    app.router.routes.insert(0, APIRoute("/api/boom", boom))
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as client:
        answers = {
            "dashboard": client.get("/"),
            "api": client.get("/api/health"),
            "413": client.post(
                "/api/extract", content=b"x" * 2048, headers={"Content-Type": "application/json"}
            ),
            "500": client.get("/api/boom"),
            "400 host": client.get("/api/health", headers={"Host": "attacker.example"}),
            "404": client.get("/api/events/NOPE1"),
        }
        docs = client.get("/docs")
    assert [answers[name].status_code for name in answers] == [200, 200, 413, 500, 400, 404]
    assert "a defect" not in answers["500"].text
    for name, response in answers.items():
        assert response.headers.get("x-content-type-options") == "nosniff", name
        assert response.headers.get("x-frame-options") == "DENY", name
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, name
    assert docs.status_code == 200 and "'unsafe-inline'" in docs.headers["content-security-policy"]
    assert "https:" not in docs.headers["content-security-policy"]  # no CDN: /docs is served from here


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("attacker.example", 400),
        ("attacker.example:8000", 400),
        ("127.0.0.1.attacker.example", 400),
        ("127.0.0.1:8000", 200),
        ("localhost", 200),
        ("[::1]:8000", 200),
    ],
)
def test_the_host_check_refuses_other_names(url, web_dir, host, status):
    app = create_app(url, web_dir=web_dir, allowed_hosts=allowed_hosts("127.0.0.1", []))
    with TestClient(app) as client:
        assert client.get("/api/health", headers={"Host": host}).status_code == status


def test_serve_allows_loopback_names_by_default_and_what_it_is_told():
    assert allowed_hosts("127.0.0.1", []) == ["127.0.0.1", "localhost", "::1", "127.0.0.1"]
    assert allowed_hosts("0.0.0.0", []) == list(LOOPBACK_HOSTS)
    assert allowed_hosts("0.0.0.0", ["rasd.example.org"]) == ["rasd.example.org"]
    assert host_name("[::1]:8000") == "::1" and host_name("Example.ORG:80") == "example.org"


@pytest.mark.parametrize("path", ["/assets/..%00/x", "/assets/%00", "/%00.js", "/..%2f..%2fetc%2fpasswd"])
def test_odd_paths_are_not_found_not_errors(url, web_dir, path):
    with TestClient(create_app(url, web_dir=web_dir), raise_server_exceptions=False) as client:
        response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    assert "root:" not in response.text


def test_extract_is_limited_in_concurrency_and_can_need_a_token(url, web_dir):
    token = make_token(url)
    body = {"text": ARABIC, "published": "2019-03-05"}
    app = create_app(url, web_dir=web_dir, extract_concurrency=1, extract_token_required=True)
    with TestClient(app) as client:
        assert client.post("/api/extract", json=body).status_code == 401
        auth = {"Authorization": f"Bearer {token}"}
        assert client.post("/api/extract", json=body, headers=auth).status_code == 200
        slots = app.state.settings.extract_slots
        assert slots.acquire(blocking=False)  # another request is extracting
        try:
            busy = client.post("/api/extract", json=body, headers=auth)
        finally:
            slots.release()
        assert busy.status_code == 429 and busy.headers["retry-after"] == "1"
        assert client.post("/api/extract", json=body, headers=auth).status_code == 200


def test_concurrent_extractions_beyond_the_limit_are_refused_not_queued(url, web_dir):
    app = create_app(url, web_dir=web_dir, extract_concurrency=2)
    body = {"text": " ".join([ARABIC] * 300), "published": "2019-03-05"}
    codes: list[int] = []
    with TestClient(app) as client:

        def call() -> None:
            codes.append(client.post("/api/extract", json=body).status_code)

        threads = [threading.Thread(target=call) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    assert len(codes) == 6 and set(codes) <= {200, 429} and 200 in codes


def test_the_schema_refuses_what_the_handler_refuses(url, web_dir):
    with TestClient(create_app(url, web_dir=web_dir)) as client:
        schema = client.get("/openapi.json").json()
        for bad in ("0000-00-00", "2019-13-01", "2019-02-30", "2019-1-1"):
            assert client.get("/api/events", params={"since": bad}).status_code == 422, bad
        assert client.get("/api/events", params={"since": "2019-02-28"}).status_code == 200
    import re

    params = {p["name"]: p for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    outer = params["since"]["schema"]
    since = next((s for s in outer.get("anyOf", [outer]) if s.get("type") == "string"), outer)
    assert "date" in (since.get("format"), outer.get("format"))
    pattern = since.get("pattern") or outer["pattern"]  # beside anyOf, it applies to the string
    assert not re.match(pattern, "0000-00-00") and not re.match(pattern, "2019-13-01")
    assert re.match(pattern, "2019-02-28")
    assert json.dumps(schema)  # the schema itself is plain JSON
