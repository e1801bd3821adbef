"""Who speaks in a clause of a Chinese report: names followed by verbs, offices, lists,
speaking for a group, the subject of a clause that names no known holder, and anaphora.

Every function reads the text of a ``Reading`` and returns what it found; none keeps state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.ingest.model import Holder, ReviewItem
from kg.ingest.rules import Rules
from kg.ingest.zh_reading import Found, Place, Reading, Span, Speaker, strip_connectors

REPORTING = ("報告", "簡述", "說明")
"""Verbs of a speaker who reports on a section: its parts inherit the speaker."""


def mentions(rd: Reading, start: int, end: int) -> list[Found]:
    """Holders named in ``text[start:end]``; a name that is also a common contraction
    (中非 for China–Africa in 中非合作) only where a verb follows it."""
    return [
        (s, e, entity)
        for s, e, entity in rd.rules.holders.find(rd.text, start, end)
        if rd.text[s:e] not in rd.zh.speakers.verb_only or followed_by_verb(rd, e, end)
    ]


def followed_by_verb(rd: Reading, pos: int, end: int) -> str:
    """The speech verb or stance cue right after a holder name (past fillers such as
    亦, 等國, 皆 and an office with a name: 大使王某), or "" when none follows."""
    rest = after_name(rd, pos, end)
    nationality = rd.rules.holders.first(rest)
    if nationality and nationality[0] == 0 and rd.zh.speakers.offices.match(rest[nationality[1] :]):
        rest = rest[nationality[1] :]  # 主席紐西蘭大使王某: the chair, described
    found = office(rd, rest)
    verb = verb_at(rd, found[1] if found else rest)
    if not verb and (phrase := PREPOSITIONAL.match(rest)):
        after = rd.zh.speakers.fillers.sub("", rest[phrase.end() :])
        verb = verb_at(rd, after)  # 美國、澳洲等國對此無法同意: past what it is about
    return verb


PREPOSITIONAL = re.compile(
    r"(?:對於|針對|關於|對|就)[^，。；,;、對就]{1,16}?(?=(?:表示|表達|均|皆|亦|也|則|並|仍|無法|不|未|[\u4e00-\u9fff]{0,2}?(?:支持|反對|同意|贊成|保留|關切)))"
)
"""A phrase of what a holder speaks about, between its name and its verb (對此, 就該提案)."""


def after_name(rd: Reading, pos: int, end: int) -> str:
    """What follows a name, past a bracketed aside and fillers (等國, 亦, 皆)."""
    rest = rd.text[pos : min(end, pos + 40)]
    rest = re.sub(r"^[\s(（][^)）]{0,40}[)）]", "", rest)
    return rd.zh.speakers.fillers.sub("", rest)


def office(rd: Reading, rest: str) -> tuple[str | None, str] | None:
    """An office and the name after it, then a verb: ("王某", "表示…") for 大使王某表示…."""
    sp = rd.zh.speakers
    found = sp.offices.match(rest)
    if not found:
        return None
    after = sp.fillers.sub("", rest[found.end() :])
    if verb_at(rd, after):
        return None, after
    for n in range(2, 5):
        name = after[:n]
        if re.fullmatch(r"[\u4e00-\u9fff]+", name) and verb_at(rd, after[n:]):
            return name, after[n:]
    latin = re.match(
        r"(?:(?:Mr|Ms|Mrs|Dr)\.?\s*)?[A-Z][A-Za-z.\- ]{1,40}?(?=[\u4e00-\u9fff])", after
    )
    if latin and verb_at(rd, after[latin.end() :]):
        return latin.group(0).strip(), after[latin.end() :]
    return None


def verb_at(rd: Reading, rest: str) -> str:
    """The speech verb or cue ``rest`` opens with ("" when it modifies a noun: 提出的修正案)."""
    for verb in rd.zh.speakers.verbs:
        if rest.startswith(verb) and rest[len(verb) : len(verb) + 1] not in ("的", "之"):
            return verb
    cues = rd.rules.stance_cues
    cue = cues.first(rest)
    if cue and cue[0] == 0 and rest[cue[1] : cue[1] + 1] not in ("的", "之"):
        return "cue"
    for neg in rd.zh.cues.negations:
        if rest.startswith(neg) and (c := cues.first(rest, len(neg))) and c[0] == len(neg):
            return "cue"
    return ""


def office_name(rd: Reading, pos: int, end: int) -> str | None:
    """The person an office names after a holder: 中國大使王某表示 → 王某."""
    found = office(rd, after_name(rd, pos, end))
    return found[0] if found else None


@dataclass(frozen=True)
class _Scan:
    """The holders named in a clause (up to its cue) and where the clause's head is."""

    found: list[Found]
    start: int
    end: int
    head: int


def _listed(rd: Reading, left: int, right: int) -> bool:
    """Whether ``text[left:right]`` separates two listed holders (、, 與, 及 …), possibly
    around a name the registry lacks (歐盟、瑞士、東歐及印度: see ``unlisted_name``)."""
    gap = rd.text[left:right]
    return bool(re.fullmatch(rd.zh.speakers.list_separators, gap)) or bool(
        unlisted_name(rd, left, right)
    )


def unlisted_name(rd: Reading, left: int, right: int) -> str:
    """A short name between two separators of a list of holders that the registry lacks."""
    seps = rd.zh.speakers.list_separators
    m = re.fullmatch(rf"(?:{seps})([\u4e00-\u9fff]{{1,6}}?)(?:{seps})", rd.text[left:right])
    return m.group(1) if m else ""


def _object_of_preposition(rd: Reading, scan: _Scan, i: int, verb: str) -> bool:
    """對美國表示感謝: the holder is an object; but 出席之哥倫比亞代表表示 speaks."""
    s = scan.found[i][0]
    before = rd.text[max(scan.start, s - 2) : s]
    if not any(before.endswith(p) for p in rd.zh.speakers.prepositions):
        return False
    return not (before.endswith(("之", "的")) and verb)


def speakers(
    rd: Reading, start: int, end: int, limit: int | None = None, reported: bool = False
) -> tuple[list[Speaker], ReviewItem | None]:
    """The holders speaking in a clause, possibly none, and a review item when a holder
    speaks for a group the registry lacks.

    A holder speaks when it opens the clause, when a speech verb or stance cue follows its
    name (past fillers and an office: 中國大使王某表示), or when it is listed with one that
    does (澳洲、紐西蘭、韓國等呼籲). In what another holder is reported to say (``reported``:
    the clause follows 表示，/認為：), a holder at the head of a clause with no verb after it
    is a topic (中國表示，美國政策…), not a speaker.
    """
    found = [m for m in mentions(rd, start, end) if limit is None or m[0] < limit]
    if not found:
        return [], None
    scan = _Scan(found, start, end, strip_connectors(rd, start, end))
    result: list[Speaker] = []
    for i, (s, e, entity) in enumerate(found):
        at_start = s == scan.head
        coordinated = bool(result) and _listed(rd, found[i - 1][1], s)
        verb = followed_by_verb(rd, e, end)
        if not (at_start or coordinated) and _object_of_preposition(rd, scan, i, verb):
            continue
        if not (at_start or coordinated or verb):
            if result:
                break
            continue
        if at_start and not verb and reported and not _list_then_verb(rd, found, i, end):
            return [], None
        if at_start and not verb and not coordinated and _modifies_noun(rd, e, end):
            continue  # 美國政策仍是關鍵: the holder qualifies a noun, the noun is the subject
        if not verb and not coordinated and speaks_for_unknown(rd, e, end):
            note = f"speaks for a holder not in the registry: {rd.text[e + 2 : e + 20]}…"
            return [], ReviewItem(start, end, note, "zh.unknown-holder")
        if result and not coordinated:
            if entity.kind == "person" and result[-1].person is None:
                result[-1] = replace(result[-1], person=entity.id)
            continue
        if not result and verb:
            result = _listed_before(rd, found, i, verb)  # 會中美國與歐盟均表示
        result.append(_speaker_at(rd, scan, i, verb))
    unknown = [
        n for a, b in zip(found, found[1:], strict=False) if (n := unlisted_name(rd, a[1], b[0]))
    ]
    if result and unknown:
        note = f"unknown holder: {', '.join(unknown)} (listed with the others; add it to data/reference)"
        return result, ReviewItem(start, end, note, "zh.unknown-holder")
    return result, None


def _listed_before(rd: Reading, found: list[Found], i: int, verb: str) -> list[Speaker]:
    """The holders listed before ``found[i]`` when the list ends in its verb: 美國與歐盟均表示."""
    out: list[Speaker] = []
    for j in range(i - 1, -1, -1):
        if not _listed(rd, found[j][1], found[j + 1][0]):
            break
        if found[j][2].kind != "person":
            out.insert(0, as_speaker(rd.rules, found[j][2], verb))
    return out


def _speaker_at(rd: Reading, scan: _Scan, i: int, verb: str) -> Speaker:
    """The speaker ``found[i]`` names: the group it speaks for (肯亞代表非洲集團表示 → the
    African Group), an office's name (中國大使王某), a person in apposition right after
    (我國國發會張處長, DPS主席Ms. Shannon Coe)."""
    _, e, entity = scan.found[i]
    group = speaking_for(rd, scan.found, i)
    if group is not None:
        entity = group
    speaker = as_speaker(rd.rules, entity, verb)
    if entity.kind == "person":
        return speaker
    if group is None:
        speaker = replace(speaker, name=office_name(rd, e, scan.end))
    for s2, e2, ent2 in scan.found[i + 1 :]:
        if ent2.kind == "person" and s2 - e <= 30:
            verb2 = speaker.verb or followed_by_verb(rd, e2, scan.end)
            return replace(speaker, person=ent2.id, verb=verb2)
    return speaker


def speaking_for(rd: Reading, found: list[Found], i: int) -> Holder | None:
    """The group a holder speaks for: 肯亞代表非洲集團表示 → the African Group."""
    _, e, _ = found[i]
    if i + 1 < len(found) and re.fullmatch(r"(?:代表|代表團代表|以)", rd.text[e : found[i + 1][0]]):
        group = found[i + 1][2]
        if group.kind in ("organisation", "economy", "state"):
            return group
    return None


def speaks_for_unknown(rd: Reading, pos: int, end: int) -> bool:
    """代表 + a group the registry lacks + 發言/表示: 巴基斯坦代表伊斯蘭合作組織發言."""
    m = re.match(r"代表([^，。；,;]{2,16}?)(?:發言|表示|致詞)", rd.text[pos:end])
    if not m or mentions(rd, pos + 2, pos + m.end(1)):
        return False
    words = rd.words.within(pos + 2, pos + m.end(1))
    return any(w.flag in ("ns", "nt", "j", "nz") for w in words) or bool(
        rd.zh.speakers.holder_suffix.search(m.group(1))
    )


def _modifies_noun(rd: Reading, pos: int, end: int) -> bool:
    """Whether a noun of its own follows a name (美國政策, 歐盟文本), not an office, a list
    or a filler: the name is then a modifier, not the clause's subject."""
    rest = rd.text[pos:end]
    if not rest or rd.zh.speakers.offices.match(rest) or rd.zh.speakers.fillers.match(rest):
        return False
    if re.match(rd.zh.speakers.list_separators, rest) or rest[0] in "(（「":
        return False
    word = rd.words.at(pos)
    return word is not None and word.start == pos and word.flag in ("n", "vn", "nz")


def _list_then_verb(rd: Reading, found: list[Found], i: int, end: int) -> bool:
    """Whether the holders listed from ``found[i]`` on end in a verb: 美國、歐盟等國皆表示."""
    for j in range(i, len(found)):
        if followed_by_verb(rd, found[j][1], end):
            return True
        if j + 1 >= len(found) or not _listed(rd, found[j][1], found[j + 1][0]):
            return False
    return False


def as_speaker(rules: Rules, entity: Holder, verb: str) -> Speaker:
    """A named holder as a speaker; a person speaks for their post in the forum, else their
    economy."""
    if entity.kind == "person":
        posts = [
            p
            for p in rules.person_posts.get(entity.id, [])
            if rules.post_forum.get(p) in rules.forum_ids
        ]
        holder = posts[0] if posts else rules.person_economy.get(entity.id)
        if holder:
            return Speaker(holder, "post" if posts else "economy", person=entity.id, verb=verb)
        return Speaker(entity.id, "person", person=entity.id, verb=verb)
    return Speaker(entity.id, entity.kind, entity.plurality, verb=verb)


def chair_person(rules: Rules, post: str) -> str | None:
    """The person who holds ``post`` (the chair speaking in person)."""
    for person, posts in rules.person_posts.items():
        if post in posts:
            return person
    return None


def _anaphor(rd: Reading, head: int, end: int) -> str | None:
    """The anaphor that opens a clause (該國, 兩國; 其 only before a verb or an office)."""
    text = rd.text
    for word in rd.zh.speakers.anaphora:
        if text.startswith(word, head) and rd.words.is_boundary(head + len(word)):
            rest = rd.zh.speakers.fillers.sub("", text[head + len(word) : end])
            if word not in ("其",) or verb_at(rd, rest) or office(rd, rest):
                return word
    return None


def subject_of(rd: Reading, start: int, end: int, cue: int | None) -> str:
    """What opens a clause that names no known holder before its verb.

    ``anaphor:W`` for a word that stands for holders named before (該國, 兩國, 其);
    ``unknown:NAME`` for a name that looks like a holder (a place or organisation name, or
    one ending in 國, 集團, 聯盟 …) followed by a speech verb or cue; ``other`` for a noun
    subject of its own (該議題仍…, 會議同意…); "" when the clause opens with its verb or
    a connective, and so continues what the sentence's holder says.
    """
    text, sp = rd.text, rd.zh.speakers
    head = strip_connectors(rd, start, end)
    word = _anaphor(rd, head, end)
    if word is not None:
        return f"anaphor:{word}"
    until = cue if cue is not None else end
    words = rd.words.within(head, until)
    if not words or any(text.startswith(w, head) for w in sp.topic_openers):
        return ""  # 根據上述理由認為…: the reason, not a subject
    group = sp.group_subject.match(text[head:until])
    if group:
        return f"unknown:{group.group(0)}"  # 一個名為「…聯盟」的團體: not a registry holder
    stop = next((w.start for w in words if w.flag.startswith("v") or w.flag == "p"), None)
    name = text[head:stop] if stop is not None else ""
    if name and stop is not None and verb_at(rd, sp.fillers.sub("", text[stop:end])):
        holderlike = any(w.flag in ("ns", "nt", "nrt", "nr", "j") for w in words if w.end <= stop)
        if (holderlike or sp.holder_suffix.search(name)) and not any(
            name.startswith(g) or name.endswith(g) for g in sp.not_holders
        ):
            return f"unknown:{re.sub('(則|亦|也|並|均|皆|等)+$', '', name)}"
    if not (words[0].flag[0] in "nrj" or words[0].flag in ("nz", "nt")):
        return ""
    if words[0].flag == "r" and len(words) > 1 and words[1].flag.startswith("v"):
        return ""  # 此舉/其後: a pronoun that is not the subject
    return "other"


def resolve_anaphor(
    rd: Reading, word: str, named: list[Speaker], named_at: Span, at: Place
) -> tuple[list[Speaker], ReviewItem | None]:
    """The holders an anaphor stands for, when the holders named last (at ``named_at``) fit
    its number; else a review item. 埃及詢問摩洛哥…其: which one? 兩國: exactly two."""
    want = rd.zh.speakers.anaphora[word]
    others = {e.id for _, _, e in mentions(rd, *named_at)} - {h.holder for h in named}
    fits = (
        (want == "one" and len(named) == 1 and not others)
        or (want == "two" and len(named) == 2)
        or (want == "many" and len(named) >= 2)
    )
    if fits:
        confidence = 0.55 if want == "many" else 0.7  # 他們 may mean more than were named
        return [replace(h, rule="zh.anaphora", confidence=confidence, verb="") for h in named], None
    note = (
        f"unresolved reference: '{word}' (named before: "
        f"{', '.join(h.holder for h in named) or 'nobody'}); set the holder"
    )
    return [], ReviewItem(at.clause[0], at.clause[1], note, "zh.anaphora", at.item)
