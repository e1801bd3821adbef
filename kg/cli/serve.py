"""``kg serve``: the graph over HTTP (the explorer, brief pages, a SPARQL 1.1 Protocol endpoint
and the named queries)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli import KGContext, cli
from kg.cli.options import say

if TYPE_CHECKING:
    from starlette.routing import BaseRoute
    from starlette.types import ASGIApp

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen_options(port: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--host`` (loopback by default) and ``--port`` (``port`` by default; 0: any free one)."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option(
            "--port",
            type=click.IntRange(0, 65535),
            default=port,
            show_default=True,
            help="Port to listen on (0: any free port).",
        )(f)
        return click.option(
            "--host",
            default="127.0.0.1",
            show_default=True,
            help="Address to listen on (loopback only by default).",
        )(f)

    return decorate


@dataclass(frozen=True)
class Listener:
    """A bound socket and what the app may trust of the requests that reach it."""

    sock: socket.socket
    url: str
    """``http://host:port`` (no trailing slash), the port being the one bound."""
    allowed_hosts: list[str] | None
    """``Host`` names requests may carry: loopback names and the host; None off loopback."""

    def run(self, app: ASGIApp) -> None:
        """Serve ``app`` until Ctrl-C."""
        import uvicorn

        config = uvicorn.Config(app, log_level="warning", server_header=False)
        uvicorn.Server(config).run(sockets=[self.sock])


def listen(host: str, port: int, what: str) -> Listener:
    """Bind ``host:port`` (warning on stderr when it is not loopback: anyone who can reach
    the machine can read ``what``); a port in use is a one-line error."""
    loopback = is_loopback(host)
    if not loopback:
        click.echo(
            f"Warning: listening on {host}, not on loopback: anyone who can reach this machine "
            f"can read {what}",
            err=True,
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio then sets TCP_NODELAY on every connection (without
    # it, keep-alive clients wait 40 ms per answer for a delayed ACK)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    shown = f"[{host}]" if ":" in host else host
    allowed = [*LOOPBACK_NAMES, host] if loopback else None
    return Listener(sock, f"http://{shown}:{sock.getsockname()[1]}", allowed)


@cli.command()
@listen_options(8765)
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
@click.option(
    "--review",
    "draft",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Also serve the review desk on this draft record at /review (see kg review).",
)
@click.option(
    "--reviewer",
    metavar="NAME",
    help="With --review: the name recorded as the reviewer (default: the login name).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    read_only: bool,
    max_rows: int,
    draft: Path | None,
    reviewer: str | None,
) -> None:
    """Serve the graph over HTTP until Ctrl-C: the explorer at /, a SPARQL 1.1 Protocol
    endpoint at /sparql and the named queries at /queries/NAME.

    The explorer draws the network with search, filters (forum, meeting, dates, issue,
    economy, stance, node type), a zh-Hant/English switch and an evidence panel (the quote
    in its paragraph, section, meeting, links to the report and the briefs); its state is
    in the URL. /brief/issue|economy|meeting/ID shows a brief (Markdown, Word and JSON
    downloads), /source/ID?start=&end= a report with a span highlighted, /query a SPARQL
    editor with the named queries, /review the review desk on --review DRAFT (the only
    thing that writes; refused with --read-only). Nothing is fetched from other sites.

    The default graph of /sparql is the union of the project's graphs (or of the graphs
    named by default-graph-uri); results as JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE
    as Turtle, N-Triples or JSON-LD (Accept header or ?format=). Updates are refused
    (403). Each query runs at most 10 s (or the global --timeout) and may give at most
    --max-rows rows. Serves the embedded graph, or the --store or --endpoint one.

    \b
    Example:
      kg serve                                  # open http://127.0.0.1:8765/
      kg serve --review data/meetings/desg-2022-02.yaml --reviewer "Lin Mei"
      curl http://127.0.0.1:8765/queries/positions_on_issue?issue=tor-subsidiary-bodies
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8765/sparql
    """
    from kg.web.app import create_app

    obj = ctx.find_object(KGContext)
    if obj is None:  # the group makes it; only a caller outside `kg` lacks one
        raise click.UsageError("kg serve runs under the kg command group")
    if draft is not None and read_only:
        raise click.UsageError("--review writes the draft: it cannot go with --read-only")
    timeout = _timeout(ctx, obj)
    routes = review_routes_for(draft, obj.data_dir, reviewer) if draft is not None else []
    listener = listen(host, port, "the graph")
    app = create_app(
        obj.store(),
        timeout=timeout,
        max_rows=max_rows,
        allowed_hosts=listener.allowed_hosts,
        data_dir=obj.data_dir,
        extra_routes=routes,
    )
    url = listener.url
    desk = f", the review desk at {url}/review" if draft is not None else ""
    say(  # always (unless --quiet): with --port 0 it is the only way to learn the port
        f"Serving the explorer at {url}/, SPARQL at {url}/sparql and the named queries at "
        f"{url}/queries{desk} (Ctrl-C to stop)"
    )
    listener.run(app)


def _timeout(ctx: click.Context, obj: KGContext) -> float:
    """The query time limit: the global --timeout when given (0 refused), else the server's."""
    from kg.web.app import DEFAULT_TIMEOUT

    if ctx.find_root().get_parameter_source("timeout") in (
        None,
        click.core.ParameterSource.DEFAULT,
    ):
        return DEFAULT_TIMEOUT
    if not obj.timeout:
        raise click.UsageError("kg serve always limits queries: give --timeout SECONDS above 0")
    return obj.timeout


def reviewer_name(given: str | None) -> str:
    """The reviewer recorded in the file: ``given``, else the login name; one line, no '#'."""
    import getpass

    if given is None:
        try:
            given = getpass.getuser()
        except (KeyError, OSError):
            given = "unknown reviewer"
    if not given.strip() or any(ch in given for ch in "\n\r#"):
        raise click.BadParameter("give a name on one line, without '#'", param_hint="--reviewer")
    return given.strip()


def review_routes_for(draft: Path, data_dir: Path, reviewer: str | None) -> list[BaseRoute]:
    """The review desk's routes on ``draft`` (the registry of ``data_dir``), with a fresh token."""
    import secrets

    from kg.review.draft import Draft
    from kg.web.review import review_routes

    return review_routes(Draft(draft, data_dir), secrets.token_urlsafe(32), reviewer_name(reviewer))
