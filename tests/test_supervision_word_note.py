"""A supervision CPD entry's Word note says what was learned (the supervisor's comments) and what changes (the actions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from reflect.cpd import CpdStore
from reflect.data.db import open_database
from reflect.paths import DataPaths
from reflect.word.layouts import load_layouts
from tests.helpers import SUPERVISION_PASSPHRASE as PASSPHRASE
from tests.helpers import practitioner_folder
from tests.helpers import run_cli as _run

TODAY = date.today()


def _folder(root: Path) -> DataPaths:
    return practitioner_folder(root, TODAY)

OVERALL = "Good progress on hope this quarter."
COMMENT = "Letting the person lead the plan was well judged."
ACTION = "Use the goal-setting prompt in every first review"


def _sections(document_path: Path) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current = ""
    for paragraph in Document(str(document_path)).paragraphs:
        if paragraph.style.name == "Heading 2":
            current = paragraph.text
            sections[current] = []
        elif current:
            sections[current].append(paragraph.text)
    return {heading: "\n".join(texts).strip() for heading, texts in sections.items()}


def test_the_supervision_entrys_note_holds_the_comments_and_the_agreed_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    practitioner = _folder(tmp_path / "practitioner")
    supervisor = DataPaths(tmp_path / "supervisor")
    pack, response, comments = tmp_path / "p.reflect-pack", tmp_path / "r.reflect-response", tmp_path / "c.toml"
    assert _run(practitioner, "supervision", "pack", "--from", date(TODAY.year - 1, 1, 1).isoformat(),
                "--to", TODAY.isoformat(), "--include", "r0039", "--no-goals", "--out", str(pack)) == 0
    assert _run(supervisor, "supervision", "open", str(pack), "--name", "Sam P") == 0
    comments.write_text(
        f'discussed_on = "{TODAY.isoformat()}"\nhours = 1\noverall = "{OVERALL}"\nactions = ["{ACTION}"]\n'
        f'[sign_off]\nname = "Alex Supervisor"\nrole = "Consultant"\n[reflections]\nr0039 = "{COMMENT}"\n',
        encoding="utf-8",
    )
    assert _run(supervisor, "supervision", "respond", "--name", "Sam P", "--comments", str(comments),
                "--out", str(response)) == 0
    assert "1 reflection comment, 0 tip comments, 1 agreed action)" in capsys.readouterr().out
    assert _run(practitioner, "supervision", "import-response", str(response)) == 0
    assert "1 comment, 0 new goals," in capsys.readouterr().out
    database = open_database(practitioner)
    try:
        [activity] = [a for a in CpdStore(database).activities() if a.method == "supervision"]
    finally:
        database.close()
    out = tmp_path / "supervision.docx"
    assert _run(practitioner, "export", "activity", activity.id or "", "--format", "docx", "--out", str(out)) == 0
    capsys.readouterr()

    sections = _sections(out)
    layout = next(iter(load_layouts().notes.values()))
    heading = {s.fills: s.heading for s in layout.sections}
    assert OVERALL in sections[heading["learned"]] and COMMENT in sections[heading["learned"]]
    assert ACTION in sections[heading["changed"]]
    assert "1 hour)" in sections[heading["nature"]]
