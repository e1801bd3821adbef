"""A holder's stance in a clause of a Chinese report, drafted as a statement on its target.

The target is, in order: another holder's position the clause names (支持中國大陸的立場),
another holder's proposal it names (反對中國之建議), an earlier proposal of the sentence or
one the clause echoes, the clause's issue, the object the clause names (a proposed new issue),
the target of the sentence's last stance, the section's proposed new issue, what was just
put forward; otherwise the statement is left for review.
"""

from __future__ import annotations

import re

from kg.ingest import segment
from kg.ingest.zh_cues import Cue
from kg.ingest.zh_facts import Drafts, Statement
from kg.ingest.zh_reading import Place, Speaker, deepest, issues_in
from kg.ingest.zh_speakers import mentions
from kg.ingest.zh_targets import (
    OWNERS,
    echo,
    object_phrase,
    position_referenced,
    prepositional_object,
    referenced_holder,
)

ANSWERS = ("supports", "opposes", "concedes", "reserves", "abstains")
"""Stances that answer what was just put forward (古巴、俄羅斯表示支持)."""

Answer = tuple[str | None, list[str]]
"""A target and the statements the stance responds to."""


def stance(
    d: Drafts, h: Speaker, at: Place, cue: Cue, issue: str | None, earlier: list[Statement]
) -> Statement | None:
    """The statement of ``h``'s stance in the clause at ``at`` (``earlier``: the stances of
    the sentence so far)."""
    cs, ce = at.clause
    said = cue.stance
    if said == "supports" and any(w in d.rd.text[cs:ce] for w in d.rd.zh.cues.concede_if_with):
        said = "concedes"  # agrees to review its own proposal next year: a concession
    target: str | None = None
    responds: list[str] = []
    held = position_referenced(d, cue.end, ce, h.holder)
    if held is not None and said in ("supports", "opposes"):
        said, responds, fact = _answer_position(d, h, at, (said, issue), held)
        if fact is not None:
            return fact
    owned = _owner_target(d, h, at, cue) if said != "proposes" else None
    if owned is not None:
        target, responds = owned
    if target is None:
        if cue.kind == "prefers" or said == "proposes":
            if issue is None:
                return on_new_issue(d, h, at, (cue.end, said), issue, earlier)
            target = d.proposal(h, issue, at).id
        elif said == "concedes":
            target, responds = _conceded(d, h, at, issue) or (target, responds)
        elif said in ("opposes", "supports"):
            target, responds = _answered(d, h, at, (cue.end, said), issue) or (target, responds)
    target = target or issue
    if target is None:
        return on_new_issue(d, h, at, (cue.end, said), issue, earlier)
    return d.statement(h, at, said, target, responds_to=responds, issue=issue)


def _answer_position(
    d: Drafts,
    h: Speaker,
    at: Place,
    said: tuple[str, str | None],
    held: tuple[str, Statement | None],
) -> tuple[str, list[str], Statement | None]:
    """馬來西亞支持中國大陸的立場: Malaysia's stance, answering China's last one; 支持印度的
    看法 when India opposed opposes it too. Returns the stance, the answered statements and
    the statement when it has a target."""
    stance_, issue = said
    owner_id, answered = held
    target: str | None = None
    responds: list[str] = []
    if answered is not None:
        target = answered.target or answered.issue
        responds = [answered.id]
        if stance_ == "supports" and answered.stance in ("opposes", "reserves", "supports"):
            stance_ = answered.stance
    target = target or issue
    if target is None:
        return stance_, responds, None
    fact = d.statement(
        h, at, stance_, target, responds_to=responds, issue=issue, responds_to_holder=owner_id
    )
    return stance_, responds, fact


def _owner_target(d: Drafts, h: Speaker, at: Place, cue: Cue) -> Answer | None:
    """A proposal of another holder the clause names (反對中國之建議); 支持澳方提議 when
    Australia's proposal is a statement on a new issue: that statement's target."""
    ce = at.clause[1]
    owner = referenced_holder(d.rd, cue.end, ce, h.holder)
    if owner is None:
        return None
    p = d.proposal_of(owner.id, deepest(d.rd.rules, issues_in(d.rd, cue.end, ce)), at.top)
    if p is not None:
        return p.id, d.statements_proposing(p)
    said = [f for f in d.statements if f.holder == owner.id and f.top == at.top and f.target]
    if said:
        return said[-1].target, [said[-1].id]
    return None


def _conceded(d: Drafts, h: Speaker, at: Place, issue: str | None) -> Answer | None:
    """A concession gives way on the holder's own proposal (on the issue, else its latest),
    answering those who opposed it."""
    mine = [p for p in d.proposals if p.top == at.top and p.by == h.holder]
    on_issue = [p for p in mine if p.issue == issue]
    chosen = (on_issue or mine)[-1] if mine else None
    if chosen is None:
        return None
    responds = [
        s.id
        for s in d.statements
        if s.top == at.top and s.target == chosen.id and s.stance == "opposes"
    ]
    return chosen.id, responds


def _answered(
    d: Drafts, h: Speaker, at: Place, cue: tuple[int, str], issue: str | None
) -> Answer | None:
    """The proposal a support or objection answers: another holder's earlier in the sentence,
    one whose wording the clause echoes, or (an objection) the only other proposal on the
    issue."""
    cue_end, said = cue
    in_sentence = [
        f
        for f in d.proposals
        if f.sentence == at.sentence and f.by != h.holder and f.start < at.clause[0]
    ]
    echoed = echo(d, (cue_end, at.clause[1]), h.holder, at.top)
    target: str | None = None
    if in_sentence:
        target = in_sentence[-1].id
    elif echoed is not None:
        target = echoed.id
    elif said == "opposes" and issue is not None:
        others = [
            p for p in d.proposals if p.top == at.top and p.issue == issue and p.by != h.holder
        ]
        if len(others) == 1:
            target = others[0].id
    if target is None:
        return None
    return target, d.statements_proposing(next(p for p in d.proposals if p.id == target))


def on_new_issue(
    d: Drafts,
    h: Speaker,
    at: Place,
    cue: tuple[int, str],
    issue: str | None,
    earlier: list[Statement],
) -> Statement:
    """A stance on something no registry issue names: the clause's object becomes a proposed
    new issue (呼籲加速電子商務談判 → 加速電子商務談判); with no object, the target of the
    sentence's last stance (墨西哥則表示支持); else a statement for review."""
    cue_end, said = cue
    own = d.outline.new_issue(at.section)
    span = object_phrase(d.rd, cue_end, at.clause[1]) or prepositional_object(
        d.rd, at.clause[0], cue_end
    )
    if span is not None:
        label = d.rd.text[span[0] : span[1]]
        if label not in d.new_issues:
            d.new_issues[label] = {
                "id": f"new-{d.rd.meeting_id}-t{len(d.new_issues) + 1}",
                "item": at.item,
                "label": label,
                "start": span[0],
                "parent": own,
            }
        return d.statement(h, at, said, d.new_issues[label]["id"], issue=issue)
    same = [f for f in earlier if f.sentence == at.sentence and f.target]
    if same:
        return d.statement(h, at, said, same[-1].target, issue=issue)
    if own is not None:
        return d.statement(h, at, said, own, issue=issue)
    before = [f for f in d.statements if f.top == at.top and f.target]
    if before and said in ANSWERS:
        # 中方提出決議草案。古巴、俄羅斯表示支持: what was just put forward; from an earlier
        # paragraph, too unsure to be a position without review
        paragraph = d.rd.text.rfind("\n", 0, at.clause[0]) + 1
        return d.statement(
            h,
            at,
            said,
            before[-1].target,
            rule="zh.previous-topic",
            confidence=min(h.confidence, 0.7 if before[-1].start >= paragraph else 0.55),
            responds_to=[before[-1].id],
            issue=issue,
        )
    review = (
        f"reads as '{said}' but no known issue is named here: add the issue (see new_issues) "
        "and set stance/target"
    )
    return d.statement(h, at, review=review, issue=issue)


def thanks(d: Drafts, h: Speaker, at: Place) -> Statement:
    """感謝美國…: a statement answering the latest statements of those thanked."""
    thanked = [
        m[2].id for m in mentions(d.rd, *at.clause) if m[2].id != h.holder and m[2].kind in OWNERS
    ]
    responds = [s.id for s in d.statements if s.top == at.top and s.holder in thanked][-3:]
    return d.statement(h, at, responds_to=responds)


def _example_quotes(d: Drafts, at: Place) -> list[tuple[int, int, str]]:
    """(start, end, economy) of each example named in the clause's brackets, quoting the
    list member that names it: 部分未參與成員如智利."""
    text, out = d.rd.text, []
    for bs, be in segment.bracketed(text, *at.clause):
        inner = text[bs + 1 : be - 1]
        for word in d.rd.zh.cues.examples:
            for m in re.finditer(re.escape(word), inner):
                hit = d.rd.rules.holders.first(inner, m.end())
                if not hit or hit[0] != m.end() or hit[2].kind not in ("economy", "state"):
                    continue
                left = max(inner.rfind(sep, 0, m.start()) for sep in ("及", "、", "，", "和"))
                out.append((bs + 1 + (left + 1 if left >= 0 else 0), bs + 1 + hit[1], hit[2].id))
    return out


def examples(d: Drafts, at: Place, earlier: list[Statement]) -> list[Statement]:
    """部分會員表達支持(…如智利): the named example holds the same stance."""
    if not earlier or earlier[-1].holder != "unnamed":
        return []
    last = earlier[-1]
    return [
        d.statement(
            Speaker(holder, "economy"),
            Place(at.section, (qs, qe), at.sentence),
            last.stance,
            last.target,
            issue=last.issue,
        )
        for qs, qe, holder in _example_quotes(d, at)
    ]


def resolve_reserves(d: Drafts, facts: list[Statement]) -> None:
    """不確定…因此認為不該: a doubt followed by an objection on the same issue is the objection."""

    def issue_of(target: str | None) -> str | None:
        p = d.proposal_by_id(target)
        return p.issue if p else target

    firm = {(f.holder, issue_of(f.target)) for f in facts if f.stance == "opposes"}
    for f in facts:
        if f.stance == "reserves" and (f.holder, issue_of(f.target)) in firm:
            d.statements.remove(f)
