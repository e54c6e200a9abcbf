"""The command line: demo data, version, and one-line errors without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.data.db import open_database
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import ReflectionFilter
from reflect.reflections import ReflectionStore


def _store_count(root: Path, **filters) -> int:
    database = open_database(DataPaths(root))
    try:
        return ReflectionStore(database, load_catalog()).count(ReflectionFilter(**filters))
    finally:
        database.close()


def test_demo_adds_the_requested_sessions_over_working_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    assert main(["demo", "--sessions", "250", "--data-dir", str(root)]) == 0
    assert "Added 250 synthetic reflections" in capsys.readouterr().out
    assert _store_count(root) == 250
    database = open_database(DataPaths(root))
    try:
        records = ReflectionStore(database, load_catalog()).records()
    finally:
        database.close()
    days = {r.occurred_at.date() for r in records}
    assert len(days) == 50  # N/5 working days
    assert all(d.weekday() < 5 for d in days) and max(days) <= date.today()
    assert len({r.setting for r in records}) >= 4
    assert any(r.points is None for rec in records for r in rec.ratings)  # some not applicable
    # the later tips improve: compare the first and last fifth of sessions
    last_item = records[0].ratings[-1].item_id

    def mean(chunk):
        points = [r.rating(last_item).points for r in chunk if r.rating(last_item).points is not None]
        return sum(points) / len(points)

    assert mean(records[-50:]) > mean(records[:50]) + 0.3


def test_one_demo_reflection_is_said_in_the_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--sessions", "1", "--data-dir", str(tmp_path / "one")]) == 0
    assert capsys.readouterr().out.startswith("Added 1 synthetic reflection to ")


def test_environment_variable_chooses_the_data_folder(isolated_home: Path) -> None:
    assert main(["demo", "--sessions", "3"]) == 0
    assert _store_count(isolated_home) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["demo", "--sessions", "many"], "whole number"),
        (["demo", "--sessions", "0"], "between 1 and"),
        (["demo"], "required"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_give_one_line_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("reflect: ")


def test_a_damaged_database_gives_one_sentence_and_stays_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "damaged"
    root.mkdir()
    (root / "reflect.sqlite3").write_bytes(b"\x00garbage" * 500)
    assert main(["--data-dir", str(root), "demo", "--sessions", "5"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a Reflect database" in err
    assert (root / "reflect.sqlite3").read_bytes() == b"\x00garbage" * 500


def test_the_installed_command_runs_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "REFLECT_HOME": str(tmp_path / "home")}
    version = subprocess.run([sys.executable, "-m", "reflect", "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and version.stdout.startswith("Reflect ")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    failed = subprocess.run(
        [sys.executable, "-m", "reflect", "--data-dir", str(blocked), "demo", "--sessions", "2"],
        capture_output=True, text=True, env=env,
    )
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr and failed.stderr.count("\n") == 1
