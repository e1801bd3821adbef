"""``kg brief``: issue, economy, meeting, next-meeting and what-changed briefs in Markdown,
HTML, Word, PDF or JSON."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli import KGContext, cli, pass_ctx
from kg.cli.options import emit, output_option

if TYPE_CHECKING:
    from kg.briefing.request import BriefRequest

KINDS = ("issue", "economy", "meeting", "prep", "changes")
FORMATS = ("md", "html", "docx", "pdf", "json")
LANGS = {"zh-hant": "zh-Hant", "zh": "zh-Hant", "zh-tw": "zh-Hant", "en": "en"}
"""Accepted --lang values (any case) → the language the brief is written in."""


def _lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return LANGS[value.lower()]
    except KeyError:
        raise click.BadParameter(
            f"{value!r} is not a language of briefs: zh-Hant (also zh, zh-TW) or en."
        ) from None


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    from kg.records import date_bounds

    if value and date_bounds(value) is None:
        raise click.BadParameter(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
    return value or ""


def _prepared(value: str) -> str:
    """--prepared, else SOURCE_DATE_EPOCH (seconds, as reproducible builds set it), else ""."""
    if value:
        return value
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return ""


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
    help="Markdown, self-contained HTML, Word, PDF (through LibreOffice), or JSON for tools.",
)
@click.option(
    "--lang",
    default="zh-Hant",
    show_default=True,
    callback=_lang,
    help="Language of headings and names: zh-Hant (also zh, zh-TW), like `kg view`, or en "
    "(quotes stay in the report's language).",
)
@click.option("--forum", help="prep and economy: meetings of this forum (e.g. DESG).")
@click.option(
    "--since",
    default="",
    help="prep and economy: meetings from this year (or YYYY-MM) on; changes: what changed "
    "after this meeting (an id).",
)
@click.option("--from", "from_", metavar="MEETING", help="changes: compare this meeting…")
@click.option("--to", metavar="MEETING", help="changes: …with this one (default: the latest).")
@click.option(
    "--as", "as_", metavar="ECONOMY", help="prep: write the pack from this delegation's side."
)
@click.option(
    "--next",
    "next_",
    metavar="NAME",
    default="",
    help='prep: the next meeting, e.g. "DESG 2022-1".',
)
@click.option(
    "--date", "next_date", callback=_date, help="prep: the next meeting's date (YYYY-MM)."
)
@click.option(
    "--marking", default="", help="Handling marking printed on every page, e.g. RESTRICTED."
)
@click.option(
    "--prepared",
    callback=_date,
    help="Date prepared (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else the record's date.",
)
@click.option(
    "--logistics", is_flag=True, help="meeting: also list figures on how the meeting ran."
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
    from_: str | None,
    to: str | None,
    as_: str | None,
    next_: str,
    next_date: str,
    marking: str,
    prepared: str,
    logistics: bool,
    output: Path | None,
) -> None:
    """Write a brief on an issue, an economy, a meeting, the next meeting (prep), or what
    changed between meetings.

    Each brief opens with a bottom line of at most six lines drawn from the record (what
    is at stake, where it stands, who is for and against, what comes next, what to
    watch); the details follow as annexes on a new page. Every claim is cited: report
    section (e.g. 三(四)) and the verbatim quote, printed once; a numbered Sources list
    gives the offsets. IDs are issue slugs, economy codes or names, meeting ids. Word and
    PDF output need -o FILE unless stdout is redirected; PDF needs LibreOffice. Headings
    are in Traditional Chinese unless --lang en, the same default as `kg view`.

    Find the ids with `kg list issues|economies|meetings` (e.g. --match korea).

    \b
    Example:
      kg brief issue tor-subsidiary-bodies
      kg brief issue tor-subsidiary-bodies --lang en -f pdf -o issue.pdf
      kg brief economy RU --lang en -o build/briefs/economy-RU.md
      kg brief meeting desg-2021-08 --format docx --marking RESTRICTED -o meeting.docx
      kg brief prep --as TW --next "DESG 2022-1" --date 2022-02
      kg brief changes --since desg-2021-08
      kg brief changes --from unga-73 --to unga-74 --lang en
    """
    from kg import briefing
    from kg.briefing.house import house_names
    from kg.briefing.request import BriefRequest, make_brief

    request = BriefRequest(
        kind, ident or "", forum, since, from_, to, as_, next_, next_date, logistics
    )
    _check_request(request)
    if fmt in ("docx", "pdf") and output is None and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} output is binary: give -o FILE.{fmt} (or redirect stdout).")
    with obj.progress.step(f"Writing the {kind} brief"):
        made = make_brief(obj.store(), request, house_names(obj.data_dir))
        text = briefing.render(made, fmt, lang, marking=marking, prepared=_prepared(prepared))
    emit(text, output)


_EXAMPLES = {"issue": "tor-subsidiary-bodies", "economy": "RU", "meeting": "desg-2021-08"}


def _check_request(r: BriefRequest) -> None:
    """Usage errors (exit 2): an ID missing, or an option the kind of brief does not take."""
    kind = r.kind
    if kind not in ("prep", "changes") and not r.ident:
        raise click.UsageError(
            f"`kg brief {kind}` needs an ID, e.g. `kg brief {kind} {_EXAMPLES[kind]}`."
        )
    if kind not in ("prep", "economy", "changes") and (r.forum or r.since):
        raise click.UsageError("--forum and --since apply to prep, economy and changes only.")
    if kind != "prep" and (r.perspective or r.next_meeting or r.next_date):
        raise click.UsageError("--as, --next and --date apply to `kg brief prep` only.")
    if kind != "changes" and (r.from_ or r.to):
        raise click.UsageError("--from and --to apply to `kg brief changes` only.")
    if kind == "changes" and not (r.from_ or r.since or r.ident):
        raise click.UsageError("`kg brief changes` needs --since MEETING or --from/--to.")
