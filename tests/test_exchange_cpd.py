"""JSON backup version 2: CPD records, goals, template sections, expected sessions and evidence files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reflect import demo
from reflect.cli import main
from reflect.cpd import Account, Activity, CpdStore, Discussion, Goal, GoalAction
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database, open_database
from reflect.data.models import Base
from reflect.exchange import (
    ExchangeError,
    export_json,
    import_document,
    preview_import,
    read_document,
)
from reflect.exchange_stream import canonical
from reflect.expected_sessions import ExpectedSessionStore
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import ReflectionFilter
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

ALL = ReflectionFilter(statuses=("complete", "draft"))
EVIDENCE_BYTES = bytes(range(256)) * 3  # not text: base64 must carry it unchanged


@dataclass
class Folder:
    """One data folder with every store open on it."""

    database: Database
    store: ReflectionStore
    cpd: CpdStore
    sessions: ExpectedSessionStore

    def counts(self) -> dict[str, int]:
        with self.database.sessions() as session:
            return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


@pytest.fixture
def folders(tmp_path: Path, catalog: FrameworkCatalog) -> Iterator[dict[str, Folder]]:
    opened: dict[str, Folder] = {}

    def make(name: str) -> Folder:
        database = open_database(DataPaths(tmp_path / name))
        opened[name] = Folder(database, ReflectionStore(database, catalog), CpdStore(database),
                              ExpectedSessionStore(database))
        return opened[name]

    for name in ("source", "fresh"):
        make(name)
    yield opened
    for folder in opened.values():
        folder.database.close()


def fill(folder: Folder, catalog: FrameworkCatalog, tmp_path: Path) -> str:
    """Reflections with sections, a goal, CPD records with evidence, sessions; returns one reflection id."""
    folder.store.save_many(demo.generate(catalog.default(), 6, date(2025, 3, 31), seed=3))
    reflection = folder.store.records(ALL)[0]
    rid = reflection.id or ""
    gibbs = load_cpd_catalog().templates["gibbs"]
    folder.cpd.save_sections(rid, gibbs, {"feelings": "Anxious at first", "action-plan": "Ask earlier"})
    tip = catalog.default().items[2].id
    goal = folder.cpd.save_goal(Goal("Share hope", "Asked for", (tip,), date(2025, 9, 30), "in-progress",
                                     (GoalAction("Read", True), GoalAction("Practise")), (rid,)))
    source = tmp_path / "certificate.pdf"
    source.write_bytes(EVIDENCE_BYTES)
    activity = folder.cpd.save_activity(
        Activity(date(2025, 2, 1), "Recovery course", "course", 4.0, participatory=True,
                 themes=("nmc-code:prioritise-people",), notes="Day one"), add_files=[source])
    folder.cpd.save_activity(Activity(date(2025, 2, 9), "Reading", "reading", 1.25, clinical=True))
    folder.cpd.save_account(Account(date(2025, 2, 2), "Hope", "Nature", "Learned", "Changed", "Relevant",
                                    ("nmc-code:prioritise-people",), True, rid, activity.id))
    folder.cpd.save_discussion(Discussion(date(2025, 3, 1), "Alex Example", "00A0000A", "alex@example.org"))
    skipped = folder.sessions.add_reminder(datetime(2025, 3, 3, 12, 30), "outpatient")
    folder.sessions.skip(skipped.id)
    reflected = folder.sessions.add_reminder(datetime(2025, 3, 4, 12, 30), "community")
    folder.sessions.mark_reflected(reflected.id, rid)
    folder.sessions.record_notice("summary:2025-03-04", datetime(2025, 3, 4, 17, 30))
    assert goal.id
    return rid


def reseal(document: dict) -> dict:
    document["sha256"] = hashlib.sha256(canonical(document["data"])).hexdigest()
    return document


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_round_trip_with_cpd_data_is_identical_and_a_second_import_adds_nothing(
    folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    source, fresh = folders["source"], folders["fresh"]
    fill(source, catalog, tmp_path)
    settings = Settings(revalidation_scheme="nmc", cycle_start=date(2024, 4, 1), focus_tip="x")
    export_json(source.store, catalog, settings, tmp_path / "a.json")

    document = load(tmp_path / "a.json")
    assert document["schema_version"] == 2
    tables = document["data"]["tables"]
    assert "prompt_notice" not in tables and "reflection" not in tables  # machine state; own section
    assert {s["state"] for s in tables["expected_session"]} == {"skipped", "reflected"}
    assert sorted(a["hours"] for a in tables["cpd_activity"]) == [1.25, 4.0]
    assert any(isinstance(a["hours"], float) and a["participatory"] is True for a in tables["cpd_activity"])
    assert tables["reflective_account"][0]["day"] == "2025-02-02"
    assert (document["data"]["settings"]["cycle_start"], document["data"]["settings"]["focus_start"]) == ("2024-04-01", "")
    [evidence] = document["data"]["evidence_files"]
    assert evidence["sha256"] == hashlib.sha256(EVIDENCE_BYTES).hexdigest()

    parsed = read_document(tmp_path / "a.json")
    preview = preview_import(fresh.store, parsed)
    assert [c.describe() for c in preview.others] == [
        "2 CPD activities (2 new)", "1 goal (1 new)", "1 reflective discussion (1 new)",
        "2 expected sessions (2 new)", "1 reflective account (1 new)", "1 evidence file (1 new)",
    ]
    fresh_settings = Settings()
    result = import_document(fresh.store, parsed, fresh_settings)
    assert result.added == 6 and fresh_settings.revalidation_scheme == "nmc"
    assert fresh_settings.cycle_start == date(2024, 4, 1) and fresh_settings.focus_start is None
    assert "1 goal" in result.describe_others() and "1 evidence file" in result.describe_others()
    counts = fresh.counts()
    assert counts == {**source.counts(), "prompt_notice": 0}

    [activity] = [a for a in fresh.cpd.activities() if a.evidence]
    assert fresh.cpd.evidence_bytes(activity.evidence[0]) == EVIDENCE_BYTES

    export_json(fresh.store, catalog, fresh_settings, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()

    again = import_document(fresh.store, read_document(tmp_path / "a.json"), fresh_settings)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    assert all(n == 0 for _name, n in again.others) and again.describe_others() == ""
    assert all(c.new == 0 for c in preview_import(fresh.store, read_document(tmp_path / "a.json")).others)
    assert fresh.counts() == counts


def test_a_newer_reflection_replaces_in_place_keeping_links_and_taking_its_sections(
    folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    source = folders["source"]
    rid = fill(source, catalog, tmp_path)
    export_json(source.store, catalog, Settings(), tmp_path / "a.json")
    document = load(tmp_path / "a.json")
    entry = next(r for r in document["data"]["reflections"] if r["id"] == rid)
    entry["text"] = "edited on the other computer"
    entry["updated_at"] = (datetime.fromisoformat(entry["updated_at"]) + timedelta(days=1)).isoformat()
    sections = [s for s in document["data"]["tables"]["reflection_section"] if s["reflection_id"] == rid]
    document["data"]["tables"]["reflection_section"] = [s for s in sections if s["section_id"] == "feelings"]
    document["data"]["tables"]["reflection_section"][0]["text"] = "Calmer later"
    (tmp_path / "a.json").write_text(json.dumps(reseal(document)), encoding="utf-8")

    result = import_document(source.store, read_document(tmp_path / "a.json"), Settings())
    assert (result.added, result.updated) == (0, 1)
    assert source.store.get(rid).text == "edited on the other computer"
    assert source.cpd.sections(rid) == ("gibbs", {"feelings": "Calmer later"})
    assert source.cpd.goals_for_reflection(rid) != []  # not cascaded away by the replacement
    assert source.cpd.accounts()[0].reflection_id == rid
    assert {s.reflection_id for s in (source.sessions.get(i) for i in _session_ids(source)) if s} == {None, rid}


def _session_ids(folder: Folder) -> list[str]:
    with folder.database.sessions() as session:
        return list(session.scalars(select(Base.metadata.tables["expected_session"].c.id)))


def test_a_version_1_file_still_imports(folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path) -> None:
    source, fresh = folders["source"], folders["fresh"]
    fill(source, catalog, tmp_path)
    export_json(source.store, catalog, Settings(last_setting="crisis"), tmp_path / "v2.json")
    document = load(tmp_path / "v2.json")
    document["schema_version"] = 1
    for key in ("tables", "evidence_files"):
        del document["data"][key]
    for entry in document["data"]["reflections"]:
        entry.pop("privacy_warning", None)  # version 1 files predate it
    (tmp_path / "v1.json").write_text(json.dumps(reseal(document)), encoding="utf-8")

    parsed = read_document(tmp_path / "v1.json")
    assert parsed.version == 1 and parsed.tables == {} and parsed.files == ()
    assert preview_import(fresh.store, parsed).others == ()
    settings = Settings()
    result = import_document(fresh.store, parsed, settings)
    assert result.added == 6 and result.describe_others() == "" and settings.last_setting == "crisis"
    assert fresh.store.count(ALL) == 6 and fresh.cpd.goals() == []


@pytest.mark.parametrize("bad_path", ["../../escape.bin", "/tmp/escape.bin", "C:/escape.bin", "a/../../escape.bin"])
def test_an_evidence_path_leaving_the_folder_is_refused_and_nothing_changes(
    bad_path: str, folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, fresh = folders["source"], folders["fresh"]
    fill(source, catalog, tmp_path)
    export_json(source.store, catalog, Settings(), tmp_path / "a.json")
    document = load(tmp_path / "a.json")
    document["data"]["tables"]["cpd_evidence"][0]["stored"] = bad_path
    document["data"]["evidence_files"][0]["path"] = bad_path
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(reseal(document)), encoding="utf-8")
    before = fresh.counts()

    with pytest.raises(ExchangeError, match="not safe to import") as caught:
        read_document(bad)
    assert str(caught.value).count(". ") == 0 and bad_path in str(caught.value)
    assert fresh.counts() == before
    assert main(["import", str(bad), "--data-dir", str(tmp_path / "target")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "target" / "reflect.sqlite3").exists()
    assert not list(tmp_path.rglob("escape.bin")) and not Path("/tmp/escape.bin").exists()


def test_evidence_bytes_that_do_not_match_their_checksum_are_refused(
    folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    fill(folders["source"], catalog, tmp_path)
    export_json(folders["source"].store, catalog, Settings(), tmp_path / "a.json")
    document = load(tmp_path / "a.json")
    document["data"]["evidence_files"][0]["base64"] = "AAAA"
    (tmp_path / "a.json").write_text(json.dumps(reseal(document)), encoding="utf-8")
    with pytest.raises(ExchangeError, match="does not match its checksum"):
        read_document(tmp_path / "a.json")


def test_a_dangling_reference_rolls_everything_back_including_evidence_files(
    folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, fresh = folders["source"], folders["fresh"]
    fill(source, catalog, tmp_path)
    export_json(source.store, catalog, Settings(), tmp_path / "a.json")
    document = load(tmp_path / "a.json")
    link = document["data"]["tables"]["goal_reflection"][0]
    document["data"]["tables"]["goal_reflection"].append({**link, "reflection_id": "f" * 32})  # no such reflection
    (tmp_path / "a.json").write_text(json.dumps(reseal(document)), encoding="utf-8")
    before = fresh.counts()
    assert before["cpd_evidence_content"] == 0

    with pytest.raises(ExchangeError, match="nothing was imported"):
        import_document(fresh.store, read_document(tmp_path / "a.json"), Settings())
    assert fresh.counts() == before  # evidence bytes included: they are rows of the same transaction


def test_the_same_reminder_on_two_computers_is_not_duplicated(
    folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    source, fresh = folders["source"], folders["fresh"]
    fill(source, catalog, tmp_path)
    here = fresh.sessions.add_reminder(datetime(2025, 3, 3, 12, 30), "outpatient")  # same key, another id
    export_json(source.store, catalog, Settings(), tmp_path / "a.json")
    parsed = read_document(tmp_path / "a.json")
    [sessions] = [c for c in preview_import(fresh.store, parsed).others if c.table == "expected_session"]
    assert (sessions.total, sessions.new) == (2, 1)
    import_document(fresh.store, parsed, Settings())
    assert fresh.counts()["expected_session"] == 2
    assert fresh.sessions.get(here.id) == here  # the one here is left as it is


def test_an_unknown_table_asks_for_a_newer_reflect(
    store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    export_json(store, catalog, Settings(), tmp_path / "a.json")
    document = load(tmp_path / "a.json")
    document["data"]["tables"]["portfolio_page"] = []
    (tmp_path / "a.json").write_text(json.dumps(reseal(document)), encoding="utf-8")
    with pytest.raises(ExchangeError, match="portfolio page records that this Reflect does not know"):
        read_document(tmp_path / "a.json")


def test_a_row_with_a_wrong_type_is_refused(
    folders: dict[str, Folder], catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    fill(folders["source"], catalog, tmp_path)
    export_json(folders["source"].store, catalog, Settings(), tmp_path / "a.json")
    document = load(tmp_path / "a.json")
    document["data"]["tables"]["cpd_activity"][0]["participatory"] = "yes"
    (tmp_path / "a.json").write_text(json.dumps(reseal(document)), encoding="utf-8")
    with pytest.raises(ExchangeError, match="cpd activity 1 has an invalid 'participatory'"):
        read_document(tmp_path / "a.json")
