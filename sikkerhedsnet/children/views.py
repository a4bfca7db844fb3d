"""Thin views over children/selectors and children/services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.deadlines import open_deadlines
from sikkerhedsnet.core.errors import DomainError, StaleEdit
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit

from . import overview, selectors, services
from .access import child_for_request, object_for_request
from .forms import (
    BreakGlassForm,
    CaseAssignForm,
    CaseCloseForm,
    CaseReopenForm,
    ChildCreateForm,
    ChildEditForm,
    DocumentForm,
    HistoryForm,
    JournalEntryForm,
    JournalSearchForm,
    RelationEditForm,
    RelationForm,
    SearchForm,
    TimelineForm,
)
from .models import Case, Child, Document, Relation


def _require_case_role(user: User) -> None:
    if not user.has_case_access:
        raise PermissionDenied


SEARCH_SESSION_KEY = "children_search_q"
DOCUMENT_FORM_IDS = "document_%s"  # the child's page also holds the journal form, which has a "title" too


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), 100_000)
    except ValueError:
        return 1


def _search_page(
    request: AuthenticatedHttpRequest, form: SearchForm, result: selectors.SearchPage | None, *, searched: bool = False
) -> HttpResponse:
    context = {"form": form, "result": result, "searched": searched, "break_glass_form": BreakGlassForm()}
    if request.htmx:  # the results fragment only; htmx does not swap 4xx answers, so errors come as 200 here
        return render(request, "children/_search_results.html", context)
    return render(request, "children/search.html", context, status=422 if form.errors else 200)


@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find barn. The search text is POSTed and kept in the session, so no CPR or name ever lands in a URL."""
    _require_case_role(request.user)
    if request.method == "POST":
        form = SearchForm(request.POST)
        if not form.is_valid():
            return _search_page(request, form, None)
        request.session[SEARCH_SESSION_KEY] = form.cleaned_data["q"]
        if not request.htmx:
            return redirect("children:search")
        q, page = form.cleaned_data["q"], 1
    else:
        q, page = request.session.get(SEARCH_SESSION_KEY, ""), _page_number(request.GET.get("side"))
        form = SearchForm(initial={"q": q})
    result = selectors.children_search(request.user, q, page=page) if q else None
    return _search_page(request, form, result, searched=bool(q))


@login_required
@require_POST
def break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a child outside one's team with a stated reason (logged, shown to the child's team leader)."""
    _require_case_role(request.user)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            child = selectors.child_find_by_cpr_with_reason(
                request.user, form.cleaned_data["cpr"], form.cleaned_data["reason"]
            )
        except cprlib.InvalidCpr as exc:
            form.add_error("cpr", str(exc))
        except selectors.AccessReasonTooShort:
            form.add_error("reason", _("Begrundelsen skal være mindst 10 tegn."))
        else:
            if child is not None:
                messages.warning(request, _("Du har fået begrundet adgang til barnet i 8 timer. Adgangen er logget."))
                return redirect(child)
            form.add_error("cpr", _("Der findes intet barn med dette CPR-nummer i kommunen."))
    return render(
        request,
        "children/search.html",
        {"form": SearchForm(), "result": None, "break_glass_form": form, "break_glass_open": True},
        status=422,
    )


@login_required
@single_submit
def child_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_case_role(request.user)
    form = ChildCreateForm(request.POST or None)
    warnings: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A possible duplicate is shown with the "it is another child" confirmation; nothing is saved yet.
        warnings = [] if data["other_child_confirmed"] else _near_match_warnings(request, data)
        if not warnings:
            try:
                child = services.child_create(
                    by=request.user,
                    cpr=data["cpr"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    address=data["address"],
                    postal_code=data["postal_code"],
                    city=data["city"],
                    school_or_daycare=data["school_or_daycare"],
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("Barnet er oprettet med sagsnummer %(number)s.") % {"number": child.case.number}
                )
                return redirect(child)
    context = {"form": form, "creating": True, "warnings": warnings}
    return render(request, "children/child_form.html", context, status=422 if form.errors else 200)


def _near_match_warnings(request: AuthenticatedHttpRequest, data: dict[str, Any]) -> list[dict[str, str]]:
    """Possible duplicates of the child about to be registered (audited; named only where need-to-know allows)."""
    parsed = cprlib.parse(data["cpr"])
    matches = selectors.child_near_matches(
        request.user,
        digits=parsed.digits,
        first_name=data["first_name"],
        last_name=data["last_name"],
        birth_date=parsed.birth_date,
        purpose="register_child",
    )
    return selectors.near_match_warnings(matches)


def _timeline_page(
    events: list[overview.Event], limit: int, whole_day: Callable[[date], list[overview.Event]]
) -> tuple[list[overview.Event], date | None]:
    """The events to show and the `foer` day of the older page (None: nothing older). A full page ends at a
    whole day, so the older page (events before the next day) repeats none and skips none. When one day holds a
    whole page, the page is that whole day (`whole_day` gives all its events) and older days come next."""
    if len(events) < limit:
        return events, None
    oldest = events[-1].on
    whole = [e for e in events if e.on != oldest]
    if not whole:
        return whole_day(oldest), oldest
    return whole, oldest + timedelta(days=1)


@login_required
def child_detail(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """The child's case at a glance: deadlines, every app's current state, and the timeline of the case.

    A POST only searches the journal (the words searched for stay out of the URL), so it reads, not writes."""
    child = child_for_request(request, child_id, for_write=False)
    today = timezone.localdate()
    case = child.case
    filters = TimelineForm(request.GET or None)
    search_form = JournalSearchForm(request.POST or None)
    found = None
    if request.method == "POST" and search_form.is_valid():
        found = selectors.journal_search(child, search_form.cleaned_data["q"])
    limit = overview.TIMELINE_PAGE

    def events_before(before: date | None, limit: int) -> list[overview.Event]:
        return overview.timeline(
            child, kinds=filters.kinds(), before=before, limit=limit, extra=(selectors.journal_timeline,), today=today
        )

    def whole_day(day: date) -> list[overview.Event]:
        return [e for e in events_before(day + timedelta(days=1), overview.DAY_MAX) if e.on == day]

    events, older = _timeline_page(events_before(filters.before(), limit), limit, whole_day)
    kinds = filters.kinds()
    context = {
        "child": child,
        "case": case,
        "may_assign": services.case_may_assign(user=request.user, case=case),
        "may_close": services.case_may_close(user=request.user, case=case),
        "reopen_form": CaseReopenForm(initial={"version": case.version}),
        "relations": selectors.relations_of(child),
        "panels": overview.panels(child, today=today),
        "events": events,
        "older": older,
        "older_query": urlencode({"vis": kinds, "foer": older.isoformat()}, doseq=True) if older else "",
        "filtered": set(kinds) != set(overview.KINDS),
        "filters": filters,
        "search_form": search_form,
        "found": found,
        "documents": child.documents.select_related("uploaded_by").order_by("-uploaded_at"),
        "deadlines": open_deadlines([child.pk], today=today),
        "journal_form": JournalEntryForm(initial={"occurred_on": today}),
        "document_form": DocumentForm(auto_id=DOCUMENT_FORM_IDS),
        "history_form": HistoryForm(initial={"on": today}),
        "age": child.age_on(today),
        "today": today,
    }
    return render(request, "children/child_detail.html", context, status=422 if search_form.errors else 200)


@login_required
@single_submit
def child_edit(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="edit")
    initial = {f: getattr(child, f) for f in services.CHILD_EDITABLE_FIELDS} | {"version": child.version}
    form = ChildEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.child_update(by=request.user, child=child, expected_version=version, **data)
        except StaleEdit as exc:
            # Keep what the user typed, show what the other person saved, and let a deliberate second
            # save replace it (the hidden version now names the saved one).
            form_error(form, exc)
            saved = Child.objects.get(pk=child.pk)
            kept = request.POST.copy()  # the form's data, made mutable
            kept["version"] = str(saved.version)
            form.data = kept
            changed = [
                (form.fields[f].label, getattr(saved, f))
                for f in services.CHILD_EDITABLE_FIELDS
                if getattr(saved, f) != data.get(f)
            ]
            context = {"form": form, "child": child, "creating": False, "saved_changes": changed}
            return render(request, "children/child_form.html", context, status=409)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Oplysningerne er gemt."))
            return redirect(child)
    return render(
        request,
        "children/child_form.html",
        {"form": form, "child": child, "creating": False},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
@single_submit
def journal_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="journal")
    form = JournalEntryForm(request.POST)
    if form.is_valid():
        try:
            services.journal_entry_add(by=request.user, child=child, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Journalnotatet er gemt."))
            return redirect(child.get_absolute_url() + "#journal")
    return render(request, "children/journal_form.html", {"child": child, "form": form}, status=422)


@login_required
@single_submit
def relation_add(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="relation")
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.relation_add(by=request.user, child=child, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Personen er tilføjet."))
            return redirect(child.get_absolute_url() + "#family")
    return render(
        request, "children/relation_form.html", {"child": child, "form": form}, status=422 if form.errors else 200
    )


def _relation_of(child: Child, relation_id: int) -> Relation:
    """The relation, only if it belongs to this (already access-checked) child: a tampered id is a 404."""
    return get_object_or_404(Relation.objects.select_related("person"), pk=relation_id, child=child)


@login_required
@single_submit
def relation_edit(request: AuthenticatedHttpRequest, child_id: int, relation_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="relation_edit")
    relation = _relation_of(child, relation_id)
    person = relation.person
    initial = {
        "version": relation.version,
        "kind": relation.kind,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "custody": relation.custody,
        "lives_with_child": relation.lives_with_child,
        "note": relation.note,
    }
    form = RelationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.relation_update(by=request.user, relation=relation, expected_version=version, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Oplysningerne om %(name)s er gemt.") % {"name": person})
            return redirect(child.get_absolute_url() + "#family")
    return render(
        request,
        "children/relation_form.html",
        {"child": child, "form": form, "relation": relation},
        status=422 if form.errors else 200,
    )


@login_required
def relation_remove(request: AuthenticatedHttpRequest, child_id: int, relation_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the relation (the person and the history stay)."""
    child = child_for_request(request, child_id, purpose="relation_remove")
    relation = _relation_of(child, relation_id)
    if request.method == "POST":
        services.relation_remove(by=request.user, relation=relation)
        messages.success(request, _("%(name)s er fjernet fra barnets familie og netværk.") % {"name": relation.person})
        return redirect(child.get_absolute_url() + "#family")
    return render(request, "children/relation_remove.html", {"child": child, "relation": relation})


def _case_page(request: AuthenticatedHttpRequest, child_id: int, purpose: str, may: Any) -> tuple[Child, Case]:
    child = child_for_request(request, child_id, purpose=purpose)
    case = Case.objects.select_related("team__department", "caseworker").get(child=child)
    if not may(user=request.user, case=case):
        raise PermissionDenied
    return child, case


@login_required
def case_assign(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """Fordel sagen: team and responsible caseworker (team leader of the case's team, or the head)."""
    child, case = _case_page(request, child_id, "case_assign", services.case_may_assign)
    municipality_id = case.team.department.municipality_id
    form = CaseAssignForm(
        request.POST or None,
        initial={"version": case.version, "team": case.team_id, "caseworker": case.caseworker_id},
        municipality_id=municipality_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_assign(
                by=request.user,
                child=child,
                team=form.cleaned_data["team"],
                caseworker=form.cleaned_data["caseworker"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Sagen er fordelt."))
            if selectors.children_visible_to(request.user).filter(pk=child.pk).exists():
                return redirect(child)
            return redirect("home")  # handed over to another team: no longer ours to see
    return render(
        request,
        "children/case_assign.html",
        {"child": child, "case": case, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def case_close(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child, case = _case_page(request, child_id, "case_close", services.case_may_close)
    if not case.is_open:
        messages.info(request, _("Sagen er allerede lukket."))
        return redirect(child)
    form = CaseCloseForm(request.POST or None, initial={"version": case.version, "closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                by=request.user,
                child=child,
                closed_on=form.cleaned_data["closed_on"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Sagen er lukket."))
            return redirect(child)
    return render(
        request,
        "children/case_close.html",
        {"child": child, "case": case, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def case_reopen(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child, case = _case_page(request, child_id, "case_reopen", services.case_may_close)
    form = CaseReopenForm(request.POST)
    try:
        services.case_reopen(
            by=request.user, child=child, expected_version=form.cleaned_data["version"] if form.is_valid() else None
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sagen er genåbnet."))
    return redirect(child)


@login_required
@require_POST
@single_submit
def document_upload(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="document")
    form = DocumentForm(request.POST, request.FILES, auto_id=DOCUMENT_FORM_IDS)
    if form.is_valid():
        try:
            services.document_upload(
                by=request.user,
                child=child,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                max_bytes=settings.DOCUMENT_MAX_BYTES,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Dokumentet er gemt."))
            return redirect(child.get_absolute_url() + "#documents")
    return render(request, "children/document_form.html", {"child": child, "form": form}, status=422)


@login_required
def document_download(request: AuthenticatedHttpRequest, public_id: str) -> FileResponse:
    document = object_for_request(
        request, Document.objects.all(), public_id, field="public_id", purpose="document_download"
    )
    audit.record(by=request.user, type=AuditEvent.Type.DOCUMENT_DOWNLOADED, target=document, child_id=document.child_id)
    extension = services.EXTENSIONS.get(document.content_type, "bin")  # docx, xlsx, odt too (not dokument.bin)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=f"dokument.{extension}",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def child_history(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """The child's record as it was at the end of a chosen day (django-simple-history)."""
    child = child_for_request(request, child_id, purpose="history")
    form = HistoryForm(request.GET or None)
    snapshot = case_snapshot = None
    relations: list[Relation] = []
    if form.is_valid():
        moment = timezone.make_aware(datetime.combine(form.cleaned_data["on"], time.max))
        audit.record(
            by=request.user,
            type=AuditEvent.Type.CHILD_HISTORY_VIEWED,
            target=child,
            child_id=child.pk,
            new={"as_of": form.cleaned_data["on"]},
        )
        if child.history.filter(history_date__lte=moment).exists():
            snapshot = child.history.as_of(moment)
            case_snapshot = (
                child.case.history.filter(history_date__lte=moment)
                .select_related("team", "caseworker")
                .order_by("-history_date")
                .first()
            )
            relations = list(
                Relation.history.as_of(moment).filter(child_id=child.pk).select_related("person").order_by("kind")
            )
    return render(
        request,
        "children/child_history.html",
        {
            "child": child,
            "form": form,
            "snapshot": snapshot,
            "case_snapshot": case_snapshot,
            "relations": relations,
            "change_days": selectors.history_days(child),
        },
        status=422 if form.errors else 200,
    )
