"""The tip list, focus and grouping choices of the Trends page, refilled after each (re)load.

What was chosen survives: hidden tips stay hidden, the focus tip (from Settings, else the
one shown) and the grouping stay chosen when the new table still has them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem

from reflect.analytics import RatingTable
from reflect.ui.pages.trends.tab_base import RECORD_ROLE
from reflect.ui.widgets.trend_chart import series_pen


def _swatch(index: int) -> QIcon:
    """A short line in the series' colour and dash, so the tip list doubles as the legend."""
    pixmap = QPixmap(24, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    pen = series_pen(index, width=3)
    painter.setPen(pen)
    painter.drawLine(1, 6, 23, 6)
    painter.end()
    return QIcon(pixmap)


def refill_tip_controls(
    table: RatingTable, tip_list: QListWidget, focus_combo: QComboBox, grouping_combo: QComboBox,
    focus_tip: str | None,
) -> None:
    hidden = {tip_list.item(i).data(RECORD_ROLE) for i in range(tip_list.count())
              if tip_list.item(i).checkState() == Qt.CheckState.Unchecked}
    tip_list.blockSignals(True)
    tip_list.clear()
    for tip in table.tips:
        item = QListWidgetItem(tip.label if tip.in_reference else f"{tip.label} (other version)")
        item.setIcon(_swatch(tip_list.count()))
        item.setData(RECORD_ROLE, tip.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked if tip.id in hidden else Qt.CheckState.Checked)
        tip_list.addItem(item)
    tip_list.blockSignals(False)
    focus = focus_tip or focus_combo.currentData()
    focus_combo.blockSignals(True)
    focus_combo.clear()
    for tip in table.tips:
        focus_combo.addItem(tip.label, tip.id)
    focus_combo.setCurrentIndex(max(0, focus_combo.findData(focus)) if focus else 0)
    focus_combo.blockSignals(False)
    grouping = grouping_combo.currentData()
    grouping_combo.blockSignals(True)
    grouping_combo.clear()
    for grouping_item in table.groupings:
        grouping_combo.addItem(grouping_item.title, grouping_item.id)
    grouping_combo.setCurrentIndex(max(0, grouping_combo.findData(grouping)) if grouping else 0)
    grouping_combo.blockSignals(False)
