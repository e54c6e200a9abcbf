"""`supervision pack` carries goals only when the practitioner names them (--goal ID … or --all-goals)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reflect.cpd import CpdStore, Goal
from reflect.data.db import open_database
from reflect.paths import DataPaths
from reflect.supervision.pack import read_pack
from tests.helpers import SUPERVISION_PASSPHRASE as PASSPHRASE
from tests.helpers import practitioner_folder
from tests.helpers import run_cli as _run

TODAY = date.today()


def _folder(root: Path) -> DataPaths:
    return practitioner_folder(root, TODAY)


def test_goals_travel_in_a_pack_only_when_chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    paths = _folder(tmp_path / "practitioner")
    database = open_database(paths)
    try:
        cpd = CpdStore(database)
        first = cpd.save_goal(Goal(title="Ask about hope at every review", why="It slips."))
        cpd.save_goal(Goal(title="Private worry about my caseload", why="Not for supervision."))
    finally:
        database.close()

    def titles(*goal_options: str) -> list[str]:
        out = tmp_path / f"pack{len(list(tmp_path.iterdir()))}.reflect-pack"
        assert _run(paths, "supervision", "pack", "--from", date(TODAY.year - 1, 1, 1).isoformat(),
                    "--to", TODAY.isoformat(), *goal_options, "--out", str(out)) == 0
        return [g.title for g in read_pack(out, PASSPHRASE)[0].goals]

    assert titles() == []
    assert titles("--goal", first.id or "") == ["Ask about hope at every review"]
    assert sorted(titles("--all-goals")) == ["Ask about hope at every review", "Private worry about my caseload"]
