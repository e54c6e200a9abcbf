"""`reflect import` checks values, not only types: every bad file is one sentence and changes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from reflect import __version__, demo
from reflect.cli import main
from reflect.cpd import Activity, CpdStore
from reflect.data.models import Base
from reflect.errors import UserError
from reflect.exchange import export_json, import_document, preview_import, read_document
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

TODAY = date.today()


def export_bytes(store: ReflectionStore, catalog: FrameworkCatalog, folder: Path) -> bytes:
    """A small, valid export: five reflections, a CPD activity, the portable settings."""
    store.save_many(demo.generate(catalog.default(), 5, TODAY - timedelta(days=1), seed=4))
    CpdStore(store.database).save_activity(Activity(TODAY - timedelta(days=3), "Course", "course", 2.5))
    path = folder / "good.json"
    export_json(store, catalog, Settings(last_setting="crisis"), path)
    return path.read_bytes()


def seal(data_bytes: bytes) -> bytes:
    """Wrap data in an envelope whose checksum matches, as a careful forger would."""
    head = {"format": "reflect-export", "schema_version": 2, "app_version": __version__,
            "sha256": hashlib.sha256(data_bytes).hexdigest()}
    return json.dumps(head).encode()[:-1] + b',"data":' + data_bytes + b"}\n"


def encode(data: Any) -> bytes:
    """Canonical-looking data text; lone surrogates escaped, NaN and Infinity written as JavaScript does."""
    return json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def data_of(raw: bytes) -> Any:
    return json.loads(raw)["data"]


def counts(store: ReflectionStore) -> dict[str, int]:
    with store.database.sessions() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


def first_reflection(change: Callable[[dict], None]) -> Callable[[Any], None]:
    def edit(data: Any) -> None:
        change(data["reflections"][0])
    return edit


def first_activity(field: str, value: Any) -> Callable[[Any], None]:
    def edit(data: Any) -> None:
        data["tables"]["cpd_activity"][0][field] = value
    return edit


def rating(field: str, value: Any) -> Callable[[dict], None]:
    def edit(entry: dict) -> None:
        entry["ratings"][0][field] = value
    return edit


def setter(field: str, value: Any) -> Callable[[dict], None]:
    def edit(entry: dict) -> None:
        entry[field] = value
    return edit


# (edit of the parsed data, words the one sentence must hold: the record, the field, the reason)
VALUE_CASES: dict[str, tuple[Callable[[Any], None], tuple[str, ...]]] = {
    "points beyond the scale": (first_reflection(rating("points", 99)), ("reflection 1", "ratings", "points")),
    "unknown choice": (first_reflection(rating("choice", "brilliant")), ("reflection 1", "ratings", "'brilliant'")),
    "unknown item": (first_reflection(rating("item_id", "tip-99")), ("reflection 1", "ratings", "'tip-99'")),
    "unknown checklist": (first_reflection(setter("framework_id", "mystery")), ("reflection 1", "framework_id")),
    "before 1990": (first_reflection(setter("occurred_at", "1989-12-31T10:00:00")), ("reflection 1", "occurred_at", "1990")),
    "in the future": (first_reflection(setter("occurred_at", (TODAY + timedelta(days=3)).isoformat() + "T10:00:00")),
                      ("reflection 1", "occurred_at", "after")),
    "a day too long": (first_reflection(setter("duration_min", 1441)), ("reflection 1", "duration")),
    "offset timestamp": (first_reflection(setter("updated_at", "2026-01-01T10:00:00+02:00")),
                         ("reflection 1", "updated_at", "UTC offset")),
    "text too long": (first_reflection(setter("text", "x" * 100_001)), ("reflection 1", "text", "100,000")),
    "lone surrogate": (first_reflection(setter("text", "caf\ud800")), ("reflection 1", "text", "surrogate")),
    "note too long": (first_reflection(rating("note", "y" * 100_001)), ("reflection 1", "note")),
    "negative CPD hours": (first_activity("hours", -1.0), ("cpd activity 1", "hours", "outside 0–1,000")),
    "too many CPD hours": (first_activity("hours", 1000.5), ("cpd activity 1", "hours", "outside 0–1,000")),
    "CPD hours not a number": (first_activity("hours", float("nan")), ("cpd activity 1", "hours", "not a number")),
    "endless CPD hours": (first_activity("hours", float("inf")), ("cpd activity 1", "hours", "not a finite number")),
    "CPD day before 1990": (first_activity("day", "1900-01-01"), ("cpd activity 1", "day", "1990")),
}


@pytest.mark.parametrize("case", list(VALUE_CASES))
def test_implausible_values_are_refused_naming_record_and_field(
    case: str, store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = data_of(export_bytes(store, catalog, tmp_path))
    edit, words = VALUE_CASES[case]
    edit(data)
    bad = tmp_path / "bad.json"
    bad.write_bytes(seal(encode(data)))
    before = counts(store)
    with pytest.raises(UserError) as refused:
        read_document(bad, catalog)
    for word in words:
        assert word in str(refused.value)
    assert counts(store) == before
    target = tmp_path / "target"
    assert main(["import", str(bad), "--data-dir", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words[0] in err and "Traceback" not in err
    assert not (target / "reflect.sqlite3").exists()


RAW_CASES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "deep nesting": (lambda d: d[:-1] + b',"deep":' + b"[" * 200_000 + b"]" * 200_000 + b"}", "nested"),
    "huge whole number": (lambda d: d.replace(b'"duration_min":', b'"duration_min":1' + b"0" * 5000, 1), "duration_min"),
    "huge number in CPD hours": (lambda d: d.replace(b'"hours":2.5', b'"hours":1e999', 1), "hours"),
    "huge whole CPD hours": (lambda d: d.replace(b'"hours":2.5', b'"hours":' + b"9" * 400, 1), "hours"),
}


@pytest.mark.parametrize("case", list(RAW_CASES))
def test_hostile_numbers_and_nesting_are_one_sentence(
    case: str, store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_bytes = encode(data_of(export_bytes(store, catalog, tmp_path)))
    change, word = RAW_CASES[case]
    changed = change(data_bytes)
    assert changed != data_bytes
    bad = tmp_path / "bad.json"
    bad.write_bytes(seal(changed))
    with pytest.raises(UserError, match=word):
        read_document(bad, catalog)
    assert main(["import", str(bad), "--data-dir", str(tmp_path / "target")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_an_offset_timestamp_on_a_reflection_already_here_changes_nothing(
    store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    data = data_of(export_bytes(store, catalog, tmp_path))
    data["reflections"][0]["updated_at"] = (TODAY - timedelta(days=1)).isoformat() + "T09:00:00-05:00"
    bad = tmp_path / "bad.json"
    bad.write_bytes(seal(encode(data)))
    before = counts(store)
    with pytest.raises(UserError, match="UTC offset"):
        read_document(bad, catalog)
    assert counts(store) == before


def test_unknown_settings_are_ignored_and_the_import_says_so(
    store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = data_of(export_bytes(store, catalog, tmp_path))
    data["settings"].update(colour_theme="pink", window_geometry="00ff", last_duration_min=10**6)
    path = tmp_path / "settings.json"
    path.write_bytes(seal(encode(data)))
    target = tmp_path / "target"
    assert main(["import", str(path), "--data-dir", str(target)]) == 0
    out = capsys.readouterr().out
    assert "5 added" in out
    assert "Ignored 3 settings" in out and "colour_theme" in out and "window_geometry" in out
    saved = json.loads((target / "settings.json").read_text(encoding="utf-8"))
    assert saved["last_setting"] == "crisis" and saved["last_duration_min"] != 10**6
    assert "colour_theme" not in saved


USER_CHECKLIST = (Path(__file__).parent.parent / "resources" / "frameworks" / "ten-top-tips-2007.toml").read_text(
    encoding="utf-8").replace('id = "ten-top-tips-2007"', 'id = "my-checklist"', 1)


def test_a_users_own_checklist_travels_in_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = DataPaths(tmp_path / "source")
    source.user_frameworks.mkdir(parents=True)
    (source.user_frameworks / "mine.toml").write_text(USER_CHECKLIST, encoding="utf-8")
    mine = load_catalog(source.user_frameworks)
    from reflect.data.db import open_database

    database = open_database(source)
    try:
        ReflectionStore(database, mine).save_many(demo.generate(mine.get("my-checklist"), 3, TODAY, seed=2))
        export_json(ReflectionStore(database, mine), mine, Settings(), tmp_path / "mine.json")
    finally:
        database.close()
    # a computer without the checklist still imports it: the file describes its items and scale
    assert main(["import", str(tmp_path / "mine.json"), "--data-dir", str(tmp_path / "other")]) == 0
    assert "3 added" in capsys.readouterr().out
    # without that description, a checklist unknown here is refused
    data = data_of((tmp_path / "mine.json").read_bytes())
    data["frameworks"] = [{"id": f["id"], "version": f["version"]} for f in data["frameworks"]]
    (tmp_path / "bare.json").write_bytes(seal(encode(data)))
    assert main(["import", str(tmp_path / "bare.json"), "--data-dir", str(tmp_path / "third")]) == 1
    assert "neither installed here nor described in the file" in capsys.readouterr().err


def test_a_fifo_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    fifo = tmp_path / "backup.json"
    os.mkfifo(fifo)
    assert main(["import", str(fifo), "--data-dir", str(tmp_path / "target")]) == 1
    assert "not a regular file" in capsys.readouterr().err


# ----- property: any mutation of a valid export is imported or refused in one sentence


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the data (up to a few thousand), for value and structure mutations."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:6]):
            found += _paths(value, (*prefix, index))
    return found


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return root


def _get(root: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        root = root[key]
    return root


DEEP = "\x00deep\x00"
tricky = st.sampled_from(["", "\ud800", "2026-01-01T10:00:00+01:00", "1900-01-01", "9999-12-31", "yes", "na",
                          "complete", "draft", "x" * 100_001, DEEP, 10**20, -1, 99, float("nan"), float("inf")])
leaves = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(),
                   st.text(max_size=20))
values = st.one_of(
    tricky, leaves,
    st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=3), max_leaves=6),
)


def _damaged_bytes(draw: st.DrawFn, text: bytes) -> bytes:
    """A few bits flipped, runs deleted or bytes inserted."""
    body = bytearray(text)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(body) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            body[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "delete":
            del body[at : at + draw(st.integers(1, 40))]
        else:
            body[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(body)


def _restructure(draw: st.DrawFn, parent: Any, key: Any) -> None:
    """One part removed, wrapped in a list, or (in a list) repeated."""
    action = draw(st.sampled_from(["remove", "wrap", "copy"]))
    if action == "remove":
        del parent[key]
    elif action == "wrap":
        parent[key] = [parent[key]]
    elif isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[key])))


@st.composite
def mutated(draw: st.DrawFn, good: bytes) -> bytes:
    """A valid export changed in its bytes, values, structure, depth or encoding, then re-checksummed."""
    data = json.loads(good)["data"]
    kind = draw(st.sampled_from(["bytes", "value", "value", "value", "structure", "depth", "encoding"]))
    if kind == "bytes":
        return seal(_damaged_bytes(draw, encode(data)))
    places = _paths(data)
    place = draw(st.sampled_from(places))
    if kind == "value":
        leaf_places = [p for p in places if not isinstance(_get(data, p), (dict, list))]
        for _ in range(draw(st.integers(1, 3))):
            data = _set(data, draw(st.sampled_from(leaf_places)), draw(values))
    elif kind == "structure" and place:
        _restructure(draw, _get(data, place[:-1]), place[-1])
    elif kind == "depth":
        data = _set(data, place, DEEP)
    body = encode(data)
    depth = draw(st.integers(1, 100_000))
    body = body.replace(json.dumps(DEEP).encode(), b"[" * depth + b"0" + b"]" * depth)
    raw = seal(body)
    if kind == "encoding":
        codec = draw(st.sampled_from(["utf-16", "utf-32", "utf-8-sig", "latin-1", "cp1252"]))
        text = json.loads(raw)  # the same document, with its text in another encoding
        text["data"]["reflections"][0]["text"] = "Café – “quoted” ✓"
        body = json.dumps(text["data"], sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        raw = seal(body).decode("utf-8").encode(codec, "replace")
    return raw


@pytest.mark.slow
def test_every_mutated_export_is_imported_or_refused_in_one_sentence(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("property")
    from reflect.data.db import open_database

    catalog = load_catalog()
    database = open_database(DataPaths(folder / "source"))
    good = export_bytes(ReflectionStore(database, catalog), catalog, folder)
    database.close()
    target = open_database(DataPaths(folder / "target"))
    store = ReflectionStore(target, catalog)
    outcomes: dict[str, int] = {"imported": 0, "refused": 0}

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(raw=mutated(good))
    def check(raw: bytes) -> None:
        path = folder / "mutated.json"
        path.write_bytes(raw)
        before = counts(store)
        try:
            document = read_document(path, catalog)
            preview_import(store, document)
            import_document(store, document, Settings())
        except UserError as exc:
            message = str(exc)
            assert message and "\n" not in message and message.rstrip().endswith((".", ")")), message
            assert counts(store) == before
            outcomes["refused"] += 1
        else:
            outcomes["imported"] += 1
            with target.sessions.begin() as session:  # empty again, so the next file's records are all new
                for table in reversed(Base.metadata.sorted_tables):
                    session.execute(table.delete())

    try:
        check()
    finally:
        target.close()
        shutil.rmtree(folder, ignore_errors=True)
    assert outcomes["refused"] > 0 and outcomes["imported"] > 0
