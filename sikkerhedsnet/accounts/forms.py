from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Forkert brugernavn eller adgangskode. Bemærk: efter 5 forsøg spærres der i 15 minutter."),
        "inactive": _("Brugeren er deaktiveret."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Brugernavn")
        self.fields["password"].label = _("Adgangskode")


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Engangskode fra din godkendelses-app"),
        regex=r"^\s*\d{6,8}\s*$",
        max_length=10,
        error_messages={"invalid": _("Koden er 6 cifre."), "required": _("Skriv koden fra appen.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()
