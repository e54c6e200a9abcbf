"""CPD records written from other records (reflections, activities), and the texts of each record
that the identifier scanner checks, each named by its place (Qt-free)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from reflect.cpd_data import ReflectionTemplate
from reflect.cpd_records import (
    METHODS,
    Account,
    Activity,
    CpdError,
    Discussion,
    Goal,
)
from reflect.frameworks import Framework
from reflect.grammar import plural, with_article
from reflect.privacy import (
    KIND_ADDRESS,
    KIND_EMAIL,
    KIND_HOSPITAL,
    KIND_NAME,
    KIND_PHONE,
    KIND_POSTCODE,
    KIND_RECORD,
    KIND_TITLED_NAME,
    KIND_WARD,
    FieldProblem,
    ScannerConfig,
    scan_fields,
)
from reflect.records import ReflectionRecord
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS, label
from reflect.wording import day_text

# ----- prefilled records


def reflection_time_activity(count: int, minutes_each: int, start: date, end: date) -> Activity:
    """A reflective-practice CPD entry for time spent on reflections (the user decides to save it)."""
    if count <= 0:
        raise CpdError(f"No completed reflection from {day_text(start)} to {day_text(end)} has written learning "
                       "(a filled “Now what?” or action-plan section), so none can count as CPD.")
    if minutes_each <= 0:
        raise CpdError("Give the minutes per reflection as a whole number above 0.")
    hours = round(count * minutes_each / 60, 2)
    return Activity(
        day=end,
        title=f"Structured self-reflection after clinical sessions ({day_text(start)} – {day_text(end)})",
        method="reflective-practice",
        hours=hours,
        notes=(
            f"{count} reflection{'s' if count != 1 else ''} on the Ten Top Tips for recovery-oriented practice "
            f"with written learning, counted at {minutes_each} minutes each."
        ),
    )


def _session_line(record: ReflectionRecord, framework: Framework) -> str:
    score = record.score(framework.max_points)
    scored = f"{score.percent:.0f} %" if score.percent is not None else "not scored"
    return (
        f"A {record.duration_min}-minute {label(CONTACT_TYPES, record.contact_type).lower()} "
        f"({label(SETTINGS, record.setting).lower()}, {label(MODALITIES, record.modality).lower()}) on "
        f"{day_text(record.occurred_at.date())}, self-evaluated with the {framework.title} (score {scored})."
    )


def account_from_reflection(
    record: ReflectionRecord,
    framework: Framework,
    template: ReflectionTemplate | None = None,
    sections: Mapping[str, str] | None = None,
) -> Account:
    """An account prefilled from a reflection: its session, its template sections or text, its weaker tips."""
    answers: dict[str, list[str]] = {"nature": [_session_line(record, framework)], "learned": [], "changed": []}
    if template and sections:
        for section in template.sections:
            text = sections.get(section.id, "").strip()
            if text and section.account in answers:
                answers[section.account].append(f"{section.label} {text}")
    if record.text.strip():  # the free text travels with the sections, never instead of them
        answers["learned"].append(record.text.strip())
    answers["learned"].extend(tip_notes(record, framework))
    weaker = [
        (framework.item(r.item_id).label if framework.item(r.item_id) else r.item_id)  # type: ignore[union-attr]
        for r in record.ratings if r.points is not None and r.points < framework.max_points
    ]
    if weaker:
        answers["changed"].append("Tips to work on: " + ", ".join(weaker) + ".")
    return Account(
        day=record.occurred_at.date(),
        title=f"Reflection on {with_article(_contact_noun(record.contact_type))}, {day_text(record.occurred_at)}",
        nature="\n\n".join(answers["nature"]),
        learned="\n\n".join(answers["learned"]),
        changed="\n\n".join(answers["changed"]),
        reflection_id=record.id,
    )


def _contact_noun(contact_type: str) -> str:
    """The session kind as a noun ("review"); "other" alone is no noun, so it is "other session"."""
    noun = label(CONTACT_TYPES, contact_type).lower()
    return "other session" if contact_type == "other" else noun


def tip_notes(record: ReflectionRecord, framework: Framework) -> list[str]:
    """Each tip's note under the tip's name, in the checklist's order."""
    order = {item.id: index for index, item in enumerate(framework.items)}
    rated = sorted((r for r in record.ratings if r.note.strip()), key=lambda r: order.get(r.item_id, len(order)))
    return [f"{item.label if (item := framework.item(r.item_id)) else r.item_id}: {r.note.strip()}" for r in rated]


def account_from_activity(activity: Activity, nmc_code_id: str = "nmc-code") -> Account:
    """An account prefilled from a CPD entry, keeping the NMC themes it was mapped to."""
    kind = "participatory " if activity.participatory else ""
    nature = f"{METHODS.get(activity.method, activity.method)} ({kind}CPD, {plural(activity.hours, 'hour')}): {activity.title}."
    if activity.notes:
        nature += f"\n\n{activity.notes}"
    return Account(
        day=activity.day,
        title=activity.title,
        nature=nature,
        themes=tuple(t for t in activity.themes if t.startswith(f"{nmc_code_id}:")),
        activity_id=activity.id,
    )


# ----- identifier scanning: (place, text) lists for privacy.scan_fields; places may repeat, so
# two entries with one title are two places, each named as precisely as the record allows.

# What each of the discussion form's colleague fields is meant to hold is not a patient identifier.
DISCUSSION_EXPECTED: dict[str, frozenset[str]] = {
    "the registrant's name": frozenset({KIND_NAME, KIND_TITLED_NAME}),
    "the PIN": frozenset({KIND_RECORD}),
    "the e-mail": frozenset({KIND_EMAIL}),
    "the address": frozenset({KIND_POSTCODE, KIND_PHONE, KIND_EMAIL, KIND_ADDRESS, KIND_HOSPITAL, KIND_WARD}),
}


def goal_texts(goal: Goal) -> list[tuple[str, str]]:
    texts = [(f"goal “{goal.title}”", goal.title), (f"the why of goal “{goal.title}”", goal.why)]
    texts += [(f"action {n} of goal “{goal.title}”", a.text) for n, a in enumerate(goal.actions, 1)]
    return texts


def activity_texts(activity: Activity) -> list[tuple[str, str]]:
    entry = f"CPD entry “{activity.title}” of {day_text(activity.day)}"
    return [(entry, activity.title), (f"the notes of {entry}", activity.notes)]


def account_texts(account: Account) -> list[tuple[str, str]]:
    name = f"account “{account.title}” of {day_text(account.day)}"
    return [(name, account.title)] + [(f"the {key} answer of {name}", text) for key, text in account.answers().items()]


def discussion_texts(discussion: Discussion) -> list[tuple[str, str]]:
    """Named as DISCUSSION_EXPECTED names them, so a colleague's own details are not flagged."""
    return [
        ("the registrant's name", discussion.colleague_name),
        ("the PIN", discussion.colleague_pin),
        ("the e-mail", discussion.colleague_email),
        ("the address", discussion.colleague_address),
        ("the notes", discussion.notes),
    ]


def discussion_problems(discussion: Discussion, config: ScannerConfig) -> list[FieldProblem]:
    return scan_fields(discussion_texts(discussion), config, DISCUSSION_EXPECTED)
