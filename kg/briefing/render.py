"""Render a laid-out brief as Markdown or HTML (Jinja2 templates), or a brief as JSON.

Templates live in ``kg/templates`` (package data). HTML is self-contained: inline CSS, no
scripts, no external assets, autoescaping on, so any label or quote in the data renders as
text; Markdown gets the same guarantee from :func:`markdown_text` (no raw HTML, no links from
data). JSON keeps the contract of ``kg brief issue`` (see ``issue_json``): keys may be added,
never renamed. Output is deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from importlib import resources
from typing import Any

from kg.briefing.layout import Doc
from kg.briefing.model import Citation, IssueBrief, Label, Position, Ref

TEXT_FORMATS = ("md", "html", "json")
FORMATS = ("md", "html", "docx", "pdf", "json")


@functools.cache
def _env() -> Any:
    import jinja2

    def cell(value: object) -> str:
        # A Markdown table cell: no pipe or line break may end the cell early.
        return " ".join(str(value).split()).replace("|", "\\|") or " "

    loader = jinja2.FunctionLoader(
        lambda name: resources.files("kg.templates").joinpath(name).read_text(encoding="utf-8")
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = cell
    return env


_MD_SPECIAL = re.compile(r"[\\`&<>]|\](?=[(\[:])")
_MD_ESCAPES = {"\\": "\\\\", "`": "\\`", "&": "&amp;", "<": "&lt;", ">": "&gt;", "]": "\\]"}


def markdown_text(text: str) -> str:
    """Text from the data, made inert in Markdown: a viewer shows it, never runs it.

    ``<`` ``>`` ``&`` become entities (no raw HTML: ``<script>``, ``<img onerror=…>``, autolinks
    ``<javascript:…>``); a ``]`` that would close a link text before ``(``, ``[`` or ``:`` is
    escaped (no ``[x](javascript:…)``, ``![img](…)``, reference links or definitions); a
    backslash or backtick is escaped, so no escape of ours can be undone and no code span can
    hide one. The words of the brief itself (``[3]`` citation numbers, headings) are unchanged.
    """
    return _MD_SPECIAL.sub(lambda m: _MD_ESCAPES[m.group()[0]], text)


def _markdown_safe(value: Any) -> Any:
    """A copy of a laid-out ``Doc`` (or any part of it) with every text run through
    :func:`markdown_text`: the one place where data enters Markdown."""
    if isinstance(value, str):
        return markdown_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value,
            **{
                f.name: _markdown_safe(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.name not in _MD_KEYS and f.init
            },
        )
    if isinstance(value, (list, tuple)):
        return type(value)(_markdown_safe(v) for v in value)
    return value


_MD_KEYS = frozenset({"lang", "kind"})
"""Fields of the layout that are keys the template branches on, not text."""


def render_markdown(doc: Doc) -> str:
    text = _env().get_template("brief.md.j2").render(doc=_markdown_safe(doc))
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:  # collapse runs of blank lines the template leaves
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def css_string(text: str) -> str:
    """Text for a CSS string literal, every character but letters, digits and spaces written
    as a hex escape: nothing in it can end the string, the rule or the style element."""
    return "".join(
        c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):06x}" for c in text
    )


def render_html(doc: Doc) -> str:
    css = resources.files("kg.templates").joinpath("brief.css").read_text(encoding="utf-8")
    before, _, after = doc.page_label.partition("{page}")
    text = (
        _env()
        .get_template("brief.html.j2")
        .render(
            doc=doc,
            css=css,
            page_before=css_string(before),
            page_after=css_string(after),
            marking_css=css_string(doc.marking),
        )
    )
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"


# ---------------------------------------------------------------------------- JSON


def _ref(ref: Ref | None) -> dict[str, object] | None:
    return None if ref is None else {"id": ref.id, "label": ref.label.as_json()}


def _cite(c: Citation | None) -> dict[str, object] | None:
    if c is None:
        return None
    out: dict[str, object] = {
        "meeting": c.meeting.id,
        "section": c.section,
        "quote": c.quote,
        "source": c.as_json(),
    }
    if c.rendering:
        out["rendering_en"] = c.rendering
    return out


def position_json(p: Position) -> dict[str, object]:
    """One position in the shape of the issue contract, plus added fields."""
    out: dict[str, object] = {
        "holder": p.holder.id,
        "holder_label": p.holder.label.as_json(),
        "stance": p.stance.id,
        "target": p.target.id,
        "speaker": p.speaker.label.zh or p.speaker.id if p.speaker else None,
        "meeting": p.meeting.id,
        "quote": p.citation.quote,
        "source": p.citation.as_json(),
        # added fields (the contract allows additions, never renames)
        "statement": p.statement,
        "date": p.date,
        "section": p.citation.section,
        "side": p.side,
        "issue": p.issue.id,
        "target_label": p.target.label.as_json(),
        "stance_label": p.stance.label.as_json(),
        "responds_to": list(p.responds_to),
        "responds_to_holders": [h.id for h in p.responds_to_holders],
        "speaker_id": p.speaker.id if p.speaker else None,
        "speaker_label": p.speaker.label.as_json() if p.speaker else None,
        "unnamed": p.holder.is_unnamed,
    }
    if p.citation.rendering:
        out["rendering_en"] = p.citation.rendering
    if p.qualifications:
        out["qualifications"] = [
            {"kind": q.kind, **(_cite(q.citation) or {})} for q in p.qualifications
        ]
    return out


def issue_json(b: IssueBrief) -> dict[str, object]:
    """The ``kg brief issue`` contract: ``issue``, ``positions``, ``outcomes`` (+ added keys)."""
    return {
        "issue": {
            "id": b.issue.id,
            "label": b.issue.label.as_json(),
            "parents": [_ref(a) for a in b.ancestors],
            "sub_issues": [_ref(s) for s in b.sub_issues],
            "forum": _ref(b.forum),
            "documents": [_ref(d) for d in b.documents],
            "kfas": [_ref(k) for k in b.kfas],
            "open": b.is_open,
        },
        "positions": [position_json(p) for p in b.positions],
        "outcomes": [
            {
                "meeting": o.meeting.id,
                "status": o.status.id,
                "text": o.citation.quote,
                "target": o.target.id,
                "date": o.date,
                "section": o.citation.section,
                "source": o.citation.as_json(),
                **({"rendering_en": o.citation.rendering} if o.citation.rendering else {}),
            }
            for o in b.outcomes
        ],
        "proposals": [_plain(p) for p in b.proposals],
        "actions": [_plain(a) for a in b.follow_ups],
        "likely": {
            "note": "Inferred from each holder's last recorded stance on each target; not a forecast.",
            "holders": [
                {
                    "target": lean.target.id,
                    "holder": lean.holder.id,
                    "side": lean.side,
                    "last_stance": lean.last.stance.id,
                    "statement": lean.last.statement,
                }
                for lean in b.leanings
            ],
        },
    }


def _plain(value: Any) -> Any:
    """Any brief dataclass as JSON-ready data (refs as id + labels, citations as evidence)."""
    if isinstance(value, Ref):
        return _ref(value)
    if isinstance(value, Citation):
        return _cite(value)
    if isinstance(value, Label):
        return value.as_json()
    if isinstance(value, Position):
        return position_json(value)
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def render_json(brief: Any) -> str:
    """JSON for tools: sorted keys, UTF-8 text (not escaped), two-space indent."""
    data = issue_json(brief) if isinstance(brief, IssueBrief) else _plain(brief)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
