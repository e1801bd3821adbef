"""The persistent local store: Oxigraph on disk, one named graph per source, crash-safe updates.

Layout of a store folder ``S``::

    S/current -> gen-000007        a relative symbolic link: the one live generation
    S/gen-000007/oxigraph/         the Oxigraph (RocksDB) database
    S/gen-000007/manifest.json     graph IRI → {family, sha256, quads}; family → input key

Readers open ``current`` read-only, in milliseconds, and never see a half-made generation.
An update never writes into the live generation: it prepares ``gen-N+1`` beside it and then
swaps the ``current`` link with one atomic ``rename``. A process killed at any moment leaves
either the old generation live (and a stray folder that the next update removes) or the new
one; there is no state in between. This is the "load into a fresh directory, then rename"
strategy: Oxigraph's ``bulk_load`` is fast but not transactional, and its transactional
``clear_graph`` costs about 0.1 ms per quad (minutes for the 14-million-quad votes graph).

An update is incremental per named graph. The new generation is either

* a checkpoint of the live one (RocksDB hard links, milliseconds) from which the changed
  graphs are cleared and reloaded, when the graphs to clear are small (``CLEAR_LIMIT``); or
* a fresh database into which the unchanged graphs are copied (dumped from the live one) and
  the changed graphs loaded, when a big graph changes.

Faults. Only one process writes a store at a time: a writer holds an exclusive ``flock`` on the
store folder itself (released by the kernel when the process ends, even by ``kill -9``), and a
second writer is told ``store is busy: another kg process is writing to S`` at once instead of
waiting or corrupting it. Readers take no lock and are never blocked. Whoever next opens the
store while no writer holds it removes what a killed writer left (``.gen-*``, ``.import-*``,
``.current-*``). A manifest that is not the JSON this module writes, or a ``current`` link that
points anywhere but a ``gen-NNNNNN`` folder of the store, is reported as damage (naming the
store and what to do), never followed.

Files written by ``kg import`` without a store (:func:`commit_files`, :func:`import_files`) get
the same promise: each graph file is written under a hidden temporary name, and the set is
put in place by a journal of renames, so a reader sees the whole previous set or the whole new
one.

Graphs are grouped in families (``data`` for what ``kg build`` compiles from ``data/``,
``unga`` for the UN votes import…); syncing a family replaces, adds and removes only its own
graphs.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg.errors import StoreError
from kg.progress import SILENT, Progress
from kg.store.memory import OxigraphStore, RdflibStore

if TYPE_CHECKING:
    import pyoxigraph

CLEAR_LIMIT = 200_000
"""Largest number of quads an update clears in place; above it a fresh database is built."""

_GEN = re.compile(r"gen-(\d{6})$")
_TEMP = (".gen-", ".import-", ".current-")
"""Names of what a writer makes before putting it in place; stray once no writer runs."""
_POSITIONS = re.compile(r"positions/[0-9a-f]{64}\.npz$")
_held: dict[str, tuple[int, int]] = {}
"""Folders this process holds the write lock of: real path → (descriptor, depth)."""


def busy_message(root: Path) -> str:
    return f"store is busy: another kg process is writing to {root}"


@contextlib.contextmanager
def write_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the write lock of the folder ``root`` (created if missing) for the ``with`` block.

    An exclusive ``flock`` on the folder itself: no lock file to clean up, and the kernel
    releases it when the process ends, however it ends. Re-entrant within one process.

    Raises:
        StoreError: another process holds it for longer than ``wait`` seconds ("store is busy").
    """
    root.mkdir(parents=True, exist_ok=True)
    key = os.path.realpath(root)
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _held[key]
            _held[key] = (fd, depth - 1)
        return
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(busy_message(root)) from None
                time.sleep(0.05)
        _held[key] = (fd, 1)
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)  # releases the lock


def clean(root: Path) -> None:
    """Remove what killed writers left in the store ``root``, unless a writer is at work now
    (in another process, or in this one: its own temporary folders are not stray)."""
    if not root.is_dir() or os.path.realpath(root) in _held:
        return
    try:
        with write_lock(root):
            for p in root.iterdir():
                if p.name.startswith(_TEMP):
                    if p.is_dir() and not p.is_symlink():
                        shutil.rmtree(p, ignore_errors=True)
                    else:
                        p.unlink(missing_ok=True)
    except (StoreError, OSError):  # busy, or a folder we may only read: leave it
        pass


def _damaged(root: Path, what: str) -> StoreError:
    return StoreError(
        f"{root}: {what}; the store is damaged: remove the folder {root} and run the command "
        "again to rebuild it (and `kg import` again for imported graphs)"
    )


@dataclass(frozen=True)
class GraphSource:
    """One named graph to load: an N-Quads file holding only that graph, and its digest."""

    graph: str
    path: Path
    sha256: str
    quads: int
    table: Path | None = None
    """The graph's position table (``kg.positions``), kept with it in the store."""


def split_nquads(path: Path, out_dir: Path) -> list[GraphSource]:
    """Split an N-Quads file into one file per named graph (for ``compiled_nquads`` output).

    Lines in the default graph are not expected (the build writes every triple to a named
    graph) and raise ``StoreError``.
    """
    files: dict[str, _GraphFile] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            body = line.rstrip()[:-1].rstrip()
            if not body.endswith(">"):
                raise StoreError(f"{path}: a quad outside any named graph: {line[:80]!r}")
            graph = body[body.rfind("<") + 1 : -1]
            if graph not in files:
                name = hashlib.sha256(graph.encode()).hexdigest()[:16]
                files[graph] = _GraphFile(out_dir / f"{name}.nq")
            files[graph].write(line)
    return [part.close(graph) for graph, part in sorted(files.items())]


class _GraphFile:
    """The file of one named graph that :func:`split_nquads` is writing, with its digest."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.out: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.digest = hashlib.sha256()
        self.quads = 0

    def write(self, line: str) -> None:
        self.out.write(line)
        self.digest.update(line.encode())
        self.quads += 1

    def close(self, graph: str) -> GraphSource:
        self.out.close()
        return GraphSource(graph, self.path, self.digest.hexdigest(), self.quads)


class DiskStore(OxigraphStore):
    """A read-only view of the live generation of a store folder (see the module docstring)."""

    name = "disk"

    def __init__(
        self,
        root: Path,
        store: pyoxigraph.Store,
        manifest: dict[str, Any],
        gen: Path | None = None,
    ) -> None:
        tables = {
            g: gen / meta["positions"]
            for g, meta in manifest.get("graphs", {}).items()
            if gen is not None and meta.get("positions")
        }
        super().__init__(store, tables)
        self.root = root
        self.manifest = manifest

    @classmethod
    def open(cls, root: Path) -> DiskStore:
        """Open the live generation read-only (an empty in-memory store if there is none yet).

        Raises:
            StoreError: the folder exists but is not a store, or the database cannot be opened.
        """
        import pyoxigraph as ox

        live = live_generation(root)
        clean(root)
        if live is None:
            return cls(root, ox.Store(), {"graphs": {}, "families": {}})
        try:
            store = ox.Store.read_only(str(live / "oxigraph"))
        except OSError as exc:
            raise StoreError(f"cannot open the store {root}: {exc}") from None
        return cls(root, store, read_manifest(live), live)

    def dump_graph(self, graph: str, path: Path) -> None:
        """Write one named graph as N-Triples."""
        import pyoxigraph as ox

        self._store.dump(str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))

    def graphs(self) -> dict[str, dict[str, Any]]:
        """Graph IRI → ``{"family", "sha256", "quads"}`` of the live generation."""
        return dict(self.manifest.get("graphs", {}))


def live_generation(root: Path) -> Path | None:
    """The folder ``current`` points to, or ``None`` for a new store.

    Raises:
        StoreError: ``root`` exists, is not empty and does not look like a store.
    """
    link = root / "current"
    if not link.is_symlink():
        if root.exists() and any(p for p in root.iterdir() if not p.name.startswith(".")):
            if not any(_GEN.match(p.name) for p in root.iterdir()):
                raise StoreError(
                    f"{root} is not a kg store (no 'current' link); choose an empty or new folder"
                )
        return None
    name = os.readlink(link)
    if not _GEN.fullmatch(name):
        raise _damaged(
            root, f"its 'current' link points to {name[:200]!r}, not to a generation in it"
        )
    target = root / name
    if not (target / "manifest.json").is_file():
        raise _damaged(root, f"the live generation {name} has no manifest")
    return target


def read_manifest(gen: Path) -> dict[str, Any]:
    """The manifest of a generation, checked for the shape :func:`sync` writes.

    Raises:
        StoreError: it cannot be read, is not JSON, or has the wrong shape (naming the store
            and what to do).
    """
    path = gen / "manifest.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _damaged(
            gen.parent, f"its manifest {gen.name}/manifest.json is not JSON ({type(exc).__name__})"
        ) from None
    problem = _manifest_problem(doc)
    if problem:
        raise _damaged(gen.parent, f"its manifest {gen.name}/manifest.json {problem}")
    return doc


def _manifest_problem(doc: object) -> str:
    """What is wrong with the shape of a manifest ('' when nothing)."""
    if not isinstance(doc, dict):
        return "is not a JSON object"
    if not isinstance(doc.get("graphs"), dict) or not isinstance(doc.get("families"), dict):
        return "lacks its 'graphs' or 'families' object"
    for family, key in doc["families"].items():
        if not isinstance(key, str):
            return f"has a key of family {family[:80]!r} that is not a string"
    for graph, meta in doc["graphs"].items():
        shown = graph[:120]
        if not isinstance(meta, dict):
            return f"describes graph {shown} with something other than an object"
        if not isinstance(meta.get("family"), str) or not isinstance(meta.get("sha256"), str):
            return f"lacks the family or sha256 of graph {shown}"
        quads = meta.get("quads")
        if not isinstance(quads, int) or isinstance(quads, bool) or quads < 0:
            return f"lacks the number of quads of graph {shown}"
        positions = meta.get("positions")
        if positions is not None and not (
            isinstance(positions, str) and _POSITIONS.fullmatch(positions)
        ):
            return f"names a position table of graph {shown} outside the generation"
    return ""


def family_key(root: Path, family: str) -> str | None:
    """The input key recorded for ``family`` in the live generation (``None`` if absent)."""
    live = live_generation(root)
    if live is None:
        return None
    return read_manifest(live).get("families", {}).get(family)


def sync(
    root: Path,
    family: str,
    sources: Iterable[GraphSource],
    key: str = "",
    progress: Progress = SILENT,
) -> list[str]:
    """Make the graphs of ``family`` in the store equal to ``sources``; return the graphs changed.

    Unchanged graphs (same SHA-256) are left alone; graphs of the family that are not in
    ``sources`` are removed; other families are untouched. Nothing changes on disk unless
    something differs. ``key`` is recorded for the family (an input fingerprint that lets a
    caller skip work when its inputs have not changed).

    Raises:
        StoreError: the store cannot be written, or another process is writing it ("store is
            busy"). The live generation is then unchanged.
    """
    with write_lock(root):
        return _sync(root, family, sources, key, progress)


def _sync(
    root: Path, family: str, sources: Iterable[GraphSource], key: str, progress: Progress
) -> list[str]:
    live = live_generation(root)
    manifest = read_manifest(live) if live else {"graphs": {}, "families": {}}
    old = manifest["graphs"]
    wanted = {s.graph: s for s in sources}
    changed, removed = _changes(old, wanted, family)
    if not changed and not removed and manifest["families"].get(family) == key:
        return []
    _remove_stray(root, live)
    number = 1 + max(
        (int(m.group(1)) for p in root.iterdir() if (m := _GEN.match(p.name))), default=0
    )
    work = Path(tempfile.mkdtemp(prefix=".gen-", dir=root))
    try:
        store = _start_database(work, live, old, changed + removed, progress)
        _load_graphs(store, [wanted[g] for g in changed], progress)
        del store
        graphs = {g: m for g, m in old.items() if g not in removed}
        for g in changed:
            graphs[g] = {"family": family, "sha256": wanted[g].sha256, "quads": wanted[g].quads}
        _carry_tables(graphs, wanted, live, work)
        _write_manifest(work, graphs, {**manifest["families"], family: key})
        gen = root / f"gen-{number:06d}"
        os.rename(work, gen)
        _point_current(root, gen.name)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if live is not None:
        shutil.rmtree(live, ignore_errors=True)
    return sorted(changed + removed)


def _changes(
    old: dict[str, dict[str, Any]], wanted: dict[str, GraphSource], family: str
) -> tuple[list[str], list[str]]:
    """The graphs to (re)load, whose digest differs from the live one, and the graphs of
    ``family`` to remove.

    Raises:
        StoreError: a graph to load belongs to another family.
    """
    changed = [g for g, s in wanted.items() if old.get(g, {}).get("sha256") != s.sha256]
    removed = [g for g, meta in old.items() if meta["family"] == family and g not in wanted]
    clash = [g for g in changed if g in old and old[g]["family"] != family]
    if clash:
        raise StoreError(
            f"graph {clash[0]} belongs to family {old[clash[0]]['family']!r}, not {family!r}"
        )
    return changed, removed


def _start_database(
    work: Path,
    live: Path | None,
    old: dict[str, dict[str, Any]],
    dropped: list[str],
    progress: Progress,
) -> pyoxigraph.Store:
    """The new generation's database, without the ``dropped`` graphs: a checkpoint of the live
    one with them cleared when they are small (``CLEAR_LIMIT``), else a fresh database into
    which every other graph of the live one is copied."""
    import pyoxigraph as ox

    db = work / "oxigraph"
    to_clear = sum(old[g]["quads"] for g in dropped if g in old)
    if live is not None and to_clear <= CLEAR_LIMIT:
        with progress.step("Checkpointing the store"):
            ox.Store.read_only(str(live / "oxigraph")).backup(str(db))
        store = ox.Store(str(db))
        for g in dropped:
            if g in old:
                store.remove_graph(ox.NamedNode(g))
        return store
    store = ox.Store(str(db))
    keep = [g for g in old if g not in dropped]
    if live is not None and keep:
        previous = ox.Store.read_only(str(live / "oxigraph"))
        for g in keep:
            with progress.step(f"Copying {g.rsplit('/', 1)[-1]}"):
                _copy_graph(previous, store, g, work)
        del previous
    return store


def _load_graphs(store: pyoxigraph.Store, sources: list[GraphSource], progress: Progress) -> None:
    """Bulk-load ``sources`` into ``store``, compact it after a big load, and flush it."""
    for s in sources:
        with progress.step(f"Loading {s.graph.rsplit('/', 1)[-1]} ({s.quads:,} quads)"):
            try:
                _load(store, s.path)
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"cannot load {s.path}: {exc}") from None
    if sum(s.quads for s in sources) > CLEAR_LIMIT:
        # bulk loading leaves one set of files per batch, and every lookup then visits
        # each of them; compacting makes reads 2–10× faster on the full vote set
        with progress.step("Compacting the store"):
            store.optimize()
    store.flush()


def _carry_tables(
    graphs: dict[str, dict[str, Any]],
    wanted: dict[str, GraphSource],
    live: Path | None,
    work: Path,
) -> None:
    """Position tables travel with their graphs: a graph given with a table gets that one (also
    an unchanged graph), a graph given without one loses its own, and every other graph keeps
    the table of the live generation. Each is copied into ``work`` and named in ``graphs``."""
    for g, meta in graphs.items():
        source = wanted[g].table if g in wanted else None
        if source is not None:
            meta["positions"] = f"positions/{meta['sha256']}.npz"
        elif g in wanted:
            meta.pop("positions", None)
        if meta.get("positions"):
            (work / "positions").mkdir(exist_ok=True)
            if source is None:
                assert live is not None  # a table not given comes from the live generation
                source = live / meta["positions"]
            shutil.copyfile(source, work / meta["positions"])


def _write_manifest(
    work: Path, graphs: dict[str, dict[str, Any]], families: dict[str, str]
) -> None:
    text = json.dumps({"graphs": dict(sorted(graphs.items())), "families": families}, indent=1)
    with open(work / "manifest.json", "w", encoding="utf-8") as f:
        f.write(text + "\n")
        f.flush()
        os.fsync(f.fileno())


def _load(store: pyoxigraph.Store, path: Path) -> None:
    """Bulk-load an N-Quads file written by kg (``lenient``: its IRIs are minted, not typed in;
    skipping their validation loads the votes graph about 30 % faster)."""
    import pyoxigraph as ox

    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)


def _copy_graph(src: pyoxigraph.Store, dst: pyoxigraph.Store, graph: str, work: Path) -> None:
    import pyoxigraph as ox

    tmp = work / "copy.nt"
    src.dump(str(tmp), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    dst.bulk_load(path=str(tmp), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    tmp.unlink()


def _point_current(root: Path, name: str) -> None:
    tmp = root / f".current-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(name, tmp)
    os.replace(tmp, root / "current")
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stray(root: Path, live: Path | None) -> None:
    """Delete half-made generations left by a killed update, and dead generations (the
    caller holds the write lock)."""
    for p in root.iterdir():
        if p.name.startswith(".gen-") or (
            _GEN.match(p.name) and (live is None or p.name != live.name)
        ):
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith(".current-"):
            p.unlink(missing_ok=True)


def data_sources(
    data_dir: Path, build_dir: Path, only: list[Path] | None
) -> tuple[str, Iterator[GraphSource] | None]:
    """The ``data`` family: fingerprint of ``data/`` and, lazily, its graphs split per source."""
    from kg.graph import compiled_nquads, fingerprint

    key = fingerprint(data_dir, only)

    def graphs() -> Iterator[GraphSource]:
        nq = compiled_nquads(data_dir, build_dir, only)
        yield from split_nquads(nq, build_dir / "cache" / "graphs")

    return key, graphs()


def open_synced(
    root: Path,
    data_dir: Path,
    build_dir: Path,
    only: list[Path] | None,
    progress: Progress = SILENT,
) -> DiskStore:
    """Open the store after bringing its ``data`` graphs up to date with ``data/`` (cheap when
    nothing changed: one fingerprint of the input files)."""
    key, graphs = data_sources(data_dir, build_dir, only)
    if family_key(root, "data") != key:
        sync(root, "data", list(graphs or ()), key, progress)
    return DiskStore.open(root)


def memory_store(
    backend: type[OxigraphStore] | type[RdflibStore], paths: list[Path]
) -> OxigraphStore | RdflibStore:
    """An embedded store (``OxigraphStore`` or ``RdflibStore``) loaded from N-Quads files."""
    if backend is RdflibStore:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        for p in paths:
            ds.parse(str(p), format="nquads")
        return RdflibStore(ds)
    import pyoxigraph as ox

    from kg.positions import describe, table_path

    store = ox.Store()
    tables = {}
    for p in paths:
        try:
            store.bulk_load(path=str(p), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot load {p}: {exc}") from None
        table = table_path(p)
        if table.is_file():
            graph, size = describe(table)
            if size == p.stat().st_size:  # written with this very file
                tables[graph] = table
    return OxigraphStore(store, tables)


JOURNAL = ".commit.json"
"""In a folder of imported graph files: the renames of a commit under way (see below)."""


def commit_files(folder: Path, moves: list[tuple[Path, Path]]) -> None:
    """Put complete temporary files in place (``(temporary, target)`` pairs in ``folder``), all
    of them or, as a reader sees it, none.

    The renames are first written to a journal (itself renamed into place); a process killed
    during the renames leaves the journal, and the next reader or writer
    (:func:`import_files`, :func:`clean_imports`) finishes them before it reads anything.
    """
    names = [[src.name, dst.name] for src, dst in moves]
    tmp = folder / (JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(names, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / JOURNAL)
    _finish_commit(folder)


def _finish_commit(folder: Path) -> None:
    journal = folder / JOURNAL
    try:
        moves = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError, ValueError):
        raise StoreError(
            f"{journal}: the journal of an interrupted import is damaged; remove {folder} "
            "and run `kg import` again"
        ) from None
    for src, dst in moves:
        if "/" in src or "/" in dst or not src.startswith("."):
            raise StoreError(f"{journal}: not a journal written by kg; remove {folder}")
        try:
            os.replace(folder / src, folder / dst)
        except FileNotFoundError:  # renamed already, before the process was killed
            pass
    journal.unlink(missing_ok=True)


def clean_imports(folder: Path) -> None:
    """Finish an interrupted commit in ``folder`` and delete the temporary files of killed
    imports (every hidden file). The caller holds ``write_lock(folder)``."""
    if not folder.is_dir():
        return
    _finish_commit(folder)
    for p in folder.iterdir():
        if p.name.startswith(".") and p.is_file():
            p.unlink(missing_ok=True)


def import_files(folder: Path) -> list[Path]:
    """The complete graph files ``kg import`` wrote to ``folder``: ``*.nq`` files whose names
    do not start with a dot (temporary files are hidden and end in ``.tmp``).

    A commit that a killed import left half done is finished first, and the temporary files
    of killed imports are removed, when no import is running; while one runs, only a commit
    it is making (milliseconds) is waited for.

    Raises:
        StoreError: an import has been committing for more than 10 seconds.
    """
    if not folder.is_dir():
        return []
    try:
        with write_lock(folder):
            clean_imports(folder)
    except StoreError:  # an import is running: its commit, if it is making one, is brief
        deadline = time.monotonic() + 10.0
        while (folder / JOURNAL).exists():
            if time.monotonic() > deadline:
                raise StoreError(busy_message(folder)) from None
            time.sleep(0.02)
    except OSError:  # a folder we may only read: a commit under way cannot be finished
        if (folder / JOURNAL).exists():
            raise StoreError(
                f"{folder}: an import was interrupted while committing and the folder is "
                "read-only; run `kg import` again where it can be written"
            ) from None
    return sorted(p for p in folder.glob("*.nq") if not p.name.startswith("."))
