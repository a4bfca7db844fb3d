"""Writes on notifications and child investigations. Each one atomic, validated and audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import CASE_ROLES, Municipality, Team, User
from sikkerhedsnet.accounts.settings_selectors import setting_on
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import services as children_services
from sikkerhedsnet.children.models import Case, Child, JournalEntry
from sikkerhedsnet.core import legal, validation, versioning
from sikkerhedsnet.core.errors import Conflict, DomainError, PreconditionMissing
from sikkerhedsnet.measures.selectors import child_has_active_measure

from . import rules
from .models import Investigation, Notification

SUMMARY_MAX = 20000
TEXT_MAX = 20000


class IncompleteInvestigation(DomainError):
    """Concluding refused: `missing` lists, in Danish and in form order, what is still to be filled in;
    `preconditions` the codes of the law's preconditions among them (e.g. the parents' view, BL § 22)."""

    code = "incomplete_investigation"

    def __init__(self, missing: list[str], preconditions: list[str] | None = None) -> None:
        super().__init__(
            _("Undersøgelsen kan ikke afsluttes endnu. Mangler: %(missing)s") % {"missing": "; ".join(missing)}
        )
        self.missing = missing
        self.preconditions = preconditions or []


def preconditions_refused(missing: list[legal.MissingPrecondition]) -> PreconditionMissing:
    """The error for a step whose legal preconditions are not met, listing each with its paragraph."""
    return PreconditionMissing(
        _("Kan ikke gemmes, fordi lovens forudsætninger ikke er opfyldt: %(missing)s")
        % {"missing": "; ".join(m.text for m in missing)},
        missing=[m.code for m in missing],
        field=missing[0].field or None,
    )


def intake_team_for(municipality: Municipality) -> Team | None:
    """The municipality's intake team (modtageteam), which queues notifications without a caseworker."""
    return Team.objects.filter(department__municipality=municipality, is_intake=True).order_by("pk").first()


def _text(value: str, *, field: str, required: bool = False, max_length: int = TEXT_MAX) -> str:
    return validation.text(value, field=field, max_length=max_length, required=required)


def _plausible(value: date, *, field: str) -> None:
    validation.plausible_date(value, field=field, earliest=rules.EARLIEST_PLAUSIBLE, latest=rules.LATEST_PLAUSIBLE)


def _aware(value: datetime, *, field: str) -> datetime:
    _plausible(value, field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise DomainError(_("Tidspunktet skal have en tidszone (fx +01:00)."), field=field, code="naive_datetime")
    return value


def _locked(model: type[Notification] | type[Investigation], obj: Any, expected_version: int | None) -> Any:
    return versioning.lock(model, obj.pk, expected_version=expected_version, stale_message=_stale_message())


def _stale_message() -> str:
    return _("En anden har gemt ændringer, mens du arbejdede. Dine ændringer er ikke gemt – genindlæs siden.")


def _changed(current: Any, *, by: User, expected_version: int | None, changes: dict[str, Any], **extra: Any) -> Any:
    """One versioned edit of a locked notification or investigation, audited as `changed`."""
    return versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        stale_message=_stale_message(),
        changes=changes,
        child_id=current.child_id,
        **extra,
    )


def _route(*, by: User, child: Child) -> tuple[Team, User | None]:
    """An open case with a caseworker → that caseworker; otherwise the intake team's queue.

    A closed case is reopened in the intake team: a new notification makes it a live case again.
    """
    case = Case.objects.select_for_update().select_related("team__department").get(child=child)
    if case.is_open:
        return case.team, case.caseworker
    intake = intake_team_for(case.team.department.municipality) or case.team
    children_services.case_route_to_queue(by=by, child=child, team=intake)
    return intake, None


@transaction.atomic
def notification_register(
    *,
    by: User,
    child: Child,
    received_at: datetime,
    reporter_type: str,
    summary: str,
    acute: bool = False,
    channel: str = "",
    categories: Iterable[str] = (),
    reporter_profession: str = "",
    reporter_organisation: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
    siblings: Iterable[Child] = (),
    now: datetime | None = None,
) -> Notification:
    """Register a notification about a child (and siblings in the same household) and route it.

    The caller has already checked that `by` may see the child and each sibling (the getters do), or found the
    child by its CPR for a notification `by` must register without seeing the child (intake.views, issue #20):
    it is then routed to the child's own team and nothing of the child is shown.
    """
    now = now or timezone.now()
    received_at = _aware(received_at, field="received_at")
    validation.moment_not_in_future(
        received_at,
        now=now,
        grace=rules.CLOCK_SKEW,
        field="received_at",
        messages={validation.DATE_IN_FUTURE: _("Modtagelsestidspunktet ligger i fremtiden.")},
    )
    if reporter_type not in Notification.ReporterType.values:
        raise DomainError(_("Ukendt type underretter."), field="reporter_type", code="unknown_reporter_type")
    if channel and channel not in Notification.Channel.values:
        raise DomainError(_("Ukendt kanal."), field="channel", code="unknown_channel")
    categories = list(dict.fromkeys(categories))
    unknown = [c for c in categories if c not in Notification.Category.values]
    if unknown:
        raise DomainError(
            _("Ukendt bekymringstype: %(codes)s") % {"codes": ", ".join(unknown)},
            field="categories",
            code="unknown_category",
        )
    summary = _text(summary, field="summary", required=True, max_length=SUMMARY_MAX)
    reporter = {
        "reporter_profession": _text(reporter_profession, field="reporter_profession", max_length=100),
        "reporter_organisation": _text(reporter_organisation, field="reporter_organisation", max_length=150),
        "reporter_name": _text(reporter_name, field="reporter_name", max_length=150),
        "reporter_contact": _text(reporter_contact, field="reporter_contact", max_length=200),
    }
    if reporter_type == Notification.ReporterType.ANONYMOUS:
        given = [name for name, value in reporter.items() if value]
        if given:
            raise DomainError(
                _("En anonym underretning må ikke have navn, fag, arbejdssted eller kontaktoplysninger."),
                field=given[0],
                code="anonymous_with_identity",
            )
    sibling_list = list({s.pk: s for s in siblings if s.pk != child.pk}.values())

    routed_team, assigned_to = _route(by=by, child=child)
    municipality = routed_team.department.municipality
    received_on = legal.local_day(received_at)
    notification = Notification.objects.create(
        child=child,
        received_at=received_at,
        reporter_type=reporter_type,
        channel=channel,
        summary=summary,
        categories=categories,
        acute=acute,
        # The municipality's choice as of the day of receipt (a later change does not move this deadline).
        receipt_saturday_counts=bool(setting_on(municipality.pk, "saturday_is_working_day", on=received_on)),
        reassessment_required=rules.requires_reassessment(
            child_has_active_measure=child_has_active_measure(child.pk, on=received_on)
        ),
        child_conversation_required=rules.requires_child_conversation(categories),
        routed_team=routed_team,
        assigned_to=assigned_to,
        registered_by=by,
        **reporter,
    )
    if sibling_list:
        notification.siblings.set(sibling_list)
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=notification,
        child_id=child.pk,
        new={
            "received_at": received_at,
            "reporter_type": reporter_type,
            "channel": channel,
            "categories": categories,
            "acute": acute,
            "siblings": [s.pk for s in sibling_list],
            "routed_team": routed_team.pk,
            "assigned_to": assigned_to.pk if assigned_to else None,
        },
    )
    return notification


@transaction.atomic
def notification_register_for_new_child(
    *, by: User, cpr: str, first_name: str, last_name: str, municipality: Municipality, **fields: Any
) -> Notification:
    """Create the child on the spot (its case in the intake team, no caseworker) and register the notification.

    One transaction: if the notification is refused, the child is not created either.
    """
    intake = intake_team_for(municipality) or by.team
    child = children_services.child_create(
        by=by, cpr=cpr, first_name=first_name, last_name=last_name, team=intake, caseworker=None
    )
    return notification_register(by=by, child=child, **fields)


@transaction.atomic
def notification_take(*, by: User, notification: Notification) -> Notification:
    """Take a queued notification: it and the child's case (when it has no caseworker) become `by`'s."""
    current = _locked(Notification, notification, None)
    case = Case.objects.select_for_update().get(child_id=current.child_id)
    if case.caseworker_id is not None and case.caseworker_id != by.pk:
        raise Conflict(_("Sagen har allerede en rådgiver."), code="case_has_caseworker")
    if by.team_id != case.team_id:
        raise DomainError(_("Du hører ikke til det team, der har sagen."), code="not_in_team")
    if case.caseworker_id is None:
        children_services.case_assign(by=by, child=current.child, team=case.team, caseworker=by)
    return _changed(current, by=by, expected_version=None, changes={"assigned_to": by})


def _is_new_to_case(user: User, notification: Notification) -> bool:
    """Someone who has not worked on the case before (BL § 137 stk. 1): not its caseworker, no journal
    entries, no earlier assessment of a notification about the child."""
    case = Case.objects.only("caseworker_id").get(child_id=notification.child_id)
    if user.pk in (case.caseworker_id, notification.assigned_to_id):
        return False
    if JournalEntry.objects.filter(child_id=notification.child_id, author=user).exists():
        return False
    earlier = Notification.objects.filter(child_id=notification.child_id).exclude(pk=notification.pk)
    return not earlier.filter(assessed_by=user).exists() and not earlier.filter(reassessment_participant=user).exists()


@transaction.atomic
def notification_assess(
    *,
    by: User,
    notification: Notification,
    expected_version: int | None,
    outcome: str,
    reasoning: str,
    assessed_at: datetime,
    reassessment_participant: User | None = None,
    abuse_exception: str = "",
    abuse_exception_reason: str = "",
    now: datetime | None = None,
) -> Notification:
    """Record the assessment (vurdering): outcome, reasoning, who decided and when (not before receipt).

    Outcome "investigation" starts the child investigation (awareness = the day of receipt) unless one is open.
    A notification about abuse assessed without an investigation needs a reasoned exception (BL § 20 stk. 1).
    """
    now = now or timezone.now()
    current = _locked(Notification, notification, expected_version)
    if current.is_merged:
        raise DomainError(
            _("Underretningen er lagt sammen med en anden; vurdér den oprindelige."), code="notification_merged"
        )
    if current.is_assessed:
        raise Conflict(_("Underretningen er allerede vurderet."), code="already_assessed")
    assessed_at = _aware(assessed_at, field="assessed_at")
    validation.moment_not_in_future(
        assessed_at,
        now=now,
        grace=rules.CLOCK_SKEW,
        field="assessed_at",
        messages={validation.DATE_IN_FUTURE: _("Vurderingstidspunktet ligger i fremtiden.")},
    )
    problem = rules.assessment_time_problem(received_at=current.received_at, assessed_at=assessed_at, now=now)
    if problem == "assessment_before_receipt":
        raise DomainError(
            _("Vurderingen kan ikke ligge før underretningen blev modtaget (%(received)s).")
            % {"received": timezone.localtime(current.received_at).strftime("%d-%m-%Y %H:%M")},
            field="assessed_at",
            code=problem,
        )
    if outcome not in Notification.Outcome.values:
        raise DomainError(_("Vælg et udfald."), field="outcome", code="unknown_outcome")
    reasoning = _text(reasoning, field="reasoning", required=True)
    abuse_exception_reason = _text(abuse_exception_reason, field="abuse_exception_reason", max_length=5000)
    if abuse_exception and abuse_exception not in rules.ABUSE_EXCEPTION_CODES:
        raise DomainError(_("Ukendt undtagelse."), field="abuse_exception", code="unknown_abuse_exception")
    missing = rules.assessment_missing_preconditions(
        categories=current.categories or [],
        outcome=outcome,
        received_on=current.received_on,
        investigation_open=Investigation.objects.open().filter(child_id=current.child_id).exists(),
        exception=abuse_exception,
        exception_reason=abuse_exception_reason,
    )
    if missing:
        raise preconditions_refused(missing)
    if not rules.requires_child_conversation(current.categories or []) or (
        outcome not in rules.OUTCOMES_WITHOUT_INVESTIGATION
    ):
        abuse_exception, abuse_exception_reason = "", ""  # no exception needed: do not record one
    if current.reassessment_required:
        if reassessment_participant is None:
            raise DomainError(
                _(
                    "Barnet har en indsats: en person, der ikke tidligere har deltaget i sagen, skal deltage i "
                    "genvurderingen."
                ),
                field="reassessment_participant",
                code="reassessment_participant_required",
            )
        if (
            reassessment_participant.pk == by.pk
            or reassessment_participant.role not in CASE_ROLES
            or not _is_new_to_case(reassessment_participant, current)
        ):
            raise DomainError(
                _("Deltageren i genvurderingen skal være en anden, som ikke tidligere har arbejdet med sagen."),
                field="reassessment_participant",
                code="reassessment_participant_not_new",
            )
    elif reassessment_participant is not None:
        reassessment_participant = None  # nothing to reassess; do not record a participant
    current = _changed(
        current,
        by=by,
        expected_version=expected_version,
        changes={
            "outcome": outcome,
            "reasoning": reasoning,
            "assessed_at": assessed_at,
            "assessed_by": by,
            "reassessment_participant": reassessment_participant,
            "abuse_exception": abuse_exception,
            "abuse_exception_reason": abuse_exception_reason,
        },
        private={"reasoning", "abuse_exception_reason"},
    )
    if (
        outcome == Notification.Outcome.INVESTIGATION
        and not Investigation.objects.open().filter(child_id=current.child_id).exists()
    ):
        investigation_start(by=by, child=current.child, awareness_on=current.received_on, notification=current)
    return current


@transaction.atomic
def notification_receipt_record(
    *,
    by: User,
    notification: Notification,
    expected_version: int | None,
    sent_on: date,
    feedback: str,
    today: date | None = None,
) -> Notification:
    """Record that receipt was confirmed to the professional notifier, and what they were told."""
    today = today or timezone.localdate()
    current = _locked(Notification, notification, expected_version)
    if not current.is_professional:
        raise DomainError(
            _("Kun en fagperson med skærpet underretningspligt skal have kvittering."),
            code="receipt_not_required",
        )
    _plausible(sent_on, field="sent_on")
    if sent_on < current.received_on:
        raise DomainError(
            _("Kvitteringen kan ikke være sendt før underretningen blev modtaget."),
            field="sent_on",
            code="receipt_before_receipt",
        )
    validation.not_in_future(sent_on, today=today, field="sent_on")
    if feedback not in Notification.Feedback.values:
        raise DomainError(_("Vælg, hvad underretteren fik at vide."), field="feedback", code="unknown_feedback")
    return _changed(
        current,
        by=by,
        expected_version=expected_version,
        changes={"receipt_sent_on": sent_on, "receipt_sent_by": by, "notifier_feedback": feedback},
    )


@transaction.atomic
def notification_child_conversation_record(
    *,
    by: User,
    notification: Notification,
    expected_version: int | None,
    held_on: date | None = None,
    omitted_reason: str = "",
    today: date | None = None,
) -> Notification:
    """Record the conversation with the child (BL § 137 stk. 3), or why it was left out (stk. 4)."""
    today = today or timezone.localdate()
    current = _locked(Notification, notification, expected_version)
    omitted_reason = _text(omitted_reason, field="omitted_reason", max_length=5000)
    if held_on is None and not omitted_reason:
        raise DomainError(
            _("Angiv datoen for samtalen eller begrundelsen for, at den ikke holdes."),
            field="held_on",
            code="required",
        )
    if held_on is not None and omitted_reason:
        raise DomainError(
            _("Angiv enten en dato eller en begrundelse, ikke begge."), field="omitted_reason", code="both_given"
        )
    if held_on is not None:
        _plausible(held_on, field="held_on")
    validation.not_in_future(held_on, today=today, field="held_on")
    if held_on is not None and held_on < current.received_on:
        raise DomainError(
            _("Samtalen kan ikke ligge før underretningen blev modtaget."), field="held_on", code="before_receipt"
        )
    return _changed(
        current,
        by=by,
        expected_version=expected_version,
        changes={"child_conversation_on": held_on, "child_conversation_omitted_reason": omitted_reason},
        private={"child_conversation_omitted_reason"},
        extra_new={"omitted": bool(omitted_reason)},
    )


@transaction.atomic
def notification_merge(
    *, by: User, duplicate: Notification, original: Notification, expected_version: int | None
) -> Notification:
    """Link a duplicate to the original notification (decided by a person; nothing is deleted).

    The duplicate leaves the assessment queue: the original's assessment covers it. Its own receipt to a
    professional notifier is still due.
    """
    current = _locked(Notification, duplicate, expected_version)
    target = Notification.objects.select_for_update().get(pk=original.pk)
    if current.pk == target.pk:
        raise DomainError(_("En underretning kan ikke lægges sammen med sig selv."), code="merge_self")
    if current.child_id != target.child_id:
        raise DomainError(_("Underretningerne handler ikke om samme barn."), code="merge_other_child")
    if target.is_merged:
        raise DomainError(_("Den valgte underretning er selv lagt sammen med en anden."), code="merge_into_merged")
    if current.is_merged:
        raise Conflict(_("Underretningen er allerede lagt sammen med en anden."), code="already_merged")
    if current.is_assessed:
        raise Conflict(_("Underretningen er allerede vurderet og kan ikke lægges sammen."), code="already_assessed")
    return _changed(
        current,
        by=by,
        expected_version=expected_version,
        changes={"duplicate_of": target, "merged_at": timezone.now(), "merged_by": by},
    )


@transaction.atomic
def notification_close(*, by: User, notification: Notification, expected_version: int | None) -> Notification:
    """Close a notification. Refused until it has been assessed."""
    current = _locked(Notification, notification, expected_version)
    if not current.is_assessed:
        raise DomainError(_("En underretning kan ikke afsluttes, før den er vurderet."), code="not_assessed")
    if current.is_closed:
        raise Conflict(_("Underretningen er allerede afsluttet."), code="already_closed")
    return _changed(
        current, by=by, expected_version=expected_version, changes={"closed_at": timezone.now(), "closed_by": by}
    )


# --- Child investigations -------------------------------------------------------------------------------------

INVESTIGATION_TEXT_FIELDS = (
    "parents_view",
    "conversation_present",
    "child_view",
    "conversation_not_held_reason",
    "conclusion",
    "recommended_measures",
)
_TEXT_LIMITS = {"conversation_present": 300, "conversation_not_held_reason": 5000}


@transaction.atomic
def investigation_start(
    *,
    by: User,
    child: Child,
    awareness_on: date,
    notification: Notification | None = None,
    today: date | None = None,
) -> Investigation:
    """Open a child investigation; it is due 4 months after the municipality became aware of the need."""
    today = today or timezone.localdate()
    _plausible(awareness_on, field="awareness_date")
    validation.not_in_future(awareness_on, today=today, field="awareness_date")
    if Investigation.objects.open().filter(child=child).exists():
        raise Conflict(_("Barnet har allerede en børnefaglig undersøgelse i gang."), code="investigation_already_open")
    try:
        with transaction.atomic():
            investigation = Investigation.objects.create(
                child=child, awareness_on=awareness_on, notification=notification, started_by=by
            )
    except IntegrityError as exc:  # a concurrent start for the same child
        raise Conflict(
            _("Barnet har allerede en børnefaglig undersøgelse i gang."), code="investigation_already_open"
        ) from exc
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=investigation,
        child_id=child.pk,
        new={"awareness_on": awareness_on, "notification": notification.pk if notification else None},
    )
    return investigation


@transaction.atomic
def investigation_save(
    *,
    by: User,
    investigation: Investigation,
    expected_version: int | None,
    ics: Mapping[str, str] | None = None,
    conversation_on: date | None = None,
    support_needed: bool | None = None,
    today: date | None = None,
    **texts: str,
) -> Investigation:
    """Save the draft as it stands (any part may still be empty). Refuses a stale edit."""
    today = today or timezone.localdate()
    current = _locked(Investigation, investigation, expected_version)
    if current.is_concluded:
        raise Conflict(_("Undersøgelsen er afsluttet og kan ikke ændres."), code="investigation_concluded")
    unknown = set(texts) - set(INVESTIGATION_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown investigation fields: {sorted(unknown)}")
    cleaned_ics: dict[str, str] = {}
    for key, value in (ics or {}).items():
        if key not in rules.ICS_DIMENSIONS:
            raise DomainError(_("Ukendt dimension: %(key)s") % {"key": key}, field="ics", code="unknown_dimension")
        text = _text(value, field=f"ics.{key}")
        if text:
            cleaned_ics[key] = text
    if conversation_on is not None:
        _plausible(conversation_on, field="conversation_on")
    validation.not_in_future(conversation_on, today=today, field="conversation_on")
    cleaned = {
        name: _text(value, field=name, max_length=_TEXT_LIMITS.get(name, TEXT_MAX)) for name, value in texts.items()
    }
    # The draft's texts are the family's story: the event says which parts changed, never what they say.
    return _changed(
        current,
        by=by,
        expected_version=expected_version,
        changes={"ics": cleaned_ics, "conversation_on": conversation_on, "support_needed": support_needed} | cleaned,
        private={"ics", *INVESTIGATION_TEXT_FIELDS},
        extra_new={"filled": sorted(cleaned_ics)},
    )


@transaction.atomic
def investigation_conclude(*, by: User, investigation: Investigation, expected_version: int | None) -> Investigation:
    """Conclude the investigation; refused (listing what is missing, in Danish) until the required parts exist."""
    current = _locked(Investigation, investigation, expected_version)
    if current.is_concluded:
        raise Conflict(_("Undersøgelsen er allerede afsluttet."), code="investigation_concluded")
    missing = current.missing_parts()
    if missing:
        preconditions = [] if current.parents_view.strip() else [legal.INVESTIGATION_NEEDS_PARENTS_VIEW]
        raise IncompleteInvestigation(missing, preconditions)
    return _changed(
        current,
        by=by,
        expected_version=expected_version,
        changes={"status": Investigation.Status.CONCLUDED, "concluded_at": timezone.now(), "concluded_by": by},
        extra_new={"support_needed": current.support_needed},
    )
