"""Forms of measurements: a FIT score and an answer to the involvement questionnaire."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.core.forms import not_in_future
from sikkerhedsnet.reports.forms import DateInput

from .models import FitScore, InvolvementResponse


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
