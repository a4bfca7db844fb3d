"""Forms of evaluations: set-up, lottery, snapshots and the follow-up round to compare."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.reports.forms import DateInput

from .models import Evaluation
from .rules import CATEGORIES, STEPS


class PoolField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        team = obj.team.name if obj.team is not None else ""
        return f"{obj.get_full_name() or obj.username} ({team})"


class EvaluationForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    baseline_on = forms.DateField(label=_("Baseline (udgangspunkt)"), widget=DateInput)
    unit = forms.ChoiceField(label=_("Lodtrækning blandt"), choices=Evaluation.Unit.choices, widget=forms.RadioSelect)
    new_model_share = forms.IntegerField(label=_("Andel til ny model (%)"), min_value=1, max_value=99, initial=50)
    pool = PoolField(label=_("Rådgivere i forsøget"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if municipality_id is None:
            return  # no municipality, no pool: it stays empty (as the filter on None left it)
        cast(PoolField, self.fields["pool"]).queryset = (
            User.objects.filter(
                role__in=[Role.CASEWORKER, Role.SOS_CONSULTANT],
                is_active=True,
                team__department__municipality_id=municipality_id,
            )
            .select_related("team")
            .order_by("team__name", "first_name", "username")
        )


class LotteryForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        max_value=2**62 - 1,
        help_text=_("Tom: systemet trækker et tilfældigt seed. Seedet gemmes, så lodtrækningen kan genskabes."),
    )


class SnapshotDateForm(forms.Form):
    taken_on = forms.DateField(label=_("Målingens dato"), widget=DateInput)


CATEGORY_CHOICES = [("", "–")] + [(c, c) for c in CATEGORIES]
STEP_CHOICES = [("", "–")] + [(str(s), str(s)) for s in STEPS]


class SnapshotForm(SnapshotDateForm):
    """Manual entry: one category and step per participant (until the measures data provides them)."""

    def __init__(self, *args: Any, child_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child_ids = child_ids
        for child_id in child_ids:
            self.fields[f"category_{child_id}"] = forms.ChoiceField(
                label=_("Børnelineal"), choices=CATEGORY_CHOICES, required=False
            )
            self.fields[f"step_{child_id}"] = forms.ChoiceField(label=_("Trin"), choices=STEP_CHOICES, required=False)

    def positions(self) -> dict[int, tuple[str | None, int | None]]:
        data = self.cleaned_data
        result = {}
        for child_id in self.child_ids:
            category = data.get(f"category_{child_id}") or None
            step = data.get(f"step_{child_id}")
            result[child_id] = (category, int(step) if step else None)
        return result


class FollowUpChoiceForm(forms.Form):
    follow_up_on = forms.DateField(label=_("Sammenlign baseline med måling"), required=False, widget=DateInput)
