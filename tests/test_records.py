"""Reading records: every kind of bad input gets one clear message naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import RecordError, UnknownEntity
from kg.records import find_quote, load_corpus


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def meeting(data: Path) -> Path:
    return data / "meetings" / "mini-2021.yaml"


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_mini_fixture_loads_with_resolved_offsets(mini_data: Path) -> None:
    corpus = load_corpus(mini_data)
    (record,) = corpus.meetings
    span = record.spans[("statements", "cl-opposes")]
    assert record.source.text[span.start : span.end] == "智利反對中國之建議"
    assert (span.start, span.end) == (1763, 1772)
    assert record.spans[("outcomes", "no-dps")].start == 1903


def test_malformed_yaml_names_file_and_line(mini_data: Path) -> None:
    edit(meeting(mini_data), "    holder: CL\n", "    holder: [CL\n")
    with pytest.raises(RecordError) as err:
        load_corpus(mini_data)
    assert err.value.path.endswith("meetings/mini-2021.yaml")
    assert err.value.line is not None and err.value.line > 30
    assert "invalid YAML" in str(err.value)


def test_unknown_economy_suggests_the_code(mini_data: Path) -> None:
    edit(meeting(mini_data), "    holder: CL\n", "    holder: CX\n")
    with pytest.raises(UnknownEntity) as err:
        load_corpus(mini_data)
    line = line_of(meeting(mini_data), "- id: cl-opposes")
    assert f"mini-2021.yaml:{line}" in str(err.value)
    assert "Unknown holder 'CX'" in str(err.value)


def test_unknown_issue_is_reported_with_suggestion(mini_data: Path) -> None:
    edit(meeting(mini_data), "target: cbpr-expansion-statement", "target: cbpr-expansion-statment")
    with pytest.raises(UnknownEntity) as err:
        load_corpus(mini_data)
    assert "'cbpr-expansion-statement'" in str(err.value)


def test_quote_not_at_its_offset(mini_data: Path) -> None:
    edit(meeting(mini_data), "    start: 1903\n", "    start: 1904\n")
    with pytest.raises(RecordError) as err:
        load_corpus(mini_data)
    assert "not at offset 1904" in str(err.value)
    assert "[1594, 1903]" in str(err.value)
    assert err.value.line == line_of(meeting(mini_data), "- id: no-dps")


def test_offsets_out_of_range(mini_data: Path) -> None:
    edit(meeting(mini_data), "    start: 1903\n", "    start: 99999\n")
    with pytest.raises(RecordError, match="out of range: the source has 6847 characters"):
        load_corpus(mini_data)


def test_quote_not_in_source(mini_data: Path) -> None:
    edit(meeting(mini_data), "quote: 智利反對中國之建議", "quote: 智利支持中國之建議")
    with pytest.raises(RecordError, match="is not in 000_c517f4e9d3fbb5d0.txt"):
        load_corpus(mini_data)


def test_ambiguous_quote_needs_start(mini_data: Path) -> None:
    edit(meeting(mini_data), "    start: 1903\n", "")
    with pytest.raises(RecordError, match=r"occurs 2 times .*\[1594, 1903\].*add 'start:'"):
        load_corpus(mini_data)


def test_duplicate_ids(mini_data: Path) -> None:
    edit(meeting(mini_data), "- id: cl-opposes", "- id: cn-proposes")
    with pytest.raises(RecordError, match="duplicate statement id 'cn-proposes' \\(first at line"):
        load_corpus(mini_data)


def test_duplicate_yaml_key(mini_data: Path) -> None:
    edit(meeting(mini_data), "    holder: CL\n", "    holder: CL\n    holder: CN\n")
    with pytest.raises(RecordError, match="duplicate key 'holder'"):
        load_corpus(mini_data)


def test_unknown_stance(mini_data: Path) -> None:
    edit(
        meeting(mini_data), "stance: opposes\n    target: mini", "stance: opposed\n    target: mini"
    )
    with pytest.raises(UnknownEntity, match="Unknown stance 'opposed'. Did you mean 'opposes'"):
        load_corpus(mini_data)


def test_responds_to_must_resolve(mini_data: Path) -> None:
    edit(meeting(mini_data), "responds_to: [cn-proposes]", "responds_to: [cn-proposal]")
    with pytest.raises(UnknownEntity, match="Unknown statement 'cn-proposal'"):
        load_corpus(mini_data)


def test_figure_value_must_appear_in_its_quote(mini_data: Path) -> None:
    edit(meeting(mini_data), "value: 63", "value: 36")
    with pytest.raises(RecordError, match="figure value 36 does not appear"):
        load_corpus(mini_data)


def test_changed_source_is_noticed(mini_data: Path) -> None:
    edit(
        meeting(mini_data),
        "  language: zh-Hant\n",
        "  language: zh-Hant\n  sha256: " + "0" * 64 + "\n",
    )
    with pytest.raises(RecordError, match="has changed"):
        load_corpus(mini_data)


def test_missing_source_file(mini_data: Path) -> None:
    (mini_data / "sources" / "000_c517f4e9d3fbb5d0.txt").unlink()
    with pytest.raises(RecordError, match="source '000_c517f4e9d3fbb5d0' not found"):
        load_corpus(mini_data)


def test_source_not_utf8(mini_data: Path) -> None:
    path = mini_data / "sources" / "000_c517f4e9d3fbb5d0.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("big5", errors="replace"))
    with pytest.raises(RecordError, match="not UTF-8"):
        load_corpus(mini_data)


def test_issue_parent_cycle(mini_data: Path) -> None:
    issues = mini_data / "reference" / "issues.yaml"
    edit(
        issues,
        "    forum: desg\n    documents: [tor-2022-2025]",
        "    forum: desg\n    parent: tor-subsidiary-bodies\n    documents: [tor-2022-2025]",
    )
    with pytest.raises(RecordError, match="cycle"):
        load_corpus(mini_data)


def test_economy_code_must_be_alpha2(mini_data: Path) -> None:
    edit(mini_data / "reference" / "economies.yaml", "code: TW", "code: TWN")
    with pytest.raises(RecordError, match="ISO 3166-1 alpha-2"):
        load_corpus(mini_data)


def test_find_quote_returns_overlapping_matches() -> None:
    assert find_quote("aaaa", "aa") == [0, 1, 2]
