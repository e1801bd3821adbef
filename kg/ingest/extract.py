"""Report text → draft meeting record (statements, proposals, outcomes) by cue-word rules.

How a clause is read (the rules themselves live in ``ingest-rules.yaml``):

1. The *speaker* is a holder named at the start of the clause (after connectives such as 並,
   惟, 後) or right before a reporting verb or a stance cue; 「中國、俄羅斯反對」 has two.
   Without one, the clause inherits the sentence's speaker, then the section's
   (``zh_speakers``).
2. The first *stance cue* of the clause decides the stance; a negation right before it flips it
   (不支持 → opposes). A proposal cue used as a noun (的建議, 提案之進展) is no cue
   (``zh_cues``).
3. The *target* is, in order: another holder's proposal the clause names (「反對中國之建議」),
   an earlier proposal the clause echoes, the issue the clause names (when it refines the
   section's issue), the issue of the sentence, the issue of the section and its parents
   (``zh_targets``, ``zh_stances``).
4. An *outcome* phrase (達成共識, 未獲共識, 通過, 再行檢討 …) not preceded by a blocker
   (期待, 認為 …) records an outcome on the proposal or issue the clause is about
   (``zh_outcomes``).

Each fact carries the exact clause or sentence it comes from as ``quote`` and ``start``. This
module walks the sections, sentences and clauses; what it remembers between them is a
``Walk``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from kg.ingest import segment
from kg.ingest.model import ReviewItem
from kg.ingest.rules import Rules
from kg.ingest.segment import Section
from kg.ingest.tokens import Words
from kg.ingest.zh_cues import Cue, first_cue, modal_cue
from kg.ingest.zh_facts import Drafts, Fact, Outcome, Proposal, Statement
from kg.ingest.zh_outcomes import outcome_in
from kg.ingest.zh_reading import (
    Place,
    Reading,
    Span,
    Speaker,
    deepest,
    issues_in,
    outline,
    refine,
    slug,
)
from kg.ingest.zh_speakers import REPORTING, mentions, resolve_anaphor, speakers, subject_of
from kg.ingest.zh_stances import examples, resolve_reserves, stance, thanks

__all__ = ["Extractor", "Fact", "Outcome", "Proposal", "Speaker", "Statement", "slug"]


@dataclass
class Walk:
    """What the walk remembers between clauses, sentences and sections."""

    last_named: list[Speaker] = field(default_factory=list)
    last_span: Span = (0, 0)
    """Where the holders named last were named: other holders there make 其 ambiguous."""
    report_speaker: dict[str, Speaker] = field(default_factory=dict)
    """Section id → who reported on it (報告, 說明): its parts inherit the speaker."""


@dataclass(frozen=True)
class Sentence:
    """A sentence of a section and what the walk knows of it."""

    section: Section | None
    span: Span
    clauses: tuple[Span, ...]
    in_projects: bool
    issue: str | None
    """The section's issue, or the narrower one an earlier sentence of the section named."""


@dataclass
class Said:
    """Who has spoken in the sentence so far and what was drafted from it."""

    current: Speaker | None
    speakers: list[Speaker] = field(default_factory=list)
    explicit: bool = False
    blocked: bool = False
    made: list[Statement] = field(default_factory=list)
    stances: list[Statement] = field(default_factory=list)


class Extractor:
    """Reads one report; call ``run()`` once, then read the lists."""

    def __init__(self, text: str, rules: Rules, meeting_id: str, year: int | None) -> None:
        self.text = text
        self.rules = rules
        self.meeting_id = meeting_id
        self.year = year
        self.sections = segment.sections(text, rules.patterns)
        self.reading = Reading(text, Words(text), rules, meeting_id)
        self.outline = outline(self.reading, self.sections)
        self.drafts = Drafts(self.reading, self.outline)

    @property
    def statements(self) -> list[Statement]:
        return self.drafts.statements

    @property
    def proposals(self) -> list[Proposal]:
        return self.drafts.proposals

    @property
    def outcomes(self) -> list[Outcome]:
        return self.drafts.outcomes

    @property
    def review_items(self) -> list[ReviewItem]:
        return self.drafts.review_items

    @property
    def new_issues(self) -> dict[str, dict[str, Any]]:
        return self.drafts.new_issues

    @property
    def title_issues(self) -> dict[str, list[str]]:
        """Section id → the broadest issues its title names."""
        return self.outline.title_issues

    def item_issue(self, section: Section | None) -> str | None:
        """The section's issue: named in its title, else its parent's."""
        return self.outline.issue(section)

    def project_section(self, section: Section | None) -> str | None:
        """The project status when ``section`` lists projects (已完成之提案, 進行中之提案 …)."""
        return self.outline.project(section)

    def section_new_issue(self, section: Section | None) -> str | None:
        """The proposed new issue of a section (or its parent) whose title names no known issue."""
        return self.outline.new_issue(section)

    def run(self) -> None:
        d, walk = self.drafts, Walk()
        first = self.sections[0].line_start if self.sections else len(self.text)
        read_section(d, walk, None, (0, first))
        for section in self.sections:
            read_section(d, walk, section, (section.body_start, section.end))


def read_section(d: Drafts, walk: Walk, section: Section | None, span: Span) -> None:
    """Read the sentences of a section (or of the text before the first heading)."""
    text, parent = d.rd.text, section.parent if section else None
    in_projects = d.outline.project(parent) if parent else None
    title_only = section is not None and not any(c in text[span[0] : span[1]] for c in "，。；：")
    current = walk.report_speaker.get(parent.id) if parent is not None else None
    base = context = d.outline.issue(section)
    for k, sentence in enumerate(segment.sentences(text, *span)):
        if title_only:
            break
        if in_projects and k == 0:
            continue  # the project's own title line
        clauses = tuple(segment.clauses(text, *sentence))
        sn = Sentence(section, sentence, clauses, in_projects is not None, context)
        current = read_sentence(d, walk, sn, current)
        if context == base:
            # the first sentence that narrows the section's issue sets the topic of the rest
            named = deepest(d.rd.rules, issues_in(d.rd, *sentence))
            if named and named != base and (base is None or d.rd.rules.is_descendant(named, base)):
                context = named
    if section is not None and current is not None and current.verb in REPORTING:
        walk.report_speaker[section.id] = current


def read_sentence(d: Drafts, walk: Walk, sn: Sentence, current: Speaker | None) -> Speaker | None:
    """Read the clauses of a sentence; returns who speaks after it."""
    if author_note(d, sn.section, sn.span) is not None:
        return current
    said = Said(current)
    for ci in range(len(sn.clauses)):
        read_clause(d, walk, sn, said, ci)
    resolve_reserves(d, said.stances)
    if not said.made and (sn.section is not None or not d.outline.sections):
        if said.explicit:  # each of the holders listed (美國、歐盟、日本等國皆表示…)
            who: list[Speaker] = said.speakers
        elif not sn.in_projects and d.outline.sections and said.current is not None:
            who = [said.current]
        else:
            who = []
        for h in who:
            if h.kind not in ("forum", "person"):
                d.statement(h, Place(sn.section, sn.span, sn.span), issue=sn.issue)
    return said.current


def _demand(
    d: Drafts, at: Place, found: list[Speaker], said: Said
) -> tuple[list[Speaker], Cue] | None:
    """A demand without a cue word (see ``modal_cue``): in a clause that follows X表示，, or
    after the speech verb of the clause's own holders (兩國認為寬限期應延長). Chairs and
    secretariats announce the meeting's business that way; they are left out."""
    rd, (cs, ce) = d.rd, at.clause
    start, holders = cs, found
    if not found and said.speakers and _reported(d, at):
        holders = said.speakers
    elif found:
        verbs = [rd.text.find(v, cs, ce) for v in rd.zh.speakers.verbs]
        first = min(
            ((p, v) for p, v in zip(verbs, rd.zh.speakers.verbs, strict=True) if p >= 0),
            default=None,
        )
        if first is None:
            return None
        start = first[0] + len(first[1])
    else:
        return None
    holders = [
        h
        for h in holders
        if h.kind not in ("post", "forum", "person")
        and not h.holder.endswith(("-chair", "-secretariat"))
    ]
    cue = modal_cue(rd, start, ce) if holders else None
    if cue is None:
        return None
    return [replace(h, rule="zh.modal", confidence=min(h.confidence, 0.7)) for h in holders], cue


def _reported(d: Drafts, at: Place) -> bool:
    """Whether the clause follows a speech verb of its sentence (X表示，…): what X says."""
    return at.index > 0 and any(
        d.rd.text[ps:pe].endswith(v)
        for ps, pe in at.clauses[: at.index]
        for v in d.rd.zh.speakers.verbs
    )


def _speakers_of(d: Drafts, walk: Walk, at: Place, cue: Cue | None) -> tuple[list[Speaker], str]:
    """The clause's speakers and, when it names none, what opens it (see ``subject_of``);
    review items for unknown holders and unresolved anaphora."""
    rd, (cs, ce) = d.rd, at.clause
    found, flag = speakers(rd, cs, ce, cue.start if cue else None, _reported(d, at))
    if flag is not None:  # speaks for a group the registry lacks
        d.review_items.append(flag)
        return found, "unknown:"
    subject = "" if found else subject_of(rd, cs, ce, cue.start if cue else None)
    if subject.startswith("anaphor:"):
        found, flag = resolve_anaphor(rd, subject[8:], walk.last_named, walk.last_span, at)
        if flag is not None:
            d.review_items.append(flag)
    elif subject.startswith("unknown:") and len(subject) > 8:
        note = f"unknown holder: {subject[8:]} (add it to data/reference, then run kg ingest again)"
        d.review_items.append(ReviewItem(cs, ce, note, "zh.unknown-holder", at.item))
    return found, subject


def _holders(
    d: Drafts, walk: Walk, sn: Sentence, said: Said, at: Place
) -> tuple[list[Speaker], Cue | None]:
    """Who holds what the clause says: its own speakers, the sentence's, the earlier
    sentence's; nobody when the clause has a subject of its own."""
    cue = first_cue(d.rd, *at.clause)
    found, subject = _speakers_of(d, walk, at, cue)
    demand = _demand(d, at, found, said) if cue is None else None
    if found:
        said.speakers, said.explicit, said.blocked = found, True, False
        walk.last_named = [h for h in found if h.kind not in ("forum", "person")]
        walk.last_span = (sn.span[0], at.clause[1])
        if found[0].kind not in ("forum",):
            said.current = found[0]
    if demand is not None:
        return demand
    if subject.startswith("unknown:") or (subject.startswith("anaphor:") and not found):
        said.blocked = True  # the rest of the sentence is theirs, not an earlier holder's
    if said.blocked and not found or (subject == "other" and not said.speakers):
        return [], cue  # the clause has a subject of its own
    holders = found or [
        replace(h, rule="zh.same-sentence", confidence=min(h.confidence, 0.8))
        for h in said.speakers
    ]
    if not holders and said.current and not sn.in_projects:
        named = _unclaimed(d, at.clause[0], cue.start if cue else at.clause[1])
        if named and cue:  # holders named, none as the speaker: not the earlier sentence's
            note = f"holder unclear: {', '.join(named)} named before the verb, none as its subject; set the holder"
            d.review_items.append(ReviewItem(*at.clause, note, "zh.holder-unclear", at.item))
            return [], cue
        holders = [replace(said.current, rule="zh.earlier-sentence", confidence=0.7)]
    return holders, cue


def _unclaimed(d: Drafts, start: int, end: int) -> list[str]:
    """Holders named in ``text[start:end]`` other than as the object of a preposition."""
    rd = d.rd
    return [
        rd.text[s:e]
        for s, e, entity in mentions(rd, start, end)
        if entity.kind in ("economy", "state", "organisation")
        and not any(rd.text[max(start, s - 2) : s].endswith(p) for p in rd.zh.speakers.prepositions)
    ]


def _clause_issue(d: Drafts, sn: Sentence, ci: int) -> str | None:
    """The issue the clause names, else the last one an earlier clause named, refined by the
    sentence's issue."""
    rd = d.rd
    clause_issue = deepest(rd.rules, issues_in(rd, *sn.clauses[ci]))
    if clause_issue is None:
        for ps, pe in reversed(sn.clauses[:ci]):
            clause_issue = deepest(rd.rules, issues_in(rd, ps, pe))
            if clause_issue:
                break
    return refine(rd.rules, clause_issue, sn.issue)


def read_clause(d: Drafts, walk: Walk, sn: Sentence, said: Said, ci: int) -> None:
    """Draft the outcomes, stances and thanks of one clause."""
    at = Place(sn.section, sn.clauses[ci], sn.span, sn.clauses, ci)
    holders, cue = _holders(d, walk, sn, said, at)
    issue = _clause_issue(d, sn, ci)
    if sn.section is None and d.outline.sections:
        # the summary before the first heading: outcomes only, the positions come again below
        outcome_in(d, at, issue, said.stances)
        return
    if sn.in_projects:
        return
    words, quote = d.rd.zh.cues, d.rd.text[at.clause[0] : at.clause[1]]
    summary = any(w in quote for w in words.summary_cues)
    outcome_here = outcome_in(d, at, issue, said.stances)
    if not cue and holders and not summary and (view := same_view(d, at)) is not None:
        for h in holders:  # 與南非持同樣看法: South Africa's stance, answering it
            fact = d.statement(
                h,
                at,
                "supports" if view.stance == "proposes" else view.stance,
                view.target,
                rule="zh.same-view",
                confidence=min(h.confidence, 0.8),
                responds_to=[view.id],
                issue=issue,
            )
            said.made.append(fact)
            said.stances.append(fact)
        return
    if summary or not cue or not holders:
        if holders and any(w in quote for w in words.thanks):
            said.made.append(thanks(d, holders[0], at))
        return
    if any(h.kind in ("forum", "person") for h in holders):
        return
    if outcome_here and cue.kind == "proposes":
        return  # 美國建議調整方案未獲共識: the proposal is named, not made
    for h in holders:
        taken = stance(d, h, at, cue, issue, said.stances)
        if taken:
            said.made.append(taken)
            said.stances.append(taken)
    if holders[0].holder == "unnamed":
        said.made += examples(d, at, said.stances)


SAME_VIEW = re.compile(
    r"(?:與|和|同)(?P<a>[^，。；,;]{1,12}?)(?:持|採)?(?:同樣|相同|一致|類似|相近)(?:的)?(?:看法|立場|意見|觀點)"
    r"|(?:看法|立場|意見|觀點)(?:與|和)(?P<b>[^，。；,;]{1,12}?)(?:相近|一致|相同|類似)"
)
"""與南非持同樣看法 / 看法與歐盟相近: the stance of the holder named."""


def same_view(d: Drafts, at: Place) -> Statement | None:
    """The latest stance of the holder a clause says it agrees with, if it took one."""
    rd = d.rd
    m = SAME_VIEW.search(rd.text, *at.clause)
    if m is None:
        return None
    name_start = m.start("a") if m.group("a") is not None else m.start("b")
    name_end = m.end("a") if m.group("a") is not None else m.end("b")
    named = [e.id for s, _, e in mentions(rd, name_start, name_end) if s == name_start]
    said = [f for f in d.statements if named and f.holder == named[0] and f.stance and f.target]
    return said[-1] if said else None


def author_note(d: Drafts, section: Section | None, sentence: Span) -> Statement | None:
    """(謹註：…) and (註：…): the reporting delegation's own remark."""
    text, author = d.rd.text, d.rd.rules.author
    s, e = sentence
    while s < e and text[s] in "(（":
        s += 1
    while e > s and text[e - 1] in ")）":
        e -= 1
    if (
        section is None
        or author is None
        or not any(
            text.startswith(w, s) and text[s + len(w) : s + len(w) + 1] in "：:"
            for w in d.rd.zh.cues.author_notes
        )
    ):
        return None
    return d.statement(Speaker(author, "economy"), Place(section, (s, e), sentence))
