"""Positions as flat edges (holder → target, with the evidence), node keys and filters.

``extract_positions`` reads every position with the named query ``position_edges``;
``positions_for`` skips the graphs whose position table (``kg.positions``, kept by the store)
says none of their positions passes the filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from kg import queries
from kg.iris import key_ident, node_key
from kg.positions import PositionTable
from kg.store import Store, Value

HOLDER_KINDS = ("economy", "organisation", "forum", "post")
"""Kinds of holder that take part in alignment pairs (unnamed members do not)."""

TARGET_KINDS = ("issue", "proposal", "document")


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


NO_FILTERS = Filters()
"""Every position."""


def extract_positions(store: Store, graphs: list[str] | None = None) -> list[PositionEdge]:
    """Run ``position_edges`` (one flat SELECT) and return its rows, in report order.

    The query's ``holder`` parameter is left unbound, so every position is read (of
    ``graphs`` only, when given).
    """
    query = queries.load("position_edges").text
    return [_position_edge(row) for row in store.select(query, graphs=graphs)]


def _position_edge(row: dict[str, Value]) -> PositionEdge:
    """One row of ``position_edges`` (absent values read as empty)."""

    def text(name: str) -> str:
        return row[name].value if name in row else ""

    def keys(name: str) -> tuple[str, ...]:
        return tuple(sorted(node_key(v) for v in text(name).split()))

    return PositionEdge(
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


def positions_for(store: Store, filters: Filters = NO_FILTERS) -> list[PositionEdge]:
    """``filter_positions(extract_positions(store), filters)``, skipping graphs whose position
    table says no position of theirs passes the filters (``kg view --meeting desg-2021-08``
    next to a million votes reads the report's positions only)."""
    tables = store.position_tables
    skip = {g for g, p in tables.items() if not table_mask(PositionTable.load(p), filters).any()}
    graphs = [g for g in store.named_graphs() if g not in skip] if skip else None
    return filter_positions(extract_positions(store, graphs), filters)
