"""Business cases (investeringscase): the management's own record of investments and expected savings,
with realised figures per year. App label `reports`: the tables keep their names (reports_businesscase, ...)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BusinessCase(models.Model):
    """Business case (investeringscase): investments and expected savings per year (domain.md §5.1–5.2)."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), max_length=5000, blank=True)
    first_year = models.PositiveSmallIntegerField(_("første år"))
    years = models.PositiveSmallIntegerField(_("antal år"))
    # The baseline for following the case with case data: placements avoided, valued at the average cost.
    baseline_placed = models.DecimalField(
        _("anbragte børn ved udgangspunktet"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    average_placement_cost = models.PositiveIntegerField(
        _("gennemsnitlig pris pr. anbringelse pr. år (kr.)"), null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=1, years__lte=30), name="business_case_years_1_30"),
            models.CheckConstraint(
                condition=Q(first_year__gte=1900, first_year__lte=2200), name="business_case_first_year_range"
            ),
            models.UniqueConstraint(fields=["municipality", "title"], name="business_case_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:business_case_detail", args=[self.pk])

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1


class BusinessCaseLine(models.Model):
    """One investment (a cost) or saving line; exactly one of the three amount fields is set."""

    class Kind(models.TextChoices):
        INVESTMENT = "investment", _("Investering")
        SAVING = "saving", _("Besparelse")

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("tekst"), max_length=200)
    amount_per_year = models.BigIntegerField(_("beløb pr. år"), null=True, blank=True)
    increment_per_year = models.BigIntegerField(_("stigning pr. år"), null=True, blank=True)
    amounts = models.JSONField(_("beløb for hvert år"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="investment", increment_per_year__isnull=True)
                    & (
                        Q(amount_per_year__isnull=False, amounts__isnull=True)
                        | Q(amount_per_year__isnull=True, amounts__isnull=False)
                    )
                )
                | (
                    Q(kind="saving", amount_per_year__isnull=True)
                    & (
                        Q(increment_per_year__isnull=False, amounts__isnull=True)
                        | Q(increment_per_year__isnull=True, amounts__isnull=False)
                    )
                ),
                name="business_case_line_one_amount",
            ),
            models.CheckConstraint(
                condition=(Q(amount_per_year__isnull=True) | Q(amount_per_year__gte=0))
                & (Q(increment_per_year__isnull=True) | Q(increment_per_year__gte=0)),
                name="business_case_line_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def as_input(self) -> dict[str, object]:
        """The line as the compute rule (and the API) takes it."""
        data: dict[str, object] = {"label": self.label}
        if self.amounts is not None:
            data["amounts"] = self.amounts
        elif self.kind == self.Kind.INVESTMENT:
            data["amount_per_year"] = self.amount_per_year
        else:
            data["increment_per_year"] = self.increment_per_year
        return data


class BusinessCaseOutcome(models.Model):
    """Realised figures for a year (e.g. Kalundborg's realised gain), recorded from the accounts."""

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="outcomes")
    year = models.PositiveSmallIntegerField(_("år"))
    investment = models.BigIntegerField(_("realiseret investering (kr.)"))
    savings = models.BigIntegerField(_("realiseret besparelse (kr.)"))
    note = models.CharField(_("kilde/bemærkning"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["business_case", "year"], name="business_case_outcome_unique_year"),
            models.CheckConstraint(
                condition=Q(investment__gte=0, savings__gte=0), name="business_case_outcome_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_case} {self.year}"
