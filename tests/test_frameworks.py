"""Frameworks are data: the built-ins load verbatim and malformed files are reported precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reflect.frameworks import (
    DEFAULT_FRAMEWORK_ID,
    FrameworkError,
    load_catalog,
    load_framework,
)
from reflect.resources import framework_dir

SOURCES = Path(__file__).resolve().parent / "data" / "sources"

VALID = """
id = "mini"
version = "1"
title = "Mini"
prompt = "Did I …?"
citation = "Nobody (2026)"
adaptation = "Scale is an adaptation."

[[scale]]
key = "yes"
label = "Yes"
points = 2
shortcuts = ["Y"]

[[scale]]
key = "na"
label = "Not applicable"
shortcuts = ["X"]

[[items]]
id = "a"
label = "A"
text = "do a"

[[items]]
id = "b"
label = "B"
text = "do b"

[[groupings]]
id = "g"
title = "Grouping"

[[groupings.groups]]
id = "one"
label = "One"
items = ["a"]
"""


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_both_builtin_frameworks_load_with_ten_items_and_2008_is_default() -> None:
    catalog = load_catalog()
    assert catalog.errors == []
    assert set(catalog.frameworks) >= {"ten-top-tips-2008", "ten-top-tips-2007"}
    assert catalog.default().id == DEFAULT_FRAMEWORK_ID == "ten-top-tips-2008"
    for framework in (catalog.frameworks["ten-top-tips-2008"], catalog.frameworks["ten-top-tips-2007"]):
        assert len(framework.items) == 10
        assert [o.label for o in framework.scale] == ["Yes", "Partly", "No", "Not applicable"]
        assert [o.points for o in framework.scale] == [2, 1, 0, None]
        assert "adaptation" in framework.adaptation
        grouping_ids = {g.id for g in framework.groupings}
        assert grouping_ids == {"hope-agency-opportunity", "refocus-domains"}


@pytest.mark.parametrize(
    ("framework_id", "source_name", "citation_part"),
    [("ten-top-tips-2008", "ten-top-tips-box6-2008", "Shepherd G, Boardman J, Slade M (2008)"),
     ("ten-top-tips-2007", "ten-top-tips-after-shepherd-2007", "Shepherd G (2007)")],
)
def test_item_wording_and_prompt_are_verbatim_from_the_source(framework_id: str, source_name: str, citation_part: str) -> None:
    seed = _normalise((SOURCES / f"{source_name}.txt").read_text(encoding="utf-8"))
    framework = load_catalog().frameworks[framework_id]
    for item in framework.items:
        assert _normalise(item.text) in seed, item.id
    assert _normalise(framework.prompt) in seed
    assert citation_part in framework.citation


def test_framework_files_are_found_in_the_resources_folder() -> None:
    assert (framework_dir() / "ten-top-tips-2008.toml").is_file()


def _write(tmp_path: Path, text: str, name: str = "fw.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_minimal_framework_loads(tmp_path: Path) -> None:
    framework = load_framework(_write(tmp_path, VALID))
    assert [i.id for i in framework.items] == ["a", "b"]
    assert framework.option_for_shortcut("y").key == "yes"
    assert framework.max_points == 2


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda t: t.replace('id = "b"', 'id = "a"'), "items[1].id", "duplicate id 'a'"),
        (lambda t: t.replace('items = ["a"]', 'items = ["zz"]'), "groupings[0].groups[0].items", "unknown item 'zz'"),
        (lambda t: t.replace('title = "Mini"\n', ""), "title", "is missing"),
        (lambda t: t.replace('text = "do a"', 'text = ""'), "items[0].text", "non-empty text"),
        (lambda t: t.replace("points = 2", "points = -1"), "scale[0].points", "whole number"),
        (lambda t: t.replace("points = 2\n", ""), "scale", "at least one option with points"),
        (lambda t: t.replace('shortcuts = ["X"]', 'shortcuts = ["y"]'), "scale[1].shortcuts", "already used"),
        (lambda t: t.replace('key = "na"', 'key = "yes"'), "scale[1].key", "duplicate key 'yes'"),
        (lambda t: t.replace("[[items]]", "[[itemz]]"), "items", "is missing"),
        (lambda t: t + "\n[[[broken", "(file)", "not valid TOML"),
    ],
)
def test_malformed_framework_names_file_field_and_problem(tmp_path: Path, change, field: str, problem: str) -> None:
    path = _write(tmp_path, change(VALID))
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    error = caught.value
    assert error.file == str(path)
    assert error.field == field
    assert problem in error.problem
    assert str(path) in str(error) and field in str(error)


def test_a_malformed_user_framework_is_reported_but_the_rest_still_load(tmp_path: Path) -> None:
    user_dir = tmp_path / "frameworks"
    user_dir.mkdir()
    _write(user_dir, VALID, "mini.toml")
    _write(user_dir, VALID.replace('id = "b"', 'id = "a"'), "broken.toml")
    _write(user_dir, VALID.replace('id = "mini"', 'id = "ten-top-tips-2008"'), "clash.toml")
    catalog = load_catalog(user_dir)
    assert "mini" in catalog.frameworks
    assert catalog.default().id == "ten-top-tips-2008"
    assert len(catalog.frameworks["ten-top-tips-2008"].items) == 10
    problems = {Path(e.file).name: e.problem for e in catalog.errors}
    assert "duplicate id" in problems["broken.toml"]
    assert "already defined" in problems["clash.toml"]


def test_citations_follow_the_source_documents_own_references() -> None:
    catalog = load_catalog()
    older, box6 = catalog.frameworks["ten-top-tips-2007"], catalog.frameworks["ten-top-tips-2008"]
    source = (SOURCES / "ten-top-tips-after-shepherd-2007.txt").read_text(encoding="utf-8")
    # the 2007 list is compiled from Shepherd (2007); a 2005 book cannot be where it was "given"
    assert older.citation.startswith("Compiled from Shepherd G (2007)")
    assert "As given in Wilken" not in older.citation
    # the briefing paper is dated 2009 in that source and 2008 elsewhere: both files say so alike
    assert "Shepherd G, Boardman J, Slade M (2009) Making recovery a reality" in source
    for framework in (older, box6):
        assert "2009" in framework.citation and "2008" in framework.citation


def test_both_versions_put_the_same_tips_under_opportunity_so_they_compare() -> None:
    catalog = load_catalog()
    groups = {
        f.id: {g.id: set(g.items) for grouping in f.groupings for g in grouping.groups}
        for f in (catalog.frameworks["ten-top-tips-2007"], catalog.frameworks["ten-top-tips-2008"])
    }
    assert groups["ten-top-tips-2007"]["opportunity"] == groups["ten-top-tips-2008"]["opportunity"]
    assert "extra-mile" in groups["ten-top-tips-2008"]["agency"]
    assert "extra-mile" in groups["ten-top-tips-2008"]["working-relationships"]
