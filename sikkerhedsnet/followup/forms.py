"""Forms for holding a follow-up, the municipality's follow-up settings and the schedule explorer."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.children.forms import DateInput
from sikkerhedsnet.measures.models import Goal, Measure, Step

from .models import FollowUp, GoalReview
from .policies import MAX_COUNT, POLICIES
from .rules import SlotState, SlotView

ATTAINMENT_CHOICES = [("", _("Ikke vurderet"))] + [(str(v), label) for v, label in GoalReview.Attainment.choices]


class HoldForm(forms.Form):
    measure_version = forms.IntegerField(widget=forms.HiddenInput)
    policy_token = forms.IntegerField(widget=forms.HiddenInput)
    due_on = forms.TypedChoiceField(label=_("Opfølgningen planlagt til"), coerce=date.fromisoformat)
    held_on = forms.DateField(label=_("Afholdt den"), widget=DateInput)
    method = forms.ChoiceField(label=_("Mødeform"), choices=FollowUp.Method.choices, widget=forms.RadioSelect)
    participants = forms.MultipleChoiceField(
        label=_("Deltagere"),
        choices=FollowUp.Participant.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Angiv hvem der deltog.")},
    )
    participants_other = forms.CharField(label=_("Andre deltagere"), max_length=300, required=False)
    child_heard = forms.BooleanField(label=_("Barnet er hørt (samtale eller anden direkte kontakt)"), required=False)
    child_not_heard_reason = forms.CharField(
        label=_("Hvis barnet ikke er hørt: hvorfor"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    parents_heard = forms.BooleanField(label=_("Forældrene er hørt"), required=False)
    summary = forms.CharField(
        label=_("Referat"), max_length=8000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decision = forms.ChoiceField(label=_("Beslutning"), choices=FollowUp.Decision.choices, widget=forms.RadioSelect)
    decision_reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes ved justering, ved afslutning og når barnet flyttes op ad trappen."),
    )
    new_step = forms.TypedChoiceField(
        label=_("Nyt trin (ved op eller ned ad trappen)"),
        choices=[("", _("Uændret"))] + [(str(v), label) for v, label in Step.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    end_on = forms.DateField(
        label=_("Slutdato (ved afslutning)"),
        widget=DateInput,
        required=False,
        help_text=_("Tom: afholdelsesdatoen."),
    )
    next_every_months = forms.IntegerField(
        label=_("Fremover følges der op hver (måneder)"), min_value=1, max_value=24, required=False, initial=6
    )
    cadence_reason = forms.CharField(
        label=_("Begrundelse for kadencen"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    MEETING = (
        "due_on",
        "held_on",
        "method",
        "participants",
        "participants_other",
        "child_heard",
        "child_not_heard_reason",
        "parents_heard",
        "summary",
    )
    DECISION = ("decision", "decision_reason", "new_step", "end_on")
    CADENCE = ("next_every_months", "cadence_reason")

    def __init__(
        self,
        *args: Any,
        open_slots: list[SlotView],
        goals: list[Goal],
        sets_cadence: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        self.sets_cadence = sets_cadence
        cast(forms.TypedChoiceField, self.fields["due_on"]).choices = [
            (
                slot.due_on.isoformat(),
                _("%(date)s (overskredet)") % {"date": date_format(slot.due_on, "j. F Y")}
                if slot.state == SlotState.OVERDUE
                else date_format(slot.due_on, "j. F Y"),
            )
            for slot in open_slots
        ]
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=goal.text, choices=ATTAINMENT_CHOICES, required=False
            )
            self.fields[f"goal_{goal.pk}_note"] = forms.CharField(label=_("Bemærkning"), max_length=500, required=False)
        if not sets_cadence:
            for name in self.CADENCE:
                del self.fields[name]

    def meeting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MEETING]

    def decision_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DECISION]

    def cadence_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CADENCE if name in self.fields]

    def goal_rows(self) -> list[tuple[Goal, forms.BoundField, forms.BoundField]]:
        return [(g, self[f"goal_{g.pk}"], self[f"goal_{g.pk}_note"]) for g in self.goals]

    def goal_reviews(self) -> list[tuple[int, int, str]]:
        reviews = []
        for goal in self.goals:
            value = self.cleaned_data.get(f"goal_{goal.pk}")
            if value not in (None, ""):
                reviews.append((goal.pk, int(value), self.cleaned_data.get(f"goal_{goal.pk}_note") or ""))
        return reviews


class PolicyForm(forms.Form):
    policy_token = forms.IntegerField(widget=forms.HiddenInput)
    policy_code = forms.ChoiceField(
        label=_("Kommunens opfølgningspolitik"),
        choices=[(code, policy.name) for code, policy in POLICIES.items()],
        widget=forms.RadioSelect,
    )
    effective_from = forms.DateField(
        label=_("Gælder fra"),
        widget=DateInput,
        required=False,
        help_text=_("Tom: fra i dag. En dato, der er gået, kan ikke vælges."),
    )


class CaseloadTargetForm(forms.Form):
    expected_low = forms.IntegerField(widget=forms.HiddenInput)
    expected_high = forms.IntegerField(widget=forms.HiddenInput)
    low = forms.IntegerField(label=_("Sagstal, mål (mindst)"), min_value=1, max_value=200)
    high = forms.IntegerField(label=_("Sagstal, mål (højst)"), min_value=1, max_value=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("low") and data.get("high") and data["low"] > data["high"]:
            self.add_error("high", _("Minimum må ikke være større end maksimum."))
        return data


class ScheduleForm(forms.Form):
    policy = forms.ChoiceField(label=_("Politik"), choices=[(code, p.name) for code, p in POLICIES.items()])
    measure_kind = forms.ChoiceField(label=_("Type af indsats"), choices=Measure.Kind.choices)
    start = forms.DateField(label=_("Startdato"), widget=DateInput)
    count = forms.IntegerField(label=_("Antal datoer"), min_value=1, max_value=MAX_COUNT, initial=12)
    ongoing = forms.BooleanField(
        label=_("Anbringelsen kørte allerede, da politikken blev vedtaget (startdato = vedtagelsesdato)"),
        required=False,
    )
