"""rasd's own modules compiled once and kept in the cache directory, so no start compiles them from source.

Without a bytecode cache (``PYTHONDONTWRITEBYTECODE``, a read-only install) every start compiled rasd's
~50 modules, a third of a warm start. ``install_code_cache`` (called by ``rasd/__init__``) puts a finder
first on ``sys.meta_path`` that serves rasd's submodules from one marshal file beside the data cache
(``rasd.data_cache``: same directory, same switch ``RASD_NO_CACHE``, same never-fatal warnings).
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
from collections.abc import Sequence
from functools import cache
from importlib.machinery import PathFinder, SourceFileLoader
from pathlib import Path
from typing import Any

from rasd.data_cache import (
    _CODE_SUFFIX,
    _KEY_CHARS,
    _PACKAGE,
    FORMAT,
    _code_digest,
    _remove_stale,
    _warn,
    cache_dir,
)

__all__ = ["code_stats", "install_code_cache"]


def install_code_cache() -> None:
    """Serve rasd's modules from one file of their compiled code in the cache directory (``rasd``'s
    ``__init__`` calls this; the cache switched off, it does nothing).

    Without a bytecode cache (``PYTHONDONTWRITEBYTECODE``, a read-only install) every start compiled
    rasd's ~50 modules from source, a third of a warm start; with one, Python opened a ``.pyc`` per
    module. The file holds the code of the modules processes imported (a module not in it is compiled
    as usual and added when the process exits), keyed like the data cache by the bytes of every ``.py``
    file, and also by the package's path (a code object names its file) and the Python and its
    optimization level that compiled it; a module whose file changed since (size or time) is compiled
    from source as usual. Only how a module's code is found changes: its spec, file, source and
    resources are the usual ones. The finder goes just before Python's path finder, so import hooks
    installed earlier (pytest's assertion rewriting, instrumentation) still see rasd's modules first.
    ``RASD_NO_CODE_CACHE=1`` switches this part off alone (``RASD_NO_CACHE`` switches off both)."""
    if cache_dir() is None or os.environ.get("RASD_NO_CODE_CACHE", "") not in ("", "0"):
        return
    if any(isinstance(finder, _CodeFinder) for finder in sys.meta_path):
        return
    at = next((i for i, finder in enumerate(sys.meta_path) if finder is PathFinder), len(sys.meta_path))
    sys.meta_path.insert(at, _CodeFinder())


class _CodeFinder:
    """Finds rasd's submodules as the path finder does, then hands them to ``_CodeLoader``."""

    @staticmethod
    def find_spec(fullname: str, path: Sequence[str] | None = None, target: object = None) -> Any:
        if not fullname.startswith("rasd."):
            return None
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or type(spec.loader) is not SourceFileLoader:  # noqa: E721 - not a subclass's
            return None  # not ours to serve: the finders after this one answer as usual
        spec.loader = _CodeLoader(fullname, spec.origin)
        return spec


class _CodeLoader(SourceFileLoader):
    """The source file loader, with the module's code taken from the cached file when it is there, and
    kept for that file when it is not."""

    def get_code(self, fullname: str) -> Any:
        path = self.get_filename(fullname)
        code = _bundled_code(path)
        if code is not None:
            _CODE_STATS["cached"] += 1
            return code
        _CODE_STATS["compiled"] += 1
        try:
            stat = os.stat(path)  # before reading: a file changed meanwhile is then found stale, not new
        except OSError:
            stat = None
        code = super().get_code(fullname)
        if stat is not None and code is not None:
            _keep_code(path, stat, code)
        return code


_CODE_STATS = {"cached": 0, "compiled": 0}
_NEW_CODE: dict[str, tuple[int, int, bytes]] = {}  # compiled in this process, written at exit


def code_stats() -> dict[str, int]:
    """rasd's modules this process took from the code cache and those it compiled (or read from a
    ``.pyc``) instead (a copy; both 0 with the cache off)."""
    return dict(_CODE_STATS)


def _bundled_code(path: str) -> Any:
    """The cached code of the module at ``path``, or None (not in the file, or the file changed)."""
    entry = _code_bundle().pop(path, None)  # a module is imported once: its bytes need not stay in memory
    if entry is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if (stat.st_mtime_ns, stat.st_size) != (entry[0], entry[1]):
        return None
    return marshal.loads(entry[2])


def _keep_code(path: str, stat: os.stat_result, code: Any) -> None:
    """Keep a module's code for the code file, written at exit (registered with the first one)."""
    if _code_path() is None:
        return
    if not _NEW_CODE:
        atexit.register(_write_new_code)
    _NEW_CODE[path] = (stat.st_mtime_ns, stat.st_size, marshal.dumps(code))


@cache
def _code_path() -> Path | None:
    """The code file of this package, code and Python; None when the cache is off (or the package's
    files cannot be read: modules then compile from source, as without the cache)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        name = "code_" + hashlib.sha256(str(_PACKAGE).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return directory / f"{name}-{_code_key()}{_CODE_SUFFIX}"
    except OSError as error:
        _warn(f"rasd: cannot fingerprint the package's code ({error}); running uncached", key="fingerprint")
        return None


@cache
def _code_bundle() -> dict[str, tuple[int, int, bytes]]:
    """Module path -> (modification time, size, marshalled code), read once per process; empty when
    there is no file yet."""
    path = _code_path()
    found = _read_bundle(path) if path is not None else None
    return found if found is not None else {}


@cache
def _code_key() -> str:
    """What the compiled modules depend on: the code, where it is, and the Python that compiles it."""
    from importlib.util import MAGIC_NUMBER

    digest = hashlib.sha256(
        f"{FORMAT}|{sys.implementation.name}|{sys.version}|{sys.flags.optimize}|{_PACKAGE}".encode(
            "utf-8", "surrogatepass"
        )
    )
    digest.update(MAGIC_NUMBER)
    digest.update(_code_digest())
    return digest.hexdigest()[:_KEY_CHARS]


def _read_bundle(path: Path) -> dict[str, tuple[int, int, bytes]] | None:
    """The bundle in a file, or None when there is none (or it is damaged: it is then rewritten)."""
    try:
        content = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        _warn(f"rasd: cannot read the data cache {path} ({error}); building instead", key="read")
        return None
    try:
        bundle = marshal.loads(content)
        if not isinstance(bundle, dict):
            raise ValueError("not a table of modules")
        return bundle
    except (EOFError, ValueError, TypeError) as error:
        _warn(f"rasd: damaged data cache {path} ({type(error).__name__}: {error}); rebuilding it")
        return None


def _write_new_code() -> None:
    """Add the modules compiled in this process to the code file (at exit): what the file holds now
    (another process may have added to it), with these, under a temporary name renamed into place."""
    import tempfile

    path = _code_path()
    if path is None or not _NEW_CODE:
        return
    bundle = {**(_read_bundle(path) or {}), **_NEW_CODE}
    name = path.name.split("-", 1)[0]
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(bundle))
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        _warn(f"rasd: cannot write the data cache in {path.parent} ({error}); running uncached", key="write")
        return
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    _NEW_CODE.clear()
    _remove_stale(path, name)
