"""Asking before unsaved changes to a saved reflection are dropped.

Edits to a saved reflection are not autosaved (only drafts are), so opening another one,
or starting a new one with Ctrl+N, would lose them silently. This opens while the checklist
has focus, where Y, P, N and X are rating keys: the buttons are named for what they do and
carry no letter (``reflect/ui/dialogs/confirm.py``), and keeping the changes is the default.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from reflect.ui.dialogs.confirm import confirm

KEEP = "Keep editing"
DISCARD = "Discard changes"
OPEN_OTHER = "open the other reflection"
START_NEW = "start a new one"


def discard_unsaved_edits(parent: QWidget, when: str, then: str = OPEN_OTHER) -> bool:
    """True if the user chooses to drop their unsaved changes and `then` go on; keeping them is the default."""
    return confirm(
        parent,
        "Unsaved changes",
        f"The reflection from {when} has changes that are not saved yet.",
        action=DISCARD,
        cancel=KEEP,
        detail=f"Keep editing to save them, or discard them and {then}.",
    )
