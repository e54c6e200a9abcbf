"""The sidebar: one row per page with its icon, group headers, and a count badge.

Rows stay one per page (row n is page n, as the Go menu's Ctrl+n), so a group header is
drawn above the first page of its group by the delegate rather than being a row of its
own: it can never be selected, and the keyboard moves from page to page. Icons are line
drawings (``resources/icons/nav/``, see ``nav_icons.py``) tinted with the palette's text
colour, so they follow light and dark.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QIcon, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reflect.design import SPACING, TYPE_SCALE, Palette, palette
from reflect.ui.pages import PageSpec
from reflect.ui.widgets.nav_icons import SIZE as ICON_SIZE
from reflect.ui.widgets.nav_icons import tinted

HEADER_ROLE = Qt.ItemDataRole.UserRole + 1  # the group name above this row, or None
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2  # a count drawn at the right (0: none)
KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # the page's key


def tinted_icon(name: str, colours: Palette) -> QIcon:
    """A navigation icon in the text colour, and in the on-accent colour when its row is selected."""
    return tinted(name, {QIcon.Mode.Normal: colours.text, QIcon.Mode.Selected: colours.on_accent})


class NavDelegate(QStyledItemDelegate):
    """Draws a row's group header above it and its badge at its right."""

    def _header_height(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() + SPACING.medium + SPACING.tight

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        height = max(size.height(), option.fontMetrics.height() + SPACING.medium + SPACING.tight)
        if index.data(HEADER_ROLE):
            height += self._header_height(option)
        return QSize(size.width(), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        row = QStyleOptionViewItem(option)
        header = index.data(HEADER_ROLE)
        palette: QPalette = option.palette
        if header:
            height = self._header_height(option)
            painter.save()
            font = QFont(option.font)
            font.setPointSizeF(max(1.0, font.pointSizeF() + TYPE_SCALE["caption"]))
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))  # the muted role, ≥ 4.5:1
            area = QRect(option.rect.left() + SPACING.small, option.rect.top(), option.rect.width() - SPACING.small, height)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), header.upper())
            painter.restore()
            row.rect = option.rect.adjusted(0, height, 0, 0)
        super().paint(painter, row, index)
        count = int(index.data(BADGE_ROLE) or 0)
        if count:
            self._badge(painter, row, count)

    def _badge(self, painter: QPainter, option: QStyleOptionViewItem, count: int) -> None:
        """A pill with the count: accent on the page colour, inverted on a selected row."""
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fill = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
        ink = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.HighlightedText)
        text = str(count) if count < 100 else "99+"
        metrics = option.fontMetrics
        width = max(metrics.height(), metrics.horizontalAdvance(text) + SPACING.small + SPACING.tight)
        height = metrics.height()
        rect = QRect(option.rect.right() - width - SPACING.small, option.rect.center().y() - height // 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor(ink))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class NavList(QListWidget):
    """The page list; ``set_badge`` shows a count beside a page (Awaiting)."""

    def __init__(self, pages: Sequence[PageSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages = tuple(pages)
        self.setAccessibleName("Pages")
        self.setItemDelegate(NavDelegate(self))
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setUniformItemSizes(False)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        group = None
        for spec in self._pages:
            item = QListWidgetItem(spec.title)
            item.setData(KEY_ROLE, spec.key)
            alone = [p.group for p in self._pages].count(spec.group) == 1 and spec.group == spec.title  # no "SETTINGS" over Settings
            item.setData(HEADER_ROLE, spec.group if spec.group != group and not alone else None)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, f"{spec.group}: {spec.purpose}")
            item.setToolTip(spec.purpose)
            group = spec.group
            self.addItem(item)
        widest = max(self.fontMetrics().horizontalAdvance(spec.title) for spec in self._pages)
        badge = self.fontMetrics().horizontalAdvance("99+") + SPACING.medium
        self.setFixedWidth(widest + ICON_SIZE + badge + 2 * SPACING.large + SPACING.small)

    def tint(self, colours: Palette) -> None:
        """Draw the icons in the scheme's colours (again when light and dark switch; each row repaints itself)."""
        for row, spec in enumerate(self._pages):
            item = self.item(row)
            if item is not None:
                item.setIcon(tinted_icon(spec.icon, colours))

    @Slot(str)
    def scheme_changed(self, scheme: str) -> None:
        self.tint(palette("dark" if scheme == "dark" else "light"))

    def set_badge(self, key: str, count: int) -> None:
        for row, spec in enumerate(self._pages):
            item = self.item(row)
            if spec.key == key and item is not None:
                item.setData(BADGE_ROLE, count)
                waiting = f", {count} waiting" if count else ""
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{spec.title}{waiting}")

    def badge(self, key: str) -> int:
        item = self.item([spec.key for spec in self._pages].index(key))
        return int(item.data(BADGE_ROLE) or 0) if item is not None else 0

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """A click on a group header selects nothing."""
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and index.data(HEADER_ROLE):
            top = self.visualRect(index).top()
            delegate = self.itemDelegate()
            assert isinstance(delegate, NavDelegate)
            option = QStyleOptionViewItem()
            option.initFrom(self)
            if event.position().y() < top + delegate._header_height(option):
                event.ignore()
                return
        super().mousePressEvent(event)
