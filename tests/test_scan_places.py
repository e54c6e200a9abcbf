"""Every text that leaves Reflect goes through the one scan_fields: CSV export with text, and the
text gate of the supervision report, each naming the places, never the identifiers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reflect import demo
from reflect.exchange import identifier_findings
from reflect.frameworks import FrameworkCatalog
from reflect.privacy import ScannerConfig
from reflect.reports.supervision import check_included
from reflect.settings import Settings


def _records(catalog: FrameworkCatalog, count: int = 3) -> list:
    return list(demo.generate(catalog.default(), count, date(2026, 6, 30), seed=3))


def test_csv_check_scans_tags_text_and_every_note(catalog: FrameworkCatalog) -> None:
    first, second, third = _records(catalog)
    ratings = list(second.ratings)
    ratings[0] = replace(ratings[0], note="her son Tom joined")
    ratings[1] = replace(ratings[1], note="then Dr Okafor")
    records = [
        replace(first, text="A calm review.", tags=("Oak Ward",)),
        replace(second, text="A calm review.", ratings=tuple(ratings)),
        replace(third, text="A calm review.", tags=()),
    ]
    problems = identifier_findings(records, ScannerConfig())
    assert len(problems) == 2
    assert problems[0].endswith("(Ward name)")
    assert problems[1].endswith("(Name with a title, Relative's name)")
    assert all("Tom" not in p and "Okafor" not in p for p in problems)


def test_supervision_text_gate_names_each_place_once(catalog: FrameworkCatalog) -> None:
    [record] = _records(catalog, 1)
    ratings = list(record.ratings)
    ratings[0] = replace(ratings[0], note="Mrs Patel")
    ratings[1] = replace(ratings[1], note="Mr Singh")
    record = replace(record, text="Seen on Ward 7.", ratings=tuple(ratings))
    labels = {ratings[0].item_id: "First", ratings[1].item_id: "Second"}
    [problem] = check_included([record], Settings(), labels)
    assert problem.kinds == ("Ward name", "Name with a title")
    assert problem.places == ("text", "note on First", "note on Second")
