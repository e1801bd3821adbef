"""Commands for other sources and other stores: ``kg import unga`` and ``kg push``."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
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


def _sessions(ctx: click.Context, param: click.Parameter, value: str | None):  # type: ignore[no-untyped-def]
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
    from kg.adapters.unga import FILES, find_source, import_unga, read_economy_codes

    if obj.endpoint:
        raise click.UsageError(
            "kg import writes a local store; import with --store, then `kg push --endpoint`."
        )
    from kg.store import disk

    economies = read_economy_codes(obj.data_dir / "reference")
    if obj.store_path is None:
        imports = obj.build_dir / "imports"
        with disk.write_lock(imports):  # one import at a time; clean up after killed ones
            disk.clean_imports(imports)
            report = import_unga(src, imports, sessions, economies, obj.progress)
    else:
        from kg.adapters.unga import __file__ as adapter_file
        from kg.positions import __file__ as tables_file

        # what the import writes depends on the adapter and on the position table format
        key = hashlib.sha256(Path(adapter_file).read_bytes() + Path(tables_file).read_bytes())
        for kind in sorted(FILES):
            key.update(find_source(src, kind).read_bytes())
        key.update(repr(sessions).encode() + repr(sorted(economies)).encode())
        disk.clean(obj.store_path)  # what killed imports left behind
        with disk.write_lock(obj.store_path):  # "store is busy" if another process writes
            store = disk.open_synced(
                obj.store_path, obj.data_dir, obj.build_dir, obj.only_or_none, obj.progress
            )
            if disk.family_key(obj.store_path, "unga") == key.hexdigest():
                for graph, meta in store.graphs().items():
                    if meta["family"] == "unga":
                        click.echo(f"{graph.rsplit('/', 1)[-1]}\t{meta['quads']}\tunchanged")
                return
            work = Path(tempfile.mkdtemp(prefix=".import-", dir=obj.store_path))
            try:
                report = import_unga(src, work, sessions, economies, obj.progress)
                sources = [
                    disk.GraphSource(g.graph, g.path, g.sha256, g.quads, g.table)
                    for g in report.graphs
                ]
                disk.sync(obj.store_path, "unga", sources, key.hexdigest(), obj.progress)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    obj.progress.note(
        f"{report.votes:,} votes on {report.roll_calls:,} roll calls in {report.sessions} sessions; "
        f"{report.states} states besides the APEC economies; "
        f"{report.skipped_no_code:,} votes of states without a country code skipped"
    )
    for g in report.graphs:
        click.echo(f"{g.graph.rsplit('/', 1)[-1]}\t{g.quads}")


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
    from kg.errors import StoreError
    from kg.store.remote import gsp_url, push_graph

    target = gsp or gsp_url(push_endpoint)
    done: list[str] = []

    def send(graph: str, path: Path, quads: int, ntriples: bool = False) -> None:
        with obj.progress.step(f"Pushing {graph.rsplit('/', 1)[-1]}"):
            try:
                push_graph(target, graph, path, ntriples=ntriples, timeout=wait)
            except StoreError as exc:
                kept = "the others are" if done else "all graphs are"
                raise StoreError(
                    f"{exc}; {len(done)} graph(s) replaced before it (listed above), {kept} "
                    "as they were on the server; run kg push again"
                ) from None
        done.append(graph)
        click.echo(f"{graph}\t{quads}")

    if obj.store_path is not None:
        from kg.store.disk import DiskStore, open_synced

        open_synced(obj.store_path, obj.data_dir, obj.build_dir, obj.only_or_none, obj.progress)
        store = DiskStore.open(obj.store_path)
        with tempfile.TemporaryDirectory() as tmp:
            for graph, meta in sorted(store.graphs().items()):
                path = Path(tmp) / "graph.nt"
                store.dump_graph(graph, path)
                send(graph, path, meta["quads"], ntriples=True)
        return
    from kg.graph import compiled_nquads
    from kg.store.disk import import_files, split_nquads

    nq = compiled_nquads(obj.data_dir, obj.build_dir, obj.only_or_none)
    sources = [
        (s.graph, s.path, s.quads) for s in split_nquads(nq, obj.build_dir / "cache" / "graphs")
    ]
    from kg.adapters.unga import graph_iri

    for path in import_files(obj.build_dir / "imports"):
        with open(path, "rb") as f:
            quads = sum(1 for _ in f)
        sources.append((graph_iri(path.stem), path, quads))
    for graph, path, quads in sources:
        send(graph, path, quads)
