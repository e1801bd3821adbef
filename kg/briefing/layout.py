"""Lay a brief out as a document: headings, paragraphs, lists and tables, in one language.

The same ``Doc`` feeds the Markdown and HTML templates and the Word writer, so the three
formats say the same thing. Citations are numbered in order of first use (``[3]``) and
listed at the end under "Sources" with meeting, report section, verbatim quote, English
rendering when recorded, and character offsets into the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.briefing.model import Citation, Position, Ref
from kg.briefing.text import ui


@dataclass
class Block:
    """``kind`` is ``p`` (text), ``ul`` / ``ol`` (items) or ``table`` (header + rows)."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    level: int = 2
    blocks: list[Block] = field(default_factory=list)

    def p(self, text: str) -> None:
        self.blocks.append(Block("p", text=text))

    def ul(self, items: list[str], ordered: bool = False, empty: str | None = None) -> None:
        """A list; with ``empty``, a paragraph saying so instead when there are no items."""
        if not items and empty is not None:
            self.p(empty)
        else:
            self.blocks.append(Block("ol" if ordered else "ul", items=items))

    def table(self, header: list[str], rows: list[list[str]], empty: str | None = None) -> None:
        """A table; with ``empty``, a paragraph saying so instead when there are no rows."""
        if not rows and empty is not None:
            self.p(empty)
        else:
            self.blocks.append(Block("table", header=header, rows=rows))


@dataclass(frozen=True)
class SourceEntry:
    """One numbered source: ``where`` (meeting and report section, punctuated for the
    language), the verbatim ``quote``, its English ``rendering`` when recorded, and ``locator``
    (file and character offsets)."""

    number: int
    meeting: str
    section: str
    quote: str
    rendering: str
    file: str
    offsets: str
    where: str = ""
    locator: str = ""
    line: str = ""
    """The whole entry as one line of text in the brief's language."""


@dataclass
class Doc:
    """A laid-out brief in one language (``lang``), ready for any renderer."""

    lang: str
    kind: str
    title: str
    subtitle: str
    meta: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    sources_heading: str = ""
    date: str = ""

    def section(self, heading: str, level: int = 2) -> Section:
        sec = Section(heading, level)
        self.sections.append(sec)
        return sec


class Writer:
    """Helpers shared by the four layouts: names, quotes and numbered citations."""

    def __init__(self, lang: str, kind: str, title: str) -> None:
        self.lang = lang
        self.t = ui(lang)
        self.doc = Doc(lang, kind, title, self.t("subtitle"), sources_heading=self.t("h.sources"))
        self._numbers: dict[tuple[str, int, int], int] = {}
        self.multi_meeting = False
        """Name the meeting next to each citation number (set when a brief spans meetings)."""

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh-Hant" else ": "

    def paren(self, text: str) -> str:
        return f"（{text}）" if self.lang == "zh-Hant" else f" ({text})"

    def name(self, ref: Ref | None) -> str:
        return ref.name(self.lang) if ref is not None else ""

    def names(self, refs: tuple[Ref, ...] | list[Ref]) -> str:
        """Names joined with the language's separator, each once, in the order given."""
        unique = list(dict.fromkeys(self.name(r) for r in refs))
        return self.t("sep").join(unique) or "—"

    @property
    def comma(self) -> str:
        return "，" if self.lang == "zh-Hant" else ", "

    def cite(self, cite: Citation | None) -> str:
        """``[n]``: the citation's number in the Sources list (added on first use)."""
        if cite is None:
            return ""
        key = (cite.source, cite.start, cite.end)
        if key not in self._numbers:
            number = len(self._numbers) + 1
            self._numbers[key] = number
            file = f"{cite.source}.txt"
            offsets = self.t("cite.offsets", start=cite.start, end=cite.end)
            where = self.name(cite.meeting)
            if cite.section:
                where += self.comma + self.t("cite.section", section=cite.section)
            self.doc.sources.append(
                SourceEntry(
                    number,
                    self.name(cite.meeting),
                    cite.section,
                    cite.quote,
                    cite.rendering,
                    file,
                    offsets,
                    where=where,
                    locator=f"{file}{self.comma}{offsets}",
                    line=self.t(
                        "cite.line",
                        where=where,
                        quote=cite.quote,
                        rendering=self.t("cite.rendering", text=cite.rendering)
                        if cite.rendering
                        else "",
                        locator=f"{file}{self.comma}{offsets}",
                    ),
                )
            )
        return f"[{self._numbers[key]}]"

    def where(self, cite: Citation | None) -> str:
        """``[n] 三(三)``: number and report section (and the meeting id when the brief
        spans several meetings); the Sources list gives the meeting, quote and offsets."""
        if cite is None:
            return ""
        meeting = cite.meeting.id if self.multi_meeting else ""
        return " ".join(x for x in (self.cite(cite), meeting, cite.section) if x)

    def quoted(self, cite: Citation | None, with_rendering: bool = True) -> str:
        """The verbatim quote in corner brackets, plus the English rendering when recorded."""
        if cite is None:
            return ""
        text = f"「{cite.quote}」"
        if with_rendering and cite.rendering and self.lang == "en":
            text += f" (“{cite.rendering}”)"
        return text

    def stance(self, p: Position) -> str:
        text = self.name(p.stance)
        if p.responds_to_holders:
            who = self.names(p.responds_to_holders)
            text += self.paren(self.t("responds", who=who))
        return text

    def position_table(
        self,
        sec: Section,
        positions: tuple[Position, ...] | list[Position],
        with_holder: bool = True,
    ) -> None:
        """A positions table; the speaker column only when the report names a speaker."""
        with_speaker = any(p.speaker is not None for p in positions)
        t = self.t
        header = [t("col.holder")] if with_holder else []
        header += [t("col.stance"), t("col.target")]
        header += [t("col.speaker")] if with_speaker else []
        header += [t("col.words"), t("col.source")]
        rows = []
        for p in positions:
            row = [self.name(p.holder)] if with_holder else []
            row += [self.stance(p), self.name(p.target)]
            row += [self.name(p.speaker) or "—"] if with_speaker else []
            row += [self.quoted(p.citation), self.where(p.citation)]
            rows.append(row)
        sec.table(header, rows)
