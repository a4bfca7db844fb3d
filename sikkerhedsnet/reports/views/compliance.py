"""The self-audit (Børnesagsbarometeret in the product): criteria × municipality, team and caseworker, the cases
behind every figure, the trend by month, the cases about to fall out of compliance this week, and the committee
PDF (small numbers suppressed, as every file that leaves the department)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.accounts.models import Team, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import selectors as children_selectors
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.charts import Series, line_chart_svg, svg_data_uri
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.pdf import render_pdf

from ..access import COMPLIANCE_ROLES, require
from ..compliance_selectors import Figures, Item, at_risk_items, compliance_figures, compliance_items
from ..forms import DatePeriodForm
from ..rules import compliance as rules
from ..rules.compliance import Tally, percent_text
from ..rules.periods import validate_date_period
from ..selectors import report_team_ids
from ..suppression import is_disclosive, is_small, share_basis, suppress
from .common import form_error

KIND_LABELS = {
    "notification": gettext_lazy("Underretning"),
    "investigation": gettext_lazy("Undersøgelse"),
    "measure": gettext_lazy("Indsats"),
    "followup": gettext_lazy("Opfølgning"),
}


def date_period(request: AuthenticatedHttpRequest, today: date) -> tuple[DatePeriodForm, date, date, bool]:
    """The requested days; bad input keeps what was typed (with its error) and falls back to the default."""
    default = rules.default_period(today)
    if "start" not in request.GET and "end" not in request.GET:
        return DatePeriodForm(initial={"start": default[0], "end": default[1]}), *default, True
    form = DatePeriodForm(request.GET)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            for name, value in (("start", start), ("end", end)):
                validation.plausible_date(value, field=name)
            validate_date_period(start, end)
        except DomainError as exc:
            form_error(form, exc)
        else:
            return form, start, end, True
    return form, *default, False


@dataclass(frozen=True)
class Cell:
    text: str  # "87 %"
    tally: Tally
    url: str


def _cell(tally: Tally, code: str, period: dict[str, str], **scope: Any) -> Cell:
    query = {"criterion": code, **period, **{k: v for k, v in scope.items() if v is not None}}
    return Cell(percent_text(tally), tally, reverse("reports:compliance_cases") + "?" + urlencode(query))


def _names(figures: Figures) -> tuple[dict[int, str], dict[int, str]]:
    teams = dict(Team.objects.filter(pk__in=list(figures.teams)).values_list("pk", "name"))
    worker_ids = [w for _t, w in figures.caseworkers if w is not None]
    workers = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=worker_ids)}
    return teams, workers


def trend_svg(figures: Figures, *, suppressed: bool = False) -> str:
    """One line per criterion: the share met per month (a month resting on 1–4 items is left out when
    suppressed)."""
    series = []
    for criterion in rules.CRITERIA:
        points = []
        for month, row in sorted(figures.months.items()):
            tally = row.get(criterion.code)
            if tally is None or tally.percent is None:
                continue
            if suppressed and is_disclosive(share_basis(tally.met, tally.total)):
                continue
            points.append((month, round(tally.percent, 1)))
        series.append(Series(str(criterion.label), points))
    return line_chart_svg(series, title=_("Andel overholdt pr. måned"), y_label=_("procent"), y_min=0, y_max=105)


def _context(user: User, start: date, end: date) -> dict[str, Any]:
    now, today = timezone.now(), timezone.localdate()
    team_ids = report_team_ids(user)
    figures = compliance_figures(team_ids, start, end, now=now, today=today)
    teams, workers = _names(figures)
    period = {"start": start.isoformat(), "end": end.isoformat()}
    team_columns = sorted(figures.teams, key=lambda t: teams.get(t, ""))
    rows = [
        {
            "criterion": c,
            "scope": _cell(figures.scope[c.code], c.code, period),
            "teams": [_cell(figures.teams[t].get(c.code, Tally()), c.code, period, team=t) for t in team_columns],
        }
        for c in rules.CRITERIA
    ]
    worker_rows = [
        {
            "name": workers.get(worker, "") if worker is not None else _("Ingen rådgiver (køen)"),
            "team": teams.get(team, ""),
            "cells": [
                _cell(
                    tallies.get(c.code, Tally()),
                    c.code,
                    period,
                    team=team,
                    caseworker=worker,
                    unassigned="1" if worker is None else None,
                )
                for c in rules.CRITERIA
            ],
        }
        for (team, worker), tallies in figures.caseworkers.items()
    ]
    worker_rows.sort(key=lambda r: (r["team"], r["name"]))
    return {
        "figures": figures,
        "rows": rows,
        "team_names": [teams.get(t, "") for t in team_columns],
        "worker_rows": worker_rows,
        "criteria": rules.CRITERIA,
        "start": start,
        "end": end,
        "team_ids": team_ids,
        "now": now,
        "today": today,
    }


def _at_risk(user: User, team_ids: list[int], *, now: Any, today: date) -> list[dict[str, Any]]:
    items = at_risk_items(
        team_ids, now=now, today=today, child_ids=children_selectors.child_queryset_in_scope(user).values("pk")
    )
    children_selectors.children_listed(user, [item.child_id for _code, item in items], page="compliance")
    return [{"criterion": rules.criterion(code), "item": item} for code, item in items]


@login_required
def compliance(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Team leader: own team; head: the municipality. Exact figures: the page never leaves the department."""
    require(request.user, COMPLIANCE_ROLES)
    form, start, end, valid = date_period(request, timezone.localdate())
    context = _context(request.user, start, end)
    trend = trend_svg(context["figures"])
    context |= {
        "period_form": form,
        "trend_uri": svg_data_uri(trend),
        "at_risk": _at_risk(request.user, context["team_ids"], now=context["now"], today=context["today"]),
        "week_end": rules.week_end(context["today"]),
        "pdf_url": reverse("reports:compliance_pdf") + "?" + urlencode({"start": start, "end": end}),
    }
    return render(request, "reports/compliance.html", context, status=200 if valid else 422)


def _query_id(request: AuthenticatedHttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    found = validation.query_id(raw)
    return -1 if found is None else found  # -1 matches nothing: a wrong id shows an empty list, never a 500


@login_required
def compliance_cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The items behind one figure, not met first, with their dates: only children the user may see (need to
    know), and each listed child's access log shows the listing."""
    require(request.user, COMPLIANCE_ROLES)
    today = timezone.localdate()
    _form, start, end, valid = date_period(request, today)
    code = request.GET.get("criterion", "")
    if code not in rules.CODES:
        code, valid = rules.CODES[0], False
    team_id, caseworker_id = _query_id(request, "team"), _query_id(request, "caseworker")
    unassigned = request.GET.get("unassigned") == "1"
    items = compliance_items(
        report_team_ids(request.user),
        code,
        start,
        end,
        now=timezone.now(),
        today=today,
        child_ids=children_selectors.child_queryset_in_scope(request.user).values("pk"),
        team_id=team_id,
        caseworker_id=caseworker_id,
        unassigned=unassigned,
    )
    children_selectors.children_listed(request.user, [i.child_id for i in items], page="compliance_cases")
    scope = _("Hele opgørelsen")
    if caseworker_id is not None:
        worker = User.objects.filter(pk=caseworker_id).first()
        scope = (worker.get_full_name() or worker.username) if worker else scope
    elif unassigned:
        scope = _("Ingen rådgiver (køen)")
    elif team_id is not None:
        scope = Team.objects.filter(pk=team_id).values_list("name", flat=True).first() or scope
    return render(
        request,
        "reports/compliance_cases.html",
        {
            "criterion": rules.criterion(code),
            "items": [(item, KIND_LABELS.get(item.kind, item.kind)) for item in items],
            "tally": Tally(sum(1 for i in items if i.met), len(items)),
            "scope": scope,
            "start": start,
            "end": end,
            "back_url": reverse("reports:compliance") + "?" + urlencode({"start": start, "end": end}),
        },
        status=200 if valid else 422,
    )


def _suppressed(tally: Tally) -> dict[str, str]:
    """The committee's figures: counts 1–4 as "<5"; a share, or a count whose complement is 1–4, as ".."
    (reports/suppression.py)."""
    withheld = is_disclosive(share_basis(tally.met, tally.total))
    met = suppress(tally.met) if is_small(tally.met) or not withheld else ".."
    return {"percent": ".." if withheld else percent_text(tally), "met": met, "total": suppress(tally.total)}


@login_required
def compliance_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The committee report: the municipality's (or team's) figures per criterion and team, the trend, always with
    small numbers suppressed; the export is logged."""
    require(request.user, COMPLIANCE_ROLES)
    _form, start, end, _valid = date_period(request, timezone.localdate())
    context = _context(request.user, start, end)
    rows = [
        {
            "label": row["criterion"].label,
            "scope": _suppressed(row["scope"].tally),
            "teams": [_suppressed(cell.tally) for cell in row["teams"]],
        }
        for row in context["rows"]
    ]
    pdf = render_pdf(
        "reports/pdf/compliance.html",
        {
            "rows": rows,
            "team_names": context["team_names"],
            "start": start,
            "end": end,
            "trend_uri": svg_data_uri(trend_svg(context["figures"], suppressed=True)),
            "made_on": context["today"],
        },
    )
    audit.record(
        by=request.user,
        type=AuditEvent.Type.EXPORTED,
        new={
            "report": "compliance",
            "format": "pdf",
            "suppressed": True,
            "at": timezone.localtime().isoformat(timespec="seconds"),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="selvrevision-{start:%Y%m%d}-{end:%Y%m%d}.pdf"'
    return response


__all__ = ["Item", "compliance", "compliance_cases", "compliance_pdf"]
