"""File → Export and File → Import, with the preview before anything changes."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reflect import demo
from reflect.cli import main
from reflect.cpd import Activity, CpdStore, Goal
from reflect.data.db import open_database
from reflect.exchange import export_json
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import ReflectionFilter
from reflect.reflections import ReflectionStore
from reflect.settings import Settings
from reflect.ui.context import AppContext
from reflect.ui.dialogs.exchange import ExportDialog, export_reflections, import_reflections
from tests.helpers import answer_boxes, settle


def trigger(main_window, text: str) -> None:
    action = next(a for a in main_window.menuBar().actions()[0].menu().actions() if a.text().replace("&", "") == text)
    action.trigger()


def test_export_a_csv_table_from_the_file_menu(
    qtbot: QtBot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = main_window.context
    context.reflections.save_many(demo.generate(context.framework(), 12, date(2026, 5, 1)))

    def choose_csv(dialog: ExportDialog) -> int:
        dialog.csv_button.setChecked(True)
        dialog.include_text.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose_csv)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "table.csv"), ""))
    trigger(main_window, "Export…")
    qtbot.waitUntil(lambda: "Exported 12 reflections" in main_window.statusBar().currentMessage(), timeout=20_000)
    lines = (tmp_path / "table.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 13 and lines[0].endswith("reflection,notes")


def test_import_shows_a_preview_then_merges(
    qtbot: QtBot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = str(tmp_path / "other-computer")
    backup = tmp_path / "other.json"
    assert main(["demo", "--sessions", "8", "--data-dir", other]) == 0
    assert main(["export", "--format", "json", "--out", str(backup), "--data-dir", other]) == 0
    context = main_window.context
    assert context is not None
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    shown = answer_boxes(monkeypatch, "Cancel", "Import")
    trigger(main_window, "Import…")
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20_000)
    assert "8 new" in shown[0].text() and "0 already here" in shown[0].text()
    qtbot.wait(200)
    assert context.count(ReflectionFilter(statuses=("complete",))) == 0  # cancelled: nothing changed
    trigger(main_window, "Import…")
    qtbot.waitUntil(lambda: "8 added" in main_window.statusBar().currentMessage(), timeout=20_000)
    assert context.count(ReflectionFilter(statuses=("complete",))) == 8
    main_window.show_page("history")
    settle(qtbot, main_window.history)
    assert main_window.history.model.rowCount() == 8


def test_a_damaged_backup_is_refused_with_one_message(
    qtbot: QtBot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "reflect-export", "schema_version": 1, "data": {"reflections": []}, "sha256": "0"}))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    trigger(main_window, "Import…")
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert len(warned) == 1 and "checksum" in warned[0]
    assert main_window.context.count(ReflectionFilter(statuses=("complete", "draft"))) == 0


def test_the_preview_and_result_count_goals_cpd_activities_and_evidence(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: QWidget
) -> None:
    other = open_database(DataPaths(tmp_path / "other-computer"))
    catalog = load_catalog()
    store, cpd = ReflectionStore(other, catalog), CpdStore(other)
    store.save_many(demo.generate(catalog.default(), 3, date(2026, 5, 1)))
    cpd.save_goal(Goal("Share hope in every review"))
    certificate = tmp_path / "certificate.txt"
    certificate.write_text("Attended the recovery course.", encoding="utf-8")
    cpd.save_activity(Activity(date(2026, 5, 1), "Recovery course", "course", 3.0), add_files=[certificate])
    backup = tmp_path / "other.json"
    export_json(store, catalog, Settings(), backup)
    other.close()

    context = AppContext.open(paths)
    parent = host
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    shown = answer_boxes(monkeypatch, "Import")
    try:
        messages: list[str] = []
        import_reflections(parent, context, messages.append)
        qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
        message = messages[0]
        assert "3 new" in shown[0].text()
        assert "1 CPD activity (1 new), 1 goal (1 new), 1 evidence file (1 new)" in shown[0].text()
        assert message.endswith("; also added 1 CPD activity, 1 goal, 1 evidence file.")
        assert [g.title for g in CpdStore(context.database).goals()] == ["Share hope in every review"]
    finally:
        context.close()


def test_export_runs_on_a_worker_with_progress(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: QWidget
) -> None:
    context.reflections.save_many(demo.generate(context.framework(), 300, date(2026, 5, 1)))
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)  # the JSON backup
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "all.json"), ""))
    parent = host
    messages: list[str] = []
    threads: list[str] = []
    operation = export_reflections(parent, context, lambda message: (messages.append(message),
                                                                       threads.append(operation.thread_name)))
    assert operation is not None
    steps: list[int] = []
    operation.progressed.connect(steps.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=30_000)
    assert threads[0] and threads[0] != threading.main_thread().name
    assert steps and steps[-1] == 1000
    assert messages == [f"Exported 300 reflections to {tmp_path / 'all.json'}."]
    assert len(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["data"]["reflections"]) == 300
