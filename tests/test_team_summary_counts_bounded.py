"""A team summary claiming 10^30 sessions is refused in one sentence, not pooled into the table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reflect import demo
from reflect.cli import main
from reflect.data.db import open_database
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from reflect.supervision.document import SupervisionFileError
from reflect.supervision.team import read_team_summary, write_team_summary


@pytest.mark.parametrize("count", [10**30, 10_001])
def test_an_absurd_count_is_refused(tmp_path: Path, count: int) -> None:
    paths = DataPaths(tmp_path / "data")
    catalog = load_catalog()
    database = open_database(paths)
    try:
        ReflectionStore(database, catalog).save_many(demo.generate(catalog.default(), 12, date(2026, 11, 27), seed=2))
    finally:
        database.close()
    out = tmp_path / "team.json"
    assert main(["--data-dir", str(paths.root), "export", "--format", "team-summary", "--display-name", "N",
                 "--out", str(out)]) == 0
    assert read_team_summary(out).weeks  # the honest file is read
    data = json.loads(out.read_text(encoding="utf-8"))["data"]
    data["weeks"][0]["sessions"] = count
    forged = write_team_summary(tmp_path / "forged.json", data)  # a matching checksum, as a forger would make
    with pytest.raises(SupervisionFileError, match="is more than 10,000"):
        read_team_summary(forged)
