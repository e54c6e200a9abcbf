"""The CPD page opens with the tab shown built first; the others follow, or come at once when chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reflect.ui.context import AppContext
from reflect.ui.pages.cpd import CpdView
from reflect.ui.pages.cpd.common import RecordTab
from reflect.ui.pages.cpd.goals import GoalsTab
from reflect.ui.pages.cpd.progress import ProgressTab
from tests.helpers import settle_all


def _open(qtbot: QtBot, context: AppContext) -> CpdView:
    view = CpdView(context)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def test_the_tab_shown_comes_first_and_the_others_follow(qtbot: QtBot, context: AppContext) -> None:
    view = _open(qtbot, context)
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert len(titles) == 9 and titles[0] == "Development plan" and titles[-1] == "Progress"
    assert isinstance(view.tabs.currentWidget(), GoalsTab)
    assert not isinstance(view.tabs.widget(view.tabs.count() - 1), ProgressTab)  # not built yet
    qtbot.waitUntil(lambda: all(isinstance(view.tabs.widget(i), (RecordTab, ProgressTab)) for i in range(9)))
    assert [view.tabs.tabText(i) for i in range(9)] == titles  # each in its place, under its title
    assert view.tabs.currentIndex() == 0  # building the others did not move the page
    settle_all(qtbot, view)


def test_a_tab_chosen_before_it_is_built_is_there_at_once(qtbot: QtBot, context: AppContext) -> None:
    view = _open(qtbot, context)
    bar = view.tabs.tabBar()
    assert not isinstance(view.tabs.widget(8), ProgressTab)  # not built yet
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(8).center())
    progress = view.tabs.currentWidget()
    assert isinstance(progress, ProgressTab)
    assert progress.isVisible() and view.tabs.tabText(8) == "Progress"
    settle_all(qtbot, view)
    assert "scheme" in progress.summary.text()  # it asks for a scheme, as Progress does with none chosen
