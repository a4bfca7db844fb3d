"""Records the reports app keeps itself: business cases, evaluations of a practice change (with the lottery,
quarterly snapshots, FIT scores and the involvement questionnaire) and early-intervention projects.

Everything else the reports show is read from the other apps and aggregated; no report stores a figure that
could be counted from the case data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .rules.early_intervention import AGE_BANDS
from .rules.evaluation import CATEGORIES, COMPARISON, NEW_MODEL

# --- business cases ------------------------------------------------------------------------------------


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


# --- evaluation of a practice change ---------------------------------------------------------------------

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
    ticket = models.CharField(max_length=64)  # SHA-256 of "<seed>:<unit id>" (see rules.evaluation)

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


# --- early intervention (the Aarhus template) ------------------------------------------------------------


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
