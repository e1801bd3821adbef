"""Documentation is a tested artefact: the README shows real output and every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README


def test_every_command_is_in_the_readme() -> None:
    for name, command in cli.commands.items():
        assert f"kg {name}" in README, name
        for sub in getattr(command, "commands", {}):
            assert f"kg {name} {sub}" in README, f"{name} {sub}"


def test_readme_is_up_to_date_with_the_commands() -> None:
    """`cog --check` fails when a generated section no longer matches what kg prints."""
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "-I", "scripts", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        "README is stale: run `make readme`\n" + result.stdout + result.stderr
    )


def test_record_format_documents_every_list() -> None:
    text = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    for key in (
        "proposals:",
        "statements:",
        "outcomes:",
        "actions:",
        "projects:",
        "figures:",
        "agenda:",
    ):
        assert key in text, key


def test_nothing_tracked_mentions_machine_paths() -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    bad = []
    for name in files:
        path = ROOT / name
        if path.suffix in {".png", ".docx", ".gz"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for marker in ("/" + "work/", "/" + "tmp/scr", ".lib" + "rary/"):
            if marker in text:
                bad.append(f"{name}: {marker}")
    assert not bad, bad
