"""Supervision report PDF: numbers equal the analytics the Trends page shows; private text only if ticked and clean."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from reflect import analytics, demo
from reflect.analytics import RatingTable, TrendFilter
from reflect.cli import main
from reflect.data.private_data import store_private
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.paths import DataPaths
from reflect.privacy import mod11_check_digit
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.reports.supervision import (
    FOOTER,
    IdentifiersFound,
    ReportError,
    ReportRequest,
    bin_size,
    build_supervision_report,
    load_records,
    write_supervision_report,
)
from reflect.settings import Settings, save_settings
from reflect.vocabulary import CONTACT_TYPES, SETTINGS

TODAY = date(2025, 6, 30)
START, END = date(2025, 1, 1), date(2025, 6, 30)
PRIVATE_TEXT = "Talked through the allotment plan and the walking group at length."


def _nhs_number() -> str:
    """A number in the NHS test range (999…) with a valid modulus-11 check digit, written 3-3-4."""
    first_nine = next(f"999000{n:03d}" for n in range(1000) if mod11_check_digit(f"999000{n:03d}") is not None)
    digits = first_nine + str(mod11_check_digit(first_nine))
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def _pages(data: bytes, password: str | None = None) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password is not None:
        assert reader.decrypt(password)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


@pytest.fixture(scope="module")
def module_catalog() -> FrameworkCatalog:
    return load_catalog()


@pytest.fixture(scope="module")
def records(module_catalog: FrameworkCatalog) -> list[ReflectionRecord]:
    """About 15 months of demo reflections ending on TODAY, with stable ids, plus one with private text."""
    generated = [replace(r, id=f"demo-{i:05d}") for i, r in
                 enumerate(demo.generate(module_catalog.default(), 1650, TODAY, seed=3))]
    generated[-40] = replace(generated[-40], id="private-one", text=PRIVATE_TEXT)
    return generated


def _settings(**values: object) -> Settings:
    return Settings(practitioner_name="Dr Sam Example", practitioner_role="Community mental health nurse", **values)


def _trends_board(records: list[ReflectionRecord], catalog: FrameworkCatalog, flt: TrendFilter | None = None):
    """What the Trends page computes for the same range: all complete reflections, filtered, then the range."""
    table = RatingTable.build(records, catalog, catalog.default()).where(flt or TrendFilter())
    return analytics.dashboard(table, START, END, bin_size(START, END))


def test_period_counts_and_tip_rates_equal_the_analytics(records, module_catalog) -> None:
    data = build_supervision_report(records, module_catalog, _settings(), ReportRequest(START, END), generated=TODAY)
    pages = _pages(data)
    text = " ".join(pages)
    board = _trends_board(records, module_catalog)
    assert len(board.table) > 500

    assert "Wed 1 Jan 2025 – Mon 30 Jun 2025 (181 days)" in pages[0]
    assert "Dr Sam Example" in pages[0] and "Community mental health nurse" in pages[0]
    assert f"{len(board.table):,} complete reflections in the period" in pages[0]
    framework = module_catalog.default()
    assert framework.title in pages[0] and "Reflect’s adaptation" in pages[0]

    for key, count in Counter(board.table.setting.tolist()).items():
        assert f"{SETTINGS[key]} {count:,} {_percent(count / len(board.table))}" in text
    for key, count in Counter(board.table.contact_type.tolist()).items():
        assert f"{CONTACT_TYPES[key]} {count:,} {_percent(count / len(board.table))}" in text

    tips_page = next(page for page in pages if "Per-tip figures" in page)
    assert "95 % ranges of the two periods do not overlap" in tips_page
    for change in board.comparison:
        rate = board.overall[change.tip.id]
        assert f"{change.tip.label} " in tips_page and f"{rate.n:,} {rate.na:,} {_percent(change.before.mean)}" in tips_page
        if change.flagged:
            assert ("Higher" if change.status == "up" else "Lower") + " (ranges don't overlap)" in tips_page
    assert any(change.flagged for change in board.comparison)  # demo tips improve: the rule is exercised

    scores = board.scores
    assert f"average reflection score was {float(scores.mean()):.0f} %" in text
    for entry in board.highlights.development:
        assert f"{entry.tip.label}: Yes " in text
        sessions = f"{entry.rate.n:,} session" + ("" if entry.rate.n == 1 else "s")
        assert f"rating {_percent(entry.rate.mean)} ({sessions})" in text


def test_filters_narrow_every_number(records, module_catalog) -> None:
    flt = TrendFilter(setting="community")
    data = build_supervision_report(records, module_catalog, _settings(), ReportRequest(START, END, flt),
                                    generated=TODAY)
    pages = _pages(data)
    board = _trends_board(records, module_catalog, flt)
    assert "Only sessions with setting Community / home visit" in pages[0]
    assert f"{len(board.table):,} complete reflections in the period" in pages[0]
    tips_page = next(page for page in pages if "Per-tip figures" in page)
    first = board.comparison[0]
    rate = board.overall[first.tip.id]
    assert f"{_percent(rate.mean)} {rate.n:,} " not in tips_page  # not the unfiltered figures
    assert f"{first.tip.label} " in tips_page and f" {rate.n:,} {rate.na:,} " in tips_page


def test_pages_are_numbered_with_footer_and_metadata(records, module_catalog) -> None:
    data = build_supervision_report(records, module_catalog, _settings(), ReportRequest(START, END), generated=TODAY)
    pages = _pages(data)
    assert 4 <= len(pages) <= 8
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"{FOOTER} on Mon 30 Jun 2025" in page
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title == "Supervision report, Wed 1 Jan 2025 – Mon 30 Jun 2025, Dr Sam Example"
    assert reader.metadata.author == "Dr Sam Example"
    prompts = next(page for page in pages if "Prompts for supervision" in page)
    lowest = _trends_board(records, module_catalog).highlights.development[0]
    item = module_catalog.default().item(lowest.tip.id)
    assert item is not None and " ".join(item.text.split()) in prompts  # the checklist's own wording


def test_empty_period_says_so(records, module_catalog) -> None:
    request = ReportRequest(date(2020, 1, 1), date(2020, 3, 31))
    pages = _pages(build_supervision_report(records, module_catalog, _settings(), request, generated=TODAY))
    assert len(pages) == 2
    assert "0 complete reflections in the period" in pages[0]
    assert "No reflections in this period" in pages[1]


def test_no_records_at_all_still_makes_a_report(module_catalog) -> None:
    pages = _pages(build_supervision_report([], module_catalog, Settings(), ReportRequest(START, END)))
    assert "Not entered in Settings" in pages[0]
    assert "No reflections in this period" in pages[1]


def test_focus_tip_before_and_after(records, module_catalog) -> None:
    tip = module_catalog.default().items[-1]
    settings = _settings(focus_tip=tip.id, focus_start=date(2025, 4, 1))
    pages = _pages(build_supervision_report(records, module_catalog, settings, ReportRequest(START, END)))
    table = RatingTable.build(records, module_catalog, module_catalog.default())
    after_days = (END - date(2025, 4, 1)).days + 1
    window = table.between(date(2025, 4, 1) - timedelta(days=after_days), END)
    result = analytics.focus(window, tip.id, date(2025, 4, 1))
    text = " ".join(pages)
    assert f"{tip.label}, the focus since Tue 1 Apr 2025" in text
    assert result.before.describe() in text and result.after.describe() in text


def test_private_text_only_when_ticked(records, module_catalog) -> None:
    plain = " ".join(_pages(build_supervision_report(records, module_catalog, _settings(), ReportRequest(START, END))))
    assert PRIVATE_TEXT not in plain and "Private reflection text is not included" in plain
    ticked = build_supervision_report(records, module_catalog, _settings(),
                                      ReportRequest(START, END, include_ids=("private-one",)))
    text = " ".join(_pages(ticked))
    assert PRIVATE_TEXT in text
    assert "Reflections included by the practitioner" in text
    other = next(r for r in records if r.id == "demo-01000")
    assert other.text not in text.split("Reflections included by the practitioner")[1]


def test_ticked_reflection_with_an_identifier_refuses(records, module_catalog, tmp_path) -> None:
    number = _nhs_number()
    risky = [replace(r, text=f"{r.text} Seen with NHS {number} today.") if r.id == "private-one" else r
             for r in records]
    with pytest.raises(IdentifiersFound) as caught:
        build_supervision_report(risky, module_catalog, _settings(), ReportRequest(START, END,
                                                                                   include_ids=("private-one",)))
    message = str(caught.value)
    assert "NHS number" in message and "in its text" in message
    assert number not in message and number.replace(" ", "") not in message
    assert "\n" not in message and [p.reflection_id for p in caught.value.problems] == ["private-one"]
    # not ticked: the report is made and the number is nowhere in it
    text = " ".join(_pages(build_supervision_report(risky, module_catalog, _settings(), ReportRequest(START, END))))
    assert number not in text


def test_identifier_in_a_note_or_a_listed_name_refuses(records, module_catalog) -> None:
    target = next(r for r in records if r.id == "private-one")
    noted = replace(target, ratings=(RatingEntry(target.ratings[0].item_id, target.ratings[0].choice,
                                                 target.ratings[0].points, "call back on 07700 900123"),
                                     *target.ratings[1:]))
    changed = [noted if r.id == "private-one" else r for r in records]
    with pytest.raises(IdentifiersFound, match="Phone number in its note on"):
        build_supervision_report(changed, module_catalog, _settings(),
                                 ReportRequest(START, END, include_ids=("private-one",)))
    with pytest.raises(IdentifiersFound, match="Name in its text"):
        build_supervision_report(records, module_catalog, _settings(identifier_names=["Walking Group"]),
                                 ReportRequest(START, END, include_ids=("private-one",)))


def test_include_outside_the_period_and_backwards_dates_refuse(records, module_catalog) -> None:
    with pytest.raises(ReportError, match="not among this report's reflections"):
        build_supervision_report(records, module_catalog, _settings(),
                                 ReportRequest(START, END, include_ids=("demo-00001",)))
    with pytest.raises(ReportError, match="starts .* after it ends"):
        ReportRequest(END, START)


def test_password_protects_the_pdf(records, module_catalog) -> None:
    data = build_supervision_report(records, module_catalog, _settings(), ReportRequest(START, END, password="s3cret"))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert not reader.decrypt("wrong")
    assert "Supervision report" in _pages(data, "s3cret")[0]


# ---------------------------------------------------------------- writing and the command line


@pytest.fixture
def filled(store: ReflectionStore, paths: DataPaths, module_catalog: FrameworkCatalog) -> ReflectionStore:
    today = date.today()
    store.save_many(demo.generate(module_catalog.default(), 600, today, seed=5))
    save_settings(paths.settings, _settings())
    store_private(_settings(), store.database)  # the practitioner's name and role live in the database
    return store


def test_write_loads_only_what_it_needs_and_writes_atomically(filled, paths, module_catalog, tmp_path) -> None:
    end = date.today()
    request = ReportRequest(end - timedelta(days=90), end)
    loaded = load_records(filled, request, _settings())
    assert loaded and min(r.occurred_at.date() for r in loaded) >= end - timedelta(days=182)
    out = tmp_path / "report.pdf"
    write_supervision_report(out, filled, module_catalog, _settings(), request)
    assert out.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*.part"))


def test_write_refuses_identifiers_and_leaves_no_file(filled, module_catalog, tmp_path) -> None:
    end = date.today()
    saved = filled.save(ReflectionRecord(
        occurred_at=datetime.combine(end, datetime.min.time()), duration_min=30, setting="outpatient",
        contact_type="review", modality="in-person", framework_id=module_catalog.default().id,
        framework_version=module_catalog.default().version, text=f"NHS no. {_nhs_number()}"))
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(IdentifiersFound):
        write_supervision_report(folder / "report.pdf", filled, module_catalog, _settings(),
                                 ReportRequest(end - timedelta(days=30), end, include_ids=(saved.id or "",)))
    assert list(folder.iterdir()) == []


def test_cli_writes_the_report(filled, paths, tmp_path, capsys) -> None:
    end = date.today()
    out = tmp_path / "supervision.pdf"
    code = main(["report", "supervision", "--from", (end - timedelta(days=60)).isoformat(), "--to", end.isoformat(),
                 "--setting", "outpatient", "--out", str(out), "--data-dir", str(paths.root)])
    assert code == 0
    assert f"to {out}" in capsys.readouterr().out
    pages = _pages(out.read_bytes())
    assert "Only sessions with setting Outpatient clinic" in pages[0] and "Dr Sam Example" in pages[0]


def test_cli_password_from_the_environment(filled, paths, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_REPORT_PASSWORD", "pa55")
    out = tmp_path / "locked.pdf"
    end = date.today()
    assert main(["report", "supervision", "--from", (end - timedelta(days=30)).isoformat(), "--to", end.isoformat(),
                 "--password", "--out", str(out), "--data-dir", str(paths.root)]) == 0
    assert pypdf.PdfReader(out).is_encrypted and "Page 1 of" in _pages(out.read_bytes(), "pa55")[0]


def _report(arguments: list[str], paths: DataPaths, tmp_path: Path) -> list[str]:
    args = [a.replace("{tmp}", str(tmp_path)) for a in arguments]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "r.pdf")]
    return ["report", "supervision", *args, "--data-dir", str(paths.root)]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--from", "2025-02-30", "--to", "2025-03-31"], "needs a date as YYYY-MM-DD"),
        (["--from", "soon", "--to", "2025-03-31"], "needs a date as YYYY-MM-DD"),
        (["--from", "2025-01-01", "--to", "2025-03-31", "--setting", "moon"], "invalid choice"),
        (["--from", "2025-01-01"], "required: --to"),
    ],
)
def test_cli_usage_errors_are_one_line(arguments, expected, paths, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(_report(arguments, paths, tmp_path))
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1
    assert not (tmp_path / "r.pdf").exists() and not paths.database.exists()


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--from", "2025-04-01", "--to", "2025-03-31"], "after it ends"),
        (["--from", "2025-01-01", "--to", "2025-03-31", "--out", "{tmp}/missing/r.pdf"], "does not exist"),
        (["--from", "2025-01-01", "--to", "2025-03-31", "--out", "{tmp}"], "is a folder"),
        (["--from", "2025-01-01", "--to", "2025-03-31", "--out", "{tmp}/r.txt"], "does not end in .pdf"),
    ],
)
def test_cli_request_errors_are_one_line_and_touch_nothing(arguments, expected, paths, tmp_path: Path,
                                                           capsys) -> None:
    assert main(_report(arguments, paths, tmp_path)) == 1
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists() and not paths.database.exists()
