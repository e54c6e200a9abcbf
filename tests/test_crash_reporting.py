"""Uncaught errors are logged without reflection text and shown with "Copy details"."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from reflect.data.db import Database
from reflect.logs import FAULT_NAME, LOG_NAME, configure_logging
from reflect.paths import DataPaths
from reflect.ui import crash


def test_an_uncaught_error_is_logged_and_its_details_can_be_copied(qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_logging(paths)
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        next(b for b in box.buttons() if b.text() == "Copy details").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install_excepthook()
    try:
        raise RuntimeError("something broke in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert "Your saved reflections are safe" in shown[0].text()
    assert "RuntimeError: something broke in a slot" in QGuiApplication.clipboard().text()
    log = (paths.logs / LOG_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: something broke in a slot" in log


def test_database_errors_never_carry_the_reflection_text(database: Database) -> None:
    secret = "private words about the session"
    with pytest.raises(StatementError) as caught, database.engine.begin() as connection:
        connection.execute(text("insert into no_such_table values (:t)"), {"t": secret})
    assert secret not in str(caught.value)


def test_a_previous_hard_crash_is_reported_once(paths: DataPaths) -> None:
    paths.logs.mkdir(parents=True)
    (paths.logs / FAULT_NAME).write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    import reflect.logs as logs

    logs._fault_file = object()  # type: ignore[assignment]  # keep this test from enabling faulthandler again
    try:
        assert "Segmentation fault" in (configure_logging(paths) or "")
        assert configure_logging(paths) is None
    finally:
        logs._fault_file = None
