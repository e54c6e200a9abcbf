"""The per-tip and per-group tables as text, shared by the Trends page and the supervision PDF.

One builder, so the screen and the paper show the same columns, the same rounding and the
same readings (see ``reflect.wording``); the tests recompute these from a CSV export.
"""

from __future__ import annotations

from reflect.analytics import Dashboard, RatingTable, Tip, TipChange
from reflect.rate_tables import group_rates, group_yes_share, tip_rows
from reflect.wording import change_text, interval, percent, reading

TIP_COLUMNS = ("Tip", "Yes %", "Yes / Partly / No", "Rating (Partly = ½)", "95 % range", "Sessions", "N/A",
               "Previous", "Change", "Reading")
GROUP_COLUMNS = ("Group", "Tips", "Yes %", "Rating (Partly = ½)", "95 % range", "Sessions", "Previous",
                 "Change", "Reading")


def tip_name(tip: Tip) -> str:
    return tip.label if tip.in_reference else f"{tip.label} (other version)"


def tip_table_rows(board: Dashboard) -> list[list[str]]:
    """One list per tip in TIP_COLUMNS order: this range against the previous range of equal length."""
    rows = tip_rows(board.table)
    result = []
    for change in board.comparison:
        row = rows[change.tip.id]
        rate = row.rate
        result.append([
            tip_name(change.tip), percent(row.yes_share), f"{row.yes} / {row.partly} / {row.no}",
            percent(rate.mean), interval(rate), f"{rate.n:,}", f"{rate.na:,}", percent(change.before.mean),
            change_text(change), reading(change),
        ])
    return result


def group_table_rows(table: RatingTable, previous: RatingTable) -> dict[str, list[list[str]]]:
    """Each grouping's rows in GROUP_COLUMNS order, by grouping id; group figures are session-based."""
    result: dict[str, list[list[str]]] = {}
    for grouping in table.groupings:
        now = group_rates(table, grouping)
        then = group_rates(previous, grouping)
        result[grouping.id] = []
        for group in grouping.groups:
            change = TipChange(Tip(group.id, group.label, True), then[group.id], now[group.id])
            tips = ", ".join(table.tip(item).label for item in group.items)
            result[grouping.id].append([
                group.label, tips, percent(group_yes_share(table, group)), percent(change.after.mean), interval(change.after), f"{change.after.n:,}",
                percent(change.before.mean), change_text(change), reading(change),
            ])
    return result
