"""Words on screen read cleanly: single spaces in dates, captions never clipped (issue 16)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QDateEdit, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from tests.helpers import open_window


def test_the_session_date_and_time_have_single_spaces(main_window: MainWindow) -> None:
    shown = main_window.form.details.when_edit.text()
    assert shown and "  " not in shown


def _unkerned_width(label: QLabel) -> int:
    """What the caption needs when drawn: its mnemonic letter is underlined as a run of its own,
    so the letters are not kerned together ("To" is wider than its kerned advance)."""
    metrics = QFontMetrics(label.font())
    return sum(metrics.horizontalAdvance(char) for char in label.text().replace("&", ""))


def _captions(page: QWidget) -> list[QLabel]:
    """The visible From/To captions of a page's period."""
    return [label for label in page.findChildren(QLabel) if isinstance(label.buddy(), QDateEdit) and label.isVisible()]


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_from_and_to_captions_are_never_clipped(qtbot: QtBot, paths: DataPaths, scale: float) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = QFont(app.font())
    bigger = QFont(normal)
    bigger.setPointSizeF(normal.pointSizeF() * scale)
    app.setFont(bigger)
    window = open_window(qtbot, paths)
    try:
        for key in ("history", "trends", "reports"):
            window.show_page(key)
            page = window.view(key)
            qtbot.waitUntil(lambda page=page: any(label.text() == "&To" for label in _captions(page))
                            and not getattr(page, "loading", False))
            QApplication.processEvents()  # the page is laid out once it has been built and loaded
            captions = _captions(page)
            assert {label.text() for label in captions} >= {"Fro&m", "&To"}
            for label in captions:
                assert label.width() >= _unkerned_width(label), (key, label.text(), label.width())
    finally:
        window.close()
        window.context.close()
        app.setFont(normal)
