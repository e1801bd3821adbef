"""Embedded stores: Oxigraph in memory (the default) and rdflib's engine (the reference)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from kg.errors import QueryError, StoreError
from kg.store import Result, Value, normalise_lang, with_values
from kg.store.guard import check, limited, one_line

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset


def _from_oxigraph(term: object) -> Value:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return Value("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Value("bnode", term.value)
    if isinstance(term, ox.Literal):
        lang = normalise_lang(term.language)
        datatype = "" if lang else term.datatype.value
        return Value("literal", term.value, lang, datatype)
    raise StoreError(f"unsupported term in result: {term!r}")


class OxigraphStore:
    """Oxigraph, in memory (``path=None``) or opened on an existing on-disk store."""

    name = "oxigraph"
    timeout: float | None = None
    """Seconds a query may run (``kg --timeout``); None: no limit."""

    def __init__(self, store: pyoxigraph.Store, tables: dict[str, Path] | None = None) -> None:
        self._store = store
        self.position_tables: dict[str, Path] = dict(tables or {})
        """Named graph → its position table (``kg.positions``), where an import wrote one."""

    def named_graphs(self) -> list[str]:
        """Every named graph of the store, sorted."""
        return sorted(g.value for g in self._store.named_graphs())

    @classmethod
    def from_nquads(cls, path: Path) -> OxigraphStore:
        import pyoxigraph as ox

        store = ox.Store()
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot load {path}: {exc}") from None
        return cls(store)

    def select(
        self,
        query: str,
        bindings: dict[str, Value] | None = None,
        graphs: list[str] | None = None,
    ) -> Result:
        """Run a SELECT or ASK over the union of every graph, or of ``graphs`` only (checked
        and time-limited by ``kg.store.guard``)."""
        check(query)
        text = with_values(query, bindings)
        return limited(lambda: self._select(text, graphs), self.timeout)

    def _query(
        self, text: str, graphs: list[str] | None
    ) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples:
        """Run ``text`` over the union of every graph, or of ``graphs`` only."""
        import pyoxigraph as ox

        if graphs is None:
            return self._store.query(text, use_default_graph_as_union=True)
        return self._store.query(text, default_graph=[ox.NamedNode(g) for g in graphs])

    def _select(self, text: str, graphs: list[str] | None) -> Result:
        import pyoxigraph as ox

        try:
            answer = self._query(text, graphs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {one_line(exc)}") from None
        except RuntimeError as exc:
            raise QueryError(f"query failed: {one_line(exc)}") from None
        if isinstance(answer, ox.QueryBoolean):
            return Result((), (), bool(answer))
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK queries are supported here")
        variables = tuple(v.value for v in answer.variables)
        rows = []
        for solution in answer:
            row = {}
            for var in variables:
                term = solution[var]
                if term is not None:
                    row[var] = _from_oxigraph(term)
            rows.append(row)
        return Result(variables, tuple(rows))

    GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
    """Serialisations :meth:`construct` writes."""

    def construct(
        self,
        query: str,
        fmt: str = "turtle",
        graphs: list[str] | None = None,
        max_triples: int | None = None,
    ) -> bytes:
        """Run a CONSTRUCT or DESCRIBE over the union of every graph (or of ``graphs``) and
        return the triples serialised as ``fmt`` (one of :attr:`GRAPH_FORMATS`); checked and
        time-limited like :meth:`select`.

        Raises:
            QueryError: refused, malformed, not a CONSTRUCT/DESCRIBE, past the time limit, or
                more than ``max_triples`` triples.
        """
        if fmt not in self.GRAPH_FORMATS:
            raise ValueError(f"unknown graph format {fmt!r}")
        check(query)
        return limited(lambda: self._construct(query, fmt, graphs, max_triples), self.timeout)

    def _construct(
        self, text: str, fmt: str, graphs: list[str] | None, max_triples: int | None
    ) -> bytes:
        import itertools

        import pyoxigraph as ox

        from kg.namespaces import PREFIXES

        def take() -> list[ox.Triple] | None:
            # pyoxigraph's answer must be dropped in the thread that made it: never let a
            # traceback keep it alive (and free it later, from another thread)
            answer = self._query(text, graphs)
            try:
                if not isinstance(answer, ox.QueryTriples):
                    return None
                stop = None if max_triples is None else max_triples + 1
                return list(itertools.islice(answer, stop))
            finally:
                del answer

        try:
            triples = take()
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {one_line(exc)}") from None
        except (RuntimeError, OSError) as exc:
            raise QueryError(f"query failed: {one_line(exc)}") from None
        if triples is None:
            raise QueryError("only CONSTRUCT and DESCRIBE queries give triples")
        if max_triples is not None and len(triples) > max_triples:
            raise QueryError(
                f"the query gives more than {max_triples:,} triples (the limit): "
                "narrow it, or add LIMIT to its WHERE part"
            )
        formats = {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        prefixes = {k: str(v) for k, v in PREFIXES.items()} if fmt == "turtle" else None
        out = io.BytesIO()
        ox.serialize(triples, out, formats[fmt], prefixes=prefixes)
        return out.getvalue()

    def close(self) -> None:
        del self._store


class RdflibStore:
    """rdflib's SPARQL engine over a ``Dataset`` whose default graph is the union."""

    name = "rdflib"
    timeout: float | None = None
    position_tables: Mapping[str, Path] = MappingProxyType({})
    """None: the reference engine reads every position through SPARQL."""

    def __init__(self, dataset: Dataset) -> None:
        self._ds = dataset

    @classmethod
    def from_nquads(cls, path: Path) -> RdflibStore:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(str(path), format="nquads")
        return cls(ds)

    def named_graphs(self) -> list[str]:
        """Every named graph that holds triples, sorted."""
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        return sorted(
            str(g.identifier)
            for g in self._ds.graphs()
            if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
        )

    def select(
        self,
        query: str,
        bindings: dict[str, Value] | None = None,
        graphs: list[str] | None = None,
    ) -> Result:
        if graphs is not None:
            raise StoreError("rdflib's engine here reads the union of all graphs only")
        check(query)
        return limited(lambda: self._select(query, bindings), self.timeout)

    def _select(self, query: str, bindings: dict[str, Value] | None) -> Result:
        from pyparsing import ParseException
        from rdflib import BNode, Literal, URIRef, Variable
        from rdflib.query import ResultRow
        from rdflib.term import Identifier

        def to_rdflib(v: Value) -> Identifier:
            if v.kind == "iri":
                return URIRef(v.value)
            if v.lang or not v.datatype or v.datatype.endswith("#string"):
                return Literal(
                    v.value, lang=v.lang or None
                )  # rdflib tells "x" and "x"^^xsd:string apart
            return Literal(v.value, datatype=URIRef(v.datatype))

        init: dict[str, Identifier] = {
            Variable(k): to_rdflib(v) for k, v in (bindings or {}).items()
        }
        try:
            answer = self._ds.query(query, initBindings=init)
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error: {one_line(exc)}") from None
        if answer.type == "ASK":
            return Result((), (), bool(answer.askAnswer))
        variables = tuple(str(v) for v in answer.vars or ())
        rows = []
        for solution in answer:
            assert isinstance(solution, ResultRow)  # what a SELECT's result yields
            row = {}
            for var, term in zip(variables, solution, strict=False):
                if term is None:
                    continue
                if isinstance(term, URIRef):
                    row[var] = Value("iri", str(term))
                elif isinstance(term, BNode):
                    row[var] = Value("bnode", str(term))
                elif isinstance(term, Literal):
                    lang = normalise_lang(term.language)
                    dt = (
                        ""
                        if lang
                        else str(term.datatype or "http://www.w3.org/2001/XMLSchema#string")
                    )
                    row[var] = Value("literal", str(term), lang, dt)
            rows.append(row)
        return Result(variables, tuple(rows))

    def close(self) -> None:
        del self._ds
