"""Endpoints that read an article now (``/api/extract``) or change the store (ingest, review)."""

from __future__ import annotations

import logging
import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from rasd.api import schemas
from rasd.api.deps import engine, invalid, reader, token_holder, writer
from rasd.api.read import event_detail, find_event
from rasd.io import MAX_TEXT_CHARS, Article, RecordError, error_field, validate
from rasd.store import review
from rasd.store.db import session_scope
from rasd.store.ingest import ingest_articles
from rasd.store.update import lock_writer

router = APIRouter(prefix="/api")
log = logging.getLogger("rasd.api")

UNAUTHORIZED = {401: {"description": "no token, or not a token of this store"}}
TOO_LARGE = {413: {"description": "body or text too large"}}
BUSY = {429: {"description": "as many extractions running as the server allows; try again"}}
BAD_BODY = {400: {"description": "the body cannot be read (not UTF-8)"}, **TOO_LARGE}
NOT_FOUND = {404: {"description": "no such event"}}


# ------------------------------------------------------------------------ extraction


@router.post(
    "/extract",
    response_model=schemas.ExtractResponse,
    tags=["extraction"],
    dependencies=[Depends(reader)],
    responses={**BAD_BODY, **BUSY, **UNAUTHORIZED},
)
def post_extract(request: Request, body: schemas.ExtractRequest) -> dict[str, Any]:
    """Events in one article, as ``rasd extract`` finds them, with their evidence. Nothing is stored.
    422 for an empty text, a text with no Arabic or a bad ``published``; 413 for a text over
    200,000 characters; 429 when the server is already extracting as many articles as it allows at
    once (``rasd serve --extract-concurrency``); 401 without a token when the server asks for one
    (``--extract-token-required``)."""
    settings = request.app.state.settings
    if settings.extract_token_required:
        token_holder(request)
    if len(body.text) > MAX_TEXT_CHARS:
        raise HTTPException(
            413, detail=f"text is too long ({len(body.text):,} characters; the limit is {MAX_TEXT_CHARS:,})"
        )
    if not settings.extract_slots.acquire(blocking=False):
        raise HTTPException(
            429, detail="busy extracting other articles; try again", headers={"Retry-After": "1"}
        )
    try:
        return _extract_now(body)
    finally:
        settings.extract_slots.release()


def _extract_now(body: schemas.ExtractRequest) -> dict[str, Any]:
    from rasd.pipeline import extract

    if len(body.text) > MAX_TEXT_CHARS:
        raise HTTPException(
            413, detail=f"text is too long ({len(body.text):,} characters; the limit is {MAX_TEXT_CHARS:,})"
        )
    record = {
        "id": body.id or "api",
        "text": body.text,
        "published": body.published,
        "title": body.title,
        "outlet": body.outlet,
    }
    checked = validate(record, "request")
    if isinstance(checked, RecordError):
        raise invalid("body", error_field(checked), checked.message)
    try:
        events = extract(
            checked.text,
            published=checked.published,
            title=checked.title,
            outlet=checked.outlet,
            article_id=checked.id,
        )
    except ValueError as error:  # a `published` that is no date
        raise invalid("body", "published", str(error)) from None
    return {"events": [event.to_dict() for event in events]}


@router.post(
    "/ingest",
    response_model=schemas.IngestResponse,
    tags=["extraction"],
    responses={**UNAUTHORIZED, **BAD_BODY, 422: {"description": "no article could be read"}},
)
def post_ingest(
    request: Request, body: schemas.IngestRequest, _author: Annotated[str, Depends(writer)]
) -> Any:
    """Store articles as ``rasd ingest`` does, through its loop (``ingest_articles``: extract, merge,
    keep), in this process: unchanged articles are skipped, changed ones re-extracted. Records that
    cannot be read or extracted are listed in ``errors`` (an id given twice, in ``notes``); the others
    are stored, ``ingest.BATCH`` (64) articles to a transaction. 422 when no record can be read. Needs a
    token."""
    problems: list[dict[str, Any]] = []
    index_of: dict[int, int] = {}  # id() of each checked record → its place in the request
    checked: list[Article | RecordError] = []
    for index, item in enumerate(body.articles):
        record = validate(item.model_dump(), f"articles[{index}]")
        index_of[id(record)] = index
        checked.append(record)
    if not any(isinstance(record, Article) for record in checked):
        detail = [
            {"loc": ["body", "articles", index], "msg": record.message, "type": "value_error"}
            for index, record in enumerate(checked)
            if isinstance(record, RecordError)
        ]
        errors = [{"index": i, "id": r.id, "message": r.message} for i, r in enumerate(checked)]
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    def on_error(record: Article | RecordError, message: str) -> None:
        text = record.message if isinstance(record, RecordError) else message
        problems.append({"index": index_of[id(record)], "id": record.id, "message": text})

    notes: list[str] = []
    result = ingest_articles(
        engine(request), checked, force=body.force, on_error=on_error, log=None, on_note=notes.append
    )
    tally = result.tally
    problems.sort(key=lambda problem: problem["index"])
    return {
        "read": result.read,
        "new": tally.new,
        "changed": tally.changed,
        "unchanged": tally.unchanged,
        "reports": tally.reports,
        "events_new": tally.events_new,
        "events_updated": tally.events_updated,
        "events_retired": tally.events_retired,
        "errors": problems,
        "notes": notes,
    }


# ------------------------------------------------------------------------ review


@router.patch(
    "/events/{event_id_cnty}",
    response_model=schemas.EventDetail,
    tags=["review"],
    responses={
        **UNAUTHORIZED,
        **NOT_FOUND,
        **BAD_BODY,
        422: {"description": "a change that is not a value of its field"},
    },
)
def patch_event(
    request: Request,
    event_id_cnty: str,
    body: schemas.CorrectionRequest,
    author: Annotated[str, Depends(writer)],
) -> Any:
    """Correct fields of an event. Each change is recorded (who: the token's name, when, before, after,
    why), stays through re-ingestion and shows in every export. A value equal to the current one records
    nothing. 422 names each field that is wrong (``loc``: body, changes, field)."""
    changes = body.changes.given()
    with session_scope(engine(request)) as session:
        lock_writer(session)
        event = find_event(session, event_id_cnty)
        if isinstance(event, JSONResponse):
            return event
        try:
            review.correct(session, event, changes, author, _reason(body.reason), int(time.time()))
        except review.CorrectionError as error:
            detail = [
                {"loc": ["body", "changes", field], "msg": message, "type": "value_error"}
                for field, message in error.problems.items()
            ]
            raise HTTPException(422, detail=detail) from None
        return event_detail(session, event)


def _set_status(request: Request, event_id_cnty: str, status: str, author: str, reason: str | None) -> Any:
    with session_scope(engine(request)) as session:
        lock_writer(session)
        event = find_event(session, event_id_cnty)
        if isinstance(event, JSONResponse):
            return event
        review.set_status(session, event, status, author, _reason(reason), int(time.time()))
        return event_detail(session, event)


def _reason(reason: str | None) -> str | None:
    return reason.strip() or None if reason else None


ReasonBody = Annotated[schemas.ReasonRequest | None, Body()]


@router.post(
    "/events/{event_id_cnty}/reject",
    response_model=schemas.EventDetail,
    tags=["review"],
    responses={**UNAUTHORIZED, **NOT_FOUND, **BAD_BODY},
)
def reject_event(
    request: Request, event_id_cnty: str, author: Annotated[str, Depends(writer)], body: ReasonBody = None
) -> Any:
    """Reject an event (not an event, or not one to publish): it leaves lists, counts and exports, and
    ``deleted-csv`` lists it. Recorded with who, when and why; rejecting twice changes nothing."""
    return _set_status(request, event_id_cnty, review.REJECTED, author, body.reason if body else None)


@router.post(
    "/events/{event_id_cnty}/restore",
    response_model=schemas.EventDetail,
    tags=["review"],
    responses={**UNAUTHORIZED, **NOT_FOUND, **BAD_BODY},
)
def restore_event(
    request: Request, event_id_cnty: str, author: Annotated[str, Depends(writer)], body: ReasonBody = None
) -> Any:
    """Undo a rejection; recorded like it."""
    return _set_status(request, event_id_cnty, review.ACTIVE, author, body.reason if body else None)
