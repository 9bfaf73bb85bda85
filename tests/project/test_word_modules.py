"""The words of a package live in one module: a word table is made only there, and no code picks a language's
text with an inline ``lang == "es"``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # wherever the file sits

#: Where word tables are made: one module per package (the classroom is viz's own subpackage), and the
#: command's help, whose keys are its options' names (``player_title`` is ``--title``'s help, not a word of
#: the player) and which is the command's manual.
WORD_MODULES = {"autograd/text.py", "nn/words.py", "viz/words.py", "viz/classroom/words.py", "viz/cli/help_words.py"}

#: Code that compares a language with ``"es"`` to translate what others write in English (Python's and
#: argparse's messages, the op table's own Spanish beside its English) or to name LaTeX's language package.
TRANSLATORS = {"autograd/ops.py", "viz/classroom/formula_words.py", "viz/cli/messages.py",
               "viz/classroom/documents.py"}


def _sources() -> dict[str, ast.Module]:
    return {str(path.relative_to(ROOT)): ast.parse(path.read_text()) for package in ("autograd", "nn", "viz")
            for path in sorted((ROOT / package).rglob("*.py"))}


def _makes_a_word_table(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "WordTable"
               for node in ast.walk(tree))


def _compares_with_spanish(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value == "es"
                                                     for c in [node.left, *node.comparators])
               for node in ast.walk(tree))


def test_word_tables_are_made_only_in_the_word_modules() -> None:
    makers = {name for name, tree in _sources().items() if _makes_a_word_table(tree)}
    assert makers == WORD_MODULES


def test_no_inline_spanish_text_outside_the_translators() -> None:
    found = {name for name, tree in _sources().items() if _compares_with_spanish(tree)}
    assert found <= TRANSLATORS, f"put the words in the package's word table: {sorted(found - TRANSLATORS)}"


def test_the_checks_see_a_table_and_an_inline_spanish_text() -> None:
    tree = ast.parse('WORDS = WordTable(en={}, es={})\ntitle = "Hola" if lang == "es" else "Hello"\n')
    assert _makes_a_word_table(tree) and _compares_with_spanish(tree)
