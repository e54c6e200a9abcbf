"""NMC and RCPsych evidence: practice hours, feedback, confirmation, the reflective discussion rule,
peer group meetings and the progress rows they drive."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reflect.cpd import Account, CpdError, CpdStore, Discussion
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database
from reflect.privacy import ScannerConfig
from reflect.revalidation import progress
from reflect.revalidation_logs import (
    Confirmation,
    EvidenceStore,
    Feedback,
    PeerMeeting,
    PracticeHours,
    facts,
    feedback_problems,
)

CATALOG = load_cpd_catalog()
ANCHOR = date(2024, 4, 1)
TODAY = date(2025, 3, 31)


def _rows(database: Database, scheme_id: str, today: date = TODAY) -> dict[str, list[tuple[float, bool]]]:
    cpd, evidence = CpdStore(database), EvidenceStore(database)
    _cycle, rows = progress(
        CATALOG.schemes[scheme_id], ANCHOR, today, [a.fact() for a in cpd.activities()],
        [a.day for a in cpd.accounts() if a.complete],
        evidence.met_discussion_days([(d.id or "", d.day) for d in cpd.discussions()]), facts(evidence),
    )
    result: dict[str, list[tuple[float, bool]]] = {}
    for row in rows:
        result.setdefault(row.target.id, []).append((row.achieved, row.met))
    return result


def test_a_reflective_discussion_is_met_only_once_it_covers_five_accounts(database: Database) -> None:
    cpd, evidence = CpdStore(database), EvidenceStore(database)
    accounts = [cpd.save_account(Account(date(2024, 6, i + 1), f"Account {i}", "Nature", "Learned", "Changed", "Code",
                                         ("nmc-code:prioritise-people",),
                                         complete=True)) for i in range(5)]
    discussion = cpd.save_discussion(Discussion(date(2025, 1, 10), "A Registrant", "00A0000A", "a@example.org"))
    assert discussion.id is not None
    evidence.link_accounts(discussion.id, [accounts[0].id or ""])
    assert _rows(database, "nmc")["reflective-discussion"] == [(0.0, False)]
    evidence.link_accounts(discussion.id, [a.id or "" for a in accounts[:4]])
    assert _rows(database, "nmc")["reflective-discussion"] == [(0.0, False)]
    evidence.link_accounts(discussion.id, [a.id or "" for a in accounts])
    assert evidence.discussion_accounts(discussion.id) == tuple(sorted(a.id or "" for a in accounts))
    assert _rows(database, "nmc")["reflective-discussion"] == [(1.0, True)]
    cpd.delete_account(accounts[0].id or "")  # a deleted account no longer counts as covered
    assert _rows(database, "nmc")["reflective-discussion"] == [(0.0, False)]
    draft = cpd.save_account(Account(date(2024, 7, 1), "Draft only"))
    evidence.link_accounts(discussion.id, [a.id or "" for a in accounts[1:]] + [draft.id or ""])
    assert evidence.covered_count(discussion.id) == 4  # a draft account is not one of the five
    assert _rows(database, "nmc")["reflective-discussion"] == [(0.0, False)]


def test_practice_hours_feedback_and_confirmation_count_towards_the_nmc_targets(database: Database) -> None:
    evidence = EvidenceStore(database)
    evidence.save_practice_hours(PracticeHours(date(2024, 4, 1), date(2024, 9, 30), 300, "Community team", "Adult"))
    evidence.save_practice_hours(PracticeHours(date(2023, 1, 1), date(2023, 12, 31), 900, "Ward", "Adult"))
    rows = _rows(database, "nmc")
    assert rows["practice-hours"] == [(300.0, False)]  # the 2023 hours are in the previous cycle
    evidence.save_practice_hours(PracticeHours(date(2024, 10, 1), date(2025, 1, 31), 150, "Community team", "Adult"))
    assert _rows(database, "nmc")["practice-hours"] == [(450.0, True)]
    for day in range(4):
        evidence.save_feedback(Feedback(date(2024, 5, day + 1), "Service user survey", "Ask about goals first."))
    assert _rows(database, "nmc")["practice-feedback"] == [(4.0, False)]
    evidence.save_feedback(Feedback(date(2024, 8, 1), "Colleague", "Write plans with people."))
    assert _rows(database, "nmc")["practice-feedback"] == [(5.0, True)]
    assert _rows(database, "nmc")["confirmation"] == [(0.0, False)]
    evidence.save_confirmation(Confirmation(date(2025, 3, 1), "B Manager", "NMC PIN 99A9999A"))
    assert _rows(database, "nmc")["confirmation"] == [(1.0, True)]


def test_bad_evidence_is_refused_with_one_sentence(database: Database) -> None:
    evidence = EvidenceStore(database)
    with pytest.raises(CpdError, match="ends before it starts"):
        evidence.save_practice_hours(PracticeHours(date(2024, 5, 2), date(2024, 5, 1), 7, "Ward", "Adult"))
    with pytest.raises(CpdError, match="no more than 24"):
        evidence.save_practice_hours(PracticeHours(date(2024, 5, 1), date(2024, 5, 1), 25, "Ward", "Adult"))
    with pytest.raises(CpdError, match="what you learned"):
        evidence.save_feedback(Feedback(date(2024, 5, 1), "Colleague", "  "))
    with pytest.raises(CpdError, match="initials or roles"):
        evidence.save_meeting(PeerMeeting(date(2024, 5, 1), "Jane Smith, consultant", "Cases"))
    assert evidence.practice_hours() == [] and evidence.feedback() == [] and evidence.meetings() == []


def test_feedback_text_is_scanned_for_identifiers() -> None:
    entry = Feedback(date(2024, 5, 1), "Carer", "Her son phoned on 07700 900123 to say thanks.")
    problems = feedback_problems(entry, ScannerConfig())
    assert [p.where for p in problems] == ["what you learned"]
    assert feedback_problems(Feedback(date(2024, 5, 1), "Carer", "Plans written together help."),
                             ScannerConfig()) == []


def test_feedback_can_link_to_a_reflective_account(database: Database) -> None:
    cpd, evidence = CpdStore(database), EvidenceStore(database)
    account = cpd.save_account(Account(date(2024, 6, 1), "What the survey taught me"))
    saved = evidence.save_feedback(Feedback(date(2024, 5, 1), "Survey", "Goals first.", account_id=account.id))
    assert evidence.feedback()[0].account_id == account.id == saved.account_id


def test_rcpsych_peer_group_needs_four_meetings_and_an_agreed_plan_each_year(database: Database) -> None:
    evidence = EvidenceStore(database)
    first_year = [ANCHOR + timedelta(days=d) for d in (10, 100, 200)]
    for day in first_year:
        evidence.save_meeting(PeerMeeting(day, "AB, CD, chair", "Learning needs"))
    rows = _rows(database, "rcpsych")
    assert rows["peer-group-meetings"] == [(3.0, False)]
    assert rows["pdp-agreed"] == [(0.0, False)]
    evidence.save_meeting(PeerMeeting(ANCHOR + timedelta(days=300), "AB, CD", "PDP for next year", pdp_agreed=True))
    # a meeting in the next appraisal year does not count towards this one
    evidence.save_meeting(PeerMeeting(ANCHOR + timedelta(days=400), "AB", "Cases", pdp_agreed=True))
    rows = _rows(database, "rcpsych")
    assert rows["peer-group-meetings"] == [(4.0, True)]
    assert rows["pdp-agreed"] == [(1.0, True)]


def test_rcpsych_splits_clinical_and_other_credits(database: Database) -> None:
    from reflect.cpd import Activity

    cpd = CpdStore(database)
    cpd.save_activity(Activity(date(2024, 5, 1), "Psychopharmacology update", "course", 30, clinical=True))
    cpd.save_activity(Activity(date(2024, 6, 1), "Leadership course", "course", 12))
    rows = _rows(database, "rcpsych")
    assert rows["annual-clinical"] == [(30.0, True)]
    assert rows["annual-other"] == [(12.0, False)]
    assert rows["annual-credits"] == [(42.0, False)]


def test_the_json_backup_carries_every_evidence_log(database: Database, store, catalog, tmp_path, paths) -> None:
    from reflect.data.db import open_database
    from reflect.exchange import export_json, import_document, read_document
    from reflect.paths import DataPaths
    from reflect.reflections import ReflectionStore
    from reflect.settings import Settings

    cpd, evidence = CpdStore(database), EvidenceStore(database)
    account = cpd.save_account(Account(date(2024, 6, 1), "Survey"))
    discussion = cpd.save_discussion(Discussion(date(2025, 1, 10), "A Registrant", "00A0000A", "a@example.org"))
    evidence.link_accounts(discussion.id or "", [account.id or ""])
    evidence.save_practice_hours(PracticeHours(date(2024, 4, 1), date(2024, 9, 30), 300, "Community", "Adult"))
    evidence.save_feedback(Feedback(date(2024, 5, 1), "Survey", "Goals first.", account_id=account.id))
    evidence.save_confirmation(Confirmation(date(2025, 3, 1), "B Manager", "NMC PIN 99A9999A"))
    evidence.save_meeting(PeerMeeting(date(2024, 5, 1), "AB, CD", "PDP", pdp_agreed=True))
    export_json(store, catalog, Settings(), tmp_path / "backup.json")

    fresh = open_database(DataPaths(tmp_path / "fresh"))
    try:
        import_document(ReflectionStore(fresh, catalog), read_document(tmp_path / "backup.json"), Settings())
        copy = EvidenceStore(fresh)
        assert copy.practice_hours() == evidence.practice_hours()
        assert copy.feedback() == evidence.feedback()
        assert copy.confirmations() == evidence.confirmations()
        assert copy.meetings() == evidence.meetings()
        assert copy.discussion_accounts(discussion.id or "") == (account.id,)
    finally:
        fresh.close()


def test_member_roles_are_accepted_and_names_are_not() -> None:
    from reflect.revalidation_logs import looks_like_full_names

    for roles in ("AB, CD, chair", "Team manager, ST4 trainee", "Consultant psychiatrist (old age), SAS doctor"):
        assert not looks_like_full_names(roles), roles
    for names in ("Jane Smith", "AB and Priya", "Dr Okafor"):
        assert looks_like_full_names(names), names


def test_a_nurse_and_midwife_renewing_both_needs_900_practice_hours(database: Database) -> None:
    evidence = EvidenceStore(database)
    evidence.save_practice_hours(PracticeHours(date(2024, 4, 1), date(2025, 1, 31), 450, "Maternity unit", "Midwifery"))
    assert _rows(database, "nmc")["practice-hours"] == [(450.0, True)]
    assert _rows(database, "nmc-nurse-midwife")["practice-hours"] == [(450.0, False)]
    evidence.save_practice_hours(PracticeHours(date(2025, 2, 1), date(2025, 12, 31), 450, "Ward", "Adult nursing"))
    assert _rows(database, "nmc-nurse-midwife")["practice-hours"] == [(900.0, True)]
    # the same reflective account form: its questions have one home, nmc.toml
    assert CATALOG.schemes["nmc-nurse-midwife"].account_prompts == ()
    assert len(CATALOG.account_prompts()) == 4
