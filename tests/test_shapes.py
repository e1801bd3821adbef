"""SHACL shapes: the seed conforms; each broken graph fails with exactly the shape it breaks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.build import build_dataset
from kg.namespaces import KG, OA
from kg.records import load_corpus
from kg.validate import shacl_violations, validate

ID = "https://w3id.org/meetkg/id/"
RU_POSITION = URIRef(ID + "statement/desg-2021-08/ru-opposes-subsidiary-bodies")


@pytest.fixture(scope="module")
def seed_graph(data_dir) -> Graph:  # type: ignore[no-untyped-def]
    ds = build_dataset(load_corpus(data_dir))
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_seed_conforms_without_warnings(data_dir) -> None:  # type: ignore[no-untyped-def]
    report = validate(data_dir)
    assert report.conforms, report.text()
    assert report.violations == []
    assert report.quotes_checked >= 150


def drop_stance(g: Graph) -> None:
    g.remove((RU_POSITION, KG.stance, None))


def two_holders(g: Graph) -> None:
    g.add((RU_POSITION, KG.holder, URIRef(ID + "economy/CN")))


def stance_not_a_concept(g: Graph) -> None:
    g.remove((RU_POSITION, KG.stance, None))
    g.add((RU_POSITION, KG.stance, URIRef(ID + "economy/CN")))


def target_is_a_person(g: Graph) -> None:
    g.remove((RU_POSITION, KG.target, None))
    g.add((RU_POSITION, KG.target, URIRef(ID + "person/shannon-coe")))


def no_evidence(g: Graph) -> None:
    g.remove((RU_POSITION, KG.evidence, None))


def start_after_end(g: Graph) -> None:
    sel = URIRef(f"{RU_POSITION}/evidence/position")
    g.remove((sel, OA.start, None))
    g.add((sel, OA.start, Literal(99999)))


def economy_absent(g: Graph) -> None:
    g.remove((URIRef(ID + "meeting/desg-2021-08"), KG.attendee, URIRef(ID + "economy/RU")))


def unnamed_without_plurality(g: Graph) -> None:
    holder = URIRef(ID + "unnamed/desg-2021-08/members-oppose-cbpr-statement")
    assert (holder, RDF.type, KG.UnnamedHolder) in g
    g.remove((holder, KG.plurality, None))


BREAKAGES: list[tuple[Callable[[Graph], None], str, str]] = [
    (drop_stance, "PositionShape", "Violation"),
    (two_holders, "StatementShape", "Violation"),
    (stance_not_a_concept, "PositionShape", "Violation"),
    (target_is_a_person, "PositionShape", "Violation"),
    (no_evidence, "StatementShape", "Violation"),
    (start_after_end, "PositionSelectorShape", "Violation"),
    (economy_absent, "HolderAttendedShape", "Warning"),
    (unnamed_without_plurality, "UnnamedHolderShape", "Violation"),
]


@pytest.mark.parametrize(
    ("break_it", "shape", "severity"), BREAKAGES, ids=[b[0].__name__ for b in BREAKAGES]
)
def test_broken_graph_fails_with_the_named_shape(
    seed_graph: Graph, break_it, shape: str, severity: str
) -> None:  # type: ignore[no-untyped-def]
    g = Graph()
    for t in seed_graph:
        g.add(t)
    break_it(g)
    found = {(v.shape.rsplit("#", 1)[-1], v.severity) for v in shacl_violations(g)}
    assert found == {(shape, severity)}, found
