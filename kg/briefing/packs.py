"""The next-meeting pack's layout, neutral or written from one delegation's side (``--as``).

The body holds what a delegate needs in the room: the bottom line, per open item where it
stands and (from our side) who stood with us, against us or neither, talking points from our
own earlier words, the questions to ask, and the actions falling due. The annexes hold each
holder's last stance in full and every action.

The changes brief's layout (what changed between two meetings) is here too; both take the
actions sections from ``kg.briefing.pages``.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.briefing.layout import Doc, Section, Writer
from kg.briefing.model import (
    ChangesBrief,
    Move,
    OurItem,
    OutcomeChange,
    Position,
    PrepBrief,
)
from kg.briefing.pages import actions_section
from kg.briefing.summary import prep_summary, sides_line


def layout_prep(b: PrepBrief, lang: str) -> Doc:
    w = Writer(lang, "prep", "")
    t = w.t
    w.multi_meeting = len(b.meetings) > 1
    title = t("prep.title")
    if b.next_meeting:
        title = t("prep.title-next", next=b.next_meeting)
    w.doc.title = title
    w.doc.meta = [
        (t("meta.forum"), w.name(b.forum) if b.forum else t("meta.all")),
        (t("meta.meetings"), w.names(b.meetings)),
    ]
    if b.next_meeting or b.next_date:
        w.doc.meta.append((t("meta.next"), " ".join(x for x in (b.next_meeting, b.next_date) if x)))
    if b.perspective is not None:
        w.doc.meta.append((t("meta.as"), w.name(b.perspective)))
    w.doc.date = max((i.latest.date for i in b.issues if i.latest), default="")
    w.doc.summary = prep_summary(w, b)

    if b.perspective is not None:
        _our_side(w, b)
    sec = w.doc.section(t("h.open-issues"))
    if not b.issues:
        sec.p(t("none"))
    items = []
    for item in b.issues:
        line = w.name(item.issue)
        if item.latest:
            o = item.latest
            line += w.colon + t(
                "prep.latest", status=w.status(o.status), meeting=w.name(o.meeting), date=o.date
            )
            line += f" {w.quoted(o.citation)} {w.where(o.citation)}"
        else:
            line += w.colon + t("prep.action-due")
        on_issue = [p for p in item.last_stances if p.target.id == item.issue.id]
        sides = sides_line(w, on_issue or item.last_stances)
        items.append(f"{line} {sides}".rstrip())
    if items:
        sec.ul(items)

    sec = w.doc.section(t("h.questions") if b.perspective is None else t("h.ask"))
    questions = [_question(w, q) for q in b.questions]
    sec.ul(questions, ordered=True, empty=t("none"))

    actions_section(w, "h.due", [a for a in b.actions if a.due])

    w.doc.start_annexes()
    for item in b.issues:
        if item.last_stances:
            sec = w.doc.section(t("prep.last-stances", issue=w.name(item.issue)))
            w.position_table(sec, item.last_stances)
    actions_section(w, "h.actions", b.actions)
    return w.done()


def _question(w: Writer, q) -> str:
    subject = w.name(q.subject) if q.subject else ""
    text = w.t(
        f"q.{q.kind}",
        issue=w.name(q.issue),
        status=w.status(q.subject),
        subject=subject,
        holders=w.names(q.holders),
    )
    return f"{text} {w.cite(q.citation)}".rstrip()


def _our_side(w: Writer, b: PrepBrief) -> None:
    """Per open issue: on each target we took a stance on, ours, with us, against us,
    undecided; then talking points assembled from our own earlier statements."""
    t = w.t
    w.doc.section(t("h.our-side", holder=w.name(b.perspective)))
    if not b.ours:
        w.doc.sections[-1].p(t("none"))
    by_issue: dict[str, list[OurItem]] = {}
    for item in b.ours:
        by_issue.setdefault(item.issue.id, []).append(item)
    for items in by_issue.values():
        sec = w.doc.section(w.name(items[0].issue), level=3)
        for item in items:
            label = w.name(item.target)
            if item.our_proposal:
                label = t("prep.our-proposal", name=label)
            sec.p(
                t("prep.ours", target=label, stance=w.stance(item.ours))
                + f"{w.colon}{w.qualified(item.ours)} {w.where(item.ours.citation)}"
            )
            _who(w, sec, "prep.with-us", item.with_us)
            _who(w, sec, "prep.against-us", item.against_us)
            _who(w, sec, "prep.undecided", item.undecided)
            if not (item.with_us or item.against_us or item.undecided):
                sec.p(t("prep.no-others"))
        points = _points(w, items)
        if points:
            sec.p(t("prep.points"))
            sec.ul(points)


def _who(w: Writer, sec: Section, key: str, positions: tuple[Position, ...]) -> None:
    if not positions:
        return
    sec.p(
        w.t(key, n=len(positions))
        + w.colon
        + w.t("sum.semi").join(
            f"{w.name(p.holder)}{w.paren(w.stance(p))} {w.qualified(p)} {w.where(p.citation)}"
            for p in positions
        )
    )


def _points(w: Writer, items: list[OurItem]) -> list[str]:
    """Talking points from our own statements, nothing added: carry our proposals (naming who
    backed them), keep backing the proposals of others we supported, restate our stance on
    the issue itself."""
    out = []
    for item in items:
        ref = w.cite(item.ours.citation)
        if item.our_proposal:
            backers = w.names([p.holder for p in item.with_us]) if item.with_us else ""
            out.append(
                w.t("prep.point-ours", target=w.name(item.target), ref=ref)
                + (w.t("prep.point-backed", holders=backers) if backers else "")
            )
        elif item.target.id != item.issue.id:
            proposer = [p.holder for p in item.with_us if p.stance.id == "proposes"]
            out.append(
                w.t(
                    "prep.point-theirs",
                    target=w.name(item.target),
                    holders=w.names(proposer) if proposer else "—",
                    ref=ref,
                )
            )
        else:
            out.append(w.t("prep.point-issue", stance=w.name(item.ours.stance), ref=ref))
    return out


def layout_changes(b: ChangesBrief, lang: str) -> Doc:
    """What changed: bottom line, new issues, stances moved, outcomes changed; as annexes
    the actions closed and those overdue."""
    w = Writer(lang, "changes", "")
    t = w.t
    w.multi_meeting = True
    w.doc.title = t("changes.title", since=w.name(b.since), until=w.name(b.until))
    w.doc.meta = [(t("meta.meetings"), w.names(b.meetings))]
    w.doc.date = b.date
    w.doc.summary = _changes_summary(w, b)
    w.doc.section(t("h.new-issues")).ul([w.name(i) for i in b.new_issues], empty=t("none"))
    _moved(w, b.moved)
    _outcomes_changed(w, b.outcomes)
    w.doc.start_annexes()
    actions_section(w, "h.closed", b.closed)
    actions_section(w, "h.overdue", b.overdue)
    return w.done()


def _changes_summary(w: Writer, b: ChangesBrief) -> list[str]:
    """The counts of each kind of change, then who moved (the first six)."""
    t = w.t
    summary = [
        t(
            "changes.sum",
            issues=len(b.new_issues),
            moved=len(b.moved),
            outcomes=len(b.outcomes),
            closed=len(b.closed),
            overdue=len(b.overdue),
        )
    ]
    if b.moved:
        summary.append(
            t(
                "changes.sum-moved",
                items=t("sep").join(
                    dict.fromkeys(
                        f"{w.name(m.holder)}{w.paren(w.name(m.before.stance) + '→' + w.name(m.after.stance))}"
                        for m in b.moved[:6]
                    )
                )
                + (t("sum.more", n=len(b.moved) - 6) if len(b.moved) > 6 else ""),
            )
        )
    return summary


def _moved(w: Writer, moved: Sequence[Move]) -> None:
    """Each holder whose stance on a target moved: before, and after in its own words."""
    t = w.t
    w.doc.section(t("h.moved")).table(
        [t("col.holder"), t("col.target"), t("col.before"), t("col.after")],
        [
            [
                w.name(m.holder),
                w.name(m.issue),
                f"{w.name(m.before.stance)} {w.where(m.before.citation)}",
                f"{w.name(m.after.stance)} {w.qualified(m.after)} {w.where(m.after.citation)}",
            ]
            for m in moved
        ],
        empty=t("none"),
    )


def _outcomes_changed(w: Writer, changes: Sequence[OutcomeChange]) -> None:
    """Each target whose outcome changed: the status before (or —), the status after in
    the report's words."""
    t = w.t
    w.doc.section(t("h.outcomes-changed")).table(
        [t("col.target"), t("col.before"), t("col.after")],
        [
            [
                w.name(c.target),
                f"{w.status(c.before.status)} {w.where(c.before.citation)}" if c.before else "—",
                f"{w.status(c.after.status)} {w.quoted(c.after.citation)} {w.where(c.after.citation)}",
            ]
            for c in changes
        ],
        empty=t("none"),
    )
