"""Reflect's own keyboard shortcuts, and shortcuts written as the system writes them.

Qt reads "Ctrl" in a key sequence as the Command key on macOS, so these work there as
written; text shown to people goes through ``shown`` so it says ⌘L there and Ctrl+L
elsewhere. Where Qt has a standard key (Undo, Cancel, Quit, …) the code uses it instead,
so each system's own binding applies.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

SAVE = QKeySequence("Ctrl+Return")
SAVE_KEYPAD = QKeySequence("Ctrl+Enter")
LOCK = QKeySequence("Ctrl+L")


def shown(sequence: QKeySequence | QKeySequence.StandardKey) -> str:
    """A shortcut as this system names it in menus: Ctrl+Z here, ⌘Z on macOS."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)
