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
    token = forms.CharField(
        label=_("Engangskode fra din godkendelses-app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
