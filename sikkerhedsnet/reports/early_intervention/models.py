"""Early intervention (tidlig indsats): projects reported in the Aarhus template's structure, with their
districts, consultations, wellbeing conversations, budget and expenses. App label `reports`: the tables keep
their names."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .rules import AGE_BANDS


class EarlyInterventionProject(models.Model):
    """Tidlig indsats: a project reported in the Aarhus template's structure (domain.md §5.5)."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("projekt"), max_length=200)
    leader = models.CharField(_("projektleder"), max_length=200, blank=True)
    goal = models.TextField(_("mål"), max_length=5000, blank=True)
    target_group = models.TextField(_("målgruppe"), max_length=5000, blank=True)
    content = models.TextField(_("indhold/metode"), max_length=5000, blank=True)
    progress = models.TextField(_("generel fremdrift og hovedkonklusioner"), max_length=5000, blank=True)
    economy_explanation = models.TextField(_("forklaring på afvigelser i budget/regnskab"), max_length=5000, blank=True)
    evaluation_process = models.TextField(_("evalueringsresultater: proces"), max_length=5000, blank=True)
    evaluation_effect = models.TextField(_("evalueringsresultater: effekt"), max_length=5000, blank=True)
    organisational_learning = models.TextField(_("organisatorisk læring"), max_length=5000, blank=True)
    links = models.TextField(_("sammenhæng med andre tidlige indsatser"), max_length=5000, blank=True)
    future = models.TextField(_("fremtidsscenarier og justeringer"), max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tidlig indsats")
        verbose_name_plural = _("tidlige indsatser")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="early_project_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:early_detail", args=[self.pk])


class District(models.Model):
    """A district (distrikt) that asks the project's staff for consultations."""

    project = models.ForeignKey(EarlyInterventionProject, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("distrikt"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="district_unique_name")]

    def __str__(self) -> str:
        return self.name


AGE_BAND_CHOICES = [(b, b.replace("-", "–") + " år") for b in AGE_BANDS]


class Consultation(models.Model):
    """Sparring: a district's request for advice; anonymous (at most the child's age band) [AAR]."""

    project = models.ForeignKey(EarlyInterventionProject, on_delete=models.CASCADE, related_name="consultations")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="consultations")
    requested_on = models.DateField(_("dato for henvendelsen"))
    specific_child = models.BooleanField(_("drejer sig om et konkret barn"))
    age_band = models.CharField(_("barnets alder"), max_length=5, choices=AGE_BAND_CHOICES, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sparring")
        verbose_name_plural = _("sparringer")
        indexes = [models.Index(fields=["project", "requested_on"], name="consultation_project_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(specific_child=True, age_band__in=AGE_BANDS) | Q(specific_child=False, age_band=""),
                name="consultation_age_band_iff_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.requested_on}"


class WellbeingConversation(models.Model):
    """Trivselssamtale with a child showing early distress: only after parental consent and a meeting with the
    parents [AAR]; the database refuses a row without both."""

    project = models.ForeignKey(EarlyInterventionProject, on_delete=models.CASCADE, related_name="conversations")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="conversations")
    held_on = models.DateField(_("dato for samtalen"))
    age_band = models.CharField(_("barnets alder"), max_length=5, choices=AGE_BAND_CHOICES)
    parental_consent = models.BooleanField(_("forældrene har givet samtykke"))
    parents_meeting_on = models.DateField(_("dato for mødet med forældrene"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trivselssamtale")
        verbose_name_plural = _("trivselssamtaler")
        constraints = [
            models.CheckConstraint(
                condition=Q(parental_consent=True, parents_meeting_on__lte=models.F("held_on"), age_band__in=AGE_BANDS),
                name="wellbeing_conversation_consent_and_prior_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.held_on}"


class ProjectBudget(models.Model):
    """The project's adopted budget for a year."""

    project = models.ForeignKey(EarlyInterventionProject, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.PositiveBigIntegerField(_("budget (kr.)"))

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="project_budget_unique_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class ProjectExpense(models.Model):
    """A booked expense, or a reimbursement (refusion) that reduces net spending."""

    class Kind(models.TextChoices):
        EXPENSE = "expense", _("Udgift")
        REIMBURSEMENT = "reimbursement", _("Refusion/indtægt")

    project = models.ForeignKey(EarlyInterventionProject, on_delete=models.CASCADE, related_name="expenses")
    booked_on = models.DateField(_("bogført"))
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices, default=Kind.EXPENSE)
    amount = models.PositiveBigIntegerField(_("beløb (kr.)"))
    text = models.CharField(_("tekst"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("postering")
        verbose_name_plural = _("posteringer")
        indexes = [models.Index(fields=["project", "booked_on"], name="project_expense_date")]

    def __str__(self) -> str:
        return self.text
