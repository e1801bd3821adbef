"""Outputs under hostile input and faults: ``-o`` never names an input, failed writes are one
line and leave nothing behind, remote answers of the wrong shape are errors, and what the data
says cannot act on the reader (Markdown viewer, spreadsheet, terminal, error stream).

Each class asserts the one-line message, the exit code, and that no file was written or changed.
"""

from __future__ import annotations

import errno
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SPARQL_ROWS = 'SELECT ?x WHERE { BIND("ok" AS ?x) }'


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: bytes and modification time (ns)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def one_line(output: str) -> str:
    assert output.endswith("\n") and output.count("\n") == 1, output
    assert "Traceback" not in output
    return output.rstrip("\n")


def args_for(data: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["--data", str(data), "--build-dir", str(tmp_path / "build"), "--quiet", *extra]


# ------------------------------------------------------------------ outputs naming inputs


@pytest.fixture
def world(mini_data: Path, tmp_path: Path) -> dict[str, Path]:
    """Inputs a command may be pointed at: a record, a source, reference data, a .rq file,
    a report, and a symbolic link to a record."""
    record = mini_data / "meetings" / "mini-2021.yaml"
    rq = tmp_path / "q.rq"
    rq.write_text(SPARQL_ROWS, encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(
        (mini_data / "sources" / "000_c517f4e9d3fbb5d0.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    link = tmp_path / "link.yaml"
    link.symlink_to(record)
    return {
        "data": mini_data,
        "record": record,
        "source": mini_data / "sources" / "000_c517f4e9d3fbb5d0.txt",
        "reference": mini_data / "reference" / "issues.yaml",
        "rq": rq,
        "report": report,
        "link": link,
    }


CLOBBER = {
    # case: (command after the global options, -o target key, the input it names)
    "--only record": (["query", "issue_tree"], "only", "a meeting record given with --only"),
    "meeting record": (["brief", "issue", "tor-subsidiary-bodies"], "record", "a meeting record"),
    "record via ./": (["network", "alignment", "-f", "csv"], "dot-record", "a meeting record"),
    "record via symlink": (["network", "export"], "link", "a meeting record"),
    "source": (["brief", "issue", "tor-subsidiary-bodies"], "source", "inside"),
    "new file in sources": (["query", "issue_tree"], "new-source", "inside"),
    "reference": (["view"], "reference", "inside"),
    "query file": (["sparql", "{rq}"], "rq", "the query file"),
    "report": (["ingest", "{report}", "--meeting", "mini-2022-02"], "report", "the report"),
}


@pytest.mark.parametrize("case", sorted(CLOBBER))
def test_output_naming_an_input_is_refused(
    case: str,
    world: dict[str, Path],
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    command, key, what = CLOBBER[case]
    data = world["data"]
    monkeypatch.chdir(data)
    targets = {
        **{k: str(v) for k, v in world.items()},
        "only": str(world["record"]),
        "dot-record": "./meetings/../meetings/mini-2021.yaml",  # relative, with ./ and ..
        "new-source": str(data / "sources" / "new.txt"),
    }
    command = [c.format(rq=world["rq"], report=world["report"]) for c in command]
    extra = ["--only", str(world["record"])] if key == "only" else []
    before = {"data": tree(data), "rq": world["rq"].read_bytes(), "report": world["report"]}
    report_before = world["report"].read_bytes(), world["report"].stat().st_mtime_ns
    rq_before = world["rq"].read_bytes(), world["rq"].stat().st_mtime_ns
    result = runner.invoke(cli, [*args_for(data, tmp_path, *extra), *command, "-o", targets[key]])
    line = one_line(result.output)
    assert result.exit_code == 1, result.output
    assert line.startswith(f"Error: refusing to write {Path(targets[key])}: it is "), line
    assert what in line
    assert tree(data) == before["data"], "an input changed or a file was added"
    assert (world["report"].read_bytes(), world["report"].stat().st_mtime_ns) == report_before
    assert (world["rq"].read_bytes(), world["rq"].stat().st_mtime_ns) == rq_before


def test_refusal_comes_before_any_work(world: dict[str, Path], runner: CliRunner, tmp_path):  # type: ignore[no-untyped-def]
    """Refused at parse time: not even the graph cache is built."""
    result = runner.invoke(
        cli,
        [*args_for(world["data"], tmp_path), "query", "issue_tree", "-o", str(world["record"])],
    )
    assert result.exit_code == 1
    assert not (tmp_path / "build").exists()


def test_output_elsewhere_is_fine(
    world: dict[str, Path], runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "tree.csv"
    result = runner.invoke(
        cli,
        [*args_for(world["data"], tmp_path), "query", "issue_tree", "-f", "csv", "-o", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("issue")


# ------------------------------------------------------------------ failed writes


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


class _FailingFile:
    """A file whose ``write`` fails like a full disk (or a file-size limit)."""

    def __init__(self, real, code: int) -> None:  # type: ignore[no-untyped-def]
        self.real, self.code = real, code

    def write(self, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.real, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG, errno.EACCES])
def test_failed_write_is_one_line_and_leaves_nothing(
    code: int, runner: CliRunner, kg_args: list[str], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import kg.graph

    out = tmp_path / "out"
    out.mkdir()
    target = out / "tree.csv"
    target.write_bytes(b"old\n")
    warm = runner.invoke(cli, [*kg_args, "query", "issue_tree"])  # the graph cache, written
    assert warm.exit_code == 0
    if code == errno.EACCES:  # a read-only folder (root ignores modes: fail as the OS would)

        def no_temp(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            raise PermissionError(code, os.strerror(code), str(out))

        monkeypatch.setattr(kg.graph.tempfile, "mkstemp", no_temp)
    else:
        real = os.fdopen
        monkeypatch.setattr(kg.graph.os, "fdopen", lambda fd, *a: _FailingFile(real(fd, *a), code))
    result = runner.invoke(cli, [*kg_args, "query", "issue_tree", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 1
    assert one_line(result.output) == f"Error: cannot write {target}: {os.strerror(code)}"
    assert target.read_bytes() == b"old\n"
    assert leftovers(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(runner: CliRunner, kg_args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = runner.invoke(cli, [*kg_args, "query", "issue_tree", "-o", str(out / "t.txt")])
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1
    assert one_line(result.output) == f"Error: cannot write {out / 't.txt'}: Permission denied"
    assert list(out.iterdir()) == []


def test_output_into_proc(runner: CliRunner, kg_args: list[str]) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("no /proc")
    result = runner.invoke(
        cli, [*kg_args, "brief", "issue", "tor-subsidiary-bodies", "-o", "/proc/kg.md"]
    )
    assert result.exit_code == 1
    assert one_line(result.output).startswith("Error: cannot write /proc/kg.md: ")
    assert not Path("/proc/kg.md").exists()


def test_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kg.graph

    target = tmp_path / "f.txt"
    target.write_bytes(b"old")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.graph.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        kg.graph.write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


@pytest.mark.parametrize(
    "redirect, reason",
    [(">/dev/full", "No space left on device"), (">&-", "it is closed")],
    ids=["full", "closed"],
)
@pytest.mark.parametrize(
    "command",
    [["sparql", SPARQL_ROWS], ["query", "--list"], ["build"]],
    ids=["sparql", "query-list", "build"],
)
def test_stdout_full_or_closed(
    redirect: str, reason: str, command: list[str], tmp_path: Path
) -> None:
    if redirect.startswith(">/dev/full") and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    quoted = " ".join(f"'{c}'" for c in command)
    cmd = f"{sys.executable} -m kg --build-dir {tmp_path / 'b'} -q {quoted} {redirect}"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    assert one_line(result.stderr) == f"Error: cannot write standard output: {reason}"


# ------------------------------------------------------------------ remote answers


class _Answers(http.server.BaseHTTPRequestHandler):
    """Answers the graph listing properly and every other query with ``self.server.doc``."""

    def do_POST(self) -> None:  # noqa: N802
        query = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if "GRAPH ?g" in query:
            g = "https://w3id.org/meetkg/id/graph/x"
            doc: object = {
                "head": {"vars": ["g"]},
                "results": {"bindings": [{"g": {"type": "uri", "value": g}}]},
            }
        else:
            doc = self.server.doc  # type: ignore[attr-defined]
        body = json.dumps(doc).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_endpoint() -> Iterator[http.server.ThreadingHTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


WRONG_SHAPES = {
    "a list": ([], "(a list instead of an object)"),
    "no results": ({"head": {"vars": ["x"]}}, "(no 'results' object)"),
    "no bindings": ({"head": {"vars": ["x"]}, "results": {}}, "(no 'bindings' list)"),
    "bindings not a list": (
        {"head": {"vars": ["x"]}, "results": {"bindings": {"x": 1}}},
        "(no 'bindings' list)",
    ),
    "row not an object": ({"head": {"vars": ["x"]}, "results": {"bindings": [1]}}, "(a row is"),
    "term without type": (
        {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"value": "a"}}]}},
        "(an RDF term of type 'None')",
    ),
    "term without value": (
        {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}},
        "(an RDF term without a text 'value')",
    ),
    "term not an object": (
        {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": "a"}]}},
        "(a binding is a string, not an RDF term)",
    ),
    "boolean for rows": ({"head": {}, "boolean": True}, "(a boolean where rows were expected)"),
    "boolean not a bool": ({"boolean": "yes"}, "('boolean' is a string)"),
    "vars not a list": ({"head": {"vars": "x"}, "results": {"bindings": []}}, "('head' has"),
}


@pytest.mark.parametrize("case", sorted(WRONG_SHAPES))
def test_remote_answer_of_wrong_shape(
    case: str, fake_endpoint, runner: CliRunner, kg_args: list[str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    doc, detail = WRONG_SHAPES[case]
    fake_endpoint.doc = doc
    url = f"http://127.0.0.1:{fake_endpoint.server_address[1]}/query"
    target = tmp_path / "answer.csv"
    result = runner.invoke(
        cli, [*kg_args, "--endpoint", url, "sparql", SPARQL_ROWS, "-f", "csv", "-o", str(target)]
    )
    assert result.exit_code == 1
    line = one_line(result.output)
    assert line.startswith(f"Error: SPARQL endpoint {url}: the answer is not SPARQL JSON results ")
    assert detail in line
    assert not target.exists()


def test_remote_boolean_for_ask_and_rows_for_select(fake_endpoint, runner, kg_args) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{fake_endpoint.server_address[1]}/query"
    fake_endpoint.doc = {"head": {}, "boolean": True}
    ask = runner.invoke(cli, [*kg_args, "--endpoint", url, "sparql", "ASK { ?s ?p ?o }"])
    assert ask.exit_code == 0 and ask.output == "true\n"
    fake_endpoint.doc = {"head": {"vars": ["x"]}, "results": {"bindings": []}}
    wrong = runner.invoke(cli, [*kg_args, "--endpoint", url, "sparql", "ASK { ?s ?p ?o }"])
    assert wrong.exit_code == 1 and "(no 'boolean' for an ASK query)" in one_line(wrong.output)
    fake_endpoint.doc = {
        "head": {"vars": ["x"]},
        "results": {
            "bindings": [
                {
                    "x": {
                        "type": "typed-literal",
                        "value": "3",
                        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                    }
                }
            ]
        },
    }
    rows = runner.invoke(cli, [*kg_args, "--endpoint", url, "sparql", SPARQL_ROWS, "-f", "json"])
    assert rows.exit_code == 0 and json.loads(rows.output) == [{"x": 3}]


# ------------------------------------------------------------------ Markdown


HOSTILE_LABEL = "Bodies <script>alert(1)</script> [click](javascript:alert(1))"
HOSTILE_PROPOSAL = 'Name <img src=x onerror="alert(2)"> ![x](javascript:alert(3)) \\](javascript:x)'
HOSTILE_RENDERING = "Chile opposed [x][y] `code` &lt;b&gt; <https://evil.example>"


def test_markdown_brief_escapes_html_and_links(
    mini_data: Path, runner: CliRunner, tmp_path: Path
) -> None:
    issues = mini_data / "reference" / "issues.yaml"
    issues.write_text(
        issues.read_text(encoding="utf-8").replace(
            "{en: Subsidiary bodies in the ToR,", "{en: " + json.dumps(HOSTILE_LABEL) + ","
        ),
        encoding="utf-8",
    )
    record = mini_data / "meetings" / "mini-2021.yaml"
    record.write_text(
        record.read_text(encoding="utf-8")
        .replace("{en: Name the DPS,", "{en: " + json.dumps(HOSTILE_PROPOSAL) + ",")
        .replace("en: Chile opposed China's suggestion.", "en: " + json.dumps(HOSTILE_RENDERING)),
        encoding="utf-8",
    )
    args = args_for(mini_data, tmp_path)
    result = runner.invoke(cli, [*args, "brief", "issue", "tor-subsidiary-bodies", "--lang", "en"])
    assert result.exit_code == 0, result.output
    md = result.output
    assert "Bodies &lt;script&gt;alert(1)&lt;/script&gt; [click\\](javascript:alert(1))" in md
    assert '&lt;img src=x onerror="alert(2)"&gt; ![x\\](javascript:alert(3)) \\\\\\](' in md
    assert "Chile opposed [x\\][y] \\`code\\` &amp;lt;b&amp;gt; &lt;https://evil.example&gt;" in md
    for raw in ("<script", "<img", "<https", "&lt;b&gt;"):
        assert raw not in md
    assert not re.search(r"(?<!\\)\][(\[]", md)  # no ] opening a link target
    html = runner.invoke(
        cli, [*args, "brief", "issue", "tor-subsidiary-bodies", "--lang", "en", "-f", "html"]
    )
    assert (
        "&lt;script&gt;" in html.output and "<script" not in html.output
    )  # unchanged: autoescaped


def test_markdown_text_renders_as_text() -> None:
    """A CommonMark renderer (markdown-it-py, a test dependency) renders the escaped text to no
    tag and no link."""
    import markdown_it

    from kg.briefing.render import markdown_text

    for text in (HOSTILE_LABEL, HOSTILE_PROPOSAL, HOSTILE_RENDERING, "[a]: javascript:x\n\n[a]"):
        html = markdown_it.MarkdownIt("commonmark").render(markdown_text(text))
        assert "<a " not in html and "<img" not in html and "<script" not in html, html


# ------------------------------------------------------------------ CSV


def test_csv_cells_that_would_run_as_formulas_are_quoted(
    runner: CliRunner, kg_args: list[str]
) -> None:
    q = (
        "SELECT ?text ?n WHERE { VALUES (?text ?n) { "
        '("=HYPERLINK(\\"http://x\\")" -3) ("+1" 4) ("-x" -0.5) ("@SUM(A1)" 2) ("plain" "-7") } }'
    )
    csv_out = runner.invoke(cli, [*kg_args, "sparql", q, "-f", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.output.splitlines() == [
        "text,n",
        '"\'=HYPERLINK(""http://x"")",-3',
        "'+1,4",
        "'-x,-0.5",
        "'@SUM(A1),2",
        "plain,'-7",  # text, not a number: quoted
    ]
    tsv = runner.invoke(cli, [*kg_args, "sparql", q, "-f", "tsv"])
    assert tsv.output.splitlines()[2] == "'+1\t4"
    json_out = runner.invoke(cli, [*kg_args, "sparql", q, "-f", "json"])
    assert json.loads(json_out.output)[0]["text"] == '=HYPERLINK("http://x")'  # JSON: as it is


def test_network_csv_quotes_formulas_keeps_numbers(
    mini_data: Path, runner: CliRunner, tmp_path: Path
) -> None:
    issues = mini_data / "reference" / "issues.yaml"
    issues.write_text(
        issues.read_text(encoding="utf-8").replace(
            "{en: Subsidiary bodies in the ToR,", "{en: \"=cmd|' /C calc'!A0\","
        ),
        encoding="utf-8",
    )
    result = runner.invoke(cli, [*args_for(mini_data, tmp_path), "network", "brokers", "-f", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "tor-subsidiary-bodies,issue,'=cmd|' /C calc'!A0,2,0.3333,0.2" in lines, lines
    assert not any(",=cmd" in line for line in lines)
    assert all(line.split(",")[-1][0].isdigit() for line in lines[1:])  # numbers untouched


# ------------------------------------------------------------------ messages and terminals


def test_long_values_are_cut_in_messages(runner: CliRunner, kg_args: list[str]) -> None:
    value = "x" * 100_000
    result = runner.invoke(cli, [*kg_args, "query", "positions_on_issue", "-p", f"issue={value}"])
    assert result.exit_code == 1
    line = one_line(result.output)
    assert len(line) < 300 and "x" * 190 + "…'" in line and "x" * 200 not in line
    spaced = runner.invoke(
        cli, [*kg_args, "network", "alignment", "--since", "1 " * 50_000], prog_name="kg"
    )
    assert spaced.exit_code == 2
    line = one_line(spaced.output)
    assert len(line) < 400 and line.endswith("(see 'kg network alignment --help')")


def test_messages_are_one_line_without_control_characters(
    runner: CliRunner, kg_args: list[str]
) -> None:
    result = runner.invoke(
        cli, [*kg_args, "query", "positions_on_issue", "-p", "issue=a\x1b]0;owned\x07\nb"]
    )
    assert result.exit_code == 1
    line = one_line(result.output)
    assert "\x1b" not in line and "\x07" not in line
    usage = runner.invoke(cli, [*kg_args, "sparql"], prog_name="kg")
    assert usage.exit_code == 2
    assert one_line(usage.output) == "Error: Missing argument 'QUERY'. (see 'kg sparql --help')"


def test_terminal_tables_show_control_characters(runner: CliRunner, kg_args: list[str]) -> None:
    q = 'SELECT ?x WHERE { BIND("a\\u001b[2J\\u001b]0;title\\u0007b\\u0000\\u007f\\u009b\\u202e" AS ?x) }'
    result = runner.invoke(cli, [*kg_args, "sparql", q])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2] == "a␛[2J␛]0;title␇b␀␡<U+009B><U+202E>"
    for c in "\x1b\x07\x00\x7f\x9b\u202e":
        assert c not in result.output
