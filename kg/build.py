"""Records → RDF: pure functions from a checked ``Corpus`` to an rdflib ``Dataset``.

One named graph per source report (``id/graph/<source-id>``), one for the reference data
(``id/graph/reference``) and one for the ontology and vocabularies (``id/graph/ontology``).
Every IRI comes from ``kg.iris``; nothing here reads files except the packaged ontology.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS, XSD

from kg import mapping
from kg.errors import RecordError
from kg.iris import mint
from kg.items import (
    Action,
    AgendaItem,
    Cited,
    Figure,
    Meeting,
    MeetingItems,
    NewIssue,
    Outcome,
    Project,
    Proposal,
    Qualification,
    Span,
    Statement,
)
from kg.mapping import RDFLIB
from kg.namespaces import KG, bind_prefixes
from kg.records import Corpus, MeetingRecord, _as_list
from kg.resources import ontology_files, shape_files

Triple = tuple[URIRef, URIRef, Any]

ONTOLOGY_GRAPH = URIRef(mint("graph", "ontology"))
REFERENCE_GRAPH = URIRef(mint("graph", "reference"))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def iri(kind: str, *parts: Any) -> URIRef:
    return URIRef(mint(kind, *(str(p) for p in parts)))


def source_graph(source_id: str) -> URIRef:
    """IRI of the named graph holding what one source report says."""
    return iri("graph", source_id)


def load_ontology() -> Graph:
    """Parse the ontology and vocabularies into one graph.

    Raises:
        RecordError: a packaged Turtle file does not parse (names the file and line).
    """
    graph = Graph()
    for f in ontology_files():
        _parse_turtle(graph, f)
    return graph


def load_shapes() -> Graph:
    graph = Graph()
    for f in shape_files():
        _parse_turtle(graph, f)
    return graph


def _parse_turtle(graph: Graph, f: Any) -> None:
    try:
        graph.parse(data=f.read_text(encoding="utf-8"), format="turtle")
    except Exception as exc:  # rdflib raises several parser types; all mean "bad Turtle"
        match = re.search(r"line (\d+)", str(exc))
        raise RecordError(
            f"ontology/{f.name}",
            int(match.group(1)) if match else None,
            f"invalid Turtle: {str(exc).splitlines()[0]}",
        ) from None


def labels(
    subject: URIRef, mapping: Mapping[str, str] | None, *predicates: URIRef
) -> Iterator[Triple]:
    """``rdfs:label`` (or the given predicates) in every language of a label mapping."""
    for lang, text in sorted((mapping or {}).items()):
        if text:
            for p in predicates or (RDFS.label,):
                yield subject, p, Literal(str(text), lang=lang)


def is_simplified(text: str) -> bool:
    """Whether Chinese text is written in Simplified characters: it holds a Han character that
    Big5, the Traditional character set, lacks (中国, 俄罗斯; not 日本, 中非, which both scripts
    share)."""
    for char in text:
        if _CJK.match(char):
            try:
                char.encode("big5")
            except UnicodeEncodeError:
                return True
    return False


def aliases(subject: URIRef, values: Iterable[str] | None) -> Iterator[Triple]:
    """``skos:altLabel`` in zh-Hant or en. Simplified aliases (中国) serve the report readers
    (``kg.gazetteer``) and stay out of the graph, whose Chinese is Traditional; a state's
    Simplified name is its zh-Hans label."""
    for alias in values or []:
        if is_simplified(str(alias)):
            continue
        yield (
            subject,
            SKOS.altLabel,
            Literal(str(alias), lang="zh-Hant" if _CJK.search(str(alias)) else "en"),
        )


def date_literal(value: Any) -> Literal:
    """A date only as precise as written: xsd:gYear, xsd:gYearMonth or xsd:date."""
    text = str(value)
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
    return Literal(text, datatype=datatype)


def decimal_literal(value: float) -> Literal:
    """xsd:decimal in canonical form ("63.0", "0.76"), so every format round-trips it."""
    text = repr(float(value)) if isinstance(value, float) else f"{int(value)}.0"
    return Literal(text, datatype=XSD.decimal)


def identified(subject: URIRef, rdf_type: URIRef, ident: str) -> Iterator[Triple]:
    yield subject, RDF.type, rdf_type
    yield subject, DCTERMS.identifier, Literal(ident)


# --------------------------------------------------------------------------- reference


class Resolver:
    """Maps the ids records use to IRIs, knowing which kind each holder id is."""

    def __init__(self, corpus: Corpus) -> None:
        self.kinds: dict[str, str] = {}
        for kind, key in (("organisation", "organisations"), ("forum", "fora"), ("post", "posts")):
            for item in corpus.reference[key]:
                self.kinds[str(item["id"])] = kind

    def holder(self, value: str, meeting: str = "", statement: str = "") -> URIRef:
        if value == "unnamed":
            return iri("unnamed", meeting, statement)
        if value == "members":
            return KG.AllMembers
        if value in self.kinds:
            return iri(self.kinds[value], value)
        return iri("economy", value)


def named_holders(corpus: Corpus) -> set[str]:
    """Every holder id that a meeting record or another reference entry names: host, attendee,
    proposer, statement holder, actor, proponent, cosponsor, figure subject; a person's economy,
    nationality and affiliation; an organisation's economy; a post's body; a document's author."""
    ref = corpus.reference
    named: set[str] = set()
    for item in ref["people"]:
        named.update(str(item[k]) for k in ("economy", "nationality", "affiliation") if item.get(k))
    named.update(str(o["economy"]) for o in ref["organisations"] if o.get("economy"))
    named.update(str(p["in"]) for p in ref["posts"] if p.get("in"))
    named.update(str(d["by"]) for d in ref["documents"] if d.get("by"))
    for record in corpus.meetings:
        items = record.typed
        named.update(items.holders())
    return named


def reference_triples(corpus: Corpus) -> Iterator[Triple]:
    """Triples of everything under ``data/reference``: one mapping per kind of entry.

    States (``states.yaml``) and organisations marked ``graph: when-named`` are there only when
    some record or reference entry names them (:func:`named_holders`): the registry of every
    state and negotiating group is for reading reports, the graph holds what they say.
    """
    ref = corpus.reference
    resolve = Resolver(corpus)
    named = named_holders(corpus)
    for item in ref["economies"]:
        yield from economy_triples(item)
    for item in ref.get("states") or []:
        if str(item["code"]) in named:
            yield from economy_triples(item, KG.State)
    for item in ref["organisations"]:
        if item.get("graph") != "when-named" or str(item["id"]) in named:
            yield from organisation_triples(item)
    for item in ref["fora"]:
        yield from forum_triples(item)
    for item in ref["posts"]:
        s = iri("post", item["id"])
        yield from identified(s, KG.Post, str(item["id"]))
        yield from labels(s, item["label"])
        yield s, ORG.postIn, resolve.holder(str(item["in"]))
    for item in ref["people"]:
        yield from person_triples(item, resolve)
    for item in ref["key_focus_areas"]:
        yield from kfa_triples(item)
    yield from issue_scheme_triples()
    for item in ref["issues"]:
        yield from issue_triples(item)
    for item in ref["documents"]:
        yield from document_triples(item, resolve)


def _note(s: URIRef, item: dict[str, Any]) -> Iterator[Triple]:
    if item.get("note"):
        yield s, KG.note, Literal(str(item["note"]), lang="en")


def _registered(s: URIRef, cls: URIRef, ident: str, item: dict[str, Any]) -> Iterator[Triple]:
    """What every named holder in the registry has: class, id, names, abbreviations and
    aliases."""
    yield from identified(s, cls, ident)
    yield from labels(s, item["name"], RDFS.label, SKOS.prefLabel)
    yield from aliases(s, [*_as_list(item.get("abbr")), *_as_list(item.get("aliases"))])


def economy_triples(item: dict[str, Any], cls: URIRef = KG.Economy) -> Iterator[Triple]:
    """An APEC economy (or, with ``cls=KG.State``, another state): ISO code, names, aliases."""
    s = iri("economy", item["code"])
    yield from _registered(s, cls, str(item["code"]), item)
    if item.get("iso3"):
        yield s, KG.iso3, Literal(str(item["iso3"]))
    if item.get("apec_joined"):
        yield s, KG.joined, date_literal(item["apec_joined"])


def organisation_triples(item: dict[str, Any]) -> Iterator[Triple]:
    s = iri("organisation", item["id"])
    yield from _registered(s, KG.Organisation, str(item["id"]), item)
    if item.get("kind"):
        yield s, KG.organisationKind, Literal(str(item["kind"]))
    if item.get("economy"):
        yield s, KG.basedIn, iri("economy", item["economy"])
    yield from _note(s, item)


def forum_triples(item: dict[str, Any]) -> Iterator[Triple]:
    s = iri("forum", item["id"])
    yield from _registered(s, KG.Forum, str(item["id"]), item)
    if item.get("parent"):
        yield s, ORG.subOrganizationOf, iri("forum", item["parent"])
    yield from _note(s, item)


def person_triples(item: dict[str, Any], resolve: Resolver) -> Iterator[Triple]:
    s = iri("person", item["id"])
    yield from identified(s, FOAF.Person, str(item["id"]))
    yield s, FOAF.name, Literal(str(item["name"]))
    name_en = item.get("name_en") or item["name"]
    yield s, RDFS.label, Literal(str(name_en), lang="en")
    yield s, RDFS.label, Literal(str(item["name"]), lang="zh-Hant")
    if item.get("economy"):
        yield s, KG.speaksFor, iri("economy", item["economy"])
    elif item.get("affiliation"):
        yield s, KG.speaksFor, resolve.holder(str(item["affiliation"]))
    if item.get("affiliation"):
        yield s, ORG.memberOf, resolve.holder(str(item["affiliation"]))
    if item.get("nationality"):
        yield s, KG.nationality, iri("economy", item["nationality"])
    for post in _as_list(item.get("posts")):
        yield s, ORG.holds, iri("post", post)
        yield iri("post", post), ORG.heldBy, s


def kfa_triples(item: dict[str, Any]) -> Iterator[Triple]:
    """An AIDER key focus area, a concept of the AIDER document's scheme."""
    s = iri("kfa", item["number"])
    yield from identified(s, KG.KeyFocusArea, str(item["number"]))
    yield from labels(s, item["name"], RDFS.label, SKOS.prefLabel)
    yield s, KG.number, Literal(int(item["number"]))
    yield s, SKOS.notation, Literal(str(item["number"]))
    yield s, SKOS.inScheme, iri("document", "aider")
    if item.get("zh_source"):
        yield s, KG.translationSource, Literal(str(item["zh_source"]))
    yield from _note(s, item)


def issue_scheme_triples() -> Iterator[Triple]:
    scheme = iri("issue", "scheme")
    yield scheme, RDF.type, SKOS.ConceptScheme
    yield scheme, RDFS.label, Literal("Issues", lang="en")
    yield scheme, RDFS.label, Literal("議題", lang="zh-Hant")


def issue_triples(item: dict[str, Any]) -> Iterator[Triple]:
    """An issue, a concept of the issue scheme: top concept, or narrower than its parent."""
    s, scheme = iri("issue", item["id"]), iri("issue", "scheme")
    yield from identified(s, KG.Issue, str(item["id"]))
    yield from labels(s, item["label"], RDFS.label, SKOS.prefLabel)
    yield from aliases(s, item.get("aliases"))
    yield s, SKOS.inScheme, scheme
    if item.get("parent"):
        yield s, SKOS.broader, iri("issue", item["parent"])
    else:
        yield s, SKOS.topConceptOf, scheme
    if item.get("forum"):
        yield s, KG.forum, iri("forum", item["forum"])
    for doc in _as_list(item.get("documents")):
        yield s, KG.concernsDocument, iri("document", doc)
    for kfa in _as_list(item.get("kfas")):
        yield s, KG.keyFocusArea, iri("kfa", kfa)
    yield from _note(s, item)


def document_triples(item: dict[str, Any], resolve: Resolver) -> Iterator[Triple]:
    s = iri("document", item["id"])
    yield from identified(s, KG.Document, str(item["id"]))
    yield from labels(s, item["title"], RDFS.label, DCTERMS.title)
    if item.get("kind"):
        yield s, KG.documentKind, Literal(str(item["kind"]))
    if item.get("by"):
        yield s, DCTERMS.creator, resolve.holder(str(item["by"]))
    if item.get("year"):
        yield s, DCTERMS.issued, date_literal(item["year"])
    yield from _note(s, item)


# --------------------------------------------------------------------------- meetings


def evidence_triples(subject: URIRef, span: Span, lang: str) -> Iterator[Triple]:
    """W3C Web Annotation evidence: the quote and its character offsets in the source
    (:func:`kg.mapping.evidence`, as every importer maps it)."""
    yield from mapping.evidence(
        RDFLIB,
        subject,
        iri("source", span.source),
        Literal(span.quote, lang=lang),
        Literal(span.start),
        Literal(span.end),
    )


def meeting_triples(record: MeetingRecord, corpus: Corpus) -> Iterator[Triple]:
    """Triples of one meeting record (the content of its source's named graph): one small
    mapping per kind of item, each reading the record's typed items (:mod:`kg.items`)."""
    items = record.typed
    scope = _Scope.of(record, corpus)
    yield from source_triples(record, items)
    yield from meeting_node_triples(items.meeting, scope)
    for order, agenda in enumerate(items.agenda, 1):
        yield from agenda_triples(agenda, order, scope)
    if items.status == "draft":
        # proposed new issues: in the draft's graph only, until registered in issues.yaml
        for issue in items.new_issues:
            yield from new_issue_triples(issue, scope)
    for kind, map_item in ITEM_MAPPINGS:
        for order, node in enumerate(getattr(items, kind), 1):
            yield from map_item(node, scope)
            yield from cited_triples(scope.subject(kind, node), node, order, scope)


@dataclass(frozen=True)
class _Scope:
    """What the items of one meeting are mapped against: its id and IRI, the language of its
    quotes, the holder resolver, and which ids are proposals, issues or documents."""

    mid: str
    meeting: URIRef
    source: URIRef
    lang: str
    forum: str
    resolve: Resolver
    proposals: frozenset[str]
    issues: frozenset[str]
    documents: frozenset[str]

    @classmethod
    def of(cls, record: MeetingRecord, corpus: Corpus) -> _Scope:
        items = record.typed
        return cls(
            items.meeting.id,
            iri("meeting", items.meeting.id),
            iri("source", record.source.id),
            items.language,
            items.meeting.forum,
            Resolver(corpus),
            frozenset(p.id for p in items.proposals),
            frozenset(corpus.ids("issues")),
            frozenset(corpus.ids("documents")),
        )

    def subject(self, kind: str, node: Cited) -> URIRef:
        """The IRI of an item of ``kind`` (the name of its list in the record)."""
        if kind in ("proposals", "projects"):  # unique across meetings
            return iri(kind[:-1], node.id)
        return iri(kind[:-1], self.mid, node.id)

    def target(self, value: str) -> URIRef:
        """A target id as an IRI: one of the meeting's proposals, a document, or an issue."""
        if value in self.proposals:
            return iri("proposal", value)
        if value in self.documents and value not in self.issues:
            return iri("document", value)
        return iri("issue", value)

    def about(self, value: str) -> URIRef:
        """What a figure is about: an issue, a document or a holder."""
        if value in self.issues:
            return iri("issue", value)
        if value in self.documents:
            return iri("document", value)
        return self.resolve.holder(value)


def source_triples(record: MeetingRecord, items: MeetingItems) -> Iterator[Triple]:
    """The source report: its id, title, digest, length, language and record status."""
    report = mapping.SourceReport(
        record.source.id,
        items.source_title or {"en": record.source.id},
        record.source.sha256,
        len(record.source.text),
        items.language,
        items.status,
        f"{record.source.id}.txt",
    )
    yield from mapping.source_report(RDFLIB, iri("source", record.source.id), report)


def meeting_node_triples(m: Meeting, scope: _Scope) -> Iterator[Triple]:
    """The meeting: forum, report, dates, mode, host, chair, attendees."""
    meeting = scope.meeting
    date = date_literal(m.date) if m.date else None
    yield from mapping.meeting(
        RDFLIB, meeting, m.id, m.label, iri("forum", m.forum), scope.source, date
    )
    for value, prop in ((m.start, SCHEMA_START), (m.end, SCHEMA_END)):
        if value:
            yield meeting, prop, date_literal(value)
    if m.mode:
        yield meeting, KG.mode, Literal(m.mode)
    if m.host:
        yield meeting, KG.host, iri("economy", m.host)
    if m.chair:
        yield meeting, KG.chair, iri("person", m.chair)
    for attendee in m.attendees:
        yield meeting, KG.attendee, scope.resolve.holder(attendee)


def agenda_triples(node: AgendaItem, order: int, scope: _Scope) -> Iterator[Triple]:
    s = iri("item", scope.mid, node.id)
    yield from identified(s, KG.AgendaItem, f"{scope.mid}/{node.id}")
    yield from labels(s, node.title)
    yield s, KG.ofMeeting, scope.meeting
    yield s, KG.order, Literal(order)
    if node.section:
        yield s, KG.section, Literal(node.section)
    if node.parent is not None:
        yield s, DCTERMS.isPartOf, iri("item", scope.mid, node.parent)
    for issue in node.issues:
        yield s, KG.discusses, iri("issue", issue)


def new_issue_triples(node: NewIssue, scope: _Scope) -> Iterator[Triple]:
    s = iri("issue", node.id)
    yield from identified(s, KG.Issue, node.id)
    yield from labels(s, node.label, RDFS.label, SKOS.prefLabel)
    yield s, SKOS.inScheme, iri("issue", "scheme")
    if node.parent:
        yield s, SKOS.broader, iri("issue", node.parent)
    else:
        yield s, SKOS.topConceptOf, iri("issue", "scheme")
    yield s, KG.forum, iri("forum", scope.forum)
    if node.item is not None:
        yield iri("item", scope.mid, node.item), KG.discusses, s


def cited_triples(s: URIRef, node: Cited, order: int, scope: _Scope) -> Iterator[Triple]:
    """What every cited item has: meeting, order, agenda item, evidence, rendering, note."""
    yield from mapping.at_meeting(RDFLIB, s, scope.meeting, Literal(order))
    if node.item is not None:
        yield s, KG.agendaItem, iri("item", scope.mid, node.item)
    yield from evidence_triples(s, node.span, scope.lang)
    if node.en:
        yield s, KG.rendering, Literal(node.en, lang="en")
    if node.note:
        yield s, KG.note, Literal(node.note, lang="en")


def proposal_triples(node: Proposal, scope: _Scope) -> Iterator[Triple]:
    s = iri("proposal", node.id)
    yield from identified(s, KG.Proposal, node.id)
    yield from labels(s, node.label)
    yield s, KG.onIssue, iri("issue", node.issue)
    by = scope.resolve.holder(node.by, scope.mid, f"proposal-{node.id}")
    yield s, KG.proposedBy, by
    if node.by == "unnamed":
        yield from unnamed(by, node.plurality)


def statement_triples(node: Statement, scope: _Scope) -> Iterator[Triple]:
    s = iri("statement", scope.mid, node.id)
    holder = scope.resolve.holder(node.holder, scope.mid, node.id)
    if node.stance:
        target, stance = scope.target(str(node.target)), iri("stance", node.stance)
        yield from mapping.position(RDFLIB, s, holder, target, stance)
        yield s, DCTERMS.identifier, Literal(f"{scope.mid}/{node.id}")
    else:
        yield from identified(s, KG.Statement, f"{scope.mid}/{node.id}")
        yield s, KG.holder, holder
    if node.holder == "unnamed":
        yield from unnamed(holder, node.plurality)
    if node.speaker:
        yield s, KG.speaker, iri("person", node.speaker)
    for other in node.responds_to:
        yield s, KG.respondsTo, iri("statement", scope.mid, other)
    for n, qualification in enumerate(node.qualifications, 1):
        yield from qualification_triples(s, n, qualification, scope)


def qualification_triples(
    s: URIRef, n: int, node: Qualification, scope: _Scope
) -> Iterator[Triple]:
    """The ``n``-th qualification of position ``s``, with its own evidence."""
    q = URIRef(f"{s}/qualification/{n}")
    yield s, KG.qualifiedBy, q
    yield q, RDF.type, KG.Qualification
    yield q, KG.qualificationKind, Literal(node.kind)
    yield q, KG.order, Literal(n)
    yield from evidence_triples(q, node.span, scope.lang)
    if node.en:
        yield q, KG.rendering, Literal(node.en, lang="en")


def outcome_triples(node: Outcome, scope: _Scope) -> Iterator[Triple]:
    s = iri("outcome", scope.mid, node.id)
    yield from identified(s, KG.Outcome, f"{scope.mid}/{node.id}")
    yield s, KG.target, scope.target(node.target)
    yield s, KG.status, iri("outcome-status", node.status)


def action_triples(node: Action, scope: _Scope) -> Iterator[Triple]:
    s = iri("action", scope.mid, node.id)
    yield from identified(s, KG.ActionItem, f"{scope.mid}/{node.id}")
    for actor in node.actors:
        a = scope.resolve.holder(actor, scope.mid, f"action-{node.id}")
        yield s, KG.actor, a
        if actor == "unnamed":
            yield from unnamed(a, node.plurality)
    yield from labels(s, node.text, KG.description)
    if node.target is not None:
        yield s, KG.target, scope.target(node.target)
    if node.due is not None:
        yield s, KG.due, date_literal(node.due)


def project_triples(node: Project, scope: _Scope) -> Iterator[Triple]:
    s = iri("project", node.id)
    yield from identified(s, KG.Project, node.id)
    yield from labels(s, node.title, RDFS.label, DCTERMS.title)
    for holder in node.proponents:
        yield s, KG.proponent, scope.resolve.holder(holder)
    for holder in node.cosponsors:
        yield s, KG.cosponsor, scope.resolve.holder(holder)
    if node.forum:
        yield s, KG.forum, iri("forum", node.forum)
    yield s, KG.status, iri("project-status", node.status)
    for date in node.dates:
        yield s, KG.date, date_literal(date)
    for kfa in node.kfas:
        yield s, KG.keyFocusArea, iri("kfa", kfa)


def figure_triples(node: Figure, scope: _Scope) -> Iterator[Triple]:
    s = iri("figure", scope.mid, node.id)
    yield from identified(s, KG.Figure, f"{scope.mid}/{node.id}")
    yield from labels(s, node.label)
    yield s, KG.value, decimal_literal(node.value)
    if node.value_max is not None:
        yield s, KG.valueMax, decimal_literal(node.value_max)
    yield s, KG.figureKind, Literal(node.kind)
    if node.unit:
        yield s, KG.unit, Literal(node.unit)
    if node.about:
        yield s, KG.about, scope.about(node.about)


ITEM_MAPPINGS: tuple[tuple[str, Callable[[Any, _Scope], Iterator[Triple]]], ...] = (
    ("proposals", proposal_triples),
    ("statements", statement_triples),
    ("outcomes", outcome_triples),
    ("actions", action_triples),
    ("projects", project_triples),
    ("figures", figure_triples),
)
"""Each list of cited items in a record, with the mapping of one of its items."""


def unnamed(holder: URIRef, plurality: str | None) -> Iterator[Triple]:
    """An unnamed member: a node of its own, labelled as the report leaves it."""
    plurality = plurality or "one-or-more"
    yield holder, RDF.type, KG.UnnamedHolder
    yield holder, DCTERMS.identifier, Literal("unnamed:" + holder.split("/unnamed/")[1])
    en = {
        "one": "an unnamed member",
        "some": "some members (unnamed)",
        "one-or-more": "one or more unnamed members",
    }[plurality]
    zh = {"one": "一會員(未具名)", "some": "部分會員(未具名)", "one-or-more": "有會員(未具名)"}[
        plurality
    ]
    yield holder, RDFS.label, Literal(en, lang="en")
    yield holder, RDFS.label, Literal(zh, lang="zh-Hant")
    yield holder, KG.plurality, Literal(plurality)


SCHEMA_START = URIRef("https://schema.org/startDate")
SCHEMA_END = URIRef("https://schema.org/endDate")


# --------------------------------------------------------------------------- dataset


def build_dataset(corpus: Corpus, with_ontology: bool = True) -> Dataset:
    """Return the whole dataset: ontology, reference and one named graph per source.

    The result depends only on the corpus (no clock, no randomness), so serialising it twice
    gives the same bytes.
    """
    ds = Dataset()
    bind_prefixes(ds)
    if with_ontology:
        g = ds.graph(ONTOLOGY_GRAPH)
        for t in load_ontology():
            g.add(t)
    g = ds.graph(REFERENCE_GRAPH)
    for t in reference_triples(corpus):
        g.add(t)
    for record in corpus.meetings:
        g = ds.graph(source_graph(record.source.id))
        for t in meeting_triples(record, corpus):
            g.add(t)
    return ds


__all__ = [
    "build_dataset",
    "load_ontology",
    "load_shapes",
    "reference_triples",
    "named_holders",
    "is_simplified",
    "meeting_triples",
    "source_graph",
    "ONTOLOGY_GRAPH",
    "REFERENCE_GRAPH",
]
