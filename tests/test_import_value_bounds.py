"""Every table's values are checked on import like the reflections': statuses, hours, stored packs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from reflect import __version__
from reflect.cli import main

NOW = "2025-01-02T10:00:00"
GOAL = {"id": "g1", "title": "Listen more", "why": "", "target_date": None, "status": "open",
        "created_at": NOW, "updated_at": NOW}
SESSION = {"id": "e1", "key": "cal:1", "source": "calendar", "start": "2025-01-02T09:00:00",
           "end": "2025-01-02T10:00:00", "setting": "outpatient", "state": "pending", "prompted_at": None,
           "snoozed_until": None, "reflection_id": None, "updated_at": NOW}
HOURS = {"id": "h1", "start": "2025-01-01", "end": "2025-01-02", "hours": 15.0, "setting": "Ward", "scope": "Adult",
         "created_at": NOW, "updated_at": NOW}


def export_with(tmp_path: Path, table: str, row: dict[str, Any]) -> Path:
    """A valid export of an empty folder with one ``row`` added to ``table`` (checksum made to match)."""
    assert main(["export", "--format", "json", "--out", str(tmp_path / "empty.json"),
                 "--data-dir", str(tmp_path / "source")]) == 0
    data = json.loads((tmp_path / "empty.json").read_bytes())["data"]
    data["tables"].setdefault(table, []).append(row)
    body = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    head = {"format": "reflect-export", "schema_version": 2, "app_version": __version__,
            "sha256": hashlib.sha256(body).hexdigest()}
    out = tmp_path / "edited.json"
    out.write_bytes(json.dumps(head).encode()[:-1] + b',"data":' + body + b"}\n")
    return out


@pytest.mark.parametrize(("table", "row", "message"), [
    ("goal", GOAL | {"status": "x" * 10_000}, "'status'"),
    ("goal", GOAL | {"status": "finished-ish"}, "is not one of"),
    ("expected_session", SESSION | {"state": "haunted"}, "is not one of"),
    ("practice_hours", HOURS | {"hours": 1e300}, "at most 24 for each day"),
    ("practice_hours", HOURS | {"hours": 49.0}, "at most 24 for each day"),
])
def test_implausible_values_in_new_tables_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, row: dict[str, Any], message: str
) -> None:
    capsys.readouterr()
    assert main(["import", str(export_with(tmp_path, table, row)), "--data-dir", str(tmp_path / "other")]) == 1
    err = capsys.readouterr().err
    assert message in err and "nothing was changed" in err and "Traceback" not in err


@pytest.mark.parametrize(("table", "row"), [("goal", GOAL), ("expected_session", SESSION), ("practice_hours", HOURS)])
def test_the_same_rows_with_plausible_values_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, row: dict[str, Any]
) -> None:
    assert main(["import", str(export_with(tmp_path, table, row)), "--data-dir", str(tmp_path / "other")]) == 0


def test_a_received_pack_that_is_not_a_pack_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = {"id": "p1", "supervisee_id": "s1", "period_start": "2025-01-01", "period_end": "2025-01-31",
            "content": "this is not JSON", "response": "", "received_at": NOW, "updated_at": NOW}
    capsys.readouterr()
    assert main(["import", str(export_with(tmp_path, "received_pack", pack)), "--data-dir", str(tmp_path / "o")]) == 1
    assert "is not a readable supervision pack" in capsys.readouterr().err
