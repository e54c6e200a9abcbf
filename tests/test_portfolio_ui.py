"""The CPD page's “Export to Word…” and “Copy for portfolio”, driven as a person would."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reflect.cpd import Account, Activity
from reflect.records import RatingEntry, ReflectionRecord
from reflect.ui.context import AppContext
from reflect.ui.pages.cpd import CpdView
from reflect.ui.pages.cpd.portfolio import PortfolioBar, documents_folder, file_name
from reflect.word.portfolio import Content
from tests.helpers import settle_all

NHS_NUMBER = "943 476 5919"


@pytest.fixture
def view(qtbot: QtBot, context: AppContext) -> CpdView:
    widget = CpdView(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    settle_all(qtbot, widget)
    return widget


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Answer the save dialog with tmp_path/export (no extension: Reflect adds .docx); records each time it opened."""
    opened: list[str] = []

    def fake(_parent: QWidget, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        opened.append(suggested)
        return str(tmp_path / "export"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return opened


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    settle_all(qtbot, widget)  # lists reload on a worker after a save


def answer_dialog(qtbot: QtBot, button_text: str, seen: list[str]) -> None:
    """Click a named button of the confirmation when it appears, as the user would."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        [button] = [b for b in box.buttons() if b.text() == button_text]
        click(qtbot, button)
    QTimer.singleShot(0, press)


def bar_of(view: CpdView, kind: str) -> PortfolioBar:
    return next(b for b in view.portfolio_bars if b.kind == kind)


def choose_layout(bar: PortfolioBar, layout_id: str) -> None:
    bar.layout_box.setFocus()
    while bar.layout_box.currentData() != layout_id:
        bar.layout_box.setCurrentIndex(bar.layout_box.currentIndex() + 1)


def _account(qtbot: QtBot, view: CpdView, learned: str) -> None:
    view.cpd.save_account(Account(
        day=date(2025, 3, 4), title="Recovery-focused review", nature="A review in clinic.", learned=learned,
        changed="Ask about goals first.", themes=("nmc-code:practise-effectively",),
    ))
    view.accounts.refresh()
    settle_all(qtbot, view)
    view.tabs.setCurrentWidget(view.accounts)
    view.accounts.list.setCurrentRow(0)


def test_account_exports_as_the_nmc_form(qtbot: QtBot, view: CpdView, save_to: list[str], tmp_path: Path) -> None:
    _account(qtbot, view, "Silence gave them room.")
    bar = bar_of(view, "account")
    assert bar.layout_box.currentText() == "NMC reflective accounts form"
    click(qtbot, bar.word_button)
    assert view.accounts.status.text() == "Exporting “Recovery-focused review”…"  # written on a worker
    qtbot.waitUntil(lambda: view.accounts.status.text().startswith("Exported"))

    out = tmp_path / "export.docx"
    rows = [row.cells[0].text for row in Document(str(out)).tables[0].rows]
    assert rows[0].startswith("What was the nature of the CPD activity") and rows[3] == "Silence gave them room."
    assert "☒ Practise effectively" in rows[7] and "☐ Preserve safety" in rows[7]
    assert save_to == [str(documents_folder() / "Reflective accounts form - Recovery-focused review.docx")]
    assert view.accounts.status.text() == f"Exported “Recovery-focused review” as a reflective accounts form to {out}."


def test_a_finding_is_confirmed_with_named_buttons_before_export(
    qtbot: QtBot, view: CpdView, save_to: list[str], tmp_path: Path
) -> None:
    _account(qtbot, view, f"NHS number {NHS_NUMBER} was on the letter.")
    bar = bar_of(view, "account")
    seen: list[str] = []
    answer_dialog(qtbot, "Go back", seen)
    click(qtbot, bar.word_button)
    assert "possible NHS number" in seen[0] and NHS_NUMBER not in seen[0]
    assert save_to == [] and not (tmp_path / "export.docx").exists()
    assert view.accounts.status.text().startswith("Not exported")

    answer_dialog(qtbot, "Export anyway", seen)
    click(qtbot, bar.word_button)
    qtbot.waitUntil(lambda: view.accounts.status.text().startswith("Exported"))
    assert len(seen) == 2 and (tmp_path / "export.docx").is_file()


def test_copy_for_portfolio_puts_the_cpd_entry_on_the_clipboard_in_the_notes_order(
    qtbot: QtBot, view: CpdView
) -> None:
    view.cpd.save_activity(Activity(day=date(2025, 2, 1), title="Risk formulation workshop", method="course",
                                    hours=3, notes="Formulation with the person, not about them."))
    view.activities.refresh()
    settle_all(qtbot, view)
    view.tabs.setCurrentWidget(view.activities)
    view.activities.list.setCurrentRow(0)
    bar = bar_of(view, "activity")
    choose_layout(bar, "fourteenfish")
    click(qtbot, bar.copy_button)

    text = QGuiApplication.clipboard().text()
    assert text.startswith("Risk formulation workshop\n\nDate: Sat 1 Feb 2025\nType: Course\nHours: 3\n")
    positions = [text.index(h) for h in ("What happened?", "Formulation with the person", "What did you learn?",
                                         "What will you do differently?")]
    assert positions == sorted(positions)
    assert "learning note's order" in view.activities.status.text()


def test_nothing_selected_says_what_to_do(qtbot: QtBot, view: CpdView) -> None:
    view.tabs.setCurrentWidget(view.discussions)
    QGuiApplication.clipboard().setText("before")
    click(qtbot, bar_of(view, "discussion").copy_button)
    assert QGuiApplication.clipboard().text() == "before"
    assert view.discussions.status.text().startswith("Select a saved reflective discussion first")


def test_a_reflection_is_picked_and_exported_as_a_reflective_note(
    qtbot: QtBot, view: CpdView, context: AppContext, save_to: list[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    framework = context.framework()
    context.complete(ReflectionRecord(
        occurred_at=datetime(2025, 1, 6, 10, 0), duration_min=30, setting="outpatient", contact_type="review",
        modality="video", framework_id=framework.id, framework_version=framework.version,
        ratings=tuple(RatingEntry(i.id, "yes", 2) for i in framework.items), text="Hope was the theme.",
    ))
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a, **k: (items[0], True))
    click(qtbot, bar_of(view, "reflection").word_button)
    qtbot.waitUntil(lambda: (tmp_path / "export.docx").is_file(), timeout=10_000)
    qtbot.waitUntil(lambda: "Exported" in bar_of(view, "reflection").status.text(), timeout=10_000)

    document = Document(str(tmp_path / "export.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Reflective note: Reflection on a review, Mon 6 Jan 2025", "What happened?",
                        "What did you learn?", "What will you do differently?"]
    assert "Hope was the theme." in [p.text for p in document.paragraphs]


def test_the_portfolio_actions_keep_the_page_within_a_small_screen(view: CpdView) -> None:
    assert view.minimumSizeHint().width() <= 1024 - 200  # room for the navigation list beside it
    assert [bar_of(view, "account").layout_box.itemText(i) for i in range(3)] == [
        "NMC reflective accounts form", "AoMRC reflective note", "FourteenFish learning note",
    ]


def test_suggested_file_names_are_valid_on_windows() -> None:
    content = Content("Review: what helped? 1/2", "Learning note", (), ())
    assert file_name(content) == "Learning note - Review- what helped- 1-2.docx"
