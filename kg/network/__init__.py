"""The graph as a network: RDF → networkx, alignment between holders, coalitions, brokers.

Pure functions: a ``Store`` goes in (read with the named queries ``position_edges``,
``graph_nodes`` and ``graph_links``), networkx graphs and plain rows come out. Nothing here
prints, writes files or imports pyvis (that is ``kg.viz``). Three modules:

- :mod:`kg.network.edges`: node keys and the positions as flat edges, with their filters;
- :mod:`kg.network.alignment`: who agrees with whom (pair counts, evidence, coalitions),
  from the positions or from the position tables an import wrote;
- :mod:`kg.network.projection`: the graph as networkx views, brokers, GEXF/GraphML export.

Node keys are the path of an entity's IRI under ``https://w3id.org/meetkg/id/``
(``economy/RU``, ``issue/tor-subsidiary-bodies``, ``proposal/cn-name-dps``), so an issue and a
document with the same slug stay apart. Every node carries ``kind``, ``ident`` (the short id
users type), ``label_en`` and ``label_zh``; position edges carry the stance, its side, the
meeting, date, speaker, the verbatim quote and its source offsets.

This package re-exports the names commands use, so ``from kg.network import alignment`` reads
as before.
"""

from kg.iris import key_ident, key_kind, node_key
from kg.network.alignment import (
    AGAINST,
    COALITION_SEED,
    FOR,
    MIN_SHARED,
    AlignmentMatrix,
    Evidence,
    Observations,
    Response,
    agreement_graph,
    alignment,
    alignment_counts,
    alignment_inputs,
    alignment_matrix,
    alignment_observations,
    alignment_rows,
    coalition_rows,
    coalitions,
    evidence,
    is_pair_holder,
    stance_code,
    table_observations,
)
from kg.network.edges import (
    HOLDER_KINDS,
    TARGET_KINDS,
    Filters,
    PositionEdge,
    extract_positions,
    filter_positions,
    positions_for,
    table_mask,
)
from kg.network.projection import (
    MIN_WEIGHT,
    VIEWS,
    brokers,
    edge_weight,
    export,
    flat_attrs,
    is_alignment,
    node_labels,
    to_networkx,
)

__all__ = [
    "AGAINST",
    "COALITION_SEED",
    "FOR",
    "HOLDER_KINDS",
    "MIN_SHARED",
    "MIN_WEIGHT",
    "TARGET_KINDS",
    "VIEWS",
    "AlignmentMatrix",
    "Evidence",
    "Filters",
    "Observations",
    "PositionEdge",
    "Response",
    "agreement_graph",
    "alignment",
    "alignment_counts",
    "alignment_inputs",
    "alignment_matrix",
    "alignment_observations",
    "alignment_rows",
    "brokers",
    "coalition_rows",
    "coalitions",
    "edge_weight",
    "evidence",
    "export",
    "extract_positions",
    "filter_positions",
    "flat_attrs",
    "is_alignment",
    "is_pair_holder",
    "key_ident",
    "key_kind",
    "node_key",
    "node_labels",
    "positions_for",
    "stance_code",
    "table_mask",
    "table_observations",
    "to_networkx",
]
