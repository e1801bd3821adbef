"""Hostile records: every malformed or malicious input gets one line naming file and line,
exit code 1, no traceback, and nothing is written under the build folder.

Each case writes a small YAML file into a copy of ``data/`` (the record in
``fixtures/hostile/base.yaml`` with one thing changed, or one reference file changed) and runs
``kg validate`` on it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import RecordError
from kg.records import RECORD_FIELDS, check_fields

ROOT = Path(__file__).resolve().parent.parent

BASE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "base.yaml"
RECORD = "meetings/hostile.yaml"
SEED_SOURCE = "000_c517f4e9d3fbb5d0"


@pytest.fixture
def data(data_copy: Path) -> Path:
    """A copy of ``data/`` whose only meeting record is the hostile base record."""
    for path in (data_copy / "meetings").glob("*.yaml"):
        path.unlink()
    (data_copy / RECORD).write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    return data_copy


def validate(data: Path, *extra: str) -> tuple[int, str]:
    build = data.parent / "build"
    args = ["--data", str(data), "--build-dir", str(build), "--quiet", *extra, "validate"]
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert not build.exists() or not any(build.iterdir()), "something was written"
    return result.exit_code, result.output


def edit(data: Path, rel: str, old: str, new: str) -> str:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer contains {old!r}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def assert_one_line(output: str, rel: str, line: int | None, message: str) -> None:
    where = f"data/{rel}:{line}" if line else f"data/{rel}"
    assert output == f"Error: {where}: {message}\n"


def test_the_base_record_is_valid(data: Path) -> None:
    code, output = validate(data)
    assert code == 0, output


# (case, text in base.yaml, replacement, text on the line the message names, message)
RECORD_CASES = [
    (
        "nan figure",
        "value: 63",
        "value: .nan",
        "value: .nan",
        "value nan must be a finite number",
    ),
    (
        "infinite figure",
        "value: 63",
        "value: -.inf",
        "value: -.inf",
        "value -inf must be a finite number",
    ),
    (
        "month 13",
        'date: "2021-08"',
        "date: 2099-13",
        "date: 2099-13",
        "date '2099-13' is not a real date: write YYYY, YYYY-MM or YYYY-MM-DD (month 01-12, a "
        "day the month has)",
    ),
    (
        "30 February",
        'date: "2021-08"',
        "date: 2021-02-30",
        "date: 2021-02-30",
        "date '2021-02-30' is not a real date: write YYYY, YYYY-MM or YYYY-MM-DD (month 01-12, "
        "a day the month has)",
    ),
    (
        "end before start",
        'date: "2021-08"',
        "start: 2021-08-10\n  end: 2021-08-09",
        "end: 2021-08-09",
        "meeting end 2021-08-09 is before its start 2021-08-10",
    ),
    (
        "list as a key in a statement",
        "    holder: CL\n",
        "    holder: CL\n    ? [a, b]\n    : x\n",
        "? [a, b]",
        "invalid YAML: a key must be a plain name, not a list",
    ),
    (
        "mapping as a key",
        "status: reviewed\n",
        "status: reviewed\n? {a: 1}\n: x\n",
        "? {a: 1}",
        "invalid YAML: a key must be a plain name, not a mapping",
    ),
    (
        "billion laughs in attendees",
        "  attendees: [CL, CN]\n",
        "  attendees: &a [CL, CN]\n  note: x\n"
        + "".join(f"x{n}: &x{n} [*{'a' if n == 0 else f'x{n - 1}'}]\n" for n in range(9)),
        "attendees: &a",
        "YAML anchors and aliases (&name, *name) are not allowed: write the value out where it "
        "is used",
    ),
    (
        "alias in a label",
        "  label: {en: Hostile meeting, zh-Hant: 測試會議}\n",
        "  label: {en: &l Hostile meeting, zh-Hant: *l}\n",
        "label: {en: &l",
        "YAML anchors and aliases (&name, *name) are not allowed: write the value out where it "
        "is used",
    ),
    (
        "source id leaving data/sources",
        f"id: {SEED_SOURCE}",
        "id: ../../outside",
        "id: ../../outside",
        "id '../../outside' must be the name of a file in data/sources/ without .txt "
        "(letters, digits, '.', '_', '-'; no '/', no leading '.')",
    ),
    (
        "absolute source id",
        f"id: {SEED_SOURCE}",
        "id: /etc/passwd",
        "id: /etc/passwd",
        "id '/etc/passwd' must be the name of a file in data/sources/ without .txt "
        "(letters, digits, '.', '_', '-'; no '/', no leading '.')",
    ),
    (
        "statement id not a slug",
        "- id: cl-opposes",
        "- id: cl opposes>",
        "- id: cl opposes>",
        "id 'cl opposes>' must be a lower-case slug (letters, digits, '.', '_', '-')",
    ),
    (
        "meeting id not a slug",
        "id: hostile-2021",
        'id: "evil/../x"',
        'id: "evil/../x"',
        "id 'evil/../x' must be a lower-case slug (letters, digits, '.', '_', '-')",
    ),
    (
        "stnace typo",
        "stance: opposes",
        "stnace: opposes",
        "stnace: opposes",
        "unknown key 'stnace' in a statement. Did you mean 'stance'?",
    ),
    (
        "tagret typo",
        "target: tor-subsidiary-bodies",
        "tagret: tor-subsidiary-bodies",
        "tagret: tor",
        "unknown key 'tagret' in a statement. Did you mean 'target'?",
    ),
    (
        "unknown key in the meeting",
        "  attendees: [CL, CN]",
        "  atendees: [CL, CN]",
        "atendees",
        "unknown key 'atendees' in a meeting. Did you mean 'attendees'?",
    ),
    (
        "unknown key in a figure",
        "value: 63",
        "value: 63\n    value_mx: 70",
        "value_mx",
        "unknown key 'value_mx' in a figure. Did you mean 'value_max'?",
    ),
    (
        "unknown key in a draft's review list",
        "figures:",
        "review:\n  - id: review-1\n    rul: zh.x\n    quote: 智利反對中國之建議\nfigures:",
        "rul: zh.x",
        "unknown key 'rul' in a review item. Did you mean 'rule'?",
    ),
    (
        "unknown top-level key",
        "statements:",
        "statments:",
        "statments:",
        "unknown key 'statments' in a meeting record. Did you mean 'statements'?",
    ),
    (
        "vertical tab in a label",
        "label: {en: Concept notes,",
        'label: {en: "Concept\\vnotes",',
        "Concept\\vnotes",
        "label en holds the control character U+000B (vertical tab) at position 7: only a quote "
        "carries the source's characters verbatim; labels, ids and other fields are plain text",
    ),
    (
        "form feed in a label",
        "label: {en: Concept notes,",
        'label: {en: "Concept\\fnotes",',
        "Concept\\fnotes",
        "label en holds the control character U+000C (form feed) at position 7: only a quote "
        "carries the source's characters verbatim; labels, ids and other fields are plain text",
    ),
    (
        "line separator in a label",
        "zh-Hant: 測試會議}",
        'zh-Hant: "測試\\L會議"}',
        "測試\\L會議",
        "label zh-Hant holds the control character U+2028 (line separator) at position 2: only a "
        "quote carries the source's characters verbatim; labels, ids and other fields are plain "
        "text",
    ),
    (
        "NEL in a rendering",
        "en: Chile opposed China's suggestion.",
        'en: "Chile\\Nopposed"',
        "Chile\\Nopposed",
        "en holds the control character U+0085 (NEL) at position 5: only a quote carries the "
        "source's characters verbatim; labels, ids and other fields are plain text",
    ),
    (
        "NUL in a unit",
        "unit: concept-notes",
        'unit: "concept\\0notes"',
        "concept\\0notes",
        "unit holds the control character U+0000 (NUL) at position 7: only a quote carries the "
        "source's characters verbatim; labels, ids and other fields are plain text",
    ),
    (
        "ESC in a label",
        "label: {en: Concept notes,",
        'label: {en: "\\e]0;owned\\a",',
        "owned",
        "label en holds the control character U+001B (ESC) at position 0: only a quote carries "
        "the source's characters verbatim; labels, ids and other fields are plain text",
    ),
    (
        "DEL in a holder id",
        "holder: CL",
        'holder: "C\\x7fL"',
        "C\\x7fL",
        "holder holds the control character U+007F (DEL) at position 1: only a quote carries the "
        "source's characters verbatim; labels, ids and other fields are plain text",
    ),
    (
        "quote with a control character the source lacks",
        "quote: 智利反對中國之建議",
        'quote: "智利反對\\v中國之建議"',
        "- id: cl-opposes",
        "quote '智利反對\\x0b中國之建議'… is not in 000_c517f4e9d3fbb5d0.txt; copy it verbatim",
    ),
    (
        "NO read as false",
        "holder: CL",
        "holder: NO",
        "holder: NO",
        "holder False is read by YAML as true/false: write it in quotes",
    ),
    (
        "number where a label goes",
        "label: {en: Concept notes, zh-Hant: 概念文件}",
        "label: 63",
        "label: 63",
        "label 63 must be a mapping of languages to text, e.g. {en: ..., zh-Hant: ...}",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [case[1:] for case in RECORD_CASES],
    ids=[case[0] for case in RECORD_CASES],
)
def test_hostile_record(data: Path, old: str, new: str, needle: str, message: str) -> None:
    text = edit(data, RECORD, old, new)
    code, output = validate(data)
    assert code == 1
    assert_one_line(output, RECORD, line_of(text, needle), message)


# (case, reference file, text in it, replacement, text on the line named, message)
REFERENCE_CASES = [
    (
        "organisation id with a space and '>'",
        "organisations.yaml",
        "- id: abac\n",
        "- id: evil org>\n",
        "evil org>",
        "id 'evil org>' must be a lower-case slug (letters, digits, '.', '_', '-')",
    ),
    (
        "economy code not ISO",
        "economies.yaml",
        "code: TW",
        "code: T<W",
        "code: T<W",
        "code 'T<W' must be ISO 3166-1 alpha-2 (two upper-case letters)",
    ),
    (
        "unknown key in an economy",
        "economies.yaml",
        "    aliases_en:",
        "    alias_en:",
        "alias_en:",
        "unknown key 'alias_en' in an economy. Did you mean 'aliases_en'?",
    ),
    (
        "unknown key in an organisation",
        "organisations.yaml",
        "    graph: when-named",
        "    grpah: when-named",
        "grpah",
        "unknown key 'grpah' in an organisation. Did you mean 'graph'?",
    ),
    (
        "unknown key in a forum",
        "fora.yaml",
        "    parent: desg\n",
        "    parnet: desg\n",
        "parnet",
        "unknown key 'parnet' in a forum. Did you mean 'parent'?",
    ),
    (
        "unknown key in an issue",
        "issues.yaml",
        "    forum: desg\n",
        "    froum: desg\n",
        "froum",
        "unknown key 'froum' in an issue. Did you mean 'forum'?",
    ),
    (
        "unknown key in a person",
        "people.yaml",
        "    posts: [",
        "    post: [",
        "    post: [",
        "unknown key 'post' in a person. Did you mean 'posts'?",
    ),
    (
        "unknown key in a key focus area",
        "kfas.yaml",
        "    zh_source:",
        "    zh_sauce:",
        "zh_sauce",
        "unknown key 'zh_sauce' in a key focus area. Did you mean 'zh_source'?",
    ),
    (
        "unknown key in a document",
        "documents.yaml",
        "    kind: ",
        "    knd: ",
        "knd: ",
        "unknown key 'knd' in a document. Did you mean 'kind'?",
    ),
    (
        "unknown top-level key of a reference file",
        "fora.yaml",
        "fora:",
        "forums:",
        "forums:",
        "unknown key 'forums' in fora.yaml. Did you mean 'fora'?",
    ),
    (
        "document year 2099-13",
        "documents.yaml",
        "    kind: ",
        "    year: 2099-13\n    kind: ",
        "year: 2099-13",
        "year '2099-13' is not a real date: write YYYY, YYYY-MM or YYYY-MM-DD (month 01-12, a "
        "day the month has)",
    ),
    (
        "VT in an organisation note",
        "organisations.yaml",
        "- id: abac\n",
        '- id: abac\n    note: "a\\vb"\n',
        'note: "a\\vb"',
        "note holds the control character U+000B (vertical tab) at position 1: only a quote "
        "carries the source's characters verbatim; labels, ids and other fields are plain text",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "needle", "message"),
    [case[1:] for case in REFERENCE_CASES],
    ids=[case[0] for case in REFERENCE_CASES],
)
def test_hostile_reference(
    data: Path, name: str, old: str, new: str, needle: str, message: str
) -> None:
    rel = f"reference/{name}"
    text = edit(data, rel, old, new)
    code, output = validate(data)
    assert code == 1
    assert_one_line(output, rel, line_of(text, needle), message)


def test_source_link_out_of_sources_is_not_followed(data: Path) -> None:
    outside = data.parent / "outside.txt"
    outside.write_text("智利反對中國之建議", encoding="utf-8")
    (data / "sources" / "escape.txt").symlink_to(os.path.relpath(outside, data / "sources"))
    text = edit(data, RECORD, f"id: {SEED_SOURCE}", "id: escape")
    code, output = validate(data)
    assert code == 1
    assert_one_line(
        output,
        RECORD,
        line_of(text, "id: escape"),
        f"source 'escape' is a link to a file outside {data / 'sources'}: sources must be kept "
        "in data/sources/ itself",
    )


def test_raw_control_character_in_yaml_is_one_line(data: Path) -> None:
    text = edit(data, RECORD, "en: Chile opposed", "en: Chile\x1b[2J opposed")
    code, output = validate(data)
    assert code == 1
    assert_one_line(
        output,
        RECORD,
        line_of(text, "\x1b"),
        "invalid YAML: U+001B (ESC) is not allowed in a YAML file",
    )


def test_yaml_syntax_error_is_one_line(data: Path) -> None:
    text = edit(data, RECORD, "    holder: CL\n", "    holder: [CL\n")
    code, output = validate(data)
    assert code == 1
    assert output.count("\n") == 1 and output.startswith(f"Error: data/{RECORD}:")
    assert int(output.split(":")[2]) > line_of(text, "holder: [CL")


def test_file_over_10_mb_is_not_read(data: Path) -> None:
    with (data / RECORD).open("a", encoding="utf-8") as handle:
        handle.write("# " + "x" * (10 * 1024 * 1024) + "\n")
    code, output = validate(data)
    assert code == 1
    assert_one_line(output, RECORD, None, "file larger than 10 MB: not read")


def test_deep_nesting_is_refused(data: Path) -> None:
    text = edit(data, RECORD, "attendees: [CL, CN]", "attendees: " + "[" * 40 + "]" * 40)
    code, output = validate(data)
    assert code == 1
    assert_one_line(
        output,
        RECORD,
        line_of(text, "attendees: [[["),
        "lists and mappings nested more than 32 levels deep",
    )


def test_quote_may_carry_the_sources_own_control_characters(data: Path) -> None:
    (data / "sources" / "vt.txt").write_text(
        "智利反對\v中國之建議。DESG共提出63件概念文件", encoding="utf-8"
    )
    edit(data, RECORD, f"id: {SEED_SOURCE}", "id: vt")
    edit(data, RECORD, "quote: 智利反對中國之建議", 'quote: "智利反對\\v中國之建議"')
    code, output = validate(data)
    assert code == 0, output


def test_empty_data_folder_has_nothing_to_check(tmp_path: Path) -> None:
    empty = tmp_path / "data"
    empty.mkdir()
    code, output = validate(empty)
    assert code == 1
    assert output == (
        f"Error: {empty}: nothing to check: no reference data (documents.yaml, economies.yaml, "
        "fora.yaml, issues.yaml, kfas.yaml, organisations.yaml, people.yaml, states.yaml) in "
        f"{empty / 'reference'}; is --data the right folder?\n"
    )


def test_no_meeting_records_has_nothing_to_check(data: Path) -> None:
    (data / RECORD).unlink()
    code, output = validate(data)
    assert code == 1
    assert output == (
        f"Error: {data}: nothing to check: no meeting records (*.yaml) in {data / 'meetings'}; "
        "is --data the right folder?\n"
    )
    build = data.parent / "build"
    result = CliRunner().invoke(cli, ["--data", str(data), "--build-dir", str(build), "build"])
    assert result.exit_code == 1 and "nothing to check" in result.output
    assert not build.exists() or not any(build.iterdir())


@pytest.mark.parametrize("kind", sorted(RECORD_FIELDS))
def test_every_kind_refuses_unknown_keys(kind: str) -> None:
    fields = RECORD_FIELDS[kind]
    typo = next(iter(fields)) + "x"
    with pytest.raises(RecordError) as err:
        check_fields({typo: None}, kind, "f.yaml")
    assert str(err.value).startswith(f"f.yaml: unknown key {typo!r} in ")
    assert "Did you mean" in str(err.value) and "\n" not in str(err.value)


def test_a_reviewed_record_keeps_no_review_lists(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.ingest import ingest

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "reference", data / "reference")
    (data / "sources").mkdir()
    (data / "meetings").mkdir()
    report = tmp_path / "r.txt"
    report.write_text("北方聯盟表示反對電子簽章。美國表示支持漁業補貼協定。", encoding="utf-8")
    result = ingest(report, "wto-gc-2023-07", data)
    (data / "sources" / f"{result.source_id}.txt").write_text(result.source_text, encoding="utf-8")
    record = data / "meetings" / "wto-gc-2023-07.yaml"
    record.write_text(result.yaml_text, encoding="utf-8")
    ok = runner.invoke(cli, ["--data", str(data), "--build-dir", str(tmp_path / "b"), "validate"])
    assert ok.exit_code == 0, ok.output
    record.write_text(
        result.yaml_text.replace("status: draft", "status: reviewed"), encoding="utf-8"
    )
    bad = runner.invoke(cli, ["--data", str(data), "--build-dir", str(tmp_path / "b"), "validate"])
    assert bad.exit_code == 1
    assert (
        "wto-gc-2023-07.yaml:" in bad.output
        and "a reviewed record keeps no 'new_issues'" in bad.output
    )
