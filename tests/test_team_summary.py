"""Team summaries: counts only, by week, under a chosen name; pooled cells suppressed below 5 sessions or 3 people."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from reflect import demo
from reflect.cli import main
from reflect.data.db import open_database
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from reflect.supervision.document import SupervisionFileError
from reflect.supervision.team import (
    MIN_PRACTITIONERS,
    MIN_SESSIONS,
    SUPPRESSION_RULE,
    TeamSummary,
    pool,
    read_team_summary,
)

MONDAY = date(2026, 11, 2)
POINTS = {"yes": 2, "partly": 1, "no": 0, "na": None}
TIPS = (("hope", "Maintaining hope"), ("strengths", "Belief in strengths"))


def _summary(name: str, sessions: int, answers: dict[str, int] | None = None) -> TeamSummary:
    """One practitioner's week: `sessions` sessions, each answering hope as given (default: all Yes)."""
    counts = answers if answers is not None else {"yes": sessions}
    return TeamSummary(name, "ten-top-tips-2008", "Ten Top Tips", TIPS, POINTS,
                       {MONDAY: (sessions, {"hope": counts} if sessions else {})})


def test_the_rule_is_stated_with_its_thresholds() -> None:
    assert (MIN_SESSIONS, MIN_PRACTITIONERS) == (5, 3)
    assert "fewer than 5 sessions" in SUPPRESSION_RULE and "fewer than 3 practitioners" in SUPPRESSION_RULE


@pytest.mark.parametrize(
    ("sessions_each", "shown"),
    [
        ((2, 2, 1), True),  # 5 sessions, 3 practitioners: shown
        ((2, 1, 1), False),  # 4 sessions, 3 practitioners: suppressed
        ((3, 2), False),  # 5 sessions, 2 practitioners: suppressed
        ((3, 3, 0), False),  # 6 sessions, but only 2 practitioners rated that week
        ((4, 4, 4), True),
    ],
)
def test_cells_are_suppressed_below_five_sessions_or_three_practitioners(sessions_each: tuple[int, ...],
                                                                        shown: bool) -> None:
    view = pool([_summary(f"P{i}", n) for i, n in enumerate(sessions_each)])
    cell = view.cells[(MONDAY, "hope")]
    assert cell.suppressed is not shown
    assert view.week_totals[MONDAY].suppressed is not shown
    if shown:
        assert cell.sessions == sum(sessions_each) and cell.practitioners == sum(1 for n in sessions_each if n)
        assert cell.rate is not None and cell.rate.mean == 1.0 and cell.yes_share == 1.0
    else:
        assert cell.rate is None and cell.sessions is None and cell.practitioners is None
    assert view.cells[(MONDAY, "strengths")].suppressed  # nobody answered it


def test_pooled_rates_count_not_applicable_apart() -> None:
    view = pool([_summary("A", 2, {"yes": 1, "no": 1}), _summary("B", 2, {"partly": 1, "na": 1}),
                 _summary("C", 2, {"yes": 2})])
    cell = view.cells[(MONDAY, "hope")]
    assert cell.rate is not None and cell.rate.n == 5 and cell.rate.na == 1
    assert cell.rate.mean == pytest.approx((1 + 0 + 0.5 + 1 + 1) / 5) and cell.yes_share == pytest.approx(3 / 5)


def test_summaries_of_different_checklists_or_the_same_person_twice_are_refused() -> None:
    with pytest.raises(SupervisionFileError, match="keep only the newer one"):
        pool([_summary("Ann", 5), _summary("ann", 5)])
    with pytest.raises(SupervisionFileError, match="pool summaries of one checklist"):
        pool([_summary("Ann", 5), replace(_summary("Bo", 5), framework_id="imroc", framework_title="ImROC")])


def test_the_export_holds_weekly_counts_only_under_the_chosen_name(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    paths = DataPaths(tmp_path / "me")
    paths.ensure()
    catalog = load_catalog()
    secret = "Private words about the session"
    records = list(demo.generate(catalog.default(), 40, date(2026, 11, 27), seed=2))
    records[0] = replace(records[0], text=secret, ratings=tuple(replace(r, note="a note") for r in records[0].ratings))
    database = open_database(paths)
    try:
        ReflectionStore(database, catalog).save_many(records)
    finally:
        database.close()
    out = tmp_path / "team.json"
    assert main(["--data-dir", str(paths.root), "export", "--format", "team-summary", "--out", str(out)]) == 1
    assert "display name" in capsys.readouterr().err
    assert main(["--data-dir", str(paths.root), "export", "--format", "team-summary", "--display-name", "Nurse 4",
                 "--out", str(out)]) == 0
    raw = out.read_text(encoding="utf-8")
    assert secret not in raw and "a note" not in raw and not re.search(r"\d{4}-\d\d-\d\dT|\d\d:\d\d", raw)
    summary = read_team_summary(out)
    assert summary.display_name == "Nurse 4"
    assert all(week.weekday() == 0 for week in summary.weeks)
    assert sum(sessions for sessions, _ in summary.weeks.values()) == 40
    by_week: dict[date, int] = {}
    for record in records:
        day = record.occurred_at.date()
        monday = day - timedelta(days=day.weekday())
        by_week[monday] = by_week.get(monday, 0) + 1
    assert {w: s for w, (s, _) in summary.weeks.items()} == by_week
    hope_yes = sum(1 for r in records if (x := r.rating("hope")) and x.choice == "yes")
    assert sum(c.get("hope", {}).get("yes", 0) for _, c in summary.weeks.values()) == hope_yes
    document = json.loads(raw)
    document["data"]["weeks"][0]["sessions"] += 1
    out.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SupervisionFileError, match="checksum does not match"):
        read_team_summary(out)


def test_the_command_line_pools_summaries_with_the_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    for name, sessions in (("Ann", 30), ("Bo", 30), ("Cy", 3)):
        paths = DataPaths(tmp_path / name)
        paths.ensure()
        catalog = load_catalog()
        database = open_database(paths)
        try:
            ReflectionStore(database, catalog).save_many(demo.generate(catalog.default(), sessions, MONDAY, seed=1))
        finally:
            database.close()
        files.append(tmp_path / f"{name}.json")
        assert main(["--data-dir", str(paths.root), "export", "--format", "team-summary", "--display-name", name,
                     "--out", str(files[-1])]) == 0
    capsys.readouterr()
    assert main(["supervision", "team", *map(str, files[:2])]) == 0
    out = capsys.readouterr().out
    assert SUPPRESSION_RULE in out
    rows = [line.split("\t") for line in out.splitlines()[2:]]
    assert rows and all(r[2] == "suppressed" for r in rows)  # two practitioners
    assert main(["supervision", "team", *map(str, files)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[2:]]
    overall = [r for r in rows if r[1] == "all weeks"]
    assert len(overall) == 10 and all(r[4] == "3" and "%" in r[2] for r in overall)
    weeks = {r[1] for r in rows} - {"all weeks"}
    assert weeks and all(re.fullmatch(r"Week of Mon \d{1,2} [A-Z][a-z]{2} \d{4}", w) for w in weeks), weeks
    assert all("session" in r[2] and "n =" not in r[2] for r in overall)  # "72 % (31 sessions, …)"
    for tip_row in overall:  # the total counts only the weeks shown, never a suppressed one
        shown = [r for r in rows if r[0] == tip_row[0] and r[1] != "all weeks" and r[2] != "suppressed"]
        assert shown and int(tip_row[3]) == sum(int(r[3]) for r in shown) < 63


def test_the_overall_figure_cannot_give_a_suppressed_week_away() -> None:
    """Overall minus the weeks shown must not reveal a suppressed week (complementary suppression)."""
    later = MONDAY + timedelta(days=7)

    def two_weeks(name: str, first: int, second: dict[str, int]) -> TeamSummary:
        return TeamSummary(name, "ten-top-tips-2008", "Ten Top Tips", TIPS, POINTS, {
            MONDAY: (first, {"hope": {"yes": first}}),
            later: (sum(second.values()), {"hope": second} if second else {}),
        })

    # week 2: only A rated (3 sessions, all No), so that week is suppressed
    view = pool([two_weeks("A", 2, {"no": 3}), two_weeks("B", 2, {}), two_weeks("C", 2, {})])
    assert not view.cells[(MONDAY, "hope")].suppressed and view.cells[(later, "hope")].suppressed
    overall = view.overall["hope"]
    assert overall.sessions == view.cells[(MONDAY, "hope")].sessions == 6
    assert overall.rate is not None and overall.rate.mean == 1.0  # A's three No answers are nowhere to be found


def test_pooling_hears_of_each_week_and_stops_when_asked() -> None:
    """The Team page pools on a worker that a newer request cancels: pooling stops at its next week."""
    summaries = [replace(_summary(name, 5), weeks={MONDAY + timedelta(weeks=w): (5, {"hope": {"yes": 5}})
                                                   for w in range(4)}) for name in "ABC"]
    heard: list[tuple[int, int]] = []
    assert len(pool(summaries, lambda done, total: heard.append((done, total))).weeks) == 4
    assert heard == [(0, 4), (1, 4), (2, 4), (3, 4)]

    class Stop(Exception):
        pass

    def stop(done: int, _total: int) -> None:
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        pool(summaries, stop)
