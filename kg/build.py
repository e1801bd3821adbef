"""Records → RDF: pure functions from a checked ``Corpus`` to an rdflib ``Dataset``.

One named graph per source report (``id/graph/<source-id>``), one for the reference data
(``id/graph/reference``) and one for the ontology and vocabularies (``id/graph/ontology``).
Every IRI comes from ``kg.iris``; nothing here reads files except the packaged ontology.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import RecordError
from kg.iris import mint
from kg.namespaces import KG, OA, bind_prefixes
from kg.records import Corpus, MeetingRecord, Span, _as_list
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
    subject: URIRef, mapping: dict[str, str] | None, *predicates: URIRef
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
        doc, m = record.data, record.data["meeting"]
        named.update(str(v) for v in [m.get("host"), *_as_list(m.get("attendees"))] if v)
        for key, fields in (
            ("proposals", ("by",)),
            ("statements", ("holder",)),
            ("actions", ("actor",)),
            ("projects", ("proponents", "cosponsors")),
            ("figures", ("about",)),
        ):
            for node in doc.get(key) or []:
                for f in fields:
                    named.update(str(v) for v in _as_list(node.get(f)))
    return named


def reference_triples(corpus: Corpus) -> Iterator[Triple]:
    """Triples of everything under ``data/reference``.

    States (``states.yaml``) and organisations marked ``graph: when-named`` are there only when
    some record or reference entry names them (:func:`named_holders`): the registry of every
    state and negotiating group is for reading reports, the graph holds what they say.
    """
    ref = corpus.reference
    resolve = Resolver(corpus)
    named = named_holders(corpus)
    for item in ref["economies"]:
        s = iri("economy", item["code"])
        yield from identified(s, KG.Economy, str(item["code"]))
        yield from labels(s, item["name"], RDFS.label, SKOS.prefLabel)
        yield from aliases(s, item.get("aliases"))
        if item.get("iso3"):
            yield s, KG.iso3, Literal(str(item["iso3"]))
        if item.get("apec_joined"):
            yield s, KG.joined, date_literal(item["apec_joined"])
    for item in ref.get("states") or []:
        if str(item["code"]) not in named:
            continue
        s = iri("economy", item["code"])
        yield from identified(s, KG.State, str(item["code"]))
        yield from labels(s, item["name"], RDFS.label, SKOS.prefLabel)
        yield from aliases(s, item.get("aliases"))
        if item.get("iso3"):
            yield s, KG.iso3, Literal(str(item["iso3"]))
    for item in ref["organisations"]:
        if item.get("graph") == "when-named" and str(item["id"]) not in named:
            continue
        s = iri("organisation", item["id"])
        yield from identified(s, KG.Organisation, str(item["id"]))
        yield from labels(s, item["name"], RDFS.label, SKOS.prefLabel)
        yield from aliases(s, [*_as_list(item.get("abbr")), *_as_list(item.get("aliases"))])
        if item.get("kind"):
            yield s, KG.organisationKind, Literal(str(item["kind"]))
        if item.get("economy"):
            yield s, KG.basedIn, iri("economy", item["economy"])
        if item.get("note"):
            yield s, KG.note, Literal(str(item["note"]), lang="en")
    for item in ref["fora"]:
        s = iri("forum", item["id"])
        yield from identified(s, KG.Forum, str(item["id"]))
        yield from labels(s, item["name"], RDFS.label, SKOS.prefLabel)
        yield from aliases(s, [*_as_list(item.get("abbr")), *_as_list(item.get("aliases"))])
        if item.get("parent"):
            yield s, ORG.subOrganizationOf, iri("forum", item["parent"])
        if item.get("note"):
            yield s, KG.note, Literal(str(item["note"]), lang="en")
    for item in ref["posts"]:
        s = iri("post", item["id"])
        yield from identified(s, KG.Post, str(item["id"]))
        yield from labels(s, item["label"])
        yield s, ORG.postIn, resolve.holder(str(item["in"]))
    for item in ref["people"]:
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
    kfa_scheme = iri("document", "aider")
    for item in ref["key_focus_areas"]:
        s = iri("kfa", item["number"])
        yield from identified(s, KG.KeyFocusArea, str(item["number"]))
        yield from labels(s, item["name"], RDFS.label, SKOS.prefLabel)
        yield s, KG.number, Literal(int(item["number"]))
        yield s, SKOS.notation, Literal(str(item["number"]))
        yield s, SKOS.inScheme, kfa_scheme
        if item.get("zh_source"):
            yield s, KG.translationSource, Literal(str(item["zh_source"]))
        if item.get("note"):
            yield s, KG.note, Literal(str(item["note"]), lang="en")
    issue_scheme = iri("issue", "scheme")
    yield issue_scheme, RDF.type, SKOS.ConceptScheme
    yield issue_scheme, RDFS.label, Literal("Issues", lang="en")
    yield issue_scheme, RDFS.label, Literal("議題", lang="zh-Hant")
    for item in ref["issues"]:
        s = iri("issue", item["id"])
        yield from identified(s, KG.Issue, str(item["id"]))
        yield from labels(s, item["label"], RDFS.label, SKOS.prefLabel)
        yield from aliases(s, item.get("aliases"))
        yield s, SKOS.inScheme, issue_scheme
        if item.get("parent"):
            yield s, SKOS.broader, iri("issue", item["parent"])
        else:
            yield s, SKOS.topConceptOf, issue_scheme
        if item.get("forum"):
            yield s, KG.forum, iri("forum", item["forum"])
        for doc in _as_list(item.get("documents")):
            yield s, KG.concernsDocument, iri("document", doc)
        for kfa in _as_list(item.get("kfas")):
            yield s, KG.keyFocusArea, iri("kfa", kfa)
        if item.get("note"):
            yield s, KG.note, Literal(str(item["note"]), lang="en")
    for item in ref["documents"]:
        s = iri("document", item["id"])
        yield from identified(s, KG.Document, str(item["id"]))
        yield from labels(s, item["title"], RDFS.label, DCTERMS.title)
        if item.get("kind"):
            yield s, KG.documentKind, Literal(str(item["kind"]))
        if item.get("by"):
            yield s, DCTERMS.creator, resolve.holder(str(item["by"]))
        if item.get("year"):
            yield s, DCTERMS.issued, date_literal(item["year"])
        if item.get("note"):
            yield s, KG.note, Literal(str(item["note"]), lang="en")


# --------------------------------------------------------------------------- meetings


def evidence_triples(subject: URIRef, span: Span, lang: str) -> Iterator[Triple]:
    """W3C Web Annotation evidence: the quote and its character offsets in the source."""
    source = iri("source", span.source)
    ev = URIRef(f"{subject}/evidence")
    quote_sel, pos_sel = URIRef(f"{ev}/quote"), URIRef(f"{ev}/position")
    yield subject, KG.evidence, ev
    yield subject, PROV.wasDerivedFrom, source
    yield ev, RDF.type, OA.SpecificResource
    yield ev, OA.hasSource, source
    yield ev, OA.hasSelector, quote_sel
    yield ev, OA.hasSelector, pos_sel
    yield quote_sel, RDF.type, OA.TextQuoteSelector
    yield quote_sel, OA.exact, Literal(span.quote, lang=lang)
    yield pos_sel, RDF.type, OA.TextPositionSelector
    yield pos_sel, OA.start, Literal(span.start)
    yield pos_sel, OA.end, Literal(span.end)


def meeting_triples(record: MeetingRecord, corpus: Corpus) -> Iterator[Triple]:
    """Triples of one meeting record (the content of its source's named graph)."""
    doc, m = record.data, record.data["meeting"]
    mid = record.id
    resolve = Resolver(corpus)
    lang = str(doc["source"].get("language", "zh-Hant"))
    meeting = iri("meeting", mid)
    source = iri("source", record.source.id)

    yield from identified(source, KG.SourceReport, record.source.id)
    yield from labels(
        source, doc["source"].get("title") or {"en": record.source.id}, RDFS.label, DCTERMS.title
    )
    yield source, KG.sha256, Literal(record.source.sha256)
    yield source, KG.length, Literal(len(record.source.text))
    yield source, DCTERMS.language, Literal(lang)
    yield source, KG.recordStatus, Literal(str(doc.get("status", "reviewed")))
    yield source, DCTERMS.source, Literal(f"{record.source.id}.txt")

    yield from identified(meeting, KG.Meeting, mid)
    yield from labels(meeting, m["label"])
    yield meeting, KG.forum, iri("forum", m["forum"])
    yield meeting, KG.reportedIn, source
    for key, prop in (("date", DCTERMS.date), ("start", SCHEMA_START), ("end", SCHEMA_END)):
        if m.get(key):
            yield meeting, prop, date_literal(m[key])
    if m.get("mode"):
        yield meeting, KG.mode, Literal(str(m["mode"]))
    if m.get("host"):
        yield meeting, KG.host, iri("economy", m["host"])
    if m.get("chair"):
        yield meeting, KG.chair, iri("person", m["chair"])
    for attendee in _as_list(m.get("attendees")):
        yield meeting, KG.attendee, resolve.holder(str(attendee))

    def item_iri(node: dict[str, Any]) -> URIRef | None:
        return iri("item", mid, node["item"]) if node.get("item") is not None else None

    def common(s: URIRef, node: dict[str, Any], list_name: str, order: int) -> Iterator[Triple]:
        yield s, KG.atMeeting, meeting
        yield s, KG.order, Literal(order)
        item = item_iri(node)
        if item is not None:
            yield s, KG.agendaItem, item
        yield from evidence_triples(s, record.spans[(list_name, str(node["id"]))], lang)
        if node.get("en"):
            yield s, KG.rendering, Literal(str(node["en"]), lang="en")
        if node.get("note"):
            yield s, KG.note, Literal(str(node["note"]), lang="en")

    for order, node in enumerate(doc.get("agenda") or [], 1):
        s = iri("item", mid, node["id"])
        yield from identified(s, KG.AgendaItem, f"{mid}/{node['id']}")
        yield from labels(s, node.get("title"))
        yield s, KG.ofMeeting, meeting
        yield s, KG.order, Literal(order)
        if node.get("section"):
            yield s, KG.section, Literal(str(node["section"]))
        if node.get("parent") is not None:
            yield s, DCTERMS.isPartOf, iri("item", mid, node["parent"])
        for issue in _as_list(node.get("issues")):
            yield s, KG.discusses, iri("issue", issue)

    if doc.get("status") == "draft":
        # proposed new issues: in the draft's graph only, until registered in issues.yaml
        for node in doc.get("new_issues") or []:
            s = iri("issue", node["id"])
            yield from identified(s, KG.Issue, str(node["id"]))
            yield from labels(s, node.get("label"), RDFS.label, SKOS.prefLabel)
            yield s, SKOS.inScheme, iri("issue", "scheme")
            if node.get("parent"):
                yield s, SKOS.broader, iri("issue", node["parent"])
            else:
                yield s, SKOS.topConceptOf, iri("issue", "scheme")
            yield s, KG.forum, iri("forum", m["forum"])
            if node.get("item") is not None:
                yield iri("item", mid, node["item"]), KG.discusses, s

    def target(value: str) -> URIRef:
        if value in proposals:
            return iri("proposal", value)
        if value in corpus.ids("documents") and value not in corpus.ids("issues"):
            return iri("document", value)
        return iri("issue", value)

    proposals = {str(p["id"]) for p in doc.get("proposals") or []}
    for order, node in enumerate(doc.get("proposals") or [], 1):
        s = iri("proposal", node["id"])
        yield from identified(s, KG.Proposal, str(node["id"]))
        yield from labels(s, node["label"])
        yield s, KG.onIssue, iri("issue", node["issue"])
        yield s, KG.proposedBy, resolve.holder(str(node["by"]), mid, f"proposal-{node['id']}")
        if node["by"] == "unnamed":
            yield from unnamed(resolve.holder("unnamed", mid, f"proposal-{node['id']}"), node)
        yield from common(s, node, "proposals", order)

    for order, node in enumerate(doc.get("statements") or [], 1):
        sid = str(node["id"])
        s = iri("statement", mid, sid)
        yield from identified(
            s, KG.Position if node.get("stance") else KG.Statement, f"{mid}/{sid}"
        )
        if node.get("stance"):
            yield s, RDF.type, KG.Statement
            yield s, KG.stance, iri("stance", node["stance"])
            yield s, KG.target, target(str(node["target"]))
        holder = resolve.holder(str(node["holder"]), mid, sid)
        yield s, KG.holder, holder
        if node["holder"] == "unnamed":
            yield from unnamed(holder, node)
        if node.get("speaker"):
            yield s, KG.speaker, iri("person", node["speaker"])
        for other in _as_list(node.get("responds_to")):
            yield s, KG.respondsTo, iri("statement", mid, other)
        for n, qualification in enumerate(node.get("qualifications") or [], 1):
            q = URIRef(f"{s}/qualification/{n}")
            yield s, KG.qualifiedBy, q
            yield q, RDF.type, KG.Qualification
            yield q, KG.qualificationKind, Literal(str(qualification["kind"]))
            yield q, KG.order, Literal(n)
            yield from evidence_triples(q, record.spans[("qualifications", f"{sid}/{n}")], lang)
            if qualification.get("en"):
                yield q, KG.rendering, Literal(str(qualification["en"]), lang="en")
        yield from common(s, node, "statements", order)

    for order, node in enumerate(doc.get("outcomes") or [], 1):
        s = iri("outcome", mid, node["id"])
        yield from identified(s, KG.Outcome, f"{mid}/{node['id']}")
        yield s, KG.target, target(str(node["target"]))
        yield s, KG.status, iri("outcome-status", node["status"])
        yield from common(s, node, "outcomes", order)

    for order, node in enumerate(doc.get("actions") or [], 1):
        s = iri("action", mid, node["id"])
        yield from identified(s, KG.ActionItem, f"{mid}/{node['id']}")
        for actor in _as_list(node["actor"]):
            a = resolve.holder(str(actor), mid, f"action-{node['id']}")
            yield s, KG.actor, a
            if actor == "unnamed":
                yield from unnamed(a, node)
        yield from labels(s, node["text"], KG.description)
        if node.get("target") is not None:
            yield s, KG.target, target(str(node["target"]))
        if node.get("due") is not None:
            yield s, KG.due, date_literal(node["due"])
        yield from common(s, node, "actions", order)

    for order, node in enumerate(doc.get("projects") or [], 1):
        s = iri("project", node["id"])
        yield from identified(s, KG.Project, str(node["id"]))
        yield from labels(s, node["title"], RDFS.label, DCTERMS.title)
        for holder in _as_list(node.get("proponents")):
            yield s, KG.proponent, resolve.holder(str(holder))
        for holder in _as_list(node.get("cosponsors")):
            yield s, KG.cosponsor, resolve.holder(str(holder))
        if node.get("forum"):
            yield s, KG.forum, iri("forum", node["forum"])
        yield s, KG.status, iri("project-status", node["status"])
        for date in _as_list(node.get("dates")):
            yield s, KG.date, date_literal(date)
        for kfa in _as_list(node.get("kfas")):
            yield s, KG.keyFocusArea, iri("kfa", kfa)
        yield from common(s, node, "projects", order)

    for order, node in enumerate(doc.get("figures") or [], 1):
        s = iri("figure", mid, node["id"])
        yield from identified(s, KG.Figure, f"{mid}/{node['id']}")
        yield from labels(s, node["label"])
        yield s, KG.value, decimal_literal(node["value"])
        if node.get("value_max") is not None:
            yield s, KG.valueMax, decimal_literal(node["value_max"])
        yield s, KG.figureKind, Literal(str(node.get("kind", "substantive")))
        if node.get("unit"):
            yield s, KG.unit, Literal(str(node["unit"]))
        if node.get("about"):
            yield s, KG.about, _about(str(node["about"]), resolve, corpus, proposals)
        yield from common(s, node, "figures", order)


def _about(value: str, resolve: Resolver, corpus: Corpus, proposals: set[str]) -> URIRef:
    if value in corpus.ids("issues"):
        return iri("issue", value)
    if value in corpus.ids("documents"):
        return iri("document", value)
    return resolve.holder(value)


def unnamed(holder: URIRef, node: dict[str, Any]) -> Iterator[Triple]:
    """An unnamed member: a node of its own, labelled as the report leaves it."""
    plurality = str(node.get("plurality", "one-or-more"))
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
