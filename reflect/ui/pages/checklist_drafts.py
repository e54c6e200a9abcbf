"""Drafts of a new reflection: autosaved a second after a change, flushed on close, offered back at start-up.

Mixed into the checklist form (``checklist.py``), which owns the fields named below. Edits
to a saved reflection are never drafts: they replace it only when the user saves.

While an import holds the write lock, a flush (the window locked, a new reflection started,
another opened) takes what the form shows at that moment and writes it once the import ends
(``AppContext.when_free``): the form moves on at once, and the draft is never lost. A save pressed
then is kept the same way (``_save_when_free``).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from reflect.errors import UserError
from reflect.records import ReflectionRecord
from reflect.ui.context import AppContext
from reflect.ui.widgets.draft_banner import DraftBanner
from reflect.ui.widgets.template_sections import TemplateSections
from reflect.ui.write_gate import WRITES

log = logging.getLogger(__name__)


class DraftKeeping:
    """Autosave and the start-up offer; the form sets these attributes and provides ``record``."""

    _context: AppContext
    _editing: ReflectionRecord | None
    _draft_id: str | None
    _created_at: datetime | None
    _autosave: QTimer
    sections: TemplateSections
    status_label: QLabel
    draft_banner: DraftBanner
    record: Callable[..., ReflectionRecord]
    focus_first: Callable[[], None]
    reset: Callable[[], None]
    _say_saved: Callable[[ReflectionRecord, bool], None]

    def save_draft(self) -> None:
        if self._editing is not None:
            return
        if not self._context.ready:
            self._autosave.start()  # try again in a second
            return
        record = self._draft()
        if record is None:
            return
        try:
            stored = self._context.save_draft(record)
        except UserError as exc:
            log.warning("Autosaving a draft failed: %s", exc)
            self.status_label.setText("Draft could not be autosaved; your answers are still here.")
            return
        self._draft_id = stored.id
        self._created_at = stored.created_at
        if stored.id:
            self._context.save_sections(stored.id, self.sections.template(), self.sections.sections())
        self.status_label.setText(f"Draft autosaved at {datetime.now():%H:%M:%S}.")

    def _draft(self) -> ReflectionRecord | None:
        """What the form shows, as a draft; None when nothing is typed yet (no draft needed)."""
        record = self.record(status="draft")
        typed_sections = any(text.strip() for text in self.sections.sections().values())
        if not record.ratings and not record.text and not record.tags and not typed_sections and self._draft_id is None:
            return None
        return record

    def _autosave_now(self) -> None:
        """The autosave timer: while other work writes (an import's one long transaction), try again a
        second later rather than wait for its lock with the window frozen."""
        if WRITES.busy:
            self._autosave.start()
            return
        self.save_draft()

    def flush_draft(self) -> None:
        """Write a pending autosave now (on close or lock), or once the operation writing meanwhile ends."""
        if self._autosave.isActive():
            self._autosave.stop()
            if WRITES.busy and self._editing is None and self._context.ready:
                self._flush_later()
            else:
                self.save_draft()

    def _flush_later(self) -> None:
        """Keep the form's content now, write it later: the form may be locked away, reset or replaced meanwhile.

        A new draft is given its id now, so autosaves after this one (if the form still shows it) replace it.
        """
        record = self._draft()
        if record is None:
            return
        draft_id = self._draft_id = record.id or uuid.uuid4().hex
        record = replace(record, id=draft_id)
        context, template, texts = self._context, self.sections.template(), self.sections.sections()

        waiting = f"Waiting for “{WRITES.writer}” to finish; your draft is saved then."

        def write() -> None:
            context.save_draft(record)
            context.save_sections(draft_id, template, texts)
            with contextlib.suppress(RuntimeError):  # the form went with its window (Reflect is quitting)
                if self.status_label.text() == waiting:
                    self.status_label.setText(f"Draft saved at {datetime.now():%H:%M:%S}.")

        context.when_free(write, None)  # said under the form, where its autosaves are reported
        self.status_label.setText(waiting)

    def _save_when_free(self, record: ReflectionRecord) -> None:
        """A save (checked, identifiers confirmed) while an import writes: what the form shows now is saved
        once it ends, and the form moves on at once, so nothing typed, opened or locked meanwhile changes
        what is saved (the form's content at the end, or a draft flushed after the save, did)."""
        context, template, texts = self._context, self.sections.template(), self.sections.sections()
        was_editing = self._editing is not None
        self.reset()
        self.status_label.setText(f"Waiting for “{WRITES.writer}” to finish; this reflection is saved then.")

        def write() -> None:
            try:
                saved = context.complete(record)
            except UserError as exc:  # the form has moved on: kept as a draft, offered back at the next start
                with contextlib.suppress(RuntimeError):
                    self.status_label.setText(f"{exc} The reflection you saved is kept as an unfinished draft.")
                kept = context.save_draft(record)
                if kept.id:
                    context.save_sections(kept.id, template, texts)
                return
            if saved.id:
                context.save_sections(saved.id, template, texts)
            with contextlib.suppress(RuntimeError):  # the form went with its window (Reflect is quitting)
                self._say_saved(saved, was_editing)

        context.when_free(write, None)  # said under the form

    # ----- drafts found at start-up
    def offer_draft(self, draft: ReflectionRecord) -> None:
        self.draft_banner.offer(draft, self._context.framework_for(draft))

    def _discard_draft(self, draft: ReflectionRecord) -> None:
        if draft.id:
            self._context.when_free(lambda: self._context.discard_draft(draft.id or ""), "the unfinished reflection is discarded")
            self.status_label.setText("Unfinished reflection discarded.")
        self.focus_first()
