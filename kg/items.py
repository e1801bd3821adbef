"""The items of a meeting record as typed, frozen values: what the checks and the RDF mapping read.

``kg.records`` parses a ``data/meetings/*.yaml`` file, checks every key against
``RECORD_FIELDS`` (the one declaration of the format) and resolves every quote to a
:class:`Span`; :func:`meeting_items` then turns the checked mappings into these
classes once. From there on no code reads a raw mapping: ``kg.records.check_meeting``
resolves the references of typed items and ``kg.build`` maps each kind to triples. Every
value keeps the line it came from, so a later error still names file and line.

Plain frozen dataclasses, not a validation library: the format is already checked, with
file-and-line messages, by the schema walk in ``kg.records``; what is needed here is only a
name and a type for each field (mypy reads them), which the standard library gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Where a fact sits in its source: ``text[start:end] == quote``."""

    source: str
    start: int
    end: int
    quote: str


Label = Mapping[str, str]
"""``{"en": …, "zh-Hant": …, "zh-Hans": …}``: the languages a label has."""


def _list(value: Any) -> tuple[str, ...]:
    """One id or a list of ids, as strings (``refs`` and ``dates`` fields)."""
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


def _key_line(node: Any, key: str) -> int | None:
    """The line of ``key`` in a mapping loaded with line numbers (``kg.records.LineDict``)."""
    return (getattr(node, "key_lines", None) or {}).get(key) or getattr(node, "line", None)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _label(value: Any) -> Label | None:
    """A label mapping with its empty languages left out (the graph has no empty labels)."""
    return None if value is None else {str(k): str(v) for k, v in value.items() if v}


@dataclass(frozen=True, kw_only=True)
class Cited:
    """What every item with evidence has: its id, the span it quotes, its agenda item, an
    English rendering and a note."""

    id: str
    span: Span
    line: int | None
    item: str | None = None
    en: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Meeting:
    id: str
    forum: str
    label: Label
    line: int | None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    mode: str | None = None
    host: str | None = None
    chair: str | None = None
    attendees: tuple[str, ...] = ()
    attendees_line: int | None = None


@dataclass(frozen=True, kw_only=True)
class AgendaItem:
    id: str
    line: int | None
    section: str = ""
    parent: str | None = None
    title: Label | None = None
    issues: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Proposal(Cited):
    issue: str
    by: str
    label: Label
    plurality: str | None = None


@dataclass(frozen=True, kw_only=True)
class Qualification:
    kind: str
    span: Span
    line: int | None
    en: str = ""


@dataclass(frozen=True, kw_only=True)
class Statement(Cited):
    holder: str
    plurality: str | None = None
    speaker: str | None = None
    stance: str | None = None
    target: str | None = None
    responds_to: tuple[str, ...] = ()
    qualifications: tuple[Qualification, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Outcome(Cited):
    target: str
    status: str


@dataclass(frozen=True, kw_only=True)
class Action(Cited):
    actors: tuple[str, ...]
    text: Label
    plurality: str | None = None
    target: str | None = None
    due: str | None = None


@dataclass(frozen=True, kw_only=True)
class Project(Cited):
    title: Label
    status: str
    proponents: tuple[str, ...] = ()
    cosponsors: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()
    forum: str | None = None
    dates: tuple[str, ...] = ()
    kfas: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Figure(Cited):
    label: Label
    value: float
    value_max: float | None = None
    unit: str = ""
    kind: str = "substantive"
    about: str | None = None
    value_max_line: int | None = None


@dataclass(frozen=True, kw_only=True)
class NewIssue:
    """An issue a draft proposes; built into the draft's graph until it is registered."""

    id: str
    line: int | None
    item: str | None = None
    parent: str | None = None
    label: Label | None = None


@dataclass(frozen=True, kw_only=True)
class MeetingItems:
    """Everything a meeting record says, in file order."""

    status: str
    language: str
    source_title: Label | None
    meeting: Meeting
    agenda: tuple[AgendaItem, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    statements: tuple[Statement, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    actions: tuple[Action, ...] = ()
    projects: tuple[Project, ...] = ()
    figures: tuple[Figure, ...] = ()
    new_issues: tuple[NewIssue, ...] = ()
    has_review: bool = False
    """Whether the record still lists review items (a reviewed record may not)."""
    line: int | None = None
    lists: Mapping[str, int | None] = field(default_factory=dict)
    """Line of each top-level list of the record (``new_issues``, ``review``…)."""

    def holders(self) -> set[str]:
        """Every holder id the record names: host, attendee, proposer, statement holder, actor,
        proponent, cosponsor, figure subject (``unnamed`` and ``members`` included)."""
        m = self.meeting
        named = {v for v in (m.host, *m.attendees) if v}
        named.update(p.by for p in self.proposals)
        named.update(s.holder for s in self.statements)
        named.update(a for action in self.actions for a in action.actors)
        named.update(h for p in self.projects for h in (*p.proponents, *p.cosponsors))
        named.update(f.about for f in self.figures if f.about is not None)
        return named


def _cited(node: Any, span: Span) -> dict[str, Any]:
    """The fields every cited item has (:class:`Cited`)."""
    return {
        "id": str(node["id"]),
        "span": span,
        "line": getattr(node, "line", None),
        "item": _opt(node.get("item")),
        "en": _text(node.get("en")),
        "note": _text(node.get("note")),
    }


def _meeting(m: Any) -> Meeting:
    return Meeting(
        id=str(m["id"]),
        forum=str(m["forum"]),
        label=_label(m["label"]) or {},
        line=getattr(m, "line", None),
        date=_opt(m.get("date")),
        start=_opt(m.get("start")),
        end=_opt(m.get("end")),
        mode=_opt(m.get("mode")),
        host=_opt(m.get("host")),
        chair=_opt(m.get("chair")),
        attendees=_list(m.get("attendees")),
        attendees_line=getattr(m.get("attendees"), "line", None),
    )


def _agenda_item(n: Any) -> AgendaItem:
    return AgendaItem(
        id=str(n["id"]),
        line=getattr(n, "line", None),
        section=_text(n.get("section")),
        parent=_opt(n.get("parent")),
        title=_label(n.get("title")),
        issues=_list(n.get("issues")),
    )


def _new_issue(n: Any) -> NewIssue:
    return NewIssue(
        id=str(n["id"]),
        line=getattr(n, "line", None),
        item=_opt(n.get("item")),
        parent=_opt(n.get("parent")),
        label=_label(n.get("label")),
    )


def _proposal(n: Any, cited: dict[str, Any], spans: Mapping[tuple[str, str], Span]) -> Proposal:
    return Proposal(
        **cited,
        issue=str(n.get("issue")),
        by=str(n.get("by")),
        label=_label(n.get("label")) or {},
        plurality=_opt(n.get("plurality")),
    )


def _statement(n: Any, cited: dict[str, Any], spans: Mapping[tuple[str, str], Span]) -> Statement:
    qualifications = tuple(
        Qualification(
            kind=str(q.get("kind")),
            span=spans[("qualifications", f"{n['id']}/{number}")],
            line=getattr(q, "line", None),
            en=_text(q.get("en")),
        )
        for number, q in enumerate(n.get("qualifications") or [], 1)
    )
    return Statement(
        **cited,
        holder=str(n.get("holder")),
        plurality=_opt(n.get("plurality")),
        speaker=_opt(n.get("speaker")),
        stance=_opt(n.get("stance")),
        target=_opt(n.get("target")),
        responds_to=_list(n.get("responds_to")),
        qualifications=qualifications,
    )


def _outcome(n: Any, cited: dict[str, Any], spans: Mapping[tuple[str, str], Span]) -> Outcome:
    return Outcome(**cited, target=str(n.get("target")), status=str(n.get("status")))


def _action(n: Any, cited: dict[str, Any], spans: Mapping[tuple[str, str], Span]) -> Action:
    return Action(
        **cited,
        actors=_list(n.get("actor")),
        text=_label(n.get("text")) or {},
        plurality=_opt(n.get("plurality")),
        target=_opt(n.get("target")),
        due=_opt(n.get("due")),
    )


def _project(n: Any, cited: dict[str, Any], spans: Mapping[tuple[str, str], Span]) -> Project:
    return Project(
        **cited,
        title=_label(n.get("title")) or {},
        status=str(n.get("status")),
        proponents=_list(n.get("proponents")),
        cosponsors=_list(n.get("cosponsors")),
        organisers=_list(n.get("organisers")),
        forum=_opt(n.get("forum")),
        dates=_list(n.get("dates")),
        kfas=_list(n.get("kfas")),
    )


def _figure(n: Any, cited: dict[str, Any], spans: Mapping[tuple[str, str], Span]) -> Figure:
    return Figure(
        **cited,
        label=_label(n.get("label")) or {},
        value=n.get("value"),
        value_max=n.get("value_max"),
        unit=_text(n.get("unit")),
        kind=str(n.get("kind", "substantive")),
        about=_opt(n.get("about")),
        value_max_line=_key_line(n, "value_max"),
    )


_READERS: dict[str, Callable[[Any, dict[str, Any], Mapping[tuple[str, str], Span]], Cited]] = {
    "proposals": _proposal,
    "statements": _statement,
    "outcomes": _outcome,
    "actions": _action,
    "projects": _project,
    "figures": _figure,
}
"""Each list of cited items, with the reader of one of its items."""


def meeting_items(doc: Any, spans: Mapping[tuple[str, str], Span]) -> MeetingItems:
    """The typed items of a checked record (``doc``, with its spans by ``(list, id)``)."""

    def cited(list_name: str) -> tuple[Any, ...]:
        read = _READERS[list_name]
        return tuple(
            read(n, _cited(n, spans[(list_name, str(n["id"]))]), spans)
            for n in doc.get(list_name) or []
        )

    return MeetingItems(
        status=str(doc.get("status", "reviewed")),
        language=str(doc["source"].get("language", "zh-Hant")),
        source_title=_label(doc["source"].get("title")),
        line=getattr(doc, "line", None),
        has_review=bool(doc.get("review")),
        lists={k: getattr(v, "line", None) for k, v in doc.items() if isinstance(v, list)},
        meeting=_meeting(doc["meeting"]),
        agenda=tuple(_agenda_item(n) for n in doc.get("agenda") or []),
        new_issues=tuple(_new_issue(n) for n in doc.get("new_issues") or [] if "id" in n),
        **{name: cited(name) for name in _READERS},
    )
