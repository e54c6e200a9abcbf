"""The History page lists scores, so it says what they are: Reflect's adaptation, not a validated measure."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.pages.history import HistoryView


def test_the_history_page_with_scores_carries_the_adaptation_note(paths: DataPaths, qtbot: QtBot) -> None:
    context = AppContext.open(paths)
    try:
        page = HistoryView(context)
        qtbot.addWidget(page)
        page.show()
        assert page.adaptation_label.isVisible()
        assert "Reflect’s adaptation" in page.adaptation_label.text()
        assert "not a validated measure" in page.adaptation_label.text()
    finally:
        context.close()
