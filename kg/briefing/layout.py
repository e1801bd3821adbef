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

    def ul(self, items: list[str], ordered: bool = False) -> None:
        self.blocks.append(Block("ol" if ordered else "ul", items=items))

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(Block("table", header=header, rows=rows))


@dataclass(frozen=True)
class SourceEntry:
    number: int
    meeting: str
    section: str
    quote: str
    rendering: str
    file: str
    offsets: str


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

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh-Hant" else ": "

    def paren(self, text: str) -> str:
        return f"（{text}）" if self.lang == "zh-Hant" else f" ({text})"

    def name(self, ref: Ref | None) -> str:
        return ref.name(self.lang) if ref is not None else ""

    def names(self, refs: tuple[Ref, ...] | list[Ref]) -> str:
        return self.t("sep").join(self.name(r) for r in refs) or "—"

    def cite(self, cite: Citation | None) -> str:
        """``[n]``: the citation's number in the Sources list (added on first use)."""
        if cite is None:
            return ""
        key = (cite.source, cite.start, cite.end)
        if key not in self._numbers:
            number = len(self._numbers) + 1
            self._numbers[key] = number
            self.doc.sources.append(
                SourceEntry(
                    number,
                    self.name(cite.meeting),
                    cite.section,
                    cite.quote,
                    cite.rendering,
                    f"{cite.source}.txt",
                    self.t("cite.offsets", start=cite.start, end=cite.end),
                )
            )
        return f"[{self._numbers[key]}]"

    def where(self, cite: Citation | None) -> str:
        """``[n] meeting-id 三(三)``: number, meeting and report section."""
        if cite is None:
            return ""
        return " ".join(x for x in (self.cite(cite), cite.meeting.id, cite.section) if x)

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
            text += f" ({self.t('responds', who=who)})"
        return text

    def position_rows(
        self, positions: tuple[Position, ...] | list[Position], with_holder: bool = True
    ) -> list[list[str]]:
        rows = []
        for p in positions:
            row = [self.name(p.holder)] if with_holder else []
            row += [
                self.stance(p),
                self.name(p.target),
                self.name(p.speaker) or "—",
                self.quoted(p.citation),
                self.where(p.citation),
            ]
            rows.append(row)
        return rows

    def position_header(self, with_holder: bool = True) -> list[str]:
        t = self.t
        head = [t("col.holder")] if with_holder else []
        return head + [
            t("col.stance"),
            t("col.target"),
            t("col.speaker"),
            t("col.words"),
            t("col.source"),
        ]
