"""The supervision loop across two data folders: pack → supervisor's comments and sign-off → response → practitioner."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest

from reflect import demo
from reflect.cli import main
from reflect.cpd import CpdStore, Goal
from reflect.data.db import open_database
from reflect.data.models import ReceivedPack
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.privacy import mod11_check_digit
from reflect.reflections import ReflectionStore
from reflect.settings import Settings
from reflect.supervision.practitioner import SupervisionStore
from reflect.supervision.supervisor import SuperviseeStore
from tests.helpers import save_all_settings

TODAY = date.today()
START = date(TODAY.year - 1, TODAY.month, 1)
PASSPHRASE = "our agreed phrase"
CHOSEN_TEXT = "Worked on the walking-group plan; I let the person lead the goal setting."
SECOND_TEXT = "Noticed I rushed the medication part; next time ask what matters first."
UNCHOSEN_TEXT = "Private musing that must stay on this computer."
PATIENT_NAME = "Ellery Quist"


def _nhs_number() -> str:
    first_nine = next(f"999000{n:03d}" for n in range(1000) if mod11_check_digit(f"999000{n:03d}") is not None)
    digits = first_nine + str(mod11_check_digit(first_nine))
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _one_line_error(capsys: pytest.CaptureFixture[str], *phrases: str) -> None:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reflect: ") and "Traceback" not in err, err
    for phrase in phrases:
        assert phrase in err, err


@pytest.fixture
def practitioner(tmp_path: Path) -> DataPaths:
    """A practitioner's folder: a year of synthetic reflections, three with private text, one open goal."""
    paths = DataPaths(tmp_path / "practitioner")
    paths.ensure()
    catalog = load_catalog()
    save_all_settings(paths, Settings(
        practitioner_name="Sam Practitioner", practitioner_role="Mental health nurse",
        focus_tip="hope", focus_start=TODAY.replace(day=1), identifier_names=[PATIENT_NAME],
        revalidation_scheme="nmc",
    ))
    records = [replace(r, id=f"r{i:04d}") for i, r in enumerate(demo.generate(catalog.default(), 300, TODAY, seed=5))]
    records[-3] = replace(records[-3], text=CHOSEN_TEXT)
    records[-2] = replace(records[-2], text=SECOND_TEXT)
    records[-1] = replace(records[-1], text=UNCHOSEN_TEXT)
    records[-4] = replace(records[-4], text=f"Letter mentioned NHS number {_nhs_number()} by mistake.")
    database = open_database(paths)
    try:
        ReflectionStore(database, catalog).save_many(records)
        CpdStore(database).save_goal(Goal(title="Ask about hope at every review", why="It slips when I am busy."))
    finally:
        database.close()
    return paths


def _run(paths: DataPaths, *argv: str) -> int:
    return main(["--data-dir", str(paths.root), *argv])


def _check_the_filed_pack(paths: DataPaths) -> None:
    """Filed apart from the supervisor's own reflections, holding only the chosen text."""
    database = open_database(paths)
    try:
        supervisees = SuperviseeStore(database)
        [stored] = supervisees.packs("sam p")
        pack = supervisees.pack(stored.id)
        with database.sessions() as session:
            content = session.get(ReceivedPack, stored.id).content  # type: ignore[union-attr]
        assert ReflectionStore(database, load_catalog()).count() == 0  # the supervisor's own reflections
    finally:
        database.close()
    assert [r.id for r in pack.reflections] == ["r0297", "r0298"]
    assert [r.text for r in pack.reflections] == [CHOSEN_TEXT, SECOND_TEXT]
    assert UNCHOSEN_TEXT not in content and "NHS number" not in content
    assert pack.sessions > 250 and len(pack.tips) == 10 and pack.focus.startswith("Maintaining hope")
    assert [g.title for g in pack.goals] == ["Ask about hope at every review"]
    assert "Supervision report" in _pdf_text(pack.report_pdf) and "Sam Practitioner" in _pdf_text(pack.report_pdf)


def _check_what_the_practitioner_received(paths: DataPaths) -> None:
    """Comments, a session, the accepted goal, a CPD activity with the signed record, an NMC discussion."""
    database = open_database(paths)
    try:
        received = SupervisionStore(database)
        [comment] = received.comments_on("r0297")
        assert comment.text == "Letting the person lead was right." and comment.supervisor == "Dr Alex Supervisor"
        assert received.comments_on("r0298") == []
        [session] = received.sessions()
        cpd = CpdStore(database)
        titles = [g.title for g in cpd.goals()]
        [activity] = [a for a in cpd.activities() if a.method == "supervision"]
        record_pdf = cpd.evidence_bytes(activity.evidence[0])
        assert record_pdf is not None
        [discussion] = cpd.discussions()
    finally:
        database.close()
    assert session.day == TODAY and session.comments == 2 and session.goals == 1
    assert (discussion.colleague_name, discussion.colleague_pin, discussion.colleague_email, discussion.day) == (
        "Dr Alex Supervisor", "NMC 12A3456E", "alex.supervisor@example.org", TODAY)
    assert discussion.id == session.discussion_id
    assert "Use the goal-setting prompt in every first review" in titles
    assert "Read the ImROC briefing on risk" not in titles
    assert activity.participatory and activity.hours == 1.5 and activity.id == session.activity_id
    record = _pdf_text(record_pdf)
    for expected in ("Supervision record", "Sam Practitioner", "Dr Alex Supervisor", "NMC 12A3456E",
                     "Letting the person lead was right.", "Hope has risen", "Read the ImROC briefing on risk"):
        assert expected in record


def test_a_pack_goes_to_the_supervisor_and_a_signed_response_comes_back(
    practitioner: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    supervisor = DataPaths(tmp_path / "supervisor")
    pack_file = tmp_path / "pack.reflect-pack"
    period = ["--from", START.isoformat(), "--to", TODAY.isoformat()]

    # 1. identifiers are scanned before anything is sealed: a ticked reflection with an NHS number stops the pack
    assert _run(practitioner, "supervision", "pack", *period, "--include", "r0296", "--out", str(pack_file)) == 1
    _one_line_error(capsys, "NHS number", "nothing was written")
    assert not pack_file.exists()

    # 2. the pack holds the two chosen reflections, sealed: their text is not readable in the file
    assert _run(practitioner, "supervision", "pack", *period, "--include", "r0297", "r0298", "--all-goals",
                "--out", str(pack_file)) == 0
    assert "the text of 2" in capsys.readouterr().out
    sealed = pack_file.read_bytes()
    assert CHOSEN_TEXT.encode() not in sealed and b"walking-group" not in sealed

    # 3. a wrong passphrase and a tampered file are each refused in one sentence, and nothing is filed
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", "not the agreed phrase")
    assert _run(supervisor, "supervision", "open", str(pack_file), "--name", "Sam P") == 1
    _one_line_error(capsys, "passphrase is wrong")
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    tampered = tmp_path / "tampered.reflect-pack"
    tampered.write_bytes(sealed[:200] + bytes([sealed[200] ^ 1]) + sealed[201:])
    assert _run(supervisor, "supervision", "open", str(tampered), "--name", "Sam P") == 1
    _one_line_error(capsys, "changed or damaged")

    # 4. the supervisor files it under a typed name, apart from their own reflections; only chosen text travelled
    assert _run(supervisor, "supervision", "open", str(pack_file), "--name", "Sam P") == 0
    listed = capsys.readouterr().out
    assert "Sam P" in listed and "r0297" in listed and "r0298" in listed
    _check_the_filed_pack(supervisor)

    # 5. comments are scanned on the supervisor's side: an NHS number in a comment stops the response
    comments = tmp_path / "comments.toml"
    response_file = tmp_path / "response.reflect-response"
    comments.write_text(
        f'discussed_on = "{TODAY.isoformat()}"\nhours = 1.5\noverall = "Good progress on hope."\n'
        'actions = ["Use the goal-setting prompt in every first review", "Read the ImROC briefing on risk"]\n'
        f'[sign_off]\nname = "Dr Alex Supervisor"\nrole = "Consultant psychiatrist"\nregistration = "NMC 12A3456E"\n'
        'email = "alex.supervisor@example.org"\n'
        f'[reflections]\nr0297 = "Letting the person lead was right. NHS {_nhs_number()}"\n'
        '[tips]\nhope = "Hope has risen since your focus began."\n',
        encoding="utf-8",
    )
    assert _run(supervisor, "supervision", "respond", "--name", "Sam P", "--comments", str(comments),
                "--out", str(response_file)) == 1
    _one_line_error(capsys, "NHS number", "the comment on the reflection of")
    assert not response_file.exists()
    comments.write_text(comments.read_text().replace(f" NHS {_nhs_number()}", ""), encoding="utf-8")
    assert _run(supervisor, "supervision", "respond", "--name", "Sam P", "--comments", str(comments),
                "--out", str(response_file)) == 0
    assert "1 reflection comment, 1 tip comment, 2 agreed actions" in capsys.readouterr().out

    # 6. the practitioner imports it, taking on the first action as a goal
    assert _run(practitioner, "supervision", "import-response", str(response_file), "--accept", "1") == 0
    out = capsys.readouterr().out
    assert "Dr Alex Supervisor" in out and "1 new goal," in out and "NMC reflective discussion record" in out
    _check_what_the_practitioner_received(practitioner)

    # 7. the same response twice is refused
    assert _run(practitioner, "supervision", "import-response", str(response_file)) == 1
    _one_line_error(capsys, "already been imported")


def test_the_practitioners_scanner_checks_comments_on_import(
    practitioner: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """A name only the practitioner listed (today's patient) is caught when the response arrives."""
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    supervisor = DataPaths(tmp_path / "supervisor")
    pack_file, response_file = tmp_path / "p.pack", tmp_path / "r.response"
    assert _run(practitioner, "supervision", "pack", "--from", START.isoformat(), "--to", TODAY.isoformat(),
                "--include", "r0297", "--no-goals", "--out", str(pack_file)) == 0
    assert _run(supervisor, "supervision", "open", str(pack_file), "--name", "Sam") == 0
    comments = tmp_path / "c.json"
    comments.write_text(json.dumps({
        "overall": f"Think again about how you spoke with {PATIENT_NAME}.",
        "sign_off": {"name": "Dr Alex Supervisor", "role": "Consultant"},
    }), encoding="utf-8")
    assert _run(supervisor, "supervision", "respond", "--name", "Sam", "--comments", str(comments),
                "--out", str(response_file)) == 0
    capsys.readouterr()
    assert _run(practitioner, "supervision", "import-response", str(response_file)) == 1
    _one_line_error(capsys, "name in the overall note", "nothing was imported")
    database = open_database(practitioner)
    try:
        assert SupervisionStore(database).sessions() == []
        assert not [a for a in CpdStore(database).activities() if a.method == "supervision"]
    finally:
        database.close()
    assert _run(practitioner, "supervision", "import-response", str(response_file), "--allow-identifiers") == 0


def test_a_response_is_not_a_pack_and_needs_a_sign_off(
    practitioner: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    supervisor = DataPaths(tmp_path / "supervisor")
    pack_file = tmp_path / "p.pack"
    assert _run(practitioner, "supervision", "pack", "--from", START.isoformat(), "--to", TODAY.isoformat(),
                "--out", str(pack_file)) == 0
    assert _run(practitioner, "supervision", "import-response", str(pack_file)) == 1
    _one_line_error(capsys, "is a supervision pack, not a supervision response")
    assert _run(supervisor, "supervision", "open", str(pack_file), "--name", "Sam") == 0
    comments = tmp_path / "c.toml"
    comments.write_text('overall = "Fine."\n', encoding="utf-8")
    assert _run(supervisor, "supervision", "respond", "--name", "Sam", "--comments", str(comments),
                "--out", str(tmp_path / "r")) == 1
    _one_line_error(capsys, "Sign off with your name and role")
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", "short")
    assert _run(practitioner, "supervision", "pack", "--from", START.isoformat(), "--to", TODAY.isoformat(),
                "--out", str(tmp_path / "q.pack")) == 1
    _one_line_error(capsys, "at least 8 characters")


def test_supervision_records_travel_in_the_json_backup(
    practitioner: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """Both sides' new tables are user data: export → import into a new folder keeps them."""
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    supervisor = DataPaths(tmp_path / "supervisor")
    pack_file, response_file, comments = tmp_path / "p", tmp_path / "r", tmp_path / "c.toml"
    assert _run(practitioner, "supervision", "pack", "--from", START.isoformat(), "--to", TODAY.isoformat(),
                "--include", "r0297", "--out", str(pack_file)) == 0
    assert _run(supervisor, "supervision", "open", str(pack_file), "--name", "Sam") == 0
    comments.write_text('[sign_off]\nname = "Dr A"\nrole = "Consultant"\n[reflections]\nr0297 = "Well done."\n',
                        encoding="utf-8")
    assert _run(supervisor, "supervision", "respond", "--name", "Sam", "--comments", str(comments),
                "--out", str(response_file)) == 0
    assert _run(practitioner, "supervision", "import-response", str(response_file)) == 0
    for source, name in ((practitioner, "p2"), (supervisor, "s2")):
        backup, copy = tmp_path / f"{name}.json", DataPaths(tmp_path / name)
        assert _run(source, "export", "--format", "json", "--out", str(backup)) == 0
        assert _run(copy, "import", str(backup)) == 0
        if source is supervisor:
            assert "1 supervisee" in capsys.readouterr().out
            database = open_database(copy)
            try:
                [stored] = SuperviseeStore(database).packs("Sam")
                assert stored.sent and SuperviseeStore(database).pack(stored.id).reflections[0].text == CHOSEN_TEXT
            finally:
                database.close()
        else:
            assert "1 supervision session" in capsys.readouterr().out
            database = open_database(copy)
            try:
                assert [c.text for c in SupervisionStore(database).comments_on("r0297")] == ["Well done."]
            finally:
                database.close()


def test_the_supervisor_is_told_of_identifiers_their_own_scanner_finds(
    practitioner: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """A name on the supervisor's own list (not the practitioner's) is flagged when the pack is opened."""
    monkeypatch.setenv("REFLECT_PACK_PASSPHRASE", PASSPHRASE)
    supervisor = DataPaths(tmp_path / "supervisor")
    supervisor.ensure()
    save_all_settings(supervisor, Settings(identifier_names=["Walking"]))
    pack_file = tmp_path / "p"
    assert _run(practitioner, "supervision", "pack", "--from", START.isoformat(), "--to", TODAY.isoformat(),
                "--include", "r0297", "--out", str(pack_file)) == 0
    capsys.readouterr()
    assert _run(supervisor, "supervision", "open", str(pack_file), "--name", "Sam") == 0
    err = capsys.readouterr().err
    assert "possible name in the reflection of" in err and "tell your supervisee" in err
