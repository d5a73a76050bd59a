"""Rules API: the market-access check."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Router, Schema, Status
from pydantic import Field

from rules.access import AccessQuery, check

router = Router(tags=["rules"])


class AccessCheckIn(Schema):
    activity: str = Field(
        "", max_length=200, description="the activity in Chinese or English, e.g. 互联网数据中心 or online data processing"
    )
    industry_code: str | None = Field(None, pattern=r"^\d{4}$", description="GB/T 4754-2017 class code")
    zone: Literal["cn", "bj", "bj-ftz"]
    foreign_share: float = Field(ge=0, le=100)
    investor_region: Literal["foreign", "hk", "macao", "taiwan"] = "foreign"
    date: datetime.date | None = None


class CitationOut(Schema):
    rule_set: str
    item: str
    text: str
    verified: bool
    document: str
    en: str


class CandidateOut(Schema):
    rule_set: str
    item: str
    score: float
    matched: list[str]


class AccessCheckOut(Schema):
    verdict: Literal["allowed", "restricted", "not_allowed"]
    max_foreign_share: float | None
    conditions: list[str]
    citations: list[CitationOut]
    candidates: list[CandidateOut]
    what_if: list[str]
    overridden: list[CitationOut]
    notes: list[str]
    date: str
    zone: str
    foreign_share: float


class ErrorOut(Schema):
    detail: str


@router.post(
    "/access/check", response={200: AccessCheckOut, 400: ErrorOut}, summary="May a foreign investor do this, here, at this share?"
)
def access_check(request, body: AccessCheckIn):
    try:
        query = AccessQuery(
            body.activity,
            body.zone,
            body.foreign_share,
            body.investor_region,
            body.date or datetime.date.today(),
            body.industry_code,
        )
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return check(query).as_json()
