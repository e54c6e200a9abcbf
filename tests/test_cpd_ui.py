"""The CPD page driven as a person would: type, tick, click, then check what is shown and stored."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QFileDialog, QInputDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reflect.cpd import Activity
from reflect.cpd_data import load_cpd_catalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.settings import load_settings
from reflect.ui.context import AppContext
from reflect.ui.pages.cpd import CpdView
from reflect.ui.widgets.template_sections import TemplateSections
from tests.helpers import answer_boxes, settle_all


@pytest.fixture
def view(qtbot: QtBot, context: AppContext) -> CpdView:
    widget = CpdView(context)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    settle_all(qtbot, widget)
    return widget


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    answer_boxes(monkeypatch, "Delete")


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    settle_all(qtbot, widget)  # lists reload on a worker after a save or delete


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def _reflection(context: AppContext, when: datetime, text: str = "Kept to their goals.") -> ReflectionRecord:
    framework = context.framework()
    ratings = tuple(RatingEntry(i.id, "yes" if n else "no", 2 if n else 0) for n, i in enumerate(framework.items))
    return context.complete(ReflectionRecord(
        occurred_at=when, duration_min=30, setting="outpatient", contact_type="review", modality="video",
        framework_id=framework.id, framework_version=framework.version, ratings=ratings, text=text,
    ))


def test_goal_create_edit_focus_and_delete(qtbot: QtBot, view: CpdView, context: AppContext, answer_yes: None) -> None:
    tab = view.goals
    qtbot.keyClicks(tab.title, "Share hope in every review")
    qtbot.keyClicks(tab.why, "People say they felt hopeless after clinic")
    tab.tips.item(3).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(tab.action_text, "Read three recovery stories")
    qtbot.keyClick(tab.action_text, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.action_text, "Ask a peer to observe")
    qtbot.keyClick(tab.action_text, Qt.Key.Key_Return)
    tick(qtbot, tab.has_target)
    tab.target.setDate(QDate(2025, 6, 30))
    click(qtbot, tab.save_button)

    [goal] = view.cpd.goals()
    framework = context.framework()
    assert goal.title == "Share hope in every review" and goal.tips == (framework.items[3].id,)
    assert [a.text for a in goal.actions] == ["Read three recovery stories", "Ask a peer to observe"]
    assert goal.target_date == date(2025, 6, 30)
    assert tab.list.item(0).text() == "Share hope in every review (Not started, by Mon 30 Jun 2025)"

    tab.action_list.item(0).setCheckState(Qt.CheckState.Checked)
    tab.status_choice.setCurrentIndex(tab.status_choice.findData("in-progress"))
    click(qtbot, tab.save_button)
    goal = view.cpd.goals()[0]
    assert goal.status == "in-progress" and goal.actions[0].done and not goal.actions[1].done

    click(qtbot, tab.focus_button)
    assert context.settings.focus_tip == framework.items[3].id
    assert load_settings(context.paths.settings).focus_start == date.today()
    assert framework.items[3].label in tab.status.text()

    click(qtbot, tab.delete_button)
    assert view.cpd.goals() == [] and tab.list.count() == 0 and tab.title.text() == ""


def test_goal_links_a_reflection(qtbot: QtBot, view: CpdView, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    reflection = _reflection(context, datetime(2025, 1, 7, 9, 30))
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a, **k: (items[0], True))
    qtbot.keyClicks(view.goals.title, "Fewer professional goals")
    view.goals.link_reflection()
    assert view.goals.reflections.item(0).text() == "Tue 7 Jan 2025 09:30"
    click(qtbot, view.goals.save_button)
    assert view.cpd.goals()[0].reflection_ids == (reflection.id,)
    assert view.cpd.goals_for_reflection(reflection.id or "") == [view.cpd.goals()[0].id]


def test_activity_with_themes_and_evidence_then_edit_and_delete(
    qtbot: QtBot, view: CpdView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer_yes: None
) -> None:
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4 certificate")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(certificate)], ""))
    view.tabs.setCurrentWidget(view.activities)
    tab = view.activities
    tab.day.setDate(QDate(2025, 2, 3))
    qtbot.keyClicks(tab.title, "Recovery college: co-produced course")
    tab.method.setCurrentIndex(tab.method.findData("course"))
    tab.hours.setValue(6.5)
    assert tab.participatory.isChecked()  # new entries start as a participatory course
    tick(qtbot, tab.clinical)
    tick(qtbot, tab.nmc_themes.boxes["nmc-code:prioritise-people"])
    tick(qtbot, tab.gmc_themes.boxes["gmc-gmp:patients-partnership-communication"])
    qtbot.keyClicks(tab.notes, "Learned about WRAP")
    click(qtbot, next(b for b in tab.findChildren(type(tab.save_button)) if b.text() == "Attach f&ile…"))
    assert tab.evidence.item(0).text() == "certificate.pdf (attached when you save)"
    click(qtbot, tab.save_button)

    [activity] = view.cpd.activities()
    assert (activity.day, activity.hours, activity.participatory, activity.clinical) == (date(2025, 2, 3), 6.5, True, True)
    assert activity.themes == ("nmc-code:prioritise-people", "gmc-gmp:patients-partnership-communication")
    assert activity.notes == "Learned about WRAP"
    assert view.cpd.evidence_bytes(activity.evidence[0]) == b"%PDF-1.4 certificate"
    assert tab.list.item(0).text() == "Mon 3 Feb 2025 · Recovery college: co-produced course · 6.5 h"
    assert tab.totals.text() == "1 entry: 6.5 hours, 6.5 participatory."

    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True)
    tab.evidence.setCurrentRow(0)
    click(qtbot, tab.open_button)  # a private temporary copy is what the viewer gets
    [copy] = opened
    assert copy.read_bytes() == b"%PDF-1.4 certificate" and copy.name == "certificate.pdf"
    assert copy.is_relative_to(view.context.paths.opened_evidence) and copy.parent.stat().st_mode & 0o777 == 0o700

    tab.hours.setValue(7)
    tick(qtbot, tab.participatory)
    tab.evidence.setCurrentRow(0)
    tab.remove_file()
    click(qtbot, tab.save_button)
    [activity] = view.cpd.activities()
    assert activity.hours == 7 and not activity.participatory and activity.evidence == ()
    assert tab.totals.text() == "1 entry: 7 hours, 0 participatory."

    click(qtbot, tab.delete_button)
    assert view.cpd.activities() == [] and tab.totals.text() == "0 entries: 0 hours, 0 participatory."


def test_an_activity_without_a_title_is_not_saved(qtbot: QtBot, view: CpdView) -> None:
    click(qtbot, view.activities.save_button)
    assert "title" in view.activities.status.text() and view.cpd.activities() == []


def test_counting_reflections_as_cpd(qtbot: QtBot, view: CpdView, context: AppContext) -> None:
    today = date.today()
    saved = [_reflection(context, datetime.combine(today - timedelta(days=days), datetime.min.time()).replace(hour=10))
             for days in (1, 2, 3, 4, 40)]
    template = view.catalog.templates["what-so-what-now-what"]
    # written learning ("Now what?") in three of the four in range and in the old one; "So what?" alone is not enough
    for record in saved[:3] + saved[4:]:
        view.cpd.save_sections(record.id or "", template, {"now-what": "Ask about goals first next time."})
    view.cpd.save_sections(saved[3].id or "", template, {"so-what": "Hope matters."})
    tab = view.activities
    assert "only reflections with written learning" in " ".join(
        label.text() for label in tab.findChildren(QLabel))
    tab.count_from.setDate(QDate(today.year, today.month, today.day).addDays(-30))
    tab.count_to.setDate(QDate(today.year, today.month, today.day))
    tab.minutes.setValue(10)
    click(qtbot, tab.count_button)
    assert tab.hours.value() == 0.5 and tab.method.currentData() == "reflective-practice"
    assert "3 of 4 reflections have written learning and make 0.5 hours" in tab.status.text()
    assert view.cpd.activities() == []  # nothing counts until the user saves it
    click(qtbot, tab.save_button)
    [activity] = view.cpd.activities()
    assert activity.hours == 0.5 and "3 reflections" in activity.notes
    assert context.settings.reflection_cpd_minutes == 10


def test_account_from_a_cpd_entry_and_from_a_reflection(
    qtbot: QtBot, view: CpdView, context: AppContext, monkeypatch: pytest.MonkeyPatch, answer_yes: None
) -> None:
    view.tabs.setCurrentWidget(view.activities)
    qtbot.keyClicks(view.activities.title, "Peer group on hope")
    tick(qtbot, view.activities.nmc_themes.boxes["nmc-code:practise-effectively"])
    click(qtbot, view.activities.save_button)
    click(qtbot, view.activities.account_button)

    tab = view.accounts
    assert view.tabs.currentWidget() is tab
    assert tab.title.text() == "Peer group on hope"
    assert "Course (participatory CPD, 1 hour): Peer group on hope." in tab.answers["nature"].toPlainText()
    assert tab.themes.keys() == ("nmc-code:practise-effectively",)
    assert tab.source_label.text() == "Written from a CPD entry."
    prompts = dict(load_cpd_catalog().account_prompts())
    shown = " ".join(label.text() for label in tab.findChildren(type(tab.source_label)))
    assert all(text in shown for text in prompts.values())
    tick(qtbot, tab.complete)
    click(qtbot, tab.save_button)
    assert "first three questions" in tab.status.text() and view.cpd.accounts() == []
    qtbot.keyClicks(tab.answers["learned"], "Hope is catching")
    qtbot.keyClicks(tab.answers["changed"], "I share recovery stories")
    tick(qtbot, tab.themes.boxes["nmc-code:prioritise-people"])
    click(qtbot, tab.save_button)
    [account] = view.cpd.accounts()
    assert account.complete and account.activity_id == view.cpd.activities()[0].id
    assert account.themes == ("nmc-code:prioritise-people", "nmc-code:practise-effectively")
    assert tab.list.item(0).text().endswith("Peer group on hope (complete)")
    assert view.progress.table.rowCount() == 0  # no scheme chosen yet

    reflection = _reflection(context, datetime(2025, 1, 6, 14, 0), "Their goals came first.")
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a, **k: (items[0], True))
    click(qtbot, next(b for b in tab.findChildren(type(tab.save_button)) if "reflection" in b.text()))
    assert tab.current_id is None and tab.answers["learned"].toPlainText() == "Their goals came first."
    assert "30-minute review" in tab.answers["nature"].toPlainText()
    click(qtbot, tab.save_button)
    assert {a.reflection_id for a in view.cpd.accounts()} == {reflection.id, None}

    tab.list.setCurrentRow(0)
    click(qtbot, tab.delete_button)
    assert len(view.cpd.accounts()) == 1


def test_discussion_scanned_for_patient_identifiers_then_saved_edited_deleted(
    qtbot: QtBot, view: CpdView, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = answer_boxes(monkeypatch, "Keep editing", "Delete")

    def warnings() -> list[str]:
        return [box.text() for box in boxes if box.windowTitle() == "Possible patient identifiers"]

    view.tabs.setCurrentWidget(view.discussions)
    tab = view.discussions
    tab.day.setDate(QDate(2025, 3, 5))
    qtbot.keyClicks(tab.name, "Alex Example")
    qtbot.keyClicks(tab.pin, "00A0000A")
    qtbot.keyClicks(tab.email, "alex.example@example.org")
    qtbot.keyClicks(tab.address, "Example Trust, 1 Example Road, SW1A 1AA")
    qtbot.keyClicks(tab.notes, "Discussed the account about NHS number 943 476 5919")
    click(qtbot, tab.save_button)
    assert len(warnings()) == 1 and "NHS number in the notes" in warnings()[0]
    assert "e-mail" not in warnings()[0] and "address" not in warnings()[0]
    assert view.cpd.discussions() == [] and tab.status.text().startswith("Not saved")

    tab.notes.setPlainText("We discussed my five accounts and the Code.")
    click(qtbot, tab.save_button)
    assert len(warnings()) == 1
    [saved] = view.cpd.discussions()
    assert (saved.colleague_name, saved.colleague_pin, saved.colleague_email) == (
        "Alex Example", "00A0000A", "alex.example@example.org")
    assert tab.list.item(0).text() == "Wed 5 Mar 2025 · with Alex Example"

    tab.name.setText("Sam Example")
    click(qtbot, tab.save_button)
    assert [d.colleague_name for d in view.cpd.discussions()] == ["Sam Example"]
    click(qtbot, tab.delete_button)
    assert view.cpd.discussions() == []


def test_progress_against_the_chosen_scheme(qtbot: QtBot, view: CpdView, context: AppContext) -> None:
    start = date.today().replace(month=1, day=1)
    view.cpd.save_activity(Activity(start, "Course", "course", 12, participatory=True))
    view.tabs.setCurrentWidget(view.progress)
    tab = view.progress
    assert "Choose your revalidation" in tab.summary.text()
    tab.scheme.setCurrentIndex(tab.scheme.findData("nmc"))
    tab.cycle_start.setDate(QDate(start.year, 1, 1))
    assert context.settings.revalidation_scheme == "nmc"
    assert load_settings(context.paths.settings).cycle_start == start
    settle_all(qtbot, tab)
    rows = {tab.table.item(r, 0).text(): [tab.table.item(r, c).text() for c in range(1, 6)]
            for r in range(tab.table.rowCount())}
    assert rows["CPD hours"][1:] == ["12", "35", "23", "In progress"]
    assert rows["Participatory CPD hours"][1:4] == ["12", "20", "8"]
    assert rows["Reflective discussion"][1:3] == ["0", "1"]
    assert f"{start.year + 2}" in rows["CPD hours"][0]

    view.tabs.setCurrentWidget(view.activities)
    qtbot.keyClicks(view.activities.title, "Supervision")
    view.activities.hours.setValue(3)
    click(qtbot, view.activities.save_button)
    assert tab.table.item(0, 2).text() == "15"


def test_the_main_window_opens_the_cpd_page(qtbot: QtBot, paths: DataPaths) -> None:
    from reflect.ui.pages import page_index
    from tests.helpers import open_window

    window = open_window(qtbot, paths)
    assert window.nav.item(page_index("cpd")).text() == "CPD"
    window.show_page("cpd")
    qtbot.waitUntil(lambda: isinstance(window.current_view(), CpdView))
    window.close()
    window.context.close()


def test_template_sections_widget(qtbot: QtBot) -> None:
    templates = load_cpd_catalog().templates
    widget = TemplateSections(templates)
    qtbot.addWidget(widget)
    assert widget.template_id() == "" and widget.sections() == {}
    with qtbot.waitSignal(widget.changed):
        widget.set_template("gibbs")
    assert list(widget.sections()) == [s.id for s in templates["gibbs"].sections]
    qtbot.keyClicks(widget.editors["feelings"], "Unsure at first")
    assert widget.sections()["feelings"] == "Unsure at first"
    widget.load({"what": "A review", "now-what": "Ask sooner"}, "what-so-what-now-what")
    assert widget.chooser.currentText() == "What? So what? Now what?"
    assert widget.sections() == {"what": "A review", "so-what": "", "now-what": "Ask sooner"}
    assert widget.editors["so-what"].placeholderText() == templates["what-so-what-now-what"].sections[1].prompt
    widget.clear()
    assert widget.template() is None and widget.sections() == {}


def test_a_draft_account_says_why_the_report_leaves_it_out(qtbot: QtBot, view: CpdView) -> None:
    tab = view.accounts
    view.tabs.setCurrentWidget(tab)
    click(qtbot, tab.new_button)
    qtbot.keyClicks(tab.title, "Half-written account")
    assert tab.draft_hint.isVisible() and "not included in the CPD report" in tab.draft_hint.text()
    click(qtbot, tab.save_button)
    assert tab.list.item(0).text().endswith("Half-written account (draft, not in reports)")
    assert tab.draft_hint.isVisible()  # the saved draft still says so
    tick(qtbot, tab.complete)
    assert not tab.draft_hint.isVisible()  # ticked: it will be included
