"""Possible identifiers marked where they are typed: inside the field, with a count beside it.

A finding listed only at the foot of the page goes unseen while typing a tip note, so each
watched field is scanned on its own a moment after it changes (only that field: the others
keep their last result), its findings are marked in its text (a wavy underline on a warning
background) and its count ("1 possible identifier") is shown beside it. The findings panel
below the form stays as the summary, with one-click redaction.

The scan is the same ``scan_fields`` as CPD, reports, exports and ``reflect check-text``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from reflect import design
from reflect.grammar import plural

if TYPE_CHECKING:  # the scanner is imported at the first text to scan, not at start-up
    from PySide6.QtGui import QTextCharFormat

    from reflect.privacy import Finding, ScannerConfig

SCAN_DELAY_MS = 400
TextField = QPlainTextEdit | QLineEdit


def on_screen_palette() -> design.Palette:
    """The design palette for the scheme on screen (a dark window background means dark)."""
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return design.palette("dark" if window.lightness() < 128 else "light")


def text_of(widget: TextField) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


class IdentifierCount(QLabel):
    """"2 possible identifiers", beside the field it counts; hidden while the field is clean."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()

    def show_count(self, count: int) -> None:
        if count and not self.styleSheet():  # styled when first needed: a style sheet per label slows start-up
            colours = on_screen_palette()
            self.setStyleSheet(
                f"color: {colours.warning_text}; background: {colours.warning_surface};"
                f" border: 1px solid {colours.danger}; border-radius: 3px; padding: 0 4px;"
            )
        self.setText(plural(count, "possible identifier") if count else "")
        self.setVisible(count > 0)


@dataclass(frozen=True)
class WatchedField:
    """A place to scan: its name in sentences ("the note on tip 3"), the field, its count label."""

    name: str
    widget: TextField
    count: IdentifierCount | None = None


@dataclass(frozen=True)
class FieldFindings:
    name: str
    widget: TextField
    findings: tuple[Finding, ...]


def _marked_format() -> QTextCharFormat:
    from PySide6.QtGui import QTextCharFormat  # Qt's text classes load at the first mark, not before the first paint

    colours = on_screen_palette()
    marked = QTextCharFormat()
    marked.setBackground(QColor(colours.warning_surface))
    marked.setForeground(QColor(colours.warning_text))
    marked.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    marked.setUnderlineColor(QColor(colours.danger))
    return marked


def mark(widget: TextField, findings: Sequence[Finding]) -> None:
    """Mark findings inside the field; the text, its undo history and the cursor are untouched."""
    from PySide6.QtGui import QInputMethodEvent, QTextCursor
    from PySide6.QtWidgets import QTextEdit

    marked = _marked_format()
    if isinstance(widget, QPlainTextEdit):
        selections = []
        for finding in findings:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(widget.document())
            cursor.setPosition(finding.start)
            cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = marked
            selections.append(selection)
        widget.setExtraSelections(selections)
        return
    # A line edit has no extra selections; the one way to format part of its text is an empty
    # input-method event carrying formats (relative to the cursor), which changes no text.
    at = widget.cursorPosition()
    kind = QInputMethodEvent.AttributeType.TextFormat
    attributes = [QInputMethodEvent.Attribute(kind, f.start - at, f.end - f.start, marked) for f in findings]
    QCoreApplication.sendEvent(widget, QInputMethodEvent("", attributes))


def follow_edit(findings: Sequence[Finding], old: str, new: str) -> tuple[Finding, ...]:
    """Findings moved with an edit until the field is scanned again: those in the changed stretch are dropped.

    A line edit's marks stay where they were put, so without this they would sit on the wrong
    letters for a moment after each key.
    """
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    changed_end, shift = len(old) - suffix, len(new) - len(old)
    return tuple(
        f if f.end <= prefix else replace(f, start=f.start + shift, end=f.end + shift)
        for f in findings
        if f.end <= prefix or f.start >= changed_end
    )


class FieldMarks(QObject):
    """Scans the watched fields one by one as they change, marks and counts each, keeps the results."""

    changed = Signal()  # results or config_error changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: list[WatchedField] = []
        self._found: dict[int, tuple[Finding, ...]] = {}  # by position in _fields
        self._texts: dict[int, str] = {}  # each field's text when last scanned or followed
        self._dirty: set[int] = set()
        self._marked: set[int] = set()  # fields that carry marks (perhaps none now): cleared when scanned clean
        self._config: Callable[[], ScannerConfig] | None = None
        self.config_error = ""  # why the scanner cannot be set up (a broken saved pattern), or ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SCAN_DELAY_MS)
        self._timer.timeout.connect(self.scan_changed)

    def watch(self, fields: list[WatchedField], config: Callable[[], ScannerConfig]) -> None:
        """Scan these fields from now on (the form was rebuilt: another checklist's notes, a template's boxes).

        A field watched before whose text is as last scanned keeps its findings and marks: switching the
        checklist under a long reflection dense with identifiers rescanned and remarked its text, 0.1-0.3 s.
        """
        known = {id(field.widget): i for i, field in enumerate(self._fields)}
        kept = [known.get(id(field.widget)) for field in fields]
        still = set(kept)
        for i, field in enumerate(self._fields):
            if i not in still:
                with contextlib.suppress(RuntimeError, TypeError):  # already destroyed with an old checklist
                    field.widget.textChanged.disconnect(self._edited)
        found, texts, marked, dirty = {}, {}, set(), set()
        for new, (field, old) in enumerate(zip(fields, kept, strict=True)):
            if old is None:
                field.widget.textChanged.connect(self._edited)
            if old is None or old in self._dirty or old not in self._found or self._texts.get(old) != text_of(field.widget):
                dirty.add(new)
                if old in self._marked:
                    marked.add(new)  # marks to clear if it is clean now
                continue
            found[new], texts[new] = self._found[old], self._texts[old]
            if old in self._marked:
                marked.add(new)
            if field.count is not None:
                field.count.show_count(len(found[new]))
        self._fields, self._config = fields, config
        self._found, self._texts, self._marked, self._dirty = found, texts, marked, dirty
        self.scan_changed()

    def _edited(self) -> None:
        sender = self.sender()
        index = next((i for i, f in enumerate(self._fields) if f.widget is sender), None)
        if index is None:
            return
        widget, new = self._fields[index].widget, text_of(self._fields[index].widget)
        if self._found.get(index):
            self._found[index] = follow_edit(self._found[index], self._texts.get(index, ""), new)
            if isinstance(widget, QLineEdit):  # a text box's own marks move with its text
                mark(widget, self._found[index])
        self._texts[index] = new
        self._dirty.add(index)
        self._timer.start()

    def rescan(self) -> None:
        """Scan every field now (before saving, and when the scanner's set-up changed)."""
        self._dirty = set(range(len(self._fields)))
        self.scan_changed()

    def rescan_field(self, widget: TextField) -> None:
        """Scan one field now (after a redaction in it)."""
        self._dirty |= {i for i, f in enumerate(self._fields) if f.widget is widget}
        self.scan_changed()

    def scan_changed(self) -> None:
        """Scan the fields changed since the last scan; the others keep their findings."""
        self._timer.stop()
        dirty, self._dirty = sorted(self._dirty), set()
        self._texts.update((i, text_of(self._fields[i].widget)) for i in dirty)
        texts = [(i, text) for i in dirty if (text := self._texts[i]).strip()]
        found: dict[int, tuple[Finding, ...]] = dict.fromkeys(dirty, ())
        if texts and self._config is not None:
            from reflect.privacy import PatternError, scan_fields

            try:
                problems = scan_fields([(self._fields[i].name, text) for i, text in texts], self._config())
                self.config_error = ""
            except PatternError as exc:
                self.config_error = f"{exc} Correct it in Settings: until then this text cannot be checked."
                problems = []
            for problem in problems:
                found[texts[problem.index][0]] = problem.findings
        self._found.update(found)
        if not any(text_of(f.widget).strip() for f in self._fields):
            self.config_error = ""  # nothing to check, so nothing unchecked
        for i in dirty:
            field = self._fields[i]
            if i in self._marked or self._found[i]:  # a field never marked that stays clean is left alone
                mark(field.widget, self._found[i])
                (self._marked.add if self._found[i] else self._marked.discard)(i)
            if field.count is not None:
                field.count.show_count(len(self._found[i]))
        self.changed.emit()

    def results(self) -> list[FieldFindings]:
        """Findings per field, in the order the fields were given; clean fields are left out."""
        return [
            FieldFindings(field.name, field.widget, found)
            for i, field in enumerate(self._fields)
            if (found := self._found.get(i))
        ]

    def unresolved(self) -> int:
        return sum(len(r.findings) for r in self.results()) + (1 if self.config_error else 0)
