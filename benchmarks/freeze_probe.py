"""Longest freeze of each page's first open and of the Trends controls, in a real main window.

Run in a fresh process: ``python -m benchmarks.freeze_probe DATA_DIR``. It opens
the data folder as Reflect does (context, database, main window, on Qt's offscreen platform),
lets start-up settle, starts the heartbeat (``benchmarks/heartbeat.py``) and then, one after
another as a person would, opens every page from the navigation list and, once Trends is
open, changes its range to "All", its setting filter and its bin size. Each action waits until
the page is done (its operations finished and drawn) before the next one starts. Last come
File → Prepare for supervision and the Team page with three team summaries of every week
(exported from the same data before the window opens).

It prints one JSON line: for each action ``[longest freeze, click to done]`` in seconds,
the idle heartbeat's own longest gap, and the process's peak memory in MB. The data folder
is only read, so every repetition can use the same one.

``--explain`` also says, on stderr, where the GUI thread was while each action froze it
(``FreezeSampler``): the functions in Reflect's code, and the innermost ones, most often seen.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import reflect.ui  # noqa: F401, E402  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtCore import QDate  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QDialog, QLineEdit, QPushButton, QTabWidget, QWidget  # noqa: E402

from benchmarks.freeze import (  # noqa: E402  (the actions, in the table's order)
    PACK_ACTIONS,
    PAGE_TITLES,
    REPORTS_ACTIONS,
    TEAM_ACTIONS,
    TRENDS_ACTIONS,
    TRENDS_TABS,
    tab_key,
)
from benchmarks.heartbeat import FreezeSampler, Heartbeat, Pending, run_action, settle  # noqa: E402

IDLE_S = 1.0
SEARCH = "Search the reflections whose text to include"  # the Reports list's search box
T = TypeVar("T", bound=QWidget)


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def named(view: QWidget, kind: type[T], accessible_name: str) -> T:
    """A control found by its accessible name (what a screen reader announces), not its attribute."""
    for found in view.findChildren(kind):
        if found.accessibleName() == accessible_name:
            return found
    raise RuntimeError(f"the page has no {kind.__name__} named {accessible_name!r}")


def combo(view: QWidget, accessible_name: str) -> QComboBox:
    return named(view, QComboBox, accessible_name)


def charts(view: QWidget) -> QTabWidget:
    return named(view, QTabWidget, "Charts")


def tab_index(view: QWidget, title: str) -> int:
    """A Trends tab found by the title a person reads (without its mnemonic's "&")."""
    tabs = charts(view)
    for index in range(tabs.count()):
        if tabs.tabText(index).replace("&", "") == title:
            return index
    raise RuntimeError(f"the Trends page has no tab titled {title!r}")


def button(view: QWidget, text: str) -> QPushButton:
    for found in view.findChildren(QPushButton):
        if found.text().replace("&", "") == text:
            return found
    raise RuntimeError(f"the Trends page has no button {text!r}")


def trends_actions(view: Callable[[], QWidget]) -> dict[str, Callable[[], None]]:
    """Range to "All", the first setting as a filter, another bin size, each other tab, weeks, the tables."""

    def choose(name: str, pick: Callable[[QComboBox], int]) -> Callable[[], None]:
        def act() -> None:
            box = combo(view(), name)
            box.setCurrentIndex(pick(box))

        return act

    def other_bin(box: QComboBox) -> int:
        month = box.findText("Month")
        return month if box.currentIndex() != month else box.findText("Week")

    def show_tab(title: str) -> Callable[[], None]:
        def act() -> None:
            charts(view()).setCurrentIndex(tab_index(view(), title))

        return act

    return {
        "trends_range": choose("Date range", lambda box: box.findText("All")),
        "trends_filter": choose("Setting filter", lambda _box: 1),
        "trends_bin": choose("Period", other_bin),
        **{tab_key(title): show_tab(title) for title in TRENDS_TABS},
        "trends_week": choose("Period", lambda box: box.findText("Week")),
        "trends_month": choose("Period", lambda box: box.findText("Month")),
        "trends_table": lambda: button(view(), "Show as table").click(),
    }


def reports_actions(view: Callable[[], QWidget]) -> dict[str, Callable[[], None]]:
    """A custom period from 2000 (every reflection), a letter typed in the list's search, Select all."""

    def all_years() -> None:
        period = named(view(), QComboBox, "Report period")
        period.setCurrentIndex(period.findText("Custom"))
        named(view(), QDateEdit, "From date").setDate(QDate(2000, 1, 1))

    return {
        "reports_all_years": all_years,
        "reports_search": lambda: QTest.keyClicks(named(view(), QLineEdit, SEARCH), "a"),
        "reports_select_all": lambda: button(view(), "Select all").click(),
    }


def pack_actions(window: QWidget, context: Any) -> dict[str, tuple[Callable[[], None], Callable[[], object]]]:
    """File → Prepare for supervision (the dialog shown as its menu item shows it), then a From date in 2000;
    each with what to wait for: the dialog's list loading."""
    dialogs: list[Any] = []

    def open_pack() -> None:
        from reflect.ui.dialogs.supervision import PrepareDialog

        dialogs.append(PrepareDialog(context, window))
        dialogs[0].show()

    def all_years() -> None:
        named(dialogs[0], QDateEdit, "From date").setDate(QDate(2000, 1, 1))

    return {"pack_open": (open_pack, lambda: dialogs[0].loader), "pack_all_years": (all_years, lambda: dialogs[0].loader)}


def team_files(data: Path, folder: Path) -> list[Path]:
    """Three practitioners' team summaries of every week, as `reflect export --format team-summary` writes them
    (each in a process of its own: reading every reflection here would raise this one's peak memory and leave
    its garbage to the window's collections)."""
    files = [folder / f"{name}.json" for name in ("Ann", "Bo", "Cy")]
    for path in files:
        subprocess.run([sys.executable, "-m", "reflect", "--data-dir", str(data), "export", "--format", "team-summary",
                        "--display-name", path.stem, "--out", str(path)], check=True, stdout=subprocess.DEVNULL)
    return files


def team_actions(window: Any, files: list[Path]) -> dict[str, tuple[Callable[[], None], Callable[[], object]]]:
    """The summaries opened on the Team page (as its Open button does once they are chosen), then a resize."""
    from reflect.ui.pages import page_index

    def open_team() -> None:
        window.nav.setCurrentRow(page_index("team"))
        window.view("team").open_files(files)

    return {"team_open": (open_team, lambda: window.view("team")),
            "team_resize": (lambda: window.resize(1920, 1080), lambda: window.view("team"))}


def main() -> int:
    from reflect.paths import DataPaths
    from reflect.ui.context import AppContext
    from reflect.ui.main_window import MainWindow
    from reflect.ui.pages import page_index

    summaries = Path(tempfile.mkdtemp(prefix="reflect-team-"))
    team = team_files(Path(sys.argv[1]), summaries)
    app = QApplication(sys.argv[:1])
    context = AppContext.open(DataPaths(Path(sys.argv[1])))
    window = MainWindow(context)
    window.show()
    settle(0.5)  # start-up's queued work: prompts, draft offer, first paints

    heartbeat, pending = Heartbeat(), Pending()
    heartbeat.start()
    settle(IDLE_S)
    results: dict[str, Any] = {"idle_gap": heartbeat.longest_gap(heartbeat.ticks[0], heartbeat.ticks[-1])}
    sampler = FreezeSampler(heartbeat)
    if "--explain" in sys.argv:
        sampler.start()

    def measure(name: str, action: Callable[[], object], view: Callable[[], object]) -> None:
        start = time.perf_counter()
        results[name] = run_action(heartbeat, pending, action, view)
        if sampler.is_alive():
            print(f"{name}: longest freeze {1000 * results[name][0]:.0f} ms", file=sys.stderr)
            for line in sampler.explain(start, time.perf_counter()):
                print(f"    {line}", file=sys.stderr)

    page_actions = {"trends": (TRENDS_ACTIONS, trends_actions(lambda: window.view("trends"))),
                    "reports": (REPORTS_ACTIONS, reports_actions(lambda: window.view("reports")))}
    for key in PAGE_TITLES:
        row = page_index(key)
        measure(f"open_{key}", partial(window.nav.setCurrentRow, row), partial(window.view, key))
        names, actions = page_actions.get(key, ({}, {}))
        for name in names:
            measure(name, actions[name], partial(window.view, key))
    pack = pack_actions(window, context)
    for name in PACK_ACTIONS:
        measure(name, *pack[name])
    for dialog in window.findChildren(QDialog):  # the pack not made: closed, as a person moves on
        dialog.reject()
    settle(0.5)
    team_page = team_actions(window, team)
    for name in TEAM_ACTIONS:
        measure(name, *team_page[name])
    sampler.stop()
    heartbeat.stop()
    pending.close()
    shutil.rmtree(summaries)
    results["rss_mb"] = peak_rss_mb()
    print(json.dumps(results), flush=True)
    window.hide()
    context.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
