"""The CPD page: its tabs, and the reflections they can link to."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QTimer
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
from reflect.ui.pages.cpd.common import PICK_LIMIT, RecordTab
from reflect.ui.pages.cpd.goals import GoalsTab
from reflect.ui.pages.cpd.logs import FeedbackTab, evidence_tabs
from reflect.ui.pages.cpd.portfolio import PortfolioBar
from reflect.ui.pages.cpd.progress import ProgressTab
from reflect.vocabulary import STATUS_COMPLETE
from reflect.word.layouts import load_layouts
from reflect.wording import moment_text

PORTFOLIO_KINDS: dict[type[QWidget], str] = {ActivitiesTab: "activity", AccountsTab: "account",
                                              DiscussionsTab: "discussion"}  # the tabs with portfolio actions


class CpdView(QWidget):
    """The CPD page: nine tabs over one CPD store, built one per turn of the event loop.

    Building all nine tabs' forms, lists and portfolio bars at once froze the window for over
    100 ms on the first open of CPD. Each title is added at once over an empty page, replaced
    by the tab once built: the tab shown straight away, the others one per turn of the event
    loop (keys and paints get through between them), or any at once when chosen or needed.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.catalog = load_cpd_catalog(user=context.paths)
        self.cpd = context.cpd
        self._layouts = load_layouts()  # read once for the four portfolio bars
        self._bars: list[PortfolioBar] = []
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("CPD sections")
        # no Alt letters on the nine tab titles: Ctrl+Tab moves between them, and the letters are
        # left to the fields on each tab, where they would otherwise clash with the tabs and the menus
        self._makers: tuple[tuple[Callable[[CpdView], QWidget], str], ...] = (
            (GoalsTab, "Development plan"),
            (ActivitiesTab, "CPD log"),
            (AccountsTab, "Reflective accounts"),
            (DiscussionsTab, "Reflective discussion"),
            *evidence_tabs(),
            (ProgressTab, "Progress"),
        )
        self._built: dict[int, QWidget] = {}
        for _make, title in self._makers:
            self.tabs.addTab(QWidget(), title)  # an empty page until the tab is built
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        self._bars.append(portfolio_actions.add_reflection_row(self, self._layouts))
        context.changed.connect(self._changed)
        self.tabs.currentChanged.connect(self.tab)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._build_next)
        self.tab(self.tabs.currentIndex())
        self._timer.start()

    @property
    def complete(self) -> bool:
        """Every tab is built."""
        return len(self._built) == len(self._makers)

    def tab(self, index: int) -> QWidget:
        """The tab at ``index``, built now if it is not yet."""
        if index not in self._built:
            make, title = self._makers[index]
            built = self._built[index] = make(self)
            self._replace_page(index, built, title)
            if isinstance(built, RecordTab):
                built.refresh()  # Progress follows their saves through context.changed
                kind = PORTFOLIO_KINDS.get(type(built))
                if kind:
                    self._bars.append(portfolio_actions.add_bar(self, built, kind, self._layouts))
            if isinstance(built, AccountsTab):
                built.stored.connect(self._accounts_stored)
        return self._built[index]

    def _replace_page(self, index: int, built: QWidget, title: str) -> None:
        """Put the built tab where its empty page was, the same tab staying current."""
        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(index)
        self.tabs.blockSignals(True)  # the tab shown does not change, so nobody hears of it
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, built, title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()

    def _build_next(self) -> None:
        missing = [index for index in range(len(self._makers)) if index not in self._built]
        if missing:
            self.tab(missing[0])
        if not self.complete:
            self._timer.start()

    def _index(self, kind: type[QWidget]) -> int:
        return next(i for i, (make, _title) in enumerate(self._makers) if make is kind)

    def _accounts_stored(self) -> None:
        """Discussions and Feedback list the accounts to link; tabs not built yet read them when built."""
        for kind in (DiscussionsTab, FeedbackTab):
            follower = self._built.get(self._index(kind))
            if isinstance(follower, RecordTab):
                follower.refresh()

    @property
    def goals(self) -> GoalsTab:
        return cast(GoalsTab, self.tab(self._index(GoalsTab)))

    @property
    def activities(self) -> ActivitiesTab:
        return cast(ActivitiesTab, self.tab(self._index(ActivitiesTab)))

    @property
    def accounts(self) -> AccountsTab:
        return cast(AccountsTab, self.tab(self._index(AccountsTab)))

    @property
    def discussions(self) -> DiscussionsTab:
        return cast(DiscussionsTab, self.tab(self._index(DiscussionsTab)))

    @property
    def progress(self) -> ProgressTab:
        return cast(ProgressTab, self.tab(self._index(ProgressTab)))

    @property
    def evidence_tabs(self) -> list[tuple[RecordTab, str]]:
        """The four evidence tabs with their titles, built now if they are not yet."""
        return [(cast(RecordTab, self.tab(self._index(kind))), title) for kind, title in evidence_tabs()]

    @property
    def portfolio_bars(self) -> list[PortfolioBar]:
        """The portfolio bars of every record tab and the reflection row, the tabs built now if need be."""
        for kind in (ActivitiesTab, AccountsTab, DiscussionsTab):
            self.tab(self._index(kind))
        return self._bars

    def _changed(self, changes: Changes) -> None:
        progress = self._built.get(self._index(ProgressTab))
        if (changes.reflections or changes.cpd) and isinstance(progress, ProgressTab):
            progress.refresh()

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
