"""Target-group screening for a safety plan (målgruppevurdering, domain.md §2.3)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.errors import DomainError

from .. import rules
from ..models import Criterion, TargetCriterion, TargetGroupAssessment
from .common import not_in_future, text


def reasoning_for(result: rules.TargetGroupResult) -> str:
    """The stored, human-readable reasoning behind a target-group result (Danish)."""
    lines = []
    if result.criteria_met:
        labels = "; ".join(str(Criterion(c).label) for c in result.criteria_met)
        lines.append(_("Opfyldte kriterier: %(criteria)s.") % {"criteria": labels})
    else:
        lines.append(_("Ingen af de fire kriterier er opfyldt."))
    if result.abuse_from_neglect:
        lines.append(
            _(
                "Vold eller seksuelle overgreb er afkrydset som forhold om omsorgssvigt; det er også et kriterium i "
                "sig selv og bringer barnet i målgruppen."
            )
        )
    if result.target_criteria_met:
        labels = "; ".join(str(TargetCriterion(c).label) for c in result.target_criteria_met)
        lines.append(
            _("Målgruppekriterier (%(count)s af 4): %(criteria)s.")
            % {"count": len(result.target_criteria_met), "criteria": labels}
        )
    else:
        lines.append(_("Ingen af de 4 målgruppekriterier er afkrydset."))
    n = result.neglect_count
    if result.gross_neglect:
        lines.append(
            _("Grov og gentagen omsorgssvigt: %(count)s af de 6 forhold forekommer gentagne gange (mindst 2 kræves).")
            % {"count": n}
        )
    elif n == 0:
        lines.append(_("Der er ikke afkrydset forhold om omsorgssvigt."))
    elif not result.neglect_repeated:
        lines.append(
            ngettext(
                "%(count)s forhold om omsorgssvigt er afkrydset, men det forekommer ikke gentagne gange; "
                "det er ikke grov og gentagen omsorgssvigt.",
                "%(count)s forhold om omsorgssvigt er afkrydset, men de forekommer ikke gentagne gange; "
                "det er ikke grov og gentagen omsorgssvigt.",
                n,
            )
            % {"count": n}
        )
    else:
        lines.append(
            _(
                "Kun 1 af de 6 forhold om omsorgssvigt forekommer gentagne gange; grov og gentagen omsorgssvigt "
                "kræver mindst 2."
            )
        )
    if result.eligible:
        lines.append(_("Konklusion: Barnet er i målgruppen for en sikkerhedsplan."))
    else:
        lines.append(_("Konklusion: Barnet er ikke i målgruppen for en sikkerhedsplan."))
    return "\n".join(lines)


@transaction.atomic
def target_group_assessment_create(
    *,
    by: User,
    child: Child,
    assessed_on: date,
    criteria: Collection[str],
    neglect_conditions: Collection[str],
    neglect_repeated: bool,
    target_criteria: Collection[str] = (),
    note: str = "",
) -> TargetGroupAssessment:
    """Record a screening; the result and its reasoning are computed by rules.target_group and stored."""
    for field, given, known in (
        ("criteria", criteria, rules.CRITERIA),
        ("neglect_conditions", neglect_conditions, rules.NEGLECT_CONDITIONS),
        ("target_criteria", target_criteria, rules.TARGET_CRITERIA),
    ):
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise DomainError(
                _("Ukendt kode: %(codes)s.") % {"codes": ", ".join(unknown)}, field=field, code="unknown_code"
            )
    not_in_future(assessed_on, field="assessed_on")
    result = rules.target_group(
        criteria, neglect_conditions, neglect_repeated=neglect_repeated, target_criteria=target_criteria
    )
    assessment = TargetGroupAssessment.objects.create(
        child=child,
        assessed_on=assessed_on,
        criteria=[c for c in rules.CRITERIA if c in set(criteria)],
        neglect_conditions=[c for c in rules.NEGLECT_CONDITIONS if c in set(neglect_conditions)],
        neglect_repeated=neglect_repeated,
        target_criteria=list(result.target_criteria_met),
        gross_neglect=result.gross_neglect,
        eligible=result.eligible,
        reasoning=reasoning_for(result),
        note=text(note, field="note", max_length=5000),
        created_by=by,
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=assessment,
        child_id=child.pk,
        new={
            "criteria": assessment.criteria,
            "neglect_conditions": assessment.neglect_conditions,
            "neglect_repeated": neglect_repeated,
            "target_criteria": assessment.target_criteria,
            "gross_neglect": result.gross_neglect,
            "eligible": result.eligible,
        },
    )
    return assessment
