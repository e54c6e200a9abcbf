"""SIGKILL during `reflect passphrase set` on 20,000 reflections, at ten moments; the next command recovers.

Afterwards every byte of the data folder is searched for marker strings put in reflection
text, a tip's note, a CPD entry, an evidence file and the names list: none may be found,
no half-written copy may be left, and everything must open under the one passphrase.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflect import crypto
from reflect.data import backups
from reflect.data.db import open_database, stored_revision
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from tests.markers import MARKERS, marker_hits, markers_readable, put_markers

PASSPHRASE = "correct horse battery"
SESSIONS = 20_000
KILLS = 10

pytestmark = pytest.mark.slow


def _reflect(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reflect", "--data-dir", str(home), *args],
        env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: markers everywhere, a plain backup and a damaged copy holding them, then 20,000 reflections."""
    root = tmp_path_factory.mktemp("kill")
    home = root / "home"
    paths = DataPaths(home)
    put_markers(paths, root)
    backups.back_up(paths, None)
    shutil.copyfile(paths.database, home / "reflect.sqlite3.damaged-20260101-090000")
    demo = _reflect(home, "demo", "--sessions", str(SESSIONS))
    assert demo.wait(timeout=600) == 0
    assert {kind for _file, kind in marker_hits(home)} == set(MARKERS)
    return home


def _set_passphrase(home: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start `passphrase set`; returns the process and the moment its journal appeared (the conversion began)."""
    process = _reflect(home, "passphrase", "set", env={"REFLECT_NEW_PASSPHRASE": PASSPHRASE})
    journal = DataPaths(home).conversion_journal
    while not journal.exists():
        if process.poll() is not None:
            raise AssertionError(f"passphrase set ended before converting: {process.stderr.read()!r}")  # type: ignore[union-attr]
        time.sleep(0.002)
    return process, time.monotonic()


def _check_recovered(home: Path) -> None:
    paths = DataPaths(home)
    assert marker_hits(home) == []
    assert not list(home.rglob("*.converting")) and not paths.conversion_journal.exists()
    assert all(markers_readable(paths, PASSPHRASE).values())
    database = open_database(paths, PASSPHRASE)
    try:
        assert ReflectionStore(database, load_catalog()).count() == SESSIONS + 1
    finally:
        database.close()
    for backup in backups.list_backups(paths):  # every file under the one passphrase
        assert stored_revision(backup.path, PASSPHRASE)
    [sealed] = home.glob("reflect.sqlite3.damaged-*")
    assert sealed.name.endswith(".sealed") and crypto.unseal(PASSPHRASE, sealed.read_bytes()).startswith(b"SQLite")


def test_sigkill_at_ten_moments_of_a_conversion_then_the_next_command_finishes_it(
    template: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(template, reference)
    process, began = _set_passphrase(reference)
    assert process.wait(timeout=600) == 0
    duration = time.monotonic() - began
    _check_recovered(reference)
    shutil.rmtree(reference)

    killed_midway = 0
    for moment in range(KILLS):
        home = tmp_path / f"kill-{moment}"
        shutil.copytree(template, home)
        process, began = _set_passphrase(home)
        time.sleep(max(0.0, began + duration * moment / KILLS - time.monotonic()))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        interrupted = DataPaths(home).conversion_journal.exists()
        killed_midway += interrupted
        after = _reflect(home, "calendar", "list", "--date", "2026-03-02", env={"REFLECT_PASSPHRASE": PASSPHRASE})
        _out, err = after.communicate(timeout=600)
        assert after.returncode == 0, err
        assert (b"Finished an interrupted passphrase change" in err) == interrupted, err
        _check_recovered(home)
        shutil.rmtree(home)
    assert killed_midway >= KILLS // 2, f"only {killed_midway} kills landed during the conversion"
