"""Calendar import: expansion, time zones, re-import, privacy, and the `calendar` command."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reflect.calendar_import import (
    CalendarError,
    guess_setting,
    import_calendar,
    parse_calendar,
)
from reflect.cli import main
from reflect.data.db import Database
from reflect.expected_sessions import STATE_SKIPPED, ExpectedSessionStore
from reflect.paths import DataPaths
from tests.helpers import calendar, event

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 3, 20, 8, 0)

# Outlook names the zone "GMT Standard Time" and describes it in a VTIMEZONE block
OUTLOOK_LONDON = """BEGIN:VTIMEZONE
TZID:GMT Standard Time
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T010000
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""


@pytest.fixture
def sessions(database: Database) -> ExpectedSessionStore:
    return ExpectedSessionStore(database)


def spans(store: ExpectedSessionStore, *days: date) -> list[tuple[datetime, datetime, str]]:
    return [(s.start, s.end, s.setting) for day in days for s in store.on_day(day)]


def test_single_events_keep_times_and_a_guessed_setting_but_never_the_title(
    sessions: ExpectedSessionStore, paths: DataPaths
) -> None:
    text = calendar(
        event("a@test", ";TZID=Europe/London:20250324T140000", ";TZID=Europe/London:20250324T145000",
              "LOCATION:Ward 7", summary="Review Jane Testperson"),
        event("b@test", ":20250324T160000Z", None, "DURATION:PT1H", summary="Home visit"),
        event("c@test", ":20250324T170000", ":20250324T173000", "ATTENDEE:mailto:someone@example.org",
              "DESCRIPTION:Discuss Jane Testperson", summary="Catch-up"),
    )
    result = import_calendar(sessions, text, NOW, default_setting="other", tz=LONDON)
    assert (result.added, result.updated, result.removed, result.ignored) == (3, 0, 0, 0)
    assert spans(sessions, date(2025, 3, 24)) == [
        (datetime(2025, 3, 24, 14, 0), datetime(2025, 3, 24, 14, 50), "inpatient"),
        (datetime(2025, 3, 24, 16, 0), datetime(2025, 3, 24, 17, 0), "community"),
        (datetime(2025, 3, 24, 17, 0), datetime(2025, 3, 24, 17, 30), "other"),  # floating time stays as written
    ]
    dump = "\n".join(sqlite3.connect(paths.database).iterdump())
    for secret in ("Testperson", "Ward 7", "someone@example.org", "a@test", "Catch-up"):
        assert secret not in dump


@pytest.mark.parametrize(
    ("title", "setting"),
    [
        ("A&E liaison assessment", "crisis"),
        ("PICU review", "inpatient"),
        ("CMHT duty", "community"),
        ("OPD follow-up", "outpatient"),
        ("Edward Clinic", "outpatient"),  # 'ward' inside a name is not a ward
        ("Supervision", "other"),
    ],
)
def test_setting_is_guessed_from_whole_words(title: str, setting: str) -> None:
    assert guess_setting(title, "other") == setting


def test_recurring_events_with_an_exdate_and_a_moved_instance(sessions: ExpectedSessionStore) -> None:
    text = calendar(
        event("weekly@test", ";TZID=Europe/London:20250303T090000", ";TZID=Europe/London:20250303T095000",
              "RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/London:20250310T090000"),
        event("weekly@test", ";TZID=Europe/London:20250317T113000", ";TZID=Europe/London:20250317T120000",
              "RECURRENCE-ID;TZID=Europe/London:20250317T090000"),
    )
    import_calendar(sessions, text, NOW, tz=LONDON)
    days = [date(2025, 3, 3) + timedelta(weeks=w) for w in range(4)]
    assert [(s, e) for s, e, _ in spans(sessions, *days)] == [
        (datetime(2025, 3, 3, 9, 0), datetime(2025, 3, 3, 9, 50)),
        (datetime(2025, 3, 17, 11, 30), datetime(2025, 3, 17, 12, 0)),
        (datetime(2025, 3, 24, 9, 0), datetime(2025, 3, 24, 9, 50)),
    ]


@pytest.mark.parametrize("zone", ["Europe/London", "GMT Standard Time"])
def test_a_london_clinic_stays_at_nine_across_the_clock_change(sessions: ExpectedSessionStore, zone: str) -> None:
    text = calendar(
        OUTLOOK_LONDON,
        event("clinic@test", f";TZID={zone}:20250324T090000", f";TZID={zone}:20250324T100000",
              "RRULE:FREQ=WEEKLY;COUNT=3"),
    )
    parsed_london = parse_calendar(text, NOW, tz=LONDON)
    assert [s.start for s in parsed_london.sessions] == [
        datetime(2025, 3, 24, 9, 0), datetime(2025, 3, 31, 9, 0), datetime(2025, 4, 7, 9, 0)
    ]
    # the same instants seen from UTC move an hour earlier once British Summer Time starts (30 March)
    parsed_utc = parse_calendar(text, NOW, tz=ZoneInfo("UTC"))
    assert [s.start.time().hour for s in parsed_utc.sessions] == [9, 8, 8]
    # the occurrence identity does not depend on the viewer's zone
    assert [s.key for s in parsed_london.sessions] == [s.key for s in parsed_utc.sessions]


def test_all_day_and_zero_length_events_are_ignored(sessions: ExpectedSessionStore) -> None:
    text = calendar(
        event("leave@test", ";VALUE=DATE:20250324", ";VALUE=DATE:20250325", summary="Annual leave"),
        event("note@test", ":20250324T120000", None, summary="Call back"),
        event("clinic@test", ":20250324T140000", ":20250324T150000"),
    )
    result = import_calendar(sessions, text, NOW)
    assert (result.added, result.ignored) == (1, 2)
    assert len(sessions.on_day(date(2025, 3, 24))) == 1


def test_keywords_choose_which_events_are_sessions(sessions: ExpectedSessionStore) -> None:
    text = calendar(
        event("1@test", ":20250324T090000", ":20250324T100000", summary="Team meeting"),
        event("2@test", ":20250324T100000", ":20250324T110000", summary="Clinic"),
        event("3@test", ":20250324T110000", ":20250324T120000", "CATEGORIES:Patient,Blue", summary="Lunch"),
    )
    import_calendar(sessions, text, NOW, keywords=["clinic", "PATIENT"])
    assert [s.start.hour for s in sessions.on_day(date(2025, 3, 24))] == [10, 11]


def test_reimport_updates_without_duplicates_and_keeps_what_was_done(sessions: ExpectedSessionStore) -> None:
    first = calendar(
        event("a@test", ":20250324T090000", ":20250324T100000", "RRULE:FREQ=DAILY;COUNT=3"),
        event("b@test", ":20250324T140000", ":20250324T150000"),
    )
    assert import_calendar(sessions, first, NOW).added == 4
    skipped = sessions.on_day(date(2025, 3, 25))[0]
    sessions.skip(skipped.id)
    again = import_calendar(sessions, first, NOW)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 4, 0)
    moved = first.replace("DTSTART:20250324T140000", "DTSTART:20250324T143000")
    result = import_calendar(sessions, moved, NOW)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 3)
    assert spans(sessions, date(2025, 3, 24))[1][:2] == (datetime(2025, 3, 24, 14, 30), datetime(2025, 3, 24, 15, 0))
    kept = sessions.on_day(date(2025, 3, 25))[0]
    assert kept.id == skipped.id and kept.state == STATE_SKIPPED


def test_cancelled_and_deleted_future_events_are_removed_on_reimport(sessions: ExpectedSessionStore) -> None:
    original = calendar(
        event("past@test", ":20250318T090000", ":20250318T100000"),
        event("series@test", ":20250324T090000", ":20250324T100000", "RRULE:FREQ=WEEKLY;COUNT=3"),
        event("dropped@test", ":20250325T090000", ":20250325T100000"),
        event("renamed@test", ":20250326T090000", ":20250326T100000"),
    )
    assert import_calendar(sessions, original, NOW).added == 6
    later = calendar(
        # 'past' is no longer in the export (its range moved on) and must stay
        event("series@test", ":20250324T090000", ":20250324T100000", "RRULE:FREQ=WEEKLY;COUNT=3"),
        event("series@test", ":20250331T090000", ":20250331T100000", "RECURRENCE-ID:20250331T090000",
              "STATUS:CANCELLED"),
        event("renamed@test", ":20250326T090000", ":20250326T100000", summary="Cancelled: Clinic"),
    )
    result = import_calendar(sessions, later, NOW)
    assert (result.removed, result.unchanged) == (3, 2)
    remaining = [s.start for s in sessions_between(sessions, date(2025, 3, 17), date(2025, 4, 8))]
    assert remaining == [datetime(2025, 3, 18, 9), datetime(2025, 3, 24, 9), datetime(2025, 4, 7, 9)]
    withdrawn = calendar(
        event("series@test", ":20250324T090000", ":20250324T100000", "RRULE:FREQ=WEEKLY;COUNT=3"),
        method="CANCEL",
    )
    assert import_calendar(sessions, withdrawn, NOW).removed == 2


def sessions_between(store: ExpectedSessionStore, first: date, last: date) -> list:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [s for day in days for s in store.on_day(day)]


@pytest.mark.parametrize(
    "text",
    [
        "this is not a calendar",
        "",
        calendar(event("bad@test", ":20250324T250000", ":20250324T100000")),
        calendar(event("bad@test", ":20250324T090000", ":20250324T100000", "RRULE:FREQ=SOMETIMES")),
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20250324T090000\r\n",
    ],
)
def test_a_malformed_file_is_one_error_and_imports_nothing(sessions: ExpectedSessionStore, text: str) -> None:
    good = calendar(event("ok@test", ":20250324T090000", ":20250324T100000"))
    import_calendar(sessions, good, NOW)
    before = spans(sessions, date(2025, 3, 24))
    with pytest.raises(CalendarError) as raised:
        import_calendar(sessions, good.replace("END:VCALENDAR", "") + text, NOW)
    assert "\n" not in str(raised.value) and str(raised.value).endswith((".", ")."))
    with pytest.raises(CalendarError):
        import_calendar(sessions, text, NOW)
    assert spans(sessions, date(2025, 3, 24)) == before


# ----- the command line


def test_cli_imports_and_lists_a_day(tmp_path: Path, ics_file: tuple[date, Path], capsys: pytest.CaptureFixture[str]) -> None:
    day, ics = ics_file
    root = tmp_path / "data"
    assert main(["calendar", "import", str(ics), "--keyword", "ward", "--keyword", "clinic",
                 "--data-dir", str(root)]) == 0
    assert "2 expected sessions" in capsys.readouterr().out
    assert main(["calendar", "import", str(ics), "--keyword", "ward", "--keyword", "clinic",
                 "--data-dir", str(root)]) == 0
    assert "(0 new, 0 changed, 0 removed)" in capsys.readouterr().out
    assert main(["--data-dir", str(root), "calendar", "list", "--date", day.isoformat()]) == 0
    assert capsys.readouterr().out.splitlines() == ["09:30\t10:20\tinpatient", "14:00\t14:50\toutpatient"]
    assert main(["--data-dir", str(root), "calendar", "list", "--date", (day + timedelta(days=1)).isoformat()]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "No expected sessions" in captured.err


def test_cli_malformed_file_is_one_line_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ics = tmp_path / "broken.ics"
    ics.write_text("BEGIN:VCALENDAR\nnonsense\n", encoding="utf-8")
    root = tmp_path / "data"
    assert main(["calendar", "import", str(ics), "--data-dir", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reflect: broken.ics: ") and err.count("\n") == 1 and "Nothing was imported" in err
    assert not root.exists()
    assert main(["calendar", "import", str(tmp_path / "missing.ics"), "--data-dir", str(root)]) == 1
    assert "missing.ics cannot be read" in capsys.readouterr().err and not root.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["calendar", "list", "--date", "31/03/2025"], "YYYY-MM-DD"),
        (["calendar", "list", "--date", "2025-02-30"], "YYYY-MM-DD"),
        (["calendar", "list"], "required"),
        (["calendar"], "required"),
    ],
)
def test_cli_bad_calendar_arguments_are_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
