"""The supervisor's response: comments, overall note, agreed actions and sign-off, sealed like a pack.

A response answers one pack (by its id) and may only comment on what the pack held:
its reflections and its tips. Every comment is scanned for identifiers before it is
written, and again when the practitioner imports it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from reflect.privacy import ScannerConfig
from reflect.supervision.document import Fields, SupervisionFileError, open_document, seal_document, write_sealed
from reflect.supervision.pack import Pack
from reflect.supervision.scanning import refuse_identifiers
from reflect.wording import moment_text

MAX_HOURS = 24.0


@dataclass(frozen=True)
class SignOff:
    name: str
    role: str
    signed_on: date
    registration: str = ""  # optional, e.g. "GMC 1234567" or an NMC PIN
    email: str = ""  # optional; with an NMC PIN it completes the NMC reflective discussion form


@dataclass(frozen=True)
class Comment:
    """On a reflection (`about` is its id) or on a tip's trend (`about` is the tip id)."""

    about: str
    title: str  # what the comment is on, in words: "Reflection of 3 Nov 2026 10:00" or "Hope"
    text: str


@dataclass(frozen=True)
class Response:
    pack_id: str
    practitioner: str
    start: date
    end: date
    discussed_on: date
    hours: float = 1.0
    reflection_comments: tuple[Comment, ...] = ()
    tip_comments: tuple[Comment, ...] = ()
    overall: str = ""
    actions: tuple[str, ...] = ()
    sign_off: SignOff | None = None
    id: str = field(default="")

    def texts(self) -> list[tuple[str, str]]:
        """Every text written by the supervisor as (place, text) for the identifier scan."""
        fields = [(f"the comment on {c.title}", c.text) for c in self.reflection_comments + self.tip_comments]
        fields.append(("the overall note", self.overall))
        fields.extend((f"agreed action {i}", a) for i, a in enumerate(self.actions, start=1))
        if self.sign_off:
            fields.append(("the sign-off role", self.sign_off.role))
        return fields


def blank_response(pack: Pack, today: date) -> Response:
    return Response(pack.id, pack.practitioner, pack.start, pack.end, today)


def with_comments(
    response: Response, pack: Pack, on_reflections: dict[str, str], on_tips: dict[str, str]
) -> Response:
    """Comments keyed by reflection id and tip id, checked against the pack; empty ones are dropped."""
    reflection_comments = []
    for reflection_id, text in on_reflections.items():
        reflection = pack.reflection(reflection_id)
        if reflection is None:
            raise SupervisionFileError(f"Reflection {reflection_id} is not in this pack, so it cannot be commented on.")
        if text.strip():
            title = f"the reflection of {moment_text(reflection.occurred_at)}"
            reflection_comments.append(Comment(reflection_id, title, text.strip()))
    tip_comments = []
    for tip_id, text in on_tips.items():
        tip = pack.tip(tip_id)
        if tip is None:
            raise SupervisionFileError(f"{tip_id!r} is not a tip in this pack's trend summary.")
        if text.strip():
            tip_comments.append(Comment(tip_id, f"the trend of {tip.label}", text.strip()))
    return replace(response, reflection_comments=tuple(reflection_comments), tip_comments=tuple(tip_comments))


def check_ready(response: Response) -> SignOff:
    """A response can be sent once it is signed off with a name, a role and a date."""
    sign_off = response.sign_off
    if sign_off is None or not sign_off.name.strip() or not sign_off.role.strip():
        raise SupervisionFileError("Sign off with your name and role before sending the response.")
    if not 0 < response.hours <= MAX_HOURS:
        raise SupervisionFileError(f"Give the length of the supervision in hours, above 0 and at most {MAX_HOURS:g}.")
    return sign_off


def response_to_json(response: Response) -> dict[str, Any]:
    sign_off = response.sign_off
    return {
        "id": response.id, "pack_id": response.pack_id, "practitioner": response.practitioner,
        "period": {"start": response.start.isoformat(), "end": response.end.isoformat()},
        "discussed_on": response.discussed_on.isoformat(), "hours": response.hours,
        "reflection_comments": [{"about": c.about, "title": c.title, "text": c.text}
                                for c in response.reflection_comments],
        "tip_comments": [{"about": c.about, "title": c.title, "text": c.text} for c in response.tip_comments],
        "overall": response.overall, "actions": list(response.actions),
        "sign_off": None if sign_off is None else {
            "name": sign_off.name, "role": sign_off.role, "registration": sign_off.registration,
            "email": sign_off.email, "signed_on": sign_off.signed_on.isoformat(),
        },
    }


def response_from_json(data: dict[str, Any], name: str) -> Response:
    f = Fields(data, name)
    period = f.part("period")
    sign_off = None
    if data.get("sign_off") is not None:
        s = f.part("sign_off")
        sign_off = SignOff(s.text("name"), s.text("role"), s.day("signed_on"), s.text("registration", ""),
                           s.text("email", ""))
    actions = data.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise SupervisionFileError(f"{name} is damaged: its agreed actions are not readable.")
    return Response(
        pack_id=f.text("pack_id"), practitioner=f.text("practitioner"),
        start=period.day("start"), end=period.day("end"), discussed_on=f.day("discussed_on"),
        hours=f.number("hours"),
        reflection_comments=tuple(Comment(c.text("about"), c.text("title"), c.text("text"))
                                  for c in f.items("reflection_comments")),
        tip_comments=tuple(Comment(c.text("about"), c.text("title"), c.text("text")) for c in f.items("tip_comments")),
        overall=f.text("overall", ""), actions=tuple(actions), sign_off=sign_off, id=f.text("id", ""),
    )


def write_response(path: Path, response: Response, config: ScannerConfig, passphrase: str) -> Response:
    """Check the sign-off, scan every comment, then seal; returns the response with its new id."""
    check_ready(response)
    refuse_identifiers(response.texts(), config, "remove it before sending the response; nothing was written.")
    sent = replace(response, id=response.id or uuid.uuid4().hex)
    write_sealed(path, seal_document("response", response_to_json(sent), passphrase))
    return sent


def read_response(path: Path, passphrase: str) -> Response:
    response = response_from_json(open_document(path, "response", passphrase), path.name)
    if not response.id:
        raise SupervisionFileError(f"{path.name} is damaged: it has no id.")
    check_ready(response)
    return response
