"""ACLED's vocabulary: its invariants, and that the rest of rasd spells ACLED's names from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rasd import taxonomy
from rasd.assemble.notes import _VERBS
from rasd.store import review

SRC = Path(__file__).resolve().parents[1] / "src" / "rasd"


def test_six_types_and_25_unique_sub_types():
    assert len(taxonomy.EVENT_TYPES) == 6
    assert len(taxonomy.SUB_EVENT_TYPES) == len(set(taxonomy.SUB_EVENT_TYPES)) == 25
    assert taxonomy.TYPE_OF_SUB["Grenade"] == taxonomy.EXPLOSIONS


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Violence against civilians", "Attack", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Mob violence", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Strategic developments", "Arrests", "Strategic developments"),
    ],
)
def test_disorder_type_follows_codebook_section_10(event_type, sub_event_type, expected):
    assert taxonomy.disorder_type(event_type, sub_event_type) == expected


@pytest.mark.parametrize(
    ("inter1", "inter2", "code", "label"),
    [
        (1, 2, 12, "State forces-Rebel groups"),
        (7, 2, 27, "Rebel groups-Civilians"),
        (2, 0, 20, "Rebel groups only"),
        (0, 6, 60, "Protesters only"),
        (8, 8, 88, "External/Other forces-External/Other forces"),
    ],
)
def test_interaction_code_and_label(inter1, inter2, code, label):
    assert taxonomy.interaction_code(inter1, inter2) == code
    assert taxonomy.interaction_label(code) == label


def test_every_interaction_code_has_a_label_and_unknown_codes_none():
    codes = taxonomy.interaction_codes()
    assert len(codes) == 8 + 36
    assert all(taxonomy.interaction_label(c) for c in codes)
    assert taxonomy.interaction_label(90) == taxonomy.interaction_label(19) == ""
    assert taxonomy.inter_label(7) == "Civilians" and taxonomy.inter_label(0) == ""


def test_every_sub_type_has_a_note_verb():
    assert set(_VERBS) == set(taxonomy.SUB_EVENT_TYPES)


def test_review_reads_the_taxonomy():
    assert review.TAXONOMY is taxonomy.TAXONOMY and review.EDITABLE is taxonomy.EDITABLE
    kinds = {f["name"]: f for f in taxonomy.editable_fields()}
    assert len(kinds) == len(taxonomy.EDITABLE) == 23
    assert kinds["inter1"]["choices"] == [0, 1, 2, 3, 4, 5, 6, 7, 8]


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_acled_type_names_are_spelled_only_in_the_taxonomy():
    # "Other" is also a plain word elsewhere (ACLED's source_scale "Other"), not only the sub-type
    names = (set(taxonomy.EVENT_TYPES) | set(taxonomy.SUB_EVENT_TYPES)) - {"Other"}
    modules = [p for p in SRC.rglob("*.py") if p.name != "taxonomy.py" and "migrations" not in p.parts]
    assert len(modules) > 50
    found = [
        f"{p.relative_to(SRC)}:{line}: {value!r}"
        for p in modules
        for line, value in _string_literals(p)
        if value in names
    ]
    assert found == []
