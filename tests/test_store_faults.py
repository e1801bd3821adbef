"""Faults: ``kill -9`` during an import, a build and a brief; two writers on one store; a
damaged manifest; a ``current`` link leading out of the store; a Graph Store server that fails.

Each killed run must leave the previous files or store as they were (or, killed after its
commit point, the complete new ones), and the next read must see exactly one of the two.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.cli import cli
from kg.store import disk

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "unga"
KG = [sys.executable, "-m", "kg"]


def run(runner, args: list[str]):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, args, catch_exceptions=False)


@pytest.fixture
def kg_args(tmp_path: Path, data_dir: Path) -> list[str]:
    return ["--data", str(data_dir), "--build-dir", str(tmp_path / "build"), "--quiet"]


@pytest.fixture(scope="module")
def big_unga(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An import that takes long enough to be killed half way (2,000 roll calls, 10,000 votes)."""
    src = tmp_path_factory.mktemp("big-unga")
    states = [("United States", "US"), ("China", "CN"), ("Russia", "RU"), ("France", "FR")]
    with open(src / "un_roll_calls.csv", "w", encoding="utf-8") as f:
        f.write("rcid,session,importantvote,date,unres,amend,para,short,descr\n")
        for i in range(1, 2001):
            f.write(f"{i},{60 + i % 15},0,2015-10-01,R/70/{i},0,0,SHORT {i},ON ITEM {i}\n")
    with open(src / "un_roll_call_issues.csv", "w", encoding="utf-8") as f:
        f.write("rcid,short_name,issue\n")
        f.writelines(f"{i},hr,Human rights\n" for i in range(1, 2001, 7))
    with open(src / "un_votes.csv", "w", encoding="utf-8") as f:
        f.write("rcid,country,country_code,vote\n")
        for i in range(1, 2001):
            f.writelines(f"{i},{name},{code},{'yes' if i % 3 else 'no'}\n" for name, code in states)
    return src


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def us_positions(runner, args: list[str]) -> list:  # type: ignore[no-untyped-def]
    result = run(runner, [*args, "query", "positions_of_holder", "-p", "holder=US", "-f", "json"])
    assert result.exit_code == 0, result.output
    return sorted(json.dumps(r, sort_keys=True) for r in json.loads(result.output))


def kill_when(
    args: list[str], ready: Callable[[], bool], delay: float, cwd: Path | None = None
) -> bool:
    """Start ``kg ARGS``, wait until ``ready()`` (polling), then ``delay`` seconds, then SIGKILL
    it. Return whether it was still running when killed."""
    proc = subprocess.Popen(
        [*KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
    )
    try:
        deadline = time.monotonic() + 30
        while not ready() and proc.poll() is None:
            assert time.monotonic() < deadline, "the command never reached the point to kill"
            time.sleep(0.005)
        time.sleep(delay)
        alive = proc.poll() is None
        proc.send_signal(signal.SIGKILL)  # a no-op when poll() has already reaped it
    finally:
        proc.kill()
        proc.wait()
    return alive


def hidden_tmp(folder: Path) -> Callable[[], bool]:
    return lambda: folder.is_dir() and any(p.name.endswith(".tmp") for p in folder.iterdir())


# --- reads never see a partial import ------------------------------------------------------


def test_hidden_temporary_files_are_never_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    imports = tmp_path / "imports"
    imports.mkdir()
    (imports / "unga-votes.nq").write_text("")
    (imports / ".unga-votes.x1y2.nq.tmp").write_text('<urn:a> <urn:b> "c" <urn:g> .\n')
    (imports / ".unga-votes.x1y2.nq").write_text('<urn:a> <urn:b> "c" <urn:g> .\n')  # older kg
    assert disk.import_files(imports) == [imports / "unga-votes.nq"]
    assert sorted(p.name for p in imports.iterdir()) == ["unga-votes.nq"]  # and cleaned up


def test_a_commit_killed_half_way_is_finished_by_the_next_read(
    runner, kg_args, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The renames of a commit are journalled: killed after the journal, the next reader puts
    every file of the new set in place before it reads (never a mix of old and new graphs)."""
    from kg.adapters.unga import import_unga, read_economy_codes

    imports = tmp_path / "build" / "imports"
    assert (
        run(runner, [*kg_args, "import", "unga", str(FIXTURE), "--sessions", "70"]).exit_code == 0
    )
    economies = read_economy_codes(Path(kg_args[1]) / "reference")
    expected = tmp_path / "expected"
    import_unga(FIXTURE, expected, None, economies)
    # the process "dies" right after its journal is written and one file is renamed
    real_finish = disk._finish_commit

    def one_rename_then_die(folder: Path) -> None:
        moves = json.loads((folder / disk.JOURNAL).read_text(encoding="utf-8"))
        os.replace(folder / moves[0][0], folder / moves[0][1])
        raise KeyboardInterrupt

    monkeypatch.setattr(disk, "_finish_commit", one_rename_then_die)
    with pytest.raises(KeyboardInterrupt):
        import_unga(FIXTURE, imports, None, economies)
    monkeypatch.setattr(disk, "_finish_commit", real_finish)
    assert (imports / disk.JOURNAL).exists()
    files = disk.import_files(imports)
    assert not (imports / disk.JOURNAL).exists()
    assert snapshot(imports) == snapshot(expected)
    assert [p.name for p in files] == ["unga-roll-calls.nq", "unga-topics.nq", "unga-votes.nq"]


@pytest.mark.slow
def test_kill_9_during_import_leaves_the_previous_imports(
    runner, kg_args, tmp_path, big_unga
) -> None:  # type: ignore[no-untyped-def]
    imports = tmp_path / "build" / "imports"
    # what the interrupted import writes when it is not interrupted
    whole = [*kg_args[:3], str(tmp_path / "whole"), "--quiet"]
    assert run(runner, [*whole, "import", "unga", str(big_unga)]).exit_code == 0
    after_files, after_rows = snapshot(tmp_path / "whole" / "imports"), us_positions(runner, whole)
    assert (
        run(runner, [*kg_args, "import", "unga", str(FIXTURE), "--sessions", "70"]).exit_code == 0
    )
    before_files, before_rows = snapshot(imports), us_positions(runner, kg_args)
    shutil.copytree(imports, tmp_path / "before")
    interrupted = 0
    for delay in (0.0, 0.05, 0.15):
        interrupted += kill_when(
            [*kg_args, "import", "unga", str(big_unga)], hidden_tmp(imports), delay
        )
        rows = us_positions(runner, kg_args)  # the read also removes the temporary files
        files = snapshot(imports)  # same bytes, nothing else left
        if rows == before_rows:
            assert files == before_files
        else:  # killed after its commit: the whole new set, never a mix
            assert rows == after_rows and files == after_files
            shutil.copytree(tmp_path / "before", imports, dirs_exist_ok=True)
            for name in set(files) - set(before_files):
                (imports / name).unlink()
    assert interrupted >= 2
    # the next import works and is read whole
    assert run(runner, [*kg_args, "import", "unga", str(FIXTURE)]).exit_code == 0
    assert len(us_positions(runner, kg_args)) > len(before_rows)


@pytest.mark.slow
def test_kill_9_during_import_into_a_store_keeps_it_and_cleans_up(
    runner, kg_args, tmp_path, big_unga
) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    args = [*kg_args, "--store", str(store)]
    assert run(runner, [*args, "import", "unga", str(FIXTURE), "--sessions", "70"]).exit_code == 0
    live = (store / "current").resolve()
    manifest = (live / "manifest.json").read_bytes()
    before = us_positions(runner, args)

    def import_started() -> bool:
        return any(p.name.startswith((".import-", ".gen-")) for p in store.iterdir())

    interrupted = 0
    for delay in (0.0, 0.2, 0.6):
        interrupted += kill_when([*args, "import", "unga", str(big_unga)], import_started, delay)
        if (store / "current").resolve() == live:
            assert (live / "manifest.json").read_bytes() == manifest
            assert us_positions(runner, args) == before
        # the next open removed what the killed import left
        assert not [p.name for p in store.iterdir() if p.name.startswith((".import-", ".gen-"))]
    assert interrupted >= 2


@pytest.mark.slow
@pytest.mark.parametrize("command", ["build", "brief"])
def test_kill_9_during_build_or_brief_leaves_the_previous_file(tmp_path, data_dir, command) -> None:  # type: ignore[no-untyped-def]
    build = tmp_path / "build"
    build.mkdir()
    if command == "build":
        target = build / "graph.trig"
        args = ["build", "-f", "trig", "-f", "turtle", "-f", "jsonld"]
    else:
        target = tmp_path / "brief.md"
        args = ["brief", "issue", "tor-subsidiary-bodies", "-o", str(target)]
    base = ["--data", str(data_dir), "--build-dir", str(build), "-q"]
    previous = b"the previous file\n"
    interrupted = 0
    for delay in (0.2, 0.5, 0.8):
        target.write_bytes(previous)
        interrupted += kill_when([*base, *args], lambda: True, delay, cwd=tmp_path)
        assert target.read_bytes() == previous or b"the previous" not in target.read_bytes()
        interrupted -= target.read_bytes() != previous  # finished before the kill
    assert interrupted >= 1
    # a following run writes it whole
    done = subprocess.run([*KG, *base, *args], capture_output=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    complete = target.read_bytes()
    assert complete != previous and len(complete) > 1000


# --- one writer at a time ------------------------------------------------------------------

HOLD = """
import sys, time
from pathlib import Path
from kg.store import disk
with disk.write_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_second_writer_is_told_the_store_is_busy(runner, kg_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    args = [*kg_args, "--store", str(store)]
    assert run(runner, [*args, "import", "unga", str(FIXTURE), "--sessions", "70"]).exit_code == 0
    before = us_positions(runner, args)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = runner.invoke(cli, [*args, "import", "unga", str(FIXTURE)])
        assert result.exit_code == 1
        assert result.output == f"Error: store is busy: another kg process is writing to {store}\n"
        assert us_positions(runner, args) == before  # readers are not blocked
    finally:
        holder.kill()  # kill -9: the kernel releases the lock
        holder.communicate()
    assert run(runner, [*args, "import", "unga", str(FIXTURE)]).exit_code == 0
    assert len(us_positions(runner, args)) > len(before)


def test_two_imports_without_a_store_take_turns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    imports = tmp_path / "imports"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(imports)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        from kg.errors import StoreError

        with pytest.raises(StoreError, match="^store is busy: another kg process is writing"):
            with disk.write_lock(imports):
                pass
        assert disk.import_files(imports) == []  # a reader is not blocked
    finally:
        holder.kill()
        holder.communicate()
    with disk.write_lock(imports):
        pass


# --- damage is reported, never followed ----------------------------------------------------


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("seed") / "store"
    disk.open_synced(root, data_dir, root.parent / "build", None)
    return root


@pytest.fixture
def store_copy(seed_store: Path, tmp_path: Path) -> Path:
    root = tmp_path / "store"
    shutil.copytree(seed_store, root, symlinks=True)
    return root


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "is not JSON"),
        ("[]", "is not a JSON object"),
        ('{"graphs": {}}', "lacks its 'graphs' or 'families' object"),
        ('{"graphs": {"g": {"family": "data"}}, "families": {}}', "lacks the family or sha256"),
        (
            '{"graphs": {"g": {"family": "d", "sha256": "x", "quads": "many"}}, "families": {}}',
            "lacks the number of quads",
        ),
        (
            '{"graphs": {"g": {"family": "d", "sha256": "x", "quads": 1,'
            ' "positions": "../../../etc/passwd"}}, "families": {}}',
            "position table of graph g outside the generation",
        ),
        ("\udcff", "is not JSON"),
    ],
    ids=["not-json", "list", "missing-key", "graph-keys", "quads", "positions-path", "bytes"],
)
def test_a_damaged_manifest_is_one_line_naming_the_store(
    runner, kg_args, store_copy, text, problem
) -> None:  # type: ignore[no-untyped-def]
    store = store_copy
    manifest = (store / "current").resolve() / "manifest.json"
    manifest.write_bytes(text.encode("utf-8", "surrogateescape"))
    result = runner.invoke(cli, [*kg_args, "--store", str(store), "query", "open_issues"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {store}: its manifest gen-")
    assert problem in result.output
    assert f"remove the folder {store} and run the command again" in result.output
    assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("link", ["../elsewhere", "/tmp", "gen-000001/../../x", "oxigraph"])
def test_a_current_link_out_of_the_store_is_refused(
    runner, kg_args, tmp_path, store_copy, link
) -> None:  # type: ignore[no-untyped-def]
    store = store_copy
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (store / "current").unlink()
    os.symlink(link, store / "current")
    result = runner.invoke(cli, [*kg_args, "--store", str(store), "query", "open_issues"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {store}: its 'current' link points to {link!r}")
    assert len(result.output.splitlines()) == 1


# --- a Graph Store that fails --------------------------------------------------------------


class _Misbehaves(http.server.BaseHTTPRequestHandler):
    """PUT: the first graph is accepted; the next gets ``mode`` (500, hang, drop)."""

    mode = "500"
    puts: list[str] = []

    def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        first = not self.puts
        self.puts.append(self.path)
        if first:
            self.rfile.read(length)
            self.send_response(204)
            self.end_headers()
        elif self.mode == "500":
            self.rfile.read(length)
            self.send_response(500, "Internal Server Error")
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"out of memory\n")
        elif self.mode == "hang":
            self.rfile.read(length)
            time.sleep(2.5)  # longer than the client waits; bounded, so the thread ends
        else:  # drop the connection half way through the body
            self.rfile.read(min(length // 2, 1000))
            self.connection.shutdown(2)
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def misbehaving() -> Iterator[type[_Misbehaves]]:
    handler = type("Handler", (_Misbehaves,), {"puts": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}/query"  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("500", "the server refused it, HTTP 500 Internal Server Error: out of memory"),
        ("hang", "no answer within 1 s; the server may or may not replace the graph"),
        ("drop", "the connection was lost before the server answered"),
    ],
)
def test_push_to_a_failing_server_says_what_was_replaced(
    runner, kg_args, misbehaving, mode, message
) -> None:  # type: ignore[no-untyped-def]
    misbehaving.mode = mode
    url = misbehaving.url  # type: ignore[attr-defined]
    start = time.monotonic()
    result = runner.invoke(cli, [*kg_args, "push", "--endpoint", url, "--wait", "1"])
    assert time.monotonic() - start < 10
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 2  # the graph replaced, then the error
    assert lines[0].startswith("https://w3id.org/meetkg/id/graph/")
    error = lines[1]
    assert error.startswith("Error: Graph Store http://127.0.0.1:")
    assert message in error
    assert "1 graph(s) replaced before it (listed above), the others are as they were" in error
    assert "Traceback" not in result.output
    assert len(misbehaving.puts) == 2  # it stopped at the failing graph
