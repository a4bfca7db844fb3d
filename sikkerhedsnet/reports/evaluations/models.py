"""Evaluation of a practice change (the Kolding design): baseline, the seeded lottery and quarterly snapshots.
App label `reports`: the tables keep their names."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .rules import CATEGORIES, COMPARISON, NEW_MODEL

GROUP_CHOICES = [(NEW_MODEL, _("Ny model")), (COMPARISON, _("Sammenligning"))]


class Evaluation(models.Model):
    """Evaluering af en praksisændring (Kolding, domain.md §3.10): baseline, lottery, quarterly snapshots."""

    class Unit(models.TextChoices):
        CASES = "cases", _("Sager (børn)")
        CASEWORKERS = "caseworkers", _("Rådgivere")

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), max_length=5000, blank=True)
    baseline_on = models.DateField(_("baseline (udgangspunkt)"))
    unit = models.CharField(_("lodtrækning blandt"), max_length=12, choices=Unit.choices, default=Unit.CASES)
    new_model_share = models.PositiveSmallIntegerField(_("andel til ny model (%)"), default=50)
    pool = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("rådgivere i forsøget"))
    lottery_seed = models.BigIntegerField(_("lodtrækningens seed"), null=True, blank=True)
    lottery_run_at = models.DateTimeField(null=True, blank=True)
    lottery_run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_model_share__gte=1, new_model_share__lte=99), name="evaluation_share_1_99"
            ),
            models.CheckConstraint(
                condition=Q(lottery_seed__isnull=True, lottery_run_at__isnull=True, lottery_run_by__isnull=True)
                | Q(lottery_seed__isnull=False, lottery_run_at__isnull=False, lottery_run_by__isnull=False),
                name="evaluation_lottery_recorded_together",
            ),
            models.UniqueConstraint(fields=["municipality", "title"], name="evaluation_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:evaluation_detail", args=[self.pk])

    @property
    def lottery_done(self) -> bool:
        return self.lottery_seed is not None


class EvaluationParticipant(models.Model):
    """A child in the evaluation, with the group the lottery gave it (through its case or its caseworker)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="participants")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group = models.CharField(_("gruppe"), max_length=12, choices=GROUP_CHOICES)
    ticket = models.CharField(max_length=64)  # SHA-256 of "<seed>:<unit id>" (see evaluations/rules.py)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "child"], name="evaluation_participant_unique_child"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}:{self.child_id}"


class EvaluationSnapshot(models.Model):
    """A child's Børnelineal category and staircase step on a snapshot date (baseline, then every quarter)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Registreret manuelt")
        CASE_DATA = "case_data", _("Fra sagens data")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="snapshots")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    taken_on = models.DateField(_("dato"))
    category = models.CharField(
        _("Børnelineal-kategori"), max_length=2, choices=[(c, c) for c in CATEGORIES], blank=True
    )
    step = models.PositiveSmallIntegerField(_("trin på indsatstrappen"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["evaluation", "taken_on"], name="evaluation_snapshot_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "child", "taken_on"], name="evaluation_snapshot_unique_child_date"
            ),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(step__gte=1, step__lte=5), name="evaluation_snapshot_step_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.taken_on}"
