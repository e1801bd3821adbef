"""``kg ingest``: a report in, a draft meeting record out (or a draft scored against a curated one)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import KGContext, cli, pass_ctx


@cli.command()
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--meeting", "meeting_id", help="Meeting id, <forum>-<year>-<month> (e.g. desg-2021-08)."
)
@click.option("--forum", help="Forum id, when the meeting id does not start with one.")
@click.option("--date", help="Meeting date (YYYY, YYYY-MM or YYYY-MM-DD) when the id does not say.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft there (atomically) instead of stdout.",
)
@click.option(
    "--evaluate",
    "gold",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Score REPORT, a draft record, against this curated record instead.",
)
@click.option("--details", is_flag=True, help="With --evaluate: list missed and extra facts.")
@pass_ctx
def ingest(
    obj: KGContext,
    report: Path,
    meeting_id: str | None,
    forum: str | None,
    date: str | None,
    output: Path | None,
    gold: Path | None,
    details: bool,
) -> None:
    """Draft a meeting record from a Chinese or English report (.txt or .docx).

    The report is kept verbatim (as UTF-8) under data/sources/; the draft record has
    `status: draft`, every item quoting its exact span, every statement the rule that drafted it
    and its confidence; what the rules would not guess is listed under `review:`. Rules:
    data/reference/ingest-rules.yaml (Chinese) and ingest-rules-en.yaml (English).
    With --evaluate GOLD, REPORT is a draft and is scored against the curated record GOLD.

    \b
    Example:
      kg ingest report.txt --meeting desg-2022-02 -o data/meetings/desg-2022-02.yaml
      kg ingest summary.txt --meeting wto-gc-2023-07 -o data/meetings/wto-gc-2023-07.yaml
      kg --only data/meetings/desg-2022-02.yaml validate
      kg ingest --evaluate data/meetings/desg-2021-08.yaml build/eval/desg-2021-08.yaml
    """
    if gold is not None:
        from kg.ingest.evaluate import evaluate

        if not report.exists():
            raise click.BadParameter(f"{report} does not exist", param_hint="REPORT")
        click.echo(evaluate(gold, report, obj.data_dir).text(details), nl=False)
        return
    if not meeting_id:
        raise click.UsageError("--meeting is required (e.g. --meeting desg-2022-02)")
    from kg.cli.options import check_output, say, write_output, write_stdout
    from kg.graph import write_atomic
    from kg.ingest import ingest as run_ingest

    inputs = [(report, "the report being ingested")]
    check_output(output, inputs)

    with obj.progress.step(f"Reading {report}"):
        result = run_ingest(report, meeting_id, obj.data_dir, forum=forum, date=date)
    source = obj.data_dir / "sources" / f"{result.source_id}.txt"
    if result.source_is_new:
        write_atomic(source, result.source_text.encode("utf-8"))
        say(f"Stored the report as {source}")
    else:
        say(f"The report is already stored as {source}")
    for warning in result.warnings:
        say(f"Note: {warning}")
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.counts.items())
    say(f"Draft: {counts}")
    if output is None:
        write_stdout(result.yaml_text)
    else:
        write_output(output, result.yaml_text.encode("utf-8"), inputs)
        say(f"Wrote {output} (status: draft; review it, then set status: reviewed)")
