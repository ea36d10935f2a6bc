"""``rasd token create|list|revoke`` and ``rasd serve`` as a real process on a loopback port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_api import populate

from rasd.api import create_app
from rasd.api.cli import is_loopback
from rasd.cli import main as rasd
from rasd.store.db import open_store, session_scope
from rasd.store.models import ApiToken
from rasd.store.tokens import digest


def test_tokens_are_shown_once_and_stored_hashed(db_url, tmp_path, capsys):
    assert rasd(["token", "create", "layla@desk-2", "--db", db_url]) == 0
    out = capsys.readouterr()
    token = out.out.strip()
    assert token.startswith("rasd_") and len(token) > 40 and "shown only this once" in out.err
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            (row,) = session.scalars(select(ApiToken))
            assert (row.name, row.token_hash) == (
                "layla@desk-2",
                digest(token),
            ) and token not in row.token_hash
    finally:
        engine.dispose()
    assert rasd(["token", "create", "layla@desk-2", "--db", db_url]) == 1
    assert "exists already" in capsys.readouterr().err
    assert rasd(["token", "create", "bad name!", "--db", db_url]) == 1
    assert "bad token name" in capsys.readouterr().err
    assert rasd(["token", "list", "--db", db_url]) == 0
    assert capsys.readouterr().out.startswith("layla@desk-2\t")
    with TestClient(create_app(db_url, web_dir=tmp_path)) as api:
        headers = {"Authorization": f"Bearer {token}"}
        assert (
            api.post("/api/events/SYR1/reject", headers=headers).status_code == 404
        )  # let in: no such event
        assert rasd(["token", "revoke", "layla@desk-2", "--db", db_url]) == 0
        assert api.post("/api/events/SYR1/reject", headers=headers).status_code == 401
    assert rasd(["token", "revoke", "layla@desk-2", "--db", db_url]) == 1


def test_loopback_hosts():
    assert all(is_loopback(host) for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "192.168.1.4", "example.org", "::"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback, our own server
        return response.status, response.headers, response.read()


@pytest.mark.parametrize("workers", [1, 2])
def test_rasd_serve_answers_on_loopback(tmp_path, workers):
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    populate(url)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rasd.cli",
            "serve",
            "--db",
            url,
            "--port",
            str(port),
            "--web-dir",
            str(tmp_path / "none"),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "RASD_DB": ""},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, body = _get(f"{base}/api/health")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "rasd serve did not answer within 30 s"
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["status"] == "ok"
        status, headers, body = _get(f"{base}/api/events?country=Syria&limit=1")
        page = json.loads(body)
        assert (status, page["total"], len(page["items"])) == (200, 2, 1)
        assert "server" not in {name.lower() for name in headers}
        status, _, body = _get(f"{base}/")
        assert status == 200 and b"make web" in body
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert f"serving http://127.0.0.1:{port}/" in server.stderr.read().decode()
