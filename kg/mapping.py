"""The RDF mapping shared by every producer of the graph: the records build and the importers.

Each function emits the triples of one kind of thing (a source report, a meeting, a position,
a piece of evidence) through a :class:`Terms` factory, so the same mapping serves two writers:

- :data:`RDFLIB` makes rdflib terms: ``kg build`` adds the triples to a ``Dataset``;
- :data:`NTRIPLES` makes N-Triples text: an importer streams millions of positions
  (``kg import unga``) without building an rdflib term for each. For a position and its
  evidence it goes further: :func:`position_template` renders the mapping once, with
  placeholders for what changes from vote to vote, and each vote is one ``str.format``.

The vocabulary terms (classes and properties) are made here only; callers pass the things
they name (subjects, holders, targets, literals) as terms of the same factory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kg.graph import escape_literal
from kg.namespaces import KG

T = TypeVar("T")


def _kg(term: str) -> str:
    """A term of the project's ontology, through its closed namespace: a misspelt term fails
    here instead of entering the graph."""
    return str(KG[term])


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"


class Terms(Generic[T]):
    """Makes the terms of one writer: IRIs, plain or language-tagged literals, typed literals."""

    def iri(self, value: str) -> T:
        raise NotImplementedError

    def lit(self, text: str, lang: str = "") -> T:
        raise NotImplementedError

    def typed(self, text: str, datatype: str) -> T:
        raise NotImplementedError

    def integer(self, value: int | str) -> T:
        return self.typed(str(value), XSD + "integer")

    def value(self, iri: T) -> str:
        """The IRI text of an IRI term (to mint IRIs under it)."""
        raise NotImplementedError


class _Rdflib(Terms[Any]):
    def iri(self, value: str) -> Any:
        from rdflib import URIRef

        return URIRef(value)

    def lit(self, text: str, lang: str = "") -> Any:
        from rdflib import Literal

        return Literal(text, lang=lang or None)

    def typed(self, text: str, datatype: str) -> Any:
        from rdflib import Literal, URIRef

        return Literal(text, datatype=URIRef(datatype))

    def integer(self, value: int | str) -> Any:
        from rdflib import Literal

        return Literal(int(value))

    def value(self, iri: Any) -> str:
        return str(iri)


class _NTriples(Terms[str]):
    def iri(self, value: str) -> str:
        return f"<{value}>"

    def lit(self, text: str, lang: str = "") -> str:
        body = '"' + escape_literal(text) + '"'
        return f"{body}@{lang}" if lang else body

    def typed(self, text: str, datatype: str) -> str:
        return f'"{escape_literal(text)}"^^<{datatype}>'

    def value(self, iri: str) -> str:
        return iri[1:-1]


RDFLIB: Terms[Any] = _Rdflib()
NTRIPLES: Terms[str] = _NTriples()


def identified(t: Terms[T], subject: T, rdf_type: str, ident: str) -> Iterator[tuple[T, T, T]]:
    """An entity's class (a term of the project's ontology) and its readable id."""
    yield subject, t.iri(RDF + "type"), t.iri(_kg(rdf_type))
    yield subject, t.iri(DCT + "identifier"), t.lit(ident)


def labelled(
    t: Terms[T], subject: T, label: Mapping[str, str] | None, *predicates: str
) -> Iterator[tuple[T, T, T]]:
    """``rdfs:label`` (or the given predicates) in every language of a label mapping."""
    for lang, text in sorted((label or {}).items()):
        if text:
            for p in predicates or (RDFS + "label",):
                yield subject, t.iri(p), t.lit(str(text), lang)


@dataclass(frozen=True)
class SourceReport:
    """A verbatim source: a report, or a data file an importer reads."""

    ident: str
    title: Mapping[str, str]
    sha256: str
    length: int
    language: str
    status: str
    file: str


def source_report(t: Terms[T], subject: T, source: SourceReport) -> Iterator[tuple[T, T, T]]:
    yield from identified(t, subject, "SourceReport", source.ident)
    yield from labelled(t, subject, source.title, RDFS + "label", DCT + "title")
    yield subject, t.iri(_kg("sha256")), t.lit(source.sha256)
    yield subject, t.iri(_kg("length")), t.integer(source.length)
    yield subject, t.iri(DCT + "language"), t.lit(source.language)
    yield subject, t.iri(_kg("recordStatus")), t.lit(source.status)
    yield subject, t.iri(DCT + "source"), t.lit(source.file)


def evidence(
    t: Terms[T], subject: T, source: T, quote: T, start: T, end: T, with_derivation: bool = True
) -> Iterator[tuple[T, T, T]]:
    """W3C Web Annotation evidence of ``subject``: the quote and its character offsets in
    ``source`` (``…/evidence``, ``…/evidence/quote``, ``…/evidence/position`` under the
    subject's IRI); ``with_derivation`` adds ``prov:wasDerivedFrom`` the source."""
    base = t.value(subject)
    ev = t.iri(base + "/evidence")
    quote_sel, pos_sel = t.iri(base + "/evidence/quote"), t.iri(base + "/evidence/position")
    rdf_type = t.iri(RDF + "type")
    yield subject, t.iri(_kg("evidence")), ev
    if with_derivation:
        yield subject, t.iri(PROV + "wasDerivedFrom"), source
    yield ev, rdf_type, t.iri(OA + "SpecificResource")
    yield ev, t.iri(OA + "hasSource"), source
    yield ev, t.iri(OA + "hasSelector"), quote_sel
    yield ev, t.iri(OA + "hasSelector"), pos_sel
    yield quote_sel, rdf_type, t.iri(OA + "TextQuoteSelector")
    yield quote_sel, t.iri(OA + "exact"), quote
    yield pos_sel, rdf_type, t.iri(OA + "TextPositionSelector")
    yield pos_sel, t.iri(OA + "start"), start
    yield pos_sel, t.iri(OA + "end"), end


def position(t: Terms[T], subject: T, holder: T, target: T, stance: T) -> Iterator[tuple[T, T, T]]:
    """A position: a statement with a holder, a stance and a target."""
    rdf_type = t.iri(RDF + "type")
    yield subject, rdf_type, t.iri(_kg("Position"))
    yield subject, rdf_type, t.iri(_kg("Statement"))
    yield subject, t.iri(_kg("holder")), holder
    yield subject, t.iri(_kg("target")), target
    yield subject, t.iri(_kg("stance")), stance


def at_meeting(t: Terms[T], subject: T, meeting: T, order: T) -> Iterator[tuple[T, T, T]]:
    """Where an item was said or decided, and its place among the meeting's items."""
    yield subject, t.iri(_kg("atMeeting")), meeting
    yield subject, t.iri(_kg("order")), order


def meeting(
    t: Terms[T],
    subject: T,
    ident: str,
    label: Mapping[str, str],
    forum: T,
    report: T,
    date: T | None,
) -> Iterator[tuple[T, T, T]]:
    """A meeting: its id, labels, forum, the report of it and its date."""
    yield from identified(t, subject, "Meeting", ident)
    yield from labelled(t, subject, label)
    yield subject, t.iri(_kg("forum")), forum
    yield subject, t.iri(_kg("reportedIn")), report
    if date is not None:
        yield subject, t.iri(DCT + "date"), date


def position_template(graph: str, source: str, with_derivation: bool = False) -> tuple[str, int]:
    """The N-Quads of one position with its evidence in graph ``graph``, as a
    ``str.format`` template, and how many quads it holds.

    Fields: ``{s}`` the position's IRI, ``{holder}``, ``{target}``, ``{stance}``, ``{meeting}``
    IRIs, ``{order}``, ``{start}`` and ``{end}`` numbers, ``{quote}`` the escaped body of the
    quote literal (:func:`kg.graph.escape_literal`). IRIs cannot hold braces (``kg.iris``
    refuses them), so the only fields are these.
    """
    t = NTRIPLES
    s = t.iri("{s}")
    triples = [
        *position(t, s, t.iri("{holder}"), t.iri("{target}"), t.iri("{stance}")),
        *at_meeting(t, s, t.iri("{meeting}"), '"{order}"^^<' + XSD + "integer>"),
        *evidence(
            t,
            s,
            t.iri(source),
            '"{quote}"',
            '"{start}"^^<' + XSD + "integer>",
            '"{end}"^^<' + XSD + "integer>",
            with_derivation,
        ),
    ]
    tail = f" <{graph}> .\n"
    return "".join(f"{a} {b} {c}{tail}" for a, b, c in triples), len(triples)
