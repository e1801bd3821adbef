"""Typed facts of the Chinese reader (statements, proposals, outcomes) and the drafts of one
report: the lists they are added to, the ids given out, and the look-ups of earlier facts that
later clauses answer ("supports China's proposal").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kg.ingest.model import ReviewItem
from kg.ingest.zh_reading import Outline, Place, Reading, Span, Speaker, slug
from kg.ingest.zh_speakers import chair_person


@dataclass(frozen=True)
class Statement:
    """A holder's statement: its stance and target when the clause has a cue."""

    id: str
    item: str | None
    start: int
    end: int
    top: str
    sentence: Span
    holder: str
    plurality: str | None = None
    speaker: str | None = None
    speaker_name: str | None = None
    stance: str | None = None
    target: str | None = None
    responds_to: tuple[str, ...] = ()
    rule: str = "zh.subject"
    """The rule that found the holder; with ``confidence``, how sure it is."""
    confidence: float = 0.9
    issue: str | None = None
    """The issue the clause is about (a later answer may make the statement a proposal on it)."""
    review: str | None = None
    responds_to_holder: str | None = None
    """The holder whose position this one takes up ("supports China's position")."""
    promoted: bool = False
    """The stance was set later: others answered the statement as a proposal."""


@dataclass(frozen=True)
class Proposal:
    id: str
    item: str | None
    start: int
    end: int
    top: str
    sentence: Span
    issue: str
    by: str
    plurality: str | None
    label: dict[str, str]
    statement: str | None = None
    """The statement that makes the proposal, when it was promoted to one."""


@dataclass(frozen=True)
class Outcome:
    id: str
    item: str | None
    start: int
    end: int
    top: str
    sentence: Span
    target: str | None
    status: str


Fact = Statement | Proposal | Outcome


@dataclass
class Drafts:
    """What has been drafted from one report so far."""

    rd: Reading
    outline: Outline
    statements: list[Statement] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    review_items: list[ReviewItem] = field(default_factory=list)
    new_issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Proposed new issues by label: what stances are about when no registry issue is named."""
    ids: set[str] = field(default_factory=set)

    def new_id(self, base: str) -> str:
        base = slug(base)
        ident, n = base, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        return ident

    def statement(
        self,
        h: Speaker,
        at: Place,
        stance: str | None = None,
        target: str | None = None,
        **more: Any,
    ) -> Statement:
        """Add a statement of ``h`` quoting ``at.clause``; ``more`` sets further fields."""
        sid = self.new_id(f"{h.holder}-{stance or 'says'}-{at.item or 'meeting'}")
        speaker = h.person
        if not speaker and not h.name and h.kind == "post" and h.holder == self.rd.rules.chair_post:
            speaker = chair_person(self.rd.rules, h.holder)
        st = Statement(
            sid,
            at.item,
            at.clause[0],
            at.clause[1],
            at.top,
            at.sentence,
            h.holder,
            plurality=(h.plurality or "one-or-more") if h.holder == "unnamed" else None,
            speaker=speaker or None,
            speaker_name=h.name if not h.person and h.name else None,
            stance=stance or None,
            target=target if stance else None,
            rule=h.rule,
            confidence=h.confidence,
        )
        if "responds_to" in more:
            more["responds_to"] = tuple(dict.fromkeys(more["responds_to"]))
        st = replace(st, **more)
        self.statements.append(st)
        return st

    def proposal(self, h: Speaker, issue: str, at: Place, statement: str | None = None) -> Proposal:
        """The holder's proposal on ``issue`` in this top section, added when new."""
        for p in self.proposals:
            if p.top == at.top and p.by == h.holder and p.issue == issue:
                return p
        rules, (start, end) = self.rd.rules, at.clause
        pid = self.new_id(f"{self.rd.meeting_id}-{h.holder}-{issue}")
        by_en = rules.names_en.get(h.holder, "Unnamed member(s)")
        label = {
            "en": f"{by_en}: proposal on {rules.names_en.get('issue:' + issue, issue)} (draft)",
            "zh-Hant": self.rd.text[start:end][:80],
        }
        plurality = (h.plurality or "one-or-more") if h.holder == "unnamed" else None
        p = Proposal(
            pid,
            at.item,
            start,
            end,
            at.top,
            at.sentence,
            issue,
            h.holder,
            plurality,
            label,
            statement,
        )
        self.proposals.append(p)
        return p

    def outcome(self, at: Place, span: Span, target: str | None, status: str) -> Outcome:
        oid = self.new_id(f"{target}-{status}")
        o = Outcome(oid, at.item, span[0], span[1], at.top, at.sentence, target, status)
        self.outcomes.append(o)
        return o

    def proposal_by_id(self, pid: str | None) -> Proposal | None:
        return next((p for p in self.proposals if p.id == pid), None)

    def proposal_of(self, owner: str, issue: str | None, top: str) -> Proposal | None:
        """The owner's latest proposal in this top-level section (on ``issue`` when it has
        one); else the owner's latest statement without a stance there becomes a proposal,
        since others answer it as one."""
        mine = [p for p in self.proposals if p.top == top and p.by == owner]
        on_issue = [p for p in mine if issue and p.issue == issue]
        if on_issue:
            return on_issue[-1]
        if mine:
            return mine[-1]
        said = [s for s in self.statements if s.top == top and s.holder == owner and not s.stance]
        if not said:
            return None
        st = said[-1]
        issue_of = st.issue or issue
        if not issue_of:
            return None
        section = next((x for x in self.outline.sections if x.id == st.item), None)
        at = Place(section, (st.start, st.end), st.sentence)
        p = self.proposal(Speaker(owner, "economy"), issue_of, at, statement=st.id)
        index = next(i for i, s in enumerate(self.statements) if s is st)
        self.statements[index] = replace(st, stance="proposes", target=p.id, promoted=True)
        return p

    def statements_proposing(self, proposal: Proposal) -> list[str]:
        return [s.id for s in self.statements if s.target == proposal.id and s.stance == "proposes"]
