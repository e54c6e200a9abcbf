"""Asking before unsaved changes to a saved reflection are dropped.

Edits to a saved reflection are not autosaved (only drafts are), so opening another one
would lose them silently. The buttons are named for what they do and carry no Alt letters:
this opens while the checklist has focus, where Y, P, N and X are rating keys.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

KEEP = "Keep editing"
DISCARD = "Discard changes"


def discard_unsaved_edits(parent: QWidget, when: str) -> bool:
    """True if the user chooses to drop their unsaved changes; keeping them is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"The reflection from {when} has changes that are not saved yet.")
    box.setInformativeText("Keep editing to save them, or discard them and open the other reflection.")
    keep = box.addButton(KEEP, QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton(DISCARD, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
