"""Children, their families and networks, and the child's case (sag) with journal and documents."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sikkerhedsnet.core import cpr as cprlib


class Child(models.Model):
    """Barn: a child known to the municipality (Barnets lov § 1; before 2024 Serviceloven § 46)."""

    cpr = models.CharField(_("CPR-nummer"), max_length=10, unique=True)
    birth_date = models.DateField(_("fødselsdato"))
    replacement_cpr = models.BooleanField(_("erstatningspersonnummer"), default=False)
    fictitious = models.BooleanField(_("fiktiv person"), default=False)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    search_name = models.CharField(max_length=220, db_index=True, editable=False)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=80, blank=True)
    school_or_daycare = models.CharField(_("skole/dagtilbud"), max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("barn")
        verbose_name_plural = _("børn")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("children:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr_formatted(self) -> str:
        return cprlib.format_cpr(self.cpr)

    @property
    def cpr_masked(self) -> str:
        return cprlib.mask(self.cpr)

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class Person(models.Model):
    """A person related to a child: parent, custody holder, sibling outside the register, or network."""

    cpr = models.CharField(_("CPR-nummer"), max_length=10, blank=True)
    fictitious = models.BooleanField(_("fiktiv person"), default=False)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [models.UniqueConstraint(fields=["cpr"], condition=~Q(cpr=""), name="person_unique_cpr")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Relation(models.Model):
    """How a person is related to a child, and whether they hold custody (forældremyndighed)."""

    class Kind(models.TextChoices):
        MOTHER = "mother", _("Mor")
        FATHER = "father", _("Far")
        PARENT = "parent", _("Forælder")
        STEP_PARENT = "step_parent", _("Stedforælder")
        SIBLING = "sibling", _("Søskende")
        GRANDPARENT = "grandparent", _("Bedsteforælder")
        AUNT_UNCLE = "aunt_uncle", _("Moster/faster/onkel")
        FRIEND = "friend", _("Ven af familien")
        NEIGHBOUR = "neighbour", _("Nabo")
        PROFESSIONAL = "professional", _("Fagperson")
        OTHER = "other", _("Andet netværk")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    custody = models.BooleanField(_("har forældremyndighed"), default=False)
    lives_with_child = models.BooleanField(_("bor sammen med barnet"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relationer")
        constraints = [
            models.UniqueConstraint(fields=["child", "person", "kind"], name="relation_unique_child_person_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=True)


class Case(models.Model):
    """Sag: the child's case, owned by a team, held by a responsible caseworker (sagsbehandler)."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="case")
    number = models.CharField(_("sagsnummer"), max_length=20, unique=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="cases")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("rådgiver"),
    )
    opened_on = models.DateField(_("oprettet"))
    closed_on = models.DateField(_("lukket"), null=True, blank=True)
    # Slettestop (legal hold): the case is never erased by a retention run while set, e.g. during a
    # complaint to Ankestyrelsen, a court case or a request from the police. The reason is required.
    legal_hold = models.BooleanField(_("slettestop"), default=False)
    legal_hold_reason = models.CharField(_("begrundelse for slettestop"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        indexes = [
            models.Index(fields=["team", "closed_on"], name="case_team_closed"),
            models.Index(fields=["caseworker", "closed_on"], name="case_caseworker_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(legal_hold=False) | ~Q(legal_hold_reason=""), name="case_legal_hold_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class JournalEntry(models.Model):
    """Journalnotat: a dated note on the case with its author and its type (a phone call, a home visit, ...)."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Notat")
        PHONE_CALL = "phone_call", _("Telefonsamtale")
        HOME_VISIT = "home_visit", _("Hjemmebesøg")
        MEETING = "meeting", _("Møde")
        CHILD_CONVERSATION = "child_conversation", _("Børnesamtale")
        NETWORK_MEETING = "network_meeting", _("Netværksmøde")
        PARENT_CONVERSATION = "parent_conversation", _("Forældresamtale")
        CORRESPONDENCE = "correspondence", _("Mail eller brev")
        COOPERATION = "cooperation", _("Samarbejde med andre fagpersoner")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="journal_entries")
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.NOTE)
    occurred_on = models.DateField(_("dato"))
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("notat"), max_length=20000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")
        indexes = [models.Index(fields=["child", "-occurred_on", "-id"], name="journal_child_date")]

    def __str__(self) -> str:
        return self.title


def _document_path(instance: Document, filename: str) -> str:
    # The stored name never carries the original file name (it may hold a name or a CPR number).
    return f"documents/{instance.public_id.hex[:2]}/{instance.public_id.hex}"


class Document(models.Model):
    """An attached document. Addressed by an unguessable UUID; downloaded only through an access check."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to=_document_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self) -> str:
        return self.title


class BreakGlassAccess(models.Model):
    """Begrundet adgang: a user outside the child's team opened the case, stating why. Time-limited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="break_glass_accesses")
    reason = models.CharField(_("begrundelse"), max_length=500)
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("begrundet adgang")
        verbose_name_plural = _("begrundede adgange")
        indexes = [models.Index(fields=["user", "child", "expires_at"], name="breakglass_user_child")]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("granted_at")), name="breakglass_expires_after"),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, reviewed_by__isnull=True)
                | Q(reviewed_at__isnull=False, reviewed_by__isnull=False),
                name="breakglass_reviewed_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.child} ({self.granted_at:%Y-%m-%d %H:%M})"
