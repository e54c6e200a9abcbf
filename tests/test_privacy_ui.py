"""Identifiers typed into the form are flagged, redacted in one click, and confirmed before saving."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reflect.data.db import open_database
from reflect.data.private_data import store_private
from reflect.paths import DataPaths
from reflect.privacy import mod11_check_digit
from reflect.records import ReflectionFilter
from reflect.settings import Settings
from reflect.ui.main_window import MainWindow
from reflect.ui.pages import PAGES
from tests.helpers import answer_boxes, open_window, press


def valid_nhs_number(first_nine: str = "999000001") -> str:
    """A valid number from the official test range 999 000 0000–999 999 9999."""
    return first_nine + str(mod11_check_digit(first_nine))


NHS = valid_nhs_number()
NHS_SPACED = f"{NHS[:3]} {NHS[3:6]} {NHS[6:]}"


def test_an_nhs_number_in_a_note_is_listed_and_redacted(qtbot: QtBot, main_window: MainWindow) -> None:
    form = main_window.form
    press(qtbot, Qt.Key.Key_Return)  # note on tip 1
    qtbot.keyClicks(form.rows[0].note_edit, f"discussed {NHS_SPACED} with them")
    panel = form.privacy_panel
    qtbot.waitUntil(lambda: panel.unresolved() == 1)
    assert panel.isVisible()
    row_text = panel.findChildren(type(panel.title))[1].text()
    assert "NHS number in the note on tip 1" in row_text and NHS_SPACED not in row_text
    qtbot.mouseClick(panel.redact_all_button, Qt.MouseButton.LeftButton)
    assert form.rows[0].note_edit.text() == "discussed [NHS number] with them"
    assert panel.unresolved() == 0 and not panel.isVisible()


def test_identifiers_in_the_text_are_highlighted_and_one_can_be_redacted(qtbot: QtBot, main_window: MainWindow) -> None:
    form = main_window.form
    form.text_edit.setFocus()
    qtbot.keyClicks(form.text_edit, f"Call back on 07700 900123 about {NHS}.")
    qtbot.waitUntil(lambda: form.privacy_panel.unresolved() == 2)
    assert len(form.text_edit.extraSelections()) == 2
    phone_button = next(b for b in form.privacy_panel.findChildren(type(form.save_button)) if b.accessibleName().startswith("Redact Phone"))
    qtbot.mouseClick(phone_button, Qt.MouseButton.LeftButton)
    assert form.text_edit.toPlainText() == f"Call back on [Phone number] about {NHS}."
    assert form.privacy_panel.unresolved() == 1
    form.text_edit.undo()  # the redaction can be undone like any edit
    assert "07700 900123" in form.text_edit.toPlainText()


def test_a_text_full_of_identifiers_lists_the_first_few_and_redact_all_replaces_every_one(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    from reflect.ui.widgets.privacy_panel import LISTED

    form, panel = main_window.form, main_window.form.privacy_panel
    numbers = [f"07700 900{n:03d}" for n in range(LISTED + 5)]
    form.text_edit.setPlainText(" ".join(f"Rang {number} back." for number in numbers))  # pasted
    qtbot.waitUntil(lambda: panel.unresolved() == len(numbers))
    assert len(form.text_edit.extraSelections()) == len(numbers)  # every one is marked where it is
    buttons = [b for b in panel.findChildren(type(form.save_button)) if b.accessibleName().startswith("Redact Phone")]
    assert len(buttons) == LISTED
    assert any(label.text().startswith("… and 5 more") for label in panel.findChildren(type(panel.title)))
    qtbot.mouseClick(panel.redact_all_button, Qt.MouseButton.LeftButton)
    assert form.text_edit.toPlainText().count("[Phone number]") == len(numbers) and panel.unresolved() == 0


def _store_names(paths: DataPaths, names: list[str]) -> None:
    """Names typed in Settings are kept in the database (never in settings.json)."""
    database = open_database(paths)
    try:
        store_private(Settings(identifier_names=names), database)
    finally:
        database.close()


def test_names_from_settings_are_flagged(qtbot: QtBot, paths: DataPaths) -> None:
    _store_names(paths, ["Alex Example"])
    main_window = open_window(qtbot, paths)
    try:
        main_window.form.text_edit.setFocus()
        qtbot.keyClicks(main_window.form.text_edit, "alex example seemed brighter")
        qtbot.waitUntil(lambda: main_window.form.privacy_panel.unresolved() == 1)
        assert "Name" in main_window.form.privacy_panel.results[0].findings[0].label
    finally:
        main_window.close()
        main_window.context.close()


def test_saving_with_a_finding_asks_first(qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    form = main_window.form
    for key in "YYYYYYYYYY":
        press(qtbot, key)
    qtbot.keyClicks(form.text_edit, f"ref {NHS}")
    answer_boxes(monkeypatch, "Go back", "Save anyway")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Not saved" in form.status_label.text()
    assert form.text_edit.toPlainText() == f"ref {NHS}"
    assert main_window.context.count(ReflectionFilter(statuses=("complete",))) == 0
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert main_window.context.count(ReflectionFilter(statuses=("complete",))) == 1
    assert main_window.context.reflections.records()[0].privacy_warning  # remembered: saved with a warning


def test_no_network_connection_is_made_in_a_whole_ui_session(qtbot: QtBot, paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple] = []

    class Refused(socket.socket):
        def __init__(self, *args, **kwargs) -> None:
            made.append(args)
            raise AssertionError("Reflect tried to open a network socket")

    monkeypatch.setattr(socket, "socket", Refused)
    main_window = open_window(qtbot, paths)
    try:
        for key in "YPNXYYYYYY":
            press(qtbot, key)
        qtbot.keyClicks(main_window.form.text_edit, "a quiet review")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        for page in PAGES:
            main_window.show_page(page.key)
            qtbot.wait(20)
    finally:
        main_window.close()
        main_window.context.close()
    assert made == []


def test_check_text_command_lists_masked_findings(tmp_path: Path) -> None:
    env_home = tmp_path / "home"
    env_home.mkdir()
    _store_names(DataPaths(env_home), ["Sam Sample"])
    text = f"Sam Sample, NHS {NHS_SPACED}, e-mail sam@example.org, seen at M1 1AE.\n"
    result = subprocess.run(
        [sys.executable, "-m", "reflect", "--data-dir", str(env_home), "check-text"],
        input=text, capture_output=True, text=True,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(",")[0] for line in lines] == ["Name", "NHS number", "E-mail address", "Postcode"]
    assert NHS_SPACED not in result.stdout and "sam@example.org" not in result.stdout
    clean = subprocess.run(
        [sys.executable, "-m", "reflect", "--data-dir", str(env_home), "check-text"],
        input="A man in his 60s; we reviewed his coping plan.", capture_output=True, text=True,
    )
    assert clean.returncode == 0 and clean.stdout == ""
