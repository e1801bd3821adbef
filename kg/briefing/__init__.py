"""Briefings a delegation can carry into the room: issue, economy, meeting and prep briefs.

Three steps, each a pure function of the one before:

1. ``build_*_brief(store, iri)`` (``kg.briefing.build``, ``kg.briefing.meeting``) reads the
   graph through named queries and returns a frozen dataclass (``kg.briefing.model``);
2. ``layout(brief, lang)`` (``kg.briefing.pages``) turns it into a ``Doc`` of headings,
   paragraphs, lists and tables in one language, numbering every citation;
3. ``render_markdown`` / ``render_html`` (Jinja2 templates in ``kg/templates``) and
   ``render_docx`` (python-docx) write the ``Doc``; ``render_json`` writes the brief itself.

Heavy imports (python-docx, Jinja2) happen only inside the renderer that needs them.
"""

from __future__ import annotations

from typing import Any

from kg.briefing.build import build_economy_brief, build_issue_brief
from kg.briefing.changes import build_changes_brief
from kg.briefing.layout import Doc
from kg.briefing.meeting import build_meeting_brief, build_prep_brief
from kg.briefing.model import (
    LANGS,
    ChangesBrief,
    EconomyBrief,
    IssueBrief,
    MeetingBrief,
    PrepBrief,
)
from kg.briefing.render import FORMATS, render_html, render_json, render_markdown
from kg.briefing.text import ui

KINDS = ("issue", "economy", "meeting", "prep", "changes")


def layout(brief: Any, lang: str) -> Doc:
    """Lay any brief out in ``lang`` (``zh-Hant`` or ``en``)."""
    from kg.briefing import pages

    if isinstance(brief, IssueBrief):
        return pages.layout_issue(brief, lang)
    if isinstance(brief, EconomyBrief):
        return pages.layout_economy(brief, lang)
    if isinstance(brief, MeetingBrief):
        return pages.layout_meeting(brief, lang)
    if isinstance(brief, PrepBrief):
        from kg.briefing.packs import layout_prep

        return layout_prep(brief, lang)
    if isinstance(brief, ChangesBrief):
        from kg.briefing.packs import layout_changes

        return layout_changes(brief, lang)
    raise TypeError(f"not a brief: {type(brief).__name__}")


def render(
    brief: Any,
    fmt: str,
    lang: str = LANGS[0],
    marking: str = "",
    prepared: str = "",
    annexes: bool = True,
) -> str | bytes:
    """The brief in ``fmt`` (``md``, ``html``, ``json`` → text; ``docx``, ``pdf`` → bytes).

    Args:
        marking: a handling marking (e.g. ``RESTRICTED``) printed at the top, and in the
            header and footer of Word, HTML print and PDF pages.
        prepared: the date the brief is prepared, given by the user (``--prepared``), never
            read from the clock; without it the brief says which date the record runs to.
        annexes: ``False`` leaves the annexes and sources out (what the page limits count).
    """
    if fmt == "json":
        return render_json(brief)
    doc = layout(brief, lang)
    t = ui(lang)
    doc.marking = marking
    doc.prepared = prepared
    if prepared:
        doc.meta.append((t("meta.prepared"), prepared))
    elif doc.date:
        doc.meta.append((t("meta.as-of"), doc.date))
    if not annexes:
        doc = doc.without_annexes()
    if fmt == "md":
        return render_markdown(doc)
    if fmt == "html":
        return render_html(doc)
    if fmt in ("docx", "pdf"):
        from kg.briefing.docx import render_docx

        data = render_docx(doc)
        if fmt == "docx":
            return data
        from kg.briefing.pdf import docx_to_pdf

        return docx_to_pdf(data, prepared or doc.date)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = [
    "KINDS",
    "FORMATS",
    "LANGS",
    "build_issue_brief",
    "build_economy_brief",
    "build_meeting_brief",
    "build_prep_brief",
    "build_changes_brief",
    "layout",
    "render",
    "render_markdown",
    "render_html",
    "render_json",
    "IssueBrief",
    "EconomyBrief",
    "MeetingBrief",
    "PrepBrief",
    "ChangesBrief",
]
