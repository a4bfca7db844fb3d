"""Forms of early intervention: the project's template texts, consultations, conversations, budget, expenses."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.reports.forms import DateInput

from .models import AGE_BAND_CHOICES, District, ProjectExpense


class EarlyProjectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Projekt"), max_length=200)
    leader = forms.CharField(label=_("Projektleder"), max_length=200, required=False)
    districts = forms.CharField(
        label=_("Distrikter"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ét distrikt pr. linje"),
    )
    goal = forms.CharField(label=_("Mål"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    target_group = forms.CharField(
        label=_("Målgruppe"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(
        label=_("Indhold/metode"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    progress = forms.CharField(
        label=_("Generel fremdrift og hovedkonklusioner"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    economy_explanation = forms.CharField(
        label=_("Forklaring på afvigelser i budget/regnskab"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evaluation_process = forms.CharField(
        label=_("Evalueringsresultater: proces"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evaluation_effect = forms.CharField(
        label=_("Evalueringsresultater: effekt (indikation af effekt for børnene)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organisational_learning = forms.CharField(
        label=_("Organisatorisk læring"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    links = forms.CharField(
        label=_("Sammenhæng med andre tidlige indsatser"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    future = forms.CharField(
        label=_("Fremtidsscenarier og justeringer"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def district_names(self) -> list[str]:
        return [line for line in self.cleaned_data.get("districts", "").splitlines() if line.strip()]


class _ProjectForm(forms.Form):
    def __init__(self, *args: Any, project_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "district" in self.fields:
            cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.filter(
                project_id=project_id
            )


class ConsultationForm(_ProjectForm):
    district = forms.ModelChoiceField(label=_("Distrikt"), queryset=District.objects.none())
    requested_on = forms.DateField(label=_("Dato for henvendelsen"), widget=DateInput)
    specific_child = forms.BooleanField(label=_("Drejer sig om et konkret barn"), required=False)
    age_band = forms.ChoiceField(
        label=_("Barnets alder (kun ved et konkret barn)"), choices=[("", "–"), *AGE_BAND_CHOICES], required=False
    )


class WellbeingConversationForm(_ProjectForm):
    district = forms.ModelChoiceField(label=_("Distrikt"), queryset=District.objects.none())
    held_on = forms.DateField(label=_("Dato for samtalen"), widget=DateInput)
    age_band = forms.ChoiceField(
        label=_("Barnets alder"),
        choices=[("", "–"), *AGE_BAND_CHOICES],
        error_messages={"required": _("Vælg barnets aldersgruppe.")},
    )
    parental_consent = forms.BooleanField(
        label=_("Forældrene har givet samtykke"),
        error_messages={"required": _("En trivselssamtale kræver forældrenes samtykke.")},
    )
    parents_meeting_on = forms.DateField(
        label=_("Dato for mødet med forældrene"),
        widget=DateInput,
        error_messages={"required": _("Der skal have været et møde med forældrene før samtalen.")},
    )


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("År"))
    amount = forms.IntegerField(label=_("Budget (kr.)"), min_value=0, max_value=10**12)


class ExpenseForm(forms.Form):
    booked_on = forms.DateField(label=_("Bogført"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Type"), choices=ProjectExpense.Kind.choices)
    amount = forms.IntegerField(label=_("Beløb (kr.)"), min_value=1, max_value=10**12)
    text = forms.CharField(label=_("Tekst"), max_length=200)
