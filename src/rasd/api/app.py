"""The web API's application: ``create_app`` builds it over one store; ``rasd serve`` runs it with uvicorn.

- Read endpoints (``GET /api/...``) are open, unless ``read_token_required``; write endpoints need
  ``Authorization: Bearer <token>`` with a token made by ``rasd token create NAME``.
- Request bodies over ``max_body`` bytes are refused with 413 before they are read whole.
- No HTML is built from stored text: the API answers JSON and files; the dashboard renders text as text.
- ``HEAD`` is answered as ``GET`` without its body (``HeadAsGet``).
- CORS is off unless origins are given; every response (errors included: 400, 413, 500) says
  ``nosniff``, may not be framed, and carries a Content-Security-Policy that lets the dashboard load
  only its own files (map tiles aside, which may come from any https server).
- ``allowed_hosts``: requests whose ``Host`` is another name are refused (400), so a web page on
  another site cannot reach a loopback server through DNS rebinding (``rasd serve``: loopback names).
- ``/api/extract`` runs at most ``extract_concurrency`` extractions at once (429 beyond), and can be
  limited to token holders.
- Database errors are 503 with a short message, never a stack trace; other errors 500, likewise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import rasd
from rasd.store.db import open_store
from rasd.store.listing import EventLists

MAX_BODY = 2 * 1024 * 1024  # bytes: a large article, or a batch of a few hundred, fits
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
EXTRACT_CONCURRENCY = 2  # extractions at once: each holds a core for up to a few seconds
log = logging.getLogger("rasd.api")

DESCRIPTION = """\
Events that rasd extracted from Arabic news and merged into its store, with the article passages behind
them; analysts' corrections and rejections.

Read endpoints are open (unless the server runs with `--read-token-required`). Write endpoints
(`POST /api/ingest`, `PATCH /api/events/{id}`, reject, restore) need `Authorization: Bearer <token>`,
a token made with `rasd token create NAME`.
"""


@dataclass(frozen=True)
class Settings:
    """How the server was started."""

    web_dir: Path | None
    read_token_required: bool = False
    max_body: int = MAX_BODY
    extract_token_required: bool = False
    extract_slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(EXTRACT_CONCURRENCY)
    )


def create_app(
    db_url: str | None = None,
    web_dir: str | Path | None = None,
    read_token_required: bool = False,
    max_body: int = MAX_BODY,
    cors_origins: Sequence[str] = (),
    allowed_hosts: Sequence[str] | None = None,
    extract_token_required: bool = False,
    extract_concurrency: int = EXTRACT_CONCURRENCY,
) -> FastAPI:
    """The API and dashboard over the store at ``db_url`` (default ``$RASD_DB``, else ``rasd.db``); the
    schema is brought up to date here, once. ``allowed_hosts`` None accepts any ``Host`` (a library
    or test client); ``rasd serve`` always gives a list (loopback names unless told otherwise)."""
    from rasd.api import audit, explain, read, web, write

    engine = open_store(db_url)
    event_lists = EventLists(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        event_lists.close()
        engine.dispose()

    app = FastAPI(
        title="rasd",
        version=rasd.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # rasd.api.web serves /docs: Swagger UI from the server itself, never from a CDN
        redoc_url=None,  # FastAPI's ReDoc page loads ReDoc from a CDN (blank offline); /redoc leads to /docs
        openapi_tags=[
            {"name": "events", "description": "merged events, filters, exports"},
            {"name": "articles", "description": "stored articles and their evidence passages"},
            {"name": "review", "description": "analysts' corrections, rejection, restoration (token)"},
            {"name": "extraction", "description": "read an article now; store it (token)"},
            {"name": "meta", "description": "health, vocabularies, map outlines"},
        ],
    )
    app.state.engine = engine
    app.state.event_lists = event_lists  # GET /api/events (rasd.api.lists)
    app.state.settings = Settings(
        web_dir=web.find_web_dir(web_dir),
        read_token_required=read_token_required,
        max_body=max_body,
        extract_token_required=extract_token_required,
        extract_slots=threading.BoundedSemaphore(max(1, extract_concurrency)),
    )
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.include_router(read.router)
    app.include_router(read.open_router)
    app.include_router(write.router)
    app.include_router(audit.router)  # GET /api/audit
    app.include_router(explain.router)
    web.add_routes(app)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Authorization", "Content-Type"],
        )
    # outlines, pages, exports: several-fold smaller. Level 6 (zlib's default), not Starlette's 9: a page of
    # 100 events (67 kB) compresses in 0.7 ms instead of 1.7 ms, to 4% more bytes
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(BodyLimit, max_body=max_body)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # its headers go on every answer, refusals included
    app.add_middleware(HeadAsGet)  # outermost: no body goes out to a HEAD, whoever answered it
    return app


CONFIG_ENV = "RASD_SERVE_CONFIG"  # create_app's arguments, as JSON, for uvicorn's worker processes


def create_app_from_env() -> FastAPI:
    """The app as ``rasd serve --workers N`` asks for it in every worker process (uvicorn's factory)."""
    import json
    import os

    app = create_app(**json.loads(os.environ[CONFIG_ENV]))
    ready_to_serve()
    return app


def ready_to_serve() -> None:
    """What ``rasd serve`` does once before answering (never ``create_app``: a library or test app is
    left as it is). The tables that the first text search and the first actor filter would load (place
    spellings, the actor registry: about a second, during which a server answering on one thread
    answers nobody else) are loaded now; then everything loaded is moved out of the garbage
    collector's reach (``gc.freeze``: process-wide, hence only here), so that a full collection walks
    what requests made, not the quarter of a million objects of the tables (140 ms each time, a stall
    for every request waiting)."""
    import gc

    from rasd.pipeline import actor_keys_named
    from rasd.store.filters import actor_needles
    from rasd.store.search import query_groups

    query_groups("Hudaydah")  # the Latin spellings of places
    actor_needles("Houthi")  # the actor registry and its English names
    actor_keys_named("-")  # the registry's alias matcher (an Arabic actor value)
    gc.collect()
    gc.freeze()


async def _database_error(_request: Request, error: Exception) -> JSONResponse:
    log.error("database error: %s", error)
    return JSONResponse({"detail": "database error; see the server's log"}, status_code=503)


class BodyLimit:
    """Refuse request bodies over ``max_body`` bytes with 413: by ``Content-Length`` before reading, and
    by counting when the body comes chunked (it is then buffered, at most ``max_body`` bytes)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None:
            try:
                too_long = int(length) > self.max_body
            except ValueError:
                await _refuse(send, 400, "bad Content-Length")
                return
            if too_long:
                await _refuse(send, 413, f"request body over {self.max_body:,} bytes")
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:  # no length given: read (and count) the whole body first
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _refuse(send, 413, f"request body over {self.max_body:,} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, detail: str) -> None:
    response = JSONResponse({"detail": detail}, status_code=status, headers={"Connection": "close"})
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


# The dashboard's own scripts, styles and fonts only; map tiles from any https server (optional layer);
# inline styles for Leaflet's positioning. The API docs (/docs) start Swagger UI (the built dashboard's copy,
# never a CDN's) with an inline script, so they get a policy of their own.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs",)


class SecurityHeaders:
    """Headers on every response: no MIME sniffing, no framing, no referrer leaks, a Content-Security-
    Policy. It is the outermost layer, so refusals (400, 413) carry them too, and an error no handler
    took becomes a plain 500 here, with them, instead of one from Starlette's last-resort layer."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    )

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope.get("path") in DOCS_PATHS else CSP
        headers = [*self.HEADERS, (b"content-security-policy", policy.encode())]
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message)
                message["headers"] = list(message.get("headers") or []) + headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = JSONResponse({"detail": "internal error; see the server's log"}, status_code=500)
            await response(scope, _no_receive, send_with_headers)


class HeadAsGet:
    """Answer ``HEAD`` as ``GET`` without the body (RFC 9110 §9.3.2): FastAPI's routes take only the
    methods they declare, so ``HEAD /api/export`` (a link checker, ``curl -I``) answered 405. The
    request goes on as a GET, through the same checks (token, Host, filters), so its status and headers
    (``Content-Length``, ``Content-Type``, ``Content-Disposition``) are the GET's; the body is dropped
    here. Methods other than HEAD pass untouched."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the GET's body, dropped; only its last (empty) message ends the answer
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class HostCheck:
    """Refuse (400) a request whose ``Host`` is not one of the server's names. ``*`` allows any,
    ``*.example.org`` a domain's names; a port in the header is ignored."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str] = LOOPBACK_HOSTS):
        self.app = app
        self.allowed = [name.strip().lower().strip("[]") for name in allowed if name.strip()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = host_name(dict(scope.get("headers") or ()).get(b"host", b"").decode("latin-1"))
        if self.allows(host):
            await self.app(scope, receive, send)
            return
        await _refuse(send, 400, "this server does not answer to that host name (rasd serve --allowed-host)")

    def allows(self, host: str) -> bool:
        return any(
            host == name or (name.startswith("*.") and host.endswith(name[1:])) for name in self.allowed
        )


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without its port: ``[::1]:8000`` → ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    if header.count(":") == 1:
        return header.partition(":")[0]
    return header
