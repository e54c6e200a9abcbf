"""Setting a passphrase covers every file with user text; a conversion interrupted is finished later.

Backups and moved-aside damaged copies are encrypted with the database (or deleted on
request), `remove` names the files it leaves plain, and a journal lets the next command
finish a conversion that stopped halfway.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.data import backups, conversion, encryption
from reflect.data.db import open_database, stored_revision
from reflect.data.encryption import WrongPassphrase, is_encrypted
from reflect.paths import DataPaths
from tests.markers import MARKERS, marker_hits, markers_readable, put_markers

PASSPHRASE = "correct horse battery"
OTHER = "another long passphrase"


@pytest.fixture
def marked(paths: DataPaths, tmp_path: Path) -> DataPaths:
    """A data folder with markers everywhere, a plain backup and a plain damaged copy holding them too."""
    put_markers(paths, tmp_path)
    backups.back_up(paths, None)
    shutil.copyfile(paths.database, paths.root / "reflect.sqlite3.damaged-20260101-090000")
    assert {kind for _file, kind in marker_hits(paths.root)} == set(MARKERS)
    return paths


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_set_encrypts_backups_and_damaged_copies_and_says_so(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", PASSPHRASE)
    code, out, err = _run(["passphrase", "set"], capsys)
    assert code == 0, err
    assert "Encrypted the database, 1 backup and 1 moved-aside damaged copy." in out
    assert marker_hits(marked.root) == []
    assert all(markers_readable(marked, PASSPHRASE).values())
    [backup] = backups.list_backups(marked)
    assert stored_revision(backup.path, PASSPHRASE)  # the backup opens with the passphrase
    assert not (marked.root / "reflect.sqlite3.damaged-20260101-090000").exists()
    assert (marked.root / "reflect.sqlite3.damaged-20260101-090000.sealed").exists()
    assert not list(marked.root.rglob("*.converting")) and not marked.conversion_journal.exists()


def test_set_can_delete_the_plain_copies_instead(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", PASSPHRASE)
    code, out, _err = _run(["passphrase", "set", "--delete-plain-copies"], capsys)
    assert code == 0
    assert "deleted 2 plain copies (backups and damaged copies)" in out
    assert backups.list_backups(marked) == []
    assert not list(marked.root.glob("reflect.sqlite3.damaged-*"))
    assert marker_hits(marked.root) == []


def test_change_re_keys_backups_and_damaged_copies_and_remove_lists_what_is_plain(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = marked.root / "reflect.sqlite3.damaged-20260101-090000"
    original = damaged.read_bytes()
    encryption.encrypt(marked, PASSPHRASE)
    done = encryption.rekey(marked, PASSPHRASE, OTHER)
    assert done == "Changed the passphrase of the database, 1 backup and 1 moved-aside damaged copy."
    [backup] = backups.list_backups(marked)
    with pytest.raises(WrongPassphrase):
        stored_revision(backup.path, PASSPHRASE)
    assert stored_revision(backup.path, OTHER)
    assert marker_hits(marked.root) == []

    monkeypatch.setenv("REFLECT_PASSPHRASE", OTHER)
    code, out, _err = _run(["passphrase", "remove"], capsys)
    assert code == 0
    assert "these files are now plain" in out
    for name in ("reflect.sqlite3", f"backups/{backup.path.name}", damaged.name):
        assert name in out
    assert damaged.read_bytes() == original and not is_encrypted(backup.path)
    assert all(markers_readable(marked, None).values())


def test_a_conversion_stopped_halfway_is_finished_by_the_next_command(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = encryption.convert_file

    def stop_at_the_backup(path: Path, old: str | None, new: str | None) -> None:
        if path.parent == marked.backups:
            raise KeyboardInterrupt  # as if the process were stopped here
        real(path, old, new)

    monkeypatch.setattr(conversion, "convert_file", stop_at_the_backup)
    with pytest.raises(KeyboardInterrupt):
        encryption.encrypt(marked, PASSPHRASE)
    monkeypatch.setattr(conversion, "convert_file", real)  # (not undo(): that would drop REFLECT_HOME too)
    assert marked.conversion_journal.exists() and is_encrypted(marked.database)
    assert {file for file, _kind in marker_hits(marked.root)} == {
        f"backups/{backups.list_backups(marked)[0].path.name}", "reflect.sqlite3.damaged-20260101-090000"
    }

    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the passphrase at all")
    code, _out, err = _run(["backup"], capsys)
    assert code == 1 and err.count("\n") == 1 and "needs the new passphrase" in err
    assert marked.conversion_journal.exists()

    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    code, _out, err = _run(["backup"], capsys)
    assert code == 0 and "Finished an interrupted passphrase change" in err
    assert marker_hits(marked.root) == [] and not marked.conversion_journal.exists()
    assert all(markers_readable(marked, PASSPHRASE).values())


def test_a_second_set_after_an_interrupted_one_finishes_it_first(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = conversion._Run._damaged
    monkeypatch.setattr(conversion._Run, "_damaged", lambda self, base: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        encryption.encrypt(marked, PASSPHRASE)
    monkeypatch.setattr(conversion._Run, "_damaged", real)
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", PASSPHRASE)
    code, _out, err = _run(["passphrase", "set"], capsys)
    assert "Finished an interrupted passphrase change" in err
    assert code == 1 and "already" in err  # the first set is complete; a second one is refused
    assert marker_hits(marked.root) == []


def test_a_plain_database_with_a_damaged_header_is_damaged_not_encrypted(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert encryption.read_marker(marked) is False
    data = bytearray(marked.database.read_bytes())
    data[:16] = b"\x00garbage header"
    marked.database.write_bytes(bytes(data))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda _prompt: pytest.fail("asked for a passphrase"))
    code, _out, err = _run(["export", "--format", "csv", "--out", str(marked.root.parent / "x.csv")], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "is damaged" in err and "left untouched" in err and "reflect restore" in err
    assert backups.list_backups(marked)[0].path.name in err
    assert marked.database.read_bytes() == bytes(data)


def test_settings_json_never_holds_names_after_a_passphrase_is_set(marked: DataPaths) -> None:
    encryption.encrypt(marked, PASSPHRASE)
    assert MARKERS["name"] not in marked.settings.read_text(encoding="utf-8") if marked.settings.exists() else True
    database = open_database(marked, PASSPHRASE)
    database.close()
    assert marker_hits(marked.root) == []


def test_set_on_a_plain_database_with_a_damaged_header_says_damaged_and_changes_nothing(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(marked.database.read_bytes())
    data[:16] = b"\x00" * 16
    marked.database.write_bytes(bytes(data))
    before = {p: p.read_bytes() for p in marked.root.rglob("*") if p.is_file()}
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", PASSPHRASE)
    code, _out, err = _run(["passphrase", "set"], capsys)
    assert code == 1 and err.count("\n") == 1 and "is damaged" in err
    assert {p: p.read_bytes() for p in marked.root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("action", "finish_with", "result_key"), [("change", OTHER, OTHER), ("remove", PASSPHRASE, None)])
def test_an_interrupted_change_or_remove_is_finished_with_the_passphrase_it_names(
    marked: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    action: str, finish_with: str, result_key: str | None,
) -> None:
    encryption.encrypt(marked, PASSPHRASE)
    real = conversion.convert_file

    def stop_at_the_backup(path: Path, old: str | None, new: str | None) -> None:
        if path.parent == marked.backups:
            raise KeyboardInterrupt
        real(path, old, new)

    monkeypatch.setattr(conversion, "convert_file", stop_at_the_backup)
    with pytest.raises(KeyboardInterrupt):
        conversion.start(marked, action, PASSPHRASE, OTHER if action == "change" else None)
    monkeypatch.setattr(conversion, "convert_file", real)
    [backup] = backups.list_backups(marked)
    assert stored_revision(backup.path, PASSPHRASE)  # the backup is still under the old key

    monkeypatch.setenv("REFLECT_PASSPHRASE", finish_with)
    code, _out, err = _run(["backup"], capsys)
    assert code == 0 and "Finished an interrupted passphrase change" in err, err
    for database in [marked.database] + [b.path for b in backups.list_backups(marked)]:
        assert stored_revision(database, result_key)  # every file under exactly one key
    assert all(markers_readable(marked, result_key).values())
    assert not list(marked.root.rglob("*.converting")) and not marked.conversion_journal.exists()
