"""Measures (indsatser/foranstaltninger) decided for a child, placements included.

This is the core record other apps rely on (intake's reassessment rule, reports, follow-up). The measures
app extends it with the catalogue, placement details and the staircase.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeasureQuerySet(models.QuerySet["Measure"]):
    def active_on(self, day: date) -> MeasureQuerySet:
        """Measures running on `day`: started on or before it and not ended before it."""
        return self.filter(start_on__lte=day).filter(Q(end_on__isnull=True) | Q(end_on__gte=day))


class Measure(models.Model):
    """Indsats: a support measure or placement (Barnets lov § 32, §§ 46–47; before 2024 SEL § 52 stk. 3)."""

    class Kind(models.TextChoices):
        FOSTER_FAMILY = "foster_family", _("Anbringelse i plejefamilie")
        NETWORK_FOSTER_FAMILY = "network_foster_family", _("Anbringelse i netværksplejefamilie")
        RESIDENTIAL = "residential", _("Anbringelse på børne- og ungehjem")
        PREVENTIVE = "preventive", _("Forebyggende/støttende indsats")

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    decided_on = models.DateField(_("afgørelsesdato"))
    start_on = models.DateField(_("startdato"))
    end_on = models.DateField(_("slutdato"), null=True, blank=True)
    monthly_cost = models.PositiveIntegerField(_("pris pr. måned (kr.)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        indexes = [models.Index(fields=["child", "start_on"], name="measure_child_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")), name="measure_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_placement(self) -> bool:
        return self.kind != self.Kind.PREVENTIVE
