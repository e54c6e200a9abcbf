"""The frame round every page: its title, one line on what it is for, and a readable width.

Pages are drawn inside a scroll area that only scrolls when a page cannot be made
narrower or shorter: a page's minimum size never pushes the window wider (it used to widen
by itself when Trends was first shown). Pages other than the wide ones (tables, charts)
keep to ``CONTENT_MAX_WIDTH``, centred, so fields do not stretch across a large screen; the
wide ones (History, Trends, CPD, Team) to half as much again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QStyle, QVBoxLayout, QWidget

from reflect.design import CONTENT_MAX_WIDTH, SPACING
from reflect.ui.theme import title_font

WIDE_MAX_WIDTH = CONTENT_MAX_WIDTH * 3 // 2  # tables and charts: wider than a form, never the whole of a big screen


class PageFrame(QScrollArea):
    """Title, purpose and the page itself (``content``), centred up to the maximum width."""

    def __init__(self, title: str, purpose: str, content: QWidget, wide: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.wide = wide
        self.setWidgetResizable(False)  # sized by ``_fit``: to its minimum, not its preferred height
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the page's controls; it scrolls to show them
        self.title = QLabel(title)
        self.title.setFont(title_font(self.font()))
        self.title.setAccessibleName(f"{title} page")
        self.purpose = QLabel(purpose)
        self.purpose.setWordWrap(True)
        self.purpose.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # the muted role, ≥ 4.5:1
        self.title.setAccessibleDescription(purpose)
        body = QWidget()
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(SPACING.large, SPACING.medium, SPACING.large, 0)
        self._layout.setSpacing(SPACING.tight)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.purpose)
        self._layout.addSpacing(SPACING.small)
        self._layout.addWidget(content, 1)
        self._body = body
        self.setWidget(body)
        body.installEventFilter(self)  # a page built late, or grown, is fitted again

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Small, whatever the page holds: the page scrolls rather than the window growing."""
        return QSize(SPACING.page * 8, SPACING.page * 6)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Wide windows: margins grow so the column stays at its maximum width, centred."""
        widest = WIDE_MAX_WIDTH if self.wide else CONTENT_MAX_WIDTH
        side = max(SPACING.large, (event.size().width() - widest) // 2)
        self._layout.setContentsMargins(side, SPACING.medium, side, 0)
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._body and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """The page fills the visible area and scrolls only below its minimum size.

        (A resizable scroll area asks a page with word-wrapped text for its preferred height,
        so Trends scrolled even on a 1080-px screen where it had room to shrink.)
        """
        minimum = self._body.minimumSizeHint().expandedTo(self._body.minimumSize())
        available = self.maximumViewportSize()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width, height = available.width(), available.height()
        if minimum.height() > height:
            width -= bar  # a vertical scroll bar takes its width
        if minimum.width() > width:
            height -= bar
            if minimum.height() > height and minimum.height() <= available.height():
                width -= bar
        size = QSize(max(width, minimum.width()), max(height, minimum.height()))
        if self._body.size() != size:
            self._body.resize(size)
