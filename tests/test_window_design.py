"""The window as a person first meets it: fitted to the screen, steady in size, light or dark."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from reflect.design import CONTENT_MAX_WIDTH, DARK, LIGHT
from reflect.paths import DataPaths
from reflect.settings import load_settings
from reflect.ui import theme
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from reflect.ui.pages import PAGES
from reflect.ui.widgets.page_frame import PageFrame
from reflect.ui.window_fit import saved_geometry
from tests.helpers import filled, open_window


def available() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def window_colour() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name()


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """On the button's circle and words (a radio button is as wide as its page)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_the_window_fits_a_small_screen(main_window: MainWindow) -> None:
    area = available()  # the offscreen screen is 800 × 600: smaller than the old fixed 1000 × 760
    assert area.contains(main_window.frameGeometry())
    assert main_window.width() >= area.width() * 0.8  # fitted, not left tiny
    save = main_window.form.save_button
    corner = save.mapTo(main_window, save.rect().bottomRight())
    assert save.isVisible() and main_window.rect().contains(corner)  # Save is on screen without scrolling


def test_visiting_every_page_never_changes_the_window_width(qtbot: QtBot, paths: DataPaths) -> None:
    filled(paths, 60)
    window = open_window(qtbot, paths)
    width = window.width()
    for spec in PAGES:
        window.show_page(spec.key)
        qtbot.wait(50)  # pages load their data on a worker; a page built late must not widen the window
        assert window.width() == width, spec.key
    window.close()
    window.context.close()


def test_no_page_scrolls_sideways_at_1024_by_640(qtbot: QtBot, paths: DataPaths) -> None:
    filled(paths, 30)
    window = open_window(qtbot, paths)
    window.resize(1024, 640)
    sideways = []
    for row, spec in enumerate(PAGES):
        window.show_page(spec.key)
        qtbot.wait(50)
        frame = window.pages.widget(row)
        assert isinstance(frame, PageFrame)
        if frame.horizontalScrollBar().isVisible():
            sideways.append(spec.key)
    assert sideways == []  # long filter choices (a checklist's full title) no longer widen Trends
    window.close()
    window.context.close()


def test_forms_keep_a_readable_width_on_a_wide_screen(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.resize(1920, 1080)
    for key in ("reflect", "settings", "history"):
        main_window.show_page(key)
        qtbot.wait(20)
        frame = main_window.pages.currentWidget()
        assert isinstance(frame, PageFrame)
        content = frame.content
        left = content.mapTo(frame, content.rect().topLeft()).x()
        right = frame.viewport().width() - left - content.width()
        widest = CONTENT_MAX_WIDTH * 3 // 2 if key == "history" else CONTENT_MAX_WIDTH  # a table may be wider
        assert content.width() <= widest and abs(left - right) <= 2, key  # no 1,700-px fields; centred


def test_a_saved_size_is_restored_only_while_it_fits(qtbot: QtBot, paths: DataPaths) -> None:
    window = open_window(qtbot, paths)
    window.resize(500, 400)
    window.move(available().topLeft() + window.pos() - window.frameGeometry().topLeft())
    window.close()
    window.context.close()
    context = AppContext.open(paths)
    again = MainWindow(context)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (500, 400)  # it fits: as the person left it
    again.resize(2400, 1500)  # e.g. saved on a larger monitor, now disconnected
    context.update_settings(window_geometry=saved_geometry(again))
    context.close()
    context = AppContext.open(paths)
    third = MainWindow(context)
    qtbot.addWidget(third)
    assert available().contains(third.frameGeometry())  # fitted afresh, frame and all, not clamped to the edges
    assert third.width() <= available().width() * 0.9
    context.close()


def test_appearance_follows_the_choice_in_settings(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.show_page("settings")
    section = main_window.settings_page.appearance
    light, dark = (b for b in section.buttons.buttons() if b.text() in ("Light", "Dark"))
    system = next(b for b in section.buttons.buttons() if b.text() == "Same as this computer")
    assert system.isChecked() and window_colour() == LIGHT.window  # the offscreen platform has no scheme: light
    click(qtbot, dark)
    assert window_colour() == DARK.window
    assert load_settings(main_window.context.paths.settings).colour_scheme == "dark"
    selected = QApplication.palette().color(QPalette.ColorRole.Highlight).name()
    assert selected == DARK.accent
    click(qtbot, light)
    assert window_colour() == LIGHT.window
    click(qtbot, system)
    assert load_settings(main_window.context.paths.settings).colour_scheme == "system"


def test_the_system_scheme_is_followed_until_one_is_chosen(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = [Qt.ColorScheme.Light]
    monkeypatch.setattr(theme, "system_scheme", lambda: system[0])
    hints = QGuiApplication.styleHints()
    system[0] = Qt.ColorScheme.Dark  # the person switches their computer to dark
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window_colour() == DARK.window
    main_window.context.update_settings(colour_scheme="light")  # Settings → Appearance → Light
    assert window_colour() == LIGHT.window
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # the computer's choice no longer applies
    assert window_colour() == LIGHT.window
    main_window.context.update_settings(colour_scheme="system")
    assert window_colour() == DARK.window
    system[0] = Qt.ColorScheme.Light
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window_colour() == LIGHT.window


def test_the_awaiting_badge_counts_waiting_sessions(qtbot: QtBot, main_window: MainWindow) -> None:
    prompting = main_window.prompts()
    now = datetime.now().replace(second=0, microsecond=0)
    for hours in (1, 2):
        prompting.service.sessions.add_reminder(now - timedelta(hours=hours), "outpatient")
    prompting.scheduler.check()
    assert main_window.nav.badge("awaiting") == 2
    main_window.show_page("awaiting")
    qtbot.mouseClick(prompting.queue_view.skip_button, Qt.MouseButton.LeftButton)
    assert main_window.nav.badge("awaiting") == 1
    row = [main_window.nav.item(r).text() for r in range(main_window.nav.count())].index("Awaiting")
    assert main_window.nav.item(row).data(Qt.ItemDataRole.AccessibleTextRole) == "Awaiting, 1 waiting"
