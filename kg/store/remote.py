"""Any SPARQL 1.1 server: queries over the Protocol, graphs pushed with the Graph Store Protocol.

Standard library only (``urllib``). Reads POST ``application/sparql-query`` and ask for
``application/sparql-results+json``; bound parameters travel as a ``VALUES`` block opening
the query's ``WHERE`` (:func:`kg.store.with_values`; values are escaped, never pasted raw). The project's
queries read the union of all graphs; a server's default graph is often a graph of its own,
so every query names the project's graphs (those under ``…/id/graph/``) as its
``default-graph-uri`` — standard Protocol, understood by Oxigraph, Fuseki and GraphDB alike.

Endpoint conventions (the Graph Store URL can always be given explicitly):

=======================================  ==========================================
query endpoint                           Graph Store Protocol endpoint
=======================================  ==========================================
``http://host:7878/query`` (Oxigraph)    ``http://host:7878/store``
``http://host:3030/ds/sparql`` (Fuseki)  ``http://host:3030/ds/data``
``http://host:7200/repositories/ID``     ``…/repositories/ID/rdf-graphs/service``
=======================================  ==========================================
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, NamedTuple

from kg.errors import QueryError, StoreError
from kg.iris import ID_BASE, mint
from kg.progress import SILENT, Progress
from kg.store import Result, StoreConfig, Value, normalise_lang, with_values
from kg.store.guard import check

GRAPH_PREFIX = ID_BASE + "graph/"
TIMEOUT = 120.0
"""Seconds to wait for a server's answer to a query."""


def gsp_url(endpoint: str) -> str:
    """The Graph Store Protocol URL that goes with a query endpoint (see the table above).

    Raises:
        StoreError: no convention applies (give ``--gsp`` explicitly).
    """
    base = endpoint.rstrip("/")
    if base.endswith("/query"):
        return base[: -len("/query")] + "/store"
    if base.endswith("/sparql"):
        return base[: -len("/sparql")] + "/data"
    if "/repositories/" in base:
        return base + "/rdf-graphs/service"
    raise StoreError(f"cannot tell the Graph Store URL of {endpoint}; give it with --gsp URL")


def _request(req: urllib.request.Request, what: str, timeout: float = TIMEOUT) -> bytes:
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:  # noqa: S310 - user-given URL
            return answer.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        if exc.code == 400:
            raise QueryError(
                f"{what}: the server rejected the request (HTTP 400){detail}"
            ) from None
        raise StoreError(f"{what}: HTTP {exc.code} {exc.reason}{detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"{what}: cannot reach the server ({reason})") from None


def _value(term: object, endpoint: str = "the SPARQL endpoint") -> Value:
    """One RDF term of a SPARQL JSON binding (``{"type": …, "value": …}``).

    Raises:
        StoreError: the term is not of that shape (naming ``endpoint``).
    """
    bad = f"SPARQL endpoint {endpoint}: the answer is not SPARQL JSON results"
    if not isinstance(term, dict):
        raise StoreError(f"{bad} (a binding is {_kind(term)}, not an RDF term)")
    kind, value = term.get("type"), term.get("value")
    if not isinstance(value, str):
        raise StoreError(f"{bad} (an RDF term without a text 'value')")
    if kind == "uri":
        return Value("iri", value)
    if kind == "bnode":
        return Value("bnode", value)
    if kind not in ("literal", "typed-literal"):  # typed-literal: older servers' spelling
        raise StoreError(f"{bad} (an RDF term of type {str(kind)[:40]!r})")
    lang, datatype = term.get("xml:lang"), term.get("datatype")
    if not isinstance(lang, str | None) or not isinstance(datatype, str | None):
        raise StoreError(f"{bad} (a literal whose language or datatype is not text)")
    lang = normalise_lang(lang)
    datatype = "" if lang else (datatype or "http://www.w3.org/2001/XMLSchema#string")
    return Value("literal", value, lang, datatype)


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def _result(doc: object, endpoint: str = "the SPARQL endpoint", query: str = "") -> Result:
    """A ``Result`` from a SPARQL 1.1 Query Results JSON document, checked for its shape.

    A boolean answer is taken for an ASK query only (``query`` says which form was asked; a
    boolean where rows were expected is an error), rows for any other.

    Raises:
        StoreError: the document is not SPARQL JSON results (a list, no ``results`` or
            ``bindings``, a binding without ``type`` or ``value``, …), naming ``endpoint``.
    """
    bad = f"SPARQL endpoint {endpoint}: the answer is not SPARQL JSON results"
    if not isinstance(doc, dict):
        raise StoreError(f"{bad} ({_kind(doc)} instead of an object)")
    ask = _query_form(query) == "ASK" if query else None
    if "boolean" in doc:
        if not isinstance(doc["boolean"], bool):
            raise StoreError(f"{bad} ('boolean' is {_kind(doc['boolean'])})")
        if ask is False:
            raise StoreError(f"{bad} (a boolean where rows were expected)")
        return Result((), (), doc["boolean"])
    if ask:
        raise StoreError(f"{bad} (no 'boolean' for an ASK query)")
    head, results = doc.get("head", {}), doc.get("results")
    variables = head.get("vars", []) if isinstance(head, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise StoreError(f"{bad} ('head' has no list of variable names)")
    if not isinstance(results, dict):
        raise StoreError(f"{bad} (no 'results' object)")
    bindings = results.get("bindings")
    if not isinstance(bindings, list):
        raise StoreError(f"{bad} (no 'bindings' list)")
    rows = []
    for b in bindings:
        if not isinstance(b, dict):
            raise StoreError(f"{bad} (a row is {_kind(b)}, not an object)")
        rows.append({str(k): _value(v, endpoint) for k, v in b.items()})
    return Result(tuple(variables), tuple(rows))


def _query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first such keyword outside
    comments, literals and IRIs (``""`` if none is found)."""
    import re

    from kg.store.guard import skeleton

    found = re.search(
        r"(?i)(?<![\w:?$@.\-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", skeleton(query)
    )
    return found.group(1).upper() if found else ""


class RemoteStore:
    """A SPARQL 1.1 query endpoint, read through the ``Store`` interface."""

    name = "remote"
    timeout: float | None = None
    position_tables: Mapping[str, Path] = MappingProxyType({})
    """None: a server holds graphs only."""

    def __init__(self, endpoint: str) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"--endpoint {endpoint!r} is not an http(s) URL")
        self.endpoint = endpoint
        self._graphs: list[str] | None = None

    def _post(self, query: str, dataset: Iterable[str]) -> dict[str, Any]:
        params = urllib.parse.urlencode([("default-graph-uri", g) for g in dataset])
        url = self.endpoint + (("&" if "?" in self.endpoint else "?") + params if params else "")
        req = urllib.request.Request(
            url,
            data=query.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": "application/sparql-results+json",
            },
        )
        raw = _request(req, f"SPARQL endpoint {self.endpoint}", self.timeout or TIMEOUT)
        try:
            return json.loads(raw)
        except ValueError:
            raise StoreError(
                f"SPARQL endpoint {self.endpoint}: the answer is not SPARQL JSON results"
            ) from None

    def graphs(self) -> list[str]:
        """The project's named graphs on the server (asked once per store)."""
        if self._graphs is None:
            query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
            doc = _result(self._post(query, ()), self.endpoint, query)
            found = [row["g"].value for row in doc if "g" in row]
            self._graphs = sorted(g for g in found if g.startswith(GRAPH_PREFIX))
        return self._graphs

    def named_graphs(self) -> list[str]:
        """The project's named graphs on the server (see :meth:`graphs`)."""
        return self.graphs()

    def select(
        self,
        query: str,
        bindings: dict[str, Value] | None = None,
        graphs: list[str] | None = None,
    ) -> Result:
        """Run a SELECT or ASK over the project's graphs on the server (or ``graphs`` only).

        The query is checked first (``kg.store.guard``): a server asked for SERVICE or FROM
        would fetch on our behalf."""
        check(query)
        text = with_values(query, bindings)
        if graphs is not None:  # an empty list names a graph nobody has: an empty dataset
            return _result(self._post(text, graphs or [GRAPH_PREFIX + "none"]), self.endpoint, text)
        graphs = self.graphs()
        if not graphs:
            raise StoreError(
                f"SPARQL endpoint {self.endpoint} holds none of the project's graphs; run `kg push`"
            )
        return _result(self._post(text, graphs), self.endpoint, text)

    def close(self) -> None:
        self._graphs = None


def put_timeout(size: int) -> float:
    """Seconds to wait for the answer to a PUT of ``size`` bytes: a minute, plus one second
    per 50 kB (servers load about 14k triples, some 1.5 MB, a second; the whole vote set,
    1.2 GB, gets about 7 hours, the seed graph a minute)."""
    return 60.0 + size / 50_000


def push_graph(
    gsp: str, graph: str, path: Path, ntriples: bool = False, timeout: float | None = None
) -> None:
    """Replace ``graph`` on the server with the triples of a file of that graph (PUT).

    ``path`` holds N-Quads of that one graph, or N-Triples when ``ntriples`` is true.
    ``timeout``: seconds to wait for each step of the exchange (default: :func:`put_timeout`).

    PUT replaces the graph as a whole, so pushing twice leaves one copy. What a failure leaves:
    the servers this targets (Oxigraph, Fuseki, GraphDB) apply one PUT in one transaction, and
    a body cut short (a dropped connection, a killed ``kg``) is shorter than its
    ``Content-Length``, so the graph is replaced whole or not at all. Across graphs there is no
    transaction: the Graph Store Protocol has none, and each graph is one request. ``kg push``
    therefore pushes graph by graph, prints each graph as it is replaced, and on a failure
    says which graphs were replaced and that the rest are as they were.

    Raises:
        StoreError: the server answered with an error (its status and first line), did not
            answer within ``timeout`` seconds, or closed the connection (naming the URL and
            the graph).
    """
    import tempfile

    url = gsp + ("&" if "?" in gsp else "?") + urllib.parse.urlencode({"graph": graph})
    what = f"Graph Store {gsp} (graph {graph})"
    with tempfile.TemporaryFile() as tmp:
        body: IO[bytes]
        if ntriples:
            body, size = open(path, "rb"), path.stat().st_size  # noqa: SIM115 - closed below
        else:
            size = _as_ntriples(path, tmp)
            tmp.seek(0)
            body = tmp
        wait = timeout if timeout is not None else put_timeout(size)
        req = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={"Content-Type": "application/n-triples", "Content-Length": str(size)},
        )
        try:
            _put(req, what, wait)
        finally:
            body.close()


class PushFile(NamedTuple):
    """One graph for :func:`push_graph`: its IRI, its file and number of quads."""

    graph: str
    path: Path
    quads: int
    ntriples: bool = False
    """The file is N-Triples (dumped from a store), not N-Quads of this graph alone."""


def push_files(config: StoreConfig, progress: Progress = SILENT) -> Iterator[PushFile]:
    """The graphs ``kg push`` sends: every graph of the store ``config.store_path`` (brought up
    to date with data/ first, then dumped one at a time), or, without a store, the graphs of
    data/ and those ``kg import`` wrote."""
    import tempfile

    from kg.store import disk

    only = list(config.only) or None
    if config.store_path is not None:
        store = disk.open_synced(
            config.store_path, config.data_dir, config.build_dir, only, progress
        )
        with tempfile.TemporaryDirectory() as tmp:
            for graph, meta in sorted(store.graphs().items()):
                path = Path(tmp) / "graph.nt"
                store.dump_graph(graph, path)
                yield PushFile(graph, path, meta["quads"], ntriples=True)
        return
    from kg.graph import compiled_nquads

    nq = compiled_nquads(config.data_dir, config.build_dir, only)
    split = disk.split_nquads(nq, config.build_dir / "cache" / "graphs")
    files = [PushFile(s.graph, s.path, s.quads) for s in split]
    for path in disk.import_files(config.build_dir / "imports"):
        with open(path, "rb") as f:
            quads = sum(1 for _ in f)
        files.append(PushFile(mint("graph", path.stem), path, quads))
    yield from files


def push_all(
    gsp: str, files: Iterable[PushFile], timeout: float | None = None, progress: Progress = SILENT
) -> Iterator[PushFile]:
    """Push ``files`` one by one (:func:`push_graph`), yielding each once its graph is replaced.

    Raises:
        StoreError: a push failed; the message names the graph and says how many were replaced
            before it and that the others are as they were.
    """
    done = 0
    for f in files:
        with progress.step(f"Pushing {f.graph.rsplit('/', 1)[-1]}"):
            try:
                push_graph(gsp, f.graph, f.path, ntriples=f.ntriples, timeout=timeout)
            except StoreError as exc:
                kept = "the others are" if done else "all graphs are"
                raise StoreError(
                    f"{exc}; {done} graph(s) replaced before it (listed above), {kept} "
                    "as they were on the server; run kg push again"
                ) from None
        done += 1
        yield f


def _put(req: urllib.request.Request, what: str, wait: float) -> None:
    """Send one PUT; every way it can fail becomes one ``StoreError`` line."""
    import http.client

    try:
        with urllib.request.urlopen(req, timeout=wait) as answer:  # noqa: S310 - user-given URL
            answer.read()
        return
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        raise StoreError(
            f"{what}: the server refused it, HTTP {exc.code} {exc.reason}{detail}"
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
    except (OSError, http.client.HTTPException) as exc:
        reason = exc
    if isinstance(reason, TimeoutError):
        raise StoreError(
            f"{what}: no answer within {wait:g} s; the server may or may not replace the graph"
        )
    if isinstance(reason, ConnectionRefusedError) or not isinstance(
        reason, ConnectionError | http.client.HTTPException
    ):
        raise StoreError(f"{what}: cannot reach the server ({reason})")
    raise StoreError(
        f"{what}: the connection was lost before the server answered "
        f"({type(reason).__name__}); a server that got the graph only in part keeps its copy"
    )


def _as_ntriples(path: Path, out: IO[bytes]) -> int:
    """Write the lines of an N-Quads file of one graph without their graph term; return bytes."""
    size = 0
    with open(path, "rb") as f:
        for line in f:
            body = line.rstrip()
            if not body:
                continue
            body = body[:-1].rstrip()  # the final " ."
            cut = body.rfind(b" <")
            chunk = body[:cut] + b" .\n"
            out.write(chunk)
            size += len(chunk)
    return size
