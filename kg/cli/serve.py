"""``kg serve``: the graph over HTTP (the explorer, brief pages, a SPARQL 1.1 Protocol endpoint
and the named queries)."""

from __future__ import annotations

import ipaddress

import click

from kg.cli import KGContext, cli

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback only by default).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--read-only",
    is_flag=True,
    help="Refuse every write (the SPARQL endpoint is read-only whether or not this is given).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) one answer may have; a query that gives more is refused.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, read_only: bool, max_rows: int) -> None:
    """Serve the graph over HTTP until Ctrl-C: the explorer at /, a SPARQL 1.1 Protocol
    endpoint at /sparql and the named queries at /queries/NAME.

    The explorer draws the network with search, filters (forum, meeting, dates, issue,
    economy, stance, node type), a zh-Hant/English switch and an evidence panel (the quote
    in its paragraph, section, meeting, links to the report and the briefs); its state is
    in the URL. /brief/issue|economy|meeting/ID shows a brief (Markdown, Word and JSON
    downloads), /source/ID?start=&end= a report with a span highlighted, /query a SPARQL
    editor with the named queries. Nothing is fetched from other sites.

    The default graph of /sparql is the union of the project's graphs (or of the graphs
    named by default-graph-uri); results as JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE
    as Turtle, N-Triples or JSON-LD (Accept header or ?format=). Updates are refused
    (403). Each query runs at most 10 s (or the global --timeout) and may give at most
    --max-rows rows. Serves the embedded graph, or the --store or --endpoint one.

    \b
    Example:
      kg serve                                  # open http://127.0.0.1:8765/
      curl http://127.0.0.1:8765/queries/positions_on_issue?issue=tor-subsidiary-bodies
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8765/sparql
    """
    import uvicorn

    from kg.web.app import DEFAULT_TIMEOUT, create_app

    obj = ctx.find_object(KGContext)
    if obj is None:  # the group makes it; only a caller outside `kg` lacks one
        raise click.UsageError("kg serve runs under the kg command group")
    root = ctx.find_root()
    timeout = DEFAULT_TIMEOUT
    if root.get_parameter_source("timeout") not in (None, click.core.ParameterSource.DEFAULT):
        if not obj.timeout:
            raise click.UsageError("kg serve always limits queries: give --timeout SECONDS above 0")
        timeout = obj.timeout
    loopback = is_loopback(host)
    if not loopback:
        click.echo(
            f"Warning: listening on {host}, not on loopback: anyone who can reach this machine "
            "can read the graph",
            err=True,
        )
    store = obj.store()
    allowed = [*LOOPBACK_NAMES, host] if loopback else None
    app = create_app(
        store, timeout=timeout, max_rows=max_rows, allowed_hosts=allowed, data_dir=obj.data_dir
    )
    shown = f"[{host}]" if ":" in host else host
    obj.progress.note(
        f"Serving the explorer at http://{shown}:{port}/, SPARQL at http://{shown}:{port}/sparql "
        f"and the named queries at http://{shown}:{port}/queries (Ctrl-C to stop)"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
