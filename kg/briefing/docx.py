"""Write a laid-out brief as a Word file (python-docx): the only module importing ``docx``.

Real Heading styles (so Word's navigation pane and table of contents work), tables with a
repeated header row, a numbered "Sources" list at the end, and an East Asian font set on
every style so Chinese text renders in Word and LibreOffice alike. The bytes are
deterministic: document properties take a fixed date derived from the data, and the zip
entries a fixed timestamp.

Text is written as it is, with one exception: the C0 control characters XML 1.0 cannot carry
(NUL, ESC, VT, FF…, which a verbatim quote may hold) are shown as their notation ``\\u001B``
(``kg.graph.xml_safe``), so Word and python-docx always open the file. TAB and line
breaks become Word tabs and breaks; DEL, NEL and U+2028 are kept.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from kg.briefing.layout import Block, Doc
from kg.graph import xml_safe as _t

CJK_FONT = "Noto Sans CJK TC"
"""East Asian font named in the file; Word and LibreOffice substitute a CJK font if absent."""
LATIN_FONT = "Calibri"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _fixed_date(text: str) -> dt.datetime:
    """``2021-08`` → 2021-08-01T00:00Z; no date → 2000-01-01 (never the clock)."""
    parts = [int(p) for p in text.split("-") if p.isdigit()] if text else []
    year, month, day = (parts + [2000, 1, 1][len(parts) :])[:3] if parts else (2000, 1, 1)
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


def _set_fonts(style, size_pt: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = LATIN_FONT
    if size_pt:
        style.font.size = Pt(size_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _repeat_header(row) -> None:
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    trpr.append(el)


TEXT_WIDTH_MM = 174
"""A4 width less two 18 mm margins."""


def column_widths(header: list[str], rows: list[list[str]]) -> list[float]:
    """Millimetres per column, by the longest text in each (clamped), filling the text width.

    Quotes get room and short columns (stance, section) stay narrow, instead of Word's equal
    split that squeezes a long quote into a column a few characters wide.
    """

    def span(text: str) -> int:  # a CJK character is about two Latin ones wide
        return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)

    weights = []
    for i, head in enumerate(header):
        longest = max([span(head)] + [span(r[i]) for r in rows])
        weights.append(min(max(longest, 20), 60))
    total = sum(weights)
    return [TEXT_WIDTH_MM * w / total for w in weights]


STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Table Grid",
)
"""The template's styles a brief uses; each gets the Latin and East Asian fonts."""


def render_docx(doc: Doc) -> bytes:
    """The brief as the bytes of a .docx file: A4 page, fonts, header and footer, the
    front matter and bottom line, each section (annexes after a page break), the sources,
    and fixed document properties."""
    import docx

    word = docx.Document()
    section = word.sections[0]
    _page_setup(section)
    style_id = _styles(word)
    _header_footer(section, doc)
    _front_matter(word, doc, style_id)
    for n, sec in enumerate(doc.sections):
        if n == doc.annex_at:
            _page_break(word)
            _paragraph(word, doc.annex_heading, style_id["Title"])
        level = min(max(sec.level - 1, 1), 3)
        _paragraph(word, sec.heading, style_id[f"Heading {level}"])
        for block in sec.blocks:
            _block(word, block, style_id)
    if doc.sources:
        _paragraph(word, doc.sources_heading, style_id["Heading 1"])
        for s in doc.sources:
            word.add_paragraph(_t(f"[{s.number}] {s.line}"))
    _properties(word.core_properties, doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _page_setup(section) -> None:
    """A4 portrait with 18 mm margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Mm(18))
    section.top_margin = section.bottom_margin = Mm(18)


def _styles(word) -> dict[str, str]:
    """Set the fonts of Normal (10.5 pt) and of ``STYLES``; their style ids by name.

    python-docx resolves a style given by name or object on every paragraph and table,
    scanning every style of the template (about 2 ms each: minutes for a UN member's brief
    with a section per roll call); the ids are looked up once and set on the XML.
    """
    styles = word.styles
    _set_fonts(styles["Normal"], 10.5)
    for name in STYLES:
        _set_fonts(styles[name])
    return {name: styles[name].style_id for name in STYLES}


def _paragraph(word, text: str, style_id: str) -> None:
    word.add_paragraph(_t(text))._p.style = style_id


def _front_matter(word, doc: Doc, style_id: dict[str, str]) -> None:
    """Title, subtitle, the meta lines (bold key, value), then the bottom line."""
    _paragraph(word, doc.title, style_id["Title"])
    _paragraph(word, doc.subtitle, style_id["Subtitle"])
    for key, value in doc.meta:
        para = word.add_paragraph()
        para.add_run(_t(f"{key}：" if doc.lang == "zh-Hant" else f"{key}: ")).bold = True
        para.add_run(_t(value))
    if doc.summary:
        _paragraph(word, doc.summary_heading, style_id["Heading 1"])
        for line in doc.summary:
            _paragraph(word, line, style_id["List Bullet"])


def _block(word, block: Block, style_id: dict[str, str]) -> None:
    """A paragraph, a bulleted or numbered list, or a table followed by an empty paragraph."""
    if block.kind == "p":
        word.add_paragraph(_t(block.text))
    elif block.kind in ("ul", "ol"):
        style = style_id["List Number" if block.kind == "ol" else "List Bullet"]
        for item in block.items:
            _paragraph(word, item, style)
    elif block.kind == "table":
        _table(word, block, style_id["Table Grid"])
        word.add_paragraph()


def _table(word, block: Block, grid_style_id: str) -> None:
    """A table in 9 pt with a bold header row repeated on each page and column widths
    fitted to the text (``column_widths``)."""
    from docx.shared import Mm, Pt

    header = [_t(text) for text in block.header]
    rows = [[_t(text) for text in row] for row in block.rows]
    table = word.add_table(rows=1, cols=len(header))
    table._tbl.tblStyle_val = grid_style_id
    table.autofit = False
    widths = [Mm(w) for w in column_widths(header, rows)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    for tr in table.rows:
        for cell, width in zip(tr.cells, widths, strict=True):
            cell.width = width
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)


def _properties(props, doc: Doc) -> None:
    """Title, subject (the kind of brief), author, language and a fixed date from the
    data (``_fixed_date``), never the clock."""
    fixed = _fixed_date(doc.prepared or doc.date)
    props.title = _t(doc.title)
    props.subject = _t(doc.kind)
    props.author = "kg"
    props.last_modified_by = "kg"
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    props.language = _t(doc.lang)


def _page_break(word) -> None:
    from docx.enum.text import WD_BREAK

    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field(paragraph, instruction: str) -> None:
    """A Word field (``PAGE``) in a paragraph: begin, instruction, separate, a placeholder
    result, end; Word and LibreOffice compute the value when they lay the page out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(tag: str, **attrs: str):
        run = paragraph.add_run()
        el = OxmlElement(tag)
        for key, value in attrs.items():
            el.set(qn(key), value)
        run._r.append(el)
        return el

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    instr = run_with("w:instrText", **{"xml:space": "preserve"})
    instr.text = f" {instruction} "
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run("1")
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def _header_footer(section, doc: Doc) -> None:
    """The handling marking in the header (when given); the page number in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if doc.marking:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.add_run(_t(doc.marking)).bold = True
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, after = (doc.page_label or "{page}").partition("{page}")
    if before:
        foot.add_run(_t(before))
    _field(foot, "PAGE")
    if after:
        foot.add_run(_t(after))
    if doc.marking:
        foot.add_run(_t(f"  {doc.marking}"))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry timestamps and order, so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
