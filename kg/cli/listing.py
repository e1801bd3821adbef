"""``kg list``: the ids commands take (issues, economies, meetings, queries), in both languages.

Read from the reference data, the meeting records and the packaged queries, not from the
graph: no store is opened, so the answer is immediate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from kg.cli import KGContext, cli, pass_ctx
from kg.cli.core import format_option
from kg.cli.options import emit, output_option, say

KINDS = ("issues", "economies", "meetings", "queries")

COLUMNS = {
    "issues": ("id", "label_zh", "label_en", "forum", "parent"),
    "economies": ("id", "label_zh", "label_en", "kind"),
    "meetings": ("id", "date", "forum", "label_zh", "label_en"),
    "queries": ("name", "params", "question"),
}
"""The columns of each list, in order."""

Row = dict[str, str]


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _labels(node: Any, key: str = "label") -> tuple[str, str]:
    """(zh-Hant, English) of a ``label`` or ``name`` mapping."""
    names = node.get(key) if isinstance(node, dict) else None
    if not isinstance(names, dict):
        return "", _text(names)
    return _text(names.get("zh-Hant")), _text(names.get("en"))


def _words(node: Any, *keys: str) -> list[str]:
    """The strings under ``keys`` (a string or a list of strings each)."""
    out: list[str] = []
    for key in keys:
        value = node.get(key) if isinstance(node, dict) else None
        if isinstance(value, (list, tuple)):
            out += [_text(v) for v in value if v is not None]
        elif isinstance(value, dict):
            out += [_text(v) for v in value.values() if v is not None]
        elif value is not None:
            out.append(_text(value))
    return out


def issue_rows(reference: dict[str, Any]) -> list[tuple[Row, list[str]]]:
    """Every issue in the registry's order (a tree: parents before their sub-issues), with
    the words ``--match`` searches (labels and aliases)."""
    out = []
    for item in reference.get("issues") or []:
        zh, en = _labels(item)
        row = {
            "id": _text(item.get("id")),
            "label_zh": zh,
            "label_en": en,
            "forum": _text(item.get("forum")),
            "parent": _text(item.get("parent")),
        }
        out.append((row, _words(item, "label", "aliases", "aliases_en")))
    return out


def holder_rows(reference: dict[str, Any], every: bool = False) -> list[tuple[Row, list[str]]]:
    """The APEC economies (``kind`` economy); with ``every``, also every state and
    organisation a record may name as a holder."""
    kinds = [("economies", "economy", "code")]
    if every:
        kinds += [("states", "state", "code"), ("organisations", "organisation", "id")]
    out = []
    for key, kind, id_key in kinds:
        for item in reference.get(key) or []:
            zh, en = _labels(item, "name")
            row = {"id": _text(item.get(id_key)), "label_zh": zh, "label_en": en, "kind": kind}
            words = _words(item, "name", "abbr", "iso3", "aliases", "aliases_en")
            out.append((row, words))
    return out


def meeting_rows(paths: Iterable[Path]) -> list[tuple[Row, list[str]]]:
    """One row per meeting record (its ``meeting:`` block), by date then id.

    Raises:
        RecordError: a record that cannot be read or has no ``meeting:`` mapping.
    """
    from kg.errors import RecordError
    from kg.records import load_yaml

    out = []
    for path in paths:
        display = str(path)
        doc = load_yaml(path, display)
        meeting = doc.get("meeting") if isinstance(doc, dict) else None
        if not isinstance(meeting, dict) or not meeting.get("id"):
            raise RecordError(display, None, "no 'meeting:' mapping with an id")
        zh, en = _labels(meeting)
        row = {
            "id": _text(meeting.get("id")),
            "date": _text(meeting.get("date")),
            "forum": _text(meeting.get("forum")),
            "label_zh": zh,
            "label_en": en,
        }
        out.append((row, _words(meeting, "label")))
    return sorted(out, key=lambda r: (r[0]["date"], r[0]["id"]))


def query_rows() -> list[tuple[Row, list[str]]]:
    """Every packaged query: its name, its parameters as ``-p`` wants them, its question."""
    from kg import queries

    out = []
    for name in queries.available():
        query = queries.load(name)
        params = " ".join(f"{p.name}=<{p.type}>" for p in query.params)
        row = {"name": name, "params": params, "question": _text(query.question or query.title)}
        out.append((row, [query.title, *(p.help for p in query.params)]))
    return out


def matching(rows: Sequence[tuple[Row, list[str]]], match: str | None) -> list[Row]:
    """The rows whose cells or searched words contain ``match``, ignoring case (all without)."""
    if not match:
        return [row for row, _ in rows]
    needle = " ".join(match.split()).casefold()
    return [
        row
        for row, words in rows
        if any(needle in text.casefold() for text in [*row.values(), *words])
    ]


def list_rows(
    kind: str,
    data_dir: Path,
    only: Sequence[Path] | None = None,
    match: str | None = None,
    every: bool = False,
) -> list[Row]:
    """The rows ``kg list KIND`` prints (see :data:`COLUMNS`), filtered by ``match``.

    Raises:
        RecordError: the data folder holds no reference data, or a record is unreadable.
    """
    if kind == "queries":
        return matching(query_rows(), match)
    from kg.records import load_reference, meeting_files, require_data

    require_data(data_dir, only if kind == "meetings" else ())
    if kind == "meetings":
        return matching(meeting_rows(only or meeting_files(data_dir)), match)
    reference, _ = load_reference(data_dir)
    if kind == "issues":
        return matching(issue_rows(reference), match)
    if kind == "economies":
        return matching(holder_rows(reference, every), match)
    raise ValueError(f"unknown kind {kind!r}")


@cli.command(name="list")
@click.argument("kind", type=click.Choice(KINDS))
@click.option(
    "-m",
    "--match",
    metavar="TEXT",
    help="Only rows with TEXT (any case) in an id, a label in either language or an alias.",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="economies: also every state and organisation that records may name as holders.",
)
@format_option
@output_option
@pass_ctx
def list_(
    obj: KGContext, kind: str, match: str | None, every: bool, fmt: str, output: Path | None
) -> None:
    """List the ids other commands take, with their names in Traditional Chinese and English.

    issues: id, labels, forum, parent issue (in tree order). economies: the APEC economies'
    codes and names (--all adds every state and organisation holder). meetings: id, date,
    forum, labels. queries: name, parameters (as -p NAME=VALUE wants them), question. Read
    from the reference data and meeting records, not the graph: no store is opened.

    \b
    Example:
      kg list issues
      kg list economies --match korea          # KR
      kg list economies --match 俄羅斯          # RU
      kg list economies --all --match congo -f csv
      kg list meetings -f json
      kg list queries --match issue
    """
    from kg.output import render
    from kg.store import Result, Value

    if every and kind != "economies":
        raise click.UsageError("--all applies to `kg list economies` only.")
    rows = list_rows(kind, obj.data_dir, obj.only_or_none, match, every)
    columns = COLUMNS[kind]
    result = Result(
        columns,
        tuple({c: Value("literal", r[c]) for c in columns if r.get(c)} for r in rows),
    )
    emit(render(result, fmt, max_width=50), output)
    if not rows:
        say(f"No {kind} match {match!r}." if match else f"No {kind}.")
