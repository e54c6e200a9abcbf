"""Quitting (or pressing Cancel) while File → Export writes a CSV table stops it: no file appears.

The table used to read every reflection at once, with nothing between that a Cancel could stop:
at 100,000 reflections Reflect, closed, went on for 8 s and then wrote the file anyway.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from reflect import demo
from reflect.ui.dialogs.exchange import ExportDialog
from reflect.ui.ops import finish_work


@pytest.mark.parametrize("include_text", [False, True])
def test_quitting_while_a_csv_table_is_exported_writes_nothing(
    qtbot: QtBot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, include_text: bool
) -> None:
    context = main_window.context
    context.reflections.save_many(demo.generate(context.framework(), 40, date(2026, 5, 1)))
    out = tmp_path / "exports"
    out.mkdir()

    def choose_csv(dialog: ExportDialog) -> int:
        dialog.csv_button.setChecked(True)
        dialog.include_text.setChecked(include_text)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose_csv)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out / "table.csv"), ""))
    export = next(a for a in main_window.menuBar().actions()[0].menu().actions() if a.text() == "&Export…")
    export.trigger()

    assert finish_work() is True  # what Reflect does once its window has closed: the export is cancelled
    assert list(out.iterdir()) == []  # no table, and no half-written file beside it
