"""Named queries: well-formed, portable, documented, tested, and bound safely."""

from __future__ import annotations

import re

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg import queries
from kg.competency import load_all
from kg.errors import QueryError, UnknownEntity
from kg.namespaces import PREFIXES

NAMES = queries.available()
INTERNAL = ["_resolve_id", "_resolve_label"]


def test_there_are_at_least_twelve_named_queries() -> None:
    assert len(NAMES) >= 12


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_and_is_documented(name: str) -> None:
    q = queries.load(name)
    prepareQuery(q.text)  # rdflib's parser
    import pyoxigraph

    pyoxigraph.Store().query(q.text, substitutions=None)  # Oxigraph's parser
    assert q.title and q.question and q.order, "header needs Title, Question and Order"
    assert re.search(r"\bORDER BY\b", q.text), "results people see are ordered"
    select = q.text[q.text.index("SELECT") : q.text.index("WHERE")]
    for param in q.params:
        assert f"?{param.name}" in select, f"?{param.name} must be projected for binding"
        assert param.help


@pytest.mark.parametrize("name", NAMES + INTERNAL)
def test_query_fetches_nothing_remote(name: str) -> None:
    text = queries.load(name).text
    assert not re.search(r"\bSERVICE\b", text, re.I)
    assert not re.search(r"^\s*FROM\b", text, re.I | re.M)
    assert not re.search(r"\b(LOAD|INSERT|DELETE|DROP|CLEAR)\b", text)


@pytest.mark.parametrize("name", NAMES + INTERNAL)
def test_declared_prefixes_match_the_namespace_module(name: str) -> None:
    for prefix, iri in re.findall(r"^PREFIX (\w*): <([^>]+)>", queries.load(name).text, re.M):
        assert prefix in PREFIXES, prefix
        assert str(PREFIXES[prefix]) == iri, prefix


def test_every_query_has_a_competency_question() -> None:
    covered = {cq.query for cq in load_all()}
    assert set(NAMES) - covered == set()


def test_unknown_query_suggests_a_close_name() -> None:
    with pytest.raises(
        QueryError, match="Unknown query 'positions_on_isue'. Did you mean positions_on_issue"
    ):
        queries.load("positions_on_isue")


def test_unknown_parameter_lists_the_real_ones(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="has no parameter 'economy' \\(parameters: issue\\)"):
        queries.run(store, "positions_on_issue", economy="RU")


def test_missing_parameter(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="needs parameter 'issue'"):
        queries.run(store, "positions_on_issue")


def test_unknown_issue_suggests_ids(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownEntity, match="Did you mean 'tor-sunset-clause'"):
        queries.run(store, "positions_on_issue", issue="tor-sunset-claus")


def test_economy_by_code_name_or_alias(store) -> None:  # type: ignore[no-untyped-def]
    by_code = queries.plain_rows(queries.run(store, "positions_of_holder", holder="ru"))
    assert by_code
    assert queries.plain_rows(queries.run(store, "positions_of_holder", holder="Russia")) == by_code
    assert queries.plain_rows(queries.run(store, "positions_of_holder", holder="俄羅斯")) == by_code


def test_slugs_match_in_any_case(store) -> None:  # type: ignore[no-untyped-def]
    """`--forum DESG` is the id `desg` (found by id: a label scan reads every label, which
    takes seconds beside a million votes)."""
    asked: list[str] = []

    class Spy:
        def select(self, query, bindings=None):  # type: ignore[no-untyped-def]
            asked.append(query)
            return store.select(query, bindings)

    assert queries.resolve_id(Spy(), "forum", "DESG").value.endswith("/forum/desg")  # type: ignore[arg-type]
    issue = queries.resolve_id(Spy(), "issue", "TOR-Subsidiary-Bodies")  # type: ignore[arg-type]
    assert issue.value.endswith("/issue/tor-subsidiary-bodies")
    assert queries.load("_resolve_label").text not in asked


def test_hostile_parameter_is_data_not_query_text(store) -> None:  # type: ignore[no-untyped-def]
    hostile = '" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    with pytest.raises(UnknownEntity):
        queries.run(store, "positions_on_issue", issue=hostile)
    assert queries.run(store, "issue_tree").rows  # the store is intact
