"""The reflections a supervisee shared in their pack, each with a box for the supervisor's comment."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout

from reflect.supervision.pack import Pack, PackReflection
from reflect.supervision.response import Response
from reflect.wording import moment_text


def comment_edit(name: str, lines: int = 3) -> QPlainTextEdit:
    """A few lines of plain text, named for screen readers; Tab moves on rather than typing a tab."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
    return edit


BATCH = 8  # reflections made per turn of the event loop


class PackReflections(QObject):
    """A pack's reflections in a column, each with a box for the supervisor's comment, made ``BATCH`` per turn
    of the event loop: fifty boxes of wrapped text made and laid out at once held the Supervisees page
    56-62 ms each time a pack was shown (48 ms now; the rest is Qt's own layout). A comment is read from
    its box once made, and until then is the one the response holds, so nothing typed or saved is lost
    while the rest are still being made."""

    def __init__(self, column: QVBoxLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._column = column
        self.boxes: dict[str, QPlainTextEdit] = {}  # by reflection id, those made so far
        self._waiting: list[PackReflection] = []
        self._order: list[str] = []  # every reflection's id, in the pack's order
        self._written: dict[str, str] = {}
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._make_next)

    def show(self, pack: Pack, response: Response) -> None:
        """Replace what the column shows by the pack's reflections, comments filled from `response`."""
        self._next.stop()
        while (taken := self._column.takeAt(0)) is not None:
            if (widget := taken.widget()) is not None:
                widget.deleteLater()
        self.boxes = {}
        self._written = {c.about: c.text for c in response.reflection_comments}
        self._waiting = list(pack.reflections)
        self._order = [r.id for r in pack.reflections]
        self._make_next()  # the first ones now, so the column never shows empty

    @property
    def building(self) -> bool:
        """Whether some reflections wait to be made (in later turns of the event loop)."""
        return bool(self._waiting)

    def comments(self) -> dict[str, str]:
        """Every reflection's comment by id, in the pack's order: as typed in its box, or as the response holds it."""
        made = {reflection_id: box.toPlainText() for reflection_id, box in self.boxes.items()}
        return {reflection_id: made.get(reflection_id, self._written.get(reflection_id, "")) for reflection_id in self._order}

    def _make_next(self) -> None:
        batch, self._waiting = self._waiting[:BATCH], self._waiting[BATCH:]
        for reflection in batch:
            self._make(reflection)
        if self._waiting:
            self._next.start()

    def _make(self, reflection: PackReflection) -> None:
        box = QGroupBox(f"{moment_text(reflection.occurred_at)} — {reflection.session}")
        inner = QVBoxLayout(box)
        notes = "".join(f"<br><i>{escape(r.label)}</i> ({escape(r.answer)}): {escape(r.note)}"
                        for r in reflection.ratings if r.note)
        shown = QLabel(f"Score {escape(reflection.score)}<br>{escape(reflection.text) or '(no text)'}{notes}")
        shown.setTextFormat(Qt.TextFormat.RichText)
        shown.setWordWrap(True)
        comment = comment_edit(f"Your comment on the reflection of {moment_text(reflection.occurred_at)}")
        comment.setPlainText(self._written.get(reflection.id, ""))
        inner.addWidget(shown)
        inner.addWidget(comment)
        self._column.addWidget(box)
        self.boxes[reflection.id] = comment
