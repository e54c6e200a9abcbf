"""The supervision loop in the app: prepare a pack, comment and sign off on the Supervisees page, import it back."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from reflect.cli import main
from reflect.cli_commands import run_demo
from reflect.paths import DataPaths
from reflect.supervision.pack import read_pack
from reflect.supervision.team import SUPPRESSION_RULE
from reflect.ui.context import AppContext
from reflect.ui.dialogs import supervision as supervision_dialogs
from reflect.ui.dialogs.supervision import AcceptActionsDialog, PrepareDialog
from reflect.ui.pages.checklist import ChecklistForm
from reflect.ui.pages.history import HistoryView
from reflect.ui.pages.supervisees import COMMENT_COLUMN, SuperviseesView
from reflect.ui.pages.team import SUPPRESSED, TeamPage
from reflect.ui.pages.trends import TrendsView
from tests.helpers import settle

PASSPHRASE = "walnut orchard spring"


@pytest.fixture
def practitioner(tmp_path: Path) -> Iterator[AppContext]:
    paths = DataPaths(tmp_path / "practitioner")
    run_demo(paths, 40, seed=7, today=date.today())
    context = AppContext.open(paths)
    context.settings.practitioner_name = "Sam Practitioner"
    context.reflections.save(replace(context.reflections.records()[-1], text="I let the person set the agenda today."))
    yield context
    context.close()


@pytest.fixture
def supervisor(tmp_path: Path) -> Iterator[AppContext]:
    paths = DataPaths(tmp_path / "supervisor")
    paths.ensure()
    context = AppContext.open(paths)
    context.settings.practitioner_name = "Dr Alex Supervisor"
    context.settings.practitioner_role = "Consultant psychiatrist"
    yield context
    context.close()


def _prepare(qtbot: QtBot, context: AppContext, out: Path, monkeypatch: pytest.MonkeyPatch) -> PrepareDialog:
    dialog = PrepareDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, dialog)
    listed = dialog.picker.list
    listed.setCurrentIndex(listed.model().index(0, 0))  # the newest, with text
    listed.setFocus()
    qtbot.keyClick(listed, Qt.Key.Key_Space)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def _type_tip_comment(qtbot: QtBot, view: SuperviseesView, row: int, text: str) -> None:
    """Edit a tip's comment cell by keyboard, as the supervisor would."""
    view.tips.setCurrentCell(row, COMMENT_COLUMN)
    item = view.tips.item(row, COMMENT_COLUMN)
    assert item is not None
    view.tips.editItem(item)
    qtbot.keyClicks(view.tips.viewport().focusWidget() or view.tips, text)
    qtbot.keyClick(view.tips.viewport().focusWidget() or view.tips, Qt.Key.Key_Return)


def _open_pack(qtbot: QtBot, view: SuperviseesView, pack_file: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The supervisor opens the pack and files it under a typed name; returns what they were told."""
    answers = iter([(PASSPHRASE, True), ("Sam from the ward", True)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pack_file), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    reported: list[str] = []
    view.open_pack(reported.append)  # decrypted and filed on workers
    qtbot.waitUntil(lambda: bool(reported), timeout=20_000)
    settle(qtbot, view)
    return reported[0]


def _send(qtbot: QtBot, view: SuperviseesView, response_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign off and send: the file and passphrase chosen in their dialogs; sealed on a worker."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(response_file), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASSPHRASE, True))
    view.send_button.click()  # its `checked` was taken for the file to write: nothing was ever sent
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved the signed response"), timeout=10_000)
    assert response_file.exists()


def _import_response(qtbot: QtBot, practitioner: AppContext, monkeypatch: pytest.MonkeyPatch) -> str:
    """File → Import a supervision response, with its file and passphrase already chosen; what it reports."""
    from reflect.supervision import response as response_module

    threads: list[str] = []
    real_read = response_module.read_response

    def read(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_read(*args)

    monkeypatch.setattr(response_module, "read_response", read)
    window = QWidget()
    qtbot.addWidget(window)
    reported: list[str] = []
    supervision_dialogs.import_response(window, practitioner, reported.append)
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert threads and threads != [threading.main_thread().name]  # decrypted (its key derived) on a worker
    return reported[0]


def test_a_long_period_lists_its_reflections_in_a_searchable_list_and_only_the_ticked_text_travels(
    qtbot: QtBot, practitioner: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = practitioner.reflections.records()
    herons = {records[3].id, records[9].id}
    for record, text in ((records[3], "Walked with the heron group."), (records[9], "The heron came back today."),
                         (records[6], "Talked about the orchard.")):
        practitioner.reflections.save(replace(record, text=text))
    with_text = [r for r in practitioner.reflections.records() if r.text.strip() or any(e.note for e in r.ratings)]
    dialog = PrepareDialog(practitioner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.from_edit.setDate(QDate(2000, 1, 1))  # every reflection: rows of a light model, no widget apiece
    settle(qtbot, dialog)
    picker = dialog.picker
    assert picker.model.rowCount() == len(with_text) > 3 and not dialog.findChildren(QCheckBox)
    qtbot.keyClicks(picker.search, "HERON")
    assert picker.proxy.rowCount() == 2
    qtbot.mouseClick(picker.all_button, Qt.MouseButton.LeftButton)
    picker.search.clear()
    assert picker.proxy.rowCount() == len(with_text) and set(picker.model.ticked_ids()) == herons
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    pack_file = tmp_path / "herons.reflect-pack"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pack_file), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted or dialog.save_button.isEnabled(),
                    timeout=20_000)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    pack, _ = read_pack(pack_file, PASSPHRASE)
    assert {r.id for r in pack.reflections} == herons


def test_more_reflections_ticked_than_a_pack_carries_is_said_before_anything_is_written(
    qtbot: QtBot, practitioner: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.supervision import pack as pack_module

    monkeypatch.setattr(pack_module, "MAX_REFLECTIONS", 1)  # as checked when the request is made
    records = practitioner.reflections.records()
    for record in records[:2]:
        practitioner.reflections.save(replace(record, text="Talked about the orchard."))
    dialog = PrepareDialog(practitioner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.from_edit.setDate(QDate(2000, 1, 1))
    settle(qtbot, dialog)
    qtbot.keyClicks(dialog.picker.search, "orchard")
    qtbot.mouseClick(dialog.picker.all_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == ("A pack carries the text of at most 1 reflections and 2 were chosen; keep the few "
                                   "you want to discuss.")
    assert not asked and dialog.isVisible() and not list(tmp_path.glob("*.reflect-pack"))


def test_prepare_for_supervision_leaves_nothing_behind_once_closed(
    qtbot: QtBot, practitioner: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    monkeypatch.setattr(PrepareDialog, "exec", lambda self: QDialog.DialogCode.Rejected)  # opened, then cancelled
    for _opening in range(3):
        assert supervision_dialogs.prepare_pack(window, practitioner) is None
    qtbot.waitUntil(lambda: not window.findChildren(PrepareDialog))  # nor the lists of reflections they held


def test_the_loop_through_the_app(qtbot: QtBot, practitioner: AppContext, supervisor: AppContext, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pack_file = tmp_path / "sam.reflect-pack"
    dialog = _prepare(qtbot, practitioner, pack_file, monkeypatch)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted or dialog.save_button.isEnabled())
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    pack, _ = read_pack(pack_file, PASSPHRASE)
    newest = practitioner.reflections.records()[-1]
    assert [r.id for r in pack.reflections] == [newest.id]

    # the supervisor opens it on the Supervisees page under a typed name
    view = SuperviseesView(supervisor)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot, view)
    assert view.empty.isVisible()
    reported = _open_pack(qtbot, view, pack_file, monkeypatch)
    assert "under Sam from the ward" in reported and view.status.text() == reported
    assert "Sam from the ward" in view.pack_combo.currentText() and not view.empty.isVisible()
    assert "I let the person set the agenda today." in " ".join(
        w.text() for w in view.findChildren(type(view.empty)))
    assert supervisor.reflections.count() == 0  # kept apart from the supervisor's own reflections

    comment = view.shared.boxes[newest.id]
    qtbot.keyClicks(comment, "Good: the person led.")
    hope_row = next(r for r, t in enumerate(pack.tips) if t.id == "hope")
    _type_tip_comment(qtbot, view, hope_row, "Keep asking about hope.")
    qtbot.keyClicks(view.actions_edit, "Ask about hope at every review")
    assert view.sign_name.text() == "Dr Alex Supervisor"  # from the supervisor's own Settings
    response_file = tmp_path / "sam.reflect-response"
    _send(qtbot, view, response_file, monkeypatch)
    settle(qtbot, view)
    assert "response sent" in view.pack_combo.currentText()

    # back to the practitioner: the comment shows in History and the form; the action becomes a goal
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(response_file), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASSPHRASE, True))
    monkeypatch.setattr(AcceptActionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    message = _import_response(qtbot, practitioner, monkeypatch)
    assert "1 new goal " in message and "Dr Alex Supervisor" in message
    assert "Ask about hope at every review" in [g.title for g in practitioner.cpd.goals()]
    history = HistoryView(practitioner)
    qtbot.addWidget(history)
    history.show()
    qtbot.waitUntil(lambda: history.model.rowCount() > 0)
    history.table.selectRow(0)
    assert history.supervision_comments.isVisible()
    assert "Good: the person led." in history.supervision_comments.text()
    history.table.selectRow(1)
    assert not history.supervision_comments.isVisible()
    form = ChecklistForm(practitioner)
    qtbot.addWidget(form)
    form.show()
    assert not form.supervision_comments.isVisible()
    form.load(practitioner.reflections.get(newest.id or ""))
    assert form.supervision_comments.isVisible() and "Dr Alex Supervisor" in form.supervision_comments.text()


def test_a_wrong_passphrase_in_the_dialog_is_one_sentence_and_the_dialog_stays(
    qtbot: QtBot, practitioner: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = PrepareDialog(practitioner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE + "x")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "The two passphrases are not the same."


def _summary(tmp_path: Path, name: str, sessions: int) -> Path:
    paths = DataPaths(tmp_path / name)
    run_demo(paths, sessions, seed=len(name), today=date.today() - timedelta(days=date.today().weekday()))
    out = tmp_path / f"{name}.json"
    assert main(["--data-dir", str(paths.root), "export", "--format", "team-summary", "--display-name", name,
                 "--out", str(out)]) == 0
    return out


def test_the_team_page_shows_rates_with_n_and_suppresses_small_cells(qtbot: QtBot, tmp_path: Path,
                                                                     paths: DataPaths) -> None:
    files = [_summary(tmp_path, name, 12) for name in ("Ann", "Bo", "Cy")]
    paths.ensure()
    context = AppContext.open(paths)
    page = TeamPage(context)
    qtbot.addWidget(page)
    page.show()
    assert SUPPRESSION_RULE in page.rule.text()
    assert page.summary.text() == "No team summaries open."  # an empty chart and table would say nothing
    assert page.chart.isHidden() and page.table.isHidden()
    page.open_files(files[:2])  # two practitioners: every cell is suppressed
    settle(qtbot, page)
    assert page.chart.isVisible() and page.table.isVisible()
    assert " n " not in page.summary.text() and "sessions" in page.summary.text()
    model = page.table.model()
    texts = {model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())}
    assert texts == {SUPPRESSED}
    assert page.chart.point_count("hope") == 0  # nothing suppressed is drawn
    page.open_files(files)
    settle(qtbot, page)
    assert "3 practitioners (Ann, Bo, Cy)" in page.summary.text()
    model = page.table.model()
    overall = model.index(0, model.columnCount() - 1).data()
    assert "36 sessions · 3 practitioners" in overall and "%" in overall
    shown = [c for c in range(model.columnCount() - 1) if model.index(0, c).data() != SUPPRESSED]
    assert all(model.index(0, c).data(Qt.ItemDataRole.ToolTipRole) == SUPPRESSION_RULE
               for c in range(model.columnCount() - 1) if c not in shown)
    assert shown and page.chart.point_count(page.view.tips[0][0]) == len(shown)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    page.open_files([bad])
    settle(qtbot, page)
    assert page.error.text() == "bad.json is not a Reflect team summary." and page.view is not None
    context.close()


def test_the_imroc_challenges_are_a_quarterly_team_self_assessment(qtbot: QtBot, practitioner: AppContext) -> None:
    trends = TrendsView(practitioner)
    qtbot.addWidget(trends)
    trends.show()
    assert trends.bin_combo.currentText() != "Quarter"
    trends.framework_combo.setCurrentIndex(trends.framework_combo.findData("imroc-organisational-challenges"))
    assert trends.bin_combo.currentText() == "Quarter"
    form = ChecklistForm(practitioner)
    qtbot.addWidget(form)
    form.show()
    assert "periodic" not in form.prompt_label.text()
    form.details.framework_combo.setCurrentIndex(form.details.framework_combo.findData("imroc-organisational-challenges"))
    assert "periodic team self-assessment (quarterly)" in form.prompt_label.text()
    assert form.rows[0].item.text.startswith("Changing the nature of day-to-day interactions")


def test_a_ticked_reflection_with_an_identifier_keeps_the_dialog_open(
    qtbot: QtBot, practitioner: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    practitioner.reflections.save(replace(practitioner.reflections.records()[-1], text="Rang him on 07700 900123 after."))
    out = tmp_path / "never.reflect-pack"
    dialog = _prepare(qtbot, practitioner, out, monkeypatch)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    assert dialog.isVisible() and "phone number" in dialog.error.text() and "nothing was written" in dialog.error.text()
    assert not out.exists()


def test_the_file_menu_reaches_supervision_and_the_pages_are_in_the_navigation(
    qtbot: QtBot, practitioner: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.ui.main_window import MainWindow

    window = MainWindow(practitioner)
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert titles[-3:] == ["Supervisees", "Team", "Settings"]
    file_menu = window.menuBar().actions()[0].menu()
    actions = {a.text().replace("&", ""): a for a in file_menu.actions()}
    for text in ("Prepare for supervision…", "Open a supervision pack…", "Import a supervision response…",
                 "Export a team summary…"):
        assert actions[text].isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))  # the person cancels
    actions["Open a supervision pack…"].trigger()
    assert window.nav.currentItem().text() == "Supervisees"
    assert isinstance(window.current_view(), SuperviseesView)
    window.close()


def test_with_no_packs_the_supervisees_page_says_so_at_the_top_with_nothing_empty_beside_it(
    qtbot: QtBot, supervisor: AppContext
) -> None:
    view = SuperviseesView(supervisor)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    settle(qtbot, view)
    assert view.empty.isVisible() and "No supervision packs yet" in view.empty.text()
    assert view.pack_combo.isHidden() and view.body.isHidden()  # no empty drop-down to puzzle over
    assert view.empty.geometry().top() < view.height() // 4  # near the top, not floating mid-page


def test_a_pack_of_many_reflections_is_shown_a_few_at_a_time_and_no_comment_is_lost(
    qtbot: QtBot, practitioner: AppContext, supervisor: AppContext
) -> None:
    """Fifty reflections' boxes are made a few per turn of the event loop; a response read meanwhile holds
    the comment typed in a box already made and the saved one of a box not made yet."""
    from reflect.cpd import CpdStore
    from reflect.supervision.pack import PackRequest, build_pack, parse_pack
    from reflect.supervision.response import with_comments
    from reflect.ui.widgets.pack_reflections import BATCH

    start, end = date.today() - timedelta(days=365), date.today()
    texts = [r for r in practitioner.reflections.records() if r.text.strip() and start <= r.occurred_at.date() <= end]
    assert len(texts) > 2 * BATCH
    data = build_pack(practitioner.reflections, CpdStore(practitioner.database), practitioner.catalog,
                      practitioner.settings, PackRequest(start, end, tuple(r.id or "" for r in texts), ()))
    pack = parse_pack(data, "pack")
    stored = supervisor.supervisees.receive("Sam", pack, data)
    last = pack.reflections[-1].id
    supervisor.supervisees.save_response(
        with_comments(supervisor.supervisees.response(stored.id), pack, {last: "Saved before."}, {}))

    view = SuperviseesView(supervisor)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot, view)
    view.shared.show(pack, supervisor.supervisees.response(stored.id))
    assert len(view.shared.boxes) == BATCH and view.shared.building  # the first few at once, the rest to come
    first = pack.reflections[0].id
    qtbot.keyClicks(view.shared.boxes[first], "Typed at once.")
    comments = {c.about: c.text for c in view.response().reflection_comments}
    assert comments == {first: "Typed at once.", last: "Saved before."}
    assert [c.about for c in view.response().reflection_comments] == [first, last]  # in the pack's order
    qtbot.waitUntil(lambda: not view.shared.building)
    assert list(view.shared.boxes) == [r.id for r in pack.reflections]
    assert view.shared.boxes[last].toPlainText() == "Saved before."
    assert {c.about: c.text for c in view.response().reflection_comments} == comments
