"""The identifier scanner's settings as a person uses them: the names field and its daily clearing,
and a record-number pattern that cannot be used, refused in Settings and never dropped silently."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from reflect.cli import main
from reflect.day_names import clear_expired_names, stamp_names
from reflect.paths import DataPaths
from reflect.records import ReflectionFilter
from reflect.settings import Settings, load_settings
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from reflect.ui.pages.cpd import CpdView
from reflect.ui.pages.settings import SettingsView
from tests.helpers import answer_boxes, load_all_settings, open_window, press, save_all_settings

BROKEN = [{"label": "RiO number", "pattern": "RIO[0-9"}]


def _settings_page(qtbot: QtBot, main_window: MainWindow) -> SettingsView:
    row = main_window.nav.count() - 1
    qtbot.keyClick(main_window.nav, Qt.Key(Qt.Key.Key_0 + row + 1), Qt.KeyboardModifier.ControlModifier)
    page = main_window.current_view()
    assert isinstance(page, SettingsView)
    return page


def _type_in_form(qtbot: QtBot, main_window: MainWindow, text: str) -> None:
    main_window.show_page("reflect")
    main_window.form.text_edit.setFocus()
    qtbot.keyClicks(main_window.form.text_edit, text)
    main_window.form.privacy_panel.rescan()


# --- names: wording and clearing at the end of the day -------------------------------------------


def test_the_names_field_never_invites_a_list_of_patients(qtbot: QtBot, main_window: MainWindow) -> None:
    page = _settings_page(qtbot, main_window)
    label = next(w for w in page.findChildren(QLabel) if w.buddy() is page.scanner.names_edit)
    assert "Never paste a patient list" in label.text()
    assert "today's list" not in label.text() and "today" not in page.scanner.names_edit.accessibleName()
    assert page.scanner.clear_names_daily.text() == "Clear these names at the end of each day"


def test_names_are_cleared_once_the_day_they_were_entered_is_over(
    qtbot: QtBot, main_window: MainWindow, paths: DataPaths
) -> None:
    context = main_window.context
    context.today = lambda: date(2025, 6, 2)
    page = _settings_page(qtbot, main_window)
    qtbot.keyClicks(page.scanner.names_edit, "Alex Example")
    page.scanner.clear_names_daily.setFocus()
    qtbot.keyClick(page.scanner.clear_names_daily, Qt.Key.Key_Space)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status_label.text() == "Settings saved."

    _type_in_form(qtbot, main_window, "alex example seemed brighter")
    assert [f.label for r in main_window.form.privacy_panel.results for f in r.findings] == ["Name"]

    context.today = lambda: date(2025, 6, 2)  # later the same day: still watched for
    main_window.form.privacy_panel.rescan()
    assert main_window.form.privacy_panel.unresolved() == 1

    context.today = lambda: date(2025, 6, 3)  # the next day: forgotten, on screen and on disk
    main_window.form.privacy_panel.rescan()
    assert main_window.form.privacy_panel.unresolved() == 0
    qtbot.waitUntil(lambda: load_all_settings(paths).identifier_names == [])
    assert load_settings(paths.settings).clear_names_daily  # the choice itself stays
    page = _settings_page(qtbot, main_window)
    assert page.scanner.names_edit.toPlainText() == "" and page.scanner.clear_names_daily.isChecked()


def test_without_daily_clearing_names_stay(qtbot: QtBot, paths: DataPaths) -> None:
    paths.ensure()
    save_all_settings(paths, Settings(identifier_names=["Alex Example"], names_entered_on=date(2025, 6, 2)))
    context = AppContext.open(paths)
    try:
        context.today = lambda: date(2026, 1, 1)
        assert context.scanner_config().names == ("Alex Example",)
    finally:
        context.close()


def test_names_entered_on_is_the_day_they_last_changed() -> None:
    settings = Settings(clear_names_daily=True)
    stamp_names(settings, ["Alex Example"], date(2025, 6, 2))
    stamp_names(settings, ["Alex Example"], date(2025, 6, 3))  # saved again unchanged: still Monday's list
    assert settings.names_entered_on == date(2025, 6, 2)
    assert not clear_expired_names(settings, date(2025, 6, 2))
    assert clear_expired_names(settings, date(2025, 6, 3))
    assert settings.identifier_names == [] and settings.names_entered_on is None
    stamp_names(settings, ["Sam"], date(2025, 6, 3))
    stamp_names(settings, ["Sam", "Jo"], date(2025, 6, 4))  # changed: a new day's list
    assert settings.names_entered_on == date(2025, 6, 4)


# --- a record-number pattern that cannot be used ---------------------------------------------------


def test_settings_refuses_a_bad_pattern_and_keeps_the_good_ones(
    qtbot: QtBot, main_window: MainWindow, paths: DataPaths
) -> None:
    page = _settings_page(qtbot, main_window)
    page.scanner.add_pattern_row("Hospital number", r"RX\d{6}")
    page.scanner.add_pattern_row("RiO number", "RIO[0-9")  # what the Add button opens, filled in
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    message = page.status_label.text()
    assert message.startswith("Not saved.") and '"RiO number"' in message and "not a valid regular expression" in message
    assert page.scanner.patterns.currentRow() == 1 and page.scanner.patterns.currentColumn() == 1
    assert main_window.context.settings.record_patterns == []
    assert main_window.context.scanner_config().patterns == ()  # nothing half-saved
    page.scanner.patterns.item(1, 1).setText("RIO[0-9]{7}")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status_label.text() == "Settings saved."
    assert [p.label for p in main_window.context.scanner_config().patterns] == ["Hospital number", "RiO number"]


def test_a_broken_saved_pattern_is_shown_in_the_form_and_saving_asks(
    qtbot: QtBot, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-edited or imported pattern that cannot be used: the form says so instead of checking without it."""
    paths.ensure()
    save_all_settings(paths, Settings(record_patterns=BROKEN))
    main_window = open_window(qtbot, paths)
    try:
        for key in "YYYYYYYYYY":
            press(qtbot, key)
        qtbot.keyClicks(main_window.form.text_edit, "A calm review.")
        panel = main_window.form.privacy_panel
        qtbot.waitUntil(lambda: panel.unresolved() == 1)
        assert panel.isVisible() and '"RiO number"' in panel.title.text() and "Settings" in panel.title.text()
        asked = answer_boxes(monkeypatch, "Go back")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert len(asked) == 1 and '"RiO number"' in asked[0].text()
        assert main_window.context.count(ReflectionFilter(statuses=("complete",))) == 0
    finally:
        main_window.close()
        main_window.context.close()


def test_a_broken_saved_pattern_stops_a_cpd_save_with_its_name(qtbot: QtBot, paths: DataPaths) -> None:
    paths.ensure()
    save_all_settings(paths, Settings(record_patterns=BROKEN))
    context = AppContext.open(paths)
    try:
        view = CpdView(context)
        qtbot.addWidget(view)
        view.show()
        tab = view.goals
        qtbot.keyClicks(tab.title, "Share hope")
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
        assert tab.status.text().startswith("Not saved.") and '"RiO number"' in tab.status.text()
        assert view.cpd.goals() == []
    finally:
        context.close()


def test_check_text_names_a_broken_saved_pattern_in_one_sentence(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths.ensure()
    save_all_settings(paths, Settings(record_patterns=BROKEN))
    monkeypatch.setattr("sys.stdin", io.StringIO("Seen in clinic."))
    assert main(["check-text"]) != 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and '"RiO number"' in captured.err


def test_check_text_command_reports_the_new_kinds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Mrs Patel's son Tom, MRN 10456732, lives at 12 Elm Road; Oak Ward, then St Thomas' Hospital."
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(["check-text"]) == 1
    labels = [line.split(",")[0] for line in capsys.readouterr().out.splitlines()]
    assert labels == [
        "Name with a title", "Relative's name", "Hospital number", "Street address", "Ward name", "Hospital name",
    ]


@pytest.mark.parametrize(("daily", "flagged"), [(True, False), (False, True)])
def test_check_text_leaves_out_names_of_an_earlier_day_only_when_asked(
    daily: bool, flagged: bool, paths: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths.ensure()
    settings = Settings(identifier_names=["Alex Example"], names_entered_on=date(2020, 1, 6), clear_names_daily=daily)
    save_all_settings(paths, settings)
    monkeypatch.setattr("sys.stdin", io.StringIO("alex example seemed brighter"))
    assert main(["check-text"]) == (1 if flagged else 0)
    assert ("Name, 0-12" in capsys.readouterr().out) is flagged
    assert load_all_settings(paths) == settings  # a command that only reads changes nothing
