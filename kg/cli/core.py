"""Commands on the graph itself: build, validate, locate, sparql, query, cq."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import KGContext, cli, pass_ctx
from kg.cli.options import check_output, emit, format_choice, output_option, parse_params
from kg.output import TABLE_FORMATS, render

format_option = format_choice(TABLE_FORMATS, "table")


@cli.command()
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    default=("trig",),
    show_default=True,
    type=click.Choice(["trig", "turtle", "nt", "nq", "jsonld"]),
    help="Formats to write (repeatable).",
)
@pass_ctx
def build(obj: KGContext, formats: tuple[str, ...]) -> None:
    """Build the RDF graph from data/ and write it under the build folder.

    TriG holds one named graph per source report, plus the reference data and the
    ontology. Output is deterministic: the same data gives the same bytes. Prints the paths
    written.

    \b
    Example:
      kg build                         # build/graph.trig
      kg build -f trig -f turtle -f jsonld
    """
    from kg.graph import FORMATS, build_dataset_from, serialize, write_atomic
    from kg.records import require_data

    require_data(obj.data_dir, obj.only_or_none)
    with obj.progress.step("Reading records"):
        ds = build_dataset_from(obj.data_dir, obj.only_or_none)
    for fmt in dict.fromkeys(formats):
        path = obj.build_dir / FORMATS[fmt][0]
        with obj.progress.step(f"Writing {path}"):
            write_atomic(path, serialize(ds, fmt))
        click.echo(str(path))


@cli.command()
@pass_ctx
def validate(obj: KGContext) -> None:
    """Check the data: SHACL shapes, quotes verbatim at their offsets, references resolve.

    Malformed YAML, unknown ids and misplaced quotes are reported with file and line. Exit
    code 0 when the graph conforms (warnings allowed), 1 otherwise.

    \b
    Example:
      kg validate
      kg --only data/meetings/draft.yaml validate
    """
    from kg.records import require_data
    from kg.validate import validate as run_validation

    require_data(obj.data_dir, obj.only_or_none)
    with obj.progress.step("Validating"):
        report = run_validation(obj.data_dir, obj.only_or_none)
    click.echo(report.text(), nl=False)
    if not report.conforms:
        raise SystemExit(1)


@cli.command()
@click.argument("source")
@click.argument("text")
@pass_ctx
def locate(obj: KGContext, source: str, text: str) -> None:
    """Print the character offsets of TEXT in a source report (for `start:` in records).

    SOURCE is the source id (file name without .txt) under data/sources/, or the path of
    that file.

    \b
    Example:
      kg locate 000_c517f4e9d3fbb5d0 智利反對中國之建議
      kg locate data/sources/000_c517f4e9d3fbb5d0.txt 智利反對中國之建議
    """
    from kg.errors import KGError
    from kg.records import find_quote, read_source, source_path

    given = Path(source)
    if given.suffix == ".txt" and given.is_file():
        sources = (obj.data_dir / "sources").resolve()
        if given.resolve().parent != sources:
            raise click.BadParameter(f"{source} is not a file of {sources}", param_hint="SOURCE")
        source = given.stem
    path = source_path(obj.data_dir, source, "SOURCE")
    src = read_source(path, source, str(path))
    starts = find_quote(src.text, text)
    if not starts:
        raise KGError(f"{text!r} does not occur in {path}")
    for start in starts:
        line = src.text.count("\n", 0, start) + 1
        click.echo(f"start: {start}\tend: {start + len(text)}\tline: {line}")


@cli.command()
@click.argument("query")
@format_option
@output_option
@pass_ctx
def sparql(obj: KGContext, query: str, fmt: str, output: Path | None) -> None:
    """Run a SPARQL SELECT or ASK query over the whole graph.

    QUERY is the query text, a path to a .rq file, or - for stdin. All named graphs are
    queried as one (the default graph is their union).

    \b
    Example:
      kg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      kg sparql my-question.rq -f csv -o answer.csv
    """
    inputs = []
    if query != "-" and len(query) < 4096 and "\n" not in query and Path(query).exists():
        inputs.append((Path(query), "the query file"))
    check_output(output, inputs)
    if query == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise click.BadParameter(
                f"standard input is not valid UTF-8 (byte {exc.start})", param_hint="QUERY"
            ) from None
    elif query.endswith(".rq") or (
        len(query) < 4096 and "\n" not in query and Path(query).is_file()
    ):
        try:
            text = Path(query).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(
                f"cannot read {query}: {exc.strerror}", param_hint="QUERY"
            ) from None
        except UnicodeDecodeError as exc:
            raise click.BadParameter(
                f"{query} is not valid UTF-8 (byte {exc.start})", param_hint="QUERY"
            ) from None
    else:
        text = query
    result = obj.store().select(text)
    emit(render(result, fmt), output, inputs)


@cli.command()
@click.argument("name", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Query parameter (repeatable); ids, codes or names are accepted.",
)
@click.option(
    "--list", "list_only", is_flag=True, help="List the named queries and their parameters."
)
@format_option
@output_option
@pass_ctx
def query(
    obj: KGContext,
    name: str | None,
    params: tuple[str, ...],
    list_only: bool,
    fmt: str,
    output: Path | None,
) -> None:
    """Run a named, parameterised query (a competency question); without NAME, list them.

    Parameters are bound as RDF terms, never pasted into the query text.

    \b
    Example:
      kg query --list
      kg query positions_on_issue -p issue=tor-subsidiary-bodies
      kg query holder_stance_on_issue -p holder=RU -p issue=aider-measurable-indicators -f json
    """
    from kg import queries

    check_output(output)
    if list_only or name is None:
        for qname in queries.available():
            q = queries.load(qname)
            args = " ".join(f"-p {p.name}=<{p.type}>" for p in q.params)
            click.echo(f"{qname} {args}".rstrip())
            click.echo(f"    {q.question or q.title}")
        return
    result = queries.run(obj.store(), name, **parse_params(params))
    emit(render(result, fmt), output)


@cli.command()
@click.option("--id", "only_id", help="Run one competency question only.")
@pass_ctx
def cq(obj: KGContext, only_id: str | None) -> None:
    """Check the competency questions (ontology/cq/*.yaml) against the current graph.

    Each question names a query, its parameters and the exact rows expected. Exit code 1 if
    any answer differs.

    \b
    Example:
      kg cq
      kg cq --id positions_on_issue-tor-subsidiary-bodies
    """
    from kg.competency import check_all

    failures = 0
    for outcome in check_all(obj.store(), only_id):
        status = "ok  " if outcome.passed else "FAIL"
        click.echo(f"{status} {outcome.id}: {outcome.question}")
        if not outcome.passed:
            failures += 1
            click.echo(outcome.diff, err=True)
    if failures:
        raise SystemExit(1)
