"""The data behind the explorer page: the filtered network, search and evidence, as JSON.

One :class:`Explorer` per served store. What it reads once (labels, meetings, the positions
of the reports, the search index) is kept; each drawn selection is built with
``kg.network.to_networkx`` and laid out with ``kg.viz.spring_positions`` (deterministic), and
both are cached by their filters, so a second visitor of the same view costs a dictionary
look-up. Node positions come from the layout of the unfiltered view when it is small enough
to draw, so nodes stay where they were while filters change.

A selection of more than ``max_edges`` positions is not drawn: the answer says how many
there are instead, and a store larger than that opens on its most recent meeting.

Nothing here writes HTML: every string goes out as JSON, and the page puts it into the
document as text.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kg import network as net
from kg import queries
from kg.errors import KGError
from kg.positions import PositionTable
from kg.store import Result, Store, Value
from kg.web.layout import layout
from kg.web.tables import TablesAsRows

log = logging.getLogger(__name__)

MAX_EDGES = 2000
"""Positions one view may draw; a larger selection is answered with its size, not drawn."""
ALIGNMENT_FACTOR = 10
"""The alignment view draws holders and pairs, not positions: it may read this many times
``max_edges`` positions, and draws the ``max_edges`` pairs with most shared targets."""
CACHE_SIZE = 64
"""Selections (graph and layout) kept in memory."""
VIEWS = ("issues", "alignment", "full")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,200}")
SEARCH_LIMIT = 20
"""Entities and quotes a search answers at most (each)."""


class BadFilter(KGError):
    """A filter value that names nothing in the graph, or is not of the expected form."""


@dataclass(frozen=True)
class Selection:
    """The filters of one view, as the page's URL carries them (ids, not node keys)."""

    view: str = "issues"
    forum: str = ""
    meeting: str = ""
    since: str = ""
    until: str = ""
    issue: str = ""
    economy: str = ""
    stances: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == Selection(view=self.view)


FIELDS = ("view", "forum", "meeting", "since", "until", "issue", "economy", "stance", "kind")


def parse_selection(params: Iterable[tuple[str, str]]) -> Selection:
    """Read the filters of a request (``?issue=…&stance=supports&stance=opposes``).

    Raises:
        BadFilter: an unknown parameter, a malformed date or id, an unknown view.
    """
    one: dict[str, str] = {}
    many: dict[str, list[str]] = {"stance": [], "kind": []}
    for key, value in params:
        value = value.strip()
        if key in many:
            many[key] += [v for v in value.split(",") if v]
        elif key in FIELDS:
            one[key] = value
        else:
            raise BadFilter(f"unknown filter {key!r}: expected one of {', '.join(FIELDS)}")
    view = one.get("view") or "issues"
    if view not in VIEWS:
        raise BadFilter(f"unknown view {view!r}: expected one of {', '.join(VIEWS)}")
    for key in ("since", "until"):
        if one.get(key) and not DATE.fullmatch(one[key]):
            raise BadFilter(f"{key}={one[key]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    for key in ("forum", "meeting", "issue", "economy", *many):
        for value in [one.get(key, "")] if key in one else many.get(key, []):
            if value and not IDENT.fullmatch(value):
                raise BadFilter(f"{key}={value[:60]!r} is not an id")
    return Selection(
        view=view,
        forum=one.get("forum", ""),
        meeting=one.get("meeting", ""),
        since=one.get("since", ""),
        until=one.get("until", ""),
        issue=one.get("issue", ""),
        economy=one.get("economy", ""),
        stances=tuple(sorted(set(many["stance"]))),
        kinds=tuple(sorted(set(many["kind"]))),
    )


@dataclass
class Catalogue:
    """What the page needs to offer filters and search: every id with its two labels."""

    labels: dict[str, tuple[str, str, str]]
    meetings: list[dict[str, str]]
    forums: dict[str, list[str]]
    positions: list[net.PositionEdge]
    table_rows: int
    names: list[tuple[str, str]] = field(default_factory=list)
    """(folded name, node key) for every label, alias and id."""
    parents: dict[str, str] = field(default_factory=dict)
    """Issue key → the key of its broader issue."""
    by_id: dict[str, net.PositionEdge] = field(default_factory=dict)
    """The report positions by node key (``statement/<meeting>/<slug>``)."""

    def key(self, kind: str, ident: str) -> str:
        """The node key of ``ident`` (``RU`` → ``economy/RU``), or raise :class:`BadFilter`."""
        for k in (f"{kind}/{ident}", f"{kind}/{ident.upper()}", f"{kind}/{ident.lower()}"):
            if k in self.labels:
                return k
        raise BadFilter(f"no {kind} {ident!r} in the graph (see `kg list {kind}s`)")

    def target_key(self, ident: str) -> str:
        """The node key of a target id as alignment rows give it (an issue, proposal or document)."""
        for kind in net.TARGET_KINDS:
            if f"{kind}/{ident}" in self.labels:
                return f"{kind}/{ident}"
        return ident

    def holder_key(self, ident: str) -> str:
        for kind in net.HOLDER_KINDS:
            for k in (f"{kind}/{ident}", f"{kind}/{ident.upper()}", f"{kind}/{ident.lower()}"):
                if k in self.labels:
                    return k
        raise BadFilter(f"no economy or organisation {ident!r} in the graph")

    def entity(self, key: str) -> dict[str, str]:
        en, zh, _ = self.labels.get(key, ("", "", ""))
        ident = net.key_ident(key)
        return {
            "key": key,
            "kind": net.key_kind(key),
            "id": ident,
            "en": en or ident,
            "zh": zh or en or ident,
        }


class Explorer:
    """Answers the explorer's JSON routes over one store (shared by every request)."""

    def __init__(
        self, store: Store, data_dir: Path | None = None, max_edges: int = MAX_EDGES
    ) -> None:
        self.store = store
        self.data_dir = data_dir
        self.max_edges = max_edges
        self._lock = threading.Lock()
        self._catalogue: Catalogue | None = None
        self._tables: dict[str, PositionTable] | None = None
        self._memo: dict[tuple[object, ...], Result] = {}
        self._graphs: OrderedDict[tuple[object, ...], Any] = OrderedDict()
        self._layouts: OrderedDict[tuple[object, ...], dict[str, tuple[float, float]]] = (
            OrderedDict()
        )

    # ------------------------------------------------------------------ reading once

    @property
    def catalogue(self) -> Catalogue:
        with self._lock:
            if self._catalogue is None:
                self._catalogue = self._read_catalogue()
            return self._catalogue

    def _read_catalogue(self) -> Catalogue:
        labels = net.node_labels(TablesAsRows(self.store, {}, net.Filters(), self._memo))
        meetings: list[dict[str, str]] = []
        forums: dict[str, list[str]] = {}
        for row in self.store.select(queries.load("brief_meetings").text):
            key = net.node_key(row["meeting"].value)
            forum = net.node_key(row["forum"].value)
            en, zh, _ = labels.get(key, ("", "", ""))
            meetings.append(
                {
                    "id": net.key_ident(key),
                    "forum": net.key_ident(forum),
                    "date": row["date"].value if "date" in row else "",
                    "en": en or net.key_ident(key),
                    "zh": zh or en or net.key_ident(key),
                }
            )
            forums.setdefault(forum, []).append(key)
        meetings.sort(key=lambda m: (m["date"], m["id"]))
        tables = self.store.position_tables
        graphs = None
        if tables:
            graphs = [g for g in self.store.named_graphs() if g not in tables]
        positions = net.extract_positions(self.store, graphs)
        table_rows = sum(len(PositionTable.load(p)) for p in tables.values())
        cat = Catalogue(labels, meetings, forums, positions, table_rows)
        cat.by_id = {p.position: p for p in positions}
        broader = Value("literal", "broader", "", queries.LITERAL_TYPES["string"])
        for row in self.store.select(queries.load("graph_links").text, {"link": broader}):
            child, parent = net.node_key(row["subject"].value), net.node_key(row["object"].value)
            if net.key_kind(child) == net.key_kind(parent) == "issue":
                cat.parents[child] = parent
        seen = set()
        names = self.store.select(queries.load("_resolve_label").text)
        found: dict[str, dict[str, str]] = {}
        for row in names:  # labels of kinds graph_nodes does not list (UN member states)
            key = net.node_key(row["s"].value)
            if key not in labels and net.key_kind(key) and row["name"].lang in ("en", "zh-Hant"):
                found.setdefault(key, {}).setdefault(row["name"].lang, row["name"].value)
        for key, by_lang in found.items():
            en = by_lang.get("en", "")
            labels[key] = (en, by_lang.get("zh-Hant", en), "")
        for row in names:
            key = net.node_key(row["s"].value)
            if key in labels and (row["name"].value, key) not in seen:
                seen.add((row["name"].value, key))
                cat.names.append((row["name"].value.casefold(), key))
        for key in labels:
            cat.names.append((net.key_ident(key).casefold(), key))
        cat.names += self._reference_names(labels)
        return cat

    def _reference_names(self, labels: Mapping[str, object]) -> list[tuple[str, str]]:
        """Names of holders the graph does not carry (English aliases such as "Russian
        Federation", Simplified Chinese names), from ``data/reference`` when it is at hand."""
        if self.data_dir is None or not (self.data_dir / "reference").is_dir():
            return []
        from kg.gazetteer import holder_names
        from kg.records import Corpus, load_reference

        try:
            corpus = Corpus(*load_reference(self.data_dir), [])
        except KGError:
            log.warning("reference data not read for search", exc_info=True)
            return []
        out = []
        for lang in ("en", "zh"):
            for name, (kind, ident) in holder_names(corpus, lang).items():
                key = f"{'economy' if kind == 'state' else kind}/{ident}"
                if key in labels:
                    out.append((name.casefold(), key))
        return out

    def warm(self) -> None:
        """Read the catalogue and build the opening view (what the first visitor asks for)."""
        try:
            default = self.index()["default"]
            assert isinstance(default, dict)  # the index's "default" is a Selection's fields
            self.graph(Selection(**default))
        except Exception:  # only a head start: the first request meets the same error and says it
            log.warning("could not prepare the opening view", exc_info=True)

    # ------------------------------------------------------------------ index

    def index(self) -> dict[str, object]:
        """Filters on offer: forums, meetings (by date), issues (as a tree), holders, stances;
        the total of positions and, on a store too large to draw, the selection to open on."""
        from kg import viz

        cat = self.catalogue
        issues = []
        parents = cat.parents
        for key in sorted(k for k in cat.labels if net.key_kind(k) == "issue"):
            e = cat.entity(key)
            e["parent"] = net.key_ident(parents[key]) if key in parents else ""
            issues.append(e)
        holders = {p.holder for p in cat.positions}
        for table in self.tables.values():
            holders.update(str(h) for h in table.holders)
        holders = {h for h in holders if net.key_kind(h) in net.HOLDER_KINDS and h in cat.labels}
        total = len(cat.positions) + cat.table_rows
        default: dict[str, str] = {}
        if total > self.max_edges and cat.meetings:
            default = {"meeting": cat.meetings[-1]["id"]}
        return {
            "positions": total,
            "max_edges": self.max_edges,
            "default": default,
            "forums": [cat.entity(f) for f in sorted(cat.forums)],
            "meetings": cat.meetings,
            "issues": issues,
            "economies": [cat.entity(h) for h in sorted(holders)],
            "stances": sorted({p.stance for p in cat.positions}),
            "kinds": sorted(viz.NODE_STYLE),
            "style": {
                "nodes": {k: {"shape": s, "colour": c} for k, (s, c) in viz.NODE_STYLE.items()},
                "stances": viz.STANCE_COLOURS,
                "coalitions": list(viz.COALITION_COLOURS),
                "no_coalition": viz.NO_COALITION,
                "link": viz.LINK_COLOUR,
                "kind_names": viz.KIND_NAMES,
                "shape_names": viz.SHAPE_NAMES,
                "stance_names": {
                    lang: {s: viz.stance_name(s, lang) for s in viz.STANCE_COLOURS}
                    for lang in viz.KIND_NAMES
                },
            },
        }

    # ------------------------------------------------------------------ the graph

    def _filters(self, sel: Selection) -> net.Filters:
        cat = self.catalogue
        meetings = None
        if sel.forum:
            meetings = frozenset(cat.forums.get(cat.key("forum", sel.forum), []))
        return net.Filters(
            meeting=cat.key("meeting", sel.meeting) if sel.meeting else None,
            issue=cat.key("issue", sel.issue) if sel.issue else None,
            since=sel.since or None,
            until=sel.until or None,
            meetings=meetings,
        )

    def count(self, filters: net.Filters) -> int:
        """Positions that pass ``filters``, without reading them from the store."""
        n = len(net.filter_positions(self.catalogue.positions, filters))
        return n + sum(int(net.table_mask(t, filters).sum()) for t in self.tables.values())

    def _cached(
        self,
        cache: OrderedDict[tuple[object, ...], Any],
        key: tuple[object, ...],
        make: Callable[[], Any],
    ) -> Any:
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        value = make()
        with self._lock:
            cache[key] = value
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
        return value

    def _layout(
        self, view: str, filters: net.Filters, graph: Any
    ) -> dict[str, tuple[float, float]]:
        whole = self._cached(
            self._layouts,
            (view, net.Filters()),
            lambda: (
                layout(self._graph(view, net.Filters()))
                if self.count(net.Filters()) <= self.max_edges
                else {}
            ),
        )
        if all(n in whole for n in graph.nodes) and 2 * len(graph) >= len(whole):
            return whole  # most of the picture: nodes stay where they were
        # a small part is laid out on its own, readable rather than scattered
        return self._cached(self._layouts, (view, filters), lambda: layout(graph))

    def _graph(self, view: str, filters: net.Filters) -> Any:
        def build() -> Any:
            tables = self.tables
            store = TablesAsRows(self.store, tables, filters, self._memo)
            return net.to_networkx(store, filters, view=view)

        return self._cached(self._graphs, (view, filters), build)

    @property
    def tables(self) -> dict[str, PositionTable]:
        """The position tables of imported graphs, loaded once."""
        with self._lock:
            if self._tables is None:
                paths = self.store.position_tables
                self._tables = {g: PositionTable.load(p) for g, p in paths.items()}
            return self._tables

    def graph(self, sel: Selection) -> dict[str, object]:
        """The selection as nodes and edges for vis-network, with counts per filter value.

        Too many positions: no nodes, and ``too_many`` says how many there are.
        """
        filters = self._filters(sel)
        n = self.count(filters)
        limit = self.max_edges * (ALIGNMENT_FACTOR if sel.view == "alignment" else 1)
        if n > limit:
            return {"nodes": [], "edges": [], "too_many": n, "limit": limit}
        graph = self._graph(sel.view, filters)
        places = self._layout(sel.view, filters, graph)
        holder = self.catalogue.holder_key(sel.economy) if sel.economy else ""
        edges, counts = self._edges(graph, sel, holder)
        keep = _kept_nodes(graph, sel, holder, edges)
        edges = [e for e in edges if e["from"] in keep and e["to"] in keep]
        if sel.view == "alignment":  # a holder weighs the positions it took in the selection
            weight = self._holder_weights(filters)
        else:
            weight = Counter(str(e["from"]) for e in edges if e["relation"] == "position")
            weight.update(str(e["to"]) for e in edges if e["relation"] == "position")
        nodes = self._nodes(graph, keep, places, weight)
        counts["kind"] = dict(Counter(str(n["kind"]) for n in nodes))
        answer: dict[str, object] = {
            "nodes": nodes,
            "edges": edges,
            "counts": counts,
            "positions": sum(1 for e in edges if e["relation"] == "position"),
            "pairs": sum(1 for e in edges if e["relation"] == "alignment"),
        }
        if sel.view == "alignment":
            self._add_alignment(answer, graph, edges)
        return answer

    def _holder_weights(self, filters: net.Filters) -> Counter[str]:
        """Positions each holder took among those that pass ``filters``."""
        weight = Counter(p.holder for p in net.filter_positions(self.catalogue.positions, filters))
        for table in self.tables.values():
            held = np.bincount(
                table.h[net.table_mask(table, filters)], minlength=len(table.holders)
            )
            weight.update({str(table.holders[i]): int(held[i]) for i in np.flatnonzero(held)})
        return weight

    def _nodes(
        self,
        graph: Any,
        keep: set[str],
        places: Mapping[str, tuple[float, float]],
        weight: Mapping[str, int],
    ) -> list[dict[str, object]]:
        """The nodes ``keep`` of ``graph`` as the page draws them, at their ``places``."""
        cat = self.catalogue
        nodes = []
        for key in sorted(keep):
            d = graph.nodes[key]
            x, y = places.get(key, (0.0, 0.0))
            node: dict[str, object] = {
                "id": key,
                "kind": d["kind"],
                "ident": d["ident"],
                "en": d["label_en"] if d["label_en"] != d["ident"] else cat.entity(key)["en"],
                "zh": d["label_zh"] if d["label_zh"] != d["ident"] else cat.entity(key)["zh"],
                "x": x,
                "y": y,
                "positions": weight.get(key, 0),
            }
            if "coalition" in d:
                node["coalition"] = d["coalition"]
            nodes.append(node)
        return nodes

    def _add_alignment(
        self, answer: dict[str, object], graph: Any, edges: list[dict[str, object]]
    ) -> None:
        """The alignment view's summary; past ``max_edges`` pairs, only the pairs with most
        evidence (then the closest) are drawn, and the summary says how many there are."""
        summary: dict[str, object] = {
            k: graph.graph[k]
            for k in ("min_shared", "blocs", "most_shared", "most_a", "most_b")
            if k in graph.graph
        }
        answer["alignment"] = summary
        pairs = [e for e in edges if e["relation"] == "alignment"]
        if len(pairs) > self.max_edges:
            pairs.sort(key=lambda e: (-int(str(e["both"])), -float(str(e["score"])), str(e["id"])))
            answer["edges"] = pairs[: self.max_edges]
            summary["pairs_total"] = len(pairs)
            summary["pairs_drawn"] = self.max_edges
            answer["pairs"] = self.max_edges

    def _edges(
        self, graph: Any, sel: Selection, holder: str
    ) -> tuple[list[dict[str, object]], dict[str, dict[str, int]]]:
        """The edges of ``graph`` that pass the economy (``holder``) and stance filters, with
        the links that reach them, and how many positions each filter value has among them."""
        cat = self.catalogue
        edges: list[dict[str, object]] = []
        counts: dict[str, Counter[str]] = {
            k: Counter() for k in ("stance", "economy", "issue", "meeting", "forum")
        }
        forum_of = {m["id"]: m["forum"] for m in cat.meetings}
        links = []
        for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
            rel = d.get("relation", "")
            if rel == "position":
                if (holder and u != holder) or (sel.stances and d["stance"] not in sel.stances):
                    continue
                edge = _position_edge(cat, u, v, k, d)
                counts["stance"][d["stance"]] += 1
                counts["economy"][net.key_ident(u)] += 1
                counts["meeting"][d["meeting"]] += 1
                counts["forum"][forum_of.get(str(d["meeting"]), "")] += 1
                if edge["issue"]:
                    counts["issue"][net.key_ident(str(edge["issue"]))] += 1
                edges.append(edge)
            elif rel == "alignment":
                if holder and holder not in (u, v):
                    continue
                edges.append(_alignment_edge(cat, graph, u, v, k, d))
            else:
                links.append({"id": k, "from": u, "to": v, "relation": rel})
        if sel.view != "alignment":
            _add_links(edges, links, filtered=bool(holder or sel.stances))
        return edges, {k: dict(c) for k, c in counts.items()}

    # ------------------------------------------------------------------ search

    def search(self, text: str) -> dict[str, object]:
        """Entities whose label, alias or id contains ``text`` (any case, either language),
        exact and prefix matches first; and positions whose quote or English rendering holds it."""
        q = text.strip().casefold()
        if not q:
            return {"query": text, "entities": [], "quotes": []}
        cat = self.catalogue
        best: dict[str, int] = {}
        for name, key in cat.names:
            if q in name:
                rank = 0 if name == q else 1 if name.startswith(q) else 2
                if net.key_kind(key) not in (
                    "issue",
                    "economy",
                    "meeting",
                    "forum",
                    "organisation",
                    "person",
                    "proposal",
                ):
                    rank += 3
                best[key] = min(rank, best.get(key, 9))
        entities = []
        for key in sorted(best, key=lambda k: (best[k], k))[:SEARCH_LIMIT]:
            entities.append(cat.entity(key))
        quotes = []
        for p in cat.positions:
            if q in p.quote.casefold() or q in p.rendering.casefold():
                quotes.append(
                    {
                        "id": p.position,
                        "holder": cat.entity(p.holder),
                        "target": cat.entity(p.target),
                        "stance": p.stance,
                        "quote": p.quote,
                        "rendering": p.rendering,
                        "section": p.section,
                    }
                )
                if len(quotes) >= SEARCH_LIMIT:
                    break
        return {"query": text, "entities": entities, "quotes": quotes}

    # ------------------------------------------------------------------ evidence

    def evidence(self, ident: str) -> dict[str, object] | None:
        """One position with its paragraph in the report, or None if there is no such id."""
        cat = self.catalogue
        p = cat.by_id.get(ident) or cat.by_id.get(f"statement/{ident}")
        if p is None:
            return None
        meeting = next((m for m in cat.meetings if m["id"] == net.key_ident(p.meeting)), None)
        out: dict[str, object] = {
            "id": p.position,
            "holder": cat.entity(p.holder),
            "target": cat.entity(p.target),
            "issue": cat.entity(p.issue) if p.issue else None,
            "stance": p.stance,
            "meeting": meeting or cat.entity(p.meeting),
            "date": p.date,
            "section": p.section,
            "speaker": p.speaker_name,
            "quote": p.quote,
            "rendering": p.rendering,
            "source": p.source,
            "start": p.start,
            "end": p.end,
            "responds_to": [net.key_ident(r) for r in p.responds_to],
        }
        out["paragraph"] = self.paragraph(p.source, p.start, p.end)
        out["qualifications"] = self.qualifications(p.position)
        return out

    def qualifications(self, position: str) -> list[dict[str, str]]:
        """What the report qualifies a position with (kind and its own words), in order."""
        from kg.iris import key_iri

        rows = self.store.select(
            queries.load("_qualifications").text,
            {"statement": Value("iri", key_iri(position))},
        )
        return [{"kind": r["kind"].value, "quote": r["quote"].value} for r in rows]

    def source_text(self, source: str) -> str | None:
        """The verbatim report ``source`` (an id of ``data/sources``), or None."""
        if self.data_dir is None or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,200}", source):
            return None
        from kg.records import read_source, source_path

        try:
            path = source_path(self.data_dir, source, "source")
            return read_source(path, source, source).text
        except KGError:
            return None

    def paragraph(self, source: str, start: int, end: int) -> dict[str, object] | None:
        """The line of the report around characters ``start``–``end``: its text, and the
        span's offsets in it; None when the report is not at hand or the offsets are off."""
        text = self.source_text(source) if source else None
        if text is None or not 0 <= start <= end <= len(text):
            return None
        first = text.rfind("\n", 0, start) + 1
        last = text.find("\n", end)
        last = len(text) if last < 0 else last
        return {"text": text[first:last], "start": start - first, "end": end - first}

    def related(self, kind: str, key: str) -> dict[str, list[dict[str, str]]]:
        """The issues, economies and meetings that share positions with one of them."""
        cat = self.catalogue
        found: dict[str, set[str]] = {"issue": set(), "economy": set(), "meeting": set()}
        for p in cat.positions:
            chain = (p.issue, *p.issue_chain)
            mine = (
                (kind == "issue" and key in chain)
                or (kind == "economy" and p.holder == key)
                or (kind == "meeting" and p.meeting == key)
            )
            if not mine:
                continue
            if p.issue:
                found["issue"].add(p.issue)
            if net.key_kind(p.holder) == "economy":
                found["economy"].add(p.holder)
            found["meeting"].add(p.meeting)
        found[kind].discard(key)
        return {k: [cat.entity(x) for x in sorted(v)] for k, v in found.items()}


def _kept_nodes(
    graph: Any, sel: Selection, holder: str, edges: list[dict[str, object]]
) -> set[str]:
    """The nodes a view draws: the ends of its edges (every node of ``graph`` when neither an
    economy nor a stance is chosen) and the chosen economy, of the chosen kinds."""
    keep = {str(e["from"]) for e in edges} | {str(e["to"]) for e in edges}
    if not (holder or sel.stances):
        keep |= set(graph.nodes)
    if holder and holder in graph:
        keep.add(holder)
    if sel.kinds:
        keep = {k for k in keep if graph.nodes[k]["kind"] in sel.kinds}
    return keep


def _position_edge(
    cat: Catalogue, u: str, v: str, k: str, d: Mapping[str, Any]
) -> dict[str, object]:
    """A position edge as the page draws it: the stance, where it was said, the quote."""
    found = cat.by_id.get(k)
    return {
        "id": k,
        "from": u,
        "to": v,
        "relation": "position",
        "stance": d["stance"],
        "meeting": d["meeting"],
        "date": d["date"],
        "section": d["section"],
        "quote": d["quote"],
        "issue": found.issue if found else "",
        "speaker": found.speaker if found else "",
    }


def _alignment_edge(
    cat: Catalogue, graph: Any, u: str, v: str, k: str, d: Mapping[str, Any]
) -> dict[str, object]:
    """A pair of the alignment view: how often the two holders agree, and on what."""
    return {
        "id": k,
        "from": u,
        "to": v,
        "relation": "alignment",
        "both": d["both"],
        "agree": d["agree"],
        "disagree": d["disagree"],
        "score": d["score"],
        "targets": [cat.entity(cat.target_key(t)) for t in str(d.get("targets", "")).split()],
        "drawn": int(d["both"]) >= int(graph.graph.get("min_shared", 0)),
    }


def _add_links(
    edges: list[dict[str, object]], links: list[dict[str, object]], filtered: bool
) -> None:
    """Adds the ``links`` (an issue to its broader issue, and the like) to ``edges``; when
    ``filtered``, only those from a node the edges already reach."""
    ends = {e["from"] for e in edges} | {e["to"] for e in edges}
    for _ in range(2):  # a link reaches the parent of an issue, then its parent
        for link in links:
            if (not filtered or link["from"] in ends) and link not in edges:
                edges.append(link)
                ends.add(link["to"])
