"""The graph as a network: RDF → networkx, alignment between holders, coalitions, brokers.

Pure functions: a ``Store`` goes in (read with the named queries ``position_edges``,
``graph_nodes`` and ``graph_links``), networkx graphs and plain rows come out. Nothing here
prints, writes files or imports pyvis (that is ``kg.viz``).

Node keys are the path of an entity's IRI under ``https://w3id.org/meetkg/id/``
(``economy/RU``, ``issue/tor-subsidiary-bodies``, ``proposal/cn-name-dps``), so an issue and a
document with the same slug stay apart. Every node carries ``kind``, ``ident`` (the short id
users type), ``label_en`` and ``label_zh``; position edges carry the stance, its side, the
meeting, date, speaker, the verbatim quote and its source offsets.

The alignment core, :func:`alignment_counts`, takes plain arrays (holder ids, target ids,
stance codes), so roll-call votes can be fed to it without going through RDF.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from kg import queries
from kg.iris import ID_BASE, ONTOLOGY, short_id
from kg.positions import PositionTable, table_meetings
from kg.store import Store, Value

if TYPE_CHECKING:
    import networkx as nx

log = logging.getLogger(__name__)

FOR, AGAINST = 1, -1
"""Stance codes of the two opposed sides; every "neither" stance gets a code of its own ≥ 2."""

SIDE_CODES = {"for": FOR, "against": AGAINST}
NEITHER_CODES = {"no-position": 2, "concedes": 3, "reserves": 4, "abstains": 5}
"""Codes of the known "neither" stances; an unknown neither-stance gets the next free code."""

VIEWS = ("issues", "alignment", "full")
HOLDER_KINDS = ("economy", "organisation", "forum", "post")
"""Kinds of holder that take part in alignment pairs (unnamed members do not)."""

TARGET_KINDS = ("issue", "proposal", "document")
COALITION_SEED = 42
"""Seed of the Louvain community detection: same data, same coalitions."""

MIN_SHARED = 3
"""Shared targets a pair of holders needs before its alignment counts as evidence of a bloc:
below it a pair is no edge of the coalition graph (one shared target with the same stance
says little about who stands with whom)."""


def node_key(iri: str) -> str:
    """Return the node key of a minted IRI (``…/id/economy/RU`` → ``economy/RU``)."""
    if iri == ONTOLOGY + "AllMembers":
        return "members"
    return iri[len(ID_BASE) :] if iri.startswith(ID_BASE) else iri


def key_kind(key: str) -> str:
    return key.partition("/")[0] if key.partition("/")[1] else ""


def key_ident(key: str) -> str:
    """The short id of a node key (``economy/RU`` → ``RU``), as ``kg.iris.short_id`` gives it."""
    return short_id(ID_BASE + key) if key_kind(key) else key


@dataclass(frozen=True)
class PositionEdge:
    """One position, flattened: who took which stance on what, where the report says so."""

    position: str
    holder: str
    target: str
    issue: str
    issue_chain: tuple[str, ...]
    stance: str
    side: str
    meeting: str
    date: str
    order: int
    section: str = ""
    speaker: str = ""
    speaker_name: str = ""
    responds_to: tuple[str, ...] = ()
    quote: str = ""
    rendering: str = ""
    source: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Filters:
    """Which positions to keep. Ids are node keys; dates are ``YYYY[-MM[-DD]]`` strings."""

    meeting: str | None = None
    issue: str | None = None
    since: str | None = None
    until: str | None = None
    meetings: frozenset[str] | None = None
    """Only these meetings (node keys), as a brief scoped by forum and date reads them."""


def extract_positions(store: Store, graphs: list[str] | None = None) -> list[PositionEdge]:
    """Run ``position_edges`` (one flat SELECT) and return its rows, in report order.

    The query's ``holder`` parameter is left unbound, so every position is read (of
    ``graphs`` only, when given).
    """
    out = []
    text = queries.load("position_edges").text
    for row in store.select(text, graphs=graphs):

        def text(name: str, row: dict = row) -> str:  # type: ignore[type-arg]
            return row[name].value if name in row else ""

        def keys(name: str, row: dict = row) -> tuple[str, ...]:  # type: ignore[type-arg]
            return tuple(sorted(node_key(v) for v in text(name, row).split()))

        out.append(
            PositionEdge(
                position=node_key(text("position")),
                holder=node_key(text("holder")),
                target=node_key(text("target")),
                issue=node_key(text("issue")),
                issue_chain=keys("issue_chain"),
                stance=key_ident(node_key(text("stance"))),
                side=text("side") or "neither",
                meeting=node_key(text("meeting")),
                date=text("date"),
                order=int(text("order") or 0),
                section=text("section"),
                speaker=node_key(text("speaker")) if text("speaker") else "",
                speaker_name=text("speaker_name"),
                responds_to=keys("responds_to"),
                quote=text("quote"),
                rendering=text("rendering"),
                source=text("source"),
                start=int(text("start") or -1),
                end=int(text("end") or -1),
            )
        )
    return out


def _date_in(date: str, since: str | None, until: str | None) -> bool:
    """Compare at the precision both dates share: ``2021-08`` is within ``--since 2021``."""
    if since is None and until is None:
        return True
    if not date:
        return False
    if since is not None:
        n = min(len(date), len(since))
        if date[:n] < since[:n]:
            return False
    if until is not None:
        n = min(len(date), len(until))
        if date[:n] > until[:n]:
            return False
    return True


def filter_positions(positions: Iterable[PositionEdge], filters: Filters) -> list[PositionEdge]:
    """Keep positions at the meeting, on the issue or any sub-issue, within the dates."""
    kept = []
    for p in positions:
        if filters.meeting and p.meeting != filters.meeting:
            continue
        if filters.meetings is not None and p.meeting not in filters.meetings:
            continue
        if filters.issue and filters.issue not in (p.target, p.issue, *p.issue_chain):
            continue
        if _date_in(p.date, filters.since, filters.until):
            kept.append(p)
    return kept


# --------------------------------------------------------------------------- alignment


@dataclass(frozen=True)
class AlignmentMatrix:
    """Pair counts between holders: ``both[i, j]``, ``agree[i, j]``, ``disagree[i, j]``."""

    holders: tuple[str, ...]
    both: np.ndarray
    agree: np.ndarray
    disagree: np.ndarray
    present: np.ndarray | None = None
    """``present[i, t]``: holder ``i`` took a stance on target ``target_ids[t]``."""
    target_ids: tuple[str, ...] = ()
    answered: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    """Targets a pair shares only through an explicit answer (``i < j``)."""

    def shared(self, i: int, j: int) -> list[str]:
        """The targets counted in ``both[i, j]``, as node keys, sorted."""
        found: set[str] = set(self.answered.get((min(i, j), max(i, j)), ()))
        if self.present is not None:
            common = np.flatnonzero(self.present[i] & self.present[j])
            found.update(self.target_ids[t] for t in common)
        return sorted(found)

    def score(self) -> np.ndarray:
        """``(agree + 0.5 × (both − agree − disagree)) / both``; NaN where ``both`` is 0."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return (self.agree + 0.5 * (self.both - self.agree - self.disagree)) / self.both


@dataclass(frozen=True)
class Response:
    """An explicit answer of one holder to another's position on ``target``: agree or not."""

    holder: str
    other: str
    target: str
    agrees: bool


def alignment_counts(
    holders: Sequence[str],
    targets: Sequence[str],
    codes: Sequence[int] | np.ndarray,
    responses: Sequence[Response] = (),
) -> AlignmentMatrix:
    """Count, for every pair of holders, the targets both took a stance on, agreed and disagreed on.

    The three sequences are parallel: observation ``k`` says that ``holders[k]`` took stance
    code ``codes[k]`` on ``targets[k]`` (``FOR`` = 1, ``AGAINST`` = -1, any other non-zero
    code a stance on neither side; 0 is ignored). When a holder has several observations on
    one target, the last one counts (order them by date). ``agree`` is the same code,
    ``disagree`` is ``FOR`` against ``AGAINST``. Everything is matrix algebra on a holders ×
    targets array, so 200 members × 6,000 roll calls take well under a second.

    ``responses`` add what the stances alone miss: an answer agreeing (or disagreeing) with
    another holder's position on a target adds one ``both`` and one ``agree`` (or
    ``disagree``) to that pair, unless both holders already took a stance on that target.
    """
    return alignment_matrix(Observations.of(holders, targets, codes, responses))


@dataclass(frozen=True)
class Observations:
    """Stances to align, factorised: observation ``k`` is holder ``holder_ids[h[k]]`` taking
    stance code ``codes[k]`` on ``target_ids[t[k]]``; ids sorted, in the order given."""

    holder_ids: np.ndarray
    h: np.ndarray
    target_ids: np.ndarray
    t: np.ndarray
    codes: np.ndarray
    responses: tuple[Response, ...] = ()

    @classmethod
    def of(
        cls,
        holders: Sequence[str] | np.ndarray,
        targets: Sequence[str] | np.ndarray,
        codes: Sequence[int] | np.ndarray,
        responses: Sequence[Response] = (),
    ) -> Observations:
        holder_ids, h = np.unique(np.asarray(holders, dtype=str), return_inverse=True)
        target_ids, t = np.unique(np.asarray(targets, dtype=str), return_inverse=True)
        return cls(
            holder_ids, h, target_ids, t, np.asarray(codes, dtype=np.int16), tuple(responses)
        )

    @classmethod
    def join(cls, parts: Sequence[Observations]) -> Observations:
        """One set from several, in order (each part's ids are mapped onto the union's)."""
        holder_ids = np.unique(np.concatenate([p.holder_ids for p in parts]))
        target_ids = np.unique(np.concatenate([p.target_ids for p in parts]))
        h = [np.searchsorted(holder_ids, p.holder_ids)[p.h] for p in parts]
        t = [np.searchsorted(target_ids, p.target_ids)[p.t] for p in parts]
        return cls(
            holder_ids,
            np.concatenate(h),
            target_ids,
            np.concatenate(t),
            np.concatenate([p.codes for p in parts]).astype(np.int16),
            tuple(r for p in parts for r in p.responses),
        )

    def __len__(self) -> int:
        return len(self.codes)


def alignment_matrix(obs: Observations) -> AlignmentMatrix:
    """:func:`alignment_counts` on factorised observations (no string sorting: a million
    votes from a position table take a fraction of a second)."""
    holder_ids, h_idx, target_ids, t_idx = obs.holder_ids, obs.h, obs.target_ids, obs.t
    code_arr, responses = obs.codes, obs.responses
    n_h, n_t = len(holder_ids), len(target_ids)
    matrix = np.zeros((n_h, n_t), dtype=np.int16)
    if len(code_arr):
        flat = h_idx.astype(np.int64) * n_t + t_idx
        # keep the last observation of each (holder, target): unique over the reversed keys
        _, last_rev = np.unique(flat[::-1], return_index=True)
        last = len(flat) - 1 - last_rev
        matrix.flat[flat[last]] = code_arr[last]
    present = (matrix != 0).astype(np.float64)
    both = present @ present.T
    agree = np.zeros_like(both)
    for code in np.unique(matrix[matrix != 0]):
        same = (matrix == code).astype(np.float64)
        agree += same @ same.T
    pro = (matrix == FOR).astype(np.float64)
    con = (matrix == AGAINST).astype(np.float64)
    disagree = pro @ con.T
    disagree += disagree.T
    seen: dict[tuple[int, int, str], bool] = {}
    if responses:
        h_pos = {h: i for i, h in enumerate(holder_ids)}
        t_pos = {t: i for i, t in enumerate(target_ids)}
        for r in responses:
            a, b = h_pos.get(r.holder), h_pos.get(r.other)
            if a is None or b is None or a == b:
                continue
            t = t_pos.get(r.target)
            if t is not None and present[a, t] and present[b, t]:
                continue  # already counted by the stances themselves
            seen.setdefault((min(a, b), max(a, b), r.target), r.agrees)
        if seen:
            rows = np.array([(a, b, int(ok)) for (a, b, _), ok in seen.items()], dtype=np.int64)
            for i, j in ((0, 1), (1, 0)):
                np.add.at(both, (rows[:, i], rows[:, j]), 1)
                np.add.at(agree, (rows[:, i], rows[:, j]), rows[:, 2])
                np.add.at(disagree, (rows[:, i], rows[:, j]), 1 - rows[:, 2])
    answered: dict[tuple[int, int], tuple[str, ...]] = {}
    for a, b, target in sorted(seen):
        answered[(a, b)] = (*answered.get((a, b), ()), target)
    return AlignmentMatrix(
        tuple(str(h) for h in holder_ids),
        both.astype(np.int64),
        agree.astype(np.int64),
        disagree.astype(np.int64),
        matrix != 0,
        tuple(str(t) for t in target_ids),
        answered,
    )


def stance_code(stance: str, side: str) -> int:
    """The alignment code of a stance: its side for ``for``/``against``, its own code otherwise."""
    if side in SIDE_CODES:
        return SIDE_CODES[side]
    return NEITHER_CODES.get(stance, 100 + sum(ord(c) for c in stance))


def is_pair_holder(key: str) -> bool:
    """Named holders only: unnamed members may be different members each time."""
    return key_kind(key) in HOLDER_KINDS


def alignment_inputs(
    positions: Sequence[PositionEdge],
) -> tuple[list[str], list[str], list[int], list[Response]]:
    """Arrays for :func:`alignment_counts` from positions (holders as short ids)."""
    named = [p for p in positions if is_pair_holder(p.holder)]
    holders = [key_ident(p.holder) for p in named]
    targets = [p.target for p in named]
    codes = [stance_code(p.stance, p.side) for p in named]
    by_position = {p.position: p for p in positions}
    responses = []
    for p in named:
        if p.stance not in ("supports", "opposes"):
            continue
        for answered in p.responds_to:
            other = by_position.get(answered)
            if other is not None and is_pair_holder(other.holder) and other.holder != p.holder:
                responses.append(
                    Response(
                        key_ident(p.holder),
                        key_ident(other.holder),
                        other.target,
                        p.stance == "supports",
                    )
                )
    return holders, targets, codes, responses


def table_mask(table: PositionTable, filters: Filters) -> np.ndarray:
    """Which rows of a position table pass ``filters`` (as :func:`filter_positions` would)."""
    keep = np.ones(len(table), dtype=bool)
    if filters.meeting:
        keep &= table.meetings[table.m] == filters.meeting
    if filters.meetings is not None:
        keep &= np.isin(table.meetings, sorted(filters.meetings))[table.m]
    if filters.issue:
        on = np.array(
            [
                filters.issue == k or filters.issue in c.split()
                for k, c in zip(table.targets, table.chains, strict=True)
            ],
            dtype=bool,
        )
        keep &= on[table.t]
    if filters.since is not None or filters.until is not None:
        dated = np.array(
            [_date_in(str(d), filters.since, filters.until) for d in table.meeting_dates],
            dtype=bool,
        )
        keep &= dated[table.m]
    return keep


def table_observations(table: PositionTable, filters: Filters) -> Observations:
    """The rows of a position table that pass ``filters``, as :func:`alignment_inputs` would
    give them for the same positions (holders as short ids)."""
    keep = table_mask(table, filters)
    idents = np.array([key_ident(str(k)) for k in table.holders], dtype=str)
    order = np.argsort(idents)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    targets = np.argsort(table.targets)
    t_rank = np.empty_like(targets)
    t_rank[targets] = np.arange(len(targets))
    return Observations(
        idents[order],
        rank[table.h[keep]],
        table.targets[targets],
        t_rank[table.t[keep]],
        table.codes[keep].astype(np.int16),
    )


def positions_for(store: Store, filters: Filters = Filters()) -> list[PositionEdge]:
    """``filter_positions(extract_positions(store), filters)``, skipping graphs whose position
    table says no position of theirs passes the filters (``kg view --meeting desg-2021-08``
    next to a million votes reads the report's positions only)."""
    tables = store.position_tables
    skip = {g for g, p in tables.items() if not table_mask(PositionTable.load(p), filters).any()}
    graphs = [g for g in store.named_graphs() if g not in skip] if skip else None  # type: ignore[attr-defined]
    return filter_positions(extract_positions(store, graphs), filters)


def alignment_observations(store: Store, filters: Filters = Filters()) -> Observations:
    """Every position in ``store`` that passes ``filters``, ready for :func:`alignment_matrix`.

    Graphs that came with a position table (``kg import``) are read from it; only the other
    graphs go through ``position_edges``. Without tables this equals
    ``Observations.of(*alignment_inputs(filter_positions(extract_positions(store), filters)))``.
    """
    tables = store.position_tables
    if not tables:
        return Observations.of(*alignment_inputs(positions_for(store, filters)))
    others = [g for g in store.named_graphs() if g not in tables]  # type: ignore[attr-defined]
    parts = [
        Observations.of(
            *alignment_inputs(filter_positions(extract_positions(store, others), filters))
        )
    ]
    for graph in sorted(tables):
        if filters.meetings is not None and filters.meetings.isdisjoint(
            table_meetings(tables[graph])
        ):
            continue  # none of its meetings is wanted: not worth loading
        parts.append(table_observations(PositionTable.load(tables[graph]), filters))
    return Observations.join(parts)


def alignment(
    positions: Sequence[PositionEdge], holders: Sequence[str] | None = None
) -> list[dict[str, object]]:
    """Pairs of named holders with at least one shared target, sorted by ``a`` then ``b``.

    Each row is ``{"a", "b", "both", "agree", "disagree", "score", "targets"}`` with ``a < b``
    (short ids), ``score`` rounded to 4 decimals and ``targets`` the short ids of the ``both``
    shared targets, sorted. ``holders`` restricts the pairs to those ids.
    """
    return alignment_rows(Observations.of(*alignment_inputs(positions)), holders)


def alignment_rows(
    obs: Observations, holders: Sequence[str] | None = None
) -> list[dict[str, object]]:
    """:func:`alignment` from factorised observations (:func:`alignment_observations`)."""
    m = alignment_matrix(obs)
    score = m.score()
    wanted = set(holders) if holders else None
    rows = []
    for i, a in enumerate(m.holders):
        for j in range(i + 1, len(m.holders)):
            b = m.holders[j]
            if m.both[i, j] == 0 or (wanted is not None and not (a in wanted and b in wanted)):
                continue
            rows.append(
                {
                    "a": a,
                    "b": b,
                    "both": int(m.both[i, j]),
                    "agree": int(m.agree[i, j]),
                    "disagree": int(m.disagree[i, j]),
                    "score": round(float(score[i, j]), 4),
                    "targets": [key_ident(t) for t in m.shared(i, j)],
                }
            )
    return rows


@dataclass(frozen=True)
class Evidence:
    """How much the alignment pairs rest on: the minimum of shared targets, the pairs at or
    above it, and the best-supported pair (most shared targets; ``None`` without pairs)."""

    min_shared: int
    enough: tuple[dict[str, object], ...]
    most: dict[str, object] | None

    @property
    def blocs(self) -> bool:
        """Whether any pair shares ``min_shared`` or more targets."""
        return bool(self.enough)

    def too_little(self) -> str:
        """The sentence that says there is too little evidence for blocs (English)."""
        most = self.most
        where = f", between {most['a']} and {most['b']}" if most else ""
        return (
            f"too little evidence for blocs: no pair of holders shares {self.min_shared} or "
            f"more targets (most: {most['both'] if most else 0}{where})"
        )


def evidence(pairs: Iterable[dict[str, object]], min_shared: int = MIN_SHARED) -> Evidence:
    """Which alignment pairs share at least ``min_shared`` targets, and the pair sharing most
    (ties: the first by ``a``, then ``b``)."""
    rows = sorted(pairs, key=lambda r: (str(r["a"]), str(r["b"])))
    most = max(rows, key=lambda r: int(r["both"]), default=None)  # type: ignore[call-overload]
    enough = tuple(r for r in rows if int(r["both"]) >= min_shared)  # type: ignore[call-overload]
    return Evidence(min_shared, enough, most)


def agreement_graph(pairs: Iterable[dict[str, object]], min_shared: int = MIN_SHARED) -> nx.Graph:
    """Holders linked when they agreed more than they disagreed on at least ``min_shared``
    shared targets; weight = score."""
    import networkx as nx

    g = nx.Graph()
    for row in pairs:
        g.add_node(row["a"])
        g.add_node(row["b"])
        if float(row["score"]) > 0.5 and int(row["both"]) >= min_shared:  # type: ignore[arg-type, call-overload]
            g.add_edge(row["a"], row["b"], weight=float(row["score"]))  # type: ignore[arg-type]
    return g


def coalitions(
    pairs: Iterable[dict[str, object]],
    seed: int = COALITION_SEED,
    min_shared: int = MIN_SHARED,
) -> list[list[str]]:
    """Louvain communities of the agreement graph, largest first, members sorted.

    Only pairs sharing ``min_shared`` or more targets are edges; holders that agreed with
    nobody on that much form coalitions of one. The seed fixes the result.
    """
    import networkx as nx

    g = agreement_graph(pairs, min_shared)
    if g.number_of_nodes() == 0:
        return []
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(g.nodes))
    ordered.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True)))
    found = nx.community.louvain_communities(ordered, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


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
    rows = []
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
    return sorted(rows, key=lambda r: (-r["betweenness"], -r["degree"], r["kind"], r["id"]))  # type: ignore[operator]


# --------------------------------------------------------------------------- projection


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


def node_labels(store: Store) -> dict[str, tuple[str, str, str]]:
    """Node key → (English label, Traditional Chinese label, date) from ``graph_nodes``
    (its ``kind`` parameter left unbound: every kind)."""
    out = {}
    for row in store.select(queries.load("graph_nodes").text):
        get = row.get
        out[node_key(row["node"].value)] = tuple(
            get(k).value if get(k) else "" for k in ("label_en", "label_zh", "date")
        )
    return out  # type: ignore[return-value]


def to_networkx(
    store: Store, filters: Filters = Filters(), view: str = "full", min_shared: int = MIN_SHARED
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
        b.node(p.holder)
        b.node(p.target)
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
        b.graph.add_edge(p.holder, p.target, key=p.position, **attrs)
    text = queries.load("graph_links").text
    if view == "issues":  # only these two relations are drawn: ask for them alone
        string = queries.LITERAL_TYPES["string"]
        links = [
            row
            for link in ("onIssue", "broader")
            for row in store.select(text, {"link": Value("literal", link, "", string)})
        ]
    else:
        links = list(store.select(text))
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
    for key, data in b.graph.nodes(data=True):  # outcomes are named by what they decided
        if data["kind"] == "outcome" and data["label_en"] == data["ident"]:
            status = next(
                (
                    d.get("status")
                    for _, _, d in b.graph.out_edges(key, data=True)
                    if d.get("status")
                ),
                "",
            )
            if status:
                data["label_en"] = data["label"] = f"{status} ({data['ident'].split('/')[-1]})"
    return b.graph


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
            targets=" ".join(row["targets"]),  # type: ignore[arg-type]
            **{k: row[k] for k in ("both", "agree", "disagree", "score")},
        )
    return b.graph


# --------------------------------------------------------------------------- export


MIN_WEIGHT = 0.001
"""The weight of an alignment edge whose score is 0 (the pair always disagreed): Gephi drops
(or fails on) edges of weight 0, and the pair did share targets."""


def edge_weight(data: dict[str, object]) -> float:
    """The ``weight`` an exported edge carries (Gephi and networkx read it).

    An alignment edge weighs its ``score`` (0 to 1: how often the pair agreed), at least
    ``MIN_WEIGHT``; every other edge (a position, a link) weighs 1.
    """
    if data.get("relation") == "alignment" and isinstance(data.get("score"), (int, float)):
        return max(float(data["score"]), MIN_WEIGHT)  # type: ignore[arg-type]
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


__all__ = [
    "AlignmentMatrix",
    "Evidence",
    "Filters",
    "MIN_SHARED",
    "PositionEdge",
    "Response",
    "alignment",
    "alignment_counts",
    "alignment_inputs",
    "alignment_matrix",
    "alignment_observations",
    "alignment_rows",
    "Observations",
    "table_mask",
    "table_observations",
    "brokers",
    "coalitions",
    "edge_weight",
    "evidence",
    "export",
    "extract_positions",
    "filter_positions",
    "positions_for",
    "node_key",
    "key_ident",
    "stance_code",
    "to_networkx",
    "VIEWS",
]
