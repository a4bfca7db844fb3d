"""Writes of measurements about a child: FIT scores and answers to the involvement questionnaire. The child
is access-checked by the caller. Each one atomic, validated and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.reports.checks import not_future

from .models import FitScore, InvolvementResponse


def _score(value: Decimal | None, field: str) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(value)
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(40):
        raise DomainError(_("Scoren skal være mellem 0 og 40."), field=field, code="invalid_score")
    if value != value.quantize(Decimal("0.1")):
        raise DomainError(_("Højst én decimal."), field=field, code="invalid_score")
    return value


@transaction.atomic
def fit_score_record(
    *, by: User, child: Child, session_on: date, respondent: str, ors: Decimal | None, srs: Decimal | None
) -> FitScore:
    """Record one respondent's ORS and/or SRS from a session (FIT, at every contact [KOL])."""
    not_future(session_on, "session_on")
    if respondent not in FitScore.Respondent.values:
        raise DomainError(_("Vælg hvem der svarede."), field="respondent", code="invalid_respondent")
    ors, srs = _score(ors, "ors"), _score(srs, "srs")
    if ors is None and srs is None:
        raise DomainError(_("Udfyld ORS, SRS eller begge."), field="ors", code="score_required")
    score = FitScore.objects.create(
        child=child, session_on=session_on, respondent=respondent, ors=ors, srs=srs, recorded_by=by
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=score,
        child_id=child.pk,
        new={"session_on": session_on, "respondent": respondent, "ors": ors, "srs": srs},
    )
    return score


@transaction.atomic
def involvement_response_record(
    *, by: User, child: Child, answered_on: date, respondent: str, involved: int, heard: int, effect: int
) -> InvolvementResponse:
    """Record an answer to Familierådgivningen's questionnaire (every 3 months [KOL])."""
    not_future(answered_on, "answered_on")
    if respondent not in InvolvementResponse.Respondent.values:
        raise DomainError(_("Vælg hvem der svarede."), field="respondent", code="invalid_respondent")
    for field, value in (("involved", involved), ("heard", heard), ("effect", effect)):
        if value not in (1, 2, 3, 4, 5):
            raise DomainError(_("Svar 1–5."), field=field, code="invalid_answer")
    response = InvolvementResponse.objects.create(
        child=child,
        answered_on=answered_on,
        respondent=respondent,
        involved=involved,
        heard=heard,
        effect=effect,
        recorded_by=by,
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=response,
        child_id=child.pk,
        new={"answered_on": answered_on, "respondent": respondent, "answers": [involved, heard, effect]},
    )
    return response
