"""Reflections from the 1990s (imported from an old record, or demo data of a long career)
keep their dates in the form and can be found in History: the form and the filters take
every day an import takes (``records.EARLIEST_DAY``)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from reflect.records import EARLIEST_DAY, RatingEntry, ReflectionFilter, ReflectionRecord
from reflect.ui.main_window import MainWindow
from tests.helpers import press, settle

LONG_AGO = datetime(1992, 3, 2, 10, 0)


def _an_old_reflection(window: MainWindow) -> ReflectionRecord:
    framework = window.context.framework()
    return window.context.complete(ReflectionRecord(
        occurred_at=LONG_AGO, duration_min=50, setting="community", contact_type="review", modality="in-person",
        framework_id=framework.id, framework_version=framework.version,
        ratings=tuple(RatingEntry(item.id, "yes", 2) for item in framework.items), text="An early review.",
    ))


def test_an_old_reflection_edited_in_the_form_keeps_its_date(qtbot: QtBot, main_window: MainWindow) -> None:
    saved = _an_old_reflection(main_window)
    main_window.open_reflection(saved)
    assert main_window.form.details.when_edit.dateTime().toPython() == LONG_AGO  # shown as it is
    main_window.form.text_edit.setPlainText("An early review, read again.")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = main_window.context.reflections.get(saved.id or "")
    assert stored.text == "An early review, read again." and stored.occurred_at == LONG_AGO  # not moved to 2000


def test_history_finds_reflections_from_the_earliest_day_an_import_takes(qtbot: QtBot, main_window: MainWindow) -> None:
    _an_old_reflection(main_window)
    main_window.show_page("history")
    history = main_window.history
    history.from_edit.setDate(QDate(1991, 1, 1))
    history.to_edit.setDate(QDate(1993, 12, 31))
    settle(qtbot, history)
    assert history.from_edit.date() == QDate(1991, 1, 1) and history.to_edit.date() == QDate(1993, 12, 31)
    shown = main_window.context.count(ReflectionFilter(date_from=date(1991, 1, 1), date_to=date(1993, 12, 31)))
    assert shown == 1 and history.model.rowCount() == 1
    history.from_edit.setDate(QDate(EARLIEST_DAY.year, EARLIEST_DAY.month, EARLIEST_DAY.day))
    assert history.from_edit.text() != "Any"  # the earliest day is a day, not "Any"
