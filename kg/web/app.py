"""The web application of ``kg serve``: the explorer and its pages (:mod:`kg.web.pages`), a
SPARQL 1.1 Protocol endpoint and the named queries.

Routes (the pages' are listed in :mod:`kg.web.pages`):

- ``/api``: what the server offers and its limits, as JSON;

- ``/sparql``: SPARQL 1.1 Protocol, GET (``?query=``) and POST (an
  ``application/sparql-query`` body, or a form with ``query=``). The default graph is the
  union of the project's graphs, or of the graphs named by ``default-graph-uri``; every named
  graph can be read with ``GRAPH <iri>`` (``named-graph-uri`` is refused). SELECT and ASK
  answer in JSON (the default), XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle (the
  default), N-Triples or JSON-LD: by ``Accept`` or ``?format=``. A GET without a query
  answers the SPARQL 1.1 Service Description (Turtle).
- ``/queries``: the named queries with their parameters, as JSON;
  ``/queries/NAME?param=value`` runs one (the rows of ``kg query NAME -p param=value``) and
  answers JSON or CSV (``?format=`` or ``Accept``).

Limits, so one request cannot take the server down: every query passes the store's guard
(no SERVICE, FROM, LOAD or update; bounded nesting) and runs at most ``timeout`` seconds;
an answer of more than ``max_rows`` rows (or triples) is refused, not cut, so no client
mistakes a part for the whole; a request body over :data:`MAX_BODY` bytes is refused.

Status codes: 400 a malformed, refused or too large query, or a bad parameter; 403 SPARQL
Update (the endpoint is read-only); 404 an unknown path or query name; 406 no acceptable
format; 413 a request body too large; 415 a POST of another content type; 501 CONSTRUCT on a
store that cannot answer it; 503 a query stopped by the time limit. Error bodies are one line
of plain text.

Every response carries a strict Content-Security-Policy and ``X-Content-Type-Options:
nosniff``; no CORS headers are sent, so browsers keep other sites' pages from reading answers.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg import queries
from kg.errors import KGError, QueryError, StoreError
from kg.output import render
from kg.store import Store
from kg.store.guard import one_line, skeleton
from kg.web.explorer import MAX_EDGES, Explorer
from kg.web.pages import page_routes
from kg.web.results import (
    FORMAT_NAMES,
    GRAPH_ACCEPT,
    GRAPH_TYPES,
    RESULT_ACCEPT,
    RESULT_TYPES,
    negotiate,
    write_results,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
"""Seconds one query may run unless the server is started with ``--timeout``."""
MAX_ROWS = 10_000
"""Rows (or triples) an answer may have; a query that gives more is refused with 400."""
MAX_BODY = 1_000_000
"""Bytes a POST body may have."""

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-resource-policy": "same-origin",
}

_UPDATE = re.compile(
    r"(?i)(?<![\w:?$@.\-])(INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH|LOAD)(?![\w:])"
)
_FORM = re.compile(r"(?i)(?<![\w:?$@.\-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,80}")
TIME_LIMIT = "ran longer than"
"""Words of the guard's message for a query stopped by the time limit."""


class HTTPError(Exception):
    """An answer other than 200, with its one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    if key not in headers:  # a page may bring its own (stricter) policy
                        headers[key] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def service_description(endpoint: str) -> str:
    """The SPARQL 1.1 Service Description of ``/sparql`` (answered to a GET without a query),
    in Turtle."""
    iri = endpoint.replace("\\", "").replace(">", "").replace("<", "")
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix fmt: <http://www.w3.org/ns/formats/> .\n\n"
        f"<{iri}> a sd:Service ;\n"
        f"    sd:endpoint <{iri}> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        "    sd:feature sd:UnionDefaultGraph ;\n"
        "    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,\n"
        "        fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD .\n"
    )


def query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first such keyword outside
    comments, literals and IRIs), or ``""``."""
    found = _FORM.search(skeleton(query))
    return found.group(1).upper() if found else ""


def is_update(query: str) -> bool:
    """Whether ``query`` has an update keyword outside comments, literals and IRIs."""
    return _UPDATE.search(skeleton(query)) is not None


def _error_response(exc: BaseException) -> Response:
    if isinstance(exc, HTTPError):
        status, message = exc.status, str(exc)
    elif isinstance(exc, QueryError):
        message = str(exc)
        status = 503 if TIME_LIMIT in message else 400
    elif isinstance(exc, StoreError):
        status, message = 500, str(exc)
    elif isinstance(exc, KGError):  # an unknown id given as a parameter, and the like
        status, message = 400, str(exc)
    else:
        log.exception("request failed")
        status, message = 500, f"internal error ({type(exc).__name__})"
    return PlainTextResponse(one_line(Exception(message), 1000) + "\n", status)


def _handled(
    handler: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as exc:  # every failure becomes a one-line answer
            return _error_response(exc)

    return wrapped


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise HTTPError(413, f"the request body is larger than {MAX_BODY:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HTTPError(413, f"the request body is larger than {MAX_BODY:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPError(400, f"{what} is not valid UTF-8 (byte {exc.start})") from None


def _format(request: Request, params: list[tuple[str, str]], graph: bool) -> str:
    """The answer format: ``?format=`` if given, else the ``Accept`` header's choice."""
    given = [v for k, v in params if k == "format"]
    if given:
        value = given[-1].strip().lower()
        # a short name (json, ttl …), or media types as in Accept (SPARQLWrapper sends those)
        if "/" in value:
            accepted = GRAPH_ACCEPT if graph else RESULT_ACCEPT
            name = negotiate(value, accepted, "turtle" if graph else "json")
        else:
            name = FORMAT_NAMES.get(value)
        if graph and name == "json":
            name = "jsonld"
        offered = GRAPH_TYPES if graph else RESULT_TYPES
        if name not in offered:
            kind = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
            choices = "turtle, nt, jsonld" if graph else "json, xml, csv, tsv"
            raise HTTPError(400, f"format {given[-1]!r} is not offered for {kind}: {choices}")
        return name
    accept = request.headers.get("accept", "")
    chosen = (
        negotiate(accept, GRAPH_ACCEPT, "turtle")
        if graph
        else negotiate(accept, RESULT_ACCEPT, "json")
    )
    if chosen is None:
        offered = GRAPH_TYPES if graph else RESULT_TYPES
        raise HTTPError(406, f"no acceptable format: this answer is {', '.join(offered.values())}")
    return chosen


_READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
_UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")


async def _post_params(request: Request) -> tuple[list[tuple[str, str]], str | None]:
    """The form fields, or the query of an ``application/sparql-query`` body, of a POST."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        raise HTTPError(403, _READ_ONLY)
    body = await _body(request)
    if ctype == "application/x-www-form-urlencoded":
        return parse_qsl(_text(body, "the form"), keep_blank_values=True), None
    if ctype == "application/sparql-query":
        return [], _text(body, "the query")
    raise HTTPError(
        415,
        "POST a query as application/sparql-query, or as a form "
        "(application/x-www-form-urlencoded) with query=",
    )


async def _protocol_request(request: Request) -> tuple[list[tuple[str, str]], str | None]:
    """The parameters of a ``/sparql`` request (URL and form) and its one query; None for a
    GET without parameters, which is answered with the service description."""
    params = list(request.query_params.multi_items())
    text: str | None = None
    if request.method == "POST":
        form, text = await _post_params(request)
        params += form
    if any(k in _UPDATE_PARAMS for k, _ in params):
        raise HTTPError(403, _READ_ONLY)
    given = [v for k, v in params if k == "query"]
    if text is not None:
        given.append(text)
    if not given and request.method == "GET" and not params:
        return params, None
    if not given:
        raise HTTPError(400, "no query: give one as ?query=… (GET) or in the POST body")
    if len(given) > 1:
        raise HTTPError(400, "more than one query in the request")
    if any(k == "named-graph-uri" for k, _ in params):
        raise HTTPError(
            400,
            "named-graph-uri is not supported: every named graph of the project can be "
            "read with GRAPH <iri>",
        )
    return params, given[0]


def _named_values(params: list[tuple[str, str]]) -> dict[str, str]:
    """The parameters of a named query (all but ``format``), each given once."""
    values: dict[str, str] = {}
    for key, value in params:
        if key == "format":
            continue
        if key in values:
            raise HTTPError(400, f"parameter {key!r} is given more than once")
        values[key] = value
    return values


def _named_format(request: Request, params: list[tuple[str, str]]) -> str:
    """``json`` or ``csv``: ``?format=`` if given, else the ``Accept`` header's choice."""
    given = [v for k, v in params if k == "format"]
    if given:
        fmt = given[-1].strip().lower()
        if fmt not in ("json", "csv"):
            raise HTTPError(400, f"format {given[-1]!r} is not offered here: json, csv")
        return fmt
    chosen = negotiate(
        request.headers.get("accept", ""),
        {"application/json": "json", "text/csv": "csv"},
        "json",
    )
    if chosen is None:
        raise HTTPError(406, "no acceptable format: application/json or text/csv")
    return chosen


class Service:
    """What every request shares: the store, the limits and the explorer. Its methods answer
    ``/api``, ``/sparql`` and the named queries."""

    def __init__(self, store: Store, timeout: float, max_rows: int, explorer: Explorer) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.explorer = explorer

    def too_many(self, what: str = "rows") -> HTTPError:
        return HTTPError(
            400,
            f"the answer has more than {self.max_rows:,} {what}, the server's limit "
            "(kg serve --max-rows): narrow the query or add LIMIT",
        )

    async def index(self, request: Request) -> Response:
        """``/api``: the routes on offer and the server's limits."""
        return JSONResponse(
            {
                "explorer": str(request.url_for("explorer")),
                "query_page": str(request.url_for("query_page")),
                "sparql": str(request.url_for("sparql")),
                "queries": str(request.url_for("queries")),
                "graph": str(request.url_for("api_graph")),
                "search": str(request.url_for("api_search")),
                "timeout_seconds": self.timeout,
                "max_rows": self.max_rows,
                "max_edges": self.explorer.max_edges,
            }
        )

    async def sparql(self, request: Request) -> Response:
        """``/sparql``: the SPARQL 1.1 Protocol (see the module's docstring)."""
        params, query = await _protocol_request(request)
        if query is None:
            return Response(
                service_description(str(request.url_for("sparql"))),
                media_type="text/turtle",
            )
        graphs = [v for k, v in params if k == "default-graph-uri"] or None
        if is_update(query):
            raise HTTPError(403, _READ_ONLY)
        if query_form(query) in ("CONSTRUCT", "DESCRIBE"):
            return await self._construct(query, _format(request, params, graph=True), graphs)
        return await self._select(query, _format(request, params, graph=False), graphs)

    async def _construct(self, query: str, fmt: str, graphs: list[str] | None) -> Response:
        construct = getattr(self.store, "construct", None)
        if construct is None:
            raise HTTPError(
                501,
                f"CONSTRUCT and DESCRIBE are not available on the {self.store.name} store: "
                "use SELECT, or serve the embedded or --store graph",
            )
        try:
            data = await run_in_threadpool(construct, query, fmt, graphs, self.max_rows)
        except QueryError as exc:
            if "triples (the limit)" in str(exc):
                raise self.too_many("triples") from None
            raise
        return Response(data, media_type=GRAPH_TYPES[fmt])

    async def _select(self, query: str, fmt: str, graphs: list[str] | None) -> Response:
        if graphs is not None and self.store.name == "rdflib":
            raise HTTPError(
                501, "default-graph-uri is not available on the rdflib engine: use oxigraph"
            )
        result = await run_in_threadpool(self.store.select, query, None, graphs)
        if len(result.rows) > self.max_rows:
            raise self.too_many()
        return Response(write_results(result, fmt), media_type=RESULT_TYPES[fmt])

    async def query_list(self, request: Request) -> Response:
        """``/queries``: the named queries with their parameters."""
        listing = []
        for name in queries.available():
            q = queries.load(name)
            listing.append(
                {
                    "name": name,
                    "title": q.title,
                    "question": q.question,
                    "order": q.order,
                    "params": [{"name": p.name, "type": p.type, "help": p.help} for p in q.params],
                    "url": str(request.url_for("named_query", name=name)),
                }
            )
        return JSONResponse(listing)

    async def named_query(self, request: Request) -> Response:
        """``/queries/NAME``: the rows of one named query, as JSON or CSV."""
        name = request.path_params["name"]
        if not _NAME.fullmatch(name) or name not in queries.available():
            raise HTTPError(404, "no such query: see /queries for the list")
        params = list(request.query_params.multi_items())
        values = _named_values(params)
        fmt = _named_format(request, params)
        result = await run_in_threadpool(lambda: queries.run(self.store, name, **values))
        if len(result.rows) > self.max_rows:
            raise self.too_many()
        media = "application/json" if fmt == "json" else "text/csv"
        return Response(render(result, fmt), media_type=media)

    def routes(self) -> list[BaseRoute]:
        """The routes of ``/api``, ``/sparql`` and the named queries."""
        return [
            Route("/api", _handled(self.index), methods=["GET"], name="index"),
            Route("/sparql", _handled(self.sparql), methods=["GET", "POST"], name="sparql"),
            Route("/queries", _handled(self.query_list), methods=["GET"], name="queries"),
            Route(
                "/queries/{name}", _handled(self.named_query), methods=["GET"], name="named_query"
            ),
        ]


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("not found\n", 404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("method not allowed\n", 405)


def _warm_at_start(explorer: Explorer) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """A lifespan that reads the catalogue and draws the opening view while the browser loads
    the page's scripts, instead of after it asks for them."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        threading.Thread(target=explorer.warm, name="kg-warm", daemon=True).start()
        yield

    return lifespan


def create_app(
    store: Store,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = MAX_ROWS,
    allowed_hosts: list[str] | None = None,
    extra_routes: Sequence[BaseRoute] = (),
    data_dir: Path | None = None,
    max_edges: int = MAX_EDGES,
) -> ASGIApp:
    """The application over ``store`` (opened by the caller, shared by every request).

    ``timeout``: seconds each query may run; ``max_rows``: rows (or triples) an answer may
    have; ``allowed_hosts``: the ``Host`` names requests may carry (None: any), so that a web
    page cannot reach a loopback server through a rebound DNS name; ``extra_routes``: routes
    of further pages (mounted before the SPARQL ones, behind the same headers and host check);
    ``data_dir``: the project's ``data/`` folder, whose ``sources/`` the evidence panel and
    ``/source/ID`` quote (None: quotes without their paragraph); ``max_edges``: positions the
    explorer draws at most in one view.
    """
    if timeout is None or timeout <= 0:
        raise ValueError("the server needs a time limit")
    store.timeout = timeout
    explorer = Explorer(store, data_dir, max_edges)
    service = Service(store, timeout, max_rows, explorer)
    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(
        routes=[*extra_routes, *page_routes(explorer), *service.routes()],
        middleware=middleware,
        exception_handlers={404: _not_found, 405: _not_allowed},
        lifespan=_warm_at_start(explorer),
    )
    return SecurityHeaders(app)
