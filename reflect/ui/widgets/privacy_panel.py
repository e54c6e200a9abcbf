"""The summary of possible patient identifiers in the form's free text, with one-click redaction.

Findings are marked inside each field and counted beside it as the user types
(``identifier_marks``); this panel, below the form, lists every finding masked and
replaces one or all of them by a tag such as ``[NHS number]``. A saved record-number
pattern that cannot be used is shown here, and counts as unresolved, rather than left out.
At most ``LISTED`` findings get a row of their own, the rest a line that counts them: the
panel is rebuilt at each scan, and a pasted text with 300 findings held the window 0.3 s a key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reflect.grammar import plural
from reflect.ui.dialogs.confirm import confirm
from reflect.ui.widgets.identifier_marks import FieldFindings, FieldMarks, TextField

if TYPE_CHECKING:
    from reflect.privacy import Finding

LISTED = 20  # findings with a row and a Redact button of their own; every one stays marked in its field


class PrivacyPanel(QFrame):
    """Lists findings with Redact buttons; hidden while everything is clean."""

    def __init__(self, marks: FieldMarks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Possible identifiers")
        self.marks = marks
        self.results: list[FieldFindings] = []

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.redact_all_button = QPushButton("Redact &all")
        self.redact_all_button.setToolTip("Replace every finding by a tag such as [NHS number]")
        self.redact_all_button.clicked.connect(self.redact_all)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.redact_all_button)
        self.rows = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.rows)
        self.setVisible(False)
        marks.changed.connect(self._show)

    @property
    def config_error(self) -> str:
        return self.marks.config_error

    def unresolved(self) -> int:
        return self.marks.unresolved()

    def rescan(self) -> None:
        self.marks.rescan()

    def _show(self) -> None:
        self.results = self.marks.results()
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        count = self.unresolved()
        self.setVisible(count > 0)
        self.redact_all_button.setVisible(not self.config_error)
        if self.config_error:
            self.title.setText(self.config_error)
        elif count:
            self._list_findings(count)

    def _list_findings(self, count: int) -> None:
        from reflect.privacy import mask

        self.title.setText(
            f"<b>{plural(count, 'possible identifier')}</b> — reflections must not identify "
            "anyone. Redact, or reword (the scanner cannot catch everything)."
        )
        listed = [(result, finding) for result in self.results for finding in result.findings][:LISTED]
        for result, finding in listed:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(f"{finding.label} in {result.name}: {mask(finding.text)}")
            button = QPushButton("Redact")
            button.setAccessibleName(f"Redact {finding.label} in {result.name}")
            button.clicked.connect(lambda _=False, r=result, f=finding: self.redact_one(r.widget, f))
            line.addWidget(text, 1)
            line.addWidget(button)
            self.rows.addWidget(row)
        more = sum(len(result.findings) for result in self.results) - len(listed)
        if more > 0:
            self.rows.addWidget(QLabel(f"… and {more:,} more, each marked in its field: Redact all replaces every one."))

    def redact_one(self, widget: TextField, finding: Finding) -> None:
        self._replace(widget, [finding])
        self.marks.rescan_field(widget)

    def redact_all(self) -> None:
        for result in self.results:
            self._replace(result.widget, list(result.findings))
        self.marks.rescan()

    @staticmethod
    def _replace(widget: TextField, findings: list[Finding]) -> None:
        from reflect.privacy import redact

        current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        findings = [f for f in findings if current[f.start:f.end] == f.text]  # typed over since the scan: skip
        if isinstance(widget, QLineEdit):
            widget.setText(redact(widget.text(), findings))
            return
        assert isinstance(widget, QPlainTextEdit)
        # edit through a cursor so Ctrl+Z can undo the redaction
        redacted = redact(widget.toPlainText(), findings)
        cursor = QTextCursor(widget.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(redacted)


HINT = (
    "Write about the session, not the person: “a man in his 60s”, not names, dates of birth or places. "
    "Possible identifiers are marked where you type them, but the scanner cannot catch everything."
)


def hint_label() -> QLabel:
    label = QLabel(HINT)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def confirm_save_with_findings(parent: QWidget, panel: PrivacyPanel) -> bool:
    """Ask before saving text with unresolved findings; the reflection is then marked as saved with a warning."""
    kinds = sorted({f.label for r in panel.results for f in r.findings})
    why = panel.config_error or f"This reflection may identify someone ({', '.join(kinds)})."
    return confirm(
        parent,
        "Possible identifiers",
        f"{why} Save it anyway? It will be marked as saved with a privacy warning.",
        action="Save anyway",
        cancel="Go back",
    )
