"""``kg brief``: issue, economy, meeting and next-meeting briefs in Markdown, HTML, Word or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import KGContext, cli, pass_ctx
from kg.cli.options import emit, output_option

KINDS = ("issue", "economy", "meeting", "prep")
FORMATS = ("md", "html", "docx", "json")
LANGS = ("zh-Hant", "en")


@cli.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("ident", metavar="ID", required=False)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="md",
    show_default=True,
    help="Markdown, self-contained HTML, Word, or JSON for tools.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="zh-Hant",
    show_default=True,
    help="Language of headings and names, Traditional Chinese like `kg view`, or English "
    "(quotes stay in the report's language).",
)
@click.option("--forum", help="prep and economy: meetings of this forum (e.g. DESG).")
@click.option(
    "--since", default="", help="prep and economy: meetings from this year (or YYYY-MM) on."
)
@output_option
@pass_ctx
def brief(
    obj: KGContext,
    kind: str,
    ident: str | None,
    fmt: str,
    lang: str,
    forum: str | None,
    since: str,
    output: Path | None,
) -> None:
    """Write a brief on an issue, an economy, a meeting, or the next meeting (prep).

    Every claim is cited: meeting, report section (e.g. 三(四)) and the verbatim quote,
    with its English rendering when the record has one; a numbered Sources list closes
    the brief. IDs are issue slugs, economy codes or names, meeting ids. Word output
    needs -o FILE unless stdout is redirected. Headings are in Traditional Chinese unless
    --lang en, the same default as `kg view`.
    Find the ids with `kg list issues|economies|meetings` (e.g. --match korea).

    \b
    Example:
      kg brief issue tor-subsidiary-bodies
      kg brief issue tor-subsidiary-bodies --format json
      kg brief economy RU --lang en -o build/briefs/economy-RU.md
      kg --store build/store brief economy US --forum DESG
      kg brief meeting desg-2021-08 --format docx -o build/briefs/meeting.docx
      kg brief prep --forum DESG --since 2021 --format html -o prep.html
    """
    from kg import briefing
    from kg.errors import UnknownEntity
    from kg.queries import resolve_id

    if kind != "prep" and not ident:
        raise click.UsageError(
            f"`kg brief {kind}` needs an ID, e.g. `kg brief {kind} {_EXAMPLES[kind]}`."
        )
    if kind not in ("prep", "economy") and (forum or since):
        raise click.UsageError("--forum and --since apply to `kg brief prep` and `economy` only.")
    if fmt == "docx" and output is None and sys.stdout.isatty():
        raise click.UsageError("Word output is binary: give -o FILE.docx (or redirect stdout).")
    store = obj.store()
    with obj.progress.step(f"Writing the {kind} brief"):
        if kind == "issue":
            data = briefing.build_issue_brief(store, resolve_id(store, "issue", ident or "").value)
        elif kind == "economy":
            try:
                iri = resolve_id(store, "economy", ident or "")
            except UnknownEntity as exc:  # organisations have briefs too; report as economy
                try:
                    iri = resolve_id(store, "holder", ident or "")
                except UnknownEntity:
                    raise exc from None
            forum_iri = resolve_id(store, "forum", forum).value if forum else None
            data = briefing.build_economy_brief(store, iri.value, None, forum_iri, since)
        elif kind == "meeting":
            data = briefing.build_meeting_brief(
                store, resolve_id(store, "meeting", ident or "").value
            )
        else:
            forum_iri = resolve_id(store, "forum", forum).value if forum else None
            if ident and forum_iri is None:  # `kg brief prep DESG` reads as the forum
                forum_iri = resolve_id(store, "forum", ident).value
            data = briefing.build_prep_brief(store, forum_iri, since)
        text = briefing.render(data, fmt, lang)
    emit(text, output)


_EXAMPLES = {"issue": "tor-subsidiary-bodies", "economy": "RU", "meeting": "desg-2021-08"}
