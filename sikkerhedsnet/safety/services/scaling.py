"""Scaling (skalering): every participant's own score, 0–10, on a question that may be reworded each time."""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.errors import DomainError

from .. import rules
from ..models import DEFAULT_SCALING_QUESTION, ParticipantRole, Scaling, ScalingScore
from .common import not_in_future, text

MAX_SCORES = 30


@transaction.atomic
def scaling_record(
    *,
    by: User,
    child: Child,
    scored_on: date,
    scores: Sequence[MappingType[str, object]],
    question: str = "",
    note: str = "",
) -> Scaling:
    """Record one scaling: the question and each participant's score (an integer 0–10)."""
    not_in_future(scored_on, field="scored_on")
    question = text(question, field="question", max_length=1000) or str(DEFAULT_SCALING_QUESTION)
    if not scores:
        raise DomainError(_("Angiv mindst én deltagers score."), field="scores", code="required")
    if len(scores) > MAX_SCORES:
        raise DomainError(_("Højst %(max)s scorer.") % {"max": MAX_SCORES}, field="scores", code="too_many")
    rows, seen = [], set()
    for i, item in enumerate(scores):
        participant = text(item.get("participant"), field=f"scores.{i}.participant", max_length=120, required=True)
        role = item.get("role")
        if role not in ParticipantRole.values:
            raise DomainError(_("Ukendt rolle."), field=f"scores.{i}.role", code="unknown_role")
        score = item.get("score")
        if not rules.is_valid_score(score):
            raise DomainError(
                _("Scoren skal være et helt tal fra 0 til 10."), field=f"scores.{i}.score", code="invalid_score"
            )
        key = (participant.casefold(), role)
        if key in seen:
            raise DomainError(
                _("%(name)s har allerede en score i denne skalering.") % {"name": participant},
                field=f"scores.{i}.participant",
                code="duplicate_participant",
            )
        seen.add(key)
        rows.append((participant, role, score))
    scaling = Scaling.objects.create(
        child=child,
        question=question,
        scored_on=scored_on,
        note=text(note, field="note", max_length=5000),
        created_by=by,
    )
    ScalingScore.objects.bulk_create(
        [ScalingScore(scaling=scaling, participant=p, role=r, score=s) for p, r, s in rows]
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=scaling,
        child_id=child.pk,
        new={"scored_on": scored_on, "scores": [{"participant": p, "role": r, "score": s} for p, r, s in rows]},
    )
    return scaling
