"""The pages of the main window, one registry entry each (``PAGES``).

Adding a page is one ``PageSpec`` here: the navigation list, the Go menu and its Ctrl+number
shortcut, the wait for the database, lazy building and "reopen on the last page" all
follow from it. The last page is saved by ``key``, so reordering pages does not send a
returning user somewhere else. Factories import their page only when it is first shown,
so start-up stays fast (see ``reflect/ui/startup.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle, QWidget

if TYPE_CHECKING:
    from reflect.ui.main_window import MainWindow

SP = QStyle.StandardPixmap


@dataclass(frozen=True)
class PageSpec:
    key: str  # saved as the last page; stable across releases
    title: str  # in the navigation list and the Go menu
    icon: QStyle.StandardPixmap
    factory: Callable[[MainWindow], QWidget]  # builds the page (on first show when it needs the database)
    needs_database: bool = True  # shown only once the database is open, a moment after painting
    imports: tuple[str, ...] = ()  # slow imports of its page, loaded on a worker thread before reopening on it


def _checklist(window: MainWindow) -> QWidget:
    return window.form  # built with the window: it paints before the database opens


def _history(window: MainWindow) -> QWidget:
    from reflect.ui.pages.history import HistoryView

    view = HistoryView(window.context)
    view.openRequested.connect(window.open_reflection)
    return view


def _trends(window: MainWindow) -> QWidget:
    from reflect.ui.startup import plain_imports

    with plain_imports():  # pyqtgraph and numpy load here, not at start
        from reflect.ui.pages.trends import TrendsView

    view = TrendsView(window.context)
    view.openRequested.connect(window.open_reflection)
    return view


def _reports(window: MainWindow) -> QWidget:
    from reflect.ui.pages.reports import ReportsView

    return ReportsView(window.context)


def _cpd(window: MainWindow) -> QWidget:
    from reflect.ui.pages.cpd import CpdView

    return CpdView(window.context)


def _awaiting(window: MainWindow) -> QWidget:
    return window.prompts().queue_view


def _supervisees(window: MainWindow) -> QWidget:
    from reflect.ui.pages.supervisees import SuperviseesView

    return SuperviseesView(window.context)


def _team(window: MainWindow) -> QWidget:
    from reflect.ui.pages.team import TeamPage

    return TeamPage(window.context)


def _settings(window: MainWindow) -> QWidget:
    from reflect.ui.pages.settings import SettingsView

    return SettingsView(window.context)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("reflect", "Reflect", SP.SP_FileDialogDetailedView, _checklist, needs_database=False),
    PageSpec("history", "History", SP.SP_FileDialogListView, _history),
    PageSpec("trends", "Trends", SP.SP_FileDialogInfoView, _trends, imports=("reflect.ui.pages.trends",)),
    PageSpec("reports", "Reports", SP.SP_FileIcon, _reports),
    PageSpec("cpd", "CPD", SP.SP_DirIcon, _cpd),
    PageSpec("awaiting", "Awaiting", SP.SP_MessageBoxInformation, _awaiting),
    PageSpec("supervisees", "Supervisees", SP.SP_DirOpenIcon, _supervisees),
    PageSpec("team", "Team", SP.SP_ComputerIcon, _team),
    PageSpec("settings", "Settings", SP.SP_FileDialogContentsView, _settings),
)
FIRST_PAGE = PAGES[0].key


def page_index(key: str) -> int:
    """The position of a page by its key; ValueError names an unknown key."""
    for index, spec in enumerate(PAGES):
        if spec.key == key:
            return index
    raise ValueError(f"there is no page called {key!r}")
