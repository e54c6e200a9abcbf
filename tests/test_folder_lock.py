"""One writer per data folder: the app or one writing command; readers are never blocked.

The other writers here are real processes, as they would be for a user: a process that
saves a reflection every 0.3 s holding the lock as the app does, and one killed with
SIGKILL while it holds the lock.
"""

from __future__ import annotations

import io
import os
import queue
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from reflect import exchange
from reflect.cli import main
from reflect.data import backups
from reflect.data.db import open_database
from reflect.data.encryption import is_encrypted
from reflect.data.folder_lock import LOCK_NAME, FolderInUse, FolderLock
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

REPOSITORY = Path(__file__).resolve().parent.parent
PASSPHRASE = "a long enough passphrase"

# Saves a reflection every 0.3 s through the store, holding the folder lock as the app does,
# and prints each id once the save has returned (a save the user was told about).
WRITER = """
import sys, time
from datetime import datetime
from pathlib import Path
from reflect.data.db import open_database
from reflect.data.folder_lock import FolderLock
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore

paths, stop = DataPaths(Path(sys.argv[1])), Path(sys.argv[2])
with FolderLock(paths):
    database = open_database(paths)
    catalog = load_catalog()
    framework = catalog.default()
    store = ReflectionStore(database, catalog)
    print("locked", flush=True)
    while not stop.exists():
        saved = store.save(ReflectionRecord(
            occurred_at=datetime.now().replace(microsecond=0), duration_min=30, setting="outpatient",
            contact_type="review", modality="in-person", framework_id=framework.id,
            framework_version=framework.version, ratings=(RatingEntry(framework.items[0].id, "yes", 2),),
        ))
        print(saved.id, flush=True)
        time.sleep(0.3)
    database.close()
"""

HOLDER = """
import sys, time
from pathlib import Path
from reflect.data.folder_lock import FolderLock
from reflect.paths import DataPaths

with FolderLock(DataPaths(Path(sys.argv[1]))):
    print("locked", flush=True)
    time.sleep(120)
"""


def in_use(paths: DataPaths) -> str:
    return (
        f"reflect: The data folder {paths.root} is in use by another Reflect (the app, or a command that "
        "changes it): close it first; nothing was changed.\n"
    )


class Child:
    """A Python process running `script`, its stdout lines read as they come."""

    def __init__(self, script: str, *args: object) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, *map(str, args)],
            cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def next_line(self, timeout: float = 60) -> str:
        line = self.lines.get(timeout=timeout)
        if line is None:
            raise AssertionError(f"the child ended: {self.process.stderr.read() if self.process.stderr else ''}")
        return line

    def rest(self) -> list[str]:
        """Every line printed until the process ended."""
        found = []
        while (line := self.lines.get(timeout=60)) is not None:
            found.append(line)
        return found


def reflect_command(paths: DataPaths, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`reflect …` in its own process, as a person would type it in a second terminal."""
    return subprocess.run(
        [sys.executable, "-m", "reflect", *argv, "--data-dir", str(paths.root)],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=120, env={**os.environ, **env}, stdin=subprocess.DEVNULL,
    )


def record(catalog: FrameworkCatalog, day: int = 2) -> ReflectionRecord:
    framework = catalog.default()
    return ReflectionRecord(
        occurred_at=datetime(2026, 3, day, 10, 0), duration_min=50, setting="community", contact_type="follow_up",
        modality="face_to_face", framework_id=framework.id, framework_version=framework.version,
        ratings=(RatingEntry(framework.items[0].id, "yes", 2),), text="Talked about hope.",
    )


def stored_ids(paths: DataPaths, catalog: FrameworkCatalog) -> set[str]:
    database = open_database(paths)
    try:
        return {r.id for r in ReflectionStore(database, catalog).records() if r.id}
    finally:
        database.close()


def folder_bytes(paths: DataPaths) -> dict[str, bytes]:
    return {p.relative_to(paths.root).as_posix(): p.read_bytes() for p in sorted(paths.root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_restore_and_passphrase_set_while_another_process_saves_are_refused_and_no_save_is_lost(
    paths: DataPaths, catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    database = open_database(paths)
    ReflectionStore(database, catalog).save(record(catalog))
    backup = backups.back_up(paths, None)
    database.close()
    stop = tmp_path / "stop"
    writer = Child(WRITER, paths.root, stop)
    try:
        assert writer.next_line() == "locked"
        confirmed = [writer.next_line() for _ in range(3)]
        backups_before = sorted(paths.backups.iterdir())
        restore = reflect_command(paths, "restore", str(backup))
        assert (restore.returncode, restore.stdout, restore.stderr) == (1, "", in_use(paths))
        set_passphrase = reflect_command(paths, "passphrase", "set", REFLECT_NEW_PASSPHRASE=PASSPHRASE)
        assert (set_passphrase.returncode, set_passphrase.stderr) == (1, in_use(paths))
        confirmed += [writer.next_line() for _ in range(3)]  # the writer carried on meanwhile
    finally:
        stop.touch()
        confirmed_after = writer.rest()
        writer.process.wait(timeout=60)
    assert writer.process.returncode == 0
    confirmed += confirmed_after
    assert len(confirmed) >= 6 and set(confirmed) <= stored_ids(paths, catalog)  # every confirmed save is there
    assert sorted(paths.backups.iterdir()) == backups_before  # no safety copy: the restore never began
    assert not is_encrypted(paths.database)
    assert not (paths.root / LOCK_NAME).exists()  # removed by the writer on its way out

    restore = reflect_command(paths, "restore", str(backup))  # with the writer gone, the restore runs
    assert restore.returncode == 0 and "Restored" in restore.stdout


def test_a_lock_left_by_a_process_killed_with_sigkill_is_taken_over(
    paths: DataPaths, catalog: FrameworkCatalog, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = Child(HOLDER, paths.root)
    try:
        assert holder.next_line() == "locked"
        assert main(["demo", "--sessions", "2"]) == 1
        assert capsys.readouterr().err == in_use(paths)
    finally:
        holder.process.kill()  # SIGKILL on POSIX: no clean-up runs in the holder
        holder.process.wait(timeout=60)
    assert (paths.root / LOCK_NAME).exists()  # the killed holder left its lock file behind
    assert main(["demo", "--sessions", "2"]) == 0
    assert len(stored_ids(paths, catalog)) == 2
    assert not (paths.root / LOCK_NAME).exists()


@pytest.fixture
def filled(paths: DataPaths, catalog: FrameworkCatalog, tmp_path: Path) -> dict[str, Path]:
    """A data folder with two reflections and a backup, and files to import: the inputs of every command."""
    database = open_database(paths)
    store = ReflectionStore(database, catalog)
    store.save(record(catalog, 2))
    store.save(record(catalog, 3))
    backup = backups.back_up(paths, None)
    export = tmp_path / "elsewhere.json"
    exchange.export_json(store, catalog, Settings(), export)
    database.close()
    ics = tmp_path / "clinic.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@example\r\nDTSTART:20990302T100000\r\n"
        "DTEND:20990302T105000\r\nSUMMARY:Clinic\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return {"backup": backup, "export": export, "ics": ics}


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--sessions", "3"],
        ["import", "{export}"],
        ["restore", "{backup}"],
        ["passphrase", "set"],
        ["calendar", "import", "{ics}"],
        ["backup"],
    ],
    ids=["demo", "import", "restore", "passphrase set", "calendar import", "backup"],
)
def test_every_writing_command_is_refused_while_the_folder_is_held_and_changes_nothing(
    argv: list[str],
    paths: DataPaths,
    filled: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", PASSPHRASE)
    argv = [part.format(**{k: str(v) for k, v in filled.items()}) for part in argv]
    with FolderLock(paths):  # as the running app holds it
        before = folder_bytes(paths)
        assert main(argv) == 1
        assert capsys.readouterr() == ("", in_use(paths))
        assert folder_bytes(paths) == before
    assert main(argv) == 0  # and it works once the folder is free


def test_reading_commands_work_while_the_app_holds_the_folder(
    paths: DataPaths, filled: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with FolderLock(paths):
        before = folder_bytes(paths)
        assert main(["export", "--format", "json", "--out", str(out / "all.json")]) == 0
        assert main(["export", "--format", "csv", "--out", str(out / "all.csv")]) == 0
        assert main(["report", "supervision", "--from", "2026-03-01", "--to", "2026-03-31",
                     "--out", str(out / "supervision.pdf")]) == 0
        assert main(["report", "cpd", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out / "cpd.pdf")]) == 0
        assert main(["calendar", "list", "--date", "2026-03-02"]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO("A calm session about hope."))
        assert main(["check-text"]) == 0
        assert "in use" not in capsys.readouterr().err
        assert folder_bytes(paths) == before  # readers write nothing, not even settings
    assert sorted(p.name for p in out.iterdir()) == ["all.csv", "all.json", "cpd.pdf", "supervision.pdf"]


def test_a_command_refused_for_another_reason_leaves_no_lock_file_or_folder_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "new-folder"
    assert main(["restore", str(tmp_path / "missing.sqlite3"), "--data-dir", str(root)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not root.exists()


def test_a_second_lock_in_the_same_process_is_refused_until_the_first_is_released(paths: DataPaths) -> None:
    first = FolderLock(paths).acquire()
    assert oct((paths.root / LOCK_NAME).stat().st_mode & 0o777) == "0o600"
    with pytest.raises(FolderInUse, match="in use by another Reflect"):
        FolderLock(paths).acquire()
    first.release()
    with FolderLock(paths) as second:
        assert second.held
