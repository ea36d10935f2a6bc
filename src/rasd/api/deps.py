"""What the endpoints share: the store's engine, tokens, and the event filters as query parameters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from rasd.store.db import session_scope
from rasd.store.query import Filters
from rasd.store.tokens import token_name

bearer = HTTPBearer(
    auto_error=False,
    description="a token made with `rasd token create NAME`",
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_FILTER = 200  # characters of a text filter


def engine(request: Request) -> Engine:
    return request.app.state.engine


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def _check_token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None:
        raise _unauthorized("a token is needed: Authorization: Bearer <token> (rasd token create NAME)")
    with session_scope(engine(request)) as session:
        name = token_name(session, credentials.credentials)
    if name is None:
        raise _unauthorized("unknown token")
    return name


def writer(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> str:
    """The name of the caller's token; 401 without a valid one."""
    return _check_token(request, credentials)


def reader(request: Request) -> str | None:
    """Anyone, unless the server requires a token for reading too (``--read-token-required``). The header
    is read by hand: the OpenAPI schema marks only the write endpoints as needing a token."""
    if not request.app.state.settings.read_token_required:
        return None
    return token_holder(request)


def token_holder(request: Request) -> str:
    """The name of the token in the request's header (read by hand, see ``reader``); 401 without one."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    credentials = None
    if scheme.lower() == "bearer" and value.strip():
        credentials = HTTPAuthorizationCredentials(scheme=scheme, credentials=value.strip())
    return _check_token(request, credentials)


def invalid(where: str, name: str, message: str) -> HTTPException:
    """A 422 in FastAPI's own form (``detail``: a list of ``{loc, msg, type}``), so that every 422 of the
    API reads alike, whether the type check or a rule of rasd's found the problem."""
    return HTTPException(422, detail=[{"loc": [where, name], "msg": message, "type": "value_error"}])


def clean(name: str, value: str | None) -> str | None:
    """A text filter, stripped; 422 for control characters (NUL breaks PostgreSQL)."""
    if value is None:
        return None
    if _CONTROL.search(value):
        raise invalid("query", name, "control characters are not allowed")
    value = value.strip()
    return value or None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or not value.strip():
        return None
    parts = value.split(",")
    problem = "bbox is minlon,minlat,maxlon,maxlat (four numbers, degrees)"
    if len(parts) != 4:
        raise invalid("query", "bbox", problem)
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise invalid("query", "bbox", problem) from None
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        ranges = "-180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90"
        raise invalid("query", "bbox", f"{problem}, with {ranges}")
    return min_lon, min_lat, max_lon, max_lat


def single_values(request: Request) -> None:
    """422 for a query parameter given twice (``?country=Syria&country=Iraq``): one value each, not the
    last one silently."""
    for name in request.query_params:
        if len(request.query_params.getlist(name)) > 1:
            raise invalid("query", name, "give this parameter once")


def parse_day(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise invalid("query", name, f"not a date (YYYY-MM-DD): {value!r}") from None


DATE = {"format": "date"}
TextFilter = Annotated[str | None, Query(max_length=MAX_FILTER)]
# A calendar day as the schema can say it: a year from 0001, a month 01-12, a day 01-31 (format "date"
# adds the rest, e.g. no 30 February, which the handler refuses with 422 too).
DAY = r"^(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def event_filters(
    country: Annotated[str | None, Query(max_length=MAX_FILTER, description="name or ISO alpha-3")] = None,
    admin1: TextFilter = None,
    event_type: TextFilter = None,
    sub_event_type: TextFilter = None,
    actor: Annotated[str | None, Query(max_length=MAX_FILTER, description="part of any actor's name")] = None,
    since: Annotated[
        str | None, Query(pattern=DAY, description="first event date, YYYY-MM-DD", json_schema_extra=DATE)
    ] = None,
    until: Annotated[
        str | None, Query(pattern=DAY, description="last event date, YYYY-MM-DD", json_schema_extra=DATE)
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=MAX_FILTER, description="text in the notes, location, actors or evidence"),
    ] = None,
    bbox: Annotated[
        str | None, Query(max_length=MAX_FILTER, description="minlon,minlat,maxlon,maxlat")
    ] = None,
    changed_since: Annotated[
        int | None, Query(ge=0, le=10**12, description="Unix time: events changed at or after it")
    ] = None,
    include_rejected: Annotated[bool, Query(description="also events analysts rejected")] = False,
    min_confidence: Annotated[
        float | None, Query(ge=0, le=1, description="only events whose confidence is at least this")
    ] = None,
) -> Filters:
    """The event filters every list, count and export takes."""
    first, last = parse_day("since", since), parse_day("until", until)
    if first and last and first > last:
        raise invalid("query", "since", f"since ({first}) is after until ({last})")
    return Filters(
        country=clean("country", country),
        event_type=clean("event_type", event_type),
        since=first,
        until=last,
        admin1=clean("admin1", admin1),
        actor=clean("actor", actor),
        changed_since=changed_since,
        sub_event_type=clean("sub_event_type", sub_event_type),
        text=clean("q", q),
        bbox=parse_bbox(bbox),
        include_rejected=include_rejected,
        min_confidence=min_confidence,
    )
