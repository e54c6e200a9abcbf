"""The Reports page's "include the text of" list: loaded on a worker, searchable, Select all / none, exactly the ticked text."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from reflect.cli_commands import run_demo
from reflect.paths import DataPaths
from reflect.records import ReflectionRecord
from reflect.ui.context import AppContext
from reflect.ui.pages.reports import view as view_module
from reflect.ui.pages.reports.view import ReportsView
from reflect.ui.widgets.reflection_picker import ID_ROLE
from tests.helpers import settle

MARKED = ("Garden walk with the heron, goals first.", "Heron painting group went well today.")
OTHER = "Quiet clinic about sleep routines."


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    run_demo(paths, 300, seed=3, today=date.today())
    ctx = AppContext.open(paths)
    framework = ctx.framework()
    for hour, text in enumerate((*MARKED, OTHER)):
        ctx.complete(ReflectionRecord(
            occurred_at=datetime.combine(date.today() - timedelta(days=1), time(9 + hour)), duration_min=30,
            setting="community", contact_type="review", modality="in-person", framework_id=framework.id,
            framework_version=framework.version, text=text))
    yield ctx
    ctx.close()


def _view(context: AppContext, qtbot: QtBot) -> ReportsView:
    widget = ReportsView(context)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _shown_texts(view: ReportsView) -> list[str]:
    proxy = view.picker.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_the_list_loads_on_a_worker_with_a_quiet_busy_note(
    context: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = view_module.load_period

    def slow(*args: object) -> object:
        assert release.wait(20), "the test never let the load finish"
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(view_module, "load_period", slow)
    view = _view(context, qtbot)
    qtbot.waitUntil(view.loader.note.isVisible)  # the page says it is loading, and the window still runs
    assert view.picker.model.rowCount() == 0 and view.picker.search.isEnabled()
    release.set()
    settle(qtbot, view)
    assert not view.loader.note.isVisible()
    assert view.picker.model.rowCount() > 200
    assert view.loader.thread_name and view.loader.thread_name != threading.main_thread().name


def test_search_then_select_all_ticks_only_what_the_search_shows(context: AppContext, qtbot: QtBot) -> None:
    view = _view(context, qtbot)
    settle(qtbot, view)
    everything = view.picker.model.rowCount()
    qtbot.keyClicks(view.picker.search, "HERON")
    assert len(_shown_texts(view)) == 2 and all("heron" in text.lower() for text in _shown_texts(view))
    qtbot.mouseClick(view.picker.all_button, Qt.MouseButton.LeftButton)
    assert len(view.ticked_ids()) == 2
    view.picker.search.clear()
    assert view.picker.proxy.rowCount() == everything  # the search cleared, the ticks kept
    qtbot.mouseClick(view.picker.all_button, Qt.MouseButton.LeftButton)
    assert len(view.ticked_ids()) == everything
    qtbot.keyClicks(view.picker.search, "sleep routines")
    qtbot.mouseClick(view.picker.none_button, Qt.MouseButton.LeftButton)
    assert len(view.ticked_ids()) == everything - 1  # only the one the search showed was unticked
    assert "Quiet clinic" in _shown_texts(view)[0]


def test_a_long_text_is_listed_by_its_start_with_an_ellipsis_and_found_by_its_words(
    context: AppContext, qtbot: QtBot
) -> None:
    framework = context.framework()
    words = "Reviewed the heron plan " + " ".join(f"step{n}" for n in range(40))
    context.complete(ReflectionRecord(
        occurred_at=datetime.combine(date.today() - timedelta(days=2), time(10)), duration_min=30, setting="ward",
        contact_type="review", modality="in-person", framework_id=framework.id, framework_version=framework.version,
        text=words))
    view = _view(context, qtbot)
    settle(qtbot, view)
    qtbot.keyClicks(view.picker.search, "step3")
    shown = _shown_texts(view)
    assert len(shown) == 1 and shown[0].endswith("…") and "Reviewed the heron plan step0" in shown[0]
    assert "step39" not in shown[0]  # only the start of the text is listed
    view.picker.search.clear()
    qtbot.keyClicks(view.picker.search, "Garden walk")
    assert _shown_texts(view) and not _shown_texts(view)[0].endswith("…")  # a short text is listed whole


def test_a_search_typed_letter_by_letter_shows_what_the_whole_word_shows_and_widens_again(
    context: AppContext, qtbot: QtBot
) -> None:
    view = _view(context, qtbot)
    settle(qtbot, view)
    view.picker.search.setText("walk")
    whole = _shown_texts(view)
    view.picker.search.setText("he")
    two_letters = _shown_texts(view)
    view.picker.search.setText("wa")
    wider = _shown_texts(view)
    view.picker.search.clear()
    qtbot.keyClicks(view.picker.search, "walk")  # each letter narrows the rows the last one showed
    assert _shown_texts(view) == whole and whole and len(two_letters) > len(whole)
    qtbot.keyClick(view.picker.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(view.picker.search, Qt.Key.Key_Backspace)  # "wa": wider again
    assert _shown_texts(view) == wider and len(wider) > len(whole)
    view.picker.search.setText("he")
    assert _shown_texts(view) == two_letters


def test_the_report_holds_exactly_the_ticked_reflections_text(
    context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(context, qtbot)
    settle(qtbot, view)
    qtbot.keyClicks(view.picker.search, "heron")
    qtbot.mouseClick(view.picker.all_button, Qt.MouseButton.LeftButton)
    ticked = view.ticked_ids()
    assert {context.get(i).text for i in ticked} == set(MARKED)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "r.pdf"), "")))
    with qtbot.waitSignal(view.finished, timeout=30_000):
        view.create_button.click()
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(tmp_path / "r.pdf").pages)
    assert all(marked in text for marked in MARKED)
    assert OTHER not in text
    demo_texts = {context.get(view.picker.model.index(row).data(ID_ROLE)).text
                  for row in range(0, view.picker.model.rowCount(), 25)}
    assert not any(" ".join(t.split()) in text for t in demo_texts - set(MARKED))


def test_the_save_dialog_opens_in_the_documents_folder(
    context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "My Documents"
    monkeypatch.setattr(view_module, "user_documents_dir", lambda: str(documents))
    offered: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: offered.append(a[2]) or ("", "")))
    view = _view(context, qtbot)
    settle(qtbot, view)
    view.create_button.click()
    assert Path(offered[0]).parent == documents and Path(offered[0]).name.startswith("supervision-report-")
