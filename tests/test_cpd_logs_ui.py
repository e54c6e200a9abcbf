"""The CPD page's evidence tabs driven by keyboard: practice hours, feedback, confirmation, peer group,
and the accounts a reflective discussion covered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from reflect.cpd import Account
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.pages.cpd import CpdView
from reflect.ui.pages.cpd.logs import FeedbackTab, PeerGroupTab, PracticeHoursTab
from tests.helpers import answer_boxes, settle_all


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    ctx = AppContext.open(paths)
    ctx.settings.revalidation_scheme = "nmc"
    ctx.settings.cycle_start = date.today() - timedelta(days=400)
    yield ctx
    ctx.close()


@pytest.fixture
def view(qtbot: QtBot, context: AppContext) -> CpdView:
    widget = CpdView(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    settle_all(qtbot, widget)
    return widget


def _tab(view: CpdView, kind: type) -> object:
    return next(tab for tab, _title in view.evidence_tabs if isinstance(tab, kind))


def _save(qtbot: QtBot, tab: object) -> None:
    tab.save_button.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(tab.save_button, Qt.Key.Key_Space)  # type: ignore[attr-defined]
    settle_all(qtbot, tab.save_button)  # type: ignore[attr-defined]  (lists reload on a worker)


def _progress(view: CpdView) -> dict[str, str]:
    table: QTableWidget = view.progress.table
    return {table.item(r, 0).text(): table.item(r, 5).text() for r in range(table.rowCount())}


def test_practice_hours_typed_by_keyboard_count_towards_the_target(qtbot: QtBot, view: CpdView) -> None:
    tab = _tab(view, PracticeHoursTab)
    assert isinstance(tab, PracticeHoursTab)
    view.tabs.setCurrentWidget(tab)
    tab.start.setDate(QDate.currentDate().addDays(-100))
    _save(qtbot, tab)
    assert "Give the setting" in tab.status.text() and tab.evidence.practice_hours() == []
    tab.hours.clear()
    qtbot.keyClicks(tab.hours, "460")
    qtbot.keyClicks(tab.setting, "Community mental health team")
    qtbot.keyClicks(tab.scope, "Adult mental health nursing")
    _save(qtbot, tab)
    [entry] = tab.evidence.practice_hours()
    assert entry.hours == 460 and entry.setting == "Community mental health team"
    assert "460 hours recorded" in tab.totals.text()
    assert any(label.startswith("Practice hours") and state == "Met" for label, state in _progress(view).items())


def test_feedback_with_an_identifier_asks_first_and_can_be_declined(
    qtbot: QtBot, view: CpdView, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = answer_boxes(monkeypatch, "Keep editing")
    tab = _tab(view, FeedbackTab)
    assert isinstance(tab, FeedbackTab)
    view.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.source, "Carer")
    qtbot.keyClicks(tab.learning, "Call back on 07700 900123.")
    _save(qtbot, tab)
    asked = [box.text() for box in boxes]
    assert asked and "phone" in asked[0].lower() and "07700" not in asked[0]
    assert tab.evidence.feedback() == [] and "Not saved" in tab.status.text()


def test_peer_group_members_must_be_initials_or_roles(qtbot: QtBot, view: CpdView) -> None:
    tab = _tab(view, PeerGroupTab)
    assert isinstance(tab, PeerGroupTab)
    view.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.members, "Jane Smith, chair")
    qtbot.keyClicks(tab.discussed, "Learning needs for the year")
    _save(qtbot, tab)
    assert "initials or roles" in tab.status.text() and tab.evidence.meetings() == []
    tab.members.clear()
    qtbot.keyClicks(tab.members, "JS, chair")
    tab.pdp.setFocus()
    qtbot.keyClick(tab.pdp, Qt.Key.Key_Space)
    _save(qtbot, tab)
    [meeting] = tab.evidence.meetings()
    assert meeting.pdp_agreed and meeting.members == "JS, chair"


def test_a_discussion_counts_once_five_accounts_are_ticked(qtbot: QtBot, view: CpdView) -> None:
    for number in range(5):
        view.cpd.save_account(Account(date.today(), f"Account {number}", "N", "L", "C", "R",
                                      ("nmc-code:prioritise-people",), complete=True))
    tab = view.discussions
    tab.refresh()
    settle_all(qtbot, tab)
    view.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.name, "A Registrant")
    qtbot.keyClicks(tab.pin, "00A0000A")
    qtbot.keyClicks(tab.email, "a@example.org")
    for row in range(4):
        tab.covered.item(row).setCheckState(Qt.CheckState.Checked)
    _save(qtbot, tab)
    assert "covers 4 of the 5 complete accounts" in tab.status.text()
    assert _progress(view)["Reflective discussion"] != "Met"
    tab.covered.item(4).setCheckState(Qt.CheckState.Checked)
    _save(qtbot, tab)
    assert "covers 5 complete accounts, so it counts" in tab.status.text()
    assert _progress(view)["Reflective discussion"] == "Met"
