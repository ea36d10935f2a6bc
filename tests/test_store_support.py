"""What the store tests share: a real PostgreSQL server for the run, a ``db_url`` fixture that runs a test
on SQLite and on PostgreSQL, and builders for articles and event records.

PostgreSQL: when its server binaries are installed (Debian's ``postgresql`` package puts them in
``/usr/lib/postgresql/*/bin``), one throwaway cluster is created in a temporary folder, started on a free
loopback port, and stopped (and deleted) when the test process ends; each test gets a fresh database in
it. ``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` user the Debian
package creates and the server programs run through ``runuser``. Without binaries, the PostgreSQL half of
every test is skipped, with the reason.

``conftest.py`` makes ``db_url`` a fixture of every test module; the builders are imported from here.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from rasd.io import Article

PG_USER = "postgres"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class PostgresCluster:
    """A private PostgreSQL server for this test process: started once, on first use."""

    def __init__(self) -> None:
        self.url: str | None = None
        self.skip_reason = ""
        self.error = ""  # binaries are there but the server would not start: a failure, not a skip
        self._dir: str | None = None
        self._bin: Path | None = None
        self._as: list[str] = []
        self._names = itertools.count(1)

    def start(self) -> None:
        self._bin = _server_bin()
        if self._bin is None:
            self.skip_reason = "PostgreSQL server binaries not installed (Debian package: postgresql)"
            return
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam(PG_USER)
            except KeyError:
                self.skip_reason = f"running as root and no {PG_USER!r} user to own a cluster"
                return
            self._as = ["runuser", "-u", PG_USER, "--"]
        # /tmp, not $TMPDIR: the postgres user must be able to reach the folder
        self._dir = tempfile.mkdtemp(prefix="rasd-test-pg-", dir="/tmp" if self._as else None)
        atexit.register(self.stop)
        if self._as:
            os.chown(self._dir, owner.pw_uid, owner.pw_gid)
        data, port = os.path.join(self._dir, "data"), _free_port()
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {self._dir} -c fsync=off"
        log = os.path.join(self._dir, "server.log")
        try:
            self._run("initdb", "-D", data, "-A", "trust", "-U", PG_USER, "-E", "UTF8", "--no-locale")
            self._run("pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start")
        except subprocess.CalledProcessError as error:
            self.error = f"PostgreSQL did not start: {error.cmd}: {error.stderr.decode(errors='replace')}"
            return
        self.url = f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as, str(self._bin / program), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        if self._dir is None:
            return
        with contextlib.suppress(subprocess.SubprocessError):
            self._run("pg_ctl", "-D", os.path.join(self._dir, "data"), "-m", "immediate", "stop")
        shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None

    def new_database(self) -> str:
        """A fresh, empty database in the cluster; its URL."""
        import psycopg

        name = f"rasd_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_CLUSTER: PostgresCluster | None = None


def postgres_cluster() -> PostgresCluster:
    """The process's cluster, started on first call (skip reason set when it cannot be)."""
    global _CLUSTER
    if _CLUSTER is None:
        _CLUSTER = PostgresCluster()
        _CLUSTER.start()
    return _CLUSTER


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An empty store: a SQLite file in the test's folder, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasd.db'}"
        return
    cluster = postgres_cluster()
    if cluster.error:
        pytest.fail(cluster.error)
    if cluster.url is None:
        pytest.skip(cluster.skip_reason)
    url = cluster.new_database()
    yield url
    from sqlalchemy.orm import close_all_sessions

    close_all_sessions()
    cluster.drop_database(url)


# ------------------------------------------------------------------------ builders


def article(article_id: str, text: str = "نص تجريبي عن حدث", **fields: Any) -> Article:
    """An article record as ``rasd.io`` would produce it."""
    return Article(article_id, text, **fields)


def record(
    date: str | None = "2018-03-10",
    event_type: str = "Battles",
    actor1: str = "Military Forces of Syria (2000-2024)",
    actor2: str = "Opposition Rebels (Syria)",
    location: str = "Harasta",
    lat: float | None = 33.558,
    lon: float | None = 36.365,
    fatalities: int = 0,
    source: str = "Test Outlet",
    evidence: str = "اشتباكات في حرستا",
    **extra: Any,
) -> dict[str, Any]:
    """An event record (``Event.to_dict()`` form) with plausible defaults: a clash in Harasta, Syria."""
    inter = {"Military": 1, "Opposition": 2, "Civilians": 7, "Islamic": 2, "QSD:": 2}
    inter1 = inter.get(actor1.split(" ")[0], 2) if actor1 else 0
    inter2 = inter.get(actor2.split(" ")[0], 2) if actor2 else 0
    out = {
        "article_id": "",
        "event_date": date,
        "time_precision": 1,
        "event_type": event_type,
        "sub_event_type": "Armed clash" if event_type == "Battles" else "Air/drone strike",
        "actor1": actor1,
        "actor2": actor2,
        "assoc_actor_1": "",
        "assoc_actor_2": "",
        "inter1": inter1,
        "inter2": inter2,
        "interaction": 10 * min(inter1, inter2) + max(inter1, inter2) if inter2 else 10 * inter1,
        "civilian_targeting": "",
        "country": "Syria",
        "iso": 760,
        "region": "Middle East",
        "admin1": "Rural Damascus",
        "admin2": "Duma",
        "location": location,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": 1,
        "fatalities": fatalities,
        "source": source,
        "notes": f"On {date}, an event happened in {location}.",
        "evidence": [{"start": 0, "end": len(evidence), "text": evidence}],
        "confidence": 0.8,
    }
    out.update(extra)
    return out


def test_postgres_cluster_starts_or_says_why():
    """The cluster either runs (and answers) or carries the reason its tests are skipped."""
    cluster = postgres_cluster()
    assert not cluster.error, cluster.error
    if cluster.url is None:
        assert cluster.skip_reason
        pytest.skip(cluster.skip_reason)
    import psycopg

    with psycopg.connect(cluster.url.replace("+psycopg", "")) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
