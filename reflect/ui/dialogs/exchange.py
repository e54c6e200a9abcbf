"""File → Export and File → Import: the same services as `reflect export` / `reflect import`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reflect import exchange
from reflect.errors import UserError
from reflect.import_checks import describe_ignored
from reflect.ui.changes import EVERYTHING
from reflect.ui.context import AppContext
from reflect.ui.dialogs.confirm import confirm
from reflect.wording import day_text


class ExportDialog(QDialog):
    """Choose the JSON backup or the CSV table (with or without private text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export reflections")
        self.json_button = QRadioButton("&Complete backup (JSON) — everything, for another computer or safe keeping")
        self.csv_button = QRadioButton("&Table for spreadsheets (CSV) — one row per reflection, one column per tip")
        self.json_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.json_button)
        group.addButton(self.csv_button)
        self.include_text = QCheckBox("Include reflection &text and notes in the table")
        self.include_text.setEnabled(False)
        self.csv_button.toggled.connect(self.include_text.setEnabled)
        note = QLabel("Exported files are not encrypted. Keep them somewhere only you can read.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.json_button, self.csv_button, self.include_text, note, buttons):
            layout.addWidget(widget)

    def choice(self) -> tuple[str, bool]:
        return ("json", False) if self.json_button.isChecked() else ("csv", self.include_text.isChecked())


T = TypeVar("T")


def _busy(work: Callable[[], T]) -> T:
    """Run a short job with a busy cursor (exports of tens of thousands take a second or two)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QGuiApplication.restoreOverrideCursor()


def export_reflections(parent: QWidget, context: AppContext) -> str | None:
    """Ask what and where, write it, and return a status message (None if cancelled)."""
    dialog = ExportDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    fmt, include_text = dialog.choice()
    suggested = str(Path.home() / f"reflect-export.{fmt}")
    filters = "JSON backup (*.json)" if fmt == "json" else "CSV table (*.csv)"
    name, _ = QFileDialog.getSaveFileName(parent, "Export reflections", suggested, filters)
    if not name:
        return None
    path = Path(name)
    try:
        if fmt == "json":
            count = _busy(lambda: exchange.export_json(context.reflections, context.catalog, context.settings, path))
        else:
            count = _busy(
                lambda: exchange.export_csv(context.reflections, context.catalog, path, include_text, context.scanner_config())
            )
    except exchange.IdentifiersInExport as exc:
        if not confirm(parent, "Possible identifiers", f"{exc}\n\nExport the text anyway?", action="Export anyway"):
            return None
        try:
            count = _busy(
                lambda: exchange.export_csv(context.reflections, context.catalog, path, True, allow_identifiers=True)
            )
        except UserError as again:
            QMessageBox.warning(parent, "Export failed", str(again))
            return None
    except UserError as exc:
        QMessageBox.warning(parent, "Export failed", str(exc))
        return None
    return f"Exported {count:,} reflection{'s' if count != 1 else ''} to {path}."


def _preview_text(name: str, preview: exchange.ImportPreview) -> str:
    span = f"from {day_text(preview.first)} to {day_text(preview.last)}" if preview.first and preview.last else ""
    lines = [
        f"<p><b>{name}</b> holds {preview.total:,} reflection{'s' if preview.total != 1 else ''} {span}.</p><ul>",
        f"<li>{preview.new:,} new — will be added</li>",
        f"<li>{preview.updates:,} edited later than the copy here — will replace it</li>",
        f"<li>{preview.duplicates:,} already here — will be left as they are</li></ul>",
    ]
    if preview.others:
        lines.append(
            "<p>Also " + ", ".join(count.describe() for count in preview.others)
            + ". New ones will be added; those already here are left as they are.</p>"
        )
    return "".join(lines)


def import_reflections(parent: QWidget, context: AppContext) -> str | None:
    """Pick a JSON backup, show what it would change, then merge it (all or nothing)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import a Reflect backup", str(Path.home()), "JSON backup (*.json)")
    if not name:
        return None
    path = Path(name)
    try:
        document = _busy(lambda: exchange.read_document(path, context.catalog))
        preview = exchange.preview_import(context.reflections, document)
    except UserError as exc:
        QMessageBox.warning(parent, "Cannot import", str(exc))
        return None
    if not confirm(parent, "Import reflections", _preview_text(path.name, preview), action="Import",
                   destructive=False, default_action=True):
        return None
    try:
        result = _busy(lambda: exchange.import_document(context.reflections, document, context.settings))
    except UserError as exc:  # e.g. a record refers to one that is missing: nothing was imported
        QMessageBox.warning(parent, "Cannot import", str(exc))
        return None
    context.save_settings()
    context.announce(EVERYTHING)
    others = result.describe_others()
    ignored = describe_ignored(document.ignored_settings)
    return (
        f"Imported {path.name}: {result.added:,} added, {result.updated:,} updated, {result.unchanged:,} already here"
        + (f"; also added {others}." if others else ".") + (f" {ignored}" if ignored else "")
    )
