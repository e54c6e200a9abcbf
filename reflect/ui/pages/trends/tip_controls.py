"""The focus and grouping choices of the Trends page, refilled after each (re)load.

What was chosen survives: the focus tip (from Settings, else the one shown) and the grouping
stay chosen when the new table still has them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from reflect.analytics import RatingTable


def refill_tip_controls(
    table: RatingTable, focus_combo: QComboBox, grouping_combo: QComboBox, focus_tip: str | None
) -> None:
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
