"""The ImROC organisational challenges: verbatim wording, its citation, an adapted scale and a quarterly cadence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reflect.frameworks import FrameworkError, load_catalog, load_framework

SOURCE = Path(__file__).resolve().parent / "data" / "sources" / "imroc-ten-organisational-challenges.txt"
VALID = Path(__file__).resolve().parents[1] / "resources" / "frameworks" / "imroc-organisational-challenges.toml"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_ten_challenges_are_verbatim_in_box_order() -> None:
    source = SOURCE.read_text(encoding="utf-8")
    numbered = dict(re.findall(r"^\s*(\d+)\.\s+(.+?)\s*$", source, flags=re.M))
    framework = load_catalog().frameworks["imroc-organisational-challenges"]
    assert [_normalise(i.text) for i in framework.items] == [_normalise(numbered[str(n)]) for n in range(1, 11)]


def test_the_citation_names_the_box_and_source_the_excerpt_names() -> None:
    source = _normalise(SOURCE.read_text(encoding="utf-8"))
    framework = load_catalog().frameworks["imroc-organisational-challenges"]
    box = re.search(r"Box 1\. (Ten key organisational challenges)\.", source)
    credit = re.search(r"Source: (Sainsbury Centre for Mental Health \(2009\))\.", source)
    assert box and credit
    assert f"Box 1, ‘{box.group(1)}’" in framework.citation
    assert framework.citation.startswith(credit.group(1))
    assert "International Psychiatry 9(1): 6–8" in framework.citation


def test_the_scale_is_labelled_as_reflects_adaptation_and_the_cadence_is_quarterly() -> None:
    catalog = load_catalog()
    framework = catalog.frameworks["imroc-organisational-challenges"]
    assert "Reflect’s adaptation" in framework.adaptation
    for option in framework.scale:
        assert option.label in framework.adaptation
    assert framework.cadence == "quarterly" and framework.periodic
    assert catalog.frameworks["ten-top-tips-2008"].cadence == "session"
    assert not catalog.frameworks["ten-top-tips-2008"].periodic


def test_an_unknown_cadence_is_reported_precisely(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(VALID.read_text(encoding="utf-8").replace('cadence = "quarterly"', 'cadence = "fortnightly"'),
                   encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        load_framework(bad)
    assert "cadence" in str(raised.value) and "quarterly" in str(raised.value)
