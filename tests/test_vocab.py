"""kg.vocab restates the SKOS vocabularies of ontology/vocab/: both must say the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDFS, SKOS

from kg import vocab

VOCAB = Path(__file__).resolve().parent.parent / "ontology" / "vocab"
KG = Namespace("https://w3id.org/meetkg/def#")


def concepts(name: str) -> list[vocab.Term]:
    """The concepts of one scheme file as Terms, sorted by id."""
    g = Graph().parse(VOCAB / name)
    out = []
    for concept in set(g.subjects(SKOS.notation, None)):
        labels = {lit.language: str(lit) for lit in g.objects(concept, RDFS.label)}
        side = g.value(concept, KG.side)
        out.append(
            vocab.Term(
                str(g.value(concept, SKOS.notation)),
                labels["en"],
                labels["zh-Hant"],
                str(side) if isinstance(side, Literal) else "",
            )
        )
    return sorted(out, key=lambda t: t.id)


@pytest.mark.parametrize(
    ("name", "terms"),
    [
        ("stances.ttl", vocab.STANCE_TERMS),
        ("outcome-statuses.ttl", vocab.OUTCOME_STATUS_TERMS),
        ("project-statuses.ttl", vocab.PROJECT_STATUS_TERMS),
    ],
)
def test_python_tables_equal_the_skos_schemes(name: str, terms: tuple[vocab.Term, ...]) -> None:
    assert sorted(terms, key=lambda t: t.id) == concepts(name)


def test_every_stance_has_a_known_side() -> None:
    assert {t.side for t in vocab.STANCE_TERMS} == set(vocab.SIDES)
    assert vocab.side_of("opposes") == "against"
    with pytest.raises(KeyError):
        vocab.side_of("maybe")


def test_the_records_schema_takes_its_vocabularies_from_kg_vocab() -> None:
    from kg import records

    assert records.STANCES is vocab.STANCES
    assert records.OUTCOME_STATUSES is vocab.OUTCOME_STATUSES
    assert records.PROJECT_STATUSES is vocab.PROJECT_STATUSES
    assert records.RECORD_STATUSES is vocab.RECORD_STATUSES
