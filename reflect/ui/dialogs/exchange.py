"""File → Export and File → Import: the same services as `reflect export` / `reflect import`.

Both run on a worker through the operation runner (reflect/ui/ops.py) with progress and
Cancel: a career of reflections takes seconds to write or read, and the window stays usable.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

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
from reflect.privacy import ScannerConfig
from reflect.reflections import ReflectionStore
from reflect.settings import Settings, update_settings
from reflect.ui.changes import EVERYTHING
from reflect.ui.context import AppContext
from reflect.ui.dialogs.confirm import confirm
from reflect.ui.ops import Operation, Worker, report_failure
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


Report = Callable[[str], None]  # where the one-line outcome goes (the status bar)


def export_reflections(parent: QWidget, context: AppContext, report: Report) -> Operation[int] | None:
    """Ask what and where, then write it on a worker with progress and Cancel; None if nothing was asked for."""
    dialog = ExportDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    fmt, include_text = dialog.choice()
    suggested = str(Path.home() / f"reflect-export.{fmt}")
    filters = "JSON backup (*.json)" if fmt == "json" else "CSV table (*.csv)"
    name, _ = QFileDialog.getSaveFileName(parent, "Export reflections", suggested, filters)
    if not name:
        return None
    try:
        scanner = context.scanner_config() if fmt == "csv" and include_text else None
    except UserError as exc:  # a saved record-number pattern that cannot be used
        QMessageBox.warning(parent, "Export failed", str(exc))
        return None
    return _export(parent, context, report, Path(name), fmt, include_text, scanner, allow_identifiers=False)


def _export(
    parent: QWidget, context: AppContext, report: Report, path: Path, fmt: str, include_text: bool,
    scanner: ScannerConfig | None, *, allow_identifiers: bool,
) -> Operation[int]:
    catalog, settings = context.catalog, replace(context.settings)  # the worker must not see later edits

    def work(worker: Worker) -> int:
        assert worker.database is not None
        store = ReflectionStore(worker.database, catalog)
        if fmt == "json":
            return exchange.export_json(store, catalog, settings, path, worker.progress)
        return exchange.export_csv(store, catalog, path, include_text, scanner, allow_identifiers, worker.progress)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, exchange.IdentifiersInExport):
            report_failure(parent, "Export reflections", exc)
            return
        if confirm(parent, "Possible identifiers", f"{exc}\n\nExport the text anyway?", action="Export anyway"):
            _export(parent, context, report, path, fmt, True, None, allow_identifiers=True)

    operation = Operation(parent, work, database=context.database, title="Export reflections")
    operation.with_progress("Exporting reflections…").on_failure(failed)
    operation.on_success(lambda count: report(f"Exported {count:,} reflection{'s' if count != 1 else ''} to {path}."))
    return operation.run()


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


def import_reflections(parent: QWidget, context: AppContext, report: Report) -> Operation[Any] | None:
    """Pick a JSON backup; read and check it on a worker, show what it would change, then merge it
    (all or nothing) on a worker too, with progress and Cancel."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import a Reflect backup", str(Path.home()), "JSON backup (*.json)")
    if not name:
        return None
    path, catalog = Path(name), context.catalog

    def read(worker: Worker) -> tuple[exchange.ImportDocument, exchange.ImportPreview]:
        assert worker.database is not None
        worker.progress(0, 1)
        document = exchange.read_document(path, catalog, progress=worker.progress)  # Cancel stops it between chunks
        worker.check()
        return document, exchange.preview_import(ReflectionStore(worker.database, catalog), document)

    def previewed(result: tuple[exchange.ImportDocument, exchange.ImportPreview]) -> None:
        document, preview = result
        if confirm(parent, "Import reflections", _preview_text(path.name, preview), action="Import",
                   destructive=False, default_action=True):
            _merge(parent, context, report, path, document)

    reading = Operation(parent, read, database=context.database, title="Import reflections")
    reading.with_progress(f"Reading {path.name}…").on_failure(lambda exc: _cannot_import(parent, exc))
    return reading.on_success(previewed).run()


def _merge(parent: QWidget, context: AppContext, report: Report, path: Path, document: exchange.ImportDocument) -> None:
    # The worker takes a backup's settings (into an empty folder) into its own copy: the window's
    # settings may change while it runs (a name typed in Settings), and must not change under it.
    catalog, before = context.catalog, deepcopy(context.settings)
    settings = deepcopy(before)

    def merge(worker: Worker) -> exchange.ImportResult:
        assert worker.database is not None
        return exchange.import_document(ReflectionStore(worker.database, catalog), document, settings, worker.progress)

    def merged(result: exchange.ImportResult) -> None:
        _adopt(context, before, settings)
        context.announce(EVERYTHING)
        others = result.describe_others()
        ignored = describe_ignored(document.ignored_settings)
        report(
            f"Imported {path.name}: {result.added:,} added, {result.updated:,} updated, {result.unchanged:,} already here"
            + (f"; also added {others}." if others else ".") + (f" {ignored}" if ignored else ""))

    merging = Operation(parent, merge, database=context.database, title="Import reflections", writes=True)
    merging.with_progress("Importing reflections…").on_failure(lambda exc: _cannot_import(parent, exc))
    merging.on_success(merged).run()


def _adopt(context: AppContext, before: Settings, imported: Settings) -> None:
    """The settings the import took, except those changed in the window while it ran; then saved."""
    live = context.settings
    taken = {f.name: getattr(imported, f.name) for f in fields(Settings)
             if getattr(imported, f.name) != getattr(before, f.name) and getattr(live, f.name) == getattr(before, f.name)}
    update_settings(live, **taken)  # checked once already, by the import
    context.save_settings()


def _cannot_import(parent: QWidget, exc: BaseException) -> None:
    """A damaged or refused file is one sentence (e.g. a record refers to one that is missing): nothing imported."""
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, "Cannot import", str(exc))
    else:
        report_failure(parent, "Import reflections", exc)
