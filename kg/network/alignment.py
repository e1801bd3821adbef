"""Who agrees with whom: pair counts over shared targets, the evidence they rest on, coalitions.

The core, :func:`alignment_counts`, takes plain arrays (holder ids, target ids, stance
codes), so roll-call votes can be fed to it without going through RDF; graphs imported with a
position table are read from the table (:func:`alignment_observations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

import numpy as np

from kg.iris import key_ident, key_kind
from kg.network.edges import (
    HOLDER_KINDS,
    NO_FILTERS,
    Filters,
    PositionEdge,
    extract_positions,
    filter_positions,
    positions_for,
    table_mask,
)
from kg.positions import AGAINST, FOR, PositionTable, stance_code, table_meetings
from kg.store import Store
from kg.vocab import OPPOSED

if TYPE_CHECKING:
    import networkx as nx

COALITION_SEED = 42
"""Seed of the Louvain community detection: same data, same coalitions."""

MIN_SHARED = 3
"""Shared targets a pair of holders needs before its alignment counts as evidence of a bloc:
below it a pair is no edge of the coalition graph (one shared target with the same stance
says little about who stands with whom)."""


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
        if p.stance not in OPPOSED:
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


def alignment_observations(store: Store, filters: Filters = NO_FILTERS) -> Observations:
    """Every position in ``store`` that passes ``filters``, ready for :func:`alignment_matrix`.

    Graphs that came with a position table (``kg import``) are read from it; only the other
    graphs go through ``position_edges``. Without tables this equals
    ``Observations.of(*alignment_inputs(filter_positions(extract_positions(store), filters)))``.
    """
    tables = store.position_tables
    if not tables:
        return Observations.of(*alignment_inputs(positions_for(store, filters)))
    others = [g for g in store.named_graphs() if g not in tables]
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


class AlignmentRow(TypedDict):
    """One pair of :func:`alignment`."""

    a: str
    b: str
    both: int
    agree: int
    disagree: int
    score: float
    targets: list[str]


def alignment(
    positions: Sequence[PositionEdge], holders: Sequence[str] | None = None
) -> list[AlignmentRow]:
    """Pairs of named holders with at least one shared target, sorted by ``a`` then ``b``.

    Each row is ``{"a", "b", "both", "agree", "disagree", "score", "targets"}`` with ``a < b``
    (short ids), ``score`` rounded to 4 decimals and ``targets`` the short ids of the ``both``
    shared targets, sorted. ``holders`` restricts the pairs to those ids.
    """
    return alignment_rows(Observations.of(*alignment_inputs(positions)), holders)


def alignment_rows(obs: Observations, holders: Sequence[str] | None = None) -> list[AlignmentRow]:
    """:func:`alignment` from factorised observations (:func:`alignment_observations`)."""
    m = alignment_matrix(obs)
    score = m.score()
    wanted = set(holders) if holders else None
    rows: list[AlignmentRow] = []
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
    enough: tuple[AlignmentRow, ...]
    most: AlignmentRow | None

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


def evidence(pairs: Iterable[AlignmentRow], min_shared: int = MIN_SHARED) -> Evidence:
    """Which alignment pairs share at least ``min_shared`` targets, and the pair sharing most
    (ties: the first by ``a``, then ``b``)."""
    rows = sorted(pairs, key=lambda r: (r["a"], r["b"]))
    most = max(rows, key=lambda r: r["both"], default=None)
    enough = tuple(r for r in rows if r["both"] >= min_shared)
    return Evidence(min_shared, enough, most)


def agreement_graph(pairs: Iterable[AlignmentRow], min_shared: int = MIN_SHARED) -> nx.Graph:
    """Holders linked when they agreed more than they disagreed on at least ``min_shared``
    shared targets; weight = score."""
    import networkx as nx

    g = nx.Graph()
    for row in pairs:
        g.add_node(row["a"])
        g.add_node(row["b"])
        if row["score"] > 0.5 and row["both"] >= min_shared:
            g.add_edge(row["a"], row["b"], weight=row["score"])
    return g


def coalitions(
    pairs: Iterable[AlignmentRow],
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


def coalition_rows(
    pairs: Sequence[AlignmentRow], groups: Sequence[Sequence[str]], nested: bool = False
) -> list[dict[str, object]]:
    """The coalitions with their evidence, numbered from 1, largest first as given.

    ``nested``: one row per coalition with its ``members`` and its ``pairs`` (each pair of
    members sharing a target: ``a``, ``b``, ``both``, ``targets``). Otherwise one row per such
    pair (a coalition without one gets a row with empty ``pair``, ``both`` and ``targets``),
    for tables.
    """
    rows: list[dict[str, object]] = []
    for number, group in enumerate(groups, 1):
        members = set(group)
        inside = [
            {"a": p["a"], "b": p["b"], "both": p["both"], "targets": p["targets"]}
            for p in pairs
            if p["a"] in members and p["b"] in members
        ]
        head: dict[str, object] = {"coalition": number, "size": len(group)}
        if nested:
            rows.append({**head, "members": list(group), "pairs": inside})
            continue
        rows.extend(
            {
                **head,
                "members": list(group),
                "pair": f"{p['a']}-{p['b']}" if p else "",
                "both": p.get("both", ""),
                "targets": p.get("targets", []),
            }
            for p in inside or [{}]
        )
    return rows
