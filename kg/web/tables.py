"""Positions of imported graphs (``kg import``) for the explorer, read from their tables.

A graph imported with a position table (the UN votes) holds hundreds of thousands of
positions; the explorer draws a few hundred of them. :class:`TablesAsRows` stands in for the
store while ``kg.network.to_networkx`` projects a selection, answering ``position_edges`` from
the tables for those graphs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from kg import network as net
from kg import queries
from kg.positions import NEITHER_CODES, PositionTable
from kg.store import Result, Store, Value

STANCE_OF_CODE = {
    net_code: stance
    for stance, net_code in (("supports", 1), ("opposes", -1), *NEITHER_CODES.items())
}
"""Position-table stance codes (``kg.positions.stance_code``) back to stance ids."""


class TablesAsRows:
    """The store as the explorer's projection reads it.

    When some graphs came with a position table (``kg import``), ``position_edges`` runs on
    the other graphs only, and the table rows that pass ``filters`` are added as rows of its
    answer, so ``kg.network.to_networkx`` never reads hundreds of thousands of imported
    positions through SPARQL to keep a few. The answers of ``graph_nodes`` and ``graph_links``
    (the same for every selection of a read-only store) are kept in ``memo``.
    """

    position_tables: Mapping[str, Path] = {}
    MEMO = ("graph_nodes", "graph_links")

    def __init__(
        self,
        store: Store,
        tables: Mapping[str, PositionTable],
        filters: net.Filters,
        memo: dict[tuple[object, ...], Result] | None = None,
    ) -> None:
        self.store, self.tables, self.filters = store, tables, filters
        self.name, self.timeout = store.name, store.timeout
        self.memo = {} if memo is None else memo
        self.others: list[str] | None = None
        if tables:
            self.others = [g for g in store.named_graphs() if g not in tables]

    def named_graphs(self) -> list[str]:
        return self.others if self.others is not None else self.store.named_graphs()

    def close(self) -> None:
        """Nothing to close: the store it reads belongs to the server, which closes it."""

    def select(
        self,
        query: str,
        bindings: dict[str, Value] | None = None,
        graphs: list[str] | None = None,
    ) -> Result:
        if graphs is None and any(query == queries.load(n).text for n in self.MEMO):
            key = (query, tuple(sorted((bindings or {}).items())))
            if key not in self.memo:
                self.memo[key] = self.store.select(query, bindings, graphs)
            return self.memo[key]
        if graphs is not None or not self.tables or query != queries.load("position_edges").text:
            return self.store.select(query, bindings, graphs)
        found = self.store.select(query, bindings, self.others) if self.others else None
        rows = list(found.rows) if found else []
        for table in self.tables.values():
            rows += table_rows(table, net.table_mask(table, self.filters))
        variables = found.variables if found else tuple(sorted({k for r in rows for k in r}))
        return Result(variables, tuple(rows))


def table_rows(table: PositionTable, keep: np.ndarray) -> list[dict[str, Value]]:
    """The kept positions of a table as rows of ``position_edges`` (no quote: a vote has none)."""
    from kg.iris import ID_BASE

    def iri(key: str) -> Value:
        return Value("iri", ID_BASE + key)

    def text(value: str) -> Value:
        return Value("literal", value, "", queries.LITERAL_TYPES["string"])

    rows = []
    for i in np.flatnonzero(keep):
        holder, target = str(table.holders[table.h[i]]), str(table.targets[table.t[i]])
        meeting, code = str(table.meetings[table.m[i]]), int(table.codes[i])
        stance = STANCE_OF_CODE.get(code, "no-position")
        chain = " ".join(ID_BASE + k for k in str(table.chains[table.t[i]]).split())
        rows.append(
            {
                "position": iri(
                    f"vote/{net.key_ident(meeting)}/{net.key_ident(target)}/{net.key_ident(holder)}"
                ),
                "holder": iri(holder),
                "target": iri(target),
                "issue": iri(target),
                "issue_chain": text(chain),
                "stance": iri(f"stance/{stance}"),
                "side": text({1: "for", -1: "against"}.get(code, "neither")),
                "meeting": iri(meeting),
                "date": text(str(table.meeting_dates[table.m[i]])),
                "order": text(str(i)),
            }
        )
    return rows
