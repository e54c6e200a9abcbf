"""Warnings where the eye is (issue 16, item 5): a possible identifier is marked inside the field being
typed, tip notes included, with the count beside that field; only the field that changed is scanned."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

import reflect.privacy
from reflect.privacy import mod11_check_digit
from reflect.ui.main_window import MainWindow
from reflect.ui.widgets.identifier_marks import follow_edit, on_screen_palette
from tests.helpers import press

NHS = "999000001" + str(mod11_check_digit("999000001"))
PHONE = "07700 900123"


def _has_colour(widget: QWidget, colour: str) -> bool:
    """Whether the widget, as drawn on screen, shows this colour anywhere (the mark's background)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    wanted = QColor(colour).rgb() & 0xFFFFFF
    return any(
        image.pixel(x, y) & 0xFFFFFF == wanted for y in range(image.height()) for x in range(image.width())
    )


def _record_scans(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The names of the fields each scan from now on is given."""
    scanned: list[list[str]] = []
    scan_fields = reflect.privacy.scan_fields

    def watched(places, config):  # type: ignore[no-untyped-def]
        places = list(places)
        scanned.append([name for name, _text in places])
        return scan_fields(places, config)

    monkeypatch.setattr(reflect.privacy, "scan_fields", watched)
    return scanned


def test_an_identifier_in_a_tip_note_is_marked_in_the_note_and_counted_beside_it(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    form = main_window.form
    row = form.rows[0]
    press(qtbot, Qt.Key.Key_Return)  # a note on tip 1
    qtbot.keyClicks(row.note_edit, f"asked about {NHS} again")
    qtbot.waitUntil(lambda: row.note_count.isVisible())
    assert row.note_count.text() == "1 possible identifier"
    assert _has_colour(row.note_edit, on_screen_palette().warning_surface)  # marked inside the note itself
    assert row.note_edit.text() == f"asked about {NHS} again"  # marking changes nothing typed
    assert not form.text_count.isVisible() and not form.rows[1].note_count.isVisible()  # only beside that field
    press(qtbot, Qt.Key.Key_Return)  # back to the tip: the mark stays
    assert _has_colour(row.note_edit, on_screen_palette().warning_surface)


def test_the_count_beside_the_text_follows_typing_and_redaction(qtbot: QtBot, main_window: MainWindow) -> None:
    form = main_window.form
    form.text_edit.setFocus()
    qtbot.keyClicks(form.text_edit, f"Call back on {PHONE} about {NHS}.")
    qtbot.waitUntil(lambda: form.text_count.text() == "2 possible identifiers")
    assert form.text_count.isVisible() and len(form.text_edit.extraSelections()) == 2
    phone = next(b for b in form.privacy_panel.findChildren(type(form.save_button)) if b.accessibleName().startswith("Redact Phone"))
    qtbot.mouseClick(phone, Qt.MouseButton.LeftButton)
    assert form.text_count.text() == "1 possible identifier" and len(form.text_edit.extraSelections()) == 1
    qtbot.mouseClick(form.privacy_panel.redact_all_button, Qt.MouseButton.LeftButton)
    assert not form.text_count.isVisible() and form.text_edit.extraSelections() == []


def test_tags_and_structured_sections_are_marked_and_counted_too(qtbot: QtBot, main_window: MainWindow) -> None:
    form = main_window.form
    qtbot.keyClicks(form.details.tags_edit, "Mrs Patel")
    qtbot.waitUntil(lambda: form.details.tags_count.isVisible())
    assert form.details.tags_count.text() == "1 possible identifier"
    assert _has_colour(form.details.tags_edit, on_screen_palette().warning_surface)
    form.sections.chooser.setCurrentIndex(1)  # a structure: one box per section
    key, editor = next(iter(form.sections.editors.items()))
    qtbot.keyClicks(editor, f"rang {PHONE}, then {NHS}")
    count = form.sections.counts[key]
    qtbot.waitUntil(lambda: count.isVisible())
    assert count.text() == "2 possible identifiers" and len(editor.extraSelections()) == 2
    assert form.privacy_panel.unresolved() == 3  # the summary below still lists them all


def test_typing_in_one_field_scans_only_that_field(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = main_window.form
    qtbot.keyClicks(form.text_edit, f"Call back on {PHONE}.")
    qtbot.waitUntil(lambda: form.text_count.isVisible())
    scanned = _record_scans(monkeypatch)
    form.rows[2].open_note()
    qtbot.keyClicks(form.rows[2].note_edit, "quiet session")
    qtbot.waitUntil(lambda: bool(scanned))
    assert scanned == [["the note on tip 3"]]
    assert form.text_count.text() == "1 possible identifier"  # the reflection's finding is kept, not rescanned


def test_switching_the_checklist_keeps_the_texts_marks_and_watches_the_new_notes(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long reflection dense with identifiers was scanned and marked again at each switch (0.1-0.3 s):
    only the new checklist's note fields are new, so only they are scanned."""
    form = main_window.form
    qtbot.keyClicks(form.text_edit, f"Call back on {PHONE} about {NHS}.")
    qtbot.waitUntil(lambda: form.text_count.text() == "2 possible identifiers")
    scanned = _record_scans(monkeypatch)
    combo = form.details.framework_combo
    combo.setCurrentIndex(combo.findData("ten-top-tips-2007"))
    assert form.rows[0].item.id == "making-sense"  # the other checklist's rows
    assert "the reflection" not in sum(scanned, [])  # its text was not scanned again
    assert form.text_count.text() == "2 possible identifiers" and len(form.text_edit.extraSelections()) == 2
    row = form.rows[4]
    row.open_note()
    qtbot.keyClicks(row.note_edit, f"rang {PHONE}")  # a note of the new checklist is watched
    qtbot.waitUntil(lambda: row.note_count.isVisible())
    assert row.note_count.text() == "1 possible identifier"
    assert form.privacy_panel.unresolved() == 3


def test_new_names_in_settings_scan_every_field_again(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = main_window.form
    qtbot.keyClicks(form.text_edit, "Saw Quillanby today.")
    qtbot.waitUntil(lambda: form.text_edit.toPlainText() == "Saw Quillanby today.")
    form.marks.scan_changed()
    assert not form.text_count.isVisible()
    main_window.context.update_settings(identifier_names=["Quillanby"])
    qtbot.waitUntil(lambda: form.text_count.isVisible())
    assert form.text_count.text() == "1 possible identifier"


def test_marks_follow_typing_until_the_next_scan() -> None:
    text = "told Mrs Patel the plan"
    found = reflect.privacy.scan(text)
    assert [f.text for f in found] == ["Mrs Patel"]
    moved = follow_edit(found, text, "We " + text)
    assert [("We " + text)[f.start:f.end] for f in moved] == ["Mrs Patel"]  # typed before it: the mark moves along
    assert follow_edit(found, text, text + " today") == tuple(found)  # typed after it: unchanged
    assert follow_edit(found, text, "told Mrs Pattel the plan") == ()  # typed inside it: dropped until rescanned
