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

from kg.briefing.build import _actions, _latest, _meeting_outcomes
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


def _outcomes_of(facts: Facts, meeting: Value) -> list[Outcome]:
    """A meeting's outcomes, each cited by the evidence of an outcome on its span (outcomes'
    evidence only: a UN session holds a statement per vote)."""
    cites = {(c.start, c.end): c for c in facts.evidence(meeting, "outcome").values()}
    return _meeting_outcomes(facts, meeting, lambda start, end: cites.get((start, end)))


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
    facts = facts or _forum_facts(store, from_iri, house)
    meetings, start, end = _window(facts, from_iri, to_iri)
    before, window = meetings[: start + 1], meetings[start + 1 : end + 1]
    old, new = facts.all_positions(before), facts.all_positions(window)
    old_out = [o for m in before for o in _outcomes_of(facts, m)]
    new_out = [o for m in window for o in _outcomes_of(facts, m)]
    last_date = facts.meeting_date(meetings[end])
    closed, overdue = _closed_and_overdue(facts, meetings, before, old_out, new_out, last_date)
    return ChangesBrief(
        since=facts.ref(meetings[start]),
        until=facts.ref(meetings[end]),
        meetings=tuple(facts.ref(m) for m in window),
        new_issues=tuple(_new_issues(facts, old, new, old_out, new_out)),
        moved=tuple(_moved(old, new)),
        outcomes=tuple(_outcome_changes(old_out, new_out)),
        closed=tuple(closed),
        overdue=tuple(overdue),
        date=last_date,
    )


def _forum_facts(store: Store, from_iri: str, house: dict[str, Label] | None) -> Facts:
    """Facts narrowed to the forum of the meeting ``from_iri`` (every forum when it has none)."""
    rows = Facts(store).meetings()
    forum = next(
        (r["forum"].value for r in rows if r["meeting"].value == from_iri and "forum" in r),
        None,
    )
    return Facts(store, forum, house=house)


def _window(facts: Facts, from_iri: str, to_iri: str | None) -> tuple[list[Value], int, int]:
    """The meetings in scope, oldest first, with the index of ``from_iri`` and of ``to_iri``
    (the latest when ``None``).

    Raises:
        KGError: ``to_iri`` is not a meeting in scope, or no meeting follows ``from_iri``.
    """
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
    return meetings, start, end


def _new_issues(
    facts: Facts,
    old: list[Position],
    new: list[Position],
    old_out: list[Outcome],
    new_out: list[Outcome],
) -> list[Ref]:
    """Issues with a position or an outcome in the window and none before: those of the
    window's positions first, then those of its outcomes, each once."""
    seen_issues = {p.issue.id for p in old} | {o.target.id for o in old_out}
    found: dict[str, Ref] = {}
    for p in new:
        if p.issue.id not in seen_issues:
            found.setdefault(p.issue.id, p.issue)
    issue_ids = {short_id(i) for i in facts.issues()}
    for o in new_out:
        if o.target.id in issue_ids and o.target.id not in seen_issues:
            found.setdefault(o.target.id, o.target)
    return list(found.values())


def _moved(old: list[Position], new: list[Position]) -> list[Move]:
    """Each named holder whose last stance on a target in the window differs from its last
    stance on it before, by holder and target."""
    was, now = _latest(old), _latest(new)
    return [
        Move(now[k].holder, now[k].target, was[k], now[k])
        for k in sorted(now, key=lambda k: (k[1], k[0]))
        if k in was and was[k].stance != now[k].stance
    ]


def _outcome_changes(old_out: list[Outcome], new_out: list[Outcome]) -> list[OutcomeChange]:
    """Each target whose latest outcome in the window has another status than its latest
    before, or had none before, by target."""

    def latest(outs: list[Outcome]) -> dict[str, Outcome]:
        found: dict[str, Outcome] = {}
        for o in sorted(outs, key=lambda o: (o.date, o.citation.start)):
            found[o.target.id] = o
        return found

    lo, ln = latest(old_out), latest(new_out)
    return [
        OutcomeChange(ln[k].target, lo.get(k), ln[k])
        for k in sorted(ln)
        if k not in lo or lo[k].status != ln[k].status
    ]


def _closed_and_overdue(
    facts: Facts,
    meetings: list[Value],
    before: list[Value],
    old_out: list[Outcome],
    new_out: list[Outcome],
    last_date: str,
) -> tuple[list[Action], list[Action]]:
    """The baseline's actions closed by an outcome on their target in the window, and those
    overdue at ``last_date``: due, not closed, and with no outcome on their target at a
    later meeting of the baseline."""
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
    return closed, overdue


__all__ = ["build_changes_brief", "as_iri"]
