"""Namespaces of the ontology and the instance data, and the prefixes every output uses.

``KG`` is closed (``_fail = True``): a typo such as ``KG.holdr`` raises at once. A test keeps
its term list equal to the terms declared in ``ontology/kg.ttl``.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kg.iris import BASE

ID = Namespace(BASE + "id/")
"""Instance data: ``ID["economy/US"]``; only ``kg.iris`` should index it."""

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
KGSH = Namespace(BASE + "shapes#")


class KG(DefinedNamespace):
    """Terms of ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace(BASE + "def#")

    # classes
    Holder: URIRef
    Economy: URIRef
    Organisation: URIRef
    Forum: URIRef
    Post: URIRef
    UnnamedHolder: URIRef
    Meeting: URIRef
    AgendaItem: URIRef
    Document: URIRef
    SourceReport: URIRef
    Issue: URIRef
    KeyFocusArea: URIRef
    Statement: URIRef
    Position: URIRef
    Stance: URIRef
    Proposal: URIRef
    Outcome: URIRef
    OutcomeStatus: URIRef
    ActionItem: URIRef
    Project: URIRef
    ProjectStatus: URIRef
    Figure: URIRef
    Qualification: URIRef
    AllMembers: URIRef
    # properties
    plurality: URIRef
    speaksFor: URIRef
    nationality: URIRef
    organisationKind: URIRef
    basedIn: URIRef
    iso3: URIRef
    joined: URIRef
    note: URIRef
    forum: URIRef
    chair: URIRef
    attendee: URIRef
    host: URIRef
    mode: URIRef
    reportedIn: URIRef
    recordStatus: URIRef
    sha256: URIRef
    length: URIRef
    ofMeeting: URIRef
    section: URIRef
    order: URIRef
    discusses: URIRef
    documentKind: URIRef
    number: URIRef
    keyFocusArea: URIRef
    concernsDocument: URIRef
    translationSource: URIRef
    holder: URIRef
    speaker: URIRef
    stance: URIRef
    target: URIRef
    atMeeting: URIRef
    agendaItem: URIRef
    respondsTo: URIRef
    onIssue: URIRef
    proposedBy: URIRef
    rendering: URIRef
    evidence: URIRef
    status: URIRef
    actor: URIRef
    due: URIRef
    description: URIRef
    proponent: URIRef
    cosponsor: URIRef
    date: URIRef
    value: URIRef
    unit: URIRef
    about: URIRef
    valueMax: URIRef
    figureKind: URIRef
    qualifiedBy: URIRef
    qualificationKind: URIRef
    side: URIRef
    # UN General Assembly roll calls
    State: URIRef
    rollCall: URIRef
    resolution: URIRef


PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(BASE + "def#"),
    "kgsh": KGSH,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "schema": SCHEMA,
    "oa": OA,
    "economy": Namespace(BASE + "id/economy/"),
    "issue": Namespace(BASE + "id/issue/"),
    "stance": Namespace(BASE + "id/stance/"),
    "meeting": Namespace(BASE + "id/meeting/"),
}
"""Prefix → namespace for serialisation and for the ``PREFIX`` lines of every ``.rq`` file."""


def bind_prefixes(graph: Graph) -> None:
    """Bind ``PREFIXES`` on an rdflib graph or dataset (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
