"""Supervision trend report: the Trends page's numbers as a PDF to discuss with a supervisor.

Every number comes from ``reflect.analytics`` — the same ``dashboard()`` the Trends page
draws — so the PDF and the screen agree. Private text stays out unless the practitioner
ticks reflections to include, and then only once the identifier scanner finds nothing in
them. Qt-free: the command line and the Reports page both call ``write_supervision_report``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.units import mm
from reportlab.platypus import (
    SimpleDocTemplate,
)

from reflect.files import write_file
from reflect.frameworks import FrameworkCatalog
from reflect.records import ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.reports.pdf import FOOTER, MARGIN, PAGE, NumberedCanvas, Progress, build, checker
from reflect.reports.supervision_sections import (
    report_story,
)
from reflect.reports.supervision_selection import (
    IdentifiersFound,
    ReportData,
    ReportError,
    ReportRequest,
    TextProblem,
    bin_size,
    check_included,
    focus_choice,
    load_records,
    load_report_data,
    records_filter,
    reference_framework,
    report_content,
    scanner_config,
)
from reflect.settings import Settings
from reflect.wording import (
    day_text,
)

# the selection and the sections live in supervision_selection and supervision_sections; callers import here
__all__ = [
    "IdentifiersFound",
    "ReportData",
    "ReportError",
    "ReportRequest",
    "TextProblem",
    "bin_size",
    "check_included",
    "focus_choice",
    "load_records",
    "load_report_data",
    "records_filter",
    "reference_framework",
    "scanner_config",
    "build_supervision_report",
    "check_destination",
    "save_supervision_report",
    "write_supervision_report",
]


# ---------------------------------------------------------------------------
# the document



def build_supervision_report(
    source: ReportData | Sequence[ReflectionRecord],
    catalog: FrameworkCatalog,
    settings: Settings,
    request: ReportRequest,
    generated: date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The report as PDF bytes. `source` must cover `records_filter(request, settings)` (more is fine)
    and hold whole records of the reflections to include (``load_report_data`` reads just that).

    Raises IdentifiersFound when a reflection to include holds a suspected identifier, and
    ReportError when one is not in the period; nothing is produced then. `progress` hears how far the
    build is, and may raise to stop it (``pdf.build``).
    """
    generated = generated or date.today()
    check = checker(progress)
    content = report_content(ReportData.of(source), catalog, settings, request, generated)
    check()
    name = settings.practitioner_name.strip()
    period = f"{day_text(request.start)} – {day_text(request.end)}"
    title = f"Supervision report, {period}" + (f", {name}" if name else "")
    buffer = io.BytesIO()
    encrypt = StandardEncryption(request.password, strength=128) if request.password else None
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=17 * mm, bottomMargin=18 * mm,
        title=title, author=name or "Reflect", subject="Supervision trend report", creator="Reflect",
        keywords=["supervision", "Ten Top Tips", "recovery-oriented practice"], lang="en-GB", encrypt=encrypt,
    )
    header = " · ".join(filter(None, ["Supervision report", name, period]))
    story = report_story(content)
    check()
    build(document, story, progress, canvasmaker=partial(
        NumberedCanvas, footer=f"{FOOTER} on {day_text(generated)}", header=header))
    return buffer.getvalue()


def check_destination(path: Path) -> None:
    """Refuse a folder or a missing folder before any work is done."""
    if path.is_dir():
        raise ReportError(f"{path} is a folder; give a file name for the report.")
    if not path.parent.is_dir():
        raise ReportError(f"The folder {path.parent} does not exist; choose an existing folder for the report.")


def write_supervision_report(
    path: Path,
    store: ReflectionStore,
    catalog: FrameworkCatalog,
    settings: Settings,
    request: ReportRequest,
    generated: date | None = None,
    progress: Progress | None = None,
) -> Path:
    """Load what the report needs, build it and write it atomically; the file is untouched on any error,
    and on a stop: `progress` (``pdf.build``) raising while the data is read or the PDF built."""
    check_destination(path)
    data = load_report_data(store, request, settings, checker(progress))
    return save_supervision_report(path, data, catalog, settings, request, generated, progress)


def save_supervision_report(
    path: Path,
    source: ReportData | Sequence[ReflectionRecord],
    catalog: FrameworkCatalog,
    settings: Settings,
    request: ReportRequest,
    generated: date | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build from data already loaded and write (nothing is written if `progress` stops the build)."""
    check_destination(path)
    write_file(path, build_supervision_report(source, catalog, settings, request, generated, progress))
    return path
