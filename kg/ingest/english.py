"""English report text → drafted statements and review items, in small pure steps.

The rules (cue verbs, negations, markers, headings …) live in ``ingest-rules-en.yaml`` and are
compiled by ``kg.ingest.rules_en``; holder names come from the caller as ``names``. A report
is read as follows:

1. ``english_sections`` finds the headings (``I.``, ``1.``, ``Agenda item 3:``, all-capital
   title lines); ``sentence_spans`` and ``clause_spans`` cut the text (abbreviations such as
   ``Mr.``, ``U.S.``, ``e.g.``, ``No. 3`` and decimals do not end a sentence; a clause ends at
   ``;`` and before ``, while``/``, but``/`` and <verb>`` once a verb has been seen).
2. ``mentions`` finds the holders of a clause, leftmost-longest, case-insensitively on whole
   words (short capital names such as ``US`` only as written); "the representative of X" and
   "X's delegation" are mentions of X, "some members" of an unnamed holder.
3. ``verb_matches`` finds the cue and reporting verbs (not nouns, not passives); the first one
   with a subject is the clause's verb. ``subject`` reads the words before it: a list of
   holders ("A, B and C"), with markers ("CHINA, supported by INDIA,", "the EU, with Norway,",
   "Nigeria, on behalf of the African Group,"), a reference ("They"), an unknown name, a
   collective ("Members") or a non-holder ("The Chair"), or nothing (the clause continues the
   previous clause's subject).
4. ``stance_of`` turns the verb into a stance, a negation right before it flipping it
   ("did not support" → opposes); after a reporting verb the stance is the next cue
   ("said that it could accept").
5. ``target_span`` is the verbatim phrase after the cue up to a stop (", noting", ";" …);
   a phrase naming another holder's position ("supported X's proposal") makes the statement
   respond to X, and takes X's target when it is known.
6. ``read_english`` drafts one statement per holder, marks shared quotes, resolves references
   to the previous sentence's holders only when unambiguous, and reports what it will not
   guess (unknown holders, unresolved references, collective subjects) as review items.

Every quote is a span of the text: ``text[d.start:d.end]`` is the clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kg.ingest.model import Clause, Drafted, Holder, Mention, ReviewItem
from kg.ingest.rules_en import CLOSE, OPEN, EnglishRules, Verb, load_english_rules, norm
from kg.ingest.segment import Section, add_section

__all__ = [
    "EnglishRules",
    "english_sections",
    "load_english_rules",
    "read_english",
    "sentence_spans",
    "clause_spans",
    "split",
    "name_index",
    "mentions",
    "verb_matches",
    "subject",
    "stance_of",
    "target_span",
    "resolve_reference",
]

CLOSERS = "\"'”’)]"
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
MAX_VERBS = 8
"""Verbs of one clause tried as its main verb (bounds the work on pathological text)."""
REGION = 400
"""Characters before a verb read for its subject."""
GROUP_KINDS = ("organisation", "forum", "group")
AND_BEFORE = re.compile(r"(?<=\S)\s+and\s+(?:(?:\w+ly|also|then)\s+)?$")


# --------------------------------------------------------------------------- 1. structure


def roman(text: str) -> int:
    """Read a Roman numeral (I … XC); 0 when it is not one."""
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        value = ROMAN.get(ch, 0)
        if not value:
            return 0
        total, prev = (total - value, prev) if value < prev else (total + value, value)
    return total


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


def _heading_number(match: re.Match[str], number: str, siblings: int) -> tuple[int, str] | None:
    marker = next((g for g in reversed(match.groups()) if g), "") if match.groups() else ""
    if number == "none":
        return siblings + 1, ""
    value = roman(marker) if number == "roman" else int(marker) if marker.isdigit() else 0
    return (value, marker) if value else None


def english_sections(text: str, rules: EnglishRules) -> list[Section]:
    """Headings of an English report, nested by level (ids like ``segment.sections``).

    A heading line is short (``heading_max_chars``) and does not end like a sentence, so
    numbered paragraphs ("1. The Chair opened the meeting.") are not headings. Unnumbered
    title lines are numbered in order under their parent.
    """
    found: list[Section] = []
    stack: list[Section] = []
    seen: set[str] = set()
    first = True
    for start, end in _lines(text):
        line = text[start:end].strip()
        if not line or len(line) > rules.heading_max_chars or line[-1] in ".;,":
            first = first and not line
            continue
        if first:
            first = False
            if not re.match(r"\s*(?:[IVXL]+|\d+)\.|\s*(?i:agenda)", text[start:end]):
                continue  # the report's own title, not a section
        for pattern in rules.headings:
            match = pattern.regex.match(text[start:end])
            if not match:
                continue
            while stack and stack[-1].level >= pattern.level:
                stack.pop()
            parent = stack[-1] if stack else None
            siblings = parent.children if parent else [s for s in found if s.parent is None]
            read = _heading_number(match, pattern.number, len(siblings))
            if read is None:
                continue
            number, marker = read
            heading = (pattern.level, number, marker or line[:60], start, start + match.end())
            add_section(found, stack, seen, parent, heading, len(text))
            break
    return found


def _ends_sentence(text: str, i: int, end: int, rules: EnglishRules) -> bool:
    """Whether the full stop at ``text[i]`` ends a sentence."""
    nxt = text[i + 1] if i + 1 < end else ""
    if nxt and not nxt.isspace() and nxt not in CLOSERS:
        return False  # U.S.A, 3.5, e.g.,
    token = re.search(r"[\w.]+$", text[max(0, i - 20) : i])
    word = token.group(0) if token else ""
    if word and (len(word) == 1 and word.isalpha() or "." in word):
        return False  # J. Smith, U.S., e.g.
    if word and norm(word) in rules.abbreviations:
        return False
    follow = re.match(r"[\s\"'”’)\]]*(\S)", text[i + 1 : min(end, i + 40)])
    return not (follow and (follow.group(1).islower() or follow.group(1).isdigit()))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or not text[start].isprintable()):
        start += 1
    while end > start and (text[end - 1].isspace() or not text[end - 1].isprintable()):
        end -= 1
    return start, end


def sentence_spans(
    text: str, rules: EnglishRules, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]``, trimmed and non-empty.

    A sentence ends at ``. ! ?`` (with any closing quote or bracket) and at a line end,
    unless the next line goes on in lower case (a wrapped line).
    """
    end = len(text) if end is None else end
    spans, begin, i = [], start, start
    while i < end:
        ch, stop = text[i], None
        if ch in "!?" or (ch == "." and _ends_sentence(text, i, end, rules)):
            stop = i + 1
            while stop < end and text[stop] in CLOSERS:
                stop += 1
        elif ch == "\n":
            after = re.match(r"[ \t\r\f\v]*(\S?)", text[i + 1 : min(end, i + 200)])
            if not (after and after.group(1).islower()):
                stop = i
        if stop is not None:
            s, e = _trim(text, begin, stop)
            if e > s:
                spans.append((s, e))
            begin = i = max(stop, i + 1)
            continue
        i += 1
    s, e = _trim(text, begin, end)
    if e > s:
        spans.append((s, e))
    return spans


def clause_spans(
    text: str, sentence: tuple[int, int], rules: EnglishRules, found: Sequence[Mention] = ()
) -> list[tuple[int, int]]:
    """Clauses of a sentence: cut at ``;``, and before ``, while``/``, but``/``, and``
    (``clause_breaks``) or `` and <verb>`` when there is a verb on both sides (so "A, B, and C
    proposed" and ", and opposed by C" stay whole)."""
    start, end = sentence
    verbs = verb_matches(text, start, end, rules, found)
    cuts = [(start + i, start + i + 1, False) for i, ch in enumerate(text[start:end]) if ch == ";"]
    for m in rules.clause_break_re.finditer(text, start, end):
        cuts.append((m.start(), m.start() + 1, True))
    for v in verbs:
        before = AND_BEFORE.search(text[max(start, v.start - 30) : v.start])
        if before:
            cut = v.start - len(before.group(0))
            cuts.append((cut, cut, True))
    spans, begin = [], start
    for cut, resume, conditional in sorted(set(cuts)):
        if cut < begin:
            continue
        if conditional and not (
            any(begin <= v.start and v.end <= cut for v in verbs)
            and any(v.start >= resume for v in verbs)
        ):
            continue
        s, e = _trim(text, begin, cut)
        if e > s:
            spans.append((s, e))
            begin = resume
    s, e = _trim(text, begin, end)
    if e > s:
        spans.append((s, e))
    return spans


def split(
    text: str, rules: EnglishRules, sections: list[Section], index: NameIndex | None = None
) -> list[Clause]:
    """Every clause of the text outside heading lines, with its sentence and section
    (``index``, when given, keeps words of holder names from counting as verbs)."""
    starts = [s.line_start for s in sections]
    out: list[Clause] = []
    for sentence in sentence_spans(text, rules):
        at = bisect.bisect_right(starts, sentence[0]) - 1
        section = sections[at] if at >= 0 else None
        if section and sentence[0] < _line_end(text, section.line_start):
            continue  # the heading line itself
        found = mentions(text, *sentence, index, rules) if index else []
        for s, e in clause_spans(text, sentence, rules, found):
            out.append(Clause(s, e, sentence, section.id if section else None))
    return out


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


# --------------------------------------------------------------------------- 2. mentions


@dataclass(frozen=True, eq=False)
class NameIndex:
    """Holder names compiled for leftmost-longest, whole-word, case-insensitive matching."""

    regex: re.Pattern[str] | None
    holders: Mapping[str, Holder]


def _name_pattern(name: str) -> str:
    words = name.split()
    body = r"\s+".join(
        re.escape(w).replace("'", "['’]").replace("’", "['’]").replace("\\-", r"[-\s]")
        for w in words
    )  # Timor-Leste is also written TIMOR LESTE
    short_capitals = len(name) <= 3 and name.isupper()
    return f"(?-i:{body})" if short_capitals else body


def _name_key(name: str) -> str:
    """A name's key: lower case, one space, hyphens as spaces (Timor-Leste = TIMOR LESTE)."""
    return norm(name.replace("-", " "))


def name_index(names: Mapping[str, Holder], rules: EnglishRules) -> NameIndex:
    """Compile ``names`` and the rules' unnamed-member phrases (names win on a tie)."""
    holders: dict[str, Holder] = {}
    written: dict[str, str] = {}
    for phrase, plurality in rules.unnamed.items():
        holders[phrase] = Holder("unnamed", "unnamed", plurality)
        written[phrase] = phrase
    for name, holder in names.items():
        key = _name_key(name)
        if key:
            holders[key] = holder
            written[key] = name.strip()
    if not holders:
        return NameIndex(None, holders)
    ordered = sorted(written.values(), key=lambda n: (-len(norm(n)), n))
    body = "|".join(_name_pattern(n) for n in ordered)
    return NameIndex(re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE), holders)


def mentions(
    text: str, start: int, end: int, index: NameIndex, rules: EnglishRules
) -> list[Mention]:
    """Holders named in ``text[start:end]``; "the representative of X" and "X's delegation"
    are mentions of X spanning the whole phrase."""
    if index.regex is None:
        return []
    out = []
    for m in index.regex.finditer(text, start, end):
        holder = index.holders.get(_name_key(m.group(0))) or index.holders.get(norm(m.group(0)))
        if holder is None:
            continue
        s, e = m.span()
        if holder.kind != "unnamed":
            before = rules.representative_before_re.search(text, max(start, s - 80), s)
            after = rules.representative_after_re.match(text, e, end)
            s = before.start() if before else s
            e = after.end() if after else e
        out.append(Mention(s, e, holder))
    return out


# --------------------------------------------------------------------------- 3. verbs, subject


@dataclass(frozen=True)
class VerbMatch:
    """A cue or reporting verb at ``text[start:end]``; ``negated`` when a negation precedes it."""

    start: int
    end: int
    verb: Verb
    negated: bool = False


def _previous_word(text: str, lo: int, pos: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(lo, pos - 40) : pos])
    return m.group(1).lower().replace("’", "'") if m else ""


def verb_matches(
    text: str, start: int, end: int, rules: EnglishRules, found: Sequence[Mention] = ()
) -> list[VerbMatch]:
    """Cue and reporting verbs of ``text[start:end]`` used as verbs.

    A form after a determiner or a possessive is a noun or adjective ("the proposed text");
    a participle followed by ``by`` or after ``was`` is passive or a marker ("supported by");
    a bare base form ("support") is a verb only after an auxiliary, ``to`` or a holder; a
    word inside a holder's name ("United States") is no verb.
    """
    out = []
    mention_ends = frozenset(h.end for h in found)
    for m in rules.verb_re.finditer(text, start, end):
        verb = rules.verbs.get(norm(m.group(0)))
        if verb is None or any(h.start < m.end() and m.start() < h.end for h in found):
            continue
        word = _previous_word(text, start, m.start()).strip(",;:")
        if word in rules.noun_before or word.endswith("'s"):
            continue
        if re.match(r"\s+by\b", text[m.end() : m.end() + 4]) or word in rules.passive_before:
            continue
        if verb.base and not _after_auxiliary(text, start, m.start(), rules, mention_ends):
            continue
        lo = max(start, m.start() - 40)
        negated = bool(rules.negation_re.search(text[lo : m.start()]))
        out.append(VerbMatch(m.start(), m.end(), verb, negated))
    return out


def _after_auxiliary(
    text: str, start: int, pos: int, rules: EnglishRules, mention_ends: frozenset[int]
) -> bool:
    before = text[max(start, pos - 40) : pos]
    stripped = len(before.rstrip())
    if pos - len(before) + stripped in mention_ends:
        return True
    return bool(re.search(rf"(?<![\w])(?i:{rules.aux_words}|to)(?:\s+\w+ly)?\s*$", before))


@dataclass(frozen=True)
class Subject:
    """Who the words before a verb name (at most one of the fields that say what is set)."""

    heads: tuple[Mention, ...] = ()
    partners: tuple[tuple[str, Mention], ...] = ()
    """(role, holder) with role supported_by, opposed_by or with."""
    rule: str = ""
    confidence: float = 0.0
    reference: str = ""
    unknown: str = ""
    collective: str = ""
    non_holder: str = ""
    empty: bool = False

    @property
    def found(self) -> bool:
        return bool(
            self.heads or self.reference or self.unknown or self.collective or self.non_holder
        )


def _shape(text: str, lo: int, hi: int, found: list[Mention]) -> tuple[str, list[Mention]]:
    """The text of ``[lo, hi)`` with each mention inside replaced by ``OPEN<n>CLOSE``."""
    parts: list[str] = []
    kept: list[Mention] = []
    pos = lo
    for m in found:
        if m.start >= pos and m.end <= hi:
            parts.append(text[pos : m.start])
            parts.append(f"{OPEN}{len(kept)}{CLOSE}")
            kept.append(m)
            pos = m.end
    parts.append(text[pos:hi])
    clean = [p if p.startswith(OPEN) else p.replace(OPEN, " ").replace(CLOSE, " ") for p in parts]
    return "".join(clean), kept


def _listed(shape: str, kept: list[Mention]) -> tuple[Mention, ...]:
    return tuple(kept[int(n)] for n in re.findall(rf"{OPEN}(\d+){CLOSE}", shape))


def _partners(
    shape: str, kept: list[Mention], rules: EnglishRules
) -> tuple[str, list[tuple[str, Mention]]]:
    """Markers in a parenthesis ", supported by X, with Y": (behalf list shape, partners)."""
    behalf = ""
    out: list[tuple[str, Mention]] = []
    for m in rules.shapes.paren.finditer(shape):
        role = rules.markers.get(norm(m.group("marker")), "with")
        if role == "behalf":
            behalf = m.group("list")
        else:
            out.extend((role, h) for h in _listed(m.group("list"), kept))
    return behalf, out


def subject(
    text: str, clause_start: int, verb_start: int, found: list[Mention], rules: EnglishRules
) -> Subject:
    """What names the speaker in ``text[clause_start:verb_start]`` (see ``Subject``)."""
    shapes = rules.shapes
    shape, kept = _shape(text, max(clause_start, verb_start - REGION), verb_start, found)
    lead_partners: list[tuple[str, Mention]] = []
    lead = shapes.lead.match(shape)
    if lead and rules.markers.get(norm(lead.group("marker"))) != "behalf":
        role = rules.markers.get(norm(lead.group("marker")), "with")
        lead_partners = [(role, h) for h in _listed(lead.group("list"), kept)]
        shape = " " * lead.end() + shape[lead.end() :]
    for at in (m.start() for m in re.finditer(OPEN, shape)):
        m = shapes.subject.match(shape, at)
        if not m or shapes.object_before.search(shape[:at]):
            continue
        behalf, partners = _partners(m.group("parens") or "", kept, rules)
        heads, rule, conf = _listed(m.group("subj"), kept), "en.subject-verb", 0.9
        pre = shapes.behalf.search(shape[:at])
        if pre and not behalf:
            behalf = pre.group("list")
        if behalf or pre:
            heads, rule, conf = _listed(behalf, kept), "en.on-behalf", 0.85
        elif any(_is_representative(text, h, rules) for h in heads):
            rule = "en.representative-of"
        return Subject(heads, tuple(lead_partners + partners), rule, conf)
    return _other_subject(shape, kept, rules, tuple(lead_partners))


def _is_representative(text: str, m: Mention, rules: EnglishRules) -> bool:
    quoted = text[m.start : m.end]
    return bool(
        rules.representative_start_re.match(quoted) or rules.representative_after_re.search(quoted)
    )


def _other_subject(
    shape: str, kept: list[Mention], rules: EnglishRules, partners: tuple[tuple[str, Mention], ...]
) -> Subject:
    """No holder right before the verb: a reference, a non-holder, a collective, a distant
    holder, an unknown name, or nothing at all."""
    shapes = rules.shapes
    if m := shapes.anaphor.match(shape):
        return Subject(
            partners=partners, reference=norm(m.group("word")), rule="en.reference", confidence=0.6
        )
    if m := shapes.non_holder.search(shape):
        return Subject(non_holder=norm(m.group("word")))
    if m := shapes.collective.match(shape):
        return Subject(collective=norm(m.group("word")))
    if m := shapes.far.match(shape):
        return Subject(_listed(m.group("subj"), kept), partners, "en.subject-far", 0.5)
    if m := shapes.unknown.search(shape):
        name = re.sub(r"^(?i:the)\s+", "", m.group("name")).strip(" .")
        key = norm(name)
        if key in rules.non_holders or norm(m.group("name")) in rules.non_holders:
            return Subject(non_holder=key)
        if key in rules.collective:
            return Subject(collective=key)
        if key not in rules.anaphora and not re.fullmatch(rf"(?i:{rules.connectives})", name):
            return Subject(unknown=name)
    return Subject(partners=partners, empty=bool(shapes.empty.match(shape)))


# --------------------------------------------------------------------------- 4–5. stance, target


def stance_of(v: VerbMatch) -> str | None:
    """The stance a cue expresses, after its negation; None for a reporting verb or a negated
    cue with no opposite ("did not propose")."""
    if v.verb.kind != "cue":
        return None
    return v.verb.negated if v.negated else v.verb.stance


def target_span(text: str, start: int, end: int, rules: EnglishRules) -> tuple[int, int] | None:
    """The verbatim phrase after a cue: leading "that"/"about"… dropped, cut at the first stop,
    trailing punctuation trimmed, at most ``target.max_chars`` long (cut at a word)."""
    s, _ = _trim(text, start, end)
    strip = rules.target_strip_re.match(text, s, end)
    if strip:
        s = strip.end()
    stop = rules.target_stop_re.search(text, s, end)
    e = stop.start() if stop else end
    e = _trim_punct(text, s, e)
    if e - s > rules.target_max:
        cut = text.rfind(" ", s, s + rules.target_max + 1)
        e = _trim_punct(text, s, cut if cut > s else s + rules.target_max)
    return (s, e) if e > s else None


def _trim_punct(text: str, s: int, e: int) -> int:
    while e > s and (text[e - 1] in " \t\r\n.,;:!?–—-" or not text[e - 1].isprintable()):
        e -= 1
    return e


def _trailing(
    text: str, start: int, end: int, found: list[Mention], rules: EnglishRules
) -> tuple[int, list[tuple[str, Mention]]]:
    """ ", supported by X and Y" / ", opposed by Z" / ", with W" after the target: where they
    start (the target ends there) and the holders with their roles."""
    first = end
    out: list[tuple[str, Mention]] = []
    for m in rules.shapes.trail.finditer(text, start, end):
        role = rules.markers.get(norm(m.group("marker")), "with")
        listed, pos = [], m.end()
        for h in found:
            if h.start < pos:
                continue
            if h.start != pos and not re.fullmatch(
                r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:the\s+)?", text[pos : h.start]
            ):
                break
            listed.append(h)
            pos = h.end
        group = _behalf_after(text, pos, end, found, rules)
        if group is not None:
            listed = [group]  # "opposed by BOLIVIA, for the LMDCs": the group holds it
        if listed:
            first = min(first, m.start())
            out.extend((role, h) for h in listed)
    return first, out


def _behalf_after(
    text: str, pos: int, end: int, found: list[Mention], rules: EnglishRules
) -> Mention | None:
    """The group a trailing holder speaks for: ", for the LMDCs" / ", on behalf of X"."""
    words = "|".join(
        re.escape(w)
        for w, role in sorted(rules.markers.items(), key=lambda x: -len(x[0]))
        if role == "behalf"
    )
    if not words:
        return None
    m = re.compile(rf",\s*(?:{words})\s+(?:the\s+)?", re.I).match(text, pos, end)
    if m is None:
        return None
    return next((h for h in found if h.start == m.end()), None)


def _reference(
    text: str, ts: int, te: int, found: list[Mention], rules: EnglishRules
) -> Mention | None:
    """The holder whose position a target names: "X's proposal", "the view of X"."""
    lead = rules.shapes.reference_of.match(text, ts, te)
    for h in found:
        if lead and h.start == lead.end():
            return h
        if ts <= h.start <= ts + 4 and re.fullmatch(r"(?i:the\s+)?", text[ts : h.start]):
            if rules.shapes.reference_after.match(text, h.end, te):
                return h
    return None


def resolve_reference(
    word: str, previous: tuple[Holder, ...], rules: EnglishRules
) -> tuple[Holder, ...] | None:
    """The holders a clause-initial "it"/"they"/"both" stands for, or None when ambiguous."""
    need = rules.anaphora.get(norm(word), "")
    holders = tuple(dict.fromkeys(previous))
    if need == "one":
        ok = len(holders) == 1 and holders[0].plurality != "some"
    elif need == "two":
        ok = len(holders) == 2
    else:
        single_group = len(holders) == 1 and (
            holders[0].plurality in ("some", "one-or-more") or holders[0].kind in GROUP_KINDS
        )
        ok = len(holders) >= 2 or single_group
    return holders if ok else None


# --------------------------------------------------------------------------- 6. reading


@dataclass
class _State:
    """What the reader remembers: the previous sentence's holders and the drafts so far."""

    previous: tuple[Holder, ...] = ()
    sentence: tuple[int, int] = (-1, -1)
    section: str | None = None
    in_sentence: list[tuple[Holder, ...]] = field(default_factory=list)
    drafts: list[Drafted] = field(default_factory=list)
    reviews: list[ReviewItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Reading:
    """One clause's verb, speakers and what they speak about, before drafting."""

    heads: tuple[Holder, ...]
    partners: tuple[tuple[str, Holder], ...]
    rule: str
    confidence: float
    stance: str | None
    target: tuple[int, int] | None
    responds: Holder | None
    speech: bool = True
    """Draft even without a stance (a holder that "said" something)."""


def _main_verb(
    text: str, clause: Clause, found: list[Mention], rules: EnglishRules
) -> tuple[VerbMatch, Subject] | None:
    verbs = verb_matches(text, clause.start, clause.end, rules, found)[:MAX_VERBS]
    empty: tuple[VerbMatch, Subject] | None = None
    for v in verbs:
        subj = subject(text, clause.start, v.start, found, rules)
        if subj.found:
            return v, subj
        if subj.empty and empty is None:
            empty = (v, subj)
    return empty


def _spoken(
    text: str, clause: Clause, v: VerbMatch, found: list[Mention], rules: EnglishRules
) -> VerbMatch:
    """After a reporting verb, the first cue of the clause with no holder in between."""
    if v.verb.kind == "cue":
        return v
    for cue in verb_matches(text, v.end, clause.end, rules, found):
        if cue.verb.kind == "cue":
            between = [m for m in found if v.end <= m.start < cue.start]
            return v if between else cue
    return v


def _speakers(
    text: str, clause: Clause, subj: Subject, state: _State, rules: EnglishRules
) -> tuple[tuple[Holder, ...], str, float] | None:
    """The clause's holders from its subject, a reference, or the previous clause; a review
    item (and None) for what cannot be settled."""
    if subj.heads:
        return tuple(m.holder for m in subj.heads), subj.rule, subj.confidence
    if subj.reference:
        earlier = [h for hs in state.in_sentence for h in hs]
        context = tuple(earlier) if earlier else state.previous
        resolved = resolve_reference(subj.reference, context, rules)
        if resolved:
            return resolved, "en.reference", 0.6
        _review(state, clause, f"unresolved reference: {subj.reference!r}", "en.reference")
    elif subj.unknown:
        _review(state, clause, f"unknown holder: {subj.unknown}", "en.unknown-holder")
    elif subj.collective:
        _review(state, clause, f"no holder named: {subj.collective!r}", "en.collective")
    elif subj.empty and state.in_sentence and state.in_sentence[-1]:
        return state.in_sentence[-1], "en.same-subject", 0.7
    return None


def _review(state: _State, clause: Clause, message: str, rule: str) -> None:
    state.reviews.append(ReviewItem(clause.start, clause.end, message, rule, clause.section))


def _read_clause(
    text: str, clause: Clause, found: list[Mention], rules: EnglishRules, state: _State
) -> _Reading | None:
    main = _main_verb(text, clause, found, rules)
    if main is None:
        return None
    v, subj = main
    if subj.non_holder:
        if v.verb.kind == "cue" and stance_of(v) is not None:  # "The Chair proposed …"
            note = f"'{subj.non_holder}' takes a stance but is no holder of the registry here: set the holder (a chair post) or drop it"
            _review(state, clause, note, "en.non-holder")
        return None
    speakers = _speakers(text, clause, subj, state, rules)
    if speakers is None:
        return None
    heads, rule, conf = speakers
    cue = _spoken(text, clause, v, found, rules)
    stance = stance_of(cue)
    trail_at, trailing = _trailing(text, cue.end, clause.end, found, rules)
    partners = tuple((r, m.holder) for r, m in (*subj.partners, *trailing))
    if stance is None and cue.verb.kind == "report" and not any(h.kind == "post" for h in heads):
        demand = _demand(text, cue.end, trail_at)  # PERU said the draft should not be the basis
        if demand is not None:
            modal_stance, span = demand
            return _Reading(heads, partners, "en.modal", min(conf, 0.7), modal_stance, span, None)
    if stance is None:  # a reporting verb, or a negated cue with no opposite ("did not propose")
        said = cue.verb.kind == "report" and rule != "en.same-subject"
        said = said and not all(h.kind == "post" for h in heads)
        return _Reading(heads, partners, rule, min(conf, 0.6), None, None, None, said)
    target = target_span(text, cue.end, trail_at, rules) if cue.verb.kind == "cue" else None
    responds = _reference(text, *target, found, rules) if target else None
    if cue is not v and rule == "en.subject-verb":
        conf = 0.8
    return _Reading(
        heads, partners, rule, conf, stance, target, responds.holder if responds else None
    )


MODAL = re.compile(
    r"\b(?:that\s+)?(?P<subject>[^,;.]{2,60}?)\s+(?P<modal>should|must|needed\s+to|need\s+to|ought\s+to)"
    r"(?P<neg>\s+not|\s+never|n't)?\s+(?P<rest>[^;]{2,})",
    re.IGNORECASE,
)
"""After a reporting verb: "said (that) X should (not) Y" — a demand (or an objection)."""


def _demand(text: str, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    """The stance and the verbatim span of a demand reported without a cue word: proposes
    what should be, opposes what should not."""
    m = MODAL.match(text, start, end) or MODAL.match(text, start + 1, end)
    if m is None:
        return None
    s = m.start("subject")
    while text[s].isspace():
        s += 1
    e = end
    while e > s and text[e - 1] in " .,;:":
        e -= 1
    if e - s > 120:
        cut = text.rfind(" ", s, s + 120)
        e = cut if cut > s else s + 120
    return ("opposes" if m.group("neg") else "proposes"), (s, e)


def _known_target(state: _State, holder: Holder) -> Drafted | None:
    """The latest statement of ``holder`` with a target (its proposal first)."""
    for wanted in ("proposes", None):
        for d in reversed(state.drafts):
            if d.holder == holder and (d.target or d.target_label):
                if wanted is None or d.stance == wanted:
                    return d
    return None


def _target_of(
    text: str, reading: _Reading, state: _State, rules: EnglishRules
) -> tuple[str | None, str | None, str | None]:
    """(target, target_label, responds_to) of a reading: another holder's known target when the
    statement responds to it, the previous statement's for a pronoun ("opposed it")."""
    if reading.target is None:
        return None, None, None
    label = text[reading.target[0] : reading.target[1]]
    responds = reading.responds
    if responds is None and norm(label) in rules.pronouns and state.drafts:
        last = state.drafts[-1]
        if last.target or last.target_label:
            holder = last.holder.id if last.stance == "proposes" else last.responds_to
            return last.target, last.target_label, holder
        return None, label, None
    if responds is not None:
        known = _known_target(state, responds)
        if known:
            return known.target, known.target_label, responds.id
        return None, label, responds.id
    return None, label, None


def _draft(
    text: str, clause: Clause, reading: _Reading, state: _State, rules: EnglishRules
) -> list[Drafted]:
    """One statement per holder of a reading; holders sharing a stance share the quote."""
    target, label, responds = _target_of(text, reading, state, rules)
    head_stance = reading.stance
    rows: list[tuple[Holder, str | None, str, float, str | None]] = [
        (h, head_stance, reading.rule, reading.confidence, responds) for h in reading.heads
    ]
    first = reading.heads[0].id if reading.heads else None
    for role, h in reading.partners:
        if role == "with":
            rows.append((h, head_stance, "en.with-list", 0.8, responds))
        elif role == "supported_by":
            backing = "supports" if head_stance in ("proposes", None) else head_stance
            rows.append((h, backing, "en.supported-by", 0.8, first))
        else:
            rows.append((h, "opposes", "en.opposed-by", 0.8, first))
    firsts: dict[Holder, tuple[Holder, str | None, str, float, str | None]] = {}
    for r in rows:
        firsts.setdefault(r[0], r)  # a holder named twice keeps its first role
    rows = list(firsts.values())
    out = []
    for holder, stance, rule, conf, resp in rows:
        shared = tuple(r[0].id for r in rows if r[0] != holder and r[1] == stance)
        out.append(
            Drafted(
                holder,
                clause.start,
                clause.end,
                rule,
                conf,
                stance,
                target,
                label,
                resp if resp != holder.id else None,
                None,
                clause.section,
                shared,
            )
        )
    return out


def read_english(
    text: str,
    names: Mapping[str, Holder],
    rules: EnglishRules,
    sections: list[Section] | None = None,
) -> tuple[list[Drafted], list[ReviewItem]]:
    """Draft the statements of an English report (see the module docstring for the steps).

    ``names`` maps a holder name as written ("United States", "EU", "G-77/China") to its
    holder; ``sections`` default to the report's headings (``english_sections``).
    """
    secs = english_sections(text, rules) if sections is None else sections
    index = name_index(names, rules)
    state = _State()
    for clause in split(text, rules, secs, index):
        if clause.section != state.section:
            state.previous, state.section = (), clause.section
        if clause.sentence != state.sentence:
            if state.sentence != (-1, -1):
                state.previous = tuple(h for hs in state.in_sentence for h in hs)
            state.sentence, state.in_sentence = clause.sentence, []
        found = mentions(text, clause.start, clause.end, index, rules)
        reading = _read_clause(text, clause, found, rules, state)
        if reading is None:
            state.in_sentence.append(())
            continue
        drafted = _draft(text, clause, reading, state, rules) if reading.speech else []
        state.drafts.extend(drafted)
        state.in_sentence.append(tuple(dict.fromkeys(d.holder for d in drafted)) or reading.heads)
    return state.drafts, state.reviews
