"""The kinds of report the Reports page makes, its period presets, and the work each runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.frameworks import FrameworkCatalog
from reflect.settings import Settings
from reflect.ui.context import AppContext
from reflect.ui.ops import Worker
from reflect.ui.widgets.period_picker import CUSTOM
from reflect.ui.widgets.reflection_picker import ChoiceSet, choices

if TYPE_CHECKING:
    from reflect.cpd import Account
    from reflect.data.db import Database

PRESETS = (("Last 4 weeks", 28), ("Last 3 months", 91), ("Last 6 months", 182), ("Last year", 365),
           ("Custom", CUSTOM))
KIND_SUPERVISION = "supervision"
KIND_CPD = "cpd"
# data, menu text, heading, noun in messages, file-name stem, introduction
KINDS = (
    (KIND_SUPERVISION, "Supervision trend report", "Supervision report", "supervision report", "supervision-report",
     "A PDF of your checklist trends to discuss in supervision: sessions, scores, every tip's rate with "
     "its change since the previous period, a heatmap, groupings and prompts for discussion. "
     "Your private text is left out unless you tick reflections below."),
    (KIND_CPD, "CPD portfolio", "CPD portfolio", "CPD portfolio", "cpd-portfolio",
     "A PDF portfolio for revalidation or appraisal: your development plan, the CPD log of the period with "
     "totals against your scheme's targets, the reflective accounts you tick below on the NMC layout, "
     "reflective discussions and the summary charts. Every text is checked for identifiers first."),
)


def supervision_work(path: Path, catalog: FrameworkCatalog, settings: Settings,
                     request: object) -> Callable[[Worker], Path]:
    """The period's columns (and whole records only of the ticked reflections) are loaded and the PDF
    built on the worker, with its own connection: whole records of all time took about 7 s at 100,000.
    The build reports its progress, and stops part-way at a Cancel (or when Reflect closes)."""
    def work(worker: Worker) -> Path:
        from reflect.reflections import ReflectionStore
        from reflect.reports.supervision import write_supervision_report

        assert worker.database is not None
        return write_supervision_report(path, ReflectionStore(worker.database, catalog), catalog, settings,
                                        request, progress=worker.progress)  # type: ignore[arg-type]

    return work


def cpd_work(path: Path, context: AppContext, settings: Settings, request: object) -> Callable[[Worker], Path]:
    """The portfolio is gathered and built on the worker: CPD records, targets and charts are several queries."""
    catalog, paths = context.catalog, context.paths

    def work(worker: Worker) -> Path:
        from reflect.cpd import CpdStore
        from reflect.cpd_data import load_cpd_catalog
        from reflect.reflections import ReflectionStore
        from reflect.reports.cpd import write_cpd_report

        assert worker.database is not None
        return write_cpd_report(path, CpdStore(worker.database), ReflectionStore(worker.database, catalog), catalog,
                                load_cpd_catalog(user=paths), settings, request,  # type: ignore[arg-type]
                                progress=worker.progress)

    return work


def load_period(database: Database, start: date, end: date) -> tuple[ChoiceSet, list[Account]]:
    """The period's complete reflections, newest first, and its complete reflective accounts (on a worker)."""
    from reflect.cpd import CpdStore

    accounts = [a for a in CpdStore(database).accounts(start, end) if a.complete]
    return ChoiceSet(choices(database, start, end)), accounts
