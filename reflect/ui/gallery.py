"""Screenshots of every page at the sizes people use: ``python -m reflect.ui.gallery``.

Renders each page of the main window, offscreen, on a synthetic data set, at 1024×640,
1366×768 and 1920×1080, at 150 % scaling (a 1366×768 screen) and in the dark scheme, into
``docs/gallery/<variant>-<page>.png``. Each variant runs in its own process, because the
scale factor and the screen size are fixed when Qt starts. Nothing here touches real
data: the data folder is a temporary one, filled with ``reflect demo`` data.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from reflect.ui.pages import PageSpec


@dataclass(frozen=True)
class Variant:
    name: str
    width: int  # the screen, in physical pixels
    height: int
    scale: float = 1.0
    scheme: str = "light"


VARIANTS = (
    Variant("1024x640", 1024, 640),
    Variant("1366x768", 1366, 768),
    Variant("1920x1080", 1920, 1080),
    Variant("150pc", 1366, 768, scale=1.5),
    Variant("dark", 1366, 768, scheme="dark"),
)
SESSIONS = 400  # a year or so of reflections: every chart has something to show
SETTLE_S = (0.4, 8.0)  # a page is drawn once its workers are idle: at least, and at most, this long


def fill(data: Path) -> None:
    """A data folder with demo reflections, and two sessions waiting for a reflection (the badge)."""
    from reflect.cli_commands import run_demo
    from reflect.data.db import open_database
    from reflect.expected_sessions import ExpectedSessionStore
    from reflect.paths import DataPaths

    paths = DataPaths(data)
    paths.ensure()
    now = datetime.now().replace(second=0, microsecond=0)
    run_demo(paths, SESSIONS, now=now - timedelta(hours=3))
    database = open_database(paths)
    try:
        store = ExpectedSessionStore(database)
        for hours in (1, 2):
            store.add_reminder(now - timedelta(hours=hours), "outpatient")
    finally:
        database.close()


def settle(app: QApplication, view: Any = None) -> None:
    """Let a page load: its data comes from workers (``reflect/ui/ops.py``) and is shown a turn later; a page
    that says it is ``loading`` (Trends, its small charts made one per turn) is waited for too."""
    from PySide6.QtCore import QElapsedTimer, QThreadPool

    least, most = (int(1000 * s) for s in SETTLE_S)
    clock, idle = QElapsedTimer(), QElapsedTimer()
    clock.start()
    idle.start()
    while clock.elapsed() < most:
        app.processEvents()
        if QThreadPool.globalInstance().activeThreadCount() or getattr(view, "loading", False):
            idle.restart()
        elif clock.elapsed() >= least and idle.elapsed() >= least // 2:
            return
        time.sleep(0.02)


def _pages() -> tuple[PageSpec, ...]:
    from reflect.ui.pages import PAGES

    return PAGES


def render(variant: Variant, data: Path, out: Path, only: list[str] | None = None) -> list[Path]:
    """In this process (Qt started for the variant's screen): every page, one PNG each."""
    from PySide6.QtWidgets import QApplication

    from reflect.paths import DataPaths
    from reflect.ui.context import AppContext
    from reflect.ui.main_window import MainWindow
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    context = AppContext.open(DataPaths(data))
    context.settings.colour_scheme = variant.scheme
    window = MainWindow(context)
    screen = app.primaryScreen()
    window.resize(screen.availableGeometry().size())  # maximised, as a small screen is used
    window.show()
    saved = []
    for spec in (p for p in _pages() if not only or p.key in only):
        window.show_page(spec.key)
        settle(app, window.current_view())
        path = out / f"{variant.name}-{spec.key}.png"
        window.grab().save(str(path), "PNG", 0)  # 0: the smallest file (slowest compression)
        saved.append(path)
    if variant.name in STATE_VARIANTS and not only:
        saved += states(window, app, variant, out)
    if window.prompting is not None:
        window.prompting.stop()
    window.hide()
    context.close()
    return saved


STATE_VARIANTS = ("1366x768", "dark")  # where the states below are shown as well as the pages
# synthetic words the scanner flags (a title with a name, a date of birth): never real people
SAMPLE_TEXT = "Saw Mrs Examplename again; she wants to get back to work. We agreed two small steps."
SAMPLE_NOTE = "Her DOB 01/02/1990 came up when we checked the letter"


def states(window: Any, app: QApplication, variant: Variant, out: Path) -> list[Path]:
    """What the pages alone do not show: each Trends tab, the charts as tables, and the Reflect page with
    identifiers marked in the fields being typed and the passphrase offer that follows a first save."""
    from PySide6.QtTest import QTest

    from reflect.ui.widgets.identifier_marks import SCAN_DELAY_MS

    saved = []

    def shot(name: str) -> None:
        settle(app, window.current_view())
        path = out / f"{variant.name}-{name}.png"
        window.grab().save(str(path), "PNG", 0)
        saved.append(path)

    window.show_page("trends")
    trends = window.view("trends")
    for index in range(trends.tabs.count()):
        trends.tabs.setCurrentIndex(index)
        name = trends.tabs.tabText(index).replace("&", "").lower().replace(" ", "-")
        shot(f"trends-{name}")
    trends.tabs.setCurrentIndex(1)
    trends.table_button.setChecked(True)
    shot("trends-tips-as-table")
    trends.table_button.setChecked(False)
    window.show_page("reflect")
    form = window.form
    for row, key in zip(form.rows, ("yes", "partly", "yes", "no"), strict=False):
        row.set_choice(key)
    form.rows[1].open_note()
    QTest.keyClicks(form.rows[1].note_edit, SAMPLE_NOTE)  # typed, as the marks follow typing
    QTest.keyClicks(form.text_edit, SAMPLE_TEXT)
    form.protect_banner.offer()
    QTest.qWait(SCAN_DELAY_MS * 2)  # the marks appear once typing pauses
    shot("reflect-identifiers-and-offer")
    form._scroll.ensureWidgetVisible(form.text_edit)
    shot("reflect-identifiers-in-text")
    return saved


def _screen_config(variant: Variant, folder: Path) -> Path:
    path = folder / f"{variant.name}-screen.json"
    screen = {"name": "gallery", "x": 0, "y": 0, "width": variant.width, "height": variant.height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    path.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reflect.ui.gallery", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/gallery"), help="folder for the PNG files")
    parser.add_argument("--only", nargs="+", choices=[v.name for v in VARIANTS], help="render only these variants")
    parser.add_argument("--pages", nargs="+", choices=[p.key for p in _pages()], help="render only these pages")
    parser.add_argument("--variant", help=argparse.SUPPRESS)  # one variant, in a child process
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.variant:
        variant = next(v for v in VARIANTS if v.name == args.variant)
        render(variant, args.data, args.out, args.pages)
        return 0
    with tempfile.TemporaryDirectory(prefix="reflect-gallery-") as folder:
        data = Path(folder) / "data"
        fill(data)
        for variant in (v for v in VARIANTS if not args.only or v.name in args.only):
            own = Path(folder) / variant.name  # a copy each: what one variant types (a draft) is not in the next
            shutil.copytree(data, own)
            env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={_screen_config(variant, Path(folder))}",
                       QT_SCALE_FACTOR=str(variant.scale), REFLECT_HOME=str(own))
            command = [sys.executable, "-m", "reflect.ui.gallery", "--variant", variant.name, "--data", str(own),
                       "--out", str(args.out), *(["--pages", *args.pages] if args.pages else [])]
            subprocess.run(command, env=env, check=True)
            print(f"{variant.name}: done", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
