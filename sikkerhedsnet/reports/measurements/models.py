"""Measurements (målinger) about a child: FIT scores and the involvement questionnaire. The child is reached
through its own need-to-know getter. App label `reports`: the tables keep their names."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FitScore(models.Model):
    """FIT-måling: ORS (how life is going) and SRS (how the session went), 0–40 each, per session [KOL]."""

    class Respondent(models.TextChoices):
        CHILD = "child", _("Barnet/den unge")
        MOTHER = "mother", _("Mor")
        FATHER = "father", _("Far")
        OTHER_CAREGIVER = "other_caregiver", _("Anden omsorgsperson")

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    session_on = models.DateField(_("sessionens dato"))
    respondent = models.CharField(_("hvem svarede"), max_length=20, choices=Respondent.choices)
    ors = models.DecimalField(_("ORS (0–40)"), max_digits=3, decimal_places=1, null=True, blank=True)
    srs = models.DecimalField(_("SRS (0–40)"), max_digits=3, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("FIT-måling")
        verbose_name_plural = _("FIT-målinger")
        indexes = [models.Index(fields=["child", "session_on"], name="fit_child_session")]
        constraints = [
            models.CheckConstraint(condition=Q(ors__isnull=False) | Q(srs__isnull=False), name="fit_score_has_a_score"),
            models.CheckConstraint(
                condition=(Q(ors__isnull=True) | Q(ors__gte=0, ors__lte=40))
                & (Q(srs__isnull=True) | Q(srs__gte=0, srs__lte=40)),
                name="fit_score_range_0_40",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.session_on}"


class InvolvementResponse(models.Model):
    """Familierådgivningens spørgeskema: involvement, being heard, effect; 1 (helt uenig) – 5 (helt enig)."""

    class Respondent(models.TextChoices):
        CHILD = "child", _("Barn")
        YOUTH = "youth", _("Ung")
        PARENT = "parent", _("Forælder")

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField(_("besvaret"))
    respondent = models.CharField(_("hvem svarede"), max_length=10, choices=Respondent.choices)
    involved = models.PositiveSmallIntegerField(_("Jeg er blevet inddraget"))
    heard = models.PositiveSmallIntegerField(_("Jeg er blevet hørt"))
    effect = models.PositiveSmallIntegerField(_("Indsatsen har hjulpet"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("besvarelse af spørgeskema")
        verbose_name_plural = _("besvarelser af spørgeskema")
        indexes = [models.Index(fields=["child", "answered_on"], name="involvement_child_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(involved__gte=1, involved__lte=5, heard__gte=1, heard__lte=5, effect__gte=1, effect__lte=5),
                name="involvement_answers_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.answered_on}"
