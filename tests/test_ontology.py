"""The ontology, vocabularies and shapes: parse, are documented in both languages, agree with code."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.build import load_ontology, load_shapes
from kg.namespaces import KG
from kg.records import OUTCOME_STATUSES, PROJECT_STATUSES, STANCES

ONT = str(KG)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def declared_terms(g: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {str(s) for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(ONT)}
    terms |= {str(s) for s in g.subjects(RDF.type, KG.Holder) if str(s).startswith(ONT)}
    return terms


def test_every_term_has_labels_and_definitions_in_both_languages(ontology: Graph) -> None:
    missing = []
    for term in sorted(declared_terms(ontology)):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(URIRef(term), prop)}
            if not {"en", "zh-Hant"} <= langs:
                missing.append(f"{term} {prop.n3()} has {sorted(filter(None, langs))}")
    assert not missing, "\n".join(missing)


def test_namespace_module_lists_exactly_the_declared_terms(ontology: Graph) -> None:
    in_code = {ONT + name for name in KG.__annotations__}
    assert in_code == declared_terms(ontology)


def test_closed_namespace_rejects_typos() -> None:
    with pytest.raises(AttributeError):
        KG.holdr  # noqa: B018


@pytest.mark.parametrize(
    ("scheme", "values"),
    [
        ("stance", STANCES),
        ("outcome-status", OUTCOME_STATUSES),
        ("project-status", PROJECT_STATUSES),
    ],
)
def test_vocabularies_match_the_values_records_accept(
    ontology: Graph, scheme: str, values: tuple[str, ...]
) -> None:
    base = f"https://w3id.org/meetkg/id/{scheme}/"
    concepts = {
        str(s)[len(base) :] for s in ontology.subjects(SKOS.inScheme, URIRef(base.rstrip("/")))
    }
    assert concepts == set(values)
    for value in values:
        langs = {o.language for o in ontology.objects(URIRef(base + value), SKOS.prefLabel)}
        assert langs == {"en", "zh-Hant"}, value


def test_every_stance_sits_on_a_side(ontology: Graph) -> None:
    sides = {str(s).rsplit("/", 1)[1]: str(o) for s, o in ontology.subject_objects(KG.side)}
    assert sides == {
        "supports": "for",
        "proposes": "for",
        "opposes": "against",
        "no-position": "neither",
        "concedes": "neither",
        "reserves": "neither",
        "abstains": "neither",
    }


def test_every_shape_targets_a_declared_class(ontology: Graph, shapes: Graph) -> None:
    known = declared_terms(ontology) | {
        "http://www.w3.org/ns/oa#TextQuoteSelector",
        "http://www.w3.org/ns/oa#TextPositionSelector",
        "http://xmlns.com/foaf/0.1/Person",
    }
    targets = {str(o) for o in shapes.objects(None, SH.targetClass)}
    assert targets, "no shape has a target class"
    assert targets <= known, targets - known


def test_every_constraint_carries_a_human_message(shapes: Graph) -> None:
    silent = []
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(shape, SH.property):
            if shapes.value(prop, SH.message) is None:
                silent.append(f"{shape} {shapes.value(prop, SH.path)}")
        for sparql in shapes.objects(shape, SH.sparql):
            if shapes.value(sparql, SH.message) is None:
                silent.append(f"{shape} sparql")
    assert not silent, silent


def test_shape_names_follow_the_class_shape_convention(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert re.fullmatch(r"https://w3id\.org/meetkg/shapes#[A-Z][A-Za-z]+Shape", str(shape)), (
            shape
        )
