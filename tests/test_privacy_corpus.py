"""Recall and false alarms of the identifier scanner over a labelled corpus.

`tests/data/identifier_corpus.json` holds synthetic sentences written like reflections:
each with the identifiers it contains (kind and exact text), and many with none at all,
chosen to be hard: clinical prose with capitalised words, drug names, scores, "the ward",
"Mr" without a name, relatives without names, services and guidelines named after places.
An identifier counts as found when a finding of its kind overlaps it; any other finding is a
false alarm. Run with `-rP` to see the figures and every miss and false alarm.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from reflect.privacy import KIND_LABELS, check_text, scan

CORPUS = json.loads((Path(__file__).parent / "data" / "identifier_corpus.json").read_text(encoding="utf-8"))
TODAY = date(2025, 6, 1)
MIN_RECALL = 0.95
MAX_FALSE_ALARM_RATE = 0.02


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    sentences: int = 0
    false_alarm_sentences: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarm_sentences / self.sentences


def evaluate(entries: list[dict[str, object]]) -> Score:
    score = Score()
    for entry in entries:
        text = str(entry["text"])
        findings = scan(text, today=TODAY)
        matched: set[int] = set()
        for kind, identifier in entry["expect"]:  # type: ignore[attr-defined]
            start = text.index(identifier)
            end = start + len(identifier)
            score.expected += 1
            hits = [i for i, f in enumerate(findings) if f.kind == kind and f.start < end and start < f.end]
            matched.update(hits)
            if hits:
                score.found += 1
            else:
                score.misses.append(f"{kind}: {text}")
        score.sentences += 1
        spurious = [f for i, f in enumerate(findings) if i not in matched]
        if spurious:
            score.false_alarm_sentences += 1
            score.alarms.append(f"{', '.join(f'{f.kind} {f.text!r}' for f in spurious)}: {text}")
    return score


def test_corpus_is_large_labelled_and_balanced() -> None:
    positives = [e for e in CORPUS if e["expect"]]
    kinds = {kind for e in positives for kind, _ in e["expect"]}
    assert len(CORPUS) >= 200
    assert len(CORPUS) - len(positives) >= 100  # hard negatives, not only sentences crafted to pass
    assert kinds <= set(KIND_LABELS)
    assert {"titled_name", "relative_name", "hospital_number", "street_address", "ward_name", "hospital_name",
            "chi_number", "nhs_number", "postcode", "phone_number", "email_address", "date_of_birth"} <= kinds


def test_recall_and_false_alarm_rate_over_the_corpus() -> None:
    score = evaluate(CORPUS)
    report = (
        f"recall {score.recall:.1%} ({score.found}/{score.expected}), "
        f"false alarms in {score.false_alarm_rate:.1%} of sentences ({score.false_alarm_sentences}/{score.sentences})"
    )
    print(report)
    print("missed:", *score.misses, sep="\n  ")
    print("false alarms:", *score.alarms, sep="\n  ")
    assert score.recall >= MIN_RECALL, report
    assert score.false_alarm_rate <= MAX_FALSE_ALARM_RATE, report


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Seen with Mrs Patel today.", "Name with a title"),
        ("Her son Tom came too.", "Relative's name"),
        ("RiO 1234567 on the letter.", "Hospital number"),
        ("Visited 12 Elm Road.", "Street address"),
        ("Moved to Oak Ward.", "Ward name"),
        ("Taken to St Thomas' Hospital.", "Hospital name"),
    ],
)
def test_check_text_reports_the_new_kinds_by_name(text: str, label: str) -> None:
    code, lines = check_text(text)
    assert code == 1
    assert [line.split(",")[0] for line in lines] == [label]
