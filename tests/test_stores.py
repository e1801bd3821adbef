"""The persistent store: reopen, incremental rebuild, a killed update, and the competency
questions answering the same rows as the in-memory default."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import competency
from kg.store import disk

G = "https://w3id.org/meetkg/id/graph/"


def graph_file(tmp_path: Path, name: str, n: int, tag: str = "") -> disk.GraphSource:
    import hashlib

    path = tmp_path / f"{name}{tag}.nq"
    lines = "".join(f'<urn:s:{i}> <urn:p> "{name}{tag} {i}" <{G}{name}> .\n' for i in range(n))
    path.write_text(lines, encoding="utf-8")
    return disk.GraphSource(G + name, path, hashlib.sha256(lines.encode()).hexdigest(), n)


def count(store, graph: str) -> int:  # type: ignore[no-untyped-def]
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(store.select(q).rows[0]["n"].value)


def test_reopen_is_fast_and_keeps_the_data(tmp_path, data_dir) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "store"
    first = disk.open_synced(root, data_dir, tmp_path / "build", None)
    n = len(first.graphs())
    assert n == 3  # ontology, reference, the seed report
    start = time.perf_counter()
    again = disk.open_synced(root, data_dir, tmp_path / "build", None)
    assert time.perf_counter() - start < 1.0
    assert again.graphs() == first.graphs()
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert again.select(q).rows == first.select(q).rows


def test_incremental_rebuild_replaces_only_the_changed_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "store"
    a, b = graph_file(tmp_path, "a", 50), graph_file(tmp_path, "b", 20)
    assert disk.sync(root, "x", [a, b]) == [G + "a", G + "b"]
    gen1 = (root / "current").resolve()
    assert disk.sync(root, "x", [a, b]) == []  # nothing changed: nothing written
    assert (root / "current").resolve() == gen1
    b2 = graph_file(tmp_path, "b", 30, tag="v2")
    assert disk.sync(root, "x", [a, b2]) == [G + "b"]
    store = disk.DiskStore.open(root)
    assert count(store, G + "a") == 50 and count(store, G + "b") == 30
    assert store.graphs()[G + "a"]["sha256"] == a.sha256
    assert not gen1.exists()  # the old generation is gone
    # another family is untouched by syncing this one; removing a graph of the family works
    assert disk.sync(root, "y", [graph_file(tmp_path, "c", 5)]) == [G + "c"]
    assert disk.sync(root, "x", [a]) == [G + "b"]
    store = disk.DiskStore.open(root)
    assert sorted(store.graphs()) == [G + "a", G + "c"]
    assert count(store, G + "b") == 0


def test_big_change_builds_a_fresh_generation(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "store"
    disk.sync(root, "x", [graph_file(tmp_path, "a", 40), graph_file(tmp_path, "b", 40)])
    monkeypatch.setattr(disk, "CLEAR_LIMIT", 10)  # force the copy-into-a-fresh-database path
    assert disk.sync(
        root, "x", [graph_file(tmp_path, "a", 40), graph_file(tmp_path, "b", 7, "v2")]
    ) == [G + "b"]
    store = disk.DiskStore.open(root)
    assert count(store, G + "a") == 40 and count(store, G + "b") == 7


KILLED_LOAD = """
import sys
from pathlib import Path
from kg.store import disk
root, path, sha = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
disk.sync(root, "x", [disk.GraphSource("{g}big", path, sha, 1)])
"""


def test_a_killed_update_leaves_the_store_as_it_was(tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "store"
    small = graph_file(tmp_path, "a", 10)
    disk.sync(root, "x", [small])
    live = (root / "current").resolve()
    big = tmp_path / "big.nq"
    with open(big, "w", encoding="utf-8") as f:
        for i in range(3_000_000):
            f.write(f'<urn:s:{i}> <urn:p:{i % 97}> "value number {i}" <{G}big> .\n')
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_LOAD.replace("{g}", G), str(root), str(big), "0" * 64],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not any(p.name.startswith(".gen-") for p in root.iterdir()):
        assert proc.poll() is None, "the load finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.5)  # well into the bulk load
    assert proc.poll() is None, "the load finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (root / "current").resolve() == live
    store = disk.DiskStore.open(root)
    assert sorted(store.graphs()) == [G + "a"] and count(store, G + "a") == 10
    assert count(store, G + "big") == 0
    # the next update removes the half-made generation and works
    assert disk.sync(root, "x", [small, graph_file(tmp_path, "b", 3)]) == [G + "b"]
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith("current")) == [
        (root / "current").resolve().name
    ]


def test_not_a_store_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "notes.txt").write_text("hello")
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="is not a kg store"):
        disk.DiskStore.open(tmp_path)


def cq_rows(store) -> dict[str, list]:  # type: ignore[no-untyped-def]
    return {cq.id: competency.answer(store, cq) for cq in competency.load_all()}


def test_competency_questions_identical_on_memory_and_disk(store, tmp_path, data_dir) -> None:  # type: ignore[no-untyped-def]
    on_disk = disk.open_synced(tmp_path / "store", data_dir, tmp_path / "build", None)
    expected = cq_rows(store)
    assert len(expected) >= 10
    assert cq_rows(on_disk) == expected
    failed = [o.id for o in competency.check_all(on_disk) if not o.passed]
    assert failed == []


def test_every_store_lists_its_named_graphs(tmp_path: Path) -> None:
    from kg.store.memory import OxigraphStore, RdflibStore

    nquads = tmp_path / "all.nq"
    nquads.write_bytes(b"".join(graph_file(tmp_path, n, 2).path.read_bytes() for n in "ba"))
    for backend in (OxigraphStore, RdflibStore):
        assert backend.from_nquads(nquads).named_graphs() == [G + "a", G + "b"], backend


def test_parameters_open_every_where_clause_as_values() -> None:
    from kg.store import Value, with_values

    q = "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?o } } } ORDER BY ?a"
    text = with_values(
        q, {"a": Value("iri", "urn:x:1"), "n": Value("literal", 'say "hi"\n', "", "")}
    )
    assert text.count('VALUES (?a ?n) { (<urn:x:1> "say \\"hi\\"\\n") }') == 2
    assert text.index("VALUES") < text.index("?p")  # first inside the group, not trailing
    assert with_values(q, {}) == q
    with pytest.raises(ValueError, match="not a valid IRI"):
        with_values(q, {"a": Value("iri", "urn:x> } DROP ALL {")})


def test_position_tables_travel_with_their_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from kg.positions import PositionTable, table_path

    votes = graph_file(tmp_path, "votes", 5)
    table = PositionTable(
        votes.graph,
        *(np.array(x, dtype=str) for x in (["economy/US"], ["issue/x"], [""], ["meeting/m"], [""])),
        np.zeros(1, np.int16),
        np.zeros(1, np.int32),
        np.zeros(1, np.int16),
        np.ones(1, np.int8),
    )
    table.save(table_path(votes.path), votes.path.stat().st_size)
    root = tmp_path / "store"
    disk.sync(root, "unga", [votes], "before tables")  # a store from before position tables
    assert disk.DiskStore.open(root).position_tables == {}
    disk.sync(root, "unga", [dataclasses.replace(votes, table=table_path(votes.path))], "now")
    disk.sync(root, "data", [graph_file(tmp_path, "seed", 3)])  # another family changes
    disk.sync(root, "data", [graph_file(tmp_path, "seed", 4, "b")])
    store = disk.DiskStore.open(root)
    path = store.position_tables[votes.graph]
    assert path.parent.parent == disk.live_generation(root)
    assert PositionTable.load(path).codes.tolist() == [1]
    store.close()
    disk.sync(root, "unga", [])
    assert disk.DiskStore.open(root).position_tables == {}
