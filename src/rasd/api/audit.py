"""``GET /api/audit``: ``rasd audit`` over the store's events, with the store's usual filters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from rasd.api.deps import engine, event_filters, reader, single_values
from rasd.audit import EXAMPLES, MAX_FAILING, Audit, store_items
from rasd.store.db import session_scope
from rasd.store.query import Filters

router = APIRouter(prefix="/api", dependencies=[Depends(reader), Depends(single_values)])


class CheckRow(BaseModel):
    """One check: how many records fail it, their share, and the first few ids (event_id_cnty)."""

    check: str
    description: str
    count: int | None
    share: float | None
    examples: list[str]


class AuditReport(BaseModel):
    """What ``rasd audit --format json`` prints."""

    records: int
    fatalities: int
    fatalities_by_month: dict[str, int]
    checks: list[CheckRow]
    any: CheckRow
    max_failing: float
    over_threshold: list[str]
    passed: bool


@router.get("/audit", response_model=AuditReport, tags=["events"])
def get_audit(
    request: Request,
    filters: Annotated[Filters, Depends(event_filters)],
    max_failing: Annotated[
        float, Query(ge=0, le=1, description="a check failing more than this share fails the audit")
    ] = MAX_FAILING,
    examples: Annotated[int, Query(ge=0, le=100, description="example ids per check")] = EXAMPLES,
) -> dict[str, Any]:
    """The record-level checks an analyst runs before publishing (see ``rasd audit``), over the events
    the filters select: per check, the count and share of failing events and example ids; the fatality
    sum, in all and by month; ``passed`` when no check's share exceeds ``max_failing``."""
    with session_scope(engine(request)) as session:
        return Audit(max_failing, examples).run(store_items(session, filters))
