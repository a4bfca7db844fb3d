"""Samarbejde om sikkerhed (Signs of Safety): target-group screening, mapping, scaling, the family's network,
versioned safety plans, and the child-friendly documents (Words & Pictures, Three Houses).

Domain: docs/domain.md §2 and §9. A safety plan is a comprehensive preventive measure (before 2024
SEL § 52 stk. 3 nr. 3; Barnets lov § 32 stk. 1 nr. 5).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rules


class ParticipantRole(models.TextChoices):
    """Who a participant is to the child (mapping, scaling)."""

    MOTHER = "mother", _("Mor")
    FATHER = "father", _("Far")
    CHILD = "child", _("Barnet")
    NETWORK = "network", _("Netværk")
    CASEWORKER = "caseworker", _("Rådgiver")
    PROFESSIONAL = "professional", _("Anden fagperson")
    OTHER = "other", _("Andet")


class Criterion(models.TextChoices):
    HIGH_SAFETY_RISK = "high_safety_risk", _("Høj sikkerhedsrisiko for barnet")
    DANGER_TO_SELF = "danger_to_self", _("Barnet er til fare for sig selv")
    HEALTH_IN_DANGER = "health_in_danger", _("Barnets helbred er i overhængende fare")
    VIOLENCE_OR_ABUSE = "violence_or_abuse", _("Barnet udsættes for vold eller seksuelle overgreb")


class NeglectCondition(models.TextChoices):
    BASIC_NEEDS_UNMET = "basic_needs_unmet", _("Basale behov (mad, søvn, tøj, hygiejne) dækkes ikke")
    VIOLENCE_OR_ABUSE = "violence_or_abuse", _("Barnet udsættes for vold eller seksuelle overgreb")
    NO_SCHOOL_OR_DAYCARE = "no_school_or_daycare", _("Barnet kommer ikke i skole eller dagtilbud")
    NO_EMOTIONAL_CLOSENESS = "no_emotional_closeness", _("Barnet får ikke følelsesmæssig nærhed og opmærksomhed")
    AGE_INAPPROPRIATE_DEMANDS = "age_inappropriate_demands", _("Barnet mødes med krav langt over sin alder")
    INTOXICATED_ADULTS = "intoxicated_adults", _("Barnet er ofte sammen med påvirkede voksne i hjemmet")


class TargetCriterion(models.TextChoices):
    """The four target-group criteria on Roskilde's slide (domain.md §2.3), recorded with every screening."""

    SAFETY_CLEARLY_AT_RISK = "safety_clearly_at_risk", _("Barnets sikkerhed er tydeligt i fare")
    SERIOUS_HARM_WITHOUT_TREATMENT = (
        "serious_harm_without_treatment",
        _(
            "Barnet risikerer tydeligt alvorlig skade på sundhed eller udvikling uden familiebehandling med "
            "sikkerhedsplan"
        ),
    )
    PARENTS_NEED_MASSIVE_SUPPORT = (
        "parents_need_massive_support",
        _("Forældrene har brug for massiv støtte for at gøre barnet sikkert"),
    )
    ORDINARY_TREATMENT_INSUFFICIENT = (
        "ordinary_treatment_insufficient",
        _("Almindelig familiebehandling vil ikke være nok til at gøre barnet sikkert"),
    )


class TargetGroupAssessment(models.Model):
    """Målgruppevurdering: is the child in the target group for a safety plan? (domain.md §2.3, Roskilde)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="target_group_assessments")
    assessed_on = models.DateField(_("vurderet den"))
    criteria = models.JSONField(_("kriterier"), default=list)
    neglect_conditions = models.JSONField(_("omsorgssvigtsforhold"), default=list)
    neglect_repeated = models.BooleanField(_("forholdene forekommer gentagne gange"), default=False)
    target_criteria = models.JSONField(_("målgruppekriterier"), default=list, blank=True)
    gross_neglect = models.BooleanField(_("grov og gentagen omsorgssvigt"))
    eligible = models.BooleanField(_("i målgruppen"))
    reasoning = models.TextField(_("begrundelse"))
    note = models.TextField(_("rådgiverens bemærkning"), blank=True, max_length=5000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("målgruppevurdering")
        verbose_name_plural = _("målgruppevurderinger")
        indexes = [models.Index(fields=["child", "-assessed_on"], name="tga_child_date")]
        constraints = [
            # Eligibility is derived from the inputs by rules.target_group; the database keeps it consistent.
            models.CheckConstraint(condition=Q(gross_neglect=False) | Q(eligible=True), name="tga_gross_is_eligible"),
            models.CheckConstraint(
                condition=Q(gross_neglect=False) | Q(neglect_repeated=True), name="tga_gross_needs_repeated"
            ),
        ]

    def __str__(self) -> str:
        verdict = _("i målgruppen") if self.eligible else _("ikke i målgruppen")
        return f"{self.assessed_on}: {verdict}"

    def get_criteria_display(self) -> list[str]:
        return [str(Criterion(c).label) for c in self.criteria if c in Criterion.values]

    def get_target_criteria_display(self) -> list[str]:
        return [str(TargetCriterion(c).label) for c in self.target_criteria if c in TargetCriterion.values]

    def get_neglect_conditions_display(self) -> list[str]:
        return [str(NeglectCondition(c).label) for c in self.neglect_conditions if c in NeglectCondition.values]


class Mapping(models.Model):
    """Kortlægning: the SoS form filled in with the family (three columns plus agreements, domain.md §2.5)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="mappings")
    held_on = models.DateField(_("dato"))
    title = models.CharField(_("møde/anledning"), max_length=200)
    danger_statement = models.TextField(_("faresætninger"), blank=True, max_length=5000)
    safety_goal = models.TextField(_("sikkerhedsmål"), blank=True, max_length=5000)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bygger på")
    )
    finalized_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kortlægning")
        verbose_name_plural = _("kortlægninger")
        indexes = [models.Index(fields=["child", "-held_on"], name="mapping_child_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(finalized_at__isnull=True, finalized_by__isnull=True)
                | Q(finalized_at__isnull=False, finalized_by__isnull=False),
                name="mapping_finalized_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"

    def get_absolute_url(self) -> str:
        return reverse("safety:mapping_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.finalized_at is None


class MappingParticipant(models.Model):
    """Deltager: someone present at the mapping meeting, to whom entries are attributed."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("navn"), max_length=120)
    role = models.CharField(_("rolle"), max_length=20, choices=ParticipantRole.choices)
    person = models.ForeignKey("children.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("deltager")
        verbose_name_plural = _("deltagere")
        constraints = [models.UniqueConstraint(fields=["mapping", "name", "role"], name="mapping_participant_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display().lower()})"


class MappingEntry(models.Model):
    """One statement in the mapping, categorised and attributed to the participant who said it."""

    class Category(models.TextChoices):
        PAST_HARM = "past_harm", _("Tidligere skade")
        FUTURE_DANGER = "future_danger", _("Fremtidig fare")
        COMPLICATING_FACTORS = "complicating_factors", _("Komplicerende faktorer")
        STRENGTHS = "strengths", _("Styrker og ressourcer")
        EXISTING_SAFETY = "existing_safety", _("Eksisterende sikkerhed")
        FUTURE_SAFETY = "future_safety", _("Fremtidig sikkerhed")
        GOALS = "goals", _("Mål")
        NEXT_STEPS = "next_steps", _("Næste skridt")
        AGREEMENT = "agreement", _("Aftale")

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="entries")
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    text = models.TextField(_("tekst"), max_length=2000)
    said_by = models.ForeignKey(
        MappingParticipant, on_delete=models.PROTECT, related_name="entries", verbose_name=_("sagt af")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("punkt i kortlægningen")
        verbose_name_plural = _("punkter i kortlægningen")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def column(self) -> str:
        return rules.column_of(self.category)


DEFAULT_SCALING_QUESTION = _(
    "På en skala fra 0 til 10, hvor 10 betyder, at alle er sikre på, at barnet er trygt nok til, at sagen kan "
    "lukkes, og 0 betyder, at barnet skal anbringes nu – hvor vil du placere situationen i dag?"
)


class Scaling(models.Model):
    """Skalering: one scaling question asked on one day, with every participant's own score (domain.md §9)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="scalings")
    question = models.TextField(_("skaleringsspørgsmål"), max_length=1000)
    scored_on = models.DateField(_("dato"))
    note = models.TextField(_("bemærkning"), blank=True, max_length=5000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skalering")
        verbose_name_plural = _("skaleringer")
        indexes = [models.Index(fields=["child", "scored_on"], name="scaling_child_date")]

    def __str__(self) -> str:
        return f"{self.scored_on}"


class ScalingScore(models.Model):
    """One participant's score, an integer 0–10. Nobody's score is averaged away."""

    scaling = models.ForeignKey(Scaling, on_delete=models.CASCADE, related_name="scores")
    participant = models.CharField(_("deltager"), max_length=120)
    role = models.CharField(_("rolle"), max_length=20, choices=ParticipantRole.choices)
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scorer")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=rules.SCORE_MIN) & Q(score__lte=rules.SCORE_MAX), name="scaling_score_0_10"
            ),
            models.UniqueConstraint(
                fields=["scaling", "participant", "role"], name="scaling_score_one_per_participant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.score}"


class NetworkMember(models.Model):
    """Netværksperson: someone from the family's private network who has committed to the child's safety."""

    class Role(models.TextChoices):
        NETWORK_COORDINATOR = "network_coordinator", _("Netværkstovholder")
        SAFETY_PERSON = "safety_person", _("Sikkerhedsperson")
        SUPPORTER = "supporter", _("Støtteperson")

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="network_members")
    person = models.ForeignKey(
        "children.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person i barnets sag"),
    )
    name = models.CharField(_("navn"), max_length=120)
    relation = models.CharField(_("relation til barnet"), max_length=100, blank=True)
    role = models.CharField(_("rolle i netværket"), max_length=30, choices=Role.choices)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    commitment = models.TextField(_("har påtaget sig"), blank=True, max_length=5000)
    active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("netværksperson")
        verbose_name_plural = _("netværkspersoner")
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(role="network_coordinator", active=True),
                name="network_one_coordinator_per_child",
            )
        ]

    def __str__(self) -> str:
        return self.name


class NetworkMeeting(models.Model):
    """Netværksmøde: a meeting with the family's network, with who took part and the minutes."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="network_meetings")
    held_on = models.DateField(_("dato"))
    participants = models.ManyToManyField(
        NetworkMember, blank=True, related_name="meetings", verbose_name=_("deltagere fra netværket")
    )
    other_participants = models.CharField(_("andre deltagere"), max_length=500, blank=True)
    minutes = models.TextField(_("referat"), max_length=20000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("netværksmøde")
        verbose_name_plural = _("netværksmøder")
        indexes = [models.Index(fields=["child", "-held_on"], name="netmeeting_child_date")]

    def __str__(self) -> str:
        return f"{self.held_on}"


# What each safety-plan requirement is called in the UI (the API uses the codes; rules.py has the order).
REQUIREMENT_LABELS = {
    "agreements": _("Aftaler med familien"),
    "contacts": _("Kontaktliste (navn og telefonnummer)"),
    "network_coordinator": _("Netværkstovholder – eller en begrundelse for, at der ikke er en"),
    "child_explanation": _("Hvordan planen forklares for barnet"),
    "professional_agreements": _("Aftaler med fagpersoner"),
    "informed_persons": _("Information til personer omkring barnet"),
    "contingency": _("Hvad der sker, hvis der opstår nye bekymringer, eller planen ikke holder"),
}


class SafetyPlanQuerySet(models.QuerySet["SafetyPlan"]):
    def active(self) -> SafetyPlanQuerySet:
        return self.filter(status=SafetyPlan.Status.ACTIVE)


class SafetyPlan(models.Model):
    """Sikkerhedsplan: ONE version of a child's safety plan (domain.md §2.10, §9; contract §Safety plans).

    All versions of a plan share a `lineage`; `number` is the version number users and the API see. An
    approved version is never edited: a change is a new draft version, and the approved one stays in
    force until the new one is approved (then it becomes superseded). `version` is the optimistic lock.
    """

    class Level(models.TextChoices):
        MINIMUM = "minimum", _("Minimumsplan")
        DETAILED = "detailed", _("Detaljeret plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Udkast")
        ACTIVE = "active", _("Godkendt og gældende")
        SUPERSEDED = "superseded", _("Erstattet af en nyere version")
        ENDED = "ended", _("Afsluttet")
        DISCARDED = "discarded", _("Kasseret udkast")

    class Outcome(models.TextChoices):
        STAYED_HOME_AVOIDED_FOSTER_CARE = (
            "stayed_home_avoided_foster_care",
            _("Blev hjemme – undgik anbringelse i plejefamilie"),
        )
        STAYED_HOME_AVOIDED_INSTITUTION = (
            "stayed_home_avoided_institution",
            _("Blev hjemme – undgik anbringelse på institution/opholdssted"),
        )
        RETURNED_HOME = "returned_home", _("Hjemgivet efter anbringelse")
        MOVED_MUNICIPALITY = "moved_municipality", _("Flyttet til anden kommune (sagen overdraget)")
        PLACED_VOLUNTARY = "placed_voluntary", _("Anbragt med samtykke")
        PLACED_COMPULSORY = "placed_compulsory", _("Anbragt uden samtykke")
        OTHER = "other", _("Andet")

    class ExplanationMethod(models.TextChoices):
        WORDS_AND_PICTURES = "words_and_pictures", _("Ord og billeder")
        THREE_HOUSES = "three_houses", _("De tre huse")
        CONVERSATION = "conversation", _("Samtale")
        OTHER = "other", _("Andet")

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="safety_plans")
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    number = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("forrige version")
    )
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices, default=Level.MINIMUM)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)

    # The content (contract body shape); lists of small dicts, kept as JSON so every version is self-contained.
    agreements = models.JSONField(_("aftaler med familien"), default=list)
    contacts = models.JSONField(_("kontaktliste"), default=list)
    network_coordinator = models.JSONField(_("netværkstovholder"), null=True, blank=True)
    child_explanation = models.JSONField(_("forklaring til barnet"), null=True, blank=True)
    professional_agreements = models.JSONField(_("aftaler med fagpersoner"), default=list)
    informed_persons = models.JSONField(_("informerede personer omkring barnet"), default=list)
    contingency = models.TextField(_("hvis der opstår nye bekymringer eller planen ikke holder"), blank=True)
    danger_statement = models.TextField(_("faresætning"), blank=True)
    safety_goal = models.TextField(_("sikkerhedsmål"), blank=True)

    review_on = models.DateField(_("revurderes senest"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(_("erstattet"), null=True, blank=True)
    ended_on = models.DateField(_("afsluttet den"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("udfald"), max_length=40, choices=Outcome.choices, blank=True)
    compulsory_became_voluntary = models.BooleanField(_("forventet tvangsanbringelse blev frivillig"), default=False)
    outcome_note = models.TextField(_("bemærkning til udfaldet"), blank=True, max_length=5000)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = SafetyPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("sikkerhedsplan")
        verbose_name_plural = _("sikkerhedsplaner")
        indexes = [models.Index(fields=["child", "status"], name="safetyplan_child_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="active"), name="safety_plan_one_active_per_child"
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="draft"), name="safety_plan_one_draft_per_child"
            ),
            models.UniqueConstraint(fields=["lineage", "number"], name="safety_plan_unique_version"),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True, approved_by__isnull=True)
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="safety_plan_approved_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "superseded", "ended"])
                | Q(approved_at__isnull=False, review_on__isnull=False),
                name="safety_plan_in_force_was_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | (Q(ended_on__isnull=False, ended_by__isnull=False) & ~Q(outcome="")),
                name="safety_plan_ended_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(compulsory_became_voluntary=False) | Q(outcome="placed_voluntary"),
                name="safety_plan_flag_only_when_voluntary",
            ),
        ]

    def __str__(self) -> str:
        return f"Sikkerhedsplan v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("safety:plan_detail", args=[self.pk])

    def content(self) -> dict[str, object]:
        """The plan's sections as the contract names them."""
        return {
            "agreements": self.agreements,
            "contacts": self.contacts,
            "network_coordinator": self.network_coordinator,
            "child_explanation": self.child_explanation,
            "professional_agreements": self.professional_agreements,
            "informed_persons": self.informed_persons,
            "contingency": self.contingency,
            "danger_statement": self.danger_statement,
            "safety_goal": self.safety_goal,
        }

    @property
    def missing(self) -> list[str]:
        return rules.missing_requirements(self.level, self.content())

    @property
    def child_explanation_method_display(self) -> str:
        method = (self.child_explanation or {}).get("method")
        return str(self.ExplanationMethod(method).label) if method in self.ExplanationMethod.values else ""


def _story_image_path(instance: StoryImage, filename: str) -> str:
    # Never the uploaded name (it may hold a name); the unguessable id only.
    return f"safety/images/{instance.public_id.hex[:2]}/{instance.public_id.hex}"


class StoryImage(models.Model):
    """An uploaded picture or drawing (PNG/JPEG). Served only through an access-checked view by its UUID."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=_story_image_path)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("billede")
        verbose_name_plural = _("billeder")

    def __str__(self) -> str:
        return str(self.public_id)


class WordsAndPictures(models.Model):
    """Ord og billeder: the child's story told in numbered panels of simple words and pictures (domain.md §2.8)."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="words_and_pictures")
    title = models.CharField(_("titel"), max_length=200)
    made_with = models.CharField(_("lavet sammen med"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ord og billeder")
        verbose_name_plural = _("ord og billeder")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("safety:story_detail", args=[self.pk])


class StoryPanel(models.Model):
    """One numbered panel: a few simple sentences and, optionally, a picture or drawing."""

    story = models.ForeignKey(WordsAndPictures, on_delete=models.CASCADE, related_name="panels")
    position = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("tekst"), max_length=1000)
    image = models.ForeignKey(StoryImage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    image_description = models.CharField(_("billedbeskrivelse"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("billede i fortællingen")
        verbose_name_plural = _("billeder i fortællingen")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["story", "position"], name="story_panel_unique_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:40]}"


class ThreeHouses(models.Model):
    """De tre huse: a conversation with the child – worries, good things and dreams in the child's words."""

    class Setting(models.TextChoices):
        ALONE = "alone", _("Barnet alene")
        WITH_TRUSTED_PERSON = "with_trusted_person", _("Barnet sammen med en tryghedsperson")
        WITH_FAMILY = "with_family", _("Barnet sammen med familien")

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="three_houses")
    held_on = models.DateField(_("dato for samtalen"))
    setting = models.CharField(_("samtalen foregik med"), max_length=30, choices=Setting.choices)
    trusted_person = models.CharField(_("tryghedsperson"), max_length=120, blank=True)
    worries = models.TextField(_("bekymringernes hus"), blank=True, max_length=5000)
    good_things = models.TextField(_("de gode tings hus"), blank=True, max_length=5000)
    dreams = models.TextField(_("drømmenes hus"), blank=True, max_length=5000)
    note = models.TextField(_("rådgiverens note (kommer ikke med i barnets udgave)"), blank=True, max_length=5000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("de tre huse")
        verbose_name_plural = _("de tre huse")
        constraints = [
            models.CheckConstraint(
                condition=~Q(setting="with_trusted_person") | ~Q(trusted_person=""),
                name="three_houses_trusted_person_named",
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("safety:houses_detail", args=[self.pk])
