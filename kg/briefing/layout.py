"""Lay a brief out as a document: headings, paragraphs, lists and tables, in one language.

The same ``Doc`` feeds the Markdown and HTML templates and the Word writer, so the three
formats say the same thing. Citations are numbered in order of first use (``[3]``) and
listed at the end under "Sources" with meeting, report section, verbatim quote, English
rendering when recorded, and character offsets into the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.briefing.model import Citation, Position, Ref
from kg.briefing.text import STRINGS, ui


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
    """A laid-out brief in one language (``lang``), ready for any renderer.

    ``summary`` is the bottom line (at most six lines, each from the data through a template);
    ``sections[:annex_at]`` are the body a reader reads, ``sections[annex_at:]`` and the
    sources the annexes, which renderers start on a new page.
    """

    lang: str
    kind: str
    title: str
    subtitle: str
    meta: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    sources_heading: str = ""
    date: str = ""
    summary: list[str] = field(default_factory=list)
    summary_heading: str = ""
    annex_at: int | None = None
    annex_heading: str = ""
    marking: str = ""
    prepared: str = ""
    page_label: str = ""

    def section(self, heading: str, level: int = 2) -> Section:
        sec = Section(heading, level)
        self.sections.append(sec)
        return sec

    def start_annexes(self) -> None:
        """Sections added from now on are annexes (after a page break)."""
        self.annex_at = len(self.sections)

    @property
    def body(self) -> list[Section]:
        return self.sections if self.annex_at is None else self.sections[: self.annex_at]

    @property
    def annexes(self) -> list[Section]:
        return [] if self.annex_at is None else self.sections[self.annex_at :]

    def without_annexes(self) -> Doc:
        """The same brief without annexes or sources: what the page limits count."""
        import dataclasses

        return dataclasses.replace(self, sections=self.body, sources=[], annex_at=None)


class Writer:
    """Helpers shared by the four layouts: names, quotes and numbered citations."""

    def __init__(self, lang: str, kind: str, title: str) -> None:
        self.lang = lang
        self.t = ui(lang)
        self.doc = Doc(
            lang,
            kind,
            title,
            self.t("subtitle"),
            sources_heading=self.t("h.sources"),
            summary_heading=self.t("h.summary"),
            annex_heading=self.t("h.annexes"),
            page_label=STRINGS["page"][0 if lang == "zh-Hant" else 1],
        )
        self._numbers: dict[tuple[str, int, int], int] = {}
        self._cites: list[Citation] = []
        self._shown: set[tuple[str, int, int]] = set()
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
            self._numbers[key] = len(self._numbers) + 1
            self._cites.append(cite)
        return f"[{self._numbers[key]}]"

    def done(self) -> Doc:
        """The laid-out brief, its Sources list written: a short reference (report section,
        the meeting when the brief spans several, file and offsets), and the quote only when
        the brief has not printed it already, so that each quote appears once."""
        for cite in self._cites:
            key = (cite.source, cite.start, cite.end)
            number = self._numbers[key]
            file = f"{cite.source}.txt"
            offsets = self.t("cite.offsets", start=cite.start, end=cite.end)
            parts = [self.name(cite.meeting)] if self.multi_meeting else []
            if cite.section:
                parts.append(self.t("cite.section", section=cite.section))
            where = self.comma.join(parts)
            locator = f"{file} {offsets}"
            line = f"{where}{self.t('cite.end')}" if where else ""
            if key not in self._shown:  # cited by number only: the quote goes here, once
                rendering = cite.rendering and self.t("cite.rendering", text=cite.rendering)
                line += self.t("cite.quote", quote=cite.quote, rendering=rendering)
            line += locator
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
                    locator=locator,
                    line=line,
                )
            )
        return self.doc

    def where(self, cite: Citation | None) -> str:
        """``[n] 三(三)``: number and report section (and the meeting id when the brief
        spans several meetings); the Sources list gives the meeting, quote and offsets."""
        if cite is None:
            return ""
        meeting = cite.meeting.id if self.multi_meeting else ""
        return " ".join(x for x in (self.cite(cite), meeting, cite.section) if x)

    def quoted(self, cite: Citation | None, with_rendering: bool = True) -> str:
        """The verbatim quote in corner brackets, plus the English rendering when recorded;
        a quote the brief has printed already is referred to by its number instead."""
        if cite is None:
            return ""
        key = (cite.source, cite.start, cite.end)
        if key in self._shown:
            return self.t("quote.again", ref=self.cite(cite))
        self._shown.add(key)
        self.cite(cite)
        text = f"「{cite.quote}」"
        if with_rendering and cite.rendering and self.lang == "en":
            text += f" (“{cite.rendering}”)"
        return text

    def status(self, ref: Ref | None) -> str:
        """An outcome status in the words briefs use (``pending`` is 尚無定論, not 審查中)."""
        if ref is None:
            return ""
        key = f"status.{ref.id}"
        return self.t(key) if key in STRINGS else self.name(ref)

    def stance(self, p: Position) -> str:
        text = self.name(p.stance)
        if p.responds_to_holders:
            who = self.names(p.responds_to_holders)
            text += self.paren(self.t("responds", who=who))
        return text

    def qualified(self, p: Position) -> str:
        """The position's quote, then each qualification in its own words: 「…」 (acknowledges:
        「…」 [n])."""
        text = self.quoted(p.citation)
        for q in p.qualifications:
            text += " " + self.t(
                "qualification",
                kind=self.t(f"qual.{q.kind}"),
                quote=f"{self.quoted(q.citation)} {self.cite(q.citation)}",
            )
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
            row += [self.qualified(p), self.where(p.citation)]
            rows.append(row)
        sec.table(header, rows)
