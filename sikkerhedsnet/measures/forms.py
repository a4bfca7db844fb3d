"""Forms for the catalogue, legal bases, deciding measures, the staircase and plans. They parse and check
single fields; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.children.forms import DateInput
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.forms import form_check

from . import rules
from .models import Category, Goal, LegalBasis, Measure, Offer, Step

NEGATIVE = _("Beløbet kan ikke være negativt.")
CATEGORY_CHOICES = [("", _("Vælg kategori"))] + list(Category.choices)
STEP_CHOICES = [("", _("Vælg trin"))] + [(str(v), label) for v, label in Step.choices]
PLACEMENT_CHOICES = [("", _("Ikke en anbringelse"))] + list(Measure.PlacementType.choices)


def _money(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10_000_000,
        error_messages={"min_value": NEGATIVE, "invalid": _("Skriv et helt antal kroner.")},
    )


class LegalBasisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LegalBasis) -> str:
        period = f"{obj.valid_from:%d.%m.%Y}–{obj.valid_to:%d.%m.%Y}" if obj.valid_to else f"{obj.valid_from:%d.%m.%Y}–"
        return f"{obj.short} – {obj.title} ({period})"


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Offer) -> str:
        price = f"{obj.monthly_price:,}".replace(",", ".")
        return f"{obj.name} (trin {obj.step}, {price} kr./md.)"


class LegalBasisForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.SlugField(label=_("Kode"), max_length=40, help_text=_("Fx bl-32-1-5"))
    law = forms.ChoiceField(label=_("Lov"), choices=LegalBasis.Law.choices)
    paragraph = forms.CharField(label=_("Paragraf"), max_length=60, help_text=_("Fx § 32, stk. 1, nr. 5"))
    title = forms.CharField(label=_("Betegnelse"), max_length=200)
    applies_to = forms.ChoiceField(label=_("Anvendes til"), choices=LegalBasis.AppliesTo.choices)
    valid_from = forms.DateField(label=_("Gælder fra"), widget=DateInput)
    valid_to = forms.DateField(label=_("Gælder til"), widget=DateInput, required=False)
    replaces = LegalBasisChoiceField(
        label=_("Afløser (tidligere version)"), queryset=LegalBasis.objects.all(), required=False
    )
    verified = forms.BooleanField(label=_("Verificeret mod lovteksten"), required=False)
    source_note = forms.CharField(label=_("Kilde"), max_length=300, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        form_check(self, validation.date_order, data.get("valid_from"), data.get("valid_to"), field="valid_to")
        return data


class OfferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Navn"), max_length=150)
    kind = forms.ChoiceField(label=_("Type"), choices=Measure.Kind.choices)
    step = forms.TypedChoiceField(label=_("Trin på indsatstrappen"), choices=STEP_CHOICES, coerce=int)
    categories = forms.MultipleChoiceField(
        label=_("Børnelineal-kategorier, tilbuddet er til"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    placement_type = forms.ChoiceField(label=_("Anbringelsessted"), choices=PLACEMENT_CHOICES, required=False)
    legal_basis = LegalBasisChoiceField(
        label=_("Hjemmel (gældende version)"),
        queryset=LegalBasis.objects.all(),
        help_text=_("Tidligere versioner findes via hjemlens 'afløser'."),
    )
    provider = forms.CharField(label=_("Leverandør"), max_length=150)
    monthly_price = _money(_("Pris pr. måned (kr.)"))
    description = forms.CharField(
        label=_("Beskrivelse"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(label=_("Aktiv i tilbudsviften"), required=False, initial=True)


class MeasureFieldsForm(forms.Form):
    """The fields a decision and an edit share."""

    end_on = forms.DateField(label=_("Slutdato"), widget=DateInput, required=False)
    monthly_cost = _money(_("Pris pr. måned (kr.)"), required=False)
    provider = forms.CharField(label=_("Leverandør"), max_length=150, required=False)
    legal_basis = LegalBasisChoiceField(
        label=_("Hjemmel"),
        queryset=LegalBasis.objects.all(),
        required=False,
        empty_label=_("Udled af tilbud, samtykke og afgørelsesdato"),
    )
    purpose = forms.CharField(
        label=_("Formål og forventet varighed"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals_child = forms.CharField(label=_("Mål for barnet"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    goals_parents = forms.CharField(
        label=_("Mål for forældrene"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    child_plan_required = forms.BooleanField(
        label=_("Der laves en plan for barnet (barnets plan)"),
        required=False,
        initial=True,
        help_text=_("Altid ved anbringelse."),
    )
    parallel_investigation_concluded_on = forms.DateField(
        label=_("Sideløbende børnefaglig undersøgelse afsluttet"),
        widget=DateInput,
        required=False,
        help_text=_("Efter lovens minimum kommer første opfølgning så allerede her, hvis det er før 3 måneder."),
    )
    # Placement (anbringelse)
    placement_type = forms.ChoiceField(label=_("Anbringelsessted"), choices=PLACEMENT_CHOICES, required=False)
    consent = forms.ChoiceField(
        label=_("Samtykke"),
        choices=Measure.Consent.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    young_person_consent = forms.BooleanField(label=_("Den unge (fyldt 15 år) har givet samtykke"), required=False)
    committee_decided_on = forms.DateField(
        label=_("Børne- og ungeudvalgets afgørelsesdato"), widget=DateInput, required=False
    )
    committee_reference = forms.CharField(
        label=_("Børne- og ungeudvalgets afgørelse (sags- eller punktnummer)"), max_length=200, required=False
    )
    return_home_plan = forms.CharField(
        label=_("Plan for hjemgivelse (lavet med forældrene før anbringelsen)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    return_home_plan_made_on = forms.DateField(
        label=_("Hjemgivelsesplanen er lavet den"), widget=DateInput, required=False
    )
    return_home_exclusion = forms.ChoiceField(
        label=_("Eller: undtagelse fra hjemgivelsesplan"),
        choices=[("", _("Ingen undtagelse"))] + list(Measure.ReturnHomeExclusion.choices),
        required=False,
    )
    return_home_exclusion_note = forms.CharField(
        label=_("Dokumentation for undtagelsen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    PLACEMENT_FIELDS = (
        "placement_type",
        "consent",
        "young_person_consent",
        "committee_decided_on",
        "committee_reference",
        "return_home_plan",
        "return_home_plan_made_on",
        "return_home_exclusion",
        "return_home_exclusion_note",
    )

    def placement_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PLACEMENT_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        form_check(self, validation.date_order, data.get("start_on"), data.get("end_on"), field="end_on")
        return data


class MeasureDecideForm(MeasureFieldsForm):
    offer = OfferChoiceField(label=_("Indsats fra tilbudsviften"), queryset=Offer.objects.none())
    category = forms.ChoiceField(label=_("Barnets Børnelineal-kategori"), choices=CATEGORY_CHOICES)
    decided_on = forms.DateField(label=_("Afgørelsesdato"), widget=DateInput)
    start_on = forms.DateField(label=_("Startdato"), widget=DateInput)
    staircase_reason = forms.CharField(
        label=_("Begrundelse, hvis barnet flyttes op ad indsatstrappen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hvorfor er en mindre indgribende indsats ikke nok?"),
    )
    urgent_reason = forms.CharField(
        label=_("Begrundelse for akut anbringelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kun når anbringelsen ikke kan vente på den afsluttede børnefaglige undersøgelse (og ved anbringelse "
            "uden samtykke barnets plan): hvorfor er den akut? (Barnets lov § 46 og § 143)"
        ),
    )

    field_order = [
        "offer",
        "category",
        "decided_on",
        "start_on",
        "end_on",
        "monthly_cost",
        "provider",
        "legal_basis",
        "purpose",
        "goals_child",
        "goals_parents",
        "child_plan_required",
        "staircase_reason",
        "parallel_investigation_concluded_on",
    ]

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OfferChoiceField, self.fields["offer"]).queryset = Offer.objects.filter(
            municipality_id=municipality_id, active=True
        ).order_by("step", "name")

    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.field_order]

    def placement_fields(self) -> list[forms.BoundField]:
        return [*super().placement_fields(), self["urgent_reason"]]


class MeasureEditForm(MeasureFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_reason = forms.CharField(label=_("Begrundelse for ophør"), max_length=500, required=False)

    GENERAL = (
        "end_on",
        "end_reason",
        "monthly_cost",
        "provider",
        "legal_basis",
        "purpose",
        "goals_child",
        "goals_parents",
        "child_plan_required",
        "parallel_investigation_concluded_on",
    )

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        self.measure = measure
        super().__init__(*args, **kwargs)
        self.fields["monthly_cost"].required = True
        if not measure.is_placement:
            for name in self.PLACEMENT_FIELDS:
                del self.fields[name]

    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.GENERAL]

    def placement_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PLACEMENT_FIELDS if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        form_check(self, validation.date_order, self.measure.start_on, data.get("end_on"), field="end_on")
        return data


class StaircaseMoveForm(forms.Form):
    moved_on = forms.DateField(label=_("Dato"), widget=DateInput)
    to_step = forms.TypedChoiceField(
        label=_("Trin på indsatstrappen"),
        choices=[("", _("Ingen indsats (forlader trappen)"))] + [(str(v), label) for v, label in Step.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    category = forms.ChoiceField(label=_("Børnelineal-kategori"), choices=CATEGORY_CHOICES, required=False)
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, når barnet flyttes op ad trappen."),
    )


class ActionPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    made_on = forms.DateField(label=_("Planen er lavet den"), widget=DateInput)
    participants = forms.CharField(
        label=_("Hvem var med til at sætte målene"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fx barnet, mor, far, skolen, plejefamilien."),
    )
    step_down_plan = forms.CharField(
        label=_("Nedtrapningsplan (vejen ned ad trappen)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    family_support = forms.CharField(
        label=_("Støtte til familien under anbringelsen og efter hjemgivelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measures = forms.MultipleChoiceField(
        label=_("Planen omfatter indsatserne"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, measure_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["measures"]).choices = measure_choices


class GoalForm(forms.Form):
    for_whom = forms.ChoiceField(label=_("Mål for"), choices=Goal.For.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Mål"), max_length=500)
    measure = forms.ChoiceField(label=_("Knyttet til indsats"), required=False)

    def __init__(self, *args: Any, measure_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["measure"]).choices = [("", _("Ingen bestemt indsats")), *measure_choices]


def step_label(step: int | None) -> str:
    return str(Step(step).label) if step in rules.STEPS else "–"
