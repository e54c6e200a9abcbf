"""The Trends page's tabs, built one per turn of the event loop rather than all at once.

Building every tab's charts (pyqtgraph plots, the heatmap, tables) in one go froze the window
for 150–200 ms on the first open of Trends. The shelf adds each tab's title at once, with an
empty page, builds the first tab straight away and the others one per turn of the event
loop (a few tens of ms each, so keys and paints get through between them), or at once when
something needs a tab sooner (``build_upto``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from reflect.ui.pages.trends.tab_base import TrendTab

if TYPE_CHECKING:
    from reflect.ui.pages.trends.view import TrendsView

Maker = Callable[["TrendsView"], TrendTab]


class TabShelf(QObject):
    """The tabs of ``tabs``, in ``makers`` order; ``charts`` holds those built so far."""

    built = Signal(int)  # the index of a tab just built

    def __init__(self, tabs: QTabWidget, makers: Sequence[Maker], host: TrendsView) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._makers = makers
        self._host = host
        self.charts: list[TrendTab] = []
        for make in makers:
            slot = QWidget()
            QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
            tabs.addTab(slot, make.title)  # type: ignore[attr-defined]  # each maker is a tab class
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._build_next)

    @property
    def complete(self) -> bool:
        return len(self.charts) == len(self._makers)

    @property
    def drawing(self) -> bool:
        """Whether a tab still draws in later turns of the event loop (the Tips tab's small charts)."""
        return any(getattr(tab, "drawing", False) for tab in self.charts)

    def start(self) -> None:
        """Build the first tab now and the rest in later turns of the event loop."""
        self.build_upto(0)
        self._timer.start()

    def build_upto(self, index: int) -> None:
        """Every tab up to ``index`` (inclusive), now."""
        while len(self.charts) <= min(index, len(self._makers) - 1):
            self._build_one()

    def _build_next(self) -> None:
        if not self.complete:
            self._build_one()
        if not self.complete:
            self._timer.start()

    def _build_one(self) -> None:
        index = len(self.charts)
        tab = self._makers[index](self._host)
        self.charts.append(tab)
        slot = self._tabs.widget(index)
        layout = slot.layout() if slot is not None else None
        assert layout is not None
        layout.addWidget(tab.page)
        self.built.emit(index)
