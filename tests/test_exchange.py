"""JSON backup and CSV export: lossless round trips, merging, and every kind of bad file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from reflect import demo, exchange_read, exchange_stream
from reflect.cli import main
from reflect.exchange import (
    ExchangeError,
    csv_text,
    export_json,
    import_document,
    preview_import,
    read_document,
)
from reflect.exchange_stream import canonical
from reflect.frameworks import FrameworkCatalog
from reflect.records import ReflectionFilter
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

ALL = ReflectionFilter(statuses=("complete", "draft"))


def fill(store: ReflectionStore, catalog: FrameworkCatalog, sessions: int = 30) -> None:
    records = list(demo.generate(catalog.default(), sessions, date(2026, 6, 30), seed=7))
    records[0] = replace(records[0], status="draft", text="draft — unfinished")
    records[1] = replace(records[1], ratings=tuple(replace(r, note="note with “quotes”, commas") for r in records[1].ratings))
    store.save_many(records)


def write_document(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document), encoding="utf-8")


def reseal(document: dict) -> dict:
    """Recompute the checksum, as a careful forger would, to reach the field checks."""
    document["sha256"] = hashlib.sha256(canonical(document["data"])).hexdigest()
    return document


def test_export_import_export_gives_identical_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["demo", "--sessions", "40", "--data-dir", str(first)]) == 0
    assert main(["export", "--format", "json", "--out", str(tmp_path / "a.json"), "--data-dir", str(first)]) == 0
    assert main(["import", str(tmp_path / "a.json"), "--data-dir", str(second)]) == 0
    assert "40 added, 0 updated, 0 already here" in capsys.readouterr().out
    assert main(["export", "--format", "json", "--out", str(tmp_path / "b.json"), "--data-dir", str(second)]) == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    # importing the same file again adds nothing
    assert main(["import", str(tmp_path / "a.json"), "--data-dir", str(second)]) == 0
    assert "0 added, 0 updated, 40 already here" in capsys.readouterr().out


def test_the_document_is_complete_and_versioned(store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path) -> None:
    fill(store, catalog)
    settings = Settings(last_setting="crisis", last_duration_min=45)
    export_json(store, catalog, settings, tmp_path / "x.json")
    document = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert document["format"] == "reflect-export" and document["schema_version"] == 2
    data = document["data"]
    assert len(data["reflections"]) == 30
    assert sum(r["status"] == "draft" for r in data["reflections"]) == 1
    assert data["frameworks"][0]["id"] == "ten-top-tips-2008" and "Shepherd" in data["frameworks"][0]["citation"]
    assert data["settings"]["last_setting"] == "crisis" and "window_geometry" not in data["settings"]
    assert (tmp_path / "x.json").stat().st_mode & 0o077 == 0


def test_import_into_an_existing_database_merges_by_id(store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path) -> None:
    fill(store, catalog, 10)
    export_json(store, catalog, Settings(), tmp_path / "backup.json")
    # here: one reflection deleted, one edited after the backup, one new
    records = store.records(ALL)
    store.delete(records[2].id)
    edited = store.save(replace(records[3], text="edited later, here"))
    store.save_many(demo.generate(catalog.default(), 1, date(2026, 7, 6), seed=99))
    document = read_document(tmp_path / "backup.json")
    preview = preview_import(store, document)
    assert (preview.total, preview.new, preview.duplicates, preview.updates) == (10, 1, 9, 0)
    assert preview.first <= preview.last
    settings = Settings(last_setting="crisis")
    result = import_document(store, document, settings)
    assert (result.added, result.updated, result.unchanged) == (1, 0, 9)
    assert store.count(ALL) == 11
    assert store.get(edited.id).text == "edited later, here"  # the newer copy wins
    assert settings.last_setting == "crisis"  # settings only go into an empty database


def test_a_later_edit_in_the_file_replaces_the_older_copy(store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path) -> None:
    fill(store, catalog, 3)
    export_json(store, catalog, Settings(), tmp_path / "b.json")
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    entry = document["data"]["reflections"][1]
    entry["text"] = "changed on the other computer"
    entry["updated_at"] = (datetime.fromisoformat(entry["updated_at"]) + timedelta(days=1)).isoformat()
    write_document(tmp_path / "b.json", reseal(document))
    result = import_document(store, read_document(tmp_path / "b.json"), Settings())
    assert (result.added, result.updated, result.unchanged) == (0, 1, 2)
    assert store.get(entry["id"]).text == "changed on the other computer"
    assert len(store.get(entry["id"]).ratings) == 10


def _good(store: ReflectionStore, catalog: FrameworkCatalog, path: Path) -> dict:
    fill(store, catalog, 5)
    export_json(store, catalog, Settings(), path)
    return json.loads(path.read_text(encoding="utf-8"))


BAD_CASES = {
    "truncated": (lambda text, doc: text[: len(text) // 2], "incomplete"),
    "not json": (lambda text, doc: "id,date\n1,2026-01-01\n", "not valid JSON"),
    "not an export": (lambda text, doc: json.dumps({"hello": "world"}), "not a Reflect export"),
    "newer version": (lambda text, doc: json.dumps({**doc, "schema_version": 3}), "newer Reflect"),
    "tampered": (lambda text, doc: text.replace('"choice":"yes"', '"choice":"no"', 1), "changed since it was exported"),
    "bad date": (lambda text, doc: json.dumps(reseal({**doc, "data": {**doc["data"], "reflections": [{**doc["data"]["reflections"][0], "occurred_at": "31/02/2026"}]}})), "not a valid date"),
    "bad duration": (lambda text, doc: json.dumps(reseal({**doc, "data": {**doc["data"], "reflections": [{**doc["data"]["reflections"][0], "duration_min": -5}]}})), "impossible duration"),
    "binary": (lambda text, doc: "\udcff", "not text"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_files_are_rejected_with_one_sentence_and_nothing_changes(
    case: str, store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good_path = tmp_path / "good.json"
    document = _good(store, catalog, good_path)
    change, message = BAD_CASES[case]
    bad = tmp_path / "bad.json"
    content = change(good_path.read_text(encoding="utf-8"), document)
    bad.write_bytes(content.encode("utf-8", "surrogateescape"))
    before = store.count(ALL)
    with pytest.raises(ExchangeError, match=message):
        read_document(bad)
    # the same through the command line, into a fresh folder: one line, exit 1, nothing created
    target = tmp_path / "target"
    assert main(["import", str(bad), "--data-dir", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not (target / "reflect.sqlite3").exists()
    assert store.count(ALL) == before


def test_csv_has_a_row_per_reflection_and_a_column_per_tip(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    fill(store, catalog, 12)
    records = store.records(ALL)
    records[5] = replace(records[5], text='=HYPERLINK("x")')
    rows = list(csv.DictReader(io.StringIO(csv_text(records, catalog))))
    assert len(rows) == 11  # drafts are not in the table
    labels = [item.label for item in catalog.default().items]
    assert set(labels) <= set(rows[0])
    assert {row[labels[0]] for row in rows} <= {"Yes", "Partly", "No", "Not applicable"}
    assert "reflection" not in rows[0]
    assert not any("draft" in value for row in rows for value in row.values())
    with_text = list(csv.DictReader(io.StringIO(csv_text(records, catalog, include_text=True))))
    texts = {row["reflection"] for row in with_text}
    assert "'=HYPERLINK(\"x\")" in texts  # a formula is neutralised for spreadsheets
    assert any("note with “quotes”, commas" in row["notes"] for row in with_text)


def test_export_refuses_a_folder_and_unknown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json", "--out", str(tmp_path), "--data-dir", str(tmp_path / "d")]) == 1
    assert "is a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--format", "xml", "--out", str(tmp_path / "x")])
    assert "invalid choice" in capsys.readouterr().err


def test_a_csv_with_text_is_scanned_and_refused_unless_allowed(
    store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflect.privacy import mod11_check_digit

    fill(store, catalog, 4)
    nhs = "999000002" + str(mod11_check_digit("999000002"))
    flagged = store.records(ALL)[2]
    store.save(replace(flagged, text=f"follow up {nhs[:3]} {nhs[3:6]} {nhs[6:]}"))
    out = tmp_path / "t.csv"
    assert main(["export", "--format", "csv", "--include-text", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NHS number" in err and f"{flagged.occurred_at:%d %b %Y %H:%M}" in err
    assert nhs[:3] + " " not in err and not out.exists()
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0  # no text: nothing to scan
    assert main(["export", "--format", "csv", "--include-text", "--allow-identifiers", "--out", str(out)]) == 0
    assert nhs[6:] in out.read_text(encoding="utf-8")


def test_a_backup_written_in_many_batches_is_byte_for_byte_the_one_written_at_once(
    store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_many(demo.generate(catalog.default(), 120, date(2026, 5, 1)))
    export_json(store, catalog, Settings(), tmp_path / "whole.json")
    monkeypatch.setattr(exchange_stream, "BATCH", 7)
    seen: list[tuple[int, int]] = []
    assert export_json(store, catalog, Settings(), tmp_path / "batched.json", lambda d, t: seen.append((d, t))) == 120
    assert (tmp_path / "batched.json").read_bytes() == (tmp_path / "whole.json").read_bytes()
    assert len(seen) > 5 and seen[-1] == (120, 120) and [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_a_backup_as_written_is_read_a_chunk_at_a_time_into_the_same_records(
    store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_many(demo.generate(catalog.default(), 60, date(2026, 5, 1)))
    export_json(store, catalog, Settings(), tmp_path / "all.json")
    whole = read_document(tmp_path / "all.json", catalog)
    monkeypatch.setattr(exchange_read, "CHUNK", 700)  # a few reflections per chunk, markers across reads
    fast = exchange_read.read_as_written(tmp_path / "all.json", "all.json")
    assert fast is not None and fast[1] == whole.records and len(fast[1]) == 60
    assert read_document(tmp_path / "all.json", catalog) == whole
    edited = tmp_path / "edited.json"  # re-spaced by an editor: read whole, the careful way
    edited.write_bytes((tmp_path / "all.json").read_bytes().replace(b',"data":', b', "data": ', 1))
    assert exchange_read.read_as_written(edited, "edited.json") is None
    assert read_document(edited, catalog) == whole
