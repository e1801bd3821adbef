"""Read a report as received: plain text in any common Chinese encoding, or a Word file.

Detects UTF-8 (with or without BOM), UTF-16/32 with BOM, Big5 and GB18030; converts
Simplified Chinese to Traditional (Taiwan usage) with OpenCC's bundled ``s2twp`` profile.
Every conversion is reported in ``ReportText.notes`` so the draft can say what was done to the
text. Raises ``IngestError`` for what cannot be read; never guesses silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError


class IngestError(KGError):
    """A report cannot be ingested (unreadable, empty, unsupported format)."""


COMMON = set(
    "的一是不了在人有我他這个個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作里里用道行所然家種事成方多經么麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根干造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號盡另周較注語僅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織害斗雙境客紀采舉殺攻父蘇密低朝友訴止細願千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負雲停木游龍樹疑層冷洲衝射略範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積餘痛檢差富靈協角佔配征修皮揮勝降階審沉堅善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香著田鐵控稅左右份穿藝背陣草腳概惡塊頓敢守酒島托央戶烈洋哥索胡款靠評版寶座釋景顧弟登貨互付伯慢歐換聞危忙核暗姐介壞討麗良序升監臨亮露永呼味野架域沙掉括艦魚雜誤湖府优边说这们时为会发动经应过问资议与报国际种数结员术区实产组题议济论让协组长门关开见现气东体点两进话战"
    "们个为这说时会来对发动经过应问资议与报国际种数结员区实产组题论协长门关开见现气东体点两进话战员们网络视讯会议讨论建议结论达成共识会员经济数位数字资料隐私报告"
)
"""Frequent characters in both scripts: the share of them tells a right decoding from mojibake."""


@dataclass
class ReportText:
    """A report's text as it will be stored, and what was done to get it."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)
    converted_from: str | None = None
    """``zh-Hans`` when the text was converted from Simplified Chinese."""
    language: str = "zh"
    """``zh`` or ``en``: which rules read the report."""


def _letters(text: str) -> tuple[int, int]:
    """(Chinese characters, Latin letters in words of two or more) in ``text``."""
    han = sum("\u3400" <= c <= "\u9fff" for c in text)
    latin = sum(len(w) for w in re.findall(r"[A-Za-z]{2,}", text))
    return han, latin


ENGLISH_WORDS = re.compile(
    r"\b(?:the|of|and|to|that|on|in|for|with|by|said|proposed|supported|opposed|called)\b", re.I
)


def detect_language(text: str) -> str | None:
    """``zh`` when Chinese characters carry the text, ``en`` for English, None for neither.

    A Chinese report quotes English names and acronyms (DESG, Ms. Coe), so Chinese wins as
    soon as it holds a fifth of the letters (a Chinese character weighs about as much as an
    English word of five letters); English needs its own common words, not just Latin letters.
    """
    han, latin = _letters(text)
    if han and han * 20 >= latin:
        return "zh"
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    if words >= 3 and len(ENGLISH_WORDS.findall(text)) >= max(1, words // 25):
        return "en"
    return "zh" if han else None


def _score(text: str) -> float:
    han = [c for c in text if "\u3400" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(c in COMMON for c in han) / len(han)


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes, display: str) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding name).

    Raises:
        IngestError: no supported encoding decodes the bytes.
    """
    for bom, name in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{display}: starts with a {name} byte-order mark but is not valid {name} (byte {exc.start})"
                ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for name in ("big5", "cp950", "gb18030"):
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text), name == "gb18030", name, text))
    if not candidates:
        raise IngestError(
            f"{display}: cannot decode the text: not UTF-8, UTF-16, Big5 or GB18030. Save it as UTF-8 and retry."
        )
    # highest share of common characters wins; on a tie prefer Big5 (reports are Traditional)
    score, _, name, text = max(candidates, key=lambda c: (c[0], not c[1]))
    if score < 0.2:
        raise IngestError(
            f"{display}: the text decodes as {name} but reads as gibberish; save it as UTF-8 and retry."
        )
    return text, name


def read_docx(path: Path) -> str:
    """The paragraphs of a Word file, tables included, in document order, one per line."""
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a broken package
        raise IngestError(
            f"{path}: not a readable Word (.docx) file ({type(exc).__name__})"
        ) from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for para in block.iter(qn("w:p")):
                lines.append("".join(t.text or "" for t in para.iter(qn("w:t"))))
    return "\n".join(lines).strip("\n") + "\n"


def is_simplified(text: str) -> bool:
    """True when more characters change under Simplified→Traditional than the reverse."""
    import opencc

    to_trad = opencc.OpenCC("s2t").convert(text)
    to_simp = opencc.OpenCC("t2s").convert(text)
    if len(to_trad) != len(text) or len(to_simp) != len(text):
        return to_trad != text and to_simp == text
    simplified = sum(a != b for a, b in zip(text, to_trad, strict=True))
    traditional = sum(a != b for a, b in zip(text, to_simp, strict=True))
    return simplified > max(2, traditional)


def read_report(path: Path) -> ReportText:
    """Read a report (``.txt`` in any supported encoding, or ``.docx``).

    Raises:
        IngestError: missing, empty, undecodable or unsupported file.
    """
    if not path.is_file():
        raise IngestError(f"{path}: report not found")
    notes: list[str] = []
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise IngestError(
            f"{path}: old Word (.doc) files are not supported; save it as .docx or UTF-8 text"
        )
    if suffix == ".docx":
        text, encoding = read_docx(path), "docx"
        notes.append(
            "text extracted from a Word file (paragraphs and table cells, one per line); "
            "Word's automatic list numbering is not part of the text"
        )
    else:
        raw = path.read_bytes()
        if not raw.strip():
            raise IngestError(f"{path}: the report is empty")
        text, encoding = decode(raw, str(path))
        if encoding not in ("utf-8",):
            notes.append(f"converted from {encoding} to UTF-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("line ends normalised to \\n")
    if not text.strip():
        raise IngestError(f"{path}: the report is empty")
    language = detect_language(text)
    if language is None:
        raise IngestError(
            f"{path}: neither Chinese nor English text found; `kg ingest` reads Chinese "
            "(Traditional or Simplified) and English reports"
        )
    report = ReportText(text, encoding, notes, language=language)
    if language == "en":
        if any("\u3400" <= c <= "\u9fff" for c in text):
            notes.append("mixed-language report read as English: its Chinese passages are not read")
        return report
    han, latin = _letters(text)
    if latin >= han * 5:
        notes.append("mixed-language report read as Chinese: its English passages are not read")
    if is_simplified(text):
        import opencc

        report.text = opencc.OpenCC("s2twp").convert(text)
        report.converted_from = "zh-Hans"
        notes.append(
            "converted from Simplified to Traditional Chinese (OpenCC s2twp); quotes are from the converted text"
        )
    return report
