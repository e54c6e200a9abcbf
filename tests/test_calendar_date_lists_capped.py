"""An event listing 200,000 RDATE values is cut to its first 1,000, quickly, and the import says so."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from time import perf_counter

from reflect.calendar_import import parse_calendar
from reflect.ics_caps import MAX_DATE_VALUES, cap_date_lists

NOW = datetime(2025, 3, 20, 8, 0)


def ics(*lines: str) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Reflect tests//EN", "BEGIN:VEVENT", "UID:many@test",
            "DTSTAMP:20250101T000000Z", "DTSTART:20250301T090000", "DTEND:20250301T100000", "SUMMARY:Clinic"]
    return "\r\n".join([*head, *lines, "END:VEVENT", "END:VCALENDAR", ""])


def dates(first: date, count: int) -> list[str]:
    return [f"{first + timedelta(days=i):%Y%m%d}T090000" for i in range(count)]


def test_200000_rdate_values_are_cut_quickly_and_reported() -> None:
    values = dates(date(2025, 3, 2), 200_000)
    text = ics("RDATE:" + ",".join(values[:100_000]), "RDATE:" + ",".join(values[100_000:]))
    began = perf_counter()
    parsed = parse_calendar(text.encode(), NOW)
    assert perf_counter() - began < 10
    assert parsed.capped_dates == 1
    assert any(f"more than {MAX_DATE_VALUES:,} extra or excluded dates" in note for note in parsed.notes())
    assert parsed.sessions  # the first dates still make sessions


def test_a_list_within_the_cap_is_untouched_and_a_folded_list_is_counted_whole() -> None:
    short = ics("RDATE:" + ",".join(dates(date(2025, 3, 2), 10)), "EXDATE:20250303T090000")
    assert cap_date_lists(short) == (short.replace("\r\n", "\n"), 0)
    line = "RDATE;TZID=\"Europe/London\":" + ",".join(dates(date(2025, 3, 2), MAX_DATE_VALUES + 5))
    folded = "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74))
    capped, cut = cap_date_lists(ics(folded))
    assert cut == 1
    kept = next(x for x in capped.split("\n") if x.startswith("RDATE"))
    assert kept.count(",") == MAX_DATE_VALUES - 1 and kept.startswith('RDATE;TZID="Europe/London":')
    assert parse_calendar(ics(folded), NOW).capped_dates == 1
