"""Writes on follow-ups: holding a follow-up, the municipality's policy and caseload target. Atomic, audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Municipality, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import Conflict, DomainError, StaleEdit
from sikkerhedsnet.core.text import clean_text
from sikkerhedsnet.measures import selectors as measure_selectors
from sikkerhedsnet.measures import services as measure_services
from sikkerhedsnet.measures.models import Goal, Measure

from . import selectors
from .models import FollowUp, GoalReview, PolicyAdoption
from .policies import POLICIES, get_policy

MAX_CASELOAD = 200


@dataclass
class HeldFollowUp:
    """What was recorded at a follow-up meeting, before it is validated."""

    due_on: date
    held_on: date
    method: str
    decision: str
    participants: list[str] = field(default_factory=list)
    participants_other: str = ""
    child_heard: bool = False
    child_not_heard_reason: str = ""
    parents_heard: bool = False
    summary: str = ""
    decision_reason: str = ""
    new_step: int | None = None
    end_on: date | None = None
    goal_reviews: list[tuple[int, int, str]] = field(default_factory=list)  # (goal id, attainment, note)
    next_every_months: int | None = None
    cadence_reason: str = ""


def _validate(h: HeldFollowUp, *, measure: Measure, today: date, first_under_legal: bool) -> None:
    validation.not_in_future(
        h.held_on,
        today=today,
        field="held_on",
        messages={validation.DATE_IN_FUTURE: _("En opfølgning kan ikke registreres i fremtiden.")},
    )
    if h.held_on < measure.start_on:
        raise DomainError(_("Opfølgningen ligger før indsatsen begyndte."), field="held_on", code="before_start")
    if h.method not in FollowUp.Method.values:
        raise DomainError(_("Vælg mødeform."), field="method", code="invalid_method")
    if any(p not in FollowUp.Participant.values for p in h.participants):
        raise DomainError(_("Ukendt deltager."), field="participants", code="invalid_participant")
    h.participants_other = validation.text(h.participants_other, field="participants_other", max_length=300)
    if not h.participants and not h.participants_other:
        raise DomainError(_("Angiv hvem der deltog."), field="participants", code="participants_required")
    h.child_not_heard_reason = validation.text(
        h.child_not_heard_reason, field="child_not_heard_reason", max_length=2000
    )
    if not h.child_heard and not h.child_not_heard_reason:
        # Barnets lov § 5: the child's views are gathered before decisions; departures must be explained.
        raise DomainError(
            _("Barnet skal høres. Er det ikke sket, så skriv hvorfor."),
            field="child_not_heard_reason",
            code="child_not_heard_reason_required",
        )
    h.summary = validation.text(h.summary, field="summary", max_length=8000)
    h.decision_reason = validation.text(h.decision_reason, field="decision_reason", max_length=4000)
    if h.decision not in FollowUp.Decision.values:
        raise DomainError(_("Vælg en beslutning."), field="decision", code="invalid_decision")
    current = measure_selectors.latest_move(measure.child_id)
    current_step = current.to_step if current else measure.step
    if h.decision in (FollowUp.Decision.STEP_UP, FollowUp.Decision.STEP_DOWN):
        if h.new_step is None or h.new_step not in (1, 2, 3, 4, 5):
            raise DomainError(_("Vælg det nye trin på indsatstrappen."), field="new_step", code="new_step_required")
        if current_step is not None:
            if h.decision == FollowUp.Decision.STEP_UP and h.new_step <= current_step:
                raise DomainError(
                    _("Det nye trin skal ligge over det nuværende (trin %(step)s).") % {"step": current_step},
                    field="new_step",
                    code="not_a_step_up",
                )
            if h.decision == FollowUp.Decision.STEP_DOWN and h.new_step >= current_step:
                raise DomainError(
                    _("Det nye trin skal ligge under det nuværende (trin %(step)s).") % {"step": current_step},
                    field="new_step",
                    code="not_a_step_down",
                )
        if h.decision == FollowUp.Decision.STEP_UP and not h.decision_reason:
            raise DomainError(
                _("Begrund hvorfor en mere indgribende indsats er nødvendig."),
                field="decision_reason",
                code="step_up_reason_required",
            )
    else:
        h.new_step = None
    if h.decision in (FollowUp.Decision.ADJUST, FollowUp.Decision.END) and not h.decision_reason:
        raise DomainError(_("Begrund beslutningen."), field="decision_reason", code="decision_reason_required")
    if h.decision == FollowUp.Decision.END:
        h.end_on = h.end_on or h.held_on
        validation.date_order(measure.start_on, h.end_on, field="end_on")
    else:
        h.end_on = None
    if first_under_legal:
        # Barnets lov § 95 stk. 3: at the first follow-up the cadence of the case is set, with reasons.
        if h.next_every_months is None or not 1 <= h.next_every_months <= 24:
            raise DomainError(
                _("Angiv hvor ofte der skal følges op (1–24 måneder)."),
                field="next_every_months",
                code="cadence_required",
            )
        h.cadence_reason = validation.text(h.cadence_reason, field="cadence_reason", max_length=2000, required=True)
    else:
        h.next_every_months, h.cadence_reason = None, ""
    open_goals = {g.pk: g for g in Goal.objects.filter(plan__child_id=measure.child_id, status=Goal.Status.OPEN)}
    seen = set()
    for goal_id, attainment, note in h.goal_reviews:
        if goal_id not in open_goals or goal_id in seen:
            raise DomainError(_("Målet findes ikke i barnets plan."), field="goal_reviews", code="unknown_goal")
        if attainment not in GoalReview.Attainment.values:
            raise DomainError(_("Ukendt målopfyldelse."), field="goal_reviews", code="invalid_attainment")
        validation.text(note, field="goal_reviews", max_length=500)
        seen.add(goal_id)


def is_first_under_legal(plan: selectors.MeasurePlan, due_on: date) -> bool:
    """Is this the measure's first follow-up, held under the `legal` policy (where it sets the cadence)?"""
    return (
        not plan.held
        and plan.measure.followup_every_months is None
        and get_policy(plan.policy_of(due_on) or "legal").caseworker_sets_cadence
    )


@transaction.atomic
def followup_hold(
    *, by: User, measure: Measure, held: HeldFollowUp, expected_measure_version: int, expected_policy_token: int
) -> FollowUp:
    """Record a held follow-up on a planned date, with goal attainment and a decision, and carry out the
    decision (step up/down, end). Refused if the measure or the municipality's policy changed meanwhile."""
    today = timezone.localdate()
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    municipality_id = selectors.municipality_id_of_measure(current)
    if selectors.policy_token(municipality_id) != expected_policy_token:
        raise StaleEdit(
            _(
                "Kommunens opfølgningspolitik er ændret, mens du redigerede, og de planlagte datoer er planlagt om. "
                "Opfølgningen er ikke gemt – åbn den igen."
            )
        )
    if current.version != expected_measure_version:
        raise StaleEdit(_("En anden har ændret indsatsen, mens du redigerede. Opfølgningen er ikke gemt."))
    plan = selectors.measure_plan(current, today=today)
    if held.due_on not in {slot.due_on for slot in plan.open_slots}:
        raise DomainError(
            _("Der er ingen åben opfølgning planlagt til denne dato."), field="due_on", code="not_an_open_follow_up"
        )
    first_under_legal = is_first_under_legal(plan, held.due_on)
    _validate(held, measure=current, today=today, first_under_legal=first_under_legal)
    try:
        with transaction.atomic():
            follow_up = FollowUp(
                measure=current,
                child_id=current.child_id,
                due_on=held.due_on,
                policy_code=plan.policy_of(held.due_on),
                held_on=held.held_on,
                method=held.method,
                participants=held.participants,
                participants_other=held.participants_other,
                child_heard=held.child_heard,
                child_not_heard_reason="" if held.child_heard else held.child_not_heard_reason,
                parents_heard=held.parents_heard,
                summary=held.summary,
                decision=held.decision,
                decision_reason=held.decision_reason,
                new_step=held.new_step,
                created_by=by,
            )
            follow_up._history_user = by  # type: ignore[attr-defined]
            follow_up.save()
    except IntegrityError as exc:  # someone held this date at the same moment
        raise Conflict(_("Opfølgningen er allerede registreret."), field="due_on", code="already_held") from exc
    reviews = [
        GoalReview(follow_up=follow_up, goal_id=goal_id, attainment=attainment, note=clean_text(note or ""))
        for goal_id, attainment, note in held.goal_reviews
    ]
    GoalReview.objects.bulk_create(reviews)
    achieved = [r.goal_id for r in reviews if r.attainment == GoalReview.Attainment.ACHIEVED]
    if achieved:
        Goal.objects.filter(pk__in=achieved).update(status=Goal.Status.ACHIEVED)
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=follow_up,
        child_id=current.child_id,
        new={"measure": current.pk, "due_on": held.due_on, "held_on": held.held_on, "decision": held.decision},
    )
    current.version += 1
    if first_under_legal:
        current.followup_every_months = held.next_every_months
        current.followup_cadence_reason = held.cadence_reason
    current._history_user = by  # type: ignore[attr-defined]
    current.save(update_fields=["version", "followup_every_months", "followup_cadence_reason"])
    if held.decision in (FollowUp.Decision.STEP_UP, FollowUp.Decision.STEP_DOWN):
        measure_services.staircase_move_record(
            by=by,
            child=current.child,
            moved_on=held.held_on,
            to_step=held.new_step,
            category="",
            reason=held.decision_reason or str(FollowUp.Decision(held.decision).label),
            measure=current,
        )
    elif held.decision == FollowUp.Decision.END and held.end_on is not None:
        measure_services.measure_end(by=by, measure=current, end_on=held.end_on, reason=held.decision_reason)
    return follow_up


MAX_ADOPTION_AHEAD_DAYS = 2 * 366


@transaction.atomic
def followup_policy_adopt(
    *,
    by: User,
    municipality: Municipality,
    policy_code: str,
    expected_token: int,
    effective_from: date | None = None,
) -> PolicyAdoption:
    """The municipality adopts a follow-up policy from `effective_from` (default today; never in the past, so
    history is not rewritten). Follow-ups planned from that day on are planned anew (placements already running
    count as `ongoing`); earlier and held ones stay as they were. The statutory limits stay: no measure's first
    follow-up moves past 3 months after its start (followup.rules). The measures whose dates moved are listed by
    `selectors.moved_by_adoption`."""
    if not selectors.can_edit_settings(by) or by.municipality_id != municipality.pk:
        raise PermissionDenied
    if policy_code not in POLICIES:
        raise DomainError(_("Ukendt opfølgningspolitik."), field="policy_code", code="unknown_policy")
    today = timezone.localdate()
    effective_from = effective_from or today
    if effective_from < today:
        raise DomainError(
            _("Et skift kan ikke gælde fra en dato, der er gået: det ville ændre planer bagud i tid."),
            field="effective_from",
            code="date_in_past",
        )
    if (effective_from - today).days > MAX_ADOPTION_AHEAD_DAYS:
        raise DomainError(_("Vælg en dato inden for to år."), field="effective_from", code="date_out_of_range")
    Municipality.objects.select_for_update().get(pk=municipality.pk)  # one adoption at a time
    if selectors.policy_token(municipality.pk) != expected_token:
        raise StaleEdit(_("En anden har ændret opfølgningspolitikken, mens du redigerede. Dit valg er ikke gemt."))
    old_code = selectors.policy_in_force(municipality.pk, on=effective_from)
    if old_code == policy_code:
        raise DomainError(_("Politikken er allerede valgt."), field="policy_code", code="unchanged")
    adoption = PolicyAdoption.objects.create(
        municipality=municipality, policy_code=policy_code, adopted_on=effective_from, adopted_by=by
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=adoption,
        old={"policy": old_code},
        new={"policy": policy_code, "adopted_on": adoption.adopted_on},
    )
    return adoption


@transaction.atomic
def caseload_target_update(
    *, by: User, municipality: Municipality, low: int, high: int, expected: tuple[int, int]
) -> Municipality:
    """Set the municipality's target range of open cases per caseworker (default 20–22)."""
    if not selectors.can_edit_settings(by) or by.municipality_id != municipality.pk:
        raise PermissionDenied
    current = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if (current.caseload_target_min, current.caseload_target_max) != tuple(expected):
        raise StaleEdit(_("En anden har ændret sagstalsmålet, mens du redigerede. Dine ændringer er ikke gemt."))
    if not 1 <= low <= MAX_CASELOAD:
        raise DomainError(_("Vælg et tal fra 1 til 200."), field="low", code="invalid_caseload")
    if not 1 <= high <= MAX_CASELOAD:
        raise DomainError(_("Vælg et tal fra 1 til 200."), field="high", code="invalid_caseload")
    if low > high:
        raise DomainError(_("Minimum må ikke være større end maksimum."), field="high", code="min_above_max")
    old = {"min": current.caseload_target_min, "max": current.caseload_target_max}
    current.caseload_target_min, current.caseload_target_max = low, high
    current.save(update_fields=["caseload_target_min", "caseload_target_max"])
    audit.record(by=by, type=AuditEvent.Type.CHANGED, target=current, old=old, new={"min": low, "max": high})
    return current
