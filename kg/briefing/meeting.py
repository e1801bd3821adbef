"""Meeting briefs (what one meeting did) and next-meeting packs (what is still open).

The neutral prep pack's questions come from fixed rules over the record, each named by its
``kind``, at most three per issue: ``reopen`` (an issue left open), ``still-opposed``
(holders whose last stance was against, all targets together) and ``unnamed`` (a report left
opponents unnamed). A pack written for one delegation (``perspective``) asks the others
instead: ``ask-opposed`` (what would move a holder against us) and ``ask-undecided`` (whether
a holder on neither side can join us); it never asks about our own proposals. Nothing is
invented.
"""

from __future__ import annotations

from kg.briefing.build import (
    OPEN_STATUSES,
    _actions,
    _iri,
    _latest,
    _meeting_outcomes,
    _outcomes,
    all_proposals,
)
from kg.briefing.collect import XSD_STRING, Facts, as_iri
from kg.briefing.model import (
    Action,
    Citation,
    Figure,
    Label,
    MeetingBrief,
    OurItem,
    Position,
    PrepBrief,
    PrepIssue,
    Proposal,
    Question,
    Ref,
)
from kg.errors import KGError
from kg.iris import kind_of, short_id
from kg.store import Store, Value


def build_meeting_brief(
    store: Store,
    meeting_iri: str,
    facts: Facts | None = None,
    logistics: bool = False,
    house: dict[str, Label] | None = None,
) -> MeetingBrief:
    """Chair, attendance, adopted documents, outcomes by agenda item, figures, projects, actions.

    Figures the record marks ``logistics`` (attendance, a day offline) are left out unless
    ``logistics`` is true.
    """
    facts = facts or Facts(store, house=house)
    meeting = as_iri(meeting_iri)
    row = next(r for r in facts.meetings() if r["meeting"].value == meeting_iri)
    source = row["source"].value if "source" in row else ""
    # each outcome cited by its own evidence (a statement may quote the same words)
    outcomes = _meeting_outcomes(
        facts, meeting, lambda start, end: facts.citation_at(meeting, source, start, end, "outcome")
    )
    return MeetingBrief(
        meeting=facts.ref(meeting),
        date=row["date"].value if "date" in row else "",
        forum=facts.opt_ref(row, "forum"),
        chair=facts.opt_ref(row, "chair"),
        mode=row["mode"].value if "mode" in row else "",
        host=facts.opt_ref(row, "host"),
        source=source,
        attendance=tuple(
            facts.ref(r["attendee"]) for r in facts.select("meeting_attendance", meeting=meeting)
        ),
        adopted=tuple(_adopted(facts, meeting)),
        outcomes=tuple(outcomes),
        positions=tuple(facts.positions(meeting)),
        figures=tuple(_figures(facts, meeting, logistics)),
        projects=tuple(facts.projects(meeting)),
        actions=tuple(_actions(facts, meeting)),
    )


def _adopted(facts: Facts, meeting: Value) -> list[tuple[Ref, Citation | None]]:
    """The documents a meeting adopted, each with the citation whose quote records it."""
    cites = facts.evidence(meeting)
    out = []
    for r in facts.select("documents_adopted", meeting=meeting):
        cite = next((c for c in cites.values() if c.quote == r["quote"].value), None)
        out.append((facts.ref(r["document"]), cite))
    return out


def _figures(facts: Facts, meeting: Value, logistics: bool) -> list[Figure]:
    """A meeting's figures with their citations (those marked ``logistics`` only when
    ``logistics`` is true)."""
    cites = facts.evidence(meeting)
    out = []
    for r in facts.select("brief_figures", meeting=meeting):
        kind = r["kind"].value if "kind" in r else "substantive"
        if kind == "logistics" and not logistics:
            continue
        iri = _iri("figure", r["figure"].value)
        value = r["value"].python
        top = r["value_max"].python if "value_max" in r else None
        out.append(
            Figure(
                facts.ref(iri),
                value if isinstance(value, (int, float)) else 0,
                r["unit"].value if "unit" in r else "",
                cites[iri],
                kind,
                top if isinstance(top, (int, float)) else None,
            )
        )
    return out


def build_prep_brief(
    store: Store,
    forum_iri: str | None = None,
    since: str = "",
    facts: Facts | None = None,
    perspective: str | None = None,
    next_meeting: str = "",
    next_date: str = "",
    house: dict[str, Label] | None = None,
) -> PrepBrief:
    """The next-meeting pack: every issue left open, deferred or with follow-ups due.

    Args:
        forum_iri: only meetings of this forum (all fora when ``None``).
        since: only meetings dated from this year (or ``YYYY-MM``) on; ``""`` for all.
        perspective: the holder (IRI) the pack is written for (``--as TW``): its own last
            position on each open target, who stood with and against it, who is undecided,
            its earlier words as talking points, and questions for the others.
        next_meeting, next_date: the meeting the pack prepares for, as the user names it.

    Raises:
        KGError: no meeting on record matches the forum and date.
    """
    facts = facts or Facts(store, house=house)
    meetings = _prep_meetings(facts, forum_iri, since)
    in_scope = {short_id(m["meeting"].value) for m in meetings}
    actions = [a for m in meetings for a in _actions(facts, m["meeting"])]
    positions = facts.positions_on(_prep_issues(facts, in_scope, actions))
    proposals = all_proposals(facts, positions)
    reasons = _reasons(facts, in_scope, actions, proposals)
    issues, questions = [], []
    for iri in sorted(reasons):
        item, mine = _prep_issue(facts, iri, reasons[iri], in_scope, positions, proposals, actions)
        issues.append(item)
        if perspective is None:
            questions += _questions(item, mine)
    me = facts.ref(perspective) if perspective else None
    ours = _ours(me, issues, positions, proposals) if me is not None else []
    if me is not None:
        questions = _questions_from_our_side(ours)
    return PrepBrief(
        forum=facts.ref(forum_iri) if forum_iri else None,
        since=since,
        meetings=tuple(facts.ref(m["meeting"]) for m in meetings),
        issues=tuple(issues),
        actions=tuple(actions),
        questions=tuple(questions),
        perspective=me,
        next_meeting=next_meeting,
        next_date=next_date,
        ours=tuple(ours),
    )


def _prep_meetings(facts: Facts, forum_iri: str | None, since: str) -> list[dict[str, Value]]:
    """The meetings a pack covers: those of ``forum_iri`` (every forum when ``None``) dated
    from ``since`` on, oldest first.

    Raises:
        KGError: no meeting on record matches.
    """
    meetings = [
        m
        for m in facts.meetings()
        if (forum_iri is None or ("forum" in m and m["forum"].value == forum_iri))
        and (not since or ("date" in m and m["date"].value >= since))
    ]
    if not meetings:
        raise KGError("No meeting on record matches the forum and --since given.")
    return meetings


def _reasons(
    facts: Facts, in_scope: set[str], actions: list[Action], proposals: list[Proposal]
) -> dict[str, str]:
    """Why each issue (IRI) is in the pack: the status that left it open at a meeting in
    scope (``open_issues``), else ``action-due`` (a dated follow-up targets it or a proposal
    on it)."""
    reasons: dict[str, str] = {}
    for r in facts.select("open_issues"):
        if short_id(r["meeting"].value) in in_scope:
            reasons.setdefault(r["issue"].value, short_id(r["status"].value))
    issue_of_target = {p.proposal.id: _iri("issue", p.issue.id) for p in proposals}
    for a in actions:
        if a.target is not None and a.due:
            iri = issue_of_target.get(a.target.id, _iri("issue", a.target.id))
            reasons.setdefault(iri, "action-due")
    return reasons


def _prep_issue(
    facts: Facts,
    iri: str,
    reason: str,
    in_scope: set[str],
    positions: list[Position],
    proposals: list[Proposal],
    actions: list[Action],
) -> tuple[PrepIssue, list[Position]]:
    """One open issue of the pack (its latest outcome in scope, last stances, follow-ups and
    proposals still open), with the positions on it and its sub-issues."""
    subtree = facts.issue_subtree(iri)
    mine = [p for p in positions if _iri("issue", p.issue.id) in subtree]
    outcomes = [o for o in _outcomes(facts, as_iri(iri)) if o.meeting.id in in_scope]
    latest = max(outcomes, key=lambda o: (o.date, o.citation.start)) if outcomes else None
    targets = {short_id(i) for i in subtree}
    open_props = tuple(
        p
        for p in proposals
        if _iri("issue", p.issue.id) in subtree
        and p.by not in p.conceded_by
        and not any(o.target.id == p.proposal.id for o in outcomes)
    )
    item = PrepIssue(
        issue=facts.ref(iri),
        reason=reason,
        latest=latest,
        last_stances=tuple(
            sorted(_latest(mine).values(), key=lambda p: (p.target.id, p.holder.id))
        ),
        actions=tuple(
            a
            for a in actions
            if a.target is not None
            and (a.target.id in targets or a.target.id in {p.proposal.id for p in open_props})
        ),
        open_proposals=open_props,
    )
    return item, mine


UNDECIDED = ("no-position", "reserves", "abstains")
"""Stances that put a holder on neither side: worth lobbying."""


def _ours(
    me: Ref, issues: list[PrepIssue], positions: list[Position], proposals: list[Proposal]
) -> list[OurItem]:
    """Each open target ``me`` took a stance on, seen from its side (report order)."""
    by = {p.proposal.id: p.by.id for p in proposals}
    out = []
    for item in issues:
        last = {(p.target.id, p.holder.id): p for p in item.last_stances}
        for (target, holder), mine in sorted(last.items(), key=lambda kv: kv[1].citation.start):
            if holder != me.id or mine.side not in ("for", "against"):
                continue
            others = [p for (t, h), p in last.items() if t == target and h != me.id]
            out.append(
                OurItem(
                    issue=item.issue,
                    target=mine.target,
                    ours=mine,
                    with_us=tuple(p for p in others if p.side == mine.side),
                    against_us=tuple(
                        p for p in others if p.side in ("for", "against") and p.side != mine.side
                    ),
                    undecided=tuple(p for p in others if p.stance.id in UNDECIDED),
                    own_words=tuple(
                        p
                        for p in positions
                        if p.holder.id == me.id
                        and p.issue == item.issue
                        and p.statement != mine.statement
                    ),
                    our_proposal=by.get(target) == me.id,
                )
            )
    return out


def _questions_from_our_side(ours: list[OurItem]) -> list[Question]:
    """Questions for the others, never for ourselves: what would move those against us
    (``ask-opposed``) and whether the undecided can join us (``ask-undecided``)."""
    out = []
    for item in ours:
        for p in item.against_us:
            out.append(Question("ask-opposed", item.issue, item.target, (p.holder,), p.citation))
        for p in item.undecided:
            out.append(Question("ask-undecided", item.issue, item.target, (p.holder,), p.citation))
    return out


def _prep_issues(facts: Facts, in_scope: set[str], actions: list[Action]) -> set[str]:
    """Every issue (IRI) whose positions a pack may show: those left open at a meeting in
    scope, those a dated follow-up targets, and every proposal's, each with its sub-issues
    (a proposal's from its top-level issue, where ``all_proposals`` finds it)."""
    parents = facts.issue_parents()

    def top(issue: str) -> str:
        seen = {issue}
        while issue in parents and parents[issue] not in seen:
            issue = parents[issue]
            seen.add(issue)
        return issue

    on_issue = Value("literal", "onIssue", "", XSD_STRING)
    starts = {
        r["issue"].value
        for r in facts.select("open_issues")
        if short_id(r["meeting"].value) in in_scope
    }
    starts |= {_iri("issue", a.target.id) for a in actions if a.target is not None and a.due}
    starts |= {
        top(r["object"].value)
        for r in facts.select("graph_links", link=on_issue)
        if kind_of(r["subject"].value) == "proposal"
    }
    return {i for start in starts for i in facts.issue_subtree(start)}


def _questions(item: PrepIssue, positions: list) -> list[Question]:
    """At most three questions per issue: will it be taken up again, what would move those
    still against (all targets together), who were the unnamed opponents."""
    out = []
    if item.reason in OPEN_STATUSES:
        out.append(
            Question(
                "reopen",
                item.issue,
                item.latest.status if item.latest else None,
                (),
                item.latest.citation if item.latest else None,
            )
        )
    against = [p for p in item.last_stances if p.side == "against"]
    if against:
        holders = tuple(dict.fromkeys(p.holder for p in against))
        out.append(Question("still-opposed", item.issue, None, holders, against[0].citation))
    unnamed = [p for p in positions if p.holder.is_unnamed and p.side == "against"]
    if unnamed:
        out.append(
            Question(
                "unnamed", item.issue, unnamed[0].target, (unnamed[0].holder,), unnamed[0].citation
            )
        )
    return out


__all__ = ["build_meeting_brief", "build_prep_brief"]
