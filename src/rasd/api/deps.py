"""What the endpoints share: the store's engine, tokens, and the event filters as query parameters."""

from __future__ import annotations

import difflib
import functools
import inspect
import re
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from rasd.geo.countries import country_table
from rasd.store.db import session_scope
from rasd.store.filters import (
    BY_NAME,
    FILTERS,
    Filter,
    FilterError,
    Filters,
    given,
    parse_filters,
    static_vocabulary,
    suggestion,
)
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


async def reader(request: Request) -> str | None:
    """Anyone, unless the server requires a token for reading too (``--read-token-required``). The header
    is read by hand: the OpenAPI schema marks only the write endpoints as needing a token. A coroutine,
    like the other dependencies of every read: FastAPI runs a plain function in a worker thread, and
    those hand-overs were a measurable part of a page's time; the token's look-up (a query) does go to
    a thread."""
    if not request.app.state.settings.read_token_required:
        return None
    return await run_in_threadpool(token_holder, request)


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


async def single_values(request: Request) -> None:
    """422 for a parameter given twice (``?limit=5&limit=6``): one value each, not the last one silently.
    Multi-value filters may repeat (``?country=Syria&country=Yemen`` = ``?country=Syria,Yemen``). 422 too
    for a parameter the endpoint does not take (``?page=2``, ``?countri=Syria``): it was ignored, and
    the answer (the first page, every country) looked like one to the question asked."""
    known = known_parameters(request.scope.get("route"))
    for name in request.query_params:
        if known is not None and name not in known:
            raise invalid("query", name, unknown_parameter(name, known))
        if name not in MULTI and len(request.query_params.getlist(name)) > 1:
            raise invalid("query", name, "give this parameter once")


def known_parameters(route: Any) -> frozenset[str] | None:
    """The query parameters a route declares, its dependencies' included (worked out once per route);
    None for what is not a FastAPI route."""
    if not isinstance(route, APIRoute):
        return None
    known = getattr(route, _KNOWN, None)
    if known is None:
        known = frozenset(_query_names(route.dependant))
        setattr(route, _KNOWN, known)
    return known


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names of a FastAPI dependant and of every dependency below it."""
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names


def unknown_parameter(name: str, known: frozenset[str]) -> str:
    """What to say of a parameter an endpoint does not take: the nearest one it does, and the list."""
    near = difflib.get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return f"unknown parameter {name!r}{hint} (this endpoint takes: {', '.join(sorted(known)) or 'none'})"


_KNOWN = "rasd_query_names"  # the attribute a route keeps its names in (a route is not hashable)


MULTI = frozenset(spec.api_name for spec in FILTERS if spec.multi)
# the schema is as strict as the parser (a calendar day); the parser itself says what is wrong
DATE = {"format": "date", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}


def _parameter(spec: Filter) -> inspect.Parameter:
    """One filter as a query parameter: a list for a multi-value filter (repeatable, or commas)."""
    description = f"{spec.help} (e.g. {spec.example})"
    if spec.multi:
        # a string in the schema, read with every repetition (``event_filters``): a query value is text,
        # and an array schema would call "true" an invalid array that the API rightly takes as ["true"]
        description += "; several values: comma-separated or repeated"
        annotation: Any = Annotated[str | None, Query(description=description, max_length=MAX_FILTER)]
    elif spec.kind == "date":  # the schema says it is a day; the filter's own parser says what is wrong
        day = Query(description=description, json_schema_extra=DATE)  # checked by parse: "not a date"
        annotation = Annotated[str | None, day]
    else:
        annotation = Annotated[str | None, Query(description=description, max_length=MAX_FILTER)]
    return inspect.Parameter(
        spec.api_name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


def _check_lengths(name: str, values: list[str] | None) -> None:
    for value in values or ():
        if len(value) > MAX_FILTER:
            raise invalid("query", name, f"at most {MAX_FILTER} characters")


async def event_filters(request: Request, **raw: Any) -> Filters:
    """The event filters every list, count and export takes, from ``FILTERS`` (one declaration for the
    CLI, the API and the dashboard); 422 for a value that cannot be right. (A coroutine: see ``reader``.)"""
    include_rejected = bool(raw.pop("include_rejected", False))
    values = {}
    for spec in FILTERS:
        value = raw.get(spec.api_name)
        if spec.multi:
            value = request.query_params.getlist(spec.api_name) or None  # every repetition
            _check_lengths(spec.api_name, value)
        values[spec.name] = value
    try:
        filters = parse_filters(values, include_rejected=include_rejected)
    except FilterError as error:
        raise invalid("query", BY_NAME[error.name].api_name, str(error)) from None
    _check_vocabulary(filters)
    return filters


def _check_vocabulary(filters: Filters) -> None:
    """422 with the closest value for a name outside ACLED's closed vocabularies (event type, sub-event
    type, disorder type, country or its ISO alpha-3, region), as the command line says it
    (``unknown type 'Battle' — did you mean Battles?``): a typo must not read as "no such events".
    Only what needs no query; names the store holds (provinces, places) stay open."""
    for name, values in given(filters).items():
        lowered = _lowered_vocabulary(name)
        if not lowered:
            continue
        for value in values:
            if value.lower() not in lowered:
                spec = BY_NAME[name]
                known = static_vocabulary(name)
                message = f"unknown {spec.cli_flag.lstrip('-')} {value!r}{suggestion(value, known)}"
                raise invalid("query", spec.api_name, message)


@functools.cache
def _lowered_vocabulary(name: str) -> frozenset[str]:
    """A closed vocabulary in lower case (a country also by its ISO alpha-3), made once per process: the
    check runs on every request."""
    lowered = {value.lower() for value in static_vocabulary(name)}
    if lowered and name == "country":
        lowered |= {country.iso3.lower() for country in country_table()}
    return frozenset(lowered)


event_filters.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        *(_parameter(spec) for spec in FILTERS),
        inspect.Parameter(
            "include_rejected",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, Query(description="also events analysts rejected")],
        ),
    ],
    return_annotation=Filters,
)
