"""The module layering: which layer may import which, and no import cycles.

Read from the source with ``ast`` (nothing is imported), so a forbidden import fails here before it
tangles the layers: e.g. the store importing extraction internals, or recognizers and resolution
importing each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "rasd"

# layer → the layers it may import (a layer always may import itself; "rasd" is the package root, whose
# lazy attributes any layer may use). A module outside this map is an application layer: it may import
# anything, and no layer of the map may import it.
ALLOWED: dict[str, set[str]] = {
    "tuning": set(),  # the rules' numeric windows and thresholds: constants only, below every layer
    "data_cache": set(),  # the binary cache of what is built from the data files, below every layer
    "code_cache": {"data_cache"},  # rasd's compiled modules, kept beside the data cache (``rasd/__init__``)
    "text": {"tuning", "data_cache"},
    "taxonomy": set(),
    "io": set(),
    "geo": {"text", "tuning", "data_cache"},
    "records": {"taxonomy"},
    "recognize": {"text", "geo", "taxonomy", "tuning", "data_cache"},
    "resolve": {"recognize", "geo", "text", "tuning"},
    "assemble": {"recognize", "resolve", "geo", "text", "records", "taxonomy", "tuning", "data_cache"},
    "pipeline": {"assemble", "recognize", "resolve", "geo", "text", "records", "taxonomy", "io", "tuning"},
    # the store compares evidence through rasd.text.words only (see NARROW), and calls extraction
    # through the pipeline's public functions; it reads data files through the data cache
    "store": {"records", "taxonomy", "geo", "io", "text", "pipeline", "tuning", "data_cache"},
    "spark": {"store", "io", "records", "pipeline", "recognize", "resolve", "geo", "taxonomy", "tuning"},
    "explanation": {
        "pipeline", "assemble", "recognize", "resolve", "geo", "text", "records", "taxonomy", "tuning",
    },
    "audit": {
        "store", "io", "records", "taxonomy", "pipeline", "geo", "recognize", "resolve", "text", "tuning",
    },
    "api": {"store", "io", "records", "taxonomy", "pipeline", "geo", "explanation", "audit", "tuning"},
}
# layer → the only modules of a layer it may import from there
NARROW: dict[tuple[str, str], set[str]] = {("store", "text"): {"rasd.text.words"}}
# module → module imports still to remove (none left)
PENDING: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(module: str) -> bool:
    base = SRC.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imports(path: Path) -> set[str]:
    """Every rasd module the file imports, at any depth (lazy imports inside functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "rasd")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "rasd":
                continue
            for alias in node.names:  # "from rasd import taxonomy" imports the module rasd.taxonomy
                child = f"{node.module}.{alias.name}"
                found.add(child if _exists(child) else node.module)
    return found


def _graph() -> dict[str, set[str]]:
    modules = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    return {_module_name(p): _imports(p) for p in modules}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "rasd"


def test_the_layer_map_itself_has_no_cycle():
    seen: dict[str, int] = {}

    def visit(layer: str, path: tuple[str, ...]) -> None:
        assert layer not in path, " → ".join((*path, layer))
        if seen.get(layer):
            return
        for lower in ALLOWED.get(layer, ()):
            visit(lower, (*path, layer))
        seen[layer] = 1

    for layer in ALLOWED:
        visit(layer, ())
    assert len(seen) == len(ALLOWED)


def test_no_module_imports_across_the_layers():
    graph = _graph()
    assert len(graph) > 50 and "rasd.store.merge" in graph
    wrong = []
    for module, imported in sorted(graph.items()):
        layer = _layer(module)
        if layer not in ALLOWED:
            continue
        for target in sorted(imported):
            other = _layer(target)
            if other in (layer, "rasd") or (module, target) in PENDING:
                continue
            allowed = other in ALLOWED[layer] and target in NARROW.get((layer, other), {target})
            if not allowed:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_the_store_imports_no_extraction_internals():
    """The merge rule once imported the gazetteer's resolver and the text normalizer directly."""
    merge = _graph()["rasd.store.merge"]
    assert merge and not any(m.startswith(("rasd.resolve", "rasd.recognize", "rasd.assemble")) for m in merge)
    assert "rasd.text.normalize" not in merge


def test_no_import_cycle_between_modules():
    graph = _graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if (module, target) in PENDING or target not in graph:
                continue
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif not state.get(target):
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if not state.get(module):
            visit(module, [module])
    assert cycles == []
