"""`kg ingest`: reports in several shapes and encodings → draft records that load and validate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kg.cli import cli
from kg.ingest import IngestError, ingest, read_report, segment, source_id_for
from kg.ingest.evaluate import evaluate
from kg.ingest.rules import load_rules
from kg.records import Corpus, load_reference

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
SEED = DATA / "sources" / "000_c517f4e9d3fbb5d0.txt"
GOLD = DATA / "meetings" / "desg-2021-08.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Reference data and rules, no meetings, only the seed source."""
    target = tmp_path / "data"
    shutil.copytree(DATA / "reference", target / "reference")
    (target / "sources").mkdir()
    (target / "meetings").mkdir()
    shutil.copy(SEED, target / "sources" / SEED.name)
    return target


def positions(record: dict) -> set[tuple[str, str, str]]:
    """(holder, stance, target) with proposals shown as proposal:<issue>:<proposer>."""
    props = {p["id"]: f"proposal:{p['issue']}:{p['by']}" for p in record.get("proposals") or []}
    return {
        (s["holder"], s["stance"], props.get(s["target"], s["target"]))
        for s in record.get("statements") or []
        if s.get("stance")
    }


def outcomes(record: dict) -> set[tuple[str, str]]:
    props = {p["id"]: f"proposal:{p['issue']}:{p['by']}" for p in record.get("proposals") or []}
    return {
        (props.get(o["target"], o["target"]), o["status"]) for o in record.get("outcomes") or []
    }


def draft(data: Path, report: Path, meeting: str = "desg-2022-02") -> dict:
    return ingest(report, meeting, data).record


def yaml_header(data: Path, report: Path, meeting: str = "desg-2022-02") -> str:
    """The comment lines that open the draft's YAML."""
    text = ingest(report, meeting, data).yaml_text
    return "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))


def test_every_quote_is_the_source_at_start(data: Path) -> None:
    result = ingest(SEED, "desg-2021-08", data)
    text = result.source_text
    assert result.record["status"] == "draft"
    for key in ("proposals", "statements", "outcomes", "actions", "projects", "figures"):
        for item in result.record[key]:
            assert text[item["start"] : item["start"] + len(item["quote"])] == item["quote"], item[
                "id"
            ]


def test_seed_draft_meets_the_targets(data: Path, tmp_path: Path) -> None:
    """The issue's targets: F1 ≥ 0.9 for positions, ≥ 0.95 for holders, every fact in the right sentence."""
    out = tmp_path / "draft.yaml"
    out.write_text(ingest(SEED, "desg-2021-08", data).yaml_text, encoding="utf-8")
    scores = evaluate(GOLD, out, DATA)
    assert scores.score("positions").f1 >= 0.9
    assert scores.score("holders").f1 >= 0.95
    assert scores.score("outcomes").f1 >= 0.9
    assert scores.span_overlap == 1.0


def test_seed_meeting_chair_attendance_and_key_positions(data: Path) -> None:
    record = draft(data, SEED, "desg-2021-08")
    meeting = record["meeting"]
    assert meeting["chair"] == "vunnaporn-devahastin"
    assert meeting["mode"] == "virtual" and meeting["date"] == "2021-08"
    assert {"abac", "pecc", "wef", "US", "TW", "PG"} <= set(meeting["attendees"])
    assert "onde-th" not in meeting["attendees"]
    found = positions(record)
    assert ("CL", "opposes", "proposal:tor-subsidiary-bodies:CN") in found
    assert ("RU", "opposes", "proposal:tor-subsidiary-bodies:US") in found
    assert ("US", "concedes", "proposal:tor-subsidiary-bodies:US") in found
    assert ("PH", "supports", "proposal:tor-sunset-clause:NZ") in found
    assert ("NZ", "no-position", "tor-subsidiary-bodies") in found
    assert ("unnamed", "opposes", "cbpr-expansion-statement") in found
    assert {
        h
        for h in ("AU", "NZ", "TH", "ID")
        if (h, "supports", "aider-measurable-indicators") in found
    } == {"AU", "NZ", "TH", "ID"}
    chile = next(
        s for s in record["statements"] if s["holder"] == "CL" and s.get("stance") == "opposes"
    )
    cn_statement = next(s for s in record["statements"] if s["id"] in chile["responds_to"])
    assert cn_statement["holder"] == "CN" and cn_statement["stance"] == "proposes"
    tw = next(
        s for s in record["statements"] if s["holder"] == "TW" and s.get("stance") == "supports"
    )
    assert tw["speaker"] == "director-chang-ndc" and tw["target"].endswith(
        "-nz-aider-measurable-indicators"
    )
    unnamed = [s for s in record["statements"] if s["holder"] == "unnamed"]
    assert {s["plurality"] for s in unnamed} == {"some", "one-or-more"}


def test_seed_agenda_ids_follow_the_report_numbering(data: Path) -> None:
    agenda = {a["id"]: a for a in draft(data, SEED, "desg-2021-08")["agenda"]}
    assert agenda["3.4"]["section"] == "三(四)" and agenda["3.4"]["parent"] == "3"
    assert agenda["4.2.3"]["section"] == "四(二)3" and agenda["4.2.3"]["parent"] == "4.2"
    assert agenda["3.1"]["issues"] == [] if "issues" in agenda["3.1"] else True
    assert agenda["3.3"]["issues"] == ["tor-subsidiary-bodies"]
    assert len([a for a in agenda if a.count(".") == 0]) == 6


def test_seed_outcomes_projects_actions_figures(data: Path) -> None:
    record = draft(data, SEED, "desg-2021-08")
    found = outcomes(record)
    assert ("tor-sunset-clause", "consensus") in found
    assert ("tor-subsidiary-bodies", "consensus") in found
    assert ("cbpr-expansion-statement", "no-consensus") in found
    assert ("proposal:aider-kfa8-revision:US", "no-consensus") in found
    assert ("aider-kfa8-revision", "deferred") in found
    assert ("desg-report-to-som-aider-2021", "adopted") in found
    projects = {p["item"]: p for p in record["projects"]}
    assert projects["5.1.1"]["status"] == "completed" and projects["5.1.1"]["dates"] == [
        "2021-06-17",
        "2021-06-18",
    ]
    assert projects["5.2.4"]["forum"] == "cti" and projects["5.2.4"]["proponents"] == ["KR"]
    assert projects["5.2.7"]["proponents"] == ["TH", "abac"] and set(
        projects["5.2.7"]["cosponsors"]
    ) == {"TH", "TW", "abac"}
    assert projects["5.2.6"]["dates"] == ["2021-09-08"]
    us_review = next(a for a in record["actions"] if a["quote"] == "美國也同意於明年再行檢討")
    assert us_review["due"] == "2022" and us_review["actor"] == ["US"]
    figures = {(f["value"], f["unit"]) for f in record["figures"]}
    assert {
        (63, "items"),
        (48, "items"),
        (76, "percent"),
        (21, "economies"),
        (3, "days"),
    } <= figures


def test_variant_report_other_aliases_and_wording(data: Path) -> None:
    """Sections in another order, 陸方/美方/星國/紐方/澳方, other economies and phrasing."""
    record = draft(data, REPORTS / "desg-variant.txt")
    found = positions(record)
    assert ("AU", "supports", "aider-measurable-indicators") in found
    assert ("AU", "proposes", "proposal:aider-measurable-indicators:AU") in found
    assert ("SG", "reserves", "aider-measurable-indicators") in found
    assert ("JP", "no-position", "aider-measurable-indicators") in found
    assert any(h == "CN" and st == "opposes" for h, st, _ in found)  # 陸方不支持: a negated cue
    assert ("US", "proposes", "proposal:tor-sunset-clause:US") in found
    assert ("CA", "supports", "proposal:tor-sunset-clause:US") in found
    assert ("MX", "opposes", "proposal:tor-sunset-clause:US") in found
    assert ("US", "concedes", "proposal:tor-sunset-clause:US") in found
    assert ("unnamed", "opposes", "cbpr-expansion-statement") in found
    assert not any(h == "desg-chair" for h, _, _ in found)  # the chair's summary is no stance
    assert outcomes(record) >= {
        ("tor-sunset-clause", "consensus"),
        ("cbpr-expansion-statement", "no-consensus"),
        ("aider-measurable-indicators", "noted"),
    }
    thanks = next(s for s in record["statements"] if s["quote"] == "加拿大感謝美方的說明")
    assert thanks["holder"] == "CA" and not thanks.get("stance") and thanks["responds_to"]
    assert (
        record["meeting"]["mode"] == "virtual"
        and record["meeting"]["chair"] == "vunnaporn-devahastin"
    )
    assert record["meeting"]["attendees"][:4] == ["abac", "apec-secretariat", "AU", "SG"]


def test_variant_unknown_issue_is_flagged_not_guessed(data: Path) -> None:
    record = draft(data, REPORTS / "desg-variant.txt")
    new = {n["id"]: n for n in record["new_issues"]}
    section = new["new-desg-2022-02-4"]
    assert section["label"]["zh-Hant"] == "數位身分互通試行架構" and "review" in section
    # the stances there are on what the clause names, a proposed new issue under the section's
    vn = next(s for s in record["statements"] if s["holder"] == "VN")
    nz = next(s for s in record["statements"] if s["holder"] == "NZ" and s["item"] == "4.1")
    assert (vn["stance"], nz["stance"]) == ("proposes", "supports")
    topic = new[vn["target"]]
    assert nz["target"] == vn["target"] and topic["label"]["zh-Hant"] == "建立數位身分互通試行架構"
    assert topic["parent"] == "new-desg-2022-02-4.1" and topic["parent"] in new
    assert topic["quote"] == topic["label"]["zh-Hant"] and "review" in topic
    assert "proposed new issue" in yaml_header(data, REPORTS / "desg-variant.txt")


def test_variant_projects(data: Path) -> None:
    projects = {p["item"]: p for p in draft(data, REPORTS / "desg-variant.txt")["projects"]}
    assert projects["5.1.1"] | {} == projects["5.1.1"]
    assert projects["5.1.1"]["proponents"] == ["PE"] and projects["5.1.1"]["dates"] == [
        "2022-01-20"
    ]
    assert projects["5.2.1"]["proponents"] == ["US", "JP"] and projects["5.2.1"]["forum"] == "cti"
    assert projects["5.2.1"]["cosponsors"] == ["US", "JP", "CA"] and projects["5.2.1"]["dates"] == [
        "2022-05-10"
    ]
    assert projects["5.2.1"]["status"] == "ongoing"


@pytest.mark.parametrize(
    "name, encoding", [("small.big5.txt", "big5"), ("small.utf16.txt", "utf-16")]
)
def test_other_encodings_are_converted_and_said(data: Path, name: str, encoding: str) -> None:
    report = read_report(REPORTS / name)
    assert report.encoding == encoding and report.text.startswith("會議討論要點及重要結論\n一、")
    record = draft(data, REPORTS / name, "desg-2022-03")
    assert f"converted from {encoding} to UTF-8" in record["source"]["conversion"]
    found = positions(record)
    assert ("RU", "opposes", "proposal:tor-sunset-clause:NZ") in found
    assert ("CL", "supports", "proposal:tor-sunset-clause:NZ") in found


def test_simplified_chinese_is_converted(data: Path) -> None:
    result = ingest(REPORTS / "simplified.txt", "desg-2022-04", data)
    assert result.record["source"]["converted_from"] == "zh-Hans"
    assert "紐西蘭建議日落條款" in result.source_text
    assert ("RU", "opposes", "proposal:tor-sunset-clause:NZ") in positions(result.record)


def test_docx_report(data: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in (REPORTS / "desg-variant.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(str(path))
    from_docx = draft(data, path)
    from_txt = draft(data, REPORTS / "desg-variant.txt")
    assert positions(from_docx) == positions(from_txt) and len(positions(from_docx)) >= 10
    assert from_docx["source"]["received_as"] == "report.docx (docx)"


def test_report_without_structure_gives_what_it_found(data: Path) -> None:
    result = ingest(REPORTS / "no-structure.txt", "desg-2022-05", data)
    assert any("no numbered sections" in w for w in result.warnings)
    assert "agenda" not in result.record
    assert ("AU", "supports", "electronic-signatures") in positions(result.record)
    assert ("MX", "no-position", "electronic-signatures") in positions(result.record)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the report is empty"),
        (b"  \n\n ", "the report is empty"),
        (
            "Compte rendu de la réunion: la Chine a proposé un texte.".encode(),
            "neither Chinese nor English",
        ),
        (b"12 345 67 -- 89", "neither Chinese nor English"),
        (b"\xff\xfe\x00\xd8", "not valid utf-16"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        read_report(path)


def test_source_ids_reuse_stored_text_and_number_new_ones(data: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    assert source_id_for(seed, data / "sources") == ("000_c517f4e9d3fbb5d0", False)
    new_id, is_new = source_id_for("新的報告", data / "sources")
    assert is_new and new_id.startswith("001_") and len(new_id) == 20


def test_rules_are_data_an_analyst_extends(data: Path) -> None:
    report = data.parent / "r.txt"
    report.write_text("一、CBPR體系擴大之公開聲明\n(一)澳洲力挺發布聲明。\n", encoding="utf-8")
    assert not positions(draft(data, report))
    rules = data / "reference" / "ingest-rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("cues: [強烈支持,", "cues: [力挺, 強烈支持,"),
        encoding="utf-8",
    )
    assert positions(draft(data, report)) == {("AU", "supports", "cbpr-expansion-statement")}


def test_negations_flip_the_stance(data: Path) -> None:
    report = data.parent / "r.txt"
    report.write_text(
        "一、CBPR體系擴大之公開聲明\n(一)澳洲不支持發布聲明。\n(二)日本不反對發布聲明。\n(三)韓國不贊成發布聲明。\n",
        encoding="utf-8",
    )
    assert positions(draft(data, report)) == {
        ("AU", "opposes", "cbpr-expansion-statement"),
        ("JP", "concedes", "cbpr-expansion-statement"),
        ("KR", "opposes", "cbpr-expansion-statement"),
    }


def test_longest_alias_wins(data: Path) -> None:
    reference, files = load_reference(data)
    rules = load_rules(data, Corpus(reference, files, []), "desg")
    hits = [(e.kind, e.id) for _, _, e in rules.holders.find("中國香港與中國、DPS主席及部分會員")]
    assert hits == [
        ("economy", "HK"),
        ("economy", "CN"),
        ("post", "dps-chair"),
        ("unnamed", "unnamed"),
    ]


def test_sections_nest_by_marker() -> None:
    text = "前言\n一、甲\n(一)乙\n1. 丙\n2. 丁\n(二)戊\n二、己\n1. 庚\n"
    patterns = load_rules_patterns()
    found = segment.sections(text, patterns)
    assert [(s.id, s.label) for s in found] == [
        ("1", "一"),
        ("1.1", "一(一)"),
        ("1.1.1", "一(一)1"),
        ("1.1.2", "一(一)2"),
        ("1.2", "一(二)"),
        ("2", "二"),
        ("2.1", "二1"),
    ]


def load_rules_patterns():  # type: ignore[no-untyped-def]
    raw = yaml.safe_load((DATA / "reference" / "ingest-rules.yaml").read_text(encoding="utf-8"))
    return segment.compile_patterns(raw["sections"])


def test_cli_ingest_writes_source_and_draft_that_validates(
    data: Path, tmp_path: Path, runner
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "draft.yaml"
    args = ["--data", str(data), "--build-dir", str(tmp_path / "build"), "--quiet"]
    result = runner.invoke(
        cli,
        [
            *args,
            "ingest",
            str(REPORTS / "desg-variant.txt"),
            "--meeting",
            "desg-2022-02",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    stored = list((data / "sources").glob("001_*.txt"))
    assert len(stored) == 1 and stored[0].read_text(encoding="utf-8") == (
        REPORTS / "desg-variant.txt"
    ).read_text(encoding="utf-8")
    result = runner.invoke(cli, [*args, "--only", str(out), "validate"])
    assert result.exit_code == 0, result.output
    assert (
        "conforms: 0 violation(s)" in result.output
        and "Draft (not yet reviewed): " in result.output
    )
    result = runner.invoke(
        cli, [*args, "--only", str(out), "brief", "issue", "tor-sunset-clause", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "美方提議日落條款" in result.output


def test_cli_bad_input_writes_nothing(data: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "draft.yaml"
    args = ["--data", str(data), "--quiet", "ingest"]
    result = runner.invoke(
        cli, [*args, str(REPORTS / "empty.txt"), "--meeting", "desg-2022-02", "-o", str(out)]
    )
    assert (
        result.exit_code == 1
        and "Error: " in result.output
        and "the report is empty" in result.output
    )
    result = runner.invoke(
        cli, [*args, str(REPORTS / "desg-variant.txt"), "--meeting", "xyz-2022", "-o", str(out)]
    )
    assert result.exit_code == 1 and "cannot tell the forum of 'xyz-2022'" in result.output
    result = runner.invoke(cli, [*args, str(REPORTS / "desg-variant.txt"), "-o", str(out)])
    assert result.exit_code == 2 and "--meeting is required" in result.output
    assert not out.exists() and sorted(p.name for p in (data / "sources").iterdir()) == [SEED.name]


def test_cli_evaluate(data: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "draft.yaml"
    out.write_text(ingest(SEED, "desg-2021-08", data).yaml_text, encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(DATA), "ingest", "--evaluate", str(GOLD), str(out)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert {"holders", "positions", "outcomes", "span"} <= set(lines)
    assert float(lines["positions"].split()[-1]) >= 0.9
