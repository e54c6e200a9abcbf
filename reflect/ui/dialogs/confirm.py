"""One way to ask before an action: buttons named for what they do, with no letter to press.

A message box answers to a button's mnemonic letter *without* Alt, and Qt's own Yes and No
carry "&Yes" and "&No". These boxes can open while the checklist has focus, where Y, P, N,
X, E, D and the digits are rating keys: a rating typed a moment too late would answer the
question. So every confirmation goes through here: the action and the way back are named
("Delete" / "Cancel", "Discard changes" / "Keep editing"), no button text carries an
ampersand, Escape always takes the way back, and the safe choice is the default.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

CANCEL = "Cancel"


def plain_label(text: str) -> str:
    """Button text shown as written: an ampersand is doubled so it never becomes a mnemonic."""
    return text.replace("&", "&&")


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    action: str = "Delete",
    cancel: str = CANCEL,
    *,
    detail: str = "",
    destructive: bool = True,
    default_action: bool = False,
) -> bool:
    """True if the user chose `action`; Escape, closing the box or `cancel` give False.

    `destructive` marks actions that lose or expose something (the box shows a warning);
    `default_action` makes Return choose the action, for harmless ones such as an import
    already previewed. Otherwise Return, like Escape, keeps things as they are.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    role = QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
    chosen = box.addButton(plain_label(action), role)
    back = box.addButton(plain_label(cancel), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(chosen if default_action else back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is chosen
