"""The issue, economy and meeting layouts: what each kind of brief shows, in which order,
under which headings; and the section builders the layouts share (positions, actions,
proposals). The prep and changes layouts are in ``kg.briefing.packs``."""

from __future__ import annotations

from collections.abc import Sequence

from kg.briefing.layout import Doc, Section, Writer
from kg.briefing.model import (
    Action,
    Citation,
    Counterpart,
    Delegate,
    EconomyBrief,
    Figure,
    IssueBrief,
    Leaning,
    MeetingBrief,
    Outcome,
    Position,
    ProjectRole,
    Proposal,
    Ref,
    Relation,
    Statement,
    TimelineEntry,
)
from kg.briefing.summary import economy_summary, issue_summary, meeting_summary
from kg.briefing.text import STRINGS

MODES = {k for k in STRINGS if k.startswith("mode.")}

# ------------------------------------------------------------------------ shared sections


def positions_section(w: Writer, positions: tuple[Position, ...]) -> None:
    """The positions section: every position in one table, or a line saying there are none."""
    sec = w.doc.section(w.t("h.positions"))
    if positions:
        w.position_table(sec, positions)
    else:
        sec.p(w.t("none"))


def actions_section(w: Writer, heading: str, actions: Sequence[Action]) -> None:
    """A section headed by the string ``heading``: who is to do what, by when, in the
    report's words, or a line saying there is nothing."""
    t = w.t
    sec = w.doc.section(t(heading))
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


# ------------------------------------------------------------------------ issue


def layout_issue(b: IssueBrief, lang: str) -> Doc:
    """An issue: the bottom line and every position; as annexes the outcomes, proposals,
    context, history across meetings, follow-ups and who is likely to stand where."""
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
    positions_section(w, b.positions)

    w.doc.start_annexes()
    _outcomes(w, b.outcomes)
    proposals_table(w, w.doc.section(t("h.proposals")), b.proposals, with_proposer=True)
    _context(w, b)
    _history(w, b.timeline)
    actions_section(w, "h.follow-ups", b.follow_ups)
    _likely(w, b.leanings)
    return w.done()


def _outcomes(w: Writer, outcomes: Sequence[Outcome]) -> None:
    """Each outcome on the issue: status, the target, the report's words."""
    sec = w.doc.section(w.t("h.outcome"))
    sec.ul(
        [
            f"{w.status(o.status)}{w.paren(w.name(o.target))}{w.colon}{w.quoted(o.citation)} {w.where(o.citation)}"
            for o in outcomes
        ],
        empty=w.t("none"),
    )


def _context(w: Writer, b: IssueBrief) -> None:
    """Where the issue sits: parent and sub-issues, forum, documents, AIDER key focus
    areas, and the meetings (with report sections) that discussed it."""
    t = w.t
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
        items.append(_discussed(w, b.discussed_at))
    sec.ul(items, empty=t("none"))


def _discussed(w: Writer, discussed_at: Sequence[tuple[Ref, str]]) -> str:
    """The meetings that discussed the issue, each with its report sections once."""
    t = w.t
    by_meeting: dict[Ref, list[str]] = {}
    for m, section in discussed_at:
        by_meeting.setdefault(m, [])
        if section and section not in by_meeting[m]:
            by_meeting[m].append(section)
    return f"{t('ctx.discussed')}{w.colon}" + w.t("sep").join(
        w.name(m) + (w.paren(t("ctx.sections", sections=w.t("sep").join(s))) if s else "")
        for m, s in by_meeting.items()
    )


def _history(w: Writer, timeline: Sequence[TimelineEntry]) -> None:
    """The issue meeting by meeting (stance counts and outcomes), or the one meeting."""
    t = w.t
    sec = w.doc.section(t("h.history"))
    if len(timeline) > 1:
        sec.table(
            [t("col.date"), t("col.meeting"), t("h.positions"), t("col.outcome")],
            [
                [
                    e.date,
                    w.name(e.meeting),
                    w.t("sep").join(f"{w.name(s)} {n}" for s, n in e.stances),
                    w.t("sep").join(w.status(o) for o in e.outcomes) or "—",
                ]
                for e in timeline
            ],
        )
    elif timeline:
        e = timeline[0]
        sec.p(t("one-meeting", meeting=w.name(e.meeting), date=e.date))
    else:
        sec.p(t("none"))


def _likely(w: Writer, leanings: Sequence[Leaning]) -> None:
    """Per target, who last stood for it, against it or neither (with the stance)."""
    t = w.t
    sec = w.doc.section(t("h.likely"))
    sec.p(t("likely.note"))
    targets: dict[Ref, dict[str, list[str]]] = {}
    for lean in leanings:
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


# ------------------------------------------------------------------------ economy


def layout_economy(b: EconomyBrief, lang: str) -> Doc:
    """An economy: the bottom line, its positions issue by issue and the proposals it
    tabled; as annexes alignment, delegates, projects, where it agreed and disagreed with
    others, and what it shared."""
    w = Writer(lang, "economy", "")
    t = w.t
    w.multi_meeting = len(b.meetings) > 1
    w.doc.title = t("economy.title", name=w.name(b.holder))
    w.doc.meta = [(t("meta.id"), b.holder.id), (t("meta.meetings"), w.names(b.meetings))]
    w.doc.date = max((p.date for p in b.positions), default="")
    w.doc.summary = economy_summary(w, b, _evidence_line(w, b))
    _positions_by_issue(w, b.positions)
    proposals_table(w, w.doc.section(t("h.proposals-tabled")), b.proposals, with_proposer=False)

    w.doc.start_annexes()
    _alignment(w, b)
    _delegates(w, b.delegates)
    _projects(w, b.projects)
    _relations(w, "h.agreed", b.agreed)
    _relations(w, "h.disagreed", b.disagreed)
    _statements(w, b.statements)
    return w.done()


def _positions_by_issue(w: Writer, positions: Sequence[Position]) -> None:
    """A heading, then a positions table per issue (without the holder column)."""
    w.doc.section(w.t("h.positions-by-issue"))
    if not positions:
        w.doc.sections[-1].p(w.t("none"))
    by_issue: dict[Ref, list[Position]] = {}
    for p in positions:
        by_issue.setdefault(p.issue, []).append(p)
    # issues in the order of their first position (one UN member votes on thousands)
    opened = {i: min((p.date, p.citation.start) for p in ps) for i, ps in by_issue.items()}
    for issue in sorted(by_issue, key=lambda i: opened[i]):
        sec = w.doc.section(w.name(issue), level=3)
        w.position_table(sec, by_issue[issue], with_holder=False)


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
    sec.table(*_alignment_table(w, b.counterparts))
    thin = sum(1 for c in b.counterparts if c.both < MIN_SHARED)
    if thin:
        sec.p(t("alignment.thin", n=MIN_SHARED, k=thin, total=len(b.counterparts)))


def _alignment_table(
    w: Writer, counterparts: Sequence[Counterpart]
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the alignment table; the targets column only when any are known."""
    t = w.t
    with_targets = any(c.targets for c in counterparts)
    header = [t("col.other"), t("col.both"), t("col.agree"), t("col.disagree"), t("col.score")]
    return (
        header + ([t("col.targets")] if with_targets else []),
        [
            [w.name(c.other), str(c.both), str(c.agree), str(c.disagree), f"{c.score:.2f}"]
            + ([w.names(c.targets)] if with_targets else [])
            for c in counterparts
        ],
    )


def _delegates(w: Writer, delegates: Sequence[Delegate]) -> None:
    """The economy's delegates: posts and how many statements each made."""
    t = w.t
    w.doc.section(t("h.delegates")).table(
        [t("col.person"), t("col.posts"), t("col.statements")],
        [[w.name(d.person), w.names(d.posts), str(d.statements)] for d in delegates],
        empty=t("none"),
    )


def _projects(w: Writer, projects: Sequence[ProjectRole]) -> None:
    """The economy's projects: its role, the partners, the status."""
    t = w.t
    w.doc.section(t("h.projects")).table(
        [t("col.project"), t("col.role"), t("col.partners"), t("col.status"), t("col.source")],
        [
            [
                w.name(p.project),
                t(f"role.{p.role}"),
                w.names(p.partners),
                w.name(p.status),
                w.where(p.citation),
            ]
            for p in projects
        ],
        empty=t("none"),
    )


def _relations(w: Writer, heading: str, relations: Sequence[Relation]) -> None:
    """Where the economy and another holder took the same (or opposite) side on a target."""
    t = w.t
    w.doc.section(t(heading)).table(
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
        empty=t("none"),
    )


def _statements(w: Writer, statements: Sequence[Statement]) -> None:
    """What the economy shared (statements that are not positions), in its words."""
    w.doc.section(w.t("h.sharing")).ul(
        [f"{w.quoted(s.citation)} {w.where(s.citation)}" for s in statements],
        empty=w.t("none"),
    )


# ------------------------------------------------------------------------ meeting


def layout_meeting(b: MeetingBrief, lang: str) -> Doc:
    """A meeting: the bottom line, documents adopted, outcomes item by item and actions
    falling due; as annexes figures, every action, every position, project updates and
    attendance."""
    w = Writer(lang, "meeting", "")
    t = w.t
    w.doc.title = t("meeting.title", name=w.name(b.meeting))
    w.doc.date = b.date
    w.doc.meta = _meeting_meta(w, b)
    from kg.briefing.build import OPEN_STATUSES

    still_open = [o.target for o in b.outcomes if o.status.id in OPEN_STATUSES]
    w.doc.summary = meeting_summary(w, b, list(dict.fromkeys(still_open)))
    _adopted(w, b.adopted)
    _outcomes_by_item(w, b.outcomes)
    actions_section(w, "h.due", [a for a in b.actions if a.due])

    w.doc.start_annexes()
    _figures(w, b.figures)
    actions_section(w, "h.actions", b.actions)
    positions_section(w, b.positions)
    _project_updates(w, b.projects)
    _attendance(w, b.attendance)
    return w.done()


def _meeting_meta(w: Writer, b: MeetingBrief) -> list[tuple[str, str]]:
    """Id, date, forum, chair, mode, host and source file, each only when known."""
    t = w.t
    meta = [
        (t("meta.id"), b.meeting.id),
        (t("meta.date"), b.date),
        (t("meta.forum"), w.name(b.forum)),
        (t("meta.chair"), w.name(b.chair)),
        (t("meta.mode"), t(f"mode.{b.mode}") if f"mode.{b.mode}" in MODES else b.mode),
        (t("meta.host"), w.name(b.host)),
        (t("meta.source"), f"{b.source}.txt"),
    ]
    return [(k, v) for k, v in meta if v and v != ".txt"]


def _adopted(w: Writer, adopted: Sequence[tuple[Ref, Citation | None]]) -> None:
    """Documents the meeting adopted, in the report's words."""
    w.doc.section(w.t("h.adopted")).ul(
        [f"{w.name(doc)}{w.colon}{w.quoted(c)} {w.where(c)}" for doc, c in adopted],
        empty=w.t("none"),
    )


def _outcomes_by_item(w: Writer, outcomes: Sequence[Outcome]) -> None:
    """Each outcome with its report section, target, status and words."""
    t = w.t
    w.doc.section(t("h.outcomes-by-item")).table(
        [t("col.section"), t("col.target"), t("col.outcome"), t("col.words"), t("col.source")],
        [
            [
                o.citation.section,
                w.name(o.target),
                w.status(o.status),
                w.quoted(o.citation),
                w.where(o.citation),
            ]
            for o in outcomes
        ],
        empty=t("none"),
    )


def _figures(w: Writer, figures: Sequence[Figure]) -> None:
    """Figures as written in the report."""
    t = w.t
    w.doc.section(t("h.figures")).table(
        [t("col.figure"), t("col.as-written"), t("col.source")],
        [[w.name(f.figure), w.quoted(f.citation), w.where(f.citation)] for f in figures],
        empty=t("none"),
    )


def _project_updates(w: Writer, projects: Sequence[ProjectRole]) -> None:
    """One row per project: its proponents, co-sponsors, status."""
    t = w.t
    sec = w.doc.section(t("h.project-updates"))
    seen: set[str] = set()
    rows = []
    for p in projects:
        if p.project.id in seen:
            continue
        seen.add(p.project.id)
        leads = [q.holder for q in projects if q.project == p.project and q.role == "proponent"]
        cos = [q.holder for q in projects if q.project == p.project and q.role == "co-sponsor"]
        rows.append(
            [
                w.name(p.project),
                w.names(leads),
                w.names(cos) if cos else "—",
                w.name(p.status),
                w.where(p.citation),
            ]
        )
    header = [
        t("col.project"),
        t("role.proponent"),
        t("role.co-sponsor"),
        t("col.status"),
        t("col.source"),
    ]
    sec.table(header, rows, empty=t("none"))


def _attendance(w: Writer, attendance: Sequence[Ref]) -> None:
    """How many economies and others attended, then their names (economies first)."""
    economies = [a for a in attendance if len(a.id) == 2 and a.id.isupper()]
    others = [a for a in attendance if a not in economies]
    w.doc.section(w.t("h.attendance")).p(
        w.t("members.count", economies=len(economies), others=len(others))
        + w.names(economies + others)
    )
