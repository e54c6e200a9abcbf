"""Small input defects: an export with a UTF-8 BOM, skipped-file messages said once, damaged saved patterns."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.data.db import open_database
from reflect.data.models import PrivateSetting
from reflect.paths import DataPaths

ROOT = Path(__file__).resolve().parent.parent


def test_an_export_saved_with_a_byte_order_mark_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--sessions", "3", "--data-dir", str(tmp_path / "source")]) == 0
    assert main(["export", "--format", "json", "--out", str(tmp_path / "x.json"),
                 "--data-dir", str(tmp_path / "source")]) == 0
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + (tmp_path / "x.json").read_bytes())
    capsys.readouterr()
    assert main(["import", str(tmp_path / "bom.json"), "--data-dir", str(tmp_path / "other")]) == 0
    assert "3 added" in capsys.readouterr().out


def test_a_skipped_user_file_is_announced_once_on_stderr(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "frameworks").mkdir(parents=True)
    os.mkfifo(data / "frameworks" / "pipe.toml")
    done = subprocess.run([sys.executable, "-m", "reflect", "export", "--format", "csv", "--out",
                           str(tmp_path / "o.csv")], cwd=ROOT, env=dict(os.environ, REFLECT_HOME=str(data)),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("pipe.toml") == 1, done.stderr


@pytest.mark.parametrize("stored", [["not a pattern"], [{"label": "MRN", "pattern": 7}], [None]])
def test_damaged_saved_record_patterns_are_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stored: list[object]
) -> None:
    paths = DataPaths(tmp_path / "data")
    database = open_database(paths)
    try:
        with database.sessions.begin() as session:
            session.add(PrivateSetting(key="record_patterns", value=json.dumps(stored)))
    finally:
        database.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("Seen on the ward today."))
    capsys.readouterr()
    assert main(["check-text", "--data-dir", str(paths.root)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("reflect: ") and err.count("\n") == 1 and "damaged" in err, err
