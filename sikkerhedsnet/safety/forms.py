"""Forms of the safety app: parse and validate input; the services decide and save."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.children.forms import DateInput
from sikkerhedsnet.children.models import Child, Person
from sikkerhedsnet.core.forms import PhoneField, not_in_future, required_when

from . import rules
from .models import (
    DEFAULT_SCALING_QUESTION,
    Criterion,
    Mapping,
    MappingEntry,
    MappingParticipant,
    NeglectCondition,
    NetworkMember,
    ParticipantRole,
    SafetyPlan,
    TargetCriterion,
    ThreeHouses,
)

TEXTAREA_SMALL = {"rows": 2}
TEXTAREA = {"rows": 4}


def persons_of(child: Child) -> QuerySet[Person]:
    """The people registered on the child's record (parents, family, network)."""
    return Person.objects.filter(relations__child=child).distinct().order_by("first_name", "last_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        kinds = ", ".join(sorted({r.get_kind_display() for r in obj.relations.all()}))
        return f"{obj} ({kinds.lower()})" if kinds else str(obj)


# --- Target group --------------------------------------------------------------------------------------------


class TargetGroupForm(forms.Form):
    assessed_on = forms.DateField(label=_("Vurderet den"), widget=DateInput)
    criteria = forms.MultipleChoiceField(
        label=_("Hvilke situationer er barnet i?"),
        choices=Criterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_criteria = forms.MultipleChoiceField(
        label=_("Målgruppekriterier (Roskilde)"),
        help_text=_("Afkryds de af de fire kriterier, der er opfyldt. De registreres med vurderingen."),
        choices=TargetCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    neglect_conditions = forms.MultipleChoiceField(
        label=_("Forhold om omsorgssvigt"),
        help_text=_("Grov og gentagen omsorgssvigt: mindst 2 af de 6 forhold forekommer gentagne gange."),
        choices=NeglectCondition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    neglect_repeated = forms.BooleanField(label=_("De afkrydsede forhold forekommer gentagne gange"), required=False)
    note = forms.CharField(
        label=_("Rådgiverens begrundelse og bemærkninger"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def clean_assessed_on(self) -> Any:
        return not_in_future(self.cleaned_data["assessed_on"])


# --- Mapping -------------------------------------------------------------------------------------------------


class MappingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Mapping) -> str:
        return f"{date_format(obj.held_on, 'j. M Y')} – {obj.title}"


class MappingCreateForm(forms.Form):
    held_on = forms.DateField(label=_("Dato for mødet"), widget=DateInput)
    title = forms.CharField(
        label=_("Møde/anledning"), max_length=200, help_text=_("Fx netværksmøde i hjemmet eller underretningsmøde")
    )
    based_on = MappingChoiceField(
        label=_("Start fra en tidligere kortlægning"),
        help_text=_("Deltagere, punkter, faresætninger og sikkerhedsmål kopieres, så I kan se udviklingen."),
        queryset=Mapping.objects.none(),
        required=False,
        empty_label=_("Nej, start forfra"),
    )

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MappingChoiceField, self.fields["based_on"]).queryset = child.mappings.order_by("-held_on", "-id")

    def clean_held_on(self) -> Any:
        return not_in_future(self.cleaned_data["held_on"])


class ParticipantForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person fra barnets sag"), queryset=Person.objects.none(), required=False, empty_label=_("Ingen valgt")
    )
    name = forms.CharField(
        label=_("Navn"), max_length=120, required=False, help_text=_("Udfyldes, hvis personen ikke er valgt ovenfor")
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=ParticipantRole.choices)

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        kwargs["prefix"] = "participant"
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = persons_of(child).prefetch_related("relations")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("name") or "").strip():
            self.add_error("name", _("Vælg en person eller skriv et navn."))
        return data


class EntryForm(forms.Form):
    """One statement into one column; the categories offered are that column's."""

    category = forms.ChoiceField(label=_("Kategori"))
    text = forms.CharField(label=_("Hvad blev sagt"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA_SMALL))
    said_by = forms.ModelChoiceField(
        label=_("Sagt af"), queryset=MappingParticipant.objects.none(), empty_label=_("Vælg deltager")
    )

    def __init__(self, *args: Any, mapping: Mapping, column: str, **kwargs: Any) -> None:
        kwargs["prefix"] = column
        super().__init__(*args, **kwargs)
        labels = dict(MappingEntry.Category.choices)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            (c, labels[c]) for c in rules.MAPPING_COLUMNS[column]
        ]
        cast(forms.ModelChoiceField, self.fields["said_by"]).queryset = mapping.participants.order_by("pk")
        if column == "agreements":
            self.fields["category"].widget = forms.HiddenInput()
            self.fields["category"].initial = "agreement"
            self.fields["text"].label = _("Aftale")
            self.fields["said_by"].label = _("Foreslået af")


class StatementsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    danger_statement = forms.CharField(
        label=_("Faresætninger"),
        help_text=_("Hvad er myndighedens bekymring for, hvad der kan ske barnet, hvis intet ændres?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    safety_goal = forms.CharField(
        label=_("Sikkerhedsmål"),
        help_text=_("Hvad skal familien og netværket vise, for at sagen kan lukkes?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Sammenlign"))
    b = forms.IntegerField(label=_("med"))


# --- Scaling -------------------------------------------------------------------------------------------------

SCORE_CHOICES = [("", "–")] + [(str(i), str(i)) for i in range(rules.SCORE_MIN, rules.SCORE_MAX + 1)]


class ScalingForm(forms.Form):
    scored_on = forms.DateField(label=_("Dato"), widget=DateInput)
    question = forms.CharField(
        label=_("Skaleringsspørgsmål"),
        max_length=1000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Kan omformuleres; et nyt spørgsmål får sin egen graf."),
    )
    note = forms.CharField(
        label=_("Bemærkning"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA_SMALL)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].initial = DEFAULT_SCALING_QUESTION

    def clean_scored_on(self) -> Any:
        return not_in_future(self.cleaned_data["scored_on"])


class ScoreRowForm(forms.Form):
    participant = forms.CharField(label=_("Deltager"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=[("", "–"), *ParticipantRole.choices], required=False)
    score = forms.TypedChoiceField(
        label=_("Score (0–10)"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = (
            bool((data.get("participant") or "").strip()) or data.get("score") is not None or bool(data.get("role"))
        )
        if filled:
            if not (data.get("participant") or "").strip():
                self.add_error("participant", _("Skriv deltagerens navn."))
            if not data.get("role"):
                self.add_error("role", _("Vælg en rolle."))
            if data.get("score") is None:
                self.add_error("score", _("Vælg en score fra 0 til 10."))
        return data


ScoreFormSet = forms.formset_factory(ScoreRowForm, extra=0, max_num=30, absolute_max=30)


# --- Network -------------------------------------------------------------------------------------------------


class NetworkMemberForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person fra barnets sag"), queryset=Person.objects.none(), required=False, empty_label=_("Ingen valgt")
    )
    name = forms.CharField(
        label=_("Navn"), max_length=120, required=False, help_text=_("Udfyldes, hvis personen ikke er valgt ovenfor")
    )
    relation = forms.CharField(
        label=_("Relation til barnet"), max_length=100, required=False, help_text=_("Fx mormor, nabo, fodboldtræner")
    )
    role = forms.ChoiceField(label=_("Rolle i netværket"), choices=NetworkMember.Role.choices)
    phone = PhoneField(label=_("Telefon"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    commitment = forms.CharField(
        label=_("Har påtaget sig"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = persons_of(child).prefetch_related("relations")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("name") or "").strip():
            self.add_error("name", _("Vælg en person eller skriv et navn."))
        return data


class NetworkMemberEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Navn"), max_length=120)
    relation = forms.CharField(label=_("Relation til barnet"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Rolle i netværket"), choices=NetworkMember.Role.choices)
    phone = PhoneField(label=_("Telefon"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    commitment = forms.CharField(
        label=_("Har påtaget sig"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    active = forms.BooleanField(label=_("Aktiv i netværket"), required=False)


class NetworkMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DateInput)
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagere fra netværket"),
        queryset=NetworkMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_participants = forms.CharField(
        label=_("Andre deltagere"), max_length=500, required=False, help_text=_("Fx forældre, rådgiver, lærer")
    )
    minutes = forms.CharField(label=_("Referat"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["participants"]).queryset = child.network_members.filter(
            active=True
        ).order_by("name")

    def clean_held_on(self) -> Any:
        return not_in_future(self.cleaned_data["held_on"])


# --- Safety plan ---------------------------------------------------------------------------------------------


class AgreementRowForm(forms.Form):
    text = forms.CharField(
        label=_("Aftale"), max_length=2000, required=False, widget=forms.Textarea(attrs=TEXTAREA_SMALL)
    )
    responsible = forms.CharField(label=_("Hvem"), max_length=200, required=False)


class ContactRowForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=120, required=False)
    phone = PhoneField(label=_("Telefon"), required=False)
    relation = forms.CharField(label=_("Relation/rolle"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("phone") or data.get("relation")) and not (data.get("name") or "").strip():
            self.add_error("name", _("Skriv et navn."))
        return data


class InformedRowForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=120, required=False)
    relation = forms.CharField(label=_("Relation/rolle"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("relation") and not (data.get("name") or "").strip():
            self.add_error("name", _("Skriv et navn."))
        return data


class _AgreementRows(forms.BaseFormSet):
    def clean(self) -> None:
        for form in self.forms:
            if form.cleaned_data.get("responsible") and not (form.cleaned_data.get("text") or "").strip():
                form.add_error("text", _("Skriv aftalen."))


AgreementFormSet = forms.formset_factory(AgreementRowForm, formset=_AgreementRows, extra=0, max_num=50, absolute_max=50)
ContactFormSet = forms.formset_factory(ContactRowForm, extra=0, max_num=50, absolute_max=50)
InformedFormSet = forms.formset_factory(InformedRowForm, extra=0, max_num=50, absolute_max=50)

ROW_SECTIONS = {
    "agreements": AgreementFormSet,
    "contacts": ContactFormSet,
    "professional_agreements": AgreementFormSet,
    "informed_persons": InformedFormSet,
}
BLANK_ROWS = 2  # empty rows offered under the filled ones
MORE_ROWS = 3  # added by the "Flere rækker" button (works without JavaScript)


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    level = forms.ChoiceField(label=_("Niveau"), choices=SafetyPlan.Level.choices, widget=forms.RadioSelect)
    danger_statement = forms.CharField(
        label=_("Faresætning"),
        help_text=_("Hvad er bekymringen for barnet, hvis intet ændres? (fra kortlægningen)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    safety_goal = forms.CharField(
        label=_("Sikkerhedsmål"),
        help_text=_("Hvad skal være på plads, for at alle er trygge ved barnets sikkerhed?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    coordinator_name = forms.CharField(label=_("Netværkstovholderens navn"), max_length=120, required=False)
    coordinator_phone = PhoneField(label=_("Netværkstovholderens telefon"), required=False)
    coordinator_none_reason = forms.CharField(
        label=_("Eller: begrundelse for, at der ikke er en netværkstovholder"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA_SMALL),
    )
    explanation_method = forms.ChoiceField(
        label=_("Sådan forklares planen for barnet"),
        choices=[("", _("Ikke valgt endnu")), *SafetyPlan.ExplanationMethod.choices],
        required=False,
    )
    explanation_text = forms.CharField(
        label=_("Hvordan og hvornår (fx hvem fortæller, med hvilket materiale)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA_SMALL),
    )
    contingency = forms.CharField(
        label=_("Hvis der opstår nye bekymringer, eller planen ikke holder"),
        help_text=_("Hvem gør hvad, og hvem kontaktes?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("coordinator_name") and data.get("coordinator_none_reason"):
            self.add_error(
                "coordinator_none_reason",
                _("Angiv enten en netværkstovholder eller en begrundelse for, at der ikke er en – ikke begge."),
            )
        if data.get("coordinator_phone") and not data.get("coordinator_name"):
            self.add_error("coordinator_name", _("Skriv netværkstovholderens navn."))
        if data.get("explanation_method") == "other" and not data.get("explanation_text"):
            self.add_error("explanation_text", _("Beskriv hvordan planen forklares for barnet."))
        return data


def plan_initial(plan: SafetyPlan | None, *, content: dict[str, Any] | None = None) -> dict[str, Any]:
    """The main form's initial values from a plan version (or from proposed content)."""
    source: dict[str, Any] = dict(content or {})
    if plan is not None:
        source = {"level": plan.level, **plan.content()}
    coordinator = source.get("network_coordinator") or {}
    explanation = source.get("child_explanation") or {}
    return {
        "version": plan.version if plan else None,
        "level": source.get("level") or SafetyPlan.Level.MINIMUM,
        "danger_statement": source.get("danger_statement", ""),
        "safety_goal": source.get("safety_goal", ""),
        "coordinator_name": coordinator.get("name", ""),
        "coordinator_phone": coordinator.get("phone", ""),
        "coordinator_none_reason": coordinator.get("none_reason", ""),
        "explanation_method": explanation.get("method", ""),
        "explanation_text": explanation.get("text", ""),
        "contingency": source.get("contingency", ""),
    }


def plan_content_from_forms(form: PlanForm, formsets: dict[str, forms.BaseFormSet]) -> dict[str, Any]:
    """The contract's body shape from the validated form and row formsets."""
    data = form.cleaned_data
    content: dict[str, Any] = {
        section: [
            {k: v for k, v in row.cleaned_data.items() if k != "DELETE"}
            for row in formset.forms
            if row.cleaned_data and any((v or "").strip() for v in row.cleaned_data.values() if isinstance(v, str))
        ]
        for section, formset in formsets.items()
    }
    if data.get("coordinator_name"):
        content["network_coordinator"] = {"name": data["coordinator_name"], "phone": data.get("coordinator_phone", "")}
    elif data.get("coordinator_none_reason"):
        content["network_coordinator"] = {"none_reason": data["coordinator_none_reason"]}
    else:
        content["network_coordinator"] = None
    if data.get("explanation_method") or data.get("explanation_text"):
        content["child_explanation"] = {
            "method": data.get("explanation_method", ""),
            "text": data.get("explanation_text", ""),
        }
    else:
        content["child_explanation"] = None
    for key in ("contingency", "danger_statement", "safety_goal"):
        content[key] = data.get(key, "")
    return content


class ApproveForm(forms.Form):
    review_on = forms.DateField(
        label=_("Planen revurderes senest"),
        help_text=_("Datoen kommer på rådgiverens frister (Mine sager)."),
        widget=DateInput,
    )

    def clean_review_on(self) -> Any:
        value = self.cleaned_data["review_on"]
        if not rules.review_on_allowed(value, today=timezone.localdate()):
            raise forms.ValidationError(_("Revurderingsdatoen skal ligge fra i dag og højst 12 måneder frem."))
        return value


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Planen afsluttes den"), widget=DateInput)
    outcome = forms.ChoiceField(
        label=_("Hvordan gik det barnet?"), choices=SafetyPlan.Outcome.choices, widget=forms.RadioSelect
    )
    compulsory_became_voluntary = forms.BooleanField(
        label=_("En forventet tvangsanbringelse blev i stedet frivillig"), required=False
    )
    note = forms.CharField(
        label=_("Bemærkning"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA_SMALL)
    )

    def clean_ended_on(self) -> Any:
        return not_in_future(self.cleaned_data["ended_on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("compulsory_became_voluntary") and data.get("outcome") != SafetyPlan.Outcome.PLACED_VOLUNTARY:
            self.add_error("compulsory_became_voluntary", _("Kan kun markeres, når barnet er anbragt med samtykke."))
        return data


# --- Words & Pictures, Three Houses ---------------------------------------------------------------------------


class StoryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Titel"), max_length=200, help_text=_("Fx »Historien om Ida og hendes familie«"))
    made_with = forms.CharField(
        label=_("Lavet sammen med"), max_length=300, required=False, help_text=_("Fx mor, far, mormor og rådgiveren")
    )


class PanelForm(forms.Form):
    text = forms.CharField(
        label=_("Tekst (korte, enkle sætninger)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    image = forms.FileField(label=_("Billede eller tegning (PNG eller JPEG, højst 5 MB)"), required=False)
    image_description = forms.CharField(
        label=_("Kort beskrivelse af billedet"),
        max_length=200,
        required=False,
        help_text=_("Læses op af skærmlæsere, fx »Tegning af huset med mor og Ida«"),
    )


class ThreeHousesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = forms.DateField(label=_("Dato for samtalen"), widget=DateInput)
    setting = forms.ChoiceField(
        label=_("Samtalen foregik med"), choices=ThreeHouses.Setting.choices, widget=forms.RadioSelect
    )
    trusted_person = forms.CharField(
        label=_("Tryghedsperson"),
        max_length=120,
        required=False,
        help_text=_("Udfyldes, når en tryghedsperson var med"),
    )
    worries = forms.CharField(
        label=_("Bekymringernes hus"),
        help_text=_("Barnets egne ord: hvad er svært, hvad gør dig bange eller ked af det?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    good_things = forms.CharField(
        label=_("De gode tings hus"),
        help_text=_("Barnets egne ord: hvad er godt, hvem hjælper dig?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    dreams = forms.CharField(
        label=_("Drømmenes hus"),
        help_text=_("Barnets egne ord: hvordan ville det være, hvis alt var godt?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    note = forms.CharField(
        label=_("Rådgiverens note (kommer ikke med i barnets udgave)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA_SMALL),
    )

    def clean_held_on(self) -> Any:
        return not_in_future(self.cleaned_data["held_on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("setting") == ThreeHouses.Setting.WITH_TRUSTED_PERSON and not data.get("trusted_person"):
            self.add_error("trusted_person", _("Skriv hvem tryghedspersonen er."))
        if not (data.get("worries") or data.get("good_things") or data.get("dreams")):
            self.add_error("worries", _("Skriv barnets ord i mindst ét af husene."))
        return data


def rows_from_data(data: Any, prefix: str, fields: tuple[str, ...], *, limit: int = 50) -> list[dict[str, str]]:
    """The rows a user typed into a formset, read as plain values (to re-show them with more blank rows)."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    return [{f: data.get(f"{prefix}-{i}-{f}", "") for f in fields} for i in range(max(0, min(total, limit)))]


# Optional fields that clean() requires in some cases are labelled with that case, never "(valgfri)" (issue #14).
required_when(ParticipantForm.base_fields["name"], _("eller vælg en person"))
required_when(NetworkMemberForm.base_fields["name"], _("eller vælg en person"))
for _row in (ScoreRowForm, ContactRowForm, InformedRowForm):
    for _name in ("participant", "role", "name"):
        if _name in _row.base_fields:
            required_when(_row.base_fields[_name], _("skal udfyldes i en udfyldt række"))
required_when(PlanForm.base_fields["coordinator_name"], _("skal udfyldes, når der er et telefonnummer"))
required_when(PlanForm.base_fields["explanation_text"], _("skal udfyldes, når metoden er »Andet«"))
required_when(ThreeHousesForm.base_fields["trusted_person"], _("skal udfyldes, når samtalen er med en tryghedsperson"))
required_when(ThreeHousesForm.base_fields["worries"], _("udfyld mindst ét af de tre huse"))
