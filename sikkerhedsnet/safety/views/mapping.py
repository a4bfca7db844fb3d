"""Mapping (kortlægning) in the meeting with the family. htmx adds entries inline; plain forms work without JS."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.children.access import child_for_request, object_for_request
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit

from .. import rules, selectors, services
from ..forms import CompareForm, EntryForm, MappingCreateForm, ParticipantForm, StatementsForm
from ..models import Mapping

COLUMN_TITLES = {
    "worries": gettext_lazy("Hvad er vi bekymrede for?"),
    "working_well": gettext_lazy("Hvad fungerer godt?"),
    "needs_to_happen": gettext_lazy("Hvad skal der ske?"),
    "agreements": gettext_lazy("Aftaler"),
}


def _column_context(mapping: Mapping, column: str, form: EntryForm | None = None) -> dict[str, object]:
    columns = selectors.mapping_columns(mapping)
    return {
        "mapping": mapping,
        "column": columns[column],
        "title": COLUMN_TITLES[column],
        "form": form or EntryForm(mapping=mapping, column=column),
    }


@login_required
def mapping_list(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_mapping")
    mappings = list(selectors.mappings(child))
    form = MappingCreateForm(
        child=child,
        initial={
            "held_on": timezone.localdate(),
            "based_on": mappings[0].pk if mappings else None,
        },
    )
    compare = CompareForm(initial={"a": mappings[1].pk, "b": mappings[0].pk} if len(mappings) > 1 else None)
    context = {"child": child, "active_tab": "mapping", "mappings": mappings, "form": form, "compare": compare}
    return render(request, "safety/mapping_list.html", context)


@login_required
@require_POST
@single_submit
def mapping_create(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="safety_mapping")
    form = MappingCreateForm(request.POST, child=child)
    if form.is_valid():
        try:
            mapping = services.mapping_create(by=request.user, child=child, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Kortlægningen er oprettet. Tilføj deltagerne, og skriv punkterne ind."))
            return redirect(mapping)
    mappings = list(selectors.mappings(child))
    context = {"child": child, "active_tab": "mapping", "mappings": mappings, "form": form, "compare": CompareForm()}
    return render(request, "safety/mapping_list.html", context, status=422)


def _detail_context(
    mapping: Mapping,
    *,
    entry_forms: dict[str, EntryForm] | None = None,
    participant_form: ParticipantForm | None = None,
    statements_form: StatementsForm | None = None,
    stale: bool = False,
) -> dict[str, object]:
    columns = selectors.mapping_columns(mapping)
    forms = {c: EntryForm(mapping=mapping, column=c) for c in rules.MAPPING_COLUMNS} | (entry_forms or {})
    return {
        "child": mapping.child,
        "active_tab": "mapping",
        "mapping": mapping,
        "columns": [
            {"mapping": mapping, "column": columns[c], "title": COLUMN_TITLES[c], "form": forms[c]}
            for c in ("worries", "working_well", "needs_to_happen")
        ],
        "agreements": {
            "mapping": mapping,
            "column": columns["agreements"],
            "title": COLUMN_TITLES["agreements"],
            "form": forms["agreements"],
        },
        "participants": list(mapping.participants.all()),
        "participant_form": participant_form or ParticipantForm(child=mapping.child),
        "statements_form": statements_form
        or StatementsForm(
            initial={
                "version": mapping.version,
                "danger_statement": mapping.danger_statement,
                "safety_goal": mapping.safety_goal,
            }
        ),
        "stale": stale,
    }


@login_required
def mapping_detail(request: AuthenticatedHttpRequest, mapping_id: int) -> HttpResponse:
    mapping = object_for_request(request, selectors.mapping_queryset(), mapping_id, purpose="safety_mapping")
    return render(request, "safety/mapping_detail.html", _detail_context(mapping))


@login_required
@require_POST
def participant_add(request: AuthenticatedHttpRequest, mapping_id: int) -> HttpResponse:
    mapping = object_for_request(request, selectors.mapping_queryset(), mapping_id, purpose="safety_mapping")
    child = mapping.child
    form = ParticipantForm(request.POST, child=child)
    if form.is_valid():
        try:
            services.mapping_participant_add(
                by=request.user,
                mapping=mapping,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                person=form.cleaned_data["person"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Deltageren er tilføjet."))
            return redirect(mapping.get_absolute_url() + "#participants")
    mapping = selectors.mapping_with_entries(mapping_id)
    return render(request, "safety/mapping_detail.html", _detail_context(mapping, participant_form=form), status=422)


@login_required
@require_POST
@single_submit
def entry_add(request: AuthenticatedHttpRequest, mapping_id: int, column: str) -> HttpResponse:
    """Add one statement to a column. With htmx the column is swapped in place; without, the page reloads."""
    if column not in rules.MAPPING_COLUMNS:
        raise Http404
    mapping = object_for_request(request, selectors.mapping_queryset(), mapping_id, purpose="safety_mapping")
    form = EntryForm(request.POST, mapping=mapping, column=column)
    saved = False
    if form.is_valid():
        try:
            services.mapping_entry_add(
                by=request.user,
                mapping=mapping,
                category=form.cleaned_data["category"],
                text_value=form.cleaned_data["text"],
                said_by_id=form.cleaned_data["said_by"].pk,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            saved = True
    if request.htmx:
        mapping = selectors.mapping_with_entries(mapping_id)
        # A fresh form after a save, keeping who spoke and the category: the next statement is often theirs too.
        next_form = (
            EntryForm(
                mapping=mapping,
                column=column,
                initial={"said_by": form.cleaned_data["said_by"].pk, "category": form.cleaned_data["category"]},
            )
            if saved
            else form
        )
        if saved:  # keyboard flow in the meeting: straight on to the next statement
            next_form.fields["text"].widget.attrs["autofocus"] = True
        context = _column_context(mapping, column, next_form) | {"saved": saved}
        return render(request, "safety/_mapping_column.html", context)
    if saved:
        messages.success(request, _("Punktet er tilføjet."))
        return redirect(mapping.get_absolute_url() + f"#col-{column}")
    mapping = selectors.mapping_with_entries(mapping_id)
    return render(
        request, "safety/mapping_detail.html", _detail_context(mapping, entry_forms={column: form}), status=422
    )


@login_required
@require_POST
def entry_remove(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = object_for_request(
        request, selectors.mapping_entry_queryset(), entry_id, child_field="mapping__child", purpose="safety_mapping"
    )
    column = entry.column
    try:
        services.mapping_entry_remove(by=request.user, entry=entry)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Punktet er fjernet."))
    return redirect(entry.mapping.get_absolute_url() + f"#col-{column}")


@login_required
@require_POST
def statements_update(request: AuthenticatedHttpRequest, mapping_id: int) -> HttpResponse:
    mapping = object_for_request(request, selectors.mapping_queryset(), mapping_id, purpose="safety_mapping")
    form = StatementsForm(request.POST)
    stale = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.mapping_statements_update(
                by=request.user,
                mapping=mapping,
                expected_version=data["version"],
                danger_statement=data["danger_statement"],
                safety_goal=data["safety_goal"],
            )
        except DomainError as exc:
            form_error(form, exc)
            stale = exc.code == "stale_edit"
        else:
            messages.success(request, _("Faresætninger og sikkerhedsmål er gemt."))
            return redirect(mapping.get_absolute_url() + "#statements")
    if stale:
        # Keep the user's text, but let the next save build on what is stored now (shown beside it).
        typed = request.POST.copy()  # the form's data, made mutable
        typed["version"] = str(mapping.version)
        kept = StatementsForm(typed)
        kept.is_valid()
        kept.add_error(None, form.non_field_errors()[0])
        form = kept
    return render(
        request, "safety/mapping_detail.html", _detail_context(mapping, statements_form=form, stale=stale), status=422
    )


@login_required
@require_POST
def mapping_finalize(request: AuthenticatedHttpRequest, mapping_id: int) -> HttpResponse:
    mapping = object_for_request(request, Mapping.objects.all(), mapping_id, purpose="safety_mapping")
    try:
        services.mapping_finalize(by=request.user, mapping=mapping)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kortlægningen er afsluttet og gemt, som den er."))
    return redirect(mapping)


@login_required
def mapping_compare(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Two mappings of the same child side by side."""
    child = child_for_request(request, child_id, purpose="safety_mapping")
    form = CompareForm(request.GET or None)
    choices = list(selectors.mappings(child))
    groups = left = right = None
    if form.is_valid():
        ids = {m.pk for m in choices}
        if form.cleaned_data["a"] not in ids or form.cleaned_data["b"] not in ids:
            raise Http404
        left = selectors.mapping_with_entries(form.cleaned_data["a"])
        right = selectors.mapping_with_entries(form.cleaned_data["b"])
        rows = selectors.mapping_comparison(left, right)
        groups = [(title, [r for r in rows if r.column == column]) for column, title in COLUMN_TITLES.items()]
    context = {
        "child": child,
        "active_tab": "mapping",
        "form": form,
        "choices": choices,
        "groups": groups,
        "left": left,
        "right": right,
    }
    return render(request, "safety/mapping_compare.html", context)
