"""The Trends Groups tab shows each group's Yes % beside its weighted rating, recomputed here from the records."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from reflect.records import ReflectionFilter
from reflect.ui.context import AppContext
from reflect.ui.trends_view import TrendsView
from reflect.vocabulary import STATUS_COMPLETE
from tests.test_trends_view import context, view  # noqa: F401 (fixtures)


def _shown(value: float) -> str:
    return f"{int(100 * value + 0.5 + 1e-9)} %"


def test_each_group_row_shows_its_session_based_yes_share_beside_the_rating(
    view: TrendsView, context: AppContext, qtbot: QtBot  # noqa: F811
) -> None:
    view.tabs.setCurrentIndex(3)  # Groups
    board = view.board
    assert board is not None
    records = context.store.records(ReflectionFilter(date_from=board.start, date_to=board.end,
                                                     statuses=(STATUS_COMPLETE,)))
    assert len(records) > 20
    framework = context.catalog.default()
    headers = [view.group_table.horizontalHeaderItem(i).text() for i in range(view.group_table.columnCount())]
    assert headers[2:4] == ["Yes %", "Rating (Partly = ½)"]
    grouping = next(g for g in framework.groupings if g.id == view.grouping_combo.currentData())
    for row, group in enumerate(grouping.groups):
        shares = []
        for record in records:
            applicable = [r for r in record.ratings if r.item_id in group.items and r.points is not None]
            if applicable:
                shares.append(sum(r.points == framework.max_points for r in applicable) / len(applicable))
        assert view.group_table.item(row, 0).text() == group.label
        assert view.group_table.item(row, 2).text() == _shown(sum(shares) / len(shares)), group.label
