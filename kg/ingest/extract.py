"""Report text → draft meeting record (statements, proposals, outcomes) by cue-word rules.

How a clause is read (the rules themselves live in ``ingest-rules.yaml``):

1. The *speaker* is a holder named at the start of the clause (after connectives such as 並,
   惟, 後) or right before a reporting verb or a stance cue; 「中國、俄羅斯反對」 has two.
   Without one, the clause inherits the sentence's speaker, then the section's.
2. The first *stance cue* of the clause decides the stance; a negation right before it flips it
   (不支持 → opposes). A proposal cue used as a noun (的建議, 提案之進展) is no cue.
3. The *target* is, in order: another holder's proposal the clause names (「反對中國之建議」),
   an earlier proposal the clause echoes, the issue the clause names (when it refines the
   section's issue), the issue of the sentence, the issue of the section and its parents.
4. An *outcome* phrase (達成共識, 未獲共識, 通過, 再行檢討 …) not preceded by a blocker
   (期待, 認為 …) records an outcome on the proposal or issue the clause is about.

Each fact carries the exact clause or sentence it comes from as ``quote`` and ``start``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from kg.ingest import segment
from kg.ingest.model import ReviewItem
from kg.ingest.rules import Entity, Rules
from kg.ingest.segment import Section
from kg.ingest.tokens import Words


@dataclass
class Speaker:
    """Who speaks in a clause: the holder and, when named, the person."""

    holder: str
    kind: str
    plurality: str = ""
    person: str | None = None
    verb: str = ""
    rule: str = "zh.subject"
    confidence: float = 0.9
    name: str | None = None
    """A speaker's name as written when the registry does not know the person (中國大使王某)."""


@dataclass
class Fact:
    """A statement, proposal or outcome while it is being drafted."""

    kind: str
    item: str | None
    start: int
    end: int
    data: dict[str, Any] = field(default_factory=dict)
    top: str = ""
    sentence: tuple[int, int] = (0, 0)


PARAGRAPH_NUMBER = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})+|[(（][a-z\d]{1,2}[)）])\s*")
"""A paragraph number at the head of a clause: 2.2, 4.3.1, (a), (3)."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or "x"


class Extractor:
    """Reads one report; call ``run()`` once, then read the lists."""

    def __init__(self, text: str, rules: Rules, meeting_id: str, year: int | None) -> None:
        self.text = text
        self.rules = rules
        self.meeting_id = meeting_id
        self.year = year
        self.sections = segment.sections(text, rules.patterns)
        self.words = Words(text)
        self.statements: list[Fact] = []
        self.proposals: list[Fact] = []
        self.outcomes: list[Fact] = []
        self.review: list[str] = []
        self._ids: set[str] = set()
        self._item_issue: dict[str, str | None] = {}
        self._title_issues: dict[str, list[str]] = {}
        self._report_speaker: dict[str, Speaker] = {}
        sp, cues = rules.zh.speakers, rules.zh.cues
        self.connectors = sp.connectors
        self.verbs = sp.verbs
        self.fillers = sp.fillers
        self.offices = sp.offices
        self.anaphora = sp.anaphora
        self.holder_suffix = sp.holder_suffix
        self.group_subject = sp.group_subject
        self.not_holders = sp.not_holders
        self.not_cues = cues.not_cues
        self.plan_cues = cues.plan_cues
        self.verb_only = sp.verb_only
        self.topic_openers = sp.topic_openers
        self.review_items: list[ReviewItem] = []
        self.new_issues: dict[str, dict[str, Any]] = {}
        """Proposed new issues by label: what stances are about when no registry issue is named."""
        self._last_named: list[Speaker] = []
        self._last_span: tuple[int, int] = (0, 0)
        """Where the holders named last were named: other holders there make 其 ambiguous."""
        self.list_separators = sp.list_separators
        self.preps = sp.prepositions
        self.negations = cues.negations
        self.refs = cues.proposal_references
        self.noun_before = cues.noun_before
        self.noun_after = cues.noun_after
        self.outcome_phrases = rules.zh.outcomes.phrases
        self.outcome_blockers = rules.zh.outcomes.blockers
        self.project_status = rules.zh.project_status

    # ------------------------------------------------------------------ helpers

    def new_id(self, base: str) -> str:
        base = slug(base)
        ident, n = base, 2
        while ident in self._ids:
            ident, n = f"{base}-{n}", n + 1
        self._ids.add(ident)
        return ident

    def project_section(self, section: Section | None) -> str | None:
        """The project status when ``section`` lists projects (已完成之提案, 進行中之提案 …)."""
        while section is not None:
            s, e = segment.title(self.text, section)
            title = self.text[s:e]
            for status, phrases in self.project_status.items():
                if any(p in title for p in phrases) and section.children:
                    return status
            section = section.parent
        return None

    def issues_in(self, start: int, end: int, brackets: bool = False) -> list[tuple[int, str]]:
        """Issues named in ``text[start:end]``: (offset, id); bracketed asides skipped unless asked."""
        view = self.text[start:end] if brackets else segment.without_brackets(self.text, start, end)
        return [(start + s, iid) for s, _, iid in self.rules.issues.find(view)]

    def deepest(self, found: list[tuple[int, str]]) -> str | None:
        if not found:
            return None
        return max(found, key=lambda x: (self.rules.issue_depth.get(x[1], 0), -x[0]))[1]

    def item_issue(self, section: Section | None) -> str | None:
        """The section's issue: named in its title, else its parent's."""
        if section is None:
            return None
        if section.id not in self._item_issue:
            s, e = segment.title(self.text, section)
            found = self.issues_in(s, e, brackets=True)
            self._title_issues[section.id] = sorted(
                {
                    i
                    for _, i in found
                    if not any(j != i and self.rules.is_descendant(j, i) for _, j in found)
                }
            )
            self._item_issue[section.id] = self.deepest(found) or self.item_issue(section.parent)
        return self._item_issue[section.id]

    def refine(self, clause_issue: str | None, section_issue: str | None) -> str | None:
        """A clause's own issue wins only when it is the section's issue or narrower."""
        if clause_issue is None:
            return section_issue
        if section_issue is None or self.rules.is_descendant(clause_issue, section_issue):
            return clause_issue
        return section_issue

    def mentions(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Holders named in ``text[start:end]``; a name that is also a common contraction
        (中非 for China–Africa in 中非合作) only where a verb follows it."""
        return [
            (s, e, entity)
            for s, e, entity in self.rules.holders.find(self.text, start, end)
            if self.text[s:e] not in self.verb_only or self._followed_by_verb(e, end)
        ]

    def _strip_connectors(self, pos: int, end: int) -> int:
        """The clause's head: past blanks, brackets, a paragraph number (2.2, (a)) and
        connectives (此外, 並, 據了解 …)."""
        number = PARAGRAPH_NUMBER.match(self.text, pos, end)
        if number:
            pos = number.end()
        changed = True
        while changed and pos < end:
            changed = False
            while pos < end and (self.text[pos].isspace() or self.text[pos] in "「(（"):
                pos += 1
            for word in self.connectors:
                if self.text.startswith(word, pos):
                    pos += len(word)
                    changed = True
                    break
        return pos

    def _followed_by_verb(self, pos: int, end: int) -> str:
        """The speech verb or stance cue right after a holder name (past fillers such as
        亦, 等國, 皆 and an office with a name: 大使王某), or "" when none follows."""
        rest = self._after_name(pos, end)
        office = self._office(rest)
        return self._verb_at(office[1] if office else rest)

    def _after_name(self, pos: int, end: int) -> str:
        rest = self.text[pos : min(end, pos + 40)]
        rest = re.sub(r"^[\s(（][^)）]{0,40}[)）]", "", rest)
        return self.fillers.sub("", rest)

    def _office(self, rest: str) -> tuple[str | None, str] | None:
        """An office and the name after it, then a verb: ("王某", "表示…") for 大使王某表示…."""
        office = self.offices.match(rest)
        if not office:
            return None
        after = self.fillers.sub("", rest[office.end() :])
        if self._verb_at(after):
            return None, after
        for n in range(2, 5):
            name = after[:n]
            if re.fullmatch(r"[\u4e00-\u9fff]+", name) and self._verb_at(after[n:]):
                return name, after[n:]
        latin = re.match(
            r"(?:(?:Mr|Ms|Mrs|Dr)\.?\s*)?[A-Z][A-Za-z.\- ]{1,40}?(?=[\u4e00-\u9fff])", after
        )
        if latin and self._verb_at(after[latin.end() :]):
            return latin.group(0).strip(), after[latin.end() :]
        return None

    def _verb_at(self, rest: str) -> str:
        """The speech verb or cue ``rest`` opens with ("" when it modifies a noun: 提出的修正案)."""
        for verb in self.verbs:
            if rest.startswith(verb) and rest[len(verb) : len(verb) + 1] not in ("的", "之"):
                return verb
        cue = self.rules.stance_cues.first(rest)
        if cue and cue[0] == 0 and rest[cue[1] : cue[1] + 1] not in ("的", "之"):
            return "cue"
        for neg in self.negations:
            if (
                rest.startswith(neg)
                and (c := self.rules.stance_cues.first(rest, len(neg)))
                and c[0] == len(neg)
            ):
                return "cue"
        return ""

    def office_name(self, pos: int, end: int) -> str | None:
        """The person an office names after a holder: 中國大使王某表示 → 王某."""
        office = self._office(self._after_name(pos, end))
        return office[0] if office else None

    def speaker(
        self, start: int, end: int, limit: int | None = None, reported: bool = False
    ) -> list[Speaker]:
        """The holders speaking in a clause (see the module docstring), possibly none.

        A holder speaks when it opens the clause, when a speech verb or stance cue follows its
        name (past fillers and an office: 中國大使王某表示), or when it is listed with one that
        does (澳洲、紐西蘭、韓國等呼籲). In what another holder is reported to say (``reported``:
        the clause follows 表示，/認為：), a holder at the head of a clause with no verb after it
        is a topic (中國表示，美國政策…), not a speaker.
        """
        found = [m for m in self.mentions(start, end) if limit is None or m[0] < limit]
        if not found:
            return []
        head = self._strip_connectors(start, end)
        result: list[Speaker] = []
        for i, (s, e, entity) in enumerate(found):
            at_start = s == head
            coordinated = bool(result) and re.fullmatch(
                self.list_separators, self.text[found[i - 1][1] : s]
            )
            verb = self._followed_by_verb(e, end)
            before = self.text[max(start, s - 2) : s]
            if any(before.endswith(p) for p in self.preps) and not (at_start or coordinated):
                if not (before.endswith(("之", "的")) and verb):
                    continue  # 對美國表示感謝: an object; but 出席之哥倫比亞代表表示 speaks
            if not (at_start or coordinated or verb):
                if result:
                    break
                continue
            if at_start and not verb and reported and not self._list_then_verb(found, i, end):
                return []
            if not verb and not coordinated and self._speaks_for_unknown(e, end):
                self.review_items.append(
                    ReviewItem(
                        start,
                        end,
                        f"speaks for a holder not in the registry: {self.text[e + 2 : e + 20]}…",
                        "zh.unknown-holder",
                    )
                )
                return []  # 巴基斯坦代表伊斯蘭合作組織發言: for whom is not a registry holder
            if result and not coordinated:
                if entity.kind == "person" and result[-1].person is None:
                    result[-1].person = entity.id
                continue
            if not result and verb:
                for j in range(i - 1, -1, -1):  # 會中美國與歐盟均表示: the list ends in the verb
                    if not re.fullmatch(
                        self.list_separators, self.text[found[j][1] : found[j + 1][0]]
                    ):
                        break
                    if found[j][2].kind != "person":
                        result.insert(0, self._as_speaker(found[j][2], verb))
            group = self._speaking_for(found, i, end)
            if group is not None:
                entity = group  # 肯亞代表非洲集團表示: the African Group holds the position
            speaker = self._as_speaker(entity, verb)
            if entity.kind != "person" and group is None:
                speaker.name = self.office_name(e, end)
            result.append(speaker)
            if entity.kind != "person":
                # an apposition right after: 我國國發會張處長, DPS主席Ms. Shannon Coe
                for s2, e2, ent2 in found[i + 1 :]:
                    if ent2.kind == "person" and s2 - e <= 30:
                        result[-1].person = ent2.id
                        result[-1].verb = result[-1].verb or self._followed_by_verb(e2, end)
                        break
        return result

    def subject_of(self, start: int, end: int, cue: int | None) -> str:
        """What opens a clause that names no known holder before its verb.

        ``anaphor:W`` for a word that stands for holders named before (該國, 兩國, 其);
        ``unknown:NAME`` for a name that looks like a holder (a place or organisation name, or
        one ending in 國, 集團, 聯盟 …) followed by a speech verb or cue; ``other`` for a noun
        subject of its own (該議題仍…, 會議同意…); "" when the clause opens with its verb or
        a connective, and so continues what the sentence's holder says.
        """
        head = self._strip_connectors(start, end)
        for word in self.anaphora:
            if self.text.startswith(word, head) and self.words.is_boundary(head + len(word)):
                rest = self.fillers.sub("", self.text[head + len(word) : end])
                if word not in ("其",) or self._verb_at(rest) or self._office(rest):
                    return f"anaphor:{word}"
        words = self.words.within(head, cue if cue is not None else end)
        if not words or any(self.text.startswith(w, head) for w in self.topic_openers):
            return ""  # 根據上述理由認為…: the reason, not a subject
        group = self.group_subject.match(self.text[head : cue if cue is not None else end])
        if group:
            return f"unknown:{group.group(0)}"  # 一個名為「…聯盟」的團體: not a registry holder
        stop = next((w.start for w in words if w.flag.startswith("v") or w.flag == "p"), None)
        name = self.text[head:stop] if stop is not None else ""
        if name and self._verb_at(self.fillers.sub("", self.text[stop:end])):
            holderlike = any(
                w.flag in ("ns", "nt", "nrt", "nr", "j") for w in words if w.end <= stop
            )
            if (holderlike or self.holder_suffix.search(name)) and not any(
                name.startswith(g) or name.endswith(g) for g in self.not_holders
            ):
                return f"unknown:{re.sub('(則|亦|也|並|均|皆|等)+$', '', name)}"
        if not (words[0].flag[0] in "nrj" or words[0].flag in ("nz", "nt")):
            return ""
        if words[0].flag == "r" and len(words) > 1 and words[1].flag.startswith("v"):
            return ""  # 此舉/其後: a pronoun that is not the subject
        return "other"

    def resolve_anaphor(
        self, word: str, clause: tuple[int, int], section: Section | None
    ) -> list[Speaker]:
        """The holders an anaphor stands for, when the holders named last fit its number."""
        named = self._last_named
        want = self.anaphora[word]
        others = {e.id for _, _, e in self.mentions(*self._last_span)} - {h.holder for h in named}
        fits = (
            (want == "one" and len(named) == 1 and not others)  # 埃及詢問摩洛哥…其: which?
            or (want == "two" and len(named) == 2)
            or (want == "many" and len(named) >= 2)
        )
        if fits:
            confidence = 0.55 if want == "many" else 0.7  # 他們 may mean more than were named
            return [replace(h, rule="zh.anaphora", confidence=confidence, verb="") for h in named]
        self.review_items.append(
            ReviewItem(
                clause[0],
                clause[1],
                f"unresolved reference: '{word}' (named before: "
                f"{', '.join(h.holder for h in named) or 'nobody'}); set the holder",
                "zh.anaphora",
                section.id if section else None,
            )
        )
        return []

    def _speaking_for(
        self, found: list[tuple[int, int, Entity]], i: int, end: int
    ) -> Entity | None:
        """The group a holder speaks for: 肯亞代表非洲集團表示 → the African Group."""
        _, e, _ = found[i]
        if i + 1 < len(found) and re.fullmatch(
            r"(?:代表|代表團代表|以)", self.text[e : found[i + 1][0]]
        ):
            group = found[i + 1][2]
            if group.kind in ("organisation", "economy", "state"):
                return group
        return None

    def _speaks_for_unknown(self, pos: int, end: int) -> bool:
        """代表 + a group the registry lacks + 發言/表示: 巴基斯坦代表伊斯蘭合作組織發言."""
        m = re.match(r"代表([^，。；,;]{2,16}?)(?:發言|表示|致詞)", self.text[pos:end])
        if not m or self.mentions(pos + 2, pos + m.end(1)):
            return False
        words = self.words.within(pos + 2, pos + m.end(1))
        return any(w.flag in ("ns", "nt", "j", "nz") for w in words) or bool(
            self.holder_suffix.search(m.group(1))
        )

    def _list_then_verb(self, found: list[tuple[int, int, Entity]], i: int, end: int) -> bool:
        """Whether the holders listed from ``found[i]`` on end in a verb: 美國、歐盟等國皆表示."""
        for j in range(i, len(found)):
            if self._followed_by_verb(found[j][1], end):
                return True
            if j + 1 >= len(found) or not re.fullmatch(
                self.list_separators, self.text[found[j][1] : found[j + 1][0]]
            ):
                return False
        return False

    def _as_speaker(self, entity: Entity, verb: str) -> Speaker:
        if entity.kind == "person":
            posts = [
                p
                for p in self.rules.person_posts.get(entity.id, [])
                if self.rules.post_forum.get(p) in self.rules.forum_ids
            ]
            holder = posts[0] if posts else self.rules.person_economy.get(entity.id)
            if holder:
                return Speaker(holder, "post" if posts else "economy", person=entity.id, verb=verb)
            return Speaker(entity.id, "person", person=entity.id, verb=verb)
        return Speaker(entity.id, entity.kind, entity.extra, verb=verb)

    def chair_person(self, post: str) -> str | None:
        for person, posts in self.rules.person_posts.items():
            if post in posts:
                return person
        return None

    # ------------------------------------------------------------------ cues

    def first_cue(self, start: int, end: int) -> tuple[int, int, str, str] | None:
        """(start, end, cue kind, stance) of the clause's first stance cue, or None."""
        masked = [(ms, me) for ms, me, _ in self.not_cues.find(self.text, start, end)]
        for s, e, kind in self.rules.stance_cues.find(self.text, start, end):
            if any(ms <= s < me for ms, me in masked):
                continue  # 境內支持 (domestic support), 接受書: a noun
            if re.search(r"\d+\s*票$", self.text[max(start, s - 6) : s]):
                continue  # 12票贊成: a count of votes, not a stance
            word = self.text[s:e]
            negated = ""
            for neg in self.negations:
                if self.text[max(start, s - len(neg)) : s] == neg and not word.startswith("不"):
                    negated = neg
                    break
            short = e - s <= 2  # a longer cue (投下反對票) is specific enough as it is
            if (
                short
                and not self.words.is_boundary(s)
                and not any(
                    self.text[max(start, s - len(n)) : s] == n
                    and self.words.is_boundary(s - len(n))
                    for n in self.negations
                )
            ):
                continue  # inside a longer word: 保留 in 保留項目
            if short and not self.words.is_boundary(e):
                continue
            if kind == "proposes" and self._in_object_phrase(start, s, end):
                continue
            if kind == "proposes":
                before = self.text[max(start, s - 1) : s]
                owner = [ms for ms, me, _ in self.mentions(max(start, s - 12), s) if me == s]
                if owner and owner[0] > self._strip_connectors(start, end):
                    continue  # 將把G33提案列入: G33's proposal, named by someone else
                if owner:
                    before = ""  # 日本建議: the end of a holder's name, not 本 of 本提案
                after = self.text[e : e + 2]
                joined = any(self.text[max(start, s - len(w)) : s] == w for w in self.connectors)
                if (before in self.noun_before and not joined) or any(
                    after.startswith(w) for w in self.noun_after
                ):
                    continue
                if re.match(r"\s*\d", self.text[e : e + 3]):
                    continue  # 提出63件: a count, not a speech act
                if word in self.plan_cues and re.search(
                    r"(?:將|預計|擬|計畫|計劃|會)[^，。；,;]{0,12}$", self.text[start:s]
                ):
                    continue  # 將於下次會議提出: an announcement of what comes, not a proposal
            spec = self.rules.zh.cues.stance_of(kind)
            stance = spec.stance
            if not negated and spec.only_negated:
                negated = self._negated_across_phrase(start, s)
                if not negated:
                    continue
            if negated:
                if not spec.negated:
                    continue
                stance = spec.negated
                s -= len(negated)
            return s, e, kind, stance
        return None

    def _negated_across_phrase(self, start: int, cue: int) -> str:
        """A negation before a prepositional phrase that holds the cue: 並未[對各方提議]表達意見."""
        m = self.rules.zh.cues.negation_before_phrase.search(self.text[start:cue])
        return m.group(1) if m else ""

    def _in_object_phrase(self, start: int, s: int, end: int) -> bool:
        """Whether a proposal cue is a noun inside 對/就/針對 …, with the clause's verb after it
        (美國並未對各方提議表達意見: 提議 is what was not commented on, not a proposal)."""
        if not re.search(
            r"(?:對|就|針對|有關|關於|依|依照|按照|根據)[^，。；,;]{0,16}$", self.text[start:s]
        ):
            return False
        rest = self.words.within(s + 2, end)
        return any(w.flag.startswith("v") or w.flag == "l" for w in rest)

    def echo(self, start: int, end: int, holder: str, top: str) -> Fact | None:
        """An earlier proposal whose wording the clause repeats (most of its character pairs)."""
        body = re.sub(r"[\W\d_]", "", self.text[start:end])
        pairs = {body[i : i + 2] for i in range(len(body) - 1)}
        if len(pairs) < 4:
            return None
        best, best_score = None, 0.0
        for p in self.proposals:
            if p.top != top or p.data["by"] == holder:
                continue
            quote = re.sub(r"[\W\d_]", "", self.text[p.start : p.end])
            other = {quote[i : i + 2] for i in range(len(quote) - 1)}
            score = len(pairs & other) / len(pairs)
            if score > best_score:
                best, best_score = p, score
        return best if best_score >= 0.75 else None

    def referenced_holder(self, start: int, end: int, holder: str) -> Entity | None:
        """A holder named as the owner of a proposal: 中國之建議, 紐西蘭的建議, 紐國建議, 紐國對…之調整文字."""
        for _, e, entity in self.mentions(start, end):
            if (
                entity.kind not in ("economy", "state", "organisation", "post")
                or entity.id == holder
            ):
                continue
            rest = self.text[e:end]
            rest = re.sub(r"^(之|的|所)", "", rest)
            if any(rest.startswith(r) for r in self.refs) or re.match(
                r"^對[^，。；]{0,20}(之|的)(調整文字|建議|提案|方案|文字)", rest
            ):
                return entity
        return None

    def position_referenced(
        self, start: int, end: int, holder: str
    ) -> tuple[str, Fact | None] | None:
        """A holder's position named as such after a cue (支持中國大陸的立場): the holder and
        its latest statement so far, if any."""
        for _, e, entity in self.mentions(start, end):
            if entity.kind not in ("economy", "state", "organisation") or entity.id == holder:
                continue
            rest = re.sub(r"^(之|的)", "", self.text[e:end])
            if any(rest.startswith(w) for w in self.rules.zh.cues.position_words):
                said = [f for f in self.statements if f.data["holder"] == entity.id]
                return entity.id, (said[-1] if said else None)
        return None

    # ------------------------------------------------------------------ facts

    def proposal(
        self,
        holder: Speaker,
        issue: str,
        item: Section | None,
        span: tuple[int, int],
        sentence: tuple[int, int],
    ) -> Fact:
        top = item.top if item else ""
        for p in self.proposals:
            if p.top == top and p.data["by"] == holder.holder and p.data["issue"] == issue:
                return p
        pid = self.new_id(f"{self.meeting_id}-{holder.holder}-{issue}")
        data: dict[str, Any] = {"id": pid, "issue": issue, "by": holder.holder}
        if holder.holder == "unnamed":
            data["plurality"] = holder.plurality or "one-or-more"
        by_en = self.rules.names_en.get(holder.holder, "Unnamed member(s)")
        data["label"] = {
            "en": f"{by_en}: proposal on {self.rules.names_en.get('issue:' + issue, issue)} (draft)",
            "zh-Hant": self.text[span[0] : span[1]][:80],
        }
        fact = Fact("proposal", item.id if item else None, span[0], span[1], data, top, sentence)
        self.proposals.append(fact)
        return fact

    def statement(
        self,
        holder: Speaker,
        item: Section | None,
        span: tuple[int, int],
        sentence: tuple[int, int],
        stance: str | None = None,
        target: str | None = None,
        responds_to: list[str] | None = None,
    ) -> Fact:
        sid = self.new_id(f"{holder.holder}-{stance or 'says'}-{item.id if item else 'meeting'}")
        data: dict[str, Any] = {"id": sid, "holder": holder.holder}
        if holder.holder == "unnamed":
            data["plurality"] = holder.plurality or "one-or-more"
        if holder.person:
            data["speaker"] = holder.person
        elif holder.name:
            data["speaker_name"] = holder.name
        elif holder.kind == "post" and holder.holder == self.rules.chair_post:
            person = self.chair_person(holder.holder)
            if person:
                data["speaker"] = person
        if stance:
            data["stance"] = stance
            data["target"] = target
        if responds_to:
            data["responds_to"] = list(dict.fromkeys(responds_to))
        data["_rule"], data["_confidence"] = holder.rule, holder.confidence
        fact = Fact(
            "statement",
            item.id if item else None,
            span[0],
            span[1],
            data,
            item.top if item else "",
            sentence,
        )
        self.statements.append(fact)
        return fact

    def proposal_of(self, owner: str, issue: str | None, top: str) -> Fact | None:
        """The owner's latest proposal in this top-level section (on ``issue`` when it has one)."""
        mine = [p for p in self.proposals if p.top == top and p.data["by"] == owner]
        on_issue = [p for p in mine if issue and p.data["issue"] == issue]
        if on_issue:
            return on_issue[-1]
        if mine:
            return mine[-1]
        # promote the owner's latest statement in the section: what others answer was a proposal
        said = [
            s
            for s in self.statements
            if s.top == top and s.data["holder"] == owner and not s.data.get("stance")
        ]
        if not said:
            return None
        st = said[-1]
        issue_of = st.data.get("_issue") or issue
        if not issue_of:
            return None
        section = next((x for x in self.sections if x.id == st.item), None)
        p = self.proposal(
            Speaker(owner, "economy"), issue_of, section, (st.start, st.end), st.sentence
        )
        st.data["stance"], st.data["target"] = "proposes", p.data["id"]
        p.data["_statement"] = st.data["id"]
        return p

    def statements_proposing(self, proposal: Fact) -> list[str]:
        return [
            s.data["id"]
            for s in self.statements
            if s.data.get("target") == proposal.data["id"] and s.data.get("stance") == "proposes"
        ]

    # ------------------------------------------------------------------ the walk

    def run(self) -> None:
        units: list[tuple[Section | None, int, int]] = []
        first = self.sections[0].line_start if self.sections else len(self.text)
        units.append((None, 0, first))
        units += [(s, s.body_start, s.end) for s in self.sections]
        for section, start, end in units:
            self.read_section(section, start, end)

    def read_section(self, section: Section | None, start: int, end: int) -> None:
        in_projects = self.project_section(section.parent) if section and section.parent else None
        title_only = section is not None and not any(c in self.text[start:end] for c in "，。；：")
        current: Speaker | None = None
        if section is not None and section.parent is not None:
            current = self._report_speaker.get(section.parent.id)
        base = context = self.item_issue(section)
        for k, sentence in enumerate(segment.sentences(self.text, start, end)):
            if section is not None and title_only:
                break
            if in_projects and k == 0:
                continue  # the project's own title line
            current = self.read_sentence(
                section, sentence, current, in_projects is not None, context
            )
            if context == base:
                # the first sentence that narrows the section's issue sets the topic of the rest
                named = self.deepest(self.issues_in(*sentence))
                if (
                    named
                    and named != base
                    and (base is None or self.rules.is_descendant(named, base))
                ):
                    context = named
        if section is not None and current is not None and current.verb in ("報告", "簡述", "說明"):
            self._report_speaker[section.id] = current

    def read_sentence(
        self,
        section: Section | None,
        sentence: tuple[int, int],
        current: Speaker | None,
        in_projects: bool,
        section_issue: str | None,
    ) -> Speaker | None:
        text = self.text
        note = self.author_note(section, sentence)
        if note is not None:
            return current
        clauses = segment.clauses(text, *sentence)
        sent_speakers: list[Speaker] = []
        explicit = False
        blocked = False
        made: list[Fact] = []
        stance_facts: list[Fact] = []
        for ci, (cs, ce) in enumerate(clauses):
            cue = self.first_cue(cs, ce)
            reported = ci > 0 and any(
                text[ps:pe].endswith(v) for ps, pe in clauses[:ci] for v in self.verbs
            )
            flagged = len(self.review_items)
            speakers = self.speaker(cs, ce, cue[0] if cue else None, reported)
            if len(self.review_items) > flagged:  # speaks for a group the registry lacks
                subject = "unknown:"
            else:
                subject = "" if speakers else self.subject_of(cs, ce, cue[0] if cue else None)
            if subject.startswith("anaphor:"):
                speakers = self.resolve_anaphor(subject[8:], (cs, ce), section)
            elif subject.startswith("unknown:") and len(subject) > 8:
                self.review_items.append(
                    ReviewItem(
                        cs,
                        ce,
                        f"unknown holder: {subject[8:]} (add it to data/reference, then run kg ingest again)",
                        "zh.unknown-holder",
                        section.id if section else None,
                    )
                )
            if speakers:
                sent_speakers, explicit, blocked = speakers, True, False
                self._last_named = [h for h in speakers if h.kind not in ("forum", "person")]
                self._last_span = (sentence[0], ce)
                if speakers[0].kind not in ("forum",):
                    current = speakers[0]
            if subject.startswith("unknown:") or (subject.startswith("anaphor:") and not speakers):
                blocked = True  # the rest of the sentence is theirs, not an earlier holder's
            if blocked and not speakers or (subject == "other" and not sent_speakers):
                holders: list[Speaker] = []  # the clause has a subject of its own
            else:
                holders = speakers or [
                    replace(h, rule="zh.same-sentence", confidence=min(h.confidence, 0.8))
                    for h in sent_speakers
                ]
                if not holders and current and not in_projects:
                    holders = [replace(current, rule="zh.earlier-sentence", confidence=0.7)]
            clause_issue = self.deepest(self.issues_in(cs, ce))
            if clause_issue is None:
                for ps, pe in reversed(clauses[:ci]):
                    clause_issue = self.deepest(self.issues_in(ps, pe))
                    if clause_issue:
                        break
            issue = self.refine(clause_issue, section_issue)
            if section is None and self.sections:
                # the summary before the first heading: outcomes only, the positions come again below
                self.outcome_in(section, (cs, ce), sentence, clauses, ci, issue, stance_facts)
                continue
            if in_projects:
                continue
            summary = any(w in text[cs:ce] for w in self.rules.zh.cues.summary_cues)
            outcome_here = self.outcome_in(
                section, (cs, ce), sentence, clauses, ci, issue, stance_facts
            )
            if summary or not cue or not holders:
                if holders and any(w in text[cs:ce] for w in self.rules.zh.cues.thanks):
                    made.append(self.thanks(holders[0], section, (cs, ce), sentence))
                continue
            if any(h.kind in ("forum", "person") for h in holders):
                continue
            _, cue_end, kind, stance = cue
            if outcome_here and kind == "proposes":
                continue  # 美國建議調整方案未獲共識: the proposal is named, not made
            for h in holders:
                fact = self.stance(
                    h, section, (cs, ce), sentence, cue_end, kind, stance, issue, stance_facts
                )
                if fact:
                    made.append(fact)
                    stance_facts.append(fact)
                    fact.data["_issue"] = issue
            if holders and holders[0].holder == "unnamed":
                made += self.examples(holders[0], section, (cs, ce), sentence, stance_facts)
        self.resolve_reserves(stance_facts)
        if not made and (section is not None or not self.sections):
            who = (
                sent_speakers[0]
                if explicit
                else (current if not in_projects and self.sections else None)
            )
            if who is not None and who.kind not in ("forum",):
                fact = self.statement(who, section, sentence, sentence)
                fact.data["_issue"] = section_issue
        return current

    def author_note(self, section: Section | None, sentence: tuple[int, int]) -> Fact | None:
        """(謹註：…) and (註：…): the reporting delegation's own remark."""
        s, e = sentence
        while s < e and self.text[s] in "(（":
            s += 1
        while e > s and self.text[e - 1] in ")）":
            e -= 1
        words = self.rules.zh.cues.author_notes
        if (
            section is None
            or self.rules.author is None
            or not any(
                self.text.startswith(w, s) and self.text[s + len(w) : s + len(w) + 1] in "：:"
                for w in words
            )
        ):
            return None
        return self.statement(Speaker(self.rules.author, "economy"), section, (s, e), sentence)

    def stance(
        self,
        h: Speaker,
        section: Section | None,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        cue_end: int,
        kind: str,
        stance: str,
        issue: str | None,
        earlier: list[Fact],
    ) -> Fact | None:
        cs, ce = clause
        top = section.top if section else ""
        responds: list[str] = []
        target: str | None = None
        owner = self.referenced_holder(cue_end, ce, h.holder)
        if stance == "supports" and any(
            w in self.text[cs:ce] for w in self.rules.zh.cues.concede_if_with
        ):
            stance = "concedes"
        held = self.position_referenced(cue_end, ce, h.holder)
        if held is not None and stance in ("supports", "opposes"):
            # 馬來西亞支持中國大陸的立場: Malaysia's stance, answering China's last one
            owner_id, answered = held
            if answered is not None:
                target = answered.data.get("target") or answered.data.get("_issue")
                responds = [answered.data["id"]]
                theirs = answered.data.get("stance")
                if stance == "supports" and theirs in ("opposes", "reserves", "supports"):
                    stance = theirs  # 支持印度的看法 when India opposed: opposes it too
            target = target or issue
            if target is not None:
                fact = self.statement(h, section, clause, sentence, stance, target, responds)
                fact.data["_responds_to_holder"] = owner_id
                return fact
        if owner is not None and stance != "proposes":
            p = self.proposal_of(
                owner.id,
                self.refine(self.deepest(self.issues_in(cue_end, ce)), None)
                if self.issues_in(cue_end, ce)
                else None,
                top,
            )
            if p is not None:
                target = p.data["id"]
                responds = self.statements_proposing(p)
            else:  # 支持澳方提議 when Australia's proposal is a statement on a new issue
                said = [
                    f
                    for f in self.statements
                    if f.data["holder"] == owner.id and f.top == top and f.data.get("target")
                ]
                if said:
                    target, responds = said[-1].data["target"], [said[-1].data["id"]]
        if target is None:
            if kind == "prefers" or stance == "proposes":
                if issue is None:
                    return self.on_new_issue(h, section, clause, sentence, cue_end, stance, earlier)
                p = self.proposal(h, issue, section, clause, sentence)
                target = p.data["id"]
            elif stance == "concedes":
                mine = [p for p in self.proposals if p.top == top and p.data["by"] == h.holder]
                on_issue = [p for p in mine if p.data["issue"] == issue]
                chosen = (on_issue or mine or [None])[-1]
                if chosen is not None:
                    target = chosen.data["id"]
                    responds = [
                        s.data["id"]
                        for s in self.statements
                        if s.top == top
                        and s.data.get("target") == target
                        and s.data.get("stance") == "opposes"
                    ]
            elif stance in ("opposes", "supports"):
                in_sentence = [
                    f
                    for f in self.proposals
                    if f.sentence == sentence and f.data["by"] != h.holder and f.start < clause[0]
                ]
                echoed = self.echo(cue_end, ce, h.holder, top)
                if in_sentence:
                    target = in_sentence[-1].data["id"]
                elif echoed is not None:
                    target = echoed.data["id"]
                elif stance == "opposes" and issue is not None:
                    others = [
                        p
                        for p in self.proposals
                        if p.top == top and p.data["issue"] == issue and p.data["by"] != h.holder
                    ]
                    if len(others) == 1:
                        target = others[0].data["id"]
                if target is not None:
                    responds = self.statements_proposing(
                        next(p for p in self.proposals if p.data["id"] == target)
                    )
        if target is None:
            target = issue
        if target is None:
            return self.on_new_issue(h, section, clause, sentence, cue_end, stance, earlier)
        return self.statement(h, section, clause, sentence, stance, target, responds)

    def on_new_issue(
        self,
        h: Speaker,
        section: Section | None,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        cue_end: int,
        stance: str,
        earlier: list[Fact],
    ) -> Fact:
        """A stance on something no registry issue names: the clause's object becomes a proposed
        new issue (呼籲加速電子商務談判 → 加速電子商務談判); with no object, the target of the
        sentence's last stance (墨西哥則表示支持); else a statement for review."""
        own = self.section_new_issue(section)
        span = self.object_phrase(cue_end, clause[1]) or self.prepositional_object(
            clause[0], cue_end
        )
        if span is not None:
            label = self.text[span[0] : span[1]]
            new = self.new_issues.get(label)
            if new is None:
                new = {
                    "id": f"new-{self.meeting_id}-t{len(self.new_issues) + 1}",
                    "item": section.id if section else None,
                    "label": label,
                    "start": span[0],
                    "parent": own,
                }
                self.new_issues[label] = new
            return self.statement(h, section, clause, sentence, stance, new["id"])
        same = [f for f in earlier if f.sentence == sentence and f.data.get("target")]
        if same:
            return self.statement(h, section, clause, sentence, stance, same[-1].data["target"])
        if own is not None:
            return self.statement(h, section, clause, sentence, stance, own)
        top = section.top if section else ""
        before = [f for f in self.statements if f.top == top and f.data.get("target")]
        if before and stance in ("supports", "opposes", "concedes", "reserves", "abstains"):
            # 中方提出決議草案。古巴、俄羅斯表示支持: what was just put forward
            fact = self.statement(h, section, clause, sentence, stance, before[-1].data["target"])
            fact.data["_rule"] = "zh.previous-topic"
            fact.data["_confidence"] = min(h.confidence, 0.7)
            fact.data["responds_to"] = [before[-1].data["id"]]
            return fact
        return self.unresolved(h, section, clause, sentence, stance)

    def section_new_issue(self, section: Section | None) -> str | None:
        """The proposed new issue of a section (or its parent) whose title names no known issue."""
        while section is not None:
            if (
                section.level <= 2
                and self.item_issue(section) is None
                and not self.project_section(section)
            ):
                return slug(f"new-{self.meeting_id}-{section.id}")
            section = section.parent
        return None

    def prepositional_object(self, start: int, cue_end: int) -> tuple[int, int] | None:
        """What a clause's 對/就 phrase names before its verb: 日本對[草案內容]表示關切."""
        cue = self.first_cue(start, cue_end)
        before = self.text[start : cue[0] if cue else cue_end]
        m = re.search(
            r"(?:對於|針對|關於|對|就)([^，。；,;對就]{2,30}?)(?:表示|表達|的|之|一事|方面)?(?:[並亦也均皆仍]*)$",
            before,
        )
        if not m:
            return None
        s, e = start + m.start(1), start + m.end(1)
        if self.mentions(s, e) and self.mentions(s, e)[0][0] == s:
            return None  # 對美國表示感謝: a holder, not a topic
        return s, e

    def object_phrase(self, start: int, end: int) -> tuple[int, int] | None:
        """The object after a cue, trimmed to what names a topic: 反對[電子簽章]."""
        m = re.match(
            r"(?:[於對將應予了為以就有：:，、\s]|表示|表達|認為|提出|強調)*", self.text[start:end]
        )
        s = start + (m.end() if m else 0)
        e = end
        while e > s and self.text[e - 1] in "。；;，,、）)」』 ":
            e -= 1
        if e - s < 2 or e - s > 40 or not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", self.text[s:e]):
            return None
        if self.mentions(s, min(e, s + 8)) and self.mentions(s, e)[0][0] == s:
            return None  # 支持中國…: another holder, not a topic
        return s, e

    def unresolved(
        self,
        h: Speaker,
        section: Section | None,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        stance: str,
    ) -> Fact:
        fact = self.statement(h, section, clause, sentence)
        fact.data["review"] = (
            f"reads as '{stance}' but no known issue is named here: add the issue (see new_issues) and set stance/target"
        )
        return fact

    def thanks(
        self,
        h: Speaker,
        section: Section | None,
        clause: tuple[int, int],
        sentence: tuple[int, int],
    ) -> Fact:
        thanked = [
            m[2].id
            for m in self.mentions(*clause)
            if m[2].id != h.holder and m[2].kind in ("economy", "state", "organisation", "post")
        ]
        responds = [
            s.data["id"]
            for s in self.statements
            if s.top == (section.top if section else "") and s.data["holder"] in thanked
        ][-3:]
        return self.statement(h, section, clause, sentence, responds_to=responds)

    def examples(
        self,
        h: Speaker,
        section: Section | None,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        earlier: list[Fact],
    ) -> list[Fact]:
        """部分會員表達支持(…如智利): the named example holds the same stance."""
        if not earlier or earlier[-1].data.get("holder") != "unnamed":
            return []
        last = earlier[-1].data
        out: list[Fact] = []
        for bs, be in segment.bracketed(self.text, *clause):
            inner = self.text[bs + 1 : be - 1]
            for word in self.rules.zh.cues.examples:
                for m in re.finditer(re.escape(word), inner):
                    hit = self.rules.holders.first(inner, m.end())
                    if not hit or hit[0] != m.end() or hit[2].kind not in ("economy", "state"):
                        continue
                    # quote the list member that names the example: 部分未參與成員如智利
                    left = max(inner.rfind(sep, 0, m.start()) for sep in ("及", "、", "，", "和"))
                    qs = bs + 1 + (left + 1 if left >= 0 else 0)
                    qe = bs + 1 + hit[1]
                    fact = self.statement(
                        Speaker(hit[2].id, "economy"),
                        section,
                        (qs, qe),
                        sentence,
                        last.get("stance"),
                        last.get("target"),
                    )
                    fact.data["_issue"] = last.get("_issue")
                    out.append(fact)
        return out

    def resolve_reserves(self, facts: list[Fact]) -> None:
        """不確定…因此認為不該: a doubt followed by an objection on the same issue is the objection."""

        def issue_of(target: Any) -> Any:
            p = next((p for p in self.proposals if p.data["id"] == target), None)
            return p.data["issue"] if p else target

        firm = {
            (f.data["holder"], issue_of(f.data.get("target")))
            for f in facts
            if f.data.get("stance") == "opposes"
        }
        for f in facts:
            if (
                f.data.get("stance") == "reserves"
                and (f.data["holder"], issue_of(f.data.get("target"))) in firm
            ):
                self.statements.remove(f)

    # ------------------------------------------------------------------ outcomes

    def outcome_in(
        self,
        section: Section | None,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        clauses: list[tuple[int, int]],
        ci: int,
        issue: str | None,
        stance_facts: list[Fact],
    ) -> bool:
        cs, ce = clause
        text = self.text[cs:ce]
        for phrase, status in self.outcome_phrases:
            pos = text.find(phrase)
            if pos < 0:
                continue
            before = text[:pos]
            blockers = self.rules.zh.outcomes.blockers_of(status)
            if any(b in before for b in blockers):
                return False
            if status == "adopted" and re.search(r"\d+\s*[件項個]", text):
                return False  # 48件獲得通過: a count
            if status == "consensus" and re.search(r"(未|無法|沒有|未能)[^，。]{0,6}$", before):
                status = "no-consensus"
            targets = self.outcome_targets(
                section,
                clause,
                sentence,
                clauses,
                ci,
                cs + pos,
                cs + pos + len(phrase),
                status,
                issue,
                stance_facts,
            )
            seen: set[str] = set()
            for target in targets:
                if target[0] in seen:
                    continue
                seen.add(target[0])
                oid = self.new_id(f"{target[0]}-{status}")
                self.outcomes.append(
                    Fact(
                        "outcome",
                        section.id if section else None,
                        target[1],
                        target[2],
                        {"id": oid, "target": target[0], "status": status},
                        section.top if section else "",
                        sentence,
                    )
                )
            return True
        return False

    def outcome_targets(
        self,
        section: Section | None,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        clauses: list[tuple[int, int]],
        ci: int,
        ps: int,
        pe: int,
        status: str,
        issue: str | None,
        stance_facts: list[Fact],
    ) -> list[tuple[str, int, int]]:
        cs, ce = clause
        top = section.top if section else ""
        owner = None
        for _, e, entity in self.mentions(cs, ce):
            rest = self.text[e:ce]
            if entity.kind in ("economy", "state", "organisation", "post") and re.match(
                r"^(之|的)?(所提|建議|提案|提議)", rest
            ):
                owner = entity
        if owner is not None:
            p = self.proposal_of(owner.id, None, top)
            if p is not None:
                return [(p.data["id"], cs, ce)]
        if status == "adopted":
            after = self.issues_in(pe, ce, brackets=True) + [
                (s, d) for s, _, d in self.rules.documents.find(self.text, pe, ce)
            ]
            found = after or self.issues_in(sentence[0], ps, brackets=True)
            if found:
                roots = (
                    self._roots([i for _, i in found])
                    if after
                    else [
                        min((i for _, i in found), key=lambda i: self.rules.issue_depth.get(i, 0))
                    ]
                )
                return [(self._as_document(i), cs, ce) for i in roots]
        own = self.deepest(self.issues_in(cs, ce))
        if own:
            return [(self.refine(own, self.item_issue(section)) or own, cs, ce)]
        if stance_facts:
            target = stance_facts[-1].data.get("target")
            p = next((p for p in self.proposals if p.data["id"] == target), None)
            return [(p.data["issue"] if p else target, cs, ce)]
        out = []
        for fs, fe in clauses[ci + 1 :]:
            later = self.deepest(self.issues_in(fs, fe, brackets=True))
            if later and later not in [o[0] for o in out]:
                out.append((later, fs, fe))
        section_issue = self.item_issue(section)
        if section_issue and section_issue not in [o[0] for o in out]:
            out.insert(0, (section_issue, cs, ce))
        return out

    def _roots(self, ids: list[str]) -> list[str]:
        uniq = list(dict.fromkeys(ids))
        return [i for i in uniq if not any(j != i and self.rules.is_descendant(i, j) for j in uniq)]

    def _as_document(self, issue: str) -> str:
        docs = self.rules.issue_documents.get(issue, [])
        return docs[0] if len(docs) == 1 else issue
