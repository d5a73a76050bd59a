"""Rules API: the market-access check."""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import translation
from ninja import Router, Schema, Status
from pydantic import Field

from interface.api_schemas import ErrorOut
from rules.access import AccessQuery, check
from rules.matcher import NEEDS, SECTORS, ProfileError, match

router = Router(tags=["rules"])


class AccessCheckIn(Schema):
    activity: str = Field(
        "", max_length=200, description="the activity in Chinese or English, e.g. 互联网数据中心 or online data processing"
    )
    activity_id: str | None = Field(None, max_length=80, description="a catalogue activity (one of `alternatives`), chosen")
    industry_code: str | None = Field(None, pattern=r"^\d{4}$", description="GB/T 4754-2017 class code")
    zone: Literal["cn", "bj", "bj-ftz"]
    foreign_share: float = Field(ge=0, le=100)
    largest_investor_share: float | None = Field(
        None,
        ge=0,
        le=100,
        description="the largest single foreign investor's share with its affiliates (default: the whole foreign share)",
    )
    legal_rep_chinese: bool | None = Field(
        None, description="whether the legal representative is a Chinese national (unknown if absent)"
    )
    investor_region: Literal["foreign", "hk", "macao", "taiwan"] = "foreign"
    date: datetime.date | None = None


class ActivityOut(Schema):
    id: str
    name: str
    zh: str
    en: str


class CandidateOut(ActivityOut):
    score: float
    matched: str


class AlternativeOut(ActivityOut):
    verdict: Literal["allowed", "restricted", "not_allowed"]
    verdict_text: str
    max_foreign_share: float | None


class ConditionOut(Schema):
    code: str
    text: str


class CitationOut(Schema):
    rule_set: str
    item: str
    document: str
    text: str
    quote: str | None = None
    en: str
    verified: bool
    evidence: str
    evidence_text: str
    role: Literal["applies", "excepted", "lifted", "opening"]
    role_text: str
    constraints: list[str] = []


class AccessCheckOut(Schema):
    verdict: Literal["allowed", "restricted", "not_allowed"]
    verdict_text: str
    max_foreign_share: float | None
    max_foreign_share_exclusive: bool
    activity: ActivityOut | None
    conditions: list[ConditionOut]
    reasons: list[str]
    citations: list[CitationOut]
    candidates: list[CandidateOut]
    alternatives: list[AlternativeOut]
    must_choose: bool
    needs: list[Literal["largest_investor_share", "legal_rep_chinese"]]
    what_if: list[str]
    overridden: list[CitationOut]
    notes: list[str]
    date: str
    zone: str
    foreign_share: float
    largest_investor_share: float


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
            largest_investor_share=body.largest_investor_share,
            legal_rep_chinese=body.legal_rep_chinese,
            activity_id=body.activity_id,
        )
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return check(query).as_json(translation.get_language() or "en")


class ProfileIn(Schema):
    industry: str | None = Field(None, max_length=200)
    zone: Literal["cn", "bj", "bj-ftz"] | None = None
    park: str | None = Field(None, max_length=100)
    foreign_share: float | None = Field(None, ge=0, le=100)
    regional_hq: bool | None = None
    rd_centre: bool | None = None
    investment_company: bool | None = None
    project_amount_usd: float | None = Field(None, ge=0)
    encouraged_catalogue: bool | None = None
    needs: list[Literal[NEEDS]] | None = None  # type: ignore[valid-type]
    sectors: list[Literal[SECTORS]] | None = None  # type: ignore[valid-type]
    date: datetime.date | None = None


@router.post(
    "/match",
    response={200: dict, 400: ErrorOut},
    summary="Measures that apply to an enterprise profile, near misses and unknowns that matter",
)
def match_profile(request, body: ProfileIn):
    profile = body.dict(exclude_none=True)
    day = profile.pop("date", None)
    try:
        return match(profile, day).as_json(translation.get_language() or "en")
    except ProfileError as exc:
        return Status(400, {"detail": str(exc)})
