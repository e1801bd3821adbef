"""Where the graph lives and how SPARQL reaches it, behind one small interface.

A store answers ``select(query, bindings)`` with a ``Result`` of plain ``Value`` rows, so the
rest of the library never sees pyoxigraph, rdflib or HTTP types. Backends:

- ``oxigraph`` (default): an in-memory Oxigraph store loaded from the compiled N-Quads
  (``kg.store.memory``), with the graphs ``kg import`` wrote under the build folder;
- ``rdflib``: rdflib's own SPARQL engine over the same N-Quads (slower; a reference);
- a persistent Oxigraph store on disk, kept in step with ``data/`` (``kg.store.disk``);
- any SPARQL 1.1 endpoint (``kg.store.remote``).

:func:`open` chooses among them from a :class:`StoreConfig`, so every command (and the
benchmark) opens a store the same way. Only this package imports pyoxigraph or talks to a
server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.progress import SILENT, Progress
from kg.store.guard import blanked

LANG_ZH = "zh-Hant"


@dataclass(frozen=True, order=True)
class Value:
    """One RDF term of a result row, engine-independent.

    ``kind`` is ``iri``, ``literal`` or ``bnode``. Language tags are normalised to the
    project's spelling (``zh-Hant``), since Oxigraph lower-cases them.
    """

    kind: str
    value: str
    lang: str = ""
    datatype: str = ""

    def __str__(self) -> str:
        return self.value

    @property
    def python(self) -> object:
        """The value as a Python int, float, bool or str (dates stay ISO strings)."""
        if self.kind != "literal":
            return self.value
        dt = self.datatype.rsplit("#", 1)[-1]
        try:
            if dt in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
                return int(self.value)
            if dt == "decimal":
                number = float(self.value)
                return int(number) if number.is_integer() else number
            if dt in ("double", "float"):
                return float(self.value)
            if dt == "boolean":
                return self.value in ("true", "1")
        except ValueError:
            return self.value
        return self.value


def normalise_lang(lang: str | None) -> str:
    if not lang:
        return ""
    return LANG_ZH if lang.lower() == "zh-hant" else lang


@dataclass(frozen=True)
class Result:
    """Rows of a SELECT (variables in projection order) or the answer of an ASK."""

    variables: tuple[str, ...]
    rows: tuple[dict[str, Value], ...]
    boolean: bool | None = None

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class Store(Protocol):
    """What every backend offers."""

    name: str
    timeout: float | None
    """Seconds one query may run; None: no limit."""

    @property
    def position_tables(self) -> Mapping[str, Path]:
        """Named graph → the position table written with it (``kg.positions``); empty where no
        import wrote one, or where the backend cannot hold them (rdflib, a remote endpoint)."""
        ...

    def named_graphs(self) -> list[str]:
        """The named graphs ``select`` may be limited to, sorted."""
        ...

    def select(
        self,
        query: str,
        bindings: dict[str, Value] | None = None,
        graphs: list[str] | None = None,
    ) -> Result:
        """Run a SELECT or ASK query over the union of all graphs (or of ``graphs``), with
        variables pre-bound."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class StoreConfig:
    """Where the graph is: the project's folders, and the store the user chose (``--engine``,
    ``--store`` or ``--endpoint``; at most one of the last two)."""

    data_dir: Path
    build_dir: Path
    only: tuple[Path, ...] = ()
    """Record files to build instead of every record under ``data_dir``."""
    engine: str = "oxigraph"
    """``oxigraph`` or ``rdflib``: the embedded engine when neither of the next two is given."""
    store_path: Path | None = None
    endpoint: str | None = None
    timeout: float | None = None


def open(config: StoreConfig, progress: Progress = SILENT) -> Store:  # noqa: A001 - kg.store.open
    """The store ``config`` names, ready for queries.

    A remote endpoint is used as it is; a persistent store is first brought in step with
    ``data/`` (cheap when nothing changed); otherwise the records are compiled to N-Quads
    (cached under the build folder) and loaded with the complete graphs ``kg import`` wrote
    there. The store's ``timeout`` is set from the config.
    """
    only = list(config.only) or None
    store: Store
    if config.endpoint:
        from kg.store.remote import RemoteStore

        store = RemoteStore(config.endpoint)
    elif config.store_path is not None:
        from kg.store.disk import open_synced

        with progress.step("Opening store"):
            store = open_synced(
                config.store_path, config.data_dir, config.build_dir, only, progress
            )
    else:
        from kg.graph import compiled_nquads
        from kg.store.disk import import_files, memory_store
        from kg.store.memory import OxigraphStore, RdflibStore

        with progress.step("Loading graph"):
            nquads = compiled_nquads(config.data_dir, config.build_dir, only)
            backend = RdflibStore if config.engine == "rdflib" else OxigraphStore
            store = memory_store(backend, [nquads, *import_files(config.build_dir / "imports")])
    store.timeout = config.timeout
    return store


_WHERE = re.compile(r"(?<![\w:?$])WHERE\s*\{", re.IGNORECASE)


def where_openings(query: str) -> list[int]:
    """Offsets just inside each ``WHERE {`` of ``query`` (its own and its sub-selects').

    Only the query's code counts: a ``WHERE {`` in a comment, a string literal or an IRI is
    skipped (:func:`kg.store.guard.blanked` keeps offsets, so the match is found in the
    blanked text and used in the original).
    """
    return [m.end() for m in _WHERE.finditer(blanked(query))]


def with_values(query: str, bindings: dict[str, Value] | None) -> str:
    """``query`` with the bound parameters as a one-row ``VALUES`` block opening each ``WHERE``.

    Inside the group (not trailing the query) the block is evaluated first: Oxigraph's planner
    (and most servers') starts from it and joins outwards, where SEP-0007 substitution and a
    trailing ``VALUES`` left it free to scan all positions first (seconds to minutes on a
    million votes). Sub-selects get the block too, so a parameter they project is bound
    inside them; where they do not use it, it is a one-row join that changes nothing.
    ``WHERE {`` in comments, literals and IRIs is not a place for the block
    (:func:`where_openings`).
    """
    if not bindings:
        return query
    names = sorted(bindings)
    block = (
        f" VALUES ({' '.join('?' + n for n in names)}) "
        f"{{ ({' '.join(sparql_term(bindings[n]) for n in names)}) }}\n"
    )
    cuts = where_openings(query)
    if not cuts:
        raise ValueError("a query with parameters needs a WHERE clause")
    pieces = []
    start = 0
    for cut in cuts:
        pieces += [query[start:cut], block]
        start = cut
    pieces.append(query[start:])
    return "".join(pieces)


def sparql_term(value: Value) -> str:
    """Serialise a ``Value`` as a SPARQL term (for a VALUES block), escaping everything."""
    if value.kind == "iri":
        if any(c in value.value for c in '<>"{}|^`\\ \n\t'):
            raise ValueError(f"not a valid IRI: {value.value!r}")
        return f"<{value.value}>"
    if value.kind != "literal":
        raise ValueError("blank nodes cannot be bound")
    return literal_term(value)


def literal_term(value: Value) -> str:
    """A literal ``Value`` in SPARQL/Turtle syntax (the SPARQL TSV results use it too):
    backslash, quote, line breaks and tab escaped, language tag or datatype kept."""
    escaped = (
        value.value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if value.lang:
        return f'"{escaped}"@{value.lang}'
    if value.datatype and not value.datatype.endswith("#string"):
        return f'"{escaped}"^^<{value.datatype}>'
    return f'"{escaped}"'
