"""Queries cannot reach out of the graph, change it, nest without bound or run away.

A listener on loopback records every connection: a refused query must not make one, on
either engine, nor through a remote store (which would make the server fetch for us).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.cli import cli
from kg.errors import QueryError
from kg.store.guard import check, limited

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def listener():  # type: ignore[no-untyped-def]
    """A TCP server on 127.0.0.1 that counts the connections it accepts."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    seen: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(2)
    server.close()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "query, refused",
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:{port}/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
        ("select * where { service <http://127.0.0.1:{port}/> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_queries_that_reach_out_are_refused(
    runner, listener, engine: str, query: str, refused: str
) -> None:  # type: ignore[no-untyped-def]
    port, seen = listener
    result = runner.invoke(cli, ["--engine", engine, "sparql", query.replace("{port}", str(port))])
    assert result.exit_code == 1
    message = result.output.strip().splitlines()
    assert len(message) == 1 and refused in message[0] and "not allowed" in message[0]
    assert "root:" not in result.output  # nothing of /etc/passwd
    time.sleep(0.3)
    assert seen == []


def test_a_remote_store_refuses_before_any_request(listener) -> None:  # type: ignore[no-untyped-def]
    from kg.store.remote import RemoteStore

    port, seen = listener
    store = RemoteStore(f"http://127.0.0.1:{port}/sparql")
    with pytest.raises(QueryError, match="SERVICE"):
        store.select(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}")
    time.sleep(0.3)
    assert seen == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE FROM LOAD INSERT" } # FROM <http://x/>',
        "PREFIX from: <http://example.org/> SELECT ?s WHERE { ?s from:service ?o }",
        "SELECT ?from ?service WHERE { ?from ?load ?service } LIMIT 1",
        "SELECT ?s WHERE { ?s ?p '''a\nSERVICE <http://x/> { }''' }",
        "SELECT ?s WHERE { ?s <http://example.org/FROM> ?o . FILTER(?o < 3) }",
    ],
)
def test_the_words_inside_literals_names_and_comments_are_no_keywords(query: str) -> None:
    check(query)  # no error


@pytest.mark.parametrize(
    "query, word",
    [
        ("LOAD <http://example.org/x>", "LOAD"),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("DROP ALL", "DROP"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ],
)
def test_updates_are_refused(query: str, word: str) -> None:
    with pytest.raises(QueryError, match=word):
        check(query)


def test_deep_nesting_is_a_one_line_error(runner) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000
    result = runner.invoke(cli, ["sparql", query])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: the query nests deeper than 50 groups"


def test_syntax_errors_fit_on_one_line(runner) -> None:  # type: ignore[no-untyped-def]
    for engine in ("oxigraph", "rdflib"):
        result = runner.invoke(cli, ["--engine", engine, "sparql", "SELECT ?x WHERE {\n ?x ?y \n}"])
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "SPARQL syntax error" in result.output


def test_a_query_past_its_time_limit_is_stopped() -> None:
    start = time.monotonic()
    done = subprocess.run(
        [*KG, "--timeout", "1", "sparql", CROSS], cwd=ROOT, capture_output=True, text=True
    )
    elapsed = time.monotonic() - start
    assert done.returncode == 1
    assert "ran longer than 1 s and was stopped" in done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 10


def test_limited_returns_and_raises_what_the_work_does() -> None:
    assert limited(lambda: 42, None) == 42
    assert limited(lambda: 42, 5) == 42
    with pytest.raises(ZeroDivisionError):
        limited(lambda: 1 / 0, 5)
    with pytest.raises(QueryError, match="longer than 0.2 s"):
        limited(lambda: time.sleep(3), 0.2)


def test_ctrl_c_stops_a_long_query_at_once() -> None:
    proc = subprocess.Popen(
        [*KG, "--timeout", "0", "sparql", CROSS],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # loading the graph, then into the query
    assert proc.poll() is None
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert time.monotonic() - sent < 1.0
    assert proc.returncode != 0 and "Traceback" not in err


def test_arguments_and_files_that_are_not_utf8_get_a_message(tmp_path: Path) -> None:
    done = subprocess.run(
        [*KG, "query", "positions_on_issue", "-p", b"issue=\xff\xfe"], cwd=ROOT, capture_output=True
    )
    assert done.returncode == 2
    assert b"argument 4 is not valid UTF-8" in done.stderr and b"Traceback" not in done.stderr
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b'SELECT * WHERE { ?s ?p "\xff" }')
    done = subprocess.run([*KG, "sparql", str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "is not valid UTF-8" in done.stderr
    done = subprocess.run(
        [*KG, "sparql", "-"], cwd=ROOT, capture_output=True, input=b"SELECT \xff", text=False
    )
    assert done.returncode == 2 and b"standard input is not valid UTF-8" in done.stderr
