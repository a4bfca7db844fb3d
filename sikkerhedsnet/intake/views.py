"""Thin views over intake's selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality
from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.children.access import child_for_request, object_for_request
from sikkerhedsnet.children.selectors import children_listed
from sikkerhedsnet.core import legal, validation
from sikkerhedsnet.core.errors import DomainError, PreconditionMissing
from sikkerhedsnet.core.forms import form_error
from sikkerhedsnet.core.formtokens import single_submit
from sikkerhedsnet.measures.selectors import measures_of_child

from . import forms, rules, selectors, services
from .deadlines import legal_reference
from .models import Notification


def _require_case_role(user: User) -> None:
    if not user.has_case_access:
        raise PermissionDenied


# --- Lists ---------------------------------------------------------------------------------------------------


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Underretninger: the intake queue (no caseworker yet), everything awaiting assessment, or all."""
    _require_case_role(request.user)
    view = request.GET.get("vis", "queue")
    if view not in selectors.QUEUE_VIEWS:
        view = "queue"
    notifications = list(selectors.notifications_for_user(request.user, view=view)[: selectors.LIST_LIMIT])
    children_listed(request.user, [n.child_id for n in notifications], page="notification_queue")
    now = timezone.now()
    return render(
        request,
        "intake/queue.html",
        {
            "view": view,
            "notifications": notifications,
            "duplicates": selectors.duplicate_flags(notifications),
            "now": now,
            "views": [
                ("queue", _("Kø (uden rådgiver)")),
                ("unassessed", _("Afventer vurdering")),
                ("open", _("Åbne")),
                ("all", _("Alle")),
            ],
        },
    )


@login_required
def child_overview(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    """A child's notifications and investigations (linked from the case navigation)."""
    child = child_for_request(request, child_id, purpose="intake_overview")
    notifications = selectors.notifications_of_child(child)
    return render(
        request,
        "intake/child_overview.html",
        {
            "child": child,
            "notifications": notifications,
            "duplicates": selectors.duplicate_flags(notifications),
            "investigations": selectors.investigations_of_child(child),
            "now": timezone.now(),
            "today": timezone.localdate(),
        },
    )


# --- Registration --------------------------------------------------------------------------------------------


@login_required
@single_submit
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Registrér underretning: find the child by CPR (or create it), route it, start the 24-hour clock."""
    _require_case_role(request.user)
    initial: dict[str, Any] = {"received_at": timezone.localtime().replace(second=0, microsecond=0)}
    preset = request.GET.get("barn", "")
    if request.method != "POST" and preset:
        preset_id = validation.query_id(preset)  # ASCII digits only: '²'.isdigit() is True, but int('²') fails
        if preset_id is None:
            raise Http404  # names no child, like an unknown id
        initial["cpr"] = child_for_request(request, preset_id, purpose="register_notification").cpr_formatted
    form = forms.NotificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification = _register_from_form(request, form)
        if notification is not None:
            if selectors.registrant_may_follow(request.user, notification):
                messages.success(request, _("Underretningen er registreret. Fristen for vurdering er startet."))
                return redirect(notification)
            # The same words whether the child was new or another team's: nothing is told about the latter. For
            # the intake team, every child whose case they do not hold answers so, their own queue's included.
            messages.success(
                request,
                _("Underretningen er registreret og sendt til den rette modtager. Fristen for vurdering er startet."),
            )
            return redirect("intake:queue")
    status = 422 if request.method == "POST" else 200
    return render(request, "intake/notification_form.html", {"form": form}, status=status)


def _register_from_form(request: AuthenticatedHttpRequest, form: forms.NotificationForm) -> Notification | None:
    data = form.cleaned_data
    user = request.user
    cpr, sibling_cprs = data["cpr"], data["sibling_cprs"]
    if cpr in sibling_cprs:
        form.add_error("sibling_cprs", _("Barnet selv skal ikke stå blandt søskende."))
        return None
    lookup = selectors.notification_cpr_lookup(user, cpr)  # logged; tells the user only about a child they see
    visible = selectors.visible_children_by_cpr(user, sibling_cprs)
    missing = [c for c in sibling_cprs if c not in visible]
    if missing:
        form.add_error(
            "sibling_cprs",
            _("Findes ikke blandt de børn, du har adgang til: %(cprs)s. Opret eller find søskende først.")
            % {"cprs": ", ".join(f"{c[:6]}-{c[6:]}" for c in missing)},
        )
        return None
    fields = {
        "received_at": data["received_at"],
        "reporter_type": data["reporter_type"],
        "summary": data["summary"],
        "acute": data["acute"],
        "channel": data["channel"],
        "categories": data["categories"],
        "reporter_profession": data["reporter_profession"],
        "reporter_organisation": data["reporter_organisation"],
        "reporter_name": data["reporter_name"],
        "reporter_contact": data["reporter_contact"],
        "siblings": [visible[c] for c in sibling_cprs],
    }
    try:
        with transaction.atomic():
            if lookup.visible is not None:
                # Registering is open under break the glass: the notification is routed to the child's own team.
                child = child_for_request(request, lookup.visible.pk, purpose="register_notification", for_write=False)
                return services.notification_register(by=user, child=child, **fields)
            # Not a child this user may see: whether it is known elsewhere is not told (issue #20). The same
            # answer as for a new child: the names are asked for, then the notification goes to the right queue.
            if not data["first_name"] or not data["last_name"]:
                for name in ("first_name", "last_name"):
                    if not data[name]:
                        form.add_error(
                            name,
                            _(
                                "Barnet er ikke blandt de børn, du har adgang til: skriv navnet, så registreres "
                                "underretningen og sendes til den rette modtager."
                            ),
                        )
                return None
            if lookup.known is not None:
                # Routed to the child's team and caseworker (services._route); the typed names change nothing.
                return services.notification_register(by=user, child=lookup.known, **fields)
            if lookup.elsewhere:  # the CPR is unique in the system: another municipality's child cannot be made here
                form.add_error("cpr", _("Underretningen kan ikke registreres her. Kontakt en administrator."))
                return None
            return services.notification_register_for_new_child(
                by=user,
                cpr=cpr,
                first_name=data["first_name"],
                last_name=data["last_name"],
                municipality=own_municipality(user),
                **fields,
            )
    except DomainError as exc:
        form_error(form, exc)
        return None


# --- One notification ----------------------------------------------------------------------------------------


def _detail_context(request: AuthenticatedHttpRequest, notification: Notification, **forms_: Any) -> dict[str, Any]:
    version = {"version": notification.version}
    candidates = selectors.reassessment_candidates(notification, exclude=request.user)
    now, today = timezone.now(), timezone.localdate()
    siblings, hidden_siblings = selectors.visible_siblings(request.user, notification)
    duplicates = [] if notification.is_merged else selectors.possible_duplicates(notification)
    rules_shown = [
        (code, legal_reference(notification.rule(code)), notification.rule(code))
        for code in (
            legal.ASSESSMENT,
            legal.REASSESSMENT,
            legal.RECEIPT,
            legal.NOTIFIER_FEEDBACK,
            legal.CHILD_CONVERSATION,
        )
    ]
    return {
        "n": notification,
        "child": notification.child,
        "siblings": siblings,
        "hidden_siblings": hidden_siblings,
        "duplicates": duplicates,
        "merge_targets": [d for d in duplicates if d.received_at <= notification.received_at],
        "now": now,
        "today": today,
        "assessment_overdue": not notification.is_assessed and now > notification.assessment_due_at,
        "rules": {code: (ref, rule) for code, ref, rule in rules_shown},
        "investigations": list(notification.investigations.all()),
        # One person, one case file: what is already known about the child, beside the assessment (issue #14).
        "earlier_notifications": selectors.earlier_notifications(notification),
        "measures": list(measures_of_child(notification.child_id)[:20]),
        "assessment_form": forms_.get("assessment_form")
        or forms.AssessmentForm(
            initial=version | {"assessed_at": timezone.localtime(now).replace(second=0, microsecond=0)},
            candidates=candidates,
        ),
        "receipt_form": forms_.get("receipt_form")
        or forms.ReceiptForm(initial=version | {"sent_on": today, "feedback": "not_decided"}),
        "conversation_form": forms_.get("conversation_form") or forms.ChildConversationForm(initial=version),
        "version_form": forms.VersionForm(initial=version),
        "close_error": forms_.get("close_error"),
        # The nudge: what a notification about abuse needs if the outcome starts no investigation (BL § 20).
        "abuse_preconditions": []
        if notification.is_assessed
        else rules.assessment_missing_preconditions(
            categories=notification.categories or [],
            outcome="no_action",
            received_on=notification.received_on,
            investigation_open=selectors.has_open_investigation(notification.child_id),
            exception="",
            exception_reason="",
        ),
        "abuse_intro": _(
            "Underretningen handler om vold eller seksuelle overgreb. Vælger du et udfald uden børnefaglig "
            "undersøgelse (ingen yderligere handling, rådgivning eller henvisning), skal du vælge og begrunde en "
            "undtagelse nedenfor."
        ),
        "abuse_refused": forms_.get("abuse_refused", False),
    }


@login_required
def notification_detail(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = object_for_request(
        request,
        selectors.notification_queryset(),
        notification_id,
        purpose="notification",
        forbid_without_case_role=True,
    )
    return render(request, "intake/notification_detail.html", _detail_context(request, notification))


def _rerender(request: AuthenticatedHttpRequest, notification: Notification, **forms_: Any) -> HttpResponse:
    return render(
        request, "intake/notification_detail.html", _detail_context(request, notification, **forms_), status=422
    )


@login_required
@require_POST
@single_submit
def notification_assess(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = object_for_request(
        request,
        selectors.notification_queryset(),
        notification_id,
        purpose="assess_notification",
        forbid_without_case_role=True,
    )
    candidates = selectors.reassessment_candidates(notification, exclude=request.user)
    form = forms.AssessmentForm(request.POST, candidates=candidates)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.notification_assess(
                by=request.user,
                notification=notification,
                expected_version=data["version"],
                outcome=data["outcome"],
                reasoning=data["reasoning"],
                assessed_at=data["assessed_at"],
                reassessment_participant=data["reassessment_participant"],
                abuse_exception=data["abuse_exception"],
                abuse_exception_reason=data["abuse_exception_reason"],
            )
        except PreconditionMissing as exc:
            form_error(form, exc)
            return _rerender(request, notification, assessment_form=form, abuse_refused=True)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Vurderingen er gemt."))
            return redirect(notification)
    return _rerender(request, notification, assessment_form=form)


@login_required
@require_POST
def notification_receipt(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = object_for_request(
        request,
        selectors.notification_queryset(),
        notification_id,
        purpose="notification_receipt",
        forbid_without_case_role=True,
    )
    form = forms.ReceiptForm(request.POST)
    if form.is_valid():
        try:
            services.notification_receipt_record(
                by=request.user,
                notification=notification,
                expected_version=form.cleaned_data["version"],
                sent_on=form.cleaned_data["sent_on"],
                feedback=form.cleaned_data["feedback"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Kvitteringen er registreret."))
            return redirect(notification)
    return _rerender(request, notification, receipt_form=form)


@login_required
@require_POST
def notification_conversation(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = object_for_request(
        request,
        selectors.notification_queryset(),
        notification_id,
        purpose="child_conversation",
        forbid_without_case_role=True,
    )
    form = forms.ChildConversationForm(request.POST)
    if form.is_valid():
        try:
            services.notification_child_conversation_record(
                by=request.user,
                notification=notification,
                expected_version=form.cleaned_data["version"],
                held_on=form.cleaned_data["held_on"],
                omitted_reason=form.cleaned_data["omitted_reason"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Samtalen med barnet er registreret."))
            return redirect(notification)
    return _rerender(request, notification, conversation_form=form)


@login_required
@require_POST
def notification_merge(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = object_for_request(
        request,
        selectors.notification_queryset(),
        notification_id,
        purpose="merge_notification",
        forbid_without_case_role=True,
    )
    form = forms.MergeForm(request.POST)
    if form.is_valid():
        original = Notification.objects.filter(pk=form.cleaned_data["original"], child_id=notification.child_id).first()
        if original is None:
            raise Http404
        try:
            services.notification_merge(
                by=request.user,
                duplicate=notification,
                original=original,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Underretningen er lagt sammen med den oprindelige."))
            return redirect(original)
    return redirect(notification)


@login_required
@require_POST
def notification_close(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = object_for_request(
        request,
        selectors.notification_queryset(),
        notification_id,
        purpose="close_notification",
        forbid_without_case_role=True,
    )
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        try:
            services.notification_close(
                by=request.user, notification=notification, expected_version=form.cleaned_data["version"]
            )
        except DomainError as exc:
            return _rerender(request, notification, close_error=exc.message)
        messages.success(request, _("Underretningen er afsluttet."))
    return redirect(notification)


@login_required
@require_POST
def notification_take(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = object_for_request(
        request,
        selectors.notification_queryset(),
        notification_id,
        purpose="take_notification",
        forbid_without_case_role=True,
    )
    try:
        services.notification_take(by=request.user, notification=notification)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Underretningen og sagen er nu din."))
    return redirect(notification)


# --- Investigations ------------------------------------------------------------------------------------------


@login_required
@single_submit
def investigation_start(request: AuthenticatedHttpRequest, child_id: int) -> HttpResponse:
    child = child_for_request(request, child_id, purpose="start_investigation")
    form = forms.InvestigationStartForm(request.POST or None, initial={"awareness_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            investigation = services.investigation_start(
                by=request.user, child=child, awareness_on=form.cleaned_data["awareness_date"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Den børnefaglige undersøgelse er oprettet."))
            return redirect(investigation)
    status = 422 if request.method == "POST" else 200
    return render(request, "intake/investigation_start.html", {"child": child, "form": form}, status=status)


@login_required
@single_submit
def investigation_detail(request: AuthenticatedHttpRequest, investigation_id: int) -> HttpResponse:
    """View and edit the draft; "Gem kladde" saves as it stands, "Afslut" also checks the required parts."""
    investigation = object_for_request(
        request,
        selectors.investigation_queryset(),
        investigation_id,
        purpose="investigation",
        forbid_without_case_role=True,
    )
    missing: list[str] = []
    if request.method == "POST" and not investigation.is_concluded:
        form = forms.InvestigationForm(request.POST)
        if form.is_valid():
            try:
                # The draft is saved first, so "Afslut" on an incomplete investigation loses nothing.
                investigation = services.investigation_save(
                    by=request.user,
                    investigation=investigation,
                    expected_version=form.cleaned_data["version"],
                    **form.service_kwargs(),
                )
                if "conclude" in request.POST:
                    investigation = services.investigation_conclude(
                        by=request.user, investigation=investigation, expected_version=investigation.version
                    )
            except services.IncompleteInvestigation as exc:
                missing = exc.missing
                data = request.POST.copy()
                data["version"] = str(investigation.version)  # the draft was saved: carry its new version
                form = forms.InvestigationForm(data)
                form.is_valid()
                form.add_error(None, _("Kladden er gemt, men undersøgelsen kan ikke afsluttes endnu."))
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Undersøgelsen er afsluttet.") if investigation.is_concluded else _("Kladden er gemt."),
                )
                return redirect(investigation)
        status = 422
    else:
        form = forms.InvestigationForm(initial=forms.InvestigationForm.initial_for(investigation))
        status = 200
    today = timezone.localdate()
    return render(
        request,
        "intake/investigation_detail.html",
        {
            "inv": investigation,
            "child": investigation.child,
            "form": form,
            "missing": missing or ([] if investigation.is_concluded else investigation.missing_parts()),
            "failed_conclude": bool(missing),
            "reference": legal_reference(investigation.rule),
            "days_left": (investigation.due_on - today).days,
            "overdue_days": max(0, (today - investigation.due_on).days),
            "today": today,
        },
        status=status,
    )
