"""In-process measurements, each run by the harness in its own fresh subprocess.

``python -m benchmarks.measure NAME DATA_DIR REPEATS`` times one operation against a copy of a
demo data folder and prints one JSON line: ``{"NAME": [seconds, ...]}``. The folder may be
changed (saves add reflections), so the harness hands each measurement its own copy.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reflect.paths import DataPaths


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    """Seconds taken by each of `repeats` calls of `action`."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def median_ms(action: Callable[[], object], repeats: int) -> float:
    """The median of `repeats` timed calls, in milliseconds (one decimal)."""
    return round(1000 * statistics.median(timed(action, repeats)), 1)


def save_one(paths: DataPaths, repeats: int) -> list[float]:
    """``ReflectionStore.save`` of one new reflection into the full database."""
    from reflect import demo
    from reflect.data.db import open_database
    from reflect.frameworks import load_catalog
    from reflect.reflections import ReflectionStore
    from reflect.settings import load_settings

    database = open_database(paths)
    try:
        catalog = load_catalog(paths.user_frameworks)
        framework = catalog.get(load_settings(paths.settings).framework_id) or catalog.default()
        store = ReflectionStore(database, catalog)
        records = iter(list(demo.generate(framework, repeats, date.today(), seed=99)))
        return timed(lambda: store.save(next(records)), repeats)
    finally:
        database.close()


def history_open(paths: DataPaths, repeats: int) -> list[float]:
    """What the History page does when shown: count the reflections and load the first page."""
    from PySide6.QtCore import QCoreApplication

    from reflect.ui.context import AppContext
    from reflect.ui.models.history_model import HistoryModel, first_page

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    context = AppContext.open(paths)
    try:
        model = HistoryModel(context)
        times = timed(lambda: model.reset(*first_page(context.database, context.catalog, model.filter())), repeats)
        if model.rowCount() == 0:
            raise RuntimeError("the history model loaded no rows")
        return times
    finally:
        context.close()


def dashboard_series(paths: DataPaths, repeats: int) -> list[float]:
    """What the Trends page computes on open from loaded records: the rating table, then every series."""
    from reflect import analytics
    from reflect.analytics import Bin, RatingTable
    from reflect.cli_support import open_store

    with open_store(paths) as (store, catalog, settings):
        framework = catalog.get(settings.framework_id) or catalog.default()
        records = store.records()
    today = date.today()

    def series() -> None:
        table = RatingTable.build(records, catalog, framework)
        analytics.dashboard(table, today - timedelta(days=90), today, Bin.WEEK)

    return timed(series, repeats)


def export_json(paths: DataPaths, repeats: int) -> list[float]:
    """``reflect export --format json`` of the whole database, to a new file each time."""
    from reflect import exchange
    from reflect.cli_support import open_store

    with tempfile.TemporaryDirectory() as folder, open_store(paths) as (store, catalog, settings):
        files = iter(Path(folder) / f"export-{n}.json" for n in range(repeats))
        return timed(lambda: exchange.export_json(store, catalog, settings, next(files)), repeats)


def import_json(paths: DataPaths, repeats: int) -> list[float]:
    """Read, check and merge a JSON export of the whole database into a new, empty data folder."""
    from reflect import exchange
    from reflect.cli_support import open_store

    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "export.json"
        with open_store(paths) as (store, catalog, settings):
            exchange.export_json(store, catalog, settings, exported)
        times = []
        for n in range(repeats):
            with open_store(DataPaths(Path(folder) / f"fresh-{n}")) as (fresh, _catalog, fresh_settings):
                start = time.perf_counter()
                document = exchange.read_document(exported)
                result = exchange.import_document(fresh, document, fresh_settings)
                times.append(time.perf_counter() - start)
            if result.added != len(document.records):
                raise RuntimeError(f"imported {result.added} of {len(document.records)} reflections")
        return times


def _open_and_count(paths: DataPaths, passphrase: str | None) -> None:
    from reflect.data.db import open_database
    from reflect.frameworks import load_catalog
    from reflect.reflections import ReflectionStore

    database = open_database(paths, passphrase)
    try:
        ReflectionStore(database, load_catalog()).count()
    finally:
        database.close()


def open_plain(paths: DataPaths, repeats: int) -> list[float]:
    """Open the database (integrity check, schema check) and run a first query."""
    return timed(lambda: _open_and_count(paths, None), repeats)


def open_encrypted(paths: DataPaths, repeats: int) -> list[float]:
    """The same after encrypting the copy with a passphrase (SQLCipher key derivation included)."""
    from reflect.data.encryption import encrypt

    encrypt(paths, "benchmark passphrase")
    return timed(lambda: _open_and_count(paths, "benchmark passphrase"), repeats)


MEASUREMENTS: dict[str, Callable[[DataPaths, int], list[float]]] = {
    "open_plain": open_plain,
    "open_encrypted": open_encrypted,
    "save": save_one,
    "history": history_open,
    "dashboard": dashboard_series,
    "export": export_json,
    "import": import_json,
}


def main(argv: list[str]) -> int:
    name, data_dir, repeats = argv[0], Path(argv[1]), int(argv[2])
    print(json.dumps({name: MEASUREMENTS[name](DataPaths(data_dir), repeats)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
