"""A real SPARQL 1.1 server on loopback (the ``oxigraph`` package's binary): push twice, one
copy; every competency question gives the rows the embedded store gives; faults are clear."""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import competency
from kg.cli import cli

pytestmark = pytest.mark.server

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not OXIGRAPH.exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the oxigraph server did not start")
            time.sleep(0.05)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def pushed(server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    from click.testing import CliRunner

    build = tmp_path_factory.mktemp("build")
    args = [
        "--data",
        str(Path(__file__).resolve().parents[1] / "data"),
        "--build-dir",
        str(build),
        "--quiet",
    ]
    runner = CliRunner()
    for _ in range(2):  # pushing twice must leave one copy
        result = runner.invoke(
            cli, [*args, "push", "--endpoint", server + "/query"], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
    return server + "/query"


def test_push_twice_leaves_one_copy(pushed: str, seed_nquads: Path) -> None:
    from kg.store.remote import RemoteStore

    remote = RemoteStore(pushed)
    assert len(remote.graphs()) == 3
    req = urllib.request.Request(
        pushed,
        data=b"SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        method="POST",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(req, timeout=10) as answer:
        n = json.load(answer)["results"]["bindings"][0]["n"]["value"]
    lines = {line for line in seed_nquads.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert int(n) == len(lines)


def test_competency_questions_identical_on_the_server(pushed: str, store) -> None:  # type: ignore[no-untyped-def]
    from kg.store.remote import RemoteStore

    remote = RemoteStore(pushed)
    for cq in competency.load_all():
        assert competency.answer(remote, cq) == competency.answer(store, cq), cq.id
    assert [o.id for o in competency.check_all(remote) if not o.passed] == []


def test_read_commands_take_endpoint(pushed: str, runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    args = [*kg_args, "--endpoint", pushed]
    result = runner.invoke(
        cli,
        [*args, "query", "positions_on_issue", "-p", "issue=tor-subsidiary-bodies", "-f", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    holders = {r["holder"] for r in json.loads(result.output)}
    assert {"RU", "US"} <= holders
    aligned = runner.invoke(
        cli,
        [*args, "network", "alignment", "--holders", "US,CN,RU", "-f", "json"],
        catch_exceptions=False,
    )
    local = runner.invoke(
        cli,
        [*kg_args, "network", "alignment", "--holders", "US,CN,RU", "-f", "json"],
        catch_exceptions=False,
    )
    assert aligned.output == local.output


def test_server_down_is_a_clear_error(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(cli, [*kg_args, "--endpoint", url, "query", "open_issues"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: SPARQL endpoint {url}: cannot reach the server")
    pushed = runner.invoke(cli, [*kg_args, "push", "--endpoint", url])
    assert pushed.exit_code == 1 and "cannot reach the server" in pushed.output


class _Fails(http.server.BaseHTTPRequestHandler):
    def _fail(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(500, "Internal Server Error")
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"disk full\n")

    do_POST = do_PUT = do_GET = _fail

    def log_message(self, *args: object) -> None:
        pass


def test_server_answering_500_is_a_clear_error(runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fails)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/query"
        result = runner.invoke(cli, [*kg_args, "--endpoint", url, "query", "open_issues"])
        assert result.exit_code == 1
        assert (
            result.output
            == f"Error: SPARQL endpoint {url}: HTTP 500 Internal Server Error: disk full\n"
        )
        pushed = runner.invoke(cli, [*kg_args, "push", "--endpoint", url])
        assert pushed.exit_code == 1
        assert "HTTP 500 Internal Server Error: disk full" in pushed.output
    finally:
        httpd.shutdown()
        httpd.server_close()
