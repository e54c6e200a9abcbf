"""A checklist cannot carry absurd points, and no score passes 100 % when its checklist is not installed here."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reflect import __version__, demo
from reflect.analytics import RatingTable, reflection_scores
from reflect.cli import main
from reflect.data.db import open_database
from reflect.exchange import export_json
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

BUILT_IN = (Path(__file__).parent.parent / "resources" / "frameworks" / "ten-top-tips-2007.toml").read_text(
    encoding="utf-8").replace('id = "ten-top-tips-2007"', 'id = "my-checklist"', 1)


def with_yes_worth(points: int) -> str:
    return BUILT_IN.replace('key = "yes"\nlabel = "Yes"\npoints = 2', f'key = "yes"\nlabel = "Yes"\npoints = {points}', 1)


def test_a_user_checklist_with_yes_worth_100_points_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "mine.toml").write_text(with_yes_worth(100), encoding="utf-8")
    catalog = load_catalog(folder)
    assert "my-checklist" not in catalog.frameworks
    assert any("from 0 to 10" in str(e) for e in catalog.errors)


def export_with_yes_worth(tmp_path: Path, points: int) -> Path:
    """An export of reflections on a checklist only the file describes, its Yes made worth ``points``."""
    source = DataPaths(tmp_path / "source")
    source.user_frameworks.mkdir(parents=True)
    (source.user_frameworks / "mine.toml").write_text(BUILT_IN, encoding="utf-8")
    mine = load_catalog(source.user_frameworks)
    database = open_database(source)
    try:
        store = ReflectionStore(database, mine)
        store.save_many(demo.generate(mine.get("my-checklist"), 6, date.today(), seed=3))
        export_json(store, mine, Settings(), tmp_path / "mine.json")
    finally:
        database.close()
    data: dict[str, Any] = json.loads((tmp_path / "mine.json").read_bytes())["data"]
    for framework in data["frameworks"]:
        for option in framework.get("scale", []):
            if option["key"] == "yes":
                option["points"] = points
    for reflection in data["reflections"]:
        for rating in reflection["ratings"]:
            if rating["choice"] == "yes":
                rating["points"] = points
    body = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    head = {"format": "reflect-export", "schema_version": 2, "app_version": __version__,
            "sha256": hashlib.sha256(body).hexdigest()}
    out = tmp_path / f"yes-{points}.json"
    out.write_bytes(json.dumps(head).encode()[:-1] + b',"data":' + body + b"}\n")
    return out


def test_an_export_describing_yes_worth_100_points_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(export_with_yes_worth(tmp_path, 100)), "--data-dir", str(tmp_path / "other")]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_scores_of_a_checklist_not_installed_here_stay_within_100_percent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    assert main(["import", str(export_with_yes_worth(tmp_path, 10)), "--data-dir", str(other)]) == 0
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "out.csv"), "--data-dir", str(other)]) == 0
    scores = [float(row["score_percent"]) for row in csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text()))
              if row["score_percent"]]
    assert scores and max(scores) <= 100.0
    catalog = load_catalog(DataPaths(other).user_frameworks)
    database = open_database(DataPaths(other))
    try:
        store = ReflectionStore(database, catalog)
        listed = [s.score.percent for s in store.list()]
        table = RatingTable.build(store.records(), catalog, catalog.default())
    finally:
        database.close()
    assert listed and all(p is None or p <= 100.0 for p in listed)
    trend = reflection_scores(table)  # what the PDF and the Trends page average
    assert sorted(np.round(trend, 1)) == sorted(scores)  # the same scores, all within 100 %
