"""Calendar import is bounded: window, sub-daily series, caps per series / in total / on time / on size."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reflect import calendar_import
from reflect.calendar_import import CalendarError, parse_calendar, read_calendar_file

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 3, 20, 8, 0)
LONDON = ZoneInfo("Europe/London")


def event(uid: str, start: str, end: str | None, *lines: str, summary: str = "Outpatient clinic") -> str:
    body = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", f"DTSTART{start}"]
    if end is not None:
        body.append(f"DTEND{end}")
    return "\r\n".join([*body, f"SUMMARY:{summary}", *lines, "END:VEVENT"])


def calendar(*parts: str, extra: str = "") -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Reflect tests//EN"]
    return "\r\n".join([*head, *parts, *([extra] if extra else []), "END:VCALENDAR", ""])


@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=1", "FREQ=HOURLY",
                                  "FREQ=DAILY;BYHOUR=9,10,11", "FREQ=WEEKLY;BYMINUTE=0,30"])
def test_series_more_frequent_than_daily_are_skipped_and_counted(rule: str) -> None:
    text = calendar(
        event("fast@test", ":20250101T090000", ":20250101T091000", f"RRULE:{rule}"),
        event("clinic@test", ":20250324T090000", ":20250324T100000"),
    )
    parsed = parse_calendar(text, NOW)
    assert [s.start for s in parsed.sessions] == [datetime(2025, 3, 24, 9)]
    assert parsed.notes() == ["1 recurring event repeating more often than daily was skipped."]


def test_hostile_recurrences_finish_quickly_from_the_command_line(tmp_path: Path) -> None:
    """Before: minutes and a gigabyte. The CLI runs in its own process so a hang fails the test."""
    ics = tmp_path / "hostile.ics"
    ics.write_text(calendar(
        event("s@test", ":20000101T090000", ":20000101T090001", "RRULE:FREQ=SECONDLY"),
        event("m@test", ":19900101T090000", ":19900101T090100", "RRULE:FREQ=MINUTELY"),
        event("c@test", ":20250301T090000", ":20250301T100000", "RRULE:FREQ=DAILY;COUNT=1000000000"),
    ), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reflect", "calendar", "import", str(ics)], cwd=ROOT,
                          env=dict(os.environ, REFLECT_HOME=str(tmp_path / "data")), capture_output=True,
                          text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    assert "2 recurring events repeating more often than daily were skipped." in done.stdout
    today = date.today()  # the daily series is expanded only inside the window around today
    expected = (today + timedelta(days=calendar_import.FUTURE_DAYS) - max(date(2025, 3, 1),
                today - timedelta(days=calendar_import.PAST_DAYS))).days
    assert f"{expected} expected sessions" in done.stdout


def test_a_series_is_cut_at_its_cap_and_the_import_says_so() -> None:
    days = [(date(2025, 3, 1) + timedelta(days=n)).strftime("%Y%m%d") for n in range(300)]
    dates = ",".join(f"{day}T{hour}" for day in days for hour in ("090000", "150000"))  # twice a day, listed
    text = calendar(event("many@test", ":20250301T090000", ":20250301T100000", f"RDATE:{dates}"))
    parsed = parse_calendar(text, NOW)
    assert len(parsed.sessions) == calendar_import.MAX_PER_SERIES == 500
    assert parsed.notes() == [
        "1 recurring event had more than 500 occurrences in the import window; only the first 500 of each were imported."
    ]


def test_the_total_cap_and_the_time_budget_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_import, "MAX_SESSIONS", 10)
    singles = [event(f"{n}@test", f":202503{n + 1:02}T090000", f":202503{n + 1:02}T100000") for n in range(15)]
    parsed = parse_calendar(calendar(*singles), NOW)
    assert len(parsed.sessions) == 10
    assert parsed.notes() == ["The calendar holds more than 10 sessions in the import window; 5 more were left out."]
    monkeypatch.setattr(calendar_import, "EXPANSION_BUDGET_S", -1.0)
    series = calendar(event("w@test", ":20250303T090000", ":20250303T100000", "RRULE:FREQ=WEEKLY;COUNT=4"))
    parsed = parse_calendar(series, NOW)
    assert parsed.sessions == []
    assert parsed.notes() == ["1 recurring event could not be expanded within -1 seconds and was skipped."]


def test_only_the_documented_window_is_expanded() -> None:
    text = calendar(event("weekly@test", ":20200106T090000", ":20200106T100000", "RRULE:FREQ=WEEKLY"))
    starts = [s.start.date() for s in parse_calendar(text, NOW).sessions]
    assert min(starts) >= NOW.date() - timedelta(days=calendar_import.PAST_DAYS)
    assert max(starts) <= NOW.date() + timedelta(days=calendar_import.FUTURE_DAYS)
    assert len(starts) == 57  # weekly Mondays from 17 February 2025 to 16 March 2026


def test_files_over_the_size_cap_and_special_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.ics"
    with open(big, "wb") as handle:
        handle.truncate(calendar_import.MAX_FILE_BYTES + 1)
    with pytest.raises(CalendarError, match="larger than 20 MB"):
        read_calendar_file(big)
    with pytest.raises(CalendarError, match="larger than 20 MB"):
        parse_calendar(b" " * (calendar_import.MAX_FILE_BYTES + 1), NOW)
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    with pytest.raises(CalendarError, match="named pipe"):
        read_calendar_file(fifo)


# the fast reader and icalendar must agree on every ordinary event
ORDINARY = (
    event("utc@test", ":20250324T140000Z", ":20250324T145000Z", summary="Ward round"),
    event("floating@test", ":20250324T090000", None, "DURATION:PT50M", summary="Home visit"),
    event("zone@test", ";TZID=Europe/London:20250401T090000", ";TZID=Europe/London:20250401T093000"),
    event("allday@test", ";VALUE=DATE:20250325", ";VALUE=DATE:20250326", summary="Annual leave"),
    event("instant@test", ":20250325T120000", None, summary="Call back"),
    event("gone@test", ":20250326T090000", ":20250326T100000", "STATUS:CANCELLED"),
    event("named@test", ":20250327T090000", ":20250327T100000", summary="Cancelled: clinic"),
    event("escaped@test", ":20250328T090000", ":20250328T100000", "CATEGORIES:Crisis\\, liaison",
          summary="Review\\; A&E"),
    "\r\n".join(["BEGIN:VEVENT", "DTSTART:20250329T090000", "DTEND:20250329T100000", "SUMMARY:No UID",
                 "BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "DESCRIPTION:x", "END:VALARM", "END:VEVENT"]),
    event("old@test", ":20240101T090000", ":20240101T100000"),
)


def test_the_fast_reader_agrees_with_icalendar_on_ordinary_events() -> None:
    fast = parse_calendar(calendar(*ORDINARY), NOW, tz=LONDON)
    # a to-do makes the shape unusual, so icalendar reads the whole file
    slow = parse_calendar(calendar(*ORDINARY, extra="BEGIN:VTODO\r\nUID:t\r\nEND:VTODO"), NOW, tz=LONDON)
    assert fast == slow
    assert [(s.start, s.setting) for s in fast.sessions] == [
        (datetime(2025, 3, 24, 9, 0), "community"), (datetime(2025, 3, 24, 14, 0), "inpatient"),
        (datetime(2025, 3, 28, 9, 0), "crisis"), (datetime(2025, 3, 29, 9, 0), "outpatient"),
        (datetime(2025, 4, 1, 9, 0), "outpatient"),
    ]
    assert len(fast.cancelled) == 2 and fast.ignored == 2


def test_progress_is_reported_and_may_stop_the_parse() -> None:
    singles = [event(f"{n}@test", ":20250324T090000", ":20250324T100000") for n in range(2500)]
    seen: list[tuple[int, int]] = []
    parse_calendar(calendar(*singles), NOW, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        parse_calendar(calendar(*singles), NOW, progress=stop)
