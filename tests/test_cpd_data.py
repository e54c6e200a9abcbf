"""Templates, codes and schemes are data files, validated with precise errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reflect.cpd_data import (
    ACCOUNT_PROMPT_IDS,
    load_code,
    load_cpd_catalog,
    load_scheme,
    load_template,
)
from reflect.frameworks import FrameworkError
from reflect.resources import resource_dir

TEMPLATE = """
id = "mini"
title = "Mini"
source = "Nobody (2026)"

[[sections]]
id = "a"
label = "A"
prompt = "What about a?"
account = "nature"
"""

SCHEME = """
id = "mini"
title = "Mini scheme"
source = "Nobody (2026)"
cycle_years = 3
unit = "hours"
credits_per_hour = 1.0
code = "nmc-code"

[[targets]]
id = "hours"
label = "Hours"
measure = "cpd_total"
amount = 35
per = "cycle"
source = { document = "Nobody (2026)", paragraph = "Para 1", checked = 2026-11-30 }
"""


def test_builtin_templates_codes_and_schemes_load() -> None:
    catalog = load_cpd_catalog()
    assert [s.label for s in catalog.templates["what-so-what-now-what"].sections] == ["What?", "So what?", "Now what?"]
    assert [s.label for s in catalog.templates["gibbs"].sections] == [
        "Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan",
    ]
    assert [t.label for t in catalog.codes["nmc-code"].themes] == [
        "Prioritise people", "Practise effectively", "Preserve safety", "Promote professionalism and trust",
    ]
    assert len(catalog.codes["gmc-gmp"].themes) == 4
    nmc = catalog.schemes["nmc"]
    assert nmc.cycle_years == 3 and nmc.unit == "hours"
    assert {t.measure: t.amount for t in nmc.targets} == {
        "cpd_total": 35, "cpd_participatory": 20, "reflective_accounts": 5, "reflective_discussions": 1,
        "practice_hours": 450, "practice_feedback": 5, "confirmation": 1,
    }
    for scheme in catalog.schemes.values():  # every rule says where it comes from
        for target in scheme.targets:
            assert target.source.document and target.source.paragraph and target.source.checked.year >= 2026
    assert tuple(p[0] for p in catalog.account_prompts()) == ACCOUNT_PROMPT_IDS
    assert catalog.theme_label("nmc-code:preserve-safety") == "Preserve safety"
    assert catalog.theme_label("gone:theme") == "gone:theme"


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (('id = "mini"', ""), "id", "is missing"),
        (('title = "Mini"', 'title = ""'), "title", "must be non-empty text"),
        (('prompt = "What about a?"', "prompt = 3"), "sections[0].prompt", "must be non-empty text"),
        (('account = "nature"', 'account = "elsewhere"'), "sections[0].account", "must be one of"),
        (('account = "nature"', 'account = "nature"\n\n[[sections]]\nid = "a"\nlabel = "B"\nprompt = "b"'),
         "sections[1].id", "duplicate id 'a'"),
        (("[[sections]]", "sections = 1\n[[other]]"), "sections", "must be a list of tables"),
        (('title = "Mini"', 'title = "Mini'), "(file)", "is not valid TOML"),
    ],
)
def test_malformed_template_names_file_field_and_problem(
    tmp_path: Path, change: tuple[str, str], field: str, problem: str
) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(TEMPLATE.replace(*change, 1), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_template(path)
    assert caught.value.file == str(path)
    assert caught.value.field == field
    assert problem in caught.value.problem


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (("cycle_years = 3", "cycle_years = 2.5"), "cycle_years", "must be a whole number above 0"),
        (("cycle_years = 3", "cycle_years = 0"), "cycle_years", "must be a whole number above 0"),
        (('unit = "hours"', 'unit = "points"'), "unit", "must be one of hours, credits, not 'points'"),
        (('code = "nmc-code"', 'code = "hpc"'), "code", "refers to unknown code 'hpc'"),
        (('measure = "cpd_total"', 'measure = "hours"'), "targets[0].measure", "must be one of"),
        (("amount = 35", "amount = -1"), "targets[0].amount", "must be a number above 0"),
        (("amount = 35", "amount = true"), "targets[0].amount", "must be a number above 0"),
        (('per = "cycle"', 'per = "month"'), "targets[0].per", "must be one of cycle, year"),
        (("[[targets]]", "targets = []\n[[x]]"), "targets", "must not be empty"),
        (('source = { document', 'x = { document'), "targets[0].source", "is missing"),
        (("checked = 2026-11-30", 'checked = "last week"'), "targets[0].source.checked", "must be a date"),
        (('paragraph = "Para 1", ', ""), "targets[0].source.paragraph", "is missing"),
        (
            ("[[targets]]", '[[account_prompts]]\nid = "learned"\ntext = "What?"\n\n[[targets]]'),
            "account_prompts",
            "must have the ids nature, learned, changed, relevance in order",
        ),
    ],
)
def test_malformed_scheme_names_file_field_and_problem(
    tmp_path: Path, change: tuple[str, str], field: str, problem: str
) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(SCHEME.replace(*change, 1), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_scheme(path, {"nmc-code"})
    assert (caught.value.file, caught.value.field) == (str(path), field)
    assert problem in caught.value.problem


def test_malformed_code_and_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "code.toml"
    path.write_text('id = "c"\ntitle = "C"\nsource = "S"\n[[themes]]\nlabel = "No id"\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"themes\[0\]\.id: is missing"):
        load_code(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(FrameworkError, match="is not UTF-8 text"):
        load_code(path)


def test_a_changed_target_in_a_copied_resource_folder_is_used(tmp_path: Path) -> None:
    root = tmp_path / "resources"
    shutil.copytree(resource_dir() / "templates", root / "templates")
    shutil.copytree(resource_dir() / "schemes", root / "schemes")
    nmc = root / "schemes" / "nmc.toml"
    nmc.write_text(nmc.read_text(encoding="utf-8").replace("amount = 35", "amount = 40"), encoding="utf-8")
    catalog = load_cpd_catalog(root)
    assert next(t for t in catalog.schemes["nmc"].targets if t.id == "cpd-hours").amount == 40
    (root / "schemes" / "copy.toml").write_text(nmc.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FrameworkError, match="'nmc' is defined twice"):
        load_cpd_catalog(root)
