"""A binary cache of the structures built from the data files, so a process starts in a fraction of the time.

Building the gazetteer, the place lexicon and the other lexicons from ``src/rasd/data/`` (parsing TOML and
TSV, normalizing ~40,000 names, indexing them) took most of a second at every start; unpickling what was
built takes a few hundredths. ``cached(name, build)`` returns the structure from the cache file when there
is a fresh one, else builds it and writes the file for the next process.

- **Key.** A file is named by a fingerprint of everything its content depends on: the bytes of every data
  file, the bytes of every ``.py`` file of the package (the code that builds the structures, the classes
  the pickle refers to, and rasd's version) and Python's version. Editing a data file or the code makes a
  new file; of the stale ones of the same name, all but the newest few are removed when it is written.
- **Where.** ``$RASD_CACHE_DIR``, else ``$XDG_CACHE_HOME/rasd``, else ``~/.cache/rasd``. Deleting the
  directory clears the cache; ``RASD_NO_CACHE=1`` switches it off (everything is built in every process).
- **Never fatal.** A file that cannot be read or unpickled is rebuilt and rewritten, and a directory that
  cannot be written leaves the process uncached; each says so once with a ``RuntimeWarning``. Files are
  written to a temporary name and renamed into place, so a reader (another worker process) never sees half
  a file.
- **Shared objects.** A structure may point to objects of another cached structure (the place lexicon holds
  the gazetteer's places): ``refs`` lists those, and they are pickled as their position in the list, so
  after loading they are the very objects the other structure holds, as when both are built in-process.

Besides the structures: the packaged TOML files parsed (``read_toml``), regex programs (``compiled``),
regex sources built from word lists (``memoized``: one file, written at exit); rasd's own modules
compiled are kept beside them by ``rasd.code_cache``. What a read loads is
moved to the collector's oldest generation, so that the next young collections do not walk the ~190,000
loaded containers again (batch runs also freeze them at exit: ``rasd.pipeline.batch_gc``).

The cache holds only what is built from the packaged data files and code; nothing is downloaded.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the regex engine, for ``compiled``
import atexit
import contextlib
import functools
import gc
import hashlib
import os
import pickle
import re
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]  # see ``compiled``
from typing import Any, TypeVar

__all__ = [
    "DATA_DIR", "cache_dir", "cached", "compiled", "data_path", "fingerprint", "memoized", "parse_toml",
    "read_toml", "stats",
]

T = TypeVar("T")

FORMAT = 1  # bump when the file layout below changes
_PACKAGE = Path(__file__).resolve().parent
DATA_DIR = _PACKAGE / "data"  # the packaged data files (a plain directory: the fingerprint reads it too)
_SUFFIX = ".pickle"
_CODE_SUFFIX = ".marshal"  # rasd's compiled modules (``rasd.code_cache``), swept like the others
_KEY_CHARS = 32  # hex digits of a fingerprint in a file name
_KEEP_OTHERS = 3  # files of one name kept for other fingerprints (see ``_remove_stale``)
_ORPHAN_DAYS = 30  # a file not written for this long is removed when another is written (``_sweep``)
_STATS = {"hits": 0, "misses": 0, "writes": 0}
_warned: set[str] = set()


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is switched off (``RASD_NO_CACHE`` set, not "0")."""
    if os.environ.get("RASD_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("RASD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "rasd"
    try:
        return Path.home() / ".cache" / "rasd"
    except RuntimeError:  # no HOME and no user entry (a bare container): nowhere to keep it
        _warn("rasd: no home directory for the data cache; running uncached (set RASD_CACHE_DIR)", key="home")
        return None


@cache
def _code_digest() -> bytes:
    """The digest of every ``.py`` file of the package, read once per process: a pickle names the classes
    it holds, and their code builds it, so any change to them must miss the cache."""
    digest = hashlib.sha256()
    _digest_files(digest, str(_PACKAGE), ".py")
    return digest.digest()


@cache
def fingerprint(data_dir: Path | None = None) -> str:
    """What a cached structure depends on, as hex: the data files' names and bytes, the package's code
    (which holds rasd's version) and Python's version (``data_dir``: the packaged data by default)."""
    directory = data_dir or _PACKAGE / "data"
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{sys.implementation.name}|{sys.version}".encode())
    digest.update(_code_digest())
    _digest_files(digest, str(directory), "")
    return digest.hexdigest()[:_KEY_CHARS]


def _digest_files(digest: Any, root: str, suffix: str) -> None:
    """Add the names and bytes of the files under ``root`` that end with ``suffix`` to ``digest``, in
    name order, skipping ``__pycache__`` (``os.walk`` and plain strings: walking with ``pathlib`` was a
    third of a warm start's fingerprint)."""
    found: list[str] = []
    for folder, subfolders, names in os.walk(root, onerror=_raise):  # a folder not listed is no fingerprint
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found.extend(os.path.join(folder, name) for name in names if name.endswith(suffix))
    for path in sorted(found):
        with open(path, "rb") as handle:
            content = handle.read()
        digest.update(f"{os.path.relpath(path, root)}\0{len(content)}\0".encode("utf-8", "surrogatepass"))
        digest.update(content)


def _raise(error: OSError) -> None:
    raise error


def stats() -> dict[str, int]:
    """Hits, misses and files written in this process (a copy), for tests and benchmarks."""
    return dict(_STATS)


def cached(
    name: str,
    build: Callable[[], T],
    *,
    refs: Callable[[], Sequence[object]] | None = None,
    data_dir: Path | None = None,
    key: str | None = None,
) -> T:
    """``build()``'s result, read from the cache when it holds a fresh copy, else built and written there.

    ``name`` names the structure (one file per name and fingerprint); ``refs`` gives the objects of other
    structures it points to, kept as the same objects (see the module's docstring); ``data_dir`` the data
    files the fingerprint reads (the packaged ones by default: tests pass a copy); ``key`` replaces the
    fingerprint for a structure that depends on less (32 hex digits)."""
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        path = directory / f"{name}-{key or fingerprint(data_dir)}{_SUFFIX}"
    except OSError as error:  # the package's files cannot be listed or read (never so when installed)
        _warn(f"rasd: cannot fingerprint the data files ({error}); running uncached", key="fingerprint")
        return build()
    shared = list(refs()) if refs is not None else []
    found = _read(path, shared)
    if found is not None:
        _STATS["hits"] += 1
        return found[0]
    _STATS["misses"] += 1
    value = build()
    _write(path, name, value, shared)
    return value


def data_path(name: str) -> Path:
    """The packaged data file ``name``: a plain path (``importlib.resources`` and what it imports,
    ``tempfile``, ``zipfile``, ``shutil``, were a twentieth of a warm start)."""
    return DATA_DIR / name


def read_toml(path: Path | str) -> dict[str, Any]:
    """A TOML file parsed; a packaged data file (``path`` in ``DATA_DIR``, or a bare file name) is read
    from the cache: parsing the lexicons' TOML was a sixth of a warm start, and a warm start then never
    imports the parser. Each call returns a fresh copy, as ``tomllib`` does."""
    path = data_path(path) if isinstance(path, str) else path
    if path.parent == DATA_DIR:
        return cached(f"toml_{path.stem}", lambda: parse_toml(path))
    return parse_toml(path)


def parse_toml(path: Path) -> dict[str, Any]:
    """``tomllib.load`` of a file, uncached, for the builders of cached structures (the parser is
    imported here: a warm start never parses)."""
    import tomllib

    with path.open("rb") as handle:
        return tomllib.load(handle)


def memoized(function: Callable[[Any], str]) -> Callable[[Any], str]:
    """``function`` (one argument: a list, tuple, set or dict of strings; a string back), its results kept
    in one cache file per fingerprint, for the regex sources the recognizers build from word lists at
    import (a trie per list: a tenth of a warm start). The key is the function's name and the argument's
    strings (a set's sorted, a dict's keys); any other argument is passed through uncached. Results new
    in a process are written when it exits (one file for all, not one per call)."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(argument: Any) -> str:
        key = _memo_key(name, argument)
        table = _memo_table() if key is not None else None
        if table is None:
            return function(argument)
        found = table.get(key)
        if found is None:
            found = table[key] = function(argument)
            _memo_changed()
        return found

    return wrapper


def _memo_key(name: str, argument: Any) -> str | None:
    """A digest of the function's name and its argument's strings, or None for another argument."""
    if not isinstance(argument, (set, frozenset, list, tuple, dict)) or not set(map(type, argument)) <= {str}:
        return None
    items = sorted(argument) if isinstance(argument, (set, frozenset)) else list(argument)
    return hashlib.sha256(repr((name, items)).encode("utf-8", "surrogatepass")).hexdigest()[:_KEY_CHARS]


@cache
def _memo_path() -> Path | None:
    """The memo table's file, or None when the cache is off (or the package cannot be fingerprinted)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        return directory / f"memo-{fingerprint()}{_SUFFIX}"
    except OSError:
        return None


@cache
def _memo_table() -> dict[str, str] | None:
    """The memo table of this process: the file's, or empty; None when the cache is off."""
    path = _memo_path()
    if path is None:
        return None
    found = _read(path, [])
    return found[0] if found is not None and isinstance(found[0], dict) else {}


def _memo_changed() -> None:
    """Have the table written at exit (registered once)."""
    if not _MEMO_DIRTY:
        _MEMO_DIRTY.append(True)
        atexit.register(_memo_flush)


_MEMO_DIRTY: list[bool] = []


def _memo_flush() -> None:
    """Write the memo table with what this process added (at exit)."""
    path, table = _memo_path(), _memo_table()
    if path is not None and table is not None:
        _write(path, "memo", dict(table), [])


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the compiled program read from the cache.

    A compiled pattern cannot be pickled (pickle compiles it again), but what ``re`` makes of a pattern
    before handing it to the regex engine can: the engine's program, a list of integers. Parsing the
    quantity patterns (~20,000 characters of alternations of counted nouns) into it was a third of
    start-up; the engine takes and checks a cached program in microseconds. The program depends only on
    the pattern, the flags and the Python that compiled it (the key), and ``Pattern.__eq__`` compares it:
    the result equals ``re.compile``'s (a test checks it). On any surprise it is ``re.compile``'s."""
    flags = int(flags)
    if cache_dir() is None:
        return re.compile(pattern, flags)
    digest = hashlib.sha256(f"{flags}|{pattern}".encode("utf-8", "surrogatepass")).hexdigest()
    try:
        program = cached(f"regex_{digest[:24]}", lambda: _program(pattern, flags), key=_python_key())
        return _sre.compile(pattern, *program)
    except re.error:
        raise  # a wrong pattern is the code's error, told as re.compile tells it
    except Exception as error:  # noqa: BLE001 - a private interface: whatever it raises, re.compile is right
        _warn(f"rasd: cannot use a cached regex program ({type(error).__name__}: {error})", key="regex")
        return re.compile(pattern, flags)


def _program(pattern: str, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What ``re._compiler.compile`` hands ``_sre.compile`` after the pattern: flags, program, group count,
    group names both ways (the same steps, in the same order)."""
    parsed = _parser.parse(pattern, flags)
    program = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    names = parsed.state.groupdict
    by_index: list[str | None] = [None] * parsed.state.groups
    for group_name, index in names.items():
        by_index[index] = group_name
    return flags | parsed.state.flags, program, parsed.state.groups - 1, names, tuple(by_index)


@cache
def _python_key() -> str:
    """The key of a regex program: the Python (and so the regex engine) that made it."""
    text = f"{FORMAT}|{sys.implementation.name}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
    return hashlib.sha256(text.encode()).hexdigest()[:_KEY_CHARS]


class _Pickler(pickle.Pickler):
    """Pickles the shared objects as their position in ``refs``."""

    def __init__(self, file: Any, refs: Sequence[object]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._positions = {id(obj): i for i, obj in enumerate(refs)}

    def persistent_id(self, obj: object) -> int | None:
        return self._positions.get(id(obj))


def _read(path: Path, refs: Sequence[object]) -> tuple[Any] | None:
    """The cached value (in a 1-tuple, as it may itself be None), or None when there is no usable file;
    a damaged file is reported and left for ``_write`` to replace."""
    try:
        handle = path.open("rb")
    except (FileNotFoundError, NotADirectoryError):
        return None  # not written yet (or the directory cannot be made: writing it will say so)
    except OSError as error:
        _warn(f"rasd: cannot read the data cache {path} ({error}); building instead", key="read")
        return None
    # The loaded objects are all kept: collecting while they are made is a third of the time. One load at
    # a time (the API's threads load lazily), or a second thread could see the collector off, keep it off.
    with _GC_OFF:
        collecting = gc.isenabled()
        gc.disable()
        try:
            with handle:
                unpickler = pickle.Unpickler(handle)
                # a position back to its object with no Python frame per reference (the place lexicon
                # has ~15,000): a list's item lookup, not a method of a subclass
                unpickler.persistent_load = list(refs).__getitem__
                count, value = unpickler.load()
            if count != len(refs):
                raise ValueError(f"{count} shared objects, {len(refs)} expected")
            _to_oldest_generation()
        except Exception as error:  # noqa: BLE001 - a damaged pickle raises almost anything; it is rebuilt
            _warn(f"rasd: damaged data cache {path} ({type(error).__name__}: {error}); rebuilding it")
            return None
        finally:
            if collecting:
                gc.enable()
    return (value,)


_GC_OFF = threading.Lock()


def _to_oldest_generation() -> None:
    """Move what was just loaded (all objects the collector tracks) into its oldest generation, at no
    cost (two list splices), unless something is frozen already (the process manages its collector).

    The structures live as long as the process; left young, each of the next collections of the young
    generations walked all of them again (~190,000 containers, ~6 times: a quarter of a warm start).
    Objects moved are only collected later, by a full collection, as if they had lived longer."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _write(path: Path, name: str, value: object, refs: Sequence[object]) -> None:
    """Write the value under a temporary name and rename it into place (atomic: a concurrent reader sees
    the old file or the whole new one), then remove the stale files of the same name."""
    import tempfile  # only a miss writes: an import a warm start does without

    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            if refs:
                _Pickler(handle, refs).dump((len(refs), value))
            else:  # the plain pickler: ``persistent_id`` is a Python call for every object pickled
                pickle.dump((0, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        _STATS["writes"] += 1
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
        _warn(f"rasd: cannot write the data cache in {path.parent} ({error}); running uncached", key="write")
        return
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    _remove_stale(path, name)
    _sweep(path.parent)


def _sweep(directory: Path) -> None:
    """Remove the files not written for ``_ORPHAN_DAYS``: a regex program is named by its pattern, so
    the file of a pattern the code no longer has is never rewritten, nor removed by ``_remove_stale``
    (one still read is merely written again)."""
    import time

    old = time.time() - _ORPHAN_DAYS * 86_400
    for path in [*directory.glob(f"*{_SUFFIX}"), *directory.glob(f"*{_CODE_SUFFIX}")]:
        with contextlib.suppress(OSError):  # gone already, or another process's: harmless
            if path.stat().st_mtime < old:
                path.unlink()


def _remove_stale(path: Path, name: str) -> None:
    """Remove all but the newest few files of this name made for other fingerprints (older data or code):
    a few are kept, as two installs of rasd (a venv per checkout) may share the directory and would
    otherwise delete each other's file at every start."""
    others = [p for p in path.parent.glob(f"{name}-*{path.suffix}") if p != path and _key_of(p, name)]
    try:
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return  # another process is removing them
    for stale in others[_KEEP_OTHERS:]:
        with contextlib.suppress(OSError):  # another process removed it first: harmless
            stale.unlink()


def _key_of(path: Path, name: str) -> bool:
    """Whether a file is ``name``'s for some fingerprint (not another name's that starts the same)."""
    key = path.name[len(name) + 1 : -len(path.suffix)]
    return len(key) == _KEY_CHARS and all(c in "0123456789abcdef" for c in key)


def _warn(message: str, key: str | None = None) -> None:
    """A RuntimeWarning, once per ``key`` (the message by default) in a process: an unwritable directory
    would otherwise be reported for every structure."""
    key = key or message
    if key in _warned:
        return
    _warned.add(key)
    try:
        warnings.warn(message, RuntimeWarning, stacklevel=3)
    except RuntimeWarning:  # warnings made errors (-W error): the cache is still never fatal
        print(message, file=sys.stderr)
