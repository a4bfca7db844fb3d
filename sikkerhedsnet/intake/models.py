"""Intake: notifications (underretninger), their assessment, and child investigations (børnefaglige undersøgelser).

Deadlines are never stored: the inputs are (received_at, reporter type, categories, the municipality's
Saturday setting at receipt, whether the child had a measure), and `rules.py` computes the dates.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.core import legal

from . import rules


class NotificationQuerySet(models.QuerySet["Notification"]):
    def open(self) -> NotificationQuerySet:
        """Not closed and not merged into another notification."""
        return self.filter(closed_at__isnull=True, duplicate_of__isnull=True)

    def unassessed(self) -> NotificationQuerySet:
        return self.filter(assessed_at__isnull=True)


class Notification(models.Model):
    """Underretning: a report of concern about a child (Barnets lov §§ 133–138; before 2024 SEL §§ 153–155 b)."""

    class ReporterType(models.TextChoices):
        PROFESSIONAL = "professional", _("Fagperson (skærpet underretningspligt)")
        PRIVATE = "private", _("Privatperson")
        ANONYMOUS = "anonymous", _("Anonym")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telefon")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Brev")
        DIGITAL = "digital", _("Digitalt (underretningsportalen)")
        IN_PERSON = "in_person", _("Personligt fremmøde")
        POLICE = "police", _("Politiet (døgnrapport)")
        OTHER = "other", _("Andet")

    class Category(models.TextChoices):
        NEGLECT = "neglect", _("Omsorgssvigt")
        VIOLENCE = "violence", _("Vold")
        SEXUAL_ABUSE = "sexual_abuse", _("Seksuelle overgreb")
        PARENT_SUBSTANCE = "parent_substance", _("Misbrug hos forældre")
        PARENT_MENTAL_HEALTH = "parent_mental_health", _("Psykisk sygdom hos forældre")
        DOMESTIC_CONFLICT = "domestic_conflict", _("Konflikter i hjemmet")
        SCHOOL_ABSENCE = "school_absence", _("Skolefravær")
        CHILD_WELLBEING = "child_wellbeing", _("Barnets mistrivsel")
        RISK_BEHAVIOUR = "risk_behaviour", _("Kriminalitet eller risikoadfærd")
        HONOUR_CONFLICT = "honour_conflict", _("Æresrelateret konflikt eller negativ social kontrol")
        UNBORN = "unborn", _("Bekymring for ufødt barn")
        OTHER = "other", _("Andet")

    class Outcome(models.TextChoices):
        NO_ACTION = "no_action", _("Ingen yderligere handling")
        ADVICE = "advice", _("Rådgivning og vejledning")
        INVESTIGATION = "investigation", _("Børnefaglig undersøgelse")
        ACUTE_MEASURE = "acute_measure", _("Akut indsats")
        REFERRAL = "referral", _("Henvisning til andet tilbud")

    class Feedback(models.TextChoices):
        INVESTIGATION = "investigation", _("Oplyst, at en undersøgelse er iværksat")
        MEASURE = "measure", _("Oplyst, at en indsats er iværksat")
        NOTHING = "nothing", _("Oplyst, at hverken undersøgelse eller indsats er iværksat")
        NOT_DECIDED = "not_decided", _("Kun kvittering – der er endnu ikke taget stilling")

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="notifications", verbose_name=_("barn")
    )
    # Siblings in the same household covered by the same notification (the primary child is `child`).
    siblings = models.ManyToManyField(
        "children.Child", blank=True, related_name="sibling_notifications", verbose_name=_("søskende")
    )
    received_at = models.DateTimeField(_("modtaget"))
    reporter_type = models.CharField(_("underretter"), max_length=20, choices=ReporterType.choices)
    reporter_profession = models.CharField(_("underretterens fag"), max_length=100, blank=True)
    reporter_organisation = models.CharField(_("underretterens arbejdssted"), max_length=150, blank=True)
    reporter_name = models.CharField(_("underretterens navn"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("underretterens kontaktoplysninger"), max_length=200, blank=True)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices, blank=True)
    summary = models.TextField(_("bekymringen med underretterens ord"), max_length=20000)
    categories = models.JSONField(_("bekymringstyper"), default=list, blank=True)
    acute = models.BooleanField(_("akut"), default=False)
    # Inputs frozen at receipt, so the computed deadlines never move afterwards.
    receipt_saturday_counts = models.BooleanField(default=False)
    reassessment_required = models.BooleanField(_("genvurdering påkrævet"), default=False)
    # Derived from the categories at registration (abuse → BL § 137 stk. 3); stored so lists can filter on it.
    child_conversation_required = models.BooleanField(_("samtale med barnet påkrævet"), default=False)
    # Routing at registration: the open case's caseworker, or the intake team's queue (assigned_to empty).
    routed_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    # The assessment (vurdering).
    outcome = models.CharField(_("udfald"), max_length=20, choices=Outcome.choices, blank=True)
    reasoning = models.TextField(_("begrundelse"), max_length=20000, blank=True)
    assessed_at = models.DateTimeField(_("vurderet"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reassessment_participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A notification about abuse assessed without an investigation: the exception chosen and why (issue #15).
    abuse_exception = models.CharField(
        _("undtagelse fra undersøgelse"), max_length=30, choices=rules.ABUSE_EXCEPTIONS, blank=True
    )
    abuse_exception_reason = models.TextField(_("begrundelse for undtagelsen"), max_length=5000, blank=True)

    # Receipt confirmation and feedback to a professional notifier.
    receipt_sent_on = models.DateField(_("kvittering sendt"), null=True, blank=True)
    receipt_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notifier_feedback = models.CharField(
        _("tilbagemelding til underretter"), max_length=20, choices=Feedback.choices, blank=True
    )

    # The conversation with the child (required when the notification is about abuse).
    child_conversation_on = models.DateField(_("samtale med barnet"), null=True, blank=True)
    child_conversation_omitted_reason = models.TextField(
        _("begrundelse for at undlade samtalen"), max_length=5000, blank=True
    )

    # A possible duplicate, merged by a person into the original (never deleted).
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates")
    merged_at = models.DateTimeField(null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("underretning")
        verbose_name_plural = _("underretninger")
        indexes = [
            models.Index(fields=["child", "received_at"], name="notification_child_received"),
            models.Index(fields=["assessed_at", "closed_at"], name="notification_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessed_at__isnull=True, assessed_by__isnull=True, outcome="")
                | Q(assessed_at__isnull=False, assessed_by__isnull=False) & ~Q(outcome=""),
                name="notification_assessed_complete",
            ),
            models.CheckConstraint(
                condition=Q(assessed_at__isnull=True) | Q(assessed_at__gte=F("received_at")),
                name="notification_assessed_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, closed_by__isnull=True)
                | Q(closed_at__isnull=False, closed_by__isnull=False, assessed_at__isnull=False),
                name="notification_closed_only_when_assessed",
            ),
            models.CheckConstraint(
                condition=Q(receipt_sent_on__isnull=True, receipt_sent_by__isnull=True)
                | Q(receipt_sent_on__isnull=False, receipt_sent_by__isnull=False, reporter_type="professional"),
                name="notification_receipt_only_professional",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True, merged_at__isnull=True, merged_by__isnull=True)
                | Q(duplicate_of__isnull=False, merged_at__isnull=False, merged_by__isnull=False),
                name="notification_merged_complete",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=F("pk")), name="notification_not_duplicate_of_itself"),
        ]

    def __str__(self) -> str:
        return str(_("Underretning %(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("intake:notification_detail", args=[self.pk])

    @property
    def is_assessed(self) -> bool:
        return self.assessed_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_merged(self) -> bool:
        return self.duplicate_of_id is not None

    @property
    def is_professional(self) -> bool:
        return self.reporter_type == self.ReporterType.PROFESSIONAL

    @property
    def received_on(self) -> date:
        return legal.local_day(self.received_at)

    @property
    def assessment_due_at(self) -> datetime:
        return rules.assessment_due_at(self.received_at)

    @property
    def receipt_due_on(self) -> date | None:
        if not self.is_professional:
            return None
        return rules.receipt_due_on(self.received_at, saturday_counts=self.receipt_saturday_counts)

    @property
    def child_conversation_due_on(self) -> date | None:
        return rules.child_conversation_due_on(self.received_at) if self.child_conversation_required else None

    @property
    def child_conversation_done(self) -> bool:
        return self.child_conversation_on is not None or bool(self.child_conversation_omitted_reason)

    def category_labels(self) -> list[str]:
        labels = dict(self.Category.choices)
        return [str(labels.get(code, code)) for code in self.categories or []]

    def rule(self, code: str) -> legal.LegalRule:
        """The version of a rule that applied on the day this notification was received."""
        return legal.rule_for(code, on=self.received_on)


class InvestigationQuerySet(models.QuerySet["Investigation"]):
    def open(self) -> InvestigationQuerySet:
        return self.filter(status=Investigation.Status.DRAFT)


class Investigation(models.Model):
    """Børnefaglig undersøgelse: the child investigation (Barnets lov §§ 20–22; before 2024 SEL § 50).

    Structured by the ICS triangle (`ics`: one text per dimension, keys in rules.ICS_DIMENSIONS).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("I gang (kladde)")
        CONCLUDED = "concluded", _("Afsluttet")

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="investigations", verbose_name=_("barn")
    )
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="investigations"
    )
    awareness_on = models.DateField(_("kommunen blev opmærksom på behovet"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    ics = models.JSONField(_("ICS-trekanten"), default=dict, blank=True)
    parents_view = models.TextField(_("forældrenes synspunkter"), max_length=20000, blank=True)
    conversation_on = models.DateField(_("børnesamtale, dato"), null=True, blank=True)
    conversation_present = models.CharField(_("til stede ved samtalen"), max_length=300, blank=True)
    child_view = models.TextField(_("barnets egne synspunkter"), max_length=20000, blank=True)
    conversation_not_held_reason = models.TextField(
        _("begrundelse for, at samtalen ikke er holdt"), max_length=5000, blank=True
    )
    conclusion = models.TextField(_("konklusion"), max_length=20000, blank=True)
    support_needed = models.BooleanField(_("behov for støtte"), null=True, blank=True)
    recommended_measures = models.TextField(_("anbefalede indsatser"), max_length=20000, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    concluded_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        verbose_name = _("børnefaglig undersøgelse")
        verbose_name_plural = _("børnefaglige undersøgelser")
        indexes = [models.Index(fields=["child", "status"], name="investigation_child_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="draft"), name="investigation_one_open_per_child"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", concluded_at__isnull=True, concluded_by__isnull=True)
                | Q(status="concluded", concluded_at__isnull=False, concluded_by__isnull=False),
                name="investigation_concluded_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Børnefaglig undersøgelse %(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("intake:investigation_detail", args=[self.pk])

    @property
    def is_concluded(self) -> bool:
        return self.status == self.Status.CONCLUDED

    @property
    def due_on(self) -> date:
        return rules.investigation_due_on(self.awareness_on)

    @property
    def rule(self) -> legal.LegalRule:
        return legal.rule_for(legal.INVESTIGATION, on=self.awareness_on)

    def missing_parts(self) -> list[str]:
        return rules.investigation_missing_parts(
            ics=self.ics or {},
            conversation_on=self.conversation_on,
            conversation_present=self.conversation_present,
            child_view=self.child_view,
            conversation_not_held_reason=self.conversation_not_held_reason,
            conclusion=self.conclusion,
            support_needed=self.support_needed,
            recommended_measures=self.recommended_measures,
            parents_view=self.parents_view,
            awareness_on=self.awareness_on,
        )
