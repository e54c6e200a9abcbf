"""The supervisor's side: supervisees' packs and the responses being written, in their own tables.

Nothing here touches the supervisor's own reflections; each supervisee is kept under the
name the supervisor typed (packs carry the practitioner's own name too, but the supervisor
decides how to file them).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from reflect.data.db import Database
from reflect.data.model_base import utc_now
from reflect.data.models import ReceivedPack, Supervisee
from reflect.supervision.document import SupervisionFileError
from reflect.supervision.pack import Pack, parse_pack
from reflect.supervision.response import Response, blank_response, response_from_json, response_to_json


def _sent(row: ReceivedPack) -> bool:
    """A sent response has an id (given when it is sealed); a draft has none."""
    return bool(row.response) and bool(json.loads(row.response).get("id"))


@dataclass(frozen=True)
class StoredPack:
    id: str
    supervisee: str
    start: date
    end: date
    received_at: datetime
    sent: bool  # a response has been written


class SuperviseeStore:
    """Supervisees and their packs in the supervisor's data folder."""

    def __init__(self, database: Database) -> None:
        self._sessions = database.sessions

    def receive(self, name: str, pack: Pack, data: dict[str, object]) -> StoredPack:
        """File an opened pack under a supervisee's typed name; the same pack twice is kept once."""
        name = " ".join(name.split())
        if not name:
            raise SupervisionFileError("Type the supervisee's name to file the pack under.")
        with self._sessions.begin() as session:
            person = session.scalar(select(Supervisee).where(func.lower(Supervisee.name) == name.lower()))
            if person is None:
                person = Supervisee(id=uuid.uuid4().hex, name=name[:200], created_at=utc_now())
                session.add(person)
                session.flush()
            row = session.get(ReceivedPack, pack.id)
            if row is None:
                row = ReceivedPack(
                    id=pack.id, supervisee_id=person.id, period_start=pack.start, period_end=pack.end,
                    content=json.dumps(data, ensure_ascii=False), response="", received_at=utc_now(), updated_at=utc_now(),
                )
                session.add(row)
            elif row.supervisee_id != person.id:
                other = session.get(Supervisee, row.supervisee_id)
                raise SupervisionFileError(
                    f"This pack is already filed under {other.name if other else 'another supervisee'}."
                )
            session.flush()
            return StoredPack(row.id, person.name, row.period_start, row.period_end, row.received_at, _sent(row))

    def packs(self, name: str | None = None) -> list[StoredPack]:
        """Packs newest period first, of one supervisee (by typed name) or of all."""
        query = select(ReceivedPack, Supervisee.name).join(Supervisee)
        if name is not None:
            query = query.where(func.lower(Supervisee.name) == " ".join(name.split()).lower())
        with self._sessions() as session:
            rows = session.execute(query.order_by(ReceivedPack.period_end.desc(), ReceivedPack.received_at.desc()))
            return [StoredPack(r.id, n, r.period_start, r.period_end, r.received_at, _sent(r)) for r, n in rows]

    def latest_pack(self, name: str) -> StoredPack:
        packs = self.packs(name)
        if not packs:
            raise SupervisionFileError(f"There is no pack filed under {name!r}; open one with its name first.")
        return packs[0]

    def pack(self, pack_id: str) -> Pack:
        with self._sessions() as session:
            row = session.get(ReceivedPack, pack_id)
            if row is None:
                raise SupervisionFileError(f"There is no supervision pack with the id {pack_id}.")
            return parse_pack(json.loads(row.content), "the stored pack")

    def response(self, pack_id: str, today: date | None = None) -> Response:
        """The response written so far (a draft, or what was sent), or a blank one."""
        with self._sessions() as session:
            row = session.get(ReceivedPack, pack_id)
            if row is None:
                raise SupervisionFileError(f"There is no supervision pack with the id {pack_id}.")
            saved = row.response
        if saved:
            return response_from_json(json.loads(saved), "the stored response")
        return blank_response(self.pack(pack_id), today or date.today())

    def save_response(self, response: Response) -> None:
        """Keep the response with its pack (a draft, or the copy of what was sent)."""
        with self._sessions.begin() as session:
            row = session.get(ReceivedPack, response.pack_id)
            if row is None:
                raise SupervisionFileError(f"There is no supervision pack with the id {response.pack_id}.")
            row.response = json.dumps(response_to_json(response), ensure_ascii=False)
            row.updated_at = utc_now()
