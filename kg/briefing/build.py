"""Fill the briefing dataclasses from the graph: one ``build_*_brief`` function per kind.

Each takes a store and an already-resolved IRI (``kg.queries.resolve_id`` turns user input
into one) and returns a frozen dataclass. Ordering is fixed (meeting date, then report order,
then id), so the same graph always gives the same brief. Inferences (likely supporters,
questions to watch) are derived by stated rules from recorded positions only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from kg.briefing.collect import Facts, as_iri
from kg.briefing.model import (
    Action,
    Citation,
    Counterpart,
    Delegate,
    EconomyBrief,
    IssueBrief,
    Label,
    Leaning,
    Outcome,
    Position,
    Proposal,
    Ref,
    Relation,
    Statement,
    TimelineEntry,
)
from kg.errors import KGError
from kg.iris import ID_BASE, short_id
from kg.store import Store, Value
from kg.vocab import STANCE_TERMS

OPEN_STATUSES = ("no-consensus", "deferred", "pending")
"""Outcome statuses that leave an issue open (to come back at a later meeting)."""

BACKING = tuple(t.id for t in STANCE_TERMS if t.side == "for")
"""Stances that back a proposal: those on its side (supports, proposes)."""

NAMED_TARGETS = 12
"""An economy brief names the targets two holders share when there are this many or fewer."""


def _iri(kind: str, ident: str) -> str:
    return f"{ID_BASE}{kind}/{ident}"


# ---------------------------------------------------------------------------- shared pieces


def _outcomes(facts: Facts, issue: Value) -> list[Outcome]:
    out = []
    for r in facts.select("outcomes_on_issue", issue=issue):
        cite = facts.citation_at(
            r["meeting"], r["source"].value, int(r["start"].value), int(r["end"].value), "outcome"
        )
        if cite is None:  # evidence always exists for a built graph; skip rather than guess
            continue
        out.append(
            Outcome(
                facts.ref(r["meeting"]),
                r["date"].value if "date" in r else "",
                facts.ref(r["target"]),
                facts.ref(r["status"]),
                cite,
            )
        )
    return out


def _meeting_outcomes(
    facts: Facts, meeting: Value, cite: Callable[[int, int], Citation | None]
) -> list[Outcome]:
    """A meeting's outcomes in report order, each with the citation ``cite`` finds for its
    span (start and end offsets); an outcome it finds none for is left out."""
    date = facts.meeting_date(meeting)
    out = []
    for r in facts.select("meeting_outcomes", meeting=meeting):
        found = cite(int(r["start"].value), int(r["end"].value))
        if found is not None:
            out.append(
                Outcome(
                    facts.ref(meeting), date, facts.ref(r["target"]), facts.ref(r["status"]), found
                )
            )
    return out


def _actions(facts: Facts, meeting: Value) -> list[Action]:
    grouped: dict[str, list[dict[str, Value]]] = {}
    for r in facts.actions().get(meeting.value, []):
        grouped.setdefault(r["action"].value, []).append(r)
    if not grouped:
        return []
    cites = facts.evidence(meeting)
    out = []
    for ident, rows in grouped.items():
        iri = _iri("action", ident)
        first = rows[0]
        out.append(
            Action(
                action=ident,
                meeting=facts.ref(meeting),
                actors=tuple(sorted({facts.ref(r["actor"]) for r in rows})),
                description=facts.labels("action").get(iri, facts.ref(iri).label),
                due=first["due"].value if "due" in first else "",
                target=facts.opt_ref(first, "target"),
                citation=cites[iri],
            )
        )
    return out


def _proposals(facts: Facts, issue: Value, positions: list[Position]) -> list[Proposal]:
    out = []
    seen = set()
    for r in facts.select("proposals_on_issue", issue=issue):
        pid = short_id(r["proposal"].value)
        if pid in seen:
            continue
        seen.add(pid)
        on = [p for p in positions if p.target.id == pid]

        def holders(*stances: str, on: list[Position] = on) -> tuple[Ref, ...]:
            return tuple(sorted({p.holder for p in on if p.stance.id in stances}))

        out.append(
            Proposal(
                proposal=facts.ref(r["proposal"]),
                by=facts.ref(r["by"]),
                meeting=facts.ref(r["meeting"]),
                issue=on[0].issue if on else facts.ref(issue),
                backers=holders(*BACKING),
                opponents=holders("opposes"),
                conceded_by=holders("concedes"),
                citation=facts.evidence(r["meeting"]).get(r["proposal"].value),
            )
        )
    return out


def _latest(positions: list[Position]) -> dict[tuple[str, str], Position]:
    """Each (target, holder)'s last recorded position (positions are oldest first)."""
    last: dict[tuple[str, str], Position] = {}
    for p in positions:
        if not p.holder.is_unnamed:
            last[(p.target.id, p.holder.id)] = p
    return last


def _is_open(outcomes: list[Outcome]) -> bool:
    if not outcomes:
        return False
    latest_date = max(o.date for o in outcomes)
    latest = [o for o in outcomes if o.date == latest_date]
    return any(o.status.id in OPEN_STATUSES for o in latest)


# ---------------------------------------------------------------------------- issue


def build_issue_brief(
    store: Store, issue_iri: str, facts: Facts | None = None, house: dict[str, Label] | None = None
) -> IssueBrief:
    """Everything recorded on one issue, its sub-issues and the proposals on them (``house``:
    the forum's own names for economies, ``kg.briefing.house.house_names``)."""
    facts = facts or Facts(store, house=house)
    issue = as_iri(issue_iri)
    subtree = facts.issue_subtree(issue_iri)
    context: dict[str, list[Value]] = {}
    for r in facts.select("brief_issue_context", issue=issue):
        context.setdefault(r["relation"].value, []).append(r["related"])
    positions = facts.positions_on(subtree)
    outcomes = _outcomes(facts, issue)
    proposals = _proposals(facts, issue, positions)
    targets = {short_id(i) for i in subtree} | {p.proposal.id for p in proposals}
    leanings = [
        Leaning(p.target, p.holder, p.side, p) for (_, _), p in sorted(_latest(positions).items())
    ]
    items = [
        (facts.ref(r["meeting"]), r["section"].value if "section" in r else "")
        for r in facts.select("brief_issue_context", issue=issue)
        if "meeting" in r
    ]
    forum = context.get("forum", [])
    return IssueBrief(
        issue=facts.ref(issue),
        ancestors=tuple(facts.ref(a) for a in facts.issue_ancestors(issue_iri)),
        sub_issues=tuple(facts.ref(v) for v in context.get("sub-issue", [])),
        forum=facts.ref(forum[0]) if forum else None,
        documents=tuple(facts.ref(v) for v in context.get("document", [])),
        kfas=tuple(facts.ref(v) for v in context.get("kfa", [])),
        discussed_at=tuple(items),
        timeline=tuple(_timeline(facts, positions, outcomes)),
        positions=tuple(positions),
        proposals=tuple(proposals),
        outcomes=tuple(outcomes),
        follow_ups=tuple(_follow_ups(facts, targets)),
        is_open=_is_open([o for o in outcomes if o.target.id in targets]),
        leanings=tuple(leanings),
    )


def _follow_ups(facts: Facts, targets: set[str]) -> list[Action]:
    """The actions of every meeting whose target is one of ``targets`` (ids), by meeting."""
    return [
        a
        for m in facts.meetings()
        for a in _actions(facts, m["meeting"])
        if a.target is not None and a.target.id in targets
    ]


def _timeline(
    facts: Facts, positions: list[Position], outcomes: list[Outcome]
) -> list[TimelineEntry]:
    """Each meeting with a position or an outcome among these: its stances counted and its
    outcomes' statuses, oldest first."""
    timeline = []
    for m in facts.meetings():
        mine = [p for p in positions if p.meeting.id == short_id(m["meeting"].value)]
        ends = [o for o in outcomes if o.meeting.id == short_id(m["meeting"].value)]
        if not mine and not ends:
            continue
        counts = Counter(p.stance for p in mine)
        timeline.append(
            TimelineEntry(
                facts.ref(m["meeting"]),
                facts.meeting_date(m["meeting"]),
                tuple(sorted(counts.items())),
                tuple(o.status for o in ends),
            )
        )
    return timeline


# ---------------------------------------------------------------------------- economy


def all_proposals(facts: Facts, positions: list[Position]) -> list[Proposal]:
    """Every proposal on record (gathered from the top-level issues), by meeting and id."""
    parents = facts.issue_parents()
    roots = sorted(set(facts.issues()) - set(parents))
    found: dict[str, Proposal] = {}
    for root in roots:
        for p in _proposals(facts, as_iri(root), positions):
            found.setdefault(p.proposal.id, p)
    return sorted(found.values(), key=lambda p: (p.meeting.id, p.proposal.id))


def _relations(me: Ref, positions: list[Position]) -> tuple[list[Relation], list[Relation]]:
    """Holders on the same side (agreed) or the opposite side (disagreed) of a target as ``me``.

    Every recorded position counts, at any meeting; stances without a side (no position,
    concedes, reserves, abstains) count for neither. One relation per holder, target and
    statement of ``me``, in report order.
    """
    agreed: list[Relation] = []
    disagreed: list[Relation] = []
    seen = set()
    sided = [p for p in positions if p.side in ("for", "against")]
    for mine in (p for p in sided if p.holder.id == me.id):
        for theirs in sided:
            key = (mine.statement, theirs.holder.id)
            if theirs.target.id != mine.target.id or theirs.holder.id == me.id or key in seen:
                continue
            seen.add(key)
            rel = Relation(theirs.holder, mine.target, mine, theirs)
            (agreed if theirs.side == mine.side else disagreed).append(rel)
    return agreed, disagreed


def build_economy_brief(
    store: Store,
    holder_iri: str,
    facts: Facts | None = None,
    forum_iri: str | None = None,
    since: str = "",
    house: dict[str, Label] | None = None,
) -> EconomyBrief:
    """An economy's (or organisation's) delegates, positions, proposals, projects and sharing,
    at every meeting on record or only those of ``forum_iri`` from ``since`` on.

    Raises:
        KGError: a forum or date was given and no meeting on record matches it.
    """
    facts = facts or Facts(store, forum_iri, since, house)
    if (forum_iri or since) and not facts.meetings():
        raise KGError("No meeting on record matches the forum and --since given.")
    holder = facts.ref(holder_iri)
    meetings = [m["meeting"] for m in facts.meetings()]
    # Meetings of imported votes are read for this holder only (one query from the holder);
    # the relations to every other holder there come from the position tables, as counts
    # (``counterparts``). Other meetings are read whole, for the pairs of agreed/disagreed.
    tabled = facts.tabled_meetings()
    plain = [m for m in meetings if m.value not in tabled]
    everyone = facts.all_positions(plain)
    mine, statements = _holder_said(facts, holder_iri, meetings, tabled, everyone)
    agreed, disagreed = _relations(holder, everyone)
    spoke = {p.meeting.id for p in mine} | {s.meeting.id for s in statements}
    return EconomyBrief(
        holder=holder,
        delegates=tuple(_delegates(facts, holder_iri)),
        positions=tuple(
            sorted(mine, key=lambda p: (p.date, p.meeting.id, p.issue.id, p.citation.start))
        ),
        proposals=tuple(p for p in all_proposals(facts, everyone) if p.by.id == holder.id),
        projects=tuple(p for p in facts.projects() if p.holder.id == holder.id),
        agreed=tuple(agreed),
        disagreed=tuple(disagreed),
        statements=tuple(statements),
        meetings=tuple(facts.ref(m) for m in meetings if short_id(m.value) in spoke),
        counterparts=tuple(_counterparts(facts, holder)),
        tallied=tuple(facts.ref(m) for m in meetings if m.value in tabled),
        actions=tuple(
            a
            for m in plain
            for a in _actions(facts, m)
            if any(actor.id == holder.id for actor in a.actors)
        ),
        open_issues=tuple(_left_open(facts, meetings, mine)),
    )


def _delegates(facts: Facts, holder_iri: str) -> list[Delegate]:
    """The people who spoke for a holder, each with its posts and number of statements, by id."""
    delegates: dict[str, tuple[Ref, set[Ref], int]] = {}
    for r in facts.select("delegates", holder=as_iri(holder_iri)):
        person = facts.ref(r["person"])
        _, posts, _ = delegates.get(person.id, (person, set(), 0))
        if "post" in r:
            posts.add(facts.ref(r["post"]))
        delegates[person.id] = (person, posts, int(r["statements"].value))
    return [
        Delegate(p, tuple(sorted(posts)), n)
        for p, posts, n in (delegates[k] for k in sorted(delegates))
    ]


def _holder_said(
    facts: Facts,
    holder_iri: str,
    meetings: list[Value],
    tabled: set[str],
    everyone: list[Position],
) -> tuple[list[Position], list[Statement]]:
    """A holder's positions (from ``everyone``, the positions of the meetings not ``tabled``,
    then from its record at the tabled ones) and its statements without a stance, meeting by
    meeting, each in report order."""
    holder = facts.ref(holder_iri)
    voted, said = facts.holder_record(
        as_iri(holder_iri), [m for m in meetings if m.value in tabled]
    )
    mine = [p for p in everyone if p.holder.id == holder.id] + voted
    plain = [m for m in meetings if m.value not in tabled]
    order = {short_id(m.value): i for i, m in enumerate(meetings)}
    statements = sorted(  # meeting by meeting, each in report order (the sort is stable)
        [s for m in plain for s in facts.statements(m) if s.holder.id == holder.id] + said,
        key=lambda s: order[s.meeting.id],
    )
    return mine, statements


def _left_open(facts: Facts, meetings: list[Value], mine: list[Position]) -> list[Ref]:
    """The issues of a holder's positions left open at one of ``meetings``, in the order of
    its positions."""
    in_scope = {m.value for m in meetings}
    left_open = {
        short_id(r["issue"].value)
        for r in facts.select("open_issues")
        if r["meeting"].value in in_scope
    }
    return list(dict.fromkeys(p.issue for p in mine if p.issue.id in left_open))


def _counterparts(facts: Facts, me: Ref) -> list[Counterpart]:
    """The row of ``me`` in the alignment matrix of the meetings in scope, closest first."""
    from kg.iris import key_iri
    from kg.network import Filters, alignment_matrix, alignment_observations, node_key

    scoped = facts.forum is not None or bool(facts.since)
    keys = frozenset(node_key(m["meeting"].value) for m in facts.meetings())
    obs = alignment_observations(facts.store, Filters(meetings=keys) if scoped else Filters())
    matrix = alignment_matrix(obs)
    if me.id not in matrix.holders:
        return []
    i = matrix.holders.index(me.id)
    score = matrix.score()
    iris = {
        short_id(iri): iri
        for kind in ("economy", "organisation", "forum", "post")
        for iri in facts.labels(kind)
    }
    rows = [
        Counterpart(
            facts.ref(iris[other]) if other in iris else Ref(other, Label()),
            int(matrix.both[i, j]),
            int(matrix.agree[i, j]),
            int(matrix.disagree[i, j]),
            round(float(score[i, j]), 4),
            # which targets, named when few enough to read (a UN pair shares thousands)
            tuple(facts.ref(key_iri(k)) for k in matrix.shared(i, j))
            if matrix.both[i, j] <= NAMED_TARGETS
            else (),
        )
        for j, other in enumerate(matrix.holders)
        if j != i and matrix.both[i, j]
    ]
    return sorted(rows, key=lambda c: (-c.score, -c.both, c.other.id))
