"""Forms of the tasks room: saving a filter, and the bulk reassignment when a caseworker leaves."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.children.models import Child

from .models import SavedFilter


class SavedFilterForm(forms.Form):
    """Name the filter now shown; `query` is the page's query string (cleaned by the service, never trusted)."""

    name = forms.CharField(label=_("Navn på filteret"), max_length=80)
    page = forms.ChoiceField(choices=SavedFilter.Page.choices, widget=forms.HiddenInput)
    query = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)


def _label(user: User) -> str:
    return f"{user.get_full_name() or user.username} ({user.team})"


class ReassignForm(forms.Form):
    """Which of the leaving caseworker's cases go to whom: one colleague for all, or one per case."""

    all_to = forms.ModelChoiceField(
        label=_("Alle valgte sager til"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Vælg for hver sag"),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cases: list[Child], candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.candidates = {str(u.pk): u for u in candidates}
        choices: list[tuple[str, Any]] = [("", _("Som ovenfor"))]
        choices += [(pk, _label(u)) for pk, u in self.candidates.items()]
        all_to = cast(forms.ModelChoiceField, self.fields["all_to"])  # type: ignore[type-arg]
        all_to.queryset = User.objects.filter(pk__in=[u.pk for u in candidates])
        all_to.label_from_instance = _label  # type: ignore[method-assign,assignment]
        for child in cases:
            self.fields[f"sag_{child.pk}"] = forms.BooleanField(label=child.case.number, required=False)
            self.fields[f"til_{child.pk}"] = forms.ChoiceField(label=_("Ny rådgiver"), choices=choices, required=False)

    def case_fields(self) -> list[tuple[Child, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"sag_{c.pk}"], self[f"til_{c.pk}"]) for c in self.cases]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        moves: dict[int, User] = {}
        for child in self.cases:
            if not data.get(f"sag_{child.pk}"):
                continue
            to = self.candidates.get(data.get(f"til_{child.pk}") or "") or data.get("all_to")
            if to is None:
                self.add_error(f"til_{child.pk}", _("Vælg en ny rådgiver til sagen."))
                continue
            moves[child.pk] = to
        if not moves and not self.errors:
            raise forms.ValidationError(_("Vælg mindst én sag."))
        data["moves"] = moves
        return data
