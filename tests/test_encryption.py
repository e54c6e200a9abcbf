"""Encryption at rest: turning it on, changing and removing the passphrase, and crashes midway."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from reflect import demo
from reflect.data import db, sqlite_file
from reflect.data.db import Database, backup_file, open_database, stored_revision
from reflect.data.encryption import (
    PassphraseRequired,
    WrongPassphrase,
    decrypt,
    encrypt,
    is_encrypted,
    rekey,
)
from reflect.errors import StorageError
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import ReflectionFilter
from reflect.reflections import ReflectionStore

PASSPHRASE = "correct horse battery"
OTHER = "another long passphrase"
ALL = ReflectionFilter(statuses=("complete", "draft"))


def _populate(paths: DataPaths, catalog: FrameworkCatalog, sessions: int = 40) -> list[str]:
    database = open_database(paths)
    try:
        store = ReflectionStore(database, catalog)
        store.save_many(demo.generate(catalog.default(), sessions, date(2026, 3, 2), 7))
        return sorted(r.id for r in store.records(ALL))
    finally:
        database.close()


def _ids(paths: DataPaths, catalog: FrameworkCatalog, passphrase: str | None) -> list[str]:
    database = open_database(paths, passphrase)
    try:
        return sorted(r.id for r in ReflectionStore(database, catalog).records(ALL))
    finally:
        database.close()


def _folder_bytes(paths: DataPaths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(paths.root.rglob("*")) if p.is_file()}


@pytest.fixture
def populated(paths: DataPaths, catalog: FrameworkCatalog) -> list[str]:
    return _populate(paths, catalog)


def test_encrypting_keeps_every_row_and_hides_the_file_from_plain_sqlite(
    paths: DataPaths, catalog: FrameworkCatalog, populated: list[str]
) -> None:
    assert not is_encrypted(paths.database)
    encrypt(paths, PASSPHRASE)
    assert is_encrypted(paths.database)
    assert not paths.database.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(paths.database).execute("select count(*) from sqlite_master").fetchone()
    assert _ids(paths, catalog, PASSPHRASE) == populated
    assert paths.database.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in paths.root.iterdir() if p.is_file()) == ["encryption.json", "reflect.sqlite3"]
    text = b"".join(p.read_bytes() for p in paths.root.rglob("*") if p.is_file())
    assert b"reflections" not in text and b"alembic_version" not in text


def test_an_encrypted_database_without_a_passphrase_is_not_called_damaged(
    paths: DataPaths, populated: list[str]
) -> None:
    encrypt(paths, PASSPHRASE)
    before = _folder_bytes(paths)
    with pytest.raises(PassphraseRequired, match="protected by a passphrase"):
        stored_revision(paths.database)
    with pytest.raises(PassphraseRequired):
        open_database(paths)
    assert _folder_bytes(paths) == before


def test_a_wrong_passphrase_is_refused_and_nothing_changes(paths: DataPaths, populated: list[str]) -> None:
    encrypt(paths, PASSPHRASE)
    before = _folder_bytes(paths)
    for attempt in (
        lambda: open_database(paths, "not the passphrase"),
        lambda: rekey(paths, "not the passphrase", OTHER),
        lambda: decrypt(paths, "not the passphrase"),
    ):
        with pytest.raises(WrongPassphrase, match=r"^The passphrase is not right; nothing was changed\.$"):
            attempt()
    assert _folder_bytes(paths) == before


def test_rekey_then_decrypt(paths: DataPaths, catalog: FrameworkCatalog, populated: list[str]) -> None:
    encrypt(paths, PASSPHRASE)
    rekey(paths, PASSPHRASE, OTHER)
    with pytest.raises(WrongPassphrase):
        open_database(paths, PASSPHRASE)
    assert _ids(paths, catalog, OTHER) == populated
    decrypt(paths, OTHER)
    assert not is_encrypted(paths.database)
    assert paths.database.read_bytes().startswith(b"SQLite format 3\x00")
    assert _ids(paths, catalog, None) == populated


def test_misuse_is_one_sentence(paths: DataPaths, populated: list[str]) -> None:
    with pytest.raises(StorageError, match="at least 8 characters"):
        encrypt(paths, "short")
    with pytest.raises(StorageError, match="not protected"):
        decrypt(paths, PASSPHRASE)
    with pytest.raises(StorageError, match="not protected"):
        open_database(paths, PASSPHRASE)
    encrypt(paths, PASSPHRASE)
    with pytest.raises(StorageError, match="already protected"):
        encrypt(paths, OTHER)


def test_a_new_data_folder_can_start_encrypted(paths: DataPaths, catalog: FrameworkCatalog) -> None:
    encrypt(paths, PASSPHRASE)
    assert is_encrypted(paths.database)
    assert _ids(paths, catalog, PASSPHRASE) == []


def test_a_passphrase_with_quotes_works(paths: DataPaths, catalog: FrameworkCatalog, populated: list[str]) -> None:
    tricky = "it's \"quoted\"; --"
    encrypt(paths, tricky)
    assert _ids(paths, catalog, tricky) == populated


@pytest.mark.parametrize("step", ["_verify", "_fsync", "replace"])
def test_a_crash_before_the_swap_leaves_the_plain_database_whole(
    paths: DataPaths, catalog: FrameworkCatalog, populated: list[str], monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    def crash(*_args: object) -> None:
        raise OSError("simulated crash")

    if step == "replace":
        monkeypatch.setattr(sqlite_file.os, "replace", crash)
    else:
        monkeypatch.setattr(sqlite_file, step, crash)
    with pytest.raises(OSError, match="simulated crash"):
        encrypt(paths, PASSPHRASE)
    monkeypatch.undo()
    assert not is_encrypted(paths.database)
    assert _ids(paths, catalog, None) == populated
    assert not list(paths.root.glob("*.converting"))


def test_a_crash_after_the_swap_leaves_the_encrypted_database_whole(
    paths: DataPaths, catalog: FrameworkCatalog, populated: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = sqlite_file._fsync

    def crash_on_folder(path: Path) -> None:
        if path.is_dir() and is_encrypted(paths.database):  # the folder flush after the swap
            raise OSError("simulated crash")
        real_fsync(path)

    monkeypatch.setattr(sqlite_file, "_fsync", crash_on_folder)
    with pytest.raises(OSError):
        encrypt(paths, PASSPHRASE)
    monkeypatch.undo()
    assert is_encrypted(paths.database)
    assert _ids(paths, catalog, PASSPHRASE) == populated


def test_a_crash_while_changing_the_passphrase_keeps_the_old_one_working(
    paths: DataPaths, catalog: FrameworkCatalog, populated: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(paths, PASSPHRASE)

    def crash(*_args: object) -> None:
        raise OSError("simulated crash")

    monkeypatch.setattr(sqlite_file, "_verify", crash)
    with pytest.raises(OSError):
        rekey(paths, PASSPHRASE, OTHER)
    monkeypatch.undo()
    assert _ids(paths, catalog, PASSPHRASE) == populated


def test_a_leftover_wal_of_the_plain_file_is_not_replayed_into_the_encrypted_one(
    paths: DataPaths, catalog: FrameworkCatalog, populated: list[str]
) -> None:
    encrypt(paths, PASSPHRASE)
    assert not paths.database.with_name("reflect.sqlite3-wal").exists()
    assert _ids(paths, catalog, PASSPHRASE) == populated


def test_backups_of_an_encrypted_database_are_encrypted(
    paths: DataPaths, catalog: FrameworkCatalog, populated: list[str]
) -> None:
    plain_backup = backup_file(paths.database, paths.backups, "before-test")
    encrypt(paths, PASSPHRASE)
    assert is_encrypted(plain_backup), "plain backups are encrypted along with the database"
    database = open_database(paths, PASSPHRASE)
    try:
        backup = backup_file(paths.database, paths.backups, "scheduled", database.passphrase)
    finally:
        database.close()
    assert is_encrypted(backup)
    assert backup.stat().st_mode & 0o777 == 0o600
    copy = DataPaths(paths.root / "restored")
    copy.ensure()
    copy.database.write_bytes(backup.read_bytes())
    assert _ids(copy, catalog, PASSPHRASE) == populated


def test_the_upgrade_backup_of_an_encrypted_database_is_encrypted(
    paths: DataPaths, populated: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(paths, PASSPHRASE)
    current = stored_revision(paths.database, PASSPHRASE)
    monkeypatch.setattr(db, "SCHEMA_HEAD", "a newer head")  # makes upgrade() back up, then find nothing to do
    database = Database(paths, PASSPHRASE)
    try:
        database.upgrade()
    finally:
        database.close()
    backups = list(paths.backups.glob(f"reflect-before-upgrade-{current}-*.sqlite3"))
    assert len(backups) == 1 and is_encrypted(backups[0])


# ----- command line


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from reflect.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_passphrase_set_change_remove_from_the_environment(
    paths: DataPaths,
    catalog: FrameworkCatalog,
    populated: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", PASSPHRASE)
    code, out, _err = _run(["passphrase", "set"], capsys)
    assert code == 0
    assert "cannot be recovered" in out.splitlines()[0] and "Encrypted the database" in out
    assert PASSPHRASE not in out
    assert is_encrypted(paths.database)

    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", OTHER)
    assert _run(["passphrase", "change"], capsys)[0] == 0
    assert _ids(paths, catalog, OTHER) == populated

    monkeypatch.setenv("REFLECT_PASSPHRASE", OTHER)
    code, out, _err = _run(["passphrase", "remove"], capsys)
    assert code == 0 and "now plain" in out and "reflect.sqlite3" in out
    assert _ids(paths, catalog, None) == populated


def test_passphrase_prompts_ask_twice_and_refuse_a_mismatch(
    paths: DataPaths, populated: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    answers = iter([PASSPHRASE, PASSPHRASE + "x"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda _prompt: next(answers))
    before = _folder_bytes(paths)
    code, _out, err = _run(["passphrase", "set"], capsys)
    assert code == 1 and err == "reflect: The two passphrases are not the same; nothing was changed.\n"
    assert _folder_bytes(paths) == before

    answers = iter([PASSPHRASE, PASSPHRASE])
    assert _run(["passphrase", "set"], capsys)[0] == 0
    assert is_encrypted(paths.database)


def test_without_a_terminal_or_variable_the_command_says_what_to_set(
    paths: DataPaths, populated: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    monkeypatch.delenv("REFLECT_NEW_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _out, err = _run(["passphrase", "set"], capsys)
    assert code == 1 and err.count("\n") == 1 and "REFLECT_NEW_PASSPHRASE" in err
    encrypt(paths, PASSPHRASE)
    code, _out, err = _run(["export", "--format", "json", "--out", str(paths.root / "x.json")], capsys)
    assert code == 1 and err.count("\n") == 1 and "REFLECT_PASSPHRASE" in err


@pytest.mark.parametrize("action", ["change", "remove"])
def test_a_wrong_passphrase_on_passphrase_commands_changes_nothing(
    paths: DataPaths,
    populated: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    action: str,
) -> None:
    encrypt(paths, PASSPHRASE)
    before = _folder_bytes(paths)
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the passphrase")
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", OTHER)
    code, _out, err = _run(["passphrase", action], capsys)
    assert (code, err) == (1, "reflect: The passphrase is not right; nothing was changed.\n")
    assert _folder_bytes(paths) == before


def test_other_commands_open_an_encrypted_database_with_the_passphrase(
    paths: DataPaths,
    catalog: FrameworkCatalog,
    populated: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    encrypt(paths, PASSPHRASE)
    before = _folder_bytes(paths)
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the passphrase")
    for argv in (
        ["export", "--format", "json", "--out", str(tmp_path / "out.json")],
        ["demo", "--sessions", "3"],
        ["calendar", "list", "--date", "2026-03-02"],
    ):
        code, out, err = _run(argv, capsys)
        assert (code, out, err) == (1, "", "reflect: The passphrase is not right; nothing was changed.\n"), argv
    assert _folder_bytes(paths) == before and not (tmp_path / "out.json").exists()

    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    code, out, _err = _run(["export", "--format", "json", "--out", str(tmp_path / "out.json")], capsys)
    assert code == 0 and f"Exported {len(populated)} reflections" in out
    assert _run(["demo", "--sessions", "3"], capsys)[0] == 0
    assert is_encrypted(paths.database)
    assert len(_ids(paths, catalog, PASSPHRASE)) == len(populated) + 3


def test_passphrase_set_refuses_a_file_that_is_not_a_reflect_database(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths.ensure()
    paths.database.write_bytes(b"my notes" * 64)  # 512 bytes: the size of a page, but not SQLite
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", PASSPHRASE)
    code, _out, err = _run(["passphrase", "set"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert paths.database.read_bytes() == b"my notes" * 64
