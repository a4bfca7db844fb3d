"""Measures (indsatser/foranstaltninger) decided for a child, placements included, and what surrounds them:
the legal bases (versioned data), the municipality's catalogue of measures (tilbudsvifte), the staircase of
measures (indsatstrappe) and the child's action plan (barnets plan / handleplan) with goals.

`Measure` is the core record other apps rely on (intake's reassessment rule, reports, follow-up).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import rules


class Category(models.TextChoices):
    """Børnelinealen (Kolding's categorisation; the seeds do not define the categories)."""

    C1 = "1", _("Kategori 1")
    C2 = "2", _("Kategori 2")
    C3 = "3", _("Kategori 3")
    C4A = "4a", _("Kategori 4a")
    C4B = "4b", _("Kategori 4b")


class Step(models.IntegerChoices):
    """The staircase of measures (indsatstrappe), least to most intrusive (domain.md §3.8)."""

    PREVENTION = 1, _("1. Forebyggelse")
    PREVENTIVE_MEASURES = 2, _("2. Forebyggende foranstaltninger")
    NETWORK_OR_ALTERNATIVE = 3, _("3. Netværksanbringelse eller alternativ til anbringelse")
    FAMILY_CARE = 4, _("4. Anbringelse i familiepleje eller på eget værelse")
    INSTITUTION = 5, _("5. Anbringelse på institution (børne- og ungehjem)")


class MeasureKind(models.TextChoices):
    """The four measure kinds the follow-up policies and the API use (api-contract.md)."""

    FOSTER_FAMILY = "foster_family", _("Anbringelse i plejefamilie")
    NETWORK_FOSTER_FAMILY = "network_foster_family", _("Anbringelse i netværksplejefamilie")
    RESIDENTIAL = "residential", _("Anbringelse på børne- og ungehjem")
    PREVENTIVE = "preventive", _("Forebyggende/støttende indsats")


class PlacementType(models.TextChoices):
    """Anbringelsessteder (Barnets lov § 43; before 2024 SEL § 66), each mapped to a kind in measures.rules."""

    GENERAL_FOSTER_FAMILY = "general_foster_family", _("Almen plejefamilie")
    REINFORCED_FOSTER_FAMILY = "reinforced_foster_family", _("Forstærket plejefamilie")
    SPECIALISED_FOSTER_FAMILY = "specialised_foster_family", _("Specialiseret plejefamilie")
    NETWORK_FOSTER_FAMILY = "network_foster_family", _("Netværksplejefamilie")
    CHILDREN_HOME = "children_home", _("Børne- og ungehjem")
    RESIDENTIAL_HOME_PRE2024 = "residential_home_pre2024", _("Socialpædagogisk opholdssted (før 2024)")
    RESIDENTIAL_INSTITUTION_PRE2024 = "residential_institution_pre2024", _("Døgninstitution (før 2024)")
    SECURE_UNIT = "secure_unit", _("Delvis lukket, sikret eller særligt sikret afdeling")
    OWN_ROOM = "own_room", _("Eget værelse eller kollegium")
    BOARDING_SCHOOL = "boarding_school", _("Kost- eller efterskole")


class LegalBasis(models.Model):
    """Hjemmel: a paragraph a measure is decided under, valid for a period (versioned data, domain.md §8.2).

    Barnets lov replaced the child parts of Serviceloven on 1 January 2024; `replaces` links a paragraph to
    the one it took over from, so a catalogue item shows both and a decision uses the one valid on its day.
    """

    class Law(models.TextChoices):
        BARNETS_LOV = "barnets_lov", _("Barnets lov")
        SERVICELOVEN = "serviceloven", _("Serviceloven")

    class AppliesTo(models.TextChoices):
        PREVENTION = "prevention", _("Tidlig forebyggende indsats")
        SUPPORT = "support", _("Støttende indsats")
        PLACEMENT_WITH_CONSENT = "placement_with_consent", _("Anbringelse med samtykke")
        PLACEMENT_WITHOUT_CONSENT = "placement_without_consent", _("Anbringelse uden samtykke")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    law = models.CharField(_("lov"), max_length=20, choices=Law.choices)
    paragraph = models.CharField(_("paragraf"), max_length=60, help_text=_("Fx § 32, stk. 1, nr. 5"))
    title = models.CharField(_("betegnelse"), max_length=200)
    applies_to = models.CharField(_("anvendes til"), max_length=30, choices=AppliesTo.choices)
    valid_from = models.DateField(_("gælder fra"))
    valid_to = models.DateField(_("gælder til"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("afløser"),
    )
    verified = models.BooleanField(_("verificeret mod lovteksten"), default=False)
    source_note = models.CharField(_("kilde"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hjemmel")
        verbose_name_plural = _("hjemler")
        ordering = ["law", "valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="legalbasis_valid_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_law_display()} {self.paragraph} – {self.title}"

    @property
    def short(self) -> str:
        return f"{self.get_law_display()} {self.paragraph}"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Offer(models.Model):
    """Et tilbud i tilbudsviften: an item in the municipality's catalogue of measures, placed on the staircase."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="offers")
    name = models.CharField(_("navn"), max_length=150)
    description = models.TextField(_("beskrivelse"), max_length=2000, blank=True)
    kind = models.CharField(_("type"), max_length=40, choices=MeasureKind.choices)
    step = models.PositiveSmallIntegerField(_("trin på indsatstrappen"), choices=Step.choices)
    categories = models.JSONField(_("Børnelineal-kategorier"), default=list)
    placement_type = models.CharField(_("anbringelsessted"), max_length=40, choices=PlacementType.choices, blank=True)
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, related_name="offers", verbose_name=_("hjemmel")
    )
    provider = models.CharField(_("leverandør"), max_length=150)
    monthly_price = models.PositiveIntegerField(_("pris pr. måned (kr.)"))
    active = models.BooleanField(_("aktiv i tilbudsviften"), default=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbudsvifte")
        ordering = ["step", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="offer_unique_name"),
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=5), name="offer_step_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("measures:offer_detail", args=[self.pk])

    def legal_basis_on(self, day: date) -> LegalBasis:
        """The version of this offer's legal basis in force on `day` (following `replaces` back in time)."""
        basis: LegalBasis | None = self.legal_basis
        seen = 0
        while basis is not None and not basis.is_valid_on(day) and seen < 10:
            basis, seen = basis.replaces, seen + 1
        return basis if basis is not None and basis.is_valid_on(day) else self.legal_basis

    @property
    def categories_display(self) -> str:
        return ", ".join(self.categories)


class MeasureQuerySet(models.QuerySet["Measure"]):
    def active_on(self, day: date) -> MeasureQuerySet:
        """Measures running on `day`: started on or before it and not ended before it."""
        return self.filter(start_on__lte=day).filter(Q(end_on__isnull=True) | Q(end_on__gte=day))

    def running_or_future(self, day: date) -> MeasureQuerySet:
        """Measures not ended before `day` (including those that start later)."""
        return self.filter(Q(end_on__isnull=True) | Q(end_on__gte=day))


class Measure(models.Model):
    """Indsats: a support measure or placement (Barnets lov § 32, §§ 46–47; before 2024 SEL § 52 stk. 3)."""

    Kind = MeasureKind
    PlacementType = PlacementType

    class Consent(models.TextChoices):
        WITH_CONSENT = "with_consent", _("Med samtykke (Barnets lov § 46)")
        WITHOUT_CONSENT = "without_consent", _("Uden samtykke – afgjort af børne- og ungeudvalget (Barnets lov § 47)")

    class ReturnHomeExclusion(models.TextChoices):
        """The two groups the return-home planning of the Swedish model does not cover (domain.md §2.4)."""

        SEVERE_DISABILITY = (
            "severe_disability",
            _("Barnet har så omfattende en funktionsnedsættelse, at det ikke kan passes hjemme"),
        )
        PARENTS_LACK_RESOURCES = (
            "parents_lack_resources",
            _("Det er dokumenteret, at forældrene ikke har ressourcer til igen at kunne varetage omsorgen"),
        )

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    decided_on = models.DateField(_("afgørelsesdato"))
    start_on = models.DateField(_("startdato"))
    end_on = models.DateField(_("slutdato"), null=True, blank=True)
    monthly_cost = models.PositiveIntegerField(_("pris pr. måned (kr.)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    # The decision (afgørelse): what, why, under which paragraph, by whom delivered.
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="measures", verbose_name=_("tilbud")
    )
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="measures", verbose_name=_("hjemmel")
    )
    provider = models.CharField(_("leverandør"), max_length=150, blank=True)
    purpose = models.TextField(_("formål og forventet varighed"), max_length=4000, blank=True)
    goals_child = models.TextField(_("mål for barnet"), max_length=4000, blank=True)
    goals_parents = models.TextField(_("mål for forældrene"), max_length=4000, blank=True)
    step = models.PositiveSmallIntegerField(_("trin på indsatstrappen"), choices=Step.choices, null=True, blank=True)
    category = models.CharField(_("Børnelineal-kategori"), max_length=2, choices=Category.choices, blank=True)
    end_reason = models.CharField(_("begrundelse for ophør"), max_length=500, blank=True)

    # Placements (anbringelse).
    placement_type = models.CharField(_("anbringelsessted"), max_length=40, choices=PlacementType.choices, blank=True)
    consent = models.CharField(_("samtykke"), max_length=20, choices=Consent.choices, blank=True)
    young_person_consent = models.BooleanField(_("den unge (15+) har givet samtykke"), null=True, blank=True)
    committee_decided_on = models.DateField(_("børne- og ungeudvalgets afgørelsesdato"), null=True, blank=True)
    committee_reference = models.CharField(
        _("børne- og ungeudvalgets afgørelse (sags-/punktnr.)"), max_length=200, blank=True
    )
    return_home_plan = models.TextField(_("plan for hjemgivelse"), max_length=4000, blank=True)
    return_home_plan_made_on = models.DateField(_("hjemgivelsesplanen er lavet den"), null=True, blank=True)
    return_home_exclusion = models.CharField(
        _("undtagelse fra hjemgivelsesplan"), max_length=30, choices=ReturnHomeExclusion.choices, blank=True
    )
    return_home_exclusion_note = models.TextField(_("dokumentation for undtagelsen"), max_length=2000, blank=True)
    # The urgent route (BL § 46 acute placement, § 143 foreløbig afgørelse): why the placement could not wait for
    # the concluded investigation (and, without consent, barnets plan). Empty on the ordinary route (issue #15).
    urgent_reason = models.TextField(_("begrundelse for akut anbringelse"), max_length=4000, blank=True)

    # Barnets plan (BL § 91): always for placements; for support measures the caseworker decides.
    child_plan_required = models.BooleanField(_("der skal laves en plan for barnet"), default=True)
    action_plan = models.ForeignKey(
        "ActionPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="measures", verbose_name=_("plan")
    )

    # Follow-up inputs (the dates themselves are computed by followup.rules).
    parallel_investigation_concluded_on = models.DateField(
        _("sideløbende undersøgelse afsluttet"), null=True, blank=True
    )
    followup_every_months = models.PositiveSmallIntegerField(_("opfølgning hver (måneder)"), null=True, blank=True)
    followup_cadence_reason = models.TextField(_("begrundelse for opfølgningskadencen"), max_length=2000, blank=True)
    followups_tracked_from = models.DateField(
        _("opfølgninger registreret fra"),
        null=True,
        blank=True,
        help_text=_("Opfølgninger før denne dato er dokumenteret i det tidligere fagsystem."),
    )
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        indexes = [models.Index(fields=["child", "start_on"], name="measure_child_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")), name="measure_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(step__gte=1, step__lte=5), name="measure_step_range"
            ),
            models.CheckConstraint(
                condition=~Q(kind="preventive") | Q(placement_type="", consent=""),
                name="measure_preventive_not_placement",
            ),
            models.CheckConstraint(
                condition=~Q(consent="without_consent") | Q(committee_decided_on__isnull=False),
                name="measure_without_consent_committee_date",
            ),
            models.CheckConstraint(
                condition=Q(return_home_plan_made_on__isnull=True) | Q(return_home_plan_made_on__lte=F("start_on")),
                name="measure_return_plan_before_start",
            ),
            models.CheckConstraint(
                condition=Q(followup_every_months__isnull=True)
                | Q(followup_every_months__gte=1, followup_every_months__lte=24),
                name="measure_followup_every_range",
            ),
        ]

    def __str__(self) -> str:
        offer = self.offer if self.offer_id else None
        return offer.name if offer is not None else self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("measures:measure_detail", args=[self.pk])

    @property
    def is_placement(self) -> bool:
        return self.kind != self.Kind.PREVENTIVE

    def is_active_on(self, day: date) -> bool:
        return self.start_on <= day and (self.end_on is None or self.end_on >= day)

    @property
    def missing_details(self) -> list[str]:
        """What a complete decision record still lacks (a placement registered through the API may lack it)."""
        missing = []
        if self.legal_basis_id is None:
            missing.append("legal_basis")
        if self.is_placement:
            if not self.placement_type:
                missing.append("placement_type")
            if not self.consent:
                missing.append("consent")
            if not self.return_home_exclusion and not (self.return_home_plan and self.return_home_plan_made_on):
                missing.append("return_home_plan")
        return missing

    @property
    def plan_required(self) -> bool:
        return self.is_placement or self.child_plan_required


class StaircaseMove(models.Model):
    """A movement on the staircase of measures (up or down), with the Børnelineal category at that time.

    Moving up needs a reason: the least intrusive measure that works comes first (domain.md §3.7–3.8).
    `to_step` empty: the child has left the staircase (no measure any more).
    """

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="staircase_moves")
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="staircase_moves"
    )
    moved_on = models.DateField(_("dato"))
    from_step = models.PositiveSmallIntegerField(_("fra trin"), choices=Step.choices, null=True, blank=True)
    to_step = models.PositiveSmallIntegerField(_("til trin"), choices=Step.choices, null=True, blank=True)
    from_category = models.CharField(_("fra kategori"), max_length=2, choices=Category.choices, blank=True)
    category = models.CharField(_("Børnelineal-kategori"), max_length=2, choices=Category.choices, blank=True)
    reason = models.TextField(_("begrundelse"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bevægelse på indsatstrappen")
        verbose_name_plural = _("bevægelser på indsatstrappen")
        indexes = [models.Index(fields=["child", "moved_on", "id"], name="staircase_child_moved")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(from_step__isnull=True) | Q(from_step__gte=1, from_step__lte=5))
                & (Q(to_step__isnull=True) | Q(to_step__gte=1, to_step__lte=5)),
                name="staircase_step_range",
            ),
            models.CheckConstraint(
                condition=Q(from_step__isnull=True)
                | Q(to_step__isnull=True)
                | Q(to_step__lte=F("from_step"))
                | ~Q(reason=""),
                name="staircase_up_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_step} → {self.to_step}"

    @property
    def direction(self) -> str:
        return rules.staircase_direction(self.from_step, self.to_step)


class ActionPlan(models.Model):
    """Barnets plan (Barnets lov §§ 91–92; before 2024 handleplan, SEL § 140): goals for the child and for the
    parents, set with them, which follow-ups review; for a placement also the way back down the staircase."""

    child = models.OneToOneField("children.Child", on_delete=models.CASCADE, related_name="action_plan")
    made_on = models.DateField(_("planen er lavet den"))
    participants = models.TextField(
        _("hvem var med til at sætte målene"),
        max_length=2000,
        help_text=_("Fx barnet, mor, far, skolen, plejefamilien."),
    )
    step_down_plan = models.TextField(_("nedtrapningsplan"), max_length=4000, blank=True)
    family_support = models.TextField(
        _("støtte til familien under anbringelsen og efter hjemgivelse"), max_length=4000, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barnets plan")
        verbose_name_plural = _("planer")

    def __str__(self) -> str:
        return str(self.kind_label)

    def get_absolute_url(self) -> str:
        return reverse("measures:plan", args=[self.child_id])

    @property
    def kind_label(self) -> str:
        return str(_("Barnets plan") if self.made_on >= rules.BARNETS_LOV_IN_FORCE else _("Handleplan"))


class Goal(models.Model):
    """Et mål i planen, for barnet eller for forældrene."""

    class For(models.TextChoices):
        CHILD = "child", _("Barnet")
        PARENTS = "parents", _("Forældrene")

    class Status(models.TextChoices):
        OPEN = "open", _("Aktivt")
        ACHIEVED = "achieved", _("Nået")
        DROPPED = "dropped", _("Opgivet")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    for_whom = models.CharField(_("mål for"), max_length=10, choices=For.choices)
    text = models.CharField(_("mål"), max_length=500)
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals", verbose_name=_("indsats")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_on = models.DateField(_("oprettet"))

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["for_whom", "id"]

    def __str__(self) -> str:
        return self.text
