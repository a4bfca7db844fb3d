"""Forms of business cases: they parse and validate input; services save and the rules compute."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
