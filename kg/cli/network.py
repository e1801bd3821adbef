"""Commands on the network projection: ``kg network …`` (alignment, coalitions, brokers, export)
and ``kg view`` (one offline HTML page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli import KGContext, cli, pass_ctx
from kg.cli.options import emit, format_choice, output_option
from kg.output import render_rows

if TYPE_CHECKING:
    from kg.network import Filters

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _DATE.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--meeting``, ``--issue`` (sub-issues included), ``--since``, ``--until``."""
    for opt in reversed(
        [
            click.option(
                "--meeting", help="Only positions taken at this meeting (id, e.g. desg-2021-08)."
            ),
            click.option(
                "--issue", help="Only positions on this issue, its sub-issues and their proposals."
            ),
            click.option(
                "--since",
                callback=_date,
                metavar="DATE",
                help="Only meetings on or after DATE (YYYY[-MM[-DD]]).",
            ),
            click.option(
                "--until", callback=_date, metavar="DATE", help="Only meetings on or before DATE."
            ),
        ]
    ):
        f = opt(f)
    return f


def _filters(
    obj: KGContext, meeting: str | None, issue: str | None, since: str | None, until: str | None
) -> Filters:
    from kg.network import Filters, node_key
    from kg.queries import resolve_id

    store = obj.store()
    m = node_key(resolve_id(store, "meeting", meeting, "--meeting").value) if meeting else None
    i = node_key(resolve_id(store, "issue", issue, "--issue").value) if issue else None
    return Filters(meeting=m, issue=i, since=since, until=until)


min_shared_option = click.option(
    "--min-shared",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    metavar="N",
    help="Shared targets a pair needs to count as evidence of a bloc; fewer: too little evidence.",
)


format_option = format_choice(("table", "csv", "tsv", "json"))


@cli.group()
def network() -> None:
    """Who stands with whom: alignment, coalitions, brokers, GEXF/GraphML export.

    \b
    Example:
      kg network alignment --holders US,CN,RU --format json
      kg network coalitions
      kg network brokers --issue tor-2022-2025
      kg network export --format gexf -o build/meeting.gexf
    """


@network.command()
@click.option(
    "--holders",
    metavar="IDS",
    help="Comma-separated holder ids (e.g. US,CN,RU): only pairs among them.",
)
@filter_options
@format_option
@output_option
@pass_ctx
def alignment(
    obj: KGContext,
    holders: str | None,
    meeting: str | None,
    issue: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Pairwise alignment of holders: targets in common, agreements, disagreements, score.

    One row per pair of named holders with at least one target in common, sorted by a, then
    b. score = (agree + 0.5 × (both − agree − disagree)) / both. targets lists the ids of
    the both shared targets (space-separated; a list in JSON). Unnamed members are left out.

    \b
    Example:
      kg network alignment
      kg network alignment --holders US,CN,RU --format json
      kg network alignment --issue tor-2022-2025 -f csv -o build/alignment.csv
    """
    from kg import network as net
    from kg.queries import resolve_id

    filters = _filters(obj, meeting, issue, since, until)
    wanted = None
    if holders:
        wanted = [
            net.key_ident(
                net.node_key(resolve_id(obj.store(), "holder", h.strip(), "--holders").value)
            )
            for h in holders.split(",")
            if h.strip()
        ]
    rows = net.alignment_rows(net.alignment_observations(obj.store(), filters), wanted)
    columns = ["a", "b", "both", "agree", "disagree", "score", "targets"]
    emit(render_rows(rows, columns, fmt), output)


@network.command()
@min_shared_option
@filter_options
@format_option
@output_option
@pass_ctx
def coalitions(
    obj: KGContext,
    min_shared: int,
    meeting: str | None,
    issue: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Coalitions: Louvain communities of holders that agreed more than they disagreed.

    Only pairs sharing --min-shared targets or more count as evidence. When no pair does, the
    output holds no coalition and stderr says "too little evidence for blocs" (exit status 0).
    Otherwise each coalition, largest first, members sorted, with its evidence: one row per
    member pair sharing a target (pair, both = n shared targets, targets = which ones); in
    JSON one object per coalition with its list of pairs. Deterministic (fixed seed).

    \b
    Example:
      kg network coalitions
      kg network coalitions --min-shared 1 --format json
      kg network coalitions --meeting desg-2021-08 --format json
    """
    from kg import network as net

    observations = net.alignment_observations(
        obj.store(), _filters(obj, meeting, issue, since, until)
    )
    pairs = net.alignment_rows(observations)
    found = net.evidence(pairs, min_shared)
    groups = net.coalitions(pairs, min_shared=min_shared) if found.blocs else []
    rows = net.coalition_rows(pairs, groups, nested=fmt == "json")
    columns = ["coalition", "size", "members", "pair", "both", "targets"]
    emit(render_rows(rows, columns, fmt), output)
    if not found.blocs:
        click.echo(found.too_little(), err=True)


@network.command()
@filter_options
@format_option
@output_option
@pass_ctx
def brokers(
    obj: KGContext,
    meeting: str | None,
    issue: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Brokers: degree and betweenness centrality of holders, issues and proposals.

    Computed on the position network (holder — target, proposal — issue, sub-issue — issue);
    sorted by betweenness, then degree.

    \b
    Example:
      kg network brokers
      kg network brokers --issue tor-2022-2025 --format csv
    """
    from kg import network as net

    graph = net.to_networkx(obj.store(), _filters(obj, meeting, issue, since, until), view="issues")
    rows = net.brokers(graph)
    emit(
        render_rows(
            rows, ["id", "kind", "label", "degree", "degree_centrality", "betweenness"], fmt
        ),
        output,
    )


@network.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["gexf", "graphml"]),
    default="gexf",
    show_default=True,
    help="File format (both open in Gephi and networkx).",
)
@click.option(
    "--view",
    type=click.Choice(["issues", "alignment", "full"]),
    default="full",
    show_default=True,
    help="Which projection to export.",
)
@filter_options
@output_option
@pass_ctx
def export(
    obj: KGContext,
    fmt: str,
    view: str,
    meeting: str | None,
    issue: str | None,
    since: str | None,
    until: str | None,
    output: Path | None,
) -> None:
    """Write the network as GEXF or GraphML, with every node and edge attribute.

    Labels are flattened to label_en and label_zh; quotes keep their source offsets
    (quote_start, quote_end). Every edge has a numeric weight (Gephi reads it): the
    agreement score in the alignment view, 1 elsewhere. The alignment view is undirected
    (agreement is symmetric); the others keep their direction (holder → target).

    \b
    Example:
      kg network export --format gexf -o build/meeting.gexf
      kg network export --format graphml --view alignment -o build/alignment.graphml
    """
    from kg import network as net

    graph = net.to_networkx(obj.store(), _filters(obj, meeting, issue, since, until), view=view)
    emit(net.export(graph, fmt, directed=view != "alignment"), output)


def _nothing_to_draw(
    obj: KGContext, meeting: str | None, issue: str | None, since: str | None, until: str | None
) -> str:
    """Why ``kg view`` has nothing to draw: the filters given and the meetings on record."""
    from kg import queries

    given = [
        f"--{name} {value}"
        for name, value in (
            ("meeting", meeting),
            ("issue", issue),
            ("since", since),
            ("until", until),
        )
        if value
    ]
    dates = sorted(
        row["date"].value
        for row in obj.store().select(queries.load("brief_meetings").text)
        if "date" in row
    )
    held = (
        f"meetings on record run from {dates[0]} to {dates[-1]}"
        if dates
        else "no meeting is on record"
    )
    why = f"no position passes {' '.join(given)}" if given else "the graph has no position"
    return f"nothing to draw: {why} ({held}); widen the filters, or see `kg list meetings`"


@cli.command()
@click.option(
    "--view",
    type=click.Choice(["issues", "alignment", "full"]),
    default="issues",
    show_default=True,
    help="issues: holders ↔ issues and proposals; alignment: holder ↔ holder; full: everything.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh-Hant", "en"]),
    default="zh-Hant",
    show_default=True,
    help="Language of labels and legend: Traditional Chinese, like `kg brief`, or English.",
)
@min_shared_option
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write [default: <build dir>/<view>.html].",
)
@pass_ctx
def view(
    obj: KGContext,
    view: str,
    lang: str,
    min_shared: int,
    meeting: str | None,
    issue: str | None,
    since: str | None,
    until: str | None,
    output: Path | None,
) -> None:
    """Write an interactive network as one self-contained HTML file that works offline.

    Hover an edge for the stance, speaker, verbatim quote and its place in the source report.
    Prints the path written; node and edge counts go to stderr. Labels are in Traditional
    Chinese unless --lang en, the same default as `kg brief`. The alignment view draws only
    pairs sharing --min-shared targets or more, colours their coalitions, and says so in
    its legend (or that there is too little evidence for blocs).

    \b
    Example:
      kg view --view issues -o build/meeting.html
      kg view --view alignment --lang en -o build/alignment.html
    """
    from kg import network as net
    from kg.cli.options import check_output, write_output
    from kg.viz import EmptyView, view_html

    check_output(output)

    filters = _filters(obj, meeting, issue, since, until)
    graph = net.to_networkx(obj.store(), filters, view=view, min_shared=min_shared)
    if graph.number_of_nodes() == 0:
        raise EmptyView(_nothing_to_draw(obj, meeting, issue, since, until))
    path = output or obj.build_dir / f"{view}.html"
    page, stats = view_html(graph, view, lang)
    write_output(path, page.encode("utf-8"))
    obj.progress.note(f"{stats.nodes} nodes, {stats.edges} edges, {stats.size:,} bytes")
    click.echo(str(path))
