"""``GET /api/events`` answered with a fraction of FastAPI's work per request, the same answer.

Why: under ten clients a page's latency is mostly the queue of other requests, so every request's
CPU time counts. On the whole-corpus store FastAPI's handling of the 24 query parameters (one
validation each, with its bookkeeping), the response model (validating every item of a page it built
itself, then serializing it) and the hand-over of a plain function to a worker thread took about as
long as the page's SQL. So the route keeps its declaration (``rasd.api.read.list_events``: the OpenAPI
schema, and the reference answer the tests compare with), and ``EventListRoute`` answers it:

- the route's own guards first (the read token, one value per parameter), as FastAPI would;
- all query parameters validated by two pydantic models made from the route's own parameter
  declarations (the filters, then ``limit``, ``offset``, ``sort``), in one call each: the same values
  accepted, the same 422 bodies (``RequestValidationError``, or the filters' own 422 first);
- the page read by ``rasd.store.listing.EventLists`` (SQL text; counts, matches and encoded rows
  remembered per store version);
- each item encoded once (orjson when installed, else the standard json module, both FastAPI's
  compact UTF-8 form: the bytes are the response model's, ``tests/test_listing.py``), the page joined
  from them into a plain ``Response``.

A SQLite page is read on the event loop's thread: its reads are CPU work in this process (a hand-over
to a worker thread only adds a switch and a contended GIL); a PostgreSQL page waits on a socket and
goes to a worker thread like any plain endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError, create_model
from starlette.requests import Request
from starlette.responses import Response

from rasd.api import schemas
from rasd.api.deps import event_filters, reader, single_values
from rasd.store.listing import EventLists, Unsupported

try:  # a faster JSON writer when installed (pinned in requirements.lock); the standard one otherwise
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None

ITEM_FIELDS = tuple(schemas.EventSummary.model_fields)  # an item's keys, in the documented order
GUARDS = (reader, single_values)  # the read router's dependencies, run first as FastAPI would


def dumps(body: Any) -> bytes:
    """JSON as FastAPI writes it (UTF-8, compact)."""
    if orjson is not None:
        return orjson.dumps(body)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _model(name: str, fields: list) -> type[BaseModel]:
    """A pydantic model of query parameters, from FastAPI's own declarations of them."""
    return create_model(name, **{f.alias: (f.field_info.annotation, f.field_info) for f in fields})


def _errors(model: type[BaseModel], raw: dict[str, str]) -> tuple[BaseModel | None, list[dict[str, Any]]]:
    """(the validated parameters, or None; the errors as FastAPI words them, ``loc`` under "query")."""
    try:
        return model.model_validate(raw), []
    except ValidationError as error:
        out = []
        for item in error.errors(include_url=False):
            item["loc"] = ("query", *item["loc"])
            out.append(item)
        return None, out


class EventListRoute(APIRoute):
    """The route of ``GET /api/events``: declared, documented and guarded like the others, answered by
    ``answer``. It refuses to be built over dependencies it does not know how to run."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        calls = [dependency.call for dependency in self.dependant.dependencies]
        if calls != [*GUARDS, event_filters]:
            raise RuntimeError(f"EventListRoute cannot answer for dependencies {calls}")
        self.filter_model = _model("EventFilterParameters", self.dependant.dependencies[-1].query_params)
        self.page_model = _model("EventPageParameters", self.dependant.query_params)
        self.filter_names = tuple(self.filter_model.model_fields)
        self.page_names = tuple(self.page_model.model_fields)

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        return self.answer

    async def answer(self, request: Request) -> Response:
        for guard in GUARDS:
            await guard(request)
        query = request.query_params
        given, errors = _errors(self.filter_model, {k: query[k] for k in self.filter_names if k in query})
        filters = None
        if given is not None:
            filters = await event_filters(
                request, **{name: getattr(given, name) for name in self.filter_names}
            )
        page, page_errors = _errors(self.page_model, {k: query[k] for k in self.page_names if k in query})
        if errors or page_errors:
            raise RequestValidationError([*errors, *page_errors])
        assert page is not None and filters is not None
        lists: EventLists = request.app.state.event_lists
        args = (lists, filters, page.sort, page.limit, page.offset)
        if lists.dialect == "sqlite":
            body = read_page(*args)
        else:
            body = await run_in_threadpool(read_page, *args)
        return Response(body, media_type="application/json")


def read_page(lists: EventLists, filters: Any, sort: str, limit: int, offset: int) -> bytes:
    """The ``EventPage`` body, as JSON: from ``EventLists`` (its items encoded once per store version),
    or the general way for a filter it does not know."""
    with lists.engine.connect() as connection:
        try:
            total, ids, version = lists.page_ids(connection, filters, sort, limit, offset)
            items = lists.encoded_rows(connection, ITEM_FIELDS, ids, dumps, version)
        except Unsupported:
            from rasd.store.query import event_page

            columns = tuple(name for name in ITEM_FIELDS if name not in ("reports", "corrected"))
            total, rows = event_page(connection, filters, columns, sort, limit, offset)
            body = {"total": total, "limit": limit, "offset": offset, "items": [_item(r) for r in rows]}
            return dumps(body)
    head = dumps({"total": total, "limit": limit, "offset": offset})
    return head[:-1] + b',"items":[' + b",".join(items) + b"]}"


def _item(row: dict[str, Any]) -> dict[str, Any]:
    """A row of ``rasd.store.query.event_page`` as an ``EventSummary`` item."""
    day = row["event_date"]
    row = {**row, "event_date": day.isoformat() if day else None, "corrected": bool(row["corrected"])}
    return {name: row[name] for name in ITEM_FIELDS}
