"""The bottom line that opens every brief: at most six lines, each filled from the data by a
template of ``kg.briefing.text`` (nothing is written that the record does not hold).

The lines answer, in this order: what is at stake, where it stands (outcome and date), who is
for, against and neither (names, with n), what happens next (actions and due dates), and what
to watch. A line with nothing to say is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg.briefing.layout import Writer
from kg.briefing.model import (
    Action,
    EconomyBrief,
    IssueBrief,
    MeetingBrief,
    Outcome,
    Position,
    PrepBrief,
    Ref,
)
from kg.vocab import STANCE_TERMS

MAX_LINES = 6
GROUPS = (
    ("for", tuple(t.id for t in STANCE_TERMS if t.side == "for")),
    ("against", tuple(t.id for t in STANCE_TERMS if t.side == "against")),
    ("conceded", ("concedes",)),
    ("undecided", tuple(t.id for t in STANCE_TERMS if t.side == "neither" and t.id != "concedes")),
)
"""How the bottom line groups each holder's last stance on each target: by the stance's side
(``kg.vocab``), with a concession told apart from the other stances on neither side."""


def last_stances(positions: Iterable[Position]) -> list[Position]:
    """Each named holder's last position on each target (positions oldest first)."""
    last: dict[tuple[str, str], Position] = {}
    for p in positions:
        if not p.holder.is_unnamed:
            last[(p.target.id, p.holder.id)] = p
    return list(last.values())


def sides_line(w: Writer, positions: Sequence[Position], key: str = "sum.sides") -> str:
    """``For (2): A [1], B [3]; against (2): …`` from each holder's last stance per target."""
    t = w.t
    last = last_stances(positions)
    parts = []
    for group, stances in GROUPS:
        seen: dict[str, str] = {}
        for p in sorted(last, key=lambda p: p.citation.start):
            if p.stance.id in stances and p.holder.id not in seen:
                seen[p.holder.id] = f"{w.name(p.holder)} {w.cite(p.citation)}"
        if seen:
            parts.append(t(f"sum.{group}", n=len(seen)) + w.colon + t("sep").join(seen.values()))
    unnamed = [p for p in positions if p.holder.is_unnamed and p.side == "against"]
    if unnamed:
        parts.append(t("sum.unnamed-against", refs="".join(w.cite(p.citation) for p in unnamed)))
    return t(key, sides=t("sum.semi").join(parts)) if parts else ""


def outcome_line(w: Writer, outcomes: Sequence[Outcome]) -> str:
    """Where it stands: the latest outcome, its date and its words."""
    if not outcomes:
        return w.t("sum.no-outcome")
    o = max(outcomes, key=lambda o: (o.date, o.citation.start))
    return w.t(
        "sum.outcome",
        status=w.status(o.status),
        meeting=w.name(o.meeting),
        date=o.date,
        words=f"{w.quoted(o.citation)} {w.cite(o.citation)}",
    )


def next_line(w: Writer, actions: Sequence[Action], limit: int = 3) -> str:
    """What happens next: actions with a due date first, at most ``limit`` named."""
    if not actions:
        return w.t("sum.no-next")
    ordered = sorted(actions, key=lambda a: (not a.due, a.due, a.citation.start))
    items = [
        w.t(
            "sum.action",
            who=w.names(a.actors),
            what=a.description.get(w.lang),
            due=w.t("sum.due", due=a.due) if a.due else "",
            ref=w.cite(a.citation),
        )
        for a in ordered[:limit]
    ]
    more = len(ordered) - limit
    tail = w.t("sum.more", n=more) if more > 0 else ""
    return w.t("sum.next", items=w.t("sum.semi").join(items) + tail)


def qualified_line(w: Writer, positions: Sequence[Position]) -> str:
    """Positions the report qualifies: whose, and how (the words are in the body)."""
    found = [p for p in positions if p.qualifications]
    if not found:
        return ""
    items = [
        f"{w.name(p.holder)}{w.paren(w.t('qual.' + p.qualifications[0].kind))} "
        f"{w.cite(p.qualifications[0].citation)}"
        for p in found
    ]
    return w.t("sum.qualified", items=w.t("sep").join(items))


def _cap(lines: Iterable[str]) -> list[str]:
    return [line for line in lines if line][:MAX_LINES]


def issue_summary(w: Writer, b: IssueBrief) -> list[str]:
    t = w.t
    where = " › ".join(w.name(a) for a in reversed(b.ancestors)) or w.name(b.forum) or "—"
    stake = t("sum.issue-stake", where=where, documents=w.names(b.documents))
    contested = [p for p in b.proposals if p.opponents and p.by not in p.conceded_by]
    against = [p for p in last_stances(b.positions) if p.side == "against"]
    if b.is_open:
        watch = t("sum.watch-open")
        if contested:
            watch += t(
                "sum.watch-proposals",
                items=t("sep").join(
                    f"{w.name(p.proposal)}{w.paren(w.name(p.by))}" for p in contested
                ),
            )
    elif b.outcomes and against:
        holders = list(dict.fromkeys(w.name(p.holder) for p in against))
        watch = t("sum.watch-returns", holders=t("sep").join(holders))
    else:
        watch = qualified_line(w, b.positions) or t("sum.watch-settled")
    return _cap(
        [
            stake,
            outcome_line(w, b.outcomes),
            sides_line(w, b.positions),
            next_line(w, b.follow_ups),
            watch,
        ]
    )


def economy_summary(w: Writer, b: EconomyBrief, evidence: str) -> list[str]:
    t = w.t
    issues = list(dict.fromkeys(p.issue for p in b.positions))
    stake = t(
        "sum.economy-stake",
        holder=w.name(b.holder),
        n=len(b.positions),
        k=len(issues),
        meetings=w.names(b.meetings),
    )
    last = last_stances(b.positions)
    parts = []
    for group, stances in GROUPS:
        on = [p for p in sorted(last, key=lambda p: p.citation.start) if p.stance.id in stances]
        if on:
            parts.append(
                t(f"sum.{group}", n=len(on))
                + w.colon
                + t("sep").join(f"{w.name(p.target)} {w.cite(p.citation)}" for p in on[:3])
                + (t("sum.more", n=len(on) - 3) if len(on) > 3 else "")
            )
    stands = t("sum.economy-sides", sides=t("sum.semi").join(parts)) if parts else ""
    return _cap(
        [
            stake,
            stands,
            evidence,
            next_line(w, b.actions) if b.actions else "",
            t("sum.watch-issues", items=w.names(list(b.open_issues))) if b.open_issues else "",
            qualified_line(w, b.positions),
        ]
    )


def meeting_summary(w: Writer, b: MeetingBrief, open_issues: Sequence[Ref]) -> list[str]:
    t = w.t
    economies = [a for a in b.attendance if len(a.id) == 2 and a.id.isupper()]
    stake = t(
        "sum.meeting-stake",
        meeting=w.name(b.meeting),
        date=b.date,
        chair=w.name(b.chair) or "—",
        economies=len(economies),
        others=len(b.attendance) - len(economies),
    )
    adopted = (
        t("sum.adopted", items=w.t("sep").join(f"{w.name(d)} {w.cite(c)}" for d, c in b.adopted))
        if b.adopted
        else ""
    )
    counts: dict[Ref, int] = {}
    for o in b.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    outcomes = t(
        "sum.outcomes",
        n=len(b.outcomes),
        counts=t("sep").join(f"{w.status(s)} {n}" for s, n in counts.items()),
    )
    holders = {p.holder.id for p in b.positions}
    positions = t("sum.positions", n=len(b.positions), k=len(holders))
    return _cap(
        [
            stake,
            adopted,
            outcomes + " " + positions,
            next_line(w, [a for a in b.actions if a.due] or b.actions),
            t("sum.watch-issues", items=w.names(list(open_issues))) if open_issues else "",
            qualified_line(w, b.positions),
        ]
    )


def prep_summary(w: Writer, b: PrepBrief) -> list[str]:
    t = w.t
    stake = t(
        "sum.prep-stake",
        next=b.next_meeting or t("sum.next-meeting"),
        date=w.paren(b.next_date) if b.next_date else "",
        n=len(b.issues),
        items=t("sep").join(
            f"{w.name(i.issue)}{w.paren(w.status(i.latest.status))}"
            if i.latest
            else w.name(i.issue)
            for i in b.issues
        ),
    )
    lines = [stake]
    if b.perspective is not None and b.ours:
        mine = [o for o in b.ours if o.our_proposal]
        lines.append(
            t(
                "sum.ours",
                n=len(mine),
                items=t("sep").join(f"{w.name(o.target)} {w.cite(o.ours.citation)}" for o in mine),
            )
            if mine
            else ""
        )
        lines.append(sides_line(w, [p for o in b.ours for p in o.with_us], "sum.with-us"))
        against = [p for o in b.ours for p in o.against_us]
        lines.append(sides_line(w, against, "sum.against-us") if against else t("sum.no-against"))
        undecided = [p for o in b.ours for p in o.undecided]
        if undecided:
            lines.append(
                t(
                    "sum.lobby",
                    items=t("sep").join(
                        dict.fromkeys(f"{w.name(p.holder)} {w.cite(p.citation)}" for p in undecided)
                    ),
                )
            )
    else:
        against = [p for i in b.issues for p in i.last_stances if p.side == "against"]
        on_issues = [p for i in b.issues for p in i.last_stances if p.target.id == i.issue.id]
        lines.append(sides_line(w, on_issues))
        lines.append(
            t(
                "sum.watch-opposed",
                items=t("sep").join(
                    dict.fromkeys(f"{w.name(p.holder)} {w.cite(p.citation)}" for p in against)
                ),
            )
            if against
            else ""
        )
    lines.append(next_line(w, [a for a in b.actions if a.due] or b.actions))
    return _cap(lines)
