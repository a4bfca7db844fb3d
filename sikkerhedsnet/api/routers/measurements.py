"""API: a child's measurements (målinger) in the reports room: FIT scores (ORS/SRS) and the involvement
questionnaire. The same services and access rule as the page: the child through `child_for_api` (need to know,
404 otherwise), every read logged on the child."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.api.params import IsoDate
from sikkerhedsnet.api.routers.safety_common import BodyIn, PathId
from sikkerhedsnet.children.access import child_for_api
from sikkerhedsnet.core import validation
from sikkerhedsnet.reports.measurements import selectors, services
from sikkerhedsnet.reports.measurements.models import FitScore, InvolvementResponse

router = Router(tags=["reports"])

FitRespondent = Literal["child", "mother", "father", "other_caregiver"]
InvolvementRespondent = Literal["child", "youth", "parent"]
SCORE_DESCRIPTION = "0–40, at most one decimal (otherwise 422 invalid_score)"


class FitScoreIn(BodyIn):
    session_on: IsoDate = Field(..., description="The session's date; not in the future")
    respondent: FitRespondent
    ors: Decimal | None = Field(None, ge=0, le=40, description=SCORE_DESCRIPTION)
    srs: Decimal | None = Field(None, ge=0, le=40, description=SCORE_DESCRIPTION)


class FitScoreOut(Schema):
    id: int
    child_id: int
    session_on: date
    respondent: str
    ors: float | None
    srs: float | None
    recorded_at: datetime


class InvolvementIn(BodyIn):
    answered_on: IsoDate = Field(..., description="Not in the future")
    respondent: InvolvementRespondent
    involved: StrictInt = Field(..., ge=1, le=5, description="Jeg er blevet inddraget, 1 (helt uenig) – 5 (helt enig)")
    heard: StrictInt = Field(..., ge=1, le=5, description="Jeg er blevet hørt, 1–5")
    effect: StrictInt = Field(..., ge=1, le=5, description="Indsatsen har hjulpet, 1–5")


class InvolvementOut(Schema):
    id: int
    child_id: int
    answered_on: date
    respondent: str
    involved: int
    heard: int
    effect: int
    recorded_at: datetime


def _score(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def fit_score_out(score: FitScore) -> dict[str, Any]:
    return {
        "id": score.pk,
        "child_id": score.child_id,
        "session_on": score.session_on,
        "respondent": score.respondent,
        "ors": _score(score.ors),
        "srs": _score(score.srs),
        "recorded_at": timezone.localtime(score.recorded_at),
    }


def involvement_out(response: InvolvementResponse) -> dict[str, Any]:
    return {
        "id": response.pk,
        "child_id": response.child_id,
        "answered_on": response.answered_on,
        "respondent": response.respondent,
        "involved": response.involved,
        "heard": response.heard,
        "effect": response.effect,
        "recorded_at": timezone.localtime(response.recorded_at),
    }


@router.get("/children/{child_id}/fit-scores", response={200: list[FitScoreOut], 403: Error, 404: Error, 422: Error})
def list_fit_scores(request: AuthenticatedHttpRequest, child_id: int = PathId) -> list[dict[str, Any]]:
    """The child's FIT scores, oldest session first (the read is logged on the child)."""
    child = child_for_api(request, child_id, purpose="measurements")
    return [fit_score_out(s) for s in selectors.fit_scores(child)]


@router.post(
    "/children/{child_id}/fit-scores", response={201: FitScoreOut, 403: Error, 404: Error, 409: Error, 422: Error}
)
def create_fit_score(request: AuthenticatedHttpRequest, payload: FitScoreIn, child_id: int = PathId) -> Status:
    """Record one respondent's ORS and/or SRS from a session; at least one of them (422 score_required)."""
    child = child_for_api(request, child_id, purpose="fit")
    validation.plausible_date(payload.session_on, field="session_on")
    score = services.fit_score_record(
        by=request.user,
        child=child,
        session_on=payload.session_on,
        respondent=payload.respondent,
        ors=payload.ors,
        srs=payload.srs,
    )
    return Status(201, fit_score_out(score))


@router.get(
    "/children/{child_id}/involvement-responses",
    response={200: list[InvolvementOut], 403: Error, 404: Error, 422: Error},
)
def list_involvement_responses(request: AuthenticatedHttpRequest, child_id: int = PathId) -> list[dict[str, Any]]:
    """The child's answers to the involvement questionnaire, oldest first (the read is logged on the child)."""
    child = child_for_api(request, child_id, purpose="measurements")
    return [involvement_out(r) for r in selectors.involvement_responses(child)]


@router.post(
    "/children/{child_id}/involvement-responses",
    response={201: InvolvementOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def create_involvement_response(
    request: AuthenticatedHttpRequest, payload: InvolvementIn, child_id: int = PathId
) -> Status:
    """Record an answer to the questionnaire (every three months): three statements, each 1–5."""
    child = child_for_api(request, child_id, purpose="questionnaire")
    validation.plausible_date(payload.answered_on, field="answered_on")
    response = services.involvement_response_record(
        by=request.user,
        child=child,
        answered_on=payload.answered_on,
        respondent=payload.respondent,
        involved=payload.involved,
        heard=payload.heard,
        effect=payload.effect,
    )
    return Status(201, involvement_out(response))
