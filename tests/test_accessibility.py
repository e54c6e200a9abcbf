"""Every page, tab and dialog is usable with a screen reader, and readable in light and dark.

The names are the ones a screen reader announces (``QAccessible``: a widget's own
accessible name, its text, or the label it is the buddy of), for every visible widget
that can take keyboard focus. A chart (a pyqtgraph plot, or any widget whose class calls
itself a chart or heatmap) must also carry a text alternative in its accessible
description. The contrast checks read the live QPalette that ``reflect/ui/theme.py``
installs, so they check what is drawn, not the design tokens alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGraphicsView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reflect.contrast import contrast_ratio
from reflect.design import GRAPHIC_CONTRAST, TEXT_CONTRAST
from reflect.paths import DataPaths
from reflect.ui import theme
from reflect.ui.main_window import MainWindow
from reflect.ui.pages import PAGES
from tests.helpers import filled, open_window

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def is_chart(widget: QWidget) -> bool:
    """A drawing of data: a pyqtgraph plot (a QGraphicsView) or a widget named as a chart or heatmap."""
    return isinstance(widget, QGraphicsView) or type(widget).__name__.endswith(("Chart", "Heatmap"))


def _part_of_another(widget: QWidget) -> bool:
    """A combo box's or spin box's own line edit, or a view's viewport: the outer control is the one announced."""
    parent = widget.parentWidget()
    viewport = isinstance(parent, QAbstractScrollArea) and widget is parent.viewport()
    return viewport or isinstance(parent, QComboBox | QAbstractSpinBox)


def unnamed(root: QWidget, where: str) -> Iterator[str]:
    """Visible widgets that take keyboard focus but have no name to announce."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus or _part_of_another(widget):
            continue
        if not accessible_name(widget):
            parent = type(widget.parentWidget()).__name__
            yield f"{where}: a {type(widget).__name__} in a {parent} ({widget.toolTip()[:40]}) has no name"


def charts_without_text(root: QWidget, where: str) -> Iterator[str]:
    """Visible charts whose accessible description (their text alternative) is empty."""
    for widget in root.findChildren(QWidget):
        if widget.isVisible() and is_chart(widget) and not widget.accessibleDescription().strip():
            yield f"{where}: the chart {accessible_name(widget)!r} has no text alternative (accessible description)"


def tabs_of(root: QWidget) -> Iterator[str]:
    """Show every tab of every tab widget in turn (nested ones too), naming where we are."""
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield tabs.tabText(index).replace("&", "")


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths) -> Iterator[MainWindow]:
    filled(paths, 40)
    win = open_window(qtbot, paths)
    yield win
    win.close()
    win.context.close()


def walk(qtbot: QtBot, window: MainWindow, check: Callable[[QWidget, str], Iterator[str]]) -> list[str]:
    """Every page, and every tab on it, through one check."""
    found: list[str] = []
    for spec in PAGES:
        window.show_page(spec.key)
        qtbot.wait(100)  # a page's data arrives from a worker
        found += check(window, spec.title)
        for tab in tabs_of(window.current_view()):
            qtbot.wait(50)
            found += check(window, f"{spec.title} → {tab}")
    return found


def test_every_page_and_tab_names_its_controls(qtbot: QtBot, window: MainWindow) -> None:
    found = walk(qtbot, window, unnamed)
    assert found == [], "\n".join(found)


def test_every_chart_has_a_text_alternative(qtbot: QtBot, window: MainWindow) -> None:
    found = walk(qtbot, window, charts_without_text)
    assert found == [], "\n".join(found)


def _dialogs(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    from reflect.ui.dialogs.exchange import ExportDialog
    from reflect.ui.dialogs.passphrase import MODE_SET, PassphraseDialog
    from reflect.ui.dialogs.supervision import AcceptActionsDialog, PrepareDialog
    from reflect.ui.dialogs.unlock import UnlockDialog

    context = window.context
    yield "Export", ExportDialog(window)
    yield "Set a passphrase", PassphraseDialog(context, MODE_SET, window)
    yield "Prepare for supervision", PrepareDialog(context, window)
    yield "Take on agreed actions", AcceptActionsDialog(("Read the REFOCUS manual",), "A supervisor", window)
    yield "Unlock", UnlockDialog(lambda _passphrase: None)
    prompting = window.prompts()
    quick = prompting.quick_window()
    prompting.reflect_on(None)
    yield "Quick reflection", quick


@pytest.mark.qt_log_ignore("This plugin does not support raise()")  # the quick window raises itself
def test_every_dialog_names_its_controls(qtbot: QtBot, window: MainWindow) -> None:
    found: list[str] = []
    for title, dialog in _dialogs(window):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        found += unnamed(dialog, title)
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.hide()
    window.app_lock.lock()  # the lock screen, too, is met by keyboard
    found += unnamed(window, "Locked")
    assert window.app_lock.unlock("")
    assert found == [], "\n".join(found)


# ----- contrast, from the palette the application actually uses
TEXT_PAIRS = (
    ("window text", Group.Active, Role.WindowText, Role.Window),
    ("field text", Group.Active, Role.Text, Role.Base),
    ("button text", Group.Active, Role.ButtonText, Role.Button),
    ("selected row", Group.Active, Role.HighlightedText, Role.Highlight),
    ("selected row, list not focused", Group.Inactive, Role.HighlightedText, Role.Highlight),
    ("placeholder and purpose lines", Group.Active, Role.PlaceholderText, Role.Base),
    ("purpose line on the page", Group.Active, Role.PlaceholderText, Role.Window),
    ("greyed-out field still carrying a value", Group.Disabled, Role.Text, Role.Base),
    ("greyed-out label", Group.Disabled, Role.WindowText, Role.Window),
    ("link", Group.Active, Role.Link, Role.Base),
    ("tooltip", Group.Active, Role.ToolTipText, Role.ToolTipBase),
)
GRAPHIC_PAIRS = (
    ("focus ring and selection on the page", Role.Highlight, Role.Window),
    ("focus ring on a field", Role.Highlight, Role.Base),
    ("field border", Role.Mid, Role.Window),
)


def _ratio(palette: QPalette, group: QPalette.ColorGroup, first: QPalette.ColorRole, second: QPalette.ColorRole) -> float:
    a, b = palette.color(group, first), palette.color(group, second)
    return contrast_ratio((a.redF(), a.greenF(), a.blueF()), (b.redF(), b.greenF(), b.blueF()))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_live_palette_meets_the_contrast_thresholds(qtbot: QtBot, window: MainWindow, scheme: str) -> None:
    theme.install(scheme)
    try:
        palette = QApplication.palette()
        low = [f"{name}: {_ratio(palette, group, fg, bg):.2f}" for name, group, fg, bg in TEXT_PAIRS
               if _ratio(palette, group, fg, bg) < TEXT_CONTRAST]
        low += [f"{name}: {_ratio(palette, Group.Active, fg, bg):.2f}" for name, fg, bg in GRAPHIC_PAIRS
                if _ratio(palette, Group.Active, fg, bg) < GRAPHIC_CONTRAST]
        assert low == []
        qtbot.waitUntil(lambda: window.palette().color(Role.Window) == palette.color(Role.Window))  # drawn with it
    finally:
        theme.install("system")


def test_a_focused_drop_down_list_has_a_two_pixel_ring(qtbot: QtBot, window: MainWindow) -> None:
    """The issue: drop-down lists had a 1-px focus outline, easy to lose."""
    window.show_page("reports")
    combo = window.current_view().findChild(QComboBox)
    assert combo is not None
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    image = combo.grab().toImage()
    ring = QApplication.palette().color(Role.Highlight).name()
    middle = image.height() // 2
    assert [image.pixelColor(x, middle).name() for x in (0, 1)] == [ring, ring]
    assert [image.pixelColor(image.width() - 1 - x, middle).name() for x in (0, 1)] == [ring, ring]
