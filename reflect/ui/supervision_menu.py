"""The File menu's supervision actions: prepare a pack, open one (supervisor), import a response,
export a team summary.

Their dialogs' module (and the operation runner it uses) is imported when one is chosen, not
while the window is built: nothing of it is needed for the checklist's first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from reflect.ui.context import AppContext


def _dialogs() -> ModuleType:
    from reflect.ui.dialogs import supervision

    return supervision


def add_supervision_actions(
    menu: QMenu, window: QWidget, context: AppContext, open_pack: Callable[[], None], report: Callable[[str | None], None]
) -> list[QAction]:
    """Add the actions after a separator; returned so they can wait for the database."""
    menu.addSeparator()
    actions = []
    for text, slot in (
        ("Prepare for &supervision…", lambda: report(_dialogs().prepare_pack(window, context))),
        ("&Open a supervision pack…", open_pack),
        ("Import a supervision res&ponse…", lambda: _dialogs().import_response(window, context, report)),
        ("Export a &team summary…", lambda: _dialogs().export_team_summary(window, context, report)),
    ):
        action = QAction(text, window)
        action.triggered.connect(slot)
        menu.addAction(action)
        actions.append(action)
    return actions
