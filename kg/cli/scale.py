"""Commands for other sources and other stores: ``kg import unga`` and ``kg push``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import KGContext, cli, pass_ctx


@cli.group("import")
def import_() -> None:
    """Import another source into the graph, one named graph per source file.

    Without --store the graphs are written under <build dir>/imports/ and every read command
    loads them with data/; with --store they go into the persistent store (replacing only the
    graphs whose content changed).

    \b
    Example:
      kg --store build/store import unga data/external/unga-votes --sessions 70-74
      kg --store build/store network alignment --holders US,CN --format json
    """


def _sessions(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[int, int] | None:
    from kg.adapters.unga import parse_sessions

    try:
        return parse_sessions(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@import_.command("unga")
@click.argument("src", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--sessions",
    callback=_sessions,
    metavar="N-M",
    help="Only these General Assembly sessions (inclusive), e.g. 60-74 [default: all].",
)
@pass_ctx
def unga(obj: KGContext, src: Path, sessions: tuple[int, int] | None) -> None:
    """UN General Assembly roll-call votes: states, roll calls, sessions and every vote.

    SRC holds un_votes.csv(.gz), un_roll_calls.csv(.gz) and un_roll_call_issues.csv. Each
    vote becomes a position (yes → supports, no → opposes, abstain → abstains) of the state
    (economy/<ISO code>) on the roll call (issue unga-rc-<rcid>) at the session (meeting
    unga-<session>), citing its CSV line verbatim with its character offsets. Prints one line
    per named graph with its number of quads. Bad input: one error naming file and line,
    exit 1, nothing changed.

    \b
    Example:
      kg import unga data/external/unga-votes --sessions 70-74
      kg --store build/store import unga data/external/unga-votes
    """
    from kg.adapters.unga import import_into

    if obj.endpoint:
        raise click.UsageError(
            "kg import writes a local store; import with --store, then `kg push --endpoint`."
        )
    done = import_into(obj.config, src, sessions, obj.progress)
    if done.report is not None:
        obj.progress.note(done.report.summary())
    for line in done.lines():
        click.echo(line)


@cli.command()
@click.option(
    "--endpoint",
    "push_endpoint",
    envvar="KG_ENDPOINT",
    required=True,
    metavar="URL",
    help="The server's SPARQL query endpoint (the Graph Store URL is derived from it).",
)
@click.option(
    "--gsp", metavar="URL", help="Graph Store Protocol endpoint, when it cannot be derived."
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Seconds to wait for the server's answer to one graph [default: 60 + 1 per 50 kB].",
)
@pass_ctx
def push(obj: KGContext, push_endpoint: str, gsp: str | None, wait: float | None) -> None:
    """Load every named graph into a SPARQL 1.1 server with the Graph Store Protocol (PUT).

    Sends the graphs of data/ and of `kg import` (or, with --store, every graph of that
    store). PUT replaces a graph as a whole: pushing twice leaves one copy. Prints one line
    per graph. The Graph Store URL follows the endpoint: …/query → …/store (Oxigraph),
    …/ds/sparql → …/ds/data (Fuseki), …/repositories/ID → …/rdf-graphs/service (GraphDB).

    Graphs are pushed one by one, each in its own request: the server replaces each whole or
    not at all, but the Graph Store Protocol cannot replace several at once. When one fails
    (an HTTP error, no answer within --wait, a dropped connection), the command stops with one
    line naming that graph and how many were replaced before it (those printed); the others
    are as they were on the server. Run it again to finish.

    \b
    Example:
      kg push --endpoint http://127.0.0.1:7878/query
      kg push --endpoint http://localhost:3030/ds/sparql
      kg --endpoint http://localhost:3030/ds/sparql query positions_on_issue -p issue=tor-subsidiary-bodies
    """
    from kg.store.remote import gsp_url, push_all, push_files

    files = push_files(obj.config, obj.progress)
    for pushed in push_all(gsp or gsp_url(push_endpoint), files, wait, obj.progress):
        click.echo(f"{pushed.graph}\t{pushed.quads}")
