from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LegalHoldForm(forms.Form):
    legal_hold = forms.BooleanField(label=_("Slettestop: sagen må ikke slettes"), required=False)
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx en klagesag i Ankestyrelsen, en retssag eller en henvendelse fra politiet. Mindst 10 tegn."),
    )
