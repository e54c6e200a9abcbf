"""The checklist → store → history loop, driven by keyboard and mouse as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.records import ReflectionFilter
from reflect.ui.main_window import MainWindow
from reflect.ui.widgets.item_row import ItemRow
from tests.helpers import answer_boxes, focused, open_window, press, settle


def test_a_complete_reflection_by_keyboard_in_at_most_12_keystrokes(qtbot: QtBot, main_window: MainWindow) -> None:
    keys = ["Y", "y", "P", "X", "n", "Y", "Y", "2", "1", "0"]  # letters, either case, and digits
    assert isinstance(focused(), ItemRow) and focused().number == 1
    for key in keys:
        press(qtbot, key, Qt.KeyboardModifier.ShiftModifier if key.isupper() else Qt.KeyboardModifier.NoModifier)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(keys) + 1 <= 12

    context = main_window.context
    assert context.count(ReflectionFilter(statuses=("complete",))) == 1
    # 5 yes + 2 partly + 1 no over 8 applicable items → 12 of 16 points
    assert "Score 75 % (12 of 16 points, 8 applicable items)" in main_window.form.status_label.text()
    stored = context.reflections.records()[0]
    assert [r.choice for r in stored.ratings] == ["yes", "yes", "partly", "na", "no", "yes", "yes", "partly", "yes", "na"]
    # the form is fresh again, ready for the next session
    assert all(row.choice() is None for row in main_window.form.rows)


def test_saving_with_an_unanswered_tip_says_which_and_keeps_the_form(qtbot: QtBot, main_window: MainWindow) -> None:
    for key in "YYYY":
        press(qtbot, key)
    qtbot.keyClicks(main_window.form.text_edit, "Partial thoughts")
    qtbot.mouseClick(main_window.form.save_button, Qt.MouseButton.LeftButton)
    assert "Tip 5" in main_window.form.status_label.text()
    assert focused() is main_window.form.rows[4]
    assert main_window.form.text_edit.toPlainText() == "Partial thoughts"
    assert main_window.context.count(ReflectionFilter(statuses=("complete",))) == 0


def test_notes_details_and_text_are_saved(qtbot: QtBot, main_window: MainWindow) -> None:
    form = main_window.form
    form.details.setting_combo.setCurrentIndex(form.details.setting_combo.findData("community"))
    press(qtbot, "Y")
    press(qtbot, Qt.Key.Key_Up)  # back to tip 1
    press(qtbot, Qt.Key.Key_Return)  # open its note
    assert focused() is form.rows[0].note_edit
    qtbot.keyClicks(focused(), "asked about their own goals first")
    press(qtbot, Qt.Key.Key_Return)  # back to the tip
    assert focused() is form.rows[0]
    press(qtbot, Qt.Key.Key_Down)
    for key in "PNNYYYYYY":
        press(qtbot, key)
    assert focused() is form.text_edit
    qtbot.keyClicks(form.text_edit, "Less talking from me next time.")
    form.details.tags_edit.setText("supervision, Learning")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = main_window.context.reflections.records()[0]
    assert stored.ratings[0].note == "asked about their own goals first"
    assert stored.text == "Less talking from me next time."
    assert stored.setting == "community" and stored.tags == ("learning", "supervision")
    # the session details are remembered as the next defaults
    assert form.details.setting_combo.currentData() == "community"


def test_history_open_edit_delete_and_undo(qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in "YYYYYYYYYY":
        press(qtbot, key)
    qtbot.keyClicks(main_window.form.text_edit, "First reflection")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go → History
    history = main_window.history
    assert main_window.current_view() is history
    settle(qtbot, history)
    assert history.model.rowCount() == 1
    assert history.model.index(0, 3).data() == "100 %"
    assert history.model.index(0, 4).data() == "First reflection"
    assert "1 reflection" in history.count_label.text()

    history.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # open the selected reflection
    form = main_window.form
    assert main_window.current_view() is form and form.is_editing()
    form.rows[2].setFocus()
    press(qtbot, "N")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Changes saved" in form.status_label.text()
    main_window.show_page("history")
    settle(qtbot, history)
    assert history.model.index(0, 3).data() == "90 %"
    assert main_window.context.count(ReflectionFilter(statuses=("complete",))) == 1
    asked = answer_boxes(monkeypatch, "Delete")
    history.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert asked and "undo" in asked[0].text()
    settle(qtbot, history)
    assert history.model.rowCount() == 0
    assert history.undo_bar.isVisible()
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, history)
    assert history.model.rowCount() == 1
    assert history.model.index(0, 3).data() == "90 %"
    assert not history.undo_bar.isVisible()


def test_declining_the_delete_confirmation_keeps_the_reflection(qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in "YYYYYYYYYY":
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    main_window.show_page("history")
    settle(qtbot, main_window.history)
    answer_boxes(monkeypatch, "Cancel")
    qtbot.mouseClick(main_window.history.delete_button, Qt.MouseButton.LeftButton)
    assert main_window.history.model.rowCount() == 1


def test_history_filters_by_text_and_setting(qtbot: QtBot, main_window: MainWindow) -> None:
    form = main_window.form
    for setting, text in (("inpatient", "ward round went well"), ("outpatient", "clinic ran late"), ("inpatient", "quiet ward")):
        form.details.setting_combo.setCurrentIndex(form.details.setting_combo.findData(setting))
        form.rows[0].setFocus()
        for key in "YYYYYYYYYY":
            press(qtbot, key)
        qtbot.keyClicks(form.text_edit, text)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert "Saved" in form.status_label.text(), form.status_label.text()
    main_window.show_page("history")
    history = main_window.history
    settle(qtbot, history)
    assert history.model.rowCount() == 3
    qtbot.keyClicks(history.search_edit, "ward")
    qtbot.waitUntil(lambda: history.model.rowCount() == 2)
    history.setting_combo.setCurrentIndex(history.setting_combo.findData("outpatient"))
    settle(qtbot, history)
    assert history.model.rowCount() == 0
    assert history.count_label.text() == "No reflections match."
    history.search_edit.clear()
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    assert history.model.index(0, 4).data() == "clinic ran late"


def test_a_draft_autosaves_and_is_offered_after_restart(qtbot: QtBot, paths: DataPaths) -> None:
    main_window = open_window(qtbot, paths)
    for key in "YPN":
        press(qtbot, key)
    main_window.form.text_edit.setFocus()
    qtbot.keyClicks(main_window.form.text_edit, "unfinished thought")
    qtbot.waitUntil(lambda: main_window.context.latest_draft() is not None, timeout=3000)
    qtbot.waitUntil(lambda: (main_window.context.latest_draft() or None) and main_window.context.latest_draft().text == "unfinished thought", timeout=3000)
    main_window.context.database.close()  # as if the app had been killed
    main_window.hide()

    restarted = open_window(qtbot, paths)
    try:
        form = restarted.form
        assert form.draft_banner.isVisible()
        assert "3 of 10 tips answered" in form.draft_banner.draft_label.text()
        assert restarted.history.model.rowCount() == 0  # drafts are not in History
        qtbot.mouseClick(form.draft_banner.resume_button, Qt.MouseButton.LeftButton)
        assert form.text_edit.toPlainText() == "unfinished thought"
        assert [row.choice().key if row.choice() else None for row in form.rows[:4]] == ["yes", "partly", "no", None]
        assert focused() is form.rows[3]
        for key in "YYYYYYY":
            press(qtbot, key)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert restarted.context.latest_draft() is None
        assert restarted.context.count(ReflectionFilter(statuses=("complete",))) == 1
    finally:
        restarted.close()
        restarted.context.close()


def test_discarding_an_offered_draft_removes_it(qtbot: QtBot, paths: DataPaths) -> None:
    main_window = open_window(qtbot, paths)
    press(qtbot, "Y")
    main_window.form.flush_draft()
    qtbot.waitUntil(lambda: main_window.context.latest_draft() is not None, timeout=3000)
    main_window.close()
    main_window.context.close()
    restarted = open_window(qtbot, paths)
    try:
        qtbot.mouseClick(restarted.form.draft_banner.discard_button, Qt.MouseButton.LeftButton)
        assert not restarted.form.draft_banner.isVisible()
        assert restarted.context.latest_draft() is None
    finally:
        restarted.close()
        restarted.context.close()


def test_window_page_and_chosen_checklist_are_remembered(qtbot: QtBot, paths: DataPaths) -> None:
    main_window = open_window(qtbot, paths)
    combo = main_window.form.details.framework_combo
    combo.setCurrentIndex(combo.findData("ten-top-tips-2007"))
    assert main_window.form.rows[0].item.id == "making-sense"
    main_window.show_page("history")
    main_window.close()
    main_window.context.close()
    restarted = open_window(qtbot, paths)
    try:
        assert restarted.form.framework().id == "ten-top-tips-2007"
        assert "selfdefined goals" in restarted.form.rows[9].item.text
    finally:
        restarted.close()
        restarted.context.close()


def test_controls_have_accessible_names(main_window: MainWindow) -> None:
    form = main_window.form
    for widget in (form.details.when_edit, form.details.duration_spin, form.details.setting_combo, form.details.contact_combo, form.details.modality_combo, form.details.tags_edit, form.text_edit, main_window.history.table, main_window.history.search_edit):
        assert widget.accessibleName(), widget
    assert form.rows[0].accessibleName().startswith("Tip 1: ")
    assert "not answered" in form.rows[0].accessibleName()
    assert "adaptation" in form.source_label.text()


def test_a_broken_user_checklist_is_reported_and_the_app_still_works(qtbot: QtBot, paths: DataPaths) -> None:
    paths.user_frameworks.mkdir(parents=True)
    (paths.user_frameworks / "mine.toml").write_text('id = "mine"\nversion = "1"\n', encoding="utf-8")
    main_window = open_window(qtbot, paths)
    try:
        message = main_window.statusBar().currentMessage()
        assert "mine.toml" in message and "is missing" in message
        for key in "YYYYYYYYYY":
            press(qtbot, key)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert main_window.context.count(ReflectionFilter(statuses=("complete",))) == 1
    finally:
        main_window.close()
        main_window.context.close()


def test_a_full_disk_keeps_the_form_and_says_so(qtbot: QtBot, main_window: MainWindow) -> None:
    from sqlalchemy import event

    engine = main_window.context.database.engine

    def tiny_disk(dbapi_connection, _record) -> None:
        pages = dbapi_connection.execute("pragma page_count").fetchone()[0]
        dbapi_connection.execute(f"pragma max_page_count = {pages}")

    event.listen(engine, "connect", tiny_disk)
    engine.dispose()
    for key in "YYYYYYYYYY":
        press(qtbot, key)
    long_text = "a long and careful reflection " * 400
    main_window.form.text_edit.setPlainText(long_text)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Nothing was saved: the disk is full" in main_window.form.status_label.text()
    assert main_window.form.text_edit.toPlainText() == long_text
    assert all(row.choice() is not None for row in main_window.form.rows)

    event.remove(engine, "connect", tiny_disk)
    engine.dispose()
    main_window.form.save_button.click()
    assert main_window.context.count(ReflectionFilter(statuses=("complete",))) == 1


def test_a_structured_template_is_saved_reopened_and_scanned(qtbot: QtBot, main_window: MainWindow) -> None:
    form = main_window.form
    chooser = form.sections.chooser
    chooser.setCurrentIndex(chooser.findData("what-so-what-now-what"))
    editors = list(form.sections.editors.values())
    assert len(editors) == 3
    for editor, words in zip(editors, ("We reviewed the plan.", "I led too much.", "Ask first next time."), strict=True):
        qtbot.keyClicks(editor, words)
    qtbot.keyClicks(editors[0], " Call 07700 900123.")
    qtbot.waitUntil(lambda: form.privacy_panel.unresolved() == 1)
    qtbot.mouseClick(form.privacy_panel.redact_all_button, Qt.MouseButton.LeftButton)
    form.rows[0].setFocus()
    for key in "YYYYYYYYYY":
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Saved" in form.status_label.text()
    assert form.sections.template() is None  # the next reflection starts plain

    main_window.show_page("history")
    settle(qtbot, main_window.history)
    main_window.history.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert form.sections.template().id == "what-so-what-now-what"
    texts = list(form.sections.sections().values())
    assert texts == ["We reviewed the plan. Call [Phone number].", "I led too much.", "Ask first next time."]
