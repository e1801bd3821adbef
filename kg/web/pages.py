"""The pages of ``kg serve`` and the JSON routes behind them.

Routes (added to :func:`kg.web.app.create_app`'s):

- ``/``: the explorer (``static/explorer.html`` and ``explorer.js``), drawing ``/api/graph``;
- ``/api``: what the server offers, as JSON; ``/api/index``: the filters' values;
  ``/api/graph?view=&forum=&meeting=&since=&until=&issue=&economy=&stance=&kind=``: one
  selection as nodes and edges; ``/api/search?q=``: entities and quotes;
  ``/api/evidence/ID``: one position with its paragraph of the report;
- ``/brief/KIND/ID?lang=&format=``: the issue, economy or meeting brief (``kg brief``) as a
  page with links to the explorer and the related briefs, or as Markdown, Word or JSON;
- ``/source/ID?start=&end=``: a stored report, the span highlighted;
- ``/query``: a SPARQL editor over ``/sparql`` with the named queries, runnable;
- ``/static/…``: the pages' scripts, styles and the vendored vis-network and CodeMirror.

Pages hold no inline script: their code is in ``static/`` and the Content-Security-Policy
allows scripts from this server only. The pages written here (briefs, sources) hold no script
at all; every value in them is escaped.
"""

from __future__ import annotations

import html
import re
from importlib import resources
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kg import network as net
from kg.errors import KGError, UnknownEntity
from kg.web.explorer import Explorer, parse_selection

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The explorer's and the query page's policy: code, styles and data from this server only."""
BRIEF_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
"""A brief page runs no script at all; its styles are its own (``kg brief -f html``)."""
BRIEF_KINDS = ("issue", "economy", "meeting")
LANGS = ("zh-Hant", "en")
DOWNLOADS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "json": ("application/json", "json"),
}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")
WORDS = {
    "zh-Hant": {
        "explorer": "圖譜",
        "query": "SPARQL 查詢",
        "download": "下載",
        "other_lang": "English",
        "issue": "議題",
        "economy": "經濟體",
        "meeting": "會議",
        "source": "報告原文",
        "span": "標示字元",
    },
    "en": {
        "explorer": "Explorer",
        "query": "SPARQL query",
        "download": "Download",
        "other_lang": "中文",
        "issue": "Issues",
        "economy": "Economies",
        "meeting": "Meetings",
        "source": "Report text",
        "span": "highlighted characters",
    },
}


def static_text(name: str) -> str:
    return resources.files("kg.web").joinpath("static", name).read_text(encoding="utf-8")


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", LANGS[0])
    if lang not in LANGS:
        raise _http(400, f"lang={lang[:20]!r}: expected zh-Hant or en")
    return lang


def _http(status: int, message: str) -> Exception:
    from kg.web.app import HTTPError

    return HTTPError(status, message)


def _nav(lang: str, kind: str, ident: str, related: dict[str, list[dict[str, str]]]) -> str:
    """The bar above a brief: back to the explorer, downloads, the other language, the related
    briefs. Every value is escaped here."""
    esc = html.escape
    w = WORDS[lang]
    other = "en" if lang == "zh-Hant" else "zh-Hant"
    base = f"/brief/{quote(kind)}/{quote(ident)}"
    filt = "economy" if kind == "economy" else kind
    parts = [
        f'<a href="/?{esc(urlencode({filt: ident, "lang": lang}))}">{esc(w["explorer"])}</a>',
        f'<a href="/query">{esc(w["query"])}</a>',
        f'<a href="{esc(base)}?lang={other}">{esc(w["other_lang"])}</a>',
        f"<span>{esc(w['download'])}:</span>",
    ]
    for fmt, label in (("md", "Markdown"), ("docx", "Word"), ("json", "JSON")):
        parts.append(
            f'<a href="{esc(base)}?{esc(urlencode({"lang": lang, "format": fmt}))}">{label}</a>'
        )
    rows = ['<div class="kg-nav-main">' + " ".join(parts) + "</div>"]
    for k in BRIEF_KINDS:
        if not related.get(k):
            continue
        links = []
        for e in related[k]:
            text = e["zh"] if lang == "zh-Hant" else e["en"]
            href = f"/brief/{quote(k)}/{quote(e['id'])}?lang={lang}"
            links.append(f'<a href="{esc(href)}">{esc(text)}</a>')
        rows.append(f"<div><span>{esc(w[k])}:</span> " + " · ".join(links) + "</div>")
    return '<nav class="kg-nav">' + "".join(rows) + "</nav>"


NAV_STYLE = (
    "<style>.kg-nav{font:13px/1.6 sans-serif;border-bottom:1px solid #c9d1d9;padding:.4rem 0;"
    "margin-bottom:1rem}.kg-nav a{margin-right:.7rem}.kg-nav span{color:#5b6570;margin-right:.4rem}"
    "</style>"
)


class Pages:
    """The handlers of the pages and their JSON routes, over one explorer."""

    def __init__(self, explorer: Explorer) -> None:
        self.explorer = explorer

    async def explorer_page(self, request: Request) -> Response:
        return HTMLResponse(
            static_text("explorer.html"), headers={"content-security-policy": PAGE_CSP}
        )

    async def query_page(self, request: Request) -> Response:
        return HTMLResponse(
            static_text("query.html"), headers={"content-security-policy": PAGE_CSP}
        )

    async def api_index(self, request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(self.explorer.index))

    async def api_graph(self, request: Request) -> Response:
        try:
            sel = parse_selection(request.query_params.multi_items())
            return JSONResponse(await run_in_threadpool(self.explorer.graph, sel))
        except KGError as exc:
            raise _http(400, str(exc)) from None

    async def api_search(self, request: Request) -> Response:
        text = request.query_params.get("q", "")
        if len(text) > 200:
            raise _http(400, "the search text is longer than 200 characters")
        return JSONResponse(await run_in_threadpool(self.explorer.search, text))

    async def api_evidence(self, request: Request) -> Response:
        ident = request.path_params["ident"]
        found = None
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,300}", ident) and ".." not in ident:
            found = await run_in_threadpool(self.explorer.evidence, ident)
        if found is None:
            raise _http(404, "no such position: ids are those of /api/graph's edges")
        return JSONResponse(found)

    async def brief(self, request: Request) -> Response:
        """``/brief/KIND/ID``: the brief as a page with its links, or as a download."""
        kind, ident = request.path_params["kind"], request.path_params["ident"]
        if kind not in BRIEF_KINDS:
            raise _http(404, "no such brief: /brief/issue|economy|meeting/ID")
        if not _ID.fullmatch(ident):
            raise _http(404, f"no {kind} {ident[:60]!r}")
        lang = _lang(request)
        fmt = request.query_params.get("format", "html")
        if fmt not in ("html", *DOWNLOADS):
            raise _http(400, f"format={fmt[:20]!r}: expected html, md, docx or json")
        body, key = await run_in_threadpool(_brief, self.explorer, kind, ident, fmt, lang)
        if fmt != "html":
            media, ext = DOWNLOADS[fmt]
            name = f"{kind}-{ident}.{ext}"
            return Response(
                body,
                media_type=media,
                headers={"content-disposition": f'attachment; filename="{name}"'},
            )
        nav = NAV_STYLE + _nav(lang, kind, ident, self.explorer.related(kind, key))
        page = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + "\n" + nav, str(body), count=1)
        return HTMLResponse(page, headers={"content-security-policy": BRIEF_CSP})

    async def source(self, request: Request) -> Response:
        """``/source/ID``: a stored report, the span of ``?start=&end=`` highlighted."""
        ident = request.path_params["ident"]
        text = (
            await run_in_threadpool(self.explorer.source_text, ident)
            if _ID.fullmatch(ident)
            else None
        )
        if text is None:
            raise _http(404, "no such report: ids are the file names of data/sources without .txt")
        lang = _lang(request)
        start, end = _span(request, len(text))
        return HTMLResponse(
            _source_page(ident, text, lang, start, end),
            headers={"content-security-policy": PAGE_CSP},
        )


def _source_page(ident: str, text: str, lang: str, start: int | None, end: int | None) -> str:
    """The page of the report ``ident``; every value in it is escaped."""
    esc = html.escape
    w = WORDS[lang]
    if start is None:
        body = esc(text)
        caption = ""
    else:
        body = (
            esc(text[:start]) + f'<mark id="span">{esc(text[start:end])}</mark>' + esc(text[end:])
        )
        caption = f'<p class="muted">{esc(w["span"])} {start}–{end}</p>'
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(ident)}</title>\n"
        '<link rel="stylesheet" href="/static/app.css">\n</head>\n<body>\n'
        f'<header class="bar"><h1><a href="/?lang={lang}">{esc(w["explorer"])}</a></h1>'
        f'<nav class="links"><a href="/query">{esc(w["query"])}</a></nav></header>\n'
        f'<main class="page"><h1>{esc(w["source"])}: {esc(ident)}.txt</h1>{caption}\n'
        f'<div class="source">{body}</div></main>\n</body>\n</html>\n'
    )


async def _favicon(request: Request) -> Response:
    return Response(static_text("icon.svg"), media_type="image/svg+xml")


def page_routes(explorer: Explorer) -> list[BaseRoute]:
    """The explorer, the brief, source and query pages, their JSON and static files."""
    from kg.web.app import _handled

    pages = Pages(explorer)
    table = [  # path, handler, route name
        ("/", pages.explorer_page, "explorer"),
        ("/query", pages.query_page, "query_page"),
        ("/api/index", pages.api_index, "api_index"),
        ("/api/graph", pages.api_graph, "api_graph"),
        ("/api/search", pages.api_search, "api_search"),
        ("/api/evidence/{ident:path}", pages.api_evidence, "api_evidence"),
        ("/brief/{kind}/{ident}", pages.brief, "brief"),
        ("/source/{ident}", pages.source, "source"),
    ]
    static = StaticFiles(directory=str(resources.files("kg.web").joinpath("static")))
    return [
        *(
            Route(path, _handled(handler), methods=["GET"], name=name)
            for path, handler, name in table
        ),
        Route("/favicon.ico", _favicon, methods=["GET"], name="favicon"),
        Mount("/static", app=static, name="static"),
    ]


def _span(request: Request, size: int) -> tuple[int | None, int | None]:
    first, last = (request.query_params.get(k) for k in ("start", "end"))
    if first is None and last is None:
        return None, None
    if not all(v is not None and v.isdigit() and len(v) < 10 for v in (first, last)):
        raise _http(400, "start and end must both be character offsets (whole numbers)")
    start, end = int(first or 0), int(last or 0)
    if not start <= end <= size:
        raise _http(400, f"the span {start}–{end} is not within the report (0–{size})")
    return start, end


def _brief(explorer: Explorer, kind: str, ident: str, fmt: str, lang: str) -> tuple[object, str]:
    """The brief and the node key of its subject; an unknown id is a 404."""
    from kg import briefing
    from kg.briefing.house import house_names
    from kg.briefing.request import BriefRequest, make_brief, subject_iri

    store, request = explorer.store, BriefRequest(kind, ident)
    try:
        iri = subject_iri(store, request)  # resolved once, for the brief and the node key
        # APEC's own names, as `kg brief` prints them
        made = make_brief(store, request, house_names(explorer.data_dir), subject=iri)
    except UnknownEntity as exc:
        raise _http(404, str(exc)) from None
    return briefing.render(made, fmt, lang), net.node_key(iri)


__all__ = ["PAGE_CSP", "BRIEF_CSP", "page_routes", "static_text"]
