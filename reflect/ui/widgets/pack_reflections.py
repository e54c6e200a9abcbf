"""The reflections a supervisee shared in their pack, each with a box for the supervisor's comment."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout

from reflect.supervision.pack import Pack
from reflect.supervision.response import Response
from reflect.wording import moment_text


def comment_edit(name: str, lines: int = 3) -> QPlainTextEdit:
    """A few lines of plain text, named for screen readers; Tab moves on rather than typing a tab."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
    return edit


def show_reflections(column: QVBoxLayout, pack: Pack, response: Response) -> dict[str, QPlainTextEdit]:
    """Replace what `column` shows by the pack's reflections, each with its comment box filled from `response`;
    returns the boxes by reflection id."""
    while (taken := column.takeAt(0)) is not None:
        if (widget := taken.widget()) is not None:
            widget.deleteLater()
    comments = {}
    written = {c.about: c.text for c in response.reflection_comments}
    for reflection in pack.reflections:
        box = QGroupBox(f"{moment_text(reflection.occurred_at)} — {reflection.session}")
        inner = QVBoxLayout(box)
        notes = "".join(f"<br><i>{escape(r.label)}</i> ({escape(r.answer)}): {escape(r.note)}"
                        for r in reflection.ratings if r.note)
        shown = QLabel(f"Score {escape(reflection.score)}<br>{escape(reflection.text) or '(no text)'}{notes}")
        shown.setTextFormat(Qt.TextFormat.RichText)
        shown.setWordWrap(True)
        comment = comment_edit(f"Your comment on the reflection of {moment_text(reflection.occurred_at)}")
        comment.setPlainText(written.get(reflection.id, ""))
        inner.addWidget(shown)
        inner.addWidget(comment)
        column.addWidget(box)
        comments[reflection.id] = comment
    return comments
