"""The Reports page: choose a report kind and period, create the PDF off the GUI thread, then open it; identifiers refuse."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from reflect.cli_commands import run_demo
from reflect.cpd import Account, Activity, CpdStore
from reflect.paths import DataPaths
from reflect.privacy import mod11_check_digit
from reflect.records import ReflectionFilter, ReflectionRecord
from reflect.ui.context import AppContext
from reflect.ui.pages.reports.accounts import ID_ROLE
from reflect.ui.pages.reports.kinds import KIND_CPD
from reflect.ui.pages.reports.view import ReportsView
from reflect.ui.widgets.reflection_picker import ID_ROLE as REFLECTION_ID
from reflect.vocabulary import STATUS_COMPLETE
from tests.helpers import settle


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    run_demo(paths, 200, seed=6, today=date.today())
    ctx = AppContext.open(paths)
    ctx.settings.practitioner_name = "Dr Robin Example"
    yield ctx
    ctx.close()


@pytest.fixture
def view(context: AppContext, qtbot: QtBot) -> ReportsView:
    widget = ReportsView(context)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    settle(qtbot, widget)
    return widget


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    offered: list[str] = []

    def fake(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(path), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return offered


def _choose(combo: object, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def test_create_report_for_a_period_then_open_it(view: ReportsView, qtbot: QtBot, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _choose(view.period.range_combo, -1)  # Custom
    end = date.today()
    view.period.from_edit.setDate(end - timedelta(days=59))
    view.period.to_edit.setDate(end)
    _choose(view.setting_combo, "outpatient")
    assert view.date_range() == (end - timedelta(days=59), end)
    offered = _save_to(monkeypatch, tmp_path / "for-supervision")  # no suffix: .pdf is added
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))

    with qtbot.waitSignal(view.finished, timeout=20_000):
        qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
        assert view.progress.isVisible() and not view.create_button.isEnabled()
    out = tmp_path / "for-supervision.pdf"
    assert out.exists() and offered[0].endswith(f"{end.isoformat()}.pdf")
    assert view.open_button.isVisible() and view.folder_button.isVisible() and not view.progress.isVisible()
    first_page = pypdf.PdfReader(out).pages[0].extract_text()
    assert "Dr Robin Example" in first_page and "Outpatient clinic" in first_page

    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(out), str(tmp_path)]


def test_ticked_text_is_included_and_a_password_is_applied(view: ReportsView, context: AppContext, qtbot: QtBot, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    model = view.picker.model
    assert model.rowCount() > 0
    model.setData(model.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    record = context.get(model.index(0).data(REFLECTION_ID))
    view.password_check.setChecked(True)
    view.password_edit.setText("letmein")
    _save_to(monkeypatch, tmp_path / "shared.pdf")
    with qtbot.waitSignal(view.finished, timeout=20_000):
        view.create_button.click()
    reader = pypdf.PdfReader(tmp_path / "shared.pdf")
    assert reader.is_encrypted and reader.decrypt("letmein")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert " ".join(record.text.split()) in text


def test_identifier_in_a_ticked_reflection_lists_it_and_writes_nothing(
    view: ReportsView, context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework = context.framework()
    digits = "999000001"
    number = digits + str(mod11_check_digit(digits))
    saved = context.complete(ReflectionRecord(
        occurred_at=datetime.combine(date.today(), time(8, 0)), duration_min=30, setting="inpatient",
        contact_type="review", modality="in-person", framework_id=framework.id, framework_version=framework.version,
        text=f"Reviewed with the team, NHS {number}."))
    settle(qtbot, view)  # the page reloads its list when a reflection is saved
    model = view.picker.model
    row = model.row_of(saved.id or "")
    assert row is not None
    model.setData(model.index(row), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    _save_to(monkeypatch, tmp_path / "refused.pdf")

    qtbot.waitUntil(lambda: view.create_button.isEnabled())
    view.create_button.click()
    qtbot.waitUntil(lambda: view.status_label.text().startswith("No report was created"), timeout=20_000)
    message = view.status_label.text()
    assert "NHS number" in message and number not in message
    assert model.index(row).data().startswith("Needs attention")
    qtbot.keyClicks(view.picker.search, "needs attention")  # the search finds what refused the report
    assert view.picker.shown_ids() == [saved.id]
    assert not view.open_button.isVisible() and view.create_button.isEnabled()
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".*.part"))


def test_password_box_ticked_but_empty_asks_for_one(view: ReportsView, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    offered = _save_to(monkeypatch, tmp_path / "x.pdf")
    view.password_check.setChecked(True)
    view.create_button.click()
    assert offered == [] and "Type a password" in view.status_label.text()


def test_presets_and_filters_change_the_list(view: ReportsView, context: AppContext, qtbot: QtBot) -> None:
    _choose(view.period.range_combo, 28)
    settle(qtbot, view)
    start, end = view.date_range()
    assert (end - start).days == 27 and not view.period.from_edit.isEnabled()
    in_period = context.reflections.records(ReflectionFilter(date_from=start, date_to=end, statuses=(STATUS_COMPLETE,)))
    with_text = [r for r in in_period if r.text.strip()]
    assert view.picker.model.rowCount() == len(with_text)
    _choose(view.setting_combo, "community")
    assert view.picker.model.rowCount() == sum(1 for r in with_text if r.setting == "community")


def test_every_filter_lists_and_counts_exactly_the_matching_reflections(
    view: ReportsView, context: AppContext, qtbot: QtBot
) -> None:
    """The list and the count, worked out from the period's categories as arrays, against the records."""
    settle(qtbot, view)
    start, end = view.date_range()
    in_period = context.reflections.records(ReflectionFilter(date_from=start, date_to=end, statuses=(STATUS_COMPLETE,)))
    tag = next(tag for r in in_period for tag in r.tags)
    for combo, data, keep in (
        (view.setting_combo, "community", lambda r: r.setting == "community"),
        (view.contact_combo, "review", lambda r: r.setting == "community" and r.contact_type == "review"),
        (view.setting_combo, None, lambda r: r.contact_type == "review"),
        (view.tag_combo, tag, lambda r: r.contact_type == "review" and tag in r.tags),
        (view.modality_combo, "in-person", lambda r: r.contact_type == "review" and tag in r.tags
         and r.modality == "in-person"),
    ):
        _choose(combo, data)
        kept = [r for r in in_period if keep(r)]
        assert kept, data  # each step still lists some
        listed = {view.picker.model.index(row).data(REFLECTION_ID) for row in range(view.picker.model.rowCount())}
        assert listed == {r.id for r in kept if r.text.strip() or any(e.note for e in r.ratings)}, data
        assert view.status_label.text().startswith(f"{len(kept):,} reflection"), data


def test_main_window_has_a_reports_page(context: AppContext, qtbot: QtBot) -> None:
    from reflect.ui.main_window import MainWindow
    from reflect.ui.pages import page_index

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.show_page("reports")
    assert window.nav.item(page_index("reports")).text() == "Reports"
    assert isinstance(window.current_view(), ReportsView)


def _accounts(context: AppContext) -> tuple[str, str]:
    """Two complete accounts and a draft in the last weeks, and a CPD activity; returns the complete titles."""
    cpd = CpdStore(context.database)
    today = date.today()
    cpd.save_activity(Activity(today - timedelta(days=3), "Recovery college course", "course", 6.5, participatory=True))
    titles = ("Hope in reviews", "Shared decisions")
    for offset, title in enumerate(titles):
        cpd.save_account(Account(today - timedelta(days=5 + offset), title, "A peer group session.",
                                 "Hope is catching.", "I now ask about goals first.", "It puts people first.",
                                 ("nmc-code:prioritise-people",), complete=True))
    cpd.save_account(Account(today - timedelta(days=2), "Unfinished draft", "Draft only"))
    return titles


def _choose_cpd(view: ReportsView, qtbot: QtBot) -> None:
    _choose(view.kind_combo, KIND_CPD)
    view.hide()
    view.show()  # back on the page: accounts edited on the CPD page are listed afresh
    settle(qtbot, view)


def test_cpd_portfolio_with_chosen_accounts_from_the_page(
    view: ReportsView, context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, dropped = _accounts(context)
    _choose(view.period.range_combo, 28)
    _choose_cpd(view, qtbot)
    assert view.cpd_box.isVisible() and not view.supervision_box.isVisible() and not view.setting_combo.isVisible()
    assert "CPD portfolio" in view.heading.text()
    assert "drafts are left out until you tick Complete" in view.cpd_box.label.text()  # why a draft is missing
    items = [view.account_list.item(row) for row in range(view.account_list.count())]
    assert [item.text().split(" · ")[1] for item in items] == [kept, dropped]  # complete ones only, newest first
    assert all(item.checkState() == Qt.CheckState.Checked for item in items) and view.account_ids() is None
    items[1].setCheckState(Qt.CheckState.Unchecked)
    assert view.account_ids() == (items[0].data(ID_ROLE),) and "1 will be included" in view.status_label.text()
    offered = _save_to(monkeypatch, tmp_path / "portfolio")
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))

    with qtbot.waitSignal(view.finished, timeout=20_000):
        view.create_button.click()
        assert view.progress.isVisible() and not view.create_button.isEnabled()
    out = tmp_path / "portfolio.pdf"
    assert Path(offered[0]).name.startswith("cpd-portfolio-") and view.status_label.text().startswith("Saved the CPD")
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    assert "CPD portfolio" in text and "Dr Robin Example" in text and "Recovery college course" in text
    assert kept in text and dropped not in text and "Unfinished draft" not in text
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(out), str(tmp_path)]


def test_cpd_portfolio_refused_on_an_identifier_writes_nothing(
    view: ReportsView, context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digits = "999000001"
    number = digits + str(mod11_check_digit(digits))
    CpdStore(context.database).save_account(Account(
        date.today() - timedelta(days=1), "Team review", "A review.", f"Learned about NHS {number}.", "Changed.",
        "Relevant.", ("nmc-code:practise-effectively",), complete=True))
    _choose_cpd(view, qtbot)
    _save_to(monkeypatch, tmp_path / "refused.pdf")
    view.create_button.click()
    qtbot.waitUntil(lambda: "not created" in view.status_label.text(), timeout=20_000)
    message = view.status_label.text()
    assert "NHS number" in message and number not in message
    assert view.create_button.isEnabled() and not view.progress.isVisible() and not view.open_button.isVisible()
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".*.part"))
