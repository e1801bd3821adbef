"""Briefings: the JSON contract of `kg brief issue`, golden Markdown, every kind in every
format and language, inert hostile labels in HTML, deterministic bytes, and the Word file
read back through LibreOffice.

Snapshots live in tests/__snapshots__/; after a deliberate change to the data or the layout,
refresh them with ``UPDATE_SNAPSHOTS=1 pytest tests/test_briefing.py`` and review the diff.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from kg import briefing
from kg.cli import cli
from kg.iris import ID_BASE, short_id

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "__snapshots__"
SOURCE = (ROOT / "data" / "sources" / "000_c517f4e9d3fbb5d0.txt").read_text(encoding="utf-8")
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"

CASES = {
    "issue": ["issue", "tor-subsidiary-bodies"],
    "economy": ["economy", "RU"],
    "meeting": ["meeting", "desg-2021-08"],
    "prep": ["prep", "--forum", "DESG", "--since", "2021"],
    "prep-tw": ["prep", "--as", "TW", "--next", "DESG 2022-1", "--date", "2022-02"],
}


def _brief(runner, kg_args, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [*kg_args, "brief", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def issue_json(tmp_path_factory) -> dict:  # type: ignore[no-untyped-def,type-arg]
    from click.testing import CliRunner

    build = tmp_path_factory.mktemp("build")
    args = ["--data", str(ROOT / "data"), "--build-dir", str(build), "--quiet"]
    result = CliRunner().invoke(
        cli,
        [*args, "brief", "issue", "tor-subsidiary-bodies", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------------------ the JSON contract


def test_issue_json_keeps_the_contract_keys(issue_json) -> None:  # type: ignore[no-untyped-def]
    assert {"issue", "positions", "outcomes"} <= set(issue_json)
    assert issue_json["issue"]["id"] == "tor-subsidiary-bodies"
    assert set(issue_json["issue"]["label"]) == {"en", "zh-Hant"}
    contract = {
        "holder",
        "holder_label",
        "stance",
        "target",
        "speaker",
        "meeting",
        "quote",
        "source",
    }
    for p in issue_json["positions"]:
        assert contract <= set(p)
        assert set(p["holder_label"]) == {"en", "zh-Hant"}
        assert set(p["source"]) == {"document", "start", "end"}
        assert p["speaker"] is None or isinstance(p["speaker"], str)
    for o in issue_json["outcomes"]:
        assert {"meeting", "status", "text"} <= set(o)


def test_issue_json_positions_on_subsidiary_bodies(issue_json) -> None:  # type: ignore[no-untyped-def]
    stances = {(p["holder"], p["stance"]) for p in issue_json["positions"]}
    assert ("RU", "opposes") in stances
    assert ("US", "proposes") in stances and ("US", "concedes") in stances
    assert ("NZ", "no-position") in stances and ("PH", "no-position") in stances
    us = [p["stance"] for p in issue_json["positions"] if p["holder"] == "US"]
    assert us.index("proposes") < us.index("concedes")  # proposed, then conceded
    chile = [p for p in issue_json["positions"] if p["holder"] == "CL" and p["stance"] == "opposes"]
    assert chile, "Chile opposed China's suggestion"
    proposals = {p["proposal"]["id"]: p for p in issue_json["proposals"]}
    assert proposals[chile[0]["target"]]["by"]["id"] == "CN"
    assert chile[0]["responds_to"] and chile[0]["responds_to_holders"] == ["CN"]
    assert all(p["meeting"] == "desg-2021-08" for p in issue_json["positions"])


def test_issue_json_every_quote_is_the_source_at_its_offsets(issue_json) -> None:  # type: ignore[no-untyped-def]
    cited = issue_json["positions"] + issue_json["outcomes"]
    assert cited
    for item in cited:
        src = item["source"]
        text = (ROOT / "data" / "sources" / f"{src['document']}.txt").read_text(encoding="utf-8")
        quote = item.get("quote", item.get("text"))
        assert text[src["start"] : src["end"]] == quote


def test_issue_json_outcome_is_consensus(issue_json) -> None:  # type: ignore[no-untyped-def]
    statuses = {(o["target"], o["status"]) for o in issue_json["outcomes"]}
    assert ("tor-subsidiary-bodies", "consensus") in statuses


# ------------------------------------------------------------------------ golden Markdown


@pytest.mark.parametrize("kind", list(CASES))
def test_markdown_snapshot(runner, kg_args, kind: str) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, kg_args, *CASES[kind])
    path = SNAPSHOTS / f"brief-{kind}.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if os.environ.get("UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it")
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_markdown_snapshot_of_the_english_issue_brief(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    """The English layout (same data, other words and punctuation) is pinned too."""
    text = _brief(runner, kg_args, *CASES["issue"], "--lang", "en")
    path = SNAPSHOTS / "brief-issue-en.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------ every kind, format, language


@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "json", "docx"])
@pytest.mark.parametrize("kind", list(CASES))
def test_each_kind_renders(runner, kg_args, tmp_path: Path, kind: str, fmt: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"brief.{fmt}"
    result = runner.invoke(
        cli,
        [*kg_args, "brief", *CASES[kind], "-f", fmt, "--lang", lang, "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    heading = {
        "zh-Hant": {
            "issue": "立場",
            "economy": "各議題立場",
            "meeting": "各議程結論",
            "prep": "值得關注的問題",
            "prep-tw": "可詢問他方之問題",
        },
        "en": {
            "issue": "Positions",
            "economy": "Positions by issue",
            "meeting": "Outcomes by agenda item",
            "prep": "Questions to watch",
            "prep-tw": "Questions to ask the others",
        },
    }[lang][kind]
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert heading in xml and 'w:eastAsia="Noto Sans CJK TC"' in z_styles(data)
    elif fmt == "json":
        json.loads(data)
    else:
        text = data.decode("utf-8")
        assert heading in text
        assert ("「" in text) or kind == "economy"  # verbatim quotes in corner brackets


def z_styles(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/styles.xml").decode("utf-8")


def test_issue_markdown_cites_section_and_quote(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    text = _brief(runner, kg_args, "issue", "tor-subsidiary-bodies", "--lang", "en")
    assert "Russia" in text and "三(三)" in text
    assert "「智利反對中國之建議」" in text
    assert "not a forecast" in text  # the likely-supporters table says it is an inference


@pytest.mark.parametrize("fmt", ["md", "html", "json", "docx"])
def test_output_is_deterministic(runner, kg_args, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    outs = []
    for n in range(2):
        out = tmp_path / f"{n}.{fmt}"
        runner.invoke(
            cli,
            [*kg_args, "brief", "meeting", "desg-2021-08", "-f", fmt, "-o", str(out)],
            catch_exceptions=False,
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# ------------------------------------------------------------------------ bad input


def test_unknown_issue_suggests_ids(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [*kg_args, "brief", "issue", "tor-subsidary-bodies"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: Unknown issue 'tor-subsidary-bodies'. Did you mean 'tor-subsidiary-bodies'"
    )


def test_unknown_economy_is_named_as_economy(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [*kg_args, "brief", "economy", "XX"])
    assert result.exit_code == 1 and result.output.startswith("Error: Unknown economy 'XX'.")


def test_missing_id_is_a_usage_error(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [*kg_args, "brief", "meeting"])
    assert result.exit_code == 2 and "needs an ID" in result.output


def test_economy_by_name_in_chinese(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    assert _brief(runner, kg_args, "economy", "俄羅斯") == _brief(runner, kg_args, "economy", "RU")


# ------------------------------------------------------------------------ hostile data


def test_hostile_label_renders_inert_in_html(runner, data_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = data_copy / "reference" / "issues.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for issue in doc["issues"]:
        if issue["id"] == "tor-subsidiary-bodies":
            issue["label"] = {"en": HOSTILE, "zh-Hant": HOSTILE}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    args = ["--data", str(data_copy), "--build-dir", str(tmp_path / "build"), "--quiet"]
    for lang in ("en", "zh-Hant"):
        page = _brief(runner, args, "issue", "tor-subsidiary-bodies", "-f", "html", "--lang", lang)
        assert "<img" not in page and "<script" not in page and "</script>" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;" in page
        assert "https://" not in page and "http://" not in page.replace("http-equiv", "")


def test_html_is_self_contained_and_prints_on_a4(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    page = _brief(runner, kg_args, "meeting", "desg-2021-08", "-f", "html")
    assert "@page { size: A4" in page and "<link" not in page and "<script" not in page
    assert "default-src 'none'" in page.replace("&#x27;", "'")


# ------------------------------------------------------------------------ library


def test_library_builds_without_the_cli(store) -> None:  # type: ignore[no-untyped-def]
    b = briefing.build_issue_brief(store, ID_BASE + "issue/tor-subsidiary-bodies")
    for p in b.positions:
        assert SOURCE[p.citation.start : p.citation.end] == p.citation.quote
        assert p.citation.section  # every position sits in a numbered section of the report
    unnamed = [
        p
        for p in briefing.build_issue_brief(
            store, ID_BASE + "issue/cbpr-expansion-statement"
        ).positions
        if p.holder.is_unnamed
    ]
    assert unnamed and all(
        "未具名" in p.holder.label.zh and "unnamed" in p.holder.label.en for p in unnamed
    )


@pytest.mark.parametrize("holder", ["US", "CN", "RU", "TW", "NZ", "apec-secretariat", "desg-chair"])
def test_holder_record_equals_the_meeting_record_filtered(store, holder: str) -> None:  # type: ignore[no-untyped-def]
    """What the economy brief reads from the holder (one query) is what the meeting briefs
    read meeting by meeting, kept to that holder: same positions, statements, replies."""
    from kg.briefing.collect import Facts, as_iri
    from kg.queries import resolve_id

    iri = resolve_id(store, "holder", holder).value
    facts = Facts(store)
    meetings = [m["meeting"] for m in facts.meetings()]
    positions, statements = facts.holder_record(as_iri(iri), meetings)
    everyone = facts.all_positions()
    assert positions == [p for p in everyone if p.holder.id == short_id(iri)]
    said = [s for m in meetings for s in facts.statements(m) if s.holder.id == short_id(iri)]
    assert statements == said
    assert positions or statements


def test_economy_counterparts_are_the_alignment_row(store) -> None:  # type: ignore[no-untyped-def]
    """The brief's table of counterparts holds the pairs ``kg network alignment`` gives."""
    from kg import network

    b = briefing.build_economy_brief(store, ID_BASE + "economy/RU")
    pairs = {
        (r["a"], r["b"]): (r["both"], r["agree"], r["disagree"], r["score"])
        for r in network.alignment(network.extract_positions(store))
    }
    got = {
        tuple(sorted(("RU", c.other.id))): (c.both, c.agree, c.disagree, c.score)
        for c in b.counterparts
    }
    assert got == {k: v for k, v in pairs.items() if "RU" in k}
    assert got[("KR", "RU")] == (2, 1, 0, 0.75)  # both back existing indicators; one half
    assert [c.score for c in b.counterparts] == sorted(
        (c.score for c in b.counterparts), reverse=True
    )
    assert b.tallied == ()


def test_economy_alignment_table_notes_thin_evidence(store) -> None:  # type: ignore[no-untyped-def]
    """Every row of Russia's table rests on fewer than 3 shared targets: the note says so."""
    b = briefing.build_economy_brief(store, ID_BASE + "economy/RU")
    assert all(c.both < 3 for c in b.counterparts) and len(b.counterparts) == 8
    en = briefing.render(b, "md", "en")
    assert (
        "(n &lt; 3: too little evidence) 8 of 8 rows rest on fewer than 3 shared targets: "
        "not enough to show a bloc." in en
    )
    zh = briefing.render(b, "md", "zh-Hant")
    assert "（n &lt; 3：證據不足）8列中有8列之共同對象少於3項，不足以顯示陣營。" in zh
    # the numbers stay, with the shared targets named
    assert "| 韓國 | 2 | 1 | 0 | 0.75 | AIDER可衡量指標、使用既有的衡量指標而非重新設立 |" in zh


# ------------------------------------------------------------------------ Word through LibreOffice


@pytest.mark.office
def test_word_brief_converts_with_libreoffice(runner, kg_args, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (scripts/system-deps.sh installs it)"
    docx = tmp_path / "issue.docx"
    result = runner.invoke(
        cli,
        [
            *kg_args,
            "brief",
            "issue",
            "tor-subsidiary-bodies",
            "-f",
            "docx",
            "--lang",
            "en",
            "-o",
            str(docx),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    env = {**os.environ, "HOME": str(tmp_path)}  # a private LibreOffice profile
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = tmp_path / "issue.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext"):
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), str(tmp_path / "issue.txt")], check=True, timeout=60
        )
    else:
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "txt:Text",
                "--outdir",
                str(tmp_path),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env=env,
        )
    text = (tmp_path / "issue.txt").read_text(encoding="utf-8")
    for heading in ("Issue brief", "Positions", "Proposals", "Outcome", "Sources"):
        assert heading in text, heading
    for cell in ("Holder", "Stance", "Russia", "opposes", "Chile", "concedes", "三(三)"):
        assert cell in text, cell
