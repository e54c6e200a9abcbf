"""What a CPD portfolio report holds: the request, the records gathered for it, and the privacy gate
every text passes before anything is drawn (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from reflect.cpd import (
    Account,
    Activity,
    CpdStore,
    Discussion,
    Goal,
    account_texts,
    activity_texts,
    discussion_problems,
    goal_texts,
)
from reflect.cpd_data import CpdCatalog
from reflect.grammar import plural
from reflect.privacy import FieldProblem, scan_fields
from reflect.reports.cpd_revalidation import (
    EvidenceContent,
    covered_line,
    evidence_texts,
    gather_evidence,
)
from reflect.reports.supervision import (
    ReportError,
    scanner_config,
)
from reflect.revalidation import TargetProgress, cycle_anchor, progress
from reflect.revalidation_logs import EvidenceStore, facts
from reflect.settings import Settings
from reflect.wording import day_text


@dataclass(frozen=True)
class CpdRequest:
    """An inclusive period and, optionally, which complete accounts to include (default: all in the period)."""

    start: date
    end: date
    account_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ReportError(f"The report period starts ({day_text(self.start)}) after it ends ({day_text(self.end)}); swap the dates.")


@dataclass(frozen=True)
class CpdContent:
    request: CpdRequest
    goals: tuple[Goal, ...]
    activities: tuple[Activity, ...]  # in the period, oldest first
    accounts: tuple[Account, ...]
    discussions: tuple[Discussion, ...]
    targets: tuple[TargetProgress, ...]
    scheme_title: str
    scheme_unit: str
    not_tracked: tuple[str, ...] = ()
    trainee_note: str = ""
    evidence: EvidenceContent = EvidenceContent()
    covered: tuple[str, ...] = ()  # per discussion, how many accounts it covered
    drafts: int = 0  # accounts in the period not marked complete: left out, and the report says so


def drafts_note(count: int) -> str:
    """Why an account the user wrote is not in the report, and what puts it in."""
    return (f"{plural(count, 'draft reflective account')} in this period {'is' if count == 1 else 'are'} not "
            "included: only accounts marked Complete go into reports. Tick Complete on the CPD page to include "
            f"{'it' if count == 1 else 'them'}.")


def hours_text(value: float) -> str:
    return f"{value:g}"


def gather(cpd: CpdStore, cpd_catalog: CpdCatalog, settings: Settings, request: CpdRequest) -> CpdContent:
    """Load what the report shows; targets are for the scheme's cycle that holds the report's last day."""
    in_period = cpd.accounts(request.start, request.end)
    accounts = [a for a in in_period if a.complete]
    if request.account_ids is not None:
        by_id = {a.id: a for a in accounts}
        missing = [i for i in request.account_ids if i not in by_id]
        if missing:
            raise ReportError(f"Reflective account {missing[0]} is not a complete account in this period.")
        accounts = [by_id[i] for i in request.account_ids]
    scheme = cpd_catalog.schemes.get(settings.revalidation_scheme)
    targets: list[TargetProgress] = []
    if scheme is not None:
        evidence = EvidenceStore(cpd.database)
        _cycle, targets = progress(
            scheme, cycle_anchor(settings.cycle_start, request.end), request.end,
            [a.fact() for a in cpd.activities()], [a.day for a in cpd.accounts() if a.complete],
            evidence.met_discussion_days([(d.id or "", d.day) for d in cpd.discussions()]), facts(evidence),
        )
    return CpdContent(
        request=request,
        goals=tuple(cpd.goals()),
        activities=tuple(reversed(cpd.activities(request.start, request.end))),
        accounts=tuple(sorted(accounts, key=lambda a: a.day)),
        discussions=tuple(reversed(cpd.discussions(request.start, request.end))),
        targets=tuple(t for t in targets if t.current),
        scheme_title=scheme.title if scheme else "",
        scheme_unit=scheme.unit if scheme else "hours",
        evidence=gather_evidence(cpd.database, request.start, request.end),
        covered=tuple(covered_line(EvidenceStore(cpd.database), d.id)
                      for d in reversed(cpd.discussions(request.start, request.end))),
        not_tracked=scheme.not_tracked if scheme else (),
        trainee_note=scheme.trainee_note if scheme and "trainee" in settings.practitioner_role.lower() else "",
        drafts=sum(1 for a in in_period if not a.complete) if request.account_ids is None else 0,
    )


def check_content(content: CpdContent, settings: Settings) -> list[FieldProblem]:
    """Every free text bound for the PDF, scanned with the user's names and patterns."""
    config = scanner_config(settings)
    texts: list[tuple[str, str]] = []
    for goal in content.goals:
        texts += goal_texts(goal)
    for activity in content.activities:
        texts += activity_texts(activity)
    for account in content.accounts:
        texts += account_texts(account)
    texts += evidence_texts(content.evidence)
    problems = scan_fields(texts, config)
    for discussion in content.discussions:
        problems += [
            replace(p, where=f"{p.where} of the discussion of {day_text(discussion.day)}")
            for p in discussion_problems(discussion, config)
        ]
    return problems


def refusal(problems: Sequence[FieldProblem]) -> ReportError:
    more = f" (and {len(problems) - 1} more place{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    return ReportError(
        f"The CPD report was not created because Reflect found {problems[0].describe()}{more}; edit it and try again."
    )
