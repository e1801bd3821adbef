"""Structure of a report: numbered sections, sentences and clauses, all as character spans.

Pure functions over the report text; nothing here knows about holders or stances. Every span
is a pair of offsets into the text, so a quote is always ``text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.records import CHINESE_NUMERALS

SENTENCE_END = "。！？；!?;\n"
CLAUSE_END = "，：:、"
"""Clause breaks; ``、`` only splits lists of clauses, so it is used for the title only."""
CLAUSE_BREAKS = "，：:"
OPENERS = "(（「『“【[《"
CLOSERS = ")）」』”】]》"
ARTIFACT_RE = re.compile(r"\s*\[[A-Za-z][^\]\n]*\]\s*")
"""Word-export leftovers such as ``[bookmark: _GoBack]`` at the start of a paragraph."""


FORMAL_NUMERALS = str.maketrans("壹貳參叁肆伍陸柒捌玖拾", "一二三三四五六七八九十")
ROMAN = {"I": 1, "V": 5, "X": 10}


def roman_number(text: str) -> int:
    """Read I … XXXIX."""
    values = [ROMAN[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def chinese_number(text: str) -> int:
    """Read 一 … 九十九 and 壹 … 玖拾玖 (the numerals section headings use)."""
    if text.isdigit():
        return int(text)
    text = text.translate(FORMAL_NUMERALS)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CHINESE_NUMERALS.get(tens, 1) if tens else 1) * 10 + (
            CHINESE_NUMERALS.get(ones, 0) if ones else 0
        )
    return CHINESE_NUMERALS.get(text, 0)


@dataclass
class Section:
    """One numbered heading and the text under it (up to the next heading)."""

    id: str
    label: str
    level: int
    number: int
    parent: Section | None
    line_start: int
    body_start: int
    """First character after the heading marker."""
    end: int
    """End of the section's own text (the next heading starts there)."""
    children: list[Section] = field(default_factory=list)

    @property
    def top(self) -> str:
        return self.id.split(".")[0]

    def ancestors(self) -> Iterator[Section]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass(frozen=True)
class HeadingPattern:
    level: int
    regex: re.Pattern[str]
    number: str


def compile_patterns(specs: list[dict]) -> list[HeadingPattern]:
    return [
        HeadingPattern(
            int(s["level"]), re.compile(str(s["pattern"])), str(s.get("number", "arabic"))
        )
        for s in specs
    ]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        yield pos, end
        pos += len(line)


def sections(text: str, patterns: list[HeadingPattern]) -> list[Section]:
    """Find the numbered headings and nest them by level.

    Ids follow the report's numbering: ``三、`` → ``"3"``, its ``(四)`` → ``"3.4"``, a ``1.``
    under that → ``"3.4.1"``. A numeral that repeats under the same parent gets a suffix
    (``"5.2-2"``) so ids stay unique. Text before the first heading belongs to no section.
    """
    found: list[Section] = []
    stack: list[Section] = []
    seen: set[str] = set()
    for start, end in _lines(text):
        line = text[start:end]
        for pattern in patterns:
            match = pattern.regex.match(line)
            if not match:
                continue
            number = (
                chinese_number(match.group(1))
                if pattern.number == "chinese"
                else roman_number(match.group(1))
                if pattern.number == "roman"
                else int(match.group(1))
            )
            while stack and stack[-1].level >= pattern.level:
                stack.pop()
            parent = stack[-1] if stack else None
            marker = match.group(1)
            if pattern.level == 1:
                label = marker
            elif pattern.number == "chinese" or pattern.level == 4:
                label = f"{parent.label if parent else ''}({marker})"
            else:
                label = f"{parent.label if parent else ''}{marker}"
            heading = (pattern.level, number, label, start, start + match.end())
            add_section(found, stack, seen, parent, heading, len(text))
            break
    return found


def add_section(
    found: list[Section],
    stack: list[Section],
    seen: set[str],
    parent: Section | None,
    heading: tuple[int, int, str, int, int],
    text_end: int,
) -> Section:
    """Append the heading ``(level, number, label, line start, body start)`` under ``parent``:
    its id follows the numbering (a numeral repeated under one parent gets a suffix, ``5.2-2``),
    the previous section ends where it starts. Shared by the readers of both languages."""
    level, number, label, start, body_start = heading
    ident = base = f"{parent.id}.{number}" if parent else str(number)
    n = 2
    while ident in seen:
        ident, n = f"{base}-{n}", n + 1
    seen.add(ident)
    section = Section(ident, label, level, number, parent, start, body_start, text_end)
    if found:
        found[-1].end = start
    if parent:
        parent.children.append(section)
    found.append(section)
    stack.append(section)
    return section


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding blanks and Word artefacts."""
    while True:
        match = ARTIFACT_RE.match(text, start, end)
        if match and match.end() > start:
            start = match.end()
            continue
        break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences (at 。！？； and line ends), trimmed, non-empty."""
    spans, begin = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in SENTENCE_END:
            s, e = _trim(text, begin, i)
            if e > s and any(not c.isspace() and c not in SENTENCE_END for c in text[s:e]):
                spans.append((s, e))
            begin = i + 1
    return spans


def clauses(text: str, start: int, end: int, breaks: str = CLAUSE_BREAKS) -> list[tuple[int, int]]:
    """Split a sentence at ，： outside brackets and quotes (and at an ASCII comma beside
    Chinese text); trimmed, non-empty."""
    spans, begin, depth = [], start, 0
    for i in range(start, end + 1):
        ch = text[i] if i < end else ""
        if ch and ch in OPENERS:
            depth += 1
        elif ch and ch in CLOSERS:
            depth = max(0, depth - 1)
        if i == end or (depth == 0 and (ch in breaks or (ch == "," and _between_chinese(text, i)))):
            s, e = _trim(text, begin, i)
            if e > s:
                spans.append((s, e))
            begin = i + 1
    return spans


def _is_chinese(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in "」』）)"


def _between_chinese(text: str, i: int) -> bool:
    """An ASCII comma that a Chinese text uses as its own ，: 會員,包括智利 (not 1,000 or "a, b")."""
    before = text[i - 1] if i else ""
    after = text[i + 1 : i + 2].lstrip() or ""
    return _is_chinese(before) or _is_chinese(after)


def bracketed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of round-bracket groups ``(…)``/``（…）`` inside ``text[start:end]`` (outermost)."""
    spans, depth, begin = [], 0, 0
    for i in range(start, end):
        if text[i] in "(（":
            if depth == 0:
                begin = i
            depth += 1
        elif text[i] in ")）" and depth:
            depth -= 1
            if depth == 0:
                spans.append((begin, i + 1))
    return spans


def without_brackets(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with round-bracket groups blanked out (offsets kept)."""
    chars = list(text[start:end])
    for s, e in bracketed(text, start, end):
        for i in range(s - start, e - start):
            chars[i] = " "
    return "".join(chars)


def title(text: str, section: Section) -> tuple[int, int]:
    """The heading's title: the first clause of the heading line."""
    line_end = text.find("\n", section.body_start)
    line_end = len(text) if line_end < 0 else min(line_end, section.end)
    first = clauses(text, section.body_start, line_end, "，：:。；")
    return first[0] if first else (section.body_start, section.body_start)
