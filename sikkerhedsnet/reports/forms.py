"""Forms of the reports app: they parse and validate input; services save and the rules compute."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.core.forms import not_in_future

from .models import (
    AGE_BAND_CHOICES,
    District,
    Evaluation,
    FitScore,
    InvolvementResponse,
    ProjectExpense,
)
from .rules.evaluation import CATEGORIES, STEPS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_kroner(text: str) -> int | str:
    """ "950.000", "950 000" or "950000" → 950000. Anything else is returned as typed, for the rule to reject
    with its clear message (so the user's input is never silently changed)."""
    compact = text.strip().replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS.match(compact):
        compact = compact.replace(".", "")
    try:
        return int(compact)
    except ValueError:
        return text.strip()


class KronerField(forms.CharField):
    """Whole kroner; thousands separators allowed. Non-numbers are kept as text for the rule to reject."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int | str | None:
        text = super().clean(value)  # length and required checks on the text as typed
        return parse_kroner(text) if text else None


class BusinessCaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_year = forms.IntegerField(label=_("Første år"), help_text=_("Fx 2016"))
    years = forms.IntegerField(label=_("Antal år"), help_text=_("1–30 år"))
    baseline_placed = forms.DecimalField(
        label=_("Anbragte børn ved udgangspunktet"),
        required=False,
        max_digits=7,
        decimal_places=1,
        min_value=0,
        localize=True,
        help_text=_(
            "Udgangspunktet beregnes fra sagernes data for året før første år. Dette tal bruges kun som "
            "scenarie, hvis sagernes data ikke har anbringelser det år."
        ),
    )
    average_placement_cost = forms.IntegerField(
        label=_("Gennemsnitlig pris pr. anbringelse pr. år (kr.)"), required=False, min_value=0, max_value=2**31 - 1
    )


class LineForm(forms.Form):
    label = forms.CharField(label=_("Tekst"), max_length=200, required=False)
    amount = KronerField(label=_("Beløb"), required=False)
    amounts = forms.CharField(
        label=_("Eller ét beløb pr. år"),
        max_length=2000,
        required=False,
        help_text=_("Adskil beløbene med semikolon, fx 706.000; 1.412.000"),
    )

    def line(self, kind: str) -> dict[str, Any] | None:
        """The line in the rule's input shape; None for an empty row."""
        data = self.cleaned_data
        if not data.get("label") and data.get("amount") is None and not data.get("amounts"):
            return None
        line: dict[str, Any] = {"label": data.get("label") or ""}
        if data.get("amounts"):
            line["amounts"] = [parse_kroner(t) for t in data["amounts"].split(";") if t.strip()]
        if data.get("amount") is not None:
            line["amount_per_year" if kind == "investment" else "increment_per_year"] = data["amount"]
        return line


LineFormSet = forms.formset_factory(LineForm, extra=2, max_num=50, validate_max=True)


class OutcomeForm(forms.Form):
    year = forms.IntegerField(label=_("År"))
    investment = forms.IntegerField(label=_("Realiseret investering (kr.)"), min_value=0, max_value=10**12)
    savings = forms.IntegerField(label=_("Realiseret besparelse (kr.)"), min_value=0, max_value=10**12)
    note = forms.CharField(label=_("Kilde/bemærkning"), max_length=300, required=False)


class PoolField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        team = obj.team.name if obj.team_id else ""
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
        self.fields["pool"].queryset = (
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
        label=_("Seed (valgfri)"),
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


class FitScoreForm(forms.Form):
    session_on = forms.DateField(label=_("Sessionens dato"), widget=DateInput)
    respondent = forms.ChoiceField(label=_("Hvem svarede"), choices=FitScore.Respondent.choices)
    # localize=True: the Danish decimal comma ("19,5") is accepted.
    ors = forms.DecimalField(
        label=_("ORS (0–40)"), required=False, min_value=0, max_value=40, decimal_places=1, max_digits=3, localize=True
    )
    srs = forms.DecimalField(
        label=_("SRS (0–40)"), required=False, min_value=0, max_value=40, decimal_places=1, max_digits=3, localize=True
    )

    def clean_session_on(self):  # type: ignore[no-untyped-def]
        return not_in_future(self.cleaned_data["session_on"])


ANSWER_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class InvolvementForm(forms.Form):
    answered_on = forms.DateField(label=_("Besvaret"), widget=DateInput)
    respondent = forms.ChoiceField(label=_("Hvem svarede"), choices=InvolvementResponse.Respondent.choices)
    involved = forms.TypedChoiceField(label=_("Jeg er blevet inddraget (1–5)"), choices=ANSWER_CHOICES, coerce=int)
    heard = forms.TypedChoiceField(label=_("Jeg er blevet hørt (1–5)"), choices=ANSWER_CHOICES, coerce=int)
    effect = forms.TypedChoiceField(label=_("Indsatsen har hjulpet (1–5)"), choices=ANSWER_CHOICES, coerce=int)


class PeriodForm(forms.Form):
    first_year = forms.IntegerField(label=_("Fra år"))
    last_year = forms.IntegerField(label=_("Til år"))


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m")


class MonthPeriodForm(forms.Form):
    """A report period in whole months (`?start=2026-01&end=2026-12`); the views check its order and length."""

    start = forms.DateField(
        label=_("Fra måned"),
        input_formats=["%Y-%m"],
        widget=MonthInput(),
        error_messages={"invalid": _("Skriv måneden som ÅÅÅÅ-MM, fx 2026-01.")},
    )
    end = forms.DateField(
        label=_("Til og med måned"),
        input_formats=["%Y-%m"],
        widget=MonthInput(),
        error_messages={"invalid": _("Skriv måneden som ÅÅÅÅ-MM, fx 2026-12.")},
    )


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
            self.fields["district"].queryset = District.objects.filter(project_id=project_id)


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
