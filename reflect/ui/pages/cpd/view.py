"""The CPD page: its tabs, and the reflections they can link to."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QInputDialog,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reflect.cpd import (
    Account,
)
from reflect.cpd_data import load_cpd_catalog
from reflect.records import ReflectionFilter
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.pages.cpd import portfolio as portfolio_actions
from reflect.ui.pages.cpd.accounts import AccountsTab, DiscussionsTab
from reflect.ui.pages.cpd.activities import ActivitiesTab
from reflect.ui.pages.cpd.common import (
    PICK_LIMIT,
)
from reflect.ui.pages.cpd.goals import GoalsTab
from reflect.ui.pages.cpd.logs import evidence_tabs
from reflect.ui.pages.cpd.progress import ProgressTab
from reflect.vocabulary import STATUS_COMPLETE
from reflect.wording import moment_text


class CpdView(QWidget):
    """The CPD page: five tabs over one CPD store."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.catalog = load_cpd_catalog(user=context.paths)
        self.cpd = context.cpd
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("CPD sections")
        self.goals = GoalsTab(self)
        self.activities = ActivitiesTab(self)
        self.accounts = AccountsTab(self)
        self.discussions = DiscussionsTab(self)
        self.progress = ProgressTab(self)
        # no Alt letters on the nine tab titles: Ctrl+Tab moves between them, and the letters are
        # left to the fields on each tab, where they would otherwise clash with the tabs and the menus
        pages: tuple[tuple[QWidget, str], ...] = (
            (self.goals, "Development plan"),
            (self.activities, "CPD log"),
            (self.accounts, "Reflective accounts"),
            (self.discussions, "Reflective discussion"),
            (self.progress, "Progress"),
        )
        for page, title in pages:
            self.tabs.addTab(page, title)
        self.evidence_tabs = list(evidence_tabs(self))
        for index, (tab, title) in enumerate(self.evidence_tabs):
            self.tabs.insertTab(4 + index, tab, title)
        for record_tab in (self.goals, self.activities, self.accounts, self.discussions,
                           *(tab for tab, _title in self.evidence_tabs)):
            record_tab.refresh()  # Progress follows their saves through context.changed
        context.changed.connect(self._changed)
        for follower in (self.discussions, self.evidence_tabs[1][0]):  # they list the accounts to link
            self.accounts.stored.connect(follower.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        self.portfolio_bars = portfolio_actions.install(self)

    def _changed(self, changes: Changes) -> None:
        if changes.reflections or changes.cpd:
            self.progress.refresh()

    def pick_reflection(self, title: str) -> str | None:
        """Choose one of the latest completed reflections; None when cancelled or there are none."""
        summaries = self.context.page(ReflectionFilter(statuses=(STATUS_COMPLETE,)), 0, PICK_LIMIT)
        if not summaries:
            QMessageBox.information(self, title, "There are no completed reflections yet.")
            return None
        labels = [f"{moment_text(s.occurred_at)} · {s.excerpt or 'no text'}" for s in summaries]
        chosen, accepted = QInputDialog.getItem(self, title, "Reflection:", labels, 0, False)
        if not accepted or chosen not in labels:
            return None
        return summaries[labels.index(chosen)].id

    def start_account(self, account: Account) -> None:
        self.tabs.setCurrentWidget(self.accounts)
        self.accounts.prefill(account)
