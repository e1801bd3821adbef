"""``kg list``: the ids commands take, in both languages, searchable, from the reference data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg.cli import cli


def run(runner: CliRunner, kg_args: list[str], *args: str) -> str:
    result = runner.invoke(cli, [*kg_args, "list", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(runner: CliRunner, kg_args: list[str], *args: str) -> list[dict[str, str]]:
    return json.loads(run(runner, kg_args, *args, "-f", "json"))


def test_match_korea_finds_kr(runner: CliRunner, kg_args: list[str]) -> None:
    assert rows(runner, kg_args, "economies", "--match", "korea") == [
        {"id": "KR", "label_zh": "韓國", "label_en": "Republic of Korea", "kind": "economy"}
    ]


def test_match_chinese_name_finds_ru(runner: CliRunner, kg_args: list[str]) -> None:
    assert rows(runner, kg_args, "economies", "--match", "俄羅斯") == [
        {"id": "RU", "label_zh": "俄羅斯", "label_en": "Russia", "kind": "economy"}
    ]


def test_match_aliases_in_both_languages_and_any_case(
    runner: CliRunner, kg_args: list[str]
) -> None:
    assert [r["id"] for r in rows(runner, kg_args, "economies", "--match", "PRC")] == ["CN"]
    assert [r["id"] for r in rows(runner, kg_args, "economies", "--match", "陸方")] == ["CN"]
    assert [r["id"] for r in rows(runner, kg_args, "economies", "-m", "cHiNeSe TaIpEi")] == ["TW"]


def test_economies_are_the_21_apec_members_and_all_adds_every_holder(
    runner: CliRunner, kg_args: list[str]
) -> None:
    apec = rows(runner, kg_args, "economies")
    assert len(apec) == 21 and {r["kind"] for r in apec} == {"economy"}
    every = rows(runner, kg_args, "economies", "--all")
    kinds = {r["kind"] for r in every}
    assert kinds == {"economy", "state", "organisation"} and len(every) > 200
    assert {"id": "FR", "label_zh": "法國", "label_en": "France", "kind": "state"} in every
    assert [r["id"] for r in rows(runner, kg_args, "economies", "--all", "-m", "ABAC")] == ["abac"]
    assert rows(runner, kg_args, "economies", "--match", "france") == []  # not an APEC economy


def test_issues_in_both_languages_with_forum_and_parent(
    runner: CliRunner, kg_args: list[str]
) -> None:
    issues = rows(runner, kg_args, "issues")
    by_id = {r["id"]: r for r in issues}
    assert by_id["tor-subsidiary-bodies"] == {
        "id": "tor-subsidiary-bodies",
        "label_zh": "職權範圍「任期與法定人數」是否提及附屬子論壇(DPS)",
        "label_en": "Mention of subsidiary bodies (DPS) in the ToR Term and Quorum section",
        "forum": "desg",
        "parent": "tor-term-and-quorum",
    }
    assert by_id["tor-2022-2025"]["parent"] is None  # no parent: null, not ""
    assert issues[0]["id"] == "tor-2022-2025"  # the registry's order: parents first
    found = rows(runner, kg_args, "issues", "--match", "日落條款")  # an alias
    assert [r["id"] for r in found] == ["tor-sunset-clause"]


def test_meetings(runner: CliRunner, kg_args: list[str]) -> None:
    assert rows(runner, kg_args, "meetings") == [
        {
            "id": "desg-2021-08",
            "date": "2021-08",
            "forum": "desg",
            "label_zh": "2021年8月APEC數位經濟指導小組(DESG)會議",
            "label_en": "APEC Digital Economy Steering Group (DESG) meeting, August 2021",
        }
    ]
    assert rows(runner, kg_args, "meetings", "--match", "數位經濟")[0]["id"] == "desg-2021-08"


def test_queries_list_positions_on_issue_with_its_parameter(
    runner: CliRunner, kg_args: list[str]
) -> None:
    by_name = {r["name"]: r for r in rows(runner, kg_args, "queries")}
    assert by_name["positions_on_issue"]["params"] == "issue=<issue>"
    assert by_name["positions_on_issue"]["question"].startswith("Who took which stance")
    assert by_name["holder_stance_on_issue"]["params"] == "holder=<holder> issue=<issue>"
    matched = rows(runner, kg_args, "queries", "--match", "POSITIONS_ON")
    assert [r["name"] for r in matched] == ["positions_on_issue"]


@pytest.mark.parametrize("kind", ["issues", "economies", "meetings", "queries"])
def test_every_format_parses(runner: CliRunner, kg_args: list[str], kind: str) -> None:
    as_json = json.loads(run(runner, kg_args, kind, "-f", "json"))
    assert as_json and all(isinstance(r, dict) for r in as_json)
    table = list(csv.DictReader(io.StringIO(run(runner, kg_args, kind, "-f", "csv"))))
    assert len(table) == len(as_json)
    key = "name" if kind == "queries" else "id"
    assert [r[key] for r in table] == [r[key] for r in as_json]
    text = run(runner, kg_args, kind)
    assert text.splitlines()[0].split()[0] == key and len(text.splitlines()) == len(as_json) + 2


def test_no_match_is_an_empty_list_and_a_note(runner: CliRunner, kg_args: list[str]) -> None:
    result = runner.invoke(cli, [*kg_args[:-1], "list", "issues", "-m", "zzz", "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "No issues match 'zzz'." in result.stderr


def test_all_is_for_economies_only(runner: CliRunner, kg_args: list[str]) -> None:
    result = runner.invoke(cli, [*kg_args, "list", "issues", "--all"])
    assert result.exit_code == 2 and "--all applies to `kg list economies` only" in result.output


def test_output_file(runner: CliRunner, kg_args: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "economies.csv"
    run(runner, kg_args, "economies", "-f", "csv", "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("id,label_zh,label_en,kind\n")


def test_brief_help_points_to_kg_list(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["brief", "--help"])
    assert "kg list issues|economies|meetings" in result.output
