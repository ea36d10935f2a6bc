"""The web API's application: ``create_app`` builds it over one store; ``rasd serve`` runs it with uvicorn.

- Read endpoints (``GET /api/...``) are open, unless ``read_token_required``; write endpoints need
  ``Authorization: Bearer <token>`` with a token made by ``rasd token create NAME``.
- Request bodies over ``max_body`` bytes are refused with 413 before they are read whole.
- No HTML is built from stored text: the API answers JSON and files; the dashboard renders text as text.
- CORS is off unless origins are given; responses say ``nosniff`` and may not be framed.
- Database errors are 503 with a short message, never a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import rasd
from rasd.store.db import open_store

MAX_BODY = 2 * 1024 * 1024  # bytes: a large article, or a batch of a few hundred, fits
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


def create_app(
    db_url: str | None = None,
    web_dir: str | Path | None = None,
    read_token_required: bool = False,
    max_body: int = MAX_BODY,
    cors_origins: Sequence[str] = (),
) -> FastAPI:
    """The API and dashboard over the store at ``db_url`` (default ``$RASD_DB``, else ``rasd.db``); the
    schema is brought up to date here, once."""
    from rasd.api import audit, explain, read, web, write

    engine = open_store(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        engine.dispose()

    app = FastAPI(
        title="rasd",
        version=rasd.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "events", "description": "merged events, filters, exports"},
            {"name": "articles", "description": "stored articles and their evidence passages"},
            {"name": "review", "description": "analysts' corrections, rejection, restoration (token)"},
            {"name": "extraction", "description": "read an article now; store it (token)"},
            {"name": "meta", "description": "health, vocabularies, map outlines"},
        ],
    )
    app.state.engine = engine
    app.state.settings = Settings(
        web_dir=web.find_web_dir(web_dir), read_token_required=read_token_required, max_body=max_body
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
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # outlines, pages, exports: several-fold smaller
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=max_body)
    return app


CONFIG_ENV = "RASD_SERVE_CONFIG"  # create_app's arguments, as JSON, for uvicorn's worker processes


def create_app_from_env() -> FastAPI:
    """The app as ``rasd serve --workers N`` asks for it in every worker process (uvicorn's factory)."""
    import json
    import os

    return create_app(**json.loads(os.environ[CONFIG_ENV]))


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


class SecurityHeaders:
    """Headers on every response: no MIME sniffing, no framing, no referrer leaks."""

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

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers") or []) + list(self.HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
