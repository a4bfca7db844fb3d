"""Follow-up (opfølgning) of measures: the municipality's chosen policy over time, and held follow-ups.

Planned follow-ups are not stored: they are computed from the measure, the policy periods and the held
follow-ups (followup.rules). What is stored is what happened: policy adoptions and held meetings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .policies import POLICIES


class PolicyAdoption(models.Model):
    """The municipality adopted follow-up policy `policy_code` on `adopted_on` (in force until the next one).

    Append-only: the rows are the history that keeps past follow-up dates as they were planned.
    """

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.CASCADE, related_name="+")
    policy_code = models.CharField(
        _("opfølgningspolitik"), max_length=20, choices=[(code, p.name) for code, p in POLICIES.items()]
    )
    adopted_on = models.DateField(_("gælder fra"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("valg af opfølgningspolitik")
        verbose_name_plural = _("valg af opfølgningspolitik")
        indexes = [models.Index(fields=["municipality", "adopted_on", "id"], name="adoption_muni_date")]

    def __str__(self) -> str:
        return f"{self.policy_code} {self.adopted_on}"


class FollowUp(models.Model):
    """Opfølgning (Barnets lov § 95; before 2024 SEL § 70): a held follow-up meeting on a measure.

    `due_on` is the planned date it answers to; one held follow-up per planned date.
    """

    class Method(models.TextChoices):
        ICS = "ics", _("ICS-møde")
        FAMILY_GROUP_CONFERENCE = "family_group_conference", _("Familierådslagning")
        TBS = "tbs", _("TBS – tværfagligt børnesamarbejdsmøde")
        TUS = "tus", _("TUS – tværfagligt ungesamarbejdsmøde")

    class Participant(models.TextChoices):
        CHILD = "child", _("Barnet/den unge")
        PARENTS = "parents", _("Forældre")
        NETWORK = "network", _("Privat netværk")
        FOSTER_FAMILY = "foster_family", _("Plejefamilie/anbringelsessted")
        SCHOOL = "school", _("Skole/dagtilbud")
        PROFESSIONALS = "professionals", _("Andre fagpersoner")

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Fortsæt uændret")
        ADJUST = "adjust", _("Justér indsatsen")
        STEP_DOWN = "step_down", _("Gå ned ad trappen (mindre indgribende)")
        STEP_UP = "step_up", _("Gå op ad trappen (mere indgribende)")
        END = "end", _("Afslut indsatsen")

    measure = models.ForeignKey("measures.Measure", on_delete=models.CASCADE, related_name="followups")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="followups")
    due_on = models.DateField(_("planlagt til"))
    policy_code = models.CharField(_("opfølgningspolitik"), max_length=20)
    held_on = models.DateField(_("afholdt den"))
    method = models.CharField(_("mødeform"), max_length=30, choices=Method.choices)
    participants = models.JSONField(_("deltagere"), default=list)
    participants_other = models.CharField(_("andre deltagere"), max_length=300, blank=True)
    child_heard = models.BooleanField(_("barnet er hørt"), default=False)
    child_not_heard_reason = models.TextField(_("hvorfor barnet ikke er hørt"), max_length=2000, blank=True)
    parents_heard = models.BooleanField(_("forældrene er hørt"), default=False)
    summary = models.TextField(_("referat"), max_length=8000, blank=True)
    decision = models.CharField(_("beslutning"), max_length=20, choices=Decision.choices)
    decision_reason = models.TextField(_("begrundelse"), max_length=4000, blank=True)
    new_step = models.PositiveSmallIntegerField(_("nyt trin på indsatstrappen"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        indexes = [models.Index(fields=["child", "held_on"], name="followup_child_held")]
        constraints = [
            models.UniqueConstraint(fields=["measure", "due_on"], name="followup_one_per_due_date"),
            models.CheckConstraint(
                condition=Q(child_heard=True) | ~Q(child_not_heard_reason=""), name="followup_child_heard_or_reason"
            ),
            models.CheckConstraint(
                condition=Q(new_step__isnull=True) | Q(new_step__gte=1, new_step__lte=5), name="followup_new_step_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.held_on}"

    @property
    def participant_labels(self) -> list[str]:
        labels = dict(self.Participant.choices)
        return [str(labels.get(p, p)) for p in self.participants]


class GoalReview(models.Model):
    """Målopfyldelse: how far a goal of the plan has come, recorded at a follow-up."""

    class Attainment(models.IntegerChoices):
        NOT_STARTED = 0, _("Ikke påbegyndt")
        SOME_PROGRESS = 1, _("Lidt fremgang")
        WELL_ON_THE_WAY = 2, _("Godt på vej")
        ACHIEVED = 3, _("Nået")

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="goal_reviews")
    goal = models.ForeignKey("measures.Goal", on_delete=models.CASCADE, related_name="reviews")
    attainment = models.PositiveSmallIntegerField(_("målopfyldelse"), choices=Attainment.choices)
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("målopfyldelse")
        verbose_name_plural = _("målopfyldelse")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "goal"], name="goalreview_one_per_goal"),
            models.CheckConstraint(condition=Q(attainment__lte=3), name="goalreview_attainment_range"),
        ]

    def __str__(self) -> str:
        return self.get_attainment_display()
