"""Named queries: well-formed, portable, documented, tested, and bound safely."""

from __future__ import annotations

import re

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg import queries
from kg.competency import load_all
from kg.errors import QueryError, UnknownEntity
from kg.namespaces import PREFIXES
from kg.store import Value, with_values
from kg.store.guard import blanked

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
    code = blanked(q.text)  # comments, literals and IRIs blanked, offsets kept
    select = code[code.index("SELECT") : code.index("WHERE")]
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


# A query whose comments and literals say `SELECT … WHERE {`: only the query's own two
# `WHERE {` (the outer group and the sub-select) may receive the VALUES block.
DECOYS = """# Title: Date of a meeting, among decoys
# Question: When was this meeting held? (an example: # SELECT ?x WHERE { ?x ?p ?o })
# SELECT ?meeting WHERE { ?meeting a kg:Meeting }
# Param: meeting meeting -- the meeting id, e.g. desg-2021-08
# Order: date
PREFIX kg: <https://w3id.org/meetkg/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?meeting ?date ?note
WHERE {  # WHERE { a comment after the real one
  { SELECT ?meeting ?date WHERE { ?meeting a kg:Meeting ; dcterms:date ?date } }
  BIND ("WHERE { is not a group here" AS ?note)
  FILTER (?note != 'WHERE {' && ?note != \"\"\"SELECT * WHERE {\n}\"\"\")
  # where {
}
ORDER BY ?date
"""


def test_header_comments_are_prose_and_params_come_from_param_lines() -> None:
    q = queries.parse("decoys", DECOYS)
    assert [(p.name, p.type, p.default) for p in q.params] == [("meeting", "meeting", None)]
    assert q.title == "Date of a meeting, among decoys"
    # a `# Param:` comment below the header declares nothing
    body = DECOYS.replace("  # where {", "  # Param: date string -- not a declaration")
    assert [p.name for p in queries.parse("decoys", body).params] == ["meeting"]


def test_values_block_opens_only_the_real_where_groups() -> None:
    iri = "https://w3id.org/meetkg/id/meeting/desg-2021-08"
    text = with_values(DECOYS, {"meeting": Value("iri", iri)})
    block = f" VALUES (?meeting) {{ (<{iri}>) }}\n"
    assert text.count(block) == 2
    assert text.replace(block, "") == DECOYS
    assert "WHERE {" + block + "  # WHERE { a comment after" in text  # the outer group
    assert "WHERE {" + block + " ?meeting a kg:Meeting" in text  # the sub-select
    for line in text.splitlines():  # no block inside a comment or a literal
        assert "VALUES" not in line or not line.lstrip().startswith(("#", '"', "'"))
    assert "# WHERE { a comment after the real one" in text
    assert "# where {\n}" in text


@pytest.mark.parametrize("engine", ["store", "rdflib_store"])
def test_comments_and_strings_cannot_break_binding(engine: str, request) -> None:  # type: ignore[no-untyped-def]
    store = request.getfixturevalue(engine)
    meetings = queries.select(store, "brief_meetings")
    wanted = [m["date"].value for m in meetings if m["meeting"].value.endswith("/desg-2021-08")]
    assert wanted
    result = queries.run(store, queries.parse("decoys", DECOYS), meeting="desg-2021-08")
    assert result.variables == ("date", "note")
    assert [(r["date"].value, r["note"].value) for r in result] == [
        (date, "WHERE { is not a group here") for date in wanted
    ]


def test_undeclared_parameter_names_the_query_and_its_parameters(store) -> None:  # type: ignore[no-untyped-def]
    q = queries.parse("decoys", DECOYS)
    expected = "Query 'decoys' has no parameter 'holder' \\(parameters: meeting\\)"
    with pytest.raises(QueryError, match=expected):
        queries.run(store, q, meeting="desg-2021-08", holder="US")
    with pytest.raises(QueryError, match=expected):  # resolved bindings are checked too
        queries.select(store, q, {"holder": Value("literal", "US")})
    with pytest.raises(
        QueryError, match="'issue_tree' has no parameter 'issue' \\(parameters: none\\)"
    ):
        queries.select(store, "issue_tree", {"issue": Value("literal", "x")})


def test_declared_parameter_not_given_is_an_error_unless_it_has_a_default(store) -> None:  # type: ignore[no-untyped-def]
    q = queries.parse("decoys", DECOYS)
    with pytest.raises(QueryError, match="Query 'decoys' needs parameter 'meeting'"):
        queries.run(store, q)
    with_default = queries.parse(
        "decoys",
        DECOYS.replace("# Param: meeting meeting --", "# Param: meeting meeting = desg-2021-08 --"),
    )
    assert with_default.params[0].default == "desg-2021-08"
    assert (
        queries.run(store, with_default).rows == queries.run(store, q, meeting="desg-2021-08").rows
    )
    for name in NAMES:  # the packaged queries keep their parameters required
        assert all(p.default is None for p in queries.load(name).params), name


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# Param: meeting -- no type", "bad Param line"),
        ("# Param: meeting colour -- an unknown type", "bad Param line"),
        ("# Param: mtg meeting -- not a variable of the query", "'mtg' is not a variable"),
        ("# Param: meeting meeting -- twice\n# Param: meeting meeting -- again", "declared twice"),
    ],
)
def test_malformed_param_lines_are_refused(line: str, message: str) -> None:
    text = DECOYS.replace("# Param: meeting meeting -- the meeting id, e.g. desg-2021-08", line)
    with pytest.raises(QueryError, match=message):
        queries.parse("decoys", text)


def test_a_variable_named_only_in_a_comment_is_not_a_parameter() -> None:
    text = DECOYS.replace(
        "# Order: date", "# Param: x string -- ?x appears in comments only\n# Order: date"
    )
    with pytest.raises(QueryError, match="'x' is not a variable of the query"):
        queries.parse("decoys", text)
