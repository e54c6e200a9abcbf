"""'How to read this report': a plain-English line for each statistical term a report uses.

The meanings come from ``reflect.glossary`` (their one home), so a term reads the same in
the PDFs as in the app's tooltips; each report names the terms it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from reflect.glossary import GLOSSARY

# the terms the score chart and the tips × period heatmap use (both reports draw them)
HEATMAP_TERMS = ("period", "rating", "count", "thin", "colour_scale")
# and the per-tip and group tables and the comparisons of the supervision report
TABLE_TERMS = ("yes_share", "range", "points", "overlap")


def how_to_read(keys: Sequence[str], s: dict[str, ParagraphStyle], title: str = "How to read this report") -> list[Flowable]:
    """A small heading and one line per term: "<b>95 % range</b>: the range the true figure probably lies in…"."""
    lines = [f"<b>{escape(GLOSSARY[key].label[:1].upper() + GLOSSARY[key].label[1:])}</b>: "
             f"{escape(GLOSSARY[key].meaning)}" for key in keys]
    return [Paragraph(escape(title), s["h2"]), *(Paragraph(line, s["small"]) for line in lines)]
