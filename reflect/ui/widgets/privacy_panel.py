"""Possible patient identifiers in the form's free text: highlighted, listed, redacted in one click.

The form hands in its text fields; this panel scans them (debounced, with the
same `scan_fields` as CPD, reports, exports and `reflect check-text`), highlights
findings in the reflection text, lists every finding masked, and replaces one or
all of them by a tag such as ``[NHS number]``. A saved record-number pattern that
cannot be used is shown here, and counts as unresolved, rather than left out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the scanner is imported at the first text to scan, not at start-up
    from reflect.privacy import Finding, ScannerConfig

SCAN_DELAY_MS = 400


@dataclass(frozen=True)
class FieldFindings:
    name: str
    widget: QPlainTextEdit | QLineEdit
    findings: tuple[Finding, ...]


def _text_of(widget: QPlainTextEdit | QLineEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


class PrivacyPanel(QFrame):
    """Lists findings with Redact buttons; hidden while everything is clean."""

    findingsChanged = Signal(int)  # how many findings are unresolved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Possible identifiers")
        self._fields: list[tuple[str, QPlainTextEdit | QLineEdit]] = []
        self._config: Callable[[], ScannerConfig] | None = None
        self.results: list[FieldFindings] = []
        self.config_error = ""  # why the scanner cannot be set up (a broken saved pattern), or ""

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

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SCAN_DELAY_MS)
        self._timer.timeout.connect(self.rescan)

    def watch(self, fields: list[tuple[str, QPlainTextEdit | QLineEdit]], config: Callable[[], ScannerConfig]) -> None:
        """Scan these fields from now on (called when the form is rebuilt or settings change).

        `config` gives the scanner set-up when there is text to scan.
        """
        for _name, widget in self._fields:
            with contextlib.suppress(RuntimeError, TypeError):  # already destroyed with an old checklist
                widget.textChanged.disconnect(self._timer.start)
        self._fields = fields
        self._config = config
        for _name, widget in fields:
            widget.textChanged.connect(self._timer.start)
        self.rescan()

    def unresolved(self) -> int:
        return sum(len(r.findings) for r in self.results) + (1 if self.config_error else 0)

    def rescan(self) -> None:
        self._timer.stop()
        texts = [(name, widget, text) for name, widget in self._fields if (text := _text_of(widget)).strip()]
        self.results = []
        self.config_error = ""
        if texts and self._config is not None:
            from reflect.privacy import PatternError, scan_fields

            try:
                problems = scan_fields([(name, text) for name, _widget, text in texts], self._config())
            except PatternError as exc:
                self.config_error = f"{exc} Correct it in Settings: until then this text cannot be checked."
                problems = []
            self.results = [FieldFindings(p.where, texts[p.index][1], p.findings) for p in problems]
        self._highlight()
        self._show()
        self.findingsChanged.emit(self.unresolved())

    def _highlight(self) -> None:
        marked = QTextCharFormat()
        marked.setBackground(QColor("#ffd8a8"))
        marked.setForeground(QColor("#000000"))
        marked.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        marked.setUnderlineColor(QColor("#b00020"))
        for _name, widget in self._fields:
            if not isinstance(widget, QPlainTextEdit):
                continue
            selections = []
            result = next((r for r in self.results if r.widget is widget), None)
            for finding in result.findings if result else ():
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(widget.document())
                cursor.setPosition(finding.start)
                cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selection.format = marked
                selections.append(selection)
            widget.setExtraSelections(selections)

    def _show(self) -> None:
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
            return
        if not count:
            return
        from reflect.privacy import mask

        self.title.setText(
            f"<b>{count} possible identifier{'s' if count != 1 else ''}</b> — reflections must not identify "
            "anyone. Redact, or reword (the scanner cannot catch everything)."
        )
        for result in self.results:
            for finding in result.findings:
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

    def redact_one(self, widget: QPlainTextEdit | QLineEdit, finding: Finding) -> None:
        self._replace(widget, [finding])
        self.rescan()

    def redact_all(self) -> None:
        for result in self.results:
            self._replace(result.widget, list(result.findings))
        self.rescan()

    @staticmethod
    def _replace(widget: QPlainTextEdit | QLineEdit, findings: list[Finding]) -> None:
        from reflect.privacy import redact

        if isinstance(widget, QLineEdit):
            widget.setText(redact(widget.text(), findings))
            return
        # edit through a cursor so Ctrl+Z can undo the redaction
        redacted = redact(widget.toPlainText(), findings)
        cursor = QTextCursor(widget.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(redacted)


HINT = (
    "Write about the session, not the person: “a man in his 60s”, not names, dates of birth or places. "
    "Possible identifiers are flagged, but the scanner cannot catch everything."
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
    answer = QMessageBox.question(
        parent,
        "Possible identifiers",
        f"{why} Save it anyway? It will be marked as saved with a privacy warning.",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Save

