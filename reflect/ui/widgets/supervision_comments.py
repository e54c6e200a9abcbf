"""A supervisor's comments on one reflection, shown under it in History and in the form."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from reflect.ui.context import AppContext
from reflect.wording import day_text


class SupervisionComments(QLabel):
    """Hidden unless the reflection has comments from an imported supervision response."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Supervisor's comments")
        self.setVisible(False)

    def show_for(self, reflection_id: str | None) -> None:
        comments = []
        if reflection_id and self._context.ready:
            comments = self._context.supervision.comments_on(reflection_id)
        self.setText("<br>".join(
            f"<b>Supervisor’s comment</b> ({escape(c.supervisor)}, {day_text(c.day)}): {escape(c.text)}"
            for c in comments
        ))
        self.setVisible(bool(comments))
