"""Briefs a delegate reads in five minutes (issue 14): the bottom line, each quote once,
qualifications, substantive figures as written, house names, the pack from our side, what
changed between meetings, handling marking and date prepared."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kg import briefing
from kg.cli import cli
from kg.iris import ID_BASE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PREP_TW = ["prep", "--as", "TW", "--next", "DESG 2022-1", "--date", "2022-02"]


def _brief(runner, kg_args, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [*kg_args, "brief", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _summary(text: str, heading: str) -> list[str]:
    """The bottom-line bullets of a Markdown brief."""
    block = text.split(f"## {heading}\n\n", 1)[1].split("\n\n", 1)[0]
    return [line[2:] for line in block.splitlines()]


def _body(text: str) -> str:
    """A Markdown brief before its annexes."""
    return text.split("\n---\n", 1)[0]


# ------------------------------------------------------------------------ bottom line


def test_issue_bottom_line_names_who_was_against_who_conceded_and_the_consensus(
    runner, kg_args
) -> None:  # type: ignore[no-untyped-def]
    en = _summary(
        _brief(runner, kg_args, "issue", "tor-subsidiary-bodies", "--lang", "en"), "Bottom line"
    )
    assert 1 <= len(en) <= 6
    where = next(line for line in en if line.startswith("Where it stands"))
    assert "consensus" in where and "(2021-08)" in where
    assert "「不在ToR「任期與法定人數」中點出DPS或附屬子論壇」" in where
    sides = next(line for line in en if line.startswith("Who stands where"))
    against = sides.split("against (3): ")[1].split(";")[0]
    assert re.findall(r"([A-Z][a-z]+) \[\d+\]", against) == ["China", "Russia", "Chile"]
    assert re.search(r"conceded \(1\): United States \[\d+\]", sides)
    zh = _summary(_brief(runner, kg_args, "issue", "tor-subsidiary-bodies"), "重點摘要")
    assert any("反對（3）：中國" in line and "俄羅斯" in line for line in zh)
    assert any("讓步（1）：美國" in line for line in zh)


@pytest.mark.parametrize(
    ("args", "heading"),
    [
        (["economy", "RU"], "重點摘要"),
        (["meeting", "desg-2021-08", "--lang", "en"], "Bottom line"),
        (["prep", "--forum", "DESG"], "重點摘要"),
        (PREP_TW, "重點摘要"),
    ],
)
def test_every_brief_opens_with_at_most_six_lines(runner, kg_args, args, heading) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, kg_args, *args)
    lines = _summary(text, heading)
    assert 1 <= len(lines) <= 6
    assert text.index(heading) < text.index("\n## ", text.index(heading) + 1)
    assert "\n---\n" in text  # the annexes follow


def test_economy_bottom_line_says_too_little_evidence_for_blocs(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    en = _summary(_brief(runner, kg_args, "economy", "RU", "--lang", "en"), "Bottom line")
    assert (
        "Blocs: too little evidence; Russia shares fewer than 3 targets with any holder "
        "(most: 2, with Korea)." in en
    )


# ------------------------------------------------------------------------ each quote once


@pytest.mark.parametrize(
    "args", [["issue", "tor-subsidiary-bodies"], ["meeting", "desg-2021-08"], PREP_TW]
)
def test_each_quote_appears_once(runner, kg_args, store, args) -> None:  # type: ignore[no-untyped-def]
    from kg.briefing.collect import Facts

    text = _brief(runner, kg_args, *args)
    quotes = {c.quote for c in Facts(store).all_evidence().values()}
    for quote in quotes:
        assert text.count(f"「{quote}」") <= 1, quote


def test_sources_are_short_references(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, kg_args, "issue", "tor-subsidiary-bodies")
    sources = text.split("## 出處\n\n", 1)[1].splitlines()
    assert sources[0] == "1. 報告三(七)。000_c517f4e9d3fbb5d0.txt 字元1911–1937"


# ------------------------------------------------------------------------ nuance and figures


def test_russia_opposes_indicators_while_acknowledging_their_importance(store) -> None:  # type: ignore[no-untyped-def]
    b = briefing.build_economy_brief(store, ID_BASE + "economy/RU")
    opposed = next(p for p in b.positions if p.target.id == "aider-measurable-indicators")
    assert opposed.stance.id == "opposes"
    (q,) = opposed.qualifications
    assert q.kind == "acknowledges" and q.citation.quote == "俄羅斯瞭解數位經濟衡量指標之重要性"
    source = Path(__file__).resolve().parents[1] / "data" / "sources" / "000_c517f4e9d3fbb5d0.txt"
    assert source.read_text(encoding="utf-8")[q.citation.start : q.citation.end] == q.citation.quote
    en = briefing.render(b, "md", "en")
    assert "(while acknowledging: 「俄羅斯瞭解數位經濟衡量指標之重要性」" in en


def test_logistics_figures_stay_out_unless_asked(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    plain = _brief(runner, kg_args, "meeting", "desg-2021-08", "--lang", "en")
    assert "Papua New Guinea was not online" not in plain and "「僅巴紐第一天未上線」" not in plain
    assert "「DESG共提出63件概念文件」" in plain
    full = _brief(runner, kg_args, "meeting", "desg-2021-08", "--lang", "en", "--logistics")
    assert "Day on which Papua New Guinea was not online" in full


def test_figures_keep_ranges_and_units_as_written(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, kg_args, "meeting", "desg-2021-08")
    row = next(line for line in text.splitlines() if "不實際期限" in line)
    assert "「DESG在2至3年內完成」" in row and "3年" not in row.replace("2至3年", "")
    assert "「明年可選定1至2項關鍵領域」" in text


# ------------------------------------------------------------------------ house names


def test_briefs_use_apec_names(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    en = _brief(runner, kg_args, "issue", "tor-subsidiary-bodies", "--lang", "en")
    # names the brief prints (the analyst's English renderings keep their own wording)
    assert "| People's Republic of China |" not in en and "| The United States |" not in en
    assert "| China | opposes |" in en and "| United States | concedes" in en
    zh = _brief(runner, kg_args, *PREP_TW)
    assert "中華臺北" in zh and "中華台北" not in zh


@pytest.mark.parametrize("alias", ["zh", "zh-TW", "ZH-hant"])
def test_lang_aliases_are_traditional_chinese(runner, kg_args, alias) -> None:  # type: ignore[no-untyped-def]
    args = ("issue", "tor-subsidiary-bodies")
    assert _brief(runner, kg_args, *args, "--lang", alias) == _brief(runner, kg_args, *args)


def test_unknown_lang_is_a_usage_error(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        cli, [*kg_args, "brief", "issue", "tor-subsidiary-bodies", "--lang", "fr"]
    )
    assert result.exit_code == 2 and "zh-Hant (also zh, zh-TW) or en" in result.output


# ------------------------------------------------------------------------ from our side


def test_prep_as_tw_lists_its_proposals_with_quotes_and_supporters(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, kg_args, *PREP_TW, "--lang", "en")
    assert text.startswith("# Preparing for DESG 2022-1\n")
    assert "- **Next meeting**: DESG 2022-1 2022-02" in text
    body = _body(text)
    for quote in (
        "「第二，建議明年可選定1至2項關鍵領域，優先發展衡量指標，並且擘劃整體工作時程」",
        "「第一，AIDER涉及議題範圍廣泛，指標設立屬跨論壇性質，可由各相關論壇發展，而非僅由DESG辦理；"
        "DESG雖無法指揮其他論壇，但可向資深官員提出建議，續由DESG與各相關論壇共同努力」",
    ):
        assert quote in body
    assert body.count("Our proposal: ") == 2
    assert "With us (4): Australia (supports)" in body
    assert "Against us (1): Russia (opposes)" in body
    assert "Undecided, worth lobbying (1): Korea (reserves)" in body
    assert "Talking points" in body
    questions = body.split("## Questions to ask the others\n\n", 1)[1].split("\n\n", 1)[0]
    assert "Chinese Taipei" not in questions and "Ask Russia" in questions
    assert "table" not in questions.lower()  # never whether we will support our own proposal


def test_neutral_prep_has_no_slugs_no_reason_lines_and_few_questions(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, kg_args, "prep", "--forum", "DESG", "--since", "2021")
    assert "（aider-measurable-indicators）" not in text and "列入原因" not in text
    assert "審查中（2021" not in text and "尚無定論，待續議" in text
    questions = text.split("## 值得關注的問題\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert 1 <= len(questions) <= 8


# ------------------------------------------------------------------------ what changed


@pytest.fixture
def two_drafts(data_copy: Path, tmp_path: Path) -> list[str]:
    """The seed plus two drafted meetings (tests/fixtures/changes)."""
    for path in (FIXTURES / "changes" / "meetings").glob("*.yaml"):
        shutil.copy(path, data_copy / "meetings" / path.name)
    for path in (FIXTURES / "changes" / "sources").glob("*.txt"):
        shutil.copy(path, data_copy / "sources" / path.name)
    return ["--data", str(data_copy), "--build-dir", str(tmp_path / "build"), "--quiet"]


def test_changes_since_the_seed_over_two_drafted_meetings(runner, two_drafts) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, two_drafts, "changes", "--since", "desg-2021-08", "--lang", "en")
    assert _summary(text, "Bottom line")[0] == (
        "New issues: 1; stances moved: 2; outcomes changed: 2; actions closed: 3, overdue: 1."
    )
    assert "- A workstream on data flows" in text
    assert re.search(
        r"\| Russia \| Measurable indicators .* \| opposes \[\d+\] desg-2021-08 四\(二\)6 \| supports 「Russia supported",
        text,
    )
    assert re.search(
        r"\| Korea \| .* \| reserves .* \| supports 「Korea supported the plan」", text
    )
    assert re.search(
        r"\| Measurable indicators .* \| pending, to be taken up again .* \| consensus 「The meeting agreed",
        text,
    )
    overdue = text.split("## Actions overdue", 1)[1]
    assert "Review the AIDER key focus area 8 wording again next year." in overdue


def test_changes_between_the_two_drafted_meetings(runner, two_drafts) -> None:  # type: ignore[no-untyped-def]
    text = _brief(
        runner,
        two_drafts,
        "changes",
        "--from",
        "desg-2022-02",
        "--to",
        "desg-2023-03",
        "--lang",
        "en",
    )
    assert _summary(text, "Bottom line") == [
        "New issues: 0; stances moved: 1; outcomes changed: 1; actions closed: 0, overdue: 1.",
        "Moved: Chile (opposes→supports).",
    ]
    assert re.search(
        r"\| A workstream on data flows \| — \| adopted 「The workstream on data flows was adopted」",
        text,
    )


def test_changes_on_un_sessions(runner, tmp_path, data_dir) -> None:  # type: ignore[no-untyped-def]
    args = ["--data", str(data_dir), "--build-dir", str(tmp_path / "build"), "--quiet"]
    assert runner.invoke(cli, [*args, "import", "unga", str(FIXTURES / "unga")]).exit_code == 0
    text = _brief(runner, args, "changes", "--since", "unga-60", "--lang", "en")
    assert text.startswith(
        "# What changed after UN General Assembly, 60th session, to UN General Assembly, 71st session\n"
    )
    assert "DESG" not in text  # the forum of the first meeting only
    assert _summary(text, "Bottom line")[0].startswith("New issues: 3; stances moved: 0;")
    assert "- roll call 201: COLONIAL QUESTIONS" in text
    later = _brief(runner, args, "changes", "--from", "unga-70", "--to", "unga-71", "--lang", "en")
    assert "- roll call 201: COLONIAL QUESTIONS" in later and "NUCLEAR TESTS" not in later


def test_changes_needs_a_later_meeting(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [*kg_args, "brief", "changes", "--since", "desg-2021-08"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: No meeting on record after desg-2021-08")


# ------------------------------------------------------------------------ house conventions


def test_marking_and_date_prepared_in_every_format(runner, kg_args, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    args = ["issue", "tor-subsidiary-bodies", "--marking", "RESTRICTED", "--prepared", "2022-01-31"]
    md = _brief(runner, kg_args, *args)
    assert md.startswith("**RESTRICTED**\n") and "- **製作日期**：2022-01-31" in md
    html = _brief(runner, kg_args, *args, "-f", "html", "--lang", "en")
    assert (
        '<p class="marking">RESTRICTED</p>' in html
        and "<dt>Prepared</dt><dd>2022-01-31</dd>" in html
    )
    assert "counter(page)" in html and "@top-center" in html
    out = tmp_path / "b.docx"
    _brief(runner, kg_args, *args, "-f", "docx", "-o", str(out))
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
        names = z.namelist()
        footer = "".join(z.read(n).decode() for n in names if n.startswith("word/footer"))
        header = "".join(z.read(n).decode() for n in names if n.startswith("word/header"))
        core = z.read("docProps/core.xml").decode()
    assert "PAGE" in footer and "RESTRICTED" in header
    assert "2022-01-31T00:00:00Z" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1643587200")  # 2022-01-31T00:00:00Z
    assert "- **製作日期**：2022-01-31" in _brief(runner, kg_args, "issue", "tor-subsidiary-bodies")


def test_without_a_date_the_brief_says_how_far_the_record_runs(
    runner, kg_args, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "- **資料截至**：2021-08" in _brief(runner, kg_args, "issue", "tor-subsidiary-bodies")


def test_pdf_without_libreoffice_is_a_clear_error(runner, kg_args, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere
    result = runner.invoke(
        cli,
        [
            *kg_args,
            "brief",
            "issue",
            "tor-subsidiary-bodies",
            "-f",
            "pdf",
            "-o",
            str(tmp_path / "b.pdf"),
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: PDF output needs LibreOffice (soffice) on PATH")


def test_hostile_marking_is_inert_in_html_and_markdown(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    marking = '"; } body { display: none } </style><script>alert(1)</script>'
    args = ["issue", "tor-subsidiary-bodies", "--marking", marking]
    html = _brief(runner, kg_args, *args, "-f", "html")
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "display: none" not in style and "<script" not in html
    assert "\\000022\\00003b" in style  # the quote and semicolon as CSS escapes
    assert "&lt;/style&gt;&lt;script&gt;" in html  # shown, not run, in the page itself
    md = _brief(runner, kg_args, *args)
    assert "<script>" not in md and "&lt;script&gt;" in md
