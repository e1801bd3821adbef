"""`kg serve`: the SPARQL 1.1 Protocol endpoint and the named queries over HTTP.

Most tests drive the application in process (Starlette's TestClient, no network); one starts
`kg serve` on a free loopback port and asks it with SPARQLWrapper and curl.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kg import queries
from kg.iris import short_id
from kg.output import render
from kg.store import Result, Value, with_values
from kg.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
ISSUE = "tor-subsidiary-bodies"
POSITIONS = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } ORDER BY ?s ?o LIMIT 5"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CONSTRUCT = "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } LIMIT 3"


@pytest.fixture(scope="module")
def client(store):  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    app = create_app(store, timeout=10, max_rows=500, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def test_select_answers_json_by_default_with_the_union_default_graph(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": POSITIONS})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/sparql-results+json"
    doc = answer.json()
    assert doc["head"]["vars"] == ["s", "o"]
    assert len(doc["results"]["bindings"]) == 5


@pytest.mark.parametrize(
    "accept, fmt, media",
    [
        ("application/sparql-results+json", "json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
        ("text/csv", "csv", "text/csv"),
        ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
    ],
)
def test_the_four_result_formats_by_accept_and_by_format(client, accept, fmt, media) -> None:  # type: ignore[no-untyped-def]
    by_accept = client.get("/sparql", params={"query": POSITIONS}, headers={"Accept": accept})
    by_name = client.get("/sparql", params={"query": POSITIONS, "format": fmt})
    assert by_accept.status_code == by_name.status_code == 200
    assert by_accept.headers["content-type"].startswith(media)
    assert by_accept.content == by_name.content


def test_post_as_a_query_body_and_as_a_form_answer_like_get(client) -> None:  # type: ignore[no-untyped-def]
    got = client.get("/sparql", params={"query": POSITIONS}).json()
    body = client.post(
        "/sparql", content=POSITIONS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    form = client.post("/sparql", data={"query": POSITIONS})
    assert body.json() == form.json() == got


def test_default_graph_uri_limits_the_default_graph(client, store) -> None:  # type: ignore[no-untyped-def]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    graph = store.named_graphs()[0]
    union = client.get("/sparql", params={"query": count}).json()
    one = client.get("/sparql", params={"query": count, "default-graph-uri": graph}).json()
    none = client.get(
        "/sparql", params={"query": count, "default-graph-uri": "http://example.org/none"}
    ).json()
    n = [int(d["results"]["bindings"][0]["n"]["value"]) for d in (union, one, none)]
    assert n[0] > n[1] > 0 and n[2] == 0
    refused = client.get("/sparql", params={"query": count, "named-graph-uri": graph})
    assert refused.status_code == 400 and "GRAPH" in refused.text


def test_ask(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert answer.json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert "<boolean>true</boolean>" in xml.text


@pytest.mark.parametrize(
    "accept, fmt, media",
    [
        ("text/turtle", "turtle", "text/turtle"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/ld+json", "jsonld", "application/ld+json"),
    ],
)
def test_construct_as_turtle_ntriples_and_jsonld(client, accept, fmt, media) -> None:  # type: ignore[no-untyped-def]
    import rdflib

    by_accept = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    by_name = client.get("/sparql", params={"query": CONSTRUCT, "format": fmt})
    assert by_accept.status_code == by_name.status_code == 200, by_accept.text
    assert by_accept.headers["content-type"].startswith(media)
    assert by_accept.content == by_name.content
    graph = rdflib.Graph().parse(
        data=by_accept.text, format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    )
    assert len(graph) == 3


def test_construct_on_a_store_without_it_is_501(client) -> None:  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    class SelectOnly:
        name = "remote"
        timeout = None
        position_tables: dict[str, Path] = {}

        def select(self, query, bindings=None, graphs=None):  # type: ignore[no-untyped-def]
            return Result(("x",), ())

    with TestClient(create_app(SelectOnly())) as c:  # type: ignore[arg-type]
        answer = c.get("/sparql", params={"query": CONSTRUCT})
    assert answer.status_code == 501 and "CONSTRUCT" in answer.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": "INSERT DATA { <a:s> <a:p> <a:o> }"}},
        {
            "method": "POST",
            "content": b"INSERT DATA { <a:s> <a:p> <a:o> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "POST", "data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
        {"method": "GET", "params": {"query": "CLEAR ALL"}},
    ],
)
def test_updates_are_refused_with_403(client, store, request_kwargs) -> None:  # type: ignore[no-untyped-def]
    before = len(store.select("SELECT * WHERE { ?s ?p ?o }"))
    answer = client.request(url="/sparql", **request_kwargs)
    assert answer.status_code == 403
    assert answer.text.strip() == "this endpoint is read-only: SPARQL Update is refused"
    assert len(store.select("SELECT * WHERE { ?s ?p ?o }")) == before


@pytest.mark.parametrize(
    "query, words",
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * WHERE { ?s ?p ", "syntax error"),
        ("SELECT * WHERE " + "{" * 60 + "}" * 60, "nests deeper"),
    ],
)
def test_refused_and_malformed_queries_are_400_with_one_line(client, query, words) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": query})
    assert answer.status_code == 400
    assert words in answer.text
    assert len(answer.text.strip().splitlines()) == 1


def test_the_row_limit_refuses_a_larger_answer(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert answer.status_code == 400
    assert "more than 500 rows" in answer.text
    triples = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert triples.status_code == 400 and "more than 500 triples" in triples.text


def test_a_query_past_the_time_limit_is_503() -> None:
    from starlette.testclient import TestClient

    class Slow:
        name = "slow"
        timeout = None

        def select(self, query, bindings=None, graphs=None):  # type: ignore[no-untyped-def]
            from kg.store.guard import limited

            return limited(lambda: time.sleep(3), self.timeout)

    with TestClient(create_app(Slow(), timeout=0.3)) as c:  # type: ignore[arg-type]
        answer = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert answer.status_code == 503
    assert "ran longer than 0.3 s" in answer.text


def test_bad_requests(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/sparql", params={"default-graph-uri": "urn:x"}).status_code == 400
    assert (
        client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code
        == 415
    )
    big = client.post(
        "/sparql",
        content=b"#" * 1_000_001,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert big.status_code == 413
    assert (
        client.get(
            "/sparql", params={"query": POSITIONS}, headers={"Accept": "image/png"}
        ).status_code
        == 406
    )
    assert client.get("/sparql", params={"query": POSITIONS, "format": "png"}).status_code == 400


def test_a_get_without_a_query_answers_the_service_description(client) -> None:  # type: ignore[no-untyped-def]
    import rdflib

    answer = client.get("/sparql")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=answer.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef("http://127.0.0.1/sparql")
    assert (endpoint, sd.endpoint, endpoint) in g
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (endpoint, sd.feature, sd.UnionDefaultGraph) in g


def test_every_response_has_the_security_headers_and_no_cors(client) -> None:  # type: ignore[no-untyped-def]
    for answer in (
        client.get(
            "/sparql", params={"query": POSITIONS}, headers={"Origin": "http://evil.example"}
        ),
        client.get("/queries"),
        client.get("/nowhere"),
        client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <a:b> { ?s ?p ?o } }"}),
        client.delete("/sparql"),
    ):
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert not any(h.lower().startswith("access-control-") for h in answer.headers)


def test_a_foreign_host_name_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/queries", headers={"Host": "rebound.example"})
    assert answer.status_code == 400


def test_queries_are_listed_with_their_parameters(client) -> None:  # type: ignore[no-untyped-def]
    listing = client.get("/queries").json()
    names = [q["name"] for q in listing]
    assert names == queries.available()
    entry = listing[names.index("positions_on_issue")]
    assert entry["params"][0]["name"] == "issue" and entry["question"]


def test_a_named_query_gives_the_rows_of_kg_query(client, store) -> None:  # type: ignore[no-untyped-def]
    expected = queries.run(store, "positions_on_issue", issue=ISSUE)
    as_json = client.get("/queries/positions_on_issue", params={"issue": ISSUE})
    assert as_json.status_code == 200
    assert as_json.json() == json.loads(render(expected, "json"))
    as_csv = client.get("/queries/positions_on_issue", params={"issue": ISSUE, "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text == render(expected, "csv")
    accepted = client.get(
        "/queries/positions_on_issue", params={"issue": ISSUE}, headers={"Accept": "text/csv"}
    )
    assert accepted.text == as_csv.text


@pytest.mark.parametrize(
    "path, status",
    [
        ("/queries/..%2Fx", 404),
        ("/queries/%2E%2E", 404),
        ("/queries/_resolve_id", 404),
        ("/queries/no_such_query", 404),
        ("/queries/positions_on_issue", 400),
        ("/queries/positions_on_issue?issue=no-such-issue", 400),
        ("/queries/positions_on_issue?issue=a&issue=b", 400),
        ("/queries/positions_on_issue?issue=tor-subsidiary-bodies&nope=1", 400),
    ],
)
def test_bad_names_and_parameters(client, path, status) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(path)
    assert answer.status_code == status, answer.text
    assert len(answer.text.strip().splitlines()) == 1


def test_loopback_addresses_are_told_apart() -> None:
    from kg.cli.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", "--data", str(ROOT / "data"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.server
@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # SPARQLWrapper's JSON-LD
def test_kg_serve_answers_sparqlwrapper_and_curl(tmp_path: Path) -> None:
    import rdflib
    from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    build = str(tmp_path / "build")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    expected = _kg(
        "--build-dir",
        build,
        "-q",
        "query",
        "positions_on_issue",
        "-p",
        f"issue={ISSUE}",
        "-f",
        "json",
        cwd=tmp_path,
    )
    assert expected.returncode == 0, expected.stderr
    expected_rows = json.loads(expected.stdout)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "--data",
            str(ROOT / "data"),
            "--build-dir",
            build,
            "--timeout",
            "2",
            "serve",
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.2)

        # the same rows as `kg query`, through the raw query text and the union default graph
        text = queries.load("positions_on_issue").text
        bound = with_values(
            text, {"issue": Value("iri", f"https://w3id.org/meetkg/id/issue/{ISSUE}")}
        )
        client = SPARQLWrapper(base + "/sparql")
        client.setQuery(bound)
        client.setReturnFormat(JSON)
        doc = client.query().convert()
        assert len(doc["results"]["bindings"]) == len(expected_rows) > 0
        got = sorted(
            (short_id(b["holder"]["value"]), short_id(b["stance"]["value"]))
            for b in doc["results"]["bindings"]
        )
        assert got == sorted((r["holder"], r["stance"]) for r in expected_rows)

        with urllib.request.urlopen(f"{base}/queries/positions_on_issue?issue={ISSUE}") as got:
            named = json.loads(got.read())
        assert named == expected_rows  # /queries/NAME gives the rows of `kg query`

        # each result format through SPARQLWrapper
        for fmt in (XML, CSV, TSV):
            client.setReturnFormat(fmt)
            answer = client.query()
            assert answer.response.status == 200
            assert answer.convert()
            answer.response.close()
        graph = SPARQLWrapper(base + "/sparql")
        graph.setQuery(CONSTRUCT)
        for fmt in (TURTLE, JSONLD):
            graph.setReturnFormat(fmt)
            converted = graph.query().convert()
            if isinstance(converted, bytes):  # Turtle comes back as text
                converted = rdflib.Graph().parse(data=converted, format="turtle")
            assert len(converted) == 3

        # an update refused, SERVICE refused, a cross product stopped by the time limit
        update = SPARQLWrapper(base + "/sparql")
        update.setMethod("POST")
        update.setQuery("INSERT DATA { <a:s> <a:p> <a:o> }")
        with pytest.raises(urllib.error.HTTPError) as refused:
            update.query()
        assert refused.value.code == 403
        refused.value.close()
        service = SPARQLWrapper(base + "/sparql")
        service.setQuery("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        with pytest.raises(QueryBadFormed):
            service.query()
        cross = SPARQLWrapper(base + "/sparql")
        cross.setQuery(CROSS)
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as stopped:
            cross.query()
        assert stopped.value.code == 503
        assert "ran longer than 2 s" in stopped.value.read().decode()
        stopped.value.close()
        assert time.monotonic() - started < 10

        curl = shutil.which("curl")
        if curl is None:
            pytest.skip("curl is not installed")

        def fetch(*args: str) -> tuple[int, str, str]:
            out = tmp_path / "curl-body"
            done = subprocess.run(
                [curl, "-sS", "-o", str(out), "-w", "%{http_code}\\n%{content_type}", *args],
                capture_output=True,
                text=True,
                timeout=30,
            )
            status, _, ctype = done.stdout.partition("\n")
            return int(status), ctype, out.read_text(encoding="utf-8")

        for accept, media in (
            ("application/sparql-results+json", "application/sparql-results+json"),
            ("application/sparql-results+xml", "application/sparql-results+xml"),
            ("text/csv", "text/csv"),
            ("text/tab-separated-values", "text/tab-separated-values"),
        ):
            status, ctype, body = fetch(
                "-H", f"Accept: {accept}", "--data-urlencode", f"query={bound}", base + "/sparql"
            )
            assert status == 200 and ctype.startswith(media), (status, ctype, body)
            if media == "text/csv":
                assert len(list(csv.reader(io.StringIO(body)))) == len(expected_rows) + 1
        for accept, media in (
            ("text/turtle", "text/turtle"),
            ("application/n-triples", "application/n-triples"),
            ("application/ld+json", "application/ld+json"),
        ):
            status, ctype, body = fetch(
                "-G",
                "-H",
                f"Accept: {accept}",
                "--data-urlencode",
                f"query={CONSTRUCT}",
                base + "/sparql",
            )
            assert status == 200 and ctype.startswith(media), (status, ctype, body)
        status, _, body = fetch(
            "--data-urlencode", "update=INSERT DATA { <a:s> <a:p> <a:o> }", base + "/sparql"
        )
        assert status == 403, body
        status, _, body = fetch(
            "-G",
            "--data-urlencode",
            "query=SELECT * WHERE { SERVICE <a:b> { ?s ?p ?o } }",
            base + "/sparql",
        )
        assert status == 400 and "SERVICE" in body
        status, ctype, body = fetch(f"{base}/queries/positions_on_issue?issue={ISSUE}&format=csv")
        assert status == 200 and ctype.startswith("text/csv")
        assert len(list(csv.DictReader(io.StringIO(body)))) == len(expected_rows)
        status, _, _ = fetch("--path-as-is", f"{base}/queries/../x")
        assert status == 404
    finally:
        server.terminate()
        try:
            server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


def test_the_listening_socket_is_tcp_so_answers_are_not_held_back() -> None:
    """asyncio sets TCP_NODELAY only on sockets made with IPPROTO_TCP; without it a
    keep-alive client waits for a delayed ACK (about 40 ms) on every answer."""
    import socket

    from kg.cli.serve import listen

    listener = listen("127.0.0.1", 0, "the graph")
    try:
        assert listener.sock.proto == socket.IPPROTO_TCP
        assert listener.url.startswith("http://127.0.0.1:") and not listener.url.endswith(":0")
        assert listener.allowed_hosts is not None and "127.0.0.1" in listener.allowed_hosts
    finally:
        listener.sock.close()
