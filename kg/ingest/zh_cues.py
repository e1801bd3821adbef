"""The stance cue of a clause of a Chinese report: the first cue word that acts, its
negation, and the same characters used otherwise (a noun, a count, a plan).

Every function reads the text of a ``Reading`` and returns what it found; none keeps state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.zh_reading import Reading, strip_connectors
from kg.ingest.zh_speakers import mentions


@dataclass(frozen=True)
class Cue:
    """The stance cue of a clause at ``text[start:end]`` (a negation before it included)."""

    start: int
    end: int
    kind: str
    """The kind of cue in the rules (supports, prefers, proposes …)."""
    stance: str
    """The stance it gives, after a negation (不支持 → opposes)."""


def first_cue(rd: Reading, start: int, end: int) -> Cue | None:
    """The clause's first stance cue, or None."""
    text = rd.text
    masked = [(ms, me) for ms, me, _ in rd.zh.cues.not_cues.find(text, start, end)]
    for s, e, kind in rd.rules.stance_cues.find(text, start, end):
        if any(ms <= s < me for ms, me in masked):
            continue  # 境內支持 (domestic support), 接受書: a noun
        if re.search(r"\d+\s*票$", text[max(start, s - 6) : s]):
            continue  # 12票贊成: a count of votes, not a stance
        if not _whole_word(rd, start, s, e):
            continue  # inside a longer word: 保留 in 保留項目
        if kind == "proposes" and not _proposes(rd, (start, end), s, e):
            continue
        cue = _stance(rd, start, s, e, kind)
        if cue is not None:
            return cue
    return None


def modal_cue(rd: Reading, start: int, end: int) -> Cue | None:
    """A demand without a cue word, in what a holder is reported to say: 南非表示，[結果應包括
    診斷工具] → proposes, about the whole clause (the cue spans nothing at the clause's head).
    A negated modal (不應) is an objection and a cue of its own."""
    head = strip_connectors(rd, start, end)
    for modal in rd.zh.cues.modals:
        at = rd.text.find(modal, head, end)
        if at < 0 or at - head > 16 or not rd.words.is_boundary(at):
            continue
        if any(rd.text[max(start, at - len(n)) : at] == n for n in rd.zh.cues.negations):
            return None
        return Cue(head, head, "proposes", "proposes")
    return None


def _whole_word(rd: Reading, start: int, s: int, e: int) -> bool:
    """Whether a short cue (two characters) is a word of its own, or follows a negation that
    is (不保留); a longer cue (投下反對票) is specific enough as it is."""
    if e - s > 2:
        return True
    text, words = rd.text, rd.words
    if not words.is_boundary(s) and not any(
        text[max(start, s - len(n)) : s] == n and words.is_boundary(s - len(n))
        for n in rd.zh.cues.negations
    ):
        return False
    return words.is_boundary(e)


def _proposes(rd: Reading, clause: tuple[int, int], s: int, e: int) -> bool:
    """Whether a proposal cue proposes: not a noun (的建議, 提案之進展, 本提案), not another
    holder's proposal named (將把G33提案列入), not a count (提出63件), not an announcement
    (將於下次會議提出)."""
    start, end = clause
    text, cues = rd.text, rd.zh.cues
    if in_object_phrase(rd, start, s, end):
        return False
    before = text[max(start, s - 1) : s]
    owner = [ms for ms, me, _ in mentions(rd, max(start, s - 12), s) if me == s]
    if owner and owner[0] > strip_connectors(rd, start, end):
        return False  # 將把G33提案列入: G33's proposal, named by someone else
    if owner:
        before = ""  # 日本建議: the end of a holder's name, not 本 of 本提案
    after = text[e : e + 2]
    joined = any(text[max(start, s - len(w)) : s] == w for w in rd.zh.speakers.connectors)
    if (before in cues.noun_before and not joined) or any(
        after.startswith(w) for w in cues.noun_after
    ):
        return False
    if re.match(r"\s*\d", text[e : e + 3]):
        return False  # 提出63件: a count, not a speech act
    return not (
        text[s:e] in cues.plan_cues
        and re.search(r"(?:將|預計|擬|計畫|計劃|會)[^，。；,;]{0,12}$", text[start:s])
    )


def _stance(rd: Reading, start: int, s: int, e: int, kind: str) -> Cue | None:
    """The stance a cue gives, with the negation right before it (不支持 → opposes, 不反對 →
    concedes); None when the cue means nothing so (表達意見 not negated)."""
    text = rd.text
    word = text[s:e]
    negated = ""
    for neg in rd.zh.cues.negations:
        if text[max(start, s - len(neg)) : s] == neg and not word.startswith("不"):
            negated = neg
            break
    spec = rd.zh.cues.stance_of(kind)
    stance = spec.stance
    if not negated and spec.only_negated:
        negated = negated_across_phrase(rd, start, s)
        if not negated:
            return None
    if negated:
        if not spec.negated:
            return None
        stance = spec.negated
        s -= len(negated)
    return Cue(s, e, kind, stance)


def negated_across_phrase(rd: Reading, start: int, cue: int) -> str:
    """A negation before a prepositional phrase that holds the cue: 並未[對各方提議]表達意見."""
    m = rd.zh.cues.negation_before_phrase.search(rd.text[start:cue])
    return m.group(1) if m else ""


def in_object_phrase(rd: Reading, start: int, s: int, end: int) -> bool:
    """Whether a proposal cue is a noun inside 對/就/針對 …, with the clause's verb after it
    (美國並未對各方提議表達意見: 提議 is what was not commented on, not a proposal)."""
    if not re.search(
        r"(?:對|就|針對|有關|關於|依|依照|按照|根據)[^，。；,;]{0,16}$", rd.text[start:s]
    ):
        return False
    rest = rd.words.within(s + 2, end)
    return any(w.flag.startswith("v") or w.flag == "l" for w in rest)
