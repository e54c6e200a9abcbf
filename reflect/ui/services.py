"""The services over one open database, each built on first use, and the loading of the rest.

A save pressed at first paint needs only the reflections and CPD stores (and the modules the
start-up worker loads for them, ``reflect.ui.app.DATA_MODULES``); the others, the supervision
ones with reportlab for their PDF records, would make it wait longer. They are imported on a
pool thread once that save is done, so no page's first use of them waits either.
"""

from __future__ import annotations

import importlib
import logging
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool

from reflect.frameworks import FrameworkCatalog
from reflect.settings import Settings

if TYPE_CHECKING:
    from reflect.cpd import CpdStore
    from reflect.data.db import Database
    from reflect.prompts import PromptService
    from reflect.reflections import ReflectionStore
    from reflect.revalidation_logs import EvidenceStore
    from reflect.supervision.practitioner import SupervisionStore
    from reflect.supervision.supervisor import SuperviseeStore

log = logging.getLogger(__name__)

LATER_MODULES = (
    "reflect.prompts", "reflect.revalidation_logs", "reflect.supervision.practitioner", "reflect.supervision.supervisor",
)


def _import_all() -> None:
    for name in LATER_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # the store's first use raises it again, where it can be reported
            log.warning("Loading %s ahead of its first use failed", name, exc_info=True)


class Services:
    """Everything that reads or writes the database, each store built on first use."""

    def __init__(self, database: Database, catalog: FrameworkCatalog, settings: Settings) -> None:
        self._database = database
        self._catalog = catalog
        self._settings = settings

    @cached_property
    def reflections(self) -> ReflectionStore:
        from reflect.reflections import ReflectionStore

        return ReflectionStore(self._database, self._catalog)

    @cached_property
    def cpd(self) -> CpdStore:
        from reflect.cpd import CpdStore

        return CpdStore(self._database)

    @cached_property
    def evidence(self) -> EvidenceStore:
        from reflect.revalidation_logs import EvidenceStore

        return EvidenceStore(self._database)

    @cached_property
    def prompts(self) -> PromptService:
        from reflect.prompts import PromptService

        return PromptService(self._database, self._settings)

    @cached_property
    def supervision(self) -> SupervisionStore:
        """Comments and summaries received from a supervisor."""
        from reflect.supervision.practitioner import SupervisionStore

        return SupervisionStore(self._database)

    @cached_property
    def supervisees(self) -> SuperviseeStore:
        """Packs received as a supervisor."""
        from reflect.supervision.supervisor import SuperviseeStore

        return SuperviseeStore(self._database)


def import_later() -> None:
    """Import LATER_MODULES on a pool thread (a failure is raised again by the store's first use)."""
    QThreadPool.globalInstance().start(_import_all)
