"""A supervision response is imported only into the data folder that sealed its pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from reflect.cpd import CpdStore
from reflect.data.db import open_database
from reflect.data.models import SentPack
from reflect.paths import DataPaths
from reflect.supervision.practitioner import SupervisionStore
from tests.helpers import SUPERVISION_PASSPHRASE, practitioner_folder
from tests.helpers import run_cli as _run

TODAY = date.today()
PASSPHRASE = SUPERVISION_PASSPHRASE


def _folder(root: Path) -> DataPaths:
    return practitioner_folder(root, TODAY)


def _recorded(paths: DataPaths) -> tuple[int, int, int]:
    database = open_database(paths)
    try:
        store = SupervisionStore(database)
        return len(store.sessions()), len(store.comments_on("r0039")), len(CpdStore(database).activities())
    finally:
        database.close()


def test_a_response_to_a_pack_this_folder_did_not_send_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    sender, stranger = _folder(tmp_path / "sender"), _folder(tmp_path / "stranger")
    supervisor = DataPaths(tmp_path / "supervisor")
    pack, response = tmp_path / "p.reflect-pack", tmp_path / "r.reflect-response"
    assert _run(sender, "supervision", "pack", "--from", date(TODAY.year - 1, 1, 1).isoformat(),
                "--to", TODAY.isoformat(), "--include", "r0039", "--no-goals", "--out", str(pack)) == 0
    assert _run(supervisor, "supervision", "open", str(pack), "--name", "Sam P") == 0
    comments = tmp_path / "comments.toml"
    comments.write_text(
        f'discussed_on = "{TODAY.isoformat()}"\nhours = 1\noverall = "Good."\nactions = ["Keep going"]\n'
        '[sign_off]\nname = "Dr Alex Supervisor"\nrole = "Consultant"\n[reflections]\nr0039 = "Well judged."\n',
        encoding="utf-8",
    )
    assert _run(supervisor, "supervision", "respond", "--name", "Sam P", "--comments", str(comments),
                "--out", str(response)) == 0
    capsys.readouterr()

    assert _run(stranger, "supervision", "import-response", str(response), "--accept", "1") == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "answers a pack this data folder did not send" in err
    assert _recorded(stranger) == (0, 0, 0)

    assert _run(sender, "supervision", "import-response", str(response)) == 0
    assert _recorded(sender) == (1, 1, 1)


def test_the_packs_sent_travel_in_the_json_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    sender = _folder(tmp_path / "sender")
    pack, export = tmp_path / "p.reflect-pack", tmp_path / "backup.json"
    assert _run(sender, "supervision", "pack", "--from", date(TODAY.year - 1, 1, 1).isoformat(),
                "--to", TODAY.isoformat(), "--no-goals", "--out", str(pack)) == 0
    assert _run(sender, "export", "--format", "json", "--out", str(export)) == 0
    moved = DataPaths(tmp_path / "new-computer")
    assert _run(moved, "import", str(export)) == 0
    assert "1 supervision pack sent" in capsys.readouterr().out
    database = open_database(moved)
    try:
        with database.sessions() as session:
            assert len(session.scalars(select(SentPack.id)).all()) == 1
    finally:
        database.close()
