"""Typed values of the Chinese reader and the small look-ups every step shares.

A report is read as one ``Reading`` (its text, its words, the rules); a fact is drafted at a
``Place`` (section, clause or quote, sentence); a ``Speaker`` is who holds what a clause says.
The ``Outline`` says, per section, which issue it is about, whether it lists projects and
which proposed new issue stands for it when its title names no registry issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest import segment
from kg.ingest.model import Holder
from kg.ingest.rules import ChineseRules, Rules
from kg.ingest.segment import Section
from kg.ingest.tokens import Words

Span = tuple[int, int]
Found = tuple[int, int, Holder]
"""A holder named at ``text[start:end]``."""

PARAGRAPH_NUMBER = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})+|[(（][a-z\d]{1,2}[)）])\s*")
"""A paragraph number at the head of a clause: 2.2, 4.3.1, (a), (3)."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class Reading:
    """One report being read: its text, its words and the rules."""

    text: str
    words: Words
    rules: Rules
    meeting_id: str

    @property
    def zh(self) -> ChineseRules:
        return self.rules.zh


@dataclass(frozen=True)
class Speaker:
    """Who speaks in a clause: the holder and, when named, the person."""

    holder: str
    kind: str
    plurality: str = ""
    person: str | None = None
    verb: str = ""
    rule: str = "zh.subject"
    confidence: float = 0.9
    name: str | None = None
    """A speaker's name as written when the registry does not know the person (中國大使王某)."""


@dataclass(frozen=True)
class Place:
    """Where a fact is read: its section, its clause (or quote) and its sentence; for a clause
    of the walk also the sentence's clauses and the clause's index among them."""

    section: Section | None
    clause: Span
    sentence: Span
    clauses: tuple[Span, ...] = ()
    index: int = 0

    @property
    def item(self) -> str | None:
        return self.section.id if self.section else None

    @property
    def top(self) -> str:
        return self.section.top if self.section else ""


def strip_connectors(rd: Reading, pos: int, end: int) -> int:
    """The clause's head: past blanks, brackets, a paragraph number (2.2, (a)) and
    connectives (此外, 並, 據了解 …)."""
    text = rd.text
    number = PARAGRAPH_NUMBER.match(text, pos, end)
    if number:
        pos = number.end()
    changed = True
    while changed and pos < end:
        changed = False
        while pos < end and (text[pos].isspace() or text[pos] in "「(（"):
            pos += 1
        for word in rd.zh.speakers.connectors:
            if text.startswith(word, pos):
                pos += len(word)
                changed = True
                break
    return pos


def issues_in(rd: Reading, start: int, end: int, brackets: bool = False) -> list[tuple[int, str]]:
    """Issues named in ``text[start:end]``: (offset, id); bracketed asides skipped unless asked."""
    view = rd.text[start:end] if brackets else segment.without_brackets(rd.text, start, end)
    return [(start + s, iid) for s, _, iid in rd.rules.issues.find(view)]


def deepest(rules: Rules, found: list[tuple[int, str]]) -> str | None:
    """The narrowest issue named (the first of equally narrow ones)."""
    if not found:
        return None
    return max(found, key=lambda x: (rules.issue_depth.get(x[1], 0), -x[0]))[1]


def refine(rules: Rules, clause_issue: str | None, section_issue: str | None) -> str | None:
    """A clause's own issue wins only when it is the section's issue or narrower."""
    if clause_issue is None:
        return section_issue
    if section_issue is None or rules.is_descendant(clause_issue, section_issue):
        return clause_issue
    return section_issue


def roots(rules: Rules, ids: list[str]) -> list[str]:
    """The issues of ``ids`` that are not below another of them."""
    uniq = list(dict.fromkeys(ids))
    return [i for i in uniq if not any(j != i and rules.is_descendant(i, j) for j in uniq)]


@dataclass(frozen=True)
class Outline:
    """What each section is about, read once from the headings."""

    sections: tuple[Section, ...]
    issues: dict[str, str | None]
    """Section id → its issue: named in its title, else its parent's."""
    title_issues: dict[str, list[str]]
    """Section id → the broadest issues its title names."""
    projects: dict[str, str | None]
    """Section id → the project status when it (or a parent) lists projects (已完成之提案)."""
    new_issues: dict[str, str | None]
    """Section id → the proposed new issue of the section (or its parent) when its title
    names no known issue."""

    def issue(self, section: Section | None) -> str | None:
        return self.issues[section.id] if section is not None else None

    def project(self, section: Section | None) -> str | None:
        return self.projects[section.id] if section is not None else None

    def new_issue(self, section: Section | None) -> str | None:
        return self.new_issues[section.id] if section is not None else None


def _title_issues(rd: Reading, section: Section) -> tuple[str | None, list[str]]:
    s, e = segment.title(rd.text, section)
    found = issues_in(rd, s, e, brackets=True)
    broadest = sorted(
        {i for _, i in found if not any(j != i and rd.rules.is_descendant(j, i) for _, j in found)}
    )
    return deepest(rd.rules, found), broadest


def _project_status(rd: Reading, section: Section | None) -> str | None:
    """The project status when ``section`` lists projects (已完成之提案, 進行中之提案 …)."""
    while section is not None:
        s, e = segment.title(rd.text, section)
        title = rd.text[s:e]
        for status, phrases in rd.zh.project_status.items():
            if any(p in title for p in phrases) and section.children:
                return status
        section = section.parent
    return None


def outline(rd: Reading, sections: list[Section]) -> Outline:
    """Each section's issue, title issues, project status and proposed new issue (parents come
    before their parts, so a part finds its parent's issue already read)."""
    issues: dict[str, str | None] = {}
    titles: dict[str, list[str]] = {}
    projects: dict[str, str | None] = {}
    for section in sections:
        own, titles[section.id] = _title_issues(rd, section)
        inherited = issues[section.parent.id] if section.parent is not None else None
        issues[section.id] = own or inherited
        projects[section.id] = _project_status(rd, section)
    new_issues: dict[str, str | None] = {}
    for section in sections:
        node: Section | None = section
        new_issues[section.id] = None
        while node is not None:
            if node.level <= 2 and issues[node.id] is None and not projects[node.id]:
                new_issues[section.id] = slug(f"new-{rd.meeting_id}-{node.id}")
                break
            node = node.parent
    return Outline(tuple(sections), issues, titles, projects, new_issues)
