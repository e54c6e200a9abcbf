"""The Settings page's layout: Save at the foot of the page, encryption news inside Encryption,
idle locking greyed out (with the reason) when it cannot apply, leave days as readable dates (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QGroupBox, QWidget
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.pages.settings import PassphraseDialog, SettingsView
from tests.helpers import accept_and_wait

PASSPHRASE = "correct horse battery"


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    ctx = AppContext.open(paths)
    yield ctx
    ctx.close()


@pytest.fixture
def view(qtbot: QtBot, context: AppContext, tmp_path: Path) -> SettingsView:
    page = SettingsView(context, autostart_home=tmp_path / "config")
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    qtbot.waitExposed(page)
    return page


def _set_passphrase(dialog: PassphraseDialog) -> int:
    """The passphrase dialog as a person fills it in: the same new passphrase twice, then OK."""
    dialog.new.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE)
    return accept_and_wait(dialog)


def _top(widget: QWidget, view: SettingsView) -> int:
    return widget.mapTo(view, QPoint(0, 0)).y()


def _group(view: SettingsView, title: str) -> QGroupBox:
    [group] = [box for box in view.findChildren(QGroupBox) if box.title() == title]
    return group


def test_save_is_at_the_foot_of_the_page_below_every_section(view: SettingsView) -> None:
    save_top = _top(view.save_button, view)
    assert view.save_button.isVisible() and save_top + view.save_button.height() <= view.height()
    assert save_top > view.height() - 3 * view.save_button.height()  # at the bottom edge, not mid-page
    assert save_top >= _top(view.scroll_area, view) + view.scroll_area.height()  # below every section
    bar = view.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert _top(view.save_button, view) == save_top  # it stays in sight while the sections scroll


def test_the_encryption_outcome_shows_inside_the_encryption_section(
    qtbot: QtBot, view: SettingsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PassphraseDialog, "exec", _set_passphrase)
    qtbot.mouseClick(view.set_button, Qt.MouseButton.LeftButton)
    encryption = _group(view, "Encryption")
    shown = [label for label in (view.status_label, view.encryption_message) if "encrypted" in label.text().lower()]
    assert shown == [view.encryption_message] and view.encryption_message.isVisible()
    assert encryption.isAncestorOf(view.encryption_message)
    assert view.status_label.text() == ""


def test_idle_locking_is_greyed_out_with_the_reason_until_a_passphrase_is_set(
    qtbot: QtBot, view: SettingsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not view.lock.lock_minutes.isEnabled()
    assert "needs a passphrase" in view.lock.reason.text() and view.lock.reason.isVisible()

    monkeypatch.setattr(PassphraseDialog, "exec", _set_passphrase)
    qtbot.mouseClick(view.set_button, Qt.MouseButton.LeftButton)
    assert view.lock.lock_minutes.isEnabled() and "needs a passphrase" not in view.lock.reason.text()
    view.lock.lock_minutes.setFocus()
    qtbot.keyClick(view.lock.lock_minutes, Qt.Key.Key_Up)
    assert view.lock.lock_minutes.value() == view._context.settings.auto_lock_minutes + 1


def test_leave_days_read_as_dates_in_the_editor_and_the_list(qtbot: QtBot, view: SettingsView) -> None:
    day = date.today() + timedelta(days=3)
    view.prompts.leave_date.setDate(QDate(day.year, day.month, day.day))
    expected = f"{day:%a} {day.day} {day:%b %Y}"  # "Mon 3 Nov 2026"
    assert view.prompts.leave_date.text() == expected
    qtbot.mouseClick(view.prompts.add_leave_button, Qt.MouseButton.LeftButton)
    assert view.prompts.leave_days.item(0).text() == expected
