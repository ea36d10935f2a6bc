"""The binary cache of what is built from the data files (``rasd.data_cache``): a hit gives what a build
gives, a changed data file misses, a damaged file is rebuilt with a warning, an unwritable directory leaves
the process uncached, ``RASD_NO_CACHE`` switches it off; and real processes (the CLI, ingest workers) read
and write it, with the same records as without it."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from rasd import data_cache
from rasd.datafiles import packaged_dir

REPO_ROOT = Path(__file__).resolve().parents[1]
RASD = str(Path(sys.executable).with_name("rasd"))
# written for this test: an air strike on a named town, with a toll
ARTICLE = "قصفت طائرات حربية بلدة خان شيخون في ريف إدلب الجنوبي أمس، ما أدى إلى مقتل ثلاثة مدنيين."


@pytest.fixture
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache directory for this test, the cache switched on, and a fresh warning memory."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("RASD_CACHE_DIR", str(directory))
    monkeypatch.delenv("RASD_NO_CACHE", raising=False)
    monkeypatch.setattr(data_cache, "_warned", set())
    return directory


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the packaged data files, for a test to edit."""
    copy = tmp_path / "data"
    shutil.copytree(packaged_dir(), copy)
    return copy


class Builder:
    """A build function that counts its calls and builds from a data file (the copy's countries.toml)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.calls = 0

    def __call__(self) -> dict[str, object]:
        self.calls += 1
        text = (self.data_dir / "countries.toml").read_text(encoding="utf-8")
        return {"length": len(text), "words": tuple(text.split()[:5]), "nested": [{"a": 1}, None]}


def _files(directory: Path, name: str) -> list[Path]:
    return sorted(directory.glob(f"{name}-*.pickle"))


def test_hit_returns_what_the_build_made_without_building(cache_env: Path, data_copy: Path) -> None:
    build = Builder(data_copy)
    first = data_cache.cached("probe", build, data_dir=data_copy)
    assert build.calls == 1 and len(_files(cache_env, "probe")) == 1
    second = data_cache.cached("probe", build, data_dir=data_copy)
    assert build.calls == 1, "a fresh cache file must be read, not rebuilt"
    assert second == first and second is not first


def test_a_changed_data_file_misses_and_writes_a_new_file(cache_env: Path, data_copy: Path) -> None:
    build = Builder(data_copy)
    before = data_cache.cached("probe", build, data_dir=data_copy)
    old_files = _files(cache_env, "probe")
    with (data_copy / "countries.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment added by the test\n")
    data_cache.fingerprint.cache_clear()  # a new process would compute it afresh
    after = data_cache.cached("probe", build, data_dir=data_copy)
    assert build.calls == 2, "a data file changed: the cached structure is stale"
    assert after["length"] == before["length"] + len("\n# a comment added by the test\n")
    new_files = [p for p in _files(cache_env, "probe") if p not in old_files]
    assert len(new_files) == 1
    assert data_cache.cached("probe", build, data_dir=data_copy) == after and build.calls == 2


def test_a_new_data_file_changes_the_fingerprint(data_copy: Path) -> None:
    before = data_cache.fingerprint(data_copy)
    (data_copy / "extra.txt").write_text("سطر\n", encoding="utf-8")
    data_cache.fingerprint.cache_clear()
    assert data_cache.fingerprint(data_copy) != before


def test_a_damaged_file_is_rebuilt_with_a_warning(cache_env: Path, data_copy: Path) -> None:
    build = Builder(data_copy)
    good = data_cache.cached("probe", build, data_dir=data_copy)
    (path,) = _files(cache_env, "probe")
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # truncated, as by a full disk
    with pytest.warns(RuntimeWarning, match="damaged data cache"):
        again = data_cache.cached("probe", build, data_dir=data_copy)
    assert again == good and build.calls == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert data_cache.cached("probe", build, data_dir=data_copy) == good  # rewritten: a clean hit
    assert build.calls == 2


def test_garbage_in_the_file_is_rebuilt_with_a_warning(cache_env: Path, data_copy: Path) -> None:
    build = Builder(data_copy)
    good = data_cache.cached("probe", build, data_dir=data_copy)
    (path,) = _files(cache_env, "probe")
    path.write_bytes("ليس ملف pickle".encode())
    with pytest.warns(RuntimeWarning, match="damaged data cache"):
        assert data_cache.cached("probe", build, data_dir=data_copy) == good


def test_an_unwritable_directory_runs_uncached_with_one_warning(
    tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("RASD_CACHE_DIR", str(blocker / "cache"))  # cannot be made, even by root
    monkeypatch.delenv("RASD_NO_CACHE", raising=False)
    monkeypatch.setattr(data_cache, "_warned", set())
    build = Builder(data_copy)
    with pytest.warns(RuntimeWarning, match="cannot write the data cache") as caught:
        first = data_cache.cached("probe", build, data_dir=data_copy)
        second = data_cache.cached("other", build, data_dir=data_copy)
    assert first == second and build.calls == 2
    assert len([w for w in caught if "cannot write" in str(w.message)]) == 1


def test_warnings_made_errors_do_not_make_the_cache_fatal(
    tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("RASD_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("RASD_NO_CACHE", raising=False)
    monkeypatch.setattr(data_cache, "_warned", set())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert data_cache.cached("probe", Builder(data_copy), data_dir=data_copy)["length"] > 0
    assert "cannot write the data cache" in capsys.readouterr().err


def test_switched_off_builds_every_time_and_writes_nothing(
    cache_env: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASD_NO_CACHE", "1")
    assert data_cache.cache_dir() is None
    build = Builder(data_copy)
    data_cache.cached("probe", build, data_dir=data_copy)
    data_cache.cached("probe", build, data_dir=data_copy)
    assert build.calls == 2 and not cache_env.exists()


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASD_NO_CACHE", raising=False)
    monkeypatch.delenv("RASD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data_cache.cache_dir() == tmp_path / "xdg" / "rasd"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert data_cache.cache_dir() == Path.home() / ".cache" / "rasd"
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path / "mine"))
    assert data_cache.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("RASD_NO_CACHE", "0")  # "0" is not "switch it off"
    assert data_cache.cache_dir() == tmp_path / "mine"


def test_shared_objects_stay_the_same_objects(cache_env: Path, data_copy: Path) -> None:
    owners = [("دمشق", 1), ("حلب", 2)]  # stand-ins for a gazetteer's places
    structure = {"دمشق": owners[0], "pair": (owners[1], owners[0])}
    data_cache.cached("shared", lambda: structure, refs=lambda: owners, data_dir=data_copy)
    loaded = data_cache.cached("shared", lambda: {}, refs=lambda: owners, data_dir=data_copy)
    assert loaded == structure and loaded is not structure
    assert loaded["دمشق"] is owners[0] and loaded["pair"][0] is owners[1]


def test_stale_files_of_a_name_are_pruned_to_a_few(cache_env: Path, data_copy: Path) -> None:
    cache_env.mkdir(parents=True)
    for k in range(6):
        stale = cache_env / f"probe-{k:032x}.pickle"
        stale.write_bytes(b"old")
        os.utime(stale, (time.time() - 600 + k, time.time() - 600 + k))  # older than the new file
    other = cache_env / f"probeX-{0:032x}.pickle"  # another name: never touched
    other.write_bytes(b"other")
    data_cache.cached("probe", Builder(data_copy), data_dir=data_copy)
    left = _files(cache_env, "probe")
    assert len(left) == 1 + data_cache._KEEP_OTHERS
    assert cache_env / f"probe-{5:032x}.pickle" in left and cache_env / f"probe-{0:032x}.pickle" not in left
    assert other.exists()


def test_files_not_written_for_a_month_are_swept(cache_env: Path, data_copy: Path) -> None:
    cache_env.mkdir(parents=True)
    orphan = cache_env / f"regex_{'a' * 24}-{'0' * 32}.pickle"  # a pattern the code no longer has
    recent = cache_env / f"regex_{'b' * 24}-{'0' * 32}.pickle"
    for path in (orphan, recent):
        path.write_bytes(b"old")
    month = data_cache._ORPHAN_DAYS * 86_400
    os.utime(orphan, (orphan.stat().st_mtime - month - 60,) * 2)
    data_cache.cached("probe", Builder(data_copy), data_dir=data_copy)
    assert not orphan.exists() and recent.exists()


# ---------------------------------------------------------------- real processes


def _run(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, **env}
    return subprocess.run(
        args, input=stdin, capture_output=True, text=True, env=full, check=True, timeout=300
    )


_PROBE = (
    "import json, sys, rasd; from rasd import data_cache; "
    "events = rasd.extract(sys.stdin.read(), published='2018-05-02', article_id='t1'); "
    "print(json.dumps({'stats': data_cache.stats(), "
    "'records': [e.to_dict() for e in events]}, ensure_ascii=False, sort_keys=True, default=str))"
)


def test_extraction_reads_the_cache_and_its_records_are_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"RASD_CACHE_DIR": str(cache), "PYTHONWARNINGS": "error::RuntimeWarning"}
    cold = json.loads(_run(env, sys.executable, "-c", _PROBE, stdin=ARTICLE).stdout)
    assert cold["stats"]["misses"] >= 2 and cold["stats"]["writes"] == cold["stats"]["misses"]
    assert {p.name.split("-")[0] for p in cache.glob("*.pickle")} >= {"gazetteer", "place_lexicon"}
    warm = json.loads(_run(env, sys.executable, "-c", _PROBE, stdin=ARTICLE).stdout)
    assert warm["stats"]["misses"] == 0 and warm["stats"]["writes"] == 0
    assert warm["stats"]["hits"] == cold["stats"]["hits"] + cold["stats"]["misses"]
    off = json.loads(_run({"RASD_NO_CACHE": "1"}, sys.executable, "-c", _PROBE, stdin=ARTICLE).stdout)
    assert off["stats"] == {"hits": 0, "misses": 0, "writes": 0}
    assert off["records"], "the article must give a record for the comparison to mean something"
    assert cold["records"] == warm["records"] == off["records"]
    assert warm["records"][0]["location"] == "Khan Shaykhun"


def test_ingest_workers_use_the_cache(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    lines = [
        {"id": f"a{k}", "text": ARTICLE, "published": f"2018-05-0{k + 1}"} for k in range(4)
    ]
    articles.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in lines), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"RASD_CACHE_DIR": str(cache), "PYTHONWARNINGS": "error::RuntimeWarning"}
    db = f"sqlite:///{tmp_path / 'cached.db'}"
    _run(env, RASD, "ingest", str(articles), "--db", db, "--workers", "2")
    assert {p.name.split("-")[0] for p in cache.glob("*.pickle")} >= {"gazetteer", "place_lexicon"}
    written = {p: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    db2 = f"sqlite:///{tmp_path / 'warm.db'}"
    _run(env, RASD, "ingest", str(articles), "--db", db2, "--workers", "2")
    assert {p: p.stat().st_mtime_ns for p in cache.glob("*.pickle")} == written, "a warm start writes nothing"
    plain = f"sqlite:///{tmp_path / 'plain.db'}"
    _run({"RASD_NO_CACHE": "1"}, RASD, "ingest", str(articles), "--db", plain, "--workers", "1")
    exports = [_rows(url) for url in (db, db2, plain)]
    assert exports[0] and exports[0] == exports[1] == exports[2]


def _rows(url: str) -> list[dict[str, str]]:
    """The store's events as ACLED CSV rows, without the time each was stored at."""
    command = (RASD, "export", "--db", url, "--format", "acled-csv", "-o", "-")
    text = _run({"RASD_NO_CACHE": "1"}, *command).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        row.pop("timestamp")
    return rows


# ---------------------------------------------------------------- what is cached


def test_a_cached_regex_program_is_the_compiled_pattern(cache_env: Path) -> None:
    from rasd.recognize import quantities

    for original in (quantities._QUANTITY_RE, quantities._CANDIDATE_RE):
        built = data_cache.compiled(original.pattern, original.flags)  # a miss: compiled and written
        read = data_cache.compiled(original.pattern, original.flags)  # a hit: the program from the file
        fresh = re.compile(original.pattern, original.flags)
        assert built == fresh and read == fresh  # Pattern.__eq__ compares the engine's program
        assert read.groupindex == fresh.groupindex and read.groups == fresh.groups
    assert data_cache.stats()["hits"] >= 2
    text = "قتل خمسة عشر مدنيا وأصيب 20 آخرون"
    assert [m.span() for m in read.finditer(text)] == [m.span() for m in fresh.finditer(text)]


def test_a_regex_program_is_not_read_when_the_cache_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_NO_CACHE", "1")
    before = data_cache.stats()
    pattern = r"(?P<n>\d+)\s+قتيلا"
    assert data_cache.compiled(pattern, re.VERBOSE) == re.compile(pattern, re.VERBOSE)
    assert data_cache.stats() == before


def _phrases() -> list[tuple[str, int]]:
    return [("الجيش السوري", 1), ("الجيش", 2), ("جيش الإسلام", 3), ("قوات سوريا الديمقراطية", 4), ("قوات", 5)]


def test_a_pickled_lexicon_matches_and_grows_as_the_built_one() -> None:
    from rasd.text.lexicon import PhraseLexicon
    from rasd.text.normalize import normalize
    from rasd.text.tokens import tokenize

    built: PhraseLexicon[int] = PhraseLexicon(_phrases())
    loaded = pickle.loads(pickle.dumps(built))
    tokens = tokenize(normalize("اشتبك الجيش السوري مع جيش الإسلام وقوات سوريا الديمقراطية").text)
    found = [(m.phrase, m.value) for m in built.find(tokens)]
    assert [(m.phrase, m.value) for m in loaded.find(tokens)] == found
    assert [m.value for m in built.find(tokens)] == [1, 3, 4]
    assert "جيش الإسلام" in loaded and "جيش النصر" not in loaded
    for lexicon in (built, loaded):
        lexicon.extend([("الجيش الحر", 6), ("قوات النخبة", 7), ("الجيش", 8)])
    assert loaded._heads == built._heads and loaded._buckets() == built._buckets()
    fresh = pickle.loads(pickle.dumps(built))
    assert fresh._buckets() == built._buckets()  # made from the heads again after loading
