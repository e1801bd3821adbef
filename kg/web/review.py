"""The review desk over HTTP: a page and a small JSON interface on one draft record.

Routes (under ``/review``):

- ``GET /review``: the page (HTML; its script and style are the static files below);
- ``GET /review/static/review.js``, ``review.css``: the desk's code, nothing else is served;
- ``GET /review/api/draft``: the source text, the outline, the items in report order with
  their states, the pick lists (holders, issues, stances, proposals), the file's version and
  what ``kg validate`` finds in it, each problem on its item;
- ``POST /review/api/save``: ``{"version": …, "ops": [...]}`` (see :mod:`kg.review.draft`);
  answers the new view with the violations of ``kg validate`` placed on their items, 409 if
  the file changed since ``version`` (another tab saved first), 400 for an operation the draft
  cannot take.

Every write needs the server's token in ``X-KG-Token`` (it is in the page, which another site
cannot read: no CORS headers are sent) and, when the browser sends one, an ``Origin`` equal to
the server's own. Responses carry the web app's security headers (``kg.web.app``) and
``Cache-Control: no-store``; the page's Content-Security-Policy allows scripts and styles from
this server only, no inline code, nothing from elsewhere; the page sets every text through
``textContent``. The routes run alone (``kg review``) or inside ``kg serve --review``.
"""

from __future__ import annotations

import hmac
import json
import secrets
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from kg.errors import KGError
from kg.review.draft import Conflict, Draft, ReviewError
from kg.web.app import SecurityHeaders

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
NO_STORE = {"cache-control": "no-store"}
"""Every answer of the desk: a draft's state is never read from a cache."""
STATIC = {"review.js": "text/javascript", "review.css": "text/css"}
MAX_BODY = 5_000_000
TOKEN_HEADER = "x-kg-token"


def _static(name: str) -> str:
    return (resources.files("kg.web") / "static" / "review" / name).read_text(encoding="utf-8")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status, headers=NO_STORE)


class Desk:
    """The desk's handlers on one draft: the page (which carries ``token``), reading the draft
    and saving decisions in the name of ``reviewer``."""

    def __init__(self, draft: Draft, token: str, reviewer: str) -> None:
        self.draft = draft
        self.token = token
        self.reviewer = reviewer

    async def page(self, request: Request) -> Response:
        html = _static("review.html").replace("__TOKEN__", self.token)
        headers = {**NO_STORE, "content-security-policy": PAGE_CSP}
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)

    def state(self) -> dict[str, Any]:
        view = self.draft.view()
        view["registry"] = self.draft.registry()
        view["reviewer"] = self.reviewer
        return view

    async def read(self, request: Request) -> Response:
        try:
            await run_in_threadpool(self.draft.reload)
            view = await run_in_threadpool(self.state)
            view["violations"] = await run_in_threadpool(self.draft.check)
            return JSONResponse(view, headers=NO_STORE)
        except KGError as exc:
            return _error(500, str(exc))

    async def save(self, request: Request) -> Response:
        refused = _check_write(request, self.token)
        if refused is not None:
            return refused
        payload = await _payload(request)
        if isinstance(payload, Response):
            return payload
        version = str(payload.get("version") or "")
        try:
            result = await run_in_threadpool(
                self.draft.save, version, payload["ops"], self.reviewer
            )
        except Conflict as exc:
            return _error(409, str(exc))
        except ReviewError as exc:
            return _error(400, str(exc))
        except KGError as exc:
            return _error(422, str(exc))
        view = await run_in_threadpool(self.state)
        view["violations"] = result.violations
        view["conforms"] = result.conforms
        return JSONResponse(view, headers=NO_STORE)


async def _static_file(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        return _error(404, "not found")
    return Response(_static(name), media_type=f"{STATIC[name]}; charset=utf-8", headers=NO_STORE)


async def _payload(request: Request) -> dict[str, Any] | Response:
    """The JSON body of a save, ``{"version": …, "ops": [...]}``, or the answer refusing it."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return _error(413, f"the request is larger than {MAX_BODY:,} bytes")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the request is not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("ops"), list):
        return _error(400, 'send {"version": …, "ops": [...]}')
    return payload


def review_routes(draft: Draft, token: str, reviewer: str) -> list[BaseRoute]:
    """The desk's routes on ``draft``; writes need ``token`` (see the module's docstring)."""
    desk = Desk(draft, token, reviewer)
    return [
        Route("/review", desk.page, methods=["GET"]),
        Route("/review/static/{name}", _static_file, methods=["GET"]),
        Route("/review/api/draft", desk.read, methods=["GET"]),
        Route("/review/api/save", desk.save, methods=["POST"]),
    ]


def _check_write(request: Request, token: str) -> Response | None:
    given = request.headers.get(TOKEN_HEADER, "")
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        return _error(403, "missing or wrong X-KG-Token: reload the page")
    origin = request.headers.get("origin")
    if origin is not None:
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin != own:
            return _error(403, f"a write from {origin} is refused: only this desk's page may save")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _error(415, "send the save as application/json")
    return None


def review_app(
    draft: Draft,
    reviewer: str,
    allowed_hosts: list[str] | None,
    token: str | None = None,
) -> ASGIApp:
    """The desk as an application of its own (``kg review``): its routes, ``/`` leading to
    the page, a host check (``allowed_hosts``, None: any) and the headers."""

    async def home(request: Request) -> Response:
        return RedirectResponse("/review", 303)

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(404, "not found")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return _error(405, "method not allowed")

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        *review_routes(draft, token or secrets.token_urlsafe(32), reviewer),
    ]
    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: not_found, 405: not_allowed},
    )
    return SecurityHeaders(app)
