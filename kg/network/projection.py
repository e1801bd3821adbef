"""The graph as networkx views (issues, alignment, full), brokers, and GEXF/GraphML export."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg import queries
from kg.iris import key_ident, key_kind, node_key
from kg.network.alignment import MIN_SHARED, alignment, coalitions, evidence, is_pair_holder
from kg.network.edges import (
    NO_FILTERS,
    Filters,
    PositionEdge,
    positions_for,
)
from kg.store import Store, Value

if TYPE_CHECKING:
    import networkx as nx

VIEWS = ("issues", "alignment", "full")


def brokers(graph: nx.MultiDiGraph) -> list[dict[str, object]]:
    """Degree and betweenness centrality of holders and targets in the position network.

    Computed on the undirected simple graph of holder–target links (plus proposal → issue and
    sub-issue links), sorted by betweenness, then degree, then id.
    """
    import networkx as nx

    simple = nx.Graph()
    for u, v, d in graph.edges(data=True):
        if d.get("relation") in ("position", "onIssue", "broader"):
            simple.add_edge(u, v)
    if simple.number_of_nodes() == 0:
        return []
    between = nx.betweenness_centrality(simple, normalized=True)
    degree = nx.degree_centrality(simple)
    rows: list[dict[str, Any]] = []
    for n in simple.nodes:
        attrs = graph.nodes[n]
        rows.append(
            {
                "id": attrs.get("ident", n),
                "kind": attrs.get("kind", ""),
                "label": attrs.get("label_en", ""),
                "degree": simple.degree(n),
                "degree_centrality": round(degree[n], 4),
                "betweenness": round(between[n], 4),
            }
        )
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["kind"], r["id"]))


def _new_graph() -> nx.MultiDiGraph:
    """An empty graph; networkx is imported here, when a graph is built, not with the module
    (0.2 s that an economy brief's alignment row does without)."""
    import networkx as nx

    return nx.MultiDiGraph()


@dataclass
class _Builder:
    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    graph: nx.MultiDiGraph = field(default_factory=_new_graph)

    def node(self, key: str) -> str:
        if key not in self.graph:
            kind = key_kind(key) or key
            en, zh, date = self.labels.get(key, ("", "", ""))
            ident = key_ident(key)
            attrs: dict[str, object] = {
                "kind": kind,
                "ident": ident,
                "label_en": en or ident,
                "label_zh": zh or en or ident,
                "label": en or ident,
            }
            if date:
                attrs["date"] = date
            self.graph.add_node(key, **attrs)
        return key

    def position(self, p: PositionEdge) -> None:
        """A position edge, holder → target, with its stance, meeting and quoted evidence."""
        self.node(p.holder)
        self.node(p.target)
        attrs: dict[str, object] = {
            "relation": "position",
            "stance": p.stance,
            "side": p.side,
            "meeting": key_ident(p.meeting),
            "date": p.date,
            "order": p.order,
            "section": p.section,
            "speaker": key_ident(p.speaker) if p.speaker else "",
            "speaker_name": p.speaker_name,
            "responds_to": " ".join(key_ident(r) for r in p.responds_to),
            "quote": p.quote,
            "rendering": p.rendering,
            "source": p.source,
            "quote_start": p.start,
            "quote_end": p.end,
            "statement": key_ident(p.position),
        }
        self.graph.add_edge(p.holder, p.target, key=p.position, **attrs)


def node_labels(store: Store) -> dict[str, tuple[str, str, str]]:
    """Node key → (English label, Traditional Chinese label, date) from ``graph_nodes``
    (its ``kind`` parameter left unbound: every kind)."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in store.select(queries.load("graph_nodes").text):
        en, zh, date = (
            row[k].value if row.get(k) else "" for k in ("label_en", "label_zh", "date")
        )
        out[node_key(row["node"].value)] = (en, zh, date)
    return out


def to_networkx(
    store: Store, filters: Filters = NO_FILTERS, view: str = "full", min_shared: int = MIN_SHARED
) -> nx.MultiDiGraph:
    """Project the graph (or one view of it) onto a networkx ``MultiDiGraph``.

    Views: ``issues`` holds holders, issues, proposals and documents with position edges
    (holder → target), proposal → issue and sub-issue → issue links; ``alignment`` holds named
    holders linked by agreement (one edge per pair sharing a target: ``both``, ``score`` and the
    shared ``targets``; ``coalition`` on nodes, -1 outside any bloc of two or more, blocs drawn
    from pairs sharing ``min_shared`` or more targets, which the graph's ``min_shared`` and
    ``blocs`` attributes record);
    ``full`` adds people, posts, fora, meetings, outcomes, actions, projects and focus areas.
    Filters select positions; in ``full``, other relations are then kept when one end is a
    holder or target of a selected position (one hop), and relations of another meeting
    are dropped.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    positions = positions_for(store, filters)
    b = _Builder(node_labels(store))
    if view == "alignment":
        return _alignment_view(b, positions, min_shared)
    for p in positions:
        b.position(p)
    _add_qualifications(b.graph, store)
    _add_links(b, _links(store, view), view, filters)
    _name_outcomes(b.graph)
    return b.graph


def _add_qualifications(graph: nx.MultiDiGraph, store: Store) -> None:
    """Give each position edge whose position the report qualifies a ``qualifications``
    attribute: ``kind: quote`` for each, in order, joined by `` | `` (one text, so that
    GEXF and GraphML keep it)."""
    found: dict[str, list[str]] = {}
    for row in store.select(queries.load("_qualifications").text):
        key = node_key(row["statement"].value)
        found.setdefault(key, []).append(f"{row['kind'].value}: {row['quote'].value}")
    if not found:
        return
    for _, _, key, data in graph.edges(keys=True, data=True):
        if key in found and data.get("relation") == "position":
            data["qualifications"] = " | ".join(found[key])


def _links(store: Store, view: str) -> list[dict[str, Value]]:
    """The rows of ``graph_links`` a view draws (for ``issues``, its two relations only)."""
    text = queries.load("graph_links").text
    if view != "issues":
        return list(store.select(text))
    string = queries.LITERAL_TYPES["string"]
    return [
        row
        for link in ("onIssue", "broader")
        for row in store.select(text, {"link": Value("literal", link, "", string)})
    ]


def _add_links(b: _Builder, links: list[dict[str, Value]], view: str, filters: Filters) -> None:
    """Add the ``links`` the view keeps: in ``issues``, issue links from nodes already drawn; in
    ``full``, with filters, links one hop around the selected positions and not of another
    meeting."""
    filtered = any((filters.meeting, filters.issue, filters.since, filters.until))
    core = set(b.graph.nodes)  # with filters, `full` adds one hop around the selected positions
    for _ in range(2):  # a second pass reaches the parents of issues added by the first
        for row in links:
            rel = row["relation"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            s, o = node_key(row["subject"].value), node_key(row["object"].value)
            if view == "issues":
                keep = rel in ("onIssue", "broader") and s in b.graph
            else:
                keep = not filtered or s in core or o in core
                if (
                    filters.meeting
                    and "meeting" in row
                    and node_key(row["meeting"].value) != filters.meeting
                ):
                    keep = False
            edge = f"{rel}:{s}->{o}"
            if not keep or b.graph.has_edge(s, o, key=edge):
                continue
            attrs = {"relation": rel}
            if "status" in row:
                attrs["status"] = row["status"].value
            b.graph.add_edge(b.node(s), b.node(o), key=edge, **attrs)


def _name_outcomes(graph: nx.MultiDiGraph) -> None:
    """Label an outcome without a label of its own by what it decided: ``status (ident)``."""
    for key, data in graph.nodes(data=True):
        if data["kind"] == "outcome" and data["label_en"] == data["ident"]:
            status = next(
                (d.get("status") for _, _, d in graph.out_edges(key, data=True) if d.get("status")),
                "",
            )
            if status:
                data["label_en"] = data["label"] = f"{status} ({data['ident'].split('/')[-1]})"


def _alignment_view(
    b: _Builder, positions: list[PositionEdge], min_shared: int = MIN_SHARED
) -> nx.MultiDiGraph:
    pairs = alignment(positions)
    groups = [g for g in coalitions(pairs, min_shared=min_shared) if len(g) > 1]
    coalition_of = {h: i for i, members in enumerate(groups) for h in members}
    found = evidence(pairs, min_shared)
    b.graph.graph.update(min_shared=min_shared, blocs=len(groups))
    if found.most is not None:
        b.graph.graph.update(
            most_shared=found.most["both"], most_a=found.most["a"], most_b=found.most["b"]
        )
    by_ident = {key_ident(p.holder): p.holder for p in positions if is_pair_holder(p.holder)}
    for ident in sorted(by_ident):
        b.node(by_ident[ident])
        b.graph.nodes[by_ident[ident]]["coalition"] = coalition_of.get(ident, -1)
    for row in pairs:
        a, c = by_ident[str(row["a"])], by_ident[str(row["b"])]
        b.graph.add_edge(
            a,
            c,
            key=f"align:{row['a']}-{row['b']}",
            relation="alignment",
            targets=" ".join(row["targets"]),
            **{k: row[k] for k in ("both", "agree", "disagree", "score")},
        )
    return b.graph


MIN_WEIGHT = 0.001
"""The weight of an alignment edge whose score is 0 (the pair always disagreed): Gephi drops
(or fails on) edges of weight 0, and the pair did share targets."""


def edge_weight(data: dict[str, object]) -> float:
    """The ``weight`` an exported edge carries (Gephi and networkx read it).

    An alignment edge weighs its ``score`` (0 to 1: how often the pair agreed), at least
    ``MIN_WEIGHT``; every other edge (a position, a link) weighs 1.
    """
    score = data.get("score")
    if data.get("relation") == "alignment" and isinstance(score, (int, float)):
        return max(float(score), MIN_WEIGHT)
    return 1.0


def flat_attrs(graph: nx.MultiDiGraph, directed: bool = True) -> nx.MultiGraph:
    """A copy with only str/int/float attribute values (what GEXF and GraphML writers take),
    and a numeric ``weight`` on every edge (:func:`edge_weight`).

    Text (node keys, edge keys and string values) goes through ``kg.graph.xml_safe``: a
    control character XML 1.0 cannot carry (NUL, ESC, VT…, from a verbatim quote) is written
    as its notation ``\\u001B``; every other character, DEL and U+2028 included, is kept.
    ``directed=False`` gives an undirected ``MultiGraph`` (the alignment view is symmetric).
    """
    import networkx as nx

    from kg.graph import xml_safe

    def clean(value: object) -> object:
        return xml_safe(value) if isinstance(value, str) else value

    def attrs(data: dict[str, object]) -> dict[str, object]:
        return {
            xml_safe(k): clean(v)
            for k, v in data.items()
            if isinstance(v, (str, int, float)) and v != ""
        }

    out = nx.MultiDiGraph() if directed else nx.MultiGraph()
    for n, d in sorted(graph.nodes(data=True)):
        out.add_node(clean(n), **attrs(d))
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        out.add_edge(clean(u), clean(v), key=clean(k), **{**attrs(d), "weight": edge_weight(d)})
    return out


def is_alignment(graph: nx.MultiDiGraph) -> bool:
    """Whether ``graph`` is the alignment view: edges, and every one an alignment."""
    relations = {d.get("relation") for _, _, d in graph.edges(data=True)}
    return relations == {"alignment"}


def export(graph: nx.MultiDiGraph, fmt: str, directed: bool | None = None) -> bytes:
    """Serialise as ``gexf`` (Gephi) or ``graphml``, every attribute kept, UTF-8 bytes.

    Every edge carries a numeric ``weight`` (:func:`edge_weight`). The alignment view is
    written undirected (agreement is symmetric), the other views directed; ``directed``
    overrides what is read from the edges (:func:`is_alignment`). The file is always
    well-formed XML 1.0: text is made safe by ``flat_attrs``.
    """
    import networkx as nx

    if directed is None:
        directed = not is_alignment(graph)
    flat = flat_attrs(graph, directed)
    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(flat, buf, encoding="utf-8", prettyprint=True)
        # networkx stamps today's date into <meta>: drop it, generated files carry no dates
        return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)
    elif fmt == "graphml":
        nx.write_graphml(flat, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return buf.getvalue()
