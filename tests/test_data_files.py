"""The data files' invariants hold for the packaged files, and each check catches a broken copy.

Every broken copy is written into ``tmp_path`` and checked through the same function the packaged
files go through (``rasd.datafiles.check_data_files``), so a check that silently passes anything fails
here.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

import rasd
from rasd.datafiles import check_data_files, packaged_dir
from rasd.recognize.cues import CueClass, load_cue_tables
from rasd.recognize.triggers import load_triggers
from rasd.text.clitics import clitics, load_clitics
from rasd.text.rule_words import load_rule_words


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged data directory."""
    target = tmp_path / "data"
    shutil.copytree(packaged_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _edit(path: Path, old: str, new: str) -> None:
    """Replace one exact passage of a data file (the passage must be there, once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _problems_mention(directory: Path, *needles: str) -> list[str]:
    problems = check_data_files(directory)
    assert problems, "the broken copy passed every check"
    assert any(all(n in p for n in needles) for p in problems), problems
    return problems


def test_packaged_data_files_hold_every_invariant() -> None:
    assert check_data_files() == []


def test_an_unchanged_copy_passes(data_copy: Path) -> None:
    assert check_data_files(data_copy) == []


def test_unknown_cue_class_fails(data_copy: Path) -> None:
    _edit(data_copy / "cues.toml", "[filters]\n", '[filters]\nnegativity = ["لم"]\n')
    _problems_mention(data_copy, "unknown cue class", "negativity")
    with pytest.raises(ValueError, match="unknown cue class"):
        load_cue_tables(data_copy / "cues.toml")


def test_cue_class_repeated_across_tables_fails(data_copy: Path) -> None:
    _edit(data_copy / "cues.toml", "[places]\n", '[places]\nnegation = ["ليس"]\n')
    _problems_mention(data_copy, "negation", "listed twice")


def test_every_cue_class_is_in_the_file() -> None:
    assert set(load_cue_tables()) == set(CueClass)


def test_verbal_phrase_outside_the_triggers_fails(data_copy: Path) -> None:
    _edit(data_copy / "triggers.toml", "[verbal]\nphrases = [", '[verbal]\nphrases = ["تزلجوا", ')
    _problems_mention(data_copy, "[verbal]", "تزلجوا")
    with pytest.raises(ValueError, match="verbal"):
        load_triggers(data_copy / "triggers.toml")


def test_trigger_type_outside_the_taxonomy_fails(data_copy: Path) -> None:
    group = '\n[[trigger]]\ntype = "Battles"\nsub = "Skirmish"\nphrases = ["مناوشة"]\n'
    _append(data_copy / "triggers.toml", group)
    _problems_mention(data_copy, "Skirmish", "not ACLED")


def test_unknown_trigger_flag_fails(data_copy: Path) -> None:
    _append(data_copy / "triggers.toml", '\n[[trigger]]\ntype = "Battles"\nsub = "Armed clash"\n'
            'phrases = ["مناوشة"]\nair_upgrad = true\n')
    _problems_mention(data_copy, "unknown keys", "air_upgrad")


def test_default_actor_key_must_exist(data_copy: Path) -> None:
    _edit(data_copy / "defaults.toml", 'SY = "syria_military"', 'SY = "syrian_military"')
    _problems_mention(data_copy, "defaults.toml", "syrian_military")


def test_duplicate_actor_key_fails(data_copy: Path) -> None:
    actor = '\n[[actor]]\nkey = "syria_military"\nname = "X"\ninter = 1\naliases = []\n'
    _append(data_copy / "actors.toml", actor)
    _problems_mention(data_copy, "syria_military", "twice")


def test_undocumented_rule_word_class_fails(data_copy: Path) -> None:
    _append(data_copy / "rule_words.toml", '\n[extra]\nundocumented_words = ["كلمة"]\n')
    _problems_mention(data_copy, "undocumented_words", "not documented")


def test_undocumented_cue_class_fails(data_copy: Path) -> None:
    _edit(data_copy / "README.md", "| `denial` |", "| denial |")
    _problems_mention(data_copy, "'denial'", "not documented")


def test_undocumented_time_pattern_word_fails(data_copy: Path) -> None:
    _edit(data_copy / "time_words.toml", "[pattern_words]\n", '[pattern_words]\nfortnight = ["أسبوعين"]\n')
    _problems_mention(data_copy, "time_words.toml", "fortnight", "not documented")


def test_rule_word_class_repeated_fails(data_copy: Path) -> None:
    _append(data_copy / "rule_words.toml", '\n[extra]\ninterception_debris = ["حطام"]\n')
    _problems_mention(data_copy, "interception_debris", "twice")
    with pytest.raises(ValueError, match="twice"):
        load_rule_words(data_copy / "rule_words.toml")


def test_empty_rule_word_class_fails(data_copy: Path) -> None:
    _append(data_copy / "rule_words.toml", "\n[extra]\nnothing = []\n")
    _problems_mention(data_copy, "nothing", "non-empty")


def test_clitic_subset_outside_the_chains_fails(data_copy: Path) -> None:
    _edit(data_copy / "clitics.toml", 'number = ["و"]', 'number = ["و", "لو"]')
    _problems_mention(data_copy, "number", "not in chains")
    with pytest.raises(ValueError, match="not in chains"):
        load_clitics(data_copy / "clitics.toml")


def test_toml_syntax_error_fails(data_copy: Path) -> None:
    _append(data_copy / "time_words.toml", '\n[weekdays\n"السبت" = 5\n')
    _problems_mention(data_copy, "TOMLDecodeError")


def test_places_row_with_missing_column_fails(data_copy: Path) -> None:
    _append(data_copy / "places.tsv", "قرية|قريه\tQarya\tvillage\tSY\tAleppo\n")
    _problems_mention(data_copy, "places.tsv", "columns")


def test_clitic_chains_are_longest_first_where_the_tokenizer_needs_it() -> None:
    chains = clitics().chains
    # a chain must come before every chain it ends with a longer form of ("وبال" before "بال")
    for i, chain in enumerate(chains):
        for later in chains[i + 1 :]:
            assert not (later.startswith(chain) and len(later) > len(chain)), (chain, later)


_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# English prose quoting an example (a message of ``rasd explain``) is no rule word
_ENGLISH_PROSE = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")
# string literals with Arabic letters that are not rule words: a warm-up article, the example value a
# filter's help shows
_NOT_RULE_WORDS = {("store/ingest.py", "اشتباكات في دمشق أمس."), ("store/filters.py", "الحديدة")}


def _arabic_literals(path: Path) -> list[str]:
    """String constants with an Arabic letter in a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and _ARABIC_LETTER.search(node.value)
        and not _ENGLISH_PROSE.search(node.value)
    ]


def test_rule_code_spells_no_arabic_word() -> None:
    root = Path(rasd.__file__).resolve().parent
    modules = [p for d in ("assemble", "recognize", "store") for p in sorted((root / d).rglob("*.py"))]
    assert len(modules) > 20
    found = [
        (str(p.relative_to(root)), literal)
        for p in modules
        for literal in _arabic_literals(p)
        if (str(p.relative_to(root)), literal) not in _NOT_RULE_WORDS
    ]
    assert found == [], "Arabic rule words belong in src/rasd/data/ (rule_words.toml, clitics.toml, …)"


def test_the_scan_sees_an_arabic_literal(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""وثيقة: a docstring is prose."""\nWORDS = ("الذي", "التي")\n'
        'WHY = "a verb after الذي is old news"\n',
        encoding="utf-8",
    )
    assert _arabic_literals(module) == ["الذي", "التي"]


# the ways the code names a cue class: in a match's classes, in a set of classes, or by a helper
_CUE_USES = re.compile(
    r'"([a-z_]+)" (?:not )?in (?:cue\.value|match\.value|classes)'
    r"|(?:cue\.value|match\.value|classes) & \{([^}]*)\}"
    r'|(?:sentence_has\([^)]*|cue_words\(|cue_forms\()"([a-z_]+)"'
)


def _cue_classes_named(source: str) -> set[str]:
    names: set[str] = set()
    for single, group, helper in _CUE_USES.findall(source):
        names.update(filter(None, (single, helper)))
        names.update(re.findall(r'"([a-z_]+)"', group))
    return names


def test_code_names_only_cue_classes_that_exist() -> None:
    root = Path(rasd.__file__).resolve().parent
    named = set()
    for path in [*(root / "assemble").glob("*.py"), *(root / "recognize").glob("*.py")]:
        named |= _cue_classes_named(path.read_text(encoding="utf-8"))
    assert {"negation", "vague_actor", "near", "origin_verbs", "weapon"} <= named  # the scan sees the uses
    assert named - set(CueClass) == set()


def test_the_cue_use_scan_catches_a_misspelt_class() -> None:
    source = 'if "negaton" in cue.value or cue.value & {"air", "wepon"}:\n'
    source += '    sentence_has(ctx, s, "interventon")'
    assert _cue_classes_named(source) - set(CueClass) == {"negaton", "wepon", "interventon"}
