"""The pages of the main window, one registry entry each (``PAGES``).

Adding a page is one ``PageSpec`` here: the navigation list (its group, icon and badge),
the frame with the page's title and one-line purpose, the Go menu and its Ctrl+number
shortcut, the wait for the database, lazy building and "reopen on the last page" all
follow from it. The last page is saved by ``key``, so reordering pages does not send a
returning user somewhere else. Factories import their page only when it is first shown,
so start-up stays fast; each page names its modules (``imports``), which load on a worker once
the database is open, before Reflect reopens on that page (see ``reflect/ui/startup.py``):
reopening on Supervisees imported reportlab on the GUI thread, a freeze of 0.17 s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from reflect.ui.main_window import MainWindow

# the navigation's groups, in order; a page names its group, and pages of a group are adjacent
GROUPS = ("Reflect", "Look back", "Develop", "Settings")


@dataclass(frozen=True)
class PageSpec:
    key: str  # saved as the last page; stable across releases
    title: str  # in the navigation list, the Go menu and above the page
    purpose: str  # one line under the title: what the page is for
    group: str  # one of GROUPS: a header in the navigation
    icon: str  # resources/icons/nav/<icon>.svg
    factory: Callable[[MainWindow], QWidget]  # builds the page (on first show when it needs the database)
    needs_database: bool = True  # shown only once the database is open, a moment after painting
    imports: tuple[str, ...] = ()  # its page's modules: loaded on a worker at start-up, before reopening on it
    wide: bool = False  # tables and charts use the window's width; other pages keep to CONTENT_MAX_WIDTH
    shortcut: int = 0  # Ctrl+<shortcut> in the Go menu: kept when a page moves in the list, as people learn them


def _checklist(window: MainWindow) -> QWidget:
    return window.form  # built with the window: it paints before the database opens


def _history(window: MainWindow) -> QWidget:
    from reflect.ui.pages.history import HistoryView

    view = HistoryView(window.context)
    view.openRequested.connect(window.open_reflection)
    return view


def _trends(window: MainWindow) -> QWidget:
    from reflect.ui.pages.trends import TrendsView  # pyqtgraph and numpy load here, not at start

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
    PageSpec("reflect", "Reflect", "Rate the session you have just had, tip by tip. Notes are optional.",
             "Reflect", "reflect", _checklist, needs_database=False, shortcut=1),
    PageSpec("awaiting", "Awaiting", "Sessions from your calendar or reminders still waiting for a reflection.",
             "Reflect", "awaiting", _awaiting, shortcut=6),
    PageSpec("history", "History", "Every reflection you have saved. Open one to read or change it.",
             "Look back", "history", _history, wide=True, shortcut=2, imports=("reflect.ui.pages.history",)),
    PageSpec("trends", "Trends", "How often you practise each tip, and how that changes over time.",
             "Look back", "trends", _trends, wide=True, shortcut=3,
             imports=("reflect.ui.pages.trends",)),
    PageSpec("reports", "Reports", "PDF reports of your trends for supervision and your CPD portfolio.",
             "Look back", "reports", _reports, shortcut=4, imports=("reflect.ui.pages.reports",)),
    PageSpec("cpd", "CPD", "Development goals, CPD activities and reflective accounts for revalidation.",
             "Develop", "cpd", _cpd, wide=True, shortcut=5, imports=("reflect.ui.pages.cpd",)),  # wide: its nine tabs fit in one row
    PageSpec("supervisees", "Supervisees", "Supervision packs from people you supervise: read, comment, sign off.",
             "Develop", "supervisees", _supervisees, shortcut=7, imports=("reflect.ui.pages.supervisees",)),
    PageSpec("team", "Team", "A team's combined pattern from their summaries, without anyone's text.",
             "Develop", "team", _team, wide=True, shortcut=8, imports=("reflect.ui.pages.team",)),
    PageSpec("settings", "Settings", "About you, identifier scanning, prompts, locking, encryption and appearance.",
             "Settings", "settings", _settings, shortcut=9, imports=("reflect.ui.pages.settings",)),
)
FIRST_PAGE = PAGES[0].key


def page_index(key: str) -> int:
    """The position of a page by its key; ValueError names an unknown key."""
    for index, spec in enumerate(PAGES):
        if spec.key == key:
            return index
    raise ValueError(f"there is no page called {key!r}")
