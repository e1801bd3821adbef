"""What changed between meetings: ``kg brief changes --since MEETING`` (or ``--from A --to B``).

The record up to and including the first meeting is the baseline; the meetings after it, up
to the second (the latest when none is given), are the window. Four rules, nothing else:

- **new issues**: an issue with a position or an outcome in the window and none before;
- **stances moved**: a holder's last stance on a target (an issue or a proposal) in the
  window differs from its last stance on that target before;
- **outcomes changed**: a target's latest outcome in the window has another status than its
  latest before, or it had none;
- **actions**: an action of the baseline whose target has an outcome in the window is
  *closed*; one whose target had no outcome after it, and whose due date has passed by the
  last meeting, is *overdue*.
"""

from __future__ import annotations

from kg.briefing.build import _actions
from kg.briefing.collect import Facts, as_iri
from kg.briefing.model import (
    Action,
    ChangesBrief,
    Label,
    Move,
    Outcome,
    OutcomeChange,
    Position,
    Ref,
)
from kg.errors import KGError
from kg.iris import short_id
from kg.records import date_bounds
from kg.store import Store, Value


def _meeting_outcomes(facts: Facts, meeting: Value) -> list[Outcome]:
    """A meeting's outcomes with their citations (outcome evidence only: a UN session holds
    a statement per vote)."""
    date = facts.meeting_date(meeting)
    cites = {(c.start, c.end): c for c in facts.evidence(meeting, "outcome").values()}
    out = []
    for r in facts.select("meeting_outcomes", meeting=meeting):
        cite = cites.get((int(r["start"].value), int(r["end"].value)))
        if cite is not None:
            out.append(
                Outcome(
                    facts.ref(meeting), date, facts.ref(r["target"]), facts.ref(r["status"]), cite
                )
            )
    return out


def _is_due(due: str, by: str) -> bool:
    """Whether an action due ``due`` is past due at a meeting dated ``by`` (both as records
    write dates): the due period ended before the meeting's began."""
    d, b = date_bounds(due), date_bounds(by)
    return d is not None and b is not None and d[1] < b[0]


def build_changes_brief(
    store: Store,
    from_iri: str,
    to_iri: str | None = None,
    facts: Facts | None = None,
    house: dict[str, Label] | None = None,
) -> ChangesBrief:
    """What changed after the meeting ``from_iri`` up to ``to_iri`` (default: the latest),
    among the meetings of the first meeting's forum.

    Raises:
        KGError: the second meeting is not after the first, or nothing follows the first.
    """
    if facts is None:
        rows = Facts(store).meetings()
        forum = next(
            (r["forum"].value for r in rows if r["meeting"].value == from_iri and "forum" in r),
            None,
        )
        facts = Facts(store, forum, house=house)
    meetings = [m["meeting"] for m in facts.meetings()]
    keys = [m.value for m in meetings]
    if to_iri is not None and to_iri not in keys:
        raise KGError(f"{short_id(to_iri)} is not a meeting of the forum of {short_id(from_iri)}.")
    start = keys.index(from_iri)
    end = keys.index(to_iri) if to_iri else len(keys) - 1
    if end <= start:
        raise KGError(
            f"No meeting on record after {short_id(from_iri)}"
            + (f" up to {short_id(to_iri)}" if to_iri else "")
            + ": give --to a later meeting (see `kg list meetings`)."
        )
    before, window = meetings[: start + 1], meetings[start + 1 : end + 1]
    old = facts.all_positions(before)
    new = facts.all_positions(window)

    def last(positions: list[Position]) -> dict[tuple[str, str], Position]:
        out: dict[tuple[str, str], Position] = {}
        for p in positions:
            if not p.holder.is_unnamed:
                out[(p.holder.id, p.target.id)] = p
        return out

    was, now = last(old), last(new)
    moved = [
        Move(now[k].holder, now[k].target, was[k], now[k])
        for k in sorted(now)
        if k in was and was[k].stance != now[k].stance
    ]
    old_out = [o for m in before for o in _meeting_outcomes(facts, m)]
    new_out = [o for m in window for o in _meeting_outcomes(facts, m)]
    seen_issues = {p.issue.id for p in old} | {o.target.id for o in old_out}
    new_issues: dict[str, Ref] = {}
    for p in new:
        if p.issue.id not in seen_issues:
            new_issues.setdefault(p.issue.id, p.issue)
    issue_ids = {short_id(i) for i in facts.issues()}
    for o in new_out:
        if o.target.id in issue_ids and o.target.id not in seen_issues:
            new_issues.setdefault(o.target.id, o.target)

    def latest(outs: list[Outcome]) -> dict[str, Outcome]:
        found: dict[str, Outcome] = {}
        for o in sorted(outs, key=lambda o: (o.date, o.citation.start)):
            found[o.target.id] = o
        return found

    lo, ln = latest(old_out), latest(new_out)
    changed = [
        OutcomeChange(ln[k].target, lo.get(k), ln[k])
        for k in sorted(ln)
        if k not in lo or lo[k].status != ln[k].status
    ]
    last_date = facts.meeting_date(meetings[end])
    baseline_actions: list[Action] = [a for m in before for a in _actions(facts, m)]
    decided = {o.target.id for o in new_out}
    closed = [a for a in baseline_actions if a.target is not None and a.target.id in decided]
    order = {short_id(m.value): n for n, m in enumerate(meetings)}
    settled_before = {  # an outcome on its target at a later meeting of the baseline
        (a.action, a.meeting.id)
        for a in baseline_actions
        for o in old_out
        if a.target is not None
        and o.target.id == a.target.id
        and order[o.meeting.id] > order[a.meeting.id]
    }
    overdue = [
        a
        for a in baseline_actions
        if a not in closed
        and (a.action, a.meeting.id) not in settled_before
        and a.due
        and _is_due(a.due, last_date)
    ]
    return ChangesBrief(
        since=facts.ref(meetings[start]),
        until=facts.ref(meetings[end]),
        meetings=tuple(facts.ref(m) for m in window),
        new_issues=tuple(new_issues.values()),
        moved=tuple(moved),
        outcomes=tuple(changed),
        closed=tuple(closed),
        overdue=tuple(overdue),
        date=last_date,
    )


__all__ = ["build_changes_brief", "as_iri"]
