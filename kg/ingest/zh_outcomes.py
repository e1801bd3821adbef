"""Outcomes in a Chinese report: an outcome phrase (達成共識, 未獲共識, 通過, 再行檢討 …) not
preceded by a blocker (期待, 認為 …) records an outcome on the proposal, document or issue
the clause is about.
"""

from __future__ import annotations

import re

from kg.ingest.rules import Rules
from kg.ingest.zh_facts import Drafts, Statement
from kg.ingest.zh_reading import Place, Reading, Span, deepest, issues_in, refine, roots
from kg.ingest.zh_speakers import mentions
from kg.ingest.zh_targets import OWNERS

Target = tuple[str | None, int, int]
"""What an outcome is on, and the span it quotes."""


def find_outcome(rd: Reading, clause: Span) -> tuple[int, int, str] | None:
    """(start, end, status) of the clause's outcome phrase (the longest first), or None when
    there is none or a blocker stands before it; 未…達成共識 is no consensus."""
    cs, ce = clause
    text = rd.text[cs:ce]
    for phrase, status in rd.zh.outcomes.phrases:
        pos = text.find(phrase)
        if pos < 0:
            continue
        before = text[:pos]
        if any(b in before for b in rd.zh.outcomes.blockers_of(status)):
            return None
        if status == "adopted" and re.search(r"\d+\s*[件項個]", text):
            return None  # 48件獲得通過: a count
        if status == "consensus" and re.search(r"(未|無法|沒有|未能)[^，。]{0,6}$", before):
            status = "no-consensus"
        return cs + pos, cs + pos + len(phrase), status
    return None


def outcome_in(d: Drafts, at: Place, issue: str | None, stances: list[Statement]) -> bool:
    """Record the outcomes of the clause at ``at``; whether it states one."""
    found = find_outcome(d.rd, at.clause)
    if found is None:
        return False
    ps, pe, status = found
    seen: set[str | None] = set()
    for target, start, end in outcome_targets(d, at, (ps, pe, status), issue, stances):
        if target in seen:
            continue
        seen.add(target)
        d.outcome(at, (start, end), target, status)
    return True


def outcome_targets(
    d: Drafts,
    at: Place,
    phrase: tuple[int, int, str],
    issue: str | None,
    stances: list[Statement],
) -> list[Target]:
    """What an outcome is on: a holder's proposal the clause names (美國之建議未獲共識), what
    was adopted, the clause's issue, the target of the sentence's last stance, the issues of
    the clauses after it and the section's issue."""
    rd, (cs, ce) = d.rd, at.clause
    _, pe, status = phrase
    owner = None
    for _, e, entity in mentions(rd, cs, ce):
        if entity.kind in OWNERS and re.match(r"^(之|的)?(所提|建議|提案|提議)", rd.text[e:ce]):
            owner = entity
    if owner is not None:
        p = d.proposal_of(owner.id, None, at.top)
        if p is not None:
            return [(p.id, cs, ce)]
    if status == "adopted":
        adopted = _adopted(rd, at, phrase[0], pe)
        if adopted:
            return adopted
    own = deepest(rd.rules, issues_in(rd, cs, ce))
    if own:
        return [(refine(rd.rules, own, d.outline.issue(at.section)) or own, cs, ce)]
    if stances:
        target = stances[-1].target
        p = d.proposal_by_id(target)
        return [(p.issue if p else target, cs, ce)]
    return _later_issues(d, at)


def _adopted(rd: Reading, at: Place, ps: int, pe: int) -> list[Target]:
    """What was adopted: the issues and documents named after 通過 (the broadest of them),
    else the broadest issue named before it in the sentence."""
    cs, ce = at.clause
    after = issues_in(rd, pe, ce, brackets=True) + [
        (s, doc) for s, _, doc in rd.rules.documents.find(rd.text, pe, ce)
    ]
    found = after or issues_in(rd, at.sentence[0], ps, brackets=True)
    if not found:
        return []
    if after:
        ids = roots(rd.rules, [i for _, i in found])
    else:
        ids = [min((i for _, i in found), key=lambda i: rd.rules.issue_depth.get(i, 0))]
    return [(as_document(rd.rules, i), cs, ce) for i in ids]


def _later_issues(d: Drafts, at: Place) -> list[Target]:
    """The issues of the clauses after this one, after the section's issue."""
    out: list[Target] = []
    for fs, fe in at.clauses[at.index + 1 :]:
        later = deepest(d.rd.rules, issues_in(d.rd, fs, fe, brackets=True))
        if later and later not in [o[0] for o in out]:
            out.append((later, fs, fe))
    section_issue = d.outline.issue(at.section)
    if section_issue and section_issue not in [o[0] for o in out]:
        out.insert(0, (section_issue, *at.clause))
    return out


def as_document(rules: Rules, issue: str) -> str:
    """An issue with exactly one document stands for that document when adopted."""
    docs = rules.issue_documents.get(issue, [])
    return docs[0] if len(docs) == 1 else issue
