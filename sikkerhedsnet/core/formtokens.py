"""One-time form tokens: a double-clicked or re-sent form creates its record once.

Use it in two lines:

    @login_required
    @single_submit            # the view
    def journal_add(request, child_id): ...

    <form method="post">{% csrf_token %}{% form_token %} ...   (the template, after {% load formtokens %})

The template tag puts a fresh random token in a hidden field. The decorator claims the token in the same
transaction as the view's work. A second POST with the same token waits for the first (the database lock
on the unique token) and is then sent where the first was sent, with a note that the form was already
saved, instead of running the view again. A re-rendered form (validation error) or a crash releases the
token, so nothing the user typed is lost and the corrected form can be sent. A POST without a token is
refused (400): it means the template forgot `{% form_token %}`, which a test must catch.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD_NAME = "form_token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_token() -> str:
    """A fresh token for one rendering of a form."""
    return secrets.token_urlsafe(24)


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "core/form_token_refused.html", status=400)


def single_submit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Make a POST view idempotent per form rendering (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        token = request.POST.get(FIELD_NAME, "")
        if not _TOKEN.match(token):
            return _refused(request)
        path = request.path[:300]
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(user=request.user, token=token, path=path, result_url="")
            except IntegrityError:
                claim = None
            if claim is not None:
                response = view(request, *args, **kwargs)
                location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
                if location:
                    claim.result_url = location[:500]
                    claim.save(update_fields=["result_url"])
                else:
                    # Not saved (errors shown, or nothing created): the token is free again.
                    claim.delete()
                return response
        # A double submit: the first POST with this token has committed (we waited for its lock).
        previous = FormSubmission.objects.filter(user=request.user, token=token).first()
        if previous is None or previous.path != path:
            return _refused(request)
        messages.info(request, _("Formularen var allerede sendt. Den er kun gemt én gang."))
        target = previous.result_url
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return HttpResponseRedirect(target)

    wrapper.single_submit = True  # type: ignore[attr-defined]
    return wrapper


def purge(*, older_than: datetime) -> int:
    """Forget used tokens older than `older_than` (a token is only meaningful while its form is open)."""
    deleted, _ = FormSubmission.objects.filter(created_at__lt=older_than).delete()
    return deleted
