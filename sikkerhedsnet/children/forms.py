from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Relation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChildCreateForm(forms.Form):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, help_text=_("10 cifre, fx 010203-1234"))
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postal_code = forms.RegexField(label=_("Postnummer"), regex=r"^\d{4}$", required=False, max_length=4)
    city = forms.CharField(label=_("By"), max_length=80, required=False)
    school_or_daycare = forms.CharField(label=_("Skole/dagtilbud"), max_length=150, required=False)


class ChildEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postal_code = forms.RegexField(label=_("Postnummer"), regex=r"^\d{4}$", required=False, max_length=4)
    city = forms.CharField(label=_("By"), max_length=80, required=False)
    school_or_daycare = forms.CharField(label=_("Skole/dagtilbud"), max_length=150, required=False)


class JournalEntryForm(forms.Form):
    occurred_on = forms.DateField(label=_("Dato"), widget=DateInput)
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    text = forms.CharField(label=_("Notat"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))

    def clean_occurred_on(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Datoen må ikke ligge i fremtiden."))
        return value


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices)
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100, required=False)
    cpr = forms.CharField(label=_("CPR-nummer (valgfrit)"), max_length=11, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    custody = forms.BooleanField(label=_("Har forældremyndighed"), required=False)
    lives_with_child = forms.BooleanField(label=_("Bor sammen med barnet"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(label=_("Fil (PDF, PNG, JPEG, DOCX, XLSX, ODT; højst 10 MB)"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("CPR-nummer, navn eller sagsnummer"), max_length=100, required=False)
    page = forms.IntegerField(min_value=1, max_value=100000, required=False)


class BreakGlassForm(forms.Form):
    cpr = forms.CharField(label=_("Barnets CPR-nummer"), max_length=11)
    reason = forms.CharField(
        label=_("Begrundelse for adgang (mindst 10 tegn)"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Adgangen logges og vises for barnets teamleder."),
    )


class HistoryForm(forms.Form):
    on = forms.DateField(label=_("Vis oplysningerne som de var den"), widget=DateInput)
