"""The CPD portfolio PDF (text extracted with pypdf) and `reflect report cpd`."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from reflect.cli import main
from reflect.cpd import Account, Activity, CpdStore, Discussion, Goal, GoalAction
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.reports.cpd import CpdRequest, build_cpd_report, check_content, gather
from reflect.reports.supervision import ReportError
from reflect.settings import Settings, load_settings, save_settings


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _fill(database: Database, store: ReflectionStore, catalog: FrameworkCatalog) -> CpdStore:
    cpd = CpdStore(database)
    framework = catalog.default()
    for day in (5, 12, 19):
        store.save(ReflectionRecord(
            occurred_at=datetime(2025, 1, day, 10), duration_min=30, setting="outpatient", contact_type="review",
            modality="in-person", framework_id=framework.id, framework_version=framework.version,
            ratings=tuple(RatingEntry(i.id, "yes", 2) for i in framework.items),
        ))
    cpd.save_goal(Goal("Share hope in every review", "Patients asked for it", (framework.items[3].id,),
                       date(2025, 6, 30), "in-progress", (GoalAction("Read recovery stories", True),)))
    cpd.save_activity(Activity(date(2024, 12, 31), "Course before the period", "course", 4.0, participatory=True))
    cpd.save_activity(Activity(date(2025, 1, 2), "Recovery college course", "course", 6.5, participatory=True,
                               themes=("nmc-code:prioritise-people",)))
    cpd.save_activity(Activity(date(2025, 2, 14), "Reading on WRAP", "reading", 2.25, clinical=True))
    cpd.save_activity(Activity(date(2025, 3, 31), "Peer supervision group", "peer-group", 1.5, participatory=True))
    cpd.save_account(Account(date(2025, 2, 1), "Hope in reviews", "A peer group session.", "Hope is catching.",
                             "I now ask about goals first.", "It puts people first.",
                             ("nmc-code:prioritise-people", "nmc-code:preserve-safety"), complete=True))
    cpd.save_account(Account(date(2025, 2, 2), "Unfinished draft", "Draft only"))
    cpd.save_discussion(Discussion(date(2025, 3, 20), "Alex Example", "00A0000A", "alex@example.org",
                                   "Example Trust, SW1A 1AA", "We discussed my accounts."))
    return cpd


def _settings() -> Settings:
    return Settings(revalidation_scheme="nmc", cycle_start=date(2024, 4, 1), practitioner_name="Sam Example")


def test_pdf_shows_the_plan_log_totals_targets_accounts_and_charts(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    cpd = _fill(database, store, catalog)
    cpd_catalog = load_cpd_catalog()
    settings = _settings()
    content = gather(cpd, cpd_catalog, settings, CpdRequest(date(2025, 1, 1), date(2025, 3, 31)))
    text = _text(build_cpd_report(content, store, catalog, cpd_catalog, settings, date(2025, 4, 1)))

    assert "CPD portfolio" in text and "Sam Example" in text and "Wed 1 Jan 2025 – Mon 31 Mar 2025" in text
    assert "Share hope in every review" in text and "[done] Read recovery stories" in text
    assert catalog.default().items[3].label in text
    # the period's three activities: 6.5 + 2.25 + 1.5 = 10.25 hours, 8 participatory, 2.25 clinical
    assert "Total 3 activities 10.25 8" in text
    assert "Total in this period: 10.25 hours of CPD, of which 8 participatory and 2.25 clinical." in text
    assert "Course before the period" not in text
    # targets count the whole cycle from 1 April 2024, including the December course: 14.25 of 35
    assert "CPD hours Mon 1 Apr 2024 – Wed 31 Mar 2027 14.25 35 20.75" in text
    assert "Participatory CPD hours Mon 1 Apr 2024 – Wed 31 Mar 2027 12 20 8" in text
    assert "Written reflective accounts Mon 1 Apr 2024 – Wed 31 Mar 2027 1 5 4" in text
    # the discussion is not linked to five accounts yet, so it does not count
    assert "Reflective discussion Mon 1 Apr 2024 – Wed 31 Mar 2027 0 1 1" in text
    assert "Not tracked in Reflect" in text and "Health and character declaration" in text
    # the NMC account: its four prompts, the themes ticked, and not the draft
    for _key, prompt in cpd_catalog.account_prompts():
        assert re.sub(r"\s+", " ", prompt) in text
    assert "[x] Prioritise people [ ] Practise effectively [x] Preserve safety [ ] Promote professionalism and trust" in text
    assert "I now ask about goals first." in text and "Unfinished draft" not in text
    assert "Alex Example" in text and "00A0000A" in text
    assert "3 reflections with the" in text and "Reflection summary" in text


def test_selected_accounts_only_and_unknown_ones_refused(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    cpd = _fill(database, store, catalog)
    with pytest.raises(ReportError, match="is not a complete account in this period"):
        gather(cpd, load_cpd_catalog(), _settings(), CpdRequest(date(2025, 1, 1), date(2025, 3, 31), ("nope",)))
    content = gather(cpd, load_cpd_catalog(), _settings(), CpdRequest(date(2025, 1, 1), date(2025, 3, 31), ()))
    assert content.accounts == ()


def test_a_patient_identifier_anywhere_refuses_the_report(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    cpd = _fill(database, store, catalog)
    cpd.save_activity(Activity(date(2025, 3, 1), "Case review", "supervision", 1.0,
                               notes="Reviewed NHS 943 476 5919 with the team"))
    content = gather(cpd, load_cpd_catalog(), _settings(), CpdRequest(date(2025, 1, 1), date(2025, 3, 31)))
    with pytest.raises(ReportError) as caught:
        build_cpd_report(content, store, catalog, load_cpd_catalog(), _settings())
    message = str(caught.value)
    assert message == (
        "The CPD report was not created because Reflect found a possible NHS number in the notes of CPD entry "
        "“Case review” of Sat 1 Mar 2025; edit it and try again."
    )
    assert "943" not in message


def test_same_titled_cpd_entries_are_each_scanned_and_named(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    """Regression: texts were keyed by title, so the second "Supervision" hid the first's identifier."""
    cpd = _fill(database, store, catalog)
    cpd.save_activity(Activity(date(2025, 3, 3), "Supervision", "supervision", 1.0,
                               notes="Talked about Mrs Patel and her son Tom"))
    cpd.save_activity(Activity(date(2025, 3, 10), "Supervision", "supervision", 1.0, notes="Caseload only"))
    content = gather(cpd, load_cpd_catalog(), _settings(), CpdRequest(date(2025, 1, 1), date(2025, 3, 31)))
    problems = check_content(content, _settings())
    assert [(p.where, p.kinds) for p in problems] == [
        ("the notes of CPD entry “Supervision” of Mon 3 Mar 2025", ("Name with a title", "Relative's name")),
    ]
    with pytest.raises(ReportError, match="of Mon 3 Mar 2025"):
        build_cpd_report(content, store, catalog, load_cpd_catalog(), _settings())


def test_every_action_of_a_goal_is_scanned(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    """Regression: two actions of one goal shared a label, so only the last was scanned."""
    cpd = _fill(database, store, catalog)
    cpd.save_goal(Goal("Involve families", actions=(GoalAction("Call her sister Sarah"), GoalAction("Read a guide"))))
    content = gather(cpd, load_cpd_catalog(), _settings(), CpdRequest(date(2025, 1, 1), date(2025, 3, 31)))
    assert [(p.where, p.kinds) for p in check_content(content, _settings())] == [
        ("action 1 of goal “Involve families”", ("Relative's name",)),
    ]


def test_a_broken_saved_pattern_refuses_the_report_naming_it(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    cpd = _fill(database, store, catalog)
    content = gather(cpd, load_cpd_catalog(), _settings(), CpdRequest(date(2025, 1, 1), date(2025, 3, 31)))
    broken = Settings(record_patterns=[{"label": "RiO", "pattern": "[0-9"}])
    with pytest.raises(ReportError, match='The pattern for "RiO"'):
        check_content(content, broken)


def _cli_data(paths: DataPaths, database: Database, store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    _fill(database, store, catalog)
    save_settings(paths.settings, _settings())


def test_cli_writes_the_portfolio(
    paths: DataPaths, database: Database, store: ReflectionStore, catalog: FrameworkCatalog,
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    _cli_data(paths, database, store, catalog)
    out = tmp_path / "portfolio.pdf"
    assert main(["report", "cpd", "--from", "2025-01-01", "--to", "2025-03-31", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote the CPD portfolio for Wed 1 Jan 2025 – Mon 31 Mar 2025 to {out}"
    assert "Total 3 activities 10.25 8" in _text(out.read_bytes())
    assert load_settings(paths.settings).revalidation_scheme == "nmc"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-03-31", "--to", "2025-01-01", "--out", "{tmp}/r.pdf"],
         "reflect: The report period starts (Mon 31 Mar 2025) after it ends (Wed 1 Jan 2025); swap the dates."),
        (["--from", "2025-01-01", "--to", "2025-03-31", "--out", "{tmp}/r.txt"],
         "reflect: r.txt does not end in .pdf; give the report a .pdf file name."),
        (["--from", "2025-01-01", "--to", "2025-03-31", "--out", "{tmp}/missing/r.pdf"],
         "reflect: The folder {tmp}/missing does not exist; choose an existing folder for the report."),
        (["--from", "2025-01-01", "--to", "2025-03-31", "--account", "nope", "--out", "{tmp}/r.pdf"],
         "reflect: Reflective account nope is not a complete account in this period."),
    ],
)
def test_cli_errors_are_one_line_and_write_nothing(
    paths: DataPaths, database: Database, store: ReflectionStore, catalog: FrameworkCatalog,
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str,
) -> None:
    _cli_data(paths, database, store, catalog)
    argv = ["report", "cpd"] + [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.strip() == message.replace("{tmp}", str(tmp_path)) and err.count("\n") == 1
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.txt"))


def test_cli_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["report", "cpd", "--from", "January", "--to", "2025-03-31", "--out", "r.pdf"])
    assert caught.value.code == 2
    assert "needs a date as YYYY-MM-DD, not 'January'" in capsys.readouterr().err
