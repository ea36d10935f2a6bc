"""What a process does before its first record (``rasd.data_cache``'s start-up parts): ``import rasd`` and
a first extraction import no store, API or schema library; a warm start parses no TOML and compiles none
of rasd's modules (their code comes from one cached file, rebuilt when a module changes); what a cache
read loads leaves the young generations of the garbage collector; TOML read through the cache is what
``tomllib`` gives."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from rasd import data_cache

SRC = Path(data_cache.__file__).resolve().parents[1]
# written for this test: an air strike on a named town
ARTICLE = "قصفت طائرات حربية بلدة خان شيخون أمس."


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter with ``env`` added (the bytecode cache off, as in this sandbox)."""
    full = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    full.pop("RASD_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, check=True, timeout=300
    )


_MODULES = (
    "import json, sys, rasd; "
    "events = rasd.extract({article!r}, published='2018-05-02'); "
    "print(json.dumps({{'n': len(events), 'modules': sorted(sys.modules)}}))"
)


def test_a_first_extraction_imports_no_store_api_or_toml_parser(tmp_path: Path) -> None:
    env = {"RASD_CACHE_DIR": str(tmp_path / "cache")}
    _python(_MODULES.format(article=ARTICLE), env)  # cold: builds and writes the cache
    warm = json.loads(_python(_MODULES.format(article=ARTICLE), env).stdout)
    assert warm["n"] >= 1, "the article must give a record, or the first extraction did not run its stages"
    loaded = set(warm["modules"])
    for heavy in ("sqlalchemy", "fastapi", "pydantic", "jsonschema", "pyarrow", "rasd.store", "rasd.api",
                  "rasd.cli", "tomllib", "importlib.resources", "tempfile"):
        assert heavy not in loaded, f"a warm first extraction imported {heavy}"


_NO_COMPILE = (
    "import builtins, rasd\n"
    "plain = builtins.compile\n"
    "def refuse(source, filename, *args, **kwargs):\n"
    "    if str(filename).endswith('.py'):\n"
    "        raise AssertionError(f'compiled {{filename}} from source')\n"
    "    return plain(source, filename, *args, **kwargs)\n"
    "builtins.compile = refuse\n"
    "events = rasd.extract({article!r}, published='2018-05-02')\n"
    "import rasd.pipeline\n"
    "print(type(rasd.pipeline.__spec__.loader).__name__, rasd.pipeline.__file__, len(events))\n"
)


_COUNTS = (
    "import rasd\n"
    "from rasd import code_cache\n"
    "rasd.extract({article!r}, published='2018-05-02')\n"
    "print(code_cache.code_stats()['cached'], code_cache.code_stats()['compiled'])\n"
)


def test_a_warm_start_compiles_none_of_rasds_modules(tmp_path: Path) -> None:
    env = {"RASD_CACHE_DIR": str(tmp_path / "cache")}
    cold = _python(_COUNTS.format(article=ARTICLE), env).stdout.split()  # compiles, writes at exit
    assert int(cold[0]) == 0 and int(cold[1]) >= 30, "a cold start compiles rasd's modules"
    assert len(list((tmp_path / "cache").glob("code_*.marshal"))) == 1
    loader, path, records = _python(_NO_COMPILE.format(article=ARTICLE), env).stdout.split()
    assert loader == "_CodeLoader" and path == str(SRC / "rasd" / "pipeline.py") and int(records) >= 1
    with pytest.raises(subprocess.CalledProcessError) as refused:  # and the check can fail: no cache
        _python(_NO_COMPILE.format(article=ARTICLE), {"RASD_CACHE_DIR": str(tmp_path / "other")})
    assert "compiled" in refused.value.stderr


def test_a_changed_module_is_compiled_again(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC / "rasd", copy / "rasd", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"RASD_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(copy)}
    probe = "import rasd.taxonomy as t; print(t.__file__, getattr(t, 'PROBE', None))"
    assert _python(probe, env).stdout.split() == [str(copy / "rasd" / "taxonomy.py"), "None"]
    first = sorted((tmp_path / "cache").glob("code_*.marshal"))
    assert len(first) == 1
    assert _python(probe, env).stdout.split()[1] == "None"
    assert sorted((tmp_path / "cache").glob("code_*.marshal")) == first, "a warm start writes no code file"
    with (copy / "rasd" / "taxonomy.py").open("a", encoding="utf-8") as handle:
        handle.write("\nPROBE = 'changed'\n")
    assert _python(probe, env).stdout.split()[1] == "changed"
    assert len(list((tmp_path / "cache").glob("code_*.marshal"))) == 2


def test_the_code_cache_is_off_with_the_data_cache(tmp_path: Path) -> None:
    code = "import rasd.pipeline as p; print(type(p.__spec__.loader).__name__)"
    env = {"RASD_CACHE_DIR": str(tmp_path / "cache"), "RASD_NO_CACHE": "1"}
    full = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full, check=True)
    assert done.stdout.strip() == "SourceFileLoader"
    assert not (tmp_path / "cache").exists()


def test_the_code_cache_alone_can_be_switched_off(tmp_path: Path) -> None:
    code = "import rasd.pipeline as p; print(type(p.__spec__.loader).__name__)"
    env = {"RASD_CACHE_DIR": str(tmp_path / "cache"), "RASD_NO_CODE_CACHE": "1"}
    assert _python(code, env).stdout.strip() == "SourceFileLoader"
    assert not list((tmp_path / "cache").glob("code_*.marshal"))


def test_the_code_finder_stands_just_before_pythons_path_finder(tmp_path: Path) -> None:
    code = (
        "import sys, rasd\n"
        "from importlib.machinery import PathFinder\n"
        "names = [getattr(f, '__name__', type(f).__name__) for f in sys.meta_path]\n"
        "print(names.index('_CodeFinder') + 1 == sys.meta_path.index(PathFinder))\n"
    )
    assert _python(code, {"RASD_CACHE_DIR": str(tmp_path / "cache")}).stdout.strip() == "True"


@pytest.fixture
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache directory for this test, the cache switched on."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("RASD_CACHE_DIR", str(directory))
    monkeypatch.delenv("RASD_NO_CACHE", raising=False)
    return directory


def _big() -> dict[str, list[str]]:
    return {f"name{k}": [f"place{k}", f"other{k}"] for k in range(20_000)}


def test_what_a_read_loads_is_not_left_to_the_young_collections(cache_env: Path) -> None:
    if gc.get_freeze_count():
        pytest.skip("something in this process froze objects: the move is then left out on purpose")
    data_cache.cached("gc_probe", _big, key="0" * 32)  # written
    loaded = data_cache.cached("gc_probe", _big, key="0" * 32)  # read back
    young = {id(obj) for generation in (0, 1) for obj in gc.get_objects(generation=generation)}
    assert id(loaded) not in young and id(loaded["name7"]) not in young
    assert loaded == _big()


def test_a_read_leaves_frozen_objects_frozen(cache_env: Path) -> None:
    data_cache.cached("gc_probe", _big, key="1" * 32)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        data_cache.cached("gc_probe", _big, key="1" * 32)
        # a freeze + unfreeze would leave none frozen; a few frozen objects freed meanwhile (by their
        # reference count, e.g. another test's leftovers) leave the permanent generation on their own
        assert frozen * 0.99 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_toml_through_the_cache_is_tomllibs_and_a_fresh_copy(cache_env: Path) -> None:
    with data_cache.data_path("cues.toml").open("rb") as handle:
        expected = tomllib.load(handle)
    before = data_cache.stats()
    first = data_cache.read_toml("cues.toml")
    second = data_cache.read_toml(data_cache.data_path("cues.toml"))
    after = data_cache.stats()
    assert first == second == expected and first is not second
    assert after["misses"] - before["misses"] == 1 and after["hits"] - before["hits"] == 1
    assert list(cache_env.glob("toml_cues-*.pickle"))


def test_toml_outside_the_package_is_parsed_not_cached(cache_env: Path, tmp_path: Path) -> None:
    other = tmp_path / "cues.toml"
    other.write_text('[negation]\nwords = ["لم"]\n', encoding="utf-8")
    before = data_cache.stats()
    assert data_cache.read_toml(other) == {"negation": {"words": ["لم"]}}
    assert data_cache.stats() == before and not cache_env.exists()


@pytest.fixture
def fresh_memo(cache_env: Path):
    """The memo table of this process forgotten, before and after the test (it is per cache directory)."""
    data_cache._memo_path.cache_clear()
    data_cache._memo_table.cache_clear()
    yield cache_env
    data_cache._memo_path.cache_clear()
    data_cache._memo_table.cache_clear()


def test_a_memoized_result_is_read_back_by_the_next_process(fresh_memo: Path) -> None:
    calls: list[object] = []

    def pattern(words: object) -> str:
        calls.append(words)
        return "|".join(sorted(words))  # type: ignore[call-overload]

    wrapped = data_cache.memoized(pattern)
    assert wrapped({"غارة", "قصف"}) == "غارة|قصف" and wrapped(frozenset({"قصف", "غارة"})) == "غارة|قصف"
    assert len(calls) == 1, "a set's key is its sorted strings: the same key for the same words"
    data_cache._memo_flush()  # what the process does at exit
    assert len(list(fresh_memo.glob("memo-*.pickle"))) == 1
    data_cache._memo_path.cache_clear()
    data_cache._memo_table.cache_clear()  # as a new process
    assert data_cache.memoized(pattern)({"قصف", "غارة"}) == "غارة|قصف" and len(calls) == 1
    assert data_cache.memoized(pattern)(["قصف"]) == "قصف" and len(calls) == 2  # another argument


def test_a_memoized_function_passes_other_arguments_through(fresh_memo: Path) -> None:
    calls: list[object] = []

    def count(items: object) -> str:
        calls.append(items)
        return str(len(items))  # type: ignore[arg-type]

    wrapped = data_cache.memoized(count)
    assert wrapped([1, 2]) == wrapped([1, 2]) == "2" and len(calls) == 2, "ints are not cached"
    assert wrapped("ab") == "2" and len(calls) == 3, "a bare string is not a word list"


_EXIT_PROBE = (
    "import atexit, gc\n"
    "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))  # runs after rasd's\n"
    "import rasd, rasd.pipeline\n"
    "rasd.extract({article!r}, published='2018-05-02')\n"
    "print('frozen before exit:', gc.get_freeze_count() > 0)\n"
    "{batch}"
)


def test_a_batch_run_leaves_the_structures_alone_at_exit_and_the_library_does_not(tmp_path: Path) -> None:
    env = {"RASD_CACHE_DIR": str(tmp_path / "cache")}
    library = _python(_EXIT_PROBE.format(article=ARTICLE, batch=""), env).stdout.split("\n")[:2]
    assert library == ["frozen before exit: False", "frozen at exit: False"], "a library call leaves gc alone"
    batch = _python(_EXIT_PROBE.format(article=ARTICLE, batch="rasd.pipeline.batch_gc()\n"), env)
    assert batch.stdout.split("\n")[:2] == ["frozen before exit: False", "frozen at exit: True"]


def test_modules_compiled_later_are_added_to_the_code_file(tmp_path: Path) -> None:
    env = {"RASD_CACHE_DIR": str(tmp_path / "cache")}
    _python("import rasd.taxonomy", env)
    _python("import rasd.taxonomy, rasd.records", env)  # records is new: added at exit
    refuse = (
        "import builtins, rasd\n"
        "plain = builtins.compile\n"
        "def refuse(source, filename, *args, **kwargs):\n"
        "    if str(filename).endswith('.py'):\n"
        "        raise AssertionError(f'compiled {filename} from source')\n"
        "    return plain(source, filename, *args, **kwargs)\n"
        "builtins.compile = refuse\n"
        "import rasd.taxonomy, rasd.records\n"
        "from rasd import code_cache\n"
        "print(code_cache.code_stats()['compiled'])\n"
    )
    assert _python(refuse, env).stdout.split() == ["0"]
    assert len(list((tmp_path / "cache").glob("code_*.marshal"))) == 1
