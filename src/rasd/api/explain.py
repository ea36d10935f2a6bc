"""``POST /api/explain``: why each sentence of an article did or did not become a record (``rasd explain``).

The body is ``/api/extract``'s; the answer is ``rasd.explain``'s JSON, whose ``records`` are what
``/api/extract`` gives for the same body. Nothing is stored. The dashboard's event panel asks it for
the article of each report ("why this record"): explanations are computed when asked, not stored, so
they always describe the running rasd and cost nothing at ingest.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from rasd.api import schemas
from rasd.api.deps import invalid, reader
from rasd.io import MAX_TEXT_CHARS, RecordError, error_field, validate

router = APIRouter(prefix="/api")


class Passage(BaseModel):
    """A passage of the article (``text[start:end]``, or of the title when ``field`` is "title")."""

    model_config = ConfigDict(extra="allow")

    start: int
    end: int
    text: str
    field: Literal["text", "title"] = "text"


class SentenceOut(Passage):
    index: int = Field(description="the sentence's number in its field")


class CandidateOut(BaseModel):
    """A trigger or candidate event and what became of it; kept ones also carry ``record``,
    ``merged_into``, ``roles``, ``place``, ``date`` and ``fatalities``."""

    model_config = ConfigDict(extra="allow")

    id: str
    sentence: SentenceOut
    trigger: Passage
    event_type: str
    sub_event_type: str
    decision: Literal["kept", "dropped"]
    reason: str = Field(description="the rule's name (dropped), or the merge rule of a merged candidate")
    rule: str = Field(description="what the rule says")
    words: list[Passage] = Field(description="the words that fired the rule")


class MergeOut(BaseModel):
    into: str
    merged: str
    reason: str
    rule: str


class ConfidenceFactor(BaseModel):
    feature: str = Field(description="a feature of the confidence model (data/confidence.json)")
    log_odds: float = Field(description="its push on the record's log-odds from the average record's")


class RecordConfidence(BaseModel):
    confidence: float
    factors: list[ConfidenceFactor] = Field(description="the features that pushed it most, largest first")


class ExplainResponse(BaseModel):
    article_id: str
    country: str = Field(description="ISO2 of the country the article is mostly about ('' unknown)")
    sentences: list[dict[str, Any]] = Field(description="sentences with triggers, and their triggers")
    candidates: list[CandidateOut]
    merges: list[MergeOut]
    records: list[schemas.ExtractedEvent]
    confidence: list[RecordConfidence] = Field(
        default_factory=list, description="per record, in order: its confidence and why"
    )


@router.post(
    "/explain",
    response_model=ExplainResponse,
    tags=["extraction"],
    dependencies=[Depends(reader)],
    responses={400: {"description": "the body cannot be read"}, 413: {"description": "text too large"}},
)
def post_explain(body: schemas.ExtractRequest) -> dict[str, Any]:
    """Why each sentence did or did not become an event (``rasd explain``), with the records. 422 for an
    empty text, a text with no Arabic or a bad ``published``; 413 for a text over 1,000,000 characters."""
    from rasd.explanation import explain

    if len(body.text) > MAX_TEXT_CHARS:
        raise HTTPException(413, detail=f"text is too long (the limit is {MAX_TEXT_CHARS:,} characters)")
    record = {"id": body.id or "api", "text": body.text, "published": body.published}
    checked = validate(record | {"title": body.title, "outlet": body.outlet}, "request")
    if isinstance(checked, RecordError):
        raise invalid("body", error_field(checked), checked.message)
    try:
        return explain(checked.text, checked.published, checked.title, checked.outlet, checked.id)
    except ValueError as error:  # a `published` that is no date
        raise invalid("body", "published", str(error)) from None
