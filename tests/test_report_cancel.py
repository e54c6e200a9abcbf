"""A report or supervision pack stops part-way on Cancel or when Reflect closes, and writes nothing.

The build used to check only before and after reportlab drew the whole PDF, so Cancel and quitting
waited up to 8 s at 100,000 reflections (quitting with the window gone and the folder still locked).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.platypus import SimpleDocTemplate
from sqlalchemy import func, select

from reflect import analytics, demo
from reflect.analytics import Bin, RatingTable
from reflect.cli_commands import run_demo
from reflect.cpd import CpdStore
from reflect.cpd_data import load_cpd_catalog
from reflect.data.models_supervision import SentPack
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from reflect.reports import pdf
from reflect.reports.charts import DOTS_PER_CHECK, score_chart
from reflect.reports.cpd import CpdRequest, write_cpd_report
from reflect.reports.supervision import ReportRequest, write_supervision_report
from reflect.settings import Settings
from reflect.ui import ops
from reflect.ui.context import AppContext
from reflect.ui.dialogs.supervision import PrepareDialog
from reflect.ui.ops import finish_work
from reflect.ui.pages.reports.view import ReportsView
from tests.helpers import settle

TODAY = date(2026, 11, 30)


class Stop(Exception):
    """What the test's progress raises to stop a build (the window's raises ops.Cancelled)."""


def _stop_half_way(seen: list[tuple[int, int]]) -> pdf.Progress:
    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= total // 2 > 0:
            raise Stop

    return progress


@pytest.mark.parametrize("kind", ["supervision", "cpd"])
def test_a_report_stopped_part_way_writes_nothing(
        store: ReflectionStore, catalog: FrameworkCatalog, paths: DataPaths, tmp_path: Path, kind: str) -> None:
    store.save_many(demo.generate(catalog.default(), 300, TODAY, seed=8, now=datetime.combine(TODAY, time.max)))
    folder = tmp_path / "out"
    folder.mkdir()
    start = TODAY - timedelta(days=364)

    def write(progress: pdf.Progress | None) -> Path:
        if kind == "supervision":
            return write_supervision_report(folder / "report.pdf", store, catalog, Settings(),
                                            ReportRequest(start, TODAY), TODAY, progress)
        return write_cpd_report(folder / "report.pdf", CpdStore(store.database), store, catalog,
                                load_cpd_catalog(user=paths), Settings(), CpdRequest(start, TODAY), TODAY, progress)

    seen: list[tuple[int, int]] = []
    with pytest.raises(Stop):
        write(_stop_half_way(seen))
    assert 0 < seen[-1][0] < seen[-1][1]  # stopped with part of the document laid out
    assert list(folder.iterdir()) == []  # no report, and no half-written one beside it

    written = write(lambda _done, _total: None)  # the same report, not stopped, is whole
    assert len(pypdf.PdfReader(written).pages) > 1 and list(folder.iterdir()) == [written]


def test_a_large_score_chart_stops_while_it_is_drawn(catalog: FrameworkCatalog) -> None:
    """One chart of years of reflections is a single flowable of thousands of dots (3 s at 100,000):
    the build is asked whether to go on while its dots are made and drawn, not only once it is done."""
    records = demo.generate(catalog.default(), 6000, TODAY, seed=5)
    board = analytics.dashboard(RatingTable.build(records, catalog, catalog.default()),
                                TODAY - timedelta(days=3650), TODAY, Bin.QUARTER)
    chart = score_chart(board)
    seen: list[tuple[int, int]] = []

    def stop_at_once(done: int, total: int) -> None:
        seen.append((done, total))
        raise Stop

    with pytest.raises(Stop):
        pdf.build(SimpleDocTemplate(io.BytesIO()), [chart], stop_at_once)
    assert seen == [(0, 1)]  # asked before the chart, the one flowable, was finished

    asked: list[tuple[int, int]] = []
    plot = next(item for item in chart.contents if isinstance(item, LinePlot))
    checks = len(plot.data[0]) // DOTS_PER_CHECK
    pdf.build(SimpleDocTemplate(io.BytesIO()), [score_chart(board)], lambda *step: asked.append(step))
    assert checks >= 2 and asked == [(0, 1)] * (2 * checks) + [(1, 1)]  # as its dots are made, then drawn


# ----------------------------------------------------------------------------- in the window


class Held:
    """Holds the window's report build once part of it is laid out, until released, so a Cancel or a quit
    lands part-way through (deterministically: no race with a fast build)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.released = threading.Event(), threading.Event()
        self.seen: list[tuple[int, int]] = []
        original = ops.Worker.progress

        def progress(worker: ops.Worker, done: int, total: int) -> None:
            self.seen.append((done, total))
            if done >= 1 and not self.reached.is_set():
                self.reached.set()
                self.released.wait(30)
            original(worker, done, total)

        monkeypatch.setattr(ops.Worker, "progress", progress)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    holding = Held(monkeypatch)
    yield holding
    holding.released.set()  # never leave a worker waiting


@pytest.fixture
def reports(paths: DataPaths, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[tuple[ReportsView, Path]]:
    run_demo(paths, 200, seed=6, today=date.today())
    context = AppContext.open(paths)
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(folder / "report.pdf"), ""))
    view = ReportsView(context)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot, view)
    yield view, folder
    finish_work()
    context.close()


def test_cancel_part_way_through_a_report_writes_nothing_and_says_so(
        reports: tuple[ReportsView, Path], held: Held, qtbot: QtBot) -> None:
    view, folder = reports
    assert not view.cancel_button.isVisible()
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    assert view.cancel_button.isVisible() and view.progress.isVisible()
    qtbot.waitUntil(held.reached.is_set, timeout=30_000)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    held.released.set()
    qtbot.waitUntil(view.create_button.isEnabled, timeout=30_000)
    assert view.status_label.text() == "Cancelled; nothing was written."
    assert list(folder.iterdir()) == []
    assert not view.cancel_button.isVisible() and not view.progress.isVisible() and not view.open_button.isVisible()
    assert 0 < held.seen[-1][0] < held.seen[-1][1]  # it had begun, and stopped part-way


def test_quitting_during_a_long_report_stops_it_and_writes_nothing(
        reports: tuple[ReportsView, Path], held: Held, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    view, folder = reports
    original = ops.cancel_all

    def cancel_then_release() -> None:  # the build goes on only once Reflect has asked all work to stop
        original()
        held.released.set()

    monkeypatch.setattr(ops, "cancel_all", cancel_then_release)
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(held.reached.is_set, timeout=30_000)
    assert finish_work() is True  # what Reflect does once its window has closed
    assert list(folder.iterdir()) == []


def test_cancel_while_a_supervision_pack_is_prepared_writes_no_pack(
        paths: DataPaths, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: Held) -> None:
    run_demo(paths, 60, seed=7, today=date.today())
    context = AppContext.open(paths)
    try:
        out = tmp_path / "supervision.reflect-pack"
        dialog = PrepareDialog(context)
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, dialog)
        for field in (dialog.passphrase, dialog.again):
            qtbot.keyClicks(field, "correct horse battery staple")
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(held.reached.is_set, timeout=30_000)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        held.released.set()
        assert QThreadPool.globalInstance().waitForDone(30_000)  # waited for, not cancelled again by quitting
        assert not out.exists() and list(tmp_path.glob("*.reflect-pack*")) == []
        with context.database.sessions() as session:
            assert session.scalar(select(func.count()).select_from(SentPack)) == 0  # no pack remembered as sent
    finally:
        finish_work()
        context.close()
