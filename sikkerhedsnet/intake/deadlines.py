"""Intake's deadline providers for core.deadlines (autodiscovered) (a fixed number of queries for any number of
children): the notification assessment (and reassessment), the receipt to a professional notifier, the
conversation with the child about abuse, and the child investigation's due date."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from sikkerhedsnet.core import legal
from sikkerhedsnet.core.deadlines import Deadline

from .models import Investigation, Notification


def legal_reference(rule: legal.LegalRule) -> str:
    """The paragraph as shown to users. Whether a number has been checked against the law is a note for the
    developers (core/legal.py), not for the caseworker reading the deadline (issue #14)."""
    return rule.reference


def _notification_deadlines(notification: Notification, child_id: int) -> list[Deadline]:
    found: list[Deadline] = []
    url = notification.get_absolute_url()
    on = notification.received_on
    if not notification.is_assessed and not notification.is_merged:
        due_at = notification.assessment_due_at
        found.append(
            Deadline(
                child_id=child_id,
                due_on=legal.local_day(due_at),
                due_at=due_at,
                kind=legal.ASSESSMENT,
                label=_("AKUT: Vurdér underretning") if notification.acute else _("Vurdér underretning"),
                legal_reference=legal_reference(legal.rule_for(legal.ASSESSMENT, on=on)),
                url=url,
            )
        )
        if notification.reassessment_required:
            found.append(
                Deadline(
                    child_id=child_id,
                    due_on=legal.local_day(due_at),
                    due_at=due_at,
                    kind=legal.REASSESSMENT,
                    label=_("Genvurdér sagen med en ny deltager"),
                    legal_reference=legal_reference(legal.rule_for(legal.REASSESSMENT, on=on)),
                    url=url,
                )
            )
    receipt_due = notification.receipt_due_on
    if receipt_due is not None and notification.receipt_sent_on is None:
        found.append(
            Deadline(
                child_id=child_id,
                due_on=receipt_due,
                kind=legal.RECEIPT,
                label=_("Send kvittering til underretter (fagperson)"),
                legal_reference=legal_reference(legal.rule_for(legal.RECEIPT, on=on)),
                url=url,
            )
        )
    conversation_due = notification.child_conversation_due_on
    if conversation_due is not None and not notification.child_conversation_done and not notification.is_merged:
        found.append(
            Deadline(
                child_id=child_id,
                due_on=conversation_due,
                kind=legal.CHILD_CONVERSATION,
                label=_("Hold samtale med barnet (underretning om overgreb)"),
                legal_reference=legal_reference(legal.rule_for(legal.CHILD_CONVERSATION, on=on)),
                url=url,
            )
        )
    return found


def notification_deadlines(child_ids: list[int], today: date) -> list[Deadline]:
    """Open notification duties of these children (the primary child and each linked sibling). Two queries."""
    sibling_links = list(
        Notification.siblings.through.objects.filter(child_id__in=child_ids).values_list("notification_id", "child_id")
    )
    pending = (
        Q(assessed_at__isnull=True, duplicate_of__isnull=True)
        | Q(reporter_type=Notification.ReporterType.PROFESSIONAL, receipt_sent_on__isnull=True)
        | Q(
            child_conversation_required=True,
            child_conversation_on__isnull=True,
            child_conversation_omitted_reason="",
            duplicate_of__isnull=True,
        )
    )
    linked = Q(child_id__in=child_ids) | Q(pk__in=[n for n, _c in sibling_links])
    notifications = {n.pk: n for n in Notification.objects.filter(pending, linked)}
    wanted = set(child_ids)
    pairs = [(n, n.child_id) for n in notifications.values() if n.child_id in wanted]
    pairs += [(notifications[n], c) for n, c in sibling_links if n in notifications]
    found: list[Deadline] = []
    for notification, child_id in pairs:
        found.extend(_notification_deadlines(notification, child_id))
    return found


def investigation_deadlines(child_ids: list[int], today: date) -> list[Deadline]:
    """Open child investigations with their 4-month due date. One query."""
    return [
        Deadline(
            child_id=investigation.child_id,
            due_on=investigation.due_on,
            kind=legal.INVESTIGATION,
            label=_("Afslut børnefaglig undersøgelse"),
            legal_reference=legal_reference(investigation.rule),
            url=investigation.get_absolute_url(),
        )
        for investigation in Investigation.objects.open()
        .filter(child_id__in=child_ids)
        .only("pk", "child_id", "awareness_on")
    ]


PROVIDERS = (
    notification_deadlines,
    investigation_deadlines,
)
