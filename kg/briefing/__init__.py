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
from kg.briefing.layout import Doc
from kg.briefing.meeting import build_meeting_brief, build_prep_brief
from kg.briefing.model import LANGS, EconomyBrief, IssueBrief, MeetingBrief, PrepBrief
from kg.briefing.render import FORMATS, render_html, render_json, render_markdown

KINDS = ("issue", "economy", "meeting", "prep")


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
        return pages.layout_prep(brief, lang)
    raise TypeError(f"not a brief: {type(brief).__name__}")


def render(brief: Any, fmt: str, lang: str = LANGS[0]) -> str | bytes:
    """The brief in ``fmt`` (``md``, ``html``, ``json`` → text; ``docx`` → bytes)."""
    if fmt == "json":
        return render_json(brief)
    doc = layout(brief, lang)
    if fmt == "md":
        return render_markdown(doc)
    if fmt == "html":
        return render_html(doc)
    if fmt == "docx":
        from kg.briefing.docx import render_docx

        return render_docx(doc)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = [
    "KINDS",
    "FORMATS",
    "LANGS",
    "build_issue_brief",
    "build_economy_brief",
    "build_meeting_brief",
    "build_prep_brief",
    "layout",
    "render",
    "render_markdown",
    "render_html",
    "render_json",
    "IssueBrief",
    "EconomyBrief",
    "MeetingBrief",
    "PrepBrief",
]
