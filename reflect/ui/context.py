"""The UI's single doorway to the services, announcing every change as one ``Changes``.

The services (``reflections``, ``cpd``, ``evidence``, ``sessions``, ``prompts``,
``supervision``, ``supervisees``) are built once, when the database is attached, and
shared by every page. Every mutation goes through ``mutate`` (or ``announce`` for work
done on a worker thread), which emits ``changed`` with what it changed; pages connect
once and refresh only for the kinds of data they show.

A context can exist before its database is open: the checklist is built and painted
from the frameworks and settings alone, and the database (with SQLAlchemy, the
slowest import at start-up) is attached right after; ``startup`` (``ui/startup.py``)
runs what waited for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from reflect.cpd_data import ReflectionTemplate, load_templates
from reflect.errors import StorageError
from reflect.frameworks import Framework, FrameworkCatalog, load_catalog
from reflect.paths import DataPaths
from reflect.records import ReflectionFilter, ReflectionRecord, ReflectionSummary
from reflect.settings import PRIVATE_FIELDS, Settings, load_settings, save_settings, update_settings
from reflect.ui.changes import Changes
from reflect.ui.services import Services, import_later
from reflect.ui.startup import Phase, Startup
from reflect.ui.write_gate import WRITES
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT

if TYPE_CHECKING:
    from reflect.cpd import CpdStore
    from reflect.data.check_ahead import CheckAhead
    from reflect.data.db import Database
    from reflect.expected_sessions import ExpectedSessionStore
    from reflect.privacy import ScannerConfig
    from reflect.prompts import PromptService
    from reflect.reflections import ReflectionStore
    from reflect.revalidation_logs import EvidenceStore
    from reflect.supervision.practitioner import SupervisionStore
    from reflect.supervision.supervisor import SuperviseeStore

T = TypeVar("T")
log = logging.getLogger(__name__)


class AppContext(QObject):
    """Frameworks and settings for one data folder, and its database and services once open."""

    changed = Signal(object)  # a Changes: what one mutation changed
    identifierNamesCleared = Signal()  # the day's names were forgotten (Settings empties its box)
    writeWaiting = Signal(str)  # a sentence: a change is written once a writing operation ends (the status bar)

    def __init__(
        self, paths: DataPaths, catalog: FrameworkCatalog, settings: Settings, database: Database | None = None
    ) -> None:
        super().__init__()
        self.paths = paths
        self.catalog = catalog
        self.settings = settings
        self._database: Database | None = None
        self._services: Services | None = None
        self._saved_settings: dict[str, Any] = asdict(settings)  # to tell which keys a save changed
        self.startup = Startup(ready=False, parent=self)
        self._checked: CheckAhead | None = None  # the integrity check begun after the first paint
        self._scanner_key: tuple[object, ...] | None = None
        self._scanner: ScannerConfig | None = None
        self.today: Callable[[], date] = date.today  # replaced by tests that need another day
        self._locked = False  # the connection stays closed while the window is locked (see when_free)
        self._private_waiting = False  # the private settings are stored once a writing operation ends
        if database is not None:
            self.attach(database)

    @classmethod
    def load(cls, paths: DataPaths) -> AppContext:
        """Frameworks and settings only: enough to paint the checklist; the database follows."""
        context = cls(paths, load_catalog(paths.user_frameworks), load_settings(paths.settings))
        context.startup.phaseChanged.connect(context._check_ahead)
        return context

    def _check_ahead(self, phase: Phase) -> None:
        """Once the checklist is painted, a plain database's integrity check begins (reflect/data/check_ahead.py)."""
        if phase is not Phase.OPENING or not self.paths.database.exists():
            return
        from reflect.data.check_ahead import CheckAhead
        from reflect.data.encryption import database_is_encrypted

        if not database_is_encrypted(self.paths):
            self._checked = CheckAhead(self.paths)

    @classmethod
    def open(cls, paths: DataPaths, passphrase: str | None = None) -> AppContext:
        context = cls.load(paths)
        context.open_database(passphrase)
        return context

    def open_database(self, passphrase: str | None = None) -> None:
        """Open (and upgrade) the database; DamagedDatabase or StorageError leave the context without one."""
        from reflect.data.db import open_database

        checked, self._checked = self._checked, None  # once: after a recovery the file is checked again
        self.attach(open_database(self.paths, passphrase, checked))

    def attach(self, database: Database) -> None:
        from reflect.data.private_data import apply_private

        apply_private(self.settings, database)  # names, patterns, name and role live in the database
        self._saved_settings = asdict(self.settings)
        self._database = database
        self._services = Services(database, self.catalog, self.settings)
        self.startup.set_phase(Phase.READY)  # a save pressed meanwhile is stored first
        import_later()

    @property
    def ready(self) -> bool:
        """Whether the database is open (it is opened right after the first paint)."""
        return self._database is not None

    @property
    def database(self) -> Database:
        if self._database is None:
            raise RuntimeError("the database is not open yet")
        return self._database

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the database is not open yet")
        return self._services

    @property
    def reflections(self) -> ReflectionStore:
        return self.services.reflections

    @property
    def cpd(self) -> CpdStore:
        return self.services.cpd

    @property
    def evidence(self) -> EvidenceStore:
        return self.services.evidence

    @property
    def prompts(self) -> PromptService:
        return self.services.prompts

    @property
    def sessions(self) -> ExpectedSessionStore:
        return self.services.prompts.sessions

    @property
    def supervision(self) -> SupervisionStore:
        return self.services.supervision

    @property
    def supervisees(self) -> SuperviseeStore:
        return self.services.supervisees

    # ----- the one way data changes: run the mutation, then say what it changed
    def mutate(self, work: Callable[[], T], changes: Changes, refused_as: str | None = None) -> T:
        """Run a change to stored data and announce it (not if it raises); `refused_as`: see refuse_while_writing."""
        if refused_as is not None:
            self.refuse_while_writing(refused_as)
        result = work()
        self.announce(changes)
        return result

    def mutate_later(self, work: Callable[[], object], changes: Changes, what: str) -> None:
        """``mutate`` now, or once the operation writing meanwhile has ended (see ``when_free``)."""
        self.when_free(lambda: self.mutate(work, changes), what)

    def announce(self, changes: Changes) -> None:
        """Tell the pages what changed (for work already done, e.g. by an Operation on a worker thread)."""
        self.changed.emit(changes)
        self._close_if_locked()  # what the pages read meanwhile (an import ended while locked) reopened it

    # ----- structured reflection sections (templates such as "What? So what? Now what?")
    def templates(self) -> dict[str, ReflectionTemplate]:
        return load_templates(user=self.paths)

    def sections(self, reflection_id: str) -> tuple[str, dict[str, str]]:
        return self.cpd.sections(reflection_id)

    def save_sections(self, reflection_id: str, template: ReflectionTemplate | None, texts: dict[str, str]) -> None:
        self.mutate(lambda: self.cpd.save_sections(reflection_id, template, texts), Changes.of_reflections(reflection_id))

    # ----- backups
    def back_up(self) -> Path:
        from reflect.data import backups

        return backups.back_up(self.paths, self.database.passphrase)

    def daily_backup(self) -> Path | None:
        """The first start of each day keeps a copy (rotated: 7 daily, 4 weekly, 12 monthly)."""
        from reflect.data import backups

        return backups.daily_backup(self.paths, self.database.passphrase, datetime.now())

    # ----- encryption and lock (the passphrase lives only in the database's engine; changed in file_changes.py)
    @property
    def encrypted(self) -> bool:
        """An encrypted database is always unlocked before the window is built, so one not yet open is plain."""
        return self._database is not None and self._database.passphrase is not None

    def lock(self) -> None:
        """Close the database connection while the window is locked."""
        self._locked = True
        if self._database is not None:
            self._database.close()

    def reconnect(self, passphrase: str | None) -> None:
        """Check the passphrase against the file and connect again, one connection made ready (WrongPassphrase if
        it is not right). Each SQLCipher connection derives its key, a tenth of a second, so unlocking an encrypted
        database runs this on a worker; the window stays locked until ``unlocked``."""
        if self._database is not None:
            self._database.reopen(passphrase if self.encrypted else None)
            with self._database.engine.connect():
                pass  # kept by the pool for the GUI thread's next query

    def unlocked(self) -> None:
        self._locked = False

    # ----- writes from the GUI thread while an operation writes on a worker (reflect/ui/write_gate.py)
    def when_free(self, write: Callable[[], object], what: str | None) -> None:
        """Write now, or once the operation holding the write lock (an import) has ended, said quietly: waiting
        for its lock froze the window for seconds, then failed. `what` ends "…; {what} then." (None: the caller
        says it). While the window is locked, the connection is closed again after the write."""
        if not WRITES.busy:
            write()
            self._close_if_locked()
            return
        if what is not None:
            self.writeWaiting.emit(f"Waiting for “{WRITES.writer}” to finish; {what} then.")
        WRITES.when_free(lambda: self._write_waited(write))

    @staticmethod
    def refuse_while_writing(undone: str) -> None:
        """StorageError while an operation writes, for what would replace or convert the file under it."""
        refused = WRITES.refusal(undone)
        if refused is not None:
            raise StorageError(refused)

    def _write_waited(self, write: Callable[[], object]) -> None:
        try:
            write()
        except Exception as exc:  # nobody waits for an answer (Reflect may be quitting): logged, and the next one runs
            log.warning("A change that waited for other work could not be written", exc_info=exc)
        self._close_if_locked()

    def _close_if_locked(self) -> None:
        if self._locked and self._database is not None:
            self._database.close()

    def close(self) -> None:
        self.save_settings()
        if self._database is not None:
            self._database.close()

    def update_settings(self, **changes: object) -> frozenset[str]:
        """Change settings (checked in the core), save them, and announce the keys changed."""
        update_settings(self.settings, **changes)
        return self.save_settings()

    def save_settings(self) -> frozenset[str]:
        """Save the settings and announce the names of those changed since they were last saved."""
        save_settings(self.paths.settings, self.settings)
        now = asdict(self.settings)
        keys = frozenset(k for k, v in now.items() if self._saved_settings.get(k) != v)
        self._saved_settings = now
        if self._database is not None and not self._private_waiting and (keys & set(PRIVATE_FIELDS) or not WRITES.busy):
            if WRITES.busy:  # stored once it ends, with the values of then, however often they change meanwhile
                self._private_waiting = True
            self.when_free(self._store_private, "your name, role and identifier settings are stored")
        if keys:
            self.announce(Changes(settings=keys))
        return keys

    def _store_private(self) -> None:
        """The fields with user text go into the database (encrypted with it), not into settings.json."""
        from reflect.data.private_data import store_private

        self._private_waiting = False
        store_private(self.settings, self.database)

    def scanner_config(self) -> ScannerConfig:
        """The identifier scanner set up with the user's names and patterns (rebuilt when they change).

        Raises PatternError, naming the pattern, if a saved one cannot be used: it is never left out silently.
        """
        from reflect.privacy import build_scanner  # not needed to paint the form

        self.expire_identifier_names()
        key = (tuple(self.settings.identifier_names), tuple(tuple(sorted(p.items())) for p in self.settings.record_patterns))
        if self._scanner is None or self._scanner_key != key:
            self._scanner = build_scanner(self.settings.identifier_names, self.settings.record_patterns)
            self._scanner_key = key
        return self._scanner

    def expire_identifier_names(self) -> None:
        """With "clear at the end of each day" on, names entered on an earlier day are forgotten now,
        and saved so right after (not during a scan, which a settings change would restart)."""
        from reflect.day_names import clear_expired_names

        if clear_expired_names(self.settings, self.today()):
            self.identifierNamesCleared.emit()
            QTimer.singleShot(0, self.save_settings)

    def framework(self) -> Framework:
        return self.catalog.get(self.settings.framework_id) or self.catalog.default()

    def framework_for(self, record: ReflectionRecord) -> Framework:
        """The framework a reflection was made with, or the current one if it is gone."""
        return self.catalog.get(record.framework_id) or self.framework()

    def complete(self, record: ReflectionRecord) -> ReflectionRecord:
        """Save a finished reflection and remember its session details as defaults."""
        saved = self.reflections.save(replace(record, status=STATUS_COMPLETE))
        self.announce(Changes.of_reflections(saved.id))  # its id is known only once saved
        self.update_settings(last_setting=saved.setting, last_contact_type=saved.contact_type,
                             last_modality=saved.modality, last_duration_min=saved.duration_min)
        return saved

    def save_draft(self, record: ReflectionRecord) -> ReflectionRecord:
        """Autosave; announces nothing: no page lists drafts (History lists complete reflections),
        and a change set every second of typing would make pages reload for nothing."""
        return self.reflections.save(replace(record, status=STATUS_DRAFT))

    def latest_draft(self) -> ReflectionRecord | None:
        return self.reflections.latest_draft()

    def discard_draft(self, reflection_id: str) -> None:
        self.reflections.delete(reflection_id)

    def get(self, reflection_id: str) -> ReflectionRecord:
        return self.reflections.get(reflection_id)

    def delete(self, reflection_id: str) -> ReflectionRecord:
        return self.mutate(lambda: self.reflections.delete(reflection_id), Changes.of_reflections(reflection_id))

    def restore(self, snapshot: ReflectionRecord) -> None:
        self.mutate(lambda: self.reflections.restore(snapshot), Changes.of_reflections(snapshot.id))

    def count(self, flt: ReflectionFilter) -> int:
        return self.reflections.count(flt)

    def page(self, flt: ReflectionFilter, offset: int, limit: int) -> list[ReflectionSummary]:
        return self.reflections.list(flt, offset, limit)
