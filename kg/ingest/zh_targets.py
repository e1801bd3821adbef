"""What a stance in a Chinese report is about: another holder's proposal or position the
clause names, an earlier proposal it echoes, or the phrase it names (a proposed new issue).

The finders read the text of a ``Reading`` (and, for what was said before, the ``Drafts``)
and return what they found; none adds a fact.
"""

from __future__ import annotations

import re

from kg.ingest.model import Holder
from kg.ingest.zh_cues import first_cue
from kg.ingest.zh_facts import Drafts, Proposal, Statement
from kg.ingest.zh_reading import Reading, Span
from kg.ingest.zh_speakers import mentions

OWNERS = ("economy", "state", "organisation", "post")
"""Holders whose proposals a clause may name."""


def referenced_holder(rd: Reading, start: int, end: int, holder: str) -> Holder | None:
    """A holder named as the owner of a proposal: 中國之建議, 紐西蘭的建議, 紐國建議, 紐國對…之調整文字."""
    for _, e, entity in mentions(rd, start, end):
        if entity.kind not in OWNERS or entity.id == holder:
            continue
        rest = re.sub(r"^(之|的|所)", "", rd.text[e:end])
        if any(rest.startswith(r) for r in rd.zh.cues.proposal_references) or re.match(
            r"^對[^，。；]{0,20}(之|的)(調整文字|建議|提案|方案|文字)", rest
        ):
            return entity
    return None


def position_referenced(
    d: Drafts, start: int, end: int, holder: str
) -> tuple[str, Statement | None] | None:
    """A holder's position named as such after a cue (支持中國大陸的立場): the holder and
    its latest statement so far, if any."""
    rd = d.rd
    for _, e, entity in mentions(rd, start, end):
        if entity.kind not in ("economy", "state", "organisation") or entity.id == holder:
            continue
        rest = re.sub(r"^(之|的)", "", rd.text[e:end])
        if any(rest.startswith(w) for w in rd.zh.cues.position_words):
            said = [f for f in d.statements if f.holder == entity.id]
            return entity.id, (said[-1] if said else None)
    return None


def _pairs(text: str) -> set[str]:
    body = re.sub(r"[\W\d_]", "", text)
    return {body[i : i + 2] for i in range(len(body) - 1)}


def echo(d: Drafts, span: Span, holder: str, top: str) -> Proposal | None:
    """An earlier proposal whose wording ``text[span]`` repeats (most of its character pairs)."""
    text = d.rd.text
    pairs = _pairs(text[span[0] : span[1]])
    if len(pairs) < 4:
        return None
    best, best_score = None, 0.0
    for p in d.proposals:
        if p.top != top or p.by == holder:
            continue
        score = len(pairs & _pairs(text[p.start : p.end])) / len(pairs)
        if score > best_score:
            best, best_score = p, score
    return best if best_score >= 0.75 else None


def names_holder_first(rd: Reading, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` opens with a holder's name (支持中國…: a holder, not a topic);
    a holder's thing (主席的工作計畫, 印度之提案內容) is a topic."""
    found = mentions(rd, s, e)
    if not found or found[0][0] != s:
        return False
    return not re.match(r"(?:的|之)[\u4e00-\u9fff]{2}", rd.text[found[0][1] : e])


def prepositional_object(rd: Reading, start: int, cue_end: int) -> Span | None:
    """What a clause's 對/就 phrase names before its verb: 日本對[草案內容]表示關切."""
    cue = first_cue(rd, start, cue_end)
    before = rd.text[start : cue.start if cue else cue_end]
    m = re.search(
        r"(?:對於|針對|關於|對|就)([^，。；,;對就]{2,30}?)(?:表示|表達|的|之|一事|方面)?(?:[並亦也均皆仍]*)$",
        before,
    )
    if not m:
        return None
    s, e = start + m.start(1), start + m.end(1)
    if names_holder_first(rd, s, e):
        return None  # 對美國表示感謝: a holder, not a topic
    return s, e


def object_phrase(rd: Reading, start: int, end: int) -> Span | None:
    """The object after a cue, trimmed to what names a topic: 反對[電子簽章]."""
    text = rd.text
    m = re.match(r"(?:[於對將應予了為以就有：:，、\s]|表示|表達|認為|提出|強調)*", text[start:end])
    s = start + (m.end() if m else 0)
    e = end
    while e > s and text[e - 1] in "。；;，,、）)」』 ":
        e -= 1
    if e - s < 2 or e - s > 40 or not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", text[s:e]):
        return None
    if mentions(rd, s, min(e, s + 8)) and names_holder_first(rd, s, e):
        return None  # 支持中國…: another holder, not a topic
    return s, e
