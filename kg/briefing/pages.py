"""The four layouts: what each kind of brief shows, in which order, under which headings."""

from __future__ import annotations

from collections.abc import Sequence

from kg.briefing.layout import Doc, Section, Writer
from kg.briefing.model import (
    EconomyBrief,
    IssueBrief,
    MeetingBrief,
    Position,
    Proposal,
    Ref,
)
from kg.briefing.summary import economy_summary, issue_summary, meeting_summary
from kg.briefing.text import STRINGS

MODES = {k for k in STRINGS if k.startswith("mode.")}


def layout_issue(b: IssueBrief, lang: str) -> Doc:
    w = Writer(lang, "issue", "")
    t = w.t
    w.multi_meeting = len({p.meeting for p in b.positions} | {o.meeting for o in b.outcomes}) > 1
    w.doc.title = t("issue.title", name=w.name(b.issue))
    status = (
        t("meta.open") if b.is_open else (t("meta.settled") if b.outcomes else t("meta.no-outcome"))
    )
    w.doc.meta = [(t("meta.id"), b.issue.id), (t("meta.status"), status)]
    w.doc.date = max((p.date for p in b.positions), default="")
    w.doc.summary = issue_summary(w, b)

    sec = w.doc.section(t("h.positions"))
    if b.positions:
        w.position_table(sec, b.positions)
    else:
        sec.p(t("none"))

    w.doc.start_annexes()
    sec = w.doc.section(t("h.outcome"))
    sec.ul(
        [
            f"{w.status(o.status)}{w.paren(w.name(o.target))}{w.colon}{w.quoted(o.citation)} {w.where(o.citation)}"
            for o in b.outcomes
        ],
        empty=t("none"),
    )
    proposals_table(w, w.doc.section(t("h.proposals")), b.proposals, with_proposer=True)

    sec = w.doc.section(t("h.context"))
    items = []
    if b.ancestors:
        items.append(
            f"{t('ctx.parent')}{w.colon}" + " › ".join(w.name(a) for a in reversed(b.ancestors))
        )
    if b.sub_issues:
        items.append(f"{t('ctx.sub-issues')}{w.colon}{w.names(b.sub_issues)}")
    if b.forum:
        items.append(f"{t('ctx.forum')}{w.colon}{w.name(b.forum)}")
    if b.documents:
        items.append(f"{t('ctx.documents')}{w.colon}{w.names(b.documents)}")
    if b.kfas:
        items.append(
            f"{t('ctx.kfas')}{w.colon}" + w.t("sep").join(f"{k.id}. {w.name(k)}" for k in b.kfas)
        )
    if b.discussed_at:
        by_meeting: dict[Ref, list[str]] = {}
        for m, section in b.discussed_at:
            by_meeting.setdefault(m, [])
            if section and section not in by_meeting[m]:
                by_meeting[m].append(section)
        items.append(
            f"{t('ctx.discussed')}{w.colon}"
            + w.t("sep").join(
                w.name(m) + (w.paren(t("ctx.sections", sections=w.t("sep").join(s))) if s else "")
                for m, s in by_meeting.items()
            )
        )
    sec.ul(items) if items else sec.p(t("none"))

    sec = w.doc.section(t("h.history"))
    if len(b.timeline) > 1:
        sec.table(
            [t("col.date"), t("col.meeting"), t("h.positions"), t("col.outcome")],
            [
                [
                    e.date,
                    w.name(e.meeting),
                    w.t("sep").join(f"{w.name(s)} {n}" for s, n in e.stances),
                    w.t("sep").join(w.status(o) for o in e.outcomes) or "—",
                ]
                for e in b.timeline
            ],
        )
    elif b.timeline:
        e = b.timeline[0]
        sec.p(t("one-meeting", meeting=w.name(e.meeting), date=e.date))
    else:
        sec.p(t("none"))

    sec = w.doc.section(t("h.follow-ups"))
    _actions(w, sec, b.follow_ups)

    sec = w.doc.section(t("h.likely"))
    sec.p(t("likely.note"))
    targets: dict[Ref, dict[str, list[str]]] = {}
    for lean in b.leanings:
        side = lean.side if lean.side in ("for", "against") else "neither"
        label = f"{w.name(lean.holder)} {w.cite(lean.last.citation)}"
        if side == "neither":
            label = f"{w.name(lean.holder)}{w.paren(w.name(lean.last.stance))} {w.cite(lean.last.citation)}"
        targets.setdefault(lean.target, {}).setdefault(side, []).append(label)
    if targets:
        sec.table(
            [t("col.target"), t("col.for"), t("col.against"), t("col.neither")],
            [
                [w.name(target)]
                + [w.t("sep").join(sides.get(s, [])) or "—" for s in ("for", "against", "neither")]
                for target, sides in sorted(targets.items())
            ],
        )
    return w.done()


def _actions(w: Writer, sec, actions) -> None:
    t = w.t
    if not actions:
        sec.p(t("none"))
        return
    sec.table(
        [t("col.actor"), t("col.what"), t("col.due"), t("col.words"), t("col.source")],
        [
            [
                w.names(a.actors),
                a.description.get(w.lang),
                a.due or "—",
                w.quoted(a.citation),
                w.where(a.citation),
            ]
            for a in actions
        ],
    )


def layout_economy(b: EconomyBrief, lang: str) -> Doc:
    w = Writer(lang, "economy", "")
    t = w.t
    w.multi_meeting = len(b.meetings) > 1
    w.doc.title = t("economy.title", name=w.name(b.holder))
    w.doc.meta = [(t("meta.id"), b.holder.id), (t("meta.meetings"), w.names(b.meetings))]
    w.doc.date = max((p.date for p in b.positions), default="")
    w.doc.summary = economy_summary(w, b, _evidence_line(w, b))

    w.doc.section(t("h.positions-by-issue"))
    if not b.positions:
        w.doc.sections[-1].p(t("none"))
    by_issue: dict[Ref, list[Position]] = {}
    for p in b.positions:
        by_issue.setdefault(p.issue, []).append(p)
    # issues in the order of their first position (one UN member votes on thousands)
    opened = {i: min((p.date, p.citation.start) for p in ps) for i, ps in by_issue.items()}
    for issue in sorted(by_issue, key=lambda i: opened[i]):
        sec = w.doc.section(w.name(issue), level=3)
        w.position_table(sec, by_issue[issue], with_holder=False)

    proposals_table(w, w.doc.section(t("h.proposals-tabled")), b.proposals, with_proposer=False)

    w.doc.start_annexes()
    _alignment(w, b)
    sec = w.doc.section(t("h.delegates"))
    sec.table(
        [t("col.person"), t("col.posts"), t("col.statements")],
        [[w.name(d.person), w.names(d.posts), str(d.statements)] for d in b.delegates],
        empty=t("none"),
    )

    sec = w.doc.section(t("h.projects"))
    sec.table(
        [t("col.project"), t("col.role"), t("col.partners"), t("col.status"), t("col.source")],
        [
            [
                w.name(p.project),
                t(f"role.{p.role}"),
                w.names(p.partners),
                w.name(p.status),
                w.where(p.citation),
            ]
            for p in b.projects
        ],
        empty=t("none"),
    )

    for key, relations in (("h.agreed", b.agreed), ("h.disagreed", b.disagreed)):
        sec = w.doc.section(t(key))
        if relations:
            sec.table(
                [t("col.other"), t("col.target"), t("col.mine"), t("col.their"), t("col.source")],
                [
                    [
                        w.name(r.other),
                        w.name(r.target),
                        w.name(r.mine.stance),
                        w.name(r.theirs.stance),
                        w.t("sep").join((w.where(r.mine.citation), w.where(r.theirs.citation))),
                    ]
                    for r in relations
                ],
            )
        else:
            sec.p(t("none"))

    sec = w.doc.section(t("h.sharing"))
    if b.statements:
        sec.ul([f"{w.quoted(s.citation)} {w.where(s.citation)}" for s in b.statements])
    else:
        sec.p(t("none"))
    return w.done()


def _evidence_line(w: Writer, b: EconomyBrief) -> str:
    """The bottom line on blocs: too little evidence below ``MIN_SHARED`` shared targets,
    else the closest counterpart with its shared targets."""
    from kg.network import MIN_SHARED

    if not b.counterparts:
        return ""
    best = max(b.counterparts, key=lambda c: (c.both, c.score))
    if best.both < MIN_SHARED:
        return w.t(
            "sum.evidence-thin",
            holder=w.name(b.holder),
            n=MIN_SHARED,
            most=best.both,
            other=w.name(best.other),
        )
    close = b.counterparts[0]
    return w.t(
        "sum.evidence-closest",
        other=w.name(close.other),
        both=close.both,
        targets=w.names(close.targets) if close.targets else "—",
    )


def _alignment(w: Writer, b: EconomyBrief) -> None:
    """Alignment with each other holder: the counts, n shared targets and which ones."""
    from kg.network import MIN_SHARED

    t = w.t
    sec = w.doc.section(t("h.alignment"))
    if not b.counterparts:
        sec.p(t("none"))
        return
    sec.p(t("alignment.note"))
    if b.tallied:
        first, last = w.name(b.tallied[0]), w.name(b.tallied[-1])
        sec.p(t("alignment.tallied", n=len(b.tallied), first=first, last=last))
    with_targets = any(c.targets for c in b.counterparts)
    header = [t("col.other"), t("col.both"), t("col.agree"), t("col.disagree"), t("col.score")]
    sec.table(
        header + ([t("col.targets")] if with_targets else []),
        [
            [w.name(c.other), str(c.both), str(c.agree), str(c.disagree), f"{c.score:.2f}"]
            + ([w.names(c.targets)] if with_targets else [])
            for c in b.counterparts
        ],
    )
    thin = sum(1 for c in b.counterparts if c.both < MIN_SHARED)
    if thin:
        sec.p(t("alignment.thin", n=MIN_SHARED, k=thin, total=len(b.counterparts)))


def layout_meeting(b: MeetingBrief, lang: str) -> Doc:
    w = Writer(lang, "meeting", "")
    t = w.t
    w.doc.title = t("meeting.title", name=w.name(b.meeting))
    w.doc.date = b.date
    w.doc.meta = [
        (t("meta.id"), b.meeting.id),
        (t("meta.date"), b.date),
        (t("meta.forum"), w.name(b.forum)),
        (t("meta.chair"), w.name(b.chair)),
        (t("meta.mode"), t(f"mode.{b.mode}") if f"mode.{b.mode}" in MODES else b.mode),
        (t("meta.host"), w.name(b.host)),
        (t("meta.source"), f"{b.source}.txt"),
    ]
    w.doc.meta = [(k, v) for k, v in w.doc.meta if v and v != ".txt"]
    from kg.briefing.build import OPEN_STATUSES

    still_open = [o.target for o in b.outcomes if o.status.id in OPEN_STATUSES]
    w.doc.summary = meeting_summary(w, b, list(dict.fromkeys(still_open)))

    sec = w.doc.section(t("h.adopted"))
    if b.adopted:
        sec.ul([f"{w.name(doc)}{w.colon}{w.quoted(c)} {w.where(c)}" for doc, c in b.adopted])
    else:
        sec.p(t("none"))

    sec = w.doc.section(t("h.outcomes-by-item"))
    sec.table(
        [t("col.section"), t("col.target"), t("col.outcome"), t("col.words"), t("col.source")],
        [
            [
                o.citation.section,
                w.name(o.target),
                w.status(o.status),
                w.quoted(o.citation),
                w.where(o.citation),
            ]
            for o in b.outcomes
        ],
        empty=t("none"),
    )

    sec = w.doc.section(t("h.due"))
    _actions(w, sec, [a for a in b.actions if a.due])

    w.doc.start_annexes()
    sec = w.doc.section(t("h.figures"))
    sec.table(
        [t("col.figure"), t("col.as-written"), t("col.source")],
        [[w.name(f.figure), w.quoted(f.citation), w.where(f.citation)] for f in b.figures],
        empty=t("none"),
    )

    sec = w.doc.section(t("h.actions"))
    _actions(w, sec, b.actions)
    sec = w.doc.section(t("h.positions"))
    if b.positions:
        w.position_table(sec, b.positions)
    else:
        sec.p(t("none"))

    sec = w.doc.section(t("h.project-updates"))
    seen: dict[str, list[str]] = {}
    rows = []
    for p in b.projects:
        if p.project.id in seen:
            continue
        seen[p.project.id] = []
        leads = [q.holder for q in b.projects if q.project == p.project and q.role == "proponent"]
        cos = [q.holder for q in b.projects if q.project == p.project and q.role == "co-sponsor"]
        rows.append(
            [
                w.name(p.project),
                w.names(leads),
                w.names(cos) if cos else "—",
                w.name(p.status),
                w.where(p.citation),
            ]
        )
    if rows:
        sec.table(
            [
                t("col.project"),
                t("role.proponent"),
                t("role.co-sponsor"),
                t("col.status"),
                t("col.source"),
            ],
            rows,
        )
    else:
        sec.p(t("none"))

    sec = w.doc.section(t("h.attendance"))
    economies = [a for a in b.attendance if len(a.id) == 2 and a.id.isupper()]
    others = [a for a in b.attendance if a not in economies]
    sec.p(
        t("members.count", economies=len(economies), others=len(others))
        + w.names(economies + others)
    )
    return w.done()


def proposals_table(
    w: Writer, sec: Section, proposals: Sequence[Proposal], with_proposer: bool
) -> None:
    """Proposals with who backed, opposed or conceded each (the proposer is not its own backer)."""
    t = w.t
    if not proposals:
        sec.p(t("none"))
        return
    header = [t("col.proposal")] + ([t("col.by")] if with_proposer else [])
    header += [t("col.backed"), t("col.opposed"), t("col.conceded"), t("col.source")]
    rows = []
    for p in proposals:
        row = [w.name(p.proposal)] + ([w.name(p.by)] if with_proposer else [])
        row += [
            w.names([r for r in p.backers if r != p.by]),
            w.names(p.opponents),
            w.names(p.conceded_by),
            w.where(p.citation),
        ]
        rows.append(row)
    sec.table(header, rows)
