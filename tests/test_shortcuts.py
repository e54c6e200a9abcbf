"""Shortcuts follow each system: standard keys where Qt has one, and no "Ctrl+" written into text.

Qt maps "Ctrl" to Command on macOS for key sequences, but not in strings shown to people,
and a literal such as "Ctrl+Z" or "Escape" skips the system's own binding for that action.
These read the UI modules' source, so a new hard-coded shortcut fails here on any system.
"""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

import reflect.ui
from reflect.ui import keys

UI = Path(reflect.ui.__file__).parent


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(UI.rglob("*.py"))]


def _key_sequence_calls(tree: ast.Module) -> list[ast.Call]:
    return [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "QKeySequence"
    ]


def test_no_shortcut_is_written_into_text_shown_to_people() -> None:
    written = []
    for path, tree in _modules():
        exempt = {id(n) for call in _key_sequence_calls(tree) for n in ast.walk(call)}
        exempt |= {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}  # docstrings
        written += [
            f"{path.name}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "Ctrl+" in node.value
            and id(node) not in exempt
        ]
    assert written == []


def test_no_literal_shortcut_stands_in_for_a_standard_key(qapp: QApplication) -> None:
    standard = {
        binding.toString(): key.name for key in QKeySequence.StandardKey for binding in QKeySequence.keyBindings(key)
    }
    literals = [
        (path.name, call.lineno, call.args[0].value)
        for path, tree in _modules() for call in _key_sequence_calls(tree)
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
    ]
    assert literals  # Reflect's own shortcuts (keys.py) are literals with no standard key
    clashes = [(name, line, text, standard[QKeySequence(text).toString()]) for name, line, text in literals
               if QKeySequence(text).toString() in standard]
    assert clashes == []


def test_shortcuts_are_shown_in_the_systems_own_notation(qapp: QApplication) -> None:
    assert keys.shown(keys.LOCK) == keys.LOCK.toString(QKeySequence.SequenceFormat.NativeText)
    assert keys.shown(QKeySequence.StandardKey.Undo) == QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )
