"""The command line: help with examples, clean pipes, exit codes, no half-written output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli


def all_commands() -> list[tuple[str, ...]]:
    out = []
    for name, command in sorted(cli.commands.items()):
        out.append((name,))
        for sub in sorted(getattr(command, "commands", {})):
            out.append((name, sub))
    return out


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"kg {' '.join(path)} --help shows no example"


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and "kg, version" in result.output


def test_sparql_table_and_json(runner: CliRunner, kg_args: list[str]) -> None:
    q = "SELECT ?code WHERE { ?e a <https://w3id.org/meetkg/def#Economy> ; <http://purl.org/dc/terms/identifier> ?code } ORDER BY ?code"
    result = runner.invoke(cli, [*kg_args, "sparql", q, "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    codes = [row["code"] for row in json.loads(result.output)]
    assert len(codes) == 21 and codes[:3] == ["AU", "BN", "CA"] and "TW" in codes
    sj = runner.invoke(cli, [*kg_args, "sparql", q, "-f", "sparql-json"], catch_exceptions=False)
    doc = json.loads(sj.output)
    assert (
        doc["head"]["vars"] == ["code"] and doc["results"]["bindings"][0]["code"]["value"] == "AU"
    )
    tsv = runner.invoke(cli, [*kg_args, "sparql", q, "-f", "tsv"], catch_exceptions=False)
    assert tsv.output.splitlines()[:2] == ["code", "AU"]


def test_sparql_from_file_and_stdin(runner: CliRunner, kg_args: list[str], tmp_path: Path) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("ASK { ?s a <https://w3id.org/meetkg/def#Position> }", encoding="utf-8")
    assert runner.invoke(cli, [*kg_args, "sparql", str(rq)]).output == "true\n"
    assert runner.invoke(cli, [*kg_args, "sparql", "-"], input=rq.read_text()).output == "true\n"


def test_sparql_syntax_error_is_one_line_exit_1(runner: CliRunner, kg_args: list[str]) -> None:
    result = runner.invoke(cli, [*kg_args, "sparql", "SELECT ?x WHERE { ?x "])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error")
    assert "Traceback" not in result.output


def test_unknown_query_exit_1(runner: CliRunner, kg_args: list[str]) -> None:
    result = runner.invoke(cli, [*kg_args, "query", "positions_of_economy"])
    assert result.exit_code == 1
    assert "Unknown query 'positions_of_economy'. Did you mean positions_of_holder" in result.output


def test_malformed_param_is_usage_error(runner: CliRunner, kg_args: list[str]) -> None:
    result = runner.invoke(cli, [*kg_args, "query", "positions_on_issue", "-p", "issue"])
    assert result.exit_code == 2
    assert "is not NAME=VALUE" in result.output


def test_query_list_names_every_query(runner: CliRunner, kg_args: list[str]) -> None:
    from kg import queries

    result = runner.invoke(cli, [*kg_args, "query", "--list"], catch_exceptions=False)
    for name in queries.available():
        assert f"\n{name}" in "\n" + result.output


def test_validate_seed_conforms(runner: CliRunner, kg_args: list[str]) -> None:
    result = runner.invoke(cli, [*kg_args, "validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violation(s)" in result.output
    assert "quotes verbatim at their offsets" in result.output


def test_validate_bad_record_names_file_and_line(
    runner: CliRunner, mini_data: Path, tmp_path: Path
) -> None:
    record = mini_data / "meetings" / "mini-2021.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("holder: CL", "holder: XX"), encoding="utf-8"
    )
    result = runner.invoke(
        cli, ["--data", str(mini_data), "--build-dir", str(tmp_path / "b"), "validate"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "mini-2021.yaml:" in result.output
    assert "Unknown holder 'XX'" in result.output


def test_failed_build_leaves_no_output(runner: CliRunner, mini_data: Path, tmp_path: Path) -> None:
    record = mini_data / "meetings" / "mini-2021.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("start: 1903", "start: 1"), encoding="utf-8"
    )
    out = tmp_path / "b"
    result = runner.invoke(cli, ["--data", str(mini_data), "--build-dir", str(out), "build"])
    assert result.exit_code == 1
    assert not (out / "graph.trig").exists()


def test_output_file_not_written_on_error(
    runner: CliRunner, kg_args: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "answer.csv"
    result = runner.invoke(cli, [*kg_args, "sparql", "SELECT nonsense", "-o", str(target)])
    assert result.exit_code == 1 and not target.exists()


def test_locate_prints_offsets(runner: CliRunner, kg_args: list[str]) -> None:
    result = runner.invoke(
        cli,
        [*kg_args, "locate", "000_c517f4e9d3fbb5d0", "智利反對中國之建議"],
        catch_exceptions=False,
    )
    assert result.output == "start: 1763\tend: 1772\tline: 24\n"


def test_pipe_closed_early_is_not_an_error(tmp_path: Path) -> None:
    """`kg query … | head -1` must not print a traceback."""
    cmd = f"{sys.executable} -m kg --build-dir {tmp_path} -q query issue_tree | head -1"
    result = subprocess.run(
        ["bash", "-c", cmd], capture_output=True, text=True, cwd=Path(__file__).parent.parent
    )
    assert result.stdout.startswith("issue")
    assert "Traceback" not in result.stderr


def test_quiet_silences_messages_not_data(
    runner: CliRunner, kg_args: list[str], tmp_path: Path
) -> None:
    """`--quiet` leaves stderr to errors: no "Wrote FILE"; without it the file is named."""
    loud = [a for a in kg_args if a != "--quiet"]
    target = tmp_path / "tree.csv"
    quiet = runner.invoke(cli, [*kg_args, "query", "issue_tree", "-f", "csv", "-o", str(target)])
    assert quiet.exit_code == 0 and quiet.output == "" and target.read_text().startswith("issue")
    said = runner.invoke(cli, [*loud, "query", "issue_tree", "-f", "csv", "-o", str(target)])
    assert said.exit_code == 0 and f"Wrote {target}" in said.output


def test_locate_takes_a_source_id_or_its_path_and_nothing_outside(runner) -> None:  # type: ignore[no-untyped-def]
    quote = "智利反對中國之建議"
    by_id = runner.invoke(cli, ["locate", "000_c517f4e9d3fbb5d0", quote])
    by_path = runner.invoke(cli, ["locate", "data/sources/000_c517f4e9d3fbb5d0.txt", quote])
    assert by_id.exit_code == by_path.exit_code == 0
    assert by_id.output == by_path.output == "start: 1763\tend: 1772\tline: 24\n"
    outside = runner.invoke(cli, ["locate", "../../outside", "x"])
    assert outside.exit_code == 1 and "must be a file name in data/sources/" in outside.output
