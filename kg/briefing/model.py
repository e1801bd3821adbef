"""What a briefing holds: small frozen dataclasses, filled by ``kg.briefing.build``.

Nothing here queries or renders. Every fact that came from a report carries a ``Citation``
(meeting, report section, verbatim quote, English rendering when recorded, character
offsets into the source), so each renderer can show where a claim comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("zh-Hant", "en")
"""Languages a brief can be written in; the first is the default (the users' language)."""


@dataclass(frozen=True, order=True)
class Label:
    """A name in both languages; either may be empty when the data has none."""

    en: str = ""
    zh: str = ""

    def get(self, lang: str) -> str:
        """The name in ``lang``, falling back to the other language, never empty if either exists."""
        first, second = (self.zh, self.en) if lang == "zh-Hant" else (self.en, self.zh)
        return first or second

    def as_json(self) -> dict[str, str]:
        return {"en": self.en, "zh-Hant": self.zh}


@dataclass(frozen=True, order=True)
class Ref:
    """A labelled reference to an entity by its short id (``US``, ``tor-sunset-clause``)."""

    id: str
    label: Label = Label()

    @property
    def is_unnamed(self) -> bool:
        """An unnamed member: the report names no one, and nor does the brief."""
        return self.id.startswith("unnamed:")

    def name(self, lang: str) -> str:
        return self.label.get(lang) or self.id


@dataclass(frozen=True, order=True)
class Citation:
    """Where the report says it: ``source[start:end] == quote``."""

    meeting: Ref
    section: str
    quote: str
    source: str
    start: int
    end: int
    rendering: str = ""

    def as_json(self) -> dict[str, object]:
        return {"document": self.source, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Qualification:
    """Words of the report that temper a position (``kind``: acknowledges, condition,
    in-principle, reservation), with their own span."""

    kind: str
    citation: Citation


@dataclass(frozen=True)
class Position:
    """A holder's stance on an issue or a proposal, as one statement records it."""

    statement: str
    meeting: Ref
    date: str
    holder: Ref
    stance: Ref
    side: str
    target: Ref
    issue: Ref
    speaker: Ref | None
    responds_to: tuple[str, ...]
    citation: Citation
    responds_to_holders: tuple[Ref, ...] = ()
    qualifications: tuple[Qualification, ...] = ()


@dataclass(frozen=True)
class Statement:
    """Something a holder said without taking a stance (economy sharing, reports)."""

    statement: str
    meeting: Ref
    holder: Ref
    speaker: Ref | None
    citation: Citation


@dataclass(frozen=True)
class Outcome:
    meeting: Ref
    date: str
    target: Ref
    status: Ref
    citation: Citation


@dataclass(frozen=True)
class Proposal:
    """An option tabled on an issue, with who backed, opposed or conceded it."""

    proposal: Ref
    by: Ref
    meeting: Ref
    issue: Ref
    backers: tuple[Ref, ...]
    opponents: tuple[Ref, ...]
    conceded_by: tuple[Ref, ...]
    citation: Citation | None


@dataclass(frozen=True)
class Action:
    action: str
    meeting: Ref
    actors: tuple[Ref, ...]
    description: Label
    due: str
    target: Ref | None
    citation: Citation


@dataclass(frozen=True)
class Leaning:
    """Inferred from recorded positions: where a holder last stood on a target."""

    target: Ref
    holder: Ref
    side: str
    last: Position


@dataclass(frozen=True)
class TimelineEntry:
    meeting: Ref
    date: str
    stances: tuple[tuple[Ref, int], ...]
    outcomes: tuple[Ref, ...]


@dataclass(frozen=True)
class IssueBrief:
    issue: Ref
    ancestors: tuple[Ref, ...]
    sub_issues: tuple[Ref, ...]
    forum: Ref | None
    documents: tuple[Ref, ...]
    kfas: tuple[Ref, ...]
    discussed_at: tuple[tuple[Ref, str], ...]
    timeline: tuple[TimelineEntry, ...]
    positions: tuple[Position, ...]
    proposals: tuple[Proposal, ...]
    outcomes: tuple[Outcome, ...]
    follow_ups: tuple[Action, ...]
    is_open: bool
    leanings: tuple[Leaning, ...]


@dataclass(frozen=True)
class Delegate:
    person: Ref
    posts: tuple[Ref, ...]
    statements: int


@dataclass(frozen=True)
class ProjectRole:
    project: Ref
    holder: Ref
    role: str
    status: Ref
    forum: Ref | None
    partners: tuple[Ref, ...]
    citation: Citation | None


@dataclass(frozen=True)
class Relation:
    """Two holders on the same target: same side (agreed) or opposite sides (disagreed)."""

    other: Ref
    target: Ref
    mine: Position
    theirs: Position


@dataclass(frozen=True)
class Counterpart:
    """How often another holder took the same stance as the brief's holder, counted as
    ``kg network alignment`` counts a pair: targets both took a stance on, same stance,
    one for and one against, and ``score`` = (agree + half the rest) / both."""

    other: Ref
    both: int
    agree: int
    disagree: int
    score: float
    targets: tuple[Ref, ...] = ()
    """The shared targets (empty when counted from imported vote tables only)."""


@dataclass(frozen=True)
class EconomyBrief:
    holder: Ref
    delegates: tuple[Delegate, ...]
    positions: tuple[Position, ...]
    proposals: tuple[Proposal, ...]
    projects: tuple[ProjectRole, ...]
    agreed: tuple[Relation, ...]
    disagreed: tuple[Relation, ...]
    statements: tuple[Statement, ...]
    meetings: tuple[Ref, ...]
    counterparts: tuple[Counterpart, ...] = ()
    """Every holder that shares a target with this one, closest first (all meetings in scope)."""
    tallied: tuple[Ref, ...] = ()
    """Meetings of imported votes: counted in ``counterparts``, not listed in ``agreed`` and
    ``disagreed`` pair by pair (a UN session would give thousands of pairs per target)."""
    actions: tuple[Action, ...] = ()
    """Follow-ups this holder is named to do, at the meetings in scope."""
    open_issues: tuple[Ref, ...] = ()
    """Issues left open at a meeting in scope on which this holder took a stance."""


@dataclass(frozen=True)
class Figure:
    """A number the report states; ``citation.quote`` is how it is written (ranges and units
    as the report has them), ``kind`` substantive or logistics."""

    figure: Ref
    value: float | int
    unit: str
    citation: Citation
    kind: str = "substantive"
    value_max: float | int | None = None


@dataclass(frozen=True)
class MeetingBrief:
    meeting: Ref
    date: str
    forum: Ref | None
    chair: Ref | None
    mode: str
    host: Ref | None
    source: str
    attendance: tuple[Ref, ...]
    adopted: tuple[tuple[Ref, Citation | None], ...]
    outcomes: tuple[Outcome, ...]
    positions: tuple[Position, ...]
    figures: tuple[Figure, ...]
    projects: tuple[ProjectRole, ...]
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class PrepIssue:
    """An issue to watch: its latest outcome, each holder's last stance, actions due."""

    issue: Ref
    reason: str
    latest: Outcome | None
    last_stances: tuple[Position, ...]
    actions: tuple[Action, ...]
    open_proposals: tuple[Proposal, ...]


@dataclass(frozen=True)
class Question:
    """A question to watch, derived from the record (kind names the rule that made it)."""

    kind: str
    issue: Ref
    subject: Ref | None
    holders: tuple[Ref, ...]
    citation: Citation | None


@dataclass(frozen=True)
class OurItem:
    """One open target seen from our side: our last position, who stood with us, against us,
    or neither (worth lobbying), and our own earlier words on it (talking points)."""

    issue: Ref
    target: Ref
    ours: Position
    with_us: tuple[Position, ...]
    against_us: tuple[Position, ...]
    undecided: tuple[Position, ...]
    own_words: tuple[Position, ...]
    our_proposal: bool


@dataclass(frozen=True)
class PrepBrief:
    forum: Ref | None
    since: str
    meetings: tuple[Ref, ...]
    issues: tuple[PrepIssue, ...]
    actions: tuple[Action, ...]
    questions: tuple[Question, ...] = field(default=())
    perspective: Ref | None = None
    """The delegation the pack is written for (``--as``); ``None`` for the neutral pack."""
    next_meeting: str = ""
    next_date: str = ""
    ours: tuple[OurItem, ...] = ()
    """With a perspective: our position on each open item, who stood with and against us."""


@dataclass(frozen=True)
class Move:
    """A holder whose last stance on an issue differs after a meeting from before it."""

    holder: Ref
    issue: Ref
    before: Position
    after: Position


@dataclass(frozen=True)
class OutcomeChange:
    target: Ref
    before: Outcome | None
    after: Outcome


@dataclass(frozen=True)
class ChangesBrief:
    """What changed after meeting ``since`` up to meeting ``until`` (``kg.briefing.changes``)."""

    since: Ref
    until: Ref
    meetings: tuple[Ref, ...]
    new_issues: tuple[Ref, ...]
    moved: tuple[Move, ...]
    outcomes: tuple[OutcomeChange, ...]
    closed: tuple[Action, ...]
    overdue: tuple[Action, ...]
    date: str = ""
