"""The supervision PDF's per-tip and group figures, recomputed independently from a CSV export.

Nothing here uses Reflect's analytics: the CSV is read with the csv module, every figure is
worked out with plain arithmetic (Wilson interval for a tip, Student's t across session
means for a group, the t quantile found by integrating the t density), rounded as a reader
rounds, and looked for in the text of the PDF.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import replace
from datetime import date, timedelta

import pypdf
import pytest

from reflect import demo
from reflect.exchange import csv_text
from reflect.frameworks import load_catalog
from reflect.reports.pdf import ADAPTATION_NOTE
from reflect.reports.supervision import ReportRequest, build_supervision_report
from reflect.settings import Settings

START, END = date(2025, 1, 1), date(2025, 6, 30)
PREVIOUS = (START - timedelta(days=(END - START).days + 1), START - timedelta(days=1))
POINTS = {"Yes": 1.0, "Partly": 0.5, "No": 0.0}


def _round(value: float) -> int:
    return int(math.floor(100 * value + 0.5 + 1e-9))


def _wilson(successes: float, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, min(centre - half, p)), min(1.0, max(centre + half, p))


def _t_quantile(df: int) -> float:
    """The 97.5 % point of Student's t by bisection on a Simpson-integrated density."""
    const = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def cdf(x: float) -> float:
        steps = 2000
        h = x / steps
        total = sum((1 if i in (0, steps) else 4 if i % 2 else 2) * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2)
                    for i in range(steps + 1))
        return 0.5 + const * total * h / 3

    low, high = 1.0, 15.0
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle) < 0.975 else (low, middle)
    return (low + high) / 2


def _pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def made() -> tuple[list[dict[str, str]], list[str], object]:
    catalog = load_catalog()
    records = [replace(r, id=f"demo-{i:05d}") for i, r in
               enumerate(demo.generate(catalog.default(), 1650, END, seed=3))]
    data = build_supervision_report(records, catalog, Settings(), ReportRequest(START, END), generated=END)
    rows = list(csv.DictReader(io.StringIO(csv_text(records, catalog))))
    return rows, _pdf_text(data), catalog.default()


def _within(rows: list[dict[str, str]], start: date, end: date) -> list[dict[str, str]]:
    return [r for r in rows if start.isoformat() <= r["date"] <= end.isoformat()]


def test_every_tip_row_equals_a_recomputation_from_the_csv(made) -> None:
    rows, pages, framework = made
    now, before = _within(rows, START, END), _within(rows, *PREVIOUS)
    assert len(now) > 500
    page = next(p for p in pages if "Per-tip figures" in p)
    for item in framework.items:
        answers = [r[item.label] for r in now]
        yes, partly, no = (answers.count(a) for a in ("Yes", "Partly", "No"))
        na = answers.count("Not applicable")
        n = yes + partly + no
        rating = (yes + partly / 2) / n
        low, high = _wilson(yes + partly / 2, n)
        earlier = [POINTS[r[item.label]] for r in before if r[item.label] in POINTS]
        previous = sum(earlier) / len(earlier)
        change = _round(rating) - _round(previous)
        expected = (f"{item.label} {_round(yes / n)} % {yes} / {partly} / {no} {_round(rating)} % "
                    f"{_round(low)}–{_round(high)} % {n:,} {na:,} {_round(previous)} % "
                    + f"{'+' if change > 0 else '−' if change < 0 else ''}{abs(change)} point"
                    + ("" if abs(change) == 1 else "s"))
        assert expected in page, expected


def test_every_group_row_equals_a_recomputation_from_session_means(made) -> None:
    rows, pages, framework = made
    now = _within(rows, START, END)
    labels = {item.id: item.label for item in framework.items}
    text = " ".join(pages)
    for grouping in framework.groupings:
        for group in grouping.groups:
            means, yes_shares = [], []
            for row in now:
                points = [POINTS[row[labels[i]]] for i in group.items if row[labels[i]] in POINTS]
                if points:
                    means.append(sum(points) / len(points))
                    yes_shares.append(points.count(1.0) / len(points))
            n = len(means)
            mean = sum(means) / n
            sd = math.sqrt(sum((m - mean) ** 2 for m in means) / (n - 1))
            half = _t_quantile(n - 1) * sd / math.sqrt(n)
            yes = sum(yes_shares) / n  # Yes % beside the weighted rating, from the same sessions
            expected = (f"{_round(yes)} % {_round(mean)} % {_round(max(0.0, mean - half))}–"
                        f"{_round(min(1.0, mean + half))} % {n:,}")
            assert expected in text, (group.label, expected)


def test_the_adaptation_note_is_on_every_page_that_shows_a_score(made) -> None:
    _rows, pages, _framework = made
    note = " ".join(ADAPTATION_NOTE.split())
    scored = [p for p in pages if "%" in p or "score" in p.lower() or "rating" in p.lower()]
    assert len(scored) >= 4
    for page in scored:
        assert note in page


def test_no_reading_calls_a_self_rating_change_clear(made) -> None:
    _rows, pages, _framework = made
    text = " ".join(pages)
    assert "Clearly" not in text and "clear change" not in text
    assert "Higher (ranges don't overlap)" in text or "Lower (ranges don't overlap)" in text
    assert "not a validated measure or a performance grade" in text
    assert "assume each session is independent" in text


def test_prompts_quote_the_item_and_leave_room_for_not_applying(made) -> None:
    _rows, pages, framework = made
    prompts = next(p for p in pages if "Prompts for supervision" in p)
    assert "whether you" not in prompts
    quoted = [item for item in framework.items
              if f"The checklist asks: “did I {' '.join(item.text.split()).rstrip('?')}?”" in prompts]
    assert quoted  # the lowest and most-changed tips are quoted as the checklist words them
    assert "was it right not to" in prompts
